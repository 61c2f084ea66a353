"""Charts drawn on the server as SVG with pygal (no JavaScript in the page or the chart).

Why pygal: it is a maintained, pure-Python library that writes SVG directly (fast enough to draw a
page's charts per request, with a cache keyed on the refresh), scales to any width through its
viewBox, and labels every value; matplotlib would add a heavy native dependency and ~10 times the
time per chart. Every chart sits beside its data table and a text summary: the SVG is one picture
(``role="img"``) named by that summary, so a screen reader reads the summary and then the table.
Colour is never the only cue: values are printed on bars, and series differ by dash and marker.
"""

import sys
from collections.abc import Callable, Sequence

import pygal
from django.core.cache import cache
from markupsafe import Markup, escape
from pygal.style import Style

# pygal appends a legacy import hook (for its map plugins, unused here) to sys.meta_path; it has no
# find_spec, so every failed optional import elsewhere raises ImportWarning (an error under pytest's
# warning filters). Take it out again.
sys.meta_path[:] = [finder for finder in sys.meta_path if type(finder).__module__ != "pygal"]

# GOV.UK colours with enough contrast on white; series also differ by dash pattern.
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=("#1d70b2", "#0b0c0c", "#d4351c", "#00703c"),
    font_family="arial, sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    value_font_size=14,
    legend_font_size=14,
    title_font_size=16,
)
COMMON = {
    "js": [],
    "disable_xml_declaration": True,
    "style": STYLE,
    "width": 640,
    "height": 360,
    "truncate_label": 30,
    "truncate_legend": 40,
    "print_values": True,
    "no_data_text": "No figures yet",
}

Series = tuple[str, Sequence[int | float | None], str]  # (name, values, dasharray or "")


def _finish(svg: str, summary: str) -> Markup:
    named = f'<svg role="img" aria-label="{escape(summary)}" focusable="false" class="npq-chart" '
    # pygal escapes every label it writes (lxml), and the summary is escaped above: safe to mark.
    return Markup(svg.replace("<svg ", named, 1))  # noqa: S704


def bars(key: str, labels: Sequence[str], values: Sequence[int | float | None], summary: str, unit: str = "") -> Markup:
    def draw() -> str:
        sized = {**COMMON, "height": max(160, 48 * len(labels) + 80)}
        chart = pygal.HorizontalBar(**sized, show_legend=False, formatter=_fmt(unit))
        chart.x_labels = list(labels)
        chart.add(summary[:40], list(values))
        return str(chart.render(is_unicode=True))

    return _finish(_cached(key, draw), summary)


def lines(key: str, labels: Sequence[str], series: Sequence[Series], summary: str, unit: str = "") -> Markup:
    def draw() -> str:
        chart = pygal.Line(
            **COMMON,
            x_label_rotation=30,
            show_minor_x_labels=False,
            x_labels_major_every=max(1, len(labels) // 8),
            legend_at_bottom=True,
            formatter=_fmt(unit),
        )
        chart.x_labels = list(labels)
        chart.config.print_values = False
        for name, values, dash in series:
            style = {"width": 3, "dasharray": dash} if dash else {"width": 3}
            chart.add(name, list(values), stroke_style=style, show_dots=len(labels) < 40)
        return str(chart.render(is_unicode=True))

    return _finish(_cached(key, draw), summary)


def _fmt(unit: str) -> Callable[[float | None], str]:
    def fmt(value: float | None) -> str:
        if value is None:
            return ""
        return f"£{value:,.0f}m" if unit == "£m" else f"{value:,.1f}%" if unit == "%" else f"{value:,.0f}"

    return fmt


def _cached(key: str, draw: Callable[[], str]) -> str:
    """Drawn once per refresh of the figures (the key names the refresh), then served from the cache."""
    svg = cache.get(key)
    if svg is None:
        svg = draw()
        cache.set(key, svg, 60 * 60)
    return str(svg)
