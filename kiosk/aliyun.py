"""Text messages through Alibaba Cloud SMS (阿里云短信服务, ``notify.gateway = "aliyun"``): one ``SendSms`` call
per message, through Alibaba Cloud's official SDK (``alibabacloud-dysmsapi20170525``, the ``sms`` extra), which
signs each request.

What the SDK (4.x, on ``alibabacloud-tea-openapi`` 0.4) sends, as the tests see it on a local server:
``POST /`` with every parameter in the query string (``PhoneNumbers``, ``SignName``, ``TemplateCode``,
``TemplateParam`` as JSON, ``OutId`` = the message's key), an empty body, the action and version in the
``x-acs-action: SendSms`` and ``x-acs-version: 2017-05-25`` headers, and Alibaba's V3 signature in
``Authorization: ACS3-HMAC-SHA256 Credential=<access key id>,SignedHeaders=...,Signature=...``.

How an answer becomes an :class:`~kiosk.gateways.Outcome`:

* ``Code: OK`` -> ``sent``, with the ``BizId`` as the gateway's id;
* a rate limit (:data:`RETRY_CODES`, any ``Throttling*`` code, an HTTP 429 with ``Retry-After``), an HTTP 5xx,
  or a connection that could not be made (refused, no route, name not resolved, connect timeout: nothing was
  sent) -> ``retry``, with ``"<code>: <message>"``;
* any other code (``isv.MOBILE_NUMBER_ILLEGAL``, ``isv.SMS_TEMPLATE_ILLEGAL``, ``isv.SMS_SIGNATURE_ILLEGAL``,
  ``isv.TEMPLATE_MISSING_PARAMETERS``, ``isv.INVALID_PARAMETERS``...) -> ``failed``, with ``"<code>: <message>"``;
* anything after the request may have left (the answer did not come in time, the connection dropped mid-way, an
  answer that cannot be read) -> ``failed``, ``"...: not known whether sent"``.

At most once: SendSms does not dedupe (``OutId`` is only echoed in Alibaba's delivery reports), so this gateway is
not idempotent. The SDK's own retries are switched off, and a send whose fate is unknown is never tried again: a
resident would rather miss one text than get two.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import Iterator
from typing import Any

from kiosk.errors import ConfigError
from kiosk.gateways import FAILED, RETRY, SENT, Outcome
from kiosk.records import OutgoingMessage

#: How to install what this gateway needs (the project's ``sms`` extra).
INSTALL_HINT = "pip install 'hall-kiosk[sms]'"
#: Codes that mean "not now": Alibaba's rate limits (per phone: a minute, an hour, a day; per account) and its own
#: faults. The outbox tries again after its back-off; codes starting with ``Throttling`` count too.
RETRY_CODES = frozenset({"isv.BUSINESS_LIMIT_CONTROL", "isp.SYSTEM_ERROR", "ServiceUnavailable", "InternalError"})
#: What a send whose fate is unknown says (the request may have reached Alibaba).
UNKNOWN = "not known whether sent"
#: The longest reason kept from an answer or an error.
REASON_MAX = 300


def retryable(code: str) -> bool:
    """Whether Alibaba's error ``code`` may succeed later (a rate limit, its own fault)."""
    return code in RETRY_CODES or code.startswith("Throttling")


def split_endpoint(endpoint: str) -> tuple[str, str]:
    """``notify.endpoint`` as the SDK wants it: (host, protocol). A bare host is reached over HTTPS;
    ``http://127.0.0.1:PORT`` (a test server, all that the config admits over HTTP) over plain HTTP."""
    if endpoint.startswith("http://"):
        return endpoint.removeprefix("http://").rstrip("/"), "http"
    return endpoint.removeprefix("https://").rstrip("/"), "https"


class AliyunGateway:
    """Sends each message as one ``SendSms`` call to Alibaba Cloud SMS (see the module for the request and how an
    answer maps to an outcome). Not idempotent: a send whose fate is unknown is never repeated."""

    name = "aliyun"
    idempotent = False

    def __init__(self, access_key_id: str, access_key_secret: str, *, endpoint: str, timeout: float) -> None:
        try:
            from alibabacloud_dysmsapi20170525.client import Client
            from alibabacloud_tea_openapi.models import Config
            from darabonba.policy.retry import RetryOptions
        except ImportError:
            # An optional extra: a hall that texts through a file or a webhook need not install it.
            raise ConfigError(
                f'notify.gateway: "aliyun" needs Alibaba Cloud\'s SMS SDK, which is not installed: {INSTALL_HINT}'
            ) from None
        host, protocol = split_endpoint(endpoint)
        self.endpoint = endpoint
        # The SDK counts in milliseconds; the same limit for making the connection and for the answer.
        self._millis = max(1, int(timeout * 1000))
        self._client: Any = Client(
            Config(
                access_key_id=access_key_id,
                access_key_secret=access_key_secret,
                endpoint=host,
                protocol=protocol,
                connect_timeout=self._millis,
                read_timeout=self._millis,
                # No retries inside the SDK: the outbox decides, and only when nothing can have been sent.
                retry_options=RetryOptions({"retryable": False}),
            )
        )

    def send(self, message: OutgoingMessage) -> Outcome:
        """Send ``message`` through SendSms; every fault is an outcome, never an exception."""
        template = message["template"]
        if not template:
            return Outcome(FAILED, reason="no template code")
        from alibabacloud_dysmsapi20170525 import models
        from darabonba.runtime import RuntimeOptions

        request = models.SendSmsRequest(
            phone_numbers=message["phone"],
            sign_name=message["sign_name"],
            template_code=template,
            template_param=json.dumps(message["params"], ensure_ascii=False),
            # Echoed in Alibaba's delivery reports, so a report can be matched with the outbox's record.
            out_id=message["key"],
        )
        runtime = RuntimeOptions(connect_timeout=self._millis, read_timeout=self._millis, autoretry=False)
        try:
            response = self._client.send_sms_with_options(request, runtime)
        except Exception as error:  # the SDK raises many kinds (its own, requests', JSON's): each is an outcome
            return outcome_of_error(error)
        body = response.body
        if body is None:
            return Outcome(FAILED, reason=f"empty answer: {UNKNOWN}")
        return outcome_of_answer(body.code, body.message, body.biz_id)


def outcome_of_answer(code: Any, words: Any, biz_id: Any) -> Outcome:
    """The outcome of an answer SendSms gave with HTTP 200: its ``Code``, ``Message`` and ``BizId``."""
    if code == "OK":
        return Outcome(SENT, gateway_id=str(biz_id) if biz_id else None)
    if not code:
        return Outcome(FAILED, reason=f"an answer without a code: {UNKNOWN}")
    reason = _reason(str(code), words)
    return Outcome(RETRY if retryable(str(code)) else FAILED, reason=reason)


def outcome_of_error(error: BaseException) -> Outcome:
    """The outcome of an exception the SDK raised: an HTTP error with Alibaba's code, a connection that was never
    made (retry), or a fault after the request may have left (failed, not known whether sent)."""
    from alibabacloud_tea_openapi.exceptions import ThrottlingException
    from darabonba.exceptions import ResponseException
    from urllib3 import exceptions as http_errors  # what requests, under the SDK, raises on the wire

    if isinstance(error, ResponseException):  # an HTTP 4xx or 5xx that carried Alibaba's code and words
        status = getattr(error, "status_code", None)
        data = error.data if isinstance(error.data, dict) else {}
        # The SDK writes a missing code as the string "None".
        code = next((str(c) for c in (error.code, data.get("Code")) if c and c != "None"), f"HTTP {status}")
        reason = _reason(code, data.get("Message") or error.message)
        if isinstance(error, ThrottlingException) or retryable(code) or (isinstance(status, int) and status >= 500):
            return Outcome(RETRY, reason=reason)
        return Outcome(FAILED, reason=reason)
    causes = list(_causes(error))
    if any(isinstance(cause, http_errors.ReadTimeoutError) for cause in causes):
        return Outcome(FAILED, reason=f"timeout: {UNKNOWN}")
    # Refused, unreachable, a name not resolved, a connect timeout (NewConnectionError and NameResolutionError
    # are ConnectTimeoutErrors), a certificate refused in the handshake: the request never left.
    if any(isinstance(cause, (http_errors.ConnectTimeoutError, ssl.SSLCertVerificationError)) for cause in causes):
        return Outcome(RETRY, reason=f"network: {_words(causes[-1])}")
    # From here on the request may have been sent, and asking again could send it twice.
    if any(isinstance(cause, http_errors.ProtocolError) for cause in causes):
        return Outcome(FAILED, reason=f"connection lost: {UNKNOWN}")  # dropped before the answer came
    if any(isinstance(cause, ValueError) for cause in causes):
        return Outcome(FAILED, reason=f"unreadable answer: {UNKNOWN}")  # not JSON (a proxy's error page)
    return Outcome(FAILED, reason=f"{type(causes[-1]).__name__}: {UNKNOWN}")


def _causes(error: BaseException) -> Iterator[BaseException]:
    """``error`` and what lies under it, outermost first: the chain Python keeps (``__cause__``,
    ``__context__``) and the ones the SDK, requests and urllib3 keep in attributes (``inner_exception``,
    ``reason``, the first argument)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen and len(seen) < 20:
        seen.add(id(current))
        yield current
        following: Any = current.__cause__ or current.__context__
        for candidate in (getattr(current, "inner_exception", None), getattr(current, "reason", None)):
            if following is None and isinstance(candidate, BaseException):
                following = candidate
        if following is None and current.args and isinstance(current.args[0], BaseException):
            following = current.args[0]
        current = following


def _words(error: BaseException) -> str:
    strerror = getattr(error, "strerror", None)
    return str(strerror or error or type(error).__name__)[:REASON_MAX]


def _reason(code: str, words: Any) -> str:
    return (f"{code}: {words}" if words else code)[:REASON_MAX]
