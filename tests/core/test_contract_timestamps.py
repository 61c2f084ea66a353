"""The database writes a timestamp as the contract does (``ContractTimestamp``), character for
character the same as ``contract_timestamp`` in Python: UTC, milliseconds cut (not rounded), ``Z``."""

import datetime as dt

import pytest
from django.db.models import DateTimeField, Value

from npq.core.identifiers import ContractTimestamp, contract_timestamp
from npq.reference.models import LeadProvider

pytestmark = pytest.mark.django_db
MOMENTS = [
    dt.datetime(2021, 5, 31, 2, 21, 32, tzinfo=dt.UTC),  # no fraction (stored without one on SQLite)
    dt.datetime(2021, 5, 31, 2, 21, 32, 999999, tzinfo=dt.UTC),  # cut, not rounded up to the next second
    dt.datetime(2024, 2, 29, 23, 59, 59, 1000, tzinfo=dt.UTC),
    dt.datetime(2026, 1, 1, 0, 0, 0, 123456, tzinfo=dt.UTC),
    dt.datetime(2026, 1, 1, 5, 30, 0, 500, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),  # midnight UTC
    dt.datetime(1999, 12, 31, 23, 59, 59, 999000, tzinfo=dt.timezone(dt.timedelta(hours=-8))),
]


@pytest.mark.parametrize("moment", MOMENTS)
def test_database_and_python_write_the_same_text(reference, moment):
    written = (
        LeadProvider.objects.annotate(text=ContractTimestamp(Value(moment, output_field=DateTimeField())))
        .values_list("text", flat=True)
        .first()
    )
    assert written == contract_timestamp(moment)


def test_a_missing_timestamp_stays_missing(reference):
    written = (
        LeadProvider.objects.annotate(text=ContractTimestamp(Value(None, output_field=DateTimeField())))
        .values_list("text", flat=True)
        .first()
    )
    assert written is None
