"""KL Lab served to a class (`bash scripts/serve --replicas 2`: two replicas behind HAProxy) in Chromium.

Through the balancer: a deep link, a slider step, a CSV upload on /drift and a file over the upload
limit; two students land on different replicas (the balancer names the replica in the
X-KL-Lab-Replica response header) and keep their own state; when a replica is killed the other
student's next step still takes under a second, and the first one's page reconnects to the living
replica, where a step and a reload (the same screen, from the URL) work; and SIGTERM to
scripts/serve leaves no process behind.
"""

import os
import re
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, Response, expect

from kl_app.formatting import format_value
from kl_core import Laplace, Normal, kl_divergence
from pages.drift import tables
from scripts.serve import HAPROXY
from tests.browser.helpers import Balancer, assert_no_exception, metric_value, wait_idle
from tests.browser.test_drift import DATA, UPLOAD_TIMEOUT, read_table, upload
from tests.browser.test_explore import DEFAULT_P, DEFAULT_Q, expect_metrics, shown

REPLICA = "x-kl-lab-replica"
START_TIMEOUT = 180.0


def served(stderr_path: Path) -> Balancer:
    """A started two-replica scripts/serve; skips (fails under CI) without haproxy."""
    if not Path(HAPROXY).exists():
        reason = f"{HAPROXY} is missing; `bash scripts/test` installs Debian's haproxy"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    balancer = Balancer(stderr_path)
    balancer.start(timeout=START_TIMEOUT)
    return balancer


def stopped_cleanly(balancer: Balancer) -> None:
    """Stop `balancer`; fail if it did not exit 0 or a replica wrote a traceback."""
    code = balancer.stop()
    assert "Traceback" not in balancer.stderr(), balancer.stderr()
    assert code == 0, f"scripts/serve exited with {code}:\n{balancer.stderr()}"


@pytest.fixture(scope="module")
def balancer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Balancer]:
    balancer = served(tmp_path_factory.mktemp("serve") / "stderr.log")
    yield balancer
    stopped_cleanly(balancer)


@pytest.fixture
def fresh_balancer(tmp_path: Path) -> Iterator[Balancer]:
    """A scripts/serve of this test's own, which the test may break."""
    balancer = served(tmp_path / "stderr.log")
    yield balancer
    stopped_cleanly(balancer)


def replicas_seen(page: Page, balancer: Balancer) -> dict[str, str]:
    """Records, from now on, which replica answered each request the page sends to the balancer."""
    seen: dict[str, str] = {}

    def record(response: Response) -> None:
        if response.url.startswith(balancer.url):
            seen[response.url] = response.headers.get(REPLICA, "none")

    page.on("response", record)
    return seen


def open_page(page: Page, url: str) -> str:
    """Open `url`, wait for the app's first run, and return the replica that served the page."""
    response = page.goto(url)
    wait_idle(page, timeout=60_000)
    return response.headers[REPLICA]


def step(page: Page, slider: str, key: str = "ArrowRight") -> None:
    """One keyboard step on the slider labelled `slider`; does not wait for the rerun."""
    thumb = page.get_by_test_id("stSlider").filter(has_text=slider).get_by_role("slider")
    thumb.focus()
    thumb.press(key)


def test_a_deep_link_through_the_balancer_shows_its_numbers(balancer: Balancer, page: Page) -> None:
    replica = open_page(page, balancer.url + "/explore?p=laplace&p_b=2&q=normal")

    expect_metrics(page, shown(Laplace(0, 2), DEFAULT_Q))
    assert replica in balancer.replica_pids()
    assert_no_exception(page)


def test_a_slider_step_through_the_balancer_on_one_replica(balancer: Balancer, page: Page) -> None:
    seen = replicas_seen(page, balancer)
    replica = open_page(page, balancer.url + "/explore")

    step(page, "P: std. dev. σ")
    wait_idle(page)

    expect_metrics(page, shown(Normal(0, 1.1), DEFAULT_Q))
    assert "p_sigma=1.1" in page.url
    assert set(seen.values()) == {replica}, f"one page was served by several replicas: {seen}"


def test_a_csv_upload_through_the_balancer(balancer: Balancer, page: Page) -> None:
    replica = open_page(page, balancer.url + "/drift?src=upload")
    uploads: list[Response] = []
    page.on("response", lambda r: uploads.append(r) if "/_stcore/upload_file/" in r.url else None)

    upload(page, 0, DATA / "drift_reference.csv")
    upload(page, 1, DATA / "drift_current.csv")

    expect(page.get_by_test_id("stTable").first).to_be_visible(timeout=UPLOAD_TIMEOUT)
    assert set(read_table(page)["feature"]) == {"age", "plan", "visits"}
    assert [(r.request.method, r.ok, r.headers[REPLICA]) for r in uploads] == [("PUT", True, replica)] * 2
    assert_no_exception(page)


def test_a_file_over_the_upload_limit_gets_the_apps_message(balancer: Balancer, page: Page,
                                                            tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(b"a\n" + b"1\n" * (tables.MAX_UPLOAD_MB * 2**19 + 1))
    open_page(page, balancer.url + "/drift?src=upload")

    page.get_by_test_id("stFileUploader").nth(0).get_by_test_id("stFileUploaderDropzoneInput").set_input_files(big)

    expect(page.get_by_test_id("stFileUploader").nth(0)).to_contain_text(
        f"File must be {tables.MAX_UPLOAD_MB:.1f}MB or smaller", timeout=UPLOAD_TIMEOUT)


@dataclass
class Student:
    page: Page
    replica: str


def two_students(new_page, balancer: Balancer, alices_link: str, bobs_link: str) -> tuple[Student, Student]:
    """Alice and Bob, each in a browser context of their own, open these links one after the other;
    the balancer puts them on different replicas."""
    students = []
    for link in (alices_link, bobs_link):
        page = new_page()
        students.append(Student(page, open_page(page, balancer.url + link)))
    alice, bob = students
    assert alice.replica != bob.replica, "the second student went to the busy replica"
    return alice, bob


def test_two_students_land_on_different_replicas_and_keep_their_own_state(balancer: Balancer, new_page) -> None:
    alice, bob = two_students(new_page, balancer, "/explore", "/explore")

    step(alice.page, "P: std. dev. σ")
    wait_idle(alice.page)
    step(bob.page, "Q: mean μ", "ArrowLeft")
    wait_idle(bob.page)

    expect_metrics(alice.page, shown(Normal(0, 1.1), DEFAULT_Q))
    expect_metrics(bob.page, shown(DEFAULT_P, Normal(0.9, 2)))
    assert "q_mu=0.9" in bob.page.url and "q_mu" not in alice.page.url
    assert alice.page.reload().headers[REPLICA] == alice.replica
    wait_idle(alice.page)
    expect_metrics(alice.page, shown(Normal(0, 1.1), DEFAULT_Q))


def test_when_a_replica_dies_the_other_keeps_serving_and_its_students_page_carries_on(
        fresh_balancer: Balancer, new_page) -> None:
    """The 1 s bound is on the failover, not on how long a page computes or on the test's own
    browser: Bob is at work on the cat classifier (a light page, and not his first step there),
    and he steps once Alice's page has reconnected, since both pages share this machine's two
    cores and her reconnection (about half a second of Chromium's time) would count as his."""
    alice, bob = two_students(new_page, fresh_balancer, "/explore?p=laplace&p_b=2&q_sigma=3&unit=bits",
                              "/cat-classifier?step=4")
    expect_metrics(alice.page, shown(Laplace(0, 2), Normal(1, 3), "bits"))
    step(bob.page, "Classifier's p(cat)")
    wait_idle(bob.page)

    bobs_next = metric_value(bob.page, "KL(P‖Q)").filter(
        has_text=re.compile(f"^{re.escape(format_value(kl_divergence([1, 0], [0.82, 0.18]), 'nats'))}$"))

    with alice.page.expect_websocket(timeout=15_000):  # her page reconnects, to the living replica
        os.kill(fresh_balancer.replica_pids()[alice.replica], signal.SIGKILL)
    expect(alice.page.get_by_test_id("stApp")).to_have_attribute("data-test-connection-state", "CONNECTED")
    started = time.monotonic()
    step(bob.page, "Classifier's p(cat)")
    bobs_next.wait_for(timeout=10_000)
    took = time.monotonic() - started
    assert took < 1.0, f"Bob's step took {took:.2f} s"

    step(alice.page, "P: scale b")
    wait_idle(alice.page)
    alices_screen = shown(Laplace(0, 2.1), Normal(1, 3), "bits")
    expect_metrics(alice.page, alices_screen)
    response = alice.page.reload()
    wait_idle(alice.page, timeout=60_000)
    assert response.headers[REPLICA] == bob.replica
    expect_metrics(alice.page, alices_screen)
    assert_no_exception(alice.page)


def descendants(pid: int) -> set[int]:
    """The processes below `pid` now, from /proc."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    below, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        below |= frontier
    return below


def test_sigterm_stops_the_balancer_and_every_replica(tmp_path: Path) -> None:
    balancer = served(tmp_path / "stderr.log")
    children = descendants(balancer.pid)
    assert set(balancer.replica_pids().values()) <= children
    assert any("haproxy" in Path(f"/proc/{pid}/comm").read_text() for pid in children)

    stopped_cleanly(balancer)

    assert [pid for pid in children if Path(f"/proc/{pid}").exists()] == []
