"""Batch runs: the process-pool runner, the Dask engine and the DuckDB store."""
