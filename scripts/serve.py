"""Serve KL Lab to a class: N Streamlit replicas behind HAProxy on one machine.

    python -m scripts.serve [--replicas N] [--port P] [--address A]

(`bash scripts/serve` runs it after installing the venv and Debian's haproxy.)

Why replicas: one Streamlit process runs Python on one core at a time, so a lecture hall needs
several processes, and every browser's websocket, uploads and media must reach the process that
holds its session. So this starts N replicas on free loopback ports, each started and warmed as
scripts/launch.py does (app.py has run once before the first visitor), and then HAProxy on the
public port with deploy/haproxy.cfg.template: a cookie keeps each browser on its replica, health
checks on /_stcore/health take a dead replica out of rotation within about two seconds, and a
student whose replica died is sent to a living one, where the page rebuilds its screen from the
URL.

It writes on stderr, for operators and for scripts that wait on it (the tests do):

    serve: replica r1 pid 1234 at http://127.0.0.1:40123
    serve: KL Lab is ready at http://127.0.0.1:8501 with 2 replicas

and then HAProxy's alerts (a replica going DOWN or UP) and a line for any replica that exits; the
others keep serving. SIGINT or SIGTERM stops the balancer and every replica, then exits 0; the
children also stop if this process is killed outright.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from string import Template

from scripts.launch import die_with_parent, local_url, start, wait_healthy, wait_ready

REPO_ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = REPO_ROOT / "deploy" / "haproxy.cfg.template"
STREAMLIT_CONFIG = REPO_ROOT / ".streamlit" / "config.toml"
HAPROXY = "/usr/sbin/haproxy"
READY = "serve: KL Lab is ready at"
# Streamlit streams an upload of up to maxUploadSize plus 1 MB of multipart framing.
MULTIPART_MARGIN_MB = 1
# How every replica runs, here and in deploy/Dockerfile: no browser to open, no files to watch.
REPLICA_OPTIONS = ["--server.headless", "true", "--server.fileWatcherType", "none"]
STARTUP_TIMEOUT = 120.0
STOP_TIMEOUT = 10.0


class Stopped(BaseException):
    """SIGINT or SIGTERM arrived (a BaseException, as KeyboardInterrupt, so no `except Exception`
    on the way swallows it)."""


@dataclass
class Replica:
    name: str
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def body_limit_mb(config: Path = STREAMLIT_CONFIG) -> int:
    """The largest request body the balancer passes on, in MB: the app's upload limit
    (server.maxUploadSize in .streamlit/config.toml) plus the framing of a multipart upload."""
    return tomllib.loads(config.read_text())["server"]["maxUploadSize"] + MULTIPART_MARGIN_MB


def haproxy_config(address: str, port: int, replica_ports: list[int]) -> str:
    """deploy/haproxy.cfg.template filled in for a balancer on `address:port` and these replicas."""
    servers = "\n".join(f"    server r{i} 127.0.0.1:{p} cookie r{i}" for i, p in enumerate(replica_ports, 1))
    return Template(TEMPLATE.read_text()).substitute(
        address=address, port=port, max_body_bytes=body_limit_mb() * 2**20, servers=servers)


def free_ports(count: int) -> list[int]:
    """`count` distinct loopback ports that nothing listens on now."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def can_listen(address: str, port: int) -> bool:
    """Whether nothing listens on `address:port` now (HAProxy would fail to bind otherwise)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError:
            return False
    return True


def say(message: str) -> None:
    print(f"serve: {message}", file=sys.stderr, flush=True)


def start_replica(name: str, port: int) -> Replica:
    """Start a replica on 127.0.0.1:`port`; it warms up while the others start (see `wait_ready`)."""
    args = ["--server.port", str(port), "--server.address", "127.0.0.1", *REPLICA_OPTIONS]
    # stdout only says "You can now view your Streamlit app" with the private URL.
    return Replica(name, port, start(args, cwd=REPO_ROOT, stdout=subprocess.DEVNULL))


def start_balancer(config: Path) -> subprocess.Popen:
    """HAProxy in the foreground (master-worker), stopped if this process dies."""
    return subprocess.Popen([HAPROXY, "-W", "-db", "-f", str(config)], stdin=subprocess.DEVNULL,
                            preexec_fn=die_with_parent)


def supervise(balancer: subprocess.Popen, replicas: list[Replica]) -> int:
    """Report replicas that exit while the balancer runs; once it exits, its exit code (1 for 0:
    it never stops by itself)."""
    running = list(replicas)
    while balancer.poll() is None:
        for replica in [r for r in running if r.process.poll() is not None]:
            running.remove(replica)
            say(f"replica {replica.name} (pid {replica.process.pid}) exited with code "
                f"{replica.process.returncode}; {len(running)} of {len(replicas)} replicas keep serving")
        time.sleep(0.5)
    say(f"the balancer exited with code {balancer.returncode}; stopping the replicas")
    return balancer.returncode or 1


def stop(processes: list[subprocess.Popen]) -> None:
    """SIGTERM every process still running, then SIGKILL those that outlive STOP_TIMEOUT."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_TIMEOUT
    for process in processes:
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve(replica_count: int, address: str, port: int) -> int:
    """Start the replicas and the balancer, serve until stopped; the exit code."""
    if not can_listen(address, port):
        say(f"something already listens on {address}:{port}; choose another --port")
        return 1
    replicas: list[Replica] = []
    balancer: subprocess.Popen | None = None
    try:
        for i, replica_port in enumerate(free_ports(replica_count), 1):
            replicas.append(start_replica(f"r{i}", replica_port))
        for replica in replicas:
            if not wait_ready(replica.url, replica.process, STARTUP_TIMEOUT):
                say(f"replica {replica.name} exited or was not healthy within {STARTUP_TIMEOUT:.0f} s")
                return 1
            say(f"replica {replica.name} pid {replica.process.pid} at {replica.url}")
        with tempfile.TemporaryDirectory(prefix="kl-lab-serve-") as config_dir:
            config = Path(config_dir) / "haproxy.cfg"
            config.write_text(haproxy_config(address, port, [r.port for r in replicas]))
            balancer = start_balancer(config)
            url = local_url(["--server.address", address, "--server.port", str(port)])
            if not wait_healthy(url, balancer, STARTUP_TIMEOUT):
                say(f"the balancer did not answer at {url}")
                return 1
            say(f"KL Lab is ready at {url} with {replica_count} replicas")
            return supervise(balancer, replicas)
    except Stopped:
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop(([balancer] if balancer else []) + [r.process for r in replicas])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bash scripts/serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=len(os.sched_getaffinity(0)),
                        help="how many Streamlit processes (default: the number of cores)")
    parser.add_argument("--port", type=int, default=8501, help="the public port (default: 8501)")
    parser.add_argument("--address", default="0.0.0.0",
                        help="the public address (default: 0.0.0.0, every interface)")
    options = parser.parse_args(argv)
    if options.replicas < 1:
        parser.error("--replicas must be at least 1")

    def stopped(_signum: int, _frame) -> None:
        raise Stopped

    signal.signal(signal.SIGINT, stopped)
    signal.signal(signal.SIGTERM, stopped)
    return serve(options.replicas, options.address, options.port)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
