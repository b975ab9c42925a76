"""GAN: the optimal discriminator, V(G, D*) = 2 JS − log 4, JS's vanishing gradient, and a tiny GAN."""

import math

import streamlit as st

from kl_app.formatting import fixed, format_value
from kl_app import live, ui
from kl_app.plotting import in_progress
from kl_app.units import LOG_TEX
from kl_core import Normal, kl_divergence
from pages.gan import figures
from pages.gan import model as gan
from pages.gan.links import LOSS_TERMS, REAL_DATA_SHOWN, SCHEMA

ui.page_setup(
    "JS in a GAN: what the generator really minimises",
    "A GAN's discriminator D(x) guesses whether x is real data (from P) or a fake from the generator G "
    "(whose fakes follow Q). "
    "Against the best possible discriminator, the generator is minimising the Jensen-Shannon divergence JS(P, Q).",
    SCHEMA,
)


@st.cache_data(show_spinner="Training…", max_entries=32)
def training(real: str, mu: float, sigma: float, loss: str, steps: int):
    """The config and the states of a GAN trained for `steps` from the generator N(mu, sigma^2)."""
    config = gan.GanConfig(real=gan.REAL_DATA[real], start=Normal(mu, sigma), generator_loss=loss)
    return config, gan.train(gan.initial_state(config), config, steps)


st.header("1 · The best discriminator: D*(x) = p(x) / (p(x) + q(x))")
controls, view = st.columns([1, 2], gap="large")
with controls:
    real = ui.select(SCHEMA["real"], horizontal=True)
    st.caption(f"P = {REAL_DATA_SHOWN[real]}")
    st.markdown(f"### Generator {ui.side_label('q')}", unsafe_allow_html=True)
    mu = ui.slider(SCHEMA["mu"])
    sigma = ui.slider(SCHEMA["sigma"])
    unit = ui.unit_choice()
p, q, base = gan.REAL_DATA[real], Normal(mu, sigma), ui.base_of(unit)
now = gan.saturation_point(p, q, base=base)
js = now.js
value = gan.value_at_optimum(p, q, base=base)
log4 = math.log(4, base)

with view:
    live.following("gan_live", lambda x=None, **q: figures.discriminator_view(p, REAL_DATA_SHOWN[real], Normal(**q), unit, x),
                   {"mu": mu, "sigma": sigma}, SCHEMA, grid=lambda *ends: figures.discriminator_grid(p, *ends),
                   real=real, unit=unit)

log = LOG_TEX[unit]
st.latex(rf"V(G, D^*) = \mathbb{{E}}_P[{log} D^*(x)] + \mathbb{{E}}_Q[{log}(1 - D^*(x))]"
         rf" = 2\,\mathrm{{JS}}(P, Q) - {log} 4")
st.latex(rf"= 2 \times {js:.4f} - {log4:.4f} = {fixed(value, 4)}\ \text{{{unit}}}")
ui.predict(SCHEMA["guess"], *gan.value_when_matched(p, unit))

st.header("2 · Why JS, and its catch: far from P the gradient vanishes")
work = live.computed(("gan_saturation", real, sigma), lambda: gan.saturation_work(p, sigma, gan.GENERATOR_MEANS),
                     around=mu)
curve = gan.saturation_curve_of(work, p, sigma, base=base)
live.following("gan_gradient", lambda **q: gan.gradient_view(p, Normal(**q), unit), {"mu": mu, "sigma": sigma},
               SCHEMA, real=real, unit=unit)
ui.chart("saturation", in_progress(figures.saturation_figure(curve, now, unit), work.progress_text),
         pending=not work.complete,
         alt=f"As the generator's mean μ slides from {curve[0].mu:g} to {curve[-1].mu:g} (σ = {sigma:g}), JS(P, Q) "
             f"rises to its ceiling log 2 and flattens while KL(P‖Q) keeps growing to {curve[0].kl:.1f} {unit}; "
             f"below, the gradient d JS / d μ peaks near P and shrinks toward 0 far away. At μ = {mu:g}: "
             f"JS = {format_value(now.js, unit)}, KL = {format_value(now.kl, unit)}, "
             f"gradient = {format_value(now.gradient, unit)} per unit of x.{work.alt_note}")
st.latex(r"\frac{\partial\,\mathrm{JS}}{\partial\mu} = \tfrac12\,\mathbb{E}_Q\!\left[\frac{x-\mu}{\sigma^2}\,"
         rf"{log}\bigl(1 - D^*(x)\bigr)\right] = {now.gradient:.3g}\ \text{{{unit} per unit of }}x")
st.markdown("Drag μ away from P: once the two barely overlap, D* ≈ 0 wherever the fakes are, "
            "log(1 − D*) is flat there, and JS sits at log 2 whatever the generator does, so it learns nothing, "
            "although KL(P‖Q) still says *very far*. This is why practical GANs use the non-saturating loss below.")

st.header("3 · A tiny GAN, trained with numpy")
left, right = st.columns([1, 2], gap="large")
with left:
    loss = ui.select(SCHEMA["loss"], horizontal=True)
    st.caption(f"The generator descends {LOSS_TERMS[loss]}.")
    steps = ui.number(SCHEMA["steps"])
    st.caption("The generator starts from your Q above; the discriminator is logistic regression on x and x². "
               "Use − / + to step, and ▶ on the chart to replay the training.")
config, history = training(real, mu, sigma, loss, int(steps))
start, end = history[0], history[-1]
with left:
    st.markdown(f"**Generator after {end.step} steps:** N({end.mu:.3f}, {end.sigma:.3f}²)")
    ui.divergence_metric("KL(P‖Q) at the start", now.kl, unit)
    ui.divergence_metric("KL(P‖Q) now", kl_divergence(p, end.generator, base=base), unit)
with right:
    ui.chart("training", figures.training_figure(history, config),
             alt=f"A GAN trained for {end.step} steps with the {loss} loss: real data P (blue), the generator Q moved "
                 f"from N({start.mu:g}, {start.sigma:g}²) to N({end.mu:.3f}, {end.sigma:.3f}²) (orange) "
                 f"and the trained "
                 f"discriminator D(x) (dashed); below, the discriminator's and generator's minibatch losses per step.")
