"""``kiosk serve``: every terminal profile of ``kiosk.toml`` as a page in a browser on the hall's network.

:mod:`kiosk.cli.web.server` is the web server (aiohttp, with textual-serve's app process driver), :mod:`kiosk.cli.
web.page` the page and its script, :mod:`kiosk.cli.web.spool` the sound player a served board uses to hand its
calls' audio to the page."""
