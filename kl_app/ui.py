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
from streamlit.errors import StreamlitAPIException

from kl_app.families import FAMILIES, Family, picker_params
from kl_app.theme import P_COLOR, Q_COLOR
from kl_app import choice, live, presenter, share, url
from kl_app.site_map import EVERY_PAGE
from kl_app.formatting import format_value
from kl_app.units import UNIT, base_of  # noqa: F401  (base_of: the pages' way to get kl_core's base)

_NOTES = "_kl_url_notes"
_CHECKED = "_kl_links_checked"


def page_setup(title: str, lead: str | None = None, schema: url.Schema | None = None) -> None:
    """Start a page: check its link against `schema`, then title, lead and the link's notes. Call first.

    A bad value in a shared link is dropped from the URL (so the widget starts at its default)
    and reported in a note; the page then reruns once with the corrected URL.
    """
    if schema is not None:
        _correct_link(url.Schema([*schema, *EVERY_PAGE]))
    st.title(title)
    if lead:
        with presenter.folded():
            st.markdown(lead)
    for message in st.session_state.pop(_NOTES, []):
        st.info(message, icon=":material/link_off:")


def _correct_link(schema: url.Schema) -> None:
    """Apply schema.check to the link a page was opened with, once per page and session.

    Later runs are driven by the widgets themselves and by callbacks (swap, Back/Next), which
    keep every value valid, so only the link that seeds the widgets is checked.
    """
    checked = st.session_state.setdefault(_CHECKED, set())
    if schema.keys in checked:
        return
    corrections = schema.check({key: st.query_params.get_all(key) for key in st.query_params})
    if not corrections:
        checked.add(schema.keys)
        return
    corrected = False
    for c in corrections:
        try:
            if c.keep is None:
                del st.query_params[c.key]
            else:
                st.query_params[c.key] = c.keep
            corrected = True
        except StreamlitAPIException:
            pass  # a widget already on screen owns the key (the sidebar's switch): it keeps the URL itself
    st.session_state[_NOTES] = st.session_state.get(_NOTES, []) + [c.note for c in corrections if c.note]
    if corrected:
        st.rerun()
    checked.add(schema.keys)


def slider(param: url.Number, *, label: str | None = None, format: str | None = None) -> float:
    return st.slider(label or param.label, param.typed(param.low), param.typed(param.high),
                     param.typed(param.default), param.typed(param.step), key=param.key, help=param.help,
                     format=format, bind="query-params")


def number(param: url.Number, *, format: str | None = None) -> float:
    return st.number_input(param.label, param.typed(param.low), param.typed(param.high),
                           param.typed(param.default), param.typed(param.step), key=param.key,
                           help=param.help, format=format, bind="query-params")


def select(param: url.Choice, *, label: str | None = None, horizontal: bool = False):
    """A choice among a few options: segmented buttons when `horizontal`, else a drop-down.

    Streamlit writes a bound choice into the URL as its displayed text, so options are shown
    exactly as they appear in the URL (short lowercase names such as `normal` or `bits`); a choice
    with `labels` shows those instead, and keeps its names in the URL (kl_app.choice).
    """
    if param.labels:
        return choice.choose(param, label or param.label, horizontal)
    options = list(param.options)
    if horizontal:
        return st.segmented_control(label or param.label, options, default=param.default, required=True,
                                    key=param.key, help=param.help, bind="query-params")
    return st.selectbox(label or param.label, options, index=options.index(param.default), key=param.key,
                        help=param.help, bind="query-params")


def predict(param: url.Choice, correct: str, why: str) -> bool:
    """'Predict, then reveal': the question `param` with no answer picked; once the student picks
    one, whether it is `correct` and `why` (computed by the page from the current numbers).
    True once answered."""
    guess = st.radio(param.label, list(param.options), index=None, key=param.key, bind="query-params")
    if guess is None:
        st.caption("Pick an answer to reveal it.")
        return False
    if guess == correct:
        st.success(f"**Right.** {why}")
    else:
        st.warning(f"**Not quite: {correct}.** {why}")
    return True


def text(param: url.Text) -> str:
    return st.text_input(param.label, value=param.default, key=param.key, help=param.help,
                         max_chars=param.max_length, bind="query-params")


def unit_choice() -> str:
    """nats (natural log) or bits (log base 2): the unit of every divergence on the page."""
    return select(UNIT, horizontal=True)


def divergence_metric(label: str, value: float, unit: str = "", *, reason: str | None = None,
                      help: str | None = None) -> None:
    """A divergence as a large metric, with its unit; ∞ comes with the one-line reason."""
    st.metric(label, format_value(value, unit), help=help)
    if math.isinf(value) and reason:
        st.caption(f"∞ because {reason}")


def chart(key: str, fig: go.Figure | dict, *, alt: str, pending: bool = False) -> None:
    """A plotly chart with its text alternative: a live panel (kl_app.live) without readings or sliders.

    Drawn with KL Lab's own plotly.js bundle (static/vendor), which loads after the page's numbers
    are painted and is a third of the bundle st.plotly_chart loads. `key` names the chart on its
    page: the chart then updates in place on each run instead of being drawn anew. `pending`: its
    data is work in progress (live.computed), and the page runs again for more once it is drawn.
    """
    live.panel(f"chart_{key}", (), fig, alt=alt, pending=pending)


@dataclass(frozen=True)
class Picked:
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
        if self.family.probabilities:
            return f"Categorical({self.values['probs']})"
        args = ", ".join(f"{k}={v:g}" for k, v in self.values.items())
        return f"{self.family.label}({args})"


def side_label(side: str) -> str:
    """'P' or 'Q' in its own colour, for headings (markdown)."""
    color = P_COLOR if side == "p" else Q_COLOR
    return f'<span style="color:{color}; font-weight:700">{side.upper()}</span>'


def distribution_picker(side: str) -> Picked:
    """Family and parameters of P (side 'p') or Q (side 'q'); URL names `p`, `p_<param>`, ..."""
    st.markdown(f"## {side_label(side)}", unsafe_allow_html=True)
    schema = url.Schema(picker_params(side))
    key = select(schema[side])
    family = FAMILIES[key]
    chosen = {p.key: p for p in schema if p.when and key in p.when.values}
    if family.probabilities:
        values = {"probs": text(chosen[f"{side}_probs"])}
    else:
        values = {p.name: slider(chosen[f"{side}_{p.name}"]) for p in family.params}
    try:
        dist = family.build(**values)
    except ValueError as err:
        st.error(f"{side.upper()} is not a valid distribution: {url.literal(str(err), limit=300)}")
        return Picked(side, family, values, None, str(err))
    return Picked(side, family, values, dist)


def require_comparable(p: Picked, q: Picked) -> None:
    """Stop the page, with a message, unless P and Q are valid and of the same kind and size."""
    if p.dist is None or q.dist is None:
        st.stop()
    if p.family.discrete != q.family.discrete:
        st.warning("Choose the categorical family for both P and Q (or Poisson), or a continuous family for "
                   "both: a pmf and a density cannot be compared.")
        st.stop()
    if p.family.probabilities and q.family.probabilities and len(p.dist.probs) != len(q.dist.probs):
        st.warning(f"P has {len(p.dist.probs)} outcomes and Q has {len(q.dist.probs)}; "
                   "give both the same number of probabilities.")
        st.stop()


def swap_p_and_q() -> None:
    """Button callback: exchange every P control's value with its Q counterpart, on screen and in the URL.

    Streamlit writes a value set by code into the URL only for a widget that was on screen in the
    previous run (its URL key is then bound to it). A key of a family that only the other side
    showed before (Q's `q_shape` after swapping in P's Gamma) is not bound yet, so it is written
    into the URL here, and its widget starts from that value.
    """
    state = st.session_state
    p_keys = {k[1:] for k in state if isinstance(k, str) and (k == "p" or k.startswith("p_"))}
    q_keys = {k[1:] for k in state if isinstance(k, str) and (k == "q" or k.startswith("q_"))}
    old = {k: state[k] for k in [f"p{s}" for s in p_keys] + [f"q{s}" for s in q_keys]}
    for suffix in p_keys | q_keys:
        for src, dst in (("p", "q"), ("q", "p")):
            if f"{src}{suffix}" in old:
                state[f"{dst}{suffix}"] = old[f"{src}{suffix}"]
                _write_unbound(f"{dst}{suffix}", old[f"{src}{suffix}"])
            elif f"{dst}{suffix}" in state:
                del state[f"{dst}{suffix}"]


def _write_unbound(key: str, value) -> None:
    """Put `value` in the URL under `key` unless a widget on screen owns that key (it syncs itself)."""
    try:
        st.query_params[key] = format(value, ".15g") if isinstance(value, float) else str(value)
    except StreamlitAPIException:
        pass


def classroom_tools(url_path: str, schema: url.Schema) -> None:
    """The sidebar's presenter switch (kl_app.presenter), "Share this screen" (its link, to copy, and
    a QR code to scan from the projector) and "Reset this page" (every control back to its default;
    the URL loses its parameters)."""
    with st.sidebar:
        presenter.switch()
        if st.button("Share this screen", icon=":material/qr_code_2:", key="kl_share",
                     help="This screen's link, to copy, and its QR code, to scan from a projected screen."):
            _share_dialog(url_path, schema)
        if schema.keys:
            st.button("Reset this page", icon=":material/restart_alt:", key="kl_reset", on_click=_reset,
                      args=(schema,), help="Every control of this page back to its default.")


def _current_values(schema: url.Schema) -> dict:
    keys = {k: choice.state_key(schema[k]) for k in schema.keys}
    return {k: st.session_state[state] for k, state in keys.items() if state in st.session_state}


@st.dialog("Share this screen", width="medium")
def _share_dialog(url_path: str, schema: url.Schema) -> None:
    address = share.link(st.context.url or "http://localhost:8501", url_path, schema, _current_values(schema))
    st.markdown("Opening this link shows this screen, with every control as it is now.")
    st.code(address, language=None, wrap_lines=True)
    st.image(share.qr_png(address), caption="Scan to open this screen.", width=360)


def _reset(schema: url.Schema) -> None:
    """Button callback: each control on screen goes back to its default, which Streamlit keeps out of the URL."""
    for key in _current_values(schema):
        param = schema[key]
        st.session_state[choice.state_key(param)] = param.typed(param.default) if isinstance(param, url.Number) \
            else param.default


def on_phones(text: str) -> None:
    """A note (HTML) shown only on a phone-wide screen (static/site.css), e.g. to point at the sidebar."""
    st.markdown(f'<div class="kl-phone-only">{text}</div>', unsafe_allow_html=True)


def link_list(links: Sequence[tuple[str, str]], *, title: str = "") -> None:
    """Plain links that open in the same tab, e.g. presets (each is a shareable URL), after a bold `title`."""
    items = " · ".join(f'<a href="{href}" target="_self">{label}</a>' for label, href in links)
    items = f'<span class="kl-links">{items}</span>'  # spaced for touch by static/site.css
    st.markdown(f"**{title}** {items}" if title else items, unsafe_allow_html=True)
