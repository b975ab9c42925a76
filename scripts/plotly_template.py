"""Write static/plotly-template.json, KL Lab's chart template (kl_app.theme), for the live panel's
charts to fetch: python scripts/plotly_template.py"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kl_app.assets import STATIC  # noqa: E402
from kl_app.theme import TEMPLATE_FILE, TEMPLATE_JSON  # noqa: E402


def text() -> str:
    return json.dumps(TEMPLATE_JSON, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    (STATIC / TEMPLATE_FILE).write_text(text())
