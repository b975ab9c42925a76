"""Links to the classic demos: a page and the set-up that shows one idea at a glance.

Each demo's `shows` says what the screen shows; tests/app/test_teachers.py opens every link and
checks that claim against kl_core's numbers, so a change to a page cannot leave a demo wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass(frozen=True)
class Demo:
    title: str
    url_path: str
    query: dict[str, str] = field(default_factory=dict)
    shows: str = ""

    @property
    def href(self) -> str:
        """The demo's link, relative to the app's address."""
        return f"/{self.url_path}" + (f"?{urlencode(self.query)}" if self.query else "")


DEMOS = (
    Demo("Asymmetry", "explore", {"q_mu": "0", "q_sigma": "0.5"},
         "P = N(0, 1) and a narrower Q = N(0, 0.5²): KL(P‖Q) is more than twice KL(Q‖P). "
         "Q is charged for P's tails, where it has almost no mass."),
    Demo("Zero support: ∞", "explore", {"q": "uniform"},
         "P = N(0, 1) against Q = Uniform(−2, 2): KL(P‖Q) = ∞ (P has mass where Q has none), "
         "while KL(Q‖P) is finite."),
    Demo("Mode-seeking fit", "limitations", {"tab": "4 · Forward vs reverse", "modes": "8"},
         "Two modes 8 apart: the forward fit (min KL(P‖Q)) spreads over both, the reverse fit "
         "(min KL(Q‖P)) sits on one mode."),
    Demo("Bounded relatives", "compare", {"q_mu": "3", "q_sigma": "1", "unit": "bits"},
         "Two Normals 3 apart: KL runs into bits by the handful, JS stays below its ceiling of 1 bit "
         "and TV below 1."),
    Demo("Cross-entropy in bits", "cat-classifier", {"step": "4", "unit": "bits"},
         "The cat example, truth {1, 0}, prediction {0.8, 0.2}: KL(P‖Q) = log₂(1/0.8) bits, the "
         "classifier's cross-entropy loss."),
    Demo("A drift alarm", "drift", {"age_shift": "1.5"},
         "Customers' ages shifted by 1.5 standard deviations: the age feature drifts past the noise "
         "floor and the page calls for retraining."),
    Demo("JS's vanishing gradient", "gan", {"mu": "-8", "sigma": "0.5", "steps": "0"},
         "A generator far from the data: JS(P, Q) is at its ceiling log 2 and its gradient is almost "
         "0, so a minimax GAN has nothing to learn from."),
)
