"""Realistic history for demonstrations, training and benchmarks, made through the real domain rules.

:func:`generate` plays out ``days`` days ending yesterday: residents take walk-in tickets (peaking 9-11 and
14-16, social security busiest, general enquiries many and short, one in ten with priority), counters open,
call, recall, transfer and finish them with service times drawn around each service's ``avg_minutes``,
residents book appointments days ahead (evening and Saturday-morning slots included), cancel some, miss some
and check in for most; service requests are filed and moved along their lifecycle over the following working
days (a few rejected, a few left overdue); about a third of served residents rate the service, and the rare
dissatisfied rating opens its follow-up request.

Every record is written by the same functions the kiosk and the counters call (:mod:`kiosk.queue`,
:mod:`kiosk.booking`, :mod:`kiosk.requests`, :mod:`kiosk.ratings`), so the history obeys every rule: a ticket
refused near closing is simply not issued, a full slot is not booked. A simulated day runs in one transaction
on a :class:`~kiosk.clock.FixedClock` of its own, and each day begins by closing the earlier ones
(:func:`kiosk.dayclose.close_days`), so days reach the archive as they would in real life; at the end the
played days are closed by the hall's clock, so the file starts on today.

The counts are reproducible for a seed (every choice comes from one :class:`random.Random`); only the codes
differ between runs, because :mod:`kiosk.codes` draws them from :mod:`secrets`.

:func:`add_staff` (which ``kiosk demo`` runs after the history) creates staff accounts for the ids that history
uses, one per counter (``s01``..) and the request desks (``zx-wang``, ``zx-liu``, ``zx-huang``), all with the PIN
:data:`DEMO_PIN`, so a trainee can sign in at the counter console at once. Only ever on a demo file: ``kiosk
demo`` refuses a data file that already holds records.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from kiosk import booking, dayclose, queue, ratings, rectification, requests, staff
from kiosk.clock import FixedClock
from kiosk.config import Counter, Service
from kiosk.context import Context
from kiosk.errors import KioskError, Refused
from kiosk.hall import Hall
from kiosk.hours import OpenPeriod
from kiosk.store import Tx

__all__ = ["DEMO_PIN", "TABLES", "add_staff", "generate"]

#: The tables :func:`generate` fills, in the order of its result.
TABLES = (queue.TICKETS, queue.CALLS, booking.APPOINTMENTS, requests.REQUESTS, ratings.RATINGS)

# Shares of walk-in residents per service id (ids missing from the hall's config are ignored; services missing
# here get a small share).
WALK_IN_SHARE = {
    "social-security": 0.30,
    "general": 0.24,
    "household": 0.15,
    "employment": 0.11,
    "elderly": 0.12,
    "civil-affairs": 0.08,
}
BOOKING_SHARE = {"social-security": 0.34, "household": 0.20, "employment": 0.15, "elderly": 0.19, "civil-affairs": 0.12}
OTHER_SHARE = 0.05

WALK_INS_PER_DAY = (150, 250)  # a regular working day
WALK_INS_PER_WINDOW_HOUR = (10, 18)  # a walk-in staggered window (Saturday morning), per hour
PRIORITY_SHARE = 0.10
NO_SHOW_SHARE = 0.03
TRANSFER_SHARE = 0.02
OUTCOMES = (("completed", 0.92), ("documents_missing", 0.05), ("referred", 0.02), ("other", 0.01))

APPOINTMENTS_PER_FULL_DAY = 40  # on a day with regular hours and an evening window
FULL_DAY_BOOKING_MINUTES = 570  # 7 regular hours and a 2.5-hour evening window
CANCEL_SHARE, MISSED_SHARE, LATE_SHARE = 0.08, 0.10, 0.05

REQUESTS_PER_WORKING_DAY, REQUESTS_PER_OTHER_DAY = 5.0, 1.5
REQUEST_SHARE = {
    "repair": 0.26,
    "home-visit": 0.20,
    "hardship": 0.10,
    "suggestion": 0.14,
    "complaint": 0.10,
    "other": 0.20,
}
REJECT_SHARE, OVERDUE_SHARE, STUCK_SHARE, STAFF_CLOSE_SHARE = 0.10, 0.10, 0.15, 0.6

RATED_SHARE = 0.30
LEVELS = ((5, 0.57), (4, 0.30), (3, 0.11), (2, 0.015), (1, 0.005))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国志红玉梅文利辉婷雪琳晨浩宇欣怡子涵思远佳慧"
ASSIGNEES = ("wg-li", "wg-zhao", "wg-sun", "wg-zhou", "wg-chen")
#: The PIN of every demo staff account (documented in the README; demo data files only).
DEMO_PIN = "246813"
STAFF_NAMES = ("王芳", "李强", "张敏", "刘洋", "陈静", "杨磊", "赵丽", "孙涛", "周婷", "吴昊")
DESK_NAMES = {"zx-wang": "王建国", "zx-liu": "刘晓红", "zx-huang": "黄志明"}
DESKS = ("zx-wang", "zx-liu", "zx-huang")
DESCRIPTIONS = {
    "repair": (
        "楼道声控灯不亮，晚上出入很不方便",
        "单元门禁坏了，门关不上",
        "小区路灯损坏，请尽快维修",
        "楼顶漏水，雨天屋内渗水严重",
        "健身器材松动，存在安全隐患",
    ),
    "home-visit": (
        "独居老人行动不便，需要上门办理养老认证",
        "家中老人卧床，申请上门办理残疾证换证",
        "高龄老人需上门核实低保信息",
        "申请上门采集社保卡照片",
    ),
    "hardship": ("家庭成员重病，申请临时救助", "失业后家庭收入困难，咨询低保申请", "子女上学费用困难，申请帮扶"),
    "suggestion": (
        "建议大厅增加周日上午的服务时间",
        "建议叫号屏字体再大一些，方便老人查看",
        "建议在大厅增设老花镜和轮椅",
        "建议增加线上预约的提醒短信",
    ),
    "complaint": ("等候时间过长，窗口开放太少", "工作人员解释不清楚，来回跑了两趟", "预约后到场仍然等待很久"),
    "other": ("咨询居住证办理进度", "询问社区活动报名方式", "咨询医保异地备案流程", "反映小区垃圾清运不及时"),
}
FALLBACK_DESCRIPTIONS = ("请工作人员尽快联系我处理", "咨询相关事项的办理流程")
REJECT_REASONS = (
    "不属于社区受理范围，已告知向物业反映",
    "重复提交，已合并处理",
    "联系不上诉求人，信息不全",
    "已转街道相关部门办理",
)
#: The reasons the demo's poor ratings give (ids of the default ``[ratings] reasons``), and the share of rectified
#: cases the resident grades.
LOW_REASONS = ("slow", "attitude", "unclear", "runs")
GRADED_SHARE = 0.6
LOW_COMMENTS = ("等候时间太长了", "材料要求没有提前讲清楚", "窗口人员态度一般", "")
HIGH_COMMENTS = ("工作人员很耐心", "办事效率高", "", "", "")


class _Day:
    """What the simulation knows about one calendar day: its open periods and which counters work each."""

    def __init__(self, sim: _Simulation, day: date) -> None:
        self.day = day
        self.periods: list[OpenPeriod] = sim.hall.hours.periods(day)
        self.staff: list[tuple[OpenPeriod, tuple[Counter, ...]]] = [
            (period, sim.window_counters if period.staggered else sim.hall.config.counters) for period in self.periods
        ]

    def working(self, counter_id: str, at: datetime) -> OpenPeriod | None:
        """The period in which ``counter_id`` is staffed at ``at``, if any."""
        for period, counters in self.staff:
            if at in period and any(c.id == counter_id for c in counters):
                return period
        return None

    def later_today(self, counter_id: str, at: datetime) -> bool:
        """Whether ``counter_id`` has another period later on this day."""
        return any(period.start >= at and any(c.id == counter_id for c in counters) for period, counters in self.staff)


class _Simulation:
    """One run of :func:`generate`: the event queue of the day being played and the plans for later days."""

    #: The transaction of the day being played (only while :meth:`play_day` runs), the context of the instant
    #: being played (set by :meth:`move`), and the day's plan (set by :meth:`play_day`).
    tx: Tx
    ctx: Context
    today: _Day

    def __init__(self, hall: Hall, seed: int) -> None:
        self.rng = random.Random(seed)
        self.clock = FixedClock(hall.clock.now())
        self.hall = Hall(hall.config, hall.store, self.clock)
        self.config = hall.config
        self.counts: dict[str, int] = {table: 0 for table in TABLES}
        self.refused: dict[str, int] = {}
        self.window_counters = self._window_counters()
        self.later: dict[date, list[tuple[datetime, str, tuple[Any, ...]]]] = {}
        self.events: list[tuple[datetime, int, str, tuple[Any, ...]]] = []
        self.seq = 0
        # Per counter: "off" (not staffed), "idle" (staffed, nobody to call), "due" (a call is scheduled) or "busy".
        self.counter_mode: dict[str, str] = {}

    # -- the run

    def play_day(self, day: date) -> None:
        """Play ``day`` from midnight to midnight in one transaction."""
        self.today = _Day(self, day)
        self.counter_mode = {counter.id: "off" for counter in self.config.counters}
        self.events = []
        self.move(datetime.combine(day, time(0, 0, 30), tzinfo=self.config.timezone))
        with self.hall.store.transaction() as tx:
            self.tx = tx
            if dayclose.needs_closing(tx, self.ctx):
                dayclose.close_days(tx, self.ctx)
            for at, kind, data in self.later.pop(day, []):
                self.push(at, kind, *data)
            self.plan_walk_ins()
            self.plan_counters()
            self.plan_bookings()
            self.plan_requests()
            while self.events:
                at, _, kind, data = heapq.heappop(self.events)
                if at > self.clock.now():
                    self.move(at)
                getattr(self, f"on_{kind}")(*data)
        del self.tx

    def move(self, at: datetime) -> None:
        self.clock.set(at)
        self.ctx = Context(self.config, self.hall.hours, at)

    def push(self, at: datetime, kind: str, *data: Any) -> None:
        """Schedule ``on_<kind>(*data)`` at ``at``: later today, or on a later day's plan."""
        at = max(at, self.clock.now())
        if at.date() != self.today.day:
            self.later.setdefault(at.date(), []).append((at, kind, data))
            return
        self.seq += 1
        heapq.heappush(self.events, (at, self.seq, kind, data))

    def attempt(self, action: Callable[[Tx, Context], Any]) -> Any:
        """Run one domain action; a refusal is counted and gives None (the resident or clerk moves on)."""
        try:
            return action(self.tx, self.ctx)
        except KioskError as refusal:
            self.refused[refusal.key] = self.refused.get(refusal.key, 0) + 1
            return None

    # -- helpers

    def _window_counters(self) -> tuple[Counter, ...]:
        """Few counters cover the staggered windows: enough to offer every service that runs in them."""
        wanted = {s.id for s in self.config.services if s.staggered}
        chosen: list[Counter] = []
        for counter in sorted(self.config.counters, key=lambda c: -len(wanted & set(c.services))):
            if wanted & set(counter.services):
                chosen.append(counter)
                wanted -= set(counter.services)
        return tuple(chosen)

    def pick(self, shares: dict[str, float], services: list[Service]) -> Service:
        weights = [shares.get(s.id, OTHER_SHARE) for s in services]
        return self.rng.choices(services, weights)[0]

    def count(self, mean: float) -> int:
        """A whole number of events around ``mean`` (Poisson)."""
        limit, k, product = math.exp(-mean), 0, self.rng.random()
        while product > limit:
            k += 1
            product *= self.rng.random()
        return k

    def at_minutes(self, day: date, minutes: float) -> datetime:
        return datetime.combine(day, time(0), tzinfo=self.config.timezone) + timedelta(minutes=minutes)

    def person(self) -> tuple[str, str]:
        name = self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))
        phone = f"1{self.rng.choice('3456789')}{self.rng.randrange(10**9):09d}"
        return name, phone

    def wake(self, service_id: str) -> None:
        """A resident starts waiting for ``service_id``: an idle counter that serves it calls shortly."""
        for counter in self.config.counters:
            if self.counter_mode[counter.id] == "idle" and service_id in counter.services:
                self.counter_mode[counter.id] = "due"
                self.push(self.clock.now() + timedelta(seconds=self.rng.uniform(10, 60)), "call", counter.id)

    # -- walk-ins and counters

    def plan_walk_ins(self) -> None:
        periods = [p for p in self.today.periods if p.walk_in]
        if not periods:
            return
        regular = any(not p.staggered for p in periods)
        if regular:
            total = self.rng.randint(*WALK_INS_PER_DAY)
            if self.today.day.weekday() == 0:
                total = int(total * 1.1)
        else:
            hours = sum(p.minutes for p in periods) / 60
            total = int(self.rng.randint(*WALK_INS_PER_WINDOW_HOUR) * hours)
        buckets, weights = [], []
        for period in periods:
            start = period.start
            while start < period.end:
                hour = start.hour + start.minute / 60
                # Two peaks, mid-morning and mid-afternoon, over a steady trickle.
                weights.append(
                    0.35 + math.exp(-(((hour - 10.0) / 0.9) ** 2)) + 0.85 * math.exp(-(((hour - 15.0) / 1.0) ** 2))
                )
                buckets.append((start, min(period.end, start + timedelta(minutes=15))))
                start += timedelta(minutes=15)
        for begin, end in self.rng.choices(buckets, weights, k=total):
            at = begin + (end - begin) * self.rng.random()
            staggered = any(at in p and p.staggered for p in periods)
            services = [s for s in self.config.services if s.walk_in and (s.staggered or not staggered)]
            service = self.pick(WALK_IN_SHARE, services)
            self.push(at, "arrive", service.id, self.rng.random() < PRIORITY_SHARE)

    def plan_counters(self) -> None:
        for period, counters in self.today.staff:
            self.push(period.start, "open", tuple(c.id for c in counters))
            self.push(period.end, "close", tuple(c.id for c in counters))

    def on_arrive(self, service_id: str, priority: bool) -> None:
        ticket = self.attempt(lambda tx, ctx: queue.issue_walk_in(tx, ctx, service_id, priority=priority))
        if ticket is not None:
            self.counts[queue.TICKETS] += 1
            self.wake(service_id)

    def on_open(self, counter_ids: tuple[str, ...]) -> None:
        for counter_id in counter_ids:
            if self.counter_mode[counter_id] == "off":
                self.attempt(lambda tx, ctx: queue.set_counter(tx, ctx, counter_id, "open", staff=_staff(counter_id)))
                self.counter_mode[counter_id] = "due"
                self.push(self.clock.now() + timedelta(seconds=self.rng.uniform(0, 120)), "call", counter_id)

    def on_close(self, counter_ids: tuple[str, ...]) -> None:
        for counter_id in counter_ids:
            if self.counter_mode[counter_id] == "idle":
                self.stand_down(counter_id)

    def stand_down(self, counter_id: str) -> None:
        state = "paused" if self.today.later_today(counter_id, self.clock.now()) else "closed"
        self.attempt(lambda tx, ctx: queue.set_counter(tx, ctx, counter_id, state, staff=_staff(counter_id)))
        self.counter_mode[counter_id] = "off"

    def on_call(self, counter_id: str) -> None:
        if self.today.working(counter_id, self.clock.now()) is None:
            self.stand_down(counter_id)
            return
        ticket = self.attempt(lambda tx, ctx: queue.call_next(tx, ctx, counter_id, staff=_staff(counter_id)))
        if ticket is None:
            self.counter_mode[counter_id] = "idle"
            return
        self.counter_mode[counter_id] = "busy"
        self.counts[queue.CALLS] += 1
        now, roll = self.clock.now(), self.rng.random()
        if roll < NO_SHOW_SHARE:
            self.push(now + timedelta(minutes=self.rng.uniform(1, 2)), "recall", counter_id, self.rng.randint(1, 3))
        elif roll < NO_SHOW_SHARE + TRANSFER_SHARE:
            others = [s for s in self.config.services if s.walk_in and s.id != ticket["service"]]
            target = self.pick(WALK_IN_SHARE, others)
            self.push(now + timedelta(minutes=self.rng.uniform(2, 6)), "transfer", counter_id, target.id)
        else:
            avg = self.config.service(ticket["service"]).avg_minutes
            minutes = max(1.0, self.rng.gammavariate(4.0, avg / 4.0))
            outcome = self.rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
            self.push(now + timedelta(minutes=minutes), "finish", counter_id, outcome)

    def free(self, counter_id: str) -> None:
        """The counter is done with its resident; the clerk calls the next after a short pause."""
        self.counter_mode[counter_id] = "due"
        self.push(self.clock.now() + timedelta(seconds=self.rng.uniform(10, 45)), "call", counter_id)

    def on_recall(self, counter_id: str, left: int) -> None:
        self.counts[queue.CALLS] += 1
        self.attempt(lambda tx, ctx: queue.recall(tx, ctx, counter_id, staff=_staff(counter_id)))
        if left > 1:
            self.push(self.clock.now() + timedelta(minutes=self.rng.uniform(1, 2)), "recall", counter_id, left - 1)
        else:
            self.push(self.clock.now() + timedelta(minutes=self.rng.uniform(1, 2)), "no_show", counter_id)

    def on_no_show(self, counter_id: str) -> None:
        self.attempt(lambda tx, ctx: queue.no_show(tx, ctx, counter_id, staff=_staff(counter_id)))
        self.free(counter_id)

    def on_transfer(self, counter_id: str, service_id: str) -> None:
        if self.attempt(lambda tx, ctx: queue.transfer(tx, ctx, counter_id, service_id, staff=_staff(counter_id))):
            self.wake(service_id)
        self.free(counter_id)

    def on_finish(self, counter_id: str, outcome: str) -> None:
        ticket = self.attempt(
            lambda tx, ctx: queue.finish(tx, ctx, counter_id, outcome=outcome, staff=_staff(counter_id))
        )
        self.free(counter_id)
        if ticket is not None and self.rng.random() < RATED_SHARE:
            self.push(self.clock.now() + timedelta(minutes=self.rng.uniform(0.5, 4)), "rate", ticket["code"])

    def on_rate(self, code: str) -> None:
        level = self.rng.choices([lv for lv, _ in LEVELS], [w for _, w in LEVELS])[0]
        comment = self.rng.choice(LOW_COMMENTS if level <= ratings.FOLLOW_UP_AT else HIGH_COMMENTS)
        reasons = [self.rng.choice(LOW_REASONS)] if level <= ratings.FOLLOW_UP_AT else []
        rating = self.attempt(lambda tx, ctx: ratings.rate(tx, ctx, code, level, comment, reasons=reasons))
        if rating is None:
            return
        self.counts[ratings.RATINGS] += 1
        if rating["follow_up"]:
            self.counts[requests.REQUESTS] += 1
            self.plan_case_life(rating["follow_up"])

    # -- appointments

    def plan_bookings(self) -> None:
        """Residents book today for the coming days: most bookings are made a few days ahead."""
        horizon = self.config.booking.horizon_days
        services = [s for s in self.config.services if s.booking]
        if not services:
            return
        spread = [0.8 ** (k - 1) for k in range(1, horizon + 1)]
        total = sum(spread)
        for k in range(1, horizon + 1):
            target = self.today.day + timedelta(days=k)
            minutes = sum(p.minutes for p in self.hall.hours.periods(target) if p.booking)
            if not minutes:
                continue
            expected = APPOINTMENTS_PER_FULL_DAY * minutes / FULL_DAY_BOOKING_MINUTES * spread[k - 1] / total
            for _ in range(self.count(expected)):
                at = self.at_minutes(self.today.day, self.rng.uniform(7 * 60, 22.5 * 60))
                self.push(at, "book", self.pick(BOOKING_SHARE, services).id, target)

    def on_book(self, service_id: str, day: date) -> None:
        slots = booking.open_slots(self.tx, self.ctx, service_id, day)
        if not slots:
            return
        slot = self.rng.choice(slots)
        name, phone = self.person()
        appointment = self.attempt(
            lambda tx, ctx: booking.book(tx, ctx, service_id, day, slot.start.time(), name, phone)
        )
        if appointment is None:
            return
        self.counts[booking.APPOINTMENTS] += 1
        code, last4, roll = appointment["code"], phone[-4:], self.rng.random()
        if roll < CANCEL_SHARE:
            days_before = (day - self.today.day).days
            when = self.today.day + timedelta(days=self.rng.randrange(days_before))
            if when == self.today.day:
                at = min(
                    self.clock.now() + timedelta(minutes=self.rng.uniform(10, 180)), self.at_minutes(when, 23 * 60 + 50)
                )
            else:
                at = self.at_minutes(when, self.rng.uniform(7 * 60, 22 * 60))
            self.push(at, "cancel", code, last4)
        elif roll < CANCEL_SHARE + MISSED_SHARE:
            return  # never comes: the day's close marks it a no-show
        elif roll < CANCEL_SHARE + MISSED_SHARE + LATE_SHARE:
            self.push(slot.start + timedelta(minutes=self.rng.uniform(16, 90)), "check_in", code, last4)
        else:
            offset = min(14.0, max(-29.0, self.rng.gauss(-8, 7)))
            self.push(slot.start + timedelta(minutes=offset), "check_in", code, last4)

    def on_cancel(self, code: str, last4: str) -> None:
        self.attempt(lambda tx, ctx: booking.cancel(tx, ctx, code, last4))

    def on_check_in(self, code: str, last4: str) -> None:
        result = self.attempt(lambda tx, ctx: booking.check_in(tx, ctx, code, last4))
        if result is not None:
            self.counts[queue.TICKETS] += 1
            self.wake(result[1]["service"])

    # -- service requests

    def plan_requests(self) -> None:
        working = self.hall.hours.is_working_day(self.today.day)
        categories = list(self.config.categories)
        if not categories:
            return
        for _ in range(self.count(REQUESTS_PER_WORKING_DAY if working else REQUESTS_PER_OTHER_DAY)):
            category = self.rng.choices(categories, [REQUEST_SHARE.get(c.id, OTHER_SHARE) for c in categories])[0]
            self.push(self.at_minutes(self.today.day, self.rng.uniform(8 * 60, 20 * 60)), "file", category.id)

    def on_file(self, category_id: str) -> None:
        category = self.config.category(category_id)
        description = self.rng.choice(DESCRIPTIONS.get(category_id, FALLBACK_DESCRIPTIONS))
        _, phone = self.person()
        address = None
        if category.needs_address:
            building, unit = self.rng.randint(1, 32), self.rng.randint(1, 4)
            flat = self.rng.randint(1, 18) * 100 + self.rng.randint(1, 4)
            address = f"阳光社区{building}栋{unit}单元{flat}室"
        preferred = None
        if category_id == "home-visit" and self.rng.random() < 0.5:
            wanted = self.at_minutes(
                self.today.day + timedelta(days=self.rng.randint(2, 10)),
                self.rng.choice((9.5, 10, 14.5, 15, 16, 19)) * 60,
            )
            preferred = wanted.strftime("%Y-%m-%dT%H:%M")
        record = self.attempt(
            lambda tx, ctx: requests.file_request(
                tx, ctx, category_id, description, phone, address=address, preferred_time=preferred
            )
        )
        if record is not None:
            self.counts[requests.REQUESTS] += 1
            self.plan_request_life(record["code"], category.deadline_days)

    def plan_request_life(self, code: str, deadline_days: int, *, may_reject: bool = True) -> None:
        """Schedule the request's steps on the coming working days: most resolved in time, some rejected, some
        late (a few of those months late)."""
        roll = self.rng.random()
        step = self.clock.now()
        desk = self.rng.choice(DESKS)

        def after(working_days: int) -> datetime:
            nonlocal step
            if working_days == 0 and self.hall.hours.is_working_day(step.date()):
                candidate = step + timedelta(minutes=self.rng.uniform(20, 150))
                if candidate.time() <= time(17, 30) and candidate.date() == step.date():
                    step = candidate
                    return step
            working_days = max(1, working_days)
            day = self.hall.hours.add_working_days(step, working_days).date()
            step = max(step, self.at_minutes(day, self.rng.uniform(9 * 60, 17 * 60)))
            return step

        if may_reject and roll < REJECT_SHARE:
            self.push(
                after(self.rng.randint(0, 2)),
                "advance",
                code,
                requests.REJECTED,
                desk,
                self.rng.choice(REJECT_REASONS),
                None,
            )
            return
        overdue = roll > 1 - OVERDUE_SHARE
        self.push(after(self.rng.randint(0, 1) + overdue), "advance", code, requests.ACCEPTED, desk, "已受理", None)
        assignee = self.rng.choice(ASSIGNEES)
        self.push(after(self.rng.randint(0, 1) + overdue), "advance", code, requests.ASSIGNED, desk, "已派单", assignee)
        self.push(
            after(self.rng.randint(0, 1) + overdue), "advance", code, requests.IN_PROGRESS, assignee, "正在处理", None
        )
        if overdue:
            # Late, and a few of them very late: they sit on the overdue list for a month or more.
            late = (20, 60) if self.rng.random() < STUCK_SHARE else (1, 6)
            wait = deadline_days + self.rng.randint(*late)
        else:
            wait = self.rng.randint(1, max(1, deadline_days - 3))
        self.push(after(wait), "advance", code, requests.RESOLVED, assignee, "已处理完毕，已电话回访", None)
        if self.rng.random() < STAFF_CLOSE_SHARE:
            self.push(after(self.rng.randint(1, 3)), "advance", code, requests.CLOSED, desk, "居民确认，办结", None)

    def plan_case_life(self, code: str) -> None:
        """Schedule a poor rating's case: assigned and called back within a day or two, rectified within its
        deadline (some late), then graded by the resident at a kiosk, or left to close ungraded."""
        desk, other = self.rng.sample(DESKS, 2)
        now = self.clock.now()
        hours = self.hall.hours
        late = self.rng.random() < OVERDUE_SHARE
        first = hours.add_working_days(now, self.rng.randint(0, 1)) + timedelta(minutes=self.rng.uniform(20, 90))
        # Called back within the day (the deadline is one working day), or a day late for the late ones.
        called = (
            hours.add_working_days(now, 1) + timedelta(minutes=self.rng.uniform(10, 120))
            if late
            else first + timedelta(minutes=self.rng.uniform(30, 240))
        )
        days = self.config.ratings.follow_up_days
        fixed = hours.add_working_days(now, (days + self.rng.randint(1, 5)) if late else self.rng.randint(2, days))
        self.push(max(first, now + timedelta(minutes=30)), "case", code, "assign", desk, other)
        self.push(
            max(called, first + timedelta(minutes=30)), "case", code, "call_back", other, "已电话回访，居民说明了情况"
        )
        self.push(max(fixed, called + timedelta(hours=2)), "case", code, "rectify", other, "已约谈窗口人员并改进流程")
        if self.rng.random() < GRADED_SHARE:
            grade = self.rng.choice(("satisfied", "satisfied", "fairly-satisfied", "dissatisfied"))
            self.push(max(fixed, called + timedelta(hours=2)) + timedelta(days=1), "case", code, "grade", "", grade)

    def on_case(self, code: str, step: str, staff: str, value: str) -> None:
        if step == "assign":
            self.attempt(lambda tx, ctx: rectification.assign(tx, ctx, code, staff=staff, assignee=value))
        elif step == "call_back":
            self.attempt(lambda tx, ctx: rectification.call_back(tx, ctx, code, staff=staff, outcome=value))
        elif step == "rectify":
            self.attempt(lambda tx, ctx: rectification.rectify(tx, ctx, code, staff=staff, action=value))
        else:
            self.attempt(lambda tx, ctx: rectification.grade(tx, ctx, code, value))

    def on_advance(self, code: str, status: str, staff: str, note: str, assignee: str | None) -> None:
        self.attempt(lambda tx, ctx: requests.advance(tx, ctx, code, status, staff=staff, note=note, assignee=assignee))


def _staff(counter_id: str) -> str:
    return f"s{counter_id.zfill(2)}"


def generate(
    hall: Hall, days: int, *, seed: int = 7, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Fill the hall's data file with ``days`` days of history ending yesterday (by ``hall.clock``).

    Meant for a new data file: refused (:class:`~kiosk.errors.Refused`) when the file already holds tickets,
    appointments, requests or archived days, because history cannot be slipped in under days already played.
    ``progress(done, days)`` is called after each simulated day. Returns how many records of each table were
    created (tickets include those made at check-in; calls include recalls; requests include rating
    follow-ups); the counts are the same for the same seed, config and end date.
    """
    if days < 0:
        raise ValueError(f"days must not be negative, got {days}")
    with hall.store.snapshot() as tx:
        used = [t for t in (queue.TICKETS, booking.APPOINTMENTS, requests.REQUESTS) if tx.records(t)]
    if used or hall.store.archive.days():
        raise Refused("demo.not_empty", path=str(hall.store.path))
    sim = _Simulation(hall, seed)
    last = hall.clock.now().date() - timedelta(days=1)
    for n in range(days):
        sim.play_day(last - timedelta(days=days - 1 - n))
        if progress is not None:
            progress(n + 1, days)
    # The played days are over: close them now, by the hall's own clock, so that the copy starts on today and
    # its first write (at this --now) is not a change of day (which a training copy makes only through
    # 'kiosk archive').
    with hall.store.transaction() as tx:
        dayclose.settle(tx, hall.context(), hall.clock.reading())
    return dict(sim.counts)


def add_staff(hall: Hall) -> list[str]:
    """Create the demo staff accounts (see the module's docstring); returns their ids.

    Written at the hall's clock without closing earlier days, like the history itself. Refused
    (``staff.exists``) when one of the ids already has an account.
    """
    wanted = [(_staff(c.id), STAFF_NAMES[n % len(STAFF_NAMES)]) for n, c in enumerate(hall.config.counters)]
    wanted += [(desk, DESK_NAMES.get(desk, STAFF_NAMES[0])) for desk in DESKS]
    records = [(staff_id, name, staff.hash_pin(DEMO_PIN)) for staff_id, name in wanted]  # salted one by one
    with hall.store.transaction() as tx:
        ctx = hall.context()
        for staff_id, name, record in records:
            staff.add(tx, ctx, staff_id, name, record)
    return [staff_id for staff_id, _ in wanted]
