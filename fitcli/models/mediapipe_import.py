"""Import mediapipe without dragging TensorFlow in.

mediapipe 0.10.21's ``tasks`` package tries ``from tensorflow.tools.docs import doc_controls``
(only for its API doc generator) and falls back to a no-op on ModuleNotFoundError. With
TensorFlow installed that import costs about 2 s and a large amount of memory for nothing, so
while mediapipe is imported ``tensorflow`` is masked (a ``None`` entry in ``sys.modules`` makes
Python raise ModuleNotFoundError), then unmasked. Nothing else of mediapipe uses TensorFlow.
"""

from __future__ import annotations

import sys
from types import ModuleType


def import_mediapipe() -> ModuleType:
    if "mediapipe" in sys.modules or "tensorflow" in sys.modules:
        import mediapipe

        return mediapipe
    sys.modules["tensorflow"] = None  # type: ignore[assignment]
    try:
        import mediapipe
    finally:
        if sys.modules.get("tensorflow", 0) is None:
            del sys.modules["tensorflow"]
    return mediapipe
