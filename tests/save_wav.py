"""A player for the announcer's tests (and for trying ``kiosk announce`` without speakers):
``python tests/save_wav.py FOLDER WAV`` copies WAV into FOLDER as ``001.wav``, ``002.wav``, ... in the order it is
run. The copy is renamed into place, so a test that counts the files never reads one half written."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def main(folder: str, wav: str) -> None:
    """Save ``wav`` as the next numbered file of ``folder``."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    number = len(list(target.glob("*.wav"))) + 1
    part = target / f".{number:03d}.{os.getpid()}.part"
    shutil.copyfile(wav, part)
    part.rename(target / f"{number:03d}.wav")


if __name__ == "__main__":
    main(*sys.argv[1:3])
