"""The cat classifier in a real browser: a cold deep link, stepping through with the keyboard, and
dragging p(cat)."""

import math
import re

from playwright.sync_api import Page, expect

from pages.cat_classifier import model as clf
from kl_core import kl_divergence
from kl_app.formatting import format_value
from tests.browser.helpers import (StreamlitServer, assert_no_exception, drag_slider, metric_value, open_app,
                                   wait_idle)



def current_step(page: Page):
    return page.get_by_test_id("stHeading").filter(has_text=re.compile(r"^\d · "))


def open_cat_page(page: Page, server: StreamlitServer, query: str = "") -> None:
    open_app(page, f"{server.url}/cat-classifier{query}")
    assert_no_exception(page)


def test_cold_deep_link_to_step_4_in_bits(fresh_server: StreamlitServer, page: Page) -> None:
    expected = kl_divergence([1.0, 0.0], [0.8, 0.2], base=2)
    assert round(expected, 4) == 0.3219

    open_app(page, fresh_server.url + "/cat-classifier?step=4&unit=bits")

    assert_no_exception(page)
    expect(current_step(page)).to_have_text("4 · Nats and bits")
    expect(metric_value(page, "KL(P‖Q)")).to_have_text(f"{expected:.4f} bits")


def test_cold_deep_link_shows_no_page_not_found_dialog(fresh_server: StreamlitServer, page: Page) -> None:
    open_app(page, fresh_server.url + "/cat-classifier?step=2")
    expect(page.get_by_role("dialog")).to_have_count(0)


def test_stepping_through_with_the_keyboard(server: StreamlitServer, page: Page) -> None:
    open_cat_page(page, server)
    expect(current_step(page)).to_have_text("1 · Truth and prediction")

    next_button = page.get_by_role("button", name=re.compile("^Next"))
    next_button.focus()
    for step, title in [(2, "Term by term"), (3, "The zero term")]:
        page.keyboard.press("Enter")
        wait_idle(page)
        expect(current_step(page)).to_have_text(f"{step} · {title}")
        expect(page).to_have_url(re.compile(rf"[?&]step={step}\b"))
    expect(next_button).to_be_focused()

    page.evaluate("document.activeElement.blur()")  # the shortcuts work from anywhere on the page
    for step in range(4, 10):
        page.keyboard.press("n")
        wait_idle(page)
        expect(page).to_have_url(re.compile(rf"[?&]step={step}\b"))
        assert_no_exception(page)
    expect(current_step(page)).to_have_text("9 · More classes")
    expect(next_button).to_be_disabled()

    page.keyboard.press("b")
    wait_idle(page)
    expect(current_step(page)).to_have_text("8 · Training")


def test_answering_reveals_the_reverse_direction(server: StreamlitServer, page: Page) -> None:
    open_cat_page(page, server, "?step=6")
    expect(metric_value(page, "KL(Q‖P)")).to_have_count(0)
    page.get_by_test_id("stRadio").get_by_text("larger", exact=True).click()
    wait_idle(page)
    expect(metric_value(page, "KL(Q‖P)")).to_have_text("∞")
    expect(page).to_have_url(re.compile(r"guess6=larger"))
    assert_no_exception(page)


def test_play_trains_until_paused(server: StreamlitServer, page: Page) -> None:
    open_cat_page(page, server, "?step=8")
    loss = metric_value(page, "Mean KL(P‖Q), all pictures")
    start = clf.initial_state(clf.make_cat_data()).loss()
    expect(loss).to_have_text(f"{start:.4f} nats")

    page.get_by_role("button", name=re.compile("Play")).click()
    expect(page.get_by_text(re.compile(r"Gradient steps taken: (1[2-9]|[2-9]\d|1\d\d|200) of 200"))).to_be_visible(
        timeout=30_000)
    assert_no_exception(page)
    page.get_by_role("button", name=re.compile("Pause")).click()
    wait_idle(page)
    trained = int(re.search(r"trained=(\d+)", page.url).group(1))
    slider = page.get_by_test_id("stSlider").filter(has_text="Gradient steps taken")
    expect(slider.get_by_test_id("stSliderThumbValue")).to_have_text(str(trained))
    state = clf.train(clf.make_cat_data(), trained, learning_rate=0.5)
    expect(loss).to_have_text(f"{state.loss():.4f} nats")
    assert state.loss() < start

    page.get_by_role("button", name="Step", exact=True).click()  # the browser goes on from the paused count
    wait_idle(page)
    expect(page).to_have_url(re.compile(rf"trained={trained + 1}\b"))
    state = clf.train(clf.make_cat_data(), trained + 1, learning_rate=0.5)
    expect(loss).to_have_text(f"{state.loss():.4f} nats")
    assert_no_exception(page)


def test_the_truth_choice_shows_words_and_keeps_url_names(server: StreamlitServer, page: Page) -> None:
    """'a cat' / 'not a cat' on the buttons; truth=not_cat in the address; the keyboard moves it back."""
    open_cat_page(page, server, "?step=2")
    page.get_by_text("not a cat", exact=True).click()
    wait_idle(page)
    expect(metric_value(page, "KL(P‖Q)")).to_have_text(f"{kl_divergence([0.0, 1.0], [0.8, 0.2]):.4f} nats")
    expect(page).to_have_url(re.compile(r"[?&]truth=not_cat(&|$)"))

    page.get_by_role("radio", name="not a cat").focus()
    page.keyboard.press("ArrowLeft")  # radios: an arrow key picks the next one
    wait_idle(page)
    expect(page.get_by_role("radio", name="a cat", exact=True)).to_be_checked()
    expect(metric_value(page, "KL(P‖Q)")).to_have_text(f"{kl_divergence([1.0, 0.0], [0.8, 0.2]):.4f} nats")
    expect(page).not_to_have_url(re.compile(r"[?&]truth="))
    assert_no_exception(page)


def test_holding_p_cat_moves_kl_and_its_term_before_release(server: StreamlitServer, page: Page) -> None:
    open_cat_page(page, server, "?step=2")

    def bar_is(value: str) -> None:  # the cat's bar is labelled with the number one frame later
        page.wait_for_function("(text) => document.querySelector('.kl-live-chart').data[0].text[0] === text",
                               arg=value)

    seen = drag_slider(page, "q_cat", ["KL(P‖Q)"], steps=10, dx=-12, every_frame=True,
                       at_each=lambda q_cat: bar_is(f"{-math.log(q_cat):.4f}"))
    assert len(set(seen.values())) >= 5, seen
    for q_cat, (kl,) in seen.items():
        assert kl == format_value(kl_divergence([1, 0], [q_cat, 1 - q_cat]), "nats") \
            == format_value(-math.log(q_cat), "nats"), q_cat
    wait_idle(page)
    final = float(page.locator(".st-key-q_cat input[type=range]").get_attribute("value"))
    assert f"q_cat={final:g}" in page.url
    expect(metric_value(page, "KL(P‖Q)")).to_have_text(format_value(-math.log(final), "nats"))
    assert_no_exception(page)


def test_holding_the_steps_slider_moves_the_training_loss_before_release(server: StreamlitServer, page: Page) -> None:
    open_cat_page(page, server, "?step=8")
    data = clf.make_cat_data()
    path = clf.training_path(data, clf.MAX_TRAIN_STEPS, learning_rate=0.5)

    seen = drag_slider(page, "trained", ["Mean KL(P‖Q), all pictures"], steps=10, dx=15, every_frame=True)
    assert len(set(seen.values())) >= 5, seen
    for trained, (loss,) in seen.items():
        assert trained.is_integer() and loss == format_value(path[int(trained)].loss(), "nats"), trained
    wait_idle(page)
    trained = int(re.search(r"trained=(\d+)", page.url).group(1))
    assert trained == max(seen)
    state = clf.train(data, trained, learning_rate=0.5)  # trained anew, not read off the path
    expect(metric_value(page, "Mean KL(P‖Q), all pictures")).to_have_text(format_value(state.loss(), "nats"))
    assert_no_exception(page)
