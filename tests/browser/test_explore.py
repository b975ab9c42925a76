"""The Explore page in a real browser: deep links, keyboard steps, live drag, swap, bad links, presets.

Every number the page should show is computed here from kl_core and formatted with the page's
own `format_value`, so these tests check the wiring (URL -> widgets -> kl_core -> DOM), not
a second copy of the math.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

import kl_core
from kl_core import Gamma, Normal, StudentT, Uniform
from kl_app.formatting import format_value
from kl_app.units import base_of
from tests.browser.helpers import (RUN_TRACKER_JS, StreamlitServer, assert_no_exception, drag_slider, metric_value,
                                   open_app, reading_note, wait_idle)

DEFAULT_P, DEFAULT_Q = Normal(0, 1), Normal(1, 2)


def shown(p, q, unit: str = "nats") -> dict[str, str]:
    """What the two metrics should read for P = p, Q = q."""
    base = base_of(unit)
    return {"KL(P‖Q)": format_value(kl_core.kl_divergence(p, q, base=base), unit),
            "KL(Q‖P)": format_value(kl_core.kl_divergence(q, p, base=base), unit)}



def expect_metrics(page: Page, values: dict[str, str]) -> None:
    for label, value in values.items():
        expect(metric_value(page, label)).to_have_text(value)


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def run_counts(page: Page) -> dict[str, int]:
    """A snapshot of the run tracker's stamps (see helpers.RUN_TRACKER_JS)."""
    return page.evaluate("() => ({...window.__klLabRuns})")


def test_deep_link_on_a_fresh_server_runs_through_the_app(fresh_server: StreamlitServer, page: Page) -> None:
    expected = shown(Normal(0, 1), Normal(1, 2), "bits")
    assert expected == {"KL(P‖Q)": "0.6393 bits", "KL(Q‖P)": "1.8854 bits"}

    open_app(page, fresh_server.url + "/explore?p=normal&p_mu=0&p_sigma=1&q=normal&q_mu=1&q_sigma=2&unit=bits")

    expect_metrics(page, expected)
    nav_links = page.get_by_test_id("stSidebarNav").get_by_test_id("stSidebarNavLink")
    expect(nav_links.filter(has_text="Explore KL(P‖Q)")).to_have_attribute("aria-current", "page")
    titles = nav_links.get_by_test_id("stMarkdownContainer").all_inner_texts()
    assert {"Home", "Explore KL(P‖Q)"} <= set(titles), titles
    assert not {"home", "explore"} & set(titles), f"the sidebar lists raw file names: {titles}"
    assert query_of(page).get("unit") == ["bits"]
    assert_no_exception(page)


def test_keyboard_step_on_a_slider_updates_metrics_and_url(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url + "/explore")
    expect_metrics(page, shown(DEFAULT_P, DEFAULT_Q))

    thumb = page.get_by_test_id("stSlider").filter(has_text="P: std. dev. σ").get_by_role("slider")
    thumb.focus()
    thumb.press("ArrowRight")
    wait_idle(page)

    expect_metrics(page, shown(Normal(0, 1.1), DEFAULT_Q))
    assert query_of(page).get("p_sigma") == ["1.1"]
    assert_no_exception(page)


def test_a_click_on_a_slider_track_moves_the_numbers_there(server: StreamlitServer, page: Page) -> None:
    """A click is not a hold: the live panel must not ask for the slider's frames then, since Streamlit
    would send the ask and the new value as one rerun of the panel's fragment alone (static/live.js)."""
    open_app(page, server.url + "/explore")
    track = page.get_by_test_id("stSlider").filter(has_text="P: mean μ").get_by_role("group").locator("> div").first
    box = track.bounding_box()
    page.mouse.click(box["x"] + 0.75 * box["width"], box["y"] + box["height"] / 2)
    wait_idle(page)
    mu = float(query_of(page)["p_mu"][0])
    assert 1.5 <= mu <= 3.5  # three quarters of -5..5, give or take the thumb's width
    expect_metrics(page, shown(Normal(mu, 1), DEFAULT_Q))
    assert_no_exception(page)


def test_swap_trades_the_metrics_and_the_url(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url + "/explore?p_mu=-1&q_sigma=3")
    before = shown(Normal(-1, 1), Normal(1, 3))
    expect_metrics(page, before)

    page.get_by_role("button", name="⇄ Swap P and Q").click()
    wait_idle(page)

    expect_metrics(page, {"KL(P‖Q)": before["KL(Q‖P)"], "KL(Q‖P)": before["KL(P‖Q)"]})
    query = query_of(page)
    assert (query.get("p_mu"), query.get("p_sigma"), query.get("q_mu")) == (["1"], ["3"], ["-1"]), page.url
    assert_no_exception(page)


def test_an_ask_sent_before_a_swaps_run_comes_back_does_not_undo_it(server: StreamlitServer, page: Page) -> None:
    """A live panel's ask can leave the browser after a click on Swap and before that click's run comes
    back (a sweep asks for its next part as it draws), with the controls as they were before the click."""
    pages, held = [], []  # the page's end of the websocket; the server's messages held back from it

    def route(ws) -> None:
        server_end = ws.connect_to_server()
        pages.append(ws)
        ws.on_message(server_end.send)
        server_end.on_message(lambda message: held.append(message) if held else ws.send(message))

    page.route_web_socket(re.compile(r"/_stcore/stream$"), route)
    open_app(page, server.url + "/explore?p=gamma&p_shape=4")
    held.append(None)  # hold from here on
    page.get_by_role("button", name="⇄ Swap P and Q").click()
    for _ in range(500):  # until the server has started the click's run
        if len(held) > 1:
            break
        page.wait_for_timeout(10)
    page.evaluate("""() => {
      const panel = document.querySelector(".kl-live").parentElement.klLivePanel;
      panel.setStateValue("wanted", { more: true, run: panel.data.run, at: Date.now() });
    }""")
    for message in held[1:]:
        pages[-1].send(message)
    held.clear()
    wait_idle(page)
    expect_metrics(page, shown(Normal(1, 2), Gamma(4, 1)))
    expect(page).to_have_url(re.compile(r"^(?!.*[?&]p=)(?=.*[?&]q=gamma(&|$))(?=.*[?&]q_shape=4(&|$))"))
    assert_no_exception(page)


@pytest.mark.parametrize("link, p, q", [
    ("/explore?p=gamma&p_shape=4", Gamma(4, 1), Normal(1, 2)),
    ("/explore?p=student_t&p_df=7&q_mu=0.5", StudentT(7, 0, 1), Normal(0.5, 2)),
])
def test_after_a_swap_the_copied_url_reproduces_the_screen(server: StreamlitServer, page: Page, link, p, q) -> None:
    open_app(page, server.url + link)
    page.get_by_role("button", name="⇄ Swap P and Q").click()
    wait_idle(page)
    swapped = shown(q, p)
    expect_metrics(page, swapped)
    # The address follows the run a moment later (the widgets write it once drawn): Q now has P's
    # family, and P is back to the default one, which leaves the address.
    family = parse_qs(urlsplit(link).query)["p"][0]
    expect(page).to_have_url(re.compile(rf"^(?!.*[?&]p=)(?=.*[?&]q={family}(&|$))"))

    copied = page.context.browser.new_context(viewport=page.viewport_size)
    copied.add_init_script(RUN_TRACKER_JS)
    elsewhere = copied.new_page()
    open_app(elsewhere, page.url)
    expect_metrics(elsewhere, swapped)
    assert_no_exception(elsewhere)
    copied.close()


def test_bad_url_value_gives_a_note_and_the_defaults(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url + "/explore?p_sigma=-3")

    note = page.get_by_test_id("stAlert").filter(has_text="p_sigma=-3")
    expect(note).to_contain_text("not a valid")
    expect_metrics(page, shown(DEFAULT_P, DEFAULT_Q))
    assert_no_exception(page)


def test_infinite_kl_shows_infinity_and_its_reason(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url + "/explore?q=uniform&q_low=-2&q_high=2")

    q = Uniform(-2, 2)
    assert shown(DEFAULT_P, q)["KL(P‖Q)"] == "∞"
    expect_metrics(page, shown(DEFAULT_P, q))
    reason = kl_core.why_kl_is_infinite(DEFAULT_P, q)
    expect(reading_note(page, "KL(P‖Q)")).to_have_text(f"∞ because {reason}")
    assert_no_exception(page)


def test_presets_are_same_tab_links(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url + "/explore")
    presets = page.get_by_test_id("stMarkdownContainer").filter(has_text="Shifted").locator("a")
    expect(presets.get_by_text("Shifted", exact=True)).to_be_visible()
    hrefs = presets.evaluate_all("links => links.map(a => [a.getAttribute('href'), a.target])")
    assert len(hrefs) >= 2, hrefs
    for href, target in hrefs:
        assert href.startswith("/explore?") and target in ("", "_self"), (href, target)

    with page.expect_navigation():
        presets.get_by_text("Shifted", exact=True).click()
    wait_idle(page)

    assert page.context.pages == [page]
    expect_metrics(page, shown(Normal(0, 1), Normal(2, 1)))
    assert query_of(page).get("q_mu") == ["2"]
    assert_no_exception(page)


def test_dragging_a_slider_moves_both_numbers_and_the_curves_before_release(server: StreamlitServer,
                                                                             page: Page) -> None:
    open_app(page, server.url + "/explore")
    runs_before = run_counts(page)

    def p_is_drawn_at(mu: float) -> None:  # the curves follow the numbers one frame later
        page.wait_for_function("(mu) => { const d = document.querySelector('.kl-live-chart').data[0];"
                               " return Math.abs(d.x[d.y.indexOf(Math.max(...d.y))] - mu) < 0.15; }", arg=mu)

    seen = drag_slider(page, "p_mu", ["KL(P‖Q)", "KL(Q‖P)"], at_each=p_is_drawn_at)
    runs_during_drag = run_counts(page)

    assert len({pq for pq, _ in seen.values()}) >= 5, seen
    for mu, values in seen.items():
        assert values == tuple(shown(Normal(mu, 1), DEFAULT_Q).values()), mu
    # The panel asks for the slider's frames (in batches of kl_app.frames.BUDGET_S); a move sends nothing.
    assert runs_during_drag["requests"] - runs_before["requests"] <= 3, "the moves asked the server for reruns"
    wait_idle(page)
    final = float(page.locator(".st-key-p_mu input[type=range]").get_attribute("value"))
    assert query_of(page).get("p_mu") == [f"{final:g}"]
    expect_metrics(page, shown(Normal(final, 1), DEFAULT_Q))
    described = re.compile(re.escape(f"KL(P‖Q) = {shown(Normal(final, 1), DEFAULT_Q)['KL(P‖Q)']}"))
    expect(page.get_by_test_id("klChartAlt").first).to_have_text(described)
    describe = page.get_by_test_id("klChartDescribe").first  # the same text on screen, on request
    expect(describe.locator("p")).not_to_be_visible()
    describe.locator("summary").click()
    expect(describe.locator("p")).to_be_visible()
    expect(describe.locator("p")).to_have_text(described)
    assert_no_exception(page)


def test_the_sweep_choice_shows_labels_and_keeps_url_names(server: StreamlitServer, page: Page) -> None:
    """The drop-down reads "Q's std. dev. σ"; the address says sweep=q_sigma, and keeps it while other
    controls move; a copied address shows the same sweep; Reset takes it out."""
    open_app(page, server.url + "/explore?sweep=p_sigma")
    choice = page.get_by_label("Parameter to sweep")
    expect(choice.locator("option:checked")).to_have_text("P's std. dev. σ")
    expect(choice.locator("option")).to_have_text(["Q's mean μ", "Q's std. dev. σ", "P's mean μ", "P's std. dev. σ"])
    sweep_axis = page.locator(".kl-live-chart .xtitle").last
    expect(sweep_axis).to_have_text("P's std. dev. σ")

    choice.select_option(label="Q's std. dev. σ")
    wait_idle(page)
    expect(sweep_axis).to_have_text("Q's std. dev. σ")
    expect(page).to_have_url(re.compile(r"[?&]sweep=q_sigma(&|$)"))

    thumb = page.get_by_test_id("stSlider").filter(has_text="P: mean μ").get_by_role("slider")
    thumb.focus()
    thumb.press("ArrowRight")
    wait_idle(page)
    expect_metrics(page, shown(Normal(0.1, 1), DEFAULT_Q))
    assert (query_of(page).get("sweep"), query_of(page).get("p_mu")) == (["q_sigma"], ["0.1"]), page.url

    copied = page.context.browser.new_context(viewport=page.viewport_size)
    copied.add_init_script(RUN_TRACKER_JS)
    elsewhere = copied.new_page()
    open_app(elsewhere, page.url)
    expect(elsewhere.get_by_label("Parameter to sweep").locator("option:checked")).to_have_text("Q's std. dev. σ")
    expect(elsewhere.locator(".kl-live-chart .xtitle").last).to_have_text("Q's std. dev. σ")
    copied.close()

    choice.select_option(label="Q's mean μ")  # the default leaves the address, as a bound widget's does
    wait_idle(page)
    expect(page).not_to_have_url(re.compile(r"[?&]sweep="))
    choice.select_option(label="P's mean μ")
    wait_idle(page)
    page.get_by_role("button", name="Reset this page").click()
    wait_idle(page)
    expect(choice.locator("option:checked")).to_have_text("Q's mean μ")
    expect(page).not_to_have_url(re.compile(r"[?&](sweep|p_mu)="))
    assert_no_exception(page)
