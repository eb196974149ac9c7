"""The few widgets every kiosk screen is built from.

Each widget that shows words keeps *how* to say them (a catalog key or a function of the app), not the words
themselves, and has ``retranslate()``: the app calls it on every widget of every screen when the resident
switches language, so nothing is left in the old language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Footer, Input, Static, TextArea
from textual.widgets._footer import FooterKey

from screens.words import capital

if TYPE_CHECKING:
    from textual.screen import Screen

    from screens.app import HallApp

if TYPE_CHECKING:
    _WidgetMixin = Widget
else:
    _WidgetMixin = object  # not a Widget subclass: that would pin can_focus=False ahead of Input's in the MRO

#: What a widget says, worked out from the app (its language, its hall) each time it is shown: called with the
#: app. Any arguments, because the lambdas that make words bind loop values as defaults (``lambda app, a=a: ...``),
#: which a one-argument callable type would refuse.
Words = Callable[..., RenderableType]


def words_of(words: str | Words | None, **params: Any) -> Words:
    """A catalog key (with its parameters) or a function, as a function of the app."""
    if words is None or words == "":
        return lambda app: ""
    if isinstance(words, str):
        key = words
        return lambda app: app.t(key, **params)
    return words


#: What :meth:`Say.follow` compares with before any part was shown.
_NOTHING_SHOWN = object()


class BlankRow(Horizontal):
    """A row of widgets that draws nothing of its own (no border, one background): Textual then fills it with blanks
    instead of drawing it line by line, as it does again for every widget under a change, at a cost for each."""

    BLANK = True


class BlankColumn(Vertical):
    """A column of widgets that draws nothing of its own (see :class:`BlankRow`)."""

    BLANK = True


class Page(VerticalScroll):
    """A screen's scrolling body (``#page``): it draws nothing of its own either (see :class:`BlankRow`); its
    scrollbars are widgets of their own."""

    BLANK = True


class Say(Static):
    """A piece of text in the current language: a catalog key with parameters, or a function of the app.

    Live screens hand each Say the part of their view its words are made from (:meth:`follow`): it is drawn
    again only when that part changed, and the screen is laid out again only when the new words no longer fit the
    old size."""

    def __init__(
        self, words: str | Words | None = None, *, id: str | None = None, classes: str | None = None, **params: Any
    ) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self._words = words_of(words, **params)
        self._part: Any = _NOTHING_SHOWN

    def on_mount(self) -> None:
        """Show the words once the app (and so the language) is known."""
        self.retranslate()

    def say(self, words: str | Words | None, **params: Any) -> None:
        """Change what is said."""
        self._words = words_of(words, **params)
        if self.is_attached:
            self.retranslate()

    def follow(self, part: Any) -> bool:
        """Say the words again only if ``part`` (the piece of a view they are made from, compared by value) is not
        the one last followed; True when they were said again."""
        if part == self._part:
            return False
        self._part = part
        if self.is_attached:
            self.retranslate()
        return True

    def retranslate(self) -> None:
        """Say it again in the current language."""
        show_content(self, self._words(self.app))


def show_content(widget: Static, content: RenderableType) -> None:
    """Put ``content`` in ``widget``, and lay the screen out again only when the new content does not take exactly
    the size the widget has (else nothing else moves: only this widget is drawn again)."""
    widget.update(content, layout=False)
    if not _fits(widget):
        widget.refresh(layout=True)


def _fits(widget: Static) -> bool:
    size = widget.size
    styles = widget.styles
    if not size.width or not widget.display:
        return False
    if styles.width is not None and styles.width.is_auto:
        # A widget as wide as its words (the top bar's clock) keeps its place while the new words are exactly as
        # wide as the old: "09:41:07" after "09:41:06" needs no layout of the screen, only this widget drawn.
        parent = widget.parent
        container = (parent.size if isinstance(parent, Widget) else widget.app.size) - styles.gutter.totals
        if widget.get_content_width(container, widget.app.size) != size.width:
            return False
    if styles.height is not None and not styles.height.is_auto:
        return True
    height = widget.get_content_height(size, widget.app.size, size.width)
    least = styles.min_height
    if least is not None and least.is_cells:
        # A floor in rows (the console's serving panel keeps the rows of its tallest form): content lower than it
        # takes the floor, and moves nothing either. The floor counts the border and padding (border-box).
        gutter = styles.gutter.height if styles.box_sizing == "border-box" else 0
        height = max(height, int(least.value) - gutter)
    return bool(height == size.height)


@dataclass(frozen=True)
class Option:
    """One choice offered to the resident: the value picked, its label (one or two lines), and whether it can
    be picked now (a closed day or a full slot is shown, but not pickable)."""

    value: Any
    label: Words
    detail: Words | None = None
    enabled: bool = True
    #: The digit that picks it, when it is not its place in the list (a rating level is picked by its own number).
    number: int | None = None


class Choice(Widget, can_focus=True):
    """A large numbered target: a click, a touch, Enter or its digit picks it."""

    class Picked(Message):
        """The resident picked this choice."""

        def __init__(self, choice: Choice) -> None:
            super().__init__()
            self.choice = choice

    #: Columns of the number badge and the gap after it: a stacked detail line starts under the label.
    INDENT = 5

    def __init__(self, number: int, option: Option, *, classes: str = "", stacked: bool = False) -> None:
        super().__init__(classes=classes)
        self.number = number
        self.option = option
        self.stacked = stacked
        if not option.enabled:
            self.add_class("-unavailable")
        if stacked:
            self.add_class("-stacked")

    def render(self) -> RenderableType:
        """Number badge, label and the detail: after the label, or (``stacked``) on a line of its own under it,
        each line cut short rather than wrapped, so every choice of the grid has the same two even lines."""
        app: HallApp = self.app  # type: ignore[assignment]
        text = Text.assemble((f" {self.number} ", "reverse bold"), "  ")
        label = self.option.label(app)
        # A label starts with a capital, also when it is a day or a term ("Tomorrow", "Today 10:00").
        text.append_text(label if isinstance(label, Text) else Text(capital(str(label)), style="bold"))
        if self.stacked:
            detail = self.option.detail(app) if self.option.detail is not None else ""
            text.append("\n" + " " * self.INDENT)
            text.append_text(detail if isinstance(detail, Text) else Text(str(detail), style="dim"))
            return text
        if self.option.detail is not None:
            # On the same line, dimmed: a choice stays three rows tall, so a page of nine fits at 80x24.
            detail = self.option.detail(app)
            if detail:
                text.append("  ")
                text.append_text(detail if isinstance(detail, Text) else Text(str(detail), style="dim"))
        return text

    def retranslate(self) -> None:
        """Labels are worked out on every render; a refresh re-renders them in the new language."""
        self.refresh(layout=True)

    def on_click(self, event: events.Click) -> None:
        """A click or a touch picks it."""
        event.stop()
        self.post_message(self.Picked(self))

    def key_enter(self, event: events.Key) -> None:
        """Enter on the focused choice picks it."""
        event.stop()
        self.post_message(self.Picked(self))


class GridMessage(Message):
    """Something happened to one option of a :class:`ChoiceGrid` (a sibling class per event, so that an
    ``@on(ChoiceGrid.Picked)`` handler never sees an unavailable pick)."""

    def __init__(self, grid: ChoiceGrid, option: Option) -> None:
        super().__init__()
        self.grid = grid
        self.option = option

    @property
    def control(self) -> ChoiceGrid:
        """The grid, so ``@on(ChoiceGrid.Picked, "#id")`` works."""
        return self.grid


class ChoiceGrid(Widget):
    """Numbered choices in one or two columns; nine at most at a time, with "0 more" paging beyond that.

    The digits are bound on the screen (see :class:`screens.base.KioskScreen`), which calls :meth:`pick`, so
    they work wherever the focus is, except inside a text field.
    """

    PAGE = 8  # with a ninth place for "more" when there are more than nine

    class Picked(GridMessage):
        """An option was picked."""

    class Unavailable(GridMessage):
        """A choice that cannot be picked now was picked (the screen says why)."""

    def __init__(
        self,
        options: Sequence[Option] = (),
        *,
        columns: int = 2,
        stacked: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.options = list(options)
        self.columns = columns
        #: Each choice's detail on a second line of its own (:class:`Choice`), not after the label.
        self.stacked = stacked
        self.page = 0

    def compose(self) -> ComposeResult:
        """The choices of the current page."""
        grid = Grid(classes=f"-columns-{self.columns}" + (" -stacked" if self.stacked else ""))
        with grid:
            for number, option in enumerate(self.page_options(), start=1):
                yield Choice(option.number or number, option, stacked=self.stacked)
            if self.pages > 1:
                yield Choice(0, Option("more", self._more_label), classes="-more")

    @property
    def pages(self) -> int:
        """How many pages the options fill."""
        if len(self.options) <= 9:
            return 1
        return -(-len(self.options) // self.PAGE)

    def page_options(self) -> list[Option]:
        """The options on the current page, in the order they are numbered (not ``visible``: that is Textual's
        property of every widget, which a method of that name would shadow)."""
        if self.pages == 1:
            return self.options
        return self.options[self.page * self.PAGE : (self.page + 1) * self.PAGE]

    def _more_label(self, app: HallApp) -> str:
        """ "More choices (page 1 of 2)"; on the last page the key leads back to the first, and says so."""
        last = self.page + 1 == self.pages
        return app.t("ui.more_first" if last else "ui.more", page=self.page + 1, pages=self.pages)

    async def set_options(self, options: Sequence[Option]) -> None:
        """Offer other options (page one)."""
        self.options = list(options)
        self.page = 0
        await self.recompose()

    def pick(self, number: int) -> bool:
        """Pick the option numbered ``number`` on this page (0 turns the page); False when there is none."""
        if number == 0:
            if self.pages == 1:
                return False
            self.page = (self.page + 1) % self.pages
            self.call_later(self._repage)
            return True
        shown = self.page_options()
        numbered = {option.number or n: option for n, option in enumerate(shown, start=1)}
        if number not in numbered:
            return False
        self._picked(numbered[number])
        return True

    async def _repage(self) -> None:
        await self.recompose()
        first = self.query(Choice).first(Choice)
        first.focus()

    def _picked(self, option: Option) -> None:
        if option.enabled:
            self.post_message(self.Picked(self, option))
        else:
            self.post_message(self.Unavailable(self, option))

    def on_choice_picked(self, event: Choice.Picked) -> None:
        """A choice was clicked, touched or entered."""
        event.stop()
        if event.choice.number == 0:
            self.pick(0)
        else:
            self._picked(event.choice.option)

    def focus_first(self) -> None:
        """Put the keyboard on the first choice."""
        for choice in self.query(Choice):
            choice.focus()
            return


class KeysInOrder(_WidgetMixin):
    """Mixin for a form's text field: the keys of a burst (a badge scanner, a paste, a fast typist) apply in the
    order they were typed, as if typed slowly.

    Why this is needed: Textual's app reads each key and at once *queues* it on the widget focused at that
    moment (``App.on_event`` -> ``focused._forward_event``). A key the field does not type itself (Enter, Tab,
    Backspace...) is then bubbled up through the DOM back to the app, and only there are the bindings run
    (``App._on_key`` -> ``_check_bindings``); an Enter that moves on to the next field then goes through an
    ``Input.Submitted`` message to the screen and a ``focus()`` that is applied later still
    (``app.call_later``). By then the app has long since queued the rest of the burst on the old field:
    ``s01`` Enter ``246813`` Enter leaves ``s01246813`` in the staff id field.

    So this field runs the bindings of such a key itself, when it takes the key from its queue (in order with
    the characters typed before it), which moves the focus at once (``Screen.set_focus`` is synchronous). The
    keys the app had already queued here, typed after it, are then handed to the newly focused widget, in
    order, before the app can forward it any later key. A key that still reaches this field once it has lost
    the focus goes on to the focused widget too.
    """

    #: Keys the widget types itself besides printable characters (Enter in a multi-line field).
    TEXT_KEYS: frozenset[str] = frozenset()

    async def _on_key(self, event: events.Key) -> None:
        app = self.app
        if app.focused is not self:
            event.stop()
            event.prevent_default()
            pass_key(app, event.key, event.character)
            return
        if event.is_printable or event.key in self.TEXT_KEYS:
            return  # typed by the widget's own key handler, in order
        # What App._on_key does once the key has bubbled up to it, but now, in order with the characters.
        if await app._check_bindings(event.key):
            event.stop()
            event.prevent_default()
            if app.focused is not self:
                self._hand_over_queued_keys()

    def _hand_over_queued_keys(self) -> None:
        """The focus has just moved away: keys already queued here were typed after the key that moved it."""
        for key in take_queued_keys(self):
            pass_key(self.app, key.key, key.character)


def take_queued_keys(pump: Any) -> list[events.Key]:
    """Take the keys queued on ``pump`` (a widget or screen) off its queue, in order; other messages stay."""
    queue = pump._message_queue
    waiting: list[Any] = []
    pending = pump._pending_message  # peeked at by the message loop, taken off the queue already
    if isinstance(pending, events.Key):
        pump._pending_message = None
        queue.task_done()
        waiting.append(pending)
    kept: list[Any] = []
    while not queue.empty():
        message = queue.get_nowait()
        queue.task_done()
        (waiting if isinstance(message, events.Key) else kept).append(message)
    for message in kept:
        queue.put_nowait(message)
    return waiting


def pass_key(app: Any, key: str, character: str | None) -> None:
    """Give a key to the widget focused now (or the screen), as the app itself would have."""
    target = app.focused or app.screen
    target._forward_event(events.Key(key, character))


class FormInput(KeysInOrder, Input):
    """A form's one-line text field. Enter asks the screen first (``field_entered``): it moves on to the next
    field at once, in key order; when the screen does not move on, Enter submits as usual."""

    async def action_submit(self) -> None:
        """Enter: the next field, or the form's own submit (``Input.Submitted``)."""
        entered = getattr(self.screen, "field_entered", None)
        if callable(entered) and entered(self):
            return
        await super().action_submit()


class FormTextArea(KeysInOrder, TextArea):
    """A form's multi-line text field (Enter is a new line; Tab moves on)."""

    TEXT_KEYS = frozenset({"enter"})


class MaskedInput(FormInput):
    """A text field that shows its value masked (138****5678, 张*) whenever it is not being typed in."""

    def __init__(self, *args: Any, mask: Callable[[str], str | None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mask = mask

    @property
    def _value(self) -> Text:  # type: ignore[override]
        if not self.has_focus and self.value:
            masked = self.mask(self.value)
            if masked:
                return Text(masked, no_wrap=True, overflow="ignore", end="")
        return super()._value

    def _on_blur(self, event: events.Blur) -> None:
        super()._on_blur(event)
        self.refresh()

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        self.refresh()


class Field(Widget):
    """A labelled text field with its friendly error line right below it."""

    def __init__(
        self,
        name: str,
        label: str | Words,
        field: Input,
        *,
        hint: str | Words | None = None,
        forget_on_return: bool = False,
        retype: bool | None = None,
    ) -> None:
        super().__init__(id=f"field-{name}", classes="field")
        self.field_name = name
        #: Emptied when the resident comes back to the screen (a code: the next resident must not see it).
        self.forget_on_return = forget_on_return
        #: A refused value is selected, so that the next scan or typing replaces it rather than being appended to
        #: it (a code, the last four digits: typed whole, never corrected in the middle). Codes by default.
        self.retype = forget_on_return if retype is None else retype
        self._label = label
        self._hint = hint
        self.input = field
        field.id = f"input-{name}"

    def compose(self) -> ComposeResult:
        """Label, field, hint or error."""
        yield Say(self._label, classes="field-label")
        yield self.input
        if self._hint:
            yield Say(self._hint, classes="field-hint")
        yield Say(None, classes="field-error")

    def show_error(self, words: str | Words | None) -> None:
        """Say what is wrong with this field (None clears it)."""
        error = self.query_one(".field-error", Say)
        error.say(words)
        error.display = words is not None
        self.set_class(words is not None, "-invalid")
        if words is not None and self.retype:
            self.input.select_all()

    def on_input_changed(self) -> None:
        """Typing clears an old complaint."""
        self.show_error(None)


class TopBar(Horizontal):
    """Hall name, date and clock, and the language button.

    The clock shows hours and minutes: a kiosk or a console has no use for seconds, and drawing them cost every
    terminal of the hall a frame a second (about half of what an idle terminal took). It looks at the hall's clock
    every second, so a new minute shows within a second, but is drawn again only when the words it shows changed, and
    only while its screen can be seen (on top, or around a modal box above it): a screen covered by another keeps
    still, and catches up the moment it is back (:meth:`tick`, called by the screen on its return)."""

    def compose(self) -> ComposeResult:
        """Name on the left, the clock and the language button on the right."""
        yield Say(lambda app: app.word(app.config.name), id="hall-name")
        yield Say(self._clock_words, id="clock")
        yield LanguageButton()

    def on_mount(self) -> None:
        """Tick."""
        self.set_interval(1.0, self.tick, name="top-bar-clock")

    def tick(self) -> None:
        """Draw the clock again if what it says changed (a look at the clock and a comparison otherwise)."""
        if not in_sight(self.screen):
            return
        app: HallApp = self.app  # type: ignore[assignment]
        self.query_one("#clock", Say).follow(self._clock_words(app))

    @staticmethod
    def _clock_words(app: HallApp) -> str:
        now = app.hall.now()
        weekday = app.t(f"ui.weekday.{now.isoweekday()}")
        return app.t("ui.clock", date=now.strftime("%Y-%m-%d"), weekday=weekday, time=now.strftime("%H:%M"))


def in_sight(screen: Any) -> bool:
    """Whether ``screen`` can be seen now: on top, or just under a modal box (seen around it)."""
    try:
        stack = screen.app.screen_stack
    except Exception:  # not running (yet, or any more): nothing is seen
        return False
    return bool(stack) and (stack[-1] is screen or (len(stack) > 1 and stack[-2] is screen and stack[-1].is_modal))


class LanguageButton(Static):
    """Shows the *other* language in that language, so anyone can find their way back: "English" / "中文"."""

    def __init__(self) -> None:
        super().__init__("", id="language")

    def on_mount(self) -> None:
        """Show the label."""
        self.retranslate()

    def retranslate(self) -> None:
        """The other language's name and the key that switches."""
        app: HallApp = self.app  # type: ignore[assignment]
        self.update(app.t("ui.other_language"))

    def on_click(self, event: events.Click) -> None:
        """Switch languages."""
        event.stop()
        self.app.action_toggle_language()  # type: ignore[attr-defined]


@dataclass(frozen=True)
class KeySpec:
    """One key as the footer shows it: the key, how it is written, what it does (in the language shown), the
    action it runs, whether it is greyed out now, and its tooltip."""

    key: str
    display: str
    description: str
    action: str
    disabled: bool
    tooltip: str


class GreyableKey(FooterKey):
    """Textual's footer key, greyed out by drawing itself dim (:meth:`grey`) rather than by a class: a class has the
    stylesheet style the key afresh, and a console greys or lights a key at many commits of a busy hall."""

    def __init__(self, spec: KeySpec) -> None:
        super().__init__(spec.key, spec.display, spec.description, spec.action, False, spec.tooltip)
        self._disabled = spec.disabled  # what FooterKey greys by (and rings the bell for, when touched)

    @property
    def greyed(self) -> bool:
        """Whether the key is greyed out (it does not apply now)."""
        return self._disabled

    def grey(self, greyed: bool) -> None:
        """Grey the key out, or light it again: drawn again, nothing restyled."""
        if greyed != self._disabled:
            self._disabled = greyed
            self.refresh()

    def render(self) -> Text:
        """Textual's key, dim while greyed (as its ``-disabled`` class would make it)."""
        text = super().render()
        if self._disabled:
            text.stylize(Style(dim=True))
        return text


class KeysFooter(Footer):
    """Textual's footer, with each key's description translated from the catalog (bindings hold keys)."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=False)

    def key_specs(self) -> list[KeySpec]:
        """The keys to show, one per action, described in the current language."""
        if not self._bindings_ready:
            return []
        app: HallApp = self.app  # type: ignore[assignment]
        seen: set[str] = set()
        specs = []
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            description = app.t(binding.description) if binding.description.startswith("key.") else binding.description
            display = app.get_key_display(binding)
            pick_keys = getattr(self.screen, "pick_keys", None)
            if binding.action.startswith("pick(") and callable(pick_keys):
                display = pick_keys()  # the digits that work here (the pad's "1-5"), not every digit
            specs.append(KeySpec(binding.key, display, description, binding.action, not enabled, tooltip))
        return self.order(specs)

    def order(self, specs: list[KeySpec]) -> list[KeySpec]:
        """The keys in the order shown (as the screen binds them; a footer may say otherwise)."""
        return specs

    def compose(self) -> ComposeResult:
        """Like :class:`Footer`, one key per action, described in the current language."""
        for spec in self.key_specs():
            key = GreyableKey(spec)
            # Set, not data-bound: this compose also runs from a language switch, outside the footer's context.
            key.compact = self.compact
            yield key

    def retranslate(self) -> None:
        """Describe the keys again."""
        if self.is_attached:
            self.call_after_refresh(self.recompose)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """The screen's keys changed (a key greyed out or back, on nearly every commit a console shows): put the
        keys shown right in place when only which are greyed changed, and compose them again only when the keys
        themselves did. Textual's footer composes every key afresh each time, and each new key restyles."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._refresh_keys)

    async def _refresh_keys(self) -> None:
        if not self.is_attached:
            return
        shown = list(self.query(GreyableKey))
        wanted = self.key_specs()
        if [(k.key, k.key_display, k.description, k.action) for k in shown] != [
            (k.key, k.display, k.description, k.action) for k in wanted
        ]:
            await self.recompose()
            return
        for key, spec in zip(shown, wanted):
            key.grey(spec.disabled)
            if (key.tooltip or "") != spec.tooltip:
                key.tooltip = spec.tooltip or None


def binding(
    key: str,
    action: str,
    description: str = "",
    *,
    show: bool = True,
    key_display: str | None = None,
    priority: bool = False,
) -> Binding:
    """A binding whose description is a catalog key (translated by :class:`KeysFooter`)."""
    return Binding(key, action, description, show=show, key_display=key_display, priority=priority)
