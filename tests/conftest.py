"""Shared test settings: in CI, hypothesis runs the same examples every time, so a
failure it finds is reproducible from the log instead of depending on the run."""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")
