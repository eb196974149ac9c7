"""A board whose terminal profile has speakers speaks each call in step with its banner: one WAV per call, in call
order, the banner's turn lasting until its call has been spoken; a board without speakers has no voice at all.

The voice is the real :class:`~kiosk.voice.Announcer`, given a tone for each language (no espeak-ng, no clips) and
a player that saves each WAV (``tests/save_wav.py``) and then "plays" until the test lets it end, so the test
decides when each sentence has been spoken. The holds are short; the app's watcher is driven by hand
(``looked``). The announcer's threads are not the event loop, so waiting for them polls with a deadline.
"""

from __future__ import annotations

import array
import hashlib
import math
import shlex
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.announce import Sentence
from kiosk.hall import Hall
from kiosk.terminals import SoundProfile, Terminal
from kiosk.voice import Announcer, Player, Sound, Spoken
from screens.app import HallApp, make_app
from screens.board import Banner, BoardScreen
from tests.ui.conftest import looked, settle

SAVER = Path(__file__).resolve().parents[1] / "save_wav.py"
SLOW = 600.0
#: The longest any wait here may take (each is over in a fraction of that).
WAIT = 10.0


class Tone:
    """A voice that says every sentence as a short tone, its pitch from the sentence (so each call's WAV differs)."""

    name = "tone"

    def say(self, sentence: Sentence) -> Sound:
        frequency = 300 + sum(map(ord, sentence.text)) % 500
        rate = 8000
        samples = array.array("h", (int(6000 * math.sin(2 * math.pi * frequency * i / rate)) for i in range(400)))
        return Sound(rate, samples)


class HeldPlayer(Player):
    """Saves each WAV into ``folder`` (001.wav, 002.wav, ...), then keeps "playing" it until :meth:`finish`."""

    def __init__(self, folder: Path) -> None:
        super().__init__(shlex.join([sys.executable, str(SAVER), str(folder)]), timeout=20)
        self.folder = folder
        self.playing = 0  # WAVs saved so far (the last one is "playing" until finished)
        self.stopped = False
        self._finish = threading.Semaphore(0)

    def play(self, path: Path) -> str | None:
        problem = super().play(path)
        self.playing += 1
        self._finish.acquire(timeout=WAIT)
        return problem

    def finish(self) -> None:
        """The WAV playing now ends."""
        self._finish.release()

    def stop(self) -> None:
        self.stopped = True
        self._finish.release(100)
        super().stop()

    def saved(self) -> list[Path]:
        return sorted(self.folder.glob("*.wav"))


@pytest.fixture(autouse=True)
def _short_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Holds far shorter than a sentence: with a voice, the sentence sets the turn's length."""
    monkeypatch.setattr(BoardScreen, "HOLD_SECONDS", 0.05)
    monkeypatch.setattr(BoardScreen, "BUSY_HOLD_SECONDS", 0.02)


@pytest.fixture
def voiced(hall: Hall, tmp_path: Path) -> Callable[..., tuple[HallApp, list[Announcer], list[HeldPlayer]]]:
    """A board app for terminal HALL (``sound`` as given), whose announcers speak in tones through a
    :class:`HeldPlayer`; returns the app, the announcers it built and their players, in order."""
    built: list[Announcer] = []
    players: list[HeldPlayer] = []

    def build(sound: SoundProfile = SoundProfile(enabled=True)) -> tuple[HallApp, list[Announcer], list[HeldPlayer]]:
        terminal = Terminal(id="HALL", mode="board", sound=sound)
        app = make_app(
            hall.config, hall.store, hall.clock, mode="board", terminal=terminal, idle_check_seconds=SLOW,
            watch_seconds=SLOW,
        )  # fmt: skip

        def factory(on_spoken: Callable[[Spoken], None]) -> Announcer:
            player = HeldPlayer(tmp_path / f"saved-{len(players) + 1}")
            players.append(player)
            announcer = Announcer(
                hall, player=player, voices={"zh": Tone(), "en": Tone()}, bell=lambda: None, on_spoken=on_spoken
            )
            built.append(announcer)
            return announcer

        app.announcer_factory = factory
        app.bells = 0  # type: ignore[attr-defined]

        def bell() -> None:
            app.bells += 1  # type: ignore[attr-defined]

        app.bell = bell  # type: ignore[method-assign]
        return app, built, players

    yield build
    for announcer in built:
        announcer.stop()


def board(app: HallApp) -> BoardScreen:
    screen = app.screen
    assert isinstance(screen, BoardScreen)
    return screen


def in_banner(app: HallApp) -> str:
    return board(app).query_one(Banner).number


async def until(pilot: Any, condition: Callable[[], bool], what: str) -> None:
    """Let the app run until ``condition()`` holds (the announcer's threads are not the event loop)."""
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        await pilot.pause(0.01)


#: The service each counter used here serves.
SERVES = {"1": "social-security", "2": "social-security", "3": "household", "5": "employment"}


def call(hall: Hall, *counters: str) -> list[str]:
    """Issue a ticket and call it at each counter, in order; the numbers called."""
    numbers = []
    for counter in counters:
        hall.issue_ticket(SERVES[counter])
        ticket = hall.call_next(counter)
        assert ticket is not None
        numbers.append(ticket["number"])
    return numbers


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def test_each_call_is_spoken_once_in_order_while_the_banner_shows_it(voiced, hall):
    call(hall, "2")  # called before the board started: shown, never spoken
    app, built, players = voiced()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: board(app).announcer is not None, "the voice")
        announcer, player = built[0], players[0]
        numbers = call(hall, "1", "3", "5")  # a burst
        await looked(pilot)
        for turn, number in enumerate(numbers, 1):
            await until(pilot, lambda turn=turn: player.playing == turn, f"the sentence for {number}")
            assert in_banner(app) == number and board(app).flashing
            # Its hold is over, but its sentence is still being spoken: the banner keeps it.
            screen = board(app)
            await until(pilot, lambda screen=screen: time.monotonic() > screen._hold_until, "the hold to pass")
            await pilot.pause()
            assert in_banner(app) == number and board(app).flashing and len(announcer.spoken) == turn - 1
            player.finish()
            if turn < len(numbers):
                await until(pilot, lambda turn=turn: in_banner(app) == numbers[turn], "the next call's turn")
        await until(pilot, lambda: not board(app).flashing, "the last turn to end")
        assert in_banner(app) == numbers[-1]
        # One WAV per call, in call order, each the one made for that call; none for the call before the start.
        assert [entry.announcement.number for entry in announcer.spoken] == numbers
        assert [digest(path) for path in player.saved()] == [entry.digest for entry in announcer.spoken]
        assert len(built) == 1 and app.bells == len(numbers)  # the board's own bell, once per call


async def test_a_stuck_player_does_not_freeze_the_banner(voiced, hall, monkeypatch):
    monkeypatch.setattr(BoardScreen, "speech_limit", 0.1)
    app, _, players = voiced()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: board(app).announcer is not None, "the voice")
        numbers = call(hall, "1", "3")
        await looked(pilot)
        # The first sentence never ends; each turn still ends, a moment after its hold.
        await until(pilot, lambda: in_banner(app) == numbers[1], "the second call's turn")
        await until(pilot, lambda: not board(app).flashing, "the last turn to end")
        assert players[0].playing == 1


async def test_leaving_the_wall_stops_the_voice_and_coming_back_starts_a_new_one(voiced, hall):
    app, built, players = voiced()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: board(app).announcer is not None, "the voice")
        screen = board(app)
        app.switch_mode("kiosk")
        await settle(pilot)
        assert screen.announcer is None
        await until(pilot, lambda: players[0].stopped, "the first voice to stop")
        app.switch_mode("board")
        await settle(pilot)
        await until(pilot, lambda: board(app).announcer is built[-1] and len(built) == 2, "a new voice")
        (number,) = call(hall, "1")
        await looked(pilot)
        await until(pilot, lambda: players[1].playing == 1, "the sentence")
        assert in_banner(app) == number and players[0].playing == 0
    assert players[1].stopped  # unmounting stops it too


async def test_a_board_without_sound_has_no_voice_and_keeps_its_usual_turns(voiced, hall):
    app, built, _ = voiced(SoundProfile(enabled=False, player="aplay -q"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        numbers = call(hall, "1", "3")
        await looked(pilot)
        await until(pilot, lambda: in_banner(app) == numbers[1], "the second call's turn (its hold)")
        await until(pilot, lambda: not board(app).flashing, "the last turn to end")
        assert board(app).announcer is None and built == [] and app.bells == len(numbers)


def test_the_terminal_s_own_player_plays_else_the_announce_player(hall):
    def player_of(sound: SoundProfile) -> Player:
        app = make_app(hall.config, hall.store, hall.clock, mode="board", terminal=Terminal("B", "board", sound=sound))
        announcer = app.make_announcer(lambda entry: None)
        announcer.stop()
        return announcer.player

    player = player_of(SoundProfile(enabled=True, player="paplay"))
    assert player.argv == ["paplay"] and player.timeout == hall.config.announce.player_timeout_seconds
    assert player_of(SoundProfile(enabled=True)).command == hall.config.announce.player
