"""The demo's daily reports and the generator step of daily reports."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from fugong.construction.models import DailyReport, Project
from fugong.construction.selectors.reports import REPORTING_STATUSES, missing_reports
from fugong.construction.services.reports import report_field_errors


@pytest.fixture
def demo_settings(settings):
    settings.DEBUG = True  # load_demo refuses otherwise; the test runner turns it off
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_has_two_weeks_of_reports_and_one_missing_today(db, demo_settings):
    call_command("load_demo", stdout=io.StringIO())
    reporting = Project.objects.filter(status__in=REPORTING_STATUSES)
    assert reporting.exists(), "the commitments step resumes the demo's projects"
    count = DailyReport.objects.count()
    assert count == 14 * reporting.count() - 1
    donghai = Project.objects.get(name="东海大道")
    total = DailyReport.objects.filter(project=donghai).aggregate(s=Sum("output_value"))["s"]
    assert total == Decimal("500.00")  # seed: about 5 million yuan since resuming
    today = timezone.localdate()
    assert [p.name for p in missing_reports(None, today)] == ["解放路15号"]
    assert DailyReport.objects.filter(fevers__gt=0).count() == 1
    for report in DailyReport.objects.select_related("project"):
        assert report_field_errors(report) == {}, report
    call_command("load_demo", stdout=io.StringIO())
    assert DailyReport.objects.count() == count


def test_the_generator_makes_valid_reports_quickly(db):
    call_command("generate", "--scale", "tiny", "--allow-debug-off", stdout=io.StringIO())
    reporting = Project.objects.filter(status__in=REPORTING_STATUSES).count()
    reports = DailyReport.objects.count()
    assert reporting and 0.7 * reporting * 7 < reports <= reporting * 7
    today = timezone.localdate()
    assert DailyReport.objects.filter(date=today).exists()
    assert DailyReport.objects.filter(date__gt=today).count() == 0
    assert not DailyReport.objects.exclude(project__status__in=REPORTING_STATUSES).exists()
    for report in DailyReport.objects.select_related("project")[:200]:
        assert report_field_errors(report) == {}, report
