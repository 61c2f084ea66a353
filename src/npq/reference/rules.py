"""Code sets of the reference data that rules in several apps share (pure: no Django, no I/O)."""

from enum import StrEnum


class DeclarationType(StrEnum):
    """The milestones a schedule allows a lead provider to declare, in order."""

    STARTED = "started"
    RETAINED_1 = "retained-1"
    RETAINED_2 = "retained-2"
    COMPLETED = "completed"


class CohortFunding(StrEnum):
    """How a cohort's places are funded."""

    ZERO = "zero"
    CAPPED = "capped"
    FULL = "full"


class Region(StrEnum):
    """England's government office regions, as GIAS gives them for each school (``GOR``)."""

    NORTH_EAST = "north-east"
    NORTH_WEST = "north-west"
    YORKSHIRE_AND_THE_HUMBER = "yorkshire-and-the-humber"
    EAST_MIDLANDS = "east-midlands"
    WEST_MIDLANDS = "west-midlands"
    EAST_OF_ENGLAND = "east-of-england"
    LONDON = "london"
    SOUTH_EAST = "south-east"
    SOUTH_WEST = "south-west"


#: GIAS's ``GOR (code)`` letters for the English regions (W is Wales, Z "not applicable": no region).
GIAS_REGION_CODES = {
    "A": Region.NORTH_EAST,
    "B": Region.NORTH_WEST,
    "D": Region.YORKSHIRE_AND_THE_HUMBER,
    "E": Region.EAST_MIDLANDS,
    "F": Region.WEST_MIDLANDS,
    "G": Region.EAST_OF_ENGLAND,
    "H": Region.LONDON,
    "J": Region.SOUTH_EAST,
    "K": Region.SOUTH_WEST,
}


def region_from_gias(code: str, name: str) -> Region | None:
    """A school's region from GIAS's ``GOR (code)`` or, when the file has no code, ``GOR (name)``
    ("Yorkshire and the Humber" or "Yorkshire & The Humber"); None outside England's nine regions."""
    found = GIAS_REGION_CODES.get(code.strip().upper())
    if found is not None:
        return found
    slug = "-".join(name.lower().replace("&", "and").replace("(england)", "").split())
    return Region(slug) if slug in {r.value for r in Region} else None
