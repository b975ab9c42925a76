"""Every bad input raises ValueError with a message that names the problem (checked with match=)."""

import math

import numpy as np
import pytest

from kl_core import (
    Beta,
    Exponential,
    Gamma,
    GaussianMixture,
    Laplace,
    MultivariateNormal,
    Normal,
    Poisson,
    StudentT,
    Uniform,
    cross_entropy,
    entropy,
    hellinger_distance,
    js_divergence,
    kl_divergence,
    total_variation,
)

PAIR_FUNCTIONS = [kl_divergence, js_divergence, hellinger_distance, total_variation, cross_entropy]
BASED_FUNCTIONS = [kl_divergence, js_divergence, cross_entropy]
GOOD = [0.25, 0.75]

BAD_VECTORS = [
    pytest.param([0.5, 0.7, -0.2], r"(?i)negative|>= ?0", id="negative"),
    pytest.param([0.5, math.nan, 0.5], r"NaN", id="nan"),
    pytest.param([0.5, math.inf], r"(?i)infinit", id="inf"),
    pytest.param([], r"(?i)empty", id="empty"),
    pytest.param([0.0, 0.0], r"(?i)zero", id="all-zeros"),
    pytest.param([0.2, 0.3], r"normalize", id="sums-to-half"),
    pytest.param([3, 1], r"normalize", id="counts"),
    pytest.param([0.5, 0.5 + 1e-6], r"normalize", id="sums-to-1+1e-6"),
    pytest.param(["a", "b"], r"(?i)number|numeric", id="strings"),
    pytest.param([[0.5, 0.5], [0.5, 0.5]], r"(?i)one-dimensional|1-d|vector", id="2-d"),
    pytest.param(np.full((1, 2), 0.5), r"(?i)one-dimensional|1-d|vector", id="2-d-row"),
]


@pytest.mark.parametrize("function", PAIR_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad, fragment", BAD_VECTORS)
def test_bad_p_vector(function, bad, fragment):
    with pytest.raises(ValueError, match=fragment):
        function(bad, [1.0] + [0.0] * (max(len(bad), 1) - 1))


@pytest.mark.parametrize("function", PAIR_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad, fragment", BAD_VECTORS)
def test_bad_q_vector(function, bad, fragment):
    with pytest.raises(ValueError, match=fragment):
        function([1.0] + [0.0] * (max(len(bad), 1) - 1), bad)


@pytest.mark.parametrize("bad, fragment", BAD_VECTORS)
def test_bad_entropy_vector(bad, fragment):
    with pytest.raises(ValueError, match=fragment):
        entropy(bad)


@pytest.mark.parametrize("function", PAIR_FUNCTIONS, ids=lambda f: f.__name__)
def test_mismatched_lengths(function):
    with pytest.raises(ValueError, match=r"(?i)length|shape"):
        function([0.5, 0.5], [0.2, 0.3, 0.5])


@pytest.mark.parametrize("function", BASED_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("base", [0.0, -2.0, 1.0, math.nan, math.inf, "2"])
def test_bad_base(function, base):
    with pytest.raises(ValueError, match=r"base"):
        function(GOOD, GOOD, base=base)


@pytest.mark.parametrize("base", [0.0, -2.0, 1.0])
def test_bad_base_for_entropy(base):
    with pytest.raises(ValueError, match=r"base"):
        entropy(GOOD, base=base)


@pytest.mark.parametrize("smoothing", [-1e-3, -1.0, math.nan])
def test_bad_smoothing(smoothing):
    with pytest.raises(ValueError, match=r"smoothing"):
        kl_divergence(GOOD, GOOD, smoothing=smoothing)


POSITIVE = r"(> ?0|positive)"
BAD_PARAMETERS = [
    pytest.param(Normal, (0.0, 0.0), rf"(?s)sigma.*{POSITIVE}", id="normal-sigma-0"),
    pytest.param(Normal, (0.0, -1.0), rf"(?s)sigma.*{POSITIVE}", id="normal-sigma-negative"),
    pytest.param(Normal, (math.nan, 1.0), r"(?i)mu.*finite|finite.*mu", id="normal-mu-nan"),
    pytest.param(Normal, (0.0, math.inf), r"(?i)sigma", id="normal-sigma-inf"),
    pytest.param(Normal, ("zero", 1.0), r"(?i)mu", id="normal-mu-string"),
    pytest.param(Laplace, (0.0, 0.0), rf"(?s)\bb\b.*{POSITIVE}", id="laplace-b-0"),
    pytest.param(StudentT, (0.0, 0.0, 1.0), rf"(?s)df.*{POSITIVE}", id="studentt-df-0"),
    pytest.param(StudentT, (-3.0, 0.0, 1.0), rf"(?s)df.*{POSITIVE}", id="studentt-df-negative"),
    pytest.param(StudentT, (3.0, 0.0, -1.0), rf"(?s)sigma.*{POSITIVE}", id="studentt-sigma-negative"),
    pytest.param(Exponential, (0.0,), rf"(?s)rate.*{POSITIVE}", id="exponential-rate-0"),
    pytest.param(Exponential, (-2.0,), rf"(?s)rate.*{POSITIVE}", id="exponential-rate-negative"),
    pytest.param(Gamma, (0.0, 1.0), rf"(?s)shape.*{POSITIVE}", id="gamma-shape-0"),
    pytest.param(Gamma, (2.0, -1.0), rf"(?s)rate.*{POSITIVE}", id="gamma-rate-negative"),
    pytest.param(Beta, (0.0, 1.0), rf"(?s)\ba\b.*{POSITIVE}", id="beta-a-0"),
    pytest.param(Beta, (-1.0, 1.0), rf"(?s)\ba\b.*{POSITIVE}", id="beta-a-negative"),
    pytest.param(Beta, (1.0, 0.0), rf"(?s)\bb\b.*{POSITIVE}", id="beta-b-0"),
    pytest.param(Uniform, (1.0, 1.0), r"low < high", id="uniform-empty"),
    pytest.param(Uniform, (2.0, 1.0), r"low < high", id="uniform-reversed"),
    pytest.param(Uniform, (0.0, math.inf), r"(?i)finite|high", id="uniform-unbounded"),
    pytest.param(Poisson, (0.0,), rf"(?s)rate.*{POSITIVE}", id="poisson-rate-0"),
    pytest.param(Poisson, (-1.0,), rf"(?s)rate.*{POSITIVE}", id="poisson-rate-negative"),
    pytest.param(GaussianMixture, ([0.5, 0.6], [0.0, 1.0], [1.0, 1.0]), r"sum to 1", id="mixture-weights-sum"),
    pytest.param(GaussianMixture, ([1.2, -0.2], [0.0, 1.0], [1.0, 1.0]), r">= ?0", id="mixture-negative-weight"),
    pytest.param(GaussianMixture, ([0.5, 0.5], [0.0, 1.0, 2.0], [1.0, 1.0]), r"(?i)per component|length", id="mixture-lengths"),
    pytest.param(GaussianMixture, ([0.5, 0.5], [0.0, 1.0], [1.0, 0.0]), rf"(?s)sigma.*{POSITIVE}", id="mixture-sigma-0"),
    pytest.param(GaussianMixture, ([], [], []), r"(?i)empty|at least", id="mixture-empty"),
    pytest.param(MultivariateNormal, ([0.0, 0.0], [[1.0, 0.5], [0.0, 1.0]]), r"symmetric", id="mvn-not-symmetric"),
    pytest.param(MultivariateNormal, ([0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]]), r"positive definite", id="mvn-indefinite"),
    pytest.param(MultivariateNormal, ([0.0, 0.0], [[1.0, 1.0], [1.0, 1.0]]), r"positive definite", id="mvn-singular"),
    pytest.param(MultivariateNormal, ([0.0, 0.0], [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]), r"(?i)match|shape", id="mvn-shape"),
    pytest.param(MultivariateNormal, ([0.0, 0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]]), r"(?i)match|shape", id="mvn-mean-length"),
    pytest.param(MultivariateNormal, ([0.0, 0.0], [[1.0, math.nan], [math.nan, 1.0]]), r"NaN|finite", id="mvn-nan"),
]


@pytest.mark.parametrize("family, args, fragment", BAD_PARAMETERS)
def test_bad_parameters(family, args, fragment):
    with pytest.raises(ValueError, match=fragment):
        family(*args)


@pytest.mark.parametrize("function", PAIR_FUNCTIONS, ids=lambda f: f.__name__)
def test_vector_mixed_with_a_distribution(function):
    with pytest.raises(ValueError, match=r"(?i)vector|distribution"):
        function(GOOD, Normal(0.0, 1.0))
    with pytest.raises(ValueError, match=r"(?i)vector|distribution"):
        function(Normal(0.0, 1.0), GOOD)


@pytest.mark.parametrize("function", PAIR_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("continuous", [Normal(2.0, 1.0), Exponential(0.5), Gamma(2.0, 1.0)], ids=lambda d: type(d).__name__)
def test_poisson_against_a_continuous_family(function, continuous):
    with pytest.raises(ValueError, match=r"(?i)discrete|continuous|poisson"):
        function(Poisson(2.0), continuous)
    with pytest.raises(ValueError, match=r"(?i)discrete|continuous|poisson"):
        function(continuous, Poisson(2.0))


@pytest.mark.parametrize("function", PAIR_FUNCTIONS, ids=lambda f: f.__name__)
def test_multivariate_against_a_univariate_or_other_dimension(function):
    mvn = MultivariateNormal([0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match=r"(?i)dimension|multivariate"):
        function(mvn, Normal(0.0, 1.0))
    with pytest.raises(ValueError, match=r"(?i)dimension|multivariate"):
        function(mvn, MultivariateNormal([0.0, 0.0, 0.0], np.eye(3)))


def test_smoothing_with_distributions_is_refused():
    with pytest.raises(ValueError, match=r"smoothing"):
        kl_divergence(Normal(0.0, 1.0), Normal(1.0, 1.0), smoothing=1e-3)
