"""Components: one per kind of fact, registered by name with the kinds they read.

Like a spaCy pipeline: each component reads one `Document` and the results of the
components it `requires`, and returns its own facts, which `run` stores on the
document for the components after it. No component calls another.

A component may instead `update` an earlier kind: it returns that kind's facts with
more fields filled (links fill money's giver, recipients, purpose and date), and
`run` stores them under both names, so later components and the article read them.
`after` names kinds it reads when they are registered (links read dates), without
requiring them.
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
    updates: str | None = None  # the earlier kind whose facts this component returns, refined
    after: tuple[str, ...] = ()  # kinds to run after when registered, not required


def in_dependency_order(components: Iterable[Component]) -> list[Component]:
    """Components ordered so that each runs after those it requires (stable otherwise)."""
    pending = {component.kind: component for component in components}
    registered = set(pending)
    ordered: list[Component] = []
    done: set[str] = set()
    while pending:
        ready = [
            c
            for c in pending.values()
            if all(kind in done for kind in c.requires) and all(kind in done for kind in c.after if kind in registered)
        ]
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
        facts = component.extract(doc, lexicon)
        doc.facts[component.kind] = facts
        if component.updates:
            if component.updates not in component.requires:
                raise ValueError(f"{component.kind} updates {component.updates} without requiring it")
            doc.facts[component.updates] = facts
    return doc
