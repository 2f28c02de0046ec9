"""Sources of frames, the frame loop and sinks (exporters, annotated video, live window)."""
