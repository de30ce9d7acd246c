"""Display words of the review page and the report (rules/report/labels.yaml)."""

from __future__ import annotations

from pipeline import lexicon as lexicons
from pipeline.lexicon import Section, section


@section("report/labels")
class Labels(Section):
    currency: str
    million_axis: str
    billion_axis: str


def labels() -> Labels:
    return lexicons.default().section("report/labels", Labels)
