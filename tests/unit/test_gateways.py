"""The SMS gateways against fake gateways on 127.0.0.1: Alibaba Cloud SMS through its real SDK (the request it
really sends, checked field by field and its signature recomputed from Alibaba's published V3 rules), the signed
webhook (checked with :func:`kiosk.webhook.verify`, deduped by key as a real gateway must), opening a gateway
from ``[notify]`` and its secrets, and a called ticket's message all the way to the webhook's server."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from domain_helpers import hot

from kiosk.aliyun import INSTALL_HINT, AliyunGateway
from kiosk.config import HallConfig, load_config, parse_notify
from kiosk.errors import ConfigError
from kiosk.gateways import FileGateway, Outcome, load_credentials, open_gateway
from kiosk.hall import Hall
from kiosk.records import OutgoingMessage
from kiosk.webhook import WebhookGateway, sign, verify

REPO = Path(__file__).resolve().parents[2]
ACCESS_KEY_ID = "LTAI-test-key-id"
ACCESS_KEY_SECRET = "test-access-key-secret"
WEBHOOK_SECRET = "hall-webhook-secret"
#: How long a fake server's handler holds a request it was told to hold (released at once by the test).
HOLD_SECONDS = 30


# --------------------------------------------------------------------------------------------- fake servers


@dataclasses.dataclass
class Received:
    """One request as the fake server got it."""

    method: str
    path: str
    query: dict[str, str]
    raw_query: str
    headers: dict[str, str]  # names lower-cased
    body: bytes


#: What a fake server answers: (status, headers, body); None closes the connection without an answer.
Answer = tuple[int, dict[str, str], bytes] | None


class QuietServer(ThreadingHTTPServer):
    """A threading HTTP server that does not print a client's hanging up (the timeout tests hang up on purpose)."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FakeServer:
    """An HTTP server on 127.0.0.1 (a free port) in a thread: records each request in ``received`` and answers
    what ``respond(request)`` returns. ``hold()`` makes the next requests wait (unanswered) until ``release()``."""

    def __init__(self, respond: Callable[[Received], Answer]) -> None:
        self.respond = respond
        self.received: list[Received] = []
        self.arrived = threading.Event()
        self._held = False
        self._release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                url = urlsplit(self.path)
                request = Received(
                    method=self.command,
                    path=url.path,
                    query=dict(parse_qsl(url.query, keep_blank_values=True)),
                    raw_query=url.query,
                    headers={name.lower(): value for name, value in self.headers.items()},
                    body=self.rfile.read(length),
                )
                fake.received.append(request)
                fake.arrived.set()
                if fake._held:
                    fake._release.wait(HOLD_SECONDS)
                answer = fake.respond(request)
                if answer is None:  # drop the connection after the request was read: the client gets no answer
                    self.close_connection = True
                    return
                status, headers, body = answer
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = _handle
            do_GET = _handle

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        # A short poll: stopping waits for the serving loop to notice.
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def hold(self) -> None:
        """Keep each request unanswered until :meth:`release` (the client's read times out first)."""
        self._held = True

    def release(self) -> None:
        """Let held requests be answered."""
        self._release.set()

    def stop(self) -> None:
        """Release held requests, stop serving and close the socket."""
        self.release()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def serve() -> Iterator[Callable[[Callable[[Received], Answer]], FakeServer]]:
    """Start fake servers (``serve(respond)``); all are stopped after the test."""
    started: list[FakeServer] = []

    def start(respond: Callable[[Received], Answer]) -> FakeServer:
        server = FakeServer(respond)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake servers are on this machine: a proxy in the environment must not carry requests elsewhere."""
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def json_answer(status: int, document: dict) -> Answer:
    return status, {"Content-Type": "application/json;charset=utf-8"}, json.dumps(document).encode("utf-8")


def message(**changes) -> OutgoingMessage:
    """A claimed "you are called" message as the outbox hands it to a gateway."""
    base: OutgoingMessage = {
        "key": "called/2026-11-23/A001/1",
        "event": "called",
        "phone": "13812345678",
        "lang": "zh-Hans",
        "template": "SMS_000000003",
        "params": {"number": "A001", "counter": "1号窗口"},
        "text": "请A001号到1号窗口办理。回TD退订",
        "sign_name": "阳光社区",
        "attempt": 1,
    }
    base.update(changes)  # type: ignore[typeddict-item]
    return base


# ---------------------------------------------------------------------------------------- Alibaba Cloud SMS

ALIYUN_OK = {"Code": "OK", "Message": "OK", "BizId": "123^0", "RequestId": "r"}


def aliyun(server_url: str, *, timeout: float = 5.0) -> AliyunGateway:
    return AliyunGateway(ACCESS_KEY_ID, ACCESS_KEY_SECRET, endpoint=server_url, timeout=timeout)


def acs3_signature(request: Received, secret: str) -> str:
    """The ACS3-HMAC-SHA256 signature of ``request``, recomputed from Alibaba's published V3 rules (canonical
    request: method, path, sorted RFC 3986 query, the signed headers, the payload's SHA-256; then HMAC-SHA256)."""
    fields = request.headers["authorization"].partition(" ")[2]
    parts = dict(item.split("=", 1) for item in fields.split(","))
    signed = parts["SignedHeaders"].split(";")
    query = "&".join(
        f"{quote(name, safe='-_.~')}={quote(value, safe='-_.~')}" for name, value in sorted(request.query.items())
    )
    headers = "".join(f"{name}:{request.headers[name].strip()}\n" for name in signed)
    payload = hashlib.sha256(request.body).hexdigest()
    canonical = "\n".join([request.method, request.path or "/", query, headers, ";".join(signed), payload])
    to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return hmac.new(secret.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def test_aliyun_sends_one_signed_sendsms_with_our_fields(serve):
    server = serve(lambda request: json_answer(200, ALIYUN_OK))
    outcome = aliyun(server.url).send(message())

    assert outcome == Outcome("sent", gateway_id="123^0")
    [request] = server.received
    # The SDK (4.x) POSTs to / with every parameter in the query string and an empty body.
    assert request.method == "POST" and request.path == "/" and request.body == b""
    assert request.headers["x-acs-action"] == "SendSms"
    assert request.headers["x-acs-version"] == "2017-05-25"
    assert request.query["PhoneNumbers"] == "13812345678"
    assert request.query["SignName"] == "阳光社区"
    assert request.query["TemplateCode"] == "SMS_000000003"
    assert json.loads(request.query["TemplateParam"]) == {"number": "A001", "counter": "1号窗口"}
    assert request.query["OutId"] == "called/2026-11-23/A001/1"
    # Alibaba's V3 signature, naming our key id and signed with our secret (which itself never travels).
    authorization = request.headers["authorization"]
    assert authorization.startswith(f"ACS3-HMAC-SHA256 Credential={ACCESS_KEY_ID},SignedHeaders=")
    assert request.headers["x-acs-content-sha256"] == hashlib.sha256(b"").hexdigest()
    assert authorization.endswith(",Signature=" + acs3_signature(request, ACCESS_KEY_SECRET))
    assert ACCESS_KEY_SECRET not in json.dumps([request.headers, request.raw_query])


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        pytest.param(
            json_answer(
                200, {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发分钟级流控Permits:1", "RequestId": "r"}
            ),
            Outcome("retry", reason="isv.BUSINESS_LIMIT_CONTROL: 触发分钟级流控Permits:1"),
            id="throttled",
        ),
        pytest.param(
            json_answer(400, {"Code": "Throttling.User", "Message": "Request was denied due to user flow control."}),
            Outcome("retry", reason="Throttling.User: Request was denied due to user flow control."),
            id="throttled-http-400",
        ),
        pytest.param(
            json_answer(200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号", "RequestId": "r"}),
            Outcome("failed", reason="isv.MOBILE_NUMBER_ILLEGAL: 非法手机号"),
            id="bad-number",
        ),
        pytest.param(
            json_answer(200, {"Code": "isv.SMS_TEMPLATE_ILLEGAL", "Message": "模板不合法", "RequestId": "r"}),
            Outcome("failed", reason="isv.SMS_TEMPLATE_ILLEGAL: 模板不合法"),
            id="bad-template",
        ),
        pytest.param(
            json_answer(
                500, {"Code": "InternalError", "Message": "The request processing has failed.", "RequestId": "r"}
            ),
            Outcome("retry", reason="InternalError: The request processing has failed."),
            id="http-500",
        ),
        pytest.param(
            json_answer(503, {"Message": "busy"}),
            Outcome("retry", reason="HTTP 503: busy"),
            id="http-503-without-code",
        ),
        pytest.param(
            (502, {"Content-Type": "text/html"}, b"<html>bad gateway</html>"),
            Outcome("failed", reason="unreadable answer: not known whether sent"),
            id="unreadable-answer",
        ),
    ],
)
def test_aliyun_answers_become_outcomes(serve, answer, expected):
    server = serve(lambda request: answer)
    assert aliyun(server.url).send(message()) == expected
    assert len(server.received) == 1  # the SDK never tries again by itself


def test_aliyun_connection_refused_is_retried():
    outcome = aliyun(f"http://127.0.0.1:{closed_port()}").send(message())
    assert outcome.status == "retry"
    assert outcome.reason is not None and outcome.reason.startswith("network: ") and "refused" in outcome.reason


def test_aliyun_no_answer_in_time_is_failed_not_retried(serve):
    server = serve(lambda request: json_answer(200, ALIYUN_OK))
    server.hold()
    outcome = aliyun(server.url, timeout=0.5).send(message())
    server.release()
    # The request reached the gateway: it may have been sent, and asking again could text twice.
    assert outcome == Outcome("failed", reason="timeout: not known whether sent")
    assert len(server.received) == 1


def test_aliyun_connection_dropped_after_the_request_is_failed(serve):
    server = serve(lambda request: None)
    outcome = aliyun(server.url).send(message())
    assert outcome == Outcome("failed", reason="connection lost: not known whether sent")
    assert len(server.received) == 1


def test_aliyun_without_template_code_sends_nothing(serve):
    server = serve(lambda request: json_answer(200, ALIYUN_OK))
    assert aliyun(server.url).send(message(template="")) == Outcome("failed", reason="no template code")
    assert server.received == []


def test_aliyun_without_the_sdk_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "alibabacloud_dysmsapi20170525.client", None)  # import fails
    with pytest.raises(ConfigError) as error:
        aliyun("dysmsapi.aliyuncs.com")
    assert INSTALL_HINT in error.value.params["text"] and "\n" not in error.value.params["text"]
    assert INSTALL_HINT == "pip install 'hall-kiosk[sms]'"


def test_aliyun_endpoint_is_https_unless_a_local_test_server():
    assert aliyun("dysmsapi.aliyuncs.com")._client._protocol == "https"
    assert aliyun("dysmsapi.aliyuncs.com")._client._endpoint == "dysmsapi.aliyuncs.com"
    local = aliyun("http://127.0.0.1:8080")._client
    assert (local._protocol, local._endpoint) == ("http", "127.0.0.1:8080")


# ---------------------------------------------------------------------------------------------------- webhook


class FakeWebhook:
    """A hall's SMS gateway as the webhook's wire format asks: it checks the signature with :func:`verify` (401
    when wrong), that the Idempotency-Key is the body's key, and texts each key once (a key seen again is answered
    as before). ``statuses`` scripts the next answers' statuses (then 200)."""

    def __init__(self, serve, secret: str = WEBHOOK_SECRET) -> None:
        self.secret = secret
        self.statuses: list[int] = []
        self.delivered: Counter[str] = Counter()
        self.bodies: list[dict] = []
        self.server = serve(self.respond)
        self.url = self.server.url + "/send"

    def respond(self, request: Received) -> Answer:
        headers = request.headers
        if not verify(
            self.secret,
            headers.get("x-kiosk-timestamp", ""),
            request.body,
            headers.get("x-kiosk-signature", ""),
            now=time.time(),
        ):
            return json_answer(401, {"error": "bad signature"})
        body = json.loads(request.body)
        if headers.get("idempotency-key") != body["key"]:
            return json_answer(400, {"error": "Idempotency-Key is not the key"})
        if self.statuses:
            status = self.statuses.pop(0)
            return status, {"Content-Type": "text/plain; charset=utf-8"}, f"answer {status} ".encode() * 40
        if not self.delivered[body["key"]]:
            self.bodies.append(body)  # texted now; a key seen again is answered without a second text
        self.delivered[body["key"]] = 1
        return json_answer(200, {"id": "gw-" + body["key"]})


def webhook(url: str, secret: str = WEBHOOK_SECRET, timeout: float = 5.0) -> WebhookGateway:
    return WebhookGateway(url, secret, timeout=timeout)


def test_sign_is_hmac_sha256_of_timestamp_dot_body():
    # Computed apart: printf '1700000000.{"key":"k"}' | openssl dgst -sha256 -hmac 'hall-secret'
    expected = "sha256=02c80846e033fd6fea8684fce5d6496a8497881974e18c99333e72e71b9143c9"
    assert sign("hall-secret", "1700000000", b'{"key":"k"}') == expected


def test_verify_refuses_wrong_secret_changed_body_and_stale_timestamp():
    body = b'{"key":"k"}'
    signature = sign(WEBHOOK_SECRET, "1700000000", body)
    assert verify(WEBHOOK_SECRET, "1700000000", body, signature, now=1700000100)
    assert not verify("another-secret", "1700000000", body, signature, now=1700000100)
    assert not verify(WEBHOOK_SECRET, "1700000000", b'{"key":"K"}', signature, now=1700000100)
    assert not verify(WEBHOOK_SECRET, "1700000001", body, signature, now=1700000100)  # the signed timestamp
    assert not verify(WEBHOOK_SECRET, "1700000000", body, signature, now=1700000000 + 301)  # stale
    assert not verify(WEBHOOK_SECRET, "1700000000", body, signature, now=1700000000 - 301)  # from the future
    assert verify(WEBHOOK_SECRET, "1700000000", body, signature, now=1700000000 + 900, tolerance=1000)
    assert not verify(WEBHOOK_SECRET, "17e8", body, signature, now=1700000000)
    assert not verify(WEBHOOK_SECRET, "1700000000", body, "sha256=" + "0" * 64, now=1700000000)


def test_webhook_posts_signed_compact_utf8_json(serve):
    gateway = FakeWebhook(serve)
    outcome = webhook(gateway.url).send(message())

    assert outcome == Outcome("sent", gateway_id="gw-called/2026-11-23/A001/1")
    [request] = gateway.server.received
    assert request.method == "POST" and request.path == "/send"
    assert request.headers["content-type"] == "application/json; charset=utf-8"
    assert request.headers["idempotency-key"] == "called/2026-11-23/A001/1"
    assert abs(int(request.headers["x-kiosk-timestamp"]) - time.time()) < 60
    assert request.headers["x-kiosk-signature"] == sign(
        WEBHOOK_SECRET, request.headers["x-kiosk-timestamp"], request.body
    )
    sent = message()
    expected = {
        name: sent[name] for name in ("key", "phone", "sign_name", "template", "params", "text", "lang", "event")
    }
    assert json.loads(request.body) == expected
    assert request.body == json.dumps(expected, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert "阳光社区".encode() in request.body  # UTF-8 as is, not \u escapes


def test_webhook_the_same_message_twice_is_texted_once(serve):
    gateway = FakeWebhook(serve)
    sender = webhook(gateway.url)
    first, second = sender.send(message()), sender.send(message())
    assert first == second == Outcome("sent", gateway_id="gw-called/2026-11-23/A001/1")
    assert len(gateway.server.received) == 2
    assert gateway.delivered == {"called/2026-11-23/A001/1": 1} and len(gateway.bodies) == 1


@pytest.mark.parametrize(
    ("status", "expected"),
    [(429, "retry"), (500, "retry"), (503, "retry"), (400, "failed"), (404, "failed"), (302, "failed")],
)
def test_webhook_statuses_become_outcomes(serve, status, expected):
    gateway = FakeWebhook(serve)
    gateway.statuses = [status]
    outcome = webhook(gateway.url).send(message())
    assert outcome.status == expected
    body = f"answer {status} " * 40
    assert outcome.reason == f"HTTP {status}: {body[:200]}"
    assert [r.method for r in gateway.server.received] == ["POST"]  # a redirect is not followed (as a GET)


def test_webhook_wrong_secret_is_refused_by_the_gateway(serve):
    gateway = FakeWebhook(serve)
    outcome = webhook(gateway.url, secret="not-the-hall-secret").send(message())
    assert outcome == Outcome("failed", reason='HTTP 401: {"error": "bad signature"}')
    assert gateway.delivered == {}


def test_webhook_a_stale_timestamp_is_refused_by_the_gateway(serve):
    gateway = FakeWebhook(serve)
    hour_late = WebhookGateway(gateway.url, WEBHOOK_SECRET, timeout=5.0, clock=lambda: time.time() - 3600)
    assert hour_late.send(message()) == Outcome("failed", reason='HTTP 401: {"error": "bad signature"}')
    assert gateway.delivered == {}


def test_webhook_retry_after_an_error_then_sent(serve):
    gateway = FakeWebhook(serve)
    gateway.statuses = [500]
    sender = webhook(gateway.url)
    assert sender.send(message()).status == "retry"
    assert sender.send(message()) == Outcome("sent", gateway_id="gw-called/2026-11-23/A001/1")
    assert gateway.delivered == {"called/2026-11-23/A001/1": 1}


def test_webhook_answer_without_id_keeps_the_key(serve):
    server = serve(lambda request: (204, {}, b""))
    assert webhook(server.url).send(message()) == Outcome("sent", gateway_id="called/2026-11-23/A001/1")


def test_webhook_no_connection_or_no_answer_is_retried(serve):
    refused = webhook(f"http://127.0.0.1:{closed_port()}").send(message())
    assert refused.status == "retry" and refused.reason is not None and "refused" in refused.reason

    server = serve(lambda request: json_answer(200, {"id": "x"}))
    server.hold()
    late = webhook(server.url, timeout=0.5).send(message())
    server.release()
    # Safe to ask again: the gateway dedupes by Idempotency-Key.
    assert late.status == "retry" and late.reason is not None and "timed out" in late.reason

    dropped = webhook(serve(lambda request: None).url).send(message())
    assert dropped.status == "retry" and dropped.reason is not None and dropped.reason.startswith("network: ")


# ------------------------------------------------------------------------------------ opening a gateway


@pytest.fixture
def bundled() -> HallConfig:
    """The bundled kiosk.toml, loaded afresh."""
    return load_config(REPO / "kiosk.toml")


def with_notify(config: HallConfig, **changes) -> HallConfig:
    """``config`` with ``[notify]`` changed."""
    return dataclasses.replace(config, notify=dataclasses.replace(config.notify, **changes))


def aliyun_config(config: HallConfig, **changes) -> HallConfig:
    templates = {event: {"zh": f"SMS_{index:09d}"} for index, event in enumerate(config.notify.events, start=1)}
    settings = {"gateway": "aliyun", "sign_name": "阳光社区", "templates": templates, "credentials": None}
    settings.update(changes)
    return with_notify(config, **settings)


def credentials_file(tmp_path: Path, text: str, mode: int) -> Path:
    path = tmp_path / "sms.env"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_open_webhook_takes_its_secret_from_the_environment(serve, bundled):
    gateway = FakeWebhook(serve)
    config = with_notify(bundled, gateway="webhook", webhook_url=gateway.url, credentials=None, timeout_seconds=5.0)
    opened = open_gateway(config, environ={"KIOSK_SMS_WEBHOOK_SECRET": WEBHOOK_SECRET})
    assert isinstance(opened, WebhookGateway) and (opened.name, opened.idempotent) == ("webhook", True)
    # Signed with the environment's secret: the gateway's verify accepts it.
    assert opened.send(message()).status == "sent"


def test_open_aliyun_from_the_environment(serve, bundled):
    server = serve(lambda request: json_answer(200, ALIYUN_OK))
    environ = {"KIOSK_SMS_ACCESS_KEY_ID": ACCESS_KEY_ID, "KIOSK_SMS_ACCESS_KEY_SECRET": ACCESS_KEY_SECRET}
    opened = open_gateway(aliyun_config(bundled, endpoint=server.url), environ=environ)
    assert isinstance(opened, AliyunGateway) and (opened.name, opened.idempotent) == ("aliyun", False)
    assert opened.send(message()) == Outcome("sent", gateway_id="123^0")
    [request] = server.received
    assert request.headers["authorization"].endswith(",Signature=" + acs3_signature(request, ACCESS_KEY_SECRET))


def test_credentials_file_is_used_instead_of_the_environment(tmp_path, bundled):
    path = credentials_file(
        tmp_path,
        "# Alibaba Cloud SMS\nKIOSK_SMS_ACCESS_KEY_ID = file-id\nKIOSK_SMS_ACCESS_KEY_SECRET='file-secret'\n",
        0o600,
    )
    config = aliyun_config(bundled, credentials=path)
    environ = {"KIOSK_SMS_ACCESS_KEY_ID": "env-id", "KIOSK_SMS_ACCESS_KEY_SECRET": "env-secret"}
    assert load_credentials(config, environ) == {
        "KIOSK_SMS_ACCESS_KEY_ID": "file-id",
        "KIOSK_SMS_ACCESS_KEY_SECRET": "file-secret",
    }


def test_credentials_file_others_may_read_is_refused(tmp_path, bundled):
    path = credentials_file(tmp_path, "KIOSK_SMS_WEBHOOK_SECRET=do-not-show\n", 0o644)
    config = with_notify(bundled, gateway="webhook", webhook_url="https://sms.example.gov.cn/send", credentials=path)
    with pytest.raises(ConfigError) as error:
        open_gateway(config, environ={})
    text = error.value.params["text"]
    assert f"chmod 600 {path}" in text and "644" in text
    assert "do-not-show" not in text and "\n" not in text


def test_missing_secrets_are_named(tmp_path, bundled):
    with pytest.raises(ConfigError) as error:
        open_gateway(aliyun_config(bundled), environ={"KIOSK_SMS_WEBHOOK_SECRET": "unrelated"})
    assert "KIOSK_SMS_ACCESS_KEY_ID, KIOSK_SMS_ACCESS_KEY_SECRET" in error.value.params["text"]
    assert "the environment" in error.value.params["text"]

    path = credentials_file(tmp_path, "KIOSK_SMS_ACCESS_KEY_ID=only-the-id\n", 0o600)
    with pytest.raises(ConfigError) as error:
        open_gateway(aliyun_config(bundled, credentials=path), environ={})
    text = error.value.params["text"]
    assert "KIOSK_SMS_ACCESS_KEY_SECRET" in text and "KIOSK_SMS_ACCESS_KEY_ID" not in text and str(path) in text
    assert "only-the-id" not in text

    with pytest.raises(ConfigError) as error:
        open_gateway(aliyun_config(bundled, credentials=tmp_path / "absent.env"), environ={})
    assert "does not exist" in error.value.params["text"]


def test_open_gateway_none_and_file(tmp_path, bundled):
    with pytest.raises(ConfigError) as error:
        open_gateway(with_notify(bundled, gateway="none"), environ={})
    assert 'gateway = "none"' in error.value.params["text"]
    opened = open_gateway(with_notify(bundled, gateway="file", file=tmp_path / "out" / "sms.jsonl"), environ={})
    assert isinstance(opened, FileGateway) and (tmp_path / "out" / "sms.jsonl").exists()


@pytest.mark.parametrize("key", ["access_key_id", "access_key_secret", "webhook_secret", "secret", "token"])
def test_a_secret_in_kiosk_toml_is_refused(tmp_path, key):
    with pytest.raises(ConfigError) as error:
        parse_notify(
            {"gateway": "webhook", "webhook_url": "https://sms.example.gov.cn/send", key: "x"}, REPO / "kiosk.toml"
        )
    assert f"notify.{key}: secrets never go in kiosk.toml" in error.value.params["text"]

    toml = (REPO / "kiosk.toml").read_text(encoding="utf-8")
    assert "\n[notify]\n" in toml
    written = tmp_path / "kiosk.toml"
    written.write_text(toml.replace("\n[notify]\n", f'\n[notify]\n{key} = "x"\n', 1), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(written)
    assert f"notify.{key}: secrets never go in kiosk.toml" in error.value.params["text"]


# ------------------------------------------------------------------------------------------- the whole path


def test_a_called_ticket_is_texted_through_the_webhook(serve, hall_config, clock, tmp_path):
    gateway = FakeWebhook(serve)
    config = with_notify(
        hall_config, gateway="webhook", webhook_url=gateway.url, sign_name="阳光社区", credentials=None
    )
    hall = Hall.open(config, clock=clock, data_path=str(tmp_path / "hall.json"), durable=False, create=True)
    sender = open_gateway(config, environ={"KIOSK_SMS_WEBHOOK_SECRET": WEBHOOK_SECRET})

    ticket = hall.issue_ticket("social-security", phone="13812345678", lang="zh-Hans")
    hall.set_counter("1", "open")
    called = hall.call_next("1")
    assert called is not None and called["key"] == ticket["key"]

    claimed = hall.claim_messages("s1", idempotent=sender.idempotent, lease_seconds=60)
    # "Your turn is near" was written when the ticket was taken; called since, it is stale and not sent.
    assert [m["event"] for m in claimed] == ["called"]
    for outgoing in claimed:
        outcome = sender.send(outgoing)
        hall.message_outcome(
            outgoing["key"], sender="s1", outcome=outcome.status, reason=outcome.reason, gateway_id=outcome.gateway_id
        )

    [body] = gateway.bodies
    key = f"called/{ticket['key']}/1"
    assert body["key"] == key and body["event"] == "called" and body["lang"] == "zh-Hans"
    assert body["phone"] == "13812345678" and body["sign_name"] == "阳光社区"
    assert body["params"] == {"number": ticket["number"], "counter": "1号窗口"}
    assert ticket["number"] in body["text"]
    records = {m["key"]: m for m in hot(hall, "messages")}
    assert records[key]["status"] == "sent" and records[key]["gateway_id"] == "gw-" + key
    assert records[f"near/{ticket['key']}"]["status"] == "suppressed"
    assert records[f"near/{ticket['key']}"]["reason"] == "stale"
