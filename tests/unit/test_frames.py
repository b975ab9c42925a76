"""The live panel's frames (kl_app.frames): what a drag shows is kl_core's number at every slider position."""

import base64

import numpy as np
import pytest

import kl_core
from kl_app.families import FAMILIES
from kl_app.frames import Progress, encode, extend
from kl_app.ui import Picked
from pages.compare import model as compare
from pages.explore import figures, model as explore


def picked(side: str, family: str, **values) -> Picked:
    return Picked(side, FAMILIES[family], values, FAMILIES[family].build(**values))


def decoded(frames: dict) -> list[np.ndarray | None]:
    """The curves of each position as static/live.js decodes them: (traces, points), or None."""
    x = np.frombuffer(base64.b64decode(frames["x"]), dtype="<f4")
    codes = np.frombuffer(base64.b64decode(frames["curves"]), dtype="<u2")
    low, high = np.array(frames["low"]), np.array(frames["high"])
    blocks = iter(codes.reshape(-1, len(low), len(x)))
    out = []
    for done in frames["done"]:
        if not done:
            out.append(None)
            continue
        block = next(blocks).astype(float)
        values = low[:, None] + block * ((high - low) / 65534)[:, None]
        out.append(np.where(block == 65535, np.nan, values))
    return out


P, Q = picked("p", "normal", mu=0.0, sigma=1.0), picked("q", "normal", mu=1.0, sigma=2.0)


def test_every_position_shows_kl_cores_numbers_and_curves():
    slider = next(s for s in explore.live_sliders(P, Q, "bits") if s.param.key == "p_mu")
    progress = extend(slider, None, current=0.0, budget=60)
    assert progress.complete and len(progress.frames) == len(slider.positions) == 101
    frames = encode(slider, progress)
    curves = decoded(frames)
    for i in (0, 37, 100):
        mu = slider.positions[i]
        p = kl_core.Normal(mu, 1.0)
        assert frames["readings"][i] == [[r.value, r.note] for r in explore.readings(p, Q.dist, "bits")]
        exact = np.array(figures.density_curves(p, Q.dist, progress.x, "bits"))
        span = (np.array(frames["high"]) - np.array(frames["low"]))[:, None]
        assert np.all(np.abs(curves[i] - exact) <= span / 65534 + 1e-6 * np.abs(exact))  # 16-bit steps


def test_a_request_computes_the_nearest_positions_first_and_the_next_continues():
    slider = next(s for s in compare.live_sliders(P, Q, "nats") if s.param.key == "q_mu")
    first = extend(slider, None, current=1.0, budget=0)  # one position, then the budget is spent
    assert [slider.positions[i] for i, f in enumerate(first.frames) if f] == [1.0]
    frames = encode(slider, first)
    assert not frames["complete"] and frames["readings"][60][0][0] == compare.readings(P.dist, Q.dist, "nats")[0].value
    second = extend(slider, first, current=1.0, budget=0)
    assert sorted(slider.positions[i] for i, f in enumerate(second.frames) if f) == [0.9, 1.0]


def test_a_position_where_the_distribution_is_invalid_says_so_instead_of_a_number():
    uniform = picked("q", "uniform", low=-1.0, high=1.0)
    slider = next(s for s in explore.live_sliders(P, uniform, "nats") if s.param.key == "q_low")
    progress = Progress(slider.grid(), [None] * len(slider.positions))
    at = slider.frame(2.0, progress.x)  # low above high
    assert [r.value for r in at.readings] == ["—", "—"]
    assert "Q is not a valid distribution at" in at.readings[0].note
    assert all(np.isnan(c).all() for c in at.curves)


def test_an_infinite_direction_is_a_gap_and_its_reason():
    uniform = picked("q", "uniform", low=-2.0, high=2.0)
    slider = next(s for s in explore.live_sliders(P, uniform, "nats") if s.param.key == "p_mu")
    progress = extend(slider, None, current=0.0, budget=0)
    frames = encode(slider, progress)
    i = int(np.flatnonzero(frames["done"])[0])
    value, note = frames["readings"][i][0]
    assert value == "∞" and note.startswith("∞ because P puts mass on")
    terms = decoded(frames)[i][2]  # p·log(p/q): infinite outside Q's support
    assert np.isnan(terms[np.abs(progress.x) > 2.0 + 1e-6]).all()


@pytest.mark.parametrize("page", [explore, compare])
def test_contexts_name_every_other_control(page):
    by_key = {s.param.key: s for s in page.live_sliders(P, Q, "nats")}
    moved_q = {s.param.key: s for s in page.live_sliders(P, picked("q", "normal", mu=1.5, sigma=2.0), "nats")}
    assert moved_q["q_mu"].context == by_key["q_mu"].context  # its own value is not part of it
    assert moved_q["p_mu"].context != by_key["p_mu"].context
    in_bits = {s.param.key: s for s in page.live_sliders(P, Q, "bits")}
    assert in_bits["q_mu"].context != by_key["q_mu"].context
