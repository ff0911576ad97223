"""Shared pytest fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Tests read English unless they choose a language (i18n.use): a developer's zh_CN locale must
# not change what the suite sees; commands run as subprocesses inherit this too.
os.environ["ROSTER_LANG"] = "en"

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
