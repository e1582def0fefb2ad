"""What a dashboard panel is: figures (a number with the list behind it), charts (data for
ECharts, every point with the list behind it) and the headline sentence. Plain data, so a
panel can be cached, sent as JSON, put in the bulletin or read by a test.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse


def link(url_name: str, **params) -> str:
    """The filtered list behind a number; "" when that list does not exist (yet)."""
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return ""
    query = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


@dataclass
class Figure:
    key: str
    label: str
    value: int | float | str | None
    url: str = ""
    unit: str = ""
    # "warn" or "danger" draws the eye (overdue, fevers…); "" is neutral.
    tone: str = ""

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        if isinstance(self.value, float):
            return f"{self.value:,.1f}"
        if isinstance(self.value, int):
            return f"{self.value:,}"
        return str(self.value)


@dataclass
class Point:
    name: str
    value: int | float | None
    url: str = ""


@dataclass
class Series:
    name: str
    points: list[Point] = field(default_factory=list)


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # "bar", "line" or "pie"
    series: list[Series] = field(default_factory=list)
    unit: str = ""
    percent: bool = False

    @property
    def categories(self) -> list[str]:
        return [p.name for p in self.series[0].points] if self.series else []

    @property
    def rows(self) -> list[tuple[str, list[Point]]]:
        """The same data as a table (the chart's accessible and printable form)."""
        return [
            (name, [s.points[i] for s in self.series]) for i, name in enumerate(self.categories)
        ]

    def as_json(self) -> dict:
        return asdict(self)


@dataclass
class Table:
    """A summary table (rows of a label and numbers; the last row may be the total)."""

    key: str
    title: str
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    # Per column after the label: "" (count), "percent" or "money".
    formats: list[str] = field(default_factory=list)
    has_total: bool = False


@dataclass
class Panel:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    headline: str = ""
    note: str = ""

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)
