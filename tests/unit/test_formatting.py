"""How numbers and user-provided names are written on screen (kl_app.formatting)."""

import math

import pytest

from kl_app.formatting import fixed, format_value, inert, short, tex_number, tex_short, tex_value


@pytest.mark.parametrize("value, digits, text", [
    (0.22314, 4, "0.2231"), (-0.00004, 4, "0.0000"), (-0.0, 3, "0.000"), (-1.5, 1, "-1.5"),
    (math.inf, 4, "∞"), (-math.inf, 4, "−∞"), (math.nan, 4, "—"),
])
def test_fixed_has_no_negative_zero_and_names_infinity_and_missing_values(value, digits, text):
    assert fixed(value, digits) == text


def test_format_value_keeps_tiny_divergences_and_labels_units():
    assert format_value(0.4431471805599453, "nats") == "0.4431 nats"
    assert format_value(3.2e-7, "bits") == "3.20e-07 bits"
    assert format_value(math.inf, "bits") == "∞" and format_value(0.5) == "0.5000"
    assert format_value(math.nan, "nats") == "—"


def test_short_and_latex_forms():
    assert (short(0.8), short(0.22314355), short(math.inf), short(-1e-9, 2)) == ("0.8", "0.2231", "∞", "-1e-09")
    assert short(-0.00001, 2) == "-1e-05" and short(-0.0) == "0"
    assert (tex_number(math.inf), tex_number(-0.00001)) == (r"\infty", "0.0000")
    assert tex_short(0.25) == "0.25" and tex_value(0.5, "bits") == r"0.5000\ \text{bits}"
    assert tex_value(math.inf, "nats") == r"\infty"


@pytest.mark.parametrize("raw", [
    "[click](https://evil.example)", "![x](https://evil.example/x.png)", "**bold** _it_", "$x^2$",
    ":red[alarm]", "<b>tag</b>", "# heading", "https://evil.example", "www.evil.example", "me@evil.example",
])
def test_inert_escapes_everything_markdown_could_act_on(raw):
    shown = inert(raw)
    unescaped = shown.replace("\\", "").replace("\u2060", "")
    assert unescaped == raw, "the text reads as written"
    for ch in "[]()*_$:<>#!":
        assert ch not in shown.replace("\\" + ch, ""), (ch, shown)
    assert "://" not in shown.replace("\\", "") and "www." not in shown.replace("\\", "")
    assert "@" not in shown.replace("\u2060@", "")


def test_inert_joins_lines():
    assert inert("a\nb\tc") == "a b c"
