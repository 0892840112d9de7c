"""A recognizer that sends the request to any RecognizeRegions endpoint over HTTP.

The Aspose.OCR Cloud v5 API or this project's own server (`extractor serve`):
token from /connect/token (cached, renewed on expiry or on one 401), submit, poll
with backoff until done, then delete the task so results do not linger.
"""

from __future__ import annotations

import base64
import binascii
import logging
import random
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import httpx

from ..errors import AuthenticationError, RecognizerError, RequestError
from ..request import RecognizeRegionsRequest
from . import RegionResult
from .spelling import Speller

logger = logging.getLogger(__name__)

REGIONS_PATH = "/v5.0/ocr/RecognizeRegions"
DONE = ("Completed", "Error", "NotExist")


class HttpRecognizer:
    """Reads regions through a remote RecognizeRegions endpoint.

    `timeout` bounds one whole `recognize` call (submit, polling, results); connection
    errors, 5xx and 503/429 answers are retried up to `retries` times with backoff.
    """

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        token_url: str | None = None,
        timeout: float = 120.0,
        retries: int = 3,
        poll_interval: float = 0.05,
        max_poll_interval: float = 1.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token_url = token_url or f"{self.base_url}/connect/token"
        self._credentials = (client_id, client_secret)
        self.timeout = timeout
        self.retries = retries
        self.poll_interval = poll_interval
        self.max_poll_interval = max_poll_interval
        self._client = httpx.Client(timeout=httpx.Timeout(30.0, connect=10.0), transport=transport,
                                    headers={"User-Agent": "id-field-extractor"})
        self._token: str | None = None
        self._token_expires = 0.0
        self.speller = Speller()

    def __repr__(self) -> str:  # never show the secret
        return f"HttpRecognizer({self.base_url!r}, client_id={self._credentials[0]!r})"

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpRecognizer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def recognize(self, request: RecognizeRegionsRequest) -> list[RegionResult]:
        return spelled_here(request, self._recognize, self.speller)

    def _recognize(self, request: RecognizeRegionsRequest) -> list[RegionResult]:
        deadline = time.monotonic() + self.timeout
        submitted = self._call("POST", REGIONS_PATH, deadline, content=request.to_json().encode(),
                               headers={"Content-Type": "application/json", "Accept": "text/plain"})
        task_id = submitted.text.strip().strip('"')
        try:
            answer = self._wait(task_id, deadline)
        finally:
            self._forget(task_id, deadline)
        status = answer.get("taskStatus")
        if status != "Completed":
            messages = (answer.get("error") or {}).get("messages") or []
            raise RecognizerError(f"task {task_id} ended {status}: {'; '.join(messages) or 'no detail'}")
        return _results(request, answer.get("results") or [], answer.get("confidences"), task_id)

    def _wait(self, task_id: str, deadline: float) -> dict[str, Any]:
        interval = self.poll_interval
        while True:
            answer: dict[str, Any] = self._call("GET", REGIONS_PATH, deadline, params={"id": task_id},
                                                headers={"Accept": "application/json"}).json()
            if answer.get("taskStatus") in DONE:
                return answer
            if time.monotonic() + interval > deadline:
                raise RecognizerError(f"task {task_id} not done after {self.timeout:.0f} s")
            time.sleep(interval)
            interval = min(self.max_poll_interval, interval * 1.5)

    def _forget(self, task_id: str, deadline: float) -> None:
        try:
            self._call("DELETE", REGIONS_PATH, deadline + 10, params={"id": task_id})
        except RecognizerError as exc:  # the result expires on its own anyway
            logger.info("could not delete task %s: %s", task_id, type(exc).__name__)

    # -- transport ------------------------------------------------------------------
    def _call(self, method: str, path: str, deadline: float, *, headers: dict[str, str] | None = None,
              **kwargs: Any) -> httpx.Response:
        renewed = False
        attempt = 0
        while True:
            sent = {**(headers or {}), "Authorization": f"Bearer {self._bearer(deadline)}"}
            try:
                response = self._client.request(method, self.base_url + path, headers=sent, **kwargs)
            except httpx.TransportError as exc:
                attempt = self._backoff(attempt, deadline, f"{method} {path}: {type(exc).__name__}")
                continue
            if response.status_code == 401 and not renewed:
                self._token, renewed = None, True
                continue
            if response.status_code in (429, 503) or response.status_code >= 500:
                attempt = self._backoff(attempt, deadline, f"{method} {path}: HTTP {response.status_code}",
                                        _retry_after(response))
                continue
            if response.status_code >= 400:
                raise _error(response, f"{method} {path}")
            return response

    def _backoff(self, attempt: int, deadline: float, what: str, wait: float | None = None) -> int:
        if attempt >= self.retries:
            raise RecognizerError(f"{what}, still failing after {self.retries} retries")
        wait = wait if wait is not None else min(4.0, 0.2 * 2**attempt) * (1 + random.random() / 4)
        if time.monotonic() + wait > deadline:
            raise RecognizerError(f"{what}; no time left to retry within {self.timeout:.0f} s")
        logger.info("%s; retrying in %.1f s", what, wait)
        time.sleep(wait)
        return attempt + 1

    def _bearer(self, deadline: float) -> str:
        if self._token is None or time.monotonic() > self._token_expires:
            client_id, secret = self._credentials
            form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
            attempt = 0
            while True:
                try:
                    response = self._client.post(self.token_url, data=form)
                except httpx.TransportError as exc:
                    attempt = self._backoff(attempt, deadline, f"token request: {type(exc).__name__}")
                    continue
                if response.status_code >= 500:
                    attempt = self._backoff(attempt, deadline, f"token request: HTTP {response.status_code}")
                    continue
                break
            if response.status_code != 200:
                raise _error(response, "token request", AuthenticationError)
            body = response.json()
            self._token = str(body["access_token"])
            # Renew a little early so a token never expires in flight.
            self._token_expires = time.monotonic() + max(1.0, float(body.get("expires_in", 3600)) - 30)
        return self._token


def spelled_here(request: RecognizeRegionsRequest, remote: Callable[[RecognizeRegionsRequest], list[RegionResult]],
                 speller: Speller) -> list[RegionResult]:
    """`remote(request)` with spelling corrected here. Spell-check marks cannot cross the wire:
    the remote side would correct names too, so marked fields are corrected here instead."""
    local_spelling = request.settings.make_spell_check and any(
        region.spellcheck is not None for region in request.regions)
    if local_spelling:
        request = replace(request, settings=replace(request.settings, make_spell_check=False))
    results = remote(request)
    if local_spelling:
        marked = {region.order for region in request.regions if region.spellcheck}
        language = request.settings.language
        results = [replace(r, text=speller.correct(r.text, language)) if r.order in marked else r
                   for r in results]
    return results


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.replace(".", "", 1).isdigit() else None


def _error(response: httpx.Response, what: str, kind: type[Exception] | None = None) -> Exception:
    """The project's error for an error answer, carrying the server's problem detail."""
    try:
        body = response.json()
        detail = body.get("detail") or body.get("error_description") or body.get("title") or body.get("error")
    except ValueError:
        detail = response.text[:300]
    message = f"{what}: HTTP {response.status_code}: {detail or response.reason_phrase}"
    if kind is not None:
        return kind(message)
    if response.status_code in (401, 403):
        return AuthenticationError(message)
    if response.status_code in (400, 413, 422):
        return RequestError(message)
    return RecognizerError(message)


def _results(request: RecognizeRegionsRequest, results: list[dict[str, Any]], confidences: Any, task_id: str
             ) -> list[RegionResult]:
    """Region results in order; `confidences` is this project's server's extension (1.0 elsewhere)."""
    regions = request.sorted_regions()
    if len(results) != len(regions):
        raise RecognizerError(f"task {task_id}: {len(results)} results for {len(regions)} regions")
    if not (isinstance(confidences, list) and len(confidences) == len(regions)
            and all(isinstance(c, (int, float)) for c in confidences)):
        confidences = [1.0] * len(regions)
    read = []
    for region, result, confidence in zip(regions, results, confidences, strict=True):
        try:
            text = base64.b64decode(result.get("data") or "").decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise RecognizerError(f"task {task_id}: a result is not base64 UTF-8 text") from exc
        read.append(RegionResult(region.order, text, float(confidence)))
    return read
