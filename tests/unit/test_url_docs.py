"""The README's URL-parameter reference is generated from the pages' schemas, so it cannot go stale."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_reference_matches_the_schemas():
    spec = importlib.util.spec_from_file_location("url_docs", ROOT / "scripts" / "url_docs.py")
    url_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(url_docs)
    readme = (ROOT / "README.md").read_text()
    assert url_docs.START in readme and url_docs.END in readme
    assert url_docs.updated(readme) == readme, "run: .venv/bin/python scripts/url_docs.py"
