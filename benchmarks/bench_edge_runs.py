"""The slowest widget settings we know of: the time of one page run there, budgeted work vs all at once.

Each setting runs in a fresh Python process (kl_core, streamlit and the page's modules already
imported) through Streamlit's AppTest, after the page has run once at its defaults (a server that
has served the page; `--cold` skips that). "budgeted" is the app as it is: sweeps and the GAN's
saturation curve are computed kl_app.progressive.BUDGET_S at a time, the panel asking for the
rest; "all at once" is the same page with an unlimited budget, as it computed them before
(the pages without such work show the same number twice).
Issue 14's target: every run under 1 s.

    .venv/bin/python benchmarks/bench_edge_runs.py [--cold] [--repeat 3] [--page drift ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pages.limitations.links import TABS  # noqa: E402

SETTINGS = [
    ("compare", "p=mixture&q=mixture&q_w1=0.05&q_sigma1=0.1&q_sigma2=5"),
    ("compare", "p=normal&p_mu=5&p_sigma=5&q=mixture&q_w1=0.95&q_mu1=5&q_sigma1=5&q_mu2=5&q_sigma2=5"),
    ("compare", "p=beta&p_a=0.2&p_b=0.2&q=beta&q_a=10&q_b=0.2"),
    ("explore", "p=mixture&q=beta&q_a=0.2&q_b=10"),
    ("explore", "p=mixture&q=mixture&q_w1=0.05&q_sigma1=0.1&q_sigma2=5"),
    ("gan", "real=bimodal&loss=minimax&steps=2000"),
    ("gan", "real=bimodal&loss=minimax&steps=2000&sigma=0.2&mu=-10"),
    ("limitations", urlencode({"tab": TABS[3], "w1": 0.1, "modes": 5, "unit": "bits"})),
    ("drift", "n_ref=1000000&n_cur=1000000"),
]

DRIVER = r"""
import json, math, sys, time
from urllib.parse import parse_qsl
import kl_core, streamlit
from streamlit.testing.v1 import AppTest
from kl_app import progressive
page, query, warm, all_at_once = sys.argv[1], dict(parse_qsl(sys.argv[2])), sys.argv[3] == "1", sys.argv[4] == "1"
if all_at_once:
    progressive.BUDGET_S = math.inf
app = "app.py"
at = AppTest.from_file(app, default_timeout=600).run()
if warm:
    at.switch_page(f"pages/{page}/page.py").run()
    at = AppTest.from_file(app, default_timeout=600).run()
for key, value in query.items():
    at.query_params[key] = value
at.switch_page(f"pages/{page}/page.py")
began = time.perf_counter()
at.run()
print(json.dumps({"seconds": time.perf_counter() - began, "errors": [str(e.value) for e in at.exception]}))
"""


def one_run(page: str, query: str, warm: bool, all_at_once: bool) -> float:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", DRIVER, page, query, str(int(warm)), str(int(all_at_once))],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["errors"]:
        raise SystemExit(f"/{page}?{query}: {result['errors']}")
    return result["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", action="store_true", help="no run of the page at its defaults first")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each setting (the median is shown)")
    parser.add_argument("--page", action="append", help="only this page's settings (repeatable)")
    args = parser.parse_args()
    print(f"One page run at each setting, median of {args.repeat}, {'cold' if args.cold else 'warm'} process (s)\n")
    print(f"| {'setting':<95} | budgeted | all at once |")
    print(f"|{'-' * 97}|---------:|-----------:|")
    worst = 0.0
    for page, query in SETTINGS:
        if args.page and page not in args.page:
            continue
        budgeted, whole = (statistics.median(one_run(page, query, not args.cold, all_at_once)
                                             for _ in range(args.repeat)) for all_at_once in (False, True))
        worst = max(worst, budgeted)
        print(f"| {f'/{page}?{query}':<95} | {budgeted:8.2f} | {whole:10.2f} |", flush=True)
    print(f"\nslowest budgeted run: {worst:.2f} s (target: under 1 s)")


if __name__ == "__main__":
    main()
