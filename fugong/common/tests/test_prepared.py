"""`PreparedRead` answers exactly what the queryset it was built from answers."""

import datetime
import threading

import pytest
from django.db import IntegrityError, NotSupportedError, connection, transaction
from django.test.utils import CaptureQueriesContext

from fugong.common.prepared import NextKey, PreparedRead, pipeline, prepared_insert
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


# --- prepared_insert ---------------------------------------------------------------------------


def _report(project, user, day, **numbers):
    return DailyReport(project=project, date=day, submitted_by=user, **numbers)


def test_an_insert_stores_what_save_stores():
    world = build_world()
    someone = make_user("prepared-inserter")
    day = datetime.date(2020, 2, 20)
    numbers = {"workers_on_site": 40, "fevers": 1, "temperature_checked": 40}
    saved = _report(world.project_a, someone, day, output_value="12.50", **numbers)
    saved.save(force_insert=True)
    inserted = _report(world.project_b, someone, day, output_value="12.50", **numbers)
    prepared_insert(inserted)

    assert inserted.pk is not None and inserted.pk != saved.pk
    assert not inserted._state.adding and inserted._state.db == "default"
    assert None not in (inserted.created_at, inserted.updated_at, inserted.submitted_at)
    stored = DailyReport.objects.get(pk=inserted.pk)
    skip = {"id", "project", "created_at", "updated_at", "submitted_at"}
    for field in DailyReport._meta.concrete_fields:
        if field.name not in skip:
            assert getattr(stored, field.attname) == getattr(
                DailyReport.objects.get(pk=saved.pk), field.attname
            ), field.name
    assert stored.project_id == world.project_b.pk
    assert str(stored.output_value) == "12.50"


def test_it_compiles_once_per_connection(monkeypatch):
    from django.db.models.sql.compiler import SQLInsertCompiler

    world = build_world()
    someone = make_user("prepared-inserter")
    compiled = []
    as_sql = SQLInsertCompiler.as_sql

    def counting(self, *args, **kwargs):
        compiled.append(self.query.model)
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLInsertCompiler, "as_sql", counting)
    with CaptureQueriesContext(connection) as captured:
        for offset in range(3):
            prepared_insert(_report(world.project_a, someone, datetime.date(2020, 3, 1 + offset)))
    assert compiled.count(DailyReport) <= 1  # none when an earlier test compiled it
    inserts = [q["sql"] for q in captured if q["sql"].startswith("INSERT")]
    assert len(inserts) == 3
    assert DailyReport.objects.filter(project=world.project_a).count() == 3


def test_it_sends_the_save_signals():
    from django.db.models import signals

    world = build_world()
    heard = []

    def pre(sender, instance, **kwargs):
        heard.append(("pre", instance.pk, kwargs["raw"]))

    def post(sender, instance, created, **kwargs):
        heard.append(("post", instance.pk, created))

    signals.pre_save.connect(pre, sender=DailyReport)
    signals.post_save.connect(post, sender=DailyReport)
    try:
        report = _report(world.project_a, make_user("signal-tester"), datetime.date(2020, 4, 1))
        prepared_insert(report)
    finally:
        signals.pre_save.disconnect(pre, sender=DailyReport)
        signals.post_save.disconnect(post, sender=DailyReport)
    assert heard == [("pre", None, False), ("post", report.pk, True)]


def test_a_model_with_its_own_save_goes_through_it(monkeypatch):
    from fugong.construction.models import ReportingSettings

    # A model with a save() of its own keeps it (the settings clear their cache in it).
    cleared = []
    own_save = ReportingSettings.save

    def spying(self, *args, **kwargs):
        cleared.append(True)
        return own_save(self, *args, **kwargs)

    monkeypatch.setattr(ReportingSettings, "save", spying)
    prepared_insert(ReportingSettings())
    assert cleared == [True]
    assert ReportingSettings.objects.count() == 1


def test_a_key_given_by_the_caller_is_inserted_and_nothing_is_read_back():
    world = build_world()
    someone = make_user("keyed")
    report = _report(world.project_a, someone, datetime.date(2020, 5, 1), workers_on_site=7)
    report.pk = 10**8
    with CaptureQueriesContext(connection) as captured:
        prepared_insert(report)
    [insert] = [q["sql"] for q in captured if q["sql"].startswith("INSERT")]
    assert "RETURNING" not in insert.upper()
    assert report.pk == 10**8 and not report._state.adding
    stored = DailyReport.objects.get(pk=10**8)
    assert stored.workers_on_site == 7 and stored.created_at is not None


def test_without_returning_the_row_is_stored_and_its_key_not_read():
    world = build_world()
    someone = make_user("unread")
    report = _report(world.project_b, someone, datetime.date(2020, 5, 2), workers_on_site=9)
    with CaptureQueriesContext(connection) as captured:
        prepared_insert(report, returning=False)
    [insert] = [q["sql"] for q in captured if q["sql"].startswith("INSERT")]
    assert "RETURNING" not in insert.upper()
    assert report.pk is None
    assert (
        DailyReport.objects.get(
            project=world.project_b, date=datetime.date(2020, 5, 2)
        ).workers_on_site
        == 9
    )
    # The usual shape still reads the key back, on the same connection.
    other = _report(world.project_b, someone, datetime.date(2020, 5, 3))
    prepared_insert(other)
    assert other.pk is not None


def test_expressions_are_refused():
    from django.db.models import Value

    world = build_world()
    report = _report(world.project_a, make_user("expr"), datetime.date(2020, 6, 1))
    report.workers_on_site = Value(3)
    with pytest.raises(TypeError, match="workers_on_site"):
        prepared_insert(report)
    assert not DailyReport.objects.filter(date=datetime.date(2020, 6, 1)).exists()


# --- pipeline and NextKey ------------------------------------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pipelines and sequences are PostgreSQL's"
)


def test_a_pipeline_runs_the_statements_of_its_block():
    world = build_world()
    someone = make_user("piped")
    with transaction.atomic(), pipeline():
        first = _report(world.project_a, someone, datetime.date(2020, 7, 1))
        prepared_insert(first, returning=False)
        read = PreparedRead(_project_read, pk=int)(pk=world.project_a.pk)
    assert read[0][0] == world.project_a.pk
    assert DailyReport.objects.filter(
        project=world.project_a, date=datetime.date(2020, 7, 1)
    ).exists()


@postgres_only
def test_an_error_of_an_unread_statement_is_raised_by_the_block_and_rolls_back():
    world = build_world()
    someone = make_user("piped-twice")
    day = datetime.date(2020, 7, 2)
    with pytest.raises(IntegrityError), transaction.atomic(), pipeline():
        prepared_insert(_report(world.project_a, someone, day), returning=False)
        prepared_insert(_report(world.project_a, someone, day), returning=False)  # same day
    assert not DailyReport.objects.filter(project=world.project_a, date=day).exists()


@postgres_only
def test_next_keys_are_new_and_an_insert_can_take_one():
    world = build_world()
    keys = Project.objects.filter(pk=world.project_a.pk).annotate(key=NextKey(DailyReport))
    first, second = keys.get().key, keys.get().key
    assert second > first > 0
    report = _report(world.project_a, make_user("reserved"), datetime.date(2020, 7, 3))
    report.pk = first
    prepared_insert(report)
    assert DailyReport.objects.get(pk=first).date == datetime.date(2020, 7, 3)
    later = _report(world.project_a, make_user("after"), datetime.date(2020, 7, 4))
    prepared_insert(later)  # the sequence moved past the key taken
    assert later.pk > second


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal of other databases")
def test_next_key_is_refused_where_there_is_no_sequence():
    with pytest.raises(NotSupportedError):
        list(Project.objects.annotate(key=NextKey(DailyReport)).values_list("key"))
