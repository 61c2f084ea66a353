"""Assessment pages for participants (submit, result), assessors (queue, marking screen),
moderators (sample, disagreements, release) and providers (progress and pass rates)."""

from npq.assessment.views.marking import agree, annex, mark, marking_queue, moderation, review
from npq.assessment.views.participant import check, my_tasks, submit
from npq.assessment.views.provider import extensions, mark_scheme_new, progress, window_edit, windows

__all__ = [
    "agree",
    "annex",
    "check",
    "extensions",
    "mark",
    "mark_scheme_new",
    "marking_queue",
    "moderation",
    "my_tasks",
    "progress",
    "review",
    "submit",
    "window_edit",
    "windows",
]
