"""Home: the three-sentence definition and a link to every other page of the lab."""

from streamlit.testing.v1 import AppTest

from kl_app.site_map import PAGES
from tests.app.conftest import APP, open_page, url_notes


def test_home_links_every_page():
    at = open_page("pages/home/page.py")
    text = " ".join(m.value for m in at.markdown)
    assert "KL(P‖Q)" in text and "not symmetric" in text
    links = [el for el in at.get("page_link")]
    assert [link.proto.page for link in links] == [entry.url_path for entry in PAGES[1:]]
    captions = {c.value for c in at.caption}
    assert all(entry.summary in captions for entry in PAGES[1:])


def test_a_link_with_any_key_gets_a_note():
    at = AppTest.from_file(APP, default_timeout=60)  # Home is the app's first page: open it straight from the link
    at.query_params["unit"] = "bits"
    at.run()
    assert not at.exception
    assert any("KL divergence in three sentences" in m.value for m in at.markdown)
    assert "`unit=bits` is not a setting of this page" in url_notes(at)
    assert "unit" not in at.query_params
