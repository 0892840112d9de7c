"""One embedded recognizer for the session, and each test marked by its folder.

`tests/unit` needs no model (seconds), `tests/engine` runs the embedded models on images,
`tests/e2e` runs whole paths: photos, the command line, the server (minutes). Run the fast
subset with ``pytest tests/unit`` (or ``-m unit``); ``pytest`` runs all.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.recognizers.embedded import EmbeddedRecognizer

_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        folder = Path(str(item.path)).resolve().parent
        if folder.parent == _HERE and folder.name in ("unit", "engine", "e2e"):
            item.add_marker(folder.name)


@pytest.fixture(scope="session")
def embedded() -> EmbeddedRecognizer:
    return EmbeddedRecognizer()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server for the session, on a free loopback port (stopped at the end)."""
    from tests.redisproc import RedisServer

    server = RedisServer(tmp_path_factory.mktemp("redis"))
    try:
        yield server.url
    finally:
        server.stop()
