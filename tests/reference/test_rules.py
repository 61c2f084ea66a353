"""Reference rules as tables: a school's region from GIAS's GOR columns."""

import pytest

from npq.core.labels import label
from npq.reference.rules import Region, region_from_gias


@pytest.mark.parametrize(
    ("code", "name", "expected"),
    [
        ("A", "North East", Region.NORTH_EAST),
        ("H", "", Region.LONDON),
        ("k", "", Region.SOUTH_WEST),
        ("", "Yorkshire and the Humber", Region.YORKSHIRE_AND_THE_HUMBER),
        ("", "Yorkshire & The Humber", Region.YORKSHIRE_AND_THE_HUMBER),
        ("", "East of England", Region.EAST_OF_ENGLAND),
        ("", "  west   midlands ", Region.WEST_MIDLANDS),
        ("D", "London", Region.YORKSHIRE_AND_THE_HUMBER),  # the code decides when there is one
        ("W", "Wales (pseudo)", None),
        ("Z", "Not Applicable", None),
        ("", "", None),
    ],
)
def test_region_from_gias(code: str, name: str, expected: Region | None) -> None:
    assert region_from_gias(code, name) == expected


def test_every_region_reads_as_a_name_not_a_code() -> None:
    assert [label("region", r) for r in Region][:3] == ["North East", "North West", "Yorkshire and the Humber"]
    assert all(label("region", r) != r.value for r in Region)
