"""The Jinja2 environment: GOV.UK Frontend macros plus every app's ``templates/`` folder."""

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import govuk_frontend_jinja
from django.contrib import messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    Undefined,
    select_autoescape,
)
from markupsafe import Markup

from npq.core.forms import field_params
from npq.core.labels import label
from npq.core.money import format_pounds

SRC = Path(__file__).resolve().parent.parent
GOVUK_TEMPLATES = str(Path(govuk_frontend_jinja.__file__).resolve().parent)


@functools.lru_cache(maxsize=1024)
def _is_govuk_template(filename: str) -> bool:
    # Cached: resolving the path costs several lstat calls, and the GOV.UK macros ask this for
    # every optional parameter (it was over half the rendering time of a 50-row list page).
    return str(Path(filename).resolve()).startswith(GOVUK_TEMPLATES)


def _in_govuk_macro() -> bool:
    """Whether the nearest template on the stack is one of the GOV.UK Frontend package's own."""
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.endswith(".html"):
            return _is_govuk_template(filename)
        frame = frame.f_back  # type: ignore[assignment]
    return False


def _strict(name: str) -> Callable[..., Any]:
    lenient = getattr(Undefined, name)

    def method(self: Undefined, *args: Any) -> Any:
        if _in_govuk_macro():
            return lenient(self, *args)
        return self._fail_with_undefined_error()

    return method


class PageUndefined(Undefined):
    """Strict undefined for our templates: a missing variable fails (in tests) instead of
    reaching a user as an empty string. The GOV.UK Frontend macros are written for Jinja's
    default (``{% if params.hint %}`` on optional keys), so inside them it stays lenient.
    """

    __slots__ = ()
    __str__ = _strict("__str__")
    __iter__ = _strict("__iter__")
    __len__ = _strict("__len__")
    __bool__ = _strict("__bool__")
    __eq__ = _strict("__eq__")
    __ne__ = _strict("__ne__")
    __hash__ = Undefined.__hash__

    def __contains__(self, item: Any) -> bool:
        if _in_govuk_macro():
            return False
        return self._fail_with_undefined_error()


def _url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def _date(value: Any, fmt: str = "%-d %B %Y") -> str:
    return value.strftime(fmt) if value else ""


def _chrome(env: Environment) -> Callable[[str], Markup]:
    """``chrome(part)``: the GOV.UK header, footer or phase banner from ``web/chrome.html``.

    They are the same on every page, and the GOV.UK macros that draw them were about a fifth of the
    time a page took to render, so each is rendered once per process; where templates are reloaded as
    they change (development), every time.
    """
    rendered: dict[str, Markup] = {}

    def chrome(part: str) -> Markup:
        if part not in rendered:
            html: Markup = getattr(env.get_template("web/chrome.html").module, part)()  # a macro's output is Markup
            if env.auto_reload:
                return html
            rendered[part] = html
        return rendered[part]

    return chrome


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
    options["undefined"] = PageUndefined
    env = Environment(**options)  # noqa: S701 - autoescape is set above
    env.globals.update(
        {
            "url": _url,
            "static": static,
            "get_messages": messages.get_messages,
            "csrf_token_for": get_token,
            "field_params": field_params,
        }
    )
    env.globals["chrome"] = _chrome(env)
    env.filters.update({"pounds": format_pounds, "govuk_date": _date, "label": lambda code, kind: label(kind, code)})
    return env
