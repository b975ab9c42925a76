"""Every divergence kl_core knows, by key, in display order. Adding one is one module and one line here."""

from kl_core.divergence import Divergence
from kl_core.hellinger import HELLINGER
from kl_core.js import JS
from kl_core.kl import KL
from kl_core.tv import TV

DIVERGENCES: dict[str, Divergence] = {d.key: d for d in (KL, JS, HELLINGER, TV)}
