"""Pure pre/postprocessing: letterbox geometry, PoseNet single-pose decoding, TF.js graph patching."""

from __future__ import annotations

import numpy as np

from fitcli.models.letterbox import letterbox
from fitcli.models.posenet import decode_single_pose
from fitcli.models.tfjs import patch_graph


def test_letterbox_maps_points_back_to_the_image():
    img = np.zeros((300, 600, 3), np.uint8)
    img[100, 450] = 255
    square, box = letterbox(img, 192)
    assert square.shape == (192, 192, 3)
    ys, xs = np.nonzero(square[:, :, 0])
    x, y = box.to_image(np.array([xs.mean()]), np.array([ys.mean()]))
    assert abs(x[0] - 450) < 3 and abs(y[0] - 100) < 3
    # the tall side is padded: content is centred vertically
    assert box.pad_x == 0 and box.pad_y == (192 - 96) // 2


def test_posenet_decoding_uses_argmax_cell_stride_and_offsets():
    h = w = 25
    heat = np.full((h, w, 17), -10.0, np.float32)
    offsets = np.zeros((h, w, 34), np.float32)
    heat[3, 7, 0] = 2.0  # nose at row 3, col 7
    offsets[3, 7, 0] = 5.0  # y offset
    offsets[3, 7, 17] = -4.0  # x offset
    kp = decode_single_pose(heat, offsets, 16)
    assert kp.shape == (17, 3)
    assert kp[0, 0] == 7 * 16 - 4.0 and kp[0, 1] == 3 * 16 + 5.0
    assert abs(kp[0, 2] - 1 / (1 + np.exp(-2.0))) < 1e-6
    assert kp[1, 2] < 1e-4


def test_patch_graph_adds_targs_to_fused_convolutions_only():
    graph = {
        "modelTopology": {
            "node": [
                {"op": "_FusedConv2D", "attr": {"num_args": {"i": "2"}}},
                {"op": "FusedDepthwiseConv2dNative", "attr": {"num_args": {"i": "1"}}},
                {"op": "Const", "attr": {}},
            ]
        }
    }
    assert patch_graph(graph) == 2
    nodes = graph["modelTopology"]["node"]
    assert nodes[0]["attr"]["TArgs"] == {"list": {"type": ["DT_FLOAT", "DT_FLOAT"]}}
    assert nodes[1]["attr"]["TArgs"] == {"list": {"type": ["DT_FLOAT"]}}
    assert "TArgs" not in nodes[2]["attr"]
    assert patch_graph(graph) == 0  # idempotent


def test_patch_graph_gives_topk_its_index_type():
    # MoveNet MultiPose's TopKV2 ships without index_type: tf2onnx stops with KeyError: 'index_type'
    graph = {"modelTopology": {"node": [{"op": "TopKV2", "attr": {"T": {"type": "DT_FLOAT"}}}]}}
    assert patch_graph(graph) == 1
    assert graph["modelTopology"]["node"][0]["attr"]["index_type"] == {"type": "DT_INT32"}
    assert patch_graph(graph) == 0
