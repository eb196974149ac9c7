"""The player a served board uses (``python -m kiosk.cli.web.spool FOLDER FILE.wav``): it hands the call's WAV to
``kiosk serve`` instead of a sound card, then waits as long as the sound lasts, so the board's banner turn and
the next call keep in step with the page that plays it.

The file is copied into ``FOLDER`` under a name that sorts in call order (the time in nanoseconds), written to a
temporary name first and renamed, so the server never picks up half a file."""

from __future__ import annotations

import os
import shutil
import sys
import time
import wave
from pathlib import Path


def duration(path: Path) -> float:
    """Seconds of sound in a WAV file (0 when it cannot be read)."""
    try:
        with wave.open(str(path), "rb") as sound:
            return sound.getnframes() / float(sound.getframerate() or 1)
    except (OSError, EOFError, wave.Error):
        return 0.0


def hand_over(folder: Path, source: Path) -> Path:
    """Put ``source`` into ``folder`` for the server, atomically; returns where."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{time.time_ns():020d}.wav"
    partial = target.with_suffix(".part")
    shutil.copyfile(source, partial)
    os.replace(partial, target)
    return target


def main(argv: list[str]) -> int:
    """``FOLDER FILE``: hand the file over and wait for its length; 2 on bad arguments, 1 when it fails."""
    if len(argv) != 2:
        print("usage: python -m kiosk.cli.web.spool FOLDER FILE.wav", file=sys.stderr)
        return 2
    folder, source = Path(argv[0]), Path(argv[1])
    try:
        hand_over(folder, source)
    except OSError as error:
        print(f"spool: {error.strerror or error}: {source}", file=sys.stderr)
        return 1
    time.sleep(duration(source))  # the page plays it now: the next call waits its turn, as with a loudspeaker
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
