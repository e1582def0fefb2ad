"""Fixtures of the dashboard tests (no tests here): the two-district world of the
daily-report tests with reports over the last days, a leader, a cadre deployed to a
community and an outsider with no grant."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from fugong.common.testing import make_user
from fugong.construction.services.reports import daily_report_backfill
from fugong.construction.tests.test_report_support import day, numbers


@pytest.fixture(name="dash")
def dash_fixture(rw):
    cache.clear()
    w = rw.world
    for n in (-2, -1, 0):
        daily_report_backfill(
            project=rw.a,
            date=day(n),
            data=numbers(fevers=1 if n == 0 else 0, output_value=Decimal("10.00")),
            submitted_by=rw.site,
        )
    daily_report_backfill(
        project=rw.b,
        date=day(-1),
        data=numbers(
            workers_on_site=50,
            managers_on_site=5,
            temperature_checked=55,
            output_value=Decimal("20.00"),
        ),
        submitted_by=rw.site_b,
    )
    rw.leader = make_user("leader", "leader", region=w.city)
    rw.admin = make_user("admin", "bureau_admin", region=w.city)
    rw.outsider = make_user("outsider")
    rw.cadre = make_user("cadre", "cadre", region=w.community_a)
    return rw


def figure(board, panel: str, key: str):
    p = board.panel(panel)
    return p.figure(key).value if p and p.figure(key) else None


__all__ = ["dash_fixture", "figure", "SimpleNamespace"]


def deploy(dash):
    """The cadre deployed to 甲社区 since three days ago, checked in today."""
    import datetime

    from django.utils import timezone

    from fugong.community.services.cadres import deployment_create, duty_check_in

    deployment_create(
        actor=None,
        cadre=dash.cadre,
        community=dash.world.community_a,
        starts_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    from fugong.community.choices import DutyActivity

    duty_check_in(actor=dash.cadre, activities=[DutyActivity.values[0]])
