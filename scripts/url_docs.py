"""Rewrite the README's URL-parameter reference from the pages' schemas: python scripts/url_docs.py"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kl_app.site_map import url_reference  # noqa: E402

START, END = "<!-- url-parameters:start -->", "<!-- url-parameters:end -->"


def updated(readme: str) -> str:
    return re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: f"{START}\n{url_reference()}\n{END}",
                  readme, flags=re.S)


if __name__ == "__main__":
    path = ROOT / "README.md"
    path.write_text(updated(path.read_text()))
