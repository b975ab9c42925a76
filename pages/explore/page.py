"""Explore: drag P and Q and watch KL(P‖Q) and KL(Q‖P) move apart."""

from dataclasses import replace

import streamlit as st

from kl_app import formulas, live, runs, sweeps, ui
from kl_app.frames import described
from pages.explore import figures, model
from pages.explore.links import SCHEMA

ui.page_setup(
    "Explore KL(P‖Q) and KL(Q‖P)",
    "Pick two distributions and drag their parameters. KL divergence measures how much information "
    "is lost when Q is used in place of P, and the two directions are not the same number.",
    SCHEMA,
)

PRESETS = [
    ("Identical", "?p=normal&q=normal&q_mu=0&q_sigma=1"),
    ("Shifted", "?p=normal&q=normal&q_mu=2&q_sigma=1"),
    ("Q wider", "?p=normal&q=normal&q_mu=0&q_sigma=3"),
    ("Q narrower", "?p=normal&q=normal&q_mu=0&q_sigma=0.4"),
    ("Bimodal P, one Normal Q", "?p=mixture&q=normal&q_mu=0&q_sigma=1"),
    ("Nearly disjoint", "?p=normal&p_mu=-3&p_sigma=0.5&q=normal&q_mu=3&q_sigma=0.5"),
    ("Truncated support", "?p=normal&q=uniform&q_low=-2&q_high=2"),
    ("Discrete", "?p=categorical&q=categorical"),
]


@runs.fragment()
def view(p: ui.Picked, q: ui.Picked, unit: str, shown: list, values: str) -> None:
    """Both directions of KL (`shown`) and where they come from; they follow P's and Q's sliders while these move."""
    if p.family.discrete:
        live.panel("explore_live", shown, figures.bars_figure(p.dist, q.dist, unit),
                   alt=f"Bar charts of P and Q and of each outcome's contribution to KL. {values}.")
    else:
        live.panel("explore_live", shown, figures.densities_figure(p.dist, q.dist, unit),
                   alt=f"Densities of P (blue) and Q (orange), and below them the integrands p·log(p/q) and "
                       f"q·log(q/p), whose areas are the two divergences. {values}.",
                   sliders=model.live_sliders(p, q, unit))


@runs.fragment(owns=(SCHEMA["sweep"],))
def sweep(p: ui.Picked, q: ui.Picked, unit: str, kl: tuple[float, float], values: str) -> None:
    """Both directions along one parameter; choosing another parameter reruns only this part."""
    st.header("Sweep: watch the two directions part")
    sweepable = [(f"{side}_{prm.name}", sweeps.label(side, prm)) for side, choice in (("q", q), ("p", p))
                 for prm in choice.family.params]
    options, labels = zip(*sweepable)
    param_key = ui.select(replace(SCHEMA["sweep"], options=options, labels=labels, default=options[0]))
    side, name = param_key[0], param_key[2:]
    current = (p if side == "p" else q).values[name]
    data = live.sweep(current, p.family.key, sweeps.without(p.values, name) if side == "p" else p.values,
                      q.family.key, sweeps.without(q.values, name) if side == "q" else q.values, side, name, unit)
    live.panel("explore_sweep", [], figures.sweep_figure(data, current, dict(zip(("kl_pq", "kl_qp"), kl))),
               alt=f"KL(P‖Q) and KL(Q‖P) as {data.label} goes from {data.values[0]:g} to {data.values[-1]:g}. "
                   f"At the current value {current:g}: {values}.{data.alt_note}", pending=not data.complete)
    st.caption("The dotted line marks the current value. While you drag any slider of P or Q, the numbers and "
               "curves above follow the thumb in your browser; on release the server checks them.")


ui.link_list([(label, f"/explore{query}") for label, query in PRESETS], title="Presets (links you can share):")

controls, view_column = st.columns([1, 2], gap="large")
with controls:
    p = ui.distribution_picker("p")
    q = ui.distribution_picker("q")
    st.button("⇄ Swap P and Q", on_click=ui.swap_p_and_q, help="Exchange the two distributions.")
    unit = ui.unit_choice()

with view_column:
    ui.require_comparable(p, q)
    kl_pq, kl_qp = model.both_ways(p.dist, q.dist, unit)
    shown = model.readings(p.dist, q.dist, unit, (kl_pq, kl_qp))
    values = f"P = {p.describe()}, Q = {q.describe()}; {described(shown)}"
    view(p, q, unit, shown, values)

st.latex(formulas.kl_latex(p.dist, q.dist, kl_pq, unit))
st.latex(formulas.kl_latex(q.dist, p.dist, kl_qp, unit, first="Q", second="P"))
st.markdown(
    "- **Asymmetry.** KL(P‖Q) weighs the log-ratio by P, so it punishes Q for missing places where P has "
    "mass; KL(Q‖P) weighs by Q. Swap P and Q and the numbers trade places.\n"
    "- **Zero only when P = Q.** Both directions are ≥ 0 and vanish only for identical distributions "
    "(try the *Identical* preset).\n"
    f"- **Unit.** Shown in {unit}: " + ("natural logarithms (1 nat = 1.4427 bits)." if unit == "nats"
                                         else "base-2 logarithms, the extra bits per sample (1 bit = 0.6931 nats).")
)

ui.predict(SCHEMA["guess"], *model.wider_q(unit))

if not p.family.discrete:
    sweep(p, q, unit, (kl_pq, kl_qp), values)
