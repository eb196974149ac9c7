"""The text log at the counter console (``x`` from any view): the latest texts to residents, newest first, or those
about one ticket, appointment or request (``f``, its code, Enter; empty shows the latest again). Each row: when it
was written, what it is about, the code, the phone (masked: the clerk never needs the digits here), its status and
why it was not sent or failed; the row under the cursor shows its words below the list.

``r`` sends the text under the cursor again, after a confirm (:meth:`~kiosk.hall.Hall.resend_message`, under this
clerk at this counter, audited): a new text with the same words, which consent, the stop keyword, quiet hours and
the daily cap still govern. A text not tried yet is refused (it will go by itself), and the refusal is said on the
notice line."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Input

from kiosk.errors import KioskError
from kiosk.records import MessageLine, StaffSession
from kiosk.ui_contract import MESSAGES, OUTBOX_REASONS, display_code
from screens.console.base import ConsoleScreen
from screens.console.modals import ChoiceModal
from screens.console.requests import cursor_key, fit, room_left
from screens.widgets import FormInput, Option, Say, binding

#: The list's columns (the reason last: it takes the room the others leave).
COLUMNS = ("time", "event", "code", "phone", "status", "reason")
#: How a text's status is shown.
STATUS_STYLE = {"pending": "yellow", "sending": "cyan", "sent": "green", "failed": "bold red", "suppressed": "dim"}
#: The most texts the log lists.
LAST = 200


def event_words(app: Any, line: MessageLine) -> str:
    """What a text is about ("叫号", "预约"), marked when a clerk sent it again."""
    words = str(app.t(f"notify.event.{line['event']}"))
    return words + "·" + str(app.t("console.msg.resend_mark")) if line["resend_of"] else words


def status_text(app: Any, line: MessageLine) -> Text:
    """A text's status in words, coloured."""
    return Text(app.t(f"notify.status.{line['status']}"), style=STATUS_STYLE.get(line["status"], ""))


def reason_words(app: Any, reason: str | None) -> str:
    """Why a text was not sent or failed: the outbox's own reasons in words, a gateway's as it gave them."""
    if not reason:
        return ""
    if reason not in OUTBOX_REASONS:
        return reason  # a gateway's own words (JSON, braces and all): shown as given, never used as a template
    return str(app.t(f"console.msg.reason.{reason}"))


def message_time(line: MessageLine) -> str:
    """ "11-23 09:05": when the text was written."""
    return line["created_at"][5:16].replace("T", " ")


class MessagesScreen(ConsoleScreen):
    """The text log, all or one code's, with resend."""

    VIEW = "messages"
    READS = frozenset({MESSAGES})
    #: Nothing in the log follows the clock.
    CLOCK = False
    AUTO_FOCUS = "#messages"
    BINDINGS = [
        binding("f", "filter", "key.console.msg_filter"),
        binding("r", "resend", "key.console.resend"),
    ]

    def __init__(self, session: StaffSession) -> None:
        super().__init__(session)
        #: The code whose texts are shown (canonical), or None: the latest of all.
        self.ref: str | None = None
        self._said_none = False

    def compose_body(self) -> ComposeResult:
        """The code filter and what is shown, the list, the words of the text under the cursor."""
        with Horizontal(id="messages-filter"):
            yield Say("console.msg.filter_label", classes="field-label")
            yield FormInput(max_length=12, id="input-code")
            yield Say("console.msg.filter_hint", classes="field-hint")
        yield Say(self._filter_words, id="messages-filters")
        yield DataTable(id="messages", cursor_type="row", zebra_stripes=True)
        yield Say(self._text_words, id="message-text")

    def read(self) -> dict[str, Any]:
        """The texts about the code filtered on (all of them), or the latest of all."""
        return {"ref": self.ref, "messages": self.hall.messages(ref=self.ref, last=LAST)}

    # -- the filter

    def action_filter(self) -> None:
        """Type a code (Enter shows its texts; empty, the latest)."""
        self.query_one("#input-code", Input).focus()

    @on(Input.Submitted, "#input-code")
    def filtered(self, event: Input.Submitted) -> None:
        """Show the texts of the code typed (checked as any code is), or the latest when it is empty."""
        typed = event.value.strip()
        try:
            ref = self.hall.check_field("code", typed) if typed else None
        except KioskError as error:
            self.show_error(error)
            return
        self.notice(None)
        self.ref = ref
        event.input.value = display_code(ref) if ref else ""
        self.query_one("#messages", DataTable).focus()
        self.query_one("#messages-filters", Say).retranslate()
        self.reload()

    def action_back(self) -> None:
        """Escape: from the code field back to the list; from the list, back to the counter."""
        field = self.query_one("#input-code", Input)
        if field.has_focus:
            field.value = display_code(self.ref) if self.ref else ""
            self.query_one("#messages", DataTable).focus()
            return
        super().action_back()

    def _filter_words(self, app: Any) -> Text:
        which = app.t("console.msg.of", code=display_code(self.ref)) if self.ref else app.t("console.msg.latest")
        shown = self.data["messages"] if self.data is not None else []
        return Text(
            app.t(
                "console.msg.filters",
                which=which,
                shown=len(shown),
                pending=sum(1 for m in shown if m["status"] == "pending"),
                failed=sum(1 for m in shown if m["status"] == "failed"),
            ),
            no_wrap=True,
            overflow="ellipsis",
        )

    # -- the list

    def show(self, data: dict[str, Any]) -> None:
        """Rebuild the rows, keeping the cursor on the same text."""
        self._fill(data)
        super().show(data)

    def retranslate(self) -> None:
        """Headers and words in the new language."""
        if self.data is not None:
            self._fill(self.data)

    def _fill(self, data: dict[str, Any]) -> None:
        app: Any = self.app
        table = self.query_one("#messages", DataTable)
        keep = self.selected_key()
        table.clear(columns=True)
        labels = [
            app.t(f"console.msg.col.{key}") if key in ("event", "reason") else app.t(f"console.col.{key}")
            for key in COLUMNS
        ]
        for key, label in zip(COLUMNS, labels):
            table.add_column(label, key=key)
        lines: list[MessageLine] = data["messages"]
        rows: list[list[Any]] = [
            [message_time(m), event_words(app, m), display_code(m["ref"]), m["phone"], status_text(app, m)]
            for m in lines
        ]
        room = room_left(self.size.width, labels[:-1], rows, 8)  # the reason gets what the others leave
        for row, line in zip(rows, lines):
            table.add_row(*row, fit(reason_words(app, line["reason"]), room), key=line["key"])
        if keep is not None and keep in {m["key"] for m in lines}:
            table.move_cursor(row=table.get_row_index(keep))
        if not lines:
            self.notice("console.msg.none")
            self._said_none = True
        elif self._said_none:
            self.notice(None)
            self._said_none = False

    def selected_key(self) -> str | None:
        """The key of the text under the cursor, if any."""
        return cursor_key(self.query_one("#messages", DataTable))

    def selected(self) -> MessageLine | None:
        """The text under the cursor, as last read."""
        key = self.selected_key()
        lines: list[MessageLine] = self.data["messages"] if self.data is not None else []
        return next((m for m in lines if m["key"] == key), None)

    def _text_words(self, app: Any) -> Text:
        line = self.selected()
        if line is None:
            return Text("")
        text = Text(line["text"], style="dim")
        if line["reason"]:  # whole here: the list's column may cut a gateway's code short
            text.append("  " + reason_words(app, line["reason"]), style="bold")
        return text

    @on(DataTable.RowHighlighted, "#messages")
    def highlighted(self) -> None:
        """The words of the text under the cursor."""
        self.query_one("#message-text", Say).retranslate()

    # -- resend

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Resend only with a text under the cursor (greyed otherwise)."""
        if action == "resend":
            return True if self.data is not None and self.data["messages"] else None
        return super().check_action(action, parameters)

    def action_resend(self) -> None:
        """Ask, then send the text under the cursor again."""
        line = self.selected()
        if line is None:
            return
        options = [
            Option(True, lambda app: app.t("console.msg.resend_yes", phone=line["phone"])),
            Option(False, lambda app: app.t("console.msg.resend_no")),
        ]
        self.app.push_screen(
            ChoiceModal("console.msg.resend_title", options, lead=lambda app: line["text"]),
            lambda yes: self._resend(line) if yes else None,
        )

    def _resend(self, line: MessageLine) -> None:
        self.act(
            lambda: self.hall.resend_message(line["key"], staff=self.staff, counter=self.counter),
            lambda again: self.notice(
                lambda app: app.t("console.msg.resent", phone=again["phone"], code=display_code(again["ref"]))
            ),
        )
