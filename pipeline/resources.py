"""Where the shipped data is: the rules, and the checkout when running from one.

`rules/` stays at the repository's top level, where people edit it; a wheel ships the
same files inside the package as `pipeline/_rules/` (setup.py maps one to the other).
Everything that needs a path to shipped data asks here, so a checkout (or an editable
install) and an installed package find the same files.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def repository_root() -> Path | None:
    """The checkout this code runs from (the source tree or an editable install), else None."""
    root = PACKAGE.parent
    if (root / "pyproject.toml").is_file() and (root / "rules").is_dir() and (root / "pipeline").is_dir():
        return root
    return None


def rules_dir(override: str | Path | None = None) -> Path:
    """`override` (the CLI's --rules DIR) if given, else the rules that came with the code:
    the checkout's rules/, or the copy inside an installed package."""
    if override is not None:
        return Path(override).resolve()
    root = repository_root()
    return root / "rules" if root is not None else PACKAGE / "_rules"


def default_database() -> Path:
    """outputs/facts.duckdb of the checkout when running from one, else of the working directory."""
    root = repository_root()
    return (root if root is not None else Path.cwd()) / "outputs" / "facts.duckdb"


def default_corpus() -> Path | None:
    """The corpus shipped with the checkout (corpus/articles/); None for an installed package."""
    root = repository_root()
    corpus = root / "corpus" / "articles" if root is not None else None
    return corpus if corpus is not None and corpus.is_dir() else None
