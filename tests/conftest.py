"""Settings shared by every test.

With the CI environment variable set, hypothesis runs the "ci" profile: derandomized (the same
examples on every run) and without per-example deadlines (the CI machine is small and shared).
"""

import os

from hypothesis import settings

settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)

if os.environ.get("CI"):
    settings.load_profile("ci")
