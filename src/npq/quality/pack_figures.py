"""The evidence pack's figures as JSON, so that they are counted once for an inspection's evidence
moment and read back as they were: every count with whether it is hidden, each percentage as its two
counts, and the names of the rows they belong to (courses, delivery partners, curricula, surveys,
criteria). Captions and the wording of each figure are made when the page is drawn (``pack_tables``)."""

import datetime as dt
from typing import Any

from npq.quality import rules
from npq.quality.figures import Cell, Evaluation, Row, Share

# What each tagged object is made of; a plain dict is tagged too, so no mapping is mistaken for one.
CELL, SHARE, ROW, TERM, EVALUATION, MAPPING = "cell", "share", "row", "term", "evaluation", "mapping"


def to_json(value: Any) -> Any:
    """``value`` (figures, rows, terms, lists and mappings of them) as plain JSON."""
    if isinstance(value, Cell):
        return {CELL: [value.value, value.hidden]}
    if isinstance(value, Share):
        return {SHARE: [to_json(value.part), to_json(value.whole)]}
    if isinstance(value, Row):
        return {ROW: value.name, "cells": to_json(value.cells)}
    if isinstance(value, rules.Term):
        return {TERM: [value.name, value.starts.isoformat(), value.ends.isoformat()]}
    if isinstance(value, Evaluation):
        return {EVALUATION: [value.grades, value.narrative]}
    if isinstance(value, dict):
        return {MAPPING: {str(k): to_json(v) for k, v in value.items()}}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"The evidence pack cannot store a {type(value).__name__}")


def from_json(value: Any) -> Any:
    """The figures ``to_json`` wrote, as they were."""
    if isinstance(value, list):
        return [from_json(v) for v in value]
    if not isinstance(value, dict):
        return value
    if CELL in value:
        number, hidden = value[CELL]
        return Cell(number, hidden)
    if SHARE in value:
        return Share(from_json(value[SHARE][0]), from_json(value[SHARE][1]))
    if ROW in value:
        return Row(value[ROW], from_json(value["cells"]))
    if TERM in value:
        name, starts, ends = value[TERM]
        return rules.Term(name, dt.date.fromisoformat(starts), dt.date.fromisoformat(ends))
    if EVALUATION in value:
        return Evaluation(*value[EVALUATION])
    return {k: from_json(v) for k, v in value[MAPPING].items()}
