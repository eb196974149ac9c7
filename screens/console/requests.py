"""The service requests at the counter console: a list filtered by status (``s``), category (``k``) and overdue
(``d``), with the counts of every live request; Enter opens one (:class:`screens.console.request.RequestScreen`).
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable

from kiosk.records import RequestsView, StaffSession
from kiosk.ui_contract import FOLLOW_UP, REQUESTS, STATUSES
from screens.console.base import ConsoleScreen
from screens.widgets import Say, binding
from screens.words import category_words, status_words

#: The list's columns (the summary last: it takes the room the others leave).
COLUMNS = ("code", "category", "status", "due", "assignee", "summary")
#: Widest category name and assignee in the list, in terminal cells (longer ones end in "…").
CATEGORY_CELLS, ASSIGNEE_CELLS = 12, 10
#: Status styles in lists and the detail.
REQUEST_STYLE = {
    "submitted": "bold",
    "accepted": "cyan",
    "assigned": "cyan",
    "in_progress": "yellow",
    "resolved": "green",
    "closed": "dim",
    "rejected": "dim red",
}


def due_words(app: Any, item: dict[str, Any], *, short: bool = False) -> Text:
    """When it is due ("11-25 17:30"), in red and marked when overdue ("!" in a list, words in the detail)."""
    text = Text(item["due_at"][5:16].replace("T", " "))
    if item["overdue"]:
        text.stylize("bold red")
        text.append("!" if short else " " + app.t("console.req.overdue_mark"), style="bold red")
    return text


def _cells(value: str | Text) -> int:
    return value.cell_len if isinstance(value, Text) else cell_len(value)


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal cells (a wide character counts two), with "…" when cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(1, width - 1)).rstrip() + "…"


def cursor_key(table: DataTable[Any]) -> str | None:
    """The key of the row under ``table``'s cursor (the record a list keeps the cursor on when it is filled
    again), or None."""
    if not table.row_count or table.cursor_row < 0:
        return None
    try:
        value = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    except Exception:  # no row under the cursor any more
        return None
    return str(value) if value is not None else None


def room_left(width: int, labels: list[str], rows: list[list[str | Text]], minimum: int) -> int:
    """The cells a list's last column gets at ``width``: what the other columns (``rows`` hold their cells, under
    ``labels``) leave of the screen, each with one space either side; at least ``minimum``."""
    widths = [max([cell_len(label)] + [_cells(row[n]) for row in rows]) for n, label in enumerate(labels)]
    return max(minimum, width - 6 - sum(column + 2 for column in widths))


#: The requests filters of the session that last set them (session id -> filters).
FILTERS: dict[str, dict[str, Any]] = {}


class RequestsScreen(ConsoleScreen):
    """Live service requests, filtered."""

    VIEW = "requests"
    READS = frozenset({REQUESTS})
    AUTO_FOCUS = "#requests"
    BINDINGS = [
        binding("s", "status_filter", "key.console.filter_status"),
        binding("k", "category_filter", "key.console.filter_category"),
        binding("d", "overdue_filter", "key.console.filter_overdue"),
    ]

    def __init__(self, session: StaffSession) -> None:
        super().__init__(session)
        # The filters outlive the screen (a view is rebuilt each time it is opened) for this clerk's session.
        kept = FILTERS.get(session["id"], {})
        self.status: str | None = kept.get("status")
        self.category: str | None = kept.get("category")
        self.overdue: bool = kept.get("overdue", False)
        self._said_none = False

    def compose_body(self) -> ComposeResult:
        """Filters and counts, then the list."""
        yield Say(self._filter_words, id="requests-filters")
        yield DataTable(id="requests", cursor_type="row", zebra_stripes=True)

    def read(self) -> RequestsView:
        """Live requests with the chosen filters."""
        return self.hall.requests_view(status=self.status, category=self.category, overdue=self.overdue)

    # -- filters

    def _cycle(self, current: str | None, values: list[str]) -> str | None:
        choices: list[str | None] = [None, *values]
        return choices[(choices.index(current) + 1) % len(choices)]

    def action_status_filter(self) -> None:
        """All statuses, then each status in turn."""
        self.status = self._cycle(self.status, list(STATUSES))
        self._refilter()

    def action_category_filter(self) -> None:
        """All categories, then each (the follow-ups of ratings last)."""
        self.category = self._cycle(self.category, [c.id for c in self.kiosk.config.categories] + [FOLLOW_UP])
        self._refilter()

    def action_overdue_filter(self) -> None:
        """Only overdue requests, or all."""
        self.overdue = not self.overdue
        self._refilter()

    def _refilter(self) -> None:
        FILTERS.clear()  # only the current session's filters are worth keeping
        FILTERS[self.session["id"]] = {"status": self.status, "category": self.category, "overdue": self.overdue}
        self.query_one("#requests-filters", Say).retranslate()
        self.reload()

    def _filter_words(self, app: Any) -> Text:
        every = app.t("console.req.all")
        text = Text(
            app.t(
                "console.req.filters",
                status=status_words(app, self.status) if self.status else every,
                category=category_words(app, self.category) if self.category else every,
                overdue=app.t("console.req.only_overdue") if self.overdue else every,
            )
        )
        if self.data is not None:
            counts = self.data["counts"]
            text.append(
                "\n"
                + app.t(
                    "console.req.counts",
                    shown=len(self.data["requests"]),
                    total=counts["total"],
                    overdue=counts["overdue"],
                ),
                style="dim",
            )
        return text

    # -- the list

    def show(self, data: dict[str, Any]) -> None:
        """Rebuild the rows, keeping the cursor on the same request."""
        self._fill(data)
        super().show(data)

    def retranslate(self) -> None:
        """Headers and words in the new language."""
        if self.data is not None:
            self._fill(self.data)

    def _fill(self, data: dict[str, Any]) -> None:
        app: Any = self.app
        table = self.query_one("#requests", DataTable)
        keep = cursor_key(table)
        table.clear(columns=True)
        labels = [app.t(f"console.col.{key}") for key in COLUMNS]
        for key, label in zip(COLUMNS, labels):
            table.add_column(label, key=key)
        rows = []
        for item in data["requests"]:
            status = Text(status_words(app, item["status"]), style=REQUEST_STYLE.get(item["status"], ""))
            rows.append(
                [
                    item["display"],
                    fit(category_words(app, item["category"]), CATEGORY_CELLS),
                    status,
                    due_words(app, item, short=True),
                    fit(item["assignee"] or "", ASSIGNEE_CELLS),
                ]
            )
        room = room_left(self.size.width, labels[:-1], rows, 12)  # the summary gets what the others leave
        for row, item in zip(rows, data["requests"]):
            table.add_row(*row, fit(item["summary"].replace("\n", " "), room), key=item["code"])
        if keep is not None and keep in {item["code"] for item in data["requests"]}:
            table.move_cursor(row=table.get_row_index(keep))
        if not data["requests"]:
            self.notice("console.req.none")
            self._said_none = True
        elif self._said_none:
            self.notice(None)
            self._said_none = False

    @on(DataTable.RowSelected, "#requests")
    def open_request(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: the request, with its history and the next steps."""
        code = event.row_key.value
        if code:
            self.kiosk.go("console-request", self.session, str(code))
