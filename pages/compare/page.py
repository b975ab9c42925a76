"""Compare: KL next to Jensen-Shannon, Hellinger and total variation for the same P and Q."""

import math

import numpy as np
import streamlit as st

from dataclasses import replace

import kl_core
from kl_app import triangle, ui
from pages.compare import figures
from pages.compare.links import SCHEMA
from kl_app.families import FAMILIES
from kl_app.units import tex_number
from pages.compare.model import divergence_profile, profile_sweep
from pages.compare.model import inequality_checks

ui.page_setup(
    "Compare KL with JS, Hellinger and TV",
    "The same P and Q, five numbers. KL is unbounded and asymmetric; Jensen-Shannon, Hellinger and total "
    "variation are symmetric and stay bounded, even when P and Q do not overlap at all.",
    SCHEMA,
)


@st.cache_data(show_spinner="Computing the sweep…", max_entries=64)
def sweep_q(p_key: str, p_values: dict, q_key: str, q_values: dict, name: str, unit: str):
    """The five divergences as Q's parameter `name` crosses its slider range."""
    family = FAMILIES[q_key]
    param = next(prm for prm in family.params if prm.name == name)
    return profile_sweep(FAMILIES[p_key].build(**p_values), lambda v: family.build(**{**q_values, name: v}),
                         np.linspace(param.low, param.high, 41), base=ui.base_of(unit))


p_column, q_column, unit_column = st.columns([2, 2, 1], gap="large")
with p_column:
    p = ui.distribution_picker("p")
with q_column:
    q = ui.distribution_picker("q")
with unit_column:
    unit = ui.unit_choice()
base = ui.base_of(unit)
js_max = ui.format_value(math.log(2) / math.log(base), unit, digits=3)

ui.require_comparable(p, q)

st.subheader(f"Five numbers for P = {p.describe()} and Q = {q.describe()}")
profile = divergence_profile(p.dist, q.dist, base=base)
shown = [
    ("KL(P‖Q)", profile.kl_pq, unit, f"0 … ∞ {unit}", kl_core.why_kl_is_infinite(p.dist, q.dist)),
    ("KL(Q‖P)", profile.kl_qp, unit, f"0 … ∞ {unit}", kl_core.why_kl_is_infinite(q.dist, p.dist, ("Q", "P"))),
    ("JS(P, Q)", profile.js, unit, f"0 … ln 2 = {js_max}", None),
    ("Hellinger(P, Q)", profile.hellinger, "", "0 … 1, no unit", None),
    ("TV(P, Q)", profile.tv, "", "0 … 1, no unit", None),
]
for column, (label, value, value_unit, value_range, reason) in zip([*st.columns(3), *st.columns(3)], shown):
    with column:
        ui.divergence_metric(label, value, value_unit, reason=reason, help=f"Range {value_range}.")
        st.caption(f"range {value_range}")
values_text = "; ".join(f"{label} = {ui.format_value(value, u)}" for label, value, u, _, _ in shown)

if not p.family.discrete:
    st.subheader("Sweep: move Q away and watch who levels off")
    names = [prm.name for prm in q.family.params]
    name = ui.select(replace(SCHEMA["sweep"], options=tuple(names), default="mu" if "mu" in names else names[0]),
                     horizontal=True)
    label = f"Q's {next(prm.label for prm in q.family.params if prm.name == name)}"
    data = sweep_q(p.family.key, p.values, q.family.key, q.values, name, unit)
    ui.chart(figures.sweep_figure(data, unit, label, q.values[name]),
             alt=f"The five divergences as {label} goes from {data.values[0]:g} to {data.values[-1]:g}: "
                 f"the KL curves leave the chart while JS levels off at ln 2 = {js_max} and Hellinger and "
                 f"TV at 1. Now: {values_text}.")
    st.caption("KL keeps growing as Q moves away (it leaves the top of the chart); JS cannot pass ln 2, "
               "Hellinger and TV cannot pass 1.")

st.subheader("Which properties hold?")
st.markdown(
    "| | KL | JS | Hellinger | TV |\n"
    "|---|---|---|---|---|\n"
    "| Symmetric? | no | yes | yes | yes |\n"
    f"| Bounded? | no: 0 … ∞ | yes: 0 … ln 2 ({js_max}) | yes: 0 … 1 | yes: 0 … 1 |\n"
    "| A metric (triangle inequality)? | no | no (√JS is) | yes | yes |\n"
    "| Finite on disjoint supports? | no: ∞ | yes: ln 2 | yes: 1 | yes: 1 |\n"
    "| Closed form for two Normals? | yes | no (numerical) | yes | yes (via the crossing points) |"
)

st.subheader("Live counterexample: KL breaks the triangle inequality")
picture, numbers = st.columns([1, 1], gap="large")
with picture:
    shift = ui.slider(triangle.SHIFT)
    tp, tq, tr = triangle.triangle_counterexample(shift)
    kl = triangle.triangle_check(lambda a, b: kl_core.kl_divergence(a, b, base=base), tp, tq, tr)
with numbers:
    rows = [("KL", kl)] + [
        (name, triangle.triangle_check(fn, tp, tq, tr))
        for name, fn in (("JS", lambda a, b: kl_core.js_divergence(a, b, base=base)),
                         ("Hellinger", kl_core.hellinger_distance), ("TV", kl_core.total_variation))]
    st.markdown("| | d(P,R) | d(P,Q) + d(Q,R) | triangle holds? |\n|---|---|---|---|\n" + "\n".join(
        f"| {name} | {c.d_pr:.4f} | {c.detour:.4f} | {'✓ yes' if c.holds else '✗ no'} |" for name, c in rows))
st.latex(rf"\mathrm{{KL}}(P\|R) = {kl.d_pr:.3f} \;>\; {kl.detour:.3f} = "
         rf"\mathrm{{KL}}(P\|Q) + \mathrm{{KL}}(Q\|R)\ \text{{{unit}}}")
st.caption("A distance never makes the direct route longer than the detour through Q; KL does, "
           "because it grows with the squared distance between the means.")

st.subheader("Inequalities between them, with the current numbers (nats)")
pinsker, h_below, h_above, js_bound = inequality_checks(p.dist, q.dist)
mark = lambda c: r"\quad\checkmark" if c.holds else r"\quad\times"  # noqa: E731
st.latex(rf"\text{{Pinsker: }}\ \mathrm{{TV}} = {tex_number(pinsker.lhs)} \le \sqrt{{\mathrm{{KL}}(P\|Q)/2}} = "
         rf"{tex_number(pinsker.rhs)}{mark(pinsker)}")
st.latex(rf"H^2 = {tex_number(h_below.lhs)} \le \mathrm{{TV}} = {tex_number(h_below.rhs)}{mark(h_below)}"
         rf"\qquad \mathrm{{TV}} = {tex_number(h_above.lhs)} \le \sqrt2\,H = {tex_number(h_above.rhs)}{mark(h_above)}")
st.latex(rf"\mathrm{{JS}}(P, Q) = {tex_number(js_bound.lhs)} \le \ln 2 = {tex_number(js_bound.rhs)}{mark(js_bound)}")
st.caption("Pinsker: a small KL forces a small TV, but not the other way round. "
           "These bounds hold for every pair; the ticks are computed, not assumed.")

st.subheader("Disjoint supports: KL breaks, the others saturate")
st.markdown("P = Uniform(−2, −0.5) and Q = Uniform(0.5, 2) share no x at all.")
dp, dq = kl_core.Uniform(-2.0, -0.5), kl_core.Uniform(0.5, 2.0)
disjoint = divergence_profile(dp, dq, base=base)
ui.chart(figures.disjoint_figure(dp, dq),
         alt=f"P = Uniform(-2, -0.5) and Q = Uniform(0.5, 2) do not overlap: KL(P‖Q) = ∞, "
             f"JS = {ui.format_value(disjoint.js, unit)}, Hellinger = {disjoint.hellinger:.4f}, "
             f"TV = {disjoint.tv:.4f}.")
kl_column, js_column, h_column, tv_column = st.columns(4)
with kl_column:
    ui.divergence_metric("KL(P‖Q), disjoint", disjoint.kl_pq, unit, reason=kl_core.why_kl_is_infinite(dp, dq))
with js_column:
    ui.divergence_metric("JS, disjoint", disjoint.js, unit, help=f"The maximum, ln 2 = {js_max}.")
with h_column:
    ui.divergence_metric("Hellinger, disjoint", disjoint.hellinger)
with tv_column:
    ui.divergence_metric("TV, disjoint", disjoint.tv)
