"""The one rule that maps an article to its gold and golden files, for evaluate, diff and goldens."""

from __future__ import annotations

from pathlib import PurePath


def article_key(source: str) -> str:
    """The file name of an article's source without its extensions: "corpus/c01_x.txt" -> "c01_x",
    "dump.zip!news/c02.html" -> "c02" (an archive member is named by its member path)."""
    name = PurePath(source.split("!")[-1]).name
    return name.split(".")[0] if not name.startswith(".") else name
