import json
import logging

import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_migrations(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["state"] == "ok"
    assert body["migrations"]["pending"] == 0


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"
    generated = client.get("/healthz", HTTP_X_REQUEST_ID="bad id with spaces")["X-Request-ID"]
    assert len(generated) == 32 and " " not in generated


def test_json_logs_carry_the_request_id():
    from pythonjsonlogger.json import JsonFormatter

    from fugong.common.middleware import RequestIdFilter, set_request_id

    token = set_request_id("req-42")
    record = logging.LogRecord("fugong", logging.INFO, __file__, 1, "hello", None, None)
    RequestIdFilter().filter(record)
    line = JsonFormatter("%(levelname)s %(request_id)s %(message)s").format(record)
    assert json.loads(line) == {"levelname": "INFO", "request_id": "req-42", "message": "hello"}
    from fugong.common.middleware import _request_id

    _request_id.reset(token)
