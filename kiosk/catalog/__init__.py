"""The message catalog, one module per feature, each message's two languages side by side.

A feature's sentences live in ``kiosk/catalog/<feature>.py`` as ``MESSAGES = {key: (English, 中文)}``;
:mod:`kiosk.i18n` joins them into one catalog per language and looks messages up.
"""

from __future__ import annotations

from kiosk.catalog import (
    announce,
    board,
    booking,
    cases,
    cli,
    console,
    evaluation,
    figures,
    files,
    lookup,
    notify,
    pad,
    printing,
    queue,
    ratings,
    reports,
    requests,
    serve,
    staff,
    words,
)

#: Every feature's messages, in the order the catalog joins them.
FEATURES = (
    files,
    queue,
    booking,
    requests,
    ratings,
    evaluation,
    pad,
    cases,
    notify,
    figures,
    lookup,
    staff,
    console,
    board,
    announce,
    reports,
    cli,
    words,
    printing,
    serve,
)
