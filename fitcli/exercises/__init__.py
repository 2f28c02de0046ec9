"""Signals from keypoints, smoothing, one counter per exercise, and the exercise catalogue."""
