"""The typed lexicon: rules files validated on load, and extractors run with a lexicon of their own."""

from pathlib import Path

import pytest

from pipeline import extract
from pipeline import lexicon as lexicons
from pipeline.extractors import COMPONENTS
from pipeline.extractors.registry import Component, in_dependency_order
from pipeline.lexicon import DEFAULT_RULES_DIR, Lexicon, LexiconError
from pipeline.models import Money


def _tiny() -> dict:
    """A lexicon that knows one currency word, one scale and nothing else."""
    shipped = lexicons.default()
    data = {name: shipped.section(name).model_dump() for name in ("common/numbers", "common/clauses")}
    data["money/lexicon"] = {
        "currency_words": ["xu"],
        "context_words": ["giá"],
        "context_window": 10,
        "foreign_currencies": ["USD"],
        "per_unit_suffix_words": ["cái"],
        "per_unit_markers": ["mỗi"],
        "per_unit_after": ["mỗi cái"],
        "dong_not_currency_before": ["ân"],
        "dong_currency_despite": ["bằng"],
        "total_markers": ["tổng"],
    }
    return data


def test_an_extractor_runs_with_a_tiny_lexicon_of_its_own():
    from pipeline.extractors import money
    from pipeline.text.document import segment

    tiny = Lexicon(data=_tiny())
    doc = segment("Mua 3 cái, giá 5.000 xu, rồi trả 200.000 đồng.")
    facts = money.extract(doc, tiny)
    # "xu" is this lexicon's currency; "đồng", the shipped one, is unknown to it
    assert [(f.text, f.amount_vnd) for f in facts] == [("5.000 xu", 5000)]
    assert [f.amount_vnd for f in money.extract(doc, lexicons.default())] == [200000]


def _copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    for path in DEFAULT_RULES_DIR.rglob("*.yaml"):
        destination = target / path.relative_to(DEFAULT_RULES_DIR)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(path.read_bytes())
    return target


def test_an_unknown_key_fails_with_file_and_line(tmp_path):
    rules = _copy_rules(tmp_path)
    path = rules / "money" / "lexicon.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "currency_wrods: [xu]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError) as raised:
        Lexicon(rules).check()
    message = str(raised.value)
    assert message == f"{path}:4: currency_wrods: unknown key"
    assert "\n" not in message


def test_a_duplicate_word_fails_with_file_and_line(tmp_path):
    rules = _copy_rules(tmp_path)
    path = rules / "common" / "people.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("surnames: [Nguyễn, Trần,", "surnames: [Nguyễn, Trần, Nguyễn,", 1), encoding="utf-8")
    line = next(i for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "surnames:" in row)
    with pytest.raises(LexiconError, match=rf"^{path}:{line}: duplicate word 'Nguyễn'$"):
        Lexicon(rules).check()


def test_a_wrong_type_names_the_field(tmp_path):
    rules = _copy_rules(tmp_path)
    path = rules / "money" / "lexicon.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("context_window: 40", "context_window: many"))
    with pytest.raises(LexiconError, match=r"money/lexicon\.yaml:\d+: context_window: "):
        Lexicon(rules).check()


def test_a_name_split_at_its_comma_fails(tmp_path):
    # an unquoted "Văn hóa, Thể thao và Du lịch" in a YAML flow list is two items, the second a broken name
    rules = _copy_rules(tmp_path)
    path = rules / "organizations" / "lexicon.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"An toàn, vệ sinh lao động"', "An toàn, vệ sinh lao động", 1), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"organizations/lexicon\.yaml:\d+: name_phrases: .*vệ sinh lao động"):
        Lexicon(rules).check()


def test_every_shipped_rules_file_validates():
    Lexicon(DEFAULT_RULES_DIR).check()


def test_the_cli_reports_a_bad_rules_folder_in_one_line(tmp_path, capsys):
    from pipeline.cli import main

    rules = _copy_rules(tmp_path)
    path = rules / "counts" / "lexicon.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Công đoàn trao 2 suất quà.", encoding="utf-8")
    code = main(["extract", str(article), "--db", str(tmp_path / "f.duckdb"), "--rules", str(rules), "--quiet"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.count("\n") == 0 and "counts/lexicon.yaml" in err and "colour: unknown key" in err


def test_components_run_after_what_they_require():
    order = [c.kind for c in COMPONENTS]
    for component in COMPONENTS:
        assert all(order.index(kind) < order.index(component.kind) for kind in component.requires)
    lonely = Component(kind="links", model=Money, extract=lambda doc, lexicon: [], requires=("no-such-kind",))
    with pytest.raises(ValueError, match="require"):
        in_dependency_order([*COMPONENTS, lonely])


def test_the_api_takes_a_lexicon():
    facts = extract("Mua 3 cái, giá 5.000 xu.", lexicon=Lexicon(data=_tiny() | _rest_of_default()))
    assert [m.amount_vnd for m in facts.money] == [5000]


def _rest_of_default() -> dict:
    shipped = lexicons.default()
    names = [name for name in lexicons.SECTIONS if name not in ("money/lexicon", "common/numbers", "common/clauses")]
    return {name: shipped.raw(name)[0] for name in names}
