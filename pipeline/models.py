"""Typed facts: one pydantic model per kind, shared by extractors, storage and evaluation."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Qualifier = Literal["exact", "approx", "over", "under", "range"]


class Fact(BaseModel):
    """Provenance every fact carries: where it is in the normalized text and which rule found it."""

    model_config = ConfigDict(extra="forbid")

    text: str
    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    sentence: str = ""
    rule: str = ""


class Money(Fact):
    kind: Literal["money"] = "money"
    amount_vnd: int = Field(gt=0)
    amount_max_vnd: int | None = None
    qualifier: Qualifier = "exact"
    per_unit: bool = False


class Count(Fact):
    kind: Literal["counts"] = "counts"
    value: int = Field(gt=0)
    unit: str
    qualifier: Qualifier = "exact"


class Official(Fact):
    kind: Literal["officials"] = "officials"
    name: str
    title: str
    other_titles: list[str] = []
    organization: str = ""


class Organization(Fact):
    kind: Literal["organizations"] = "organizations"
    name: str
    canonical: str
    surfaces: list[str] = []


class Percent(Fact):
    kind: Literal["percents"] = "percents"
    value: float
    of: str = ""


class ArticleFacts(BaseModel):
    """Everything extracted from one article, in text order within each kind."""

    article_id: str
    money: list[Money] = []
    counts: list[Count] = []
    officials: list[Official] = []
    organizations: list[Organization] = []
    percents: list[Percent] = []

    def by_kind(self) -> dict[str, list[Fact]]:
        return {kind: list(getattr(self, kind)) for kind in FACT_KINDS}


FACT_KINDS = ("money", "counts", "officials", "organizations", "percents")
SCORED_KINDS = ("money", "counts", "officials", "organizations")


class Article(BaseModel):
    """An input article after normalization; offsets of its facts index `text`."""

    article_id: str
    source: str
    title: str = ""
    text: str
    url: str | None = None
    date: str | None = None
