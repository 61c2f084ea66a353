"""What no field, filter or JSON value may hold, decided in one place for pages and the API.

A NUL character cannot be stored in PostgreSQL text, and a lone surrogate cannot be encoded as
UTF-8: either would fail deep inside a request. A run of more than 18 digits in a path is no id
this service has (ids fit a 64-bit integer). Pure functions; the middleware applies them.
"""

import re
from collections.abc import Iterable
from typing import Any

_LONG_NUMBER = re.compile(r"(?<![0-9])[0-9]{19,}")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be accepted as text, in words a person can act on; ``None`` when it can."""
    if "\x00" in value:
        return "Remove the hidden null character (it may have come from copying and pasting)"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "Remove the character that is not valid text (an unpaired surrogate)"
    return None


def first_text_problem(values: Iterable[str]) -> str | None:
    for value in values:
        problem = text_problem(value)
        if problem:
            return problem
    return None


def json_strings(value: Any) -> Iterable[str]:
    """Every key and string inside a parsed JSON value."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for key, inner in item.items():
                yield str(key)
                stack.append(inner)
        elif isinstance(item, list):
            stack.extend(item)


def path_has_impossible_id(path: str) -> bool:
    return bool(_LONG_NUMBER.search(path))
