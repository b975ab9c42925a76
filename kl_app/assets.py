"""The files in static/, which Streamlit serves at app/static/ (.streamlit/config.toml), by address.

A page run sends every element again, so code and styles go by address, which the browser fetches
once and caches (the digest in the address changes with the file), not inline in each run's
messages.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "static"


@functools.cache
def address(name: str) -> str:
    """'app/static/<name>?v=<digest>', relative to the page's base URI."""
    digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:12]
    return f"app/static/{name}?v={digest}"


def stylesheet(name: str) -> str:
    """HTML for st.html: a style element that loads static/<name>."""
    return f'<style>@import url("{address(name)}");</style>'


def component_loader(script: str, style: str | None = None) -> str:
    """A Streamlit component's JavaScript that links static/<style> (once per page) and hands the
    component to static/<script>'s default export."""
    link = "" if style is None else (
        f"  const css = new URL({json.dumps(address(style))}, document.baseURI).href;\n"
        "  if (!document.querySelector(`link[href=\"${css}\"]`)) {\n"
        "    const link = Object.assign(document.createElement(\"link\"), {rel: \"stylesheet\", href: css});\n"
        "    document.head.appendChild(link);\n"
        "  }\n")
    return ("export default function (component) {\n" + link +
            f"  return import(new URL({json.dumps(address(script))}, document.baseURI))\n"
            "    .then((module) => module.default(component));\n"
            "}\n")
