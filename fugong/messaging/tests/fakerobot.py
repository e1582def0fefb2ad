"""A local fake of the WeCom and DingTalk group robots and of a JSON webhook receiver: a
threaded http.server on 127.0.0.1 that answers like the platforms (success, rate-limit
error codes, invalid key, bad signature) and counts what it received, per message text.

    with FakeRobot(limit_per_minute=20) as robot:
        url = robot.wecom_url("good-key")     # /cgi-bin/webhook/send?key=good-key
        …
        robot.received_texts()                # what arrived, in order

`down()` / `up()` close and reopen the port (the server "down for a while"); `delay`
holds each answer (after counting it: a worker killed then never sees the answer);
`script` queues canned answers for the next requests.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from collections import Counter, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WECOM_KEY = "good-key"
DINGTALK_TOKEN = "good-token"
DINGTALK_SECRET = "SECgood-secret"


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeRobot/1"

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server's name; the counters, for the benchmark
        robot: FakeRobot = self.server.robot
        data = json.dumps({"requests": robot.requests, "received": len(robot.received)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):  # noqa: N802 - http.server's name
        robot: FakeRobot = self.server.robot
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        parts = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {}
        status, answer = robot.answer(parts.path, query, body, dict(self.headers))
        if robot.delay:
            time.sleep(robot.delay)
        data = json.dumps(answer).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass


class FakeRobot:
    def __init__(self, *, limit_per_minute: int | None = None, delay: float = 0.0):
        self.limit_per_minute = limit_per_minute
        self.delay = delay
        self.lock = threading.Lock()
        self.received: list[dict] = []  # accepted messages
        self.requests = 0
        self.script: deque = deque()
        self.on_receive = None  # callback(text) after counting, before answering
        self.clock = time.monotonic  # seconds; a test may drive it with the worker's clock
        self._recent: dict[str, deque] = {}
        self.port = 0
        self.server = None
        self.thread = None

    # --- lifecycle -----------------------------------------------------------------------
    def up(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), _Handler)
        self.server.daemon_threads = True
        self.server.robot = self
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def down(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def __enter__(self):
        return self.up()

    def __exit__(self, *exc):
        self.down()

    # --- addresses -----------------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wecom_url(self, key: str = WECOM_KEY) -> str:
        return f"{self.base}/cgi-bin/webhook/send?key={key}"

    def dingtalk_url(self, token: str = DINGTALK_TOKEN) -> str:
        return f"{self.base}/robot/send?access_token={token}"

    def webhook_url(self) -> str:
        return f"{self.base}/hook"

    # --- behaviour -----------------------------------------------------------------------
    def _over_limit(self, robot_id: str) -> bool:
        if not self.limit_per_minute:
            return False
        now = self.clock()
        recent = self._recent.setdefault(robot_id, deque())
        while recent and now - recent[0] > 60:
            recent.popleft()
        if len(recent) >= self.limit_per_minute:
            return True
        recent.append(now)
        return False

    def answer(self, path, query, body, headers) -> tuple[int, dict]:
        with self.lock:
            self.requests += 1
            if self.script:
                return self.script.popleft()
            if path == "/cgi-bin/webhook/send":
                if query.get("key") != WECOM_KEY:
                    return 200, {"errcode": 93000, "errmsg": "invalid webhook url, hint: [x]"}
                if self._over_limit("wecom"):
                    return 200, {"errcode": 45009, "errmsg": "api freq out of limit"}
                text = body.get("text", {}).get("content", "")
            elif path == "/robot/send":
                if query.get("access_token") != DINGTALK_TOKEN:
                    return 200, {"errcode": 300001, "errmsg": "token is not exist"}
                if not _dingtalk_sign_ok(query):
                    return 200, {"errcode": 310000, "errmsg": "sign not match"}
                if self._over_limit("dingtalk"):
                    return 200, {
                        "errcode": 130101,
                        "errmsg": "send too fast, exceed 20 times per minute",
                    }
                text = body.get("text", {}).get("content", "")
            elif path == "/hook":
                key = headers.get("Idempotency-Key", "")
                if any(r.get("key") == key for r in self.received):
                    return 200, {"ok": True, "duplicate": True}  # receivers de-duplicate
                text = body.get("text", "")
                self.received.append({"path": path, "text": text, "key": key})
                if self.on_receive:
                    self.on_receive(text)
                return 200, {"ok": True}
            else:
                return 404, {"error": "not found"}
            self.received.append({"path": path, "text": text})
            if self.on_receive:
                self.on_receive(text)
            ok = {"errcode": 0, "errmsg": "ok"}
            return 200, ok

    # --- what arrived --------------------------------------------------------------------
    def received_texts(self) -> list[str]:
        with self.lock:
            return [r["text"] for r in self.received]

    def counts(self) -> Counter:
        return Counter(self.received_texts())


def _dingtalk_sign_ok(query) -> bool:
    timestamp, sign = query.get("timestamp"), query.get("sign")
    if not timestamp or not sign:
        return False
    if abs(time.time() * 1000 - int(timestamp)) > 3600 * 1000:
        return False
    digest = hmac.new(
        DINGTALK_SECRET.encode(), f"{timestamp}\n{DINGTALK_SECRET}".encode(), hashlib.sha256
    ).digest()
    return hmac.compare_digest(base64.b64encode(digest).decode(), sign)
