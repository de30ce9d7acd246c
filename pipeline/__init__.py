"""Facts from Vietnamese trade-union news: money, counts, officials, organizations.

>>> from pipeline import extract
>>> extract(text).money  # list of pipeline.models.Money
>>> pipeline.connect("outputs/facts.duckdb").sql("SELECT * FROM money").df()  # needs [dataframe]
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

    from pipeline.api import extract
    from pipeline.models import ArticleFacts, Count, Money, Official, Organization, Percent

__version__ = "0.1.0"
__all__ = [
    "extract",
    "connect",
    "ArticleFacts",
    "Money",
    "Count",
    "Official",
    "Organization",
    "Percent",
    "__version__",
]

# Imported on first use, not here: `import pipeline` (the CLI, its --help) need not pay for
# loading underthesea, spaCy and the extractors.
_LAZY = {
    "extract": "pipeline.api",
    **{name: "pipeline.models" for name in ["ArticleFacts", "Count", "Money", "Official", "Organization", "Percent"]},
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


def connect(db: str | Path | None = None, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to a facts database (default: outputs/facts.duckdb), read-only unless asked.

    >>> pipeline.connect("outputs/facts.duckdb").sql("SELECT * FROM money").df()     # pandas
    >>> pipeline.connect("outputs/facts.duckdb").sql("SELECT * FROM money").pl()     # polars
    Raises pipeline.errors.DatabaseUnavailable when the file is missing, not a database or in use.
    """
    from pipeline import resources
    from pipeline.batch import store

    return store.connect(resources.default_database() if db is None else db, read_only=read_only)
