"""'Predict, then reveal' (kl_app.ui.predict) on every lesson page: no answer until the student picks
one, then right or 'not quite' with the answer computed from kl_core's numbers."""

import numpy as np
import pytest

from kl_app.measures import MEASURES
from pages.compare.model import finite_on
from pages.drift.model import feature_drift, no_drift_score
from pages.explore.model import wider_q
from pages.gan.model import REAL_DATA, value_when_matched
from pages.limitations.asymmetry import narrower_q
from pages.vae.model import shifted_or_squeezed
from tests.app.conftest import open_page

PAGES = {
    "explore": ("pages/explore/page.py", "KL(Q‖P)"),
    "compare": ("pages/compare/page.py", "JS, Hellinger and TV"),
    "limitations": ("pages/limitations/page.py", "KL(P‖Q)"),
    "drift": ("pages/drift/page.py", "a little above 0"),
    "vae": ("pages/vae/page.py", "the shifted one"),
    "gan": ("pages/gan/page.py", "−log 4"),
}


@pytest.mark.parametrize("name", PAGES)
def test_the_question_waits_for_a_guess_then_reveals_the_computed_answer(name: str) -> None:
    script, correct = PAGES[name]
    at = open_page(script)
    question = at.radio(key="guess")
    assert question.value is None and not at.success
    assert "Pick an answer to reveal it." in [c.value for c in at.caption]
    question.set_value(correct).run()
    assert not at.exception
    assert at.success and at.success[0].value.startswith("**Right.**")
    wrong = next(option for option in question.options if option != correct)
    at.radio(key="guess").set_value(wrong).run()
    assert at.warning[0].value.startswith(f"**Not quite: {correct}.**")


def test_the_answers_come_from_kl_core() -> None:
    assert wider_q("nats")[0] == "KL(Q‖P)" and "0.3181 nats" in wider_q("nats")[1]
    assert narrower_q("nats")[0] == "KL(P‖Q)" and "0.8069 nats" in narrower_q("nats")[1]
    assert shifted_or_squeezed("nats")[0] == "the shifted one" and "2.0000 nats" in shifted_or_squeezed("nats")[1]
    assert value_when_matched(REAL_DATA["bimodal"], "bits")[1].count("-2.0000 bits") == 1
    forward = {m.key: float("inf") if m.key.startswith("kl") else 1.0 for m in MEASURES if not m.reverse}
    assert finite_on(forward, "nats")[0] == "JS, Hellinger and TV"
    assert finite_on(dict.fromkeys(forward, 1.0), "nats")[0] == "all of them"


def test_drift_answers_from_the_feature_on_screen() -> None:
    rng = np.random.default_rng(0)
    same = feature_drift("tenure", rng.uniform(0, 10, 5000), rng.uniform(0, 10, 2000))
    answer, why = no_drift_score(same, "psi", "nats")
    assert answer == "a little above 0" and f"{same.scores['psi']:.4f} nats" in why
