"""Pose models: one backend class per model, a registry of names, and the model store."""

from fitcli.models.registry import MODELS, PoseBackend, default_model_name, load_backend

__all__ = ["MODELS", "PoseBackend", "default_model_name", "load_backend"]
