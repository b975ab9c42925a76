"""The teachers' page's URL parameters: none, so that any key in a link to it gets a note."""

from kl_app import url

SCHEMA = url.Schema([])
