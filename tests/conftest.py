"""Settings shared by every test.

With the CI environment variable set, Hypothesis loads its "ci" profile by itself. This pins the
two settings the project relies on there, on top of Hypothesis's own "ci" profile: the same
examples on every run (derandomize) and no per-example deadline (the CI machine is small and
shared).
"""

from hypothesis import settings

settings.register_profile("ci", settings.get_profile("ci"), deadline=None, derandomize=True)
