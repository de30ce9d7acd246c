"""Typed facts: one pydantic model per kind, shared by extractors, storage and evaluation."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo

Qualifier = Literal["exact", "approx", "over", "under", "range"]
# Field metadata read by the storage schema: a narrower SQL type, or a field that is not stored.
OFFSET = {"sql": "INTEGER"}
NOT_STORED = {"stored": False}


class Fact(BaseModel):
    """Provenance every fact carries: where it is in the normalized text and which rule found it.

    Each kind's model is its schema, declared once: the DuckDB tables, the Arrow and Parquet
    schemas, the fields `diff` compares and the review page's colour are derived from it."""

    model_config = ConfigDict(extra="forbid")
    colour: ClassVar[str] = "#dddddd"  # the review page's highlight for this kind

    text: str
    char_start: int = Field(ge=0, json_schema_extra=OFFSET)
    char_end: int = Field(ge=0, json_schema_extra=OFFSET)
    sentence: str = ""
    rule: str = ""


class Money(Fact):
    colour: ClassVar[str] = "#ffd166"
    kind: Literal["money"] = "money"
    amount_vnd: int = Field(gt=0)
    amount_max_vnd: int | None = None
    qualifier: Qualifier = "exact"
    per_unit: bool = False


class Count(Fact):
    colour: ClassVar[str] = "#8ecae6"
    kind: Literal["counts"] = "counts"
    value: int = Field(gt=0)
    unit: str
    qualifier: Qualifier = "exact"


class Official(Fact):
    colour: ClassVar[str] = "#f4a3c0"
    kind: Literal["officials"] = "officials"
    name: str
    title: str
    other_titles: list[str] = []
    organization: str | None = None  # the body the title is tied to, as written; None: no body
    organization_canonical: str | None = None  # that body's canonical name, as organizations resolve it


class Organization(Fact):
    colour: ClassVar[str] = "#b5e48c"
    kind: Literal["organizations"] = "organizations"
    name: str
    canonical: str
    surfaces: list[str] = Field(default=[], json_schema_extra=NOT_STORED)  # one row per mention: `name`


DateKind = Literal["date", "month", "year", "period", "term"]


class DateFact(Fact):
    """A time the article names (spec §6), resolved to inclusive ISO bounds; `kind` is the date's
    kind (its column in the `dates` table), None bounds when the article has no date to resolve it."""

    colour: ClassVar[str] = "#ffadad"
    kind: DateKind
    start: dt.date | None = None
    end: dt.date | None = None


class Percent(Fact):
    colour: ClassVar[str] = "#cdb4ff"
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
    dates: list[DateFact] = []

    def by_kind(self) -> dict[str, list[Fact]]:
        return {kind: list(getattr(self, kind)) for kind in FACT_KINDS}


def _listed_model(field: FieldInfo) -> type[Fact]:
    (model,) = get_args(field.annotation)
    return model


FACT_MODELS: dict[str, type[Fact]] = {
    name: _listed_model(field) for name, field in ArticleFacts.model_fields.items() if name != "article_id"
}
FACT_KINDS = tuple(FACT_MODELS)
SCORED_KINDS = ("money", "counts", "officials", "organizations")


class Article(BaseModel):
    """An input article after normalization; offsets of its facts index `text`."""

    article_id: str
    source: str
    title: str = ""
    text: str
    url: str | None = None
    date: str | None = None


def _is_kind_tag(name: str, field: FieldInfo) -> bool:
    """`kind: Literal["money"]` names the model's kind and is not stored; a `kind` with several
    values (a date's kind) is data."""
    return name == "kind" and len(get_args(field.annotation)) == 1


def _extra(field: FieldInfo) -> dict[str, Any]:
    return field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}


def stored_fields(model: type[Fact]) -> dict[str, FieldInfo]:
    """The stored columns of a kind, in table order: its own fields, then the provenance."""
    own = {
        name: field
        for name, field in model.model_fields.items()
        if name not in Fact.model_fields and not _is_kind_tag(name, field) and _extra(field).get("stored", True)
    }
    return {**own, **Fact.model_fields}


def value_fields(model: type[Fact]) -> tuple[str, ...]:
    """What a fact says, as `diff` and the goldens compare it: its text and its own fields."""
    return ("text", *(name for name in stored_fields(model) if name not in Fact.model_fields))


def sql_type_override(field: FieldInfo) -> str | None:
    return _extra(field).get("sql")
