"""The page registry: one folder per lesson under pages/, each registered once, URLs unchanged.

No script may sit directly in pages/: Streamlit's legacy multipage lookup would then serve a
deep link on a freshly started server from that file alone instead of through app.py.
"""

from pathlib import Path

from kl_app.site_map import PAGES

ROOT = Path(__file__).resolve().parents[2]
# Every URL ever shared in the README keeps working.
PUBLISHED_URLS = ("", "explore", "cat-classifier", "compare", "limitations", "drift", "vae", "gan", "teachers")


def test_every_page_is_a_folder_with_its_page_script():
    for entry in PAGES:
        script = ROOT / entry.script
        assert script.is_file() and script.name == "page.py", entry.script


def test_every_lesson_folder_is_registered_and_no_script_sits_directly_in_pages():
    registered = {entry.script for entry in PAGES}
    assert {f"pages/{d.name}/page.py" for d in (ROOT / "pages").iterdir() if (d / "page.py").is_file()} == registered
    assert not list((ROOT / "pages").glob("*.py"))


def test_published_urls_are_kept_unique_and_home_is_first():
    assert tuple(e.url_path for e in PAGES) == PUBLISHED_URLS
