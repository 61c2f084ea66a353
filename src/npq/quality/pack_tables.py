"""The evidence pack as the tables a reader sees: words and figures only (suppressed cells read
'Hidden: small numbers'), grouped under the two headings of the pack."""

from dataclasses import dataclass
from typing import Any

from npq.core.labels import label
from npq.frameworks.models import DeliveryMode
from npq.quality import rules
from npq.quality.evidence import Pack


@dataclass(frozen=True)
class Table:
    caption: str
    heads: list[str]
    rows: list[list[str]]


def _mode(code: str) -> str:
    return str(dict(DeliveryMode.choices).get(code, code))


def _coverage(cells: dict[str, Any]) -> list[str]:
    if cells["foreign"]:
        return ["Maps statements of another framework", ""]
    n = cells["sequencing"]
    return [
        f"{cells['covered']} of {cells['statements']} statements ({cells['percent']}%)",
        "No sequencing problems" if n == 0 else f"{n} sequencing problem{'' if n == 1 else 's'}",
    ]


def sent_on_notification(pack: Pack) -> list[Table]:
    return [
        Table(
            "Delivery partners, their locations and delivery modes",
            ["Delivery partner", "Participants", "Delivery modes", "Locations"],
            [
                [
                    r.name,
                    str(r.cells["participants"]),
                    ", ".join(_mode(m) for m in r.cells["modes"]) or "None recorded",
                    ", ".join(r.cells["places"]) or "None recorded",
                ]
                for r in pack.partners
            ],
        ),
        Table(
            "Participants per course",
            ["Course", "Accepted", "Active", "Deferred", "Withdrawn"],
            [
                [r.name, *(str(r.cells[k]) for k in ("accepted", "active", "deferred", "withdrawn"))]
                for r in pack.courses
            ],
        ),
        Table(
            "Sessions timetabled during the visit",
            ["When", "Session", "Course", "Delivery partner", "Mode", "Facilitator"],
            [
                [
                    f"{s.starts_at:%-d %B %Y %H:%M}",
                    s.title,
                    s.delivery_cohort.course.name,
                    s.delivery_cohort.delivery_partner.name if s.delivery_cohort.delivery_partner else "The provider",
                    _mode(s.mode),
                    s.facilitator.full_name if s.facilitator else "Not named",
                ]
                for s in pack.timetable
            ],
        ),
        Table(
            "Curriculum: coverage of the framework and sequencing",
            ["Curriculum", "Coverage", "Sequencing"],
            [[r.name, *_coverage(r.cells)] for r in pack.curricula],
        ),
    ]


def quality(pack: Pack) -> list[Table]:
    cp, mod, obs = pack.checkpoints, pack.moderation, pack.observations
    return [
        Table(
            "Completion, deferral, withdrawal and retention by course",
            ["Course", "Completed", "Completion", "Retention"],
            [
                [r.name, str(r.cells["completed"]), str(r.cells["completion"]), str(r.cells["retention"])]
                for r in pack.courses
            ],
        ),
        Table(
            "Engagement and attendance by delivery partner",
            ["Delivery partner", "Participants", "Sessions attended (of attendance marked)"],
            [[r.name, str(r.cells["participants"]), str(r.cells["attendance"])] for r in pack.partners],
        ),
        Table(
            "Formative checkpoints",
            ["Checkpoints due", "Responses expected", "Responses", "Use", "Responses with feedback"],
            [[str(cp["checkpoints"]), str(cp["expected"]), str(cp["responses"]), str(cp["use"]), str(cp["feedback"])]],
        ),
        Table(
            "Submissions and pass rates by course",
            ["Course", "Submissions", "Passed (of those with a result)"],
            [[r["course"], str(r["submitted"]), str(r["pass_rate"])] for r in pack.assessment],
        ),
        Table(
            "First marking per criterion",
            ["Criterion", "Marked", "Met"],
            [[r["criterion"], str(r["marked"]), str(r["met"])] for r in pack.criteria],
        ),
        Table(
            "Moderation",
            ["Submissions moderated", "Marks changed in moderation"],
            [[str(mod["reviewed"]), str(mod["changed"])]],
        ),
        Table(
            "Survey response rates",
            ["Survey", "Invited", "Responded"],
            [[r["survey"], str(r["invited"]), str(r["rate"])] for r in pack.surveys],
        ),
        Table(
            "Facilitator observations",
            [
                "Observations",
                f"Facilitators observed in {obs['term'].name}",
                "Most often an area to develop",
                "Most often a strength",
            ],
            [
                [
                    f"{obs['count']:,}",
                    str(obs["covered"]),
                    "; ".join(t for t, _ in obs["develop"]) or "None",
                    "; ".join(t for t, _ in obs["strengths"]) or "None",
                ]
            ],
        ),
    ]


def self_evaluation(pack: Pack) -> list[list[str]]:
    sef = pack.self_evaluation
    if sef is None:
        return []
    return [
        [label("judgement_area", area), label("grade", sef.grades.get(str(area), "")), sef.narrative.get(str(area), "")]
        for area in rules.Area
    ]
