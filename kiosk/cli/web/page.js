// The page of one terminal under `kiosk serve`: connects textual-serve's terminal to this terminal's session,
// reconnects by itself when the session ends (a kiosk never shows a "Restart" button), says so when the terminal
// was opened on another device, keeps the browser's own keys from reloading the page, and plays the sound of the
// calls (a board with speakers) or a chime on the app's bell.
(function () {
  "use strict";
  const body = document.body;
  const element = document.getElementById("terminal");
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  // textual.js reads this when the window has loaded and connects to it.
  element.dataset.sessionWebsocketUrl = scheme + location.host + body.dataset.wsPath;

  const TAKEN_OVER = 4001; // the server's close code: the terminal was opened on another device

  function notice(text) {
    document.getElementById("notice-text").textContent = text;
    body.classList.add("-notice");
  }

  let retries = 0;
  let openedAt = 0;
  window.addEventListener("textual-open", function () {
    openedAt = Date.now();
    body.classList.remove("-notice", "-taken-over");
  });

  // Taken over: say so, and come back by ourselves once the other page has gone (nobody holds the terminal).
  function watchTakenOver() {
    fetch(body.dataset.livePath, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.live) {
          setTimeout(watchTakenOver, 3000);
        } else {
          reconnect();
        }
      })
      .catch(function () { setTimeout(watchTakenOver, 3000); });
  }
  function reconnect() {
    const terminal = element.textualTerminal;
    terminal.terminal.reset();
    terminal.connect();
  }

  window.addEventListener("textual-closed", function (event) {
    if (event.detail.code === TAKEN_OVER) {
      body.classList.add("-taken-over");
      notice(body.dataset.takenOver);
      setTimeout(watchTakenOver, 3000);
      return;
    }
    // A session that lived a while starts the back-off again; one that ended at once (a face that cannot start)
    // waits longer each time, up to 30 s, rather than starting a new face every second.
    if (openedAt && Date.now() - openedAt > 10000) {
      retries = 0;
    }
    notice(body.dataset.reconnecting);
    const delay = Math.min(30000, 500 * Math.pow(2, retries));
    retries += 1;
    setTimeout(reconnect, delay);
  });

  // Keys a browser takes for itself: reload, print, save, find, view source. (Ctrl+W and Ctrl+Q cannot be
  // taken back from a page: lock the browser down as the README says.)
  window.addEventListener(
    "keydown",
    function (event) {
      const key = event.key.toLowerCase();
      if (event.key === "F5" || ((event.ctrlKey || event.metaKey) && "rpsfuo".includes(key) && key.length === 1)) {
        event.preventDefault();
      }
    },
    true
  );

  // Sound: the calls' audio, one after the other, each once; or a chime on the bell.
  const queue = [];
  let playing = false;
  function playNext() {
    if (playing || queue.length === 0) {
      return;
    }
    if (body.classList.contains("-taken-over")) {
      queue.length = 0; // a screen pushed off by another page stays silent: the live one speaks
      return;
    }
    playing = true;
    const audio = new Audio(queue.shift());
    const done = function () {
      playing = false;
      playNext();
    };
    audio.addEventListener("ended", done);
    audio.addEventListener("error", done);
    audio.play().catch(done);
  }
  window.kioskSounds = []; // what the page was given to play, in order (read by the tests)

  function listen() {
    const events = new WebSocket(scheme + location.host + body.dataset.eventsPath);
    events.addEventListener("message", function (message) {
      const data = JSON.parse(message.data);
      if (data[0] === "play") {
        window.kioskSounds.push(data[1]);
        queue.push(data[1]);
        playNext();
      }
    });
    events.addEventListener("close", function () {
      setTimeout(listen, 2000);
    });
  }
  if (body.dataset.eventsPath) {
    listen();
  }
  window.addEventListener("textual-ready", function () {
    if (body.dataset.bell) {
      element.textualTerminal.terminal.onBell(function () {
        window.kioskSounds.push(body.dataset.bell);
        queue.push(body.dataset.bell);
        playNext();
      });
    }
  });
})();
