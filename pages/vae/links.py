"""VAE's URL parameters: the unit, the latent code's dimensions, the one to derive, and β."""

from kl_app import url
from kl_app.units import UNIT

MAX_DIMS = 4
DIMS = tuple(str(d) for d in range(1, MAX_DIMS + 1))
DEFAULT_MEANS = (1.0, -0.5, 0.0, 2.0)
DEFAULT_SDS = (0.5, 1.2, 1.0, 0.3)

SCHEMA = url.Schema([
    UNIT,
    url.Choice("dims", "Latent dimensions", "2", DIMS),
    *(param for j in range(MAX_DIMS) for param in (
        url.Number(f"mu{j + 1}", f"μ{j + 1}", DEFAULT_MEANS[j], -3.0, 3.0, 0.05,
                   help="The encoder's mean for this dimension."),
        url.Number(f"sigma{j + 1}", f"σ{j + 1}", DEFAULT_SDS[j], 0.1, 3.0, 0.05,
                   help="The encoder's standard deviation."),
    )),
    # One variant per number of dimensions: a link can only derive a dimension the code has.
    *(url.Choice("derive", "Dimension to derive", "z1", tuple(f"z{j + 1}" for j in range(int(dims))),
                 when=url.When("dims", (dims,))) for dims in DIMS),
    url.Number("beta", "β, the weight of the KL term", 1.0, 0.1, 60.0, 0.1,
               help="The loss is reconstruction error / (2σ²) + β·KL; β = 1 is the plain VAE."),
    url.question("guess", "Predict: which code costs more KL, one shifted to μ = 2 (σ = 1) or one squeezed "
                          "to σ = 0.2 (μ = 0)?", "the shifted one", "the squeezed one", "the same"),
])
