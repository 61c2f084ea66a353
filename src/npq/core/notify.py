"""A Django email backend that sends through GOV.UK Notify.

Notify sends from templates; the platform writes its own subjects and bodies, so it uses one
Notify template whose subject is ``((subject))`` and whose body is ``((body))``
(``NPQ_NOTIFY_TEMPLATE_ID``), with the service's API key in ``NPQ_NOTIFY_API_KEY``. Choose it with
``NPQ_EMAIL_BACKEND=npq.core.notify.NotifyEmailBackend``.
"""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.notifications import NotificationsAPIClient


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        if not settings.NPQ_NOTIFY_API_KEY or not settings.NPQ_NOTIFY_TEMPLATE_ID:
            raise ImproperlyConfigured("Set NPQ_NOTIFY_API_KEY and NPQ_NOTIFY_TEMPLATE_ID to send through Notify")
        # The Notify client is untyped.
        self.client = NotificationsAPIClient(  # type: ignore[no-untyped-call]
            settings.NPQ_NOTIFY_API_KEY, base_url=settings.NPQ_NOTIFY_BASE_URL
        )

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            for address in message.to:
                try:
                    self.client.send_email_notification(  # type: ignore[no-untyped-call]
                        email_address=address,
                        template_id=settings.NPQ_NOTIFY_TEMPLATE_ID,
                        personalisation={"subject": message.subject, "body": message.body},
                    )
                except Exception:
                    if not self.fail_silently:
                        raise
                    continue
                sent += 1
        return sent
