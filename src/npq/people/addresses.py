"""The address a request came from, as throttling counts it: through the configured number of
trusted proxies (``NPQ_TRUSTED_PROXIES``), never from what the client wrote itself."""

from django.conf import settings
from django.http import HttpRequest

from npq.people.rules import client_address


def client_address_of(request: HttpRequest) -> str:
    meta = request.META
    return client_address(
        str(meta.get("REMOTE_ADDR", "")), str(meta.get("HTTP_X_FORWARDED_FOR", "")), settings.NPQ_TRUSTED_PROXIES
    )
