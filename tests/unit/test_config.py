"""kiosk.config: the bundled kiosk.toml, and one clear error per kind of broken config."""

from __future__ import annotations

import copy
import subprocess
import sys
import tomllib
from datetime import date, time
from pathlib import Path
from typing import Any, Callable

import pytest

from kiosk.config import LANGUAGES, HallConfig, Period, Text, load_config, parse_config
from kiosk.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "kiosk.toml"


def bundled_data() -> dict[str, Any]:
    """The bundled toml as a fresh, mutable dict."""
    with BUNDLED.open("rb") as file:
        return tomllib.load(file)


def message(error: pytest.ExceptionInfo[ConfigError]) -> str:
    """The ConfigError's text (read from params, so the test does not depend on the i18n catalog)."""
    return error.value.params["text"]


# --- the bundled file ------------------------------------------------------------------------------------------


def test_bundled_config_loads_with_expected_shape(hall_config: HallConfig) -> None:
    config = hall_config
    assert config.source == BUNDLED
    assert config.name.get("zh-Hans") == "阳光社区便民服务大厅"
    assert config.name.get("en") == "Sunshine Community Service Hall"
    assert config.timezone_name == "Asia/Shanghai" and str(config.timezone) == "Asia/Shanghai"
    assert config.data_path == REPO / "data" / "hall.json"
    assert (config.language, config.theme, config.idle_seconds) == ("zh-Hans", "default", 60)

    working_hours = (Period(time(8, 30), time(12)), Period(time(14), time(17, 30)))
    assert config.regular_hours == {0: working_hours, 1: working_hours, 2: working_hours, 3: working_hours,
                                    4: working_hours, 5: (), 6: ()}  # fmt: skip
    evenings, saturday = config.windows
    assert (evenings.id, evenings.days, evenings.start, evenings.end) == (
        "weekday-evenings",
        frozenset(range(5)),
        time(18),
        time(20, 30),
    )
    assert (evenings.walk_in, evenings.booking) == (False, True)
    assert (saturday.id, saturday.days, saturday.walk_in) == ("saturday-morning", frozenset({5}), True)

    assert config.holidays[date(2027, 10, 1)].en == "National Day"
    assert date(2027, 2, 12) in config.holidays  # the `until` run is expanded day by day
    assert date(2026, 12, 30) in config.closures
    assert config.makeup_workdays[date(2027, 2, 20)] == 4
    assert config.makeup_workdays[date(2027, 10, 9)] == 0

    assert [s.id for s in config.services] == [
        "social-security", "household", "civil-affairs", "employment", "elderly", "general"
    ]  # fmt: skip
    assert [s.prefix for s in config.services] == list("ABCDEF")
    assert config.service("general").booking is False
    assert config.service("civil-affairs").staggered is False
    assert all(s.documents for s in config.services if s.id != "general")
    assert all(15 <= s.slot_minutes <= 30 and 2 <= s.slot_capacity <= 6 for s in config.services)

    assert [c.id for c in config.counters] == ["1", "2", "3", "4", "5", "6"]
    assert config.counter("1").name == Text("1号窗口", "Counter 1")
    served = {service_id for counter in config.counters for service_id in counter.services}
    assert served == set(config.services_by_id)

    assert {c.id: (c.deadline_days, c.needs_address) for c in config.categories} == {
        "home-visit": (5, True), "repair": (3, True), "hardship": (10, False),
        "suggestion": (15, False), "complaint": (5, False), "other": (10, False),
    }  # fmt: skip
    assert config.category("repair").name.get("zh-Hans") == "报修"

    assert (config.booking.lead_minutes, config.booking.horizon_days, config.booking.per_phone_per_day) == (30, 14, 2)
    assert (config.booking.checkin_early_minutes, config.booking.checkin_late_minutes) == (30, 15)
    assert (config.queue.max_wait_minutes, config.queue.max_recalls, config.queue.learn_min_samples) == (45, 3, 3)
    assert (config.ratings.follow_up_days, config.ratings.window_days) == (15, 30)
    assert (config.store.backups_keep, config.store.backup_interval_minutes) == (24, 60)
    assert config.store.lock_timeout_seconds == 10.0


def test_lookups_raise_key_error_for_unknown_ids(hall_config: HallConfig) -> None:
    with pytest.raises(KeyError):
        hall_config.service("tax")
    with pytest.raises(KeyError):
        hall_config.counter("99")
    with pytest.raises(KeyError):
        hall_config.category("praise")


def test_text_get_falls_back_to_english() -> None:
    text = Text(zh_hans="窗口", en="Counter")
    assert [text.get(lang) for lang in LANGUAGES] == ["窗口", "Counter"]
    assert text.get("fr") == "Counter"


def test_optional_sections_take_their_defaults() -> None:
    data = bundled_data()
    for section in ("windows", "calendar", "booking", "queue", "ratings", "store"):
        del data[section]
    for key in ("data", "language", "theme", "idle_seconds"):
        del data["hall"][key]
    config = parse_config(data, BUNDLED)
    assert config.windows == () and config.holidays == {} and config.makeup_workdays == {}
    assert (config.language, config.theme, config.idle_seconds) == ("zh-Hans", "default", 60)
    assert config.queue.learn_min_samples == 3
    assert (config.ratings.follow_up_days, config.ratings.window_days) == (15, 30)
    assert config.store.backups_keep == 24


# --- broken configs --------------------------------------------------------------------------------------------


def set_in(*path: Any, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation setting ``data[path[0]][path[1]]... = value``."""

    def mutate(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def delete_in(*path: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation deleting ``data[path[0]]...[path[-1]]``."""

    def mutate(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


def add_window(**window: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation appending a [[windows]] table."""
    return lambda data: data["windows"].append({"id": "extra", "name": {"zh": "加", "en": "Extra"}, **window})


BROKEN: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("unknown hall key", set_in("hall", "colour", value="red"),
     "hall.colour: unknown key; expected one of name, timezone, data, language, theme, idle_seconds"),
    ("unknown top-level key", set_in("colour", value="red"), "colour: unknown key; expected one of hall, hours"),
    ("unknown key in a service", set_in("services", 4, "colour", value="red"), "services[4].colour: unknown key"),
    ("unknown key in booking", set_in("booking", "lead_time", value=5), "booking.lead_time: unknown key"),
    ("unknown key in a text", set_in("hall", "name", "fr", value="Salle"), "hall.name.fr: unknown key"),
    ("missing hall name", delete_in("hall", "name"), "hall.name: expected a table {zh"),
    ("missing english", delete_in("services", 0, "name", "en"),
     "services[0].name.en: expected a non-empty string, got nothing"),
    ("bad prefix", set_in("services", 2, "prefix", value="ab"),
     "services[2].prefix: expected one capital letter A-Z, got 'ab'"),
    ("period ends before start", set_in("hours", "regular", "mon", value=["08:30-12:00", "14:00-12:00"]),
     "hours.regular.mon[1]: '14:00-12:00' ends before it starts"),
    ("sloppy period", set_in("hours", "regular", "tue", value=["8:3-12:00"]),
     "hours.regular.tue[0]: expected a period \"HH:MM-HH:MM\""),
    ("hour 25", set_in("windows", 1, "start", value="25:00"), "windows[1].start: expected a time \"HH:MM\""),
    ("overlapping periods", set_in("hours", "regular", "wed", value=["08:30-12:00", "11:00-13:00"]),
     "hours.regular.wed[1]: '11:00-13:00' overlaps '08:30-12:00'"),
    ("window overlaps regular hours", set_in("windows", 0, "start", value="17:00"),
     "windows[0]: 17:00-20:30 overlaps regular hours 14:00-17:30 on mon"),
    ("windows overlap each other", add_window(days=["sun", "sat"], start="11:00", end="13:00"),
     "windows[2]: 11:00-13:00 overlaps window 'saturday-morning' (09:00-12:00) on sat"),
    ("duplicate service id", set_in("services", 1, "id", value="social-security"),
     "services[1].id: expected a unique id (already used by services[0]), got 'social-security'"),
    ("duplicate prefix", set_in("services", 3, "prefix", value="A"),
     "services[3].prefix: expected a prefix no other service uses (already used by services[0]), got 'A'"),
    ("counter names a missing service", set_in("counters", 3, "services", value=["tax"]),
     "counters[3].services: unknown service 'tax'; known: social-security, household, civil-affairs"),
    ("service served by no counter", set_in("counters", 5, "services", value=["household"]),
     "services[5]: expected at least one counter to serve 'general'"),
    ("no counters", set_in("counters", value=[]), "counters: expected a non-empty array of tables, got an array"),
    ("bad timezone", set_in("hall", "timezone", value="Mars/Olympus_Mons"),
     "hall.timezone: expected an IANA timezone name such as 'Asia/Shanghai', got 'Mars/Olympus_Mons'"),
    ("impossible date", set_in("calendar", "holidays", 0, "date", value="2027-02-30"),
     "calendar.holidays[0].date: expected a date YYYY-MM-DD, got '2027-02-30'"),
    ("date listed twice", set_in("calendar", "closures", 0, "date", value=date(2027, 10, 3)),
     "calendar.closures[0].date: expected a date not already listed (it is in calendar.holidays[13])"),
    ("makeup day on a weekday", set_in("calendar", "makeup_workdays", 0, "date", value=date(2027, 2, 22)),
     "calendar.makeup_workdays[0].date: expected a Saturday or Sunday, got 2027-02-22 (a Monday)"),
    ("makeup day that is a holiday", set_in("calendar", "makeup_workdays", 0, "date", value=date(2027, 2, 6)),
     "calendar.makeup_workdays[0].date: expected a day that is not a holiday, got 2027-02-06 (春节"),
    ("makeup day works as a weekend", set_in("calendar", "makeup_workdays", 1, "works_as", value="sat"),
     "calendar.makeup_workdays[1].works_as: expected a weekday mon..fri, got 'sat'"),
    ("bad window day", set_in("windows", 1, "days", value=["sat", "caturday"]),
     "windows[1].days[1]: expected a day name, one of mon, tue"),
    ("language not offered", set_in("hall", "language", value="fr"),
     "hall.language: expected one of 'zh-Hans', 'en', got 'fr'"),
    ("unknown theme", set_in("hall", "theme", value="dark"),
     "hall.theme: expected one of 'default', 'high-contrast', got 'dark'"),
    ("bool is not an int", set_in("services", 0, "avg_minutes", value=True),
     "services[0].avg_minutes: expected an integer 1..240, got true"),
    ("integer out of range", set_in("services", 1, "slot_capacity", value=0),
     "services[1].slot_capacity: expected an integer 1..100, got 0"),
    ("string for an integer", set_in("categories", 0, "deadline_days", value="5"),
     "categories[0].deadline_days: expected an integer 1..60, got '5'"),
    ("bool for a float", set_in("store", "lock_timeout_seconds", value=False),
     "store.lock_timeout_seconds: expected a number 0.1..600, got false"),
    ("int for a bool", set_in("windows", 0, "walk_in", value=0), "windows[0].walk_in: expected true or false, got 0"),
    ("nothing offered", set_in("services", 5, "walk_in", value=False),
     "services[5]: expected walk_in or booking (or both) to be true, got both false"),
    ("bad id", set_in("categories", 2, "id", value="Home Visit"),
     "categories[2].id: expected an id of 1-32 lowercase letters"),
    ("no opening hours at all", set_in("hours", "regular", value={}),
     "hours.regular: expected opening hours on at least one day, got none"),
    ("unknown board language mode", set_in("board", "bilingual", value="both"),
     "board.bilingual: expected one of 'side-by-side', 'alternate', got 'both'"),
    ("board alternating too fast", set_in("board", "alternate_seconds", value=1),
     "board.alternate_seconds: expected an integer 2..60, got 1"),
    ("unknown key in board", set_in("board", "bell", value=True), "board.bell: unknown key"),
    ("terminal with an unknown mode", set_in("terminals", 0, "mode", value="tv"),
     "terminals[0].mode: expected one of 'kiosk', 'staff', 'board', 'announcer', 'pad', got 'tv'"),
    ("terminal id with a space", set_in("terminals", 1, "id", value="K 2"), "terminals[1].id: expected a terminal id"),
    ("two terminals with one id", set_in("terminals", 1, "id", value="K1"),
     "terminals[1].id: expected a unique id (already used by terminals[0])"),
    ("console at a counter that does not exist", set_in("terminals", 2, "counter", value="9"),
     "terminals[2].counter: unknown counter '9'; known: 1, 2, 3, 4, 5, 6"),
    ("counter on a kiosk", set_in("terminals", 0, "counter", value="1"),
     "terminals[0].counter: expected no counter on a 'kiosk' terminal"),
    ("pad without a counter", delete_in("terminals", 6, "counter"),
     "terminals[6].counter: expected an id"),
    ("pad at a counter that does not exist", set_in("terminals", 6, "counter", value="9"),
     "terminals[6].counter: unknown counter '9'; known: 1, 2, 3, 4, 5, 6"),
    ("terminal language", set_in("terminals", 0, "language", value="fr"), "terminals[0].language: expected one of"),
    ("unknown key in a terminal", set_in("terminals", 0, "colour", value="red"), "terminals[0].colour: unknown key"),
    ("printer without a connection", set_in("terminals", 0, "printer", value={"host": "10.0.0.2"}),
     "terminals[0].printer.connection: expected one of 'network', 'usb', 'serial', 'file', got nothing"),
    ("network printer without a host", set_in("terminals", 0, "printer", value={"connection": "network"}),
     "terminals[0].printer.host: expected it for a 'network' printer, got nothing"),
    ("usb printer with a host", set_in("terminals", 0, "printer",
                                       value={"connection": "usb", "vendor_id": 1, "product_id": 2, "host": "x"}),
     "terminals[0].printer.host: expected no 'host' on a 'usb' printer"),
    ("printer port out of range", set_in("terminals", 0, "printer",
                                         value={"connection": "network", "host": "p", "port": 70000}),
     "terminals[0].printer.port: expected an integer 1..65535, got 70000"),
    ("printer timeout as text", set_in("terminals", 0, "printer",
                                       value={"connection": "file", "device": "/dev/usb/lp0", "timeout_seconds": "3"}),
     "terminals[0].printer.timeout_seconds: expected a number 0.2..30, got '3'"),
    ("printer on the board", set_in("terminals", 4, "printer", value={"connection": "file", "device": "/dev/lp0"}),
     "terminals[4].printer: expected no printer on a 'board' terminal"),
    ("sound enabled as text", set_in("terminals", 5, "sound", value={"enabled": "yes"}),
     "terminals[5].sound.enabled: expected true or false, got 'yes'"),
    ("sound with an empty player", set_in("terminals", 5, "sound", value={"enabled": True, "player": " "}),
     "terminals[5].sound.player: expected a non-empty string"),
    ("unknown key in sound", set_in("terminals", 5, "sound", value={"volume": 3}), "terminals[5].sound.volume: unknown key"),
    ("pad timeout too short", set_in("ratings", "pad_seconds", value=2), "ratings.pad_seconds: expected an integer 5..600, got 2"),
    ("indicators not a boolean", set_in("ratings", "indicators", value="yes"), "ratings.indicators: expected true or false"),
    ("reason without a name", set_in("ratings", "reasons", value=[{"id": "slow"}]), "ratings.reasons[0].name: expected a table"),
    ("duplicate reason", set_in("ratings", "reasons", value=[{"id": "slow", "name": {"zh": "慢", "en": "Slow"}}] * 2),
     "ratings.reasons[1].id: expected a unique id (already used by ratings.reasons[0]), got 'slow'"),
    ("office code with spaces", set_in("ratings", "office_code", value="11 51"), "ratings.office_code: expected a code of 1-40"),
    ("call back days zero", set_in("ratings", "call_back_days", value=0), "ratings.call_back_days: expected an integer 1..30, got 0"),
]  # fmt: skip


def test_terminal_profiles_are_read_with_their_devices() -> None:
    data = bundled_data()
    data["terminals"][0]["printer"] = {"connection": "network", "host": "192.168.1.60"}
    data["terminals"][1]["printer"] = {"connection": "usb", "vendor_id": 0x0416, "product_id": 0x5011}
    config = parse_config(data, BUNDLED)
    k1, k2 = config.terminal("K1"), config.terminal("K2")
    assert k1.mode == "kiosk" and k1.language is None and k1.printer is not None
    assert (k1.printer.port, k1.printer.timeout_seconds, k1.printer.check_status) == (9100, 3.0, True)
    assert k1.printer.describe() == "network 192.168.1.60:9100"
    assert k2.language == "en" and k2.printer is not None and k2.printer.describe() == "usb 0416:5011"
    assert config.terminal("C1").counter == "1" and config.terminal("C1").printer is None
    assert config.terminal("VOICE").sound.enabled and config.terminal("VOICE").sound.player == "aplay"
    assert not config.terminal("HALL").sound.enabled
    with pytest.raises(KeyError):
        config.terminal("K9")


def test_terminals_are_optional() -> None:
    data = bundled_data()
    del data["terminals"]
    assert parse_config(data, BUNDLED).terminals == ()


@pytest.mark.parametrize(("mutate", "expected"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_broken_config_names_the_key(mutate: Callable[[dict[str, Any]], None], expected: str) -> None:
    data = bundled_data()
    mutate(data)
    with pytest.raises(ConfigError) as error:
        parse_config(data, BUNDLED)
    assert message(error).startswith(expected), message(error)


def test_the_board_section_is_optional() -> None:
    data = bundled_data()
    assert parse_config(data, BUNDLED).board.bilingual == "side-by-side"
    del data["board"]
    board = parse_config(data, BUNDLED).board
    assert (board.bilingual, board.alternate_seconds, board.recent_calls) == ("side-by-side", 6, 6)
    data["board"] = {"bilingual": "alternate", "alternate_seconds": 10}
    assert parse_config(data, BUNDLED).board.bilingual == "alternate"


def test_parse_config_does_not_modify_its_input() -> None:
    data = bundled_data()
    before = copy.deepcopy(data)
    parse_config(data, BUNDLED)
    assert data == before


# --- files -----------------------------------------------------------------------------------------------------


def test_data_path_resolves_relative_to_the_toml_folder(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    text = BUNDLED.read_text(encoding="utf-8").replace('data = "data/hall.json"', 'data = "state/hall.json"')
    (folder / "kiosk.toml").write_text(text, encoding="utf-8")
    config = load_config(folder / "kiosk.toml")
    assert config.source == folder / "kiosk.toml" and config.source.is_absolute()
    assert config.data_path == folder / "state" / "hall.json"


def test_absolute_data_path_is_kept(tmp_path: Path) -> None:
    data = bundled_data()
    data["hall"]["data"] = str(tmp_path / "elsewhere.json")
    assert parse_config(data, BUNDLED).data_path == tmp_path / "elsewhere.json"


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path / "nope.toml")
    assert message(error) == f"{tmp_path / 'nope.toml'}: file not found"


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[hall]\nname = "x"\ntimezone = Asia/Shanghai\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert message(error).startswith(f"{path}: invalid TOML:")
    assert "line 3" in message(error)


def test_config_and_hours_do_not_import_textual() -> None:
    # The house rule: the domain never loads the UI toolkit. A fresh interpreter sees exactly what is imported.
    code = "import sys, kiosk.config, kiosk.hours; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0
