"""A Monday of ratings with their cases, shared by the evaluation export's and the report's tests.

Monday 2026-11-23 (clerks w01 王芳, w02 李强, w03 张敏):

* 09:00  A001 (social-security, walk-in) called and finished at counter 1 by w01; rated 5 at the kiosk with the
         three indicators.
* 09:30  B001 (household, walk-in) finished at counter 3 by w02; rated 1 at the pad (reason ``attitude``) with a
         phone to call back (13900000002): a case that w02 appeals, upheld by w03: out of the figures.
* 10:20  张三's appointment (10:30, 13800000001) checked in: A002, called and finished at counter 1 by w01;
         rated 2 (reason ``slow``, a comment) by QR code: a case, called back and rectified on time by w02,
         graded 满意 (satisfied) at a kiosk.
* 11:00  a repair request (13800000005) resolved by w02; its rating (3) written down by w03 (channel ``staff``).
"""

from __future__ import annotations

from datetime import time
from typing import Any

from domain_helpers import MONDAY, at

from kiosk.clock import FixedClock
from kiosk.hall import Hall

PIN = "246813"


def sign_in(hall: Hall, staff: str, counter: str) -> None:
    """Sign ``staff`` in at ``counter`` (signing out whoever was there)."""
    current = hall.session(counter)
    if current is not None:
        hall.sign_out(current, counter)
    hall.sign_in(staff, PIN, counter)


def monday_of_ratings(hall: Hall, clock: FixedClock) -> dict[str, Any]:
    """The Monday of the module docstring; the clock left at Monday 12:00. Returns the codes."""
    at(clock, "08:40")
    for staff, name in (("w01", "王芳"), ("w02", "李强"), ("w03", "张敏")):
        hall.add_staff(staff, name, PIN)
    made: dict[str, Any] = {}
    at(clock, "09:00")
    made["appointment"] = hall.book("social-security", MONDAY, time(10, 30), "张三", "13800000001")["code"]
    made["A001"] = hall.issue_ticket("social-security")["code"]
    sign_in(hall, "w01", "1")
    hall.call_next("1", staff="w01")
    at(clock, "09:05")
    hall.finish("1", staff="w01")
    made["r1"] = hall.rate(made["A001"], 5, indicators={"efficiency": 5, "competence": 4, "attitude": 5})
    at(clock, "09:30")
    made["B001"] = hall.issue_ticket("household")["code"]
    sign_in(hall, "w02", "3")
    hall.call_next("3", staff="w02")
    at(clock, "09:40")
    hall.finish("3", staff="w02")
    made["r3"] = hall.rate(made["B001"], 1, "", "13900000002", channel="pad", reasons=["attitude"])
    appealed = made["r3"]["follow_up"]
    hall.appeal_case(appealed, "该居民未在本窗口办理", staff="w02")
    hall.review_case(appealed, upheld=True, reason="核实属实", staff="w03")
    at(clock, "10:20")
    made["A002"] = hall.check_in(made["appointment"], "0001")["ticket"]["code"]
    at(clock, "10:30")
    hall.call_next("1", staff="w01")
    at(clock, "10:40")
    hall.finish("1", staff="w01")
    made["r2"] = hall.rate(made["appointment"], 2, "等了很久", channel="qr", reasons=["slow"])
    case = made["r2"]["follow_up"]
    hall.assign_case(case, "w02", staff="w03")
    at(clock, "10:45")
    hall.call_back_case(case, "已致电说明", staff="w02")
    hall.rectify_case(case, "增开窗口", staff="w02")
    hall.grade_case(case, "satisfied")
    at(clock, "11:00")
    made["R1"] = hall.file_request("repair", "楼道灯坏了，晚上很黑", "13800000005", address="阳光路8号")["code"]
    for status in ("accepted", "assigned", "in_progress", "resolved"):
        hall.advance_request(made["R1"], status, staff="w02", assignee="w02")
    made["r4"] = hall.rate(made["R1"], 3, channel="staff", staff="w03")
    at(clock, "12:00")
    return made
