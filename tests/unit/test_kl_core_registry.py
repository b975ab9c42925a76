"""Each divergence's declared properties hold numerically, and closed forms are chosen as declared.

Random vectors are Dirichlet draws (seeded); random distribution pairs mix families with and
without closed forms, so both paths are checked. Slack: 1e-12 absolute + 1e-9 relative.
"""

import dataclasses
import math

import numpy as np
import pytest

import kl_core
from kl_core import DIVERGENCES, Distribution, GaussianMixture, Laplace, Normal, StudentT, Uniform

RNG_SEED = 20261201
SLACK_ABS, SLACK_REL = 1e-12, 1e-9


def slack(*values):
    return SLACK_ABS + SLACK_REL * max(abs(v) for v in values if math.isfinite(v))


def random_vectors(n, k=6, seed=RNG_SEED):
    rng = np.random.default_rng(seed)
    vs = rng.dirichlet(np.full(k, 0.7), size=n)
    vs[:, 0] = 0.0  # exact zeros in some bins keep the infinite and disjoint cases in play
    return [v / v.sum() for v in vs]


def random_distribution(rng):
    family = rng.integers(4)
    mu, scale = rng.uniform(-2, 2), rng.uniform(0.5, 2)
    if family == 0:
        return Normal(mu, scale)
    if family == 1:
        return Laplace(mu, scale)
    if family == 2:
        return StudentT(rng.uniform(3, 8), mu, scale)
    w = rng.uniform(0.2, 0.8)
    return GaussianMixture([w, 1 - w], [mu - 1, mu + 1], [scale, scale])


def random_distribution_pairs(n, seed=RNG_SEED):
    rng = np.random.default_rng(seed)
    return [(random_distribution(rng), random_distribution(rng)) for _ in range(n)]


VECTOR_PAIRS = list(zip(random_vectors(20), random_vectors(20, seed=RNG_SEED + 1)))
DISTRIBUTION_PAIRS = random_distribution_pairs(5)
ALL = list(DIVERGENCES.values())
SYMMETRIC = [d for d in ALL if d.symmetric]
METRICS = [d for d in ALL if d.metric]
NON_METRICS = [d for d in ALL if not d.metric]
by_key = pytest.mark.parametrize("d", ALL, ids=lambda d: d.key)


def test_the_registry_in_display_order_with_its_declarations():
    assert list(DIVERGENCES) == ["kl", "js", "hellinger", "tv"]
    assert [d.symbol for d in ALL] == ["KL", "JS", "Hellinger", "TV"]
    assert [d.name for d in ALL] == ["Kullback-Leibler divergence", "Jensen-Shannon divergence",
                                     "Hellinger distance", "Total variation distance"]
    assert [d.key for d in ALL] == list(DIVERGENCES)
    assert [d.symmetric for d in ALL] == [False, True, True, True]
    assert [d.metric for d in ALL] == [False, False, True, True]
    assert [d.in_units for d in ALL] == [True, True, False, False]
    assert [d.upper() for d in ALL] == [math.inf, math.log(2), 1.0, 1.0]
    assert [d.upper(base=2) for d in ALL] == [math.inf, 1.0, 1.0, 1.0]
    assert kl_core.Divergence is type(DIVERGENCES["kl"])


@pytest.mark.parametrize("verb, key", [(kl_core.kl_divergence, "kl"), (kl_core.js_divergence, "js"),
                                       (kl_core.hellinger_distance, "hellinger"), (kl_core.total_variation, "tv")])
def test_the_public_verbs_are_the_registry(verb, key):
    for p, q in VECTOR_PAIRS[:5] + DISTRIBUTION_PAIRS[:2]:
        assert verb(p, q) == DIVERGENCES[key](p, q)


@pytest.mark.parametrize("terms, key", [(kl_core.kl_terms, "kl"), (kl_core.js_terms, "js"),
                                        (kl_core.hellinger_terms, "hellinger"), (kl_core.tv_terms, "tv")])
def test_the_public_terms_are_the_registry(terms, key):
    p, q = VECTOR_PAIRS[0]
    np.testing.assert_array_equal(terms(p, q), DIVERGENCES[key].terms(p, q))
    x = np.linspace(-4, 4, 9)
    np.testing.assert_array_equal(terms(Normal(0, 1), Laplace(1, 2), x),
                                  DIVERGENCES[key].terms(Normal(0, 1), Laplace(1, 2), x))


@pytest.mark.parametrize("d", SYMMETRIC, ids=lambda d: d.key)
def test_symmetric_ones_are_symmetric(d):
    for p, q in VECTOR_PAIRS + DISTRIBUTION_PAIRS:
        a, b = d(p, q), d(q, p)
        assert a == b or abs(a - b) <= slack(a, b) + 1e-10 * isinstance(p, Distribution)


def test_kl_is_not_symmetric():
    p, q = Normal(0, 1), Normal(1, 2)
    assert abs(DIVERGENCES["kl"](p, q) - DIVERGENCES["kl"](q, p)) > 0.1
    assert any(abs(DIVERGENCES["kl"](p, q) - DIVERGENCES["kl"](q, p)) > 0.1 for p, q in VECTOR_PAIRS
               if math.isfinite(DIVERGENCES["kl"](p, q) + DIVERGENCES["kl"](q, p)))


@pytest.mark.parametrize("d", METRICS, ids=lambda d: d.key)
def test_metrics_satisfy_the_triangle_inequality(d):
    vs = random_vectors(30, seed=RNG_SEED + 2)
    for p, q, r in zip(vs, vs[1:], vs[2:]):
        assert d(p, r) <= d(p, q) + d(q, r) + slack(d(p, r))
    dists = [a for pair in DISTRIBUTION_PAIRS[:3] for a in pair]
    for p, q, r in zip(dists, dists[1:], dists[2:]):
        assert d(p, r) <= d(p, q) + d(q, r) + 1e-9


@pytest.mark.parametrize("d", NON_METRICS, ids=lambda d: d.key)
def test_non_metrics_break_the_triangle_inequality(d):
    p, q, r = Normal(0.0, 1.0), Normal(0.5, 1.0), Normal(1.0, 1.0)
    assert d(p, r) > d(p, q) + d(q, r) + 1e-6


@by_key
@pytest.mark.parametrize("base", [math.e, 2.0, 10.0])
def test_values_lie_in_the_declared_range(d, base):
    for p, q in VECTOR_PAIRS + DISTRIBUTION_PAIRS[:3]:
        assert 0.0 <= d(p, q, base=base) <= d.upper(base)


@by_key
@pytest.mark.parametrize("base", [math.e, 2.0])
def test_disjoint_supports_give_the_declared_value(d, base):
    expected = d.disjoint(base)
    assert d(Uniform(0, 1), Uniform(2, 3), base=base) == pytest.approx(expected, rel=1e-12)
    assert d([0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.25, 0.75], base=base) == pytest.approx(expected, rel=1e-12)


@by_key
def test_units_follow_the_declaration(d):
    for p, q in VECTOR_PAIRS[:5] + DISTRIBUTION_PAIRS[:2]:
        nats, bits = d(p, q), d(p, q, base=2)
        if d.in_units:
            assert bits == pytest.approx(nats / math.log(2), rel=1e-14, abs=0)
        else:
            assert bits == nats


def test_has_closed_form():
    kl, js, hellinger, tv = ALL
    assert kl.has_closed_form(Normal(0, 1), Normal(1, 2))
    assert not kl.has_closed_form(Normal(0, 1), Laplace(1, 2))
    assert hellinger.has_closed_form(Normal(0, 1), Normal(1, 2))
    assert tv.has_closed_form(Normal(0, 1), Normal(1, 2))
    assert not js.has_closed_form(Normal(0, 1), Normal(1, 2))
    assert all(d.has_closed_form([0.5, 0.5], [0.2, 0.8]) for d in ALL)
    assert all(d.has_closed_form(kl_core.Categorical([0.5, 0.5]), kl_core.Categorical([0.2, 0.8])) for d in ALL)


class NarrowNormal(Normal):
    """A subclass, to check which registered pair wins."""


def fresh_kl():
    """A copy of KL's declaration with no closed forms but the Categorical one."""
    return dataclasses.replace(DIVERGENCES["kl"])


def test_the_most_specific_closed_form_wins():
    d = fresh_kl()
    d.register(Distribution, Distribution)(lambda p, q: 1.0)
    d.register(Normal, Normal)(lambda p, q: 2.0)
    assert d(Normal(0, 1), Normal(1, 1)) == 2.0
    assert d(NarrowNormal(0, 1), Normal(1, 1)) == 2.0
    assert d(Normal(0, 1), Laplace(1, 1)) == 1.0
    d.register(NarrowNormal, Normal)(lambda p, q: 3.0)
    assert d(NarrowNormal(0, 1), Normal(1, 1)) == 3.0
    assert d(NarrowNormal(0, 1), NarrowNormal(1, 1)) == 3.0
    assert d(Normal(0, 1), NarrowNormal(1, 1)) == 2.0


def test_two_equally_specific_closed_forms_are_an_error():
    d = fresh_kl()
    d.register(Normal, Distribution)(lambda p, q: 1.0)
    d.register(Distribution, Normal)(lambda p, q: 2.0)
    assert d(Normal(0, 1), Laplace(1, 1)) == 1.0
    with pytest.raises(TypeError, match="(?i)ambiguous"):
        d(Normal(0, 1), Normal(1, 1))
    d.register(Normal, Normal)(lambda p, q: 3.0)
    assert d(Normal(0, 1), Normal(1, 1)) == 3.0


def test_registering_on_a_copy_leaves_the_registry_alone():
    fresh_kl().register(Normal, Normal)(lambda p, q: 99.0)
    assert DIVERGENCES["kl"](Normal(0, 1), Normal(0, 2)) < 1.0
