"""Find every page and every form a signed-in person can reach, by walking the URL resolver and then
following the links and form actions on each page (GET only), as each role.

A route (a URL pattern) is reached the first time a link of that shape is followed; its forms are
read from the HTML: the action, the encoding, and each field's name, kind and the values offered.
"""

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RoutePattern

# Not walked: the Django admin (its own forms and staff checks, not the service's pages) and the
# Lead Provider API (fuzzed from its OpenAPI by tests/api/test_fuzz.py).
SKIPPED_PREFIXES = ("/django-admin/", "/api/v3/", "/api/v3")
PARAMETER = re.compile(r"<(?:\w+:)?\w+>")


@dataclass
class Field:
    name: str
    kind: str  # text, number, date-part, select, checkbox, radio, file, hidden, textarea, email, ...
    values: list[str] = field(default_factory=list)  # what the page offers or fills in


@dataclass
class Form:
    route: str  # the route the form posts to
    action: str  # a concrete path of that route
    page: str  # where the form was found
    role: str  # who saw it ("" for a visitor)
    multipart: bool = False
    fields: dict[str, Field] = field(default_factory=dict)


@dataclass
class Walk:
    routes: dict[str, frozenset[str] | None] = field(default_factory=dict)  # route: roles let in (None: all)
    reached: dict[str, tuple[str, str]] = field(default_factory=dict)  # route: (path, role) first reached
    forms: dict[str, Form] = field(default_factory=dict)  # route posted to: its form


def routes(patterns: list[Any] | None = None, prefix: str = "") -> Iterator[tuple[str, frozenset[str] | None]]:
    """Every route of the resolver, as ``/segment/<int:pk>`` strings (admin and API left out), with
    the roles its view lets in (``None``: anyone, signed in or not)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and not ("/" + route).startswith(SKIPPED_PREFIXES):
            roles = getattr(entry.callback, "allowed_roles", None)
            yield "/" + route, None if roles is None else frozenset(roles)


def route_of(path: str) -> str | None:
    if path.startswith(SKIPPED_PREFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return "/" + match.route.lstrip("^").rstrip("$")


def _fields(form: Any) -> dict[str, Field]:
    found: dict[str, Field] = {}
    for tag in form.find_all(["input", "select", "textarea", "button"]):
        name = tag.get("name")
        if not name or name == "csrfmiddlewaretoken":
            continue
        if tag.name == "select":
            kind = "select"
            values = [o.get("value", o.get_text()) for o in tag.find_all("option")]
        elif tag.name == "textarea":
            kind, values = "textarea", [tag.get_text()]
        else:
            kind = tag.get("type", "text") if tag.name == "input" else "button"
            values = [tag["value"]] if tag.get("value") is not None else []
        if re.search(r"-(day|month|year)$", name):
            kind = "date-part"
        entry = found.setdefault(name, Field(name, kind))
        entry.values.extend(v for v in values if v not in entry.values)
    return found


def _read(walk: Walk, path: str, role: str, soup: BeautifulSoup) -> Iterator[str]:
    """Record the page's forms; yield the paths it links to."""
    for form in soup.find_all("form"):
        action = urlsplit(urljoin(path, form.get("action") or path)).path
        if form.get("method", "get").lower() != "post":
            yield action
            continue
        target = route_of(action)
        if target and target not in walk.forms:
            multipart = form.get("enctype", "") == "multipart/form-data"
            walk.forms[target] = Form(target, action, path, role, multipart, _fields(form))
        elif target:
            for name, extra in _fields(form).items():  # another form to the same route: its fields too
                walk.forms[target].fields.setdefault(name, extra)
    for link in soup.find_all("a", href=True):
        parts = urlsplit(urljoin(path, link["href"]))
        if not parts.netloc:
            yield parts.path


def fill(route: str, walk: Walk) -> str:
    """A concrete path for ``route`` from the values the walk saw in the same places: the reached
    route sharing the longest start with it lends its values (a statement's id for its actions),
    then any reached route with a parameter of that name, then ``1``."""
    seen: dict[str, str] = {}
    for _, (path, _role) in sorted(walk.reached.items(), key=lambda item: -_shared(item[0], route)):
        for name, value in resolve(path).kwargs.items():
            seen.setdefault(name, str(value))

    def value(match: re.Match[str]) -> str:
        return seen.get(match.group(0).strip("<>").split(":")[-1], "1")

    return PARAMETER.sub(value, route)


def _shared(one: str, other: str) -> int:
    n = 0
    while n < min(len(one), len(other)) and one[n] == other[n]:
        n += 1
    return n


def crawl(clients: dict[str, Client], start: list[str], per_route: int = 1) -> Walk:
    """Follow links from ``start`` and every route without parameters, as each signed-in client."""
    walk = Walk(routes=dict(routes()))
    plain = [r for r in sorted(walk.routes) if not PARAMETER.search(r)]
    for role, client in clients.items():
        seen_routes: dict[str, int] = {}
        queue = deque(start + plain)
        visited: set[str] = set()
        while queue:
            path = queue.popleft()
            target = route_of(path)
            if path in visited or target is None or seen_routes.get(target, 0) >= per_route:
                continue
            allowed = walk.routes.get(target)
            if allowed is not None and role not in allowed:
                continue  # refused before anything is shown: nothing to find
            visited.add(path)
            response = client.get(path)
            if response.status_code in (301, 302) and not urlsplit(response["Location"]).netloc:
                queue.append(urlsplit(urljoin(path, response["Location"])).path)  # a journey's next step
                continue
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            seen_routes[target] = seen_routes.get(target, 0) + 1
            walk.reached.setdefault(target, (path, role))
            queue.extend(_read(walk, path, role, BeautifulSoup(response.content.decode(), "html.parser")))
    return walk
