"""Home: the three-sentence definition and a link to every other page of the lab."""

from kl_app.site_map import PAGES
from tests.app.conftest import open_page


def test_home_links_every_page():
    at = open_page("pages/home/page.py")
    text = " ".join(m.value for m in at.markdown)
    assert "KL(P‖Q)" in text and "not symmetric" in text
    links = [el for el in at.get("page_link")]
    assert [link.proto.page for link in links] == [entry.url_path for entry in PAGES[1:]]
    captions = {c.value for c in at.caption}
    assert all(entry.summary in captions for entry in PAGES[1:])
