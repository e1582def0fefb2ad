import datetime

import pytest
from django.test import Client
from django.utils import timezone

from fugong.audit.models import ChangeLog
from fugong.common.errors import Forbidden, FugongError, NotFound
from fugong.common.testing import api_client, login, xlsx_rows
from fugong.gates.models import ContactTracingCase, Passage, TracingRun
from fugong.gates.services.passages import passage_record
from fugong.gates.services.tracing import case_close, case_open, contact_trace
from fugong.gates.tests.factories import build_gate_world


@pytest.fixture
def gw(db):
    gw = build_gate_world()
    now = timezone.now()

    def at(minutes_ago, **extra):
        data = {
            "actor": gw.cadre,
            "checkpoint_id": gw.gate_a.pk,
            "direction": "out",
            "at": now - datetime.timedelta(minutes=minutes_ago),
        }
        data.update(extra)
        return passage_record(**data)

    at(60, resident_id=gw.zhang.pk)  # the subject
    at(52, resident_id=gw.li.pk)  # 8 minutes later: a contact
    at(
        60 * 5,
        visitor_name="王师傅",
        visit_reason="送水",
        visiting="301",
        direction="in",
        temperature="36.5",
    )
    gw.now = now
    return gw


def test_trace_finds_who_passed_within_the_window(gw):
    result = contact_trace(actor=gw.cadre, resident_id=gw.zhang.pk, minutes=10, days=3)
    assert [c.name for c in result.contacts] == ["李四"]
    wide = contact_trace(actor=gw.cadre, resident_id=gw.zhang.pk, minutes=240, days=3)
    assert {c.name for c in wide.contacts} == {"李四", "王师傅"}


def test_every_run_is_recorded(gw):
    contact_trace(actor=gw.cadre, resident_id=gw.zhang.pk, minutes=10, days=3)
    run = TracingRun.objects.get()
    assert (run.run_by, run.subject_resident_id, run.minutes, run.days, run.found) == (
        gw.cadre,
        gw.zhang.pk,
        10,
        3,
        1,
    )
    assert ChangeLog.objects.for_object(run).filter(actor=gw.cadre).exists()


def test_trace_around_a_passage(gw):
    passage = Passage.objects.get(resident=gw.li)
    result = contact_trace(actor=gw.cadre, passage_id=passage.pk, minutes=10, days=1)
    assert [c.name for c in result.contacts] == ["张三"]


def test_only_granted_roles_and_only_in_scope(gw):
    with pytest.raises(Forbidden):
        contact_trace(actor=gw.worker, resident_id=gw.zhang.pk, minutes=10, days=3)
    with pytest.raises(NotFound):
        contact_trace(actor=gw.outsider, resident_id=gw.zhang.pk, minutes=10, days=3)
    assert not TracingRun.objects.exists()


@pytest.mark.parametrize("minutes,days", [(0, 3), (500, 3), (10, 0), (10, 400), ("x", 3)])
def test_window_is_checked(gw, minutes, days):
    with pytest.raises(FugongError):
        contact_trace(actor=gw.cadre, resident_id=gw.zhang.pk, minutes=minutes, days=days)
    assert not TracingRun.objects.exists()


def test_page_and_export(gw):
    client = login(Client(), gw.cadre)
    page = client.get("/gates/trace/", {"resident": gw.zhang.pk, "minutes": 10, "days": 3})
    assert page.status_code == 200 and "李四" in page.content.decode()
    export = client.get(
        "/gates/trace/", {"resident": gw.zhang.pk, "minutes": 10, "days": 3, "export": "xlsx"}
    )
    rows = xlsx_rows(export.content)
    assert rows[1][0] == "李四"
    assert TracingRun.objects.filter(exported=True).count() == 1
    assert login(Client(), gw.worker).get("/gates/trace/").status_code == 403


def test_api_trace(gw):
    response = api_client(gw.cadre).post(
        "/api/v1/contact-tracing/",
        {"resident": gw.zhang.pk, "minutes": 10, "days": 3},
        format="json",
    )
    assert response.status_code == 200
    assert [c["name"] for c in response.json()["contacts"]] == ["李四"]
    assert api_client(gw.worker).post("/api/v1/contact-tracing/", {}).status_code == 403


def test_case_holds_the_records_until_closed(gw):
    case = case_open(actor=gw.cadre, resident_id=gw.zhang.pk, minutes=10, days=3, reason="确诊")
    held = set(case.passages.values_list("resident_id", flat=True))
    assert held == {gw.zhang.pk, gw.li.pk}
    with pytest.raises(FugongError):
        case_open(actor=gw.cadre, resident_id=gw.zhang.pk, minutes=10, days=3, reason=" ")
    closed = case_close(actor=gw.cadre, case=case, note="排查完毕")
    assert closed.status == "closed" and closed.closed_by == gw.cadre
    with pytest.raises(FugongError):
        case_close(actor=gw.cadre, case=closed)
    assert ContactTracingCase.objects.count() == 1


def test_cases_and_runs_are_scoped(gw):
    case_open(actor=gw.cadre, resident_id=gw.zhang.pk, minutes=10, days=3, reason="确诊")
    outsider = api_client(gw.outsider)
    assert outsider.get("/api/v1/tracing-cases/").json()["results"] == []
    assert outsider.get("/api/v1/tracing-runs/").json()["results"] == []
    case = ContactTracingCase.objects.get()
    assert outsider.get(f"/api/v1/tracing-cases/{case.pk}/").status_code == 404
    assert login(Client(), gw.outsider).get(case.get_absolute_url()).status_code == 404
    mine = api_client(gw.cadre)
    assert [c["id"] for c in mine.get("/api/v1/tracing-cases/").json()["results"]] == [case.pk]
    assert mine.get("/api/v1/tracing-runs/").json()["results"][0]["found"] == 1
    assert api_client(gw.worker).get("/api/v1/tracing-runs/").status_code == 403
    page = login(Client(), gw.cadre).get(case.get_absolute_url())
    assert page.status_code == 200 and 'id="close-case"' in page.content.decode()


def test_trace_reads_in_few_queries_and_walks_only_the_gate_time_windows(gw):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    contact_trace(actor=gw.cadre, resident_id=gw.zhang.pk, minutes=10, days=3)  # warm caches
    with CaptureQueriesContext(connection) as queries:
        result = contact_trace(actor=gw.cadre, resident_id=gw.zhang.pk, minutes=10, days=3)
    assert [c.name for c in result.contacts] == ["李四"]
    sql = [q["sql"] for q in queries.captured_queries]
    # subject, own passages (with their gates' names), contacts, their residents; the run
    # and its audit row
    assert len([s for s in sql if s.startswith("SELECT")]) <= 5, sql
    windows = next(s for s in sql if '"gates_passage"."visitor_name"' in s)
    assert "JOIN" not in windows  # the windows are at gates read within scope: no scope joins
