"""Broker URLs: a password never shown, a URL that is not Redis a named error (no Redis needed)."""

from __future__ import annotations

import pytest

from extractor.errors import ExtractorError
from extractor.server.redis_tasks import BrokerURLError, connect, redacted


def test_passwords_are_redacted():
    assert redacted("redis://:hunter2@cache:6379/0") == "redis://:***@cache:6379/0"
    assert redacted("rediss://app:hunter2@cache/1") == "rediss://app:***@cache/1"
    assert redacted("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


@pytest.mark.parametrize("url", ["http://127.0.0.1:6379", "127.0.0.1:6379", "amqp://:hunter2@rabbit/"])
def test_a_url_that_is_not_redis_is_a_named_error(url):
    with pytest.raises(BrokerURLError) as caught:
        connect(url)
    assert isinstance(caught.value, ExtractorError) and isinstance(caught.value, ValueError)
    assert "expected redis://" in str(caught.value) and "hunter2" not in str(caught.value)
