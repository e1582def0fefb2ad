"""How a message leaves through each kind of channel, and what the platform's answer means.

An adapter builds the request (body, signature) and reads the answer into an outcome:
SENT, RETRY (not delivered; safe to send again, maybe after `retry_after`), DEAD (refused
for good: invalid key, bad signature) or UNCERTAIN (the request may have arrived but no
answer came). Robots have no idempotency key of their own, so an uncertain robot message
is not sent again blindly: an admin checks the group and resends or closes it. The JSON
webhook carries an `Idempotency-Key` header its receivers must honour, so it is retried.

Platform facts (their documentation):
- WeCom group robot: POST JSON {"msgtype": "text", "text": {"content": …}} to
  https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…; text at most 2048 bytes;
  20 messages a minute per robot; answers {"errcode": 0, "errmsg": "ok"}; 45009 = over
  the frequency limit; 93000 = invalid webhook URL (key).
- DingTalk custom robot: POST the same shape to https://oapi.dingtalk.com/robot/send?
  access_token=…; with a signing secret add &timestamp=<ms>&sign=<urlencoded base64
  HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret>; 20 messages a minute;
  130101 = sending too fast; 310000 = signature/keyword/IP refused; 300001 = no such token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import logging
import socket
import ssl
import time
import urllib.parse
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

from fugong.messaging.addresses import AddressRefused, check_url
from fugong.messaging.choices import AttemptOutcome, ChannelKind

logger = logging.getLogger("fugong.messaging.outbox")
TIMEOUT_SECONDS = 10


@dataclass
class Outcome:
    outcome: str
    http_status: int | None = None
    response: str = ""
    error: str = ""
    retry_after: float | None = None
    extra: dict = field(default_factory=dict)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to the address that was checked, while TLS verifies the host's name."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class ConnectFailed(Exception):
    """Nothing reached the platform: safe to send again."""


class NoAnswer(Exception):
    """The request went out but no answer came: it may have been delivered."""


def post_json(url: str, body: dict, headers: dict | None = None) -> tuple[int, str, dict]:
    """POST to the checked, pinned address; no redirects are followed."""
    try:
        host, port, addresses = check_url(url)
    except AddressRefused as exc:
        raise ConnectFailed(str(exc)) from exc
    parts = urllib.parse.urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    if parts.scheme == "https":
        conn = _PinnedHTTPSConnection(
            host, port, addresses[0], timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
        )
    else:
        conn = _PinnedHTTPConnection(host, port, addresses[0], timeout=TIMEOUT_SECONDS)
    data = json.dumps(body, ensure_ascii=False).encode()
    all_headers = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
    try:
        try:
            conn.connect()
        except OSError as exc:
            raise ConnectFailed(f"{type(exc).__name__}: {exc}") from exc
        try:
            conn.request("POST", path, body=data, headers=all_headers)
            response = conn.getresponse()
            text = response.read(65536).decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            raise NoAnswer(f"{type(exc).__name__}: {exc}") from exc
        return response.status, text, dict(response.getheaders())
    finally:
        conn.close()


class Adapter:
    kind = ""
    limit_bytes = 2048
    rate_per_minute = 20
    idempotent = False  # may a message whose answer was lost be sent again?

    def send(self, channel, message) -> Outcome:
        raise NotImplementedError

    def _call(self, url: str, body: dict, headers=None, read=None) -> Outcome:
        try:
            status, text, response_headers = post_json(url, body, headers)
        except ConnectFailed as exc:
            return Outcome(AttemptOutcome.RETRY, error=str(exc)[:500])
        except NoAnswer as exc:
            outcome = AttemptOutcome.RETRY if self.idempotent else AttemptOutcome.UNCERTAIN
            return Outcome(outcome, error=str(exc)[:500])
        if status == 429 or status >= 500 or status == 408:
            retry_after = _seconds(response_headers.get("Retry-After"))
            return Outcome(AttemptOutcome.RETRY, status, text[:2000], retry_after=retry_after)
        if status >= 400:
            return Outcome(AttemptOutcome.DEAD, status, text[:2000], error=f"HTTP {status}")
        return (read or self.read)(status, text)

    def read(self, status: int, text: str) -> Outcome:
        return Outcome(AttemptOutcome.SENT, status, text[:2000])


def _seconds(value) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class _RobotAdapter(Adapter):
    rate_codes: set[int] = set()
    dead_codes: set[int] = set()

    def body(self, message) -> dict:
        return {"msgtype": "text", "text": {"content": message.text}}

    def read(self, status, text):
        try:
            answer = json.loads(text)
            code = int(answer.get("errcode", -1))
        except (ValueError, TypeError, AttributeError):
            return Outcome(AttemptOutcome.UNCERTAIN, status, text[:2000], error="unreadable answer")
        if code == 0:
            return Outcome(AttemptOutcome.SENT, status, text[:2000])
        error = f"errcode {code}: {answer.get('errmsg', '')}"[:500]
        if code in self.rate_codes:
            return Outcome(AttemptOutcome.RETRY, status, text[:2000], error=error, retry_after=60)
        if code in self.dead_codes or code > 0:
            return Outcome(AttemptOutcome.DEAD, status, text[:2000], error=error)
        return Outcome(AttemptOutcome.RETRY, status, text[:2000], error=error)  # -1: busy


class WeComAdapter(_RobotAdapter):
    kind = ChannelKind.WECOM
    limit_bytes = 2048
    rate_codes = {45009}
    dead_codes = {93000, 40008, 44004}

    def send(self, channel, message):
        return self._call(channel.address, self.body(message))


class DingTalkAdapter(_RobotAdapter):
    kind = ChannelKind.DINGTALK
    limit_bytes = 20000
    rate_codes = {130101}
    dead_codes = {300001, 310000, 400102}

    def send(self, channel, message):
        url = channel.address
        if channel.secret:
            timestamp, sign = dingtalk_sign(channel.secret)
            url += ("&" if "?" in url else "?") + f"timestamp={timestamp}&sign={sign}"
        return self._call(url, self.body(message))


def dingtalk_sign(secret: str, timestamp_ms: int | None = None) -> tuple[str, str]:
    """DingTalk's 加签: base64(HMAC-SHA256(key=secret, "timestamp\\nsecret")), URL-encoded."""
    timestamp = str(timestamp_ms if timestamp_ms is not None else round(time.time() * 1000))
    digest = hmac.new(
        secret.encode(), f"{timestamp}\n{secret}".encode(), digestmod=hashlib.sha256
    ).digest()
    return timestamp, urllib.parse.quote_plus(base64.b64encode(digest))


class WebhookAdapter(Adapter):
    """A generic JSON webhook: {"key", "text", "part", "parts", "source"} with the
    `Idempotency-Key` header; 2xx is delivered, 408/429/5xx are retried, other 4xx fail."""

    kind = ChannelKind.WEBHOOK
    limit_bytes = 60000
    rate_per_minute = 120
    idempotent = True

    def send(self, channel, message):
        body = {
            "key": message.key,
            "text": message.text,
            "part": message.part,
            "parts": message.parts,
            "source": message.source,
        }
        headers = {"Idempotency-Key": message.key}
        if channel.secret:
            raw = json.dumps(body, ensure_ascii=False).encode()
            mac = hmac.new(channel.secret.encode(), raw, hashlib.sha256).hexdigest()
            headers["X-Fugong-Signature"] = f"sha256={mac}"
        return self._call(channel.address, body, headers)


class SmsGateway:
    """The interface an SMS provider implements: send `text` to `phones`, return the
    provider's answer, raise ConnectFailed when nothing went out. None is bundled."""

    def send(self, phones: list[str], text: str) -> str:
        raise NotImplementedError


class LoggingSmsGateway(SmsGateway):
    """The default gateway: writes the message to the log instead of sending it."""

    def send(self, phones, text):
        masked = [p[:3] + "****" + p[-4:] if len(p) >= 7 else "****" for p in phones]
        logger.info("SMS to %s: %s", ",".join(masked), text)
        return "logged"


class SmsAdapter(Adapter):
    kind = ChannelKind.SMS
    limit_bytes = 500 * 3  # about 500 Chinese characters across concatenated parts
    rate_per_minute = 60

    def send(self, channel, message):
        gateway = import_string(
            getattr(settings, "OUTBOX_SMS_GATEWAY", "fugong.messaging.adapters.LoggingSmsGateway")
        )()
        phones = [p.strip() for p in channel.address.replace("，", ",").split(",") if p.strip()]
        try:
            answer = gateway.send(phones, message.text)
        except ConnectFailed as exc:
            return Outcome(AttemptOutcome.RETRY, error=str(exc)[:500])
        return Outcome(AttemptOutcome.SENT, None, str(answer)[:2000])


ADAPTERS = {a.kind: a() for a in (WeComAdapter, DingTalkAdapter, WebhookAdapter, SmsAdapter)}


def adapter_for(kind: str) -> Adapter:
    return ADAPTERS[kind]


def split_text(text: str, limit_bytes: int) -> list[str]:
    """Parts within the platform's limit in UTF-8 bytes, cut at line ends where possible
    and numbered "(1/3)" when there is more than one."""
    text = text.strip()
    if len(text.encode()) <= limit_bytes:
        return [text]
    budget = limit_bytes - len(b" (99/99)\n")
    parts: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line.encode()) > budget:  # a line too long on its own: cut by characters
            cut = _fit(line, budget - len(current.encode()))
            if not cut:
                parts.append(current)
                current = ""
                continue
            current += cut
            line = line[len(cut) :]
            parts.append(current)
            current = ""
        if len((current + line).encode()) > budget:
            parts.append(current)
            current = ""
        current += line
    if current:
        parts.append(current)
    parts = [p.strip() for p in parts if p.strip()]
    n = len(parts)
    return [f"({i}/{n}) {p}" for i, p in enumerate(parts, 1)]


def _fit(text: str, budget: int) -> str:
    out = []
    size = 0
    for ch in text:
        size += len(ch.encode())
        if size > budget:
            break
        out.append(ch)
    return "".join(out)
