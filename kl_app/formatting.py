"""How numbers are written on screen, in captions and in LaTeX: the one home of number formatting.

Rules everywhere: ∞ is written ∞ (\\infty in LaTeX), never 'inf'; a missing value (NaN: no valid
distribution there) is written —, never 'nan'; a value that rounds to zero has no minus sign
(0.000, not −0.000); a tiny non-zero divergence keeps its digits in scientific form.
"""

from __future__ import annotations

import math


def fixed(value: float, digits: int) -> str:
    """`value` with `digits` decimals, ∞ for infinity, — for NaN, and no minus sign when it rounds to zero."""
    if math.isnan(value):
        return "—"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def format_value(value: float, unit: str = "", digits: int = 4) -> str:
    """'0.2231 nats', '∞' (the same in every unit), '3.2e-07 bits'; `unit` may be '' for unitless distances."""
    if math.isinf(value):
        return "∞"
    if math.isnan(value):
        return "—"
    if value != 0 and abs(value) < 10 ** -digits:
        text = f"{value:.{digits - 2}e}"
    else:
        text = fixed(value, digits)
    return f"{text} {unit}".strip()


def short(value: float, significant: int = 4) -> str:
    """A probability or a value as written in a formula or on a bar: 0.8, 0.2231, ∞."""
    if not math.isfinite(value):
        return fixed(value, 0)
    text = f"{value:.{significant}g}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def tex_number(value: float, digits: int = 4) -> str:
    r"""A number in a LaTeX formula with `digits` decimals: \infty for infinity, no negative zero."""
    return r"\infty" if math.isinf(value) else fixed(value, digits)


def tex_short(value: float, significant: int = 4) -> str:
    r"""`short` for LaTeX: 0.8, 0.2231, \infty."""
    return r"\infty" if math.isinf(value) else short(value, significant)


def tex_value(value: float, unit: str, digits: int = 4) -> str:
    r"""A value with its unit in LaTeX: 0.2231\ \text{nats}; \infty alone (the same in every unit)."""
    return r"\infty" if math.isinf(value) else rf"{fixed(value, digits)}\ \text{{{unit}}}"


_MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()<>#+-.!|~$:&")
# Markdown turns a bare https://…, www.… or name@host into a link; a word joiner (invisible) stops that.
_AUTOLINKS = (("://", ":\u2060//"), ("www.", "www\u2060."), ("@", "\u2060@"))


def inert(text: str) -> str:
    r"""User-provided `text` (a file name, a column name, a category) for Markdown, shown literally.

    Every character Markdown, LaTeX ($) or Streamlit's :directives: could act on is backslash-escaped
    (CommonMark allows escaping any ASCII punctuation), bare URLs and e-mail addresses are kept from
    becoming links, and line breaks become spaces: a column named "[x](https://evil.example)" or
    "**$x$**" is shown as written, never as a link or formatting.
    """
    text = " ".join(str(text).split())
    for pattern, broken in _AUTOLINKS:
        text = text.replace(pattern, broken)
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in text)
