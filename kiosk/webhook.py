"""Text messages through the hall's own gateway (``notify.gateway = "webhook"``): one signed JSON POST per message
to ``notify.webhook_url`` (an SMS gateway of the hall's unit, a WeChat bridge). Standard library only.

The wire format, for whoever writes the receiving end::

    POST <notify.webhook_url>
    Content-Type: application/json; charset=utf-8
    Idempotency-Key: <the message's key (ASCII), e.g. called/2026-11-23/A001/1>
    X-Kiosk-Timestamp: <unix seconds, when this attempt was made>
    X-Kiosk-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>

    {"key":"called/2026-11-23/A001/1","phone":"13812345678","sign_name":"阳光社区","template":"SMS_123",
     "params":{"number":"A001","counter":"1号窗口"},"text":"请A001号到1号窗口办理。回TD退订","lang":"zh-Hans",
     "event":"called"}

The body is compact JSON in UTF-8 (Chinese as is, not ``\\u`` escapes). ``text`` is the message's words without
the signature; ``sign_name`` is the signature (签名) a gateway puts first (【阳光社区】); ``template`` and ``params``
serve a gateway that sends approved templates. The secret is ``KIOSK_SMS_WEBHOOK_SECRET`` (see
:mod:`kiosk.gateways`). The receiving end checks the signature over the exact bytes it received, refuses a stale
timestamp (:func:`verify` does both), and sends each ``Idempotency-Key`` at most once: the same key comes again
when an attempt's answer was lost, and must be answered as before without a second text.

Its answer: any 2xx -> sent (its JSON ``id``, if any, is kept as the gateway's id; else the key); 429 or 5xx ->
tried again later; another status -> failed, with ``HTTP <status>: <the first 200 characters of the body>``. No
answer (refused, timed out, the connection dropped) -> tried again: safe, since the gateway dedupes by key.
Redirects are not followed (urllib would turn a redirected POST into a GET without the message).
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from kiosk.gateways import FAILED, RETRY, SENT, Outcome
from kiosk.records import OutgoingMessage

#: How old (or how far ahead) a timestamp :func:`verify` accepts by default, in seconds.
TOLERANCE_SECONDS = 300
#: How much of an answer is read (an answer is a small JSON object; a bigger one is cut).
ANSWER_MAX = 64 * 1024
#: How much of a refusal's body the reason quotes.
QUOTE_MAX = 200


def body_of(message: OutgoingMessage) -> bytes:
    """The JSON body sent for ``message``: compact, UTF-8, Chinese unescaped (see the module)."""
    document = {
        "key": message["key"],
        "phone": message["phone"],
        "sign_name": message["sign_name"],
        "template": message["template"],
        "params": message["params"],
        "text": message["text"],
        "lang": message["lang"],
        "event": message["event"],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Kiosk-Signature`` value of ``body`` sent at ``timestamp``: ``sha256=`` and the hex HMAC-SHA256,
    keyed with ``secret`` (UTF-8), of ``timestamp + "." + body``."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def verify(
    secret: str, timestamp: str, body: bytes, signature: str, *, now: float, tolerance: float = TOLERANCE_SECONDS
) -> bool:
    """Whether ``signature`` (the ``X-Kiosk-Signature`` header) is ``secret``'s for ``body`` at ``timestamp``
    (the ``X-Kiosk-Timestamp`` header), and that timestamp is within ``tolerance`` seconds of ``now`` (a replayed
    old request is refused). For the receiving end; compares in constant time."""
    if not timestamp.isascii() or not timestamp.isdigit() or abs(now - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body).encode("ascii"), signature.encode("utf-8", "replace"))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuses redirects: urllib follows a 301, 302 or 303 after a POST as a GET without the body, which a
    gateway could answer 200 to without having sent anything."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        """No new request: the redirect's own status stands (a failed send naming it)."""
        return None


class WebhookGateway:
    """POSTs each message as signed JSON to the hall's gateway (see the module for the wire format and how an
    answer maps to an outcome). Idempotent: the gateway dedupes by ``Idempotency-Key``, so a lost answer or a
    sender killed mid-send is safely tried again."""

    name = "webhook"
    idempotent = True

    def __init__(self, url: str, secret: str, *, timeout: float, clock: Callable[[], float] = time.time) -> None:
        self.url = url
        self._secret = secret
        self.timeout = timeout
        self._clock = clock  # the machine's time: the receiving end compares the timestamp with its own
        self._opener = urllib.request.build_opener(_NoRedirect())

    def request(self, message: OutgoingMessage) -> urllib.request.Request:
        """The signed HTTP request for ``message`` (its timestamp is now)."""
        body = body_of(message)
        timestamp = str(int(self._clock()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": message["key"],
            "X-Kiosk-Timestamp": timestamp,
            "X-Kiosk-Signature": sign(self._secret, timestamp, body),
        }
        return urllib.request.Request(self.url, data=body, headers=headers, method="POST")

    def send(self, message: OutgoingMessage) -> Outcome:
        """POST ``message``; every fault is an outcome, never an exception."""
        try:
            with self._opener.open(self.request(message), timeout=self.timeout) as answer:
                status = answer.status
                text = answer.read(ANSWER_MAX)
        except urllib.error.HTTPError as error:  # an answer with a status other than 2xx
            with error:
                quoted = _quote(error.read(ANSWER_MAX))
            retry = error.code == 429 or error.code >= 500
            return Outcome(RETRY if retry else FAILED, reason=_status_reason(error.code, quoted))
        except (OSError, http.client.HTTPException) as error:
            # No answer: refused, unreachable, timed out, dropped mid-way (URLError and the timeouts are
            # OSErrors). Asking again cannot text twice: the gateway dedupes by the key.
            cause = str(getattr(error, "reason", None) or error) or type(error).__name__
            return Outcome(RETRY, reason=f"network: {cause}"[:QUOTE_MAX])
        if not 200 <= status < 300:  # 1xx and 3xx that urllib hands back as they are
            return Outcome(FAILED, reason=_status_reason(status, _quote(text)))
        return Outcome(SENT, gateway_id=_answer_id(text) or message["key"])


def _answer_id(text: bytes) -> str | None:
    """The ``id`` of a JSON object answer, if it has one."""
    try:
        document = json.loads(text)
    except ValueError:
        return None
    value = document.get("id") if isinstance(document, dict) else None
    return str(value) if isinstance(value, (str, int)) and str(value) else None


def _quote(text: bytes) -> str:
    return text.decode("utf-8", "replace")[:QUOTE_MAX]


def _status_reason(status: int, quoted: str) -> str:
    return f"HTTP {status}: {quoted}" if quoted else f"HTTP {status}"
