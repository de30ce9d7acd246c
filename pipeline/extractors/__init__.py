"""The extraction pipeline: one module per kind of fact, each a registered `Component`.

Adding a kind means one module here, one folder in rules/ and one line in COMPONENTS.
"""

from __future__ import annotations

from pipeline.extractors import counts, dates, money, officials, organizations, percents
from pipeline.extractors.registry import Component, in_dependency_order, run

COMPONENTS: list[Component] = in_dependency_order(
    [
        money.COMPONENT,
        counts.COMPONENT,
        organizations.COMPONENT,
        officials.COMPONENT,
        percents.COMPONENT,
        dates.COMPONENT,
    ]
)

__all__ = ["COMPONENTS", "Component", "run"]
