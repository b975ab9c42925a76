"""Limitations of KL divergence, made interactive: asymmetry, zero support, no triangle inequality,
forward against reverse fits, and estimating KL from samples."""

import numpy as np
import streamlit as st

import kl_core
from kl_app.formatting import fixed, format_value
from kl_app import formulas, ui
from pages.limitations import figures
from pages.limitations import zero_support
from pages.limitations.estimation import plugin_study
from pages.limitations.fitting import fit_forward, fit_reverse
from kl_app import triangle as triangle_demo
from pages.limitations.asymmetry import asymmetry_grid, narrower_q
from pages.limitations.links import OUTCOMES, SCHEMA, TABS

ui.page_setup(
    "Limitations of KL divergence",
    "KL divergence is the workhorse of information theory and machine learning, but it is not a distance. "
    "Five ways it surprises, each with a control to drag.",
    SCHEMA,
)

P_NORMAL = kl_core.Normal(0.0, 1.0)
GRID_MUS, GRID_SIGMAS = np.linspace(-4, 4, 81), np.linspace(0.2, 4, 77)
P_BELL = zero_support.bell(OUTCOMES, 5.5, 2.0)
Q_BELL = zero_support.bell(OUTCOMES, 6.5, 2.5)
EST_P, EST_Q = kl_core.Normal(0.0, 1.0), kl_core.Normal(1.0, 1.5)


@st.cache_data(show_spinner="Fitting both Normals…", max_entries=128)
def fits(weight: float, distance: float):
    p = kl_core.GaussianMixture([weight, 1 - weight], [-distance / 2, distance / 2], [1.0, 1.0])
    return p, fit_forward(p), fit_reverse(p)


@st.cache_data(show_spinner="Drawing samples…", max_entries=32)
def study(smoothing: float, bins: int, unit: str):
    return plugin_study(EST_P, EST_Q, smoothing=smoothing, bins=bins, repetitions=20, seed=0,
                        base=ui.base_of(unit))


unit = ui.unit_choice()
base = ui.base_of(unit)
asym, support, triangle, fitting, sampling = st.tabs(
    list(TABS), key=SCHEMA["tab"].key, bind="query-params")

with asym:
    st.markdown("**KL(P‖Q) and KL(Q‖P) are different numbers.** P = N(0, 1) is fixed; move Q. "
                "The map colours the difference KL(P‖Q) − KL(Q‖P) for every Q = N(μ, σ²).")
    left, right = st.columns([1, 2], gap="large")
    with left:
        readings = st.container()  # the two numbers above the sliders that move them
        q_mu = ui.slider(SCHEMA["q_mu"])
        q_sigma = ui.slider(SCHEMA["q_sigma"])
        q = kl_core.Normal(q_mu, q_sigma)
        kl_pq = kl_core.kl_divergence(P_NORMAL, q, base=base)
        kl_qp = kl_core.kl_divergence(q, P_NORMAL, base=base)
        with readings:
            ui.divergence_metric("KL(P‖Q)", kl_pq, unit)
            ui.divergence_metric("KL(Q‖P)", kl_qp, unit)
        st.caption("Blue where KL(P‖Q) is larger (Q narrower than P), orange where KL(Q‖P) is; "
                   "white along σ = 1, where only the shift counts and both directions agree.")
    with right:
        grid = asymmetry_grid(P_NORMAL, GRID_MUS, GRID_SIGMAS, base=base)
        ui.chart("asymmetry", figures.asymmetry_figure(grid, q_mu, q_sigma, unit),
                 alt=f"Heat map of KL(P‖Q) − KL(Q‖P) over Q's mean and standard deviation, P = N(0, 1). "
                     f"Current Q = N({q_mu:g}, {q_sigma:g}²): KL(P‖Q) = {format_value(kl_pq, unit)}, "
                     f"KL(Q‖P) = {format_value(kl_qp, unit)}.")
    st.latex(formulas.kl_latex(P_NORMAL, q, kl_pq, unit))
    st.latex(formulas.kl_latex(q, P_NORMAL, kl_qp, unit, first="Q", second="P"))
    ui.predict(SCHEMA["guess"], *narrower_q(unit))

with support:
    st.markdown("**One outcome that Q rules out makes KL(P‖Q) infinite.** Narrow Q's window of outcomes: "
                "as soon as P has mass outside it, KL(P‖Q) = ∞, while JS stays finite.")
    left, right = st.columns([1, 2], gap="large")
    with left:
        low = ui.slider(SCHEMA["cut_low"])
        high = ui.slider(SCHEMA["cut_high"])
        eps_text = ui.select(SCHEMA["eps"], horizontal=True)
        eps = float(eps_text)
        cut_q = zero_support.cut(Q_BELL, low - 1, high - 1)
        kl_cut = kl_core.kl_divergence(P_BELL, cut_q, base=base)
        ui.divergence_metric("KL(P‖Q) · cut Q", kl_cut, unit, reason=kl_core.why_kl_is_infinite(P_BELL, cut_q))
        ui.divergence_metric("JS(P, Q) · cut Q", kl_core.js_divergence(P_BELL, cut_q, base=base), unit)
        if eps > 0:
            ui.divergence_metric(f"KL(P‖Q) · cut Q, smoothed with ε = {eps_text}",
                                 kl_core.kl_divergence(P_BELL, cut_q, base=base, smoothing=eps), unit)
        st.caption(f"P's mass outside Q's window: {zero_support.uncovered_mass(P_BELL, cut_q):.4f}")
    with right:
        ui.chart("support", figures.support_figure(P_BELL, cut_q, unit),
                 alt=f"Bars of P and of Q restricted to outcomes {low} to {high}; KL(P‖Q) = "
                     f"{format_value(kl_cut, unit)}.")
    smoothing_grid = np.logspace(-10, -1, 46)
    curve = zero_support.smoothing_curve(P_BELL, cut_q, smoothing_grid, base=base)
    chosen_kl = kl_core.kl_divergence(P_BELL, cut_q, base=base, smoothing=eps)
    ui.chart("smoothing", figures.smoothing_figure(smoothing_grid, curve, eps, chosen_kl, unit),
             alt=f"KL(P‖Q) after smoothing with ε from 1e-10 to 0.1; with ε = {eps_text} it is "
                 f"{format_value(chosen_kl, unit)}.")
    st.caption("Smoothing makes the number finite, but it is then set by the arbitrary ε: each factor 10 "
               "smaller ε adds about (P's uncovered mass) × ln 10 nats.")

with triangle:
    st.markdown("**No triangle inequality.** Going from P to R through Q halfway *looks shorter* to KL than "
                "going directly, because KL grows with the squared distance.")
    triangle_demo.render(unit)

with fitting:
    st.markdown("**Forward KL covers, reverse KL seeks a mode.** P is a two-bump mixture. Fit one Normal Q by "
                "minimising KL(P‖Q) (forward) and, separately, KL(Q‖P) (reverse), with scipy.optimize on kl_core.")
    left, right = st.columns([1, 2], gap="large")
    with left:
        distance = ui.slider(SCHEMA["modes"])
        weight = ui.slider(SCHEMA["w1"])
        mixture, forward, reverse = fits(weight, distance)
        ui.divergence_metric("forward: min KL(P‖Q)", kl_core.kl_divergence(mixture, forward.normal, base=base), unit)
        ui.divergence_metric("reverse: min KL(Q‖P)", kl_core.kl_divergence(reverse.normal, mixture, base=base), unit)
        st.markdown(f"Forward fit N({fixed(forward.mu, 3)}, {forward.sigma:.3f}²): P's mean is "
                    f"{fixed(mixture.mean, 3)} and "
                    f"its standard deviation {mixture.variance ** 0.5:.3f}: **moment matching**.  \n"
                    f"Reverse fit N({fixed(reverse.mu, 3)}, {reverse.sigma:.3f}²): started from each mode, "
                    "the better one kept.")
    with right:
        ui.chart("fits", figures.fits_figure(mixture, forward, reverse),
                 alt=f"P, a mixture with modes {distance:g} apart, with the forward fit N({fixed(forward.mu, 2)}, "
                     f"{forward.sigma:.2f}²) spanning both modes and the reverse fit N({fixed(reverse.mu, 2)}, "
                     f"{reverse.sigma:.2f}²); the play button replays both optimisers' paths.")
    st.latex(r"\min_Q \mathrm{KL}(P\|Q):\quad \mu = \mathbb{E}_P[X] = " + fixed(mixture.mean, 3)
             + r",\quad \sigma^2 = \mathrm{Var}_P[X] = " + f"{mixture.variance:.3f}")
    st.latex(r"\min_Q \mathrm{KL}(Q\|P):\quad \mu = " + fixed(reverse.mu, 3) + r",\quad \sigma^2 = "
             + f"{reverse.sigma ** 2:.3f}" + r"\quad\text{(one mode when they are far apart)}")

with sampling:
    st.markdown("**Estimated from samples, KL drifts.** Draw n samples from P = N(0, 1) and from Q = N(1, 1.5²), "
                "bin both, and compute KL of the two histograms; 20 repetitions for each n.")
    left, right = st.columns([1, 2], gap="large")
    with left:
        est_eps_text = ui.select(SCHEMA["est_eps"], horizontal=True)
        bins = ui.slider(SCHEMA["bins"])
        result = study(float(est_eps_text), bins, unit)
        ui.divergence_metric("exact KL(P‖Q)", result.exact, unit)
        ui.divergence_metric("large-n limit of the estimate", result.limit, unit)
    with right:
        ui.chart("estimation", figures.estimation_figure(result, unit),
                 alt=f"Plug-in estimates of KL(P‖Q) for n from 10 to 100,000 samples, 20 repetitions each; "
                     f"exact value {format_value(result.exact, unit)}, large-n limit "
                     f"{format_value(result.limit, unit)}; median at n = 10: "
                     f"{format_value(result.by_n[0].quantile(0.5), unit)}.")
    st.table({
        "n": [f"{s.n:,}" for s in result.by_n],
        f"median ({unit})": [format_value(s.quantile(0.5)) for s in result.by_n],
        f"bias of the mean ({unit})": [format_value(s.bias) for s in result.by_n],
        f"spread, std ({unit})": [format_value(s.std) for s in result.by_n],
        "estimates = ∞": [f"{s.fraction_infinite:.0%}" for s in result.by_n],
    })
    st.caption("Small samples leave bins of Q empty (∞ without smoothing) and make every bin's share noisy; "
               "the spread shrinks like 1/√n, but binning and ε leave a bias no amount of data removes.")
