"""Full runs and fragment runs: a part of a page that reruns on its own never shows stale arguments.

A live panel (kl_app.live) asks for a slider's frames, or for more of a sweep, by a state change
that reruns only its fragment. When a click outside (Swap, a slider's commit) reaches the server
in the same message, Streamlit runs that click's callback and then only the fragment, which draws
with the arguments of the page's last full run: the old P and Q. So `fragment` compares the page's
controls with the ones the last complete run left, and reruns the whole page when a control
outside the fragment has changed.

An ask can also leave the browser between a click and that click's run coming back (a sweep's
next part, asked as it draws): it then carries the controls as they were before the click, and
the page would go back to them (half a swap). A panel tags each ask with the full run its data came
from (`generation`); an ask from before the session's last full run brings no values for the controls
that changed since that full run, so those keep the ones the last run left. A control that stayed
the same keeps the value the browser sent: a slider moved while the ask was on its way (Streamlit
merges the two into one run).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import streamlit as st

from kl_app import choice, url

_IN_FULL_RUN = "_kl_in_full_run"
_KEYS = "_kl_control_keys"
_SETTLED = "_kl_settled_controls"
_BY_GENERATION = "_kl_settled_by_generation"  # {full run: the controls as the last run in it left them}
KEPT_GENERATIONS = 8
_GENERATION = "_kl_generation"
_ASKED = "_kl_asked_in"
_UNSET = object()  # a control missing from a run's record


def _controls() -> dict:
    state = st.session_state
    return {key: state[key] for key in state.get(_KEYS, ()) if key in state}


@contextmanager
def full_run(schema: url.Schema) -> Iterator[None]:
    """app.py runs each page in this: it remembers the page's controls (`schema`) as a complete run leaves them."""
    st.session_state[_KEYS] = tuple(choice.state_key(p) for p in schema)
    _drop_stale_values(owned=set())
    st.session_state[_GENERATION] = generation() + 1
    st.session_state[_IN_FULL_RUN] = True
    try:
        yield
        _settle()
    finally:
        del st.session_state[_IN_FULL_RUN]


def _settle() -> None:
    """Remember the controls as this run leaves them, for this session's current full run."""
    settled = st.session_state[_SETTLED] = _controls()
    history = st.session_state.setdefault(_BY_GENERATION, {})
    history[generation()] = settled
    for old in sorted(history)[:-KEPT_GENERATIONS]:
        del history[old]


def generation() -> int:
    """The number of this session's last full run: a live panel tags its asks with the one its data came from."""
    return st.session_state.get(_GENERATION, 0)


def asked(in_generation: int | None) -> None:
    """A live panel's change callback: this run answers an ask made with data of full run `in_generation`."""
    st.session_state[_ASKED] = in_generation


def _drop_stale_values(owned: set[str]) -> None:
    """When this run answers an ask made with data of an earlier full run, put the controls that changed
    since (and are not in `owned`) back to what the last run left: the browser sent them as they were."""
    in_generation = st.session_state.pop(_ASKED, None)
    settled = st.session_state.get(_SETTLED)
    if in_generation is None or in_generation >= generation() or settled is None:
        return
    known = st.session_state.get(_BY_GENERATION, {}).get(in_generation, {})
    stale = {key for key in settled.keys() | known.keys() if known.get(key, _UNSET) != settled.get(key, _UNSET)} - owned
    for key in (_controls().keys() - settled.keys()) & stale:
        del st.session_state[key]
    for key, value in settled.items():
        if key in stale and key in st.session_state[_KEYS]:
            st.session_state[key] = value


def _changed_outside(owned: set[str]) -> bool:
    """Whether a control not in `owned` has a value other than the last complete run left it.
    A key gone since (a widget Streamlit forgot because that run did not draw it) is no change."""
    settled = st.session_state.get(_SETTLED)
    if settled is None:
        return False
    return any(key not in owned and (key not in settled or settled[key] != value)
               for key, value in _controls().items())


def fragment(*, owns: Sequence[url.Param] = (), run_every: float | None = None):
    """st.fragment (rerun also every `run_every` seconds, if given) for a part of a page that holds a live
    panel; `owns`: the controls drawn inside it, whose changes rerun only the part. A change of any other
    control reruns the whole page."""
    owned = {choice.state_key(p) for p in owns}

    def decorate(func):
        @functools.wraps(func)
        def guarded(*args, **kwargs):
            if _IN_FULL_RUN not in st.session_state:
                _drop_stale_values(owned)
                if _changed_outside(owned):
                    st.rerun(scope="app")
            func(*args, **kwargs)
            _settle()
        return st.fragment(guarded, run_every=run_every)
    return decorate
