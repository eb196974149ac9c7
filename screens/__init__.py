"""Textual screens of Hall Kiosk (resident kiosk, counter console, display board), one per file.

Screens collect input, call :class:`kiosk.hall.Hall` and show the result; no rule is decided here.
"""
