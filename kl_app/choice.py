"""A choice that shows labels and keeps names in the URL: Explore's "Q's mean μ" is `sweep=q_mu`.

Streamlit's own choice widgets write their displayed text into the URL, so a bound one can only
show the URL's names. This choice is a component (static/choice.js): its value lives in session
state under `state_key(param)`, seeded from the link on the page's first run (kl_app.ui has
already dropped a bad value, with a note), and the browser writes it into the URL itself, its
own parameter only, as Streamlit does for a bound widget.
"""

from __future__ import annotations

import streamlit as st

from kl_app import assets, url

_CHOICE = st.components.v2.component("kl_lab_choice", js=assets.component_loader("choice.js", "choice.css"),
                                     isolate_styles=False)


def state_key(param: url.Param) -> str:
    """Where session state keeps `param`'s value: a labelled choice's own key, else its widget's (the URL key)."""
    return f"kl_choice_{param.key}" if isinstance(param, url.Choice) and param.labels else param.key


def _picked(param: url.Choice) -> None:
    picked = st.session_state[f"{state_key(param)}_ui"].picked
    option = param.parse(str(picked)) if picked is not None else None
    if option is not None:
        st.session_state[state_key(param)] = option


def choose(param: url.Choice, label: str, horizontal: bool):
    """The chosen option of `param` (its `labels` on screen): a row of buttons when `horizontal`, else a drop-down."""
    key = state_key(param)
    if key not in st.session_state:
        from_link = param.parse(st.query_params.get(param.key, ""))
        st.session_state[key] = param.default if from_link is None else from_link
    elif st.session_state[key] not in param.options:  # e.g. a new family without that parameter
        st.session_state[key] = param.default
    value = st.session_state[key]
    _CHOICE(key=f"{key}_ui", on_picked_change=lambda: _picked(param), data={
        "key": param.key, "label": label, "help": param.help, "horizontal": horizontal,
        "options": [str(o) for o in param.options], "labels": list(param.labels),
        "value": str(value), "default": str(param.default),
    })
    return value
