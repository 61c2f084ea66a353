"""What each role can do: apps register their links here (in ``AppConfig.ready``)."""

from dataclasses import dataclass


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
