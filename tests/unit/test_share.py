"""kl_app.share: a screen's canonical link and its QR code, read back by a QR decoder."""

import io

import zxingcpp
from PIL import Image

from kl_app import share, url
from pages.explore.links import SCHEMA as EXPLORE

SCHEMA = url.Schema([
    url.Choice("family", "Family", "normal", ("normal", "laplace")),
    url.Number("scale", "Normal's scale", 1.0, 0.1, 5.0, 0.1, when=url.When("family", ("normal",))),
    url.Number("scale", "Laplace's scale", 2.0, 0.1, 5.0, 0.1, when=url.When("family", ("laplace",))),
    url.Number("n", "Samples", 100, 10, 1000, 1),
    url.Text("label", "Label", "P"),
])


def test_only_values_away_from_their_default_are_written():
    assert share.query(SCHEMA, {"family": "normal", "scale": 1.0, "n": 100, "label": "P"}) == ""
    assert share.query(SCHEMA, {"family": "normal", "scale": 0.30000000000000004, "n": 250.0}) == "scale=0.3&n=250"


def test_a_parameter_is_judged_by_the_variant_that_applies():
    assert share.query(SCHEMA, {"family": "laplace", "scale": 2.0}) == "family=laplace"
    assert share.query(SCHEMA, {"family": "laplace", "scale": 1.0}) == "family=laplace&scale=1"


def test_text_is_escaped_for_the_url():
    assert share.query(SCHEMA, {"label": "a&b=c d"}) == "label=a%26b%3Dc+d"


def test_the_link_parses_back_to_the_same_values():
    values = {"p": "laplace", "p_b": 2.5, "q_mu": -1.25, "unit": "bits"}
    link = share.link("http://school.example:8501/explore", "explore", EXPLORE, values)
    assert link == "http://school.example:8501/explore?p=laplace&p_b=2.5&q_mu=-1.25&unit=bits"
    query = {k: [v] for k, v in (pair.split("=") for pair in link.split("?")[1].split("&"))}
    assert EXPLORE.check(query) == []


def test_home_has_no_query():
    assert share.link("https://kl.example/", "", url.Schema([]), {}) == "https://kl.example/"


def test_the_qr_code_reads_back_as_the_link():
    link = "http://192.168.1.20:8501/compare?q=laplace&q_mu=2.5&q_b=0.7&unit=bits&sweep=b"
    png = share.qr_png(link)
    image = Image.open(io.BytesIO(png))
    assert image.width >= 330  # 10 px modules: large enough to scan from a projected screen
    decoded = zxingcpp.read_barcodes(image)
    assert [d.text for d in decoded] == [link] and decoded[0].format == zxingcpp.BarcodeFormat.QRCode
