"""The manager's report: every figure against values worked out by hand on a small fixed Monday.

The Monday (2026-11-23), minute by minute:

* 09:00  four appointments booked for today: social-security 10:30 (张三), household 11:10 (cancelled at once),
         elderly 11:10 (never comes), household 18:00 in the evening window (never comes); walk-in tickets
         A001 (social-security) and B001 (household); requests R1 repair, R2 complaint, R3 other filed.
* 09:04  counter 1 calls A001 (waited 4 min); 09:10 finishes it (6 min at the counter).
* 09:05  counter 3 calls B001 (waited 5); 09:06 recalls it; 09:07 marks it a no-show.
* 09:20  A002 (social-security) issued; 09:30 counter 1 calls it (waited 10); R2 is rejected;
         09:32 counter 1 transfers it to household; 09:40 counter 3 calls it; 09:52 finishes it (12 min).
* 10:00  F001 (general) issued; nobody calls it: it expires when the day closes.
* 10:20  张三 checks in (ticket A003, waiting from the slot's 10:30); 10:33 counter 1 calls it (waited 3);
         10:41 finishes it (8 min): the appointment is attended.
* 11:00  R1 accepted, assigned, in progress and resolved (2 hours after it was filed).
* 11:05  ratings: A001 5, the appointment 4, A002 1 (which opens a follow-up request), R1 3.

A repair request filed the Monday before (due Thursday 11-19 09:00) is still open: overdue.
"""

from __future__ import annotations

import io
import json
from datetime import date, time
from typing import Any

import pytest
from domain_helpers import MONDAY, TUESDAY, at

from kiosk import report
from kiosk.clock import FixedClock
from kiosk.hall import Hall

PREVIOUS_MONDAY = date(2026, 11, 16)


@pytest.fixture
def monday(hall: Hall, clock: FixedClock) -> dict[str, Any]:
    """The Monday of the module docstring; the clock left at Monday 11:05."""
    at(clock, "09:00", PREVIOUS_MONDAY)
    old = hall.file_request("repair", "单元门禁坏了，门关不上", "13900000009", address="阳光社区3栋")["code"]
    at(clock, "09:00")
    made: dict[str, Any] = {"old": old}
    made["appointment"] = hall.book("social-security", MONDAY, time(10, 30), "张三", "13800000001")["code"]
    cancelled = hall.book("household", MONDAY, time(11, 10), "李四", "13800000002")["code"]
    hall.cancel(cancelled, "0002")
    hall.book("elderly", MONDAY, time(11, 10), "王五", "13800000003")
    hall.book("household", MONDAY, time(18, 0), "赵六", "13800000004")
    made["A001"] = hall.issue_ticket("social-security")["code"]
    hall.issue_ticket("household")
    made["R1"] = hall.file_request("repair", "楼道灯坏了，晚上很黑", "13800000005", address="阳光路8号")["code"]
    made["R2"] = hall.file_request("complaint", "等候时间太长了", "13800000006")["code"]
    made["R3"] = hall.file_request("other", "咨询居住证办理进度", "13800000007")["code"]
    at(clock, "09:04")
    hall.call_next("1")
    at(clock, "09:05")
    hall.call_next("3")
    at(clock, "09:06")
    hall.recall("3")
    at(clock, "09:07")
    hall.no_show("3")
    at(clock, "09:10")
    hall.finish("1")
    at(clock, "09:20")
    made["A002"] = hall.issue_ticket("social-security")["code"]
    at(clock, "09:30")
    hall.call_next("1")
    hall.advance_request(made["R2"], "rejected", staff="s01", note="重复提交")
    at(clock, "09:32")
    hall.transfer("1", "household")
    at(clock, "09:40")
    hall.call_next("3")
    at(clock, "09:52")
    hall.finish("3")
    at(clock, "10:00")
    hall.issue_ticket("general")
    at(clock, "10:20")
    hall.check_in(made["appointment"], "0001")
    at(clock, "10:33")
    assert hall.call_next("1")["number"] == "A003"
    at(clock, "10:41")
    hall.finish("1")
    at(clock, "11:00")
    for status in ("accepted", "assigned", "in_progress", "resolved"):
        hall.advance_request(made["R1"], status, staff="s01", assignee="w02")
    at(clock, "11:05")
    hall.rate(made["A001"], 5)
    hall.rate(made["appointment"], 4)
    made["follow_up"] = hall.rate(made["A002"], 1, "等了很久")["follow_up"]
    hall.rate(made["R1"], 3)
    return made


def zero_tickets(service: str) -> dict[str, Any]:
    return {
        "service": service,
        "issued": 0,
        "served": 0,
        "no_show": 0,
        "expired": 0,
        "waiting": 0,
        "recalls": 0,
        "transfers": 0,
        "wait": {"n": 0, "median": None, "p90": None},
        "service_time": {"n": 0, "median": None, "p90": None},
    }


def row(rows: list[dict[str, Any]], key: str, ident: str) -> dict[str, Any]:
    return next(r for r in rows if r[key] == ident)


@pytest.fixture
def figures(hall: Hall, clock: FixedClock, monday: dict[str, Any]) -> dict[str, Any]:
    """The report of the Monday, asked for on Tuesday morning before anything closed the Monday."""
    at(clock, "09:00", TUESDAY)
    return report.build(hall, MONDAY, MONDAY)


def test_the_span_and_the_instant_the_figures_stand_at(figures):
    assert (figures["from"], figures["to"], figures["days"]) == ("2026-11-23", "2026-11-23", 1)
    assert figures["as_of"] == "2026-11-24T00:00:00+08:00"  # the end of the span, not the clock


def test_tickets_per_service(figures):
    services = figures["tickets"]["services"]
    assert [r["service"] for r in services] == [
        "social-security",
        "household",
        "civil-affairs",
        "employment",
        "elderly",
        "general",
    ]
    assert row(services, "service", "social-security") == {
        "service": "social-security",
        "issued": 3,
        "served": 2,
        "no_show": 0,
        "expired": 0,
        "waiting": 0,
        "recalls": 0,
        "transfers": 1,
        "wait": {"n": 3, "median": 4.0, "p90": 8.8},
        "service_time": {"n": 2, "median": 7.0, "p90": 7.8},
    }
    assert row(services, "service", "household") == {
        "service": "household",
        "issued": 1,
        "served": 1,
        "no_show": 1,
        "expired": 0,
        "waiting": 0,
        "recalls": 1,
        "transfers": 0,
        "wait": {"n": 1, "median": 5.0, "p90": 5.0},
        "service_time": {"n": 1, "median": 12.0, "p90": 12.0},
    }
    assert row(services, "service", "general") == dict(zero_tickets("general"), issued=1, expired=1)
    assert row(services, "service", "employment") == zero_tickets("employment")


def test_tickets_in_total_and_by_kind(figures):
    total = figures["tickets"]["total"]
    assert total == {
        "issued": 5,
        "served": 3,
        "no_show": 1,
        "expired": 1,
        "waiting": 0,
        "recalls": 1,
        "transfers": 1,
        "wait": {"n": 4, "median": 4.5, "p90": 8.5},
        "service_time": {"n": 3, "median": 8.0, "p90": 11.2},
    }
    assert figures["tickets"]["by_kind"] == {
        "walk_in": {"n": 3, "median": 5.0, "p90": 9.0},
        "appointment": {"n": 1, "median": 3.0, "p90": 3.0},
        "late_appointment": {"n": 0, "median": None, "p90": None},
    }


def test_waits_through_the_day_by_hour(figures):
    waits = figures["waits_by_hour"]
    assert waits["bucket_minutes"] == 60
    series = waits["series"]
    # From the 08:30 opening to the end of the 18:00-20:30 evening window, with the empty hours kept.
    assert [b["start"] for b in series] == [f"{h:02d}:00" for h in range(8, 21)]
    assert series[0] == {"start": "08:00", "end": "09:00", "called": 0, "median": None, "p90": None}
    assert series[1] == {"start": "09:00", "end": "10:00", "called": 3, "median": 5.0, "p90": 9.0}
    assert series[2] == {"start": "10:00", "end": "11:00", "called": 1, "median": 3.0, "p90": 3.0}
    assert sum(b["called"] for b in series) == 4


def test_waits_through_the_day_by_half_hour(hall, clock, monday):
    at(clock, "09:00", TUESDAY)
    series = report.build(hall, MONDAY, MONDAY, bucket_minutes=30)["waits_by_hour"]["series"]
    assert series[0]["start"] == "08:30" and series[-1] == {
        "start": "20:00",
        "end": "20:30",
        "called": 0,
        "median": None,
        "p90": None,
    }
    assert len(series) == 24
    called = {b["start"]: (b["called"], b["median"]) for b in series if b["called"]}
    assert called == {"09:00": (2, 4.5), "09:30": (1, 10.0), "10:30": (1, 3.0)}


def test_appointments_by_status_and_the_staggered_share(figures):
    appointments = figures["appointments"]
    assert appointments["total"] == {
        "total": 4,
        "booked": 0,
        "checked_in": 0,
        "attended": 1,
        "cancelled": 1,
        "no_show": 2,
        "staggered": 1,
        "staggered_share": 0.25,
    }
    assert [r["service"] for r in appointments["services"]] == [
        "social-security",
        "household",
        "civil-affairs",
        "employment",
        "elderly",
    ]  # bookable ones
    assert row(appointments["services"], "service", "household") == {
        "service": "household",
        "total": 2,
        "booked": 0,
        "checked_in": 0,
        "attended": 0,
        "cancelled": 1,
        "no_show": 1,
        "staggered": 1,
        "staggered_share": 0.5,
    }
    assert row(appointments["services"], "service", "employment")["staggered_share"] is None


def test_requests_opened_resolved_rejected_open_and_overdue(figures):
    requests = figures["requests"]
    assert requests["total"] == {
        "opened": 4,
        "resolved": 1,
        "resolved_late": 0,
        "rejected": 1,
        "open": 3,
        "overdue": 1,
        "median_resolve_hours": 2.0,
    }
    categories = requests["categories"]
    assert [c["category"] for c in categories] == [
        "home-visit",
        "repair",
        "hardship",
        "suggestion",
        "complaint",
        "other",
        "follow-up",
    ]
    assert row(categories, "category", "repair") == {
        "category": "repair",
        "opened": 1,
        "resolved": 1,
        "resolved_late": 0,
        "rejected": 0,
        "open": 1,
        "overdue": 1,
        "median_resolve_hours": 2.0,
    }
    assert row(categories, "category", "complaint") == {
        "category": "complaint",
        "opened": 1,
        "resolved": 0,
        "resolved_late": 0,
        "rejected": 1,
        "open": 0,
        "overdue": 0,
        "median_resolve_hours": None,
    }
    assert row(categories, "category", "follow-up")["open"] == 1


def test_ratings_by_level_service_and_counter(figures):
    ratings = figures["ratings"]
    assert ratings["total"] == {"total": 4, "levels": {"5": 1, "4": 1, "3": 1, "2": 0, "1": 1}, "average": 3.25}
    assert ratings["subjects"] == {"ticket": 2, "appointment": 1, "request": 1}
    assert row(ratings["services"], "service", "social-security") == {
        "service": "social-security",
        "total": 2,
        "levels": {"5": 1, "4": 1, "3": 0, "2": 0, "1": 0},
        "average": 4.5,
    }
    assert row(ratings["services"], "service", "household")["average"] == 1.0
    assert row(ratings["services"], "service", "general") == {
        "service": "general",
        "total": 0,
        "levels": {"5": 0, "4": 0, "3": 0, "2": 0, "1": 0},
        "average": None,
    }
    # The appointment (4) was served at counter 1 through its ticket: its rating counts for that counter.
    assert [(c["counter"], c["total"], c["average"]) for c in ratings["counters"] if c["total"]] == [
        ("1", 2, 4.5),
        ("3", 1, 1.0),
    ]


def test_follow_ups_of_dissatisfied_ratings(figures, monday):
    follow = figures["follow_ups"]
    assert {k: v for k, v in follow.items() if k != "items"} == {
        "total": 1,
        "met": 0,
        "late": 0,
        "open": 1,
        "overdue": 0,
        "rejected": 0,
        "missing": 0,
    }
    [item] = follow["items"]
    assert item == {
        "code": monday["follow_up"],
        "rated_at": "2026-11-23T11:05:00+08:00",
        "subject": monday["A002"],
        "level": 1,
        "service": "household",
        "counter": "3",
        "status": "submitted",
        "due_at": item["due_at"],
        "resolved_at": None,
        "state": "open",
        "within_deadline": True,
    }
    assert item["due_at"] > "2026-12-01"  # 15 working days


def test_the_report_is_the_same_before_and_after_the_day_is_archived(hall, figures):
    hall.close_days()
    assert MONDAY in hall.store.archive.days()
    assert report.build(hall, MONDAY, MONDAY) == figures


def test_a_report_of_today_shows_the_day_as_it_stands(hall, clock, monday):
    at(clock, "12:00")
    live = report.build(hall, MONDAY, MONDAY)
    assert live["as_of"] == "2026-11-23T12:00:00+08:00"
    assert live["tickets"]["total"]["waiting"] == 1 and live["tickets"]["total"]["expired"] == 0
    assert live["appointments"]["total"]["booked"] == 2 and live["appointments"]["total"]["no_show"] == 0


def test_a_range_gathers_the_days(hall, clock, monday):
    at(clock, "09:00", TUESDAY)
    hall.issue_ticket("general")
    span = report.build(hall, PREVIOUS_MONDAY, TUESDAY)
    assert (span["days"], span["as_of"]) == (9, "2026-11-24T09:00:00+08:00")
    assert span["tickets"]["total"]["issued"] == 6 and span["tickets"]["total"]["waiting"] == 1
    assert span["requests"]["total"]["opened"] == 5  # the previous Monday's repair request too


def test_the_report_is_plain_json(figures):
    assert json.loads(json.dumps(figures)) == figures


# --- the pieces ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([2, 4, 6, 9], 0.5, 5.0),
        ([2, 4, 6, 9], 0.9, 8.1),
        ([7], 0.9, 7.0),
        ([], 0.5, None),
        ([10, 1, 5], 0.5, 5.0),
        ([1, 2], 0.0, 1.0),
        ([1, 2], 1.0, 2.0),
    ],
)
def test_percentiles_interpolate_between_ranks(values, fraction, expected):
    result = report.percentile(values, fraction)
    assert result is None if expected is None else result == pytest.approx(expected)


def follow_up(status_steps: list[tuple[str, str]], due: str, resolved_at: str | None = None) -> dict[str, Any]:
    return {
        "due_at": due,
        "resolved_at": resolved_at,
        "history": [{"at": at_, "status": status} for at_, status in status_steps],
    }


FILED = ("2026-11-02T10:00:00+08:00", "submitted")
DUE = "2026-11-20T10:00:00+08:00"


@pytest.mark.parametrize(
    ("request_", "as_of", "state"),
    [
        (
            follow_up([FILED, ("2026-11-10T10:00:00+08:00", "resolved")], DUE, "2026-11-10T10:00:00+08:00"),
            "2026-11-30T00:00:00+08:00",
            "met",
        ),
        (
            follow_up(
                [FILED, ("2026-11-25T10:00:00+08:00", "resolved"), ("2026-11-26T10:00:00+08:00", "closed")],
                DUE,
                "2026-11-25T10:00:00+08:00",
            ),
            "2026-11-30T00:00:00+08:00",
            "late",
        ),
        (follow_up([FILED, ("2026-11-05T10:00:00+08:00", "in_progress")], DUE), "2026-11-19T00:00:00+08:00", "open"),
        (follow_up([FILED, ("2026-11-05T10:00:00+08:00", "in_progress")], DUE), "2026-11-21T00:00:00+08:00", "overdue"),
        # Resolved in time, but the report looks at a moment before that: it was open then, and overdue.
        (
            follow_up([FILED, ("2026-11-25T10:00:00+08:00", "resolved")], DUE, "2026-11-25T10:00:00+08:00"),
            "2026-11-22T00:00:00+08:00",
            "overdue",
        ),
        (follow_up([FILED, ("2026-11-05T10:00:00+08:00", "rejected")], DUE), "2026-11-30T00:00:00+08:00", "rejected"),
        (None, "2026-11-30T00:00:00+08:00", "missing"),
    ],
)
def test_follow_up_states(request_, as_of, state):
    assert report.follow_up_state(request_, as_of) == state


def test_wait_chart_draws_bars_scaled_to_the_longest_wait():
    series = [
        {"start": "08:00", "called": 0, "median": None, "p90": None},
        {"start": "09:00", "called": 12, "median": 20.0, "p90": 30.0},
        {"start": "10:00", "called": 3, "median": 5.0, "p90": 6.0},
        {"start": "11:00", "called": 1, "median": 0.0, "p90": 0.0},
    ]
    assert report.wait_chart(series, width=8) == [
        "08:00             -      ( 0)",
        "09:00 ████████ 20.0 min  (12)",
        "10:00 ██        5.0 min  ( 3)",
        "11:00           0.0 min  ( 1)",
    ]
    # 6 / 30 of 8 cells is 12.8 eighths: one full cell and five eighths.
    assert report.wait_chart(series, width=8, value="p90", unit="分钟")[2] == "10:00 █▋        6.0 分钟  ( 3)"
    assert report.wait_chart([], width=8) == []


def test_wait_chart_shows_a_sliver_for_a_wait_above_zero():
    series = [{"start": "09:00", "called": 1, "median": 100.0}, {"start": "10:00", "called": 1, "median": 0.1}]
    assert report.wait_chart(series, width=4)[1].startswith("10:00 ▏   ")


def test_rich_renderables_in_both_languages(figures, hall_config):
    from rich.console import Console

    from kiosk.cli.reports import renderables  # presentation: the CLI's, not the domain's

    for lang, words in (
        ("en", ["Tickets", "Appointments", "Service requests", "Ratings", "Social security"]),
        ("zh-Hans", ["排队取号", "预约", "服务诉求", "满意度评价", "社保医保", "不满意评价回访"]),
    ):
        console = Console(width=200, record=True, file=io.StringIO())
        for renderable in renderables(figures, hall_config, lang):
            console.print(renderable)
        text = console.export_text()
        for word in words:
            assert word in text, (lang, word)


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_the_command_line_report_reads_at_80_columns(figures, hall_config, lang):
    from rich.cells import cell_len
    from rich.console import Console

    from kiosk.cli.reports import renderables

    console = Console(width=80, record=True, file=io.StringIO())
    for renderable in renderables(figures, hall_config, lang, width=80):
        console.print(renderable)
    lines = console.export_text().splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    # each row of figures on one line: the tickets' total carries its seven figures, and a service's name is cut
    # (at most) rather than wrapped over several lines
    total = "Total" if lang == "en" else "合计"
    counted = figures["tickets"]["total"]
    expected = [str(counted[k]) for k in ("issued", "served", "no_show", "expired", "waiting", "recalls", "transfers")]
    assert [line.split()[1:] for line in lines if line.startswith(total)][0] == expected
    name = "Social security & medic" if lang == "en" else "社保医保"
    assert sum(1 for line in lines if line.startswith(name)) >= 3  # tickets, times, ratings: one line each


@pytest.mark.parametrize("graded", [True, False])
@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_the_layout_both_faces_draw_has_a_cell_under_every_header(figures, hall_config, lang, graded, monkeypatch):
    from kiosk import report_layout
    from kiosk.i18n import EN, ZH, translate
    from kiosk.report_layout import Grid, Line, blocks, heading

    asked: set[str] = set()

    def recorded(lang: str, key: str, **params: Any) -> str:
        asked.add(key)
        return translate(lang, key, **params)

    monkeypatch.setattr(report_layout, "translate", recorded)
    laid = blocks(figures, hall_config, lang, chart_room=80, graded=graded)
    heading(figures, hall_config, lang)  # the title and "as of" both faces put above
    # every word it asked for is in the catalog in both languages (an unknown key would be shown as itself)
    assert len(asked) > 40 and [key for key in sorted(asked) if key not in EN or key not in ZH] == []
    grids = [block for block in laid if isinstance(block, Grid)]
    assert all(isinstance(block, (Grid, Line)) for block in laid) and len(grids) >= 8
    for grid in grids:
        assert grid.rows and all(len(row.cells) == len(grid.columns) for row in grid.rows), grid.columns
    # the totals close their tables (bold, a rule below); the follow-up past its deadline is the one in red
    assert [row.cells[0] for grid in grids[:2] for row in grid.rows if row.total] == [
        "Total" if lang == "en" else "合计"
    ] * 2
    follow_ups = grids[-1]
    assert not follow_ups.numeric and [row.late for row in follow_ups.rows].count(True) == sum(
        item["within_deadline"] is False for item in figures["follow_ups"]["items"]
    )
    # the chart of waits through the day comes with room for it, and only then
    assert any("█" in block.text for block in laid if isinstance(block, Line))
    assert not any(
        isinstance(block, Line) and "█" in block.text for block in blocks(figures, hall_config, lang, graded=graded)
    )


# --------------------------------------------------------------------------------------------- 好差评 figures
# (the Monday of tests/unit/evaluation_scenario.py: ratings 5, 1 (appeal upheld), 2 (a case graded satisfied), 3)


@pytest.fixture
def rated(hall: Hall, clock: FixedClock) -> dict[str, Any]:
    from evaluation_scenario import monday_of_ratings

    return monday_of_ratings(hall, clock)


def test_satisfaction_rate_leaves_out_an_upheld_appeal(hall: Hall, rated: dict[str, Any]) -> None:
    figures = hall.report(MONDAY)
    # 5, 2 and 3 count (1 was appealed and upheld): 5 and 3 are satisfied.
    assert figures["satisfaction"] == {"rated": 3, "satisfied": 2, "rate": 0.6667, "appeals_upheld": 1}


def test_rating_rate_is_rated_over_served(hall: Hall, rated: dict[str, Any]) -> None:
    figures = hall.report(MONDAY)
    # Served: A001, B001 and the appointment's A002 (once, through its ticket), and the repair request resolved.
    assert figures["rating_rate"] == {
        "rated": 4,
        "served": 4,
        "served_detail": {"tickets": 3, "requests": 1, "total": 4},
        "rate": 1.0,
    }
    # the existing figures are still there
    assert figures["ratings"]["total"]["total"] == 4 and figures["follow_ups"]["total"] == 2


def test_poor_ratings_with_their_cases_in_total_and_by_service_counter_and_clerk(
    hall: Hall, rated: dict[str, Any]
) -> None:
    poor = hall.report(MONDAY)["poor_ratings"]
    expected = {
        "total": 1,
        "called_back": 1,
        "called_back_on_time": 1,
        "call_back_missed": 0,
        "rectified": 1,
        "rectified_on_time": 1,
        "graded": 1,
        "grades": {"satisfied": 1, "fairly-satisfied": 0, "dissatisfied": 0},
        "ungraded": 0,
        "appealed": 0,
    }
    assert poor["total"] == expected
    assert poor["services"] == [dict(expected, kind="service", id="social-security")]
    assert poor["counters"] == [dict(expected, kind="counter", id="1")]
    assert poor["clerks"] == [dict(expected, kind="clerk", id="w01", name="王芳")]


def test_a_case_step_after_the_report_instant_does_not_count(hall: Hall, clock: FixedClock) -> None:
    from evaluation_scenario import monday_of_ratings

    made = monday_of_ratings(hall, clock)
    ratings = [r for r in made.values() if isinstance(r, dict) and "level" in r]
    requests = [hall.status(r["follow_up"]) for r in ratings if r.get("follow_up")]
    assert requests  # the cases exist; a report as of 10:44 (before the call back) counts none of their steps
    from kiosk import figures as satisfaction
    from kiosk.history import load

    history = load(hall.store, MONDAY, MONDAY, report.TABLES, today=MONDAY)
    early = satisfaction.satisfaction_figures(
        history.table("ratings"),
        history.table("requests"),
        history.table("tickets"),
        first=MONDAY,
        last=MONDAY,
        as_of="2026-11-23T10:44:00+08:00",
    )
    assert early["poor"]["total"]["total"] == 1
    assert early["poor"]["total"]["called_back"] == early["poor"]["total"]["rectified"] == 0


def test_report_tables_show_the_new_figures(hall: Hall, rated: dict[str, Any]) -> None:
    from rich.console import Console

    from kiosk.cli.reports import renderables

    console = Console(file=io.StringIO(), width=160)
    for renderable in renderables(hall.report(MONDAY), hall.config, "zh-Hans"):
        console.print(renderable)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "满意率 66.7%（3 件评价中 2 件为 5 至 3 分；申诉成立剔除 1 件）" in text
    assert "评价率 100.0%" in text and "差评 1 件：已回访 1 件（按时 1 件，超过回访时限未回访 0 件）" in text
    assert "w01 王芳" in text


# --------------------------------------------------------------------------------------------- the public line


def test_public_figures_of_the_month(hall: Hall, rated: dict[str, Any]) -> None:
    assert hall.public_figures() == {
        "month": "2026-11",
        "through": "2026-11-23",
        "rated": 3,
        "satisfied": 2,
        "rate": 0.6667,
        "poor": 1,
        "handled": 1,
    }
    assert hall.board_view()["public"] == hall.overview()["public"] == hall.public_figures()


def test_nothing_rated_this_month_has_no_rate(hall: Hall) -> None:
    figures = hall.public_figures()
    assert (figures["rated"], figures["rate"], figures["poor"], figures["handled"]) == (0, None, 0, 0)


def test_public_figures_are_counted_again_only_when_ratings_or_requests_change(
    hall: Hall, clock: FixedClock, rated: dict[str, Any]
) -> None:
    cache = hall._public
    hall.public_figures()
    counted = cache.counts
    hall.public_figures()
    at(clock, "14:00")
    hall.issue_ticket("general")  # tickets only: the figures cannot have changed
    hall.public_figures()
    assert cache.counts == counted
    at(clock, "14:10")
    hall.call_next("6")
    at(clock, "14:20")
    hall.finish("6")
    ticket = [t for t in hall.report(MONDAY)["tickets"]["services"] if t["service"] == "general"]
    assert ticket[0]["served"] == 1
    with hall.store.snapshot() as tx:
        code = next(t["code"] for t in tx.records("tickets") if t["service"] == "general")
    hall.rate(code, 1, "态度不好")
    after = hall.public_figures()
    assert cache.counts == counted + 1
    assert (after["rated"], after["poor"], after["handled"]) == (4, 2, 1)


def test_archived_days_are_read_once_and_count_like_the_hot_file(
    hall: Hall, clock: FixedClock, rated: dict[str, Any]
) -> None:
    before = hall.public_figures()
    at(clock, "09:00", TUESDAY)
    hall.close_days()
    cache = hall._public
    after = hall.public_figures()
    assert {k: after[k] for k in ("rated", "satisfied", "poor", "handled")} == {
        k: before[k] for k in ("rated", "satisfied", "poor", "handled")
    }
    assert after["through"] == "2026-11-24" and list(cache.days) == [MONDAY]
    kept = cache.days[MONDAY]
    hall.issue_ticket("general")
    at(clock, "09:30", TUESDAY)
    cache.result = None  # count again: the archived day's part is not read again
    assert hall.public_figures()["rated"] == 3 and cache.days[MONDAY] is kept


def test_an_appeal_upheld_after_the_rating_was_archived_still_leaves_the_figures(hall: Hall, clock: FixedClock) -> None:
    from evaluation_scenario import PIN, sign_in

    hall.add_staff("w01", "王芳", PIN)
    hall.add_staff("w03", "张敏", PIN)
    code = hall.issue_ticket("general")["code"]
    sign_in(hall, "w01", "6")
    hall.call_next("6", staff="w01")
    hall.finish("6", staff="w01")
    case = hall.rate(code, 1, "太慢")["follow_up"]
    at(clock, "09:00", TUESDAY)
    hall.close_days()  # the rating is archived; its case goes on in the hot file
    assert hall.public_figures()["poor"] == 1
    hall.appeal_case(case, "未在本窗口办理", staff="w01")
    hall.review_case(case, upheld=True, reason="属实", staff="w03")
    figures = hall.public_figures()
    assert (figures["rated"], figures["poor"], figures["rate"]) == (0, 0, None)
