"""Shared widgets of every page: URL-bound controls, divergence metrics, charts and the page header.

Every control is bound to the URL (`bind="query-params"`), so a copied address reproduces the
screen; Streamlit keeps default values out of the URL. Streamlit silently drops a URL value it
cannot use; these wrappers notice and say so in a note at the top of the page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from kl_app.families import CATEGORICAL_DEFAULTS, DEFAULT_FAMILY, FAMILIES, Family
from kl_app.theme import P_COLOR, Q_COLOR
from kl_app.units import UNITS, base_of  # noqa: F401  (base_of: the pages' way to get kl_core's base)

_NOTES = "_kl_url_notes"


def page_setup(title: str, lead: str | None = None) -> None:
    """Start a page: title, one-line lead and the place where URL notes appear. Call first."""
    st.title(title)
    if lead:
        st.markdown(lead)
    st.session_state[_NOTES] = st.container()



def _note(message: str) -> None:
    box = st.session_state.get(_NOTES)
    (box if box is not None else st).info(message, icon=":material/link_off:")


def _url_seed(key: str) -> str | None:
    """The URL's value for `key` when it is about to seed the widget (its first run in this session).

    Later runs are driven by the widget itself or by callbacks (Back/Next, swap), which set the
    value before Streamlit rewrites the URL, so the URL is only checked when it seeds.
    """
    return None if key in st.session_state else st.query_params.get(key)


def _check_url(key: str, raw: str | None, value, describe: str) -> None:
    """Report a URL value for `key` that the widget did not take."""
    if raw is None or _same(raw, value):
        return
    _note(f"The link's `{key}={raw}` is not a valid {describe}; using {value!r} instead.")


def _same(raw: str, value) -> bool:
    if isinstance(value, bool):
        return raw.lower() == str(value).lower()
    if isinstance(value, (int, float)):
        try:
            return math.isclose(float(raw), float(value), rel_tol=1e-9, abs_tol=1e-12)
        except ValueError:
            return False
    return raw == str(value)


def slider(label: str, *, key: str, min_value: float, max_value: float, value: float, step: float,
           help: str | None = None, format: str | None = None) -> float:
    raw = _url_seed(key)
    out = st.slider(label, min_value, max_value, value, step, key=key, help=help, format=format,
                    bind="query-params")
    _check_url(key, raw, out, f"value for {label} (from {min_value:g} to {max_value:g})")
    return out


def number(label: str, *, key: str, min_value: float, max_value: float, value: float, step: float,
           help: str | None = None, format: str | None = None) -> float:
    raw = _url_seed(key)
    out = st.number_input(label, min_value, max_value, value, step, key=key, help=help, format=format,
                          bind="query-params")
    _check_url(key, raw, out, f"value for {label} (from {min_value:g} to {max_value:g})")
    return out


def select(label: str, options: Sequence[str], *, key: str, value: str, help: str | None = None,
           horizontal: bool = False) -> str:
    """A choice among a few options: segmented buttons when `horizontal`, else a drop-down.

    Streamlit writes a bound choice into the URL as its displayed text, so options are shown
    exactly as they appear in the URL (short lowercase names such as `normal` or `bits`).
    """
    raw = _url_seed(key)
    if horizontal:
        out = st.segmented_control(label, options, default=value, required=True, key=key,
                                   help=help, bind="query-params")
    else:
        out = st.selectbox(label, options, index=list(options).index(value), key=key, help=help,
                           bind="query-params")
    _check_url(key, raw, out, f"choice for {label} (one of {', '.join(map(str, options))})")
    return out


def question(label: str, options: Sequence, *, key: str) -> str | None:
    """A 'predict, then reveal' question: no answer until the student picks one."""
    raw = _url_seed(key)
    out = st.radio(label, options, index=None, key=key, bind="query-params")
    if out is not None:
        _check_url(key, raw, out, f"answer to '{label}'")
    elif raw is not None:
        _note(f"The link's `{key}={raw}` is not one of the answers; the question is unanswered.")
    return out


def text(label: str, *, key: str, value: str, help: str | None = None) -> str:
    return st.text_input(label, value=value, key=key, help=help, bind="query-params")


def unit_choice(key: str = "unit") -> str:
    """nats (natural log) or bits (log base 2): the unit of every divergence on the page."""
    return select("Unit", list(UNITS), key=key, value="nats", horizontal=True,
                  help="nats use the natural logarithm, bits use log base 2; 1 nat = 1.4427 bits.")


def format_value(value: float, unit: str = "", digits: int = 4) -> str:
    """'0.2231 nats', '∞' (the same in every unit), '3.2e-07 bits'; `unit` may be '' for unitless distances."""
    if math.isinf(value):
        return "∞"
    if value != 0 and abs(value) < 10 ** -digits:
        text = f"{value:.{digits - 2}e}"
    else:
        text = f"{value:.{digits}f}"
    return f"{text} {unit}".strip()


def divergence_metric(label: str, value: float, unit: str = "", *, reason: str | None = None,
                      help: str | None = None) -> None:
    """A divergence as a large metric, with its unit; ∞ comes with the one-line reason."""
    st.metric(label, format_value(value, unit), help=help)
    if math.isinf(value) and reason:
        st.caption(f"∞ because {reason}")


def chart(fig: go.Figure, *, alt: str, key: str | None = None) -> None:
    """A plotly chart in KL Lab's own style (not Streamlit's theme), with its text alternative."""
    st.plotly_chart(fig, alt=alt, theme=None, key=key,
                    config={"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]})


@dataclass(frozen=True)
class Choice:
    """What a distribution picker read: the family, its parameter values and the kl_core object.

    `dist` is a kl_core distribution, or a probability vector for the categorical family;
    it is None and `error` says why when the values do not make a valid distribution.
    """

    side: str
    family: Family
    values: dict
    dist: object | None
    error: str | None = None

    @property
    def name(self) -> str:
        return self.side.upper()

    def describe(self) -> str:
        """'Normal(mu=0, sigma=1)', for alt texts and captions."""
        if self.family.discrete:
            return f"Categorical({self.values['probs']})"
        args = ", ".join(f"{k}={v:g}" for k, v in self.values.items())
        return f"{self.family.label}({args})"


def side_label(side: str) -> str:
    """'P' or 'Q' in its own colour, for headings (markdown)."""
    color = P_COLOR if side == "p" else Q_COLOR
    return f'<span style="color:{color}; font-weight:700">{side.upper()}</span>'


def distribution_picker(side: str) -> Choice:
    """Family and parameters of P (side 'p') or Q (side 'q'); URL names `p`, `p_<param>`, ..."""
    st.markdown(f"#### {side_label(side)}", unsafe_allow_html=True)
    key = select(f"Family of {side.upper()}", list(FAMILIES), key=side, value=DEFAULT_FAMILY)
    family = FAMILIES[key]
    if family.discrete:
        raw = text(f"Probabilities of {side.upper()} (comma-separated; normalised for you; zeros allowed)",
                   key=f"{side}_probs", value=CATEGORICAL_DEFAULTS[side])
        values = {"probs": raw}
    else:
        values = {p.name: slider(f"{side.upper()}: {p.label}", key=f"{side}_{p.name}", min_value=p.low,
                                 max_value=p.high, value=p.default_for(side), step=p.step)
                  for p in family.params}
    try:
        dist = family.build(values["probs"]) if family.discrete else family.build(**values)
    except ValueError as err:
        st.error(f"{side.upper()} is not a valid distribution: {err}")
        return Choice(side, family, values, None, str(err))
    return Choice(side, family, values, dist)


def require_comparable(p: Choice, q: Choice) -> None:
    """Stop the page, with a message, unless P and Q are valid and of the same kind and size."""
    if p.dist is None or q.dist is None:
        st.stop()
    if p.family.discrete != q.family.discrete:
        st.warning("Choose the categorical family for both P and Q, or a continuous family for both: "
                   "a probability vector and a density cannot be compared.")
        st.stop()
    if p.family.discrete and len(p.dist) != len(q.dist):
        st.warning(f"P has {len(p.dist)} outcomes and Q has {len(q.dist)}; "
                   "give both the same number of probabilities.")
        st.stop()


def swap_p_and_q() -> None:
    """Button callback: exchange every P control's value with its Q counterpart."""
    state = st.session_state
    p_keys = {k[1:] for k in state if isinstance(k, str) and (k == "p" or k.startswith("p_"))}
    q_keys = {k[1:] for k in state if isinstance(k, str) and (k == "q" or k.startswith("q_"))}
    old = {k: state[k] for k in [f"p{s}" for s in p_keys] + [f"q{s}" for s in q_keys]}
    for suffix in p_keys | q_keys:
        for src, dst in (("p", "q"), ("q", "p")):
            if f"{src}{suffix}" in old:
                state[f"{dst}{suffix}"] = old[f"{src}{suffix}"]
            elif f"{dst}{suffix}" in state:
                del state[f"{dst}{suffix}"]


def link_list(links: Sequence[tuple[str, str]]) -> None:
    """Plain links that open in the same tab, e.g. presets: each is a shareable URL."""
    items = " · ".join(f'<a href="{href}" target="_self">{label}</a>' for label, href in links)
    st.markdown(items, unsafe_allow_html=True)
