"""A screen as a link: the page's address with every control that is not at its default, and its QR code.

The link is built from the controls' values and the page's URL schema, not read back from the
browser, so it is the same canonical link for the same screen, whatever order the student moved
things in; opening it sets every control as it was (kl_app.url parses it back).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

import segno

from kl_app import url


def query(schema: url.Schema, values: Mapping[str, object]) -> str:
    """The query string of the screen whose controls hold `values` (by URL key): non-defaults only.

    A key whose parameter does not apply with the other values (`url.When`) is left out.
    """
    settled: dict[str, str] = {}
    pairs = []
    for key in schema.keys:
        if key not in values or values[key] is None:
            continue
        param = schema.variant(key, settled)
        if param is None:
            continue
        written = _written(param, values[key])
        settled[key] = written
        if written != _written(param, param.default):
            pairs.append((key, written))
    return urlencode(pairs)


def link(base_url: str, url_path: str, schema: url.Schema, values: Mapping[str, object]) -> str:
    """The full link: `base_url`'s scheme and host, the page's `url_path`, and `query`."""
    parts = urlsplit(base_url)
    q = query(schema, values)
    return f"{parts.scheme}://{parts.netloc}/{url_path}" + (f"?{q}" if q else "")


def qr_png(text: str) -> bytes:
    """`text` as a QR code PNG: error correction M (readable with 15 % of it lost to glare), 10 px
    modules and the standard 4-module quiet zone, for a phone across a classroom."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def _written(param: url.Param, value) -> str:
    if value is None:
        return ""
    if isinstance(param, url.Number):
        return str(int(value)) if param.integer else f"{float(value):.12g}"
    return str(value)
