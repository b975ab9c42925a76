"""Drift uploads from bytes to verdict: tables.read_csv + tables.analyse, ours against the old pandas path.

Two cases, each a reference and a current file generated in memory (then handed to the runs
as files in a temporary folder):
  tall  1,000,000 rows x 10 columns, just under the 25 MB limit: 3 float columns, 4 integer
        codes with 3-10 values (categorical) and 3 one-letter text categories; the current
        file is drawn with another seed and a shifted x2;
  wide  60 rows x 5,000 float columns (the same names in both files).
Ours: pages/drift/tables.py as it is (pyarrow's CSV reader, vectorised categories, at most
MAX_COLUMNS columns). Reference: pages/drift/tables.py of commit REFERENCE_COMMIT, the
pandas.read_csv path with per-value categories and the quadratic column matching, loaded from
git as a module (it scores with the same pages.drift.model).

Each run is a fresh Python process: time of read_csv(reference) + read_csv(current) + analyse,
and its peak memory above what it held before (resident set, getrusage; pyarrow's allocations
are invisible to tracemalloc). One run each, no warm-up of the data path; a reference process
still running --reference-timeout seconds after it started (imports included) is stopped and
shown as "> timeout".

    python benchmarks/bench_drift_upload.py [--rows 1000000] [--columns 5000] [--reference-timeout 90]
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REFERENCE_COMMIT = "2b70c73"  # the last commit before the pyarrow reader
SETTINGS = dict(method="quantile", n_bins=10, smoothing=1e-4)


def tall_csv(rows: int, seed: int, shift: float = 0.0) -> bytes:
    rng = np.random.default_rng(seed)

    def tenths(x):
        return np.clip(x, 0, 9.9).round(1)  # one digit, a point, one digit: keeps 10^6 rows under 25 MB

    return pd.DataFrame({
        "x1": tenths(rng.uniform(0, 9.9, rows)), "x2": tenths(rng.normal(5 + shift, 1.5, rows)),
        "x3": tenths(rng.lognormal(0.5, 0.6, rows)),
        "c1": rng.integers(0, 5, rows), "c2": rng.integers(1, 9, rows), "c3": rng.integers(0, 3, rows),
        "c4": rng.integers(0, 10, rows),
        "grade": rng.choice(list("ABCDE"), rows), "plan": rng.choice(list("bpx"), rows),
        "flag": rng.choice(list("yn"), rows),
    }).to_csv(index=False).encode()


def wide_csv(columns: int, seed: int, rows: int = 60) -> bytes:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.normal(size=(rows, columns)).round(3),
                        columns=[f"f{i}" for i in range(columns)]).to_csv(index=False).encode()


def load_tables(which: str):
    if which == "ours":
        from pages.drift import tables
        return tables
    source = subprocess.run(["git", "show", f"{REFERENCE_COMMIT}:pages/drift/tables.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    module = types.ModuleType("reference_tables")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{REFERENCE_COMMIT}:pages/drift/tables.py", "exec"), module.__dict__)  # noqa: S102
    return module


def resident_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def child(which: str, folder: str, case: str) -> None:
    """One timed run in this process; prints its result as JSON."""
    tables = load_tables(which)
    ref, cur = (Path(folder, f"{case}_{side}.csv").read_bytes() for side in ("reference", "current"))
    before = resident_mb()
    start = time.perf_counter()
    analysis = tables.analyse(tables.read_csv("reference.csv", ref), tables.read_csv("current.csv", cur),
                              **SETTINGS)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(json.dumps(dict(seconds=seconds, peak_mb=max(peak - before, 0.0), features=len(analysis.features),
                          psi={f.name: f.scores.psi for f in analysis.features})))


def run(which: str, folder: str, case: str, timeout: float | None) -> dict | None:
    command = [sys.executable, __file__, "--child", which, folder, case]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(label: str, ours: dict, old: dict | None, timeout: float) -> str:
    """One line of the table; a reference stopped at `timeout` shows as "> timeout"."""
    if old is None:
        ref_s, ratio, ref_mb, ref_features = f"> {timeout:g}", f"> {timeout / ours['seconds']:.0f}", "-", "-"
    else:
        ref_s, ratio = f"{old['seconds']:.2f}", f"{old['seconds'] / ours['seconds']:.1f}"
        ref_mb, ref_features = f"{old['peak_mb']:.0f}", old["features"]
    return (f"{label:<34}{ours['seconds']:>10.2f}{ref_s:>10}{ratio:>8}{ours['peak_mb']:>9.0f}{ref_mb:>9}"
            f"{ours['features']:>15}/{ref_features}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--columns", type=int, default=5000)
    parser.add_argument("--reference-timeout", type=float, default=90.0)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)

    with tempfile.TemporaryDirectory() as folder:
        files = {"tall": (tall_csv(args.rows, 0), tall_csv(args.rows, 1, shift=0.1)),
                 "wide": (wide_csv(args.columns, 0), wide_csv(args.columns, 1))}
        for case, pair in files.items():
            for side, data in zip(("reference", "current"), pair):
                Path(folder, f"{case}_{side}.csv").write_bytes(data)
        print(f"Drift upload, read_csv of both files + analyse ({SETTINGS['n_bins']} quantile bins), one run each "
              f"in a fresh process; reference = pandas path of commit {REFERENCE_COMMIT}")
        print(f"{'case':<34}{'ours (s)':>10}{'ref (s)':>10}{'ratio':>8}{'ours MB':>9}{'ref MB':>9}"
              f"{'features ours/ref':>19}")
        for case, (ref_bytes, _) in files.items():
            label = (f"tall {args.rows:,} x 10, {len(ref_bytes) / 2**20:.1f} MB" if case == "tall"
                     else f"wide {args.columns:,} columns, {len(ref_bytes) / 2**20:.1f} MB")
            ours = run("ours", folder, case, None)
            old = run("reference", folder, case, args.reference_timeout)
            print(row(label, ours, old, args.reference_timeout))
            if old is not None:
                shared = ours["psi"].keys() & old["psi"].keys()
                worst = max((abs(ours["psi"][k] - old["psi"][k]) for k in shared), default=0.0)
                print(f"{'':<34}max |PSI ours - reference| over {len(shared)} shared features = {worst:.1e}")
        print("budget: tall under 5 s, wide in a few seconds")


if __name__ == "__main__":
    main()
