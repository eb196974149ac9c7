"""Where text messages go: the gateway adapters ``kiosk notify run`` sends through, and their secrets.

Chinese SMS gateways send only pre-approved templates: a message is a template code plus parameters, signed with
the hall's approved signature (签名). Every adapter gets a :class:`~kiosk.records.OutgoingMessage` (template code,
parameters, the rendered words, the signature, the message's key) and answers an :class:`Outcome`:

* ``sent`` (with the gateway's id for it);
* ``retry``: it may succeed later (throttled, a network fault before the request was taken, a 5xx);
* ``failed``: the gateway refused it (a bad number, a template not approved), with the gateway's code and words.

``idempotent`` says whether asking the gateway again with the same key can never send a second text (the
webhook's ``Idempotency-Key``, the file outbox's check): only then does the outbox retry a message whose sender
was killed mid-send (see :mod:`kiosk.outbox`).

Secrets never live in ``kiosk.toml``: they come from the file ``notify.credentials`` names (``NAME=value`` lines,
readable only by the service's account: refused if others may read it) or from the environment
(:data:`CREDENTIAL_NAMES`). :func:`open_gateway` checks everything a gateway needs when the sender starts and
raises :class:`~kiosk.errors.ConfigError` with one clear line.
"""

from __future__ import annotations

import fcntl
import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.config import HallConfig, check_gateway_settings
from kiosk.errors import ConfigError
from kiosk.records import OutgoingMessage

#: The secrets each gateway needs, by the names the credentials file and the environment use.
CREDENTIAL_NAMES = {
    "aliyun": ("KIOSK_SMS_ACCESS_KEY_ID", "KIOSK_SMS_ACCESS_KEY_SECRET"),
    "webhook": ("KIOSK_SMS_WEBHOOK_SECRET",),
    "file": (),
    "none": (),
}
SENT, RETRY, FAILED = "sent", "retry", "failed"


@dataclass(frozen=True)
class Outcome:
    """What a gateway said of one message: ``status`` (sent, retry, failed), its id for a sent one, and for the
    others the gateway's code and words (``reason``)."""

    status: str
    reason: str | None = None
    gateway_id: str | None = None


class Gateway(Protocol):
    """A way to send a text: ``name`` for logs, ``idempotent`` (see the module), and :meth:`send`."""

    name: str
    idempotent: bool

    def send(self, message: OutgoingMessage) -> Outcome:
        """Send ``message``; never raises for a gateway's or the network's fault (that is an :class:`Outcome`)."""
        ...


def load_credentials(config: HallConfig, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The gateway's secrets: from ``notify.credentials`` when set (which must exist, belong to this account's
    reach, and not be readable by others), else from the environment. Raises :class:`ConfigError` naming what
    is missing or wrong; never says a secret's value."""
    rules = config.notify
    wanted = CREDENTIAL_NAMES[rules.gateway]
    source = "the environment"
    values: dict[str, str] = {}
    if rules.credentials is not None:
        path = rules.credentials
        source = str(path)
        try:
            info = path.stat()
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(f"notify.credentials: {path} does not exist") from None
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"notify.credentials: {path} cannot be read ({error.__class__.__name__})") from None
        if info.st_mode & (stat.S_IRWXO | stat.S_IWGRP):
            raise ConfigError(
                f"notify.credentials: {path} may be read or changed by other accounts "
                f"(mode {stat.S_IMODE(info.st_mode):o}); make it the service's only: chmod 600 {path}"
            )
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            name, sep, value = line.partition("=")
            if not sep:
                raise ConfigError(f"notify.credentials: {path} line {number}: expected NAME=value")
            values[name.strip()] = value.strip().strip('"').strip("'")
    else:
        env = os.environ if environ is None else environ
        values = {name: env[name] for name in wanted if env.get(name)}
    missing = [name for name in wanted if not values.get(name)]
    if missing:
        raise ConfigError(
            f'notify: gateway = "{rules.gateway}" needs {", ".join(missing)} in {source} '
            "(never in kiosk.toml; see the README, Text messages)"
        )
    return {name: values[name] for name in wanted}


class FileGateway:
    """Writes each message as one JSON line (key, time, phone, signature, template, parameters, words) to
    ``notify.file``, for a hall without an SMS gateway: staff or a script send them by other means. Appends under
    an ``flock`` and ``fsync``s; a key already in the file is not written again (idempotent)."""

    name = "file"
    idempotent = True

    def __init__(self, path: Path) -> None:
        self.path = path

    def check(self) -> None:
        """Refuse to start when the file cannot be written."""
        try:
            # The file holds residents' full numbers: the service's account only, like the data files.
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.close(os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600))
            os.chmod(self.path, 0o600)
        except OSError as error:
            raise ConfigError(f"notify.file: {self.path} cannot be written ({error.strerror})") from None

    def send(self, message: OutgoingMessage) -> Outcome:
        """Append ``message`` unless the file already holds its key."""
        line = {
            "key": message["key"],
            "phone": message["phone"],
            "sign_name": message["sign_name"],
            "template": message["template"],
            "params": message["params"],
            "text": f"【{message['sign_name']}】{message['text']}",
        }
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                needle = ('{"key": ' + json.dumps(message["key"], ensure_ascii=False) + ",").encode("utf-8")
                with open(self.path, "rb") as existing:
                    if any(row.startswith(needle) for row in existing):
                        return Outcome(SENT, gateway_id=message["key"])  # written before a crash: not twice
                os.write(fd, (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as error:
            return Outcome(RETRY, reason=f"file: {error.strerror}")
        return Outcome(SENT, gateway_id=message["key"])


def open_gateway(config: HallConfig, environ: Mapping[str, str] | None = None) -> Gateway:
    """The gateway ``[notify]`` names, checked now: its settings, its secrets, and for a file that it can be
    written. Raises :class:`ConfigError` with one clear line."""
    rules = config.notify
    if rules.gateway == "none":
        raise ConfigError('notify.gateway: texts are off (gateway = "none"); set a gateway to send them')
    check_gateway_settings(rules)
    if rules.gateway == "file":
        assert rules.file is not None  # the config's parser requires it
        gateway = FileGateway(rules.file)
        gateway.check()
        return gateway
    secrets = load_credentials(config, environ)
    if rules.gateway == "webhook":
        from kiosk.webhook import WebhookGateway

        return WebhookGateway(rules.webhook_url, secrets["KIOSK_SMS_WEBHOOK_SECRET"], timeout=rules.timeout_seconds)
    from kiosk.aliyun import AliyunGateway

    return AliyunGateway(
        secrets["KIOSK_SMS_ACCESS_KEY_ID"],
        secrets["KIOSK_SMS_ACCESS_KEY_SECRET"],
        endpoint=rules.endpoint,
        timeout=rules.timeout_seconds,
    )
