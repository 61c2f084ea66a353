"""Schemas of the curriculum endpoints (JSON:API-style envelopes like the rest of the API)."""

from typing import Any

from ninja import Schema


class CurriculumAttributesIn(Schema):
    framework: str
    version: int
    qualification: str
    name: str
    modules: list[dict[str, Any]]


class CurriculumDataIn(Schema):
    type: str = "curriculum"
    attributes: CurriculumAttributesIn


class CurriculumIn(Schema):
    data: CurriculumDataIn


class CurriculumAttributes(Schema):
    lead_provider: str
    framework: str
    version: int
    qualification: str
    name: str
    revision: int
    uploaded_at: str
    statements_covered: int
    statements_total: int
    coverage_percent: int
    sequencing_problems: list[str]


class CurriculumData(Schema):
    id: str
    type: str = "curriculum"
    attributes: CurriculumAttributes


class CurriculumOut(Schema):
    data: CurriculumData


class CurriculaOut(Schema):
    data: list[CurriculumData]


class StatementCoverageOut(Schema):
    statement_id: str
    kind: str
    content_area: str
    covered: bool
    taught_in: list[str]


class CoverageOut(Schema):
    data: CurriculumData
    statements: list[StatementCoverageOut]


class Problem(Schema):
    title: str
    detail: str


class Problems(Schema):
    errors: list[Problem]
