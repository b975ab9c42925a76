"""A student's browser tab without the browser: Streamlit's websocket protocol, spoken as its frontend speaks it.

What the Streamlit 1.67 frontend sends and keeps (read from its bundle, static/js/index.*.js, and checked against
the frames Chromium sends to KL Lab), and what `Tab` does the same way:

- Connect: a websocket to <base>/_stcore/stream with the subprotocols ["streamlit", token], where the token is
  the `_streamlit_xsrf` cookie (or "PLACEHOLDER_AUTH_TOKEN" without one), and an Origin header. Neither a
  cookie nor the token is needed: the server checks the token only before it reads a login cookie. A browser
  offers permessage-deflate, and so does this client; Streamlit declines it unless
  server.enableWebsocketCompression is on. No pings from the client (a browser sends none).
- Open a page: one BackMsg rerun_script with the link's query string and page_name (the URL path, 'explore'),
  no widget states. Every later rerun names the page by page_script_hash instead: the `navigation` message's
  (st.navigation's current page), else new_session's.
- Widget states: every rerun carries the state of every widget on screen, not only the changed one. A widget
  gets its state when it first appears (its default, or the value the server set); a button has none until
  clicked, a radio without a choice has an empty one. Widgets that are no longer on screen when a run finishes
  are dropped (stale elements: a full run clears the elements it did not send, a fragment run those of its
  fragments not sent again).
- URL binding: moving a widget bound to a query parameter rewrites the query string as the frontend does
  (query-string's stringify: keys sorted, the key dropped when the value is the widget's default, numbers as
  JavaScript writes them) and the next rerun sends it.
- The ForwardMsg cache: the server marks a new-element delta of 10 KB or more `cacheable`; the browser keeps
  it by hash and lists every hash it keeps in cached_message_hashes of each rerun; the server then sends a
  `ref_hash` instead of the message when the same element comes again. After each finished run the browser
  ages its entries and drops those not seen for more than new_session's max_cached_message_age runs (a
  fragment run ages only its fragments' entries). A ref_hash is resolved from the kept bytes, as the browser
  does.
- A widget inside a fragment reruns that fragment: its rerun carries the delta's fragment_id.

The numbers a run shows are read from st.metric elements (label, body) and from custom components whose data
lists `readings` (label, value), as KL Lab's live panel (kl_app/live.py) does. The panel's own state (it asks
for a slider's frames when the student takes hold of the slider, once per slider and setting of the other
controls) is not simulated: a student here only releases sliders.

Widgets of other kinds (custom components, date inputs, ...) are not on the pages this module was written
for; their elements get no state, so a page that uses them would rerun with their defaults.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

ENDED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


def _slider(e, s: WidgetState) -> None:
    s.double_array_value.data.extend(e.value if e.set_value else e.default)


def _choice(e, s: WidgetState) -> None:  # selectbox, radio: the option's text, nothing without a choice
    if e.set_value:
        s.string_value = e.raw_value
    elif e.HasField("default"):
        s.string_value = e.options[e.default]


def _buttons(e, s: WidgetState) -> None:  # segmented control, pills
    s.string_array_value.data.extend(e.raw_values if e.set_value else [e.options[i].content for i in e.default])


def _multiselect(e, s: WidgetState) -> None:
    s.string_array_value.data.extend(e.raw_values if e.set_value else [e.options[i] for i in e.default])


def _text(e, s: WidgetState) -> None:
    if e.set_value or e.HasField("default"):
        s.string_value = e.value if e.set_value else e.default


def _number(e, s: WidgetState) -> None:
    if e.set_value or e.HasField("default"):
        value = e.value if e.set_value else e.default
        if e.data_type == e.INT:
            s.int_value = int(value)
        else:
            s.double_value = value


def _checkbox(e, s: WidgetState) -> None:
    s.bool_value = e.value if e.set_value else e.default


INITIAL_STATE: dict[str, Callable] = {
    "slider": _slider, "selectbox": _choice, "radio": _choice, "button_group": _buttons,
    "multiselect": _multiselect, "text_input": _text, "text_area": _text, "number_input": _number,
    "checkbox": _checkbox,
}  # buttons are triggers: a state only when clicked, which these students never do


def _readings(component) -> list[tuple[str, str]]:
    """(label, value) of each reading in a custom component's data, e.g. KL Lab's live panel."""
    text = component.json or component.mixed.json
    data = json.loads(text) if '"readings"' in text else None
    return [(r["label"], r["value"]) for r in data["readings"]] if isinstance(data, dict) else []


def js_number(x: float) -> str:
    """`x` as JavaScript's String(x) writes it (1 not 1.0) for the values of a slider."""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


@dataclass
class Run:
    """What one rerun request brought: times since `sent` (perf_counter s), payload bytes, numbers shown, errors."""

    sent: float
    bytes: int = 0
    started: bool = False  # new_session of this request received
    numbers: dict[str, tuple[str, float]] = field(default_factory=dict)  # label -> (shown text, time received)
    finished: float | None = None
    errors: list[str] = field(default_factory=list)
    done: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class _Widget:
    kind: str
    element: object  # its proto, as last sent
    fragment_id: str
    state: WidgetState


class Tab:
    """One student's tab on `page` (a URL path such as 'explore') of the app at `base_url`."""

    def __init__(self, base_url: str, page: str) -> None:
        parts = urlsplit(base_url)
        self.page = page
        scheme = "wss" if parts.scheme == "https" else "ws"
        self._stream = f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self._origin = f"{parts.scheme}://{parts.netloc}"
        self._page_url = f"{base_url.rstrip('/')}/{page}"
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task | None = None
        self._query = ""
        self._page_script_hash = ""
        self._max_age = 2
        self._run: Run | None = None
        self._script_runs = 0  # new_session messages received: the run an element was last sent in
        self._run_count = 0  # the browser cache's clock: finished runs
        self._cache: dict[str, list] = {}  # hash -> [run count when last seen, fragment id, encoded message]
        self._widgets: dict[str, _Widget] = {}  # widget id -> widget, in order of appearance
        self._bound: dict[str, str] = {}  # query parameter -> widget id
        self._nodes: dict[tuple, tuple[int, str, str | None]] = {}  # delta path -> (run, fragment, widget id)
        self.compression = ""

    async def connect(self) -> None:
        self._ws = await connect(self._stream, subprotocols=["streamlit", "PLACEHOLDER_AUTH_TOKEN"],
                                 origin=self._origin, max_size=None, ping_interval=None, proxy=None,
                                 open_timeout=60)
        self.compression = self._ws.response.headers.get("Sec-WebSocket-Extensions", "")
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            await self._reader

    async def open(self, query: str) -> Run:
        """The page's first run, as when the link /<page>?<query> is opened."""
        self._query = query
        return await self._rerun("")

    async def move(self, key: str, value: float) -> Run:
        """Move the slider bound to URL parameter `key` to `value` and wait for the run it causes."""
        widget = self._widgets[self._bound[key]]
        widget.state.double_array_value.data[:] = [value]
        self._sync_url(key, None if list(widget.element.default) == [value] else js_number(value))
        return await self._rerun(widget.fragment_id)

    def slider(self, key: str):
        """The st.slider element bound to URL parameter `key` (its min, max, step), or None."""
        widget = self._widgets.get(self._bound.get(key, ""))
        return widget.element if widget is not None and widget.kind == "slider" else None

    def value(self, key: str):
        """The value of the widget bound to URL parameter `key`: a number, a text, or None without a choice."""
        state = self._widgets[self._bound[key]].state
        kind = state.WhichOneof("value")
        if kind is None:
            return None
        value = getattr(state, kind)
        return value.data[0] if kind.endswith("_array_value") else value

    def _sync_url(self, key: str, shown: str | None) -> None:
        """Write `shown` into the query string under `key`, or drop the key (the widget is at its default)."""
        params = dict(parse_qsl(self._query, keep_blank_values=True))
        params.pop(key, None)
        if shown is not None:
            params[key] = shown
        self._query = "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}"
                               for k, v in sorted(params.items())).replace("%20", "+")

    async def _rerun(self, fragment_id: str) -> Run:
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = self._query
        rerun.widget_states.SetInParent()
        rerun.widget_states.widgets.extend(w.state for w in self._widgets.values())
        if self._page_script_hash:
            rerun.page_script_hash = self._page_script_hash
        else:
            rerun.page_name = self.page
        rerun.fragment_id = fragment_id
        rerun.cached_message_hashes.extend(self._cache)
        context = rerun.context_info
        context.timezone, context.timezone_offset, context.locale = "UTC", 0, "en-US"
        context.url, context.is_embedded, context.color_scheme = self._page_url, False, "light"
        self._run = run = Run(sent=time.perf_counter())
        await self._ws.send(msg.SerializeToString())
        await run.done.wait()
        return run

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                self._receive(data, time.perf_counter())
        except Exception as err:  # noqa: BLE001 - any failure of the connection ends the run in flight
            self._fail(f"connection failed: {err!r}")
        self._fail("connection closed")

    def _fail(self, error: str) -> None:
        if self._run is not None and not self._run.done.is_set():
            self._run.errors.append(error)
            self._run.done.set()

    def _receive(self, data: bytes, now: float) -> None:
        run = self._run
        if run is not None and run.finished is None:
            run.bytes += len(data)
        msg = ForwardMsg.FromString(data)
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            msg = self._cached(msg)
            kind = msg.WhichOneof("type") if msg is not None else None
        elif msg.metadata.cacheable and msg.hash:
            self._keep(msg, data)
        if run is None or kind is None:
            return
        if kind == "new_session":
            run.started = True
            self._script_runs += 1
            self._page_script_hash = msg.new_session.page_script_hash
            self._max_age = msg.new_session.config.max_cached_message_age
        elif kind == "navigation" and msg.navigation.page_script_hash:
            self._page_script_hash = msg.navigation.page_script_hash  # st.navigation's page, not app.py
        elif kind == "delta" and run.started:
            self._delta(msg, run, now)
        elif kind == "script_finished" and run.started:
            self._finished(msg, run, now)
        elif kind == "page_not_found":
            run.errors.append(f"page not found: {msg.page_not_found.page_name}")
        elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
            run.errors.append(f"script error: {msg.session_event.script_compilation_exception.message}")

    def _keep(self, msg: ForwardMsg, data: bytes) -> None:
        entry = self._cache.get(msg.hash)
        if entry is None:
            self._cache[msg.hash] = [self._run_count, msg.delta.fragment_id, data]
        else:
            entry[0] = self._run_count

    def _cached(self, ref: ForwardMsg) -> ForwardMsg | None:
        entry = self._cache.get(ref.ref_hash)
        if entry is None:
            if self._run is not None:
                self._run.errors.append(f"ref_hash {ref.ref_hash} is not in the cache")
            return None
        entry[0] = self._run_count
        msg = ForwardMsg.FromString(entry[2])
        msg.metadata.CopyFrom(ref.metadata)
        return msg

    def _delta(self, msg: ForwardMsg, run: Run, now: float) -> None:
        delta = msg.delta
        path = tuple(msg.metadata.delta_path)
        widget_id = None
        if delta.WhichOneof("type") == "new_element":
            element = delta.new_element
            kind = element.WhichOneof("type")
            if kind in INITIAL_STATE:
                widget_id = self._mount(kind, getattr(element, kind), delta.fragment_id)
            elif kind == "metric":
                run.numbers.setdefault(element.metric.label, (element.metric.body, now))
            elif kind == "bidi_component":
                for label, text in _readings(element.bidi_component):
                    run.numbers.setdefault(label, (text, now))
            elif kind == "exception":
                run.errors.append(f"exception on the page: {element.exception.message}")
        self._nodes[path] = (self._script_runs, delta.fragment_id, widget_id)

    def _mount(self, kind: str, element, fragment_id: str) -> str:
        """A widget on screen: a new one, or one whose value the server set, takes the element's value."""
        widget = self._widgets.get(element.id)
        if widget is None or element.set_value:
            state = WidgetState(id=element.id)
            INITIAL_STATE[kind](element, state)
            widget = self._widgets[element.id] = _Widget(kind, element, fragment_id, state)
        widget.element, widget.fragment_id = element, fragment_id
        if element.query_param_key:
            self._bound[element.query_param_key] = element.id
        return element.id

    def _finished(self, msg: ForwardMsg, run: Run, now: float) -> None:
        status = msg.script_finished
        if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            run.started = False  # the rerun that follows sends its own new_session
            return
        if msg.metadata.HasField("run"):
            fragment_ids = list(msg.metadata.run.fragment_ids)
            if status in ENDED:
                self._forget_stale(fragment_ids)
            self._age_cache(fragment_ids)
        if status not in ENDED:
            run.errors.append(f"run ended with {ForwardMsg.ScriptFinishedStatus.Name(status)}")
        run.finished = now
        run.done.set()

    def _forget_stale(self, fragment_ids: list[str]) -> None:
        """After a successful run: drop the elements it did not send again and the widgets no longer shown."""
        def stale(run: int, fragment: str) -> bool:
            return run != self._script_runs and (not fragment_ids or fragment in fragment_ids)

        self._nodes = {path: node for path, node in self._nodes.items() if not stale(*node[:2])}
        shown = {node[2] for node in self._nodes.values()}
        self._widgets = {wid: w for wid, w in self._widgets.items() if wid in shown}
        self._bound = {key: wid for key, wid in self._bound.items() if wid in shown}

    def _age_cache(self, fragment_ids: list[str]) -> None:
        """The browser's ForwardMsg cache after a run: drop what was not seen for more than max age runs."""
        self._run_count += 1
        self._cache = {h: e for h, e in self._cache.items()
                       if (fragment_ids and e[1] not in fragment_ids) or self._run_count - e[0] <= self._max_age}
