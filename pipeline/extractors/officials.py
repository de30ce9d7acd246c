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

from bisect import bisect_left
from dataclasses import dataclass

import regex

from pipeline.extractors.organizations import REFERENCES, OrgMatch
from pipeline.extractors.registry import Component
from pipeline.lexicon import Lexicon, Section, section
from pipeline.models import Official
from pipeline.text.clauses import clauses
from pipeline.text.document import Document
from pipeline.text.gazetteers import admin_units, body_words, people, places, province_names
from pipeline.text.normalize import fold
from pipeline.text.patterns import NO_LETTER_AFTER, NO_LETTER_BEFORE, alternation, alternation_first_letter_exact
from pipeline.text.patterns import with_lower_first as _with_lower
from pipeline.text.spans import Covering

# "Park Sung-min": a foreign given name's syllables joined by a hyphen (a separator " - " has spaces)
_SYLLABLE = r"\p{Lu}[\p{Ll}\p{M}'’]*(?:['’]\p{Lu}[\p{Ll}\p{M}]*)?(?:-\p{Ll}+)?"
_NAME = rf"{_SYLLABLE}(?:[ ]{_SYLLABLE}){{1,5}}"
_APOSTROPHE = regex.compile(r"['’]")
_NEXT_WORD = regex.compile(r" ((?:\p{Lu}|\p{Ll})[\p{L}\p{M}]*)")
_CHAIN_SEPARATOR = regex.compile(r"\s*[,\-–—]\s*")
_MEMBERSHIP_WORDS = 8
_TAIL_UNIT = regex.compile(r" [\p{L}\p{M}&.]+")
_ABBREVIATION_THEN_SEPARATOR = regex.compile(r" (\p{Lu}[\p{Lu}\d&]+)(?=\s*[,;\-–—])")
_BYLINE_LINE = 160  # characters: a byline line with its titles is shorter than a sentence of news
_COMMA = regex.compile(r"\s*,")
# How far a separator between two posts may reach. `match` is bounded by it because the regex module, for a
# pattern that opens with a repeat and then needs a literal ("\s+kiêm\s+"), first looks for the literal in the
# whole rest of the text: unbounded, every post of a dense article scanned to its end (quadratic time).
_SEPARATOR_REACH = 200
_TAIL_WORD = regex.compile(r" (\p{Ll}[\p{L}\p{M}]*)")


@section("officials/lexicon")
class OfficialsLexicon(Section):
    titles_with_department: tuple[str, ...]
    title_prefixes: tuple[str, ...]
    membership_titles: tuple[str, ...]
    membership_qualifiers: tuple[str, ...] = ()
    name_title_connectors: tuple[str, ...]
    byline_labels: tuple[str, ...]
    department_stop_words: tuple[str, ...]
    former_prefixes: tuple[str, ...]
    passive_markers: tuple[str, ...]
    trust_words: tuple[str, ...]
    election_verbs: tuple[str, ...]
    post_introducers: tuple[str, ...]
    posts_alone: tuple[str, ...]
    post_joiners: tuple[str, ...]


@dataclass
class TitleItem:
    start: int
    end: int
    title: str
    organization: str
    membership: bool
    party: bool = False
    union: bool = False
    canonical: str | None = None
    former: bool = False
    written: str = ""  # a membership as written, its term and all ("... Việt Nam khóa XIII"), for other_titles

    @property
    def text(self) -> str:
        return self.written or f"{self.title} {self.organization}".strip()


def _compile(lexicon: Lexicon) -> dict:
    lex = lexicon.section("officials/lexicon", OfficialsLexicon)
    person = people(lexicon)
    honorific = alternation(person.honorifics)
    prefix = alternation(lex.title_prefixes)
    titles = alternation_first_letter_exact(_with_lower(person.titles)) + f"|{alternation(person.title_abbreviations)}"
    membership = alternation(lex.membership_titles)
    and_word = alternation(clauses(lexicon).and_words)
    # the connectors of more than one word also end a membership's tail and go on to the next post of a chain
    chain_connectors = alternation([c for c in lex.name_title_connectors if " " in c])
    # "được Ban Chấp hành tín nhiệm, bầu vào cương vị", "tiếp tục được tín nhiệm giữ chức": the passive election,
    # from its parts (trust alone needs a post introducer)
    trust, voted = alternation(lex.trust_words), alternation(lex.election_verbs)
    introducer = alternation(lex.post_introducers)
    elected = (
        rf"(?:{alternation(lex.passive_markers)})\s+(?:[\p{{L}}\p{{M}}]+\s+){{0,4}}?"
        rf"(?:(?:(?:{trust})\s*,?\s*)?(?:{voted})(?:\s+(?:{introducer}))?|(?:{trust})\s+(?:{introducer}))"
    )
    return {
        "title_re": regex.compile(rf"{NO_LETTER_BEFORE}(?:(?:{prefix})\s+)?(?:{titles}){NO_LETTER_AFTER}"),
        "membership_re": regex.compile(rf"{NO_LETTER_BEFORE}(?:{membership}){NO_LETTER_AFTER}"),
        "membership_qualifier": regex.compile(rf" (?:{alternation(lex.membership_qualifiers)}){NO_LETTER_AFTER}"),
        # a membership runs to the next separator: "Ủy viên BCH Tổng LĐLĐ Việt Nam"
        "membership_tail": regex.compile(
            rf"(?=\s*(?:[,;:\-–—(\n]|\s+(?:{and_word})\s|$)"
            rf"|\s+(?:{chain_connectors})\s)"
        ),
        "department_re": regex.compile(
            rf"(?:(?:{prefix})\s+)?(?:{alternation_first_letter_exact(_with_lower(lex.titles_with_department))})$"
        ),
        "department_stop": set(lex.department_stop_words),
        "former": set(lex.former_prefixes),
        "title_abbreviations": dict(person.title_abbreviations),
        "department_names": regex.compile(
            rf" (?:{alternation_first_letter_exact(_with_lower(body_words(lexicon).departments))}){NO_LETTER_AFTER}"
        ),
        "phrase_stop": clauses(lexicon).stop_words,
        "name_before": regex.compile(
            rf"(?:(?P<honorific>{honorific})\s+)?(?P<name>{_NAME})\s*(?:\([^()\n]{{1,40}}\)\s*)?[-–—,:]\s*$"
        ),
        "name_connector": regex.compile(
            rf"(?:(?P<honorific>{honorific})\s+)?(?P<name>{_NAME})\s*(?:\([^()\n]{{1,40}}\)\s*)?"
            rf"(?:,[^,;.\n]{{1,40}},\s*)?(?:{alternation(lex.name_title_connectors)}|{elected})\s+$"
        ),
        # "Bà X, Ủy viên Ban Thường vụ LĐLĐ tỉnh được giao giữ chức Chủ tịch Công đoàn phường": a connector of
        # more than one word after a post goes on to the post the person now takes
        "chain_connector": regex.compile(rf"\s+(?:{chain_connectors})\s+"),
        "connector_after_comma": regex.compile(rf"(?:{chain_connectors})\s+"),
        # "Phó Chủ tịch LĐLĐ tỉnh kiêm Trưởng ban ...": two posts held at once, read as a comma between them
        "post_joiner": regex.compile(rf"\s+(?:{alternation(lex.post_joiners)})\s+"),
        "post_re": regex.compile(rf"{NO_LETTER_BEFORE}(?:(?:{prefix})\s+)?(?:{titles}|{membership}){NO_LETTER_AFTER}"),
        # a name at the start of a line, or after "Tác giả:", "Bài:", "Tin, ảnh:": a byline
        "byline_start": regex.compile(
            rf"(?:^|\n|(?:{alternation(lex.byline_labels, 'backward')})\s*:\s*)$", regex.REVERSE
        ),
        "and_before": regex.compile(rf"\s(?:{and_word})\s+$"),
        "co_holder": regex.compile(
            rf"(?:(?P<honorific>{honorific})\s+)?(?P<name>{_NAME})\s*(?:,|\s+(?:{and_word}))\s+$"
        ),
        # "Chủ tịch Công đoàn phường Phú Thủy (tỉnh Lâm Đồng) Thái Ngọc Sơn": a parenthesis on the body may come first
        "name_after": regex.compile(
            rf"(?:\s*\([^()\n]{{1,40}}\))?\s*,?\s*(?:(?P<honorific>{honorific})\s+)?(?P<name>{_NAME}){NO_LETTER_AFTER}"
        ),
        "posts_alone": set(lex.posts_alone),
        # "Thay mặt LĐLĐ tỉnh, Phó Chủ tịch X", "thay mặt Công đoàn Y, bà X, Phó Chủ tịch, trao": the body's post
        "on_behalf": clauses(lexicon).on_behalf,
        "acting_gap": regex.compile(rf"\s*,\s*(?:(?:{honorific})\s+)?"),
        "surnames": set(person.surnames),
        "middle_names": set(person.middle_names),
        "name_starts": set(person.name_starts) | set(person.surnames),
        "long_not_names": [name for name in person.not_names if " " in name],
        "not_names": set(person.not_names),
        # "Bí thư Tỉnh ủy Hưng Yên": a province's name after a post is the body's place, no person
        "provinces": set(province_names(lexicon)),
        # "Tại xã Sơn Dương, Phó Chủ tịch ...": a unit of that level's name after a level word is a place, no person
        "level_before": regex.compile(
            rf"{NO_LETTER_BEFORE}(?P<level>{alternation(places(lexicon).levels, 'backward')})\s+$", regex.REVERSE
        ),
        "levels": places(lexicon).levels,
        "memorial_before": regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation(person.memorial_places, 'backward')})\s+$", regex.REVERSE
        ),
    }


def _choose(items: list[TitleItem]) -> tuple[TitleItem, list[TitleItem]]:
    """The post tied to a body is the title, a union body's first, then a state body's; party posts,
    memberships and former posts ("nguyên Chủ tịch") are other titles."""
    ranked = sorted(
        range(len(items)),
        key=lambda i: (
            items[i].former,
            items[i].membership,
            not items[i].organization,
            items[i].party,
            not items[i].union,
            i,
        ),
    )
    main = items[ranked[0]]
    return main, [item for item in items if item is not main]


class OfficialsGrammar:
    """The grammar compiled from one lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = _compile(lexicon)

    def _department(self, text: str, pos: int, bodies: dict[int, OrgMatch]) -> int:
        """'Trưởng ban Nữ công', 'Chủ nhiệm Ủy ban Kiểm tra': capitalized words before the organization."""
        known = self.lex["department_names"].match(text, pos)
        if known:  # a department of the union's structure, taken whole ("Chính sách pháp luật và Quan hệ lao động")
            return known.end()
        end = pos
        cursor = pos
        for _ in range(5):
            word = _NEXT_WORD.match(text, cursor)
            if not word or (cursor + 1) in bodies:
                break
            if not word.group(1)[0].isupper() and end == pos:
                break
            # lower-case syllables finish a capitalized word ("Nữ công", "Kiểm tra"), but not a clause word
            if not word.group(1)[0].isupper() and word.group(1) in self.lex["department_stop"]:
                break
            cursor = word.end()
            end = cursor
        return end

    def _membership_end(self, text: str, end: int, bodies: dict[int, OrgMatch]) -> int:
        """Where a membership's tail ends: at the next separator, up to eight words, a body the
        organizations found counting as one ("Ủy viên Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam
        khóa XIII, ..."); no tail when no separator comes."""
        tail = self.lex["membership_tail"]
        cursor = end
        for _ in range(_MEMBERSHIP_WORDS):
            reached = tail.match(text, cursor)
            if reached and reached.end() == cursor:
                return cursor
            body = bodies.get(cursor + 1) if text.startswith(" ", cursor) else None
            word = _TAIL_UNIT.match(text, cursor)
            if body is None and word is None:
                break
            cursor = body.end if body is not None else word.end()
        reached = tail.match(text, cursor)
        return cursor if reached and reached.end() == cursor else end

    def _title_item(self, text: str, pos: int, bodies: dict[int, OrgMatch]) -> TitleItem | None:
        lex = self.lex
        membership = lex["membership_re"].match(text, pos)
        title = lex["title_re"].match(text, pos)
        if membership and (not title or membership.end() >= title.end()):
            # "Ủy viên BCH Tổng LĐLĐ Việt Nam", "Thành ủy viên": runs to the next separator.
            end = self._membership_end(text, membership.end(), bodies)
            # the tail ends before a clause word ("Ủy viên Ủy ban Kiểm tra cùng tham gia")
            for word in _TAIL_WORD.finditer(text, membership.end(), end):
                if word.group(1) in lex["phrase_stop"] and not lex["membership_qualifier"].match(text, word.start()):
                    end = word.start()
                    break
            # "Ủy viên Đoàn Chủ tịch Tổng LĐLĐ Việt Nam": the council is the title's, the body the organization's
            # (a walk over the tail's few offsets, not a sort of every body per membership)
            inside = next(
                (body for at in range(membership.end() + 1, end) if (body := bodies.get(at)) and body.end <= end), None
            )
            if inside is None:
                return TitleItem(pos, end, text[pos:end].strip(), "", membership=True)
            return TitleItem(
                pos,
                end,
                text[pos : inside.start].strip(),
                inside.text,
                membership=True,
                party=inside.party,
                union=inside.union,
                canonical=inside.canonical,
                written=text[pos:end].strip(),
            )
        if not title:
            return None
        end = title.end()
        if lex["department_re"].match(title.group()):
            end = self._department(text, end, bodies)
        title_text = text[pos:end]
        body = bodies.get(end + 1) if text.startswith(" ", end) else None
        if body is None:
            # "Phó Trưởng Ban quản lý các Khu công nghiệp tỉnh X": the post's last word begins the body
            last_word = text.rfind(" ", pos, end) + 1
            candidate = bodies.get(last_word) if last_word > pos else None
            body = candidate if candidate is not None and candidate.end > end else None
        former = title_text.split()[0] in lex["former"] if title_text.split() else False
        if body is None:
            # "Phó Tổng Giám đốc VRG, Chủ tịch Công đoàn ...": a body written as an abbreviation the
            # organizations do not know still belongs to the post, and the chain goes on after it
            unknown = _ABBREVIATION_THEN_SEPARATOR.match(text, end)
            if unknown:
                return TitleItem(pos, unknown.end(), title_text, unknown.group(1), membership=False, former=former)
            return TitleItem(pos, end, title_text, "", membership=False, former=former)
        return TitleItem(
            pos,
            body.end,
            title_text,
            body.text,
            membership=False,
            party=body.party,
            union=body.union,
            canonical=body.canonical,
            former=former,
        )

    def _title_chain(self, text: str, pos: int, bodies: dict[int, OrgMatch]) -> list[TitleItem]:
        items: list[TitleItem] = []
        while True:
            item = self._title_item(text, pos, bodies)
            if not item:
                break
            items.append(item)
            reach = item.end + _SEPARATOR_REACH
            separator = (
                _CHAIN_SEPARATOR.match(text, item.end, reach)
                or self.lex["post_joiner"].match(text, item.end, reach)
                or self.lex["chain_connector"].match(text, item.end, reach)
            )
            # "Phó Giám đốc Bưu điện tỉnh, tái đắc cử Chủ tịch Công đoàn ...": a connector after the comma too
            connector = separator and self.lex["connector_after_comma"].match(text, separator.end(), reach)
            separator = connector or separator
            if not separator:
                break
            pos = separator.end()
        return items

    def _clean_name(self, name: str, has_honorific: bool) -> str | None:
        """Drop leading capitalized words that are not part of the name ("Theo Nguyễn Văn A")."""
        lex = self.lex
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
        if cleaned in lex["provinces"]:
            return None  # "Bí thư Tỉnh ủy Hưng Yên", "Phó Chủ tịch LĐLĐ tỉnh Thanh Hóa": a place
        if any(phrase in cleaned for phrase in lex["long_not_names"]):
            return None  # "Công Thương Việt Nam": a body's name, not a person
        if any(len(word) > 1 and word.isupper() for word in syllables):
            return None  # "HOÀI NAM": an all-caps byline, or an abbreviation
        return cleaned

    def _looks_like_name(self, name: str) -> bool:
        syllables = name.split()
        return (
            syllables[0] in self.lex["name_starts"]
            or bool(_APOSTROPHE.search(syllables[0]))
            or (len(syllables) >= 3 and syllables[1] in self.lex["middle_names"])
        )

    def _name_before(self, text: str, title_start: int, bodies: Covering | None = None) -> list[tuple[str, int, str]]:
        """People named right before a title chain: (name, start, rule). "NAME - Chủ tịch ...",
        "NAME được bầu giữ chức Chủ tịch ...", and co-holders "X và Y được bầu giữ chức Phó Chủ tịch"."""
        lex = self.lex
        base = max(0, title_start - 140)
        window = text[base:title_start]
        match = lex["name_before"].search(window)
        rule = "officials.name_then_title"
        if not match:
            match = lex["name_connector"].search(window)
            rule = "officials.name_elected_as"
        if not match:
            return []
        name_at = base + match.start("name")
        line_end = text.find("\n", title_start)
        # a byline is a short line of its own; a name opening a paragraph's sentence is held to the name rules
        short_line = (len(text) if line_end < 0 else line_end) - name_at <= _BYLINE_LINE
        byline = short_line and bool(lex["byline_start"].search(text[max(0, name_at - 30) : name_at]))
        # A byline's name may be a pen name without a surname ("Trúc Ly - Trưởng ban Tuyên giáo ...").
        name = self._clean_name(match.group("name"), bool(match.group("honorific")) or byline)
        if not name:
            return []
        at = text.find(name, base + match.start("name"))
        if bodies is not None and bodies.strictly_inside(at):
            return []  # "Công đoàn Trường Mầm non Lâm Thao được ... bầu": the name ends a body's, it is no person
        level = lex["level_before"].search(text, max(0, at - 12), at)
        if level and name in admin_units().by_level.get(lex["levels"][level["level"]], ()):
            return []  # "Tại xã Sơn Dương, Phó Chủ tịch LĐLĐ tỉnh ...": a commune, no person
        people = [(name, text.find(name, base + match.start("name")), rule)]
        # "bà X và ông Y, Phó Chủ tịch ...": the "và" before the name comes before its honorific
        lead = base + (match.start("honorific") if match.group("honorific") else match.start("name"))
        joined = lex["and_before"].search(text, max(0, lead - 6), lead)
        if rule == "officials.name_elected_as" or joined:
            # ("các đồng chí Vũ Trần Thanh và Lê Xuân Hưng - Ủy viên ...": names joined by "và" share the title)
            # "các đồng chí X, Y và Z được bầu giữ chức Phó Chủ tịch": every name of the list
            first = lead
            while co_holder := lex["co_holder"].search(text[max(0, first - 60) : first]):
                other = self._clean_name(co_holder.group("name"), bool(co_holder.group("honorific")))
                if not other or not self._looks_like_name(other):
                    break
                other_at = max(0, first - 60) + co_holder.start("name")
                if bodies is not None and bodies.contains(other_at, other_at + 1):
                    break  # "Chủ tịch HĐND thị xã Hoàng Mai và Kha Văn Tám - ...": the end of a body's name
                first = other_at
                people.insert(0, (other, text.find(other, first), rule))
                if co_holder.group("honorific"):
                    break
        return people

    def _name_after(self, text: str, chain: list[TitleItem]) -> list[tuple[str, int, str]]:
        """ "Phó Chủ tịch LĐLĐ tỉnh Trần Văn Bình", "Chủ tịch LĐLĐ tỉnh, ông X", "Phó Chủ tịch Trần Thị Bích"."""
        lex = self.lex
        chain_end = chain[-1].end
        after = lex["name_after"].match(text, chain_end)
        if not after:
            return []
        name = self._clean_name(after.group("name"), bool(after.group("honorific")))
        if not name:
            return []
        honorific = bool(after.group("honorific"))
        if not honorific and not self._looks_like_name(name):
            return []
        at = text.find(name, chain_end)
        last = at + len(name) - len(name.split()[-1])
        post = lex["title_re"].match(text, last)
        if post and post.end() > at + len(name):
            return []  # "bầu Đoàn Chủ tịch, Đoàn Thư ký": its last word begins a post, it is no name
        direct = not chain[-1].organization and not _COMMA.match(text, chain_end)
        if direct and not honorific and len(name.split()) < 3 and chain[-1].title not in lex["posts_alone"]:
            return []  # a bare post then two capitalized words is too weak
        return [(name, at, "officials.title_then_name")]

    def _acting_for(self, doc: Document, start: int, starts: list[int], bodies: dict[int, OrgMatch]) -> OrgMatch | None:
        """The body an official with a bare post acts for, named by "Thay mặt" right before the mention in its
        sentence; the widest reference that ends there (a body inside it names no more)."""
        text, lex = doc.text, self.lex
        sentence_start = doc.sentence_at(start).start
        for at in starts[bisect_left(starts, sentence_start) : bisect_left(starts, start)]:
            body = bodies[at]
            if lex["acting_gap"].fullmatch(text, body.end, start) and lex["on_behalf"].search(text, sentence_start, at):
                return body
        return None

    def officials(self, doc: Document, bodies: dict[int, OrgMatch]) -> list[Official]:
        text = doc.text
        lex = self.lex
        officials: dict[str, Official] = {}
        consumed_until = 0
        covered = Covering((body.start, body.end) for body in bodies.values())
        starts = sorted(bodies)
        for title in lex["post_re"].finditer(text):
            if title.start() < consumed_until:
                continue
            chain = self._title_chain(text, title.start(), bodies)
            if not chain:
                continue
            if lex["memorial_before"].search(text[max(0, title.start() - 20) : title.start()]):
                consumed_until = chain[-1].end
                continue  # "Khu lưu niệm Chủ tịch Tôn Đức Thắng": a place's name
            consumed_until = chain[-1].end
            named = self._name_before(text, title.start(), covered) or self._name_after(text, chain)
            main, others = _choose(chain)
            for name, name_at, rule in named:
                key = fold(name)
                if key in officials and officials[key].organization:
                    continue  # the same person again: the first titled mention stands
                start = min(name_at, title.start())
                acting_for = None if main.organization else self._acting_for(doc, start, starts, bodies)
                end = max(chain[-1].end, name_at + len(name))
                officials[key] = Official(
                    text=text[start:end],
                    char_start=start,
                    char_end=end,
                    sentence=doc.sentence_at(start).text,
                    rule=rule,
                    name=name,
                    title=lex["title_abbreviations"].get(main.title, main.title),
                    organization=main.organization or (acting_for.text if acting_for else None),
                    organization_canonical=(
                        main.canonical if main.organization else (acting_for.canonical if acting_for else None)
                    ),
                    other_titles=[item.text for item in others],
                )
        return sorted(officials.values(), key=lambda o: o.char_start)


def extract(doc: Document, lexicon: Lexicon) -> list[Official]:
    """Officials; the body a title is tied to is read from the organizations component's references."""
    doc.results("organizations")
    return lexicon.derived(OfficialsGrammar).officials(doc, doc.annotations[REFERENCES])


COMPONENT = Component(kind="officials", model=Official, extract=extract, requires=("organizations",))
