"""Compare: KL next to Jensen-Shannon, Hellinger and total variation for the same P and Q."""

from dataclasses import replace

import streamlit as st

import kl_core
from kl_app import live, measures, presenter, runs, sweeps, triangle, ui
from kl_app.frames import described
from kl_app.formatting import tex_number
from kl_app.measures import MEASURES
from pages.compare import figures, model
from pages.compare.links import SCHEMA
from pages.compare.model import inequality_checks, property_rows

ui.page_setup(
    "Compare KL with JS, Hellinger and TV",
    "The same P and Q, five numbers. KL is unbounded and asymmetric; Jensen-Shannon, Hellinger and total "
    "variation are symmetric and stay bounded, even when P and Q do not overlap at all.",
    SCHEMA,
)

FORWARD = tuple(m for m in MEASURES if not m.reverse)
DISJOINT_P, DISJOINT_Q = kl_core.Uniform(-2.0, -0.5), kl_core.Uniform(0.5, 2.0)


@st.cache_data(max_entries=2)
def disjoint_values(unit: str) -> dict[str, float]:
    """The forward measures of the disjoint pair, which only the unit changes."""
    return measures.values(DISJOINT_P, DISJOINT_Q, base=ui.base_of(unit), shown=FORWARD)


@runs.fragment()
def numbers(p: ui.Picked, q: ui.Picked, unit: str, shown: list) -> None:
    """The five measures (`shown`) and a picture of P and Q; they follow P's and Q's sliders while these move."""
    if p.family.discrete:
        live.panel("compare_live", shown, None)
    else:
        live.panel("compare_live", shown, figures.pair_figure(p.dist, q.dist),
                   alt=f"Densities of P (blue) and Q (orange). {described(shown)}.",
                   sliders=model.live_sliders(p, q, unit))


@runs.fragment(owns=(SCHEMA["sweep"],))
def sweep(p: ui.Picked, q: ui.Picked, unit: str, shown: list) -> None:
    """Every measure as one parameter of Q moves; choosing another parameter reruns only this part."""
    st.header("Sweep: move Q away and watch who levels off")
    names = [prm.name for prm in q.family.params]
    name = ui.select(replace(SCHEMA["sweep"], options=tuple(names), default="mu" if "mu" in names else names[0]),
                     horizontal=True)
    data = live.sweep(q.values[name], p.family.key, p.values, q.family.key, sweeps.without(q.values, name), "q",
                      name, unit, tuple(m.key for m in MEASURES))
    bounded = "; ".join(f"{m.divergence.symbol} at {m.upper_text(unit)}" for m in FORWARD
                        if m.divergence.upper() != float("inf"))
    live.panel("compare_sweep", [], figures.sweep_figure(data, q.values[name]),
               alt=f"The divergences as {data.label} goes from {data.values[0]:g} to {data.values[-1]:g}: the KL "
                   f"curves leave the chart while the bounded ones level off ({bounded}). "
                   f"Now: {described(shown)}.{data.alt_note}",
               pending=not data.complete)
    st.caption(f"KL keeps growing as Q moves away (it leaves the top of the chart); the others cannot pass their "
               f"ceilings ({bounded}).")


if presenter.active():  # the controls beside the numbers, which then fit on a projected screen
    controls, view = st.columns([1, 2], gap="large")
    p_column = q_column = unit_column = controls
else:
    p_column, q_column = st.columns(2, gap="large")
    unit_column = view = st.container()  # the unit under P and Q: a third column clipped it below 1280 px
with p_column:
    p = ui.distribution_picker("p")
with q_column:
    q = ui.distribution_picker("q")
with unit_column:
    unit = ui.unit_choice()

with view:
    ui.require_comparable(p, q)
    st.header("Five numbers for P and Q" if presenter.active()  # one line; P and Q are beside it
              else f"Five numbers for P = {p.describe()} and Q = {q.describe()}")
    profile = measures.values(p.dist, q.dist, base=ui.base_of(unit))
    shown = model.readings(p.dist, q.dist, unit, values=profile)
    numbers(p, q, unit, shown)

if not p.family.discrete:
    sweep(p, q, unit, shown)

st.header("Which properties hold?")
symbols = [m.divergence.symbol for m in FORWARD]
st.markdown("| Property | " + " | ".join(symbols) + " |\n|---|" + "---|" * len(symbols) + "\n" + "\n".join(
    f"| {question} | " + " | ".join(answers) + " |" for question, answers in property_rows(unit)))
st.caption("Every answer is read from kl_core's divergence registry, whose tests check it numerically. "
           "JS is not a metric, but its square root, the Jensen-Shannon distance, is.")

st.header("Live counterexample: KL breaks the triangle inequality")
triangle.render(unit)

st.header("Inequalities between them, with the current numbers (nats)")
pinsker, h_below, h_above, js_bound = inequality_checks(p.dist, q.dist, measures.in_nats(profile, unit))
mark = lambda c: r"\quad\checkmark" if c.holds else r"\quad\times"  # noqa: E731
st.latex(rf"\text{{Pinsker: }}\ \mathrm{{TV}} = {tex_number(pinsker.lhs)} \le \sqrt{{\mathrm{{KL}}(P\|Q)/2}} = "
         rf"{tex_number(pinsker.rhs)}{mark(pinsker)}")
st.latex(rf"H^2 = {tex_number(h_below.lhs)} \le \mathrm{{TV}} = {tex_number(h_below.rhs)}{mark(h_below)}"
         rf"\qquad \mathrm{{TV}} = {tex_number(h_above.lhs)} \le \sqrt2\,H = {tex_number(h_above.rhs)}{mark(h_above)}")
st.latex(rf"\mathrm{{JS}}(P, Q) = {tex_number(js_bound.lhs)} \le \ln 2 = {tex_number(js_bound.rhs)}{mark(js_bound)}")
st.caption("Pinsker: a small KL forces a small TV, but not the other way round. "
           "These bounds hold for every pair; the ticks are computed, not assumed.")

st.header("Disjoint supports: KL breaks, the others saturate")
st.markdown("P = Uniform(−2, −0.5) and Q = Uniform(0.5, 2) share no x at all.")
ui.predict(SCHEMA["guess"], *model.finite_on(disjoint_values(unit), unit))
disjoint = model.readings(DISJOINT_P, DISJOINT_Q, unit, FORWARD, ", disjoint", disjoint_values(unit))
live.panel("compare_disjoint", disjoint, figures.pair_figure(DISJOINT_P, DISJOINT_Q),
           alt=f"P = Uniform(-2, -0.5) and Q = Uniform(0.5, 2) do not overlap: {described(disjoint)}.")
