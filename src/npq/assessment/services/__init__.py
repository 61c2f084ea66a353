"""Assessment use cases (one per public function, each in one transaction with an audit event)."""

from npq.assessment.services.common import current_result, is_moderator, released_result, scheme_rules
from npq.assessment.services.marking import (
    marks_of,
    needs_agreement,
    next_role,
    record_agreement,
    save_marks,
    start_marking,
)
from npq.assessment.services.moderation import (
    live_submissions,
    moderate,
    moderation_complete,
    moderation_status,
    release_results,
    released_ids,
    sample_ids,
)
from npq.assessment.services.outcomes import link_completed_declaration, link_outcome, qualification_result
from npq.assessment.services.schemes import create_mark_scheme, usable_tasks
from npq.assessment.services.submissions import (
    confirm_draft,
    deadline_for,
    draft_for,
    grant_extension,
    latest_state,
    latest_submission,
    submit,
    submit_check,
    upload_draft,
)
from npq.assessment.services.windows import change_deadlines, schemes_for, set_window, tasks_for, version_of

__all__ = [
    "change_deadlines",
    "create_mark_scheme",
    "schemes_for",
    "set_window",
    "tasks_for",
    "usable_tasks",
    "version_of",
    "confirm_draft",
    "current_result",
    "draft_for",
    "deadline_for",
    "grant_extension",
    "is_moderator",
    "latest_state",
    "latest_submission",
    "link_completed_declaration",
    "link_outcome",
    "live_submissions",
    "marks_of",
    "moderate",
    "moderation_complete",
    "moderation_status",
    "needs_agreement",
    "next_role",
    "qualification_result",
    "record_agreement",
    "release_results",
    "released_ids",
    "released_result",
    "sample_ids",
    "save_marks",
    "scheme_rules",
    "start_marking",
    "submit",
    "submit_check",
    "upload_draft",
]
