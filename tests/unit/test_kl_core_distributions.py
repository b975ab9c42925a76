"""The distribution contract: declared parameters, complete bases, Categorical, mass points, MVN extras."""

import ast
import dataclasses
import inspect
import math
from pathlib import Path

import numpy as np
import pytest
from scipy import special, stats

import kl_core
from kl_core import (
    DIVERGENCES, Categorical, ContinuousDistribution, DiscreteDistribution, MultivariateDistribution,
    MultivariateNormal, Normal, Poisson,
)
from kl_core.constraints import COVARIANCE, POSITIVE, POSITIVE_VECTOR, PROBABILITIES, REAL, VECTOR

FAMILIES = [kl_core.Normal, kl_core.Laplace, kl_core.StudentT, kl_core.Exponential, kl_core.Gamma, kl_core.Beta,
            kl_core.Uniform, kl_core.Poisson, kl_core.Categorical, kl_core.GaussianMixture,
            kl_core.MultivariateNormal]
KL_CORE = Path(kl_core.__file__).parent


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.__name__)
def test_parameters_are_declared_once_and_round_trip(family):
    assert [f.name for f in dataclasses.fields(family)] == [p.name for p in family.PARAMS]
    assert not inspect.isabstract(family)
    d = family(**{p.name: p.default for p in family.PARAMS})
    assert family(**d.params()) == d
    assert list(d.params()) == [p.name for p in family.PARAMS]


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.__name__)
def test_each_family_has_one_base(family):
    bases = [b for b in (ContinuousDistribution, DiscreteDistribution, MultivariateDistribution) if issubclass(family, b)]
    assert len(bases) == 1
    assert family.discrete == (bases[0] is DiscreteDistribution)


def test_constraints_expose_their_bounds():
    assert (POSITIVE.low, POSITIVE.low_open, POSITIVE.high) == (0.0, True, math.inf)
    assert (REAL.low, REAL.high) == (-math.inf, math.inf)
    assert (PROBABILITIES.low, PROBABILITIES.high, PROBABILITIES.low_open, PROBABILITIES.high_open) == (0.0, 1.0, False, False)
    assert POSITIVE_VECTOR.low == 0.0 and POSITIVE_VECTOR.low_open
    assert POSITIVE.admits(0.1) and not POSITIVE.admits(0.0)
    assert VECTOR.admits([-1e300, 1e300]) and COVARIANCE.high == math.inf


def test_messages_come_from_the_declaration():
    with pytest.raises(ValueError, match=r"^Normal sigma must be > 0, got 0\.$"):
        Normal(0.0, 0.0)
    with pytest.raises(ValueError, match=r"^Gamma rate must be > 0, got -1\.$"):
        kl_core.Gamma(2.0, -1.0)
    with pytest.raises(ValueError, match=r"^Uniform needs low < high, got low=2, high=1\.$"):
        kl_core.Uniform(2.0, 1.0)
    with pytest.raises(ValueError, match=r"Categorical probs must be >= 0 and sum to 1"):
        Categorical([0.2, 0.3])
    with pytest.raises(ValueError, match=r"Categorical probs must be finite"):
        Categorical([0.5, math.nan])


def test_categorical_is_never_renormalised():
    assert Categorical([0.25, 0.75]).probs == (0.25, 0.75)
    with pytest.raises(ValueError, match="normalize"):
        Categorical([1.0, 3.0])
    assert Categorical([0.5, 0.5 + 1e-10]).probs[1] == 0.5 + 1e-10


def test_categorical_matches_scipy():
    probs = [0.1, 0.0, 0.6, 0.3]
    c, ref = Categorical(probs), stats.rv_discrete(values=(np.arange(4), probs))
    k = np.arange(-1, 6)
    np.testing.assert_allclose(c.pmf(k), ref.pmf(k), rtol=1e-15)
    np.testing.assert_allclose(c.cdf(k + 0.5), ref.cdf(k + 0.5), rtol=1e-15)
    assert c.logpmf(1) == -math.inf and c.logpmf(2.5) == -math.inf
    assert c.support == (0.0, 3.0)
    assert c.mean == pytest.approx(ref.mean(), rel=1e-15)
    assert c.variance == pytest.approx(ref.var(), rel=1e-14)
    assert c.entropy() == pytest.approx(ref.entropy(), rel=1e-14)
    assert c.mass_points().tolist() == [0, 2, 3]
    draws = c.sample(20000, seed=1)
    assert set(np.unique(draws)) <= {0, 2, 3} and abs(draws.mean() - c.mean) < 0.05
    np.testing.assert_array_equal(c.sample(5, seed=3), c.sample(5, seed=3))


PROB_PAIRS = [([0.2, 0.5, 0.3], [0.3, 0.3, 0.4]), ([0.5, 0.5, 0.0], [0.2, 0.3, 0.5]),
              ([0.5, 0.5, 0.0], [0.5, 0.0, 0.5]), ([1.0, 0.0], [0.0, 1.0]), ([0.25, 0.75], [0.25, 0.25, 0.5])]


@pytest.mark.parametrize("key", list(DIVERGENCES))
@pytest.mark.parametrize("p, q", PROB_PAIRS)
def test_divergences_between_categoricals_are_the_vector_divergences(key, p, q):
    k = max(len(p), len(q))
    pv, qv = np.pad(p, (0, k - len(p))), np.pad(q, (0, k - len(q)))
    d = DIVERGENCES[key]
    assert d(Categorical(p), Categorical(q)) == d(pv, qv)
    assert d(Categorical(p), Categorical(q), base=2) == d(pv, qv, base=2)


def test_why_kl_is_infinite_for_discrete_families():
    assert kl_core.why_kl_is_infinite(Categorical([0.5, 0.5]), Poisson(2.0)) is None
    assert kl_core.why_kl_is_infinite(Poisson(2.0), Categorical([0.5, 0.5])) is not None
    reason = kl_core.why_kl_is_infinite(Categorical([0.5, 0.5, 0.0]), Categorical([0.5, 0.0, 0.5]))
    assert reason is not None and "outcome 2" in reason
    assert math.isinf(kl_core.kl_divergence(Poisson(2.0), Categorical([0.5, 0.5])))


def poisson_pmf(rate, k):
    return stats.poisson(rate).pmf(k)


@pytest.mark.parametrize("probs, rate", [([0.5, 0.5], 1.0), ([0.1, 0.0, 0.2, 0.7], 3.0), ([0.0, 0.0, 1.0], 40.0)])
def test_categorical_against_poisson_sums_over_both_mass_points(probs, rate):
    k = np.arange(160)  # beyond, Poisson(40) pmfs are subnormal and (p + q)/2 underflows
    p = np.pad(probs, (0, k.size - len(probs)))
    q = poisson_pmf(rate, k)
    expected = {
        "kl": float(np.sum(p[p > 0] * np.log(p[p > 0] / q[p > 0]))),
        "js": 0.5 * float(np.sum(special.rel_entr(p, (p + q) / 2) + special.rel_entr(q, (p + q) / 2))),
        "hellinger": math.sqrt(max(0.0, 1 - float(np.sum(np.sqrt(p * q))))),
        "tv": 0.5 * float(np.sum(np.abs(p - q))),
    }
    for key, value in expected.items():
        got = DIVERGENCES[key](Categorical(probs), Poisson(rate))
        assert got == pytest.approx(value, rel=1e-9, abs=1e-13), key
        assert DIVERGENCES[key](Poisson(rate), Categorical(probs)) >= 0


def test_poisson_mass_points_are_a_window_around_the_rate():
    small = Poisson(2.0).mass_points()
    assert small[0] == 0 and 1 - poisson_pmf(2.0, small).sum() < 1e-15
    huge = Poisson(1e8).mass_points()
    assert huge[0] > 9e7 and huge.size < 40 * 1e4 + 200
    assert 1 - poisson_pmf(1e8, huge).sum() < 1e-12


def test_divergences_between_huge_poissons_stay_cheap():
    """Summed over 4e5 points, not 1e8; ln P(k) ~ 1e9-sized terms cancelling limits the digits to ~1e-7."""
    a, b = 1e8, 1e8 + 2e4
    bc = math.exp(-((math.sqrt(a) - math.sqrt(b)) ** 2) / 2)
    assert kl_core.hellinger_distance(Poisson(a), Poisson(b)) == pytest.approx(math.sqrt(1 - bc), rel=1e-6)


def test_multivariate_normal_extras():
    mean, cov = [1.0, -1.0], [[2.0, 0.3], [0.3, 1.0]]
    mvn = MultivariateNormal(mean, cov)
    x = np.array([[0.0, 0.0], [1.0, -1.0], [3.0, 1.0]])
    np.testing.assert_allclose(mvn.cdf(x), stats.multivariate_normal(mean, cov).cdf(x), rtol=1e-6)
    np.testing.assert_allclose(mvn.chol @ mvn.chol.T, cov, rtol=1e-15)
    box = mvn.plot_range()
    assert len(box) == 2
    for i, (low, high) in enumerate(box):
        assert (low, high) == Normal(mean[i], math.sqrt(cov[i][i])).plot_range()
    assert mvn.marginal(1) == Normal(-1.0, 1.0)
    assert mvn.params() == {"mean": (1.0, -1.0), "cov": ((2.0, 0.3), (0.3, 1.0))}


def test_integrate_divergence_is_public_and_matches_the_closed_form():
    from kl_core.quadrature import integrate_divergence

    p, q = Normal(0.3, 0.8), Normal(0.0, 1.0)
    assert integrate_divergence(DIVERGENCES["kl"], p, q) == pytest.approx(kl_core.kl_divergence(p, q), rel=1e-10)
    assert integrate_divergence(DIVERGENCES["hellinger"], p, q) == pytest.approx(
        kl_core.hellinger_distance(p, q), rel=1e-9)


@pytest.mark.parametrize("mu", [5e-324, 1e-310, -2e-308])
def test_quadrature_of_means_a_subnormal_apart_is_the_closed_forms_zero(mu):
    # The densities cross at mu / 2: a piece [0, mu/2] narrower than any normal float, which
    # tanh-sinh cannot place nodes in (it gave nan), is merged into its neighbour.
    from kl_core.quadrature import integrate_divergence

    p, q = Normal(mu, 1.0), Normal(0.0, 1.0)
    assert integrate_divergence(DIVERGENCES["kl"], p, q) == pytest.approx(kl_core.kl_divergence(p, q), abs=1e-15)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_distributions_and_quadrature_do_not_import_each_other():
    assert "kl_core.distributions" not in imported_modules(KL_CORE / "quadrature.py")


def test_the_engine_imports_neither_streamlit_nor_plotly():
    for path in KL_CORE.glob("*.py"):
        assert not any(m.split(".")[0] in {"streamlit", "plotly"} for m in imported_modules(path)), path.name
