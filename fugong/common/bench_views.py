"""The bare endpoint HTTP benchmarks compare against (routed only with BENCH_ENDPOINTS).

`GET /bench/bare/?queries=N` runs N trivial indexed queries through the ORM and answers
a tiny JSON: what a request costs through the whole middleware stack and N database
round trips, with no scoping, templates or serialisation. It needs no login and reveals
nothing but the count it was asked for.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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
