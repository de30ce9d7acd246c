"""Alternative execution engines for `extract` (the local process-pool engine lives in pipeline.runner)."""
