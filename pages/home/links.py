"""Home's URL parameters: none, so that any key in a link to Home gets a note."""

from kl_app import url

SCHEMA = url.Schema([])
