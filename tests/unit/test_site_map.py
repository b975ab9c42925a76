"""The page registry keeps deep links working on a freshly started server.

Until app.py has run once, Streamlit resolves a URL such as /cat-classifier against the file
names in pages/; a page whose URL differs from its file name would get a 'Page not found' box.
"""

from pathlib import Path

from kl_app.site_map import PAGES

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_exists_and_its_url_is_its_file_name():
    for entry in PAGES:
        script = ROOT / entry.script
        assert script.is_file(), entry.script
        assert entry.url_path in ("", script.stem), (entry.url_path, script.stem)


def test_every_page_script_is_registered():
    registered = {entry.script for entry in PAGES}
    assert {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")} == registered


def test_urls_are_unique_and_home_is_first():
    assert PAGES[0].url_path == "" and len({e.url_path for e in PAGES}) == len(PAGES)
