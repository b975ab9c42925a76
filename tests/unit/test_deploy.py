"""deploy/: the Kubernetes manifest and the Dockerfile do what the tested local set-up does.

`bash scripts/serve` (HAProxy from deploy/haproxy.cfg.template in front of replicas started with
scripts/launch.py) is what the balancer's browser tests run. The Dockerfile and the manifest
cannot be run here, so they are checked against it: health path and port, the affinity cookie,
how fast a dead replica leaves rotation, the websocket timeout and the body limit.
"""

import json
import re
import tomllib
from pathlib import Path

import yaml

from scripts.launch import HEALTH, option
from scripts.serve import REPLICA_OPTIONS, STREAMLIT_CONFIG, body_limit_mb, haproxy_config

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
HAPROXY = haproxy_config("127.0.0.1", 8501, [8601, 8602])
MANIFEST = {document["kind"]: document for document in yaml.safe_load_all((DEPLOY / "kubernetes.yaml").read_text())}
CONTAINER = MANIFEST["Deployment"]["spec"]["template"]["spec"]["containers"][0]
ANNOTATIONS = MANIFEST["Ingress"]["metadata"]["annotations"]
INGRESS = "nginx.ingress.kubernetes.io/"
DOCKERFILE = (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ")
SECONDS = {"s": 1, "m": 60, "h": 3600}


def haproxy_setting(keyword: str) -> list[str]:
    """The words after `keyword` on its line of the filled-in HAProxy config."""
    match = re.search(rf"^\s*{keyword}\s+(.*)$", HAPROXY, re.MULTILINE)
    assert match, f"no {keyword!r} line in deploy/haproxy.cfg.template"
    return match.group(1).split()


def seconds(duration: str) -> int:
    """An HAProxy duration such as 1s or 1h, in seconds."""
    return int(duration[:-1]) * SECONDS[duration[-1]]


def dockerfile(instruction: str) -> str:
    """The arguments of the Dockerfile's (only) `instruction`."""
    lines = re.findall(rf"^{instruction}\s+(.*)$", DOCKERFILE, re.MULTILINE)
    assert len(lines) == 1, f"deploy/Dockerfile has {len(lines)} {instruction} lines"
    return lines[0]


def test_the_haproxy_config_has_one_server_line_per_replica() -> None:
    servers = re.findall(r"^\s*server (.*)$", HAPROXY, re.MULTILINE)
    assert servers == ["r1 127.0.0.1:8601 cookie r1", "r2 127.0.0.1:8602 cookie r2"]
    assert haproxy_setting("bind") == ["127.0.0.1:8501"]


def test_every_probe_asks_the_path_and_port_haproxy_checks() -> None:
    assert haproxy_setting("option httpchk") == ["GET", HEALTH]
    port = CONTAINER["ports"][0]["containerPort"]
    for probe in ("readinessProbe", "livenessProbe"):
        assert CONTAINER[probe]["httpGet"] == {"path": HEALTH, "port": port}
    assert MANIFEST["Service"]["spec"]["ports"][0]["targetPort"] == port
    assert f"'http://127.0.0.1:{port}{HEALTH}'" in dockerfile("HEALTHCHECK")
    assert dockerfile("EXPOSE") == str(port)


def test_a_pod_leaves_the_service_as_fast_as_a_replica_leaves_haproxy() -> None:
    check = haproxy_setting("default-server")
    readiness = CONTAINER["readinessProbe"]
    assert seconds(check[check.index("inter") + 1]) == readiness["periodSeconds"]
    assert int(check[check.index("fall") + 1]) == readiness["failureThreshold"]
    assert int(check[check.index("rise") + 1]) == readiness["successThreshold"]


def test_the_ingress_keeps_a_browser_on_its_pod_with_haproxys_cookie() -> None:
    assert haproxy_setting("cookie")[:2] == ["KLLAB_REPLICA", "insert"]
    assert ANNOTATIONS[INGRESS + "affinity"] == "cookie"
    assert ANNOTATIONS[INGRESS + "session-cookie-name"] == haproxy_setting("cookie")[0]


def test_websockets_get_haproxys_tunnel_timeout() -> None:
    tunnel = seconds(haproxy_setting("timeout tunnel")[0])
    assert int(ANNOTATIONS[INGRESS + "proxy-read-timeout"]) == tunnel
    assert int(ANNOTATIONS[INGRESS + "proxy-send-timeout"]) == tunnel


def test_both_balancers_pass_every_upload_the_app_accepts_and_no_larger_body() -> None:
    app_limit_mb = tomllib.loads(STREAMLIT_CONFIG.read_text())["server"]["maxUploadSize"]
    assert body_limit_mb() > app_limit_mb
    assert f"gt {body_limit_mb() * 2**20} }}" in HAPROXY
    assert ANNOTATIONS[INGRESS + "proxy-body-size"] == f"{body_limit_mb()}m"


def test_the_container_runs_a_replica_as_scripts_serve_does_on_the_probed_port() -> None:
    command = json.loads(dockerfile("CMD"))
    assert command[:2] == ["python", "scripts/launch.py"]
    assert option(command, "server.port", "") == str(CONTAINER["ports"][0]["containerPort"])
    assert option(command, "server.address", "") == "0.0.0.0"
    assert command[-len(REPLICA_OPTIONS):] == REPLICA_OPTIONS
    assert dockerfile("RUN pip install") == "-r requirements.txt"


def test_the_container_runs_as_the_non_root_user_the_manifest_expects() -> None:
    user = MANIFEST["Deployment"]["spec"]["template"]["spec"]["securityContext"]
    assert user["runAsNonRoot"] is True
    assert dockerfile("USER") == str(user["runAsUser"]) != "0"
    assert f"--uid {user['runAsUser']} " in dockerfile("RUN useradd")
