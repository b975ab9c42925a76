"""Start one KL Lab server (`streamlit run app.py`) and make it ready before its first visitor.

    python scripts/launch.py [streamlit run options...]

Why a launcher: the design keeps a `pages/` folder next to app.py, and Streamlit treats the very
first session of a process as a legacy `pages/` app: it finds no page for a deep link such as
/explore, opens a "Page not found" dialog over the (correct) page, and only then runs app.py,
whose `st.navigation` ends the legacy mode for the whole process. So the launcher makes that
first session itself: it enables Streamlit's script health check, and once `/_stcore/health`
answers it requests `/_stcore/script-health-check`, which runs app.py once. Students then never
see the dialog.

The launcher forwards SIGINT and SIGTERM to the server, stops it if the launcher dies, and exits
with the server's exit code. It serves the app.py of the current directory. scripts/run, the
browser tests and the benchmarks start servers with it; scripts/serve.py starts its replicas with
`start` and `wait_ready`.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

HEALTH = "/_stcore/health"
WARM_UP = "/_stcore/script-health-check"
READY = "launch: KL Lab is ready at"


def option(args: list[str], name: str, default: str) -> str:
    """The value of `--name value` or `--name=value` in `args`, else `default`."""
    for i, arg in enumerate(args):
        if arg == f"--{name}" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    return default


def local_url(args: list[str]) -> str:
    """Where this machine reaches the server that `streamlit run` starts with these options."""
    port = option(args, "server.port", os.environ.get("STREAMLIT_SERVER_PORT", "8501"))
    address = option(args, "server.address", os.environ.get("STREAMLIT_SERVER_ADDRESS", "127.0.0.1"))
    if address in ("", "0.0.0.0", "::"):
        address = "127.0.0.1"
    base = option(args, "server.baseUrlPath", "").strip("/")
    return f"http://{address}:{port}" + (f"/{base}" if base else "")


def answers(url: str, timeout: float) -> bool:
    """True when GET `url` returns 200 within `timeout` seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def wait_healthy(url: str, process: subprocess.Popen, timeout: float) -> bool:
    """Wait until GET `url` + /_stcore/health answers 200; False if `process` exits first or after
    `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not answers(url + HEALTH, timeout=2):
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def wait_ready(url: str, server: subprocess.Popen, timeout: float = 120.0) -> bool:
    """Wait for the health check, then run app.py once through the script health check.

    Returns False if the server exited or did not become healthy within `timeout` seconds.
    """
    deadline = time.monotonic() + timeout
    if not wait_healthy(url, server, timeout):
        return False
    if not answers(url + WARM_UP, timeout=max(deadline - time.monotonic(), 1)):
        print(f"launch: {WARM_UP} did not answer 200; the first visitor may see a 'Page not found' "
              "dialog.", file=sys.stderr)
    return True


def die_with_parent() -> None:
    """Run in a forked child before exec: SIGTERM it when its parent dies, even by SIGKILL."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def start(args: list[str], **popen_options) -> subprocess.Popen:
    """Start `streamlit run app.py [args]` with the script health check on (see `wait_ready`).

    The server is stopped if this process dies; `popen_options` go to subprocess.Popen.
    """
    return subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py",
                             "--server.scriptHealthCheckEnabled=true", *args],
                            preexec_fn=die_with_parent if sys.platform == "linux" else None,
                            **popen_options)


def main(args: list[str]) -> int:
    server = start(args)

    def forward(signum: int, _frame) -> None:
        server.send_signal(signum)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    url = local_url(args)
    if wait_ready(url, server):
        print(f"{READY} {url}", file=sys.stderr, flush=True)
    return server.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
