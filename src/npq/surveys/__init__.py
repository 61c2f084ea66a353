"""Surveys and feedback: questionnaires, invitations, anonymous answers, results with suppression."""
