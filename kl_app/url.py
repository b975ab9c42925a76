"""URL schemas: every page declares its URL parameters once, and everything else derives from that.

A parameter is a `Number`, a `Choice`, a `Text` or a `Flag` with its URL name, label, default and valid
range or choices. From a page's `Schema` come its widgets (kl_app.ui), the check of a shared
link (`Schema.check`: each bad value is dropped with a note, the last of a repeated key wins),
the teacher-facing table of parameters (`Schema.rows`) and one generated bad-link test per page.

A parameter may apply only while another one has certain values (`when`): on Explore, `p_b`
is Laplace's scale when P is a Laplace and Beta's b when P is a Beta, with different ranges.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

NOTE_VALUE_LENGTH = 40


@dataclass(frozen=True)
class When:
    """The parameter applies only while parameter `key` has one of `values`."""

    key: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Number:
    """A number from `low` to `high` in steps of `step`; an integer when `step` is one."""

    key: str
    label: str
    default: float
    low: float
    high: float
    step: float
    help: str | None = None
    when: When | None = None

    @property
    def integer(self) -> bool:
        return all(float(v).is_integer() for v in (self.default, self.low, self.high, self.step))

    def typed(self, value: float) -> int | float:
        """`value` as the control holds it: an int for an integer parameter."""
        return int(round(value)) if self.integer else float(value)

    def parse(self, raw: str):
        try:
            value = float(raw)
        except ValueError:
            return None
        if not (math.isfinite(value) and self.low <= value <= self.high):
            return None
        if self.integer:
            return int(value) if value.is_integer() else None
        return value

    def describe(self) -> str:
        return f"a number from {self.low:g} to {self.high:g}"


@dataclass(frozen=True)
class Choice:
    """One of `options`, written in the URL as itself; `labels` are what the student reads."""

    key: str
    label: str
    default: str | None
    options: tuple
    labels: tuple[str, ...] | None = None
    help: str | None = None
    when: When | None = None

    def parse(self, raw: str):
        return next((o for o in self.options if str(o) == raw), None)

    def describe(self) -> str:
        if self.labels:
            return "one of " + ", ".join(f"{o} ({label})" for o, label in zip(self.options, self.labels))
        return "one of " + ", ".join(map(str, self.options))


@dataclass(frozen=True)
class Text:
    """Free text of at most `max_length` characters that `validate` accepts (None: any)."""

    key: str
    label: str
    default: str
    max_length: int = 200
    validate: Callable[[str], object] | None = None
    help: str | None = None
    when: When | None = None

    def parse(self, raw: str):
        if not raw.strip() or len(raw) > self.max_length:
            return None
        if self.validate is not None:
            try:
                self.validate(raw)
            except ValueError:
                return None
        return raw

    def describe(self) -> str:
        return f"text of at most {self.max_length} characters"


@dataclass(frozen=True)
class Flag:
    """On or off: `true` or `false` in the URL, as Streamlit's bound toggle writes it; a link may
    also say `1` or `0`, which the link check rewrites."""

    key: str
    label: str
    default: bool = False
    help: str | None = None
    when: When | None = None

    def parse(self, raw: str):
        return {"true": "true", "1": "true", "false": "false", "0": "false"}.get(raw.strip().lower())

    def describe(self) -> str:
        return "true or false"


Param = Number | Choice | Text | Flag


def question(key: str, label: str, *answers: str) -> Choice:
    """A 'predict, then reveal' question (kl_app.ui.predict): no answer until the student picks one of `answers`."""
    return Choice(key, label, None, answers)


@dataclass(frozen=True)
class Correction:
    """What `Schema.check` decided about one URL key: the value to keep (None: drop) and a note."""

    key: str
    keep: str | None
    note: str | None


class Schema:
    """The URL parameters of one page, in the order the page shows its controls."""

    def __init__(self, params: Iterable[Param]):
        self.params = tuple(params)
        self.keys = tuple(dict.fromkeys(p.key for p in self.params))

    def __iter__(self):
        return iter(self.params)

    def __getitem__(self, key: str) -> Param:
        """The parameter `key`; for a key with variants, the one that applies by default."""
        variants = [p for p in self.params if p.key == key]
        if not variants:
            raise KeyError(key)
        return variants[0]

    def variant(self, key: str, values: dict[str, str]) -> Param | None:
        """The parameter `key` that applies when the page's other parameters are `values`."""
        for p in self.params:
            if p.key == key and (p.when is None or values.get(p.when.key, str(self[p.when.key].default)) in p.when.values):
                return p
        return None

    def check(self, query: dict[str, list[str]]) -> list[Correction]:
        """The corrections a shared link needs: bad values dropped with a note, last repeat kept.

        `query` maps each URL key to all its values, in order. Keys that are not this page's are
        dropped with a note too. Controlling keys are checked first, so that a parameter is
        judged by the variant that applies to the link's own choices.
        """
        settled: dict[str, str] = {}
        out = []
        order = sorted(query, key=lambda k: (not any(p.when and p.when.key == k for p in self.params), k))
        for key in order:
            values = query[key]
            raw = values[-1] if values else ""
            shown = literal(f"{key}={raw}")
            if key not in self.keys:
                out.append(Correction(key, None, f"The link's {shown} is not a setting of this page; ignored."))
                continue
            param = self.variant(key, settled)
            if param is None:
                owner = next(p.when for p in self.params if p.key == key and p.when)
                out.append(Correction(key, None, f"The link's {shown} does not apply while {owner.key} = "
                                                 f"{settled.get(owner.key, self[owner.key].default)}; ignored."))
                continue
            value = param.parse(raw)
            if value is None:
                out.append(Correction(key, None, f"The link's {shown} is not a valid {param.label} "
                                                 f"({param.describe()}); using {_show(param.default)}."))
                continue
            settled[key] = str(value)
            spelled = value if isinstance(value, str) else raw  # a Flag's `1` becomes `true`
            if len(values) > 1 or spelled != raw:
                out.append(Correction(key, spelled, None))
        return out

    def rows(self) -> list[dict[str, str]]:
        """One row per parameter for the teachers' documentation: name, meaning, values, default."""
        return [{
            "parameter": p.key,
            "meaning": p.label + (f" (when {p.when.key} is {' or '.join(p.when.values)})" if p.when else ""),
            "values": p.describe(),
            "default": _show(p.default),
        } for p in self.params]


    def markdown(self) -> str:
        """The parameters as a Markdown table (the README's and the teachers' reference)."""
        rows = self.rows()
        if not rows:
            return "No parameters."
        lines = ["| parameter | meaning | values | default |", "|---|---|---|---|"]
        lines += [f"| `{r['parameter']}` | {r['meaning']} | {r['values']} | `{r['default']}` |" for r in rows]
        return "\n".join(lines)


def _show(value) -> str:
    if value is None:
        return "no answer"
    if isinstance(value, bool):
        return str(value).lower()
    return f"{value:g}" if isinstance(value, float) else str(value)


def literal(raw: str, limit: int = NOTE_VALUE_LENGTH) -> str:
    """`raw` as an inert Markdown code span, cut to `limit` characters.

    A link's value is echoed back in notes; inside a code span nothing is a link, an image or
    formatting, and a backtick in the value (which could close the span) is shown as ˋ.
    """
    cut = raw if len(raw) <= limit else raw[: limit - 1] + "…"
    return "`" + " ".join(cut.replace("`", "ˋ").split()) + "`"
