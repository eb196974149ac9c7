"""``kiosk serve`` in a real browser: a kiosk takes a ticket by keys, the board shows a call made from the CLI,
a page survives the end of its session, a second page takes a terminal over, a stranger is refused.

See conftest.py for how the server and Chromium run, and where the screenshots go.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser_helpers import Served, outside_address, wait_for

from kiosk.config import load_config
from kiosk.hall import Hall


def tickets(served: Served) -> list[dict]:
    """The tickets in the served hall's store now."""
    hall = Hall.open(load_config(served.config), data_path=str(served.data))
    with hall.store.snapshot() as tx:
        return tx.records("tickets")


def test_a_kiosk_page_takes_a_ticket_by_keys_and_it_is_in_the_store(served: Served, browser) -> None:
    page = browser(1080, 1920).open(served.url("/t/K1"))
    page.wait_text("现场取号")
    before = {t["code"] for t in tickets(served)}
    page.keys("1")
    page.wait_text("请选择")  # the services
    page.keys("1")
    page.wait_text("普通")  # the ticket kinds: standard or priority
    page.keys("1")
    slip = page.wait_text("查询码")
    new = [t for t in tickets(served) if t["code"] not in before]
    assert len(new) == 1 and new[0]["service"] == "social-security"
    assert new[0]["code"][:4] in slip  # the code to keep, as the slip shows it (the number is in big digits)
    page.screenshot("kiosk-slip-1080x1920")


def test_the_board_page_shows_a_call_made_from_the_cli(served: Served, browser) -> None:
    page = browser(1920, 1080).open(served.url("/t/HALL"))
    page.wait_text("叫号")
    ticket = json.loads(served.cli("ticket", "household", "--json"))
    served.cli("counter", "3", "open", "--staff", "s03")
    served.cli("call", "3", "--staff", "s03")
    number = ticket["number"]
    wait_for(lambda: number in page.text().replace(" ", ""), 30, f"{number} on the board")
    page.screenshot("board-1920x1080")


def test_a_page_whose_session_ends_connects_again_by_itself(served: Served, browser) -> None:
    page = browser(1920, 1080).open(served.url("/t/K2"))
    page.wait_text("Take a ticket")  # K2 starts in English
    [face] = wait_for(lambda: served.faces("K2"), 30, "the face of K2")
    os.kill(face, signal.SIGKILL)  # the server-side session dies
    wait_for(lambda: served.faces("K2") and served.faces("K2") != [face], 30, "a new face for K2")
    page.wait_text("Take a ticket")
    assert page.notice() == ""  # no "session ended", no restart button: the kiosk is back
    assert "Restart" not in page.driver.page_source
    page.screenshot("kiosk-en-1920x1080")


def test_a_second_page_on_a_terminal_takes_it_over(served: Served, browser) -> None:
    first = browser().open(served.url("/t/C1"))
    first.wait_text("工号")  # the console's sign-in
    second = browser().open(served.url("/t/C1"))
    second.wait_text("工号")
    assert wait_for(lambda: "另一台设备" in first.notice() and first.notice(), 30, "the first page's notice")
    assert "opened on another device" in first.notice()
    assert len(served.faces("C1")) == 1  # one live session per terminal
    second.screenshot("console-1920x1080")
    second.close()  # the other page goes away: the first comes back by itself
    wait_for(lambda: first.notice() == "" and "工号" in first.text(), 60, "the first page back")


def test_the_pages_need_nothing_from_the_internet(served: Served) -> None:
    page = urllib.request.urlopen(served.url("/t/K1"), timeout=10).read().decode()
    script = urllib.request.urlopen(served.url("/static/textual.js"), timeout=10).read().decode()
    assert "googleapis" not in page and "http" not in page.replace("http-equiv", "")
    assert "Noto Sans Mono CJK SC" in page
    assert "fonts.googleapis" not in script


def test_an_unknown_terminal_is_a_clear_404(served: Served) -> None:
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(served.url("/t/NOPE"), timeout=10)
    assert info.value.code == 404 and "K1" in info.value.read().decode()


@pytest.mark.skipif(outside_address() is None, reason="this machine has no address but loopback")
def test_a_device_not_on_the_allow_list_is_refused(browser) -> None:
    address = outside_address()
    assert address is not None
    with tempfile.TemporaryDirectory() as folder:
        server = Served(Path(folder), host="0.0.0.0", allow={"K2": address})  # noqa: S104  (the test's own server)
        try:
            refused = browser().open(server.url("/t/K1", host=address))
            wait_for(lambda: "无权打开终端 K1" in refused.driver.page_source, 20, "the refusal page")
            assert "may not open terminal K1" in refused.driver.page_source
            assert server.faces("K1") == []  # nothing was started for it
            allowed = browser().open(server.url("/t/K2", host=address))
            allowed.wait_text("Take a ticket")
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(server.url("/", host=address), timeout=10)
            assert info.value.code == 403  # the index is for the server's own machine
        finally:
            server.stop()


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng speaks the calls (.ci/run installs it)")
def test_a_board_with_speakers_plays_each_call_on_its_page_once(browser) -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = Served(Path(folder), sound=("HALL",))
        try:
            page = browser(1920, 1080).open(server.url("/t/HALL"))
            page.wait_text("叫号")
            server.cli("counter", "3", "open", "--staff", "s03")
            for _ in range(2):
                server.cli("ticket", "household")
            server.cli("call", "3", "--staff", "s03")
            sounds = wait_for(lambda: page.driver.execute_script("return window.kioskSounds;"), 60, "a sound")
            server.cli("finish", "3", "--staff", "s03")
            server.cli("call", "3", "--staff", "s03")
            sounds = wait_for(
                lambda: (s := page.driver.execute_script("return window.kioskSounds;")) and len(s) >= 2 and s,
                90,
                "the second call's sound",
            )
            assert len(sounds) == 2 and len(set(sounds)) == 2  # each call once, in order
            assert all(url.startswith("/t/HALL/sound/") for url in sounds)
            audio = urllib.request.urlopen(server.url(sounds[0]), timeout=10).read()
            assert audio[:4] == b"RIFF" and len(audio) > 16000  # a WAV of some length: the chime and the call
        finally:
            server.stop()


#: Each face, and what it shows once drawn (in the language its profile starts in).
FACES = {"K1": "现场取号", "C1": "工号", "HALL": "叫号", "P1": "1号窗口"}


@pytest.mark.parametrize(("width", "height", "font"), [(1080, 1920, 26), (1920, 1080, 20)])
def test_every_face_at_a_kiosk_size_for_a_person_to_look_at(served: Served, browser, width, height, font) -> None:
    page = browser(width, height)
    for terminal, shows in FACES.items():
        page.open(served.url(f"/t/{terminal}?fontsize={font}"))
        page.wait_text(shows)
        wait_for(lambda: page.driver.execute_script("return document.body.classList.contains('-first-byte');"))
        path = page.screenshot(f"{terminal}-{width}x{height}")
        assert path.stat().st_size > 10_000  # a drawn screen, not a blank page


def test_a_browser_kiosk_prints_its_slip_from_the_server(browser) -> None:
    """The face runs on the server: a kiosk profile's network printer prints the slip of a ticket taken in a
    browser (a fake ESC/POS printer on 127.0.0.1 records the bytes)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from fake_printer import FakePrinter

    printer = FakePrinter()
    with tempfile.TemporaryDirectory() as folder:
        server = Served(Path(folder), printers={"K1": printer.port})
        try:
            page = browser(1080, 1920).open(server.url("/t/K1"))
            page.wait_text("现场取号")
            page.keys("1")
            page.wait_text("请选择")
            page.keys("1")
            page.wait_text("普通")
            page.keys("1")
            page.wait_text("查询码")
            assert len(printer.wait_for_jobs(1, timeout=30)) == 1
            slip = printer.decoded(0)
            [ticket] = tickets(server)
            assert [code.replace("-", "") for code in slip.qr] == [ticket["code"]] and slip.cut
            page.wait_text("请取走")  # the slip's line once printed
        finally:
            server.stop()
            printer.stop()
