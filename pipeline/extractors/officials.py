"""Officials: a named person together with a position (spec §3).

Two shapes cover the genre:
- name first: `[honorific] Name [(áo xanh)] SEP title-chain` where SEP is - – — , :
  ("đồng chí Vũ Thị Kim Quỳnh – Thành ủy viên- Chủ tịch LĐLĐ thành phố");
- title first: `title organization [,] [honorific] Name` ("Phó Chủ tịch LĐLĐ tỉnh
  Trần Văn Bình cho biết").
A title chain is one or more posts separated by commas or dashes; the post tied to
a non-party organization is `title`, the others go to `other_titles`. Honorifics are
never part of the name; a person mentioned twice is one official.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from pipeline import rules
from pipeline.extractors.organizations import is_party_body, organization_at
from pipeline.models import Official
from pipeline.text.normalize import fold
from pipeline.text.segment import Document

LEXICON = "officials/lexicon"
_SYLLABLE = r"\p{Lu}[\p{Ll}\p{M}'’]*(?:['’]\p{Lu}[\p{Ll}\p{M}]*)?"
_NAME = rf"{_SYLLABLE}(?:[ ]{_SYLLABLE}){{1,5}}"
_APOSTROPHE = regex.compile(r"['’]")
_NEXT_WORD = regex.compile(r" ((?:\p{Lu}|\p{Ll})[\p{L}\p{M}]*)")
_MEMBERSHIP_TAIL = regex.compile(r"(?: [\p{L}\p{M}&.]+){0,8}?(?=\s*(?:[,;:\-–—(\n]|\s+và\s|$))")
_CHAIN_SEPARATOR = regex.compile(r"\s*[,\-–—]\s*")
_COMMA = regex.compile(r"\s*,")


@dataclass
class TitleItem:
    start: int
    end: int
    title: str
    organization: str
    membership: bool

    @property
    def text(self) -> str:
        return f"{self.title} {self.organization}".strip()


def _with_lower(items: list[str]) -> list[str]:
    return items + [item[0].lower() + item[1:] for item in items]


@cache
def _lex() -> dict:
    lex = rules.load(LEXICON)
    honorific = rules.alternation(lex["honorifics"])
    return {
        "title_re": regex.compile(
            rf"(?<![\p{{L}}\p{{M}}])(?:(?:{rules.alternation(lex['title_prefixes'])})\s+)?"
            rf"(?:{rules.alternation_first_letter_exact(_with_lower(lex['titles']))})(?![\p{{L}}\p{{M}}])"
        ),
        "membership_re": regex.compile(
            rf"(?<![\p{{L}}\p{{M}}])(?:{rules.alternation(lex['membership_titles'])})(?![\p{{L}}\p{{M}}])"
        ),
        "department_re": regex.compile(
            rf"(?:(?:{rules.alternation(lex['title_prefixes'])})\s+)?"
            rf"(?:{rules.alternation_first_letter_exact(_with_lower(lex['titles_with_department']))})$"
        ),
        "name_before": regex.compile(
            rf"(?:(?P<honorific>{honorific})\s+)?(?P<name>{_NAME})\s*(?:\([^()\n]{{1,40}}\)\s*)?[-–—,:]\s*$"
        ),
        "name_connector": regex.compile(
            rf"(?:(?P<honorific>{honorific})\s+)?(?P<name>{_NAME})\s*(?:\([^()\n]{{1,40}}\)\s*)?"
            rf"(?:,[^,;.\n]{{1,40}},\s*)?(?:{rules.alternation(lex['name_title_connectors'])})\s+$"
        ),
        "post_re": regex.compile(
            rf"(?<![\p{{L}}\p{{M}}])(?:(?:{rules.alternation(lex['title_prefixes'])})\s+)?"
            rf"(?:{rules.alternation_first_letter_exact(_with_lower(lex['titles']))}"
            rf"|{rules.alternation(lex['membership_titles'])})(?![\p{{L}}\p{{M}}])"
        ),
        # a name at the start of a line, or after "Tác giả:", "Bài:", "Tin, ảnh:": a byline
        "byline_start": regex.compile(
            rf"(?:^|\n|(?:{rules.alternation(lex['byline_labels'])})\s*:\s*)$", regex.REVERSE
        ),
        "co_holder": regex.compile(rf"(?:(?P<honorific>{honorific})\s+)?(?P<name>{_NAME})\s*(?:,|\s+và)\s+$"),
        "name_after": regex.compile(
            rf"\s*,?\s*(?:(?P<honorific>{honorific})\s+)?(?P<name>{_NAME})(?![\p{{L}}\p{{M}}])"
        ),
        "surnames": set(lex["surnames"]),
        "middle_names": set(lex["middle_names"]),
        "name_starts": set(lex["name_starts"]) | set(lex["surnames"]),
        "long_not_names": [name for name in lex["not_names"] if " " in name],
        "not_names": set(lex["not_names"]),
    }


def _department(text: str, pos: int) -> int:
    """'Trưởng ban Nữ công', 'Chủ nhiệm Ủy ban Kiểm tra': capitalized words before the organization."""
    end = pos
    cursor = pos
    for _ in range(5):
        word = _NEXT_WORD.match(text, cursor)
        if not word or organization_at(text, cursor + 1):
            break
        if not word.group(1)[0].isupper() and end == pos:
            break
        if not word.group(1)[0].isupper():
            # lower-case syllables finish a capitalized word ("Nữ công", "Kiểm tra")
            if word.group(1) in {"của", "và", "tại", "cho", "với", "phát", "đã"}:
                break
        cursor = word.end()
        end = cursor
    return end


def _title_item(text: str, pos: int) -> TitleItem | None:
    lex = _lex()
    membership = lex["membership_re"].match(text, pos)
    title = lex["title_re"].match(text, pos)
    if membership and (not title or membership.end() >= title.end()):
        # "Ủy viên BCH Tổng LĐLĐ Việt Nam", "Thành ủy viên": runs to the next separator.
        end = membership.end()
        tail = _MEMBERSHIP_TAIL.match(text, end)
        end = tail.end() if tail else end
        return TitleItem(pos, end, text[pos:end].strip(), "", membership=True)
    if not title:
        return None
    end = title.end()
    if lex["department_re"].match(title.group()):
        end = _department(text, end)
    title_text = text[pos:end]
    organization = ""
    org_start = end + 1 if text.startswith(" ", end) else None
    if org_start:
        org = organization_at(text, org_start)
        if org:
            organization = org.text
            end = org.end
    return TitleItem(pos, end, title_text, organization, membership=False)


def _title_chain(text: str, pos: int) -> list[TitleItem]:
    items: list[TitleItem] = []
    while True:
        item = _title_item(text, pos)
        if not item:
            break
        items.append(item)
        separator = _CHAIN_SEPARATOR.match(text, item.end)
        if not separator:
            break
        pos = separator.end()
    return items


def _clean_name(name: str, has_honorific: bool) -> str | None:
    """Drop leading capitalized words that are not part of the name ("Theo Nguyễn Văn A")."""
    lex = _lex()
    syllables = name.split()
    if not has_honorific:
        # "Theo Nguyễn Văn A" -> "Nguyễn Văn A"; "Tao Văn Thắng" stays (a middle name follows)
        while syllables and syllables[0] not in lex["name_starts"] and not _APOSTROPHE.search(syllables[0]):
            if len(syllables) >= 3 and syllables[1] in lex["middle_names"]:
                break
            syllables = syllables[1:]
    if not 2 <= len(syllables) <= 5:
        return None
    cleaned = " ".join(syllables)
    if cleaned in lex["not_names"] or any(word in lex["not_names"] for word in syllables):
        return None
    if any(phrase in cleaned for phrase in lex["long_not_names"]):
        return None  # "Công Thương Việt Nam": a body's name, not a person
    if any(len(word) > 1 and word.isupper() for word in syllables):
        return None  # "HOÀI NAM": an all-caps byline, or an abbreviation
    return cleaned


def _looks_like_name(name: str) -> bool:
    syllables = name.split()
    return (
        syllables[0] in _lex()["name_starts"]
        or bool(_APOSTROPHE.search(syllables[0]))
        or (len(syllables) >= 3 and syllables[1] in _lex()["middle_names"])
    )


def _choose(items: list[TitleItem]) -> tuple[TitleItem, list[TitleItem]]:
    """The post tied to a non-party body is the title; party posts and memberships are other titles."""
    ranked = sorted(
        range(len(items)),
        key=lambda i: (
            items[i].membership,
            not items[i].organization,
            is_party_body(items[i].organization),
            i,
        ),
    )
    main = items[ranked[0]]
    return main, [item for item in items if item is not main]


def _name_before(text: str, title_start: int) -> list[tuple[str, int, str]]:
    """People named right before a title chain: (name, start, rule). "NAME - Chủ tịch ...",
    "NAME được bầu giữ chức Chủ tịch ...", and co-holders "X và Y được bầu giữ chức Phó Chủ tịch"."""
    lex = _lex()
    base = max(0, title_start - 90)
    window = text[base:title_start]
    match = lex["name_before"].search(window)
    rule = "officials.name_then_title"
    if not match:
        match = lex["name_connector"].search(window)
        rule = "officials.name_elected_as"
    if not match:
        return []
    byline = bool(
        lex["byline_start"].search(text[max(0, base + match.start("name") - 30) : base + match.start("name")])
    )
    # A byline's name may be a pen name without a surname ("Trúc Ly - Trưởng ban Tuyên giáo ...").
    name = _clean_name(match.group("name"), bool(match.group("honorific")) or byline)
    if not name:
        return []
    people = [(name, text.find(name, base + match.start("name")), rule)]
    if rule == "officials.name_elected_as":
        # "các đồng chí X, Y và Z được bầu giữ chức Phó Chủ tịch": every name of the list
        first = base + match.start("name")
        while co_holder := lex["co_holder"].search(text[max(0, first - 60) : first]):
            other = _clean_name(co_holder.group("name"), bool(co_holder.group("honorific")))
            if not other or not _looks_like_name(other):
                break
            first = max(0, first - 60) + co_holder.start("name")
            people.insert(0, (other, text.find(other, first), rule))
            if co_holder.group("honorific"):
                break
    return people


def _name_after(text: str, chain: list[TitleItem]) -> list[tuple[str, int, str]]:
    """ "Phó Chủ tịch LĐLĐ tỉnh Trần Văn Bình", "Chủ tịch LĐLĐ tỉnh, ông X", "Phó Chủ tịch Trần Thị Bích"."""
    lex = _lex()
    chain_end = chain[-1].end
    after = lex["name_after"].match(text, chain_end)
    if not after:
        return []
    name = _clean_name(after.group("name"), bool(after.group("honorific")))
    if not name:
        return []
    honorific = bool(after.group("honorific"))
    if not honorific and not _looks_like_name(name):
        return []
    direct = not chain[-1].organization and not _COMMA.match(text, chain_end)
    if direct and not honorific and len(name.split()) < 3:
        return []  # a bare post then two capitalized words is too weak
    return [(name, text.find(name, chain_end), "officials.title_then_name")]


def extract(doc: Document) -> list[Official]:
    text = doc.text
    lex = _lex()
    officials: dict[str, Official] = {}
    consumed_until = 0
    for title in lex["post_re"].finditer(text):
        if title.start() < consumed_until:
            continue
        chain = _title_chain(text, title.start())
        if not chain:
            continue
        consumed_until = chain[-1].end
        people = _name_before(text, title.start()) or _name_after(text, chain)
        main, others = _choose(chain)
        for name, name_at, rule in people:
            key = fold(name)
            if key in officials and officials[key].organization:
                continue  # the same person again: the first titled mention stands
            start = min(name_at, title.start())
            end = max(chain[-1].end, name_at + len(name))
            officials[key] = Official(
                text=text[start:end],
                char_start=start,
                char_end=end,
                sentence=doc.sentence_at(start).text,
                rule=rule,
                name=name,
                title=main.title,
                organization=main.organization,
                other_titles=[item.text for item in others],
            )
    return sorted(officials.values(), key=lambda o: o.char_start)
