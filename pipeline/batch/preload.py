"""Imported once by the forkserver before it forks the extraction workers: the models are
loaded here, once, and every worker starts with them already in (shared) memory."""

from pipeline.batch.runner import warm_up

warm_up()
