"""Records of inputs that could not be processed (or were processed with a caveat).

They go to the `errors` table and the end-of-run summary instead of stopping the run.
"""

from __future__ import annotations

from dataclasses import dataclass

# Stages, in the order an input goes through them.
STAGES = ("read", "decode", "extract", "store")


@dataclass(frozen=True)
class InputError:
    """One problem with one input: `severity` "error" means the input was not written,
    "warning" means it was written but something about it deserves a look."""

    source: str
    stage: str
    error_type: str
    message: str
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def line(self) -> str:
        return f"{self.severity}: {self.source}: {self.stage}/{self.error_type}: {self.message}"


class DatabaseUnavailable(Exception):
    """The database cannot be opened (held by another process, or not a DuckDB file): a one-line message."""
