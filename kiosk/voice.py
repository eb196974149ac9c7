"""The spoken calls' sound: voices, the chime, the player, and the :class:`Announcer` that follows the calls.

What is said for a call is :mod:`kiosk.announce`'s; this module turns it into one WAV file per call (a chime, then
each sentence) and hands the file's path to the player command (``[announce] player``, default ``aplay -q``).

**Voices**, chosen per language at start, in this order of preference:

1. **Recorded clips**, when ``[announce] clips`` names a folder holding every clip the config can need in that
   language (:func:`kiosk.announce.clips_needed`): ``<clips>/zh/<name>.wav`` and ``<clips>/en/<name>.wav``, where
   ``<name>`` is ``0``..``9``, ``A``..``Z``, ``10`` and ``100`` (and English ``11``..``19``, ``20``..``90``) for
   ``number_style = "whole"`` or a counter id of 10 or more, and each fixed phrase of the templates
   (``请.wav``, ``号到.wav``, ``号窗口办理.wav``, ``再次呼叫.wav``; ``number.wav``,
   ``please_go_to_counter.wav``, ``calling_again.wav``). Any PCM WAV will do (8/16/24/32-bit, mono or stereo, any
   rate): the clips are joined with the stdlib :mod:`wave` module, converted to one format. An optional
   ``<clips>/chime.wav`` replaces the generated chime.
2. **espeak-ng** (``[announce] espeak``): ``espeak-ng -v cmn`` for Mandarin, ``-v en`` for English, written to a
   WAV (``-w``), never to the sound card itself.
3. **The terminal bell**, when no language has a voice: one ring per call (on the announcer's terminal only: a bell
   into a pipe or a log is noise).

The **chime** is two falling sine notes made here (:func:`chime`), not a file in the repository.

:class:`Announcer` follows the calls as the display board does (a ``stat`` of the data file every
``poll_seconds``; after a commit, :meth:`kiosk.hall.Hall.changed_since` says whether the calls table changed, and
only then is the board's view read for every call after the last one heard). Everything called before it started
counts as heard. New calls go onto a queue, in call order, and a second thread speaks them one after the other, so
a burst is never dropped and following never waits for the player. Textual and Rich are not imported here: the
board can run an :class:`Announcer` in its process (``start()`` / ``stop()``), as ``kiosk announce`` does.
"""

from __future__ import annotations

import array
import hashlib
import logging
import math
import queue
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from kiosk.announce import Announcement, Sentence, announcement, clips_needed
from kiosk.config import AnnounceRules
from kiosk.errors import KioskError
from kiosk.hall import Hall
from kiosk.records import CallItem

__all__ = [
    "CHIME_SECONDS",
    "RATE",
    "Announcer",
    "ClipVoice",
    "EspeakVoice",
    "Player",
    "Sound",
    "SoundError",
    "Spoken",
    "Voice",
    "VoiceError",
    "chime",
    "choose_voices",
    "join",
    "read_wav",
    "rms",
    "silence",
    "write_wav",
]

log = logging.getLogger("kiosk.voice")

#: The sample rate of what is written, unless a voice speaks at a higher one (espeak-ng's own rate).
RATE = 22050
#: How long the generated chime lasts.
CHIME_SECONDS = 0.9
#: Silence after the chime, between sentences, and for a pause mark.
GAP_SECONDS, SENTENCE_GAP_SECONDS, PAUSE_SECONDS = 0.25, 0.5, 0.18
#: Clip and synthesis language folders / voices.
ESPEAK_VOICES = {"zh": "cmn", "en": "en"}


class VoiceError(Exception):
    """A voice could not say a sentence (a clip unreadable, espeak failing): that sentence is left out."""


class SoundError(KioskError):
    """A call could not be played at all (``kiosk announce --once``): the machine's sound failed, exit status 1."""

    exit_status = 1


# --------------------------------------------------------------------------------------------- sound


@dataclass
class Sound:
    """Mono 16-bit samples at ``rate`` per second."""

    rate: int
    samples: array.array[int] = field(default_factory=lambda: array.array("h"))

    @property
    def seconds(self) -> float:
        """How long it lasts."""
        return len(self.samples) / self.rate


def rms(samples: Sequence[int]) -> float:
    """The root mean square of 16-bit samples (0 for silence; a full-scale sine is about 23,000)."""
    if not samples:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples))


def silence(rate: int, seconds: float) -> Sound:
    """Silence."""
    return Sound(rate, array.array("h", bytes(2 * int(rate * seconds))))


def chime(rate: int = RATE) -> Sound:
    """The call chime: two falling notes (E5 then C5), each fading out, :data:`CHIME_SECONDS` long in all."""
    samples = array.array("h")
    note = CHIME_SECONDS / 2
    for frequency in (659.25, 523.25):
        count = int(rate * note)
        for i in range(count):
            t = i / rate
            envelope = min(1.0, t / 0.01) * math.exp(-4.0 * t / note)  # a soft attack, then a bell's decay
            value = math.sin(2 * math.pi * frequency * t) + 0.3 * math.sin(4 * math.pi * frequency * t)
            samples.append(int(12000 * envelope * value))
    return Sound(rate, samples)


def _to_mono16(frames: bytes, width: int, channels: int) -> array.array[int]:
    """PCM frames of any common width and channel count as mono 16-bit samples."""
    if width == 2:
        values = array.array("h", frames)
    elif width == 1:  # unsigned 8-bit
        values = array.array("h", ((b - 128) << 8 for b in frames))
    elif width in (3, 4):  # little-endian signed; keep the top 16 bits
        values = array.array("h", (int.from_bytes(frames[i + width - 2 : i + width], "little", signed=True)
                                   for i in range(0, len(frames), width)))  # fmt: skip
    else:
        raise VoiceError(f"{width * 8}-bit samples are not supported")
    if sys.byteorder == "big" and width == 2:
        values.byteswap()
    if channels == 1:
        return values
    return array.array("h", (sum(values[i : i + channels]) // channels for i in range(0, len(values), channels)))


def read_wav(path: Path) -> Sound:
    """A PCM WAV file as mono 16-bit (:class:`VoiceError` when it cannot be read)."""
    try:
        with wave.open(str(path), "rb") as file:
            frames = file.readframes(file.getnframes())
            return Sound(file.getframerate(), _to_mono16(frames, file.getsampwidth(), file.getnchannels()))
    except (OSError, EOFError, wave.Error) as error:
        raise VoiceError(f"{path}: {error}") from None


def write_wav(path: Path, sound: Sound) -> bytes:
    """Write ``sound`` as a mono 16-bit WAV file; returns the file's bytes (for the sentence log's digest)."""
    samples = array.array("h", sound.samples)
    if sys.byteorder == "big":
        samples.byteswap()
    with wave.open(str(path), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(sound.rate)
        file.writeframes(samples.tobytes())
    return path.read_bytes()


def _resample(sound: Sound, rate: int) -> array.array[int]:
    """Linear interpolation to ``rate`` (speech and chimes only: good enough for a hall's loudspeakers)."""
    if sound.rate == rate or not sound.samples:
        return sound.samples
    source = sound.samples
    count = int(len(source) * rate / sound.rate)
    step = sound.rate / rate
    out = array.array("h")
    last = len(source) - 1
    for i in range(count):
        position = i * step
        low = int(position)
        high = min(low + 1, last)
        fraction = position - low
        out.append(int(source[low] + (source[high] - source[low]) * fraction))
    return out


def join(sounds: Iterable[Sound]) -> Sound:
    """One sound of all ``sounds`` in order, at the highest rate among them (the others converted)."""
    parts = list(sounds)
    rate = max((part.rate for part in parts), default=RATE)
    out = array.array("h")
    for part in parts:
        out.extend(_resample(part, rate))
    return Sound(rate, out)


# --------------------------------------------------------------------------------------------- voices


class Voice(Protocol):
    """Something that says a sentence as a :class:`Sound`."""

    #: What the sentence log and ``kiosk announce`` call it.
    name: str

    def say(self, sentence: Sentence) -> Sound:
        """``sentence`` as sound (:class:`VoiceError` when it cannot)."""
        ...


class ClipVoice:
    """Recorded clips: ``<folder>/<lang>/<clip>.wav`` per word (see the module docstring), joined, with a short
    silence at each pause mark."""

    name = "clips"

    def __init__(self, folder: Path, lang: str) -> None:
        self.folder = folder / lang
        self._cache: dict[str, Sound] = {}

    def missing(self, needed: Iterable[str]) -> list[str]:
        """The clips of ``needed`` that are not in the folder, sorted."""
        return sorted(name for name in needed if not (self.folder / f"{name}.wav").is_file())

    def clip(self, name: str) -> Sound:
        """One clip, read once."""
        if name not in self._cache:
            self._cache[name] = read_wav(self.folder / f"{name}.wav")
        return self._cache[name]

    def say(self, sentence: Sentence) -> Sound:
        """The sentence's clips one after the other."""
        rate = max((self.clip(w.clip).rate for w in sentence.words if w.clip), default=RATE)
        return join(self.clip(w.clip) if w.clip else silence(rate, PAUSE_SECONDS) for w in sentence.words)


class EspeakVoice:
    """espeak-ng (``-v cmn`` / ``-v en``), writing a WAV file in ``workdir`` that is read back."""

    name = "espeak-ng"

    def __init__(self, command: str, lang: str, workdir: Path, timeout: float = 20.0) -> None:
        self.argv = shlex.split(command)
        self.lang = lang
        self.workdir = workdir
        self.timeout = timeout

    def available(self) -> bool:
        """Whether the command is on this machine."""
        return shutil.which(self.argv[0]) is not None

    def say(self, sentence: Sentence) -> Sound:
        """Run espeak-ng for the sentence's text."""
        out = self.workdir / f"espeak-{self.lang}.wav"
        try:
            done = subprocess.run(
                [*self.argv, "-v", ESPEAK_VOICES[self.lang], "-w", str(out), sentence.text],
                capture_output=True,
                timeout=self.timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise VoiceError(f"{self.argv[0]}: {error}") from None
        if done.returncode != 0:
            raise VoiceError(f"{self.argv[0]} exited with {done.returncode}: {done.stderr.decode(errors='replace')}")
        return read_wav(out)


def choose_voices(
    hall: Hall, rules: AnnounceRules, languages: Sequence[str], workdir: Path
) -> tuple[dict[str, Voice | None], list[str]]:
    """The voice of each language (None: none, the bell's case), and notes on why a better one was passed over
    (a clip folder missing clips)."""
    voices: dict[str, Voice | None] = {}
    notes: list[str] = []
    for lang in languages:
        chosen: Voice | None = None
        if rules.clips is not None:
            clips = ClipVoice(rules.clips, lang)
            missing = clips.missing(clips_needed(hall.config, lang, rules))
            if not missing:
                chosen = clips
            else:
                shown = ", ".join(f"{lang}/{name}.wav" for name in missing[:6]) + (" ..." if len(missing) > 6 else "")
                notes.append(f"announce.clips: {rules.clips} lacks {len(missing)} clip(s) for {lang}: {shown}")
        if chosen is None:
            espeak = EspeakVoice(rules.espeak, lang, workdir)
            if espeak.available():
                chosen = espeak
        voices[lang] = chosen
    return voices, notes


# --------------------------------------------------------------------------------------------- the player


class Player:
    """The configured command that plays a WAV file (its path added as the last argument), run with a timeout;
    :meth:`stop` ends the one playing now."""

    def __init__(self, command: str, timeout: float) -> None:
        self.command = command
        self.argv = shlex.split(command)
        self.timeout = timeout
        self._current: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._stopped = False

    def available(self) -> bool:
        """Whether the command is on this machine."""
        return bool(self.argv) and shutil.which(self.argv[0]) is not None

    def play(self, path: Path) -> str | None:
        """Play ``path`` to the end; returns None, or what went wrong in one line."""
        try:
            with self._lock:
                if self._stopped:
                    return None
                self._current = subprocess.Popen(
                    [*self.argv, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
                )
            process = self._current
            try:
                _, err = process.communicate(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
                return f"{self.argv[0]} still playing after {self.timeout:g} s: stopped"
        except OSError as error:
            return f"{self.argv[0]}: {error.strerror or error}"
        finally:
            with self._lock:
                self._current = None
        if process.returncode != 0 and not self._stopped:  # cut short by stop(): no fault of the player
            last = err.decode(errors="replace").strip().splitlines()[-1:] or [""]
            return f"{self.argv[0]} exited with {process.returncode} {last[0]}".strip()
        return None

    def stop(self) -> None:
        """Stop what is playing now (if anything), and whatever would be played next."""
        with self._lock:
            self._stopped = True
            if self._current is not None and self._current.poll() is None:
                self._current.kill()


# --------------------------------------------------------------------------------------------- the announcer


@dataclass(frozen=True)
class Spoken:
    """One entry of the sentence log: a call and how it was said."""

    announcement: Announcement
    """What was said."""
    voices: dict[str, str]
    """The voice of each language that was heard (``clips``, ``espeak-ng``); empty when only the bell rang."""
    bell: bool
    """True when the terminal bell rang instead of speech."""
    seconds: float
    """How long the WAV lasts (0 for the bell)."""
    digest: str | None
    """The SHA-256 of the WAV file handed to the player (None for the bell)."""
    problem: str | None = None
    """What went wrong, in one line (a voice or the player failing), or None."""


def _ring_terminal() -> None:
    """One ring of the terminal bell, only on a terminal (a bell in a pipe or a log is a stray byte)."""
    if sys.stdout.isatty():
        sys.stdout.write("\a")
        sys.stdout.flush()


_STOP = object()


class Announcer:
    """Follows the hall's calls and speaks each one once, in call order (see the module docstring).

    ``start()`` starts following (everything called until then counts as heard) and speaking, in two threads;
    ``stop()`` ends both. ``say_call`` speaks one call at once, in the caller's thread (``kiosk announce --once``).
    ``spoken`` is the sentence log; ``on_spoken`` (optional) hears each entry as it is made, from the speaking
    thread. ``voices``, ``player`` and ``bell`` replace what ``rules`` would choose (for tests and for a board that
    brings its own).
    """

    def __init__(
        self,
        hall: Hall,
        rules: AnnounceRules | None = None,
        *,
        languages: Sequence[str] | None = None,
        player: Player | None = None,
        voices: dict[str, Voice | None] | None = None,
        bell: Callable[[], None] = _ring_terminal,
        on_spoken: Callable[[Spoken], None] | None = None,
        poll_seconds: float | None = None,
    ) -> None:
        self.hall = hall
        self.rules = rules or hall.config.announce
        self.languages = tuple(languages or self.rules.languages)
        self.player = player or Player(self.rules.player, self.rules.player_timeout_seconds)
        self.bell = bell
        self.on_spoken = on_spoken
        self.poll_seconds = self.rules.poll_seconds if poll_seconds is None else poll_seconds
        self._workdir = Path(tempfile.mkdtemp(prefix="kiosk-announce-"))
        #: Notes on voices passed over (a clip folder missing clips), for whoever starts the announcer to show.
        self.notes: list[str] = []
        if voices is None:
            voices, self.notes = choose_voices(hall, self.rules, self.languages, self._workdir)
        self.voices = voices
        self._chime: Sound | None = None
        #: The sentence log: every call spoken (or rung), in order.
        self.spoken: list[Spoken] = []
        self._spoken_changed = threading.Condition()
        #: The id of the last call heard (None until :meth:`start`).
        self.cursor: int | None = None
        self._version: str | None = None
        self._queue: queue.Queue[object] = queue.Queue()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    # -- what the voices and player need

    @property
    def silent(self) -> bool:
        """True when no language has a voice: calls ring the bell, and no player is needed."""
        return all(voice is None for voice in self.voices.values())

    def describe(self) -> str:
        """The voices and the player, in one line: ``zh: espeak-ng, en: espeak-ng; player: aplay -q``."""
        voices = ", ".join(f"{lang}: {voice.name if voice else 'bell'}" for lang, voice in self.voices.items())
        return voices + ("" if self.silent else f"; player: {self.player.command}")

    def chime_sound(self) -> Sound:
        """The hall's ``chime.wav`` from the clips folder when there is one, else the generated chime."""
        if self._chime is None:
            custom = self.rules.clips / "chime.wav" if self.rules.clips is not None else None
            try:
                self._chime = read_wav(custom) if custom is not None and custom.is_file() else chime()
            except VoiceError:
                self._chime = chime()
        return self._chime

    # -- following

    def start(self) -> None:
        """Take everything called so far as heard, then follow and speak in two daemon threads."""
        if self._threads:
            return
        self._catch_up()
        self._threads = [
            threading.Thread(target=self._follow, name="announce-follow", daemon=True),
            threading.Thread(target=self._speak, name="announce-speak", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop following and speaking (what is playing is cut short; calls still waiting are dropped)."""
        self._stop.set()
        self._queue.put(_STOP)
        self.player.stop()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []
        shutil.rmtree(self._workdir, ignore_errors=True)

    def _catch_up(self) -> None:
        # The version first: a call committed between the two reads changes it, so the next look reads again.
        self._version = self._stat()
        self.cursor = self.hall.board_view(last=0)["last_call_id"]

    def _stat(self) -> str | None:
        try:
            return self.hall.version()
        except (KioskError, OSError):  # being replaced: the next look tries again
            return None

    def _follow(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            try:
                self.look()
            except (KioskError, OSError) as error:  # the data file unreadable for a moment: look again next tick
                log.warning("announce: cannot read the calls now: %s", error)
            except Exception:  # a bug: logged, and following goes on
                log.exception("announce: the look failed")

    def look(self) -> int:
        """One look at the hall: when the calls changed since the last look, queue every call after the last one
        heard, in call order. Returns how many were queued."""
        version = self._stat()
        if version is None or version == self._version:
            return 0
        changes: dict[str, frozenset[str]] | None = None
        if self._version is not None:
            try:
                changes = self.hall.changed_since(self._version)
            except (KioskError, OSError):
                changes = None
        self._version = version
        if changes is not None and "calls" not in changes:
            return 0
        view = self.hall.board_view(last=0, since=self.cursor)
        fresh = [call for call in view["new"] if self.cursor is None or call["id"] > self.cursor]
        self.feed(fresh)
        self.cursor = max([self.cursor or 0, view["last_call_id"], *(call["id"] for call in fresh)])
        return len(fresh)

    def feed(self, calls: Iterable[CallItem]) -> None:
        """Queue calls to be spoken, in the order given (a board that follows the calls itself may hand them
        over here instead of :meth:`start`'s follower: then call :meth:`start_speaking`)."""
        for call in calls:
            self._queue.put(call)

    def start_speaking(self) -> None:
        """Start only the speaking thread (for :meth:`feed`)."""
        if not self._threads:
            self._threads = [threading.Thread(target=self._speak, name="announce-speak", daemon=True)]
            self._threads[0].start()

    # -- speaking

    def _speak(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP or self._stop.is_set():
                return
            try:
                self.say_call(item)  # type: ignore[arg-type]
            except Exception:  # a bug: logged, and the next call is still spoken
                log.exception("announce: speaking a call failed")

    def say_call(self, call: CallItem) -> Spoken:
        """Speak one call now (chime, then each language), in the caller's thread; log and return the entry."""
        said = announcement(call, self.rules, self.languages)
        problems: list[str] = []
        pieces: list[Sound] = []
        heard: dict[str, str] = {}
        for sentence in said.sentences:
            voice = self.voices.get(sentence.lang)
            if voice is None:
                continue
            try:
                sound = voice.say(sentence)
            except VoiceError as error:
                problems.append(str(error))
                continue
            pieces += [silence(sound.rate, SENTENCE_GAP_SECONDS if pieces else GAP_SECONDS), sound]
            heard[sentence.lang] = voice.name
        if not pieces:
            self.bell()
            entry = Spoken(said, {}, True, 0.0, None, "; ".join(problems) or None)
        else:
            if self.rules.chime:
                pieces.insert(0, self.chime_sound())
            sound = join(pieces)
            sound.samples.extend(silence(sound.rate, GAP_SECONDS).samples)
            path = self._workdir / f"call-{said.call_id}.wav"
            digest = hashlib.sha256(write_wav(path, sound)).hexdigest()
            problem = self.player.play(path)
            path.unlink(missing_ok=True)
            if problem:
                problems.append(problem)
            entry = Spoken(said, heard, False, sound.seconds, digest, "; ".join(problems) or None)
        with self._spoken_changed:
            self.spoken.append(entry)
            self._spoken_changed.notify_all()
        if self.on_spoken is not None:
            self.on_spoken(entry)
        return entry

    def wait_spoken(self, count: int, timeout: float) -> bool:
        """Wait until the log holds ``count`` entries (True), or ``timeout`` seconds pass (False)."""
        deadline = time.monotonic() + timeout
        with self._spoken_changed:
            while len(self.spoken) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._spoken_changed.wait(left)
        return True
