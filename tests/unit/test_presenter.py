"""Presenter mode's pure parts: the `present` flag of a link, and charts fitted to a projector."""

import pytest

import plotly.graph_objects as go

from kl_app import presenter, url
from kl_app.theme import style

SCHEMA = url.Schema([presenter.PRESENT])


@pytest.mark.parametrize("raw, spelled", [("1", "true"), ("TRUE", "true"), ("0", "false"), ("false", None),
                                          ("true", None)])
def test_a_flag_is_rewritten_as_the_switch_spells_it(raw: str, spelled: str | None) -> None:
    corrections = SCHEMA.check({"present": [raw]})
    assert corrections == ([url.Correction("present", spelled, None)] if spelled else [])


@pytest.mark.parametrize("raw", ["yes", "", "2", "on"])
def test_any_other_flag_value_is_dropped_with_a_note(raw: str) -> None:
    [correction] = SCHEMA.check({"present": [raw]})
    assert correction.keep is None and "not a valid Presenter mode (true or false)" in correction.note


def test_fit_caps_the_height_and_raises_every_font_but_changes_no_data() -> None:
    fig = style(go.Figure(go.Scatter(x=[1, 2], y=[3, 4], mode="markers+text", textfont=dict(size=11),
                                     marker=dict(size=5))), height=620)
    fig.add_annotation(text="note", font=dict(size=12))
    fig.update_layout(xaxis=dict(tickfont=dict(size=14)))
    fitted = presenter.fit(fig.to_plotly_json())
    assert fitted["layout"]["height"] == presenter.CHART_HEIGHT_PX
    assert fitted["data"][0]["textfont"]["size"] == presenter.MIN_FONT_PX
    assert fitted["data"][0]["marker"]["size"] == 5, "a marker is not text"
    assert fitted["layout"]["annotations"][0]["font"]["size"] == presenter.MIN_FONT_PX
    assert fitted["layout"]["xaxis"]["tickfont"]["size"] == presenter.MIN_FONT_PX
    assert list(fitted["data"][0]["y"]) == [3, 4]
    small = style(go.Figure(), height=300).to_plotly_json()
    assert presenter.fit(small)["layout"]["height"] == 300
