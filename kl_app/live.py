"""A live panel: a page's headline numbers and main chart, which follow a slider while it moves.

Streamlit's slider sends its value when the mouse is released, so a chart drawn by the server
stands still during a drag. The panel (a Streamlit component, static/live.js, drawing with the
plotly.js vendored in static/vendor) watches the page's own sliders instead: while one moves, it
shows the frame the server computed for the thumb's position, with no round trip. On release the
page reruns as usual and the panel shows the exact result, which equals that frame.

Frames are computed only for a slider the student takes hold of (pointer down or keyboard
focus): the panel asks, the page's fragment reruns and sends that slider's positions (kl_core's
numbers, formatted as the page formats them, and the chart's curves), nearest first, in batches
of kl_app.frames.BUDGET_S until it has them all. They stay valid while every other control keeps
its value (`LiveSlider.context`), and every session of the server shares them.

The same store holds work that a page computes a budget per run (`computed`, `sweep`): a panel
shown with `pending` asks for the next run once it has drawn what there is.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from kl_app import assets, presenter, progressive, runs, sweeps, url
from kl_app.formatting import inert
from kl_app.frames import LiveSlider, Progress, Reading, View, along, encode, extend
from kl_app.progressive import Progressive
from kl_app.theme import TEMPLATE_FILE, TEMPLATE_JSON

# Slider frames and sweeps kept for every session of this server (a class shares a teacher's
# set-up), the oldest dropped first: about 100 KB each.
KEPT = 256

# live.css stays inline: it must apply when the panel first draws (it hides the first paint).
_PANEL = st.components.v2.component("kl_lab_live_panel", js=assets.component_loader("live.js"),
                                    css=(assets.STATIC / "live.css").read_text(), isolate_styles=False)


def panel(key: str, readings: Sequence[Reading], figure: go.Figure | dict | None, *, alt: str = "",
          sliders: Sequence[LiveSlider] = (), pending: bool = False,
          projected_height: int = presenter.CHART_HEIGHT_PX) -> None:
    """Show `readings` and `figure` (plotly, or its JSON as a dict); while one of `sliders` moves, follow it
    with its frames. `pending`: the figure is work in progress (a `sweep` not complete), so the panel
    asks for another run once it has drawn it. `projected_height`: the chart's height in presenter mode.

    Call it inside a kl_app.runs.fragment: asking for a slider's frames or for more work then reruns only
    that fragment.
    """
    wanted = (st.session_state.get(key) or {}).get("wanted") or {}
    answered = st.session_state.get(f"{key}.answered")
    figure = _shared_x(_json(figure))
    if figure is not None and presenter.active():
        figure = presenter.fit(figure, projected_height)
    # A context goes to the browser as a digest: it only tells contexts apart (a step sends four).
    contexts = {s.param.key: _digest(s.context) for s in sliders}
    data = {
        "readings": [vars(r) for r in readings],
        "figure": _shared_template(figure),
        "alt": alt,
        "pending": pending,
        "run": runs.generation(),
        "sliders": {s.param.key: {"context": contexts[s.param.key],
                                  "value": st.session_state.get(s.param.key, s.param.default)} for s in sliders},
    }
    for s in sliders:
        if wanted.get("slider") == s.param.key and wanted.get("context") == contexts[s.param.key] and wanted != answered:
            progress = _progress(key, s, float(data["sliders"][s.param.key]["value"]))
            data["sliders"][s.param.key]["frames"] = encode(s, progress)
            st.session_state[f"{key}.answered"] = wanted
    if not readings:
        _PANEL(key=key, data=data, default={"wanted": None}, on_wanted_change=lambda: _asked(key))
        return
    # The numbers as plain Markdown, which the browser paints as soon as they arrive; the panel's code
    # loads later (a deep link on a fresh server: ~0.5 s), and static/live.css hides this once the panel
    # has drawn its own readings. Without that code (a failed load) the numbers stay readable.
    with st.container(key=f"kl_panel_{key}"):
        st.markdown(first_paint(readings))
        _PANEL(key=key, data=data, default={"wanted": None}, on_wanted_change=lambda: _asked(key))


@runs.fragment()
def following(key: str, show: Callable[..., View], values: Mapping[str, float], schema: url.Schema, *,
              grid: Callable[[dict, dict], np.ndarray] | None = None,
              projected_height: int = presenter.CHART_HEIGHT_PX, **fixed) -> None:
    """A panel that shows `show(**values)` and follows each of the sliders `values` ({URL key: value},
    of `schema`) while it moves; `fixed`: everything else the view depends on. With `grid`, the view
    has curves and is drawn at an x grid, `show(x, **values)` (kl_app.frames.along). A fragment: its
    asks for frames rerun only it."""
    view = show(**values) if grid is None else show(None, **values)
    panel(key, view.readings, view.figure, alt=view.alt, sliders=along(schema, show, values, grid=grid, **fixed),
          projected_height=projected_height)


def _asked(key: str) -> None:
    runs.asked(((st.session_state.get(key) or {}).get("wanted") or {}).get("run"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def first_paint(readings: Sequence[Reading]) -> str:
    """'KL(P‖Q) **0.4431 nats** · KL(Q‖P) **∞** (reason)': the readings as one line of Markdown."""
    return " · ".join(f"{inert(r.label)} **{inert(r.value)}**" + (f" ({inert(r.note)})" if r.note else "")
                      for r in readings)


def _json(figure: go.Figure | dict | None):
    """A figure as JSON data, its numeric arrays as plotly.js typed arrays ({dtype, bdata}: 4 bytes a
    float32 in base64, where a JSON list spells out every float's digits)."""
    if figure is None:
        return None
    if isinstance(figure, go.Figure):
        return json.loads(pio.to_json(figure, validate=False))
    return _typed(figure)


def _shared_x(figure: dict | None) -> dict | None:
    """Traces drawn on one x grid send it once: a later one's x is {"same_as": <index of the first>},
    which static/live.js resolves (Explore's four curves: 4.9 KB less per run)."""
    first: dict[str, int] = {}
    for i, trace in enumerate((figure or {}).get("data", ())):
        x = trace.get("x")
        if isinstance(x, dict) and "bdata" in x and first.setdefault(x["bdata"], i) != i:
            trace["x"] = {"same_as": first[x["bdata"]]}
    return figure


def _shared_template(figure: dict | None) -> dict | None:
    """KL Lab's chart template (kl_app.theme, 1.5 KB, the same in every chart) goes by address: the
    browser fetches static/plotly-template.json once. A template changed on the way (presenter mode's
    larger type) stays inline."""
    layout = (figure or {}).get("layout") or {}
    if layout.get("template") == TEMPLATE_JSON:
        layout["template"] = {"address": assets.address(TEMPLATE_FILE)}
    return figure


def _typed(value):
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_typed(v) for v in value]
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
        if value.dtype.itemsize == 8 and value.dtype.kind != "f":
            value = value.astype(np.float64)  # plotly.js has no 64-bit integer arrays
        little = value.astype(value.dtype.newbyteorder("<"), copy=False)
        return {"dtype": little.dtype.str[1:], "bdata": base64.b64encode(little.tobytes()).decode()}
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


class _Store:
    """Work in progress by name (slider frames, sweeps) for every session, most recently used last; thread-safe."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.progress: OrderedDict[tuple, Progress | Progressive] = OrderedDict()


@st.cache_resource
def _store() -> _Store:
    return _Store()


def _shared(name: tuple, advance):
    """The work `name` as far as any session of this server has taken it, advanced by `advance`
    (called with the work so far, None at first) unless it is complete. Sessions that advance it at
    the same time start from the same work; the one further along is kept."""
    store = _store()
    with store.lock:
        work = store.progress.get(name)
    if work is None or not work.complete:
        work = advance(work)
    with store.lock:
        kept = store.progress.get(name)
        if kept is not None and kept.computed > work.computed:
            work = kept
        store.progress[name] = work
        store.progress.move_to_end(name)
        while len(store.progress) > KEPT:
            store.progress.popitem(last=False)
    return work


def _progress(panel_key: str, s: LiveSlider, current: float) -> Progress:
    """The frames of `s` in panel `panel_key` computed so far by any session, extended by one request's budget."""
    return _shared((panel_key, s.param.key, s.context), lambda progress: extend(s, progress, current))


def computed(name: tuple, start: Callable[[], Progressive], around: float) -> Progressive:
    """The work `start()` (kl_app.progressive) as far as any session of this server has taken it, plus
    one run's budget (progressive.BUDGET_S), the points nearest `around` first; `name` identifies it.
    Show it in a panel with `pending` while it is not complete: the panel then asks for the rest."""
    return _shared(name, lambda so_far: progressive.extend(so_far or start(), around, progressive.BUDGET_S))


def sweep(around: float, *args) -> sweeps.Sweep:
    """The sweep `sweeps.start(*args)` as `computed` gives it."""
    first = sweeps.start(*args)
    work = computed(("sweep", *map(_hashable, args)), lambda: first.work, around)
    return replace(first, work=work)


def _hashable(value):
    return tuple(sorted(value.items())) if isinstance(value, dict) else value
