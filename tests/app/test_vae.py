"""The VAE page, run through Streamlit's AppTest: every number equals kl_core's."""

import json
import math

import numpy as np

from kl_app.formatting import format_value
from kl_core import MultivariateNormal, Normal, kl_divergence
from pages.vae.model import derive_kl_term, fit_summary, make_dataset
from tests.app.conftest import figures, metrics, open_page

PAGE = "pages/vae/page.py"
DEFAULT_MEANS, DEFAULT_SDS = [1.0, -0.5], [0.5, 1.2]


def kl_term(means, sds, unit="nats"):
    """The VAE's KL term as kl_core's multivariate Normal KL against the prior N(0, I)."""
    prior = MultivariateNormal.diagonal(np.zeros(len(means)), np.ones(len(means)))
    base = math.e if unit == "nats" else 2.0
    return kl_divergence(MultivariateNormal.diagonal(means, sds), prior, base=base)


def shown(means=DEFAULT_MEANS, sds=DEFAULT_SDS, unit="nats", derive=0, beta=1.0):
    fit, d = fit_summary(make_dataset(), beta), derive_kl_term(means[derive], sds[derive])
    return {
        "KL(q‖p)": format_value(kl_term(means, sds, unit), unit),
        "Closed form": format_value(d.closed_form, "nats"),
        "kl_core's numerical integral": format_value(d.numerical, "nats"),
        "Reconstruction error": f"{fit.reconstruction_error:.4f}",
        "Mean KL(q‖p)": format_value(fit.kl.total, "nats"),
        "Code's standard deviations σ₁, σ₂": ", ".join(f"{v:.3f}" for v in fit.sds),
    }


def test_defaults_show_kl_cores_numbers():
    at = open_page(PAGE)
    assert metrics(at) == shown()
    assert metrics(at)["KL(q‖p)"] == "0.9808 nats"
    assert not at.info


def test_setting_each_widget_updates_the_numbers():
    at = open_page(PAGE)
    at.button_group(key="dims").set_value("3").run()
    at.slider(key="mu1").set_value(-2.0).run()
    at.slider(key="sigma2").set_value(0.3).run()
    at.slider(key="mu3").set_value(1.5).run()
    at.slider(key="sigma3").set_value(2.5).run()
    at.button_group(key="unit").set_value("bits").run()
    at.button_group(key="derive").set_value("z3").run()
    at.slider(key="beta").set_value(20.0).run()
    assert not at.exception
    means, sds = [-2.0, -0.5, 1.5], [0.5, 0.3, 2.5]
    assert metrics(at) == shown(means, sds, "bits", derive=2, beta=20.0)


def test_four_dimensions_each_term_in_its_panel_and_the_total_in_the_metric():
    means, sds = [1.0, -0.5, 0.0, 2.0], [0.5, 1.2, 1.0, 0.3]
    at = open_page(PAGE, dict(dims="4"))
    spec = json.dumps(figures(at)[0], ensure_ascii=False)
    for m, s in zip(means, sds):
        assert f"KL = {kl_divergence(Normal(m, s), Normal(0, 1)):.4f}<br>nats" in spec
    assert metrics(at)["KL(q‖p)"] == format_value(kl_term(means, sds), "nats")


def test_url_seeds_the_widgets():
    at = open_page(PAGE, dict(dims="1", mu1="0.5", sigma1="2", beta="15", unit="bits"))
    assert at.slider(key="sigma1").value == 2.0 and at.slider(key="beta").value == 15.0
    assert metrics(at) == shown([0.5], [2.0], "bits", beta=15.0)
    assert any("collapse" in m.value for m in at.markdown)
    assert not at.info


def test_large_beta_collapses_every_code_onto_the_prior():
    at = open_page(PAGE, dict(beta="60"))
    assert metrics(at)["Mean KL(q‖p)"] == "0.0000 nats"
    assert metrics(at)["Code's standard deviations σ₁, σ₂"] == "1.000, 1.000"


def test_markdown_in_a_link_is_shown_as_code_not_as_a_link():
    at = open_page(PAGE, dict(sigma1="[x](https://evil.example)"))
    assert metrics(at) == shown()
    assert any("`sigma1=" in i.value for i in at.info)
    assert not any("](https" in m.value for m in at.markdown)
