"""Compare's URL parameters: P's and Q's pickers (Explore's names), the unit, Q's swept parameter and the triangle demo."""

from kl_app import triangle, url
from kl_app.families import picker_params
from kl_app.units import UNIT

SWEEPABLE = tuple(dict.fromkeys(p.key[2:] for p in picker_params("q") if isinstance(p, url.Number)))

SCHEMA = url.Schema([
    *picker_params("p"),
    *picker_params("q"),
    UNIT,
    url.Choice("sweep", "Parameter of Q to sweep", "mu", SWEEPABLE),
    triangle.SHIFT,
    url.question("guess", "Predict: P and Q share no x at all. Which of the five stay finite?",
                 "all of them", "JS, Hellinger and TV", "only TV", "none of them"),
])
