"""`PreparedRead` answers exactly what the queryset it was built from answers."""

import datetime
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fugong.common.prepared import PreparedRead
from fugong.common.testing import build_world, make_user
from fugong.construction.models import DailyReport, Project

pytestmark = pytest.mark.django_db


def _project_read(pk):
    return (
        Project.objects.filter(pk=pk)
        .order_by()
        .values_list("id", "version", "name", "status", "region__path", "builder__path")
    )


def test_it_returns_what_the_queryset_returns_for_every_key():
    world = build_world()
    read = PreparedRead(_project_read, pk=int)
    for pk in (world.project_a.pk, world.project_b.pk, 10**9):
        assert read(pk=pk) == list(_project_read(pk))


def test_it_compiles_once_and_then_only_executes():
    world = build_world()
    built = []

    def build(pk):
        built.append(pk)
        return _project_read(pk)

    read = PreparedRead(build, pk=int)
    with CaptureQueriesContext(connection) as captured:
        read(pk=world.project_a.pk)
        read(pk=world.project_b.pk)
    assert len(built) == 1  # compiled with the sentinel, never again
    assert len(captured) == 2
    assert captured[0]["sql"].replace(str(world.project_a.pk), "?") == captured[1]["sql"].replace(
        str(world.project_b.pk), "?"
    )


def test_dates_strings_and_converters_survive():
    world = build_world()
    day = datetime.date(2020, 2, 20)

    def reports(project, day, name):
        return (
            DailyReport.objects.filter(project_id=project, date__lte=day, project__name=name)
            .order_by("-date")
            .values_list("date", "archived_at", "output_value", "closed_management")[:2]
        )

    read = PreparedRead(reports, project=int, day=datetime.date, name=str)
    project, someone = world.project_a, make_user("prepared-tester")
    for offset, value in ((0, "12.50"), (1, "0.00"), (5, "3.10")):
        DailyReport.objects.create(
            project=project,
            date=day - datetime.timedelta(days=offset),
            submitted_by=someone,
            output_value=value,
        )
    got = read(project=project.pk, day=day, name=project.name)
    assert got == list(reports(project.pk, day, project.name))
    assert isinstance(got[0][0], datetime.date)
    assert str(got[0][2]) == "12.50"
    assert read(project=project.pk, day=day, name="another name") == []


def test_wrong_parameters_are_refused():
    read = PreparedRead(_project_read, pk=int)
    with pytest.raises(TypeError):
        read(pk="1")
    with pytest.raises(TypeError):
        read()
    with pytest.raises(TypeError):
        PreparedRead(_project_read, pk=float)


def test_a_parameter_the_query_does_not_take_is_an_error():
    read = PreparedRead(lambda pk, name: _project_read(pk), pk=int, name=str)
    with pytest.raises(ValueError, match="name"):
        read(pk=1, name="x")


@pytest.mark.django_db(transaction=True)
def test_threads_use_their_own_connection():
    world = build_world()
    read = PreparedRead(_project_read, pk=int)
    results, errors = {}, []

    def run(pk):
        try:
            results[pk] = read(pk=pk)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            from django.db import connections

            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(p.pk,)) for p in (world.project_a, world.project_b)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert results[world.project_a.pk][0][2] == world.project_a.name
    assert results[world.project_b.pk][0][2] == world.project_b.name
