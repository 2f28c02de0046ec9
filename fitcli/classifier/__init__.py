"""Pose classification: labelled keypoint datasets, features, a small trainable network and inference.

- ``dataset``: the dataset CSV (one labelled keypoint row per line), reading, validating, appending.
- ``collect``: rows from videos or cameras, one every interval when every keypoint is found.
- ``features``: keypoints centred on the hips and scaled by torso size, plus joint angles.
- ``stats``: rows per label and source, and rows that look mislabelled (k nearest neighbours).
- ``train``: a Keras network, split by source video, metrics and an ONNX copy (TensorFlow inside).
- ``infer``: ``PoseClassifier`` (onnxruntime, no TensorFlow), smoothing over time, segments.
- ``counter``: ``ClassRepCounter``, a rep on each enter/exit of a "down" class, with hysteresis.
"""
