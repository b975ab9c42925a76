"""The VAE's KL term and the closed-form linear VAE across beta."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kl_core import MultivariateNormal, Normal, kl_divergence
from pages.vae.model import (
    LATENT_DIM,
    LinearVAE,
    beta_sweep,
    derive_kl_term,
    fit_linear_vae,
    fit_summary,
    latent_kl,
    make_dataset,
)

DATA = make_dataset()
means_1d = st.floats(-4, 4)
sds_1d = st.floats(0.05, 3)
encoder_outputs = st.integers(1, 4).flatmap(
    lambda k: st.tuples(st.lists(means_1d, min_size=k, max_size=k), st.lists(sds_1d, min_size=k, max_size=k))
)


def covariance_eigenvalues(x):
    centred = x - x.mean(axis=0)
    return np.sort(np.linalg.eigvalsh(centred.T @ centred / len(x)))[::-1]


# The KL term of one encoder output.

@settings(deadline=None)  # kl_core's first calls are slow on a loaded machine
@given(encoder_outputs)
def test_per_dimension_terms_are_the_closed_form_and_add_up_to_the_multivariate_kl(output):
    means, sds = output
    kl = latent_kl(means, sds)
    for term, m, s in zip(kl.per_dimension, means, sds):
        assert term == pytest.approx(0.5 * (s * s + m * m - 1 - math.log(s * s)), rel=1e-9, abs=1e-12)
        assert term == kl_divergence(Normal(m, s), Normal(0, 1))
    prior = MultivariateNormal(np.zeros(len(means)), np.eye(len(means)))
    assert kl.total == kl_divergence(MultivariateNormal(means, np.diag(np.square(sds))), prior)
    assert kl.total == pytest.approx(sum(kl.per_dimension), rel=1e-9, abs=1e-12)


def test_kl_term_in_bits_and_at_the_prior():
    assert latent_kl([0.0, 0.0], [1.0, 1.0]).total == 0.0
    assert latent_kl([1.0], [1.0], base=2).total == pytest.approx(0.5 / math.log(2), rel=1e-12)


@pytest.mark.parametrize(("means", "sds", "says"), [
    ([0.0, 1.0], [1.0], "same length"),
    ([0.0], [0.0], "sd must be > 0"),
    ([math.nan], [1.0], "finite"),
])
def test_bad_encoder_output_says_what_is_wrong(means, sds, says):
    with pytest.raises(ValueError, match=says):
        latent_kl(means, sds)


@settings(deadline=None)
@given(means_1d, sds_1d)
def test_derivation_steps_add_up_and_match_kl_core_quadrature(mu, sigma):
    d = derive_kl_term(mu, sigma)
    assert d.expected_log_q - d.expected_log_prior == pytest.approx(d.closed_form, rel=1e-9, abs=1e-12)
    assert d.numerical == pytest.approx(d.closed_form, rel=1e-9, abs=1e-12)
    assert d.expected_log_q == pytest.approx(-Normal(mu, sigma).entropy(), rel=1e-12)


# The data set.

def test_dataset_is_seeded_and_has_two_strong_latent_directions():
    again = make_dataset(seed=0)
    assert np.array_equal(again.x, DATA.x) and again.examples == DATA.examples
    assert not np.array_equal(make_dataset(seed=1).x, DATA.x)
    lam = covariance_eigenvalues(DATA.x)
    assert lam[1] > 5 * DATA.noise_var and lam[2] < 2 * DATA.noise_var
    assert len(set(DATA.examples)) == len(DATA.examples) == 6


# The linear VAE is optimal, and its averages have the rate-distortion closed form.

def perturbed(model: LinearVAE, scale: float, rng) -> LinearVAE:
    return LinearVAE(
        beta=model.beta,
        noise_var=model.noise_var,
        centre=model.centre,
        decoder=model.decoder + scale * rng.standard_normal(model.decoder.shape),
        encoder=model.encoder + scale * rng.standard_normal(model.encoder.shape),
        sds=model.sds * np.exp(scale * rng.standard_normal(model.sds.shape)),
    )


@pytest.mark.parametrize("beta", [0.3, 1.0, 5.0, 20.0])
def test_closed_form_beats_every_nearby_model(beta):
    model = fit_linear_vae(DATA, beta)
    best = model.loss(DATA.x)
    rng = np.random.default_rng(0)
    for scale in (1e-3, 1e-2, 1e-1):
        for _ in range(20):
            assert perturbed(model, scale, rng).loss(DATA.x) > best


@pytest.mark.parametrize("beta", [0.1, 1.0, 8.0, 30.0, 100.0])
def test_averages_are_reverse_water_filling(beta):
    lam = covariance_eigenvalues(DATA.x)
    tau = beta * DATA.noise_var
    fit = fit_summary(DATA, beta)
    expected_error = np.minimum(lam[:LATENT_DIM], tau).sum() + lam[LATENT_DIM:].sum()
    assert fit.reconstruction_error == pytest.approx(expected_error, rel=1e-9)
    assert fit.kl.per_dimension == pytest.approx(0.5 * np.log(np.maximum(lam[:LATENT_DIM] / tau, 1)), abs=1e-9)


def test_mean_kl_equals_the_average_of_each_points_kl():
    model = fit_linear_vae(DATA, 3.0)
    each = [latent_kl(m, model.sds).total for m in model.encode(DATA.x)]
    assert model.kl(DATA.x).total == pytest.approx(np.mean(each), rel=1e-12)


def test_example_points_carry_kl_cores_multivariate_kl():
    fit = fit_summary(DATA, 1.0)
    prior = MultivariateNormal.diagonal(np.zeros(LATENT_DIM), np.ones(LATENT_DIM))
    for m in fit.example_means:
        assert latent_kl(m, fit.sds).total == kl_divergence(MultivariateNormal.diagonal(m, fit.sds), prior)


# Raising beta pulls the encodings onto the prior.

def test_larger_beta_trades_kl_for_reconstruction_error():
    sweep = beta_sweep(DATA, np.geomspace(0.1, 100, 31))
    errors = np.array([f.reconstruction_error for f in sweep])
    kls = np.array([f.kl.total for f in sweep])
    radii = np.array([np.linalg.norm(f.example_means, axis=1) for f in sweep])
    sds = np.array([f.sds for f in sweep])
    assert (np.diff(errors) >= 0).all() and (np.diff(kls) <= 0).all()
    assert (np.diff(radii, axis=0) <= 1e-12).all() and (np.diff(sds, axis=0) >= 0).all()
    assert sweep[0].kl.total > 4 and sweep[-1].kl.total == 0.0
    assert np.array_equal(sweep[-1].sds, np.ones(LATENT_DIM)) and not sweep[-1].example_means.any()


def test_the_weaker_latent_dimension_collapses_first():
    lam = covariance_eigenvalues(DATA.x)
    between = fit_summary(DATA, (lam[1] + lam[0]) / 2 / DATA.noise_var)
    assert between.kl.per_dimension[1] == 0.0 < between.kl.per_dimension[0]
    assert between.sds[1] == 1.0 > between.sds[0]


def test_beta_must_be_positive():
    with pytest.raises(ValueError, match="beta must be > 0"):
        fit_linear_vae(DATA, 0.0)
