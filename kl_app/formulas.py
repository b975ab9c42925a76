"""LaTeX of KL's definition with the current numbers substituted, for the pages to display."""

from __future__ import annotations


import numpy as np

import kl_core
from kl_app.formatting import tex_short, tex_value
from kl_app.units import LOG_TEX



def kl_latex(p, q, value: float, unit: str, first: str = "P", second: str = "Q") -> str:
    """KL(first‖second) written out for two distributions or two probability vectors."""
    log = LOG_TEX[unit]
    lhs = rf"\mathrm{{KL}}({first}\,\|\,{second})"
    a, b = first.lower(), second.lower()
    if isinstance(p, kl_core.Categorical) and isinstance(q, kl_core.Categorical):
        p, q = np.array(p.probs), np.array(q.probs)
    if isinstance(p, np.ndarray):
        terms = " + ".join(
            rf"{tex_short(pi)}\,{log}\frac{{{tex_short(pi)}}}{{{tex_short(qi)}}}" for pi, qi in zip(p, q) if pi > 0)
        zeros = r"\ (\text{terms with } " + a + r"_i = 0 \text{ are } 0)" if (p == 0).any() else ""
        return rf"{lhs} = \sum_i {a}_i {log}\frac{{{a}_i}}{{{b}_i}} = {terms}{zeros} = {tex_value(value, unit)}"
    if isinstance(p, kl_core.Normal) and isinstance(q, kl_core.Normal):
        to_unit = "" if unit == "nats" else r"\Big/\ln 2"
        return (rf"{lhs} = \Big[\ln\frac{{\sigma_{second}}}{{\sigma_{first}}} + "
                rf"\frac{{\sigma_{first}^2 + (\mu_{first} - \mu_{second})^2}}{{2\sigma_{second}^2}} - \frac12\Big]{to_unit}"
                rf" = \Big[\ln\frac{{{tex_short(q.sigma)}}}{{{tex_short(p.sigma)}}} + "
                rf"\frac{{{tex_short(p.sigma)}^2 + ({tex_short(p.mu)} - {tex_short(q.mu)})^2}}{{2\cdot {tex_short(q.sigma)}^2}}"
                rf" - \frac12\Big]{to_unit} = {tex_value(value, unit)}")
    if p.discrete:
        return rf"{lhs} = \sum_k {a}(k)\,{log}\frac{{{a}(k)}}{{{b}(k)}} = {tex_value(value, unit)}"
    return rf"{lhs} = \int {a}(x)\,{log}\frac{{{a}(x)}}{{{b}(x)}}\,dx = {tex_value(value, unit)}"
