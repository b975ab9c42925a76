"""A teacher's deep link on a freshly started server: page load start to the painted number.

For each link, a new KL Lab server is started as `scripts/run` starts it (scripts/launch.py: the
process is up and has run app.py once, no browser has connected), then a new Chromium context
opens the link. In the page, a MutationObserver stamps the first DOM change after which the
named metric (an st.metric, a live panel's reading or its first paint) shows a digit, and the next
animation frame after it (the number is painted); the time is `performance.now()` at that frame,
i.e. milliseconds since the navigation started. A second visitor on the same, now warm, server is
timed the same way.

Reference: a bare Streamlit app (one `st.metric`, no pages, no navigation) started the same way,
the floor of a Streamlit page load on this machine.

    python benchmarks/bench_deep_link.py [--runs 3]

Target (issue 10): under 2 s on a fresh server for each link.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT  # noqa: E402
from tests.browser.helpers import StreamlitServer  # noqa: E402

LINKS = [
    ("explore", "/explore?p=laplace&p_b=2&q=normal", "KL(P‖Q)"),
    ("compare", "/compare?p=normal&q=normal&q_mu=2", "TV(P, Q)"),
    ("cat-classifier", "/cat-classifier?step=2&q_cat=0.6", "KL(P‖Q)"),
    ("reference: bare st.metric app", "/", "KL(P‖Q)"),
]

REFERENCE_APP = '''
import streamlit as st

st.metric("KL(P‖Q)", "0.4431 nats")
'''

PAINT_JS = """
(() => {
  const label = %s;
  // An st.metric, a reading of the live panel (kl_app/live.py) that Explore and Compare use, or the
  // server's first paint of those readings ("KL(P‖Q) 0.4431 nats · …") before the panel has loaded.
  const shown = () => [...document.querySelectorAll('[data-testid="stMetric"], [data-testid="klReading"]')].some(m => {
    const l = m.querySelector('[data-testid="stMetricLabel"], [data-testid="klReadingLabel"]');
    const v = m.querySelector('[data-testid="stMetricValue"], [data-testid="klReadingValue"]');
    return l && v && l.textContent.trim() === label && /\\d/.test(v.textContent);
  }) || [...document.querySelectorAll('[class*="st-key-kl_panel_"] [data-testid="stMarkdown"]')].some(m =>
    m.checkVisibility() && m.textContent.split(" · ").some(r => r.startsWith(label + " ") && /\\d/.test(r)));
  const observer = new MutationObserver(() => {
    if (window.__klPainted === undefined && shown()) {
      window.__klPainted = null;
      observer.disconnect();
      requestAnimationFrame(() => { window.__klPainted = performance.now(); });
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();
"""


def painted_ms(browser: Browser, url: str, label: str) -> float:
    """Milliseconds from navigation start to the frame that paints `label`'s number."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(PAINT_JS % json.dumps(label))
    page = context.new_page()
    page.goto(url, wait_until="commit")
    page.wait_for_function("typeof window.__klPainted === 'number'", timeout=60_000)
    value = page.evaluate("window.__klPainted")
    context.close()
    return value


def measure(browser: Browser, root: Path, link: str, label: str, logs: Path) -> tuple[float, float]:
    """(first visitor on a fresh server, second visitor on the same server), in ms."""
    server = StreamlitServer(logs / "server.log", root=root)
    server.start()
    try:
        return painted_ms(browser, server.url + link, label), painted_ms(browser, server.url + link, label)
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh servers per link")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        logs = Path(tmp)
        reference_root = logs / "reference"
        reference_root.mkdir()
        (reference_root / "app.py").write_text(REFERENCE_APP)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"Deep link to the painted number, {args.runs} fresh servers per link (ms since navigation start)\n")
        print(f"{'link':<40} {'fresh: median':>14} {'max':>7} {'warm: median':>13}")
        for name, link, label in LINKS:
            root = reference_root if name.startswith("reference") else Path(__file__).resolve().parents[1]
            runs = [measure(browser, root, link, label, logs) for _ in range(args.runs)]
            fresh, warm = [r[0] for r in runs], [r[1] for r in runs]
            print(f"{name + ' ' + (link if link != '/' else ''):<40} {statistics.median(fresh):>14.0f} "
                  f"{max(fresh):>7.0f} {statistics.median(warm):>13.0f}")
        browser.close()
        print("\nTarget: under 2000 ms on a fresh server for each KL Lab link.")


if __name__ == "__main__":
    main()
