"""Links: who gives each amount, how many receive it, for what, and when (spec §7).

Design: a component that *updates* money. It requires money, counts, organizations and
officials (and runs after dates when that kind is registered), and returns the money facts
again, each a copy with `giver`, `recipients_value`, `recipients_unit`, `purpose` and
`date` filled; the registry stores them back under "money" (`Component.updates`). So the
links are plain fields of the `Money` model: the money table's columns, the Arrow and
Parquet schemas, `diff` and the goldens follow from the model with no second schema, and
every consumer (`ArticleFacts.money`, the report, review) reads one fact that says what,
who, to whom and for what. A separate `Link` kind would have needed a join by span in
every consumer to say the same thing. Nothing is re-scanned for another kind: amounts,
counts, bodies, officials and dates are read from the earlier components' results, and
only the words between them (verbs, markers, purpose words) are matched here.

How each link is read, from rules/links/lexicon.yaml:
- giver: "Thay mặt X" gives X; a body written just before its share gives it ("Tập đoàn
  TKV 5 triệu đồng, Công ty 5 triệu đồng"). Else the verb that governs the amount (the
  nearest giving, receiving or delegating verb before it in its clause, else the first
  after it; "quà tặng", "mức hỗ trợ" are nouns) and its subject: the nearest body before
  the verb in the clause that is no genitive or place ("theo đề xuất của X", "ở X"), the
  first of a joint subject ("X, Y và Z đã tặng"); an official stands for the body of the
  title; a fund for its owner ("Quỹ ... của X", else the union body of the fund's level and
  place); a receiving verb ("nhận quà của X") takes the source in its phrase; a delegating
  verb ("X ủy quyền cho Y trao") gives X. A plural or counted subject ("các cấp công đoàn",
  "34 CĐCS") is nobody in particular (None). Then the subject of the sentence's other
  clauses, then the owner of the fund the money comes from ("lấy từ quỹ ... của X"), then,
  when the clause has a verb but names no subject ("Ban tổ chức đã trao", "đoàn trao",
  "được trao"), the amount is per unit or comes from a fund, the subject carried over from
  the sentences before when it is unambiguous (one body; a generic sentence neither names
  nor hides one). Wages, dues and prices take no carried subject: employers and buyers pay
  them. A body whose level the article leaves unresolved ("LĐLĐ tỉnh" with no province)
  gives None.
- recipients: a per-unit amount links to the nearest count of its unit ("mỗi suất",
  "đồng/người", "mỗi phiếu" after it; a generic unit such as "người" to the nearest
  recipient count of its sentence, else the count right after it, else of the sentence
  before); a total to the count of its own phrase (none when a list of counts shares it),
  or of the phrases before it when its phrase starts with a total word ("trao quà cho
  18.021 cháu, tổng số tiền ...").
- purpose: the first purpose (in the lexicon's order) whose words occur in the nearest
  window, a word inside a longer word of another purpose not counting ("Tết" in "thưởng
  Tết"): the amount's phrase, money given to a body (donation), the clause, its recipients'
  unit, the sentence, the sentence before, the title; then weak words ("kinh phí"), then
  "other".
- date: `date_of` (the dates component's facts when registered, else the article's date).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import regex

from pipeline.extractors.registry import Component
from pipeline.lexicon import Lexicon, Section, section
from pipeline.models import Count, Money, Official, Organization, Purpose
from pipeline.text.clauses import clauses
from pipeline.text.document import Document
from pipeline.text.gazetteers import people, places
from pipeline.text.patterns import NO_LETTER_AFTER, NO_LETTER_BEFORE, alternation, whole_words
from pipeline.text.segment import Span
from pipeline.text.spans import Covering

DATES = "dates"
_T = TypeVar("_T")
_LETTER = regex.compile(r"\p{L}")


class FramePurpose(Section):
    """A purpose an event gives the support around it (a disaster: relief)."""

    purpose: Purpose
    sentences: int  # the sentence, and this many before it, besides the title
    overrides: tuple[Purpose, ...]
    yielding_words: dict[Purpose, tuple[str, ...]] = {}  # words of other purposes too general to stand
    keeps: dict[Purpose, tuple[str, ...]] = {}  # words that keep a purpose in the frame


class NeedShape(Section):
    """Things of one purpose given for a need of another, outside a campaign of the first."""

    purpose: Purpose
    over: Purpose
    words: tuple[str, ...]  # the need, in the amount's clause
    unless: tuple[str, ...]  # a campaign of `over` in the sentence or the title


class WordBeforeShape(Section):
    purpose: Purpose
    words_before: tuple[str, ...]  # right before the amount ("giá", "với giá")
    not_after: tuple[str, ...] = ()  # ... but not after these ("trị giá": a value, no price)
    fillers: tuple[str, ...] = ()  # between the word and the amount ("giá chỉ")


class EventShape(Section):
    purpose: Purpose
    markers: tuple[str, ...]  # "để", "nhằm" after the amount ...
    verbs: tuple[str, ...]  # ... then one of these within `max_words`
    max_words: int
    nouns: tuple[str, ...]  # an event noun opening the clause ...
    budget_words: tuple[str, ...]  # ... and one of these before the amount
    of_words: tuple[str, ...] = ()  # "kinh phí của chương trình", "kinh phí cho hai chương trình"


class IntoShape(Section):
    purpose: Purpose
    words_after: tuple[str, ...]  # right after the amount ("vào quỹ")
    verbs_before: tuple[str, ...]  # before a fund named right before the amount ("ủng hộ Quỹ X 15 triệu đồng")


class ThroughShape(Section):
    purpose: Purpose
    words_after: tuple[str, ...]  # after the amount, right before a body ("cho", "chuyển qua")
    markers: tuple[str, ...]  # later in the sentence: what the body is to do with it ("để")


class OpeningShape(Section):
    purpose: Purpose
    words: tuple[str, ...]  # opening the amount's clause ("Phụ cấp xăng xe, nhà ở tăng 60%, từ 500.000 đồng ...")


class CampaignShape(Section):
    purpose: Purpose
    yields: tuple[Purpose, ...]  # the worded purposes a campaign's total takes over
    subjects: tuple[str, ...]  # the union system as a whole, before the amount in its clause


class Shapes(Section):
    price: WordBeforeShape
    sponsor: WordBeforeShape
    earning: WordBeforeShape
    pay_opening: OpeningShape
    event: EventShape
    into_fund: IntoShape
    through_body: ThroughShape


class PurposeWords(Section):
    words: tuple[str, ...] = ()
    units: tuple[str, ...] = ()  # recipients' units that say it ("42 suất học bổng")
    weak: tuple[str, ...] = ()  # words that decide only when no window holds any other purpose's word


@section("links/lexicon")
class LinksLexicon(Section):
    giving_verbs: tuple[str, ...]
    split_giving_verbs: dict[str, str]
    not_verbs: tuple[str, ...]
    nouns_before_verbs: tuple[str, ...]
    negations: tuple[str, ...]
    receiving_verbs: tuple[str, ...]
    borrowing_verbs: tuple[str, ...]
    acting_verbs: tuple[str, ...]
    agent_markers: tuple[str, ...]
    agent_after_markers: tuple[str, ...]
    frame_markers: tuple[str, ...]
    frame_max_words: int
    breakdown_markers: tuple[str, ...]
    part_markers: tuple[str, ...]
    source_markers: tuple[str, ...]
    owner_markers: tuple[str, ...]
    funding_sources: tuple[str, ...]
    leading_words: tuple[str, ...]
    delegating_verbs: tuple[str, ...]
    not_subject_before: tuple[str, ...]
    partner_markers: tuple[str, ...]
    place_prepositions: tuple[str, ...]
    place_nouns: tuple[str, ...]
    subject_joiners: tuple[str, ...]
    pronoun_subjects: tuple[str, ...]
    organizer_subjects: tuple[str, ...]
    speech_verbs: tuple[str, ...]
    organizing_verbs: tuple[str, ...]
    kind_subjects: dict[str, tuple[str, ...]]
    kind_owners: dict[str, tuple[str, ...]] = {}
    kind_subject_lead: tuple[str, ...]
    host_unions: dict[str, str]
    union_spellings: dict[str, str]
    adverbs: tuple[str, ...]
    plural_subjects: tuple[str, ...]
    people_subjects: tuple[str, ...]
    fund_words: tuple[str, ...]
    lending_verbs: tuple[str, ...]
    balance_words: tuple[str, ...]
    delegation_words: tuple[str, ...]
    delegation_links: tuple[str, ...]
    delegation_agents: tuple[str, ...]
    delegation_leading: tuple[str, ...]
    delegation_companions: tuple[str, ...]
    delegation_senders: tuple[str, ...]
    visiting_verbs: tuple[str, ...]
    fund_owner_markers: tuple[str, ...]
    fund_manager_markers: tuple[str, ...]
    fund_manager_verbs: tuple[str, ...]
    programme_markers: tuple[str, ...]
    fund_owner_heads: tuple[str, ...]
    per_unit_markers: tuple[str, ...]
    per_unit_frames: tuple[str, ...]
    unit_stop_words: tuple[str, ...]
    generic_units: tuple[str, ...]
    average_words: tuple[str, ...]
    unit_spellings: dict[str, str]
    unit_kin: dict[str, list[str]]
    total_words: tuple[str, ...]
    for_whom_markers: tuple[str, ...]
    works_verbs: tuple[str, ...]
    units_total_words: tuple[str, ...]
    place_list_openers: tuple[str, ...]
    restating_openings: tuple[str, ...]
    restated_sentences: int
    employer_heads: tuple[str, ...]
    employer_pay_words: tuple[str, ...]
    employer_not_pay_before: tuple[str, ...]
    employer_average_pay: tuple[str, ...]
    employer_purpose: Purpose
    employer_overrides: tuple[Purpose, ...]
    need_over_gift: NeedShape
    share_rounds: tuple[str, ...]
    share_links: tuple[str, ...]
    place_markers: tuple[str, ...]
    not_recipient_units: tuple[str, ...]
    thing_units: tuple[str, ...]
    thing_complements: tuple[str, ...]
    intended_for: tuple[str, ...]
    phrase_breaks: tuple[str, ...]
    recipient_body: Purpose
    not_carried_purposes: tuple[Purpose, ...]
    unlinked_purposes: tuple[Purpose, ...]
    comparison_markers: tuple[str, ...]  # a date after these is what an amount is compared with
    source_after_markers: tuple[str, ...]  # "60 triệu đồng đến từ X": X gives it
    valued_purposes: tuple[Purpose, ...]
    value_words: tuple[str, ...]
    shared_cost_words: tuple[str, ...]
    budget_purposes: tuple[Purpose, ...]
    recipient_body_markers: tuple[str, ...]
    verb_purposes: dict[Purpose, tuple[str, ...]]
    donating_verbs: tuple[str, ...]
    not_purpose_words: tuple[str, ...]
    frame_purpose: FramePurpose
    shapes: Shapes
    campaign: CampaignShape
    purposes: dict[Purpose, PurposeWords]


def purposes(lexicon: Lexicon) -> dict[str, PurposeWords]:
    """The purposes and their words, in priority order (the report's groupings too)."""
    return dict(lexicon.section("links/lexicon", LinksLexicon).purposes)


@dataclass(frozen=True)
class LinkPatterns:
    lex: LinksLexicon
    giving: regex.Pattern[str]
    split_giving: regex.Pattern[str]
    receiving: regex.Pattern[str]
    borrowed_from: regex.Pattern[str]  # "được vay vốn từ": the fund named next lends
    acting: regex.Pattern[str]
    delegating: regex.Pattern[str]
    not_verb: regex.Pattern[str]
    noun_before: regex.Pattern[str]
    agent_before: regex.Pattern[str]
    agent_marker: regex.Pattern[str]
    agent_after: regex.Pattern[str]
    agent_after_noun: regex.Pattern[str]
    frame: regex.Pattern[str]
    frame_direct: regex.Pattern[str]
    carrying_opening: regex.Pattern[str]
    breakdown: regex.Pattern[str]  # "trong đó": what follows is a part of what came before
    part: regex.Pattern[str]  # "trong đó": a part of each unit's value follows
    part_opening: regex.Pattern[str]  # a sentence that opens with one breaks down the one before
    funding_source: regex.Pattern[str]  # "từ nguồn kinh phí của": whose money it is comes next
    funding_kind: regex.Pattern[str]  # "từ nguồn tài chính công đoàn xã": a kind noun names whose money it is
    leading: regex.Pattern[str]  # "X Nguyễn Văn A cùng ...": X's official leads the others
    value_before: regex.Pattern[str]  # "mỗi căn trị giá khoảng": what a thing is worth comes next
    shared_cost: regex.Pattern[str]  # "phần còn lại do gia đình góp": a cost shared out
    kind_subject: regex.Pattern[str]
    kind_reference: regex.Pattern[str]
    kind_heads: dict[str, tuple[str, ...]]  # a kind noun, casefolded -> the heads of its bodies' names
    kind_joint: regex.Pattern[str]  # "công đoàn công ty và ": the first kind noun of a joint subject
    not_kind_before: regex.Pattern[str]
    owner_after: regex.Pattern[str]
    employer_kind: regex.Pattern[str]  # a kind noun standing for an enterprise ("công ty", "doanh nghiệp")
    things_owner_after: regex.Pattern[str]
    not_subject_before: regex.Pattern[str]
    joiner: regex.Pattern[str]
    pronoun: regex.Pattern[str]
    plural: regex.Pattern[str]
    people: regex.Pattern[str]
    people_before: regex.Pattern[str]
    adverbs_before: regex.Pattern[str]  # the adverbs (and spaces) before a verb
    partner_before: regex.Pattern[str]
    on_behalf: regex.Pattern[str]
    source_before: regex.Pattern[str]
    fund: regex.Pattern[str]
    campaign: regex.Pattern[str]
    organizer: regex.Pattern[str]  # "Ban tổ chức" alone before a verb
    organizing: regex.Pattern[str]
    balance: regex.Pattern[str]
    lending: regex.Pattern[str]
    delegation: regex.Pattern[str]
    visiting: regex.Pattern[str]  # " đến thăm" right after a body: the body's delegation
    visit_joiner: regex.Pattern[str]  # " cùng đồng chí " between the visitors
    speech: regex.Pattern[str]  # " cho biết, " between a speaker and what is reported
    per_unit_opening: regex.Pattern[str]
    reported_opening: regex.Pattern[str]  # "Bà X - Chủ tịch ... cho biết, ": a sentence's speaker and speech verb
    delegation_pronoun: regex.Pattern[str]
    delegation_link: regex.Pattern[str]
    delegation_led: regex.Pattern[str]  # "đoàn công tác do "
    delegation_leading: regex.Pattern[str]
    delegation_sent: regex.Pattern[str]  # right after a body: "cử đoàn", "thành lập đoàn công tác"
    delegation_companion: regex.Pattern[str]  # "cùng " right before "đoàn công tác"
    owner_before: regex.Pattern[str]
    manager_before: regex.Pattern[str]  # " do " right after a fund
    manager_verb: regex.Pattern[str]
    per_marker: regex.Pattern[str]
    per_frame: regex.Pattern[str]  # "Tại mỗi nhà, ...": the unit frames the whole clause after its comma
    average: regex.Pattern[str]
    unit_stop: regex.Pattern[str]
    total_word: regex.Pattern[str]
    for_whom: regex.Pattern[str]
    need_words: regex.Pattern[str]
    need_unless: regex.Pattern[str]
    units_total: regex.Pattern[str]
    restating: regex.Pattern[str]  # a sentence opening that restates the gift before
    place_list: regex.Pattern[str]  # "Tại X và " before an actor
    programme_marker: regex.Pattern[str]
    and_joiner: regex.Pattern[str]
    conjoined_name: regex.Pattern[str]
    employer_pay: regex.Pattern[str]
    employer_average_pay: regex.Pattern[str]
    honorific: regex.Pattern[str]
    works: regex.Pattern[str]
    for_whom_word: regex.Pattern[str]
    place_before: regex.Pattern[str]
    adverbs_only: regex.Pattern[str]
    object_gap: regex.Pattern[str]  # between a giving verb and its object: adverbs, then "cho" saying for whom
    clause_break: regex.Pattern[str]
    phrase_break: regex.Pattern[str]
    body_before: regex.Pattern[str]
    donating_before: regex.Pattern[str]
    verb_purpose: dict[str, str]
    adjacent: regex.Pattern[str]
    per_after: regex.Pattern[str]
    purpose_units: tuple[tuple[str, regex.Pattern[str]], ...]  # purposes whose recipients' unit says them
    weak_words: tuple[tuple[str, regex.Pattern[str]], ...]
    any_purpose_word: regex.Pattern[str]  # every purpose's words and the words of none, one pattern
    word_purpose: dict[str, str]  # casefolded word -> its purpose ("" for none), the first listed
    purpose_rank: dict[str, int]  # purpose -> its priority (0 first)
    intended_for: regex.Pattern[str]  # "dành cho" ...
    thing_before: regex.Pattern[str]  # ... right after a thing given ("suất học bổng"): whom it is for, no verb
    things: regex.Pattern[str]  # recipients' units that are things given (any purpose's `units`)
    frame_words: regex.Pattern[str]
    price_before: regex.Pattern[str]
    sponsor_before: regex.Pattern[str]
    earning_before: regex.Pattern[str]
    source_after: regex.Pattern[str]
    compared_before: regex.Pattern[str]
    grassroots: regex.Pattern[str]
    owner_marker: regex.Pattern[str]
    into_fund: regex.Pattern[str]
    into_fund_verb: regex.Pattern[str]
    through_body: regex.Pattern[str]
    through_marker: regex.Pattern[str]
    event_after: regex.Pattern[str]
    event_opening: regex.Pattern[str]
    pay_opening: regex.Pattern[str]
    budget_before: regex.Pattern[str]
    budget_of_event: regex.Pattern[str]
    frame_strong: dict[str, regex.Pattern[str]]  # per purpose: its words that do not yield to the frame
    frame_keeps: dict[str, regex.Pattern[str]]
    generic: frozenset[str]
    kin_units: dict[str, regex.Pattern[str]]  # a per-unit noun -> the units it stands for (`unit_kin`)
    not_recipient: frozenset[str]
    unresolved: regex.Pattern[str]
    level_place: regex.Pattern[str]
    generic_fund: regex.Pattern[str]  # "Quỹ tương trợ": a fund named by common nouns alone


def _without_owner_marker(phrases: Iterable[str], markers: Iterable[str]) -> list[str]:
    """The phrases with the owner marker that ends them cut off ("từ nguồn kinh phí của" -> "từ nguồn kinh phí")."""
    ends = tuple(f" {marker}" for marker in markers)
    return [next((phrase[: -len(end)] for end in ends if phrase.endswith(end)), phrase) for phrase in phrases]


def _before(words: Iterable[str]) -> regex.Pattern[str]:
    """Any of the words ending where the text ends (searched backwards from a position)."""
    return regex.compile(
        rf"{NO_LETTER_BEFORE}(?:{alternation(words, 'backward')})[\s\"“”'‘’]*$", regex.IGNORECASE | regex.REVERSE
    )


def _word_before(shape: WordBeforeShape) -> regex.Pattern[str]:
    """One of the shape's words right before a position, fillers between, not after one of its `not_after`."""
    not_after = rf"(?<!(?:{alternation(shape.not_after, 'backward')})\s)" if shape.not_after else ""
    fillers = rf"(?:\s+(?:{alternation(shape.fillers, 'backward')}))*" if shape.fillers else ""
    return regex.compile(
        rf"{not_after}(?<![\p{{L}}\p{{M}}])(?:{alternation(shape.words_before, 'backward')}){fillers}\s*$",
        regex.IGNORECASE | regex.REVERSE,
    )


def _purpose_vocabulary(lex: LinksLexicon) -> dict[str, str]:
    """Every purpose word, casefolded, with its purpose (the first listed when two share a word);
    the words of no purpose map to ""."""
    vocabulary: dict[str, str] = {}
    for name, words in lex.purposes.items():
        for word in words.words:
            vocabulary.setdefault(word.casefold(), name)
    for word in lex.not_purpose_words:
        vocabulary.setdefault(word.casefold(), "")
    return vocabulary


def _compile(lexicon: Lexicon) -> LinkPatterns:
    lex = lexicon.section("links/lexicon", LinksLexicon)
    levels = set(places(lexicon).levels.values())
    breaks = clauses(lexicon)
    vocabulary = _purpose_vocabulary(lex)
    # units of things given, any purpose's too
    thing_words = [*lex.thing_units, *(u for w in lex.purposes.values() for u in w.units)]
    word_joiners = [joiner for joiner in lex.subject_joiners if joiner.strip(",")]  # "và", "cùng", not a comma
    owner_after = rf"\s*,?\s*(?:{alternation(lex.fund_owner_markers)})[\s\"“”]+"
    return LinkPatterns(
        lex=lex,
        giving=whole_words(lex.giving_verbs, regex.IGNORECASE),
        split_giving=regex.compile(
            "|".join(
                # the object may hold a number written with separators ("cho 1.260 lượt đoàn viên vay")
                rf"{NO_LETTER_BEFORE}{regex.escape(first)}"
                rf"(?=\s(?:[^,;.:()]|(?<=\d)[.,](?=\d)){{1,60}}?\s{regex.escape(second)}{NO_LETTER_AFTER})"
                for first, second in lex.split_giving_verbs.items()
            )
            or "(?!)",
            regex.IGNORECASE,
        ),
        receiving=whole_words(lex.receiving_verbs, regex.IGNORECASE),
        borrowed_from=regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation(lex.borrowing_verbs)})(?:\s+[\p{{L}}\p{{M}}\d.,]+){{0,6}}?\s+"
            rf"(?:{alternation(lex.source_markers)})\s+",
            regex.IGNORECASE,
        ),
        acting=whole_words(lex.acting_verbs, regex.IGNORECASE),
        delegating=whole_words(lex.delegating_verbs, regex.IGNORECASE),
        not_verb=regex.compile(rf"(?:{alternation(lex.not_verbs)}){NO_LETTER_AFTER}", regex.IGNORECASE),
        noun_before=regex.compile(
            # "nhận hỗ trợ": after a receiving verb a giving word is what is received; "chưa đóng": nothing given
            rf"{NO_LETTER_BEFORE}"
            rf"(?:{alternation([*lex.nouns_before_verbs, *lex.receiving_verbs, *lex.negations], 'backward')})\s+$",
            regex.IGNORECASE | regex.REVERSE,
        ),
        agent_before=_before(lex.agent_markers),
        agent_marker=whole_words(lex.agent_markers, regex.IGNORECASE),
        frame=regex.compile(
            rf"[\W\d]*(?:{alternation(lex.frame_markers)})(?:,?\s+[\p{{L}}\p{{M}}]+){{1,{lex.frame_max_words}}}?"
            rf"\s+(?:{alternation(lex.fund_owner_markers)})\s+",
            regex.IGNORECASE,
        ),
        carrying_opening=regex.compile(
            rf"[\W\d]*(?:{alternation([*lex.breakdown_markers, *lex.frame_markers, *lex.per_unit_markers])})"
            rf"{NO_LETTER_AFTER}",
            regex.IGNORECASE,
        ),
        breakdown=whole_words(lex.breakdown_markers, regex.IGNORECASE),
        part=whole_words(lex.part_markers, regex.IGNORECASE),
        part_opening=regex.compile(rf"[\W\d]*(?:{alternation(lex.part_markers)}){NO_LETTER_AFTER}", regex.IGNORECASE),
        shared_cost=whole_words(lex.shared_cost_words, regex.IGNORECASE),
        # "trị giá 70 triệu đồng", "Tổng kinh phí tổ chức hội thao là 650 triệu đồng": what it is the value of may
        # stand between
        value_before=regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation(lex.value_words)})(?:\s+[\p{{L}}\p{{M}}]+){{0,5}}\s*$",
            regex.IGNORECASE,
        ),
        frame_direct=regex.compile(rf"[\W\d]*(?:{alternation(lex.frame_markers)})\s+", regex.IGNORECASE),
        # "..., do LĐLĐ tỉnh hỗ trợ", "khoảng 3,5 tỷ đồng, do X và Y cùng bố trí": a comma may come first
        agent_after=regex.compile(rf"\s*,?\s*(?:{alternation(lex.agent_after_markers)})[\s\"“”]+", regex.IGNORECASE),
        agent_after_noun=regex.compile(
            rf"[ \t]+(?:[\p{{Ll}}\p{{M}}]+[ \t]+){{1,3}}?"
            rf"(?P<marker>(?:{alternation(lex.agent_after_markers)}))[\s\"“”]+"
        ),
        # "công ty sẽ thưởng", "ban giám đốc công ty chi": the noun, then adverbs or a giving verb
        kind_subject=regex.compile(
            rf"{NO_LETTER_BEFORE}(?:(?:{alternation(lex.kind_subject_lead)})\s+)?(?P<kind>{alternation(lex.kind_subjects)})"
            rf"(?=(?>(?:\s+(?:{alternation(lex.adverbs)}){NO_LETTER_AFTER})+)(?!\s+(?:{alternation(lex.agent_markers)}))"
            rf"|\s+(?:{alternation(lex.giving_verbs)}){NO_LETTER_AFTER})",
            regex.IGNORECASE,
        ),
        # "10 suất quà của Hội cho ...": the kind noun alone, no name of its own after it (a capital would start one)
        kind_reference=regex.compile(
            rf"(?P<kind>{alternation([*lex.kind_subjects, *lex.kind_owners])}){NO_LETTER_AFTER}(?!\s+(?-i:\p{{Lu}}))",
            regex.IGNORECASE,
        ),
        kind_heads={kind.casefold(): heads for kind, heads in {**lex.kind_owners, **lex.kind_subjects}.items()},
        kind_joint=regex.compile(
            rf"{NO_LETTER_BEFORE}(?P<kind>{alternation(lex.kind_subjects)})\s+(?:{alternation(word_joiners)})\s+$",
            regex.IGNORECASE,
        ),
        not_kind_before=_before(
            [
                *lex.not_subject_before,
                *lex.per_unit_markers,
                *lex.plural_subjects,
                *lex.pronoun_subjects,
                *lex.people_subjects,
            ]
        ),
        # "trao 90 triệu đồng của Tổng LĐLĐ Việt Nam": the owner of the money, right after it
        # ("300 suất quà, mỗi suất 2 triệu đồng, của Tổng LĐLĐ Việt Nam": after a comma too)
        owner_after=regex.compile(owner_after, regex.IGNORECASE),
        source_after=regex.compile(rf"\s*,?\s*(?:{alternation(lex.source_after_markers)})[\s\"“”]+", regex.IGNORECASE),
        employer_kind=whole_words(
            [kind for kind, heads in lex.kind_subjects.items() if set(heads) <= set(lex.employer_heads)],
            regex.IGNORECASE,
        ),
        things_owner_after=regex.compile(
            rf"(?:\s+(?:{alternation(lex.thing_complements)}){NO_LETTER_AFTER})?{owner_after}", regex.IGNORECASE
        ),
        not_subject_before=_before(
            [*lex.not_subject_before, *(f"{at} {noun}" for at in lex.place_prepositions for noun in lex.place_nouns)]
        ),
        # a parenthesis after a name is the name's ("LĐLĐ huyện Tiên Yên (cũ) cùng LĐLĐ huyện Ba Chẽ")
        joiner=regex.compile(
            rf"^[\s\"“”]*(?:\([^()\n]{{1,20}}\)\s*)?(?:(?:{alternation(lex.subject_joiners)})[\s\"“”]*)+$",
            regex.IGNORECASE,
        ),
        pronoun=regex.compile(
            rf"\W*(?:{alternation(lex.pronoun_subjects)})(?:\s+(?:{alternation(lex.adverbs)}))*\s*",
            regex.IGNORECASE,
        ),
        adverbs_before=regex.compile(
            rf"(?:\s+(?:{alternation(lex.adverbs, 'backward')}){NO_LETTER_AFTER})*\s+$",
            regex.IGNORECASE | regex.REVERSE,
        ),
        people_before=_before(lex.people_subjects),
        partner_before=_before(lex.partner_markers),
        people=regex.compile(
            rf"[\W\d]*(?:(?:{alternation([*lex.adverbs, *lex.plural_subjects])})\s+)*"
            rf"(?:{alternation(lex.people_subjects)}){NO_LETTER_AFTER}",
            regex.IGNORECASE,
        ),
        plural=regex.compile(rf"{NO_LETTER_BEFORE}(?:{alternation(lex.plural_subjects)})\s", regex.IGNORECASE),
        on_behalf=breaks.on_behalf,
        source_before=_before(lex.source_markers),
        funding_source=whole_words(lex.funding_sources, regex.IGNORECASE),
        funding_kind=regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation(_without_owner_marker(lex.funding_sources, lex.owner_markers))})\s+"
            rf"(?=(?:{alternation([*lex.kind_subjects, *lex.kind_owners])}){NO_LETTER_AFTER}(?!\s+(?-i:\p{{Lu}})))",
            regex.IGNORECASE,
        ),
        leading=regex.compile(
            rf"(?:\s+\p{{Lu}}[\p{{L}}\p{{M}}]*){{0,4}}\s*,?\s+(?:{alternation(lex.leading_words)}){NO_LETTER_AFTER}"
        ),
        fund=whole_words(lex.fund_words, regex.IGNORECASE),
        campaign=whole_words(lex.campaign.subjects),
        organizer=regex.compile(
            rf"\W*(?:{alternation(lex.organizer_subjects)})(?:\s+(?:{alternation(lex.adverbs)}))*\s*", regex.IGNORECASE
        ),
        organizing=whole_words(lex.organizing_verbs, regex.IGNORECASE),
        balance=whole_words(lex.balance_words, regex.IGNORECASE),
        lending=regex.compile(rf"(?:{alternation(lex.lending_verbs)}){NO_LETTER_AFTER}", regex.IGNORECASE),
        delegation=regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation(lex.delegation_words)})\s+(?:(?:{alternation(lex.delegation_links)})\s+)?",
            regex.IGNORECASE,
        ),
        visiting=regex.compile(
            rf"\s+(?:(?:{alternation(lex.adverbs)})\s+)*(?:{alternation(lex.visiting_verbs)}){NO_LETTER_AFTER}",
            regex.IGNORECASE,
        ),
        visit_joiner=regex.compile(
            rf"[\s,]*(?:{alternation(lex.subject_joiners)})\s+(?:(?:{alternation(people(lexicon).honorifics)})\s+)?",
            regex.IGNORECASE,
        ),
        speech=regex.compile(rf"\s*(?:{alternation(lex.speech_verbs)})\s*[,:]?\s*", regex.IGNORECASE),
        per_unit_opening=regex.compile(rf"[\W\d]*(?:{alternation(lex.per_unit_markers)})\s", regex.IGNORECASE),
        reported_opening=regex.compile(
            rf"[^.;:\n]{{1,160}}?\s(?:{alternation(lex.speech_verbs)})\s*[,:]?\s*", regex.IGNORECASE
        ),
        delegation_link=whole_words(lex.delegation_links, regex.IGNORECASE),
        delegation_led=regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation(lex.delegation_words)})(?:\s+[\p{{Ll}}\d]+){{0,3}}?\s+"
            rf"(?:{alternation(lex.delegation_agents)})\s+",
            regex.IGNORECASE,
        ),
        delegation_leading=whole_words(lex.delegation_leading),
        delegation_companion=_before(lex.delegation_companions),
        delegation_sent=regex.compile(
            rf"\s+(?:{alternation(lex.adverbs)}\s+)*(?:{alternation(lex.delegation_senders)})\s+"
            rf"(?:{alternation(lex.delegation_words)}){NO_LETTER_AFTER}",
            regex.IGNORECASE,
        ),
        delegation_pronoun=regex.compile(
            rf"\W*(?:{alternation(lex.delegation_words)})(?:\s+(?:{alternation(lex.adverbs)}))*\s*", regex.IGNORECASE
        ),
        # "của X", and "của Tập đoàn và Công đoàn TKV": an owner within the phrase after the marker
        manager_before=regex.compile(rf"[\s\"“”]*(?:{alternation(lex.fund_manager_markers)})\s+$", regex.IGNORECASE),
        manager_verb=regex.compile(rf"\s+(?:{alternation(lex.fund_manager_verbs)}){NO_LETTER_AFTER}", regex.IGNORECASE),
        owner_before=regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation(lex.fund_owner_markers, 'backward')})\s[^,;.:]{{0,40}}$",
            regex.IGNORECASE | regex.REVERSE,
        ),
        per_marker=whole_words(lex.per_unit_markers, regex.IGNORECASE),
        per_frame=regex.compile(rf"{NO_LETTER_BEFORE}(?:{alternation(lex.per_unit_frames)})\s+$", regex.IGNORECASE),
        average=whole_words(lex.average_words, regex.IGNORECASE),
        unit_stop=regex.compile(rf"(?:{alternation(lex.unit_stop_words)}){NO_LETTER_AFTER}", regex.IGNORECASE),
        total_word=regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation(lex.total_words)}){NO_LETTER_AFTER}", regex.IGNORECASE
        ),
        for_whom=regex.compile(rf"\s+(?:{alternation(lex.for_whom_markers)})\s+[\p{{L}}\p{{M}}]", regex.IGNORECASE),
        for_whom_word=whole_words(lex.for_whom_markers, regex.IGNORECASE),
        works=whole_words(lex.works_verbs, regex.IGNORECASE),
        owner_marker=whole_words(lex.owner_markers, regex.IGNORECASE),
        employer_pay=regex.compile(
            rf"(?<!(?:{alternation(lex.employer_not_pay_before)})\s)"
            rf"{NO_LETTER_BEFORE}(?:{alternation(lex.employer_pay_words)}){NO_LETTER_AFTER}",
            regex.IGNORECASE,
        ),
        employer_average_pay=whole_words(lex.employer_average_pay, regex.IGNORECASE),
        and_joiner=regex.compile(rf"\s+(?:{alternation(breaks.and_words)})\s+", regex.IGNORECASE),
        # a capitalized name with no break in it, then "và": the first of two objects ("thăm Đội X và Công ty Y")
        conjoined_name=regex.compile(rf"\s+\p{{Lu}}[^,;:.!?\n]*\s+(?:{alternation(breaks.and_words)})\s+"),
        programme_marker=regex.compile(rf"\s*,?\s*(?:{alternation(lex.programme_markers)})\s", regex.IGNORECASE),
        units_total=whole_words(lex.units_total_words, regex.IGNORECASE),
        place_list=regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation(lex.place_list_openers)})\s[^,;:.()]{{1,80}}\s(?:{alternation(breaks.and_words)})\s+$",
            regex.IGNORECASE,
        ),
        restating=regex.compile(rf"\s*(?:{alternation(lex.restating_openings)})(?![\p{{L}}\p{{M}}])", regex.IGNORECASE),
        need_words=whole_words(lex.need_over_gift.words, regex.IGNORECASE),
        need_unless=whole_words(lex.need_over_gift.unless),
        honorific=regex.compile(rf"(?:{alternation(people(lexicon).honorifics)})"),
        place_before=_before(lex.place_markers),
        adverbs_only=regex.compile(rf"(?:\s+(?:{alternation(lex.adverbs)}))*\s+", regex.IGNORECASE),
        object_gap=regex.compile(
            rf"(?:\s+(?:{alternation(lex.adverbs)}))*\s+(?:(?:{alternation(lex.for_whom_markers)})\s+)?",
            regex.IGNORECASE,
        ),
        clause_break=breaks.breaks,
        phrase_break=regex.compile("|".join(regex.escape(b) for b in lex.phrase_breaks)),
        body_before=_before(lex.recipient_body_markers),
        donating_before=_before(lex.donating_verbs),
        verb_purpose={
            " ".join(verb.casefold().split()): purpose for purpose, verbs in lex.verb_purposes.items() for verb in verbs
        },
        # "Tập đoàn TKV 5 triệu đồng", "Cục Hàng hải Việt Nam 3 đợt với hơn 1,1 tỷ đồng": a body and its share
        adjacent=regex.compile(
            rf"[\s:]{{1,3}}(?:\d+\s+(?:{alternation(lex.share_rounds)})\s+)?(?:(?:{alternation(lex.share_links)})\s+)?",
            regex.IGNORECASE,
        ),
        per_after=regex.compile(
            rf"(?:\s*/\s*|\s+(?:{alternation(lex.per_unit_markers)})\s+)([\p{{L}}\p{{M}}]+)", regex.IGNORECASE
        ),
        purpose_units=tuple(
            (name, whole_words(words.units, regex.IGNORECASE)) for name, words in lex.purposes.items() if words.units
        ),
        any_purpose_word=whole_words(vocabulary, regex.IGNORECASE),
        word_purpose=vocabulary,
        purpose_rank={name: rank for rank, name in enumerate(lex.purposes)},
        intended_for=regex.compile(rf"(?:{alternation(lex.intended_for)}){NO_LETTER_AFTER}", regex.IGNORECASE),
        thing_before=regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation(thing_words, 'backward')})"
            rf"(?:\s+(?:{alternation(lex.thing_complements, 'backward')}))?\s+$",
            regex.IGNORECASE | regex.REVERSE,
        ),
        things=regex.compile(
            rf"^(?:{alternation(thing_words)})"
            rf"{NO_LETTER_AFTER}",
            regex.IGNORECASE,
        ),
        price_before=_word_before(lex.shapes.price),
        grassroots=regex.compile(rf"^(?:{alternation(list(lex.union_spellings))})(?=\s)"),  # canonicals: one spelling
        sponsor_before=_word_before(lex.shapes.sponsor),
        earning_before=_word_before(lex.shapes.earning),
        compared_before=_before(lex.comparison_markers),
        through_body=regex.compile(
            rf"\s*,?\s*(?:{alternation(lex.shapes.through_body.words_after)})\s+", regex.IGNORECASE
        ),
        through_marker=whole_words(lex.shapes.through_body.markers, regex.IGNORECASE),
        into_fund_verb=regex.compile(rf"(?:{alternation(lex.shapes.into_fund.verbs_before)})\s+$", regex.IGNORECASE),
        into_fund=regex.compile(
            rf"\s*(?:{alternation(lex.shapes.into_fund.words_after)}){NO_LETTER_AFTER}", regex.IGNORECASE
        ),
        # "... để Công đoàn Công ty tổ chức", or the verb right after the amount ("dành 400 triệu đồng tổ chức 13
        # chương trình")
        event_after=regex.compile(
            rf"(?:[^,;.:]*?\s(?:{alternation(lex.shapes.event.markers)})\s(?:[^\s,;.:]+\s){{0,{lex.shapes.event.max_words}}}"
            rf"|\s+)(?:{alternation(lex.shapes.event.verbs)}){NO_LETTER_AFTER}",
            regex.IGNORECASE,
        ),
        event_opening=regex.compile(
            rf"[\W\d]*(?:{alternation(lex.shapes.event.nouns)}){NO_LETTER_AFTER}", regex.IGNORECASE
        ),
        pay_opening=regex.compile(
            rf"[\W\d]*(?:{alternation(lex.shapes.pay_opening.words)}){NO_LETTER_AFTER}", regex.IGNORECASE
        ),
        budget_before=whole_words(lex.shapes.event.budget_words, regex.IGNORECASE),
        budget_of_event=regex.compile(
            rf"{NO_LETTER_BEFORE}(?:{alternation(lex.shapes.event.budget_words)})\s+(?:{alternation(lex.shapes.event.of_words)})"
            rf"\s+(?:[\p{{L}}\p{{M}}\d]+\s+){{0,2}}?(?:{alternation(lex.shapes.event.nouns)}){NO_LETTER_AFTER}",
            regex.IGNORECASE,
        ),
        frame_words=whole_words(lex.purposes[lex.frame_purpose.purpose].words, regex.IGNORECASE),
        frame_strong={
            name: whole_words([w for w in lex.purposes[name].words if w not in set(words)], regex.IGNORECASE)
            for name, words in lex.frame_purpose.yielding_words.items()
        },
        frame_keeps={name: whole_words(words, regex.IGNORECASE) for name, words in lex.frame_purpose.keeps.items()},
        weak_words=tuple(
            (name, whole_words(words.weak, regex.IGNORECASE)) for name, words in lex.purposes.items() if words.weak
        ),
        generic=frozenset(word.lower() for word in lex.generic_units),
        kin_units={
            noun: regex.compile(rf"^(?:{alternation(kin)}){NO_LETTER_AFTER}") for noun, kin in lex.unit_kin.items()
        },
        not_recipient=frozenset(word.lower() for word in lex.not_recipient_units),
        unresolved=regex.compile(rf"\s(?:{alternation(levels)})$", regex.IGNORECASE),
        level_place=regex.compile(rf"\s((?:{alternation(levels)})\s+\p{{Lu}}.*)$"),
        generic_fund=regex.compile(rf"(?i:{alternation(lex.fund_words)})(?:\s+\p{{Ll}}\S*)+"),
    )


# ---------------------------------------------------------------------------
# What the earlier components found, arranged for look-ups by offset


@dataclass(frozen=True)
class Actor:
    """A body that can be a subject: an organization mention, or an official (standing for the
    body of the title). `canonical` is None for a body the article leaves unresolved."""

    start: int
    end: int
    canonical: str | None
    fund: bool = False


CARRY = "carry"  # the clause names no subject: the subject before it carries over
GENERIC = "generic"  # "các cấp công đoàn dành ...": a subject, but no one body


def official_body(official: Official, mentions: list[Organization]) -> str:
    """The canonical of the body an official's title is tied to: the organization mention with the
    official's `organization` text inside the official's span (as organizations canonicalized it)."""
    known = getattr(official, "organization_canonical", "")
    if known:
        return known
    if not official.organization:
        return ""
    inside = [m for m in mentions if official.char_start <= m.char_start and m.char_end <= official.char_end]
    exact = [m for m in inside if m.text == official.organization]
    chosen = exact or [m for m in inside if official.organization.startswith(m.text)]
    return chosen[-1].canonical if chosen else ""


def _actors(doc: Document, patterns: LinkPatterns) -> list[Actor]:
    mentions: list[Organization] = doc.results("organizations")
    officials: list[Official] = doc.results("officials")
    bodies = [(official, body) for official in officials if (body := official_body(official, mentions))]
    acting: list[tuple[int, int, str]] = [(official.char_start, official.char_end, body) for official, body in bodies]
    # "bà Đinh Thị Phương Dung trao tặng ...": a later mention of an official's name alone, right before a giving
    # verb, acts for the same body (one that only speaks, "ông X cho biết", names no subject)
    named = {official.name: body for official, body in bodies}
    if named:  # read back from each giving verb: a pass over the text per name made a dense article quadratic
        # nor one inside a body's name ("Công đoàn xã Sơn Dương trao": the commune, not a person "Sơn Dương")
        spans = Covering(
            [
                *((official.char_start, official.char_end) for official in officials),
                *((mention.char_start, mention.char_end) for mention in mentions),
            ]
        )
        sizes = sorted({len(name.split()) for name in named}, reverse=True)
        for verb in patterns.giving.finditer(doc.text):
            before = patterns.adverbs_before.search(doc.text, max(0, verb.start() - 80), verb.start())
            end = before.start() if before else verb.start()
            words = doc.text[max(0, end - 60) : end].split()
            for size in sizes:
                name = " ".join(words[-size:])
                if len(words) >= size and name in named:
                    start = end - len(name)
                    if doc.text[start:end] == name and not spans.contains(start, end):
                        acting.append((start, end, named[name]))
                    break
    actors = [Actor(start, end, body) for start, end, body in acting]
    officials_spans = Covering((start, end) for start, end, _ in acting)
    for mention in mentions:
        if officials_spans.contains(mention.char_start, mention.char_end):
            continue  # inside an official's span: the official stands for it
        if mention.rule == "organizations.host_noun" and patterns.kind_reference.fullmatch(mention.text):
            continue  # "công ty thưởng ...": a kind noun, which the links read in its clause (`_kind_subject`)
        fund = bool(patterns.fund.match(mention.canonical))
        actors.append(Actor(mention.char_start, mention.char_end, mention.canonical, fund))
    # "Công đoàn ngành" is the "Công đoàn ngành Giao thông vận tải tỉnh Khánh Hòa" the article names in
    # full; a bare level with no such name is left unresolved
    named = _named_in_full(sorted(actors, key=lambda actor: actor.start))
    return [Actor(a.start, a.end, _resolved(a.canonical, patterns), a.fund) if a.canonical else a for a in named]


def _named_in_full(actors: list[Actor]) -> list[Actor]:
    """A body referred to by the start of its name ("Công đoàn công ty", "Công đoàn Khu kinh tế") is the
    body named in full with that start: the nearest such name before it, else the first after it."""
    # Grouped by name and searched by prefix in the sorted names: every actor against every
    # other was quadratic on a dense article.
    by_name: dict[str, list[Actor]] = {}
    for a in actors:
        if a.canonical:
            by_name.setdefault(a.canonical.casefold(), []).append(a)
    names = sorted(by_name)
    resolved = []
    for actor in actors:
        # a name ending in a capitalized word or an abbreviation is a body's own ("Công đoàn VNPT" beside
        # "Công đoàn VNPT Hà Nội"); one ending in a common noun refers to a longer one
        if actor.canonical and actor.canonical.split()[-1][:1].islower():
            prefix = actor.canonical.casefold() + " "
            at, groups = bisect_left(names, prefix), []
            while at < len(names) and names[at].startswith(prefix):
                groups.append(by_name[names[at]])
                at += 1
            longer = sorted((a for group in groups for a in group), key=lambda a: a.start)
            if longer:
                earlier = [a for a in longer if a.start < actor.start]
                full = earlier[-1] if earlier else longer[0]
                actor = Actor(actor.start, actor.end, full.canonical, actor.fund)
        resolved.append(actor)
    return resolved


_ACTOR_ROOM = 200  # characters: no body's name or official's span is longer
_HONORIFIC_ROOM = 12  # characters before an official's span that an honorific may take ("đồng chí ")


def _joint_head(actors: list[Actor], index: int, joined: Callable[[Actor, Actor], bool]) -> int:
    """The index of the first actor of the joint subject that ends at `actors[index]` ("X, Y và Z"): back while each
    actor is `joined` to the one before it."""
    while index > 0 and joined(actors[index - 1], actors[index]):
        index -= 1
    return index


def _skip_blank(text: str, at: int) -> int:
    """The offset of the first character at or after `at` that is no space, comma or dash."""
    while at < len(text) and text[at] in " ,-–—":
        at += 1
    return at


def _resolved(canonical: str, patterns: LinkPatterns) -> str | None:
    """None for "Liên đoàn Lao động tỉnh" left bare, or a fund named by common nouns alone ("Quỹ
    tương trợ"): the article does not say which body it is."""
    if patterns.unresolved.search(canonical) or patterns.generic_fund.fullmatch(canonical):
        return None
    return canonical


def _within(items: list[_T], starts: list[int], start: int, end: int, end_of: Callable[[_T], int]) -> list[_T]:
    """The items (sorted by start, `starts` their starts) that lie wholly in [start, end)."""
    first, last = bisect_left(starts, start), bisect_left(starts, end)
    return [item for item in items[first:last] if end_of(item) <= end]


@dataclass
class Context:
    """The document and what earlier components found, indexed by offset (bisect, not scans:
    a 1 MB article has thousands of bodies and counts)."""

    doc: Document
    patterns: LinkPatterns
    actors: list[Actor]
    counts: list[Count]
    _actor_starts: list[int] = field(default_factory=list)
    _count_starts: list[int] = field(default_factory=list)
    _clause_subjects: dict[int, list[Any]] = field(default_factory=dict)
    _clauses: dict[tuple[int, int], list[tuple[int, int]]] = field(default_factory=dict)  # span -> its clauses
    _sentence_starts: list[int] = field(default_factory=list)
    recipients: list[Count] = field(default_factory=list)  # the counts that can receive money
    recipient_units: dict[int, str] = field(default_factory=dict)  # id -> unit, spellings unified
    _delegations: list[tuple[int, str]] | None = None
    money_starts: list[int] = field(default_factory=list)  # of the document's money facts, sorted
    # an amount asks for the verbs and the purpose words of the same spans several times
    verb_cache: dict[tuple[int, int], tuple[Verb, ...]] = field(default_factory=dict)
    purpose_cache: dict[tuple[int, int], str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.actors.sort(key=lambda a: a.start)
        self.counts.sort(key=lambda c: c.char_start)
        text = self.doc.text
        self.recipients = [
            c
            for c in self.counts
            if _is_recipient(c, self.patterns)
            and not self.patterns.place_before.search(text, max(0, c.char_start - 12), c.char_start)
        ]  # "cho 1.450 đoàn viên tại 6 doanh nghiệp": a count after "tại" is where, not who
        self.recipient_units = {id(c): _unit_words(c.unit, self.patterns) for c in self.recipients}
        self._actor_starts = [a.start for a in self.actors]
        self._count_starts = [c.char_start for c in self.counts]
        self._recipient_starts = [c.char_start for c in self.recipients]

    def actors_in(self, start: int, end: int) -> list[Actor]:
        return _within(self.actors, self._actor_starts, start, end, lambda a: a.end)

    def actor_at(self, offset: int) -> Actor | None:
        """The actor that starts at `offset` ("đoàn công tác của |X", "cho |X để ..."), if any."""
        actor = next(iter(self.actors_in(offset, offset + _ACTOR_ROOM)), None)
        return actor if actor is not None and actor.start == offset else None

    def actors_before(self, end: int) -> Iterator[Actor]:
        """The actors that lie wholly before `end`, nearest first (a walk back, not a list of all of
        them: a dense article asks this for every amount)."""
        for at in range(bisect_left(self._actor_starts, end) - 1, -1, -1):
            if self.actors[at].end <= end:
                yield self.actors[at]

    def money_in(self, start: int, end: int) -> bool:
        at = bisect_left(self.money_starts, start)
        return at < len(self.money_starts) and self.money_starts[at] < end

    def counts_from(self, start: int, end: int) -> bool:
        """Does a count of bodies or people, not of things given, start in [start, end) ("3 đơn vị chi
        sai ...": its unit may run past `end`; "trong đó 25 suất dành cho ...": things)?"""
        first, last = bisect_left(self._count_starts, start), bisect_left(self._count_starts, end)
        return self._of_givers(self.counts[first:last])

    def counts_within(self, start: int, end: int) -> bool:
        """Does a count of bodies or people, not of things given, lie inside [start, end)?"""
        return self._of_givers(self.counts_in(start, end))

    def _of_givers(self, counts: Iterable[Count]) -> bool:
        return any(not self.patterns.things.search(c.unit) for c in counts)

    def count_over(self, start: int, position: int) -> bool:
        """Does a count that starts in [start, position) reach past `position` ("3 doanh nghiệp")?"""
        first, last = bisect_left(self._count_starts, start), bisect_left(self._count_starts, position)
        return any(c.char_end > position for c in self.counts[first:last])

    def counts_in(self, start: int, end: int) -> list[Count]:
        return _within(self.counts, self._count_starts, start, end, lambda c: c.char_end)

    def recipients_in(self, start: int, end: int) -> list[Count]:
        return _within(self.recipients, self._recipient_starts, start, end, lambda c: c.char_end)

    def last_recipient_before(self, offset: int, unit: regex.Pattern[str], match: bool = False) -> Count | None:
        """The last recipient that ends before `offset` whose unit has (or, with match, starts with) the noun."""
        test = unit.match if match else unit.search
        for at in range(bisect_left(self._recipient_starts, offset) - 1, -1, -1):
            count = self.recipients[at]
            if count.char_end <= offset and test(self.recipient_units[id(count)]):
                return count
        return None

    def sentence_index(self, sentence: Span) -> int:
        """The position of `sentence` in the document's sentences (-1 when it is none of them)."""
        starts = self._sentence_starts or [s.start for s in self.doc.sentences]
        self._sentence_starts = starts
        index = bisect_left(starts, sentence.start)
        return index if index < len(starts) and self.doc.sentences[index] == sentence else -1

    def delegation_before(self, offset: int) -> str | None:
        """The body of the last delegation named with its body before `offset` ("đoàn công tác của X")."""
        if self._delegations is None:
            self._delegations = []
            text, p = self.doc.text, self.patterns
            for match in p.delegation.finditer(text):
                actor = self.actor_at(match.end())
                if actor is not None and actor.canonical:
                    self._delegations.append((match.start(), actor.canonical))
                    continue
                # "Chủ tịch LĐLĐ tỉnh X Nguyễn Văn A cùng đoàn công tác": the official leads it
                companion = p.delegation_companion.search(text, max(0, match.start() - 12), match.start())
                leader = next(self.actors_before(match.start()), None)
                if companion and leader and leader.canonical and not text[leader.end : companion.start()].strip():
                    self._delegations.append((match.start(), leader.canonical))
            for match in p.delegation_led.finditer(text):
                # "Đoàn công tác do ông X - Chủ tịch LĐLĐ tỉnh dẫn đầu": the official's body
                actor = next(iter(self.actors_in(match.end(), match.end() + _ACTOR_ROOM)), None)
                if (
                    actor is not None
                    and actor.canonical
                    and actor.start - match.end() <= _HONORIFIC_ROOM
                    and p.delegation_leading.match(text, _skip_blank(text, actor.end))
                ):
                    self._delegations.append((match.start(), actor.canonical))
            for actor in self.actors:
                # "Ban Công đoàn Quốc phòng cử đoàn đến 4 đơn vị ... Đoàn cũng đến thăm ...": the body that sends it
                if actor.canonical and not actor.fund and p.delegation_sent.match(text, actor.end):
                    self._delegations.append((actor.start, actor.canonical))
            for at, actor in enumerate(self.actors):
                # "LĐLĐ tỉnh X đến thăm ...": the visitors are the delegation a later "đoàn" means; of "A cùng
                # đồng chí B đã đến thăm" A leads
                if not (actor.canonical and not actor.fund and p.visiting.match(text, actor.end)):
                    continue
                at = _joint_head(self.actors, at, lambda a, b: bool(p.visit_joiner.fullmatch(text, a.end, b.start)))
                leader = self.actors[at]
                if leader.canonical and not p.not_subject_before.search(text, max(0, leader.start - 30), leader.start):
                    self._delegations.append((leader.start, leader.canonical))
            self._delegations.sort()
        found = [body for start, body in self._delegations if start < offset]
        return found[-1] if found else None

    def phrase_breaks(self, start: int, end: int) -> list[regex.Match[str]]:
        """The phrase breaks in [start, end), but for those inside a body's name ("Công ty Thủy sản
        Minh Phú - Hậu Giang", "Ban Quản lý Khu kinh tế X và các Khu công nghiệp Y")."""
        return [
            b
            for b in self.patterns.phrase_break.finditer(self.doc.text, start, end)
            if not self.inside_actor(b.start())
        ]

    def phrase_start(self, clause_start: int, position: int) -> int:
        """Where the phrase ending at `position` starts: after the last phrase break since `clause_start`."""
        breaks = self.phrase_breaks(clause_start, position)
        return breaks[-1].end() if breaks else clause_start

    def clauses(self, start: int, end: int) -> list[tuple[int, int]]:
        """text[start:end] (a sentence, or its part before a clause) cut at its clause breaks, as absolute (start,
        end) pairs. Cut once: an amount's links ask for its clause a dozen times."""
        clauses = self._clauses.get((start, end))
        if clauses is None:
            clauses = _pieces(start, end, self.patterns.clause_break.finditer(self.doc.text, start, end))
            self._clauses[start, end] = clauses
        return clauses

    def clause_at(self, offset: int) -> tuple[int, int]:
        """The clause of its sentence that holds `offset`, as an absolute (start, end)."""
        sentence = self.doc.sentence_at(offset)
        clauses = self.clauses(sentence.start, sentence.end)
        return clauses[_around(clauses, offset)]

    def phrase_at(self, clause: tuple[int, int], offset: int) -> tuple[int, int]:
        """The phrase of `clause` that holds `offset` (`phrases`), as an absolute (start, end)."""
        phrases = self.phrases(*clause)
        return phrases[_around(phrases, offset)]

    def phrases(self, start: int, end: int) -> list[tuple[int, int]]:
        """text[start:end] cut at its phrase breaks (`phrase_breaks`), as absolute (start, end) pairs."""
        return _pieces(start, end, self.phrase_breaks(start, end))

    def inside_actor(self, offset: int) -> bool:
        index = bisect_right(self._actor_starts, offset) - 1
        # bodies do not nest in the actor list, but an official's span may hold a longer one before it
        return any(a.start <= offset < a.end for a in self.actors[max(0, index - 3) : index + 1])


def _pieces(start: int, end: int, breaks: Iterable[regex.Match[str]]) -> list[tuple[int, int]]:
    """[start, end) cut at every break found in it, as absolute (start, end) pairs, none empty."""
    pieces, begin = [], start
    for match in breaks:
        pieces.append((begin, match.start()))
        begin = match.end()
    pieces.append((begin, end))
    return [(a, b) for a, b in pieces if b > a]


def _around(pieces: list[tuple[int, int]], offset: int) -> int:
    for index, (start, end) in enumerate(pieces):
        if start <= offset < end:
            return index
    return max(0, bisect_right([start for start, _ in pieces], offset) - 1)


# ---------------------------------------------------------------------------
# Giver


@dataclass(frozen=True)
class Verb:
    start: int
    end: int
    kind: str  # giving, receiving, delegating, acting or works


def _verbs(ctx: Context, start: int, end: int) -> tuple[Verb, ...]:
    known = ctx.verb_cache.get((start, end))
    if known is None:
        known = ctx.verb_cache[start, end] = _find_verbs(ctx, start, end)
    return known


def _acting_verbs(ctx: Context, start: int, end: int) -> list[Verb]:
    """The acting verbs in [start, end) ("tổ chức", "đến thăm"): they hold a subject but give nothing."""
    return [Verb(m.start(), m.end(), "acting") for m in ctx.patterns.acting.finditer(ctx.doc.text, start, end)]


def _find_verbs(ctx: Context, start: int, end: int) -> tuple[Verb, ...]:
    text, p = ctx.doc.text, ctx.patterns
    found: dict[int, Verb] = {}
    verb_patterns = (  # at one start, the first kind found of a length stays ("vận động" delegates)
        ("delegating", p.delegating),
        ("giving", p.giving),
        ("giving", p.split_giving),
        ("receiving", p.receiving),
    )
    for kind, pattern in verb_patterns:
        for match in pattern.finditer(text, start, end):
            noun = p.not_verb.match(text, match.start())
            before = p.noun_before.search(text, start, match.start())
            if (noun and noun.end() >= match.end()) or (before and not ctx.inside_actor(before.start())):
                # "chi phí", "chi nhánh", "quà tặng", "mức hỗ trợ": a noun ("thưởng Tết cho": a verb); but
                # "Công đoàn xã Hà Trung trao": the word before ends a body's name, the verb is one
                continue
            if ctx.inside_actor(match.start()):
                continue  # a word inside a body's name ("Quỹ Hỗ trợ ...")
            if (
                kind == "giving"
                and p.intended_for.match(text, match.start())
                and p.thing_before.search(text, max(0, match.start() - 40), match.start())
            ):
                continue  # "15 suất học bổng dành cho con đoàn viên": whom the thing is for
            known = found.get(match.start())
            # "được nhận" over "nhận"; a receiving form over the giving word inside it ("được tặng")
            if known is None or match.end() - match.start() > known.end - known.start:
                found[match.start()] = Verb(match.start(), match.end(), kind)
    # a verb inside a longer one found at an earlier start ("được tặng" holds "tặng")
    verbs = sorted(found.values(), key=lambda v: v.start)
    return tuple(v for v in verbs if not any(o.start < v.start < o.end for o in verbs))


def _subject(ctx: Context, clause_start: int, verb: Verb) -> str | None | object:
    """The subject of `verb` in its clause: a canonical, None (a body left unresolved), GENERIC
    (a plural or counted subject: nobody in particular) or CARRY (none named here)."""
    text, p = ctx.doc.text, ctx.patterns
    if verb.kind == "receiving":
        # "nhận quà của Sở GD&ĐT": the source in the verb's own phrase
        phrase = ctx.phrases(verb.end, ctx.doc.sentence_at(verb.start).end)[0]
        for actor in ctx.actors_in(verb.end, phrase[1]):
            if not actor.fund and p.source_before.search(text, verb.end, actor.start):
                return actor.canonical
        return None if p.owner_marker.search(text, verb.end, phrase[1]) else CARRY
    # "công đoàn phường vừa trao 180 suất quà": a common noun for a body of its kind named before (so the
    # next sentence's amounts carry it too)
    kind = _kind_subject(ctx, clause_start, verb.end)  # the verb in view: the kind noun is its subject
    if kind is GENERIC or kind:
        return kind
    # a break inside a body's name ("Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp") ends no phrase
    phrase_start = ctx.phrase_start(clause_start, verb.start)
    if p.delegation_pronoun.fullmatch(text, phrase_start, verb.start):
        delegation = ctx.delegation_before(phrase_start)
        if delegation:
            return delegation  # "đoàn công tác của X ... Dịp này, đoàn trao"
    if _pronoun_subject(ctx, clause_start, verb.start):
        # "Theo Công đoàn Xây dựng Việt Nam, năm 2025 đơn vị đã chi ...": the body the sentence cites
        framed = _frame_owner(ctx, verb.start, direct=True)
        if framed is not CARRY:
            return framed
        speaker = _speaker_before(ctx, phrase_start)
        if speaker is not None:
            return speaker
        if p.organizer.fullmatch(text, phrase_start, verb.start):
            # "LĐLĐ tỉnh tổ chức Hội thao ... Ban tổ chức trao giải": the body that organized it
            organizer = _organizer_before(ctx, phrase_start)
            if organizer is not CARRY:
                return organizer
        return CARRY  # "Thay mặt X, đơn vị cũng trao", "Ban tổ chức đã trao": named before
    passive = p.agent_before.search(text, phrase_start, verb.start)
    markers = list(p.agent_marker.finditer(text, phrase_start, verb.start))
    lends = bool(p.lending.match(text, verb.start) or p.split_giving.match(text, verb.start))
    if markers and not passive:
        # "được Quỹ Trợ vốn CEP cho vay", "được Quỹ Xã hội Công đoàn tỉnh hỗ trợ": a fund gives in its own right
        agents = ctx.actors_in(markers[-1].end(), verb.start)
        if not agents:
            if _pronoun_subject(ctx, markers[-1].end(), verb.start):
                return CARRY  # "được Ban tổ chức phát": named before
            kind = p.kind_reference.fullmatch(text, _skip_blank(text, markers[-1].end()), verb.start - 1)
            if kind:
                # "9 hộ còn được Hội hỗ trợ 45 triệu đồng": a kind noun alone as the agent is the body of that kind
                # named before
                named = _kind_named_before(ctx, kind["kind"], markers[-1].start())
                return GENERIC if named is None else named
            return GENERIC  # "được công đoàn cơ sở của công ty hỗ trợ": an agent, but no named body
        while len(agents) > 1 and p.not_subject_before.search(text, markers[-1].end(), agents[-1].start):
            agents.pop()  # "được LĐLĐ tỉnh của X trao": the agent, not its genitive
        # "được Quỹ X của LĐLĐ thành phố cho vay": the owner written with a lending fund lends
        return _lender(ctx, agents[0], verb.start) if agents[0].fund else agents[0].canonical
    # bodies that can be the subject: none after "của", "với", "ở" ... ("phối hợp với Quỹ X giải ngân")
    # "công nhân Công ty X được hỗ trợ": the bodies in a passive verb's own phrase receive
    candidates = ctx.actors_in(clause_start, phrase_start if passive else verb.start)
    before = _subject_candidates(ctx, candidates, clause_start)
    if not passive:
        # "Đoàn của Tổng LĐLĐ Việt Nam trao", "các đoàn công tác của LĐLĐ tỉnh đã đến thăm và trao": a
        # delegation of a body, before any other subject, acts for that body
        for match in p.delegation.finditer(text, clause_start, verb.start):
            if [a for a in before if a.start < match.start()]:
                break
            sent = next(iter(ctx.actors_in(match.end(), verb.start)), None)
            if (
                sent is not None
                and sent.start == match.end()
                and p.delegation_link.search(text, match.start(), sent.start)
            ):
                return sent.canonical
    if passive and not before:
        framed = _frame_owner(ctx, verb.start)
        if framed is not CARRY:
            return framed
    people = p.people.match(text, phrase_start, verb.start)
    in_phrase = [a for a in before if a.start >= phrase_start]
    if not passive and (
        # "đoàn viên cơ quan Tổng LĐLĐ Việt Nam đã quyên góp": people of a body, not the body
        (people and all(a.start >= people.end() for a in in_phrase))
        or (
            not in_phrase
            and (p.plural.search(text, phrase_start, verb.start) or ctx.counts_from(phrase_start, verb.start))
        )
    ):
        # "các cấp công đoàn dành ...", "34 công đoàn cơ sở phối hợp ...", "người lao động toàn ngành đã
        # ủng hộ ...": no one body
        return GENERIC
    # "đã có 34 CĐCS phối hợp ..., trao quà cho ...": verbs chained by commas share a subject
    first = min(
        [
            *_verbs(ctx, clause_start, verb.start),
            *_acting_verbs(ctx, clause_start, verb.start),
        ],
        key=lambda v: v.start,
        default=verb,
    )
    first_phrase = ctx.phrase_start(clause_start, first.start)
    if (
        not passive
        and first is not verb
        and not [a for a in before if a.start >= first_phrase]
        and p.plural.search(text, first_phrase, first.start)
    ):
        # "Bà X - Phó Chủ tịch LĐLĐ tỉnh cho biết, các cấp công đoàn đã thăm, tặng ...": the chain's plural
        # subject, not the speaker's body before it ("LĐLĐ thị xã và các công đoàn cơ sở đã thăm hỏi, tặng
        # quà": a joint subject's first body)
        return _joint_first(ctx, clause_start, first) or GENERIC
    for index in range(len(before) - 1, -1, -1):
        actor = before[index]
        if actor.fund:
            if lends:
                return _lender(ctx, actor, verb.start)  # "Quỹ Trợ vốn CEP Bắc Ninh ký kết cho vay"
            owner = _owner_of_fund(ctx, actor, verb.start, named_only=True)
            if owner is not CARRY:
                return owner
            # "Dịp này, Quỹ Tấm lòng vàng ... đã trao", "riêng Quỹ Mái ấm ... hỗ trợ": a fund opening the
            # phrase (a breakdown word aside) with no owner written gives itself
            lead = text[phrase_start : actor.start].strip(" ,")
            if (
                phrase_start <= actor.start
                and (not _LETTER.search(lead) or p.breakdown.fullmatch(lead))
                and not p.owner_after.match(text, actor.end)
            ):
                return actor.canonical
            continue  # a fund named before the subject ("từ Quỹ X, LĐLĐ tỉnh trao")
        # "X, Y và Z đã trao": the first of a joint subject; "Chủ tịch X Nguyễn Văn A cùng lãnh đạo tỉnh và Y
        # đã trao": the body of the official who leads, with the others along
        index = _joint_head(before, index, lambda a, b: bool(p.joiner.match(text[a.end : b.start])))
        leader = next((a for a in before[:index] if p.leading.match(text, a.end, verb.start)), None)
        return (leader or before[index]).canonical
    if first is not verb and p.delegation_pronoun.fullmatch(text, first_phrase, first.start):
        delegation = ctx.delegation_before(first_phrase)
        if delegation:
            return delegation  # "Đoàn đã đến thăm, tặng quà ...": the chain's subject is the delegation
    # "34 CĐCS đã trao ...": counted bodies or people give as nobody in particular; "12 suất còn lại trao cho hộ
    # nghèo": counted things are what is given, the subject is carried
    if not p.agent_before.search(text, clause_start, first.start) and (
        p.plural.search(text, first_phrase, first.start) or ctx.counts_within(clause_start, first.start)
    ):
        return GENERIC
    return CARRY


def _speaker_before(ctx: Context, phrase_start: int) -> str | None:
    """The body of the speaker whose words start at `phrase_start` ("Bà X - Chủ tịch Công đoàn công ty cho
    biết, công đoàn đã tặng ..."): a pronoun subject in reported words stands for who reports them."""
    sentence = ctx.doc.sentence_at(phrase_start)
    speaker = next(ctx.actors_before(phrase_start), None)
    if speaker is None or speaker.start < sentence.start or not speaker.canonical:
        return None
    return speaker.canonical if ctx.patterns.speech.fullmatch(ctx.doc.text, speaker.end, phrase_start) else None


def _joint_first(ctx: Context, clause_start: int, verb: Verb) -> str | None:
    """The first body of a joint subject that plural bodies end ("LĐLĐ tỉnh X, Công đoàn phường và các đơn vị tài
    trợ đã trao"): it gives the clause's amount (dev AMBIGUOUS: joint subjects give the first-named). Only for the
    amount's own clause: carried to later sentences the subject stays plural, nobody in particular."""
    text, p = ctx.doc.text, ctx.patterns
    phrase_start = ctx.phrase_start(clause_start, verb.start)
    plural = p.plural.search(text, phrase_start, verb.start)
    # "... và hai doanh nghiệp tổ chức": counted bodies end it as plural ones do
    counted = ctx.counts_in(phrase_start, verb.start)
    plural_start = plural.start() if plural else counted[0].char_start if counted else None
    before = _subject_candidates(ctx, ctx.actors_in(clause_start, verb.start), clause_start)
    if (
        plural_start is None
        or not before
        or before[-1].end > plural_start
        or not p.joiner.match(text[before[-1].end : plural_start])
    ):
        return None
    return before[
        _joint_head(before, len(before) - 1, lambda a, b: bool(p.joiner.match(text[a.end : b.start])))
    ].canonical


def _verb_object(ctx: Context, clause_start: int, actor: Actor) -> bool:
    """Does the actor stand right after a verb of its clause, as its object ("đến thăm Công ty X, trao
    ...", "trao tặng LĐLĐ tỉnh X 300 triệu đồng": the visited and the receiver, not who gives)?"""
    text = ctx.doc.text
    verbs = [*_verbs(ctx, clause_start, actor.start), *_acting_verbs(ctx, clause_start, actor.start)]
    # "đến thăm Đội Quản lý điện lực khu vực Long Xuyên và Công ty Lưới điện cao thế An Giang, trao ...": a name the
    # article lists no body for, joined to the actor, is the object first
    return any(
        not text[v.end : actor.start].strip() or ctx.patterns.conjoined_name.fullmatch(text, v.end, actor.start)
        for v in verbs
    )


def _subject_candidates(ctx: Context, actors: list[Actor], clause_start: int) -> list[Actor]:
    """The actors that may be a subject: none after "của", "tại", "với" ..., nor one listed with such an
    actor ("Tại Công ty X và Công ty Y, đoàn đã ... trao": Y is where, as X is)."""
    text, p = ctx.doc.text, ctx.patterns
    kept: list[Actor] = []
    previous: tuple[Actor, bool] | None = None
    for index, actor in enumerate(actors):
        excluded = bool(
            p.not_subject_before.search(text, clause_start, actor.start)
            # "trao 27 suất quà cho học sinh – sinh viên Trường Cao đẳng nghề X, ..., và tặng quà": people's body
            or p.people_before.search(text, clause_start, actor.start)
            or p.place_list.search(text, max(clause_start, actor.start - 100), actor.start)
            or _verb_object(ctx, clause_start, actor)
        )
        if previous and previous[1]:
            between = text[previous[0].end : actor.start]
            # "đến Công ty A, Công ty B và Công ty C, trao ...": a list goes on through its commas to its "và"
            listed = between.strip() == "," and any(
                p.and_joiner.fullmatch(text[a.end : b.start]) for a, b in zip(actors[index:], actors[index + 1 :])
            )
            # "X phối hợp Đoàn Thanh niên, Hội Liên hiệp Phụ nữ phường tổ chức ...": partners listed with commas
            partners = between.strip() == "," and p.partner_before.search(text, clause_start, previous[0].start)
            if p.and_joiner.fullmatch(between) or listed or partners:
                excluded = True
        if not excluded:
            kept.append(actor)
        previous = (actor, excluded)
    return kept


def _frame_owner(ctx: Context, position: int, direct: bool = False) -> str | None | object:
    """The body whose plan a sentence opens with ("Theo kế hoạch ... của Công đoàn Y tế Việt Nam, ..."),
    or, with `direct`, the body it cites ("Theo Công đoàn Xây dựng Việt Nam, ..."), when that opening
    phrase ends before `position`; CARRY when the sentence has none."""
    text, p = ctx.doc.text, ctx.patterns
    sentence = ctx.doc.sentence_at(position)
    frame = p.frame.match(text, sentence.start, position) or (
        p.frame_direct.match(text, sentence.start, position) if direct else None
    )
    if not frame:
        return CARRY
    owner = next(iter(ctx.actors_in(frame.end(), position)), None)
    if owner is None or owner.start != frame.end() or not p.phrase_break.match(text, owner.end):
        return CARRY
    return owner.canonical


def _pronoun_subject(ctx: Context, clause_start: int, position: int) -> bool:
    """Is the phrase up to a verb at `position` a word standing for a subject ("đoàn trao", "Ban tổ
    chức đã trao", "năm 2025 đơn vị đã chi"), nothing else before it but adverbs and a time?
    ("30 đoàn viên được ... hỗ trợ" is not.)"""
    phrase_start = ctx.phrase_start(clause_start, position)
    dates: list[Any] = ctx.doc.facts.get(DATES, [])
    at = bisect_left(dates, phrase_start, key=lambda d: d.char_start)
    if (
        at < len(dates)
        and dates[at].char_end < position
        and not ctx.doc.text[phrase_start : dates[at].char_start].strip()
    ):
        phrase_start = dates[at].char_end  # a time opening the phrase
    return bool(ctx.patterns.pronoun.fullmatch(ctx.doc.text, phrase_start, position))


def _sentence_subject(ctx: Context, sentence: Span, skip: tuple[int, int] | None = None) -> list[Any]:
    """The subjects of the sentence's verbs (giving, delegating and acting ones), in order, and of
    a body opening the sentence; the clause `skip` left out."""
    text, p = ctx.doc.text, ctx.patterns
    subjects: list[Any] = []
    speaker: list[Any] = []
    first = ctx.actors_in(sentence.start, sentence.end)[:1]
    if first and not first[0].fund and not p.not_subject_before.search(text, sentence.start, first[0].start):
        # "LĐLĐ tỉnh Phú Thọ vừa đưa ...": a body opening a phrase of the sentence is its subject; an
        # official named with an honorific ("Chị X, Chủ tịch Công đoàn cơ sở ... cho biết, ...") most
        # often speaks: her body comes after the subjects of the sentence's verbs
        breaks = ctx.phrase_breaks(sentence.start, first[0].start)
        opening = breaks[-1].end() if breaks else sentence.start
        lead = text[opening : first[0].start].strip(" \"“”'‘’")
        if not lead:
            subjects.append(first[0].canonical)
        elif p.honorific.fullmatch(lead):
            speaker.append(first[0].canonical)
    for clause_start, clause_end in ctx.clauses(sentence.start, sentence.end):
        if skip and clause_start == skip[0]:
            continue
        if clause_start not in ctx._clause_subjects:
            ctx._clause_subjects[clause_start] = _clause_subjects(ctx, clause_start, clause_end)
        subjects += ctx._clause_subjects[clause_start]
    return subjects + speaker


def _clause_subjects(ctx: Context, clause_start: int, clause_end: int) -> list[Any]:
    """Canonicals (None: unresolved) and GENERIC, in order."""
    subjects: list[Any] = []
    verbs = [v for v in _verbs(ctx, clause_start, clause_end) if v.kind != "receiving"]
    verbs += _acting_verbs(ctx, clause_start, clause_end)
    for verb in sorted(verbs, key=lambda v: v.start):
        subject = _subject(ctx, clause_start, verb)
        if subject is GENERIC:
            subjects.append(GENERIC)  # "các cấp công đoàn ...": a later clause's amount is nobody's for sure
        elif subject is not CARRY:
            subjects.append(subject)  # type: ignore[arg-type]
    return subjects


def _body_of(ctx: Context, actor: Actor, end: int) -> str | None | object:
    """The body money named with `actor` is given by: the actor's, or a fund's owner (CARRY when the
    article names none)."""
    return _owner_of_fund(ctx, actor, end) if actor.fund else actor.canonical


def _owner_of_fund(ctx: Context, fund: Actor, end: int, named_only: bool = False) -> str | None | object:
    """The body a fund belongs to: "Quỹ X của Y" / "thuộc Y" -> Y; "Quỹ Xã hội Công đoàn tỉnh Tiền
    Giang" alone -> the union body of that level and place the article names (LĐLĐ tỉnh Tiền Giang),
    unless `named_only`."""
    text, p = ctx.doc.text, ctx.patterns
    for actor in ctx.actors_in(fund.end, end):
        if actor.fund:
            continue
        if p.owner_before.search(text, fund.end, actor.start):
            return actor.canonical
        managed = p.manager_before.fullmatch(text, fund.end, actor.start) and p.manager_verb.match(text, actor.end)
        if managed and not named_only:
            # "trích từ Quỹ “Mái ấm Công đoàn” do LĐLĐ thành phố quản lý": the manager's money; a fund that
            # lends or acts as the subject stays itself (the gold's convention)
            return actor.canonical
    place = None if named_only else p.level_place.search(fund.canonical or "")
    if place:
        for head in p.lex.fund_owner_heads:
            for actor in ctx.actors:
                name = actor.canonical or ""
                if not actor.fund and name.startswith(head) and name.endswith(" " + place.group(1)):
                    return name
    return CARRY


def _fund_owner(ctx: Context, start: int, end: int) -> str | None | object:
    """ "lấy từ quỹ ... của LĐLĐ TP. Huế": the body that owns the fund the money comes from."""
    text, p = ctx.doc.text, ctx.patterns
    fund = p.fund.search(text, start, end)
    if not fund:
        return CARRY
    for actor in ctx.actors_in(fund.start(), end):
        if actor.start > fund.start() and not actor.fund and p.owner_before.search(text, fund.start(), actor.start):
            return actor.canonical
    named = next((a for a in ctx.actors_in(fund.start(), end) if a.fund and a.start == fund.start()), None)
    if named is not None:
        return _owner_of_fund(ctx, named, end)  # "từ Quỹ “Mái ấm Công đoàn” tỉnh Hưng Yên": its level and place
    return CARRY


def _named_after(ctx: Context, money: Money, clause_end: int) -> str | None | object:
    """A giver named after the amount: its owner right after it ("trao 90 triệu đồng của Tổng LĐLĐ Việt
    Nam"), or the agent of a verb after it ("tổng kinh phí 1 tỷ đồng do LĐLĐ tỉnh, LĐLĐ thị xã và các
    doanh nghiệp đóng góp": the first of a joint agent). CARRY when neither."""
    text, p = ctx.doc.text, ctx.patterns
    owner = p.owner_after.match(text, money.char_end, clause_end) or p.source_after.match(
        text, money.char_end, clause_end
    )
    if owner:
        actor = next(iter(ctx.actors_in(owner.end(), clause_end)), None)
        if actor is not None and actor.start == owner.end():
            return _body_of(ctx, actor, clause_end)
    marker = p.agent_after.match(text, money.char_end, clause_end)
    if marker is None:
        # "10 triệu đồng trợ cấp do bà X ... trao": a word of what the amount is for may come first
        noun = p.agent_after_noun.match(text, money.char_end, clause_end)
        if noun and _purpose_between(ctx, money.char_end, noun.start("marker")):
            marker = noun
    if marker:
        agents = ctx.actors_in(marker.end(), clause_end)
        # "do bà Hoàng Thị Lam, Phó Chủ tịch LĐLĐ tỉnh trao": an official after an honorific
        lead = text[marker.end() : agents[0].start].strip() if agents else ""
        if agents and (not lead or p.honorific.fullmatch(lead)) and _verbs(ctx, agents[0].end, clause_end):
            return agents[0].canonical
        kind = p.kind_subject.match(text, marker.end(), clause_end)
        if kind and not (agents and agents[0].start < kind.end()):
            # "20 triệu đồng do công ty hỗ trợ": a kind noun as the agent is the body of that kind named before
            named = _kind_named_before(ctx, kind["kind"], money.char_start)
            return CARRY if named is None else named
    return CARRY


def _kind_subject(ctx: Context, clause_start: int, position: int) -> str | None | object:
    """The body a common noun opening a phrase before `position` stands for ("công ty sẽ thưởng Tết",
    "doanh nghiệp cũng thưởng"): the nearest body named before whose name starts with a head of the
    noun's kind, also inside a longer name ("Công đoàn cơ sở Công ty X" names "Công ty X")."""
    text, p = ctx.doc.text, ctx.patterns
    for phrase_start, _ in reversed(ctx.phrases(clause_start, position)):
        found = p.kind_subject.search(text, phrase_start, position)
        if (
            not found
            or p.not_kind_before.search(text, phrase_start, found.start("kind"))
            or ctx.inside_actor(found.start("kind"))
            or ctx.count_over(phrase_start, found.start("kind"))
            # "LĐLĐ thành phố tặng công đoàn cơ sở mới 10 triệu đồng": after a giving verb, who receives; "LĐLĐ tỉnh
            # đã vận động 12 đơn vị, doanh nghiệp hỗ trợ ...": after a delegating verb of its clause, who is asked to
            or _verbs(ctx, phrase_start, found.start("kind"))
            or any(v.kind == "delegating" for v in _verbs(ctx, clause_start, found.start("kind")))
            or (
                p.fund.fullmatch(found["kind"])
                and found["kind"][0].islower()
                and text[phrase_start : found.start("kind")].strip(" ,;")
            )
        ):
            # "cho doanh nghiệp", "mỗi doanh nghiệp", "công đoàn công ty", "3 doanh nghiệp nợ ...", "tặng công đoàn cơ
            # sở": no such subject;
            # "duy trì quỹ góp vốn": a fund named before is written "Quỹ", a lower-case one inside a phrase is any
            # fund; opening its phrase ("Năm nay, quỹ vẫn thưởng ...") it is the fund named before
            continue
        if ctx.actors_in(found.end(), position):
            return None  # a body named after the noun ("công ty trao cho LĐLĐ tỉnh"): the clause's grammar decides
        named_first = ctx.actors_in(clause_start, found.start("kind"))
        if named_first and p.and_joiner.fullmatch(text, named_first[-1].end, found.start("kind")):
            # "Công ty X và công đoàn cơ sở công ty góp thêm 20 triệu đồng": of a joint subject the first named
            # gives, as of two bodies named in full
            return None
        # "Công đoàn công ty và Ban Giám đốc còn trao ...": of a joint subject the first named gives, when it opens
        # its own phrase
        joint = p.kind_joint.search(text, clause_start, found.start("kind"))
        if joint and ctx.phrase_start(clause_start, joint.start("kind")) == _skip_blank(text, joint.start()):
            found = joint
        host_union = p.lex.host_unions.get(found["kind"].casefold())
        if host_union:
            sentence = ctx.doc.sentence_at(position)
            host = next(
                (
                    a
                    for a in reversed(ctx.actors_in(sentence.start, found.start("kind")))
                    if _is_enterprise(a.canonical, p)
                ),
                None,
            )
            if host is not None:
                # "Tại Công ty X, công đoàn cơ sở trao ...": the union as the article spells it ("Công đoàn Công ty X")
                return _as_spelled(ctx, f"{host_union} {host.canonical}")
        for actor in ctx.actors_before(found.start("kind")):
            if actor.fund and actor.canonical is None and p.fund.fullmatch(found["kind"]):
                return GENERIC  # "Quỹ tương trợ do ... đóng góp. Quỹ đã cho ... vay": no one body
            named = _of_kind(p, found["kind"], actor)
            if named and actor.fund:
                # "Quỹ đã giải ngân": a lender; "Quỹ “Mái ấm công đoàn” của LĐLĐ tỉnh ... Quỹ đã vận động": its
                # named owner; an owner-less fund the subject gives itself ("Năm nay, quỹ vẫn thưởng ...")
                if any(v.search(text, found.end(), position) for v in (p.lending, p.split_giving)):
                    return _lender(ctx, actor, position)
                owner = _owner_of_fund(ctx, actor, position, named_only=True)
                return actor.canonical if owner is CARRY else owner
            if named:
                return named
        return None
    return None


def _kind_named_before(ctx: Context, kind: str, position: int) -> str | None:
    """The body of `kind` ("Hội", "công ty") named last before `position`, the part of its name of that kind."""
    return next((named for a in ctx.actors_before(position) if (named := _of_kind(ctx.patterns, kind, a))), None)


def _of_kind(p: LinkPatterns, kind: str, actor: Actor) -> str | None:
    """The part of `actor`'s name that is a body of `kind` (a key of `kind_subjects` or `kind_owners`), from the
    first head of that kind it holds ("Công ty X" of "Công đoàn cơ sở Công ty X" for "công ty"); None when it holds
    none."""
    for head in p.kind_heads[kind.casefold()]:
        at = regex.search(rf"(?:^|\s){regex.escape(head)}\s", actor.canonical or "")
        if at:
            return (actor.canonical or "")[at.start() :].strip()
    return None


def _as_spelled(ctx: Context, union: str) -> str:
    """A grassroots union's name as one of the article's bodies spells it, with or without "cơ sở" ("Công đoàn cơ
    sở Công ty X" of an article naming "Công đoàn Công ty X")."""
    p = ctx.patterns

    def bare(name: str) -> str:
        return p.grassroots.sub(lambda m: p.lex.union_spellings[m.group()], name).casefold()

    return next((a.canonical for a in ctx.actors if a.canonical and bare(a.canonical) == bare(union)), union)


def _giver(
    ctx: Context,
    money: Money,
    carried: str | None | object,
    recipients: Count | None = None,
    carrying: bool = False,
) -> str | None:
    """The giver of `money`. `carried` is the subject carried over from the sentences before (CARRY
    when none): a pronoun subject ("đơn vị đã thu ...") stands for it always; a subject-less amount
    takes it, and the subject of the sentence's other clauses, only with `carrying` (for an amount
    whose purpose allows it)."""
    text, p, doc = ctx.doc.text, ctx.patterns, ctx.doc
    sentence = doc.sentence_at(money.char_start)
    clause_start, clause_end = ctx.clause_at(money.char_start)
    for actor in ctx.actors_in(sentence.start, money.char_start):
        if p.on_behalf.search(text, sentence.start, actor.start):
            return actor.canonical  # "Thay mặt X, đơn vị cũng trao ..."
    # "..., trong đó 20 triệu đồng do LĐLĐ thành phố hỗ trợ": the amount's own agent before any source
    named_after = _named_after(ctx, money, clause_end)
    if named_after is not CARRY:
        return named_after  # type: ignore[return-value]
    for source in p.funding_source.finditer(text, clause_start, clause_end):
        owner = next(iter(ctx.actors_in(source.end(), clause_end)), None)
        if owner is not None and not text[source.end() : owner.start].strip():
            # "Từ nguồn kinh phí của LĐLĐ tỉnh, đoàn đã trao ...": whose money it is gives it
            found = _body_of(ctx, owner, clause_end)
            if found is not CARRY:
                return found  # type: ignore[return-value]
    for source in p.funding_kind.finditer(text, clause_start, clause_end):
        # "trao 15 suất quà ..., từ nguồn tài chính công đoàn xã": the body of that kind named last before
        kind = p.kind_reference.match(text, source.end(), clause_end)
        named = _kind_named_before(ctx, kind["kind"], source.start()) if kind else None
        if named:
            return named
    for source in p.borrowed_from.finditer(text, clause_start, clause_end):
        fund = next(iter(ctx.actors_in(source.end(), clause_end)), None)
        if fund is not None and fund.fund and fund.start == source.end():
            return _lender(ctx, fund, clause_end)  # "6 đoàn viên được vay vốn từ Quỹ Trợ vốn ...": the fund lends
    adjacent = ctx.actors_in(clause_start, money.char_start)
    if (
        adjacent
        and p.adjacent.fullmatch(text, adjacent[-1].end, money.char_start)
        and not p.not_subject_before.search(text, clause_start, adjacent[-1].start)
        # "Tổng LĐLĐ Việt Nam trao tặng LĐLĐ tỉnh Bắc Ninh 300 triệu đồng": a body right after a giving
        # verb is who receives, not a share's giver
        and not _verb_object(ctx, clause_start, adjacent[-1])
    ):
        # "ba nguồn: Tập đoàn TKV 5 triệu đồng, Công ty ...": each body its share; a fund's share its owner's
        share = _body_of(ctx, adjacent[-1], clause_end)
        if share is not CARRY:
            return share  # type: ignore[return-value]
    owned = _owner_of_things(ctx, recipients, clause_end)
    if owned is not CARRY:
        return owned  # type: ignore[return-value]
    kind = _kind_subject(ctx, clause_start, money.char_start)
    if kind is GENERIC:
        return None
    if kind:
        return kind
    verbs = _verbs(ctx, clause_start, clause_end)
    before = [v for v in verbs if v.end <= money.char_start]
    after = [v for v in verbs if v.start >= money.char_end]
    governing = before[-1] if before else (after[0] if after else None)
    if governing is not None:
        delegating = [v for v in before if v.kind == "delegating" and v.start < governing.start]
        if delegating:
            # "Công đoàn Công ty vận động đoàn viên góp được 28,5 triệu đồng, Ban giám đốc Công ty hỗ trợ thêm 20 triệu
            # đồng": a body opening a phrase of its own after the delegated verb is a new subject
            phrase_start = ctx.phrase_start(clause_start, governing.start)
            if (
                phrase_start > delegating[-1].end
                and _verbs(ctx, delegating[-1].end, phrase_start)  # the delegated predicate ended before
                and ctx.actors_in(phrase_start, governing.start)
            ):
                delegating = []
        acting_verb = delegating[-1] if delegating else governing
        subject = _subject(ctx, clause_start, acting_verb)
        if subject is GENERIC:
            return _joint_first(ctx, clause_start, acting_verb)
        if subject is not CARRY:
            return subject  # type: ignore[return-value]
        if carried is not CARRY:
            # the phrase's first verb: "Đơn vị cũng giải quyết cho 12 đoàn viên vay vốn ...": the pronoun is the
            # subject of "giải quyết", not of "vay"; "Đơn vị phối hợp giải quyết ...": of the acting verb first
            phrase_start = ctx.phrase_start(clause_start, acting_verb.start)
            first_verb = next((v for v in before if v.start >= phrase_start), acting_verb)
            acting = _acting_verbs(ctx, phrase_start, first_verb.start)
            if any(_pronoun_subject(ctx, clause_start, v.start) for v in (first_verb, *acting)):
                # "Trong 6 tháng đầu năm, đơn vị thu kinh phí công đoàn 2,8 tỷ đồng": named before, any purpose
                return carried  # type: ignore[return-value]
    if governing is None:
        # "X tổ chức "Bữa cơm Công đoàn" cho 5.200 công nhân với kinh phí 520 triệu đồng": who holds
        # the event spends its budget
        acting = [m for m in p.acting.finditer(text, clause_start, money.char_start)]
        if acting and p.total_word.search(text, acting[-1].end(), money.char_start):
            subject = _subject(ctx, clause_start, Verb(acting[-1].start(), acting[-1].end(), "acting"))
            if subject is not CARRY:
                if subject is GENERIC:
                    return _joint_first(ctx, clause_start, Verb(acting[-1].start(), acting[-1].end(), "acting"))
                return subject  # type: ignore[return-value]
    if p.balance.search(text, clause_start, money.char_start):
        lender = _lender_before(ctx, money.char_start)
        if lender is not CARRY:
            return lender  # type: ignore[return-value]
    # a verb with no subject here takes the subject of the sentence's other clauses ("...; tổng số tiền đã
    # chi là 721 triệu đồng"), and so does a per-unit amount ("...; trong đó có 3.000 suất quà, mỗi suất 1,2
    # triệu đồng", "...; mức hỗ trợ là 1 triệu đồng/người"): the share of what the sentence's subject gives
    # (not wages, dues and prices: `carried` says so, as for subjects carried from other sentences).
    # A bare total with no verb takes only the subject of the clauses before it, since it sums up what
    # they give ("Công đoàn xã trao 506 suất quà ...; tổng kinh phí hơn 500 triệu đồng"); a cost that comes
    # first is shared out ("Tổng chi phí 140 triệu đồng; Quỹ X hỗ trợ 70 triệu đồng"), and a campaign's
    # total is nobody's ("...; tổng kinh phí chăm lo của các cấp công đoàn trong tỉnh ước hơn 16 tỷ đồng")
    total = (
        carrying
        and governing is None
        and clause_start > sentence.start
        and p.total_word.search(text, clause_start, money.char_start)
        and not p.campaign.search(text, clause_start, money.char_start)
    )
    # "X trao thưởng cho các đội: giải Nhất 3 triệu đồng, ...": a list after a colon is what the clause before gives
    before_clause = text[sentence.start : clause_start].rstrip()
    listed = governing is None and before_clause.endswith(":")
    if total or listed:
        others = _sentence_subject(ctx, Span(sentence.start, clause_start, text[sentence.start : clause_start]))
    elif governing is not None or (money.per_unit and carrying):
        others = _sentence_subject(ctx, sentence, skip=(clause_start, clause_end))
    else:
        others = []
    if others:
        return None if others[0] is GENERIC else others[0]
    owner = _fund_owner(ctx, clause_start, clause_end)
    if owner is not CARRY:
        return owner  # type: ignore[return-value]
    # "lấy từ Quỹ xã hội ...": money from a fund whose owner is not named is the acting body's
    from_fund = p.fund.search(text, clause_start, clause_end)
    if carrying and (governing is not None or money.per_unit or from_fund) and carried is not CARRY:
        if governing is not None and p.agent_before.search(text, clause_start, governing.start):
            # "289.000 lượt đoàn viên được hỗ trợ 318 tỉ đồng", "Người lao động được thưởng 500.000 đồng":
            # a passive with no agent says nobody, unless the sentence breaks down, shares out or
            # reports what was said before ("Trong đó, gia đình anh X được hỗ trợ 25 triệu đồng", "Mỗi
            # ngôi nhà được hỗ trợ 60 triệu đồng", "Theo ông X, ...")
            if (
                not p.carrying_opening.match(text, sentence.start, money.char_start)
                and not _things_passive(ctx, sentence, governing.start, carried)
                and not _pronoun_acted_before(ctx, sentence, clause_start)
            ):
                return None
        return carried  # type: ignore[return-value]
    return None


def _pronoun_acted_before(ctx: Context, sentence: Span, clause_start: int) -> bool:
    """Did a clause of the sentence before `clause_start` give with a pronoun subject, the body carried over ("Công
    đoàn cũng duy trì khen thưởng con đoàn viên học giỏi; năm học 2024 - 2025 có 35 cháu được thưởng, ...")? Its
    passive sequel is that body's."""
    for start, end in ctx.clauses(sentence.start, clause_start):
        giving = [v for v in _verbs(ctx, start, end) if v.kind == "giving"]
        if giving and _pronoun_subject(ctx, start, giving[0].start):
            return True
    return False


def _things_passive(ctx: Context, sentence: Span, verb_start: int, carried: str | None | object) -> bool:
    """Are things given, not people, the subject of a passive verb ("Tổng cộng 40 suất quà ... đã được trao cho
    công nhân"): the gifts of what the sentences before tell, so their giver carries over; unless the next
    sentence breaks them down with another body first ("Trong đó, LĐLĐ tỉnh trao 150 suất; công đoàn phường ..."
    after a ward union's event): several bodies give them, none for all."""
    if not ctx.counts_in(sentence.start, verb_start) or ctx.counts_from(sentence.start, verb_start):
        return False
    index = ctx.sentence_index(sentence)
    if index + 1 < len(ctx.doc.sentences):
        following = ctx.doc.sentences[index + 1]
        if ctx.patterns.carrying_opening.match(ctx.doc.text, following.start, following.end):
            subjects = _sentence_subject(ctx, following)
            return not subjects or subjects[0] == carried
    return True


def _organizer_before(ctx: Context, position: int) -> str | None | object:
    """The subject of the last organizing verb before `position` ("Liên đoàn Lao động tỉnh Quảng Trị
    tổ chức Hội thao ..."), CARRY when none names one."""
    text, p = ctx.doc.text, ctx.patterns
    for verb in reversed(list(p.organizing.finditer(text, 0, position))):
        clause_start, _ = ctx.clause_at(verb.start())
        subject = _subject(ctx, clause_start, Verb(verb.start(), verb.end(), "acting"))
        if subject is not CARRY and subject is not GENERIC:
            return subject
    return CARRY


def _lender_before(ctx: Context, position: int) -> str | None | object:
    """ "Quỹ Trợ vốn ... Dư nợ đạt 24,6 tỉ đồng": the fund named nearest before `position` (its owner
    when named with it; None for a fund no one body is), CARRY when the article names none before."""
    fund = next((actor for actor in ctx.actors_before(position) if actor.fund), None)
    if fund is None:
        return CARRY
    if fund.canonical is None:
        return None
    return _lender(ctx, fund, position)


def _lender(ctx: Context, fund: Actor, end: int) -> str | None | object:
    """Who lends the money of a fund: the fund in its own right ("Quỹ Trợ vốn ... tỉnh đã cho vay"),
    unless its owner is written with it ("Quỹ X của LĐLĐ huyện cho vay")."""
    owner = _owner_of_fund(ctx, fund, end, named_only=True)
    return fund.canonical if owner is CARRY else owner


def _owner_of_things(ctx: Context, recipients: Count | None, clause_end: int) -> str | None | object:
    """ "trao 95 suất quà của Tổng LĐLĐ Việt Nam, mỗi suất 1,3 triệu đồng": the owner named after the
    things the amount is the value of (gift packages, scholarships, houses; not people, whose "của" is
    their employer); None when that owner is no body of the article ("quà Tết của Đảng, Nhà nước")."""
    if recipients is None or not ctx.patterns.things.search(recipients.unit):
        return CARRY
    text, p = ctx.doc.text, ctx.patterns
    owner = p.things_owner_after.match(text, recipients.char_end, clause_end)
    if not owner:
        return CARRY
    actor = next(iter(ctx.actors_in(owner.end(), clause_end)), None)
    kind = p.kind_reference.match(text, owner.end(), clause_end)
    if kind and (actor is None or actor.start != owner.end()):
        # "10 suất quà của Hội": the body of that kind named last before
        return _kind_named_before(ctx, kind["kind"], owner.start())
    if actor is None or actor.start != owner.end():
        # "phiếu mua hàng của “Chợ Tết Công đoàn”", "suất quà thuộc chương trình “Tết sum vầy”": things of a
        # programme, quoted or named by a common noun, name no owner; the clause's subject gives them
        programme = p.programme_marker.match(text, owner.start()) and text[owner.end() : owner.end() + 1].islower()
        return CARRY if any(quote in owner.group() for quote in '"“') or programme else None
    return _body_of(ctx, actor, clause_end)


def _worth_only(ctx: Context, money: Money, clause: tuple[int, int]) -> bool:
    """Does the amount say what a thing (or a programme's whole budget) is worth ("mỗi căn trị giá 70 triệu
    đồng", "tổng kinh phí gần 5 tỷ đồng") in a sentence that shares the cost out, with no giving verb in its
    clause before the share?"""
    text, p = ctx.doc.text, ctx.patterns
    clause_start, clause_end = clause
    sentence = ctx.doc.sentence_at(money.char_start)
    if not p.value_before.search(text, max(clause_start, money.char_start - 40), money.char_start):
        return False
    shared = p.shared_cost.search(text, money.char_end, sentence.end)
    if not shared:
        return False
    # a giving verb of its own clause before the share says who pays the whole ("Tổng kinh phí 60 triệu
    # đồng được trích từ nguồn tài chính của Công đoàn xã, trong đó ...")
    return not _verbs(ctx, clause_start, min(shared.start(), clause_end))


# ---------------------------------------------------------------------------
# Recipients


def _whole_of(ctx: Context, count: Count, unit: regex.Pattern[str]) -> Count | None:
    """ "trao 200 suất quà ..., trong đó 60 suất dành cho ...; mỗi suất gồm 1 triệu đồng": a count a
    breakdown opens is a part of the count of the same unit before it in its sentence; a per-unit amount
    in a later clause is the value of each of the whole (None for two parts with no whole)."""
    sentence = ctx.doc.sentence_at(count.char_start)
    whole = ctx.last_recipient_before(count.char_start, unit)
    text = ctx.doc.text
    if whole is None or whole.char_start < sentence.start:
        return count
    if ctx.patterns.breakdown.search(text, whole.char_end, count.char_start):
        return whole
    if ctx.patterns.total_word.search(text, max(whole.char_end, count.char_start - 30), count.char_start):
        return count  # "trao 20 suất quà ..., trong tổng số 762 suất quà": the count after is the whole
    # "trao 90 suất quà cho ...; 10 suất còn lại dành cho ... Mỗi suất gồm 1 triệu đồng": two parts of one unit,
    # each unit's value is of both, and neither count alone receives it
    return None


def _unit_words(unit: str, patterns: LinkPatterns) -> str:
    """A unit in one spelling: "xuất quà" is "suất quà"; "căn nhà" and a bare "căn" are "nhà"."""
    spellings = patterns.lex.unit_spellings
    return " ".join(dict.fromkeys(spellings.get(word, word) for word in unit.lower().split()))


def _kin_before(ctx: Context, money: Money, noun: str, sentence: Span) -> Count | None:
    """ "Đoàn đến thăm 2 gia đình. Tại mỗi nhà, đoàn trao ...": with no count of the per-unit noun before, the
    last count of a unit it stands for (`unit_kin`) in its sentence or the one before."""
    pattern = ctx.patterns.kin_units.get(noun)
    if pattern is None:
        return None
    index = ctx.sentence_index(sentence)
    begin = ctx.doc.sentences[index - 1].start if index > 0 else sentence.start
    found = ctx.last_recipient_before(money.char_start, pattern)
    return found if found is not None and found.char_start >= begin else None


def _is_generic(noun: str, p: LinkPatterns) -> bool:
    """Does the per-unit noun begin with one of `generic_units`, of one word or more ("người", "trường hợp")? (A unit
    of more words is first looked for as itself: "mỗi gia đình" goes to a count of "gia đình".)"""
    return any(noun == unit or noun.startswith(f"{unit} ") for unit in p.generic)


def _counts_of_unit(ctx: Context, counts: list[Count], noun: str) -> list[Count]:
    """The counts whose unit (spellings unified) begins with all the words of `noun`."""
    return [c for c in counts if (ctx.recipient_units[id(c)] + " ").startswith(noun + " ")]


def _is_recipient(count: Count, patterns: LinkPatterns) -> bool:
    return _receives(count.unit, patterns)


def _receives(unit: str, patterns: LinkPatterns) -> bool:
    words = unit.lower().split()
    return bool(words) and words[0] not in patterns.not_recipient and " ".join(words[:2]) not in patterns.not_recipient


def _per_unit_noun(ctx: Context, money: Money, sentence: Span) -> str | None:
    """The unit an amount is per: "đồng/người" -> người, "mỗi suất quà trị giá" -> suất quà."""
    text, p = ctx.doc.text, ctx.patterns
    if "/" in money.text:
        return money.text.rsplit("/", 1)[1].strip().lower()
    after = p.per_after.match(text, money.char_end, sentence.end)
    if after:
        noun = after.group(1).lower()
        return None if noun in p.not_recipient else noun  # "80 triệu đồng mỗi năm": a yearly total
    markers = list(p.per_marker.finditer(text, sentence.start, money.char_start))
    if not markers:
        return ""
    # "Mỗi nhà xây mới được LĐLĐ tỉnh và Công đoàn ngành hỗ trợ 70 triệu đồng": a "và" between two bodies joins a
    # subject, no predicates
    broken = next(
        (b for b in p.phrase_break.finditer(text, markers[-1].end(), money.char_start) if not _joins_bodies(ctx, b)),
        None,
    )
    framed = p.per_frame.search(text, sentence.start, markers[-1].start())
    if broken and not framed and _verbs(ctx, broken.start(), money.char_start):
        # "mỗi người 1 triệu đồng, và trao số tiền 14,7 triệu": a new predicate after a break, a total ("Mỗi
        # em được tặng giấy khen và phần thưởng 500.000 đồng": the verb before the break is the unit's own)
        return None
    words = []
    unit_end = broken.start() if broken and framed else money.char_start  # "Tại mỗi nhà, đoàn ...": "nhà"
    for word in regex.finditer(r"[\p{L}\p{M}]+", text[markers[-1].end() : unit_end]):
        if p.unit_stop.match(word.group()) or len(words) == 2:
            break
        words.append(word.group().lower())
    return " ".join(words)


def _joins_bodies(ctx: Context, joiner: regex.Match[str]) -> bool:
    """Does the break stand between two bodies ("LĐLĐ tỉnh và Công đoàn ngành")?"""
    if not ctx.patterns.and_joiner.fullmatch(joiner.group()):
        return False
    ends = any(a.end == joiner.start() for a in ctx.actors_in(max(0, joiner.start() - _ACTOR_ROOM), joiner.start()))
    # the second may be a body's kind alone ("Công đoàn ngành"), which names no mention of its own
    return ends and (
        ctx.actor_at(joiner.end()) is not None or bool(ctx.patterns.kind_reference.match(ctx.doc.text, joiner.end()))
    )


def _per_time(ctx: Context, money: Money) -> bool:
    """A rate per time ("9,3 triệu đồng/người/tháng"): its count, if any, is the one of its own
    phrase, as for a total."""
    text, p = ctx.doc.text, ctx.patterns
    last = money.text.rsplit("/", 1)[1].split() if "/" in money.text else []
    if last and last[0].lower() in p.not_recipient:
        return True
    after = p.per_after.match(text, money.char_end)  # "đồng/người" then "/tháng" outside the amount's text
    return bool(after and after.group(1).lower() in p.not_recipient)


def _average(ctx: Context, money: Money, clause_start: int) -> bool:
    """An average ("thưởng Tết cho 3.200 công nhân, bình quân 9,2 triệu đồng/người"): the average
    word anywhere in the amount's clause before it (a list's comma does not end its scope)."""
    return bool(ctx.patterns.average.search(ctx.doc.text, clause_start, money.char_start))


def _one_count(ctx: Context, counts: list[Count]) -> Count | None:
    """The last of `counts`, unless it ends a list sharing the amount ("khen thưởng 25 tập thể và
    40 cá nhân, tổng số tiền 78 triệu đồng": no one count's)."""
    if not counts:
        return None
    if len(counts) > 1 and ctx.patterns.joiner.match(ctx.doc.text[counts[-2].char_end : counts[-1].char_start]):
        return None
    return counts[-1]


def _not_subjects(ctx: Context, counts: list[Count], money: Money) -> list[Count]:
    """The counts that may receive `money`: not one that is the subject of an active verb between it
    and the amount ("16 công đoàn cơ sở đã thu đoàn phí được 412 triệu đồng", "3 đơn vị chi sai nội
    dung với số tiền 12,8 triệu đồng"); "289.000 lượt đoàn viên được hỗ trợ" is passive, they receive."""
    text, p = ctx.doc.text, ctx.patterns
    clause_start = ctx.clause_at(money.char_start)[0]
    kept = []
    for count in counts:
        # from the count's start: its unit may have run on over the verb ("3 đơn vị chi sai")
        verbs = [v for v in _verbs(ctx, count.char_start, money.char_start) if v.kind != "receiving"]
        start = min(clause_start, count.char_start)
        opening = not _verbs(ctx, start, count.char_start) and not p.acting.search(
            text, start, count.char_start
        )  # "Đoàn đã đến thăm 8 gia đình, trao ...": after a verb, a count is its object
        if opening and verbs and not p.agent_marker.search(text, count.char_start, verbs[0].start):
            continue
        delegated = [v for v in _verbs(ctx, clause_start, count.char_start) if v.kind == "delegating"]
        if delegated and p.adverbs_only.fullmatch(text, delegated[-1].end, count.char_start):
            continue  # "vận động 1.150 đoàn viên góp được 28,5 triệu đồng": those asked give, they receive nothing
        kept.append(count)
    return kept


def _object_after(ctx: Context, money: Money, clause_end: int) -> Count | None:
    """ "chi 18,7 tỉ đồng thăm hỏi, trợ cấp 32.560 lượt đoàn viên": the first recipient after the
    amount in its clause when a giving verb right before it makes it the object, and no other
    amount lies between."""
    text, p = ctx.doc.text, ctx.patterns
    after = ctx.recipients_in(money.char_end, clause_end)[:1]
    if not after:
        return None
    count = after[0]
    if ctx.money_in(money.char_end, count.char_start):
        return None
    verbs = [v for v in _verbs(ctx, money.char_end, count.char_start) if v.kind == "giving"]
    # "hỗ trợ 268 triệu đồng xây mới, sửa chữa 11 căn Mái ấm": the works the money pays for
    verbs += [Verb(m.start(), m.end(), "works") for m in p.works.finditer(text, money.char_end, count.char_start)]
    verbs.sort(key=lambda v: v.start)
    if not verbs or not p.object_gap.fullmatch(text, verbs[-1].end, count.char_start):
        return None  # "dành 2,1 tỷ đồng thăm hỏi, tặng quà cho 1.400 đoàn viên": the verb's object, or for whom
    # the verbs go on the amount's own predicate: the first comes before any break and before a
    # "cho" saying for whom ("ủng hộ được 120 triệu đồng, trao 240 suất": a new predicate)
    gap = (money.char_end, verbs[0].start)
    if p.phrase_break.search(text, *gap) or p.for_whom_word.search(text, *gap):
        return None
    return count


def _recipients(ctx: Context, money: Money) -> Count | None:
    text, p, doc = ctx.doc.text, ctx.patterns, ctx.doc
    sentence = doc.sentence_at(money.char_start)
    units = ctx.recipient_units
    clause_start, clause_end = ctx.clause_at(money.char_start)
    per_time = money.per_unit and _per_time(ctx, money)
    if money.per_unit and not per_time and _average(ctx, money, clause_start):
        # an average per unit: the count of its clause before it, never one named elsewhere
        phrase_end = ctx.phrase_at((clause_start, clause_end), money.char_start)[1]
        return _one_count(ctx, ctx.recipients_in(clause_start, money.char_start)) or next(
            iter(ctx.recipients_in(money.char_end, phrase_end)), None
        )  # "bình quân 7 triệu đồng/người cho 480 công nhân"
    written = _per_unit_noun(ctx, money, sentence) if money.per_unit and not per_time else None
    if written is not None:
        noun = _unit_words(written, p)
        if noun and not _receives(noun, p):
            return None  # "mỗi gian hàng được hỗ trợ 2.500.000đ": a unit that receives no money
        if noun and noun.split()[0] not in p.generic:
            pattern = regex.compile(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(noun)}(?![\p{{L}}\p{{M}}])")
            same = ctx.last_recipient_before(money.char_start, pattern) or _kin_before(ctx, money, noun, sentence)
            if same and same.char_start < sentence.start:
                # "khen thưởng 12 công đoàn cơ sở, mỗi đơn vị 1,5 triệu đồng", "tặng quà cho 30 hộ nghèo, mỗi
                # suất 2 triệu đồng": a count of the amount's clause before its "mỗi" is what the unit stands
                # for, before one of that word in another sentence ("mỗi suất gồm 20 quyển tập và 200.000
                # đồng": a count after "mỗi" is what the unit holds)
                markers = list(p.per_marker.finditer(text, clause_start, money.char_start))
                here = ctx.recipients_in(clause_start, markers[-1].start() if markers else money.char_start)
                same = here[-1] if here else same
            if same and same.char_start < clause_start:
                return _whole_of(ctx, same, pattern)
            if same:
                return same  # "trong đó 25 suất dành cho tân sinh viên, mỗi suất 1,5 triệu đồng": the part's own
            if " " in noun:  # "mỗi suất quà" with counts of "suất": the head word
                head = regex.compile(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(noun.split()[0])}(?![\p{{L}}\p{{M}}])")
                same = ctx.last_recipient_before(money.char_start, head, match=True)
                if same and same.char_start >= sentence.start:
                    return same
            later = _counts_of_unit(ctx, ctx.recipients_in(money.char_end, sentence.end), noun)
            if len(later) == 1 and not ctx.recipients_in(sentence.start, money.char_start):
                # "hỗ trợ mỗi căn xây mới 50 triệu đồng, ...; đợt này có 3 căn xây mới và 1 căn sửa chữa": no count
                # before it, the one count after it of that very unit (all its words) is what the unit stands for
                return later[0]
        if noun and noun.split()[0] in p.generic:
            # "... và tặng quà 55 cán bộ hưu trí, mỗi người 700.000 đồng": the count of the amount's clause right
            # before it, no verb between, is what "người" stands for, before one with the word in it
            here = ctx.recipients_in(clause_start, money.char_start)
            if here and not _verbs(ctx, here[-1].char_end, money.char_start):
                return here[-1]
            head = noun.split()[0]
            same = [c for c in ctx.recipients_in(sentence.start, money.char_start) if head in units[id(c)]]
            if same:
                return same[-1]
        near = ctx.recipients_in(sentence.start, money.char_start)
        if not near:
            # "dành mức 1 triệu đồng/người cho 60.000 đoàn viên": the count right after, in its phrase
            phrase_end = ctx.phrase_at((clause_start, clause_end), money.char_start)[1]
            near = ctx.recipients_in(money.char_end, phrase_end)[:1]
        if not near and noun and _is_generic(noun, p) and not p.for_whom.match(text, money.char_end):
            # "trao gần 400 suất quà. Mức hỗ trợ là 2 triệu/người": the count of the sentence before
            # (not when the amount says for whom: "3 triệu đồng/người cho trường hợp thiệt hại nặng")
            index = ctx.sentence_index(sentence)
            if index > 0:
                previous = ctx.doc.sentences[index - 1]
                near = ctx.recipients_in(previous.start, previous.end)
                # "có 2.300 lao động, trong đó 2.100 đoàn viên. ... mỗi người lao động": the count the rest of
                # the unit names ("lao động"), before the last one
                rest = noun.split(maxsplit=1)[1] if " " in noun else ""
                named = [c for c in near if rest and units[id(c)].startswith(rest)]
                near = named or near
        return near[-1] if near else None
    start, end = ctx.phrase_at((clause_start, clause_end), money.char_start)
    own = _not_subjects(ctx, ctx.recipients_in(start, end), money)
    before = [c for c in own if c.char_end <= money.char_start]
    if before:
        return _one_count(ctx, _not_subjects(ctx, ctx.recipients_in(clause_start, money.char_start), money))
    after = ctx.recipients_in(money.char_end, clause_end)
    if after and start <= after[0].char_start and after[0].char_end <= end:
        # "tặng 4 tập thể, 119 cá nhân ...": an amount shared by a list of counts is no one count's
        listed = len(after) > 1 and p.joiner.match(text[after[0].char_end : after[1].char_start])
        return None if listed else after[0]
    # "tổng" inside "Tổng LĐLĐ Việt Nam" is a name, no total
    total = next(
        (m for m in p.total_word.finditer(text, start, money.char_start) if not ctx.inside_actor(m.start())), None
    )
    if total and not [v for v in _verbs(ctx, start, total.start()) if not p.agent_marker.search(text, start, v.start)]:
        # "chăm lo cho 18.000 đoàn viên, người lao động với tổng kinh phí 9,5 tỷ đồng": a total's
        # count is the clause's, though a list's comma comes between
        earlier = _not_subjects(ctx, ctx.recipients_in(clause_start, total.start()), money)
        if earlier:
            return _one_count(ctx, earlier)
    return _object_after(ctx, money, clause_end)


def _total_of_units(ctx: Context, money: Money, units: list[Count]) -> Count | None:
    """ "Mỗi suất quà trị giá 1,5 triệu đồng, gồm ...; tổng trị giá 570 triệu đồng": a total after a
    per-unit amount of its sentence, with no count of its own clause, is the total of those units."""
    if money.per_unit or not units or any(unit is not units[0] for unit in units):
        return None  # "110 suất ..., mỗi suất 1 triệu đồng và 70 suất ..., mỗi suất 1,5 triệu đồng": two kinds
    text, p = ctx.doc.text, ctx.patterns
    clause_start, clause_end = ctx.clause_at(money.char_start)
    phrase_start, _ = ctx.phrase_at((clause_start, clause_end), money.char_start)
    total = p.units_total.search(text, phrase_start, money.char_start)
    if total is None or ctx.inside_actor(total.start()) or ctx.recipients_in(clause_start, clause_end):
        return None
    # "...; đồng thời Quỹ X ký kết cho vay với tổng hạn mức 5 tỷ đồng": a new predicate's total is its own
    return None if _verbs(ctx, clause_start, money.char_start) else units[-1]


def _part_of_share(ctx: Context, money: Money, last_share: tuple[int, Count] | None) -> Count | None:
    """ "Công đoàn Công ty trao mỗi gia đình 40 triệu đồng, trong đó Công đoàn TKV hỗ trợ 30 triệu đồng, Công đoàn
    Công ty 10 triệu đồng": the parts after a part marker (`part_markers`) of a per-unit amount before them, with no
    count of their own clause, go to that amount's recipients."""
    if last_share is None:
        return None
    end, recipients = last_share
    text, p = ctx.doc.text, ctx.patterns
    clause_start, clause_end = ctx.clause_at(money.char_start)
    breakdown = p.part.search(text, end, money.char_start)
    if not breakdown or ctx.money_in(end, breakdown.start()) or ctx.recipients_in(clause_start, clause_end):
        return None  # "...; tổng trị giá 40 triệu đồng, trong đó Công ty X hỗ trợ 10 triệu đồng": a part of the total
    return recipients


def _own_opening(ctx: Context, sentence: Span, money: Money) -> int:
    """Where the sentence's own words open, after the speaker and speech verb that report them ("Bà X - Chủ tịch
    Công đoàn phường cho biết, mỗi suất trị giá 250.000 đồng")."""
    reported = ctx.patterns.reported_opening.match(ctx.doc.text, sentence.start, money.char_start)
    return reported.end() if reported else sentence.start


def _restated(
    ctx: Context, money: Money, index: int, sentences: list[Span], received: dict[int, list[Count | None]]
) -> Count | None:
    """ "... trao 300 suất quà cho công nhân. Mỗi suất trị giá 1,3 triệu đồng.": a value per unit in a
    sentence that counts no one and opens by restating the gift of the sentence before has its
    recipients, or the count of that sentence (of the one before it, when the sentence between only
    describes the gift: "567 phần quà đã được trao ... Mỗi phần quà gồm bánh chưng ... Mức hỗ trợ
    500.000 đồng/người"). A total there is linked to no count, as the spec's examples read."""
    sentence, text, p = sentences[index], ctx.doc.text, ctx.patterns
    if (
        not money.per_unit  # a total in a sentence of its own is linked to no count (../shared/dev/AMBIGUOUS.md)
        or _per_time(ctx, money)
        or not p.restating.match(text, _own_opening(ctx, sentence, money), sentence.end)
        or ctx.recipients_in(sentence.start, sentence.end)
        or p.breakdown.search(text, sentence.start, money.char_start)
    ):
        return None
    for back in (1, 2):
        if index - back < 0:
            return None
        previous = sentences[index - back]
        if index - back in received:  # the sentence before gives money: what it gave to, if one count
            linked = {id(count): count for count in received[index - back] if count is not None}
            return next(iter(linked.values())) if len(linked) == 1 else None
        # "tặng quà 37 công nhân, trong đó có 8 công nhân ... và 29 công nhân ...": the parts are no other group
        parts = p.breakdown.search(text, previous.start, previous.end)
        counts = ctx.recipients_in(previous.start, parts.start() if parts else previous.end)
        heads = [ctx.recipient_units[id(count)].split()[:1] for count in counts]
        if any(head in heads[:at] for at, head in enumerate(heads)):
            return None  # "10 suất ... và 20 suất ...": a value shared by several groups is no one count's
        if counts:
            return counts[0]  # the gift's own count ("... cho 1.700 đoàn viên, mỗi người một hộp 6 chiếc bánh")
        if not p.restating.match(text, previous.start, previous.end):
            return None  # only a sentence that describes the same gift stands between
    return None


def _unit_named_before(ctx: Context, money: Money, index: int, sentences: list[Span]) -> Count | None:
    """ "... trao quà cho 350 cháu ... (two sentences on the plan) ... Mỗi cháu sẽ được LĐLĐ tỉnh trao một suất quà
    trị giá 500.000 đồng": a value per unit, in a sentence that counts no one, goes to the count of that very unit
    named in one of the sentences before (`restated_sentences` at most)."""
    sentence, p, text = sentences[index], ctx.patterns, ctx.doc.text
    if not money.per_unit or _per_time(ctx, money) or ctx.recipients_in(sentence.start, sentence.end):
        return None
    if not p.per_unit_opening.match(text, _own_opening(ctx, sentence, money), money.char_start):
        return None  # "Mỗi cháu ..." opens the sentence; not an average "bình quân 8,2 triệu đồng/người"
    noun = _per_unit_noun(ctx, money, sentence)
    if not noun:
        return None
    head = _unit_words(noun, p).split()[0]
    first = sentences[max(0, index - p.lex.restated_sentences)].start
    named = [c for c in ctx.recipients_in(first, sentence.start) if ctx.recipient_units[id(c)].split()[:1] == [head]]
    # "10 suất quà cho ... và 20 suất cho ... Mỗi suất trị giá 2 triệu đồng": shared by two counts, no one's
    return named[0] if len(named) == 1 else None


# ---------------------------------------------------------------------------
# Purpose


def _purpose_between(ctx: Context, start: int, end: int) -> str | None:
    """`_purpose_in` of the document's text[start:end], once per span."""
    if (start, end) not in ctx.purpose_cache:
        ctx.purpose_cache[start, end] = _purpose_in(ctx.doc.text[start:end], ctx.patterns)
    return ctx.purpose_cache[start, end]


def _purpose_in(text: str, patterns: LinkPatterns) -> str | None:
    """The first purpose (in the lexicon's order) with a word in `text`, not counting a word
    inside a longer word of another purpose ("Tết" inside "thưởng Tết" is no gift)."""
    # One pass of every purpose's words (and the words of none: "lương thực" holds "lương" but is no
    # wage); at each position the longest word, which masks any word strictly inside it.
    word_purpose, rank = patterns.word_purpose, patterns.purpose_rank
    found = [
        (word_purpose[match.group().casefold()], match.start(), match.end())
        for match in patterns.any_purpose_word.finditer(text, overlapped=True)
    ]
    no_purpose = [(s, e) for name, s, e in found if not name]
    kept = [
        name
        for name, start, end in found
        if name
        and not any(s <= start and end <= e and e - s > end - start for _, s, e in found)
        and not _opens_no_purpose(start, end, no_purpose)
    ]
    return min(kept, key=rank.__getitem__) if kept else None


def _purpose(ctx: Context, money: Money, recipients: Count | None, giver: str | None) -> str:
    """The purpose its words give (`_worded_purpose`), unless the event around it frames it (a gift
    or a visit's support in the days of a flood is relief) or it is a campaign's total. A purpose the
    clause's shape says (`_shaped_purpose`) comes before any word and no frame overrides it."""
    shape = _shaped_purpose(ctx, money, ctx.clause_at(money.char_start))
    worded = shape or _worded_purpose(ctx, money, recipients, giver)
    if worded in ctx.patterns.lex.employer_overrides and _employer_pays(ctx, money, giver):
        return ctx.patterns.lex.employer_purpose  # "Dịp Tết, Công ty thưởng bình quân 1,5 tháng lương"
    need = ctx.patterns.lex.need_over_gift
    if worded == need.over and _in_need(ctx, money, recipients):
        return need.purpose  # "trao 30 suất quà cho công nhân bị tai nạn lao động, mỗi suất 3 triệu đồng"
    campaign = ctx.patterns.lex.campaign
    # a total only: "mỗi suất quà trị giá 1 triệu đồng" of the campaign's 1.500 suất quà is a gift still
    if worded in campaign.yields and not money.per_unit and not _unit_purpose(recipients, ctx.patterns):
        clause_start, _ = ctx.clause_at(money.char_start)
        if ctx.patterns.campaign.search(ctx.doc.text, clause_start, money.char_start):
            return campaign.purpose  # "các cấp công đoàn tỉnh dành 45 tỷ đồng chăm lo Tết"
    frame, p = ctx.patterns.lex.frame_purpose, ctx.patterns
    if worded not in frame.overrides and worded not in p.frame_strong:
        return worded
    if not _framed(ctx, money, frame.sentences):
        return worded
    if shape:
        return worded  # the clause's shape says it ("trao 10 triệu đồng cho công đoàn công ty để thăm hỏi ...")
    text = ctx.doc.text
    clause_start, clause_end = ctx.clause_at(money.char_start)
    if worded in p.frame_strong and p.frame_strong[worded].search(text, clause_start, clause_end):
        return worded  # "tiền phúng viếng", "bị tai nạn lao động": hardship in a flood too
    if worded in p.frame_keeps and (
        p.frame_keeps[worded].search(text, clause_start, clause_end) or p.frame_keeps[worded].search(ctx.doc.title)
    ):
        return worded  # "vận động ... ủng hộ", "ủng hộ Quỹ ...": a donation still; a Tết gift in a Tết article
    return frame.purpose


def _share_span(ctx: Context, money: Money, recipients: Count | None) -> tuple[int, int] | None:
    """What the amount is a share of, when its recipients come in an earlier phrase of its clause: from the
    recipients' phrase to the next count or verb after the amount ("tặng quà 120 cán bộ, ..., mỗi suất 500.000
    đồng, | và hỗ trợ 35 đoàn viên mắc bệnh hiểm nghèo", "15 suất quà, mỗi suất 2 triệu đồng, cho người lao
    động bị tai nạn lao động | và 15 Mái ấm")."""
    if recipients is None:
        return None
    clause = ctx.clause_at(money.char_start)
    phrase_start = ctx.phrase_at(clause, money.char_start)[0]
    if not clause[0] <= recipients.char_start < phrase_start:
        return None
    after = [c.char_start for c in ctx.counts_in(money.char_end, clause[1])]
    after += [
        v.start for v in (*_verbs(ctx, money.char_end, clause[1]), *_acting_verbs(ctx, money.char_end, clause[1]))
    ]
    return ctx.phrase_at(clause, recipients.char_start)[0], min(after, default=clause[1])


def _in_need(ctx: Context, money: Money, recipients: Count | None) -> bool:
    """Does the amount's clause (or the phrases from its recipients to it) name a need (an accident, an
    illness) while neither its sentence nor the title names a gift campaign (Tết)?"""
    p, text = ctx.patterns, ctx.doc.text
    clause_start, clause_end = _share_span(ctx, money, recipients) or ctx.clause_at(money.char_start)
    if not p.need_words.search(text, clause_start, clause_end):
        return False
    sentence = ctx.doc.sentence_at(money.char_start)
    return not p.need_unless.search(sentence.text) and not p.need_unless.search(ctx.doc.title)


def _is_enterprise(name: str | None, p: LinkPatterns) -> bool:
    """Does the canonical name start with an enterprise's head ("Công ty", "Tổng công ty", "Nhà máy")?"""
    return name is not None and any(name.startswith(f"{head} ") for head in p.lex.employer_heads)


def _employer_pays(ctx: Context, money: Money, giver: str | None) -> bool:
    """Does an employer give it as pay: the giver an enterprise, or enterprises counted ("429 doanh nghiệp dự kiến
    thưởng Tết cho 196.524 lao động"), a pay word ("thưởng", "bồi dưỡng") in the amount's clause before it? A
    company's Tết bonus is wage, its gift package still a gift."""
    p = ctx.patterns
    clause_start, _ = ctx.clause_at(money.char_start)
    pays = list(p.employer_pay.finditer(ctx.doc.text, clause_start, money.char_start))
    counted = (
        bool(pays)
        and giver is None
        and any(
            p.employer_kind.match(count.unit) and count.char_start < pays[0].start()
            for count in ctx.counts_in(clause_start, money.char_start)
        )
    )
    if not (_is_enterprise(giver, p) or counted):
        return False
    # "thưởng bình quân 8 triệu đồng/người, đồng thời tặng mỗi công nhân một phần quà trị giá 500.000 đồng": a
    # gift named after the pay word is the amount's own; so is what the words right after it name ("thưởng thâm
    # niên 3-7 triệu đồng/người và dành khoảng 200 triệu đồng khen thưởng sáng kiến": a reward)
    # (not the words of whom it is for: "bồi dưỡng 300.000 đồng/người cho công nhân ... phải trực Tết" is pay)
    _, phrase_end = ctx.phrase_at(ctx.clause_at(money.char_start), money.char_start)
    for_whom = p.for_whom_word.search(ctx.doc.text, money.char_end, phrase_end)
    after = _purpose_between(ctx, money.char_end, for_whom.start() if for_whom else phrase_end)
    return (
        bool(pays)
        and _purpose_between(ctx, pays[-1].end(), money.char_start) != "gift"
        and after in (None, p.lex.employer_purpose)
    )


def _employer_opening(ctx: Context, money: Money, clause: tuple[int, int]) -> str | None:
    """The enterprise opening the clause of pay no verb gives ("Công ty TNHH Điện tử Foster dẫn đầu với mức thưởng
    cao nhất 205,1 triệu đồng"), with a pay word before the amount; not an average ("thu nhập bình quân ..."), unless
    the enterprise gives it its workers ("... cho 58 lao động với thu nhập bình quân 8 triệu đồng/người/tháng")."""
    p, text = ctx.patterns, ctx.doc.text
    # the pay the enterprise gives its workers: in its own phrase ("dù thị trường ... trầm lắng, Công ty X vẫn giữ ...")
    opening = ctx.phrase_start(clause[0], money.char_start)
    employer = ctx.actors_in(opening, money.char_start)[:1]
    if (
        employer
        and _is_enterprise(employer[0].canonical, p)
        and not _LETTER.search(text, opening, employer[0].start)
        and p.employer_average_pay.search(text, employer[0].end, money.char_start)
    ):
        return employer[0].canonical
    first = ctx.actors_in(clause[0], money.char_start)[:1]
    if (
        not first
        or not _is_enterprise(first[0].canonical, p)
        or _LETTER.search(text, clause[0], first[0].start)
        or not p.employer_pay.search(text, first[0].end, money.char_start)
        or _average(ctx, money, clause[0])
    ):
        return None
    return first[0].canonical


def _employer_of_pay(ctx: Context, money: Money, recipients: Count | None) -> str | None:
    """The enterprise paying wages no verb gives: whose workers receive them ("1.100 lao động của công ty được
    thưởng Tết bình quân 7,5 triệu đồng/người"), or whose official reports them ("Ông X - Giám đốc Công ty Y cho biết,
    thưởng Tết của 320 người lao động bình quân 18 triệu đồng/người")."""
    p, text = ctx.patterns, ctx.doc.text
    if recipients is not None and (owner := p.owner_after.match(text, recipients.char_end)):
        actor = ctx.actor_at(owner.end())
        if actor is not None and _is_enterprise(actor.canonical, p):
            return actor.canonical
        if actor is None and p.employer_kind.match(text, owner.end()):
            named = (a for a in ctx.actors_before(recipients.char_start) if _is_enterprise(a.canonical, p))
            return next((a.canonical for a in named), None)
    opening = _own_opening(ctx, ctx.doc.sentence_at(money.char_start), money)
    speaker = _speaker_before(ctx, opening) if opening > ctx.doc.sentence_at(money.char_start).start else None
    return speaker if _is_enterprise(speaker, p) else None


def _framed(ctx: Context, money: Money, sentences: int) -> bool:
    """Does the title, the amount's sentence or one of the `sentences` before it name the frame's event?"""
    p, doc = ctx.patterns, ctx.doc
    if p.frame_words.search(doc.title):
        return True
    index = ctx.sentence_index(doc.sentence_at(money.char_start))
    if index < 0:
        return False
    return any(p.frame_words.search(s.text) for s in doc.sentences[max(0, index - sentences) : index + 1])


def _unit_purpose(recipients: Count | None, p: LinkPatterns) -> str | None:
    """The purpose the recipients' unit says alone ("5 căn nhà", "42 suất học bổng", "300 suất quà")."""
    if recipients is None:
        return None
    first = p.any_purpose_word.match(recipients.unit)
    if first and p.word_purpose.get(first.group().casefold()) == "":
        return None  # "4.000 nhà giáo": a word of no purpose, though it holds a unit's word
    return next((name for name, units in p.purpose_units if units.search(recipients.unit)), None)


def _opens_no_purpose(start: int, end: int, no_purpose: list[tuple[int, int]]) -> bool:
    """ "ngôi nhà văn hóa", "xây nhà máy": the word's last word opens a word of no purpose that runs on past it,
    so the word names no such thing."""
    return any(start < s < end < e for s, e in no_purpose)


def _units_purpose(ctx: Context, start: int, end: int) -> str | None:
    """The purpose of the one kind of thing that `start`..`end` names by a unit's word ("ngôi nhà", "suất quà"),
    none when it names things of two purposes."""
    text, p = ctx.doc.text, ctx.patterns
    no_purpose = [
        (word.start(), word.end())
        for word in p.any_purpose_word.finditer(text, start, end, overlapped=True)
        if p.word_purpose.get(word.group().casefold()) == ""
    ]
    named = {
        name
        for name, units in p.purpose_units
        if any(not _opens_no_purpose(u.start(), u.end(), no_purpose) for u in units.finditer(text, start, end))
    }
    return next(iter(named)) if len(named) == 1 else None


def _shaped_purpose(ctx: Context, money: Money, clause: tuple[int, int]) -> str | None:
    """A purpose the clause's shape says before any word does (rules/links `shapes`): a price right
    after "giá" ("bộ quà Tết giá 250.000 đồng"); money "để X tổ chức ..." an event ("trao 30 triệu đồng
    để Công đoàn Công ty tổ chức “Tết sum vầy”"); the budget of an event the clause opens with
    ("Ngày hội thể thao ... có kinh phí 60 triệu đồng")."""
    text, p, shapes = ctx.doc.text, ctx.patterns, ctx.patterns.lex.shapes
    clause_start, clause_end = clause
    if p.price_before.search(text, max(clause_start, money.char_start - 40), money.char_start):
        return shapes.price.purpose
    if p.sponsor_before.search(text, max(clause_start, money.char_start - 40), money.char_start):
        return shapes.sponsor.purpose  # "Công ty X tài trợ 150 triệu đồng"
    if _earned(ctx, money, clause_start):
        return shapes.earning.purpose  # "công ty đạt doanh thu hơn 364 tỷ đồng"
    if p.pay_opening.match(text, clause_start, money.char_start) and _purpose_between(
        ctx, *ctx.phrase_at(clause, money.char_start)
    ) in (None, shapes.pay_opening.purpose):
        # "Phụ cấp xăng xe, nhà ở tăng 60%, từ 500.000 đồng lên 800.000 đồng": pay, whatever it is for; an item of
        # its own after it keeps its words ("phụ cấp chuyên cần 300.000 đồng/người/tháng, tiền ăn ca 25.000 đồng/suất")
        return shapes.pay_opening.purpose
    if p.into_fund.match(text, money.char_end, clause_end):
        return shapes.into_fund.purpose
    funds = [a for a in ctx.actors_in(clause_start, money.char_start) if a.fund]
    if (
        funds
        and not text[funds[-1].end : money.char_start].strip()
        and p.into_fund_verb.search(text, clause_start, funds[-1].start)
    ):
        return shapes.into_fund.purpose  # "ủng hộ Quỹ “Mái ấm Công đoàn” tỉnh 15 triệu đồng": given to the fund
    after = p.event_after.match(text, money.char_end, clause_end)
    if after and not ctx.money_in(money.char_end, after.end()):  # not another amount's "để"
        return shapes.event.purpose
    through = p.through_body.match(text, money.char_end)
    if through:
        body = ctx.actor_at(through.end())
        sentence = ctx.doc.sentence_at(money.char_start)
        marker = p.through_marker.search(text, body.end, sentence.end) if body else None
        # "... cho Công đoàn Bưu điện tỉnh để chăm sóc đoàn viên trong vùng dịch Covid-19": relief still
        if marker and _purpose_between(ctx, marker.end(), sentence.end) != p.lex.frame_purpose.purpose:
            return shapes.through_body.purpose
    opening = p.event_opening.match(text, clause_start, money.char_start)
    if opening and p.budget_before.search(text, opening.end(), money.char_start):
        return shapes.event.purpose
    if p.budget_of_event.search(text, clause_start, money.char_start):
        # "Tổng kinh phí của chương trình gần 110 triệu đồng", "Kinh phí cho hai chương trình ..."
        return shapes.event.purpose
    return None


def _earned(ctx: Context, money: Money, clause_start: int) -> bool:
    """Is the amount what a body earns or holds ("doanh thu hơn 364 tỷ đồng", "lợi nhuận trên 15 tỷ đồng"): money
    nobody gives and no count receives."""
    start = max(clause_start, money.char_start - 40)
    return bool(ctx.patterns.earning_before.search(ctx.doc.text, start, money.char_start))


def _worded_purpose(ctx: Context, money: Money, recipients: Count | None, giver: str | None) -> str:
    text, p, doc = ctx.doc.text, ctx.patterns, ctx.doc
    sentence = doc.sentence_at(money.char_start)
    clause_start, clause_end = ctx.clause_at(money.char_start)
    phrase_start, phrase_end = ctx.phrase_at((clause_start, clause_end), money.char_start)
    found = _purpose_between(ctx, phrase_start, phrase_end)
    if found and found in p.lex.budget_purposes:
        # "trao hơn 7.000 suất quà với tổng kinh phí 7,3 tỷ đồng": the budget of things given is theirs; "ngôi nhà
        # ... đã hoàn thành với tổng kinh phí hơn 120 triệu đồng": so is the budget of a thing its clause builds
        by_unit = (
            _unit_purpose(recipients, p) if recipients is not None else _units_purpose(ctx, clause_start, phrase_start)
        )
        if by_unit:
            return by_unit
    if found and recipients is not None and phrase_start <= recipients.char_start and recipients.char_end < phrase_end:
        # "tặng 90 suất quà cho công nhân ở lại nhà trọ": the things given say what for, up to them; the words after
        # them say who receives
        by_unit = _unit_purpose(recipients, p)
        if by_unit and by_unit != found and _purpose_between(ctx, phrase_start, recipients.char_end) == by_unit:
            return by_unit
    if found:
        return found
    if recipients is None:
        # money handed to a body ("trao cho LĐLĐ TP. Huế 10 triệu đồng", "trao tặng Công đoàn phường X 20 triệu
        # đồng"): a donation
        for actor in ctx.actors_in(phrase_start, clause_end):
            if actor.canonical != giver and any(
                marker.search(text, phrase_start, actor.start) for marker in (p.body_before, p.donating_before)
            ):
                return p.lex.recipient_body
    # "tặng 150 vé xe ..., mỗi vé 600.000 đồng, và hỗ trợ xây 2 căn nhà": what the recipients are says more
    # than another word of the clause
    by_unit = _unit_purpose(recipients, p)
    if by_unit:
        return by_unit
    share = _share_span(ctx, money, recipients)
    if share is not None:
        # "tặng quà cho 395 đoàn viên, mỗi phần 400.000 đồng, đồng thời tổ chức “Bữa cơm Công đoàn”": a share of
        # what the recipients' phrase gives is for what that phrase says, not for the phrases after it
        found = _purpose_between(ctx, *share)
        if found:
            return found
    # "bảo đảm thu nhập bình quân ... và đã đóng đủ kinh phí công đoàn bằng 2% quỹ lương, khoảng 150 triệu đồng": the
    # object of the verb that gives it (the words after the verb) says what for, before the rest of its clause
    giving = [verb for verb in _verbs(ctx, clause_start, money.char_start) if verb.kind == "giving"]
    if giving:
        found = _purpose_between(ctx, giving[-1].end, money.char_end)
        if found:
            return found
        said = p.verb_purpose.get(text[giving[-1].start : giving[-1].end].casefold())
        if said:
            return said  # "công ty còn tặng gia đình anh Thọ 5 triệu đồng mừng nhà mới"
    found = _purpose_between(ctx, clause_start, clause_end)
    if found:
        return found
    index = ctx.sentence_index(sentence)
    windows = [sentence.text]
    if index > 0:
        windows.append(doc.sentences[index - 1].text)
    windows.append(doc.title)
    for window in windows:
        found = _purpose_in(window, p)
        if found:
            return found
    # "Công trình có tổng kinh phí 120 triệu đồng.": only a weak word, near the amount
    for name, words in p.weak_words:
        if words.search(text, clause_start, clause_end):
            return name
    return "other"


# ---------------------------------------------------------------------------
# Date


def date_of(doc: Document, money: Money, clause: tuple[int, int], patterns: LinkPatterns) -> str | None:
    """The start of the date fact of the amount's clause, else of its sentence, else the article's
    date; never a date the amount is compared with ("tăng 8% so với năm 2023"). Date facts come from
    the dates component when it is registered (`after`)."""
    dates: list[Any] = doc.facts.get(DATES, [])  # in text order
    sentence = doc.sentence_at(money.char_start)
    for start, end in (clause, (sentence.start, sentence.end)):
        first = bisect_left(dates, start, key=lambda d: d.char_start)
        last = bisect_left(dates, end, lo=first, key=lambda d: d.char_start)
        inside = [
            d
            for d in dates[first:last]
            if d.char_end <= end
            and getattr(d, "start", None)
            and not patterns.compared_before.search(doc.text, max(start, d.char_start - 30), d.char_start)
        ]
        if inside:
            nearest = min(inside, key=lambda d: abs(d.char_start - money.char_start))
            return _iso(nearest.start)
    return _iso(doc.published)


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


# ---------------------------------------------------------------------------


def extract(doc: Document, lexicon: Lexicon) -> list[Money]:
    """The money facts with their links filled, in the same order."""
    patterns = lexicon.derived(_compile)
    money: list[Money] = doc.results("money")
    if not money:
        return []
    ctx = Context(doc, patterns, _actors(doc, patterns), list(doc.results("counts")))
    ctx.money_starts = sorted(fact.char_start for fact in money)
    funds = {actor.canonical for actor in ctx.actors if actor.fund}
    linked: dict[int, Money] = {}  # id of the money fact -> its linked copy
    by_sentence: dict[int, list[Money]] = {}
    for fact in money:
        by_sentence.setdefault(doc.sentence_at(fact.char_start).start, []).append(fact)
    sentences = doc.sentences or [doc.sentence_at(0)]
    carry = _Carry(ctx, sentences, funds)
    received: dict[int, list[Count | None]] = {}  # sentence index -> the recipients of its amounts
    previous_share: tuple[int, Count] | None = None
    text = doc.text
    for index, sentence in enumerate(sentences):
        facts = by_sentence.get(sentence.start, [])
        carried = carry.before(index) if facts else CARRY
        units: list[Count] = []  # the recipients of the sentence's per-unit amounts so far
        # the end of its last per-unit amount with recipients, and them; a sentence opening with a breakdown word
        # ("... bữa cơm cho 2.300 công nhân, mỗi suất 80.000 đồng. Trong đó, công đoàn chi thêm 30.000 đồng/suất")
        # breaks down the one before
        last_share = previous_share if patterns.part_opening.match(text, sentence.start, sentence.end) else None
        # id of such a count -> the giver and purpose of its first per-unit amount
        unit_links: dict[int, tuple[str | None, str]] = {}
        for fact in facts:
            clause = ctx.clause_at(fact.char_start)
            recipients = _recipients(ctx, fact)
            total_of = None if recipients else _total_of_units(ctx, fact, units)
            part = None if recipients or total_of else _part_of_share(ctx, fact, last_share)
            recipients = recipients or total_of or part
            giver = _giver(ctx, fact, carried, recipients)
            purpose = _purpose(ctx, fact, recipients, giver)
            if fact.per_unit and recipients is not None and id(recipients) in unit_links:
                if not _purpose_between(ctx, *clause):
                    # "thưởng Tết cho 196.524 lao động, bình quân 7,53 triệu đồng/người; cao nhất 600 triệu đồng/người":
                    # another level of what the same people get, its clause saying no purpose of its own
                    purpose = unit_links[id(recipients)][1]
            if purpose in patterns.lex.unlinked_purposes:
                # a price is received by no count near it; its giver is only the subject of a giving verb
                # before it in its clause ("Ban Giám đốc nâng giá trị bữa ăn ca lên 30.000 đồng/suất"), never
                # one carried over nor one of a verb after it ("có giá trị 120.000 đồng, trong đó X hỗ trợ")
                recipients = None
                if not _verbs(ctx, clause[0], fact.char_start):
                    giver = None
            if giver is None and purpose not in patterns.lex.not_carried_purposes:
                # only now the subject carried over: wages and prices are paid by employers and
                # buyers the article does not name, not by the body acting around them
                giver = _giver(ctx, fact, carried, recipients, carrying=True)
            if giver is None and purpose == patterns.lex.employer_purpose:
                giver = _employer_opening(ctx, fact, clause) or _employer_of_pay(ctx, fact, recipients)
            if _earned(ctx, fact, clause[0]):
                giver = recipients = None  # a company's revenue: earned, not given
            if purpose in patterns.lex.valued_purposes and _worth_only(ctx, fact, clause):
                giver = None  # "Mỗi căn có tổng chi phí khoảng 110 triệu đồng": a house's worth, no one's gift
            if total_of is not None and giver is None:
                giver = unit_links.get(id(total_of), (None, ""))[0]  # the total of the units gives what they give
            if recipients is None and purpose not in patterns.lex.unlinked_purposes and purpose != "program":
                # last, so that the restated gift's count changes neither giver nor purpose
                recipients = _restated(ctx, fact, index, sentences, received) or _unit_named_before(
                    ctx, fact, index, sentences
                )
            received.setdefault(index, []).append(recipients)
            if fact.per_unit and recipients is not None and part is None:  # a part keeps its whole's place
                last_share = (fact.char_end, recipients)
                units.append(recipients)
                unit_links.setdefault(id(recipients), (giver, purpose))
            links = {
                "giver": giver,
                "recipients_value": recipients.value if recipients else None,
                "recipients_unit": recipients.unit if recipients else None,
                "purpose": purpose,
                "date": date_of(doc, fact, clause, patterns),
            }
            # validated: a purpose the model does not know is an error here, not in the database
            linked[id(fact)] = Money.model_validate({**fact.model_dump(), **links})
        if facts:
            previous_share = last_share
    _restated_purposes(doc, money, linked)
    # a fact in no listed sentence (text not segmented) keeps no links
    return [linked.get(id(fact), fact) for fact in money]


class _Carry:
    """The subject carried over to a sentence from the sentences before it: that of the nearest
    sentence before it that names any (one body: that body; two: None, nobody for sure), else CARRY.
    Read backwards from the sentences that hold money only, so a sentence far from any amount is
    never parsed for its subject (about 7% of an article's time when every sentence was)."""

    def __init__(self, ctx: Context, sentences: list[Span], funds: set[str | None]) -> None:
        self.ctx, self.sentences, self.funds = ctx, sentences, funds
        self._subjects: dict[int, list[Any]] = {}
        self._before: dict[int, str | None | object] = {}  # a dense article asks for every sentence

    def _named(self, index: int) -> list[Any]:
        if index not in self._subjects:
            # a generic subject ("các CĐCS đang chuẩn bị ...") names no body to carry, nor hides one;
            # nor does a fund that lends: "công đoàn đã vận động ..." after it is still the union's
            self._subjects[index] = [
                subject
                for subject in dict.fromkeys(_sentence_subject(self.ctx, self.sentences[index]))
                if subject is not GENERIC and subject not in self.funds
            ]
        return self._subjects[index]

    def before(self, index: int) -> str | None | object:
        found: str | None | object = CARRY
        for earlier in range(index - 1, -1, -1):
            subjects = self._named(earlier)
            if subjects:
                # two bodies act: a later subject-less amount is nobody's for sure
                found = subjects[0] if len(subjects) == 1 else None
                break
            if earlier in self._before:  # what carried into a subject-less sentence carries on
                found = self._before[earlier]
                break
        self._before[index] = found
        return found


def _restated_purposes(doc: Document, money: list[Money], linked: dict[int, Money]) -> None:
    """A headline amount restates one of the body ("Huế: trên 177 tỷ đồng chăm lo đoàn viên" over "...
    các cấp công đoàn đã chăm lo ... với tổng kinh phí trên 177 tỷ đồng"): its purpose is the body's,
    read with the words around it there. Giver and recipients stay the headline's own."""
    title_end = len(doc.title) if doc.title and doc.text.startswith(doc.title) else 0
    if not title_end:
        return
    body: dict[tuple[Any, ...], list[Money]] = {}
    for fact in money:
        if fact.char_start >= title_end and id(fact) in linked:
            body.setdefault((fact.amount_vnd, fact.amount_max_vnd, fact.per_unit), []).append(linked[id(fact)])
    for fact in money:
        restated = body.get((fact.amount_vnd, fact.amount_max_vnd, fact.per_unit), [])
        if fact.char_end <= title_end and id(fact) in linked and len(restated) == 1:
            # one body amount only: "1 triệu đồng/người" twice in the body, for two purposes, says none
            linked[id(fact)] = linked[id(fact)].model_copy(update={"purpose": restated[0].purpose})


COMPONENT = Component(
    kind="links",
    model=Money,
    extract=extract,
    requires=("money", "counts", "organizations", "officials"),
    updates="money",
    after=(DATES,),
)
