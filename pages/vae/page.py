"""VAE: the KL term of a variational autoencoder, its closed form, and what beta does to the codes."""

import streamlit as st

from kl_app import live, ui
from pages.vae import figures
from pages.vae import model as vae
from pages.vae.links import SCHEMA

ui.page_setup(
    "KL in a VAE: the price of a code",
    "A VAE's encoder turns each data point x into a Gaussian q(z|x) = N(μ, σ²) over a latent space. "
    "Its loss is reconstruction error + β·KL(q‖p), where p = N(0, I) is the prior: every nat the code "
    "strays from the prior costs β.",
    SCHEMA,
)

@st.cache_data(show_spinner="Fitting the linear VAE for every β…")
def beta_sweep() -> tuple[vae.BetaFit, ...]:
    return vae.beta_sweep(vae.make_dataset(), vae.SWEEP_BETAS)


@st.cache_data(max_entries=256)
def fit_at(beta: float) -> vae.BetaFit:
    return vae.fit_summary(vae.make_dataset(), beta)


st.header("1 · The KL term, one latent dimension at a time")
controls, view = st.columns([1, 2], gap="large")
with controls:
    unit = ui.unit_choice()
    dims_text = ui.select(SCHEMA["dims"], horizontal=True)
    dims = int(dims_text)
    means, sds = [], []
    for j in range(dims):
        left, right = st.columns(2)
        with left:
            means.append(ui.slider(SCHEMA[f"mu{j + 1}"]))
        with right:
            sds.append(ui.slider(SCHEMA[f"sigma{j + 1}"]))
kl = vae.latent_kl(means, sds, base=ui.base_of(unit))
with view:
    live.following("vae_live", lambda z=None, **code: figures.kl_term_view(unit, z, **code),
                   figures.code_of(means, sds), SCHEMA, grid=figures.code_grid, unit=unit)

st.latex(r"\mathrm{KL}(q\,\|\,p) = \sum_j \tfrac12\left(\sigma_j^2 + \mu_j^2 - 1 - \ln\sigma_j^2\right)"
         + (r"\Big/\ln 2" if unit == "bits" else "") + " = "
         + " + ".join(f"{v:.4f}" for v in kl.per_dimension) + rf" = {kl.total:.4f}\ \text{{{unit}}}")

ui.predict(SCHEMA["guess"], *vae.shifted_or_squeezed(unit))

st.header("2 · Where ½(σ² + μ² − 1 − ln σ²) comes from")
derived = ui.select(SCHEMA.variant("derive", {"dims": dims_text}), horizontal=True)
j = int(derived[1:]) - 1
d = vae.derive_kl_term(means[j], sds[j])
m, s = d.mu, d.sigma
st.latex(r"\mathrm{KL}(q\,\|\,p) = \mathbb{E}_q[\ln q(z)] - \mathbb{E}_q[\ln p(z)]"
         rf"\qquad q = \mathcal{{N}}({m:g}, {s:g}^2),\ p = \mathcal{{N}}(0, 1)")
st.latex(r"\mathbb{E}_q[\ln q(z)] = "
         r"\mathbb{E}_q\!\left[-\tfrac12\ln(2\pi\sigma^2) - \tfrac{(z-\mu)^2}{2\sigma^2}\right]"
         rf" = -\tfrac12\ln(2\pi\sigma^2) - \tfrac12 = {d.expected_log_q:.6f}")
st.latex(r"\mathbb{E}_q[\ln p(z)] = \mathbb{E}_q\!\left[-\tfrac12\ln(2\pi) - \tfrac{z^2}{2}\right]"
         r" = -\tfrac12\ln(2\pi) - \tfrac{\sigma^2 + \mu^2}{2}"
         rf" = {d.expected_log_prior:.6f}\qquad(\mathbb{{E}}_q[z^2] = \sigma^2 + \mu^2)")
st.latex(r"\mathrm{KL} = \tfrac12\left(\sigma^2 + \mu^2 - 1 - \ln\sigma^2\right)"
         rf" = \tfrac12\left({s:g}^2 + {m:g}^2 - 1 - \ln {s:g}^2\right) = {d.closed_form:.9f}\ \text{{nats}}")
check_formula, check_quad = st.columns(2)
with check_formula:
    ui.divergence_metric("Closed form", d.closed_form, "nats")
with check_quad:
    ui.divergence_metric("kl_core's numerical integral", d.numerical, "nats",
                         help="Adaptive tanh-sinh quadrature of ∫ q(z) ln(q(z)/p(z)) dz, computed live.")
st.caption(f"They differ by {abs(d.closed_form - d.numerical):.1e} nats: the algebra is right.")

st.header("3 · What the KL term does: β pulls the codes onto the prior")
beta = ui.slider(SCHEMA["beta"])
sweep, fit = beta_sweep(), fit_at(beta)
collapse = vae.collapse_betas(vae.make_dataset())
collapsed = [f"z{j + 1}" for j, v in enumerate(fit.kl.per_dimension) if v == 0.0]
live.following("vae_beta", lambda beta: figures.beta_view(fit_at(beta)), {"beta": beta}, SCHEMA)
latent, tradeoff = st.columns(2, gap="large")
with latent:
    ui.chart("latent_space", figures.latent_space_figure(fit, sweep),
             alt=f"The 2-D latent space at β = {beta:g}: the prior's 1- and 2-sd circles (blue) and "
                 f"{len(fit.example_means)} encoded points as orange 1-sd ellipses with σ = "
                 f"({fit.sds[0]:.3f}, {fit.sds[1]:.3f}); grey paths show each code sliding to 0 as β grows."
                 + (f" Collapsed onto the prior: {', '.join(collapsed)}." if collapsed else ""))
with tradeoff:
    ui.chart("tradeoff", figures.tradeoff_figure(sweep, fit),
             alt=f"Reconstruction error against mean KL for β from 0.1 to 100: the error rises from "
                 f"{sweep[0].reconstruction_error:.3f} to {sweep[-1].reconstruction_error:.3f} as the KL falls from "
                 f"{sweep[0].kl.total:.3f} nats to 0. At β = {beta:g}: error {fit.reconstruction_error:.4f}, "
                 f"KL {fit.kl.total:.4f} nats.")
st.latex(rf"\text{{loss}} = \frac{{\text{{error}}}}{{2\sigma_x^2}} + \beta\,\mathrm{{KL}} = "
         rf"\frac{{{fit.reconstruction_error:.4f}}}{{2\cdot{vae.NOISE_VARIANCE:g}}} + {beta:g}\times{fit.kl.total:.4f}"
         rf" = {fit.loss:.4f}\ \text{{nats}}")
st.markdown(
    "The model is a **linear VAE** on 200 seeded points in 4-D that really come from a 2-D code: "
    "its best encoder and decoder for each β are known exactly (probabilistic PCA with noise β·σₓ²). "
    "As β grows every code's mean shrinks toward 0 and its σ grows toward 1: the codes become the prior, "
    "the KL falls and the reconstruction gets worse. "
    + (f"At this β, **{', '.join(collapsed)}** carries no information at all (its KL is 0): "
       "*posterior collapse*." if collapsed else
       f"Past β ≈ {collapse[1]:.1f} the weaker direction z₂ collapses onto the prior (*posterior collapse*); "
       f"past β ≈ {collapse[0]:.1f} both do.")
)
