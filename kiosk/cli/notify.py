"""Text messages from a shell: ``kiosk notify run|remind|list|resend|stop|reply|check|preview``.

``run`` is the long-running sender (a systemd unit, see the README); ``remind`` writes the evening-before
reminders (the nightly job); ``list`` shows the outbox with phones masked; ``resend`` is a clerk's resend
(``--staff``, audited); ``stop`` stops the texts about a code (as the kiosk does); ``reply`` takes a reply a gateway
forwarded (a stop keyword opts the phone out); ``check`` validates the gateway's settings and secrets without
sending; ``preview`` prints a sample of each message in both languages (what a hall submits for approval).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from typing import Any

from kiosk import codes, validation
from kiosk.cli.common import _columns, _emit, _minute, _safe, add_step, os_user
from kiosk.config import NOTIFY_EVENTS
from kiosk.gateways import FileGateway, Gateway, open_gateway
from kiosk.hall import Hall
from kiosk.i18n import translate
from kiosk.sender import Sender
from kiosk.store import CLOCK_TRAINING

#: The parameters of each message's sample in ``kiosk notify preview`` (and the README's table).
SAMPLES: dict[str, dict[str, str]] = {
    "near": {"number": "A007", "ahead": "3", "service": "社保医保"},
    "called": {"number": "A007", "counter": "1号窗口"},
    "booked": {"code": "AB3D-7KQ2", "service": "社保医保", "time": "11-24 18:30"},
    "moved": {"code": "AB3D-7KQ2", "service": "社保医保", "time": "11-25 09:00"},
    "cancelled": {"code": "AB3D-7KQ2", "service": "社保医保", "time": "11-24 18:30"},
    "reminder": {"code": "AB3D-7KQ2", "service": "社保医保", "time": "18:30"},
    "request": {"code": "R4ER-R9JP", "status": "已受理", "reason": ""},
    "visit": {"code": "R4ER-R9JP", "time": "11-25 19:00"},
    "call_back": {"code": "R8X3-EWCP", "by": "11-24 09:30"},
}


def cmd_notify_run(hall: Hall, args: argparse.Namespace) -> None:
    """Deliver the outbox until stopped (SIGTERM or Ctrl+C); ``--once``: one round, then exit."""
    gateway = _gateway(hall, args)  # a bad setting or a missing secret: one line, exit 2, before any send
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    sender = Sender(hall, gateway)
    if args.once:
        counts = sender.run_once()
        _emit(
            args,
            {"sent": counts["sent"], "failed": counts["failed"], "claimed": counts["claimed"]},
            _counts(args, counts),
        )
        return
    print(translate(args.lang, "cli.notify.started", gateway=gateway.name, sender=sender.name), file=sys.stderr)
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stop.set())  # systemd's stop: finish the message in hand, then end
    try:
        sender.run(stop, poll_seconds=args.poll)
    except KeyboardInterrupt:
        pass


def _gateway(hall: Hall, args: argparse.Namespace) -> Gateway:
    """The gateway to send through. A training copy never texts real residents through the hall's gateway, nor
    writes into the live hall's outbox file: its texts go to a file beside its own data file, unless
    ``--live-gateway`` says otherwise (a test's fake gateway)."""
    if hall.store.clock_mode() != CLOCK_TRAINING or args.live_gateway:
        return open_gateway(hall.config)
    path = hall.store.path.with_name(hall.store.path.name + ".sms-outbox.jsonl")
    if not args.once:  # a one-round run stays quiet on success (scripts); the long-running sender says it once
        print(translate(args.lang, "cli.notify.training", path=str(path)), file=sys.stderr)
    gateway = FileGateway(path)
    gateway.check()
    return gateway


def _counts(args: argparse.Namespace, counts: Any) -> str:
    return translate(
        args.lang, "cli.notify.round", sent=counts["sent"], failed=counts["failed"], claimed=counts["claimed"]
    )


def cmd_notify_remind(hall: Hall, args: argparse.Namespace) -> None:
    """Write the evening-before reminders of tomorrow's appointments (run by the nightly job)."""
    written = hall.queue_reminders()
    _emit(args, {"reminders": written}, translate(args.lang, "cli.notify.reminders", count=written))


def cmd_notify_list(hall: Hall, args: argparse.Namespace) -> None:
    """The outbox, newest first, phones masked: all, or about one code, or of one status."""
    found = hall.messages(args.code, status=args.status, last=args.last)
    lang = args.lang

    def render() -> None:
        if not found:
            print(translate(lang, "cli.notify.none"))
            return
        rows = [[translate(lang, f"cli.notify.col.{name}") for name in ("time", "event", "code", "phone", "status")]]
        for line in found:
            status = translate(lang, f"notify.status.{line['status']}")
            if line["reason"]:
                status += f" ({line['reason']})"
            rows.append(
                [
                    _minute(line["created_at"])[5:],
                    translate(lang, f"notify.event.{line['event']}"),
                    codes.display(line["ref"]),
                    line["phone"],
                    _safe(status),
                ]
            )
            if args.text:
                rows.append(["", "", "", "", _safe(line["text"])])
        print(_columns(rows))

    _emit(args, {"messages": found}, render)


def cmd_notify_resend(hall: Hall, args: argparse.Namespace) -> None:
    """A clerk sends a message again (``--staff``, an active account; audited)."""
    staff = hall.staff_member(args.staff)["id"]
    line = hall.resend_message(args.key, staff=staff, os_user=os_user())
    _emit(args, {"message": line}, translate(args.lang, "cli.notify.resent", message=line["key"]))


def cmd_notify_stop(hall: Hall, args: argparse.Namespace) -> None:
    """Stop every text about a code (a ticket's code alone; an appointment or request with ``--phone-last4``)."""
    dropped = hall.stop_messages(args.code, args.phone_last4)
    _emit(
        args,
        {"code": codes.display(validation.code(args.code)), "dropped": dropped},
        translate(args.lang, "notify.stopped", code=_safe(args.code)),
    )


def cmd_notify_reply(hall: Hall, args: argparse.Namespace) -> None:
    """A reply the gateway forwarded: a stop keyword opts the phone out of every message."""
    stopped = hall.notify_reply(args.phone, args.text)
    _emit(
        args,
        {"opted_out": stopped},
        translate(args.lang, "cli.notify.opted_out" if stopped else "cli.notify.not_keyword"),
    )


def cmd_notify_check(hall: Hall, args: argparse.Namespace) -> None:
    """Check the gateway's settings and secrets (nothing is sent)."""
    gateway = open_gateway(hall.config)
    rules = hall.config.notify
    _emit(
        args,
        {"gateway": gateway.name, "events": list(rules.events), "idempotent": gateway.idempotent},
        translate(args.lang, "cli.notify.checked", gateway=gateway.name, events=", ".join(rules.events)),
    )


def cmd_notify_preview(hall: Hall, args: argparse.Namespace) -> None:
    """A sample of each message in both languages, with its template code and parameters."""
    rules = hall.config.notify
    samples = []
    for event in NOTIFY_EVENTS:
        for lang in ("zh-Hans", "en"):
            params = dict(SAMPLES[event])
            # The hall's own names in each language, so the sample reads as the resident will read it.
            if "service" in params:
                params["service"] = hall.config.services[0].name.get(lang)
            if "counter" in params:
                params["counter"] = hall.config.counters[0].name.get(lang)
            if event == "request":
                params["status"] = translate(lang, "sms.status.accepted")
            text = translate(lang, f"sms.{event}", **params) + translate(lang, "sms.stop_line")
            samples.append(
                {"event": event, "lang": lang, "template": rules.template(event, lang), "params": params, "text": text}
            )
    lines = [f"{s['event']:<10} {s['lang']:<8} {s['template'] or '-':<16} {s['text']}" for s in samples]
    _emit(args, {"samples": samples}, "\n".join(lines))


def add_notify_commands(
    notify: argparse.ArgumentParser, parser_class: type[argparse.ArgumentParser], options: Any
) -> None:
    """``kiosk notify``'s sub-commands on ``notify``; ``options(sub)`` adds the global options to each."""
    steps = notify.add_subparsers(dest="notify_step", metavar="STEP", parser_class=parser_class, required=True)

    def step(name: str, handler: Any, help_text: str) -> argparse.ArgumentParser:
        return add_step(steps, options, name, handler, help_text)

    sub = step("run", cmd_notify_run, "deliver the text messages through the gateway of [notify], until stopped")
    sub.add_argument("--once", action="store_true", help="one round (what is due now), then exit")
    sub.add_argument(
        "--live-gateway",
        action="store_true",
        help="on a training copy, send through the gateway of [notify] too (by default a training copy writes its"
        " texts to a file beside its data file)",
    )
    sub.add_argument("--poll", type=float, default=0.05, help="seconds between looks at the data file (default 0.05)")
    step("remind", cmd_notify_remind, "write the evening-before reminders of tomorrow's appointments (nightly)")
    sub = step("list", cmd_notify_list, "the messages, newest first, phones masked")
    sub.add_argument("--code", help="only the messages about this ticket, appointment or request")
    sub.add_argument("--status", choices=("pending", "sending", "sent", "failed", "suppressed"))
    sub.add_argument("--last", type=int, default=50, help="how many (default 50)")
    sub.add_argument("--text", action="store_true", help="each message's words too")
    sub = step("resend", cmd_notify_resend, "send a message again (a clerk's action, audited)")
    sub.add_argument("key", help="the message's key, as `notify list --json` gives it")
    sub.add_argument("--staff", required=True, metavar="ID")
    sub = step("stop", cmd_notify_stop, "stop the texts about CODE")
    sub.add_argument("code")
    sub.add_argument("--phone-last4", metavar="NNNN", help="for an appointment or a request: the phone's last 4")
    sub = step("reply", cmd_notify_reply, "a reply the gateway forwarded: a stop keyword (TD, 退订) opts PHONE out")
    sub.add_argument("phone")
    sub.add_argument("text")
    step("check", cmd_notify_check, "check the gateway's settings and secrets; sends nothing")
    step("preview", cmd_notify_preview, "a sample of each message in both languages, with its template code")
