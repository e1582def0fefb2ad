"""Query counts per scenario, in-process: `python -m bench.queries < spec.json`.

Runs in the bench's environment (same DATABASE_URL and keys as the server), sends each
scenario's request through Django's test `Client` three times under
`CaptureQueriesContext`, and prints JSON: the steady-state count (the last request; the
first may fill per-process caches), all three counts, status, size and the SQL.
"""

from __future__ import annotations

import json
import sys


def run(spec: dict) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    backend = "fugong.accounts.backends.RoleGrantBackend"
    results = {}
    for scenario in spec["scenarios"]:
        # The host the server is called by, so ALLOWED_HOSTS need not change.
        client = Client(SERVER_NAME="127.0.0.1", raise_request_exception=False)
        headers = {}
        if scenario["auth"] == "session":
            user = get_user_model().objects.get(username=scenario["username"])
            client.force_login(user, backend=backend)
        elif scenario["auth"] == "token":
            headers["Authorization"] = f"Token {scenario['token']}"
        counts = []
        for _n in range(3):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(scenario["path"], headers=headers)
            counts.append(len(captured))
        results[scenario["name"]] = {
            "queries": counts[-1],
            "counts": counts,
            "status": response.status_code,
            "bytes": len(response.content),
            "sql": [query["sql"] for query in captured.captured_queries],
        }
    return results


if __name__ == "__main__":
    print(json.dumps(run(json.load(sys.stdin))))
