"""Survey policy as pure functions: question kinds, which questions show, what a valid answer is,
how a questionnaire splits into pages, and the share agreeing against a target."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class Kind(StrEnum):
    AGREEMENT = "agreement"
    SINGLE = "single"
    MULTIPLE = "multiple"
    RATING = "rating"
    NUMBER = "number"
    TEXT = "text"


AGREEMENT = (
    ("strongly_agree", "Strongly agree"),
    ("agree", "Agree"),
    ("neither", "Neither agree nor disagree"),
    ("disagree", "Disagree"),
    ("strongly_disagree", "Strongly disagree"),
)
AGREEING = frozenset({"strongly_agree", "agree"})
MAX_TEXT = 5000  # characters: a long paragraph or two; a 100,000-character answer is refused
ONE_PAGE_AT_MOST = 6  # a questionnaire this short is asked on one page


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    kind: Kind
    text: str
    required: bool = True
    options: tuple[tuple[str, str], ...] = ()
    minimum: int = 0
    maximum: int = 10
    shown_if: tuple[str, frozenset[str]] | None = None  # (earlier question key, answers that show this)


@dataclass(frozen=True)
class Checked:
    values: tuple[str, ...] = ()
    error: str | None = None


def options_of(q: QuestionSpec) -> tuple[tuple[str, str], ...]:
    """The choices a person picks from, as (stored value, words shown)."""
    if q.kind is Kind.AGREEMENT:
        return AGREEMENT
    if q.kind is Kind.RATING:
        return tuple((str(n), str(n)) for n in range(q.minimum or 1, q.maximum + 1))
    return q.options


def is_shown(q: QuestionSpec, answers: Mapping[str, Sequence[str]]) -> bool:
    """A conditional question shows only when the earlier answer is one of the named ones."""
    if q.shown_if is None:
        return True
    earlier, values = q.shown_if
    return any(v in values for v in answers.get(earlier, ()))


def check(q: QuestionSpec, raw: Sequence[str]) -> Checked:
    """Clean one answer (the posted values) or say what is wrong with it, in words for the person."""
    values = tuple(v.strip() for v in raw if v is not None and v.strip())
    if not values:
        return Checked((), f"Answer ‘{q.text}’" if q.required else None)
    if q.kind is Kind.TEXT:
        text = values[0]
        if len(text) > MAX_TEXT:
            return Checked((), f"Your answer to ‘{q.text}’ must be {MAX_TEXT:,} characters or fewer")
        return Checked((text,))
    if q.kind is Kind.NUMBER:
        try:
            number = int(values[0])
        except ValueError:
            return Checked((), f"Your answer to ‘{q.text}’ must be a whole number, like 3")
        if not q.minimum <= number <= q.maximum:
            return Checked((), f"Your answer to ‘{q.text}’ must be between {q.minimum} and {q.maximum}")
        return Checked((str(number),))
    allowed = {value for value, _ in options_of(q)}
    if any(v not in allowed for v in values):
        return Checked((), f"Select one of the options given for ‘{q.text}’")
    if q.kind is not Kind.MULTIPLE and len(values) > 1:
        return Checked((), f"Select only one option for ‘{q.text}’")
    return Checked(tuple(dict.fromkeys(values)))


def check_all(
    questions: Sequence[QuestionSpec], posted: Mapping[str, Sequence[str]], earlier: Mapping[str, Sequence[str]]
) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Check every shown question of a page at once: (clean answers, errors by question key).

    ``earlier`` holds answers already saved, so a condition on an earlier page is honoured."""
    known: dict[str, Sequence[str]] = dict(earlier)
    clean: dict[str, tuple[str, ...]] = {}
    errors: dict[str, str] = {}
    for q in questions:
        if not is_shown(q, known):
            clean[q.key] = ()
            continue
        result = check(q, posted.get(q.key, ()))
        if result.error:
            errors[q.key] = result.error
        else:
            clean[q.key] = result.values
            known[q.key] = result.values
    return clean, errors


def pages(questions: Sequence[QuestionSpec], one_page: bool | None = None) -> list[list[str]]:
    """Question keys per page: all on one page for a short survey, otherwise one a page."""
    keys = [q.key for q in questions]
    together = len(keys) <= ONE_PAGE_AT_MOST if one_page is None else one_page
    return [keys] if together or not keys else [[k] for k in keys]


def percent(part: int, whole: int) -> Decimal | None:
    """A whole-number percentage, rounded half up once; none of nothing."""
    if whole <= 0:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def meets_target(agreeing: int, answered: int, target_percent: int) -> bool | None:
    share = percent(agreeing, answered)
    return None if share is None else share >= target_percent


@dataclass(frozen=True)
class Held:
    """A session that has taken place: its group, its module (none: not in a module) and when it ended."""

    session: int
    group: int
    module: int | None
    ended: int  # any ordered instant (a timestamp), so the rules stay free of the clock


def due_occasions(
    trigger: str, held: Sequence[Held], to_come: Sequence[tuple[int, int | None]], since: int
) -> list[str]:
    """The occasions a schedule has reached, as keys, from the sessions held and those still to come
    (``to_come``: the (group, module) of each session not yet held).

    After a session: each session held since the schedule started. End of a module: a group's module
    with no session still to come, its last held since the schedule started. End of the course: a
    group with no session still to come, its last held since the schedule started."""
    if trigger == "after_session":
        return [f"session:{h.session}" for h in held if h.ended >= since]
    by_module = trigger == "end_of_module"
    waiting = {(g, m if by_module else None) for g, m in to_come}
    last: dict[tuple[int, int | None], int] = {}
    for h in held:
        bucket = (h.group, h.module if by_module else None)
        last[bucket] = max(last.get(bucket, h.ended), h.ended)
    due = [b for b, t in sorted(last.items(), key=str) if b not in waiting and t >= since]
    if by_module:
        return [f"module:{g}:{m}" for g, m in due if m is not None]
    if trigger == "end_of_course":
        return [f"course:{g}" for g, _ in due]
    return []


def years_reached(started: tuple[int, int, int], today: tuple[int, int, int], ends: tuple[int, int, int]) -> list[int]:
    """Yearly occasions (0 for the first) whose anniversary of ``started`` is reached by ``today`` and before
    ``ends``; dates as (year, month, day) so 29 February needs no calendar here (it falls on 28 February)."""
    out = []
    for n in range(today[0] - started[0] + 1):
        day = min(started[2], 28) if started[1] == 2 else started[2]
        anniversary = (started[0] + n, started[1], day if n else started[2])
        if anniversary <= today and anniversary < ends:
            out.append(n)
    return out


def trend_summary(points: Sequence[tuple[str, Decimal | None]], measure: str, unit: str = "") -> str:
    """Words for a chart over time: where the first shown round started, where the last ended.

    ``points`` are (round, figure) in order; a figure of None is a round suppressed for its size."""
    shown = [(label, value) for label, value in points if value is not None]
    hidden = len(points) - len(shown)
    note = (
        f" {hidden} round{' has' if hidden == 1 else 's have'} fewer than 5 respondents and "
        f"{'is' if hidden == 1 else 'are'} not shown."
        if hidden
        else ""
    )
    if not shown:
        return "No round has 5 or more respondents, so none is shown."
    (first_label, first), (last_label, last) = shown[0], shown[-1]
    if len(shown) == 1:
        return f"{measure} was {first}{unit} in {first_label}; no other round can be shown beside it.{note}"
    change = last - first
    if change == 0:
        return f"{measure} was {first}{unit} in both {first_label} and {last_label}.{note}"
    points_word = " percentage points" if unit == "%" else ""
    direction = "rose" if change > 0 else "fell"
    return (
        f"{measure} {direction} from {first}{unit} in {first_label} to {last}{unit} in {last_label}, "
        f"{'up' if change > 0 else 'down'} {abs(change)}{points_word}.{note}"
    )


def slug(words: str, limit: int = 60) -> str:
    """A stored value made from words people typed: lower case, letters and digits joined by '_'."""
    out = "".join(c if c.isalnum() else "_" for c in words.lower().strip())
    return "_".join(part for part in out.split("_") if part)[:limit] or "answer"


def new_key(text: str, taken: set[str]) -> str:
    """A question key for a new question: its words, numbered if another question has them."""
    base = slug(text, 50)
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key
