"""The VAE page's figures: the right traces, P's and Q's colours, and kl_core's numbers in them."""

import numpy as np
import pytest

from pages.vae.figures import kl_term_figure, latent_space_figure, tradeoff_figure
from kl_app.theme import P_COLOR, Q_COLOR
from kl_core import Normal
from pages.vae.model import SWEEP_BETAS, beta_sweep, fit_summary, latent_kl, make_dataset

DATA = make_dataset()
SWEEP = beta_sweep(DATA, SWEEP_BETAS)


def by_name(fig, name):
    return [t for t in fig.data if t.name == name]


@pytest.mark.parametrize("dims", [1, 2, 4])
def test_kl_term_panels_draw_q_over_the_prior_with_kl_cores_terms(dims):
    means, sds = [1.0, -0.5, 0.0, 2.0][:dims], [0.5, 1.2, 1.0, 0.3][:dims]
    kl = latent_kl(means, sds, base=2)
    fig = kl_term_figure(means, sds, kl, "bits")
    priors, encoders = by_name(fig, "prior p(z) = N(0, 1)"), by_name(fig, "encoder q(z|x) = N(μ, σ²)")
    assert len(priors) == len(encoders) == dims
    assert {t.line.color for t in priors} == {P_COLOR} and {t.line.color for t in encoders} == {Q_COLOR}
    for trace, m, s in zip(encoders, means, sds):
        assert np.allclose(trace.y, Normal(m, s).pdf(np.asarray(trace.x)))
    titles = [a.text for a in fig.layout.annotations]
    assert titles == [f"z{'₁₂₃₄'[j]}<br>KL = {v:.4f}<br>bits" for j, v in enumerate(kl.per_dimension)]


def test_latent_space_shows_each_example_code_and_its_one_sd_ellipse():
    fit = fit_summary(DATA, 5.0)
    fig = latent_space_figure(fit, SWEEP)
    means = by_name(fig, "code mean μ(x)")[0]
    assert np.allclose(np.column_stack([means.x, means.y]), fit.example_means)
    ellipses = by_name(fig, "q(z|x): 1 sd")
    assert len(ellipses) == len(DATA.examples) and {t.line.color for t in ellipses} == {Q_COLOR}
    for trace, (m1, m2) in zip(ellipses, fit.example_means):
        x, y = np.asarray(trace.x), np.asarray(trace.y)
        assert np.allclose(((x - m1) / fit.sds[0]) ** 2 + ((y - m2) / fit.sds[1]) ** 2, 1.0)
    assert {t.line.color for t in by_name(fig, "prior N(0, I): 1 sd")} == {P_COLOR}
    assert len(by_name(fig, "path of a code as β grows")) == len(DATA.examples)
    assert fig.layout.title.text == "Latent space at β = 5"


def test_tradeoff_curve_is_the_sweep_with_the_current_beta_marked():
    fit = fit_summary(DATA, 3.0)
    fig = tradeoff_figure(SWEEP, fit)
    curve = by_name(fig, "optimum for each β")[0]
    assert np.allclose(curve.x, [f.kl.total for f in SWEEP])
    assert np.allclose(curve.y, [f.reconstruction_error for f in SWEEP])
    marker = by_name(fig, "β = 3")[0]
    assert (marker.x[0], marker.y[0]) == (fit.kl.total, fit.reconstruction_error)
    assert marker.marker.color == Q_COLOR
    labels = [t for t in fig.data if t.text is not None][0].text
    assert list(labels) == ["β=0.1", "β=1", "β=10", "β=100"]
