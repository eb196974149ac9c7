"""One service request at the counter console: everything about it (the resident's full phone number, which
staff need to call back), its whole history, the rating it received and, for a follow-up, the rating that
opened it; ``m`` moves it to its next step (accept, assign, start, resolve, close, or reject with a reason), greyed
when this clerk may not (the facts say who may: :func:`kiosk.requests.may_move`), and ``n`` adds a note, internal (staff only) unless the clerk marks it for the resident. The history says of every
note who reads it: the resident (when checking the code) or staff only; the rejection reason and the resolution
are always the resident's. ``h`` sets when staff will visit. Whether the resident agreed to texts, and the last
few texts about the request (when, what, the masked phone, how it went) are shown under its history; ``x`` lists
them all. Each step is recorded with this clerk's id and counter in the request's history and the audit log."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from kiosk.records import MessageLine, RequestDetail, StaffPublic, StaffSession
from kiosk.ui_contract import ASSIGNED, MESSAGES, RATINGS, REJECTED, REQUESTS, RESOLVED, STAFF
from screens.console.base import ConsoleScreen, counter_words
from screens.console.messages import event_words, message_time, reason_words, status_text
from screens.console.modals import ChoiceModal, NoteModal, TextModal
from screens.console.requests import REQUEST_STYLE, due_words
from screens.widgets import Option, Say, binding
from screens.words import category_words, service_name, status_words, when_words

LEVEL_STYLE = {5: "bold green", 4: "green", 3: "yellow", 2: "red", 1: "bold red"}


def rating_words(app: Any, rating: dict[str, Any]) -> Text:
    """ "2 不满意 · 11月23日 10:02 · “等了太久”" with the level coloured."""
    text = Text(f"{rating['level']} {app.word(rating['level_name'])}", style=LEVEL_STYLE.get(rating["level"], ""))
    text.append(" · " + when_words(app, rating["at"]))
    if rating.get("service"):
        text.append(" · " + service_name(app, rating["service"]))
    if rating.get("counter"):
        text.append(" · " + counter_words(app, rating["counter"]))
    if rating.get("comment"):
        text.append(" · " + app.t("console.quoted", text=rating["comment"]))
    return text


class RequestScreen(ConsoleScreen):
    """A request's facts, history and ratings; the next step and notes."""

    VIEW = "requests"
    #: The request, who may move it (staff accounts) and the rating a follow-up came from.
    READS = frozenset({REQUESTS, STAFF, RATINGS, MESSAGES})
    SUBSCREEN = True
    BINDINGS = [
        binding("m", "step", "key.console.step"),
        binding("n", "note", "key.console.note"),
        binding("h", "visit", "key.console.visit"),
    ]
    #: The texts listed under the history, newest first (``x`` shows them all).
    MESSAGES_SHOWN = 4

    def __init__(self, session: StaffSession, code: str) -> None:
        super().__init__(session)
        self.code = code

    def compose_body(self) -> ComposeResult:
        """Scrolling facts, history and ratings."""
        with VerticalScroll(id="request-body", can_focus=True):
            yield Say(self._facts, id="request-facts")
            yield Say(self._history, id="request-history")
            yield Say(self._messages, id="request-messages")

    def on_mount(self) -> None:
        """Scroll by keyboard at once."""
        self.query_one("#request-body").focus()

    def read(self) -> RequestDetail:
        """The request with its history and the next steps this clerk may take (the domain decides who may)."""
        return self.hall.request_detail(self.code, staff=self.staff)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A next step only when there is one; a note only while the request is open; back always."""
        if action == "back":
            return True
        if action == "step":  # greyed when there is no step, or none this clerk may take
            return True if self.data and self.data["next"] else None
        if action == "note":
            return True if self.data and self.data["can_note"] else None
        if action == "visit":  # while it is open (the domain refuses a visit for an ended request all the same)
            return True if self.data and self.data["can_note"] else None
        return super().check_action(action, parameters)

    # -- what is shown

    def _facts(self, app: Any) -> RenderableType:
        item = self.data
        if item is None:
            return app.t("ui.one_moment")
        head = Text()
        head.append(f" {item['display']} ", style="bold reverse")
        head.append("  " + category_words(app, item["category"]), style="bold")
        head.append("  " + status_words(app, item["status"]), style=REQUEST_STYLE.get(item["status"], ""))
        facts = Table.grid(padding=(0, 2))
        facts.add_column(style="bold", no_wrap=True)
        facts.add_column(ratio=1)

        def fact(key: str, value: Any) -> None:
            if value:
                facts.add_row(app.t(f"console.req.{key}"), value)

        fact("submitted", when_words(app, item["submitted_at"]))
        due = due_words(app, item)
        if item["resolved_at"]:
            due.append(
                "  " + app.t("console.req.resolved_at", when=when_words(app, item["resolved_at"])), style="green"
            )
        fact("due", due)
        fact("assignee", item["assignee"])
        fact("contact", item["contact"])
        fact("address", item["address"])
        fact("preferred", when_words(app, item["preferred_time"]) if item["preferred_time"] else None)
        fact("visit_at", when_words(app, item["visit_at"]) if item["visit_at"] else None)
        if app.config.notify.enabled or item["messages"]:
            sent = sum(1 for m in item["messages"] if m["status"] == "sent")
            texts = app.t("console.req.texts_yes", n=sent) if item["notify"] else app.t("console.req.texts_no")
            fact("texts", texts)
        fact("description", item["description"])
        fact("reason", Text(item["reason"], style="red") if item["reason"] else None)
        if item.get("origin_rating"):
            fact("origin", rating_words(app, item["origin_rating"]))
        elif item.get("origin"):
            fact("origin", f"{item['origin']['level']} · {item['origin']['subject']}")
        fact("rating", rating_words(app, item["rating"]) if item["rating"] else None)
        if item["archived"]:
            fact("archived", app.t("console.req.archived_note"))
        steps = ", ".join(app.t(f"console.step.{s}") for s in item["next"])
        fact("next", Text(steps, style="cyan") if steps else None)
        fact("movers", self._movers(app, item))
        return Group(head, facts)

    def _movers(self, app: Any, item: dict[str, Any]) -> Text | None:
        """Who may move the request on (kiosk.requests decides), and whether this clerk may not."""
        movers = item["movers"]
        kind = movers["kind"]
        if kind == "nobody":
            return None
        text = Text(app.t(f"console.req.movers.{kind}", assignee=movers["assignee"] or ""))
        if movers["reassign_by"]:
            text.append(app.t("console.req.movers.reassign", by=movers["reassign_by"]))
        if item["all_next"] and not item["next"]:
            text.append("  " + app.t("console.req.movers.not_you"), style="bold yellow")
        return text

    def _history(self, app: Any) -> RenderableType:
        item = self.data
        if item is None:
            return ""
        table = _titled_table(app.t("console.req.history"), show_header=True)
        table.add_column(app.t("console.col.time"), no_wrap=True)
        table.add_column(app.t("console.col.event"), no_wrap=True)
        table.add_column(app.t("console.col.staff"), no_wrap=True)
        table.add_column(app.t("console.col.note"), ratio=1)
        for entry in item["history"]:
            event = app.t(f"event.{entry['event']}")
            if entry.get("assignee"):
                event += " → " + entry["assignee"]
            if entry.get("visit_at"):
                event += " " + when_words(app, entry["visit_at"])
            note: Text | str = entry.get("note") or ""
            if note == "auto_close":
                note = app.t("console.req.auto_close")
            elif note:
                # Who reads it: the resident by code, or staff only (decided by the domain, kiosk.requests).
                tag = (
                    Text(app.t("console.req.tag_visible"), style="bold green")
                    if entry.get("visible")
                    else Text(app.t("console.req.tag_internal"), style="yellow")
                )
                note = Text.assemble(tag, " ", str(note))
            table.add_row(entry["at"][5:16].replace("T", " "), event, entry.get("staff") or "", note)
        return table

    def _messages(self, app: Any) -> RenderableType:
        """The last few texts about the request: when, what, to which (masked) phone, and how it went."""
        lines: list[MessageLine] = self.data["messages"] if self.data is not None else []
        if not lines:
            return ""
        table = _titled_table(app.t("console.req.messages"), show_header=False)
        for _ in range(4):  # time, what about, phone, status
            table.add_column(no_wrap=True)
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")  # why not sent
        for line in lines[: self.MESSAGES_SHOWN]:
            table.add_row(
                message_time(line),
                event_words(app, line),
                line["phone"],
                status_text(app, line),
                reason_words(app, line["reason"]),
            )
        more = len(lines) - self.MESSAGES_SHOWN
        if more > 0:
            table.add_row("", Text(app.t("console.req.messages_more", n=more), style="dim"), "", "", "")
        return table

    # -- acting

    def action_step(self) -> None:
        """Pick the next step; then the assignee, the reason or an optional note, as the step needs."""
        if not self.data or not self.data["next"]:
            return
        options = [Option(status, lambda app, s=status: app.t(f"console.step.{s}")) for status in self.data["next"]]
        self.app.push_screen(
            ChoiceModal(
                lambda app: app.t("console.step.title", code=self.data["display"] if self.data else ""), options
            ),
            self._stepped,
        )

    def _stepped(self, status: str | None) -> None:
        if not status:
            return
        if status == ASSIGNED:
            self.run_domain(self.hall.list_staff, lambda staff: self._pick_assignee(staff), self.refused)
        elif status == REJECTED:
            self.app.push_screen(
                TextModal("console.step.rejected", "console.req.reason_label", required=True),
                lambda reason: self._advance(REJECTED, reason) if reason else None,
            )
        else:
            # A resolution is written for the resident; any other step's note stays with staff.
            label = "console.req.resolution_label" if status == RESOLVED else "console.req.note_label_internal"
            self.app.push_screen(
                TextModal(lambda app: app.t(f"console.step.{status}"), label),
                lambda note: self._advance(status, note) if note is not None else None,
            )

    def _pick_assignee(self, accounts: list[StaffPublic]) -> None:
        current = self.data["assignee"] if self.data else None
        options = [
            Option(
                a["id"],
                lambda app, a=a: f"{a['id']}  {a['name']}",
                (lambda app: app.t("console.req.current_assignee")) if a["id"] == current else None,
            )
            for a in accounts
            if a["active"]
        ]
        self.app.push_screen(
            ChoiceModal("console.step.assigned", options, lead="console.req.assignee_lead", columns=2),
            lambda who: self._advance(ASSIGNED, "", assignee=who) if who else None,
        )

    def _advance(self, status: str, note: str, assignee: str | None = None) -> None:
        self.act(
            lambda: self.hall.advance_request(
                self.code, status, staff=self.staff, note=note, assignee=assignee, counter=self.counter
            ),
            lambda record: self.notice(
                lambda app: app.t(
                    "console.req.moved",
                    code=self.data["display"] if self.data else "",
                    status=status_words(app, status),
                )
            ),
        )

    def action_note(self) -> None:
        """Add a note to the request's history, internal unless the clerk chooses the resident as its reader."""
        self.app.push_screen(NoteModal(), lambda result: self._note(*result) if result else None)

    def _note(self, note: str, visible: bool) -> None:
        self.act(
            lambda: self.hall.note_request(
                self.code, staff=self.staff, note=note, visible=visible, counter=self.counter
            ),
            lambda record: self.notice("console.req.noted_visible" if visible else "console.req.noted_internal"),
        )

    def action_visit(self) -> None:
        """When staff will visit (the resident is texted when they agreed to texts)."""
        item = self.data
        if not item:
            return
        current = item["visit_at"] or item["preferred_time"]
        self.app.push_screen(
            TextModal(
                lambda app: app.t("console.req.visit_title", code=item["display"]),
                "console.req.visit_label",
                required=True,
                value=current[:16].replace("T", " ") if current else "",
                max_length=16,
            ),
            lambda when: self._visit(when) if when else None,
        )

    def _visit(self, when: str) -> None:
        self.act(
            lambda: self.hall.schedule_visit(self.code, when, staff=self.staff, counter=self.counter),
            lambda record: self.notice(
                lambda app: app.t(
                    "console.req.visit_set",
                    code=self.data["display"] if self.data else "",
                    when=when_words(app, record["visit_at"]),
                )
            ),
        )


def _titled_table(title: str, *, show_header: bool) -> Table:
    """A borderless table under a bold title, as the request screen's history and texts are shown."""
    return Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=None,
        padding=(0, 1),
        expand=True,
        show_edge=False,
        show_header=show_header,
        header_style="bold",
    )
