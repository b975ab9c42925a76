"""P's and Q's colours as non-text graphics (lines, bars, markers) on the charts' white: WCAG 2.1's 3:1;
the chart template's static file."""

import importlib.util
from pathlib import Path

import pytest

from kl_app.theme import DIVERGENCE_LINES, P_COLOR, Q_COLOR, TEMPLATE_FILE

ROOT = Path(__file__).resolve().parents[2]


def luminance(hex_color: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour '#RRGGBB'."""
    channels = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_on_known_pairs():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("color", [P_COLOR, Q_COLOR])
def test_p_and_q_stand_out_from_the_white_of_the_charts(color):
    assert contrast(color, "#FFFFFF") >= 3.0


def test_kl_lines_take_p_and_q_colours():
    assert DIVERGENCE_LINES["kl_pq"][0] == P_COLOR and DIVERGENCE_LINES["kl_qp"][0] == Q_COLOR


def test_the_template_file_is_the_theme_template():
    """static/plotly-template.json, which the live panel's charts fetch, is kl_app.theme.TEMPLATE
    (rewrite it with scripts/plotly_template.py)."""
    spec = importlib.util.spec_from_file_location("plotly_template", ROOT / "scripts" / "plotly_template.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert (ROOT / "static" / TEMPLATE_FILE).read_text() == script.text()
