"""Fixtures and helpers of the daily-report tests (no tests here).

`clock` pins "now" to 10:00 today in Asia/Shanghai (so the cut-off tests do not depend on
when the suite runs) and can move it; `rw` is the two-district world of
`fugong.common.testing` with both projects resumed 30 days ago and the people who report
and receive reports.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from fugong.common.testing import build_world, make_user
from fugong.construction.choices import ProjectStatus
from fugong.construction.models import ProjectEvent
from fugong.construction.services.projects import project_set_status

TODAY = timezone.localdate()


class Clock:
    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch
        self.today = TODAY
        self.at(10, 0)

    def at(self, hour: int, minute: int = 0, *, days: int = 0) -> datetime.datetime:
        moment = timezone.make_aware(
            datetime.datetime.combine(
                self.today + datetime.timedelta(days=days), datetime.time(hour, minute)
            )
        )
        self.monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment


# Named fixtures: test modules import them under these names (`clock_fixture`,
# `rw_fixture`) and ask for `clock` / `rw`, so nothing shadows an import.
@pytest.fixture(name="clock")
def clock_fixture(monkeypatch):
    return Clock(monkeypatch)


def day(n: int) -> datetime.date:
    """n days from today (negative: ago)."""
    return TODAY + datetime.timedelta(days=n)


def resume(project, *, days_ago: int = 30):
    project = project_set_status(actor=None, project=project, to_status=ProjectStatus.RESUMED)
    ProjectEvent.objects.filter(project=project, to_status=ProjectStatus.RESUMED).update(
        time=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return project


def numbers(**over) -> dict:
    """A report that keeps every rule."""
    data = {
        "workers_on_site": 100,
        "managers_on_site": 10,
        "returned_today": 5,
        "from_outside_province": 20,
        "under_observation": 3,
        "temperature_checked": 110,
        "fevers": 0,
        "mask_days": 10,
        "disinfectant_days": 9,
        "disinfections_done": 2,
        "closed_management": True,
        "output_value": Decimal("35.50"),
        "notes": "",
    }
    data.update(over)
    return data


def form_data(**over) -> dict:
    """The same numbers as the phone form posts them."""
    data = {k: ("on" if v is True else str(v)) for k, v in numbers(**over).items()}
    if data.get("closed_management") == "False":
        del data["closed_management"]
    return data


@pytest.fixture(name="rw")
def rw_fixture(db, clock):
    world = build_world()
    world.project_a = resume(world.project_a)
    world.project_b = resume(world.project_b)
    return SimpleNamespace(
        world=world,
        a=world.project_a,
        b=world.project_b,
        site=make_user(
            "site",
            "enterprise_user",
            organisation=world.enterprise_a,
            member_of=world.enterprise_a,
            full_name="吴闯",
        ),
        site_b=make_user(
            "site-b",
            "enterprise_user",
            organisation=world.enterprise_b,
            member_of=world.enterprise_b,
        ),
        officer=make_user("officer", "district_officer", region=world.district_a),
        officer_b=make_user("officer-b", "district_officer", region=world.district_b),
        clock=clock,
    )
