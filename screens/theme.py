"""The high-contrast theme the config can select (``theme = "high-contrast"``): white and yellow on black,
for low vision and for a screen in glare."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="hall-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFA500",
    error="#FF5555",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    dark=True,
    variables={
        "footer-key-foreground": "#000000",
        "footer-key-background": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "border": "#FFFFFF",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
    },
)
