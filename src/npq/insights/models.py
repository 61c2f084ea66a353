"""Targets and budgets as versioned data; the summary tables the pages read; published releases.

The pages never count declarations: they read ``Tally`` rows (a few thousand at most), kept up to
date from ``Fact`` rows (one per application) by an incremental refresh.
"""

from django.db import models

from npq.insights import rules
from npq.reference.models import LeadProvider
from npq.registration.models import Application

PROGRAMMES = [(p.value, p.value.upper()) for p in rules.Programme]


class Versioned(models.Model):
    """A figure the Department sets, kept as versions: each change is a new row, never an edit."""

    programme = models.CharField(max_length=10, choices=PROGRAMMES, default=rules.Programme.NPQ)
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField()
    set_by = models.CharField(max_length=200)
    set_at = models.DateTimeField()
    source = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["programme", "key", "-version"]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class Target(Versioned):
    """A number of starts by a date (optionally for one course group)."""

    starts = models.PositiveIntegerField()
    by_date = models.DateField()
    course_group = models.CharField(max_length=20, blank=True)

    class Meta(Versioned.Meta):
        constraints = [models.UniqueConstraint(fields=["programme", "key", "version"], name="target_version")]


class Budget(Versioned):
    """An amount of money over a period, in pence."""

    amount = models.BigIntegerField(help_text="pence")
    period_start = models.DateField()
    period_end = models.DateField()

    class Meta(Versioned.Meta):
        constraints = [models.UniqueConstraint(fields=["programme", "key", "version"], name="budget_version")]


class Fact(models.Model):
    """One application as the summary counts it: the keys it is counted under (``rules.Fact``)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="+")
    programme = models.CharField(max_length=10, choices=PROGRAMMES, default=rules.Programme.NPQ)
    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.CASCADE, related_name="+")
    cells = models.JSONField(
        default=list, help_text="group, course, cohort, provider, partner, phase, region, area, ..."
    )


class Tally(models.Model):
    """A count (or pence) for one breakdown cell, nationally (scope 0) or for one lead provider."""

    programme = models.CharField(max_length=10, choices=PROGRAMMES, default=rules.Programme.NPQ)
    scope = models.PositiveIntegerField(help_text="0 for national, else the lead provider's id")
    dimension = models.CharField(max_length=20)
    key = models.CharField(max_length=200)
    measure = models.CharField(max_length=20)
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "scope", "dimension", "key", "measure"], name="tally_cell")
        ]


class Refresh(models.Model):
    """Where the incremental refresh has got to, per programme."""

    programme = models.CharField(max_length=10, choices=PROGRAMMES, unique=True)
    watermark = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    applications = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)


class Snapshot(models.Model):
    """One section of the insight pages for one scope as the last refresh drew it: its tables (already
    suppressed) with each chart's key, so a page view reads this row and the drawings, and counts
    and draws nothing. Stale (drawn again on request) when the figures or the target or budget it
    was drawn against have changed since."""

    programme = models.CharField(max_length=10, choices=PROGRAMMES, default=rules.Programme.NPQ)
    scope = models.PositiveIntegerField(help_text="0 for national, else the lead provider's id")
    section = models.CharField(max_length=20)
    drawn_for = models.DateTimeField(null=True, blank=True, help_text="the refresh whose figures these are")
    target_id = models.PositiveIntegerField(null=True, blank=True)
    budget_id = models.PositiveIntegerField(null=True, blank=True)
    tables = models.JSONField(default=list)
    extra = models.JSONField(default=dict, help_text="starts and progress, for the page's heading")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "scope", "section"], name="snapshot_section")]


class Drawing(models.Model):
    """A chart drawn once (SVG), named by a hash of what it shows; shared by every page and process."""

    key = models.CharField(max_length=40, unique=True)
    svg = models.TextField()
    drawn_at = models.DateTimeField()


class Release(models.Model):
    """Published statistics: figures frozen as of a date, with the method notes."""

    programme = models.CharField(max_length=10, choices=PROGRAMMES, default=rules.Programme.NPQ)
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    as_of = models.DateField()
    method_notes = models.TextField()
    figures = models.JSONField(help_text="The published tables, already suppressed")
    published_at = models.DateTimeField()
    published_by = models.CharField(max_length=200)

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title
