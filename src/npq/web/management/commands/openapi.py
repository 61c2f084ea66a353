"""npq openapi: print the Lead Provider API's generated OpenAPI document (JSON)."""

import json
from typing import Any

from django.core.management.base import BaseCommand

from npq.web.v3 import openapi_schema


class Command(BaseCommand):
    help = "Print the Lead Provider API's OpenAPI document; CI compares it with docs/api/openapi-v3.json."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(openapi_schema(), indent=2, sort_keys=True, ensure_ascii=False))
