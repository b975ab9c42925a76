"""Presenter mode: every page laid out for a projector at 1280×720.

`present=true` in any page's address (a link may say `present=1`), or the sidebar's switch: the
sidebar starts collapsed, the title shrinks, the page's lead paragraph folds into an expander,
the page's key numbers and its main chart come first and fit above the fold, and no chart text
is smaller than MIN_FONT_PX. The numbers stay at st.metric's 2.25rem (40.5 px at the theme's 18 px).

The switch is not a setting of one page: it stays on across pages, "Reset this page" leaves it
alone, and a shared link ("Share this screen") does not carry it, since students open that link
on their own screens.
"""

from __future__ import annotations

import contextlib

import streamlit as st

from kl_app import url

PRESENT = url.Flag("present", "Presenter mode", False,
                   help="For a projector: the key numbers and the main chart in view, large type, explanations "
                        "folded away.")
# A chart's height on a projector at 1280×720: the key numbers and the chart above it fit; a chart
# that has a row of controls above it as well as its numbers (a step's buttons, a page's tabs) is shorter.
CHART_HEIGHT_PX = 380
SHORT_CHART_HEIGHT_PX = 300
MIN_FONT_PX = 18

_CSS = """
<style>
/* The title sits in the header bar's row, between its two buttons, and takes one line. */
[data-testid="stHeader"] { background: transparent; }
[data-testid="stMainBlockContainer"] { padding-top: 1rem; padding-bottom: 2rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2rem; padding-top: 0; padding-bottom: 0; }
[data-testid="stMainBlockContainer"] h2 { font-size: 1.25rem; padding-top: 0.25rem; }
</style>
"""


def active() -> bool:
    """Whether this run shows presenter mode: the switch's value, or on a page's first run the link's."""
    if PRESENT.key in st.session_state:
        return bool(st.session_state[PRESENT.key])
    return PRESENT.parse(st.query_params.get(PRESENT.key, "")) == "true"


def sidebar_state() -> str:
    """st.set_page_config's initial_sidebar_state: collapsed for a projector."""
    return "collapsed" if active() else "auto"


def apply_style() -> None:
    """Presenter mode's type and spacing (nothing when it is off). Call once per run."""
    if active():
        st.html(_CSS)


def switch() -> None:
    """The sidebar's switch, bound to the address like every control."""
    st.toggle(PRESENT.label, key=PRESENT.key, help=PRESENT.help, bind="query-params")


def folded():
    """Where explanatory text goes: the page itself, or in presenter mode the expander "About this page"."""
    return st.expander("About this page") if active() else contextlib.nullcontext()


def fit(figure: dict, height: int = CHART_HEIGHT_PX) -> dict:
    """A chart's JSON for a projector: at most `height` tall, no text below MIN_FONT_PX."""
    layout = dict(figure.get("layout") or {})
    layout["height"] = min(layout.get("height") or 450, height)
    return {**figure, "data": _large(figure.get("data") or []), "layout": _large(layout)}


def _large(value):
    """Plotly JSON with the size of every font in it (`font`, `tickfont`, `textfont`, …) at least MIN_FONT_PX."""
    if isinstance(value, list):
        return [_large(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _large(v) for k, v in value.items()}
    for key, font in out.items():
        if key.endswith("font") and isinstance(font, dict) and isinstance(font.get("size"), (int, float)):
            out[key] = {**font, "size": max(font["size"], MIN_FONT_PX)}
    return out
