"""Assessment policy as pure functions: word counts and limits, who may submit, the result from a
mark scheme, comparing first and second marking, and the moderation sample."""

import datetime as dt
import hashlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

_WORD = re.compile(r"\S+")
_HAS_ALNUM = re.compile(r"[^\W_]")


class MarkingError(ValueError):
    """A mark that the scheme does not allow (unknown criterion or band)."""


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    score: int
    meets: bool  # whether this band counts as the criterion being met


@dataclass(frozen=True)
class Scheme:
    criteria: tuple[str, ...]  # codes of the criteria the task tests
    bands: tuple[Band, ...]
    pass_mark: int  # total score needed
    must_meet: frozenset[str] = frozenset()  # criteria that must all be met whatever the total

    def band(self, key: str) -> Band:
        for band in self.bands:
            if band.key == key:
                return band
        raise MarkingError(f"{key!r} is not a band of this mark scheme")

    @property
    def max_total(self) -> int:
        return max((b.score for b in self.bands), default=0) * len(self.criteria)


MET_NOT_MET = (Band("not_met", "Not met", 0, False), Band("met", "Met", 1, True))


@dataclass(frozen=True)
class Outcome:
    complete: bool
    total: int
    max_total: int
    passed: bool | None  # None until every criterion is marked
    missing: tuple[str, ...]
    unmet_required: tuple[str, ...]
    scores: Mapping[str, int]


def check_mark(scheme: Scheme, criterion: str, band: str) -> Band:
    if criterion not in scheme.criteria:
        raise MarkingError(f"Criterion {criterion} is not tested by this task")
    return scheme.band(band)


def mark_problems(scheme: Scheme, marks: Mapping[str, tuple[str, str]], complete: bool) -> list[tuple[str, str]]:
    """Every problem (field, message) with marks given as criterion -> (band, evidence), so a form
    shows them all at once; on completion every criterion needs a band and evidence."""
    problems = []
    for code, (band, evidence) in marks.items():
        try:
            check_mark(scheme, code, band)
        except MarkingError as exc:
            problems.append((f"band-{code}", str(exc)))
        if complete and not evidence.strip():
            problems.append((f"evidence-{code}", f"Enter evidence from the submission for criterion {code}"))
    if complete:
        problems += [(f"band-{c}", f"Mark criterion {c} before completing") for c in scheme.criteria if c not in marks]
    return problems


def outcome(scheme: Scheme, marks: Mapping[str, str]) -> Outcome:
    """The result of one marking (criterion code -> band key): pass when every criterion is
    marked, the total reaches the pass mark and every must-meet criterion is met."""
    scores: dict[str, int] = {}
    unmet: list[str] = []
    for criterion, band_key in marks.items():
        band = check_mark(scheme, criterion, band_key)
        scores[criterion] = band.score
        if criterion in scheme.must_meet and not band.meets:
            unmet.append(criterion)
    missing = tuple(c for c in scheme.criteria if c not in marks)
    total = sum(scores.values())
    complete = not missing
    passed = (total >= scheme.pass_mark and not unmet) if complete else None
    return Outcome(complete, total, scheme.max_total, passed, missing, tuple(sorted(unmet)), scores)


@dataclass(frozen=True)
class Comparison:
    agree: bool
    differences: tuple[tuple[str, int, int], ...]  # criterion, first score, second score (over tolerance)
    outcome_differs: bool


def compare(scheme: Scheme, first: Mapping[str, str], second: Mapping[str, str], tolerance: int) -> Comparison:
    """Two complete markings agree when no criterion's scores differ by more than the tolerance
    and both give the same pass or fail."""
    a, b = outcome(scheme, first), outcome(scheme, second)
    if not (a.complete and b.complete):
        raise MarkingError("Both markings must be complete to compare them")
    differences = tuple(
        (c, a.scores[c], b.scores[c]) for c in scheme.criteria if abs(a.scores[c] - b.scores[c]) > tolerance
    )
    differs = a.passed != b.passed
    return Comparison(not differences and not differs, differences, differs)


def moderation_sample(marked: Mapping[str, Sequence[str]], percent: int, seed: str) -> dict[str, list[str]]:
    """A share of each assessor's marked submissions (at least one when they marked any and the
    share is above 0), chosen by a stable hash so the same inputs give the same sample."""
    if not 0 <= percent <= 100:
        raise ValueError("The sample percentage must be between 0 and 100")
    sample = {}
    for assessor, items in marked.items():
        size = min(len(items), math.ceil(len(items) * percent / 100))
        ordered = sorted(items, key=lambda i: hashlib.sha256(f"{seed}:{assessor}:{i}".encode()).hexdigest())
        sample[assessor] = sorted(ordered[:size])
    return sample


def must_moderate(sampled: set[str], agreed: set[str], chosen: set[str]) -> set[str]:
    """The results that must be moderated before release: the sample, every result the markers
    had to agree (they disagreed, so it is never released on the markers' word alone), and any
    result a moderator chose to moderate."""
    return sampled | agreed | chosen


class WindowProgress(StrEnum):
    NOTHING_SUBMITTED = "nothing_submitted"
    MARKING = "marking"
    READY = "ready"
    RELEASED = "released"


def window_progress(submissions: int, without_result: int, waiting: int) -> WindowProgress:
    """Where a task's results stand: 'released' only when every submission's result is out."""
    if submissions == 0:
        return WindowProgress.NOTHING_SUBMITTED
    if without_result:
        return WindowProgress.MARKING
    if waiting:
        return WindowProgress.READY
    return WindowProgress.RELEASED


OWN_WORK = (
    "I confirm this submission is my own work. Where I have used other people's words or ideas, "
    "I have said whose they are."
)
OWN_WORK_MISSING = "Confirm that the submission is your own work"
# Fewer words than this share of the limit is worth a second look before submitting.
FEW_WORDS_SHARE = 20


def check_warnings(count: int, limit: int) -> list[str]:
    """What the check page points out before a participant submits (nothing stops them)."""
    warnings = []
    if count * 100 < limit * FEW_WORDS_SHARE:
        warnings.append(
            f"Your submission has {count:,} word{'s' if count != 1 else ''}, far below the limit of {limit:,}. "
            "Check you chose the right file"
        )
    return warnings


def declaration_problem(own_work: bool) -> str | None:
    return None if own_work else OWN_WORK_MISSING


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of non-space characters holding a letter or digit
    (so a hyphenated word is one and a lone dash or bullet is none)."""
    return sum(1 for token in _WORD.findall(text) if _HAS_ALNUM.search(token))


def over_limit_message(count: int, limit: int, excludes: str = "") -> str | None:
    if count <= limit:
        return None
    note = f" ({excludes} are not counted)" if excludes else ""
    return (
        f"Your submission has {count:,} words, which is {count - limit:,} over the limit of {limit:,}{note}. "
        "Shorten it and upload it again"
    )


class Latest(StrEnum):
    NONE = "none"  # nothing submitted yet
    WAITING = "waiting"  # submitted, marking not started
    MARKING = "marking"  # being marked or moderated, result not released
    PASSED = "passed"
    FAILED = "failed"


@dataclass(frozen=True)
class SubmitCheck:
    now: dt.datetime
    deadline: dt.datetime  # the first deadline, or a participant's extension of it
    resubmission_deadline: dt.datetime | None
    latest: Latest
    failed_attempts: int
    resubmissions_allowed: int
    engagement_percent: int
    engagement_threshold: int


def refusal(check: SubmitCheck) -> str | None:
    """Why a participant may not submit now, or None when they may."""
    if check.engagement_percent < check.engagement_threshold:
        return (
            f"You need {check.engagement_threshold}% engagement to submit; yours is {check.engagement_percent}%. "
            "Speak to your facilitator"
        )
    if check.latest is Latest.MARKING:
        return "Your submission is being marked, so it cannot be replaced"
    if check.latest is Latest.PASSED:
        return "You have passed this task"
    if check.latest is Latest.FAILED:
        if check.failed_attempts > check.resubmissions_allowed:
            return f"You have used the {check.resubmissions_allowed} resubmission(s) your provider allows"
        if check.resubmission_deadline is None or check.now > check.resubmission_deadline:
            return "The resubmission deadline has passed"
        return None
    if check.now > check.deadline:
        return f"The deadline ({check.deadline:%d %B %Y %H:%M}) has passed. Ask your provider for an extension"
    return None


def tested_criteria(criteria: Iterable[tuple[str, str]], part: str | None = None) -> tuple[str, ...]:
    """Codes of the criteria (code, part) a task tests, optionally only one part's."""
    return tuple(code for code, p in criteria if part is None or p == part)


def qualification_result(tasks: Sequence[tuple[str, bool | None]]) -> tuple[bool | None, str]:
    """The NPQ outcome from the latest released result of every task set to the participant
    (task title, passed or None when nothing is released yet): passed when every task is passed,
    failed when all are released and any is failed, otherwise not decided yet (with the reason)."""
    if not tasks:
        return None, "no assessment task has been set"
    waiting = [title for title, passed in tasks if passed is None]
    if waiting:
        return None, f"no result has been released for {waiting[0]}"
    failed = [title for title, passed in tasks if passed is False]
    if failed:
        return False, f"not passed: {failed[0]}"
    return True, "passed every assessment task" if len(tasks) > 1 else "passed the assessment task"


MB = 1024 * 1024


def upload_problem(
    document: int, annexes: Sequence[int], max_file: int, max_total: int, max_annexes: int
) -> str | None:
    """What is wrong with the sizes (in bytes) of an upload and its annexes, or None. The files are
    kept in the database, so each one and all of them together are limited."""
    if document > max_file:
        return f"The selected file must be smaller than {max_file // MB}MB"
    if len(annexes) > max_annexes:
        return f"Upload up to {max_annexes} annexes or supporting documents"
    if any(size > max_file for size in annexes):
        return f"Each annex must be smaller than {max_file // MB}MB"
    if document + sum(annexes) > max_total:
        return f"Your submission and its annexes must be smaller than {max_total // MB}MB together"
    return None


def deadline_problems(
    now: dt.datetime, deadline: dt.datetime, resubmission: dt.datetime | None, *, new: bool
) -> list[tuple[str, str]]:
    """Problems (field, message) with a task window's deadlines: a new window's deadline is in the
    future, and a resubmission deadline comes after the first one."""
    problems = []
    if new and deadline <= now:
        problems.append(("deadline", "The deadline must be in the future"))
    if resubmission is not None and resubmission <= deadline:
        problems.append(("resubmission", "The resubmission deadline must be after the deadline"))
    return problems


# A provider's mark scheme for a task -------------------------------------------------------------

STANDARD_BANDS = (
    Band("not_met", "Not met", 0, False),
    Band("met", "Met", 2, True),
    Band("exceeded", "Exceeded", 3, True),
)


def scheme_problems(
    name: str, pass_mark: int | None, criteria: int, sample_percent: int | None, resubmissions: int | None
) -> list[tuple[str, str]]:
    """Every problem with a new mark scheme at once, as (field, message), for a task with
    ``criteria`` criteria marked in the standard bands."""
    problems = []
    if not name.strip():
        problems.append(("name", "Enter a name for the mark scheme"))
    most = max(b.score for b in STANDARD_BANDS) * criteria
    if pass_mark is None or not 1 <= pass_mark <= most:
        problems.append(("pass_mark", f"Enter a pass mark between 1 and {most}, the most a submission can score"))
    if sample_percent is None or not 0 <= sample_percent <= 100:
        problems.append(("sample_percent", "Enter the share of results to moderate, from 0 to 100"))
    if resubmissions is None or not 0 <= resubmissions <= 3:
        problems.append(("resubmissions_allowed", "Enter how many resubmissions you allow, from 0 to 3"))
    return problems
