"""Components: one per kind of fact, registered by name with the kinds they read.

Like a spaCy pipeline: each component reads one `Document` and the results of the
components it `requires`, and returns its own facts, which `run` stores on the
document for the components after it. No component calls another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pipeline.lexicon import Lexicon
from pipeline.models import Fact
from pipeline.text.document import Document


@dataclass(frozen=True)
class Component:
    kind: str
    model: type[Fact]
    extract: Callable[[Document, Lexicon], list]
    requires: tuple[str, ...] = ()


def in_dependency_order(components: Iterable[Component]) -> list[Component]:
    """Components ordered so that each runs after those it requires (stable otherwise)."""
    pending = {component.kind: component for component in components}
    ordered: list[Component] = []
    done: set[str] = set()
    while pending:
        ready = [c for c in pending.values() if all(kind in done for kind in c.requires)]
        if not ready:
            missing = {kind for c in pending.values() for kind in c.requires if kind not in done}
            raise ValueError(f"components {sorted(pending)} require {sorted(missing)}: missing or circular")
        for component in ready:
            ordered.append(component)
            done.add(component.kind)
            del pending[component.kind]
    return ordered


def run(components: list[Component], doc: Document, lexicon: Lexicon) -> Document:
    """Run the components (already in dependency order) over `doc`, storing each kind's facts on it."""
    for component in components:
        doc.facts[component.kind] = component.extract(doc, lexicon)
    return doc
