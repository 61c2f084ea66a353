"""Charts drawn on the server as SVG with pygal (no JavaScript in the page or the chart).

Why pygal: it is a maintained, pure-Python library that writes SVG directly, scales to any width
through its viewBox, and labels every value; matplotlib would add a heavy native dependency and ~10
times the time per chart. Still, a chart takes 20 to 40 ms to draw, so no page draws one: a table
carries a ``Chart`` (what to draw, named by a hash of its content) and the refresh draws each chart
whose content is new once, into a table every web process reads (``snapshots``).

Every chart sits beside its data table and a text summary: the SVG is one picture (``role="img"``)
named by that summary, so a screen reader reads the summary and then the table.
Colour is never the only cue: values are printed on bars, and series differ by dash and marker.
"""

import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygal
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

Value = int | float | None
Series = tuple[str, tuple[Value, ...], str]  # (name, values, dasharray or "")

#: Part of every chart's key: change it when the drawing code changes, so every chart is drawn again.
DRAWING = "pygal-1"


@dataclass(frozen=True)
class Chart:
    """What a chart shows; drawn (``draw``) only when no chart with the same key has been drawn."""

    kind: str  # "bars" or "lines"
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    summary: str
    unit: str = ""

    @property
    def key(self) -> str:
        content = json.dumps([DRAWING, self.kind, self.labels, self.series, self.summary, self.unit])
        return hashlib.sha256(content.encode()).hexdigest()[:40]


def bars(labels: Sequence[str], values: Sequence[Value], summary: str, unit: str = "") -> Chart:
    return Chart("bars", tuple(labels), ((summary[:40], tuple(values), ""),), summary, unit)


def lines(labels: Sequence[str], series: Sequence[tuple[str, Sequence[Value], str]], summary: str) -> Chart:
    return Chart("lines", tuple(labels), tuple((n, tuple(v), d) for n, v, d in series), summary)


def draw(chart: Chart) -> str:
    """The chart as an SVG picture named by its summary (``role="img"``)."""
    svg = _bars(chart) if chart.kind == "bars" else _lines(chart)
    return svg.replace(
        "<svg ", f'<svg role="img" aria-label="{escape(chart.summary)}" focusable="false" class="npq-chart" ', 1
    )


def markup(svg: str) -> Markup:
    """A drawn chart for a template: pygal escapes every label it writes (lxml) and ``draw`` escapes the
    summary, and only ``draw`` writes what is stored, so it is safe to mark."""
    return Markup(svg)  # noqa: S704


def _bars(chart: Chart) -> str:
    sized = {**COMMON, "height": max(160, 48 * len(chart.labels) + 80)}
    drawing = pygal.HorizontalBar(**sized, show_legend=False, formatter=_fmt(chart.unit))
    drawing.x_labels = list(chart.labels)
    for name, values, _ in chart.series:
        drawing.add(name, list(values))
    return str(drawing.render(is_unicode=True))


def _lines(chart: Chart) -> str:
    labels = chart.labels
    drawing = pygal.Line(
        **COMMON,
        x_label_rotation=30,
        show_minor_x_labels=False,
        x_labels_major_every=max(1, len(labels) // 8),
        legend_at_bottom=True,
        formatter=_fmt(chart.unit),
    )
    drawing.x_labels = list(labels)
    drawing.config.print_values = False
    for name, values, dash in chart.series:
        style = {"width": 3, "dasharray": dash} if dash else {"width": 3}
        drawing.add(name, list(values), stroke_style=style, show_dots=len(labels) < 40)
    return str(drawing.render(is_unicode=True))


def _fmt(unit: str) -> Callable[[float | None], str]:
    def fmt(value: float | None) -> str:
        if value is None:
            return ""
        return f"£{value:,.0f}m" if unit == "£m" else f"{value:,.1f}%" if unit == "%" else f"{value:,.0f}"

    return fmt
