"""``kiosk.toml`` read into typed, frozen, validated objects.

Who reads what:

* ``[hall]`` -- the CLI and the app factory (``data`` picks the store file, ``timezone`` the clock), the kiosk
  screens (``language``, ``theme``, ``idle_seconds``) and the board (``name``).
* ``[hours]``, ``[[windows]]``, ``[calendar]`` -- only :mod:`kiosk.hours`; every other module asks
  :class:`kiosk.hours.HallHours` whether the hall is open instead of reading these itself.
* ``[[services]]`` -- the queue (``prefix``, ``avg_minutes``, ``walk_in``, ``staggered``), booking
  (``booking``, ``slot_minutes``, ``slot_capacity``) and the kiosk screens (``name``, ``documents``).
* ``[[counters]]`` -- the queue (which counter may call which services) and the staff screen.
* ``[[categories]]`` -- service requests (deadline in working days, whether an address is needed).
* ``[booking]``, ``[queue]``, ``[ratings]``, ``[store]`` -- the module of the same name.
* ``[board]`` -- the display board screen only (how it shows its two languages, how many recent calls).
* ``[announce]`` -- the spoken calls only (:mod:`kiosk.announce` for the sentences, :mod:`kiosk.voice` for the
  sound: voices, chime and player).
* ``[notify]`` -- text messages to residents: :mod:`kiosk.notices` (which events), :mod:`kiosk.outbox` (quiet
  hours, the cap, retries), :mod:`kiosk.gateways` (the gateway, its template codes and where its secrets are).
* ``[[terminals]]`` -- the faces started with ``--terminal ID`` (their mode, counter, language and devices: a
  slip printer, speakers), typed in :mod:`kiosk.terminals`; the printer is read by :mod:`kiosk.printing`.

Validation is strict and hand-written: an unknown key, a wrong type (a boolean is never an integer), an
out-of-range number or an inconsistency between sections stops the load with one :class:`ConfigError` for the
first problem found, worded ``"<key path>: expected <what>, got <what>"`` so whoever edits the file can go
straight to the line. Nothing half-valid is ever returned, so the rest of the code trusts every field.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shlex
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Generic, NoReturn, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.errors import ConfigError, KioskError
from kiosk.terminals import CONNECTIONS, COUNTER_MODES, MODES, PrinterProfile, SoundProfile, Terminal

__all__ = [
    "ANNOUNCE_LANGUAGES",
    "NUMBER_STYLES",
    "AnnounceRules",
    "BOARD_BILINGUAL",
    "LANGUAGES",
    "THEMES",
    "WEEKDAYS",
    "BoardRules",
    "GATEWAYS",
    "NOTIFY_EVENTS",
    "check_gateway_settings",
    "NotifyRules",
    "BookingRules",
    "Counter",
    "HallConfig",
    "Period",
    "QueueRules",
    "RatingRules",
    "RequestCategory",
    "Service",
    "StoreRules",
    "Text",
    "Window",
    "ConfigNotFound",
    "bundled_config",
    "config_candidates",
    "find_config",
    "load_config",
    "parse_config",
    "write_starting_config",
]

#: The UI languages, in the order the language toggle offers them.
LANGUAGES = ("zh-Hans", "en")
#: The themes ``hall.theme`` may name.
THEMES = ("default", "high-contrast")
#: How the board may show its two languages (``board.bilingual``).
BOARD_BILINGUAL = ("side-by-side", "alternate")
#: Day names as written in the toml; the index is ``date.weekday()`` (0 = Monday).
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# --------------------------------------------------------------------------------------------------------------
# The typed configuration
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A string in both of the hall's languages (written ``{zh = "...", en = "..."}`` in the toml)."""

    zh_hans: str
    """Simplified Chinese."""
    en: str
    """English; also the fallback for any language the hall does not have."""

    def get(self, lang: str) -> str:
        """The string in ``lang``: ``"zh-Hans"`` gives the Chinese, any other language the English."""
        return self.zh_hans if lang == "zh-Hans" else self.en

    def __str__(self) -> str:
        return f"{self.zh_hans} / {self.en}"


@dataclass(frozen=True)
class Period:
    """A span of opening time within one day, ``start`` inclusive, ``end`` exclusive; ``end > start``."""

    start: time
    end: time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True)
class Window:
    """A staggered-hours window (错时服务): extra opening outside regular hours, such as weekday evenings."""

    id: str
    """Stable identifier, referred to by :class:`kiosk.hours.OpenPeriod.window_id`."""
    name: Text
    """What the board and the kiosk call it."""
    days: frozenset[int]
    """Weekdays it runs on, 0 = Monday .. 6 = Sunday."""
    start: time
    """Opening time (inclusive)."""
    end: time
    """Closing time (exclusive), after ``start`` on the same day."""
    walk_in: bool
    """Whether residents can take a queue ticket during the window."""
    booking: bool
    """Whether appointments can be booked into the window."""

    @property
    def period(self) -> Period:
        """The window's hours as a :class:`Period`."""
        return Period(self.start, self.end)


@dataclass(frozen=True)
class Service:
    """One kind of business the hall handles; each has its own ticket letter and booking slots."""

    id: str
    """Stable identifier used in the store and by counters."""
    prefix: str
    """The ticket letter (A-Z), unique across services: ticket ``A012`` belongs to the service with prefix A."""
    name: Text
    """Shown on the kiosk buttons, the tickets and the board."""
    avg_minutes: int
    """Starting estimate of minutes per resident (1..240), until the queue has learnt real times."""
    documents: tuple[Text, ...]
    """What to bring, shown before a ticket or booking is taken."""
    walk_in: bool
    """Whether residents can take a queue ticket for it."""
    booking: bool
    """Whether it can be booked ahead."""
    slot_minutes: int
    """Length of one booking slot (5..240)."""
    slot_capacity: int
    """Appointments one slot can hold (1..100)."""
    staggered: bool = True
    """Whether it is offered in staggered-hours windows too, not only in regular hours."""


@dataclass(frozen=True)
class Counter:
    """A service window (窗口) staffed by a clerk, calling tickets of the services it handles."""

    id: str
    """Stable identifier, also what the board shows ("1" for 1号窗口)."""
    name: Text
    """Full name, e.g. 1号窗口 / Counter 1."""
    services: tuple[str, ...]
    """Ids of the services it serves, non-empty, in the order of the toml."""


@dataclass(frozen=True)
class RequestCategory:
    """A kind of service request a resident can lodge (home visit, repair, complaint ...)."""

    id: str
    """Stable identifier used in the store."""
    name: Text
    """Shown on the request form and the staff list."""
    deadline_days: int
    """Working days (1..60) the hall has to respond, counted with :meth:`kiosk.hours.HallHours.add_working_days`."""
    needs_address: bool
    """Whether the form must ask for an address (someone will go there)."""


@dataclass(frozen=True)
class BookingRules:
    """Rules for appointments, read by :mod:`kiosk.booking`."""

    lead_minutes: int
    """A slot must start at least this many minutes after the booking is made."""
    horizon_days: int
    """How many days ahead slots can be booked."""
    per_phone_per_day: int
    """Most appointments one phone number may hold on one day."""
    checkin_early_minutes: int
    """How early before the slot a resident may check in."""
    checkin_late_minutes: int
    """Up to how many minutes after the slot starts a check-in gives an appointment ticket (called ahead of
    walk-ins). Later the same day, while the hall is open, check-in still works but joins the normal queue (the
    appointment is marked late, not a no-show); only an appointment never checked in that day is a no-show."""


@dataclass(frozen=True)
class QueueRules:
    """Rules for the walk-in queue, read by :mod:`kiosk.queue`."""

    max_wait_minutes: int
    """Fairness cap: a ticket waiting longer than this is called before newer ones at any counter serving it."""
    max_recalls: int
    """How many times a ticket can be re-called before it is marked absent."""
    learn_min_samples: int = 3
    """Completed tickets needed before measured service times replace ``avg_minutes``."""
    early_ticket_minutes: int = 0
    """How many minutes (0..240) before a walk-in session opens (the morning, or the afternoon after the lunch
    break) tickets for it are already issued; their wait counts from the opening. 0: only while it is open."""
    recall_interval_seconds: int = 30
    """Seconds (0..600) a counter waits after a call or recall before it may recall the same ticket: time for
    the resident to hear it and walk over."""


@dataclass(frozen=True)
class RatingReason:
    """One reason a resident may give for a poor rating (``[[ratings.reasons]]``)."""

    id: str
    name: Text


#: The reasons offered when ``[ratings]`` lists none: the usual causes of a 差评 in the provincial forms. ``other``
#: asks for the resident's own words.
DEFAULT_RATING_REASONS = (
    RatingReason("slow", Text(zh_hans="办事效率低，等候时间长", en="Slow service or a long wait")),
    RatingReason("attitude", Text(zh_hans="服务态度不好", en="Unfriendly or impatient staff")),
    RatingReason("unclear", Text(zh_hans="告知不清，没有一次说清", en="Not told clearly, or not all at once")),
    RatingReason("runs", Text(zh_hans="材料反复要求，多次跑动", en="Asked again for documents, made to come back")),
    RatingReason("rules", Text(zh_hans="未按规定办理", en="Not handled by the rules")),
    RatingReason("facilities", Text(zh_hans="设施或环境不便", en="Facilities or surroundings")),
    RatingReason("other", Text(zh_hans="其他（请写明）", en="Other (please say what)")),
)
#: The reason that needs the resident's own words in the comment.
OTHER_REASON = "other"


@dataclass(frozen=True)
class RatingRules:
    """Rules for satisfaction ratings (好差评) and the handling of poor ones, read by :mod:`kiosk.ratings` and
    :mod:`kiosk.rectification`."""

    follow_up_days: int = 15
    """Working days within which a poor rating must be rectified (整改): Sichuan 15, Dezhou 5."""
    window_days: int = 30
    """Calendar days after a visit during which it can still be rated."""
    call_back_days: int = 1
    """Working days within which the resident who gave a poor rating must be called back (回访)."""
    grade_days: int = 7
    """Calendar days a rectified case waits for the resident's grade before it closes ungraded."""
    pad_seconds: int = 30
    """Seconds the rating pad at a counter waits for the resident before it records "not rated"."""
    indicators: bool = False
    """Whether the pad also asks the three indicators (服务效率, 服务水平, 服务态度) after the overall level."""
    reasons: tuple[RatingReason, ...] = DEFAULT_RATING_REASONS
    """The reasons offered for a rating of 2 or 1, in toml order."""
    office_code: str = ""
    """The hall's department (office) code in the provincial evaluation system (exports)."""
    region_code: str = ""
    """The hall's administrative region code (行政区划代码, e.g. 510104) in the provincial evaluation system."""


@dataclass(frozen=True)
class StoreRules:
    """Rules for the data file, read by :mod:`kiosk.store`."""

    backups_keep: int = 24
    """How many rotating backups of the data file to keep."""
    backup_interval_minutes: int = 60
    """Minimum minutes between two backups."""
    lock_timeout_seconds: float = 10.0
    """How long a writer waits for the file lock before giving up with a StoreError."""
    group: str | None = None
    """A system group that may read (not write) the data files, backups, archive and exports (files 0640, folders
    0750); without one they are the owner's only (0600 / 0700). They hold residents' phones and PIN hashes."""


@dataclass(frozen=True)
class BoardRules:
    """How the display board (``kiosk board``) shows the hall, read by the board screen."""

    bilingual: str = "side-by-side"
    """One of :data:`BOARD_BILINGUAL`: ``side-by-side`` shows Chinese and English together, ``alternate`` one
    language at a time, switching every ``alternate_seconds``."""
    alternate_seconds: int = 6
    """Seconds each language stays up when alternating (2..60)."""
    recent_calls: int = 6
    """How many of the last calls the board lists beside the current ones (1..20)."""


# eq=False: identity equality makes the config hashable, so modules can cache per config object; two loads of
# the same file are still distinct configs, which is what a reload should mean anyway.
@dataclass(frozen=True, eq=False)
class HallConfig:
    """Everything in ``kiosk.toml``, validated. Built by :func:`load_config` (or :func:`parse_config` in tests)."""

    source: Path
    """Absolute path of the toml it was read from."""
    name: Text
    """The hall's name, shown on the board and the kiosk header."""
    timezone: ZoneInfo
    """The hall's timezone; every instant in the system is aware in it."""
    timezone_name: str
    """The IANA name of ``timezone`` as written in the toml, e.g. ``Asia/Shanghai``."""
    data_path: Path
    """The store's data file (``hall.data``), resolved relative to the toml's folder."""
    language: str
    """Default UI language, one of :data:`LANGUAGES`; a resident's toggle returns to it when idle."""
    theme: str
    """One of :data:`THEMES`."""
    idle_seconds: int
    """Seconds without a keypress after which the kiosk returns to its start screen."""
    regular_hours: dict[int, tuple[Period, ...]]
    """Weekday (0 = Monday) -> its regular periods, sorted and non-overlapping; every weekday is present and a
    closed day maps to ``()``."""
    windows: tuple[Window, ...]
    """Staggered-hours windows, in toml order."""
    holidays: dict[date, Text]
    """Whole-day closures for public holidays, with the holiday's name."""
    closures: dict[date, Text]
    """Other whole-day closures (maintenance and the like), with the reason."""
    makeup_workdays: dict[date, int]
    """调休: a Saturday or Sunday worked as if it were this weekday (0..4)."""
    services: tuple[Service, ...]
    """Services in toml order (the kiosk shows them in this order)."""
    counters: tuple[Counter, ...]
    """Counters in toml order."""
    categories: tuple[RequestCategory, ...]
    """Request categories in toml order."""
    booking: BookingRules
    """``[booking]``."""
    queue: QueueRules
    """``[queue]``."""
    ratings: RatingRules
    """``[ratings]``."""
    store: StoreRules
    """``[store]``."""
    board: BoardRules = BoardRules()
    """``[board]`` (optional: every key has a default)."""
    # A factory: AnnounceRules is defined with its parser at the end of this module.
    announce: AnnounceRules = field(default_factory=lambda: AnnounceRules())
    """``[announce]``: the spoken calls (optional: every key has a default)."""
    provisional_days: frozenset[date] = frozenset()
    """Days of ``holidays`` and ``makeup_workdays`` from entries marked ``provisional = true``: written before the
    State Council published that year's schedule, to be checked against the notice (``kiosk check`` lists them)."""
    notify: NotifyRules = field(default_factory=lambda: NotifyRules())
    """``[notify]``: text messages to residents (optional: off unless a gateway is set)."""
    terminals: tuple[Terminal, ...] = ()
    """``[[terminals]]``: the profiles ``--terminal ID`` starts a face with, in toml order (optional)."""

    @cached_property
    def services_by_id(self) -> dict[str, Service]:
        """Services keyed by id."""
        return {service.id: service for service in self.services}

    @cached_property
    def counters_by_id(self) -> dict[str, Counter]:
        """Counters keyed by id."""
        return {counter.id: counter for counter in self.counters}

    @cached_property
    def categories_by_id(self) -> dict[str, RequestCategory]:
        """Request categories keyed by id."""
        return {category.id: category for category in self.categories}

    def service(self, id: str) -> Service:
        """The service with this id; raises ``KeyError`` if there is none."""
        return self.services_by_id[id]

    def counter(self, id: str) -> Counter:
        """The counter with this id; raises ``KeyError`` if there is none."""
        return self.counters_by_id[id]

    def category(self, id: str) -> RequestCategory:
        """The request category with this id; raises ``KeyError`` if there is none."""
        return self.categories_by_id[id]

    def terminal(self, id: str) -> Terminal:
        """The terminal profile with this id; raises ``KeyError`` if there is none."""
        for terminal in self.terminals:
            if terminal.id == id:
                return terminal
        raise KeyError(id)


# --------------------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------------------


#: The folder name under the user's and the system's config folders.
CONFIG_FOLDER = "hall-kiosk"
#: The file name looked for in each folder.
CONFIG_NAME = "kiosk.toml"


class ConfigNotFound(ConfigError):
    """No ``kiosk.toml`` where the command line, the environment or the usual places say: the message lists
    where it looked and how to name one (``--config``, ``$KIOSK_CONFIG``, ``kiosk init --write-config``)."""

    def __init__(self, looked: list[str]) -> None:
        KioskError.__init__(self, "config.not_found", looked="; ".join(looked))


def user_config_dir(environ: Mapping[str, str] | None = None) -> Path:
    """This user's config folder for Hall Kiosk: ``$XDG_CONFIG_HOME/hall-kiosk``, else
    ``~/.config/hall-kiosk`` (on Windows ``%APPDATA%\\hall-kiosk``)."""
    env = os.environ if environ is None else environ
    if os.name == "nt" and env.get("APPDATA"):
        return Path(env["APPDATA"]) / CONFIG_FOLDER
    base = env.get("XDG_CONFIG_HOME") or ""
    # The XDG spec: a relative $XDG_CONFIG_HOME is invalid and ignored.
    return (Path(base) if base and Path(base).is_absolute() else Path.home() / ".config") / CONFIG_FOLDER


def config_candidates(given: str | None = None, environ: Mapping[str, str] | None = None) -> list[tuple[str, Path]]:
    """Where the config is looked for, in order, each with how it was chosen: ``--config`` (``given``), else
    ``$KIOSK_CONFIG``; when neither names one, ``./kiosk.toml``, the user's config folder
    (:func:`user_config_dir`), then ``/etc/hall-kiosk/kiosk.toml``. A file named on the command line or in the
    environment is the only candidate: a mistyped path must not silently fall back to another hall's file."""
    env = os.environ if environ is None else environ
    if given:
        return [("--config", Path(given).expanduser())]
    if env.get("KIOSK_CONFIG"):
        return [("$KIOSK_CONFIG", Path(env["KIOSK_CONFIG"]).expanduser())]
    return [
        ("./", Path.cwd() / CONFIG_NAME),
        ("user", user_config_dir(env) / CONFIG_NAME),
        ("system", Path("/etc") / CONFIG_FOLDER / CONFIG_NAME),
    ]


def find_config(given: str | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The first of :func:`config_candidates` that exists; :class:`ConfigNotFound` (listing every place looked)
    when none does."""
    candidates = config_candidates(given, environ)
    for _, path in candidates:
        if path.exists():
            return path
    raise ConfigNotFound([f"{path} ({how})" for how, path in candidates])


def bundled_config() -> bytes:
    """The starting ``kiosk.toml`` shipped inside the package (every key commented; a hall edits its copy)."""
    from importlib.resources import files

    return files("kiosk").joinpath(CONFIG_NAME).read_bytes()


def write_starting_config(path: str | os.PathLike[str]) -> Path:
    """Write :func:`bundled_config` to ``path`` (a file, or a folder to hold ``kiosk.toml``: an existing one, or
    one ending in ``/``), creating missing folders; never over an existing file (:class:`FileExistsError`).
    Returns the path written."""
    target = Path(path).expanduser()
    if target.is_dir() or str(path).endswith(("/", os.sep)):
        target = target / CONFIG_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("xb") as file:  # "x": refuses an existing file, even one created a moment ago
        file.write(bundled_config())
    return target.absolute()


def load_config(path: str | os.PathLike[str]) -> HallConfig:
    """Read and validate the toml at ``path``.

    Raises :class:`ConfigError` when the file is missing or unreadable, is not valid TOML (the message carries
    the line and column), or fails validation.
    """
    source = Path(path).expanduser().resolve()
    try:
        with source.open("rb") as file:
            data = tomllib.load(file)
    except FileNotFoundError:
        raise ConfigError(f"{source}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message already ends "(at line L, column C)".
        raise ConfigError(f"{source}: invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{source}: expected UTF-8 text, got an undecodable byte at offset {exc.start}") from None
    except OSError as exc:
        raise ConfigError(f"{source}: cannot read: {exc.strerror or exc}") from None
    try:
        return parse_config(data, source)
    except ConfigError as exc:  # say which file, as for the errors above
        raise ConfigError(f"{source}: {exc.params['text']}") from None


def parse_config(data: dict[str, Any], source: Path) -> HallConfig:
    """Validate an already-parsed toml document; ``source`` is where it came from (relative paths resolve
    against its folder). Raises :class:`ConfigError` for the first problem found."""
    source = Path(source).expanduser().absolute()
    top = _Table(data, "", _TOP_KEYS)

    hall = _Table(top.get("hall", _TABLE), "hall", _HALL_KEYS)
    name = hall.get("name", _TEXT)
    timezone_name, timezone = hall.get("timezone", _TIMEZONE)
    data_file = hall.get("data", _STRING, "data/hall.json")
    language = hall.get("language", _choice(LANGUAGES), "zh-Hans")
    theme = hall.get("theme", _choice(THEMES), "default")
    idle_seconds = hall.get("idle_seconds", _int(10, 3600), 60)
    data_path = Path(data_file).expanduser()
    if not data_path.is_absolute():
        data_path = source.parent / data_path

    hours = _Table(top.get("hours", _TABLE), "hours", ("regular",))
    regular_hours = _parse_regular(hours.get("regular", _TABLE), "hours.regular")
    windows = top.get("windows", _array_of_tables(_WINDOW_KEYS, _parse_window, allow_empty=True), ())
    _check_windows(windows, regular_hours)
    holidays, closures, makeup, provisional = _parse_calendar(top.get("calendar", _TABLE, {}))

    services = top.get("services", _array_of_tables(_SERVICE_KEYS, _parse_service))
    _check_unique(services, "services", "id", "a unique id")
    _check_unique(services, "services", "prefix", "a prefix no other service uses")
    counters = top.get("counters", _array_of_tables(_COUNTER_KEYS, _parse_counter))
    _check_unique(counters, "counters", "id", "a unique id")
    _check_counter_services(counters, services)
    categories = top.get("categories", _array_of_tables(_CATEGORY_KEYS, _parse_category))
    _check_unique(categories, "categories", "id", "a unique id")
    terminals = top.get("terminals", _array_of_tables(_TERMINAL_KEYS, _parse_terminal, allow_empty=True), ())
    _check_unique(terminals, "terminals", "id", "a unique id")
    _check_terminal_counters(terminals, counters)

    booking = top.get("booking", _TABLE, {})
    queue = top.get("queue", _TABLE, {})
    ratings = top.get("ratings", _TABLE, {})
    store = top.get("store", _TABLE, {})

    return HallConfig(
        source=source,
        name=name,
        timezone=timezone,
        timezone_name=timezone_name,
        data_path=data_path,
        language=language,
        theme=theme,
        idle_seconds=idle_seconds,
        regular_hours=regular_hours,
        windows=windows,
        holidays=holidays,
        closures=closures,
        makeup_workdays=makeup,
        services=services,
        counters=counters,
        categories=categories,
        booking=_parse_booking(booking),
        queue=_parse_queue(queue),
        ratings=_parse_ratings(ratings),
        store=_parse_store(store),
        board=_parse_board(top.get("board", _TABLE, {})),
        announce=parse_announce(top.get("announce", _TABLE, {}), source),
        notify=parse_notify(top.get("notify", _TABLE, {}), source),
        provisional_days=provisional,
        terminals=terminals,
    )


# --------------------------------------------------------------------------------------------------------------
# Validation machinery
# --------------------------------------------------------------------------------------------------------------

_T = TypeVar("_T")
_MISSING: Any = object()

_TOP_KEYS = (
    "hall", "hours", "windows", "calendar", "services", "counters", "categories",
    "booking", "queue", "ratings", "store", "board", "terminals",
    "announce", "notify",
)  # fmt: skip
_HALL_KEYS = ("name", "timezone", "data", "language", "theme", "idle_seconds")


def _describe(value: Any) -> str:
    """``value`` as the error message shows it after "got": TOML spelling, so it matches what was typed."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, datetime):
        return f"{value.isoformat()} (a date-time)"
    if isinstance(value, (date, time)):
        return value.isoformat()
    return repr(value)


def _fail(path: str, expected: str, value: Any) -> NoReturn:
    """Raise the standard "expected ..., got ..." error."""
    raise ConfigError(f"{path}: expected {expected}, got {_describe(value)}")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


@dataclass(frozen=True)
class _Parser(Generic[_T]):
    """A value check: ``expected`` words it for messages (also when the key is missing), ``check`` does it."""

    expected: str
    check: Callable[[Any, str], _T]

    def __call__(self, value: Any, path: str) -> _T:
        return self.check(value, path)


class _Table:
    """One toml table being read: rejects unknown keys up front, then hands out checked values by key."""

    def __init__(self, data: Any, path: str, allowed: tuple[str, ...]) -> None:
        if not isinstance(data, dict):
            _fail(path or "(top level)", "a table", data)
        for key in data:
            if key not in allowed:
                raise ConfigError(f"{_join(path, key)}: unknown key; expected one of {', '.join(allowed)}")
        self.data = data
        self.path = path

    def get(self, key: str, parser: _Parser[_T], default: Any = _MISSING) -> _T:
        """The checked value of ``key``; ``default`` when absent, or an error when there is no default."""
        path = _join(self.path, key)
        if key not in self.data:
            if default is _MISSING:
                raise ConfigError(f"{path}: expected {parser.expected}, got nothing (the key is missing)")
            return default  # type: ignore[no-any-return]
        return parser(self.data[key], path)


def _int(lo: int, hi: int) -> _Parser[int]:
    expected = f"an integer {lo}..{hi}"

    def check(value: Any, path: str) -> int:
        # type() rather than isinstance(): TOML's true is a Python bool, which is an int subclass.
        if type(value) is not int or not lo <= value <= hi:
            _fail(path, expected, value)
        return value

    return _Parser(expected, check)


def _float(lo: float, hi: float) -> _Parser[float]:
    expected = f"a number {lo:g}..{hi:g}"

    def check(value: Any, path: str) -> float:
        if type(value) not in (int, float) or not lo <= value <= hi:
            _fail(path, expected, value)
        return float(value)

    return _Parser(expected, check)


def _check_bool(value: Any, path: str) -> bool:
    if type(value) is not bool:
        _fail(path, "true or false", value)
    return value


def _check_string(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        _fail(path, "a non-empty string", value)
    return value


def _check_table(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        _fail(path, "a table", value)
    return value


_BOOL = _Parser("true or false", _check_bool)
_STRING = _Parser("a non-empty string", _check_string)
_TABLE = _Parser("a table", _check_table)


def _choice(options: tuple[str, ...]) -> _Parser[str]:
    expected = "one of " + ", ".join(repr(option) for option in options)

    def check(value: Any, path: str) -> str:
        if value not in options or not isinstance(value, str):
            _fail(path, expected, value)
        return value

    return _Parser(expected, check)


_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")
_ID_EXPECTED = "an id of 1-32 lowercase letters, digits and '-' (e.g. 'social-security')"


def _check_id(value: Any, path: str) -> str:
    if not isinstance(value, str) or not _ID_RE.fullmatch(value):
        _fail(path, _ID_EXPECTED, value)
    return value


_ID = _Parser(_ID_EXPECTED, _check_id)


def _check_prefix(value: Any, path: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]", value):
        _fail(path, "one capital letter A-Z", value)
    return value


_PREFIX = _Parser("one capital letter A-Z", _check_prefix)

_TEXT_EXPECTED = 'a table {zh = "...", en = "..."}'


def _check_text(value: Any, path: str) -> Text:
    if not isinstance(value, dict):
        _fail(path, _TEXT_EXPECTED, value)
    table = _Table(value, path, ("zh", "en"))
    return Text(zh_hans=table.get("zh", _STRING), en=table.get("en", _STRING))


_TEXT = _Parser(_TEXT_EXPECTED, _check_text)


def _check_timezone(value: Any, path: str) -> tuple[str, ZoneInfo]:
    expected = "an IANA timezone name such as 'Asia/Shanghai'"
    if not isinstance(value, str) or not value:
        _fail(path, expected, value)
    try:
        return value, ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        # ValueError: ZoneInfo rejects names that are not plain relative paths ("../x", "/etc/x").
        _fail(path, expected, value)


_TIMEZONE = _Parser("an IANA timezone name such as 'Asia/Shanghai'", _check_timezone)

# Strict "HH:MM": two digits each, so "8:3" and "25:00" are refused rather than guessed at.
_TIME_RE = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
_TIME_EXPECTED = 'a time "HH:MM" between 00:00 and 23:59'


def _check_time(value: Any, path: str) -> time:
    match = _TIME_RE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        _fail(path, _TIME_EXPECTED, value)
    return time(int(match[1]), int(match[2]))


_TIME = _Parser(_TIME_EXPECTED, _check_time)
_PERIOD_EXPECTED = 'a period "HH:MM-HH:MM" (00:00-23:59) such as "08:30-12:00"'


def _check_period(value: Any, path: str) -> Period:
    parts = value.split("-") if isinstance(value, str) else []
    matches = [_TIME_RE.fullmatch(part.strip()) for part in parts]
    if len(matches) != 2 or matches[0] is None or matches[1] is None:
        _fail(path, _PERIOD_EXPECTED, value)
    start = time(int(matches[0][1]), int(matches[0][2]))
    end = time(int(matches[1][1]), int(matches[1][2]))
    if end < start:
        raise ConfigError(f"{path}: {value!r} ends before it starts")
    if end == start:
        raise ConfigError(f"{path}: {value!r} is empty; expected the end after the start")
    return Period(start, end)


_PERIOD = _Parser(_PERIOD_EXPECTED, _check_period)
_DATE_EXPECTED = "a date YYYY-MM-DD"


def _check_date(value: Any, path: str) -> date:
    # TOML has a native date (2027-01-01); a quoted "2027-01-01" is accepted too since it is a common slip.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    _fail(path, _DATE_EXPECTED, value)


_DATE = _Parser(_DATE_EXPECTED, _check_date)
_DAY_EXPECTED = "a day name, one of " + ", ".join(WEEKDAYS)


def _check_day(value: Any, path: str) -> int:
    if value not in WEEKDAYS or not isinstance(value, str):
        _fail(path, _DAY_EXPECTED, value)
    return WEEKDAYS.index(value)


_DAY = _Parser(_DAY_EXPECTED, _check_day)


def _array(item: _Parser[_T], *, allow_empty: bool = True) -> _Parser[tuple[_T, ...]]:
    expected = f"{'an' if allow_empty else 'a non-empty'} array of {item.expected}"

    def check(value: Any, path: str) -> tuple[_T, ...]:
        if not isinstance(value, list) or (not value and not allow_empty):
            _fail(path, expected, value)
        return tuple(item(element, f"{path}[{index}]") for index, element in enumerate(value))

    return _Parser(expected, check)


def _array_of_tables(
    keys: tuple[str, ...], parse: Callable[[_Table], _T], *, allow_empty: bool = False
) -> _Parser[tuple[_T, ...]]:
    """An array of tables (``[[services]]``): each element may hold only ``keys`` and is read by ``parse``."""
    expected = f"{'an' if allow_empty else 'a non-empty'} array of tables"

    def check(value: Any, path: str) -> tuple[_T, ...]:
        if not isinstance(value, list) or (not value and not allow_empty):
            _fail(path, expected, value)
        return tuple(parse(_Table(element, f"{path}[{index}]", keys)) for index, element in enumerate(value))

    return _Parser(expected, check)


# --------------------------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------------------------


def _overlaps(a: Period, b: Period) -> bool:
    # Touching periods (one ends at 12:00, the next starts at 12:00) do not overlap.
    return a.start < b.end and b.start < a.end


def _parse_regular(data: dict[str, Any], path: str) -> dict[int, tuple[Period, ...]]:
    table = _Table(data, path, WEEKDAYS)
    hours: dict[int, tuple[Period, ...]] = {}
    for weekday, day in enumerate(WEEKDAYS):
        periods = table.get(day, _array(_PERIOD), ())
        for index, period in enumerate(periods):
            for earlier in periods[:index]:
                if _overlaps(period, earlier):
                    raise ConfigError(f"{path}.{day}[{index}]: '{period}' overlaps '{earlier}'")
        hours[weekday] = tuple(sorted(periods, key=lambda period: period.start))
    if not any(hours.values()):
        raise ConfigError(f"{path}: expected opening hours on at least one day, got none")
    return hours


_WINDOW_KEYS = ("id", "name", "days", "start", "end", "walk_in", "booking")


def _parse_window(table: _Table) -> Window:
    # Read in toml order so the first problem reported is the first one in the table.
    window_id = table.get("id", _ID)
    name = table.get("name", _TEXT)
    days = table.get("days", _array(_DAY, allow_empty=False))
    if len(set(days)) != len(days):
        _fail(f"{table.path}.days", "each day at most once", [WEEKDAYS[day] for day in days])
    start = table.get("start", _TIME)
    end = table.get("end", _TIME)
    if end <= start:
        raise ConfigError(f"{table.path}.end: expected a time after start {start:%H:%M}, got '{end:%H:%M}'")
    window = Window(
        id=window_id,
        name=name,
        days=frozenset(days),
        start=start,
        end=end,
        walk_in=table.get("walk_in", _BOOL, True),
        booking=table.get("booking", _BOOL, True),
    )
    if not (window.walk_in or window.booking):
        raise ConfigError(f"{table.path}: expected walk_in or booking (or both) to be true, got both false")
    return window


def _check_windows(windows: tuple[Window, ...], regular: dict[int, tuple[Period, ...]]) -> None:
    """Ids unique; no window overlaps regular hours or another window on a day they share.

    Overlaps are refused rather than merged because a moment must belong to exactly one period: the queue and
    booking rules differ between them (an evening window may take no walk-ins).
    """
    _check_unique(windows, "windows", "id", "a unique id")
    for index, window in enumerate(windows):
        for day in sorted(window.days):
            for period in regular[day]:
                if _overlaps(window.period, period):
                    raise ConfigError(
                        f"windows[{index}]: {window.period} overlaps regular hours {period} on {WEEKDAYS[day]}"
                    )
            for other in windows[:index]:
                if day in other.days and _overlaps(window.period, other.period):
                    raise ConfigError(
                        f"windows[{index}]: {window.period} overlaps window '{other.id}' ({other.period}) "
                        f"on {WEEKDAYS[day]}"
                    )


_CLOSED_DAYS_KEYS = ("date", "until", "zh", "en", "provisional")


def _parse_closed_days(table: _Table) -> tuple[list[date], Text, bool]:
    """One holiday/closure entry: a day, or a run of days with ``until`` (inclusive), and whether it is
    ``provisional`` (default false: published dates)."""
    first = table.get("date", _DATE)
    last = table.get("until", _DATE, first)
    if not first <= last <= first + timedelta(days=31):
        _fail(f"{table.path}.until", f"a date from {first} to at most 31 days later", last)
    text = Text(zh_hans=table.get("zh", _STRING), en=table.get("en", _STRING))
    provisional = table.get("provisional", _BOOL, False)
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)], text, provisional


_MAKEUP_KEYS = ("date", "works_as", "provisional")


def _parse_makeup(table: _Table) -> tuple[date, int, bool]:
    day = table.get("date", _DATE)
    works_as = table.get("works_as", _DAY)
    if works_as > 4:
        _fail(f"{table.path}.works_as", "a weekday mon..fri", WEEKDAYS[works_as])
    return day, works_as, table.get("provisional", _BOOL, False)


def _parse_calendar(
    data: dict[str, Any],
) -> tuple[dict[date, Text], dict[date, Text], dict[date, int], frozenset[date]]:
    """Holidays, closures, makeup workdays, and the days of entries marked ``provisional`` (holidays and makeup
    workdays only: a closure is the hall's own decision, never waiting for a notice)."""
    table = _Table(data, "calendar", ("holidays", "closures", "makeup_workdays"))
    seen: dict[date, str] = {}  # date -> the entry that first named it, for duplicate messages
    closed: dict[str, dict[date, Text]] = {}
    provisional: set[date] = set()
    for key in ("holidays", "closures"):
        closed[key] = {}
        entries = table.get(key, _array_of_tables(_CLOSED_DAYS_KEYS, _parse_closed_days, allow_empty=True), ())
        for index, (days, text, marked) in enumerate(entries):
            path = f"calendar.{key}[{index}]"
            if marked and key == "closures":
                _fail(f"{path}.provisional", "no 'provisional' on a closure (the hall decides those itself)", marked)
            for day in days:
                if day in seen:
                    _fail(f"{path}.date", f"a date not already listed (it is in {seen[day]})", day)
                seen[day] = path
                closed[key][day] = text
            if marked:
                provisional.update(days)
    makeup: dict[date, int] = {}
    makeup_parser = _array_of_tables(_MAKEUP_KEYS, _parse_makeup, allow_empty=True)
    makeup_entries = table.get("makeup_workdays", makeup_parser, ())
    for index, (day, works_as, marked) in enumerate(makeup_entries):
        if marked:
            provisional.add(day)
        path = f"calendar.makeup_workdays[{index}].date"
        if day.weekday() < 5:
            raise ConfigError(f"{path}: expected a Saturday or Sunday, got {day} (a {_WEEKDAY_NAMES[day.weekday()]})")
        if day in closed["holidays"]:
            raise ConfigError(f"{path}: expected a day that is not a holiday, got {day} ({closed['holidays'][day]})")
        if day in makeup:
            _fail(path, "a date not already listed as a makeup workday", day)
        # A makeup day that is also in closures is allowed: the hall's own closure wins over the national 调休.
        makeup[day] = works_as
    return closed["holidays"], closed["closures"], makeup, frozenset(provisional)


_SERVICE_KEYS = (
    "id", "prefix", "name", "avg_minutes", "documents", "walk_in", "booking",
    "slot_minutes", "slot_capacity", "staggered",
)  # fmt: skip


def _parse_service(table: _Table) -> Service:
    service = Service(
        id=table.get("id", _ID),
        prefix=table.get("prefix", _PREFIX),
        name=table.get("name", _TEXT),
        avg_minutes=table.get("avg_minutes", _int(1, 240)),
        documents=table.get("documents", _array(_TEXT), ()),
        walk_in=table.get("walk_in", _BOOL, True),
        booking=table.get("booking", _BOOL, True),
        # Defaults only matter for booking = false services, which never make slots.
        slot_minutes=table.get("slot_minutes", _int(5, 240), 30),
        slot_capacity=table.get("slot_capacity", _int(1, 100), 1),
        staggered=table.get("staggered", _BOOL, True),
    )
    if not (service.walk_in or service.booking):
        raise ConfigError(f"{table.path}: expected walk_in or booking (or both) to be true, got both false")
    return service


_COUNTER_KEYS = ("id", "name", "services")


def _parse_counter(table: _Table) -> Counter:
    return Counter(
        id=table.get("id", _ID),
        name=table.get("name", _TEXT),
        services=table.get("services", _array(_ID, allow_empty=False)),
    )


def _check_counter_services(counters: tuple[Counter, ...], services: tuple[Service, ...]) -> None:
    known = [service.id for service in services]
    served: set[str] = set()
    for index, counter in enumerate(counters):
        path = f"counters[{index}].services"
        for service_id in counter.services:
            if service_id not in known:
                raise ConfigError(f"{path}: unknown service {service_id!r}; known: {', '.join(known)}")
        if len(set(counter.services)) != len(counter.services):
            _fail(path, "each service at most once", list(counter.services))
        served.update(counter.services)
    for index, service in enumerate(services):
        if service.id not in served:
            # A service nobody can call would hand out tickets that are never served.
            raise ConfigError(
                f"services[{index}]: expected at least one counter to serve {service.id!r}, got none "
                "(add it to a [[counters]] services list)"
            )


_CATEGORY_KEYS = ("id", "name", "deadline_days", "needs_address")


def _parse_category(table: _Table) -> RequestCategory:
    return RequestCategory(
        id=table.get("id", _ID),
        name=table.get("name", _TEXT),
        deadline_days=table.get("deadline_days", _int(1, 60)),
        needs_address=table.get("needs_address", _BOOL, False),
    )


def _check_unique(items: tuple[Any, ...], path: str, attribute: str, expected: str) -> None:
    first: dict[Any, int] = {}
    for index, item in enumerate(items):
        value = getattr(item, attribute)
        if value in first:
            _fail(f"{path}[{index}].{attribute}", f"{expected} (already used by {path}[{first[value]}])", value)
        first[value] = index


def _parse_booking(data: dict[str, Any]) -> BookingRules:
    table = _Table(
        data,
        "booking",
        ("lead_minutes", "horizon_days", "per_phone_per_day", "checkin_early_minutes", "checkin_late_minutes"),
    )
    return BookingRules(
        lead_minutes=table.get("lead_minutes", _int(0, 7 * 24 * 60), 30),
        horizon_days=table.get("horizon_days", _int(1, 90), 14),
        per_phone_per_day=table.get("per_phone_per_day", _int(1, 20), 2),
        checkin_early_minutes=table.get("checkin_early_minutes", _int(0, 240), 30),
        checkin_late_minutes=table.get("checkin_late_minutes", _int(0, 240), 15),
    )


def _parse_queue(data: dict[str, Any]) -> QueueRules:
    table = _Table(
        data,
        "queue",
        ("max_wait_minutes", "max_recalls", "learn_min_samples", "early_ticket_minutes", "recall_interval_seconds"),
    )
    return QueueRules(
        max_wait_minutes=table.get("max_wait_minutes", _int(1, 480), 45),
        max_recalls=table.get("max_recalls", _int(0, 10), 3),
        learn_min_samples=table.get("learn_min_samples", _int(1, 1000), 3),
        early_ticket_minutes=table.get("early_ticket_minutes", _int(0, 240), 0),
        recall_interval_seconds=table.get("recall_interval_seconds", _int(0, 600), 30),
    )


_RATING_KEYS = (
    "follow_up_days", "window_days", "call_back_days", "grade_days", "pad_seconds", "indicators", "reasons",
    "office_code", "region_code",
)  # fmt: skip
_CODE_RE = re.compile(r"[0-9A-Za-z-]{1,40}")


def _check_code(value: Any, path: str) -> str:
    if not isinstance(value, str) or not _CODE_RE.fullmatch(value):
        _fail(path, "a code of 1-40 letters, digits and '-'", value)
    return value


def _parse_reason(table: _Table) -> RatingReason:
    return RatingReason(id=table.get("id", _ID), name=table.get("name", _TEXT))


def _parse_ratings(data: dict[str, Any]) -> RatingRules:
    table = _Table(data, "ratings", _RATING_KEYS)
    reasons = table.get("reasons", _array_of_tables(("id", "name"), _parse_reason), DEFAULT_RATING_REASONS)
    _check_unique(reasons, "ratings.reasons", "id", "a unique id")
    code = _Parser("a code of 1-40 letters, digits and '-'", _check_code)
    return RatingRules(
        follow_up_days=table.get("follow_up_days", _int(1, 60), 15),
        window_days=table.get("window_days", _int(1, 365), 30),
        call_back_days=table.get("call_back_days", _int(1, 30), 1),
        grade_days=table.get("grade_days", _int(1, 60), 7),
        pad_seconds=table.get("pad_seconds", _int(5, 600), 30),
        indicators=table.get("indicators", _BOOL, False),
        reasons=reasons,
        office_code=table.get("office_code", code, ""),
        region_code=table.get("region_code", code, ""),
    )


def _parse_store(data: dict[str, Any]) -> StoreRules:
    table = _Table(data, "store", ("backups_keep", "backup_interval_minutes", "lock_timeout_seconds", "group"))
    return StoreRules(
        backups_keep=table.get("backups_keep", _int(1, 1000), 24),
        backup_interval_minutes=table.get("backup_interval_minutes", _int(1, 24 * 60), 60),
        lock_timeout_seconds=table.get("lock_timeout_seconds", _float(0.1, 600), 10.0),
        group=table.get("group", _STRING, None),
    )


def _parse_board(data: dict[str, Any]) -> BoardRules:
    table = _Table(data, "board", ("bilingual", "alternate_seconds", "recent_calls"))
    return BoardRules(
        bilingual=table.get("bilingual", _choice(BOARD_BILINGUAL), "side-by-side"),
        alternate_seconds=table.get("alternate_seconds", _int(2, 60), 6),
        recent_calls=table.get("recent_calls", _int(1, 20), 6),
    )


# --------------------------------------------------------------------------------------------------------------
# [announce]: the spoken calls (kept in one place: the rules, their defaults and their parser)
# --------------------------------------------------------------------------------------------------------------

#: The languages calls may be spoken in (``announce.languages``), as written in the toml: ``zh`` is Mandarin.
ANNOUNCE_LANGUAGES = ("zh", "en")
#: How a ticket's digits are read (``announce.number_style``): ``digits`` one by one ("A 零零一 号"), ``whole``
#: as a number ("A 一 号").
NUMBER_STYLES = ("digits", "whole")
#: The placeholders a sentence template may use.
ANNOUNCE_PLACEHOLDERS = ("number", "counter")


@dataclass(frozen=True)
class AnnounceRules:
    """``[announce]``: what ``kiosk announce`` says for each call and how it makes the sound (read by
    :mod:`kiosk.announce` and :mod:`kiosk.voice`). Every key has a default."""

    languages: tuple[str, ...] = ("zh", "en")
    """The languages each call is spoken in, in this order (each of :data:`ANNOUNCE_LANGUAGES`, once)."""
    zh: str = "请 {number} 号到 {counter} 号窗口办理"
    """The Chinese sentence of a call: ``{number}`` the ticket, ``{counter}`` the counter's id."""
    en: str = "Number {number}, please go to counter {counter}"
    """The English sentence of a call."""
    zh_recall: str = "再次呼叫，请 {number} 号到 {counter} 号窗口办理"
    """The Chinese sentence of a recall (it must say that it is one)."""
    en_recall: str = "Calling again, number {number}, please go to counter {counter}"
    """The English sentence of a recall."""
    number_style: str = "digits"
    """One of :data:`NUMBER_STYLES`."""
    chime: bool = True
    """A two-note chime before each call."""
    player: str = "aplay -q"
    """The command that plays a WAV file (its path is added as the last argument): ``aplay -q``, ``paplay``,
    ``pw-play``."""
    player_timeout_seconds: int = 60
    """How long one call may play before the player is stopped (1..600)."""
    clips: Path | None = None
    """A folder of recorded clips (``zh/`` and ``en/`` WAV files, see :mod:`kiosk.voice`), relative to the
    toml's folder; None: no clips, speak with ``espeak``."""
    espeak: str = "espeak-ng"
    """The speech synthesiser's command (``espeak-ng``; options may follow, such as ``espeak-ng -s 140``)."""
    poll_seconds: float = 0.25
    """How often the announcer looks at the data file for new calls (0.05..5)."""

    def template(self, lang: str, *, recall: bool) -> str:
        """The sentence template of ``lang`` (``zh`` or ``en``) for a call or a recall."""
        name = f"{lang}_recall" if recall else lang
        return str(getattr(self, name))


_ANNOUNCE_KEYS = (
    "languages", "zh", "en", "zh_recall", "en_recall", "number_style", "chime", "player",
    "player_timeout_seconds", "clips", "espeak", "poll_seconds",
)  # fmt: skip

_TEMPLATE_EXPECTED = "a sentence with {number} and at most {counter} as placeholders"


def _check_template(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        _fail(path, _TEMPLATE_EXPECTED, value)
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(value)]
    except ValueError:  # a lone "{" or "}"
        _fail(path, _TEMPLATE_EXPECTED + " (write a brace as {{ or }})", value)
    names = [name for name, _, _ in fields if name is not None]
    if any(name not in ANNOUNCE_PLACEHOLDERS or spec or conversion for name, spec, conversion in fields if name):
        _fail(path, _TEMPLATE_EXPECTED, value)
    if "number" not in names or any(char in value for char in "/\\\x00"):
        # No path separators: the fixed words name clip files (kiosk.voice).
        _fail(path, _TEMPLATE_EXPECTED + " (and no / or \\)", value)
    return value


def _check_command(value: Any, path: str) -> str:
    expected = "a command line such as 'aplay -q'"
    if not isinstance(value, str) or not value.strip():
        _fail(path, expected, value)
    try:
        shlex.split(value)
    except ValueError:  # an unclosed quote
        _fail(path, expected + " (with its quotes closed)", value)
    return value


def _check_languages(value: Any, path: str) -> tuple[str, ...]:
    expected = "a non-empty array of 'zh' and 'en', each at most once"
    if not isinstance(value, list) or not value or len(set(map(str, value))) != len(value):
        _fail(path, expected, value)
    for index, item in enumerate(value):
        if item not in ANNOUNCE_LANGUAGES or not isinstance(item, str):
            _fail(f"{path}[{index}]", "'zh' or 'en'", item)
    return tuple(value)


def parse_announce(data: dict[str, Any], source: Path) -> AnnounceRules:
    """Validate ``[announce]`` (``source``: the toml, whose folder a relative ``clips`` is resolved against)."""
    table = _Table(data, "announce", _ANNOUNCE_KEYS)
    template = _Parser(_TEMPLATE_EXPECTED, _check_template)
    command = _Parser("a command line such as 'aplay -q'", _check_command)
    defaults = AnnounceRules()
    clips = table.get("clips", _STRING, None)
    clips_path = None
    if clips is not None:
        clips_path = Path(clips).expanduser()
        if not clips_path.is_absolute():
            clips_path = Path(source).expanduser().absolute().parent / clips_path
    return AnnounceRules(
        languages=table.get(
            "languages", _Parser("a non-empty array of 'zh' and 'en'", _check_languages), defaults.languages
        ),
        zh=table.get("zh", template, defaults.zh),
        en=table.get("en", template, defaults.en),
        zh_recall=table.get("zh_recall", template, defaults.zh_recall),
        en_recall=table.get("en_recall", template, defaults.en_recall),
        number_style=table.get("number_style", _choice(NUMBER_STYLES), defaults.number_style),
        chime=table.get("chime", _BOOL, defaults.chime),
        player=table.get("player", command, defaults.player),
        player_timeout_seconds=table.get("player_timeout_seconds", _int(1, 600), defaults.player_timeout_seconds),
        clips=clips_path,
        espeak=table.get("espeak", command, defaults.espeak),
        poll_seconds=table.get("poll_seconds", _float(0.05, 5), defaults.poll_seconds),
    )


# Terminals (the profiles themselves are kiosk.terminals')
# --------------------------------------------------------------------------------------------------------------


_TERMINAL_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")
_TERMINAL_ID_EXPECTED = "a terminal id of 1-32 letters, digits, '-' and '_' (e.g. 'K1')"


def _check_terminal_id(value: Any, path: str) -> str:
    if not isinstance(value, str) or not _TERMINAL_ID_RE.fullmatch(value):
        _fail(path, _TERMINAL_ID_EXPECTED, value)
    return value


_TERMINAL_ID = _Parser(_TERMINAL_ID_EXPECTED, _check_terminal_id)
_TERMINAL_KEYS = ("id", "mode", "counter", "language", "printer", "sound", "allow")
_PRINTER_KEYS = (
    "connection", "host", "port", "vendor_id", "product_id", "device", "baudrate", "timeout_seconds", "columns",
    "check_status",
)  # fmt: skip
#: The keys each connection needs (``connection`` apart); any other connection's keys are refused.
_PRINTER_NEEDS = {
    "network": ("host",),
    "usb": ("vendor_id", "product_id"),
    "serial": ("device",),
    "file": ("device",),
}
_PRINTER_ONLY = {"host": "network", "port": "network", "vendor_id": "usb", "product_id": "usb", "baudrate": "serial"}


def _parse_printer(value: Any, path: str) -> PrinterProfile:
    table = _Table(value, path, _PRINTER_KEYS)
    connection = table.get("connection", _choice(CONNECTIONS))
    for key, owner in _PRINTER_ONLY.items():
        if key in table.data and owner != connection:
            _fail(f"{path}.{key}", f"no '{key}' on a {connection!r} printer (it is for {owner!r})", table.data[key])
    if "device" in table.data and connection not in ("serial", "file"):
        _fail(
            f"{path}.device",
            f"no 'device' on a {connection!r} printer (it is for 'serial' and 'file')",
            value["device"],
        )
    for key in _PRINTER_NEEDS[connection]:
        if key not in table.data:
            raise ConfigError(
                f"{path}.{key}: expected it for a {connection!r} printer, got nothing (the key is missing)"
            )
    return PrinterProfile(
        connection=connection,
        host=table.get("host", _STRING, None),
        port=table.get("port", _int(1, 65535), 9100),
        vendor_id=table.get("vendor_id", _int(0, 0xFFFF), None),
        product_id=table.get("product_id", _int(0, 0xFFFF), None),
        device=table.get("device", _STRING, None),
        baudrate=table.get("baudrate", _int(1200, 921600), 9600),
        timeout_seconds=table.get("timeout_seconds", _float(0.2, 30), 3.0),
        columns=table.get("columns", _int(24, 64), 32),
        check_status=table.get("check_status", _BOOL, True),
    )


def _parse_sound(value: Any, path: str) -> SoundProfile:
    table = _Table(value, path, ("enabled", "player"))
    return SoundProfile(enabled=table.get("enabled", _BOOL, False), player=table.get("player", _STRING, None))


def _parse_terminal(table: _Table) -> Terminal:
    terminal_id = table.get("id", _TERMINAL_ID)
    mode = table.get("mode", _choice(MODES))
    # A rating pad belongs to one counter (whose finished services it asks about): its counter is required.
    counter = table.get("counter", _ID) if mode == "pad" else table.get("counter", _ID, None)
    if counter is not None and mode not in COUNTER_MODES:
        _fail(
            f"{table.path}.counter",
            f"no counter on a {mode!r} terminal (only a 'staff' console and a 'pad' have one)",
            counter,
        )
    printer = table.get("printer", _Parser("a table", _parse_printer), None)
    if printer is not None and mode not in ("kiosk", "staff"):
        _fail(
            f"{table.path}.printer",
            f"no printer on a {mode!r} terminal (slips print at a kiosk or a console)",
            "a table",
        )
    return Terminal(
        id=terminal_id,
        mode=mode,
        counter=counter,
        language=table.get("language", _choice(LANGUAGES), None),
        printer=printer,
        sound=table.get("sound", _Parser("a table", _parse_sound), SoundProfile()),
        allow=table.get("allow", _array(_ADDRESS), ()),
    )


_ADDRESS_EXPECTED = "an IP address or network ('192.168.1.21', '192.168.1.0/24')"


def _check_address(value: Any, path: str) -> str:
    try:
        ipaddress.ip_network(value, strict=False)
    except (TypeError, ValueError):
        _fail(path, _ADDRESS_EXPECTED, value)
    return str(value)


_ADDRESS = _Parser(_ADDRESS_EXPECTED, _check_address)


def _check_terminal_counters(terminals: tuple[Terminal, ...], counters: tuple[Counter, ...]) -> None:
    known = [counter.id for counter in counters]
    for index, terminal in enumerate(terminals):
        if terminal.counter is not None and terminal.counter not in known:
            raise ConfigError(
                f"terminals[{index}].counter: unknown counter {terminal.counter!r}; known: {', '.join(known)}"
            )


# --------------------------------------------------------------------------------------------------------------
# [notify]: text messages to residents (kept in one place: the rules, their defaults and their parser)
# --------------------------------------------------------------------------------------------------------------

#: Where messages go (``notify.gateway``): ``none`` keeps no outbox (nothing is offered or sent), ``file`` writes
#: each message to a JSON-lines file for a hall without a gateway, ``aliyun`` sends through Alibaba Cloud SMS,
#: ``webhook`` POSTs JSON signed with HMAC-SHA256 to the hall's own gateway (or a WeChat bridge).
GATEWAYS = ("none", "file", "aliyun", "webhook")
#: The events a message may be sent for, in the order the README lists them (see :mod:`kiosk.notices`).
NOTIFY_EVENTS = (
    "near", "called", "booked", "moved", "cancelled", "reminder", "request", "visit", "call_back",
)  # fmt: skip
#: Keys that would put a secret in kiosk.toml: refused with a message saying where secrets go instead.
_SECRET_KEYS = ("access_key_id", "access_key_secret", "secret", "webhook_secret", "password", "token")


@dataclass(frozen=True)
class NotifyRules:
    """``[notify]``: which events text residents, through which gateway, and the outbox's limits (read by
    :mod:`kiosk.notices`, :mod:`kiosk.outbox`, :mod:`kiosk.gateways` and :mod:`kiosk.sender`). Secrets are never
    here: see :func:`kiosk.gateways.load_credentials`."""

    gateway: str = "none"
    """One of :data:`GATEWAYS`; ``none`` turns messages off (the kiosk offers no phone step)."""
    events: tuple[str, ...] = NOTIFY_EVENTS
    """The events that send a message (each of :data:`NOTIFY_EVENTS`)."""
    near_ahead: int = 3
    """A waiting ticket is texted once when this many (or fewer) stand before it (1..20)."""
    quiet_start: time = time(22, 0)
    """Quiet hours begin: no message but "you are called" is sent from here ..."""
    quiet_end: time = time(8, 0)
    """... until here (the span may cross midnight); a message due in them waits for their end."""
    daily_cap: int = 10
    """Most messages one phone is sent in a hall day (1..100); more are suppressed ("cap")."""
    retries: int = 5
    """How often a failed send that may succeed later (throttling, a network fault) is tried again (0..20)."""
    retry_seconds: int = 30
    """The first wait before a retry; each later one waits twice as long, at most an hour (1..3600)."""
    sign_name: str = ""
    """The SMS signature the gateway approved (签名, e.g. 阳光社区); needed by ``aliyun``."""
    templates: dict[str, dict[str, str]] = field(default_factory=dict)
    """event -> language (``zh``/``en``) -> the gateway's approved template code (``SMS_123456789``); ``aliyun``
    needs one for each enabled event in Chinese (English falls back to it)."""
    file: Path | None = None
    """The ``file`` gateway's JSON-lines file (relative to the toml's folder)."""
    webhook_url: str = ""
    """The ``webhook`` gateway's URL (``https://``; ``http://`` only to 127.0.0.1 or localhost)."""
    endpoint: str = "dysmsapi.aliyuncs.com"
    """The Alibaba Cloud SMS endpoint (a region's, or a local test server as ``http://127.0.0.1:PORT``)."""
    credentials: Path | None = None
    """A file of ``NAME=value`` lines with the gateway's secrets, readable only by the service's account; without
    it they come from the environment (see :mod:`kiosk.gateways`)."""
    timeout_seconds: float = 10.0
    """How long one request to the gateway may take (1..60)."""

    @property
    def enabled(self) -> bool:
        """Whether messages are on at all (a gateway is set)."""
        return self.gateway != "none"

    def sends(self, event: str) -> bool:
        """Whether ``event`` sends a message."""
        return self.enabled and event in self.events

    def template(self, event: str, lang: str) -> str:
        """The approved template code of ``event`` in ``lang`` (``zh-Hans``/``en``), falling back to Chinese; empty
        when none is set."""
        codes = self.templates.get(event, {})
        return codes.get("en" if lang == "en" else "zh") or codes.get("zh", "")


_NOTIFY_KEYS = (
    "gateway", "events", "near_ahead", "quiet_hours", "daily_cap", "retries", "retry_seconds", "sign_name",
    "templates", "file", "webhook_url", "endpoint", "credentials", "timeout_seconds",
)  # fmt: skip


def _check_events(value: Any, path: str) -> tuple[str, ...]:
    expected = "an array of events, each at most once: " + ", ".join(NOTIFY_EVENTS)
    if not isinstance(value, list) or len(set(map(str, value))) != len(value):
        _fail(path, expected, value)
    for index, item in enumerate(value):
        if item not in NOTIFY_EVENTS or not isinstance(item, str):
            _fail(f"{path}[{index}]", "one of " + ", ".join(NOTIFY_EVENTS), item)
    return tuple(value)


def _check_span(value: Any, path: str) -> tuple[time, time]:
    expected = 'a span "HH:MM-HH:MM" that may cross midnight, such as "22:00-08:00"'
    if not isinstance(value, str) or value.count("-") != 1:
        _fail(path, expected, value)
    start, end = (_TIME_RE.fullmatch(part) for part in value.split("-"))
    if start is None or end is None or start[0] == end[0]:
        _fail(path, expected, value)
    return time(int(start[1]), int(start[2])), time(int(end[1]), int(end[2]))


_TEMPLATE_CODE_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def _check_templates(value: Any, path: str) -> dict[str, dict[str, str]]:
    if not isinstance(value, dict):
        _fail(path, 'a table of event = {zh = "SMS_...", en = "SMS_..."}', value)
    templates: dict[str, dict[str, str]] = {}
    for event, codes in value.items():
        if event not in NOTIFY_EVENTS:
            raise ConfigError(f"{_join(path, event)}: unknown event; expected one of {', '.join(NOTIFY_EVENTS)}")
        table = _Table(codes, _join(path, event), ("zh", "en"))
        code = _Parser("a template code such as 'SMS_123456789'", _check_template_code)
        templates[event] = {lang: table.get(lang, code) for lang in ("zh", "en") if lang in codes}
    return templates


def _check_template_code(value: Any, path: str) -> str:
    if not isinstance(value, str) or not _TEMPLATE_CODE_RE.fullmatch(value):
        _fail(path, "a template code such as 'SMS_123456789'", value)
    return value


def _check_url(value: Any, path: str) -> str:
    expected = "an https:// URL (http:// only to 127.0.0.1 or localhost)"
    if not isinstance(value, str):
        _fail(path, expected, value)
    local = re.match(r"http://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(/|$)", value)
    if not (re.match(r"https://[^/\s]+", value) or local) or any(c.isspace() for c in value):
        _fail(path, expected, value)
    return value


def _check_endpoint(value: Any, path: str) -> str:
    expected = "a host name such as 'dysmsapi.aliyuncs.com' (or http://127.0.0.1:PORT for a test server)"
    if not isinstance(value, str) or not re.fullmatch(r"(http://(127\.0\.0\.1|localhost):\d+|[a-z0-9.-]+)", value):
        _fail(path, expected, value)
    return value


def _relative(value: str, source: Path) -> Path:
    resolved = Path(value).expanduser()
    return resolved if resolved.is_absolute() else Path(source).expanduser().absolute().parent / resolved


def parse_notify(data: dict[str, Any], source: Path) -> NotifyRules:
    """Validate ``[notify]`` (``source``: the toml, whose folder relative paths are resolved against). A secret
    written here is refused: it belongs in the credentials file or the environment."""
    for key in data:
        if key in _SECRET_KEYS:
            raise ConfigError(
                f"notify.{key}: secrets never go in kiosk.toml; put it in the file named by notify.credentials "
                "(readable only by the service) or in the environment (see the README, Text messages)"
            )
    table = _Table(data, "notify", _NOTIFY_KEYS)
    defaults = NotifyRules()
    quiet = table.get("quiet_hours", _Parser('a span "HH:MM-HH:MM"', _check_span), None)
    file = table.get("file", _STRING, None)
    credentials = table.get("credentials", _STRING, None)
    rules = NotifyRules(
        gateway=table.get("gateway", _choice(GATEWAYS), defaults.gateway),
        events=table.get("events", _Parser("an array of events", _check_events), defaults.events),
        near_ahead=table.get("near_ahead", _int(1, 20), defaults.near_ahead),
        quiet_start=quiet[0] if quiet else defaults.quiet_start,
        quiet_end=quiet[1] if quiet else defaults.quiet_end,
        daily_cap=table.get("daily_cap", _int(1, 100), defaults.daily_cap),
        retries=table.get("retries", _int(0, 20), defaults.retries),
        retry_seconds=table.get("retry_seconds", _int(1, 3600), defaults.retry_seconds),
        sign_name=table.get("sign_name", _STRING, ""),
        templates=table.get("templates", _Parser("a table of templates", _check_templates), {}),
        file=_relative(file, source) if file else None,
        webhook_url=table.get("webhook_url", _Parser("an https:// URL", _check_url), ""),
        endpoint=table.get("endpoint", _Parser("a host name", _check_endpoint), defaults.endpoint),
        credentials=_relative(credentials, source) if credentials else None,
        timeout_seconds=table.get("timeout_seconds", _float(1, 60), defaults.timeout_seconds),
    )
    # What the gateway needs (a file, a URL, a signature, template codes) is checked when the sender starts
    # (check_gateway_settings): a mistake there stops the texts, never the kiosks and consoles.
    return rules


def check_gateway_settings(rules: NotifyRules) -> None:
    """What the gateway needs, every missing key named in one error (the secrets are checked beside it, by
    :func:`kiosk.gateways.open_gateway`)."""
    if rules.gateway == "file" and rules.file is None:
        raise ConfigError('notify.file: expected the outbox file\'s path for gateway = "file", got nothing')
    if rules.gateway == "webhook" and not rules.webhook_url:
        raise ConfigError('notify.webhook_url: expected an https:// URL for gateway = "webhook", got nothing')
    if rules.gateway == "aliyun":
        if not rules.sign_name:
            raise ConfigError('notify.sign_name: expected the approved SMS signature for gateway = "aliyun"')
        missing = [f"notify.templates.{e}.zh" for e in rules.events if not rules.templates.get(e, {}).get("zh")]
        if missing:
            raise ConfigError(
                f'{", ".join(missing)}: expected the approved template code for gateway = "aliyun" '
                "(or leave the event out of notify.events), got nothing"
            )
