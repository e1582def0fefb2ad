"""The dashboard of a viewpoint: the panels of every domain app that is installed and
whose figures the viewer may see, cached per jurisdiction for at most a minute.

A panel whose app has not landed is absent, never filled with made-up numbers
(`django.apps.apps.is_installed`). The cache key is the viewer's jurisdiction (grants and
their permissions), the area drilled down to, the day and the language, so two leaders
share the figures and a district officer never gets the city's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from fugong.dashboard.panels import Panel

# Numbers are never older than this (issue 7: ≤ 60 s).
CACHE_SECONDS = min(60, int(getattr(settings, "DASHBOARD_CACHE_SECONDS", 60)))


def _resumption(view):
    from fugong.dashboard.sections.construction import resumption_panels

    return resumption_panels(view)


def _supervision(view):
    from fugong.dashboard.sections.supervision import supervision_panel

    return [supervision_panel(view)]


def _tickets(view):
    from fugong.dashboard.sections.coordination import tickets_panel

    return [tickets_panel(view)]


def _community(view):
    from fugong.dashboard.sections.community import community_panel

    return [community_panel(view)]


def _gates(view):
    from fugong.dashboard.sections.gates import gates_panel

    return [gates_panel(view)]


def _care(view):
    from fugong.dashboard.sections.care import care_panel

    return [care_panel(view)]


# (the app that must be installed, what builds its panels), in the order shown.
SOURCES = (
    ("fugong.construction", _resumption),
    ("fugong.supervision", _supervision),
    ("fugong.coordination", _tickets),
    ("fugong.community", _community),
    ("fugong.gates", _gates),
    ("fugong.care", _care),
)


@dataclass
class Board:
    date: datetime.date
    computed_at: datetime.datetime
    panels: list[Panel] = field(default_factory=list)
    area_name: str = ""

    @property
    def headlines(self) -> list[str]:
        return [p.headline for p in self.panels if p.headline]

    def panel(self, key: str) -> Panel | None:
        return next((p for p in self.panels if p.key == key), None)

    def charts_json(self) -> list[dict]:
        return [c.as_json() for p in self.panels for c in p.charts]


def build_board(view, *, use_cache: bool = True) -> Board:
    """The board of `view`; nothing at all when the viewpoint is blocked (a future day, an
    area out of scope)."""
    if view.blocked:
        return Board(date=view.date, computed_at=timezone.now())
    key = view.cache_key("board")
    if use_cache:
        board = cache.get(key)
        if board is not None:
            return board
    board = Board(
        date=view.date,
        computed_at=timezone.now(),
        area_name=view.area.name if view.area else "",
    )
    for app, build in SOURCES:
        if apps.is_installed(app):
            board.panels.extend(p for p in build(view) if p is not None)
    cache.set(key, board, CACHE_SECONDS)
    return board
