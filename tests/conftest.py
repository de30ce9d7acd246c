import sys
from pathlib import Path

# tests/archive_fixtures.py is imported as a plain module by the ingest, runner and dask tests
sys.path.insert(0, str(Path(__file__).resolve().parent))
