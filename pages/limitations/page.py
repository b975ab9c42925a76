"""Limitations of KL divergence, made interactive: asymmetry, zero support, no triangle inequality,
forward against reverse fits, and estimating KL from samples."""

import numpy as np
import streamlit as st

import kl_core
from kl_app.formatting import fixed, format_value
from kl_app import formulas, live, presenter, ui
from pages.limitations import figures
from pages.limitations import zero_support
from pages.limitations.estimation import estimate_view, plugin_study
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
SHORT = presenter.SHORT_CHART_HEIGHT_PX  # each tab's chart sits under the tabs and its numbers


@st.cache_data(show_spinner="Fitting both Normals…", max_entries=128)
def fits(w1: float, modes: float):
    """P, the mixture with left weight `w1` and modes `modes` apart, and its forward and reverse Normal fits."""
    p = kl_core.GaussianMixture([w1, 1 - w1], [-modes / 2, modes / 2], [1.0, 1.0])
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
        q_mu = ui.slider(SCHEMA["q_mu"])
        q_sigma = ui.slider(SCHEMA["q_sigma"])
        q = kl_core.Normal(q_mu, q_sigma)
        kl_pq = kl_core.kl_divergence(P_NORMAL, q, base=base)
        kl_qp = kl_core.kl_divergence(q, P_NORMAL, base=base)
        st.caption("Blue where KL(P‖Q) is larger (Q narrower than P), orange where KL(Q‖P) is; "
                   "white along σ = 1, where only the shift counts and both directions agree.")
    with right:
        grid = asymmetry_grid(P_NORMAL, GRID_MUS, GRID_SIGMAS, base=base)
        live.following("limits_asymmetry", lambda **q: figures.asymmetry_view(grid, unit=unit, **q),
                       {"q_mu": q_mu, "q_sigma": q_sigma}, SCHEMA, projected_height=SHORT, unit=unit)
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
    with right:
        live.following("limits_support", lambda **window: figures.support_view(P_BELL, Q_BELL, unit=unit,
                                                                               eps_text=eps_text, **window),
                       {"cut_low": low, "cut_high": high}, SCHEMA, projected_height=SHORT, unit=unit, eps=eps_text)
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
        st.markdown(f"Forward fit: P's mean is {fixed(mixture.mean, 3)} and its standard deviation "
                    f"{mixture.variance ** 0.5:.3f}: **moment matching**.  \n"
                    "Reverse fit: started from each mode, the better one kept.")
    with right:
        live.following("limits_fits", lambda x=None, **shape: figures.fits_view(*fits(**shape), unit, x),
                       {"modes": distance, "w1": weight}, SCHEMA, projected_height=SHORT,
                       grid=lambda *ends: figures.fits_grid(*(fits(**end) for end in ends)), unit=unit)
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
        live.following("limits_estimates", lambda bins: estimate_view(EST_P, EST_Q, smoothing=float(est_eps_text),
                                                                       bins=bins, unit=unit),
                       {"bins": bins}, SCHEMA, unit=unit, eps=est_eps_text)
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
