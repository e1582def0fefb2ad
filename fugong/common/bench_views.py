"""The bare endpoint HTTP benchmarks compare against (routed only with BENCH_ENDPOINTS).

`GET /bench/bare/?queries=N` runs N trivial indexed queries through the ORM and answers
a tiny JSON: what a request costs through the whole middleware stack and N database
round trips, with no scoping, templates or serialisation. It needs no login and reveals
nothing but the count it was asked for.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

MAX_QUERIES = 200


@never_cache
@require_GET
def bare(request):
    try:
        queries = int(request.GET.get("queries", "1"))
    except ValueError:
        queries = 1
    queries = max(0, min(queries, MAX_QUERIES))
    for _n in range(queries):
        # A unique-index look-up on a table of a few dozen rows; not cached by the manager.
        ContentType.objects.filter(app_label="contenttypes", model="contenttype").values_list(
            "pk", flat=True
        ).first()
    return JsonResponse({"queries": queries})


# --- the baseline of the daily-report submission bench ----------------------------------------

BARE_INSERT_TABLE = "bench_bare_insert"
_table_ready: set[str] = set()


def _ensure_insert_table(connection) -> None:
    """A plain table outside the models (throw-away bench databases only), created on first
    use in each process; concurrent creators are harmless (IF NOT EXISTS, errors ignored)."""
    if connection.alias in _table_ready:
        return
    key = "BIGSERIAL" if connection.vendor == "postgresql" else "INTEGER"
    auto = "" if connection.vendor == "postgresql" else " AUTOINCREMENT"
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {BARE_INSERT_TABLE} "
                f"(id {key} PRIMARY KEY{auto}, n INTEGER NOT NULL, at TIMESTAMP NOT NULL)"
            )
    except DatabaseError:
        pass  # another worker created it at the same moment
    _table_ready.add(connection.alias)


@csrf_exempt
@never_cache
@require_POST
def bare_insert(request):
    """`POST /bench/bare-insert/`: one INSERT of a tiny row in a transaction (a real write
    to the same database, committed), a tiny JSON answer, 201. No login, no parsing, no
    scoping: what a write costs through the middleware stack and the database."""
    from django.db import connection, transaction
    from django.utils import timezone

    _ensure_insert_table(connection)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BARE_INSERT_TABLE} (n, at) VALUES (%s, %s)",  # noqa: S608 - constant
            [len(request.body), connection.ops.adapt_datetimefield_value(timezone.now())],
        )
    return JsonResponse({"inserted": 1}, status=201)


_submitter_id: list[int] = []


@csrf_exempt
@never_cache
@require_POST
def bare_report_insert(request):
    """`POST /bench/bare-report-insert/`: the daily-report submission's body, parsed and
    inserted as a `DailyReport` row through the ORM, bare: no login, no scope, no rules, no
    audit, no serializer. The same row into the same table with the same indexes as the
    submission, so the submission's ratio to it is the cost of what the application adds.
    The date is a random day of the 20th century (a throw-away bench database), so these
    rows never collide with the submissions' (project, today)."""
    import datetime
    import json
    import random

    from django.contrib.auth import get_user_model
    from django.db import IntegrityError, transaction

    from fugong.construction.models import DailyReport
    from fugong.construction.selectors.reports import REPORT_FIELDS

    body = json.loads(request.body)
    if not _submitter_id:
        _submitter_id.append(get_user_model().objects.values_list("pk", flat=True).first())
    values = {name: body[name] for name in REPORT_FIELDS if name in body}
    for _attempt in range(5):
        day = datetime.date(1900, 1, 1) + datetime.timedelta(days=random.randrange(36500))
        try:
            with transaction.atomic():
                report = DailyReport.objects.create(
                    project_id=body["project"], date=day, submitted_by_id=_submitter_id[0], **values
                )
            return JsonResponse({"id": report.pk}, status=201)
        except IntegrityError:
            continue
    return JsonResponse({"error": "no free day"}, status=409)


@csrf_exempt
@never_cache
@require_POST
def bare_passage_insert(request):
    """`POST /bench/bare-passage-insert/`: the QR page's one-tap form (gate, resident,
    direction, temperature, the form's key) inserted as a `Passage` row through the ORM,
    bare: no cookie, no look-ups, no rules, no template. The same row into the same table
    with the same indexes as the tap, so the tap's ratio to it is what the page adds."""
    from django.db import transaction

    from fugong.gates.models import Passage

    data = request.POST
    with transaction.atomic():
        passage = Passage.objects.create(
            checkpoint_id=int(data["checkpoint"]),
            resident_id=int(data["resident"]),
            direction=data["direction"],
            temperature=data.get("temperature") or None,
            source="qr",
            request_key=data.get("key") or None,
        )
    return JsonResponse({"id": passage.pk}, status=201)
