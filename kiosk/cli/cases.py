"""Poor ratings handled to the end (差评整改) from a shell: ``kiosk case list|show|assign|call-back|rectify|grade|
appeal|review``.

Each step is one call on :class:`~kiosk.hall.Hall` with ``--staff`` (an active account, as for
``request-update``) and the machine's user in the audit log; the rules (the clerk rated may not act, a reviewer
is neither the clerk rated nor the appellant, the steps in order) are the domain's (:mod:`kiosk.rectification`),
and a refusal is one line on stderr in ``--lang``. ``--json`` prints the case as ``{"case": {...}}`` (a list as
``{"cases": [...]}``): codes as on the slip, ids beside their names in ``--lang``."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from kiosk import codes
from kiosk.cli.common import _columns, _emit, _minute, _safe, add_step, os_user
from kiosk.errors import InvalidInput
from kiosk.hall import Hall
from kiosk.i18n import translate
from kiosk.names import name_of
from kiosk.records import CaseItem, Request


def _case_json(item: CaseItem, hall: Hall, lang: str) -> dict[str, Any]:
    """A case as ``--json`` prints it: the read model with codes as on the slip and names in ``--lang``."""
    case: dict[str, Any] = dict(item["case"])
    case["subject"] = codes.display(item["case"]["subject"])
    return {
        "code": codes.display(item["code"]),
        "subject": codes.display(item["subject"]),
        "level": item["level"],
        "rated_at": item["rated_at"],
        "service": item["service"],
        "service_name": name_of(hall.config, lang, "service", item["service"]),
        "category": item["category"],
        "category_name": name_of(hall.config, lang, "category", item["category"]),
        "counter": item["counter"],
        "clerk": item["clerk"],
        "reasons": item["reasons"],
        "comment": item["comment"],
        "can_call": item["can_call"],
        "assignee": item["assignee"],
        "stage": item["case"]["stage"],
        "stage_name": translate(lang, f"case.stage.{item['case']['stage']}"),
        "call_back_due": item["case"]["call_back_due"],
        "rectify_due": item["case"]["rectify_due"],
        "overdue": item["overdue"],
        "next_steps": item["next_steps"],
        "on_time": item["on_time"],
        "case": case,
    }


def _what(hall: Hall, lang: str, item: CaseItem) -> str:
    """What was rated: the service (and counter) or the category."""
    if item["service"]:
        service = name_of(hall.config, lang, "service", item["service"])
        return f"{item['counter']} · {service}" if item["counter"] else service
    return name_of(hall.config, lang, "category", item["category"])


def _due(lang: str, stamp: str | None, late: bool) -> str:
    if stamp is None:
        return "-"  # no phone: no call back is due
    return _minute(stamp)[5:] + ("!" if late else "")


def cmd_case_list(hall: Hall, args: argparse.Namespace) -> None:
    """The open cases (``--all``: closed ones not yet archived too), or only the overdue ones."""
    found = hall.cases(overdue_only=args.overdue, include_closed=args.all)
    lang = args.lang

    def render() -> None:
        if not found:
            print(translate(lang, "cli.case.none_overdue" if args.overdue else "cli.case.none"))
            return
        rows = [
            [
                translate(lang, "console.col.code"),
                translate(lang, "console.case.col.level"),
                translate(lang, "console.case.col.rated"),
                translate(lang, "console.case.col.clerk"),
                translate(lang, "console.case.col.stage"),
                translate(lang, "console.case.col.call_back_due"),
                translate(lang, "console.case.col.rectify_due"),
                translate(lang, "console.case.col.assignee"),
            ]
        ]
        for item in found:
            case = item["case"]
            rows.append(
                [
                    codes.display(item["code"]),
                    str(item["level"]),
                    _what(hall, lang, item)[:24],
                    item["clerk"] or "-",
                    translate(lang, f"case.stage.{case['stage']}"),
                    _due(lang, case["call_back_due"], "call_back" in item["overdue"]),
                    _due(lang, case["rectify_due"], "rectify" in item["overdue"]),
                    item["assignee"] or "",
                ]
            )
        print(_columns(rows))

    _emit(args, {"cases": [_case_json(item, hall, lang) for item in found]}, render)


def _lines(hall: Hall, lang: str, item: CaseItem) -> list[str]:
    """A case in words, one fact a line (``case show`` and after each step)."""
    case = item["case"]
    t = lambda key, **params: translate(lang, key, **params)  # noqa: E731
    lines = [
        t("cli.case.head", code=codes.display(item["code"]), stage=t(f"case.stage.{case['stage']}")),
        t(
            "cli.case.line.rated",
            level=item["level"],
            when=_minute(item["rated_at"]),
            subject=codes.display(item["subject"]),
            what=_what(hall, lang, item),
        ),
    ]
    names = {r.id: r.name.get(lang) for r in hall.config.ratings.reasons}
    if item["reasons"]:
        lines.append(t("cli.case.line.reasons", reasons=", ".join(names.get(r, r) for r in item["reasons"])))
    if item["comment"]:
        lines.append(t("cli.case.line.comment", comment=item["comment"]))
    if item["clerk"]:
        lines.append(t("cli.case.line.clerk", clerk=item["clerk"]))
    if item["assignee"]:
        lines.append(t("cli.case.line.assignee", assignee=item["assignee"]))
    lines.append(
        t(
            "cli.case.line.deadlines",
            call_back=_due(lang, case["call_back_due"], "call_back" in item["overdue"]),
            rectify=_due(lang, case["rectify_due"], "rectify" in item["overdue"]),
        )
    )
    for step, key in (("called_back", "call_back"), ("rectified", "rectify"), ("appeal", "appeal")):
        done: Mapping[str, Any] | None = case[step]  # type: ignore[literal-required]
        if done:
            text = done["text"]
            if step == "called_back":
                text = t("console.case.reached" if case["reached"] else "console.case.not_reached") + " · " + text
            lines.append(
                t(
                    "cli.case.line.step",
                    step=t(f"case.step.{key}"),
                    when=_minute(done["at"]),
                    staff=done["by"],
                    text=text,
                )
            )
    if case["grade"]:
        lines.append(
            t("cli.case.line.grade", grade=t(f"case.grade.{case['grade']['grade']}"), when=_minute(case["grade"]["at"]))
        )
    if case["review"]:
        review = case["review"]
        lines.append(
            t(
                "cli.case.line.review",
                outcome=t(f"case.review.{review['outcome']}"),
                when=_minute(review["at"]),
                staff=review["by"],
                text=review["text"],
            )
        )
    if case["closed_as"]:
        lines.append(t("cli.case.line.closed", how=t(f"case.closed_as.{case['closed_as']}")))
    if item["overdue"]:
        lines.append(t("cli.case.line.overdue", steps=", ".join(t(f"case.step.{s}") for s in item["overdue"])))
    if item["next_steps"]:
        lines.append(t("cli.case.line.next", steps=", ".join(t(f"case.step.{s}") for s in item["next_steps"])))
    return [str(_safe(line)) for line in lines]


def cmd_case_show(hall: Hall, args: argparse.Namespace) -> None:
    """One case, by the follow-up's code or the code that was rated."""
    item = hall.case(args.code)
    _emit(args, {"case": _case_json(item, hall, args.lang)}, "\n".join(_lines(hall, args.lang, item)))


def _stepped(hall: Hall, args: argparse.Namespace, step: str, record: Request) -> None:
    """After a step: the case as it now stands, ``{"case": ...}`` or one line."""
    lang = args.lang
    item = hall.case(record["code"])
    line = translate(
        lang,
        "cli.case.stepped",
        code=codes.display(record["code"]),
        step=translate(lang, f"case.step.{step}"),
        stage=translate(lang, f"case.stage.{record['case']['stage']}"),
    )
    _emit(args, {"case": _case_json(item, hall, lang)}, line)


def _actor(hall: Hall, args: argparse.Namespace) -> str:
    """``--staff``, an active account (a case step is always somebody's, as a request step is)."""
    return hall.staff_member(args.staff)["id"]


def cmd_case_assign(hall: Hall, args: argparse.Namespace) -> None:
    """Assign the case to ``--assignee`` (never the clerk rated)."""
    record = hall.assign_case(args.code, args.assignee, staff=_actor(hall, args), os_user=os_user())
    _stepped(hall, args, "assign", record)


def cmd_case_call_back(hall: Hall, args: argparse.Namespace) -> None:
    """Record the call back: what the resident said, and whether the call reached them."""
    record = hall.call_back_case(
        args.code, args.outcome, reached=not args.not_reached, staff=_actor(hall, args), os_user=os_user()
    )
    _stepped(hall, args, "call_back", record)


def cmd_case_rectify(hall: Hall, args: argparse.Namespace) -> None:
    """Record what was done to put it right (the resident reads it by code)."""
    record = hall.rectify_case(args.code, args.action, staff=_actor(hall, args), os_user=os_user())
    _stepped(hall, args, "rectify", record)


def cmd_case_grade(hall: Hall, args: argparse.Namespace) -> None:
    """The resident's grade, which closes the case, written down by ``--staff`` who called them. A resident
    grades by themselves only at a kiosk: from a shell a grade is always somebody's, on the record."""
    if not args.staff:
        raise InvalidInput("case.staff_missing", field="staff")
    record = hall.grade_case(args.code, args.grade, staff=_actor(hall, args), os_user=os_user())
    _stepped(hall, args, "grade", record)


def cmd_case_appeal(hall: Hall, args: argparse.Namespace) -> None:
    """Appeal the rating as wrong or malicious; another account reviews it."""
    record = hall.appeal_case(args.code, args.reason, staff=_actor(hall, args), os_user=os_user())
    _stepped(hall, args, "appeal", record)


def cmd_case_review(hall: Hall, args: argparse.Namespace) -> None:
    """Uphold or reject an appeal (not by the clerk rated nor the appellant)."""
    record = hall.review_case(
        args.code, upheld=args.uphold, reason=args.reason, staff=_actor(hall, args), os_user=os_user()
    )
    _stepped(hall, args, "review", record)


def add_case_commands(case: argparse.ArgumentParser, parser_class: type[argparse.ArgumentParser], options: Any) -> None:
    """``kiosk case``'s sub-commands on ``case``; ``options(sub)`` adds the global options to each."""
    steps = case.add_subparsers(dest="case_step", metavar="STEP", parser_class=parser_class, required=True)

    def step(name: str, handler: Any, help_text: str, *, code: bool = True) -> argparse.ArgumentParser:
        sub = add_step(steps, options, name, handler, help_text)
        if code:
            sub.add_argument("code", help="the follow-up's code, or the code that was rated")
        return sub

    sub = step("list", cmd_case_list, "the open cases of poor ratings, oldest first", code=False)
    sub.add_argument("--overdue", action="store_true", help="only the cases with a step past its deadline")
    sub.add_argument("--all", action="store_true", help="closed cases not yet archived too")
    step("show", cmd_case_show, "one case: what was rated and why, deadlines, the steps done and possible")
    staff_help = "staff id (an active account): who takes the step"
    sub = step("assign", cmd_case_assign, "assign the case to a clerk (never the clerk rated)")
    sub.add_argument("--assignee", required=True, metavar="ID")
    sub.add_argument("--staff", required=True, metavar="ID", help=staff_help)
    sub = step("call-back", cmd_case_call_back, "record the call back (回访) to the resident")
    sub.add_argument("--outcome", required=True, metavar="TEXT", help="what the resident said")
    sub.add_argument("--not-reached", action="store_true", help="the call did not reach the resident")
    sub.add_argument("--staff", required=True, metavar="ID", help=staff_help)
    sub = step("rectify", cmd_case_rectify, "record the rectification (整改): what was done; the resident reads it")
    sub.add_argument("--action", required=True, metavar="TEXT", help="what was done to put it right")
    sub.add_argument("--staff", required=True, metavar="ID", help=staff_help)
    sub = step("grade", cmd_case_grade, "the resident's grade of the rectification, which closes the case")
    sub.add_argument("grade", help="3 satisfied (满意), 2 fairly-satisfied (基本满意), 1 dissatisfied (不满意)")
    sub.add_argument(
        "--staff", metavar="ID", help="the clerk who called and writes the grade down (not the clerk rated)"
    )
    sub = step("appeal", cmd_case_appeal, "appeal the rating (申诉) as wrong or malicious; another account reviews it")
    sub.add_argument("--reason", required=True, metavar="TEXT")
    sub.add_argument("--staff", required=True, metavar="ID", help=staff_help)
    sub = step("review", cmd_case_review, "review an appeal: uphold it (the rating no longer counts) or reject it")
    outcome = sub.add_mutually_exclusive_group(required=True)
    outcome.add_argument("--uphold", dest="uphold", action="store_true", help="the appeal stands: the case closes")
    outcome.add_argument("--reject", dest="uphold", action="store_false", help="the appeal fails: the case goes on")
    sub.add_argument("--reason", required=True, metavar="TEXT")
    sub.add_argument("--staff", required=True, metavar="ID", help="staff id: neither the clerk rated nor the appellant")
