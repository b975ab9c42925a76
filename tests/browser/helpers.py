"""Helpers for the browser tests: server subprocesses (`streamlit run`, scripts/serve) and waits on
the app's runs.

Why the waits watch the WebSocket: right after a click the page still says
`data-test-script-state="notRunning"` until the server answers, and a fast run can go
running -> notRunning within one React commit, so the DOM alone cannot tell "idle" from
"rerun not started yet". `RUN_TRACKER_JS` (installed in every page by the `page` fixture)
stamps, in one sequence, the last `rerun_script` request the page sent (BackMsg field 11), the
last `new_session` received (ForwardMsg field 4, sent when a run starts) and the last
`script_finished` received (ForwardMsg field 6) that ends a run rather than hands it over to a
rerun. The app is idle when a run that started after the last request has finished and the
DOM shows the finished state. `requests` counts the rerun requests sent.
"""

import re
import socket
from collections.abc import Callable
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from scripts.launch import READY, die_with_parent
from scripts.serve import READY as SERVE_READY

REPO_ROOT = Path(__file__).resolve().parents[2]

RUN_TRACKER_JS = """
(() => {
  const FINISHED_EARLY_FOR_RERUN = 2;
  const runs = { seq: 0, requested: 0, started: 0, finished: 0, requests: 0 };
  window.__klLabRuns = runs;

  // Top-level protobuf fields of one message: Map(field number -> last varint value, or true).
  const topLevelFields = (data) => {
    const bytes = data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const fields = new Map();
    let i = 0;
    const varint = () => {
      let value = 0, scale = 1, byte;
      do { byte = bytes[i++]; value += (byte & 0x7f) * scale; scale *= 128; } while (byte & 0x80);
      return value;
    };
    while (i < bytes.length) {
      const tag = varint(), field = Math.floor(tag / 8), wireType = tag % 8;
      if (wireType === 0) fields.set(field, varint());
      else if (wireType === 1) { i += 8; fields.set(field, true); }
      else if (wireType === 2) { const length = varint(); i += length; fields.set(field, true); }
      else if (wireType === 5) { i += 4; fields.set(field, true); }
      else break;
    }
    return fields;
  };

  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (!(event.data instanceof ArrayBuffer)) return;
        const fields = topLevelFields(event.data);
        if (fields.has(4)) runs.started = ++runs.seq;
        if (fields.has(6) && fields.get(6) !== FINISHED_EARLY_FOR_RERUN) runs.finished = ++runs.seq;
      });
    }
    send(data) {
      const binary = data instanceof ArrayBuffer || ArrayBuffer.isView(data);
      if (binary && topLevelFields(data).has(11)) { runs.requested = ++runs.seq; runs.requests++; }
      super.send(data);
    }
  };
})();
"""

APP_IDLE_JS = """
() => {
  const runs = window.__klLabRuns;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!runs || !app) return false;
  const state = app.getAttribute("data-test-script-state");
  return runs.started > runs.requested
    && runs.finished > runs.started
    && app.getAttribute("data-test-connection-state") === "CONNECTED"
    && (state === "notRunning" || state === "compilationError")
    && document.querySelector('[data-testid="stStatusWidgetRunningIcon"]') === null
    // Elements whose code loads on demand (metrics, plotly) show a skeleton until it arrives.
    && document.querySelector('[data-testid="stSkeleton"]') === null
    // A live panel (static/live.js) draws a run, then may ask for more (a sweep, a slider's frames).
    && document.querySelector(".kl-live[data-busy]") === null;
}
"""

NEXT_FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def wait_idle(page: Page, timeout: float = 30_000) -> None:
    """Wait until every rerun the page has requested has run and the page shows its result, and
    every live panel has drawn its run and asks for no more.

    Call it after any interaction that may rerun the script (widget change, sidebar link).
    It returns at once when nothing was requested, so an input that commits on Enter or blur
    must get its Enter (or lose focus) first. `timeout` is in milliseconds.
    The check is repeated after two animation frames, so React has committed the last run.
    """
    deadline = time.monotonic() + timeout / 1000
    while True:
        remaining_ms = max((deadline - time.monotonic()) * 1000, 1)  # 0 would mean "no timeout"
        page.wait_for_function(APP_IDLE_JS, timeout=remaining_ms)
        page.evaluate(NEXT_FRAMES_JS)
        if page.evaluate(APP_IDLE_JS):
            return


def open_app(page: Page, url: str, timeout: float = 60_000) -> None:
    """Navigate to `url` and wait until the app's first run has finished and rendered."""
    page.goto(url)
    wait_idle(page, timeout=timeout)


def metric_value(page: Page, label: str) -> Locator:
    """The shown value of the st.metric, or of the live panel's reading (kl_app.live), labelled exactly `label`."""
    metric = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )
    reading = page.get_by_test_id("klReading").filter(
        has=page.get_by_test_id("klReadingLabel").get_by_text(label, exact=True)
    )
    return metric.get_by_test_id("stMetricValue").or_(reading.get_by_test_id("klReadingValue"))


def reading_note(page: Page, label: str) -> Locator:
    """The note under the live panel's reading labelled exactly `label` (e.g. the reason for an ∞)."""
    reading = page.get_by_test_id("klReading").filter(
        has=page.get_by_test_id("klReadingLabel").get_by_text(label, exact=True)
    )
    return reading.get_by_test_id("klReadingNote")


READINGS_JS = """
(labels) => labels.map((label) => {
  const reading = [...document.querySelectorAll('[data-testid="klReading"]')].find(
    (r) => r.querySelector('[data-testid="klReadingLabel"]').textContent === label);
  return reading ? reading.querySelector('[data-testid="klReadingValue"]').textContent : null;
})
"""


def drag_slider(page: Page, key: str, labels: list[str], steps: int = 12, dx: float = 12,
                at_each: Callable[[float], None] = lambda value: None, every_frame: bool = False
                ) -> dict[float, tuple[str, ...]]:
    """Hold the mouse on the thumb of the slider with key `key` and move it `steps` times by `dx` px.

    Waits, after grabbing, until the live panel (kl_app.live) that shows `labels` has the slider's frames (with
    `every_frame`, all of them: they come in batches, nearest positions first). Returns
    {slider value: the readings `labels` show} seen during the drag, each taken at the next painted
    frame after a move (`at_each(value)` runs there too), and releases the mouse.
    """
    slider = page.locator(f".st-key-{key}")
    thumb = slider.get_by_test_id("stSliderThumbValue").bounding_box()
    x, y = thumb["x"] + thumb["width"] / 2, thumb["y"] + 1.6 * thumb["height"]  # the thumb is under its label
    page.mouse.move(x, y)
    page.mouse.down()
    panel = page.locator(".kl-live").filter(has=page.get_by_test_id("klReadingLabel").get_by_text(labels[0], exact=True))
    expect(panel).to_have_attribute("data-complete" if every_frame else "data-frames",
                                    re.compile(rf"(^|\s){re.escape(key)}(\s|$)"), timeout=30_000)
    seen = {}
    for step in range(1, steps + 1):
        page.mouse.move(x + dx * step, y)
        page.evaluate(NEXT_FRAMES_JS)
        value = float(slider.locator("input[type=range]").get_attribute("value"))
        seen[value] = tuple(page.evaluate(READINGS_JS, labels))  # all at once: frames may land in between
        at_each(value)
    page.mouse.up()
    return seen


def assert_no_exception(page: Page) -> None:
    """Assert the page shows no exception box and no script compilation error."""
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stApp")).not_to_have_attribute(
        "data-test-script-state", "compilationError"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerProcess:
    """A server subprocess run from `root` with its stderr in `stderr_path`; it is ready once its
    stderr shows `ready`. Subclasses set `name`, `command`, `ready` and `url`."""

    name: str
    command: list[str]
    ready: str
    url: str

    def __init__(self, stderr_path: Path, root: Path = REPO_ROOT) -> None:
        self.root = root
        self._stderr_path = stderr_path
        self._stderr = open(stderr_path, "wb")
        self._process: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        return self._process.pid

    def start(self, timeout: float = 60.0) -> None:
        """Start the command and wait at most `timeout` s until it says it is ready."""
        self._process = subprocess.Popen(
            self.command,
            cwd=self.root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            preexec_fn=die_with_parent if sys.platform == "linux" else None,
        )
        deadline = time.monotonic() + timeout
        while self.ready not in self.stderr():
            if self._process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with code {self._process.returncode}:\n{self.stderr()}")
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"{self.name} not ready after {timeout} s:\n{self.stderr()}")
            try:
                self._process.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                pass

    def stderr(self, start: int = 0) -> str:
        """What the server wrote to stderr, from byte offset `start`."""
        with open(self._stderr_path, "rb") as written:
            written.seek(start)
            return written.read().decode(errors="replace")

    def stderr_size(self) -> int:
        return self._stderr_path.stat().st_size

    def stop(self) -> int | None:
        """Terminate the server (kill it if it ignores SIGTERM for 10 s); its exit code."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._stderr.close()
        return None if self._process is None else self._process.returncode


class StreamlitServer(ServerProcess):
    """KL Lab served by scripts/launch.py from `root` on a free local port, stderr to `stderr_path`.

    `start` starts it as scripts/run does and waits until it is ready: healthy and warmed up
    (app.py has run once, in the launcher's own check). No browser has connected yet, so the
    first page load is the first visitor a freshly deployed server gets.
    """

    name = "streamlit"
    ready = READY

    def __init__(self, stderr_path: Path, root: Path = REPO_ROOT) -> None:
        super().__init__(stderr_path, root)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [
            sys.executable, str(REPO_ROOT / "scripts" / "launch.py"),
            "--server.headless=true",
            f"--server.port={self.port}",
            "--server.address=127.0.0.1",
            "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none",
        ]


class Balancer(ServerProcess):
    """KL Lab as `bash scripts/serve --replicas N` on a free local port: N replicas behind HAProxy.

    Ready when scripts/serve says so: every replica warmed up and the balancer answering.
    """

    name = "scripts/serve"
    ready = SERVE_READY

    def __init__(self, stderr_path: Path, replicas: int = 2) -> None:
        super().__init__(stderr_path)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = ["bash", str(REPO_ROOT / "scripts" / "serve"), "--replicas", str(replicas),
                        "--port", str(self.port), "--address", "127.0.0.1"]

    def replica_pids(self) -> dict[str, int]:
        """Each replica's process id by its name in the balancer (r1, r2, …), as scripts/serve logged it."""
        return {name: int(pid) for name, pid in re.findall(r"serve: replica (r\d+) pid (\d+)", self.stderr())}
