"""GAN's URL parameters: the real data, the generator's start, the unit, the loss and the training steps."""

from kl_app import url
from kl_app.units import UNIT
from pages.gan.model import REAL_DATA

REAL_DATA_SHOWN = {"normal": "Normal N(2, 0.7²)", "bimodal": "Two bumps: ½N(1, 0.5²) + ½N(3, 0.5²)"}
"""Each real-data choice, as the caption under the control writes it."""
LOSS_TERMS = {"non-saturating": "−log D(fake), strong even when D rejects the fakes",
              "minimax": "log(1 − D(fake)), the game's own term, flat when D rejects the fakes"}
"""Each generator loss: the term the generator descends."""

SCHEMA = url.Schema([
    url.Choice("real", "Real data P (fixed)", "normal", tuple(REAL_DATA)),
    url.Number("mu", "Generator mean μ", -1.0, -8.0, 8.0, 0.1),
    url.Number("sigma", "Generator sd σ", 1.0, 0.2, 3.0, 0.05),
    UNIT,
    url.Choice("loss", "Generator loss", "non-saturating", tuple(LOSS_TERMS)),
    url.Number("steps", "Training steps", 300, 0, 2000, 25,
               help="Each step: one discriminator update, then one generator update (minibatches of 64)."),
    url.question("guess", "Predict: if the generator matched the real data exactly (Q = P), V(G, D*) would be…",
                 "0", "−log 4", "log 4"),
])
