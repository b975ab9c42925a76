"""Classroom load: N simulated students on one KL Lab server, each moving a slider to a new value every 2 s.

A student is one websocket that speaks Streamlit's own protocol as the browser does (benchmarks/students.py:
rerun_script BackMsgs with every widget's state, the URL query kept as the frontend keeps it, the browser's
cache of large messages and its ref_hash replies), so the server does the work and sends the bytes it would
for Chromium, while no browser runs: what is measured is the server. Students run in this one asyncio process.

For each N (--students): N students connect and open the page, spread over one interval (the first run is not
counted; an error on the opened page is); then for --duration seconds each moves the page's slider (/explore
and /compare: Q's mean q_mu; /cat-classifier, step 2: p(cat) q_cat) to a value of the slider's grid that is
none of its last four, so neither the browser's cache (messages of the last three runs) nor a repeat of the
student's own value makes a step cheap. Steps come every --interval s, the first after a random part of it,
each next one 0.75 to 1.25 intervals later; a student whose step has not finished sends the next one when it
has. Every step is checked: the number labelled KL(P‖Q) received after it (an st.metric, or a reading of the
live panel) must read what kl_core gives for the new value, formatted as the app formats it
(kl_app.formatting.format_value); a mismatch, a missing number, an exception on the page or a step unfinished
after 60 s is an error.

Columns, per N: steps finished per second (N students offer N / 2 per second); ms from sending the step to
receiving the new KL(P‖Q), p50 / p95 / max; ms to script_finished (the whole page sent), p50 / p95; websocket
payload KB received per step (send to script_finished); the server's CPU (user + system from /proc/<pid>/stat
of the server's processes) in ms per step and in % of one core; its resident memory (VmRSS, and VmHWM, the
peak, in parentheses) at the end; this client's own CPU in % of one core (near 100 % the client, not the server,
would be the bottleneck); errors. Then the capacity, the largest N with p95 <= 300 ms and no errors, beside
the targets of issue 11, the errors, and the exceptions in the server's log.

    .venv/bin/python benchmarks/bench_classroom.py --page explore --students 1,10,20 --duration 20
    .venv/bin/python benchmarks/bench_classroom.py --url http://127.0.0.1:8501   # a running server, no CPU/memory
    .venv/bin/python benchmarks/bench_classroom.py --through-balancer --replicas 1,2

Without --url, a fresh server is started as scripts/run starts it (scripts/launch.py) on a free port; with
--through-balancer, for each count in --replicas, that many behind HAProxy as `bash scripts/serve` starts
them, and the capacities are printed side by side at the end (the CPU and memory columns are then the sum
over the replicas and HAProxy).
"""
from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

import kl_core  # noqa: E402
from benchmarks.students import Tab  # noqa: E402
from kl_app.families import FAMILIES  # noqa: E402
from kl_app.formatting import format_value  # noqa: E402
from kl_app.units import base_of  # noqa: E402
from scripts.launch import READY, die_with_parent  # noqa: E402
from scripts.serve import READY as SERVE_READY  # noqa: E402

P95_LIMIT_MS = 300
RECENT = 4  # a student's next value is none of its last RECENT values
STEP_TIMEOUT = 60.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def picked_kl(value: Callable) -> str:
    """KL(P‖Q) of Explore's and Compare's pickers, as shown: `value(url_name)` reads a widget."""
    sides = []
    for side in "pq":
        family = FAMILIES[value(side)]
        sides.append(family.build(**{prm.name: value(f"{side}_{prm.name}") for prm in family.params}))
    unit = value("unit")
    return format_value(kl_core.kl_divergence(*sides, base=base_of(unit)), unit)


def cat_kl(value: Callable) -> str:
    """KL(truth‖prediction) of the cat classifier's example, as shown. The truth is the link's (step=2:
    the default, a cat; it is not a widget but a labelled choice, kl_app.choice): the students move p(cat)."""
    truth = [1.0, 0.0]
    q_cat, unit = value("q_cat"), value("unit")
    return format_value(kl_core.kl_divergence(truth, [q_cat, 1.0 - q_cat], base=base_of(unit)), unit)


@dataclass(frozen=True)
class Lesson:
    path: str  # URL path, e.g. 'explore'
    query: str  # the link's query string
    slider: str  # URL name of the slider the students move
    metric: str  # label of the number checked after each step
    shown: Callable[[Callable], str]  # its text for the widgets' values (a function of URL name -> value)
    capacity_target: int  # students at p95 <= 300 ms (issue 11)
    kb_target: float | None = None  # payload per step (issue 11)
    cpu_target_ms: float | None = None  # server work per step (issue 11)


LESSONS = {
    "explore": Lesson("explore", "p=normal&q=normal", "q_mu", "KL(P‖Q)", picked_kl, 60, 30, 25),
    "compare": Lesson("compare", "p=normal&q=normal", "q_mu", "KL(P‖Q)", picked_kl, 40),
    "cat-classifier": Lesson("cat-classifier", "step=2", "q_cat", "KL(P‖Q)", cat_kl, 40),
}


# --- the target: a server this script starts (or one given by --url), and the processes that are the server


@dataclass
class Target:
    url: str
    pids: Callable[[], list[int]]  # the server's processes, whose CPU and memory are summed; [] if unknown
    stop: Callable[[], None]
    log: Path | None = None  # what the server wrote, if this script started it


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def descendants(root: int) -> list[int]:
    """Every process below `root` (its children, theirs, ...), from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        kids = children.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def started(command: list[str], ready: str, url: str, log: Path, timeout: float = 180.0) -> Target:
    """Run `command` in its own process group and wait for the line `ready` in its output.

    The processes below it are the server: scripts/launch.py's streamlit, or replicas behind a balancer.
    """
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=die_with_parent)

    def stop() -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    deadline = time.monotonic() + timeout
    while ready not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop()
            raise RuntimeError(f"{' '.join(command)} did not get ready:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)
    return Target(url, lambda: descendants(process.pid), stop, log)


def launched_server(log: Path) -> Target:
    """One KL Lab server started as scripts/run starts it (scripts/launch.py), on a free local port."""
    port = free_port()
    return started([sys.executable, "scripts/launch.py", "--server.headless=true", f"--server.port={port}",
                    "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
                    "--server.fileWatcherType=none"], READY, f"http://127.0.0.1:{port}", log)


def balanced_servers(log: Path, replicas: int) -> Target:
    """`replicas` KL Lab servers behind HAProxy, started as `bash scripts/serve` starts them, on a free port."""
    port = free_port()
    return started(["bash", "scripts/serve", "--replicas", str(replicas), "--port", str(port), "--address",
                    "127.0.0.1"], SERVE_READY, f"http://127.0.0.1:{port}", log)


def given_server(url: str) -> Target:
    return Target(url.rstrip("/"), lambda: [], lambda: None)


def tracebacks(log: Path) -> Counter:
    """The exception lines ending the Python tracebacks in a server's log, counted."""
    found: Counter = Counter()
    inside = False
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("Traceback (most recent call last)"):
            inside = True
        elif inside and line and not line[0].isspace():
            found[line] += 1
            inside = False
    return found


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def memory_mb(pids: list[int]) -> tuple[float, float]:
    """(VmRSS, VmHWM) summed over `pids`, in MB."""
    rss = peak = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text().splitlines()
        except OSError:
            continue
        for line in status:
            if line.startswith("VmRSS:"):
                rss += int(line.split()[1])
            elif line.startswith("VmHWM:"):
                peak += int(line.split()[1])
    return rss / 1024, peak / 1024


# --- the students


@dataclass
class Step:
    metric_ms: float | None
    end_ms: float
    kb: float
    error: str | None


def good(steps: list[Step]) -> list[Step]:
    return [s for s in steps if s.error is None]


@dataclass
class Classroom:
    steps: list[Step] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # errors outside steps: opening the page, timeouts


def slider_grid(slider) -> list[float]:
    """Every value the slider can take, rounded to its step's decimals as the browser's slider rounds them."""
    decimals = max(0, -math.floor(math.log10(slider.step) + 1e-9)) if slider.step < 1 else 0
    count = round((slider.max - slider.min) / slider.step)
    return [round(slider.min + i * slider.step, decimals) for i in range(count + 1)]


def checked(run, tab: Tab, lesson: Lesson, value: float) -> Step:
    """The step's numbers, and its first error: the page's own, a missing metric, or a value kl_core disagrees with."""
    error = run.errors[0] if run.errors else None
    shown = run.numbers.get(lesson.metric)
    if error is None and shown is None:
        error = f"{lesson.slider}={value:g}: no {lesson.metric} shown in the run"
    elif error is None and shown[0] != (expected := lesson.shown(tab.value)):
        error = f"{lesson.slider}={value:g}: {lesson.metric} shows {shown[0]!r}, kl_core gives {expected!r}"
    metric_ms = (shown[1] - run.sent) * 1000 if shown is not None else None
    finished = run.finished if run.finished is not None else time.perf_counter()
    return Step(metric_ms, (finished - run.sent) * 1000, run.bytes / 1000, error)


async def student(tab: Tab, lesson: Lesson, rng: random.Random, interval: float, stop_at: float,
                  room: Classroom) -> None:
    """Move the lesson's slider to a new value every `interval` s (jittered) until `stop_at` (perf_counter)."""
    grid = slider_grid(tab.slider(lesson.slider))
    recent = deque([tab.value(lesson.slider)], maxlen=RECENT)
    due = time.perf_counter() + rng.uniform(0, interval)
    while True:
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        if time.perf_counter() >= stop_at:
            return
        value = rng.choice([v for v in grid if v not in recent])
        recent.append(value)
        try:
            run = await asyncio.wait_for(tab.move(lesson.slider, value), STEP_TIMEOUT)
        except TimeoutError:
            room.errors.append(f"{lesson.slider}={value:g}: no script_finished after {STEP_TIMEOUT:g} s; "
                               "student stopped")
            return
        room.steps.append(checked(run, tab, lesson, value))
        if run.finished is None:  # the connection failed
            return
        due += interval * rng.uniform(0.75, 1.25)


async def opened(url: str, lesson: Lesson, delay: float, room: Classroom) -> Tab:
    """A student's tab on the lesson's link, its first run finished and the slider on screen.

    An error on the opened page counts, and the student goes on as one in a browser would: the next step
    reruns the page.
    """
    await asyncio.sleep(delay)
    tab = Tab(url, lesson.path)
    try:
        await tab.connect()
        run = await asyncio.wait_for(tab.open(lesson.query), 120 + STEP_TIMEOUT)
        room.errors += [f"opening the page: {error}" for error in run.errors]
        if tab.slider(lesson.slider) is None:
            raise RuntimeError(f"/{lesson.path}?{lesson.query} has no st.slider bound to {lesson.slider}")
    except BaseException:
        await tab.close()
        raise
    return tab


@dataclass
class Row:
    n: int
    steps: list[Step]  # every step sent in the window, failed ones too
    errors: list[str]  # the steps' errors and those of opening and timeouts
    seconds: float  # the measured window, until the last step sent in it finished
    server_cpu: float | None
    memory: tuple[float, float] | None
    client_cpu: float
    compression: str


async def classroom(target: Target, lesson: Lesson, n: int, duration: float, interval: float,
                    rng: random.Random) -> Row:
    """N students on the target: open the page, then step for `duration` s; the server measured meanwhile."""
    room = Classroom()
    tried = await asyncio.gather(*(opened(target.url, lesson, rng.uniform(0, interval), room) for _ in range(n)),
                                 return_exceptions=True)
    tabs = [tab for tab in tried if isinstance(tab, Tab)]
    room.errors += [f"opening the page: {err!r}" for err in tried if not isinstance(err, Tab)]
    pids = target.pids()
    cpu0, client0, t0 = cpu_seconds(pids), time.process_time(), time.perf_counter()
    await asyncio.gather(*(student(tab, lesson, random.Random(rng.random()), interval, t0 + duration, room)
                           for tab in tabs))
    seconds = time.perf_counter() - t0
    server_cpu = cpu_seconds(pids) - cpu0 if pids else None
    client_cpu = time.process_time() - client0
    memory = memory_mb(pids) if pids else None
    await asyncio.gather(*(tab.close() for tab in tabs))
    errors = room.errors + [s.error for s in room.steps if s.error]
    return Row(n, room.steps, errors, seconds, server_cpu, memory, client_cpu, tabs[0].compression if tabs else "")


# --- the table


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in [0, 100]); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def p95_ms(row: Row) -> float:
    return percentile([s.metric_ms for s in good(row.steps)], 95)


HEADER = (f"{'N':>4} {'steps/s':>8} {'metric p50':>11} {'p95':>6} {'max':>6} {'end p50':>8} {'p95':>6} "
          f"{'KB/step':>8} {'CPU ms/step':>12} {'CPU %':>6} {'RSS MB (peak)':>14} {'client %':>9} {'errors':>7}")


def table_line(row: Row, duration: float) -> str:
    ok = good(row.steps)
    metric, end = [s.metric_ms for s in ok], [s.end_ms for s in ok]
    kb = sum(s.kb for s in ok) / len(ok) if ok else math.nan
    measured = row.server_cpu is not None and row.steps
    cpu_step = f"{row.server_cpu / len(row.steps) * 1000:12.0f}" if measured else f"{'—':>12}"
    cpu_pct = f"{row.server_cpu / row.seconds * 100:6.0f}" if row.server_cpu is not None else f"{'—':>6}"
    memory = f"{row.memory[0]:6.0f} ({row.memory[1]:.0f})" if row.memory else "—"
    client = row.client_cpu / row.seconds * 100 if row.steps else math.nan
    return (f"{row.n:>4} {len(ok) / duration:>8.2f} {percentile(metric, 50):>11.0f} {percentile(metric, 95):>6.0f} "
            f"{max(metric, default=math.nan):>6.0f} {percentile(end, 50):>8.0f} {percentile(end, 95):>6.0f} {kb:>8.1f} "
            f"{cpu_step} {cpu_pct} {memory:>14} {client:>9.0f} {len(row.errors):>7}")


def capacity(rows: list[Row]) -> int | None:
    """The largest N with p95 <= P95_LIMIT_MS to the new number and no errors."""
    passing = [row.n for row in rows if p95_ms(row) <= P95_LIMIT_MS and not row.errors]
    return max(passing) if passing else None


def print_targets(lesson: Lesson, rows: list[Row]) -> None:
    """Capacity, and on /explore bytes and server CPU per step of the smallest N, beside issue 11's targets."""
    most = capacity(rows)
    shown = f"N = {most}" if most else f"none of N = {', '.join(str(r.n) for r in rows)}"
    print(f"\nCapacity (largest N with p95 ≤ {P95_LIMIT_MS} ms to the new {lesson.metric}, no errors): {shown};"
          f" target (issue 11): ≥ {lesson.capacity_target} students on /{lesson.path}")
    first, ok = rows[0], good(rows[0].steps)
    if lesson.kb_target is not None and ok:
        kb = sum(s.kb for s in ok) / len(ok)
        print(f"Payload per step at N = {first.n}: {kb:.1f} KB; target: ≤ {lesson.kb_target:g} KB")
    if lesson.cpu_target_ms is not None and first.server_cpu is not None and first.steps:
        ms = first.server_cpu / len(first.steps) * 1000
        print(f"Server CPU per step at N = {first.n}: {ms:.0f} ms (mean); "
              f"target: server work ≤ {lesson.cpu_target_ms:g} ms median")


def print_scaling(lesson: Lesson, by_replicas: dict[int, list[Row]]) -> None:
    """p95 per N and the capacity for each number of replicas behind the balancer, side by side."""
    counts = [row.n for row in next(iter(by_replicas.values()))]
    print(f"\nThrough HAProxy (scripts/serve), /{lesson.path}: p95 ms to the new {lesson.metric}, and capacity")
    print(f"{'replicas':>8} " + " ".join(f"{f'N={n}':>7}" for n in counts) + "  capacity")
    for replicas, rows in by_replicas.items():
        most = capacity(rows)
        print(f"{replicas:>8} " + " ".join(f"{p95_ms(row):>7.0f}" for row in rows) + f"  {most or 'none'}")


def print_errors(rows: list[Row], shown: int = 5) -> None:
    for row in rows:
        distinct = list(dict.fromkeys(row.errors))
        for error in distinct[:shown]:
            print(f"error at N = {row.n}: {error}")
        if len(distinct) > shown:
            print(f"error at N = {row.n}: … and {len(distinct) - shown} more kinds")


async def measure(target: Target, lesson: Lesson, counts: list[int], duration: float, interval: float,
                  seed: int) -> list[Row]:
    rng = random.Random(seed)
    rows = []
    for n in counts:
        row = await classroom(target, lesson, n, duration, interval, rng)
        if not rows:
            print(f"websocket compression: {row.compression or 'none'}\n\n{HEADER}")
        print(table_line(row, duration), flush=True)
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", choices=LESSONS, default="explore")
    parser.add_argument("--students", default="1,10,20,40,60,80", help="comma-separated N, e.g. 1,10,20")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of steps per N")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between a student's steps")
    parser.add_argument("--url", help="a running KL Lab (http://host:port) instead of a fresh server")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--through-balancer", action="store_true",
                        help="serve through HAProxy with scripts/serve, once per number in --replicas")
    parser.add_argument("--replicas", default="1,2", help="comma-separated replica counts for --through-balancer")
    args = parser.parse_args()
    lesson = LESSONS[args.page]
    counts = [int(n) for n in args.students.split(",")]
    setups = ([(f"{r} replica(s) behind HAProxy", r) for r in map(int, args.replicas.split(","))]
              if args.through_balancer else [("one server", None)])
    by_replicas = {}
    for name, replicas in setups:
        with tempfile.TemporaryDirectory() as tmp:
            log = Path(tmp) / "server.log"
            if args.url:
                target = given_server(args.url)
            elif replicas is None:
                target = launched_server(log)
            else:
                target = balanced_servers(log, replicas)
            try:
                print(f"\n{name}: classroom load on {target.url}/{lesson.path}?{lesson.query}: each student moves "
                      f"{lesson.slider} every {args.interval:g} s (±25 %) for {args.duration:g} s per N; times in ms "
                      f"from sending the step; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} before")
                rows = asyncio.run(measure(target, lesson, counts, args.duration, args.interval, args.seed))
            finally:
                target.stop()
            server_errors = tracebacks(target.log) if target.log else Counter()
        print_targets(lesson, rows)
        print_errors(rows)
        for line, count in server_errors.most_common():
            print(f"server traceback ({count}x): {line}")
        by_replicas[replicas] = rows
    if args.through_balancer:
        print_scaling(lesson, by_replicas)


if __name__ == "__main__":
    main()
