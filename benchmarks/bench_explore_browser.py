"""Explore's slider latency in a real Chromium: key press to the new KL(P‖Q) on screen.

For each server configuration (Streamlit's defaults, and with the garbage collection after
every run switched off, the same option as `streamlit run --runner.postScriptGC=false`) and for
two Explore set-ups (Normal vs Normal: closed form; two-Normal mixture vs Normal: quadrature),
one Chromium tab focuses P's σ slider thumb and presses ArrowRight and ArrowLeft in turn. In the
page, a keydown listener stamps the press and a MutationObserver on the main area stamps the
first DOM change after which the KL(P‖Q) metric reads differently; the latency is the gap
between the two (the page's performance clock, so Playwright's own round-trips do not count).
Alternating keys means the sweep chart's cached data is reused after the first two presses;
those two are a warm-up, and the first one (a sweep not yet cached) is reported on its own.

Reference: a bare Streamlit app with the same slider and metric and nothing else, the floor of
a Streamlit rerun on this machine.

The server side alone: the same page run in-process through Streamlit's AppTest, the time of
`at.run()` after a change of the same slider (the whole run, with AppTest's bookkeeping).

    python benchmarks/bench_explore_browser.py [--steps 30] [--runs 20]

Target: median <= 100 ms from key press to the new value on this 2-core machine.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import Page, sync_playwright  # noqa: E402
from streamlit import config  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from tests.app.conftest import open_page  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT  # noqa: E402
from tests.browser.helpers import RUN_TRACKER_JS, StreamlitServer, open_app, wait_idle  # noqa: E402

METRIC = "KL(P‖Q)"
WARM_UP = 2
STEP = 0.1
GC_OFF = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}  # the config option as an environment variable
CONFIGS = [("default", {}), ("postScriptGC=false", GC_OFF)]

REFERENCE_APP = '''
import math
import streamlit as st

sigma = st.slider("P: std. dev. σ", 0.1, 5.0, 1.0, 0.1, key="p_sigma")
st.metric("KL(P‖Q)", f"{math.log(2 / sigma) + (sigma ** 2 + 1) / 8 - 0.5:.4f} nats")
'''


@dataclass(frozen=True)
class Setup:
    name: str
    query: dict[str, str] | None  # Explore's URL query; None for the reference app
    slider: str  # label of P's σ slider
    key: str  # its widget key
    default: float


SETUPS = [
    Setup("Explore: Normal vs Normal", {}, "P: std. dev. σ", "p_sigma", 1.0),
    Setup("Explore: mixture vs Normal", {"p": "mixture"}, "P: std. dev. σ₁", "p_sigma1", 0.7),
    Setup("reference: bare slider + metric", None, "P: std. dev. σ", "p_sigma", 1.0),
]

ARM_JS = """
(label) => {
  const shown = () => {
    const metric = [...document.querySelectorAll('[data-testid="stMetric"]')].find(
      (m) => m.querySelector('[data-testid="stMetricLabel"]')?.textContent.trim() === label);
    return metric?.querySelector('[data-testid="stMetricValue"]')?.textContent ?? null;
  };
  const bench = { before: shown(), pressed: null, changed: null, text: null };
  window.__klBench = bench;
  document.addEventListener("keydown", (event) => { bench.pressed = event.timeStamp; },
                            { capture: true, once: true });
  const observer = new MutationObserver(() => {
    const now = shown();
    if (bench.pressed !== null && now !== null && now !== bench.before) {
      bench.changed = performance.now();
      bench.text = now;
      observer.disconnect();
    }
  });
  observer.observe(document.querySelector('[data-testid="stMain"]'),
                   { subtree: true, childList: true, characterData: true });
}
"""


@contextmanager
def environment(extra: dict[str, str]) -> Iterator[None]:
    """Environment variables set for the block (a subprocess started in it keeps them)."""
    saved = os.environ.copy()
    os.environ.update(extra)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def metric_value(page: Page):
    metric = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(METRIC, exact=True))
    return metric.get_by_test_id("stMetricValue")


def key_steps(page: Page, slider: str, steps: int) -> tuple[list[float], int]:
    """Latencies in ms of `steps` alternating key presses, and how many first changes were not final."""
    thumb = page.get_by_test_id("stSlider").filter(has_text=slider).get_by_role("slider")
    latencies, not_final = [], 0
    for i in range(steps):
        page.evaluate(ARM_JS, METRIC)
        thumb.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        page.wait_for_function("() => window.__klBench.changed !== null", timeout=30_000)
        wait_idle(page)
        bench = page.evaluate("() => window.__klBench")
        latencies.append(bench["changed"] - bench["pressed"])
        not_final += bench["text"] != metric_value(page).text_content()
    return latencies, not_final


def browser_rows(steps: int, reference_root: Path) -> dict[tuple[str, str], dict]:
    rows = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for config_name, env in CONFIGS:
            logs = Path(tempfile.mkdtemp(prefix="bench_explore_"))
            servers = {"explore": StreamlitServer(logs / "explore.log"),
                       "reference": StreamlitServer(logs / "reference.log", root=reference_root)}
            try:
                with environment(env):
                    for server in servers.values():
                        server.start()
                for setup in SETUPS:
                    if setup.query is None:
                        url = servers["reference"].url
                    else:
                        url = f"{servers['explore'].url}/explore?{urlencode(setup.query)}"
                    context = browser.new_context(viewport=VIEWPORT)
                    context.add_init_script(RUN_TRACKER_JS)
                    page = context.new_page()
                    open_app(page, url)
                    metric_value(page).wait_for()  # lazily loaded element code may still be on its way
                    warm, _ = key_steps(page, setup.slider, WARM_UP)
                    latencies, not_final = key_steps(page, setup.slider, steps)
                    rows[config_name, setup.name] = dict(first=warm[0], latencies=latencies, not_final=not_final)
                    context.close()
            finally:
                for server in servers.values():
                    server.stop()
            for server in servers.values():
                if "Traceback" in server.stderr():
                    sys.exit(f"a server logged a traceback:\n{server.stderr()}")
        browser.close()
    return rows


def server_rerun_ms(runs: int) -> dict[tuple[str, str], float]:
    """Median in-process `at.run()` time after a slider change, per configuration and set-up."""
    medians = {}
    for config_name, env in CONFIGS:
        config.set_option("runner.postScriptGC", env != GC_OFF)
        for setup in SETUPS:
            if setup.query is None:
                at = AppTest.from_string(REFERENCE_APP).run()
            else:
                at = open_page("pages/explore.py", setup.query)
            times = []
            for i in range(WARM_UP + runs):
                at.slider(key=setup.key).set_value(round(setup.default + STEP * ((i + 1) % 2), 10))
                start = time.perf_counter()
                at.run()
                times.append(time.perf_counter() - start)
                assert not at.exception, [e.value for e in at.exception]
            medians[config_name, setup.name] = statistics.median(times[WARM_UP:]) * 1e3
    config.set_option("runner.postScriptGC", True)
    return medians


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=30, help="measured key presses per set-up")
    parser.add_argument("--runs", type=int, default=20, help="measured AppTest reruns per set-up")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing; install Debian's chromium package")
    # AppTest runs the page's st.cache_data outside a session; Streamlit warns about that each run.
    logging.getLogger("streamlit").setLevel(logging.ERROR)

    with tempfile.TemporaryDirectory(prefix="bench_reference_") as reference_root:
        (Path(reference_root) / "app.py").write_text(REFERENCE_APP)
        browser = browser_rows(args.steps, Path(reference_root))
    server = server_rerun_ms(args.runs)

    print(f"## Key press on P's σ thumb to the new {METRIC} on screen "
          f"({args.steps} presses each; server rerun: median of {args.runs} AppTest runs)\n")
    print("| server config | page | median | p90 | max | 1st press (sweep not cached) "
          "| server rerun (AppTest) | first change not final |")
    print("|---|---|---|---|---|---|---|---|")
    for config_name, _env in CONFIGS:
        for setup in SETUPS:
            row = browser[config_name, setup.name]
            ms = row["latencies"]
            first = "n/a" if setup.query is None else f"{row['first']:.0f} ms"
            print(f"| {config_name} | {setup.name} | {statistics.median(ms):.0f} ms | {p90(ms):.0f} ms "
                  f"| {max(ms):.0f} ms | {first} | {server[config_name, setup.name]:.0f} ms | {row['not_final']} |")
    print(f"\ntarget: median <= 100 ms from key press to the new value ({os.cpu_count()} CPUs here)")


if __name__ == "__main__":
    main()
