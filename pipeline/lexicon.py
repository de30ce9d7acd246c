"""The language knowledge in rules/ as one typed, validated `Lexicon`.

Each rules file has a pydantic model (`extra="forbid"`), declared beside the code that
reads it and registered here with `@section("money/lexicon")`. Loading a file rejects
an unknown key, a wrong type, a duplicate word in a list or a duplicate key, with a
one-line message naming the file and line. Adding a word is an edit of a YAML file,
never of Python.

One `Lexicon` is built per rules folder and passed to every component; what a
component compiles from it (regular expressions, sets) is cached on the lexicon with
`lexicon.derived(build)`, so a test can run an extractor with a tiny lexicon of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline import resources

DEFAULT_RULES_DIR = resources.rules_dir()  # the checkout's rules/, or the copy an installed package ships

S = TypeVar("S", bound="Section")
T = TypeVar("T")


class LexiconError(ValueError):
    """A rules file that cannot be used: the message is one line, `file:line: what`."""


class Section(BaseModel):
    """Base of every rules file's model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


SECTIONS: dict[str, type[Section]] = {}


def section(name: str) -> Callable[[type[S]], type[S]]:
    """Register the model of rules/<name>.yaml (so `Lexicon.check` validates every file)."""

    def register(model: type[S]) -> type[S]:
        SECTIONS[name] = model
        return model

    return register


# libyaml's loader where PyYAML was built with it: the same nodes and marks, several times faster
# (reading the rules was a second of every start-up and of every re-run).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path, shown: str) -> tuple[Any, yaml.Node | None]:
    """The file's data and its node tree (for line numbers); duplicate keys and words are errors."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise LexiconError(f"{shown}: cannot read: {error.strerror}") from None
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        _check_duplicates(node, shown)
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise LexiconError(f"{shown}:{line}: not valid YAML: {getattr(error, 'problem', error)}") from None
    finally:
        loader.dispose()
    return data, node


def _check_duplicates(node: yaml.Node | None, shown: str) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise LexiconError(f"{shown}:{key.start_mark.line + 1}: duplicate key {key.value!r}")
                seen.add(key.value)
            _check_duplicates(value, shown)
    elif isinstance(node, yaml.SequenceNode):
        words: set[str] = set()
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):
                if item.value in words:
                    raise LexiconError(f"{shown}:{item.start_mark.line + 1}: duplicate word {item.value!r}")
                words.add(item.value)
            else:
                _check_duplicates(item, shown)


def _line_of(node: yaml.Node | None, location: tuple[int | str, ...]) -> int:
    """The line of the YAML node a pydantic error location points at (the deepest one found)."""
    line = node.start_mark.line + 1 if node is not None else 1
    for step in location:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == step), None)
            if match is None:
                break
            line = match[0].start_mark.line + 1
            node = match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


class Lexicon:
    """The rules of one folder (or given directly as data, for tests), loaded and validated once."""

    def __init__(self, root: Path | str = DEFAULT_RULES_DIR, data: dict[str, dict] | None = None) -> None:
        self.root = Path(root)
        self._data = data  # name -> raw data: a lexicon that never reads files
        self._sections: dict[str, Section] = {}
        self._raw: dict[str, Any] = {}
        self._derived: dict[Callable, Any] = {}

    def _shown(self, name: str) -> str:
        return f"rules/{name}.yaml" if self._data is not None else str(self.root / f"{name}.yaml")

    def raw(self, name: str) -> tuple[Any, yaml.Node | None]:
        if self._data is not None:
            if name not in self._data:
                raise LexiconError(f"{self._shown(name)}:1: not in this lexicon")
            return self._data[name], None
        return _read_yaml(self.root / f"{name}.yaml", self._shown(name))

    def section(self, name: str, model: type[S] | None = None) -> S:
        """rules/<name>.yaml validated by its model (the registered one unless given)."""
        if name not in self._sections:
            model = model or SECTIONS[name]
            data, node = self.raw(name)
            try:
                self._sections[name] = model.model_validate(data or {})
            except ValidationError as error:
                first = error.errors()[0]
                where = _line_of(node, tuple(first["loc"]))
                field = ".".join(str(part) for part in first["loc"])
                what = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
                raise LexiconError(f"{self._shown(name)}:{where}: {field}: {what}") from None
        return self._sections[name]  # type: ignore[return-value]

    def derived(self, build: Callable[[Lexicon], T]) -> T:
        """What `build` compiles from this lexicon, computed once per lexicon."""
        if build not in self._derived:
            self._derived[build] = build(self)
        return self._derived[build]

    def check(self) -> None:
        """Validate every registered rules file now (LexiconError on the first bad one)."""
        for name in sorted(SECTIONS):
            if self._data is None or name in self._data:
                self.section(name)

    def fingerprint(self) -> str:
        """A hash of every rule file: part of the pipeline version stored with each article."""
        digest = hashlib.sha256()
        if self._data is not None:
            digest.update(repr(sorted(self._data.items())).encode())
            return digest.hexdigest()[:12]
        for path in sorted(self.root.rglob("*.yaml")):
            # Examples, report groupings and the archive's bodies rules do not change what is
            # extracted (the archive pass keeps its own fingerprint of rules/bodies).
            if path.name == "examples.yaml" or path.relative_to(self.root).parts[0] in ("report", "bodies"):
                continue
            digest.update(path.relative_to(self.root).as_posix().encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()[:12]


@cache
def load(root: Path | str = DEFAULT_RULES_DIR) -> Lexicon:
    """The lexicon of a rules folder, one per process and folder."""
    return Lexicon(Path(root).resolve())


def default() -> Lexicon:
    return load(DEFAULT_RULES_DIR)
