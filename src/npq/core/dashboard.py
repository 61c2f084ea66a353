"""What each role can do: apps register their links here (in ``AppConfig.ready``)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Link:
    title: str
    url_name: str
    description: str


_LINKS: dict[str, list[Link]] = {}


def register(roles: list[str], title: str, url_name: str, description: str) -> None:
    for role in roles:
        links = _LINKS.setdefault(role, [])
        if all(link.url_name != url_name for link in links):
            links.append(Link(title, url_name, description))


def links_for(role: str) -> list[Link]:
    return list(_LINKS.get(role, []))


# A summary is a function of the signed-in user giving (label, figure) pairs for the dashboard.
Summary = Callable[[Any], list[tuple[str, str]]]
_SUMMARIES: dict[str, list[Summary]] = {}


def register_summary(roles: list[str], summary: Summary) -> None:
    for role in roles:
        summaries = _SUMMARIES.setdefault(role, [])
        if summary not in summaries:
            summaries.append(summary)


def figures_for(user: Any) -> list[tuple[str, str]]:
    return [pair for summary in _SUMMARIES.get(user.role, []) for pair in summary(user)]
