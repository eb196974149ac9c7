"""The whole hall in tmux: 4 resident kiosks, 6 signed-in counter consoles and the display board on one data
file, while a driver commits 3 times a second: the CPU all the terminals take together, and how long a call
takes to show on the board and on the calling counter's console.

Every terminal is the real program (``kiosk run``, ``kiosk staff --counter N``, ``kiosk board``), started in its
own detached tmux session (80x24) on a private tmux server (``tmux -L benchhall``), on a demo file
(``kiosk demo``, a training copy, so ``--now`` is allowed) in a temporary folder, every terminal with the same
``--now``. Each console is signed in by sending it the keys a clerk types (staff id, Enter, PIN, Enter) and the
pane is checked to show that counter and that clerk.

The driver is this process: a :class:`~kiosk.hall.Hall` on the same file with a clock that runs from the same
``--now``. Before measuring it issues a few tickets for every service and calls one at every counter, so each
counter is serving and has someone waiting. Then, for each phase, it reads the CPU time (``utime + stime``,
children included, of every process in each pane's process tree, from ``/proc``) before and after:

* ``idle``: no commits for 20 s (the control: what polling and clocks cost);
* ``3 commits/s``: 60 s of commits at fixed instants, 3 a second, taking the counters in turn; at each counter
  the driver issues a ticket for one of its services, finishes the resident being served and calls the next
  one (``Hall.issue_ticket``, ``Hall.finish``, ``Hall.call_next``: three transactions).

For every call, a second thread polls the board's pane and the calling console's pane (one ``tmux
capture-pane`` command for both, about every 10 ms) until the called number shows: anywhere on the board (which
shows numbers only once called), and inside the console's "now serving" box (its queue lists waiting numbers
too, and when it serves nobody its box says which number is next: only a line starting with the number counts).
The time from the commit (``call_next`` returned) to the first capture showing it is the latency; it
includes up to one poll interval and the capture itself (a few ms).

Targets (issue "A busy day costs what a quiet one does"): all terminals together <= 25 % of one core at 3
commits a second, and p90 <= 300 ms from a commit to the board and to the console.

Run: ``python bench/bench_hall.py [--seconds 60] [--idle 20] [--rate 3] [--days 30]``; about two minutes. Needs
tmux. A benchmark that prints tables, not a test.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from _common import REPO, bench_morning, config, print_table, summary

from kiosk.clock import RunningClock
from kiosk.errors import KioskError
from kiosk.hall import Hall

SOCKET = "benchhall"
KIOSK = str(Path(sys.executable).parent / "kiosk")
PIN = "246813"  # the demo accounts' PIN (kiosk demo)
TICK = os.sysconf("SC_CLK_TCK")
CPU_TARGET, LATENCY_TARGET_MS = 25.0, 300.0
POLL = 0.010
GIVE_UP = 5.0
SEPARATOR = "@@@@ next pane @@@@"
#: What a kiosk's home screen shows (the hall's name), in either language.
KIOSK_HOME = r"阳光社区|Sunshine Community"


def tmux(*args: str, check: bool = True) -> str:
    done = subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=False)
    if check and done.returncode:
        raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


# --------------------------------------------------------------------------------------------- the terminals


@dataclass
class Terminal:
    session: str
    kind: str  # kiosk, console or board
    argv: list[str]
    counter: str | None = None
    pid: int = 0


def start(terminals: list[Terminal], env: dict[str, str]) -> None:
    settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    for terminal in terminals:
        command = f"exec env {settings} {shlex.quote(KIOSK)} {' '.join(map(shlex.quote, terminal.argv))}"
        tmux("new-session", "-d", "-s", terminal.session, "-x", "80", "-y", "24", command)
        terminal.pid = int(tmux("list-panes", "-t", terminal.session, "-F", "#{pane_pid}").split()[0])


def capture(*sessions: str) -> list[str]:
    """The screens of ``sessions`` (one tmux command for all of them)."""
    args: list[str] = []
    for n, session in enumerate(sessions):
        if n:
            args += [";", "display-message", "-p", SEPARATOR, ";"]
        args += ["capture-pane", "-p", "-t", session]
    return tmux(*args).split(SEPARATOR + "\n")


def wait_for(session: str, pattern: str, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        screen = capture(session)[0]
        if re.search(pattern, screen):
            return screen
        if time.monotonic() > deadline:
            raise SystemExit(f"{session} never showed {pattern!r}; its screen:\n{screen}")
        time.sleep(0.2)


def serving_box(screen: str) -> str:
    """The console's serving box, from its top border to its bottom border. Serving, its first line starts with
    the number ("│  A003   Social security ..."); when not, it names the next one ("│ Next: A004 ...")."""
    lines = screen.splitlines()
    top = next((i for i, line in enumerate(lines) if line.lstrip().startswith("╭")), None)
    if top is None:
        return ""
    bottom = next((i for i in range(top + 1, len(lines)) if lines[i].lstrip().startswith("╰")), len(lines))
    return "\n".join(lines[top : bottom + 1])


def processes() -> dict[int, tuple[int, int]]:
    """Every process: pid -> (parent pid, utime + stime + cutime + cstime in clock ticks)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()  # after "pid (comm) ": state, ppid, ...
        found[int(entry)] = (int(fields[1]), sum(int(v) for v in fields[11:15]))
    return found


def cpu_ticks(root: int, table: dict[int, tuple[int, int]]) -> int:
    """CPU ticks of ``root`` and every process below it (children that ended count in their parent)."""
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, _) in table.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    return sum(table[pid][1] for pid in tree if pid in table)


def cpu_by_kind(terminals: list[Terminal]) -> dict[str, int]:
    table = processes()
    totals: dict[str, int] = {}
    for terminal in terminals:
        totals[terminal.kind] = totals.get(terminal.kind, 0) + cpu_ticks(terminal.pid, table)
    server = int(tmux("display-message", "-p", "#{pid}").strip())
    totals["tmux server"] = cpu_ticks(server, table) - sum(cpu_ticks(t.pid, table) for t in terminals)
    own = os.times()
    totals["driver"] = round((own.user + own.system + own.children_user + own.children_system) * TICK)
    return totals


# --------------------------------------------------------------------------------------------- the driver


@dataclass
class Watch:
    number: str
    counter: str
    console: str
    committed: float
    board: float | None = None
    desk: float | None = None


@dataclass
class Watcher:
    """Polls the board and the calling consoles until every called number shows."""

    pending: list[Watch] = field(default_factory=list)
    done: list[Watch] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)
    captures: int = 0

    def add(self, watch: Watch) -> None:
        with self.lock:
            self.pending.append(watch)

    def run(self) -> None:
        while not (self.stop.is_set() and not self.pending):
            with self.lock:
                pending = list(self.pending)
            if not pending:
                time.sleep(POLL / 2)
                continue
            began = time.monotonic()
            consoles = sorted({w.console for w in pending})
            screens = capture("board", *consoles)
            seen = time.monotonic()
            self.captures += 1
            board, desks = screens[0], dict(zip(consoles, map(serving_box, screens[1:])))
            for watch in pending:
                if watch.board is None and re.search(rf"\b{watch.number}\b", board):
                    watch.board = seen - watch.committed
                if watch.desk is None and re.search(rf"│\s+{watch.number}\s", desks[watch.console]):
                    watch.desk = seen - watch.committed
                finished = watch.board is not None and watch.desk is not None
                if finished or seen - watch.committed > GIVE_UP:
                    with self.lock:
                        self.pending.remove(watch)
                        self.done.append(watch)
            time.sleep(max(0.0, POLL - (time.monotonic() - began)))


def drive(hall: Hall, seconds: float, rate: float, plan: list[tuple[str, str]], watcher: Watcher) -> dict[str, int]:
    """Commit ``rate`` times a second for ``seconds``: per counter in turn, issue, finish, call."""
    counts = {"commits": 0, "refused": 0, "late": 0}
    began = time.monotonic()
    step = 0
    while True:
        due = began + step / rate
        if due - began >= seconds:
            break
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        elif delay < -1 / rate:
            counts["late"] += 1
        service, counter = plan[(step // 3) % len(plan)]
        try:
            if step % 3 == 0:
                hall.issue_ticket(service)
            elif step % 3 == 1:
                hall.finish(counter)
            else:
                ticket = hall.call_next(counter)
                if ticket is not None:
                    watcher.add(Watch(ticket["number"], counter, f"c{counter}", time.monotonic()))
            counts["commits"] += 1
        except KioskError:
            counts["refused"] += 1
        step += 1
    return counts


def counter_plan(hall: Hall) -> list[tuple[str, str]]:
    """(service, counter) pairs: each counter in turn, with each of its walk-in services in turn."""
    plan = []
    counters = hall.config.counters
    for round_ in range(max(len(c.services) for c in counters)):
        for counter in counters:
            services = [s for s in counter.services if hall.config.service(s).walk_in]
            plan.append((services[round_ % len(services)], counter.id))
    return plan


# --------------------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the busy phase (default 60)")
    parser.add_argument("--idle", type=float, default=20.0, help="length of the idle phase (default 20)")
    parser.add_argument("--rate", type=float, default=3.0, help="commits a second (default 3)")
    parser.add_argument("--days", type=int, default=30, help="days of demo history (default 30)")
    parser.add_argument("--kiosks", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="leave the tmux server running (tmux -L benchhall)")
    args = parser.parse_args()
    if subprocess.run(["tmux", "-V"], capture_output=True, check=False).returncode:
        raise SystemExit("tmux is needed")
    cfg = config()
    now = bench_morning(cfg).replace(hour=10, minute=0)
    with tempfile.TemporaryDirectory(prefix="kiosk-hall-") as folder:
        data = Path(folder) / "hall.json"
        env = {
            "KIOSK_CONFIG": str(REPO / "kiosk.toml"),
            "KIOSK_DATA": str(data),
            "KIOSK_NOW": now.isoformat(timespec="minutes"),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", folder),
            "LANG": "C.UTF-8",
        }
        began = time.perf_counter()
        subprocess.run(
            [KIOSK, "demo", "--days", str(args.days)], env={**os.environ, **env}, check=True, capture_output=True
        )
        made = time.perf_counter() - began
        tmux("kill-server", check=False)  # a server left by an earlier run of this script
        try:
            run(args, cfg, now, data, env, made)
        finally:
            if not args.keep:
                tmux("kill-server", check=False)


def run(args: Any, cfg: Any, now: datetime, data: Path, env: dict[str, str], made: float) -> None:
    terminals = [Terminal(f"k{n + 1}", "kiosk", ["run"]) for n in range(args.kiosks)]
    terminals += [
        Terminal(f"c{c.id}", "console", ["--lang", "en", "staff", "--counter", c.id], counter=c.id)
        for c in cfg.counters
    ]
    terminals.append(Terminal("board", "board", ["board"]))
    clock = RunningClock(now, cfg.timezone)  # started with the terminals, like their --now
    launched = time.perf_counter()
    start(terminals, env)
    hall = Hall.open(cfg, clock=clock, data_path=str(data), durable=True)
    for terminal in terminals:
        wait_for(
            terminal.session, {"kiosk": KIOSK_HOME, "console": r"Staff id", "board": r"Recent calls"}[terminal.kind]
        )
    ready = time.perf_counter() - launched
    # Sign in at every counter, as a clerk would: staff id, Enter, PIN, Enter.
    staff_of = {c.id: f"s{c.id.zfill(2)}" for c in cfg.counters}
    for terminal in terminals:
        if terminal.kind == "console":
            tmux("send-keys", "-t", terminal.session, staff_of[terminal.counter or ""], "Enter")
            tmux("send-keys", "-t", terminal.session, PIN, "Enter")
    signed = []
    for terminal in terminals:
        if terminal.kind == "console":
            # The counter screen: its state line. At 80 columns in English the bar names only the clerk (the tabs
            # leave no room for the counter), so the sessions below are what proves each sign-in.
            screen = wait_for(terminal.session, r"Served today")
            signed.append(f"{terminal.session}: {screen.splitlines()[1].strip()}")
    sessions = {s["counter"]: s["staff"] for s in (hall.session(c.id) for c in cfg.counters) if s is not None}
    if sessions != staff_of:
        raise SystemExit(f"sign-in did not take: sessions {sessions}, expected {staff_of}")
    # Someone waiting for every service and someone being served at every counter.
    plan = counter_plan(hall)
    for _ in range(3):
        for service in sorted({s for s, _ in plan}):
            hall.issue_ticket(service)
    for c in cfg.counters:
        hall.call_next(c.id)
    time.sleep(5)  # let every terminal show it and settle

    rows, watcher = [], Watcher()
    before, began = cpu_by_kind(terminals), time.monotonic()
    time.sleep(args.idle)
    rows.append(cpu_row("idle", time.monotonic() - began, 0, before, cpu_by_kind(terminals)))
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    before, began = cpu_by_kind(terminals), time.monotonic()
    counts = drive(hall, args.seconds, args.rate, plan, watcher)
    elapsed = time.monotonic() - began
    after = cpu_by_kind(terminals)
    watcher.stop.set()
    thread.join()
    rows.append(cpu_row(f"{args.rate:g} commits/s", elapsed, counts["commits"], before, after))
    final = dict(zip([t.session for t in terminals], capture(*(t.session for t in terminals))))

    print(
        f"{args.kiosks} kiosks, {len(cfg.counters)} signed-in consoles and a board in tmux (80x24, tmux -L {SOCKET}), "
        f"--now {env['KIOSK_NOW']}, demo file of {args.days} days (made in {made:.1f} s); all terminals drawn in "
        f"{ready:.1f} s. CPU in % of one core; 'driver' is this process with its tmux captures (not counted)."
    )
    print(
        f"Busy phase: {counts['commits']} commits ({counts['refused']} refused, {counts['late']} more than one "
        f"interval late), {len(watcher.done)} calls watched with {watcher.captures} captures."
    )
    print_table(
        "CPU of all terminals",
        [
            "phase",
            "seconds",
            "commits",
            "kiosks %",
            "consoles %",
            "board %",
            "terminals %",
            f"<= {CPU_TARGET:g} %",
            "tmux server %",
            "driver %",
        ],
        rows,
    )
    latency = []
    for where, attr in (("board", "board"), ("calling console", "desk")):
        seen = [getattr(w, attr) for w in watcher.done if getattr(w, attr) is not None]
        median, p90 = summary(seen)
        latency.append(
            [
                where,
                len(watcher.done),
                len(seen),
                median,
                p90,
                max(seen) * 1000 if seen else float("nan"),
                "PASS" if seen and p90 <= LATENCY_TARGET_MS and len(seen) == len(watcher.done) else "FAIL",
            ]
        )
    print_table(
        "From a call's commit to its number on screen",
        ["where", "calls", "shown", "median ms", "p90 ms", "max ms", f"p90 <= {LATENCY_TARGET_MS:g} ms"],
        latency,
    )
    print_table("What the panes showed at the end", ["pane", "shows"], describe(final, signed, cfg))
    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "hall-panes.txt").write_text("".join(f"===== {name}\n{screen}\n" for name, screen in final.items()))
    print(f"Every pane's last screen: {out / 'hall-panes.txt'}")


def cpu_row(phase: str, seconds: float, commits: int, before: dict[str, int], after: dict[str, int]) -> list[object]:
    share = {kind: (after[kind] - before[kind]) / TICK / seconds * 100 for kind in after}
    terminals = share["kiosk"] + share["console"] + share["board"]
    return [
        phase,
        f"{seconds:.1f}",
        commits,
        f"{share['kiosk']:.1f}",
        f"{share['console']:.1f}",
        f"{share['board']:.1f}",
        f"{terminals:.1f}",
        "PASS" if terminals <= CPU_TARGET else "FAIL",
        f"{share['tmux server']:.1f}",
        f"{share['driver']:.1f}",
    ]


def describe(final: dict[str, str], signed: list[str], cfg: Any) -> list[list[str]]:
    """One line per kind of pane, from its last screen, to see that they show real data."""
    rows = []
    board = final["board"]
    calls = re.findall(r"\b([A-Z]\d{3,})\s*→\s*(\d+)", board)
    rows.append(["board", f"recent calls: {', '.join(f'{n} → {c}' for n, c in calls) or 'none'}"])
    for session, screen in final.items():
        if session.startswith("c"):
            box = serving_box(screen)
            number = re.search(r"│\s+([A-Z]\d{3,})\s", box)
            lines = screen.splitlines()
            header = lines[1].strip() if len(lines) > 1 else "?"  # the tabs and the clerk signed in
            header = re.sub(r"\s{2,}", " ", header)
            rows.append([session, f"{header[-24:]}; serving {number.group(1) if number else 'nobody'}"])
    kiosk = final["k1"]
    rows.append(["k1", " | ".join(line.strip() for line in kiosk.splitlines()[:3] if line.strip())[:110]])
    rows.append(["sign-in", f"{len(signed)} consoles signed in"])
    return rows


if __name__ == "__main__":
    main()
