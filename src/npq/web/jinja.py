"""The Jinja2 environment: GOV.UK Frontend macros plus every app's ``templates/`` folder."""

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader, select_autoescape

from npq.core.money import format_pounds

SRC = Path(__file__).resolve().parent.parent


def _url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def _date(value: Any, fmt: str = "%-d %B %Y") -> str:
    return value.strftime(fmt) if value else ""


def environment(**options: Any) -> Environment:
    app_template_dirs = sorted(str(p) for p in SRC.glob("*/templates") if p.is_dir())
    options["loader"] = ChoiceLoader(
        [
            FileSystemLoader(app_template_dirs),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    options.setdefault("autoescape", select_autoescape(default=True))
    options["trim_blocks"] = True
    options["lstrip_blocks"] = True
    env = Environment(**options)  # noqa: S701 - autoescape is set above
    env.globals.update(
        {
            "url": _url,
            "static": static,
            "get_messages": messages.get_messages,
            "csrf_token_for": get_token,
        }
    )
    env.filters.update({"pounds": format_pounds, "govuk_date": _date})
    return env
