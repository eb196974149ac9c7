"""The spoken calls end to end in one process (:mod:`kiosk.voice`, ``kiosk announce``): a player command that saves
each WAV it is given (``tests/save_wav.py``) shows one file per call, in call order, recalls marked in the sentence
log, each file a chime followed by real sound of a plausible length; recorded clips, espeak-ng (when installed)
and the bell; calls made before the announcer started are not spoken; a burst is spoken whole, in order, while
the follower keeps reading calls during a long playback.

Nothing here sleeps: tests wait on the announcer's log (:meth:`Announcer.wait_spoken`) or poll with a deadline.
"""

from __future__ import annotations

import array
import hashlib
import json
import math
import shlex
import shutil
import sys
import threading
import time
import wave
from pathlib import Path

import pytest

from kiosk.announce import clips_needed
from kiosk.clock import FixedClock
from kiosk.config import AnnounceRules
from kiosk.hall import Hall
from kiosk.voice import (
    CHIME_SECONDS,
    Announcer,
    ClipVoice,
    EspeakVoice,
    Player,
    Sound,
    chime,
    join,
    read_wav,
    rms,
    write_wav,
)
from tests.unit.test_cli import REPO, cli_environment, run

SAVER = Path(__file__).resolve().parents[1] / "save_wav.py"
HAS_ESPEAK = shutil.which("espeak-ng") is not None
needs_espeak = pytest.mark.skipif(not HAS_ESPEAK, reason="espeak-ng is not installed (.ci/run installs it)")
#: Loud enough to be sound, not noise: 16-bit speech and our test tones are in the thousands.
AUDIBLE_RMS = 300
WAIT = 20.0


def saving_player(folder: Path) -> Player:
    """The player command that saves each WAV into ``folder`` as 001.wav, 002.wav, ..."""
    return Player(shlex.join([sys.executable, str(SAVER), str(folder)]), timeout=20)


def saved(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.wav")) if folder.exists() else []


def samples(path: Path) -> tuple[int, array.array]:
    with wave.open(str(path), "rb") as file:
        assert (file.getnchannels(), file.getsampwidth()) == (1, 2)
        return file.getframerate(), array.array("h", file.readframes(file.getnframes()))


def assert_a_call(path: Path, shortest: float, longest: float) -> None:
    """A chime, then sound (not silence) lasting between ``shortest`` and ``longest`` seconds in all."""
    rate, data = samples(path)
    assert shortest <= len(data) / rate <= longest, len(data) / rate
    assert rms(data[: int(rate * CHIME_SECONDS)]) > AUDIBLE_RMS, "the chime"
    assert rms(data[int(rate * CHIME_SECONDS) :]) > AUDIBLE_RMS, "the speech after the chime"


def tone(frequency: float, seconds: float = 0.06, rate: int = 16000) -> Sound:
    return Sound(
        rate,
        array.array(
            "h", (int(8000 * math.sin(2 * math.pi * frequency * i / rate)) for i in range(int(rate * seconds)))
        ),
    )


def make_clips(folder: Path, hall: Hall, rules: AnnounceRules, *, leave_out: str | None = None) -> None:
    """A short tone for every clip the config needs in both languages (16 kHz: the chime's 22.05 kHz differs)."""
    for lang in ("zh", "en"):
        (folder / lang).mkdir(parents=True, exist_ok=True)
        for index, name in enumerate(sorted(clips_needed(hall.config, lang, rules))):
            if name != leave_out:
                write_wav(folder / lang / f"{name}.wav", tone(300 + 20 * index))


def serve(hall: Hall, counter: str, service: str) -> str:
    """Issue a ticket for ``service`` and call it at ``counter``; its number."""
    hall.issue_ticket(service)
    ticket = hall.call_next(counter)
    assert ticket is not None
    return ticket["number"]


@pytest.fixture
def announcers():
    """Announcers started by a test; stopped at teardown, whatever happened."""
    started: list[Announcer] = []
    yield started
    for announcer in started:
        announcer.stop()


def running(announcers: list[Announcer], hall: Hall, **kwargs) -> Announcer:
    announcer = Announcer(hall, poll_seconds=0.02, bell=kwargs.pop("bell", lambda: None), **kwargs)
    announcers.append(announcer)
    announcer.start()
    return announcer


# --- sound ----------------------------------------------------------------------------------------------------


def test_the_chime_is_two_audible_notes_and_wav_files_round_trip(tmp_path):
    sound = chime()
    assert sound.seconds == pytest.approx(CHIME_SECONDS, abs=0.01)
    half = len(sound.samples) // 2
    assert rms(sound.samples[:half]) > AUDIBLE_RMS and rms(sound.samples[half:]) > AUDIBLE_RMS
    write_wav(tmp_path / "c.wav", sound)
    assert read_wav(tmp_path / "c.wav").samples == sound.samples


def test_clips_of_other_formats_are_joined_as_one_mono_16_bit_sound(tmp_path):
    stereo8 = tmp_path / "s.wav"
    with wave.open(str(stereo8), "wb") as file:
        file.setnchannels(2)
        file.setsampwidth(1)
        file.setframerate(11025)
        file.writeframes(bytes([128 + 100, 128 + 100] * 11025))  # one second of a constant level
    clip = read_wav(stereo8)
    assert clip.rate == 11025 and len(clip.samples) == 11025 and set(clip.samples) == {100 << 8}
    both = join([clip, tone(440, 1.0, 22050)])
    assert both.rate == 22050 and both.seconds == pytest.approx(2.0, abs=0.01)


# --- the announcer in one process ---------------------------------------------------------------------------


def test_clips_one_file_per_call_in_order_recalls_marked_earlier_calls_unspoken(
    hall: Hall, clock: FixedClock, tmp_path, announcers
):
    rules = AnnounceRules(clips=tmp_path / "clips")
    make_clips(rules.clips, hall, rules)
    before = serve(hall, "1", "social-security")  # called before the announcer starts: never spoken
    out = tmp_path / "saved"
    announcer = running(announcers, hall, rules=rules, player=saving_player(out))
    assert announcer.describe().startswith("zh: clips, en: clips")
    b = serve(hall, "3", "household")
    clock.advance(seconds=31)  # past queue.recall_interval_seconds
    hall.recall("3")
    c = serve(hall, "4", "civil-affairs")
    assert announcer.wait_spoken(3, WAIT), announcer.spoken
    log = announcer.spoken
    assert [(s.announcement.number, s.announcement.counter, s.announcement.recall) for s in log] == [
        (b, "3", False),
        (b, "3", True),
        (c, "4", False),
    ]
    assert before not in [s.announcement.number for s in log]
    assert log[1].announcement.sentences[0].text.startswith("再次呼叫")
    assert all(s.voices == {"zh": "clips", "en": "clips"} and s.problem is None for s in log)
    files = saved(out)
    assert len(files) == 3
    assert [hashlib_sha256(f) for f in files] == [s.digest for s in log], "the files in call order"
    for path in files:
        assert_a_call(path, 1.5, 8.0)


def hashlib_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_burst_of_ten_calls_gives_ten_files_in_order(hall: Hall, tmp_path, announcers):
    rules = AnnounceRules(clips=tmp_path / "clips", languages=("zh",))
    make_clips(rules.clips, hall, rules)
    for _ in range(10):
        hall.issue_ticket("general")
    out = tmp_path / "saved"
    announcer = running(announcers, hall, rules=rules, player=saving_player(out))
    numbers = []
    for _ in range(10):
        ticket = hall.call_next("6")
        assert ticket is not None
        numbers.append(ticket["number"])
        hall.finish("6")
    assert announcer.wait_spoken(10, WAIT), announcer.spoken
    assert [s.announcement.number for s in announcer.spoken] == numbers
    ids = [s.announcement.call_id for s in announcer.spoken]
    assert ids == sorted(ids) and len(set(ids)) == 10
    files = saved(out)
    assert [hashlib_sha256(f) for f in files] == [s.digest for s in announcer.spoken]


class HeldPlayer(Player):
    """A player that does not return until released: a long announcement, in-process."""

    def __init__(self) -> None:
        super().__init__("held", timeout=30)
        self.release = threading.Event()
        self.played: list[Path] = []

    def play(self, path: Path) -> str | None:
        self.played.append(path)
        assert self.release.wait(WAIT), "never released"
        return None


def test_following_goes_on_while_the_player_plays(hall: Hall, tmp_path, announcers):
    rules = AnnounceRules(clips=tmp_path / "clips", languages=("en",))
    make_clips(rules.clips, hall, rules)
    player = HeldPlayer()
    announcer = running(announcers, hall, rules=rules, player=player)
    first = serve(hall, "1", "social-security")
    numbers = [first] + [
        serve(hall, counter, service) for counter, service in (("3", "household"), ("5", "employment"))
    ]
    # While the first call is still "playing", the follower has heard the other two.
    pause = threading.Event()  # never set: a bounded wait between two looks
    for _ in range(int(WAIT / 0.01)):
        if len(player.played) == 1 and announcer.cursor == hall.board_view(last=0)["last_call_id"]:
            break
        pause.wait(0.01)
    assert len(player.played) == 1 and announcer.spoken == []
    assert announcer.cursor == hall.board_view(last=0)["last_call_id"]
    player.release.set()
    assert announcer.wait_spoken(3, WAIT)
    assert [s.announcement.number for s in announcer.spoken] == numbers


def test_a_clip_folder_missing_a_clip_is_passed_over_with_a_note(hall: Hall, tmp_path):
    rules = AnnounceRules(clips=tmp_path / "clips", espeak="no-such-espeak")
    make_clips(rules.clips, hall, rules, leave_out="号到")
    announcer = Announcer(hall, rules)
    assert announcer.voices["zh"] is None and isinstance(announcer.voices["en"], ClipVoice)
    assert any("zh/号到.wav" in note for note in announcer.notes)
    announcer.stop()


def test_without_clips_or_espeak_each_call_rings_the_bell(hall: Hall, tmp_path, announcers):
    rules = AnnounceRules(espeak="no-such-espeak")
    rung: list[int] = []
    out = tmp_path / "saved"
    announcer = running(announcers, hall, rules=rules, player=saving_player(out), bell=lambda: rung.append(1))
    assert announcer.silent and announcer.describe() == "zh: bell, en: bell"
    serve(hall, "1", "social-security")
    serve(hall, "3", "household")
    assert announcer.wait_spoken(2, WAIT)
    assert len(rung) == 2 and all(s.bell and s.digest is None for s in announcer.spoken)
    assert saved(out) == []


def test_a_failing_player_is_noted_and_the_next_call_still_spoken(hall: Hall, tmp_path, announcers):
    rules = AnnounceRules(clips=tmp_path / "clips", languages=("zh",))
    make_clips(rules.clips, hall, rules)
    announcer = running(
        announcers, hall, rules=rules, player=Player(shlex.join([sys.executable, "-c", "raise SystemExit(3)"]), 10)
    )
    serve(hall, "1", "social-security")
    serve(hall, "3", "household")
    assert announcer.wait_spoken(2, WAIT)
    assert all(s.problem and "exited with 3" in s.problem for s in announcer.spoken)


@needs_espeak
def test_espeak_ng_speaks_both_languages(hall: Hall, clock: FixedClock, tmp_path, announcers):
    rules = AnnounceRules(espeak="espeak-ng")
    out = tmp_path / "saved"
    announcer = running(announcers, hall, rules=rules, player=saving_player(out))
    assert isinstance(announcer.voices["zh"], EspeakVoice) and isinstance(announcer.voices["en"], EspeakVoice)
    number = serve(hall, "2", "elderly")
    clock.advance(seconds=31)
    hall.recall("2")
    assert announcer.wait_spoken(2, WAIT)
    assert [s.announcement.recall for s in announcer.spoken] == [False, True]
    assert all(
        s.announcement.number == number and s.voices == {"zh": "espeak-ng", "en": "espeak-ng"} for s in announcer.spoken
    )
    files = saved(out)
    assert len(files) == 2
    for path in files:
        assert_a_call(path, 3.0, 30.0)
    # The recall says more ("再次呼叫", "Calling again"): it lasts longer.
    assert len(samples(files[1])[1]) > len(samples(files[0])[1])


# --- kiosk announce ---------------------------------------------------------------------------------------------


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return cli_environment(tmp_path, monkeypatch)


def test_announce_once_speaks_the_latest_call_or_a_sample(env, capsys, tmp_path, monkeypatch):
    if not HAS_ESPEAK:
        pytest.skip("espeak-ng is not installed (.ci/run installs it)")
    out = tmp_path / "saved"
    player = shlex.join([sys.executable, str(SAVER), str(out)])
    status, text, err = run(capsys, "announce", "--once", "--player", player, "--lang", "en")
    assert (status, err) == (0, "")
    assert "sample" in text and "A001 → counter 1: Number A zero zero one, please go to counter one" in text
    run(capsys, "ticket", "household")
    run(capsys, "call", "3")
    status, text, err = run(capsys, "--lang", "zh-Hans", "announce", "--once", "--player", player, "--lang", "zh")
    assert (status, err) == (0, "")
    assert text == "B001 → 3 号窗口：请 B 零零一 号到 三 号窗口办理\n"
    assert len(saved(out)) == 2


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["announce", "--once", "--lang", "fr"], "--lang: expected zh, en"),
        (["announce", "--once", "--lang", "zh,zh"], "--lang: expected zh, en"),
        (["announce", "--once", "--player", " "], "--player: expected a command"),
        (["announce", "--once", "--player", "no-such-player -q"], "The player 'no-such-player' is not on this machine"),
    ],
)
def test_announce_refuses_bad_options_in_one_line(env, capsys, argv, says, monkeypatch):
    if "no-such-player" in argv[-1] and not HAS_ESPEAK:
        pytest.skip("without a voice no player is needed")
    status, text, err = run(capsys, *argv)
    assert status == 2 and text == "" and err.count("\n") == 1 and says in err, err


def test_announce_once_says_when_the_player_fails(env, capsys):
    if not HAS_ESPEAK:
        pytest.skip("espeak-ng is not installed (.ci/run installs it)")
    status, _, err = run(capsys, "announce", "--once", "--player", "false")
    assert status == 1 and err.startswith("kiosk: The call could not be played: false exited with 1"), err


def test_stopping_cuts_the_playing_call_short_without_calling_it_a_fault(tmp_path):
    started = tmp_path / "started"
    # A player that says it started, then plays "for ever" (until stopped).
    script = f"import pathlib, time; pathlib.Path({str(started)!r}).touch(); time.sleep(60)"
    player = Player(shlex.join([sys.executable, "-c", script]), timeout=30)
    result: list[str | None] = []
    thread = threading.Thread(target=lambda: result.append(player.play(tmp_path / "x.wav")))
    thread.start()
    pause = threading.Event()  # never set: a bounded wait between two looks
    for _ in range(int(WAIT / 0.01)):
        if started.exists():
            break
        pause.wait(0.01)
    player.stop()
    thread.join(WAIT)
    assert not thread.is_alive() and result == [None]
    begun = time.monotonic()
    assert player.play(tmp_path / "x.wav") is None  # and nothing more plays: it returns at once
    assert time.monotonic() - begun < 5


def test_announce_starts_with_its_terminal_profile_s_speakers(env, capsys, tmp_path, monkeypatch):
    """``--terminal VOICE`` plays through the profile's ``sound.player``; a terminal of another kind is refused."""
    if not HAS_ESPEAK:
        pytest.skip("espeak-ng is not installed (.ci/run installs it)")
    out = tmp_path / "saved"
    player = shlex.join([sys.executable, str(SAVER), str(out)])
    text = (REPO / "kiosk.toml").read_text(encoding="utf-8")
    bundled = 'sound = { enabled = true, player = "aplay" }'
    assert bundled in text
    text = text.replace(bundled, f"sound = {{ enabled = true, player = {json.dumps(player)} }}")
    text = text.replace('data = "data/hall.json"', f'data = "{tmp_path / "hall.json"}"')
    (tmp_path / "voice.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "voice.toml"))
    status, said, err = run(capsys, "announce", "--once", "--terminal", "VOICE", "--lang", "en")
    assert (status, err) == (0, "") and "please go to counter one" in said
    assert len(saved(out)) == 1
    status, said, err = run(capsys, "announce", "--once", "--terminal", "K1")
    assert (status, said) == (2, "") and "start it with 'kiosk run --terminal K1'" in err
