"""Every page behind ``role_required`` refuses visitors and each wrong role.

The cases come from the URL resolver and the roles each view records (``allowed_roles``), so a new
page is covered the day it is added, without a test of its own.
"""

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.people.models import User
from npq.reference.models import DeliveryPartner, LeadProvider
from tests.conftest import rolled_back

# A value of the right shape for each path converter: the wrong role must be refused before any
# lookup, so whether the thing exists does not matter.
DUMMY = {"int": "1", "uuid": str(uuid.UUID(int=1)), "slug": "dummy", "str": "dummy", "path": "dummy"}
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _fill(route: str) -> str:
    return PARAMETER.sub(lambda m: DUMMY[m.group("converter") or "str"], route)


def _protected(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, str, frozenset[Role]]]:
    for entry in patterns:
        if not isinstance(entry.pattern, RoutePattern):
            # Only Django admin uses regex routes here; it has its own staff check.
            continue
        route = prefix + _fill(str(entry.pattern))
        if isinstance(entry, URLResolver):
            yield from _protected(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            roles = getattr(entry.callback, "allowed_roles", None)
            if roles is not None:
                yield entry.lookup_str, "/" + route, roles


PAGES = sorted(_protected(get_resolver().url_patterns))


def test_the_walk_finds_the_protected_pages() -> None:
    # Guards the walk itself: if it found nothing, every case below would silently vanish.
    assert len(PAGES) > 40
    assert any(path.startswith("/finance") for _, path, _ in PAGES)


@pytest.fixture(scope="module")
def clients(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[Role, Client]]:
    """A user of each role, signed in once for the module (rolled back when it ends)."""
    with rolled_back(django_db_blocker), django_db_blocker.unblock():
        provider = LeadProvider.objects.create(name="Permissions test provider")
        partner = DeliveryPartner.objects.create(name="Permissions test partner")
        made = {}
        for role in Role:
            user = User.objects.create(
                email=f"{role.value}@permissions.example.org",
                full_name=f"Test {role.label}",
                role=role,
                lead_provider=provider if role in (Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER) else None,
                delivery_partner=partner if role == Role.DELIVERY_PARTNER else None,
            )
            made[role] = Client()
            made[role].force_login(user, backend="npq.people.backends.EmailBackend")
        yield made


def _request(client: Client, path: str) -> Any:
    # Some pages accept only POST (outside the role check); POST reaches the role check on all.
    response = client.get(path)
    return client.post(path) if response.status_code == 405 else response


@pytest.mark.parametrize(("view", "path", "allowed"), PAGES, ids=[f"{view} {path}" for view, path, _ in PAGES])
def test_refuses_visitors_and_wrong_roles(
    view: str, path: str, allowed: frozenset[Role], clients: dict[Role, Client], db: Any
) -> None:
    response = _request(Client(), path)
    assert response.status_code == 302, view
    assert response["Location"].startswith(settings.LOGIN_URL)

    for role in sorted(set(Role) - allowed):
        assert _request(clients[role], path).status_code == 403, f"{view} let a {role.label} in"


def test_role_required_refuses_a_bare_string() -> None:
    with pytest.raises(TypeError, match="Role members"):
        role_required("dfe_admin")  # type: ignore[arg-type]


def test_role_required_records_its_roles() -> None:
    view = role_required(Role.ASSESSOR)(lambda request: None)  # type: ignore[arg-type,return-value]
    assert view.allowed_roles == {Role.ASSESSOR}  # type: ignore[attr-defined]
