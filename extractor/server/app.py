"""The RecognizeRegions HTTP service: routes, limits and RFC 7807 problem details.

It speaks the Aspose.OCR Cloud v5 protocol (docs/protocol.md) through `request.py`
and reads through the embedded recognizer; it adds no OCR logic of its own.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import math
import threading
from collections.abc import AsyncIterator, Awaitable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import anyio
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import AuthError, ImageError, RequestError
from ..images import DEFAULT_MAX_PIXELS, decode_image, image_size
from ..recognizers import ServedRecognizer
from ..recognizers.embedded import EmbeddedRecognizer
from ..request import RecognizeRegionsRequest
from ..system import available_cores
from .auth import Clients, Tokens
from .limits import Limiter, NoQueryStrings, RateLimiter
from .openapi import openapi_document
from .tasks import COMPLETED, ERROR, LocalTasks, QueueFullError, StoreError, TaskBackend

logger = logging.getLogger(__name__)
T = TypeVar("T")

REGIONS_PATH = "/v5.0/ocr/RecognizeRegions"
STATUS_PATH = "/v5.0/ocr/Utilities/GetTaskStatus"
TOKEN_BODY_LIMIT = 16 * 1024
NO_STORE = {"Cache-Control": "no-store"}  # answers carry personal data or credentials
MAX_TOKEN_TTL = 24 * 3600  # a token outlives its client's removal from the file at most this long


@dataclass
class ServerConfig:
    """Everything `extractor serve` can set."""

    data_dir: Path
    clients: Clients
    workers: int = 2
    max_queue: int = 64
    max_body_bytes: int = 20 * 1024 * 1024
    max_pixels: int = DEFAULT_MAX_PIXELS
    result_ttl: float = 24 * 3600
    token_lifetime: int = 3600
    retry_after: int = 2
    # A document has tens of fields; each region is seconds of work at worst, so a flood of
    # them would hold a worker for days.
    max_regions: int = 100
    # Images decoded at once by submits: each may take hundreds of megabytes for a moment.
    concurrent_decodes: int = 2
    hashing_threads: int = 2  # secret checks (PBKDF2) at once, off the event loop
    task_seconds: float = 300.0  # a task still running after this ends as Error
    body_seconds: float = 60.0  # a body still arriving after this is refused (408): a slow client holds a slot
    # Token requests per second (and at once) from one address and for one client id: enough for
    # any real client (a token lasts an hour), too few to guess secrets.
    token_rate: float = 2.0
    token_burst: int = 20
    max_store_bytes: int | None = None  # the task store's quota (None: the disk's space)
    # redis://...: tasks, results and the token key in Redis, recognized by `extractor worker`
    # processes; None: the SQLite store in data_dir and `workers` threads in this process
    broker: str | None = field(default=None, repr=False)  # its password stays out of reprs
    heartbeat_seconds: float = 60.0  # Redis: a worker silent this long is dead, its tasks redelivered
    recognizer: ServedRecognizer | None = field(default=None, repr=False)  # default: the embedded engine


class ProblemError(Exception):
    """Answered as RFC 7807 problem details."""

    def __init__(self, status: int, title: str, detail: str, headers: Mapping[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail
        self.headers, self.extra = headers or {}, extra


def problem_response(error: ProblemError) -> JSONResponse:
    body = {"type": "about:blank", "title": error.title, "status": error.status, "detail": error.detail,
            **error.extra}
    return JSONResponse(body, status_code=error.status, headers=error.headers,
                        media_type="application/problem+json")


class CollapseSlashes:
    """`//v5.0/...` (an SDK host with a trailing slash) is served as `/v5.0/...`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and "//" in scope["path"]:
            path = "/" + "/".join(part for part in scope["path"].split("/") if part)
            scope = {**scope, "path": path, "raw_path": path.encode()}
        await self.app(scope, receive, send)


async def arrived(receiving: Awaitable[T], seconds: float) -> T:
    """What `receiving` reads of a request, refused with 408 when it takes longer than `seconds`
    to arrive: a client sending slowly holds a connection and a slot."""
    try:
        with anyio.fail_after(seconds):
            return await receiving
    except TimeoutError as exc:
        raise ProblemError(408, "Request timeout", f"the body did not arrive within {seconds:g} s",
                           {"Connection": "close"}) from exc


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 before reading past `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ProblemError(413, "Request too large",
                           f"the body is {int(declared):,} bytes; the limit is {limit:,}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProblemError(413, "Request too large", f"the body exceeds the limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(config: ServerConfig) -> Starlette:
    """The ASGI application; workers start and stop with its lifespan."""
    if not 0 < config.token_lifetime <= MAX_TOKEN_TTL:
        raise ValueError(f"token lifetime {config.token_lifetime} s: it must be 1 to {MAX_TOKEN_TTL} s")
    threads = max(1, available_cores() // config.workers)
    # in Redis mode the recognizer only checks submits (no model is loaded): workers read
    recognizer: ServedRecognizer = config.recognizer or EmbeddedRecognizer(
        threads=threads, max_pixels=config.max_pixels)
    tasks: TaskBackend
    token_limits: dict[str, Limiter]
    if config.broker:
        from .redis_tasks import RedisTasks

        redis_tasks = RedisTasks(config.broker, result_ttl=config.result_ttl, max_queue=config.max_queue,
                                 heartbeat_seconds=config.heartbeat_seconds)
        tasks = redis_tasks
        # every API process signs and checks tokens with one key, and limits guessing together
        tokens = Tokens(redis_tasks.token_key(), config.token_lifetime)
        token_limits = {kind: redis_tasks.rate_limiter(kind, config.token_rate, config.token_burst)
                        for kind in ("address", "client")}
    else:
        tasks = LocalTasks(config.data_dir / "tasks.sqlite3", recognizer, workers=config.workers,
                           result_ttl=config.result_ttl, max_queue=config.max_queue,
                           task_seconds=config.task_seconds, max_bytes=config.max_store_bytes)
        tokens = Tokens.with_key_file(config.data_dir, config.token_lifetime)
        token_limits = {kind: RateLimiter(config.token_rate, config.token_burst) for kind in ("address", "client")}
    ready = threading.Event()
    decodes = threading.BoundedSemaphore(config.concurrent_decodes)
    hashing: list[anyio.CapacityLimiter] = []  # made in the event loop, on first use

    def limit_tokens(kind: str, key: str) -> None:
        wait = token_limits[kind].wait(key)
        if wait:
            raise ProblemError(429, "Too many requests", f"too many token requests from this {kind}; "
                               f"retry in {math.ceil(wait)} s", {"Retry-After": str(math.ceil(wait))})

    def authorize(request: Request) -> str:
        """The client of the request's token; 401 with a fixed challenge (never its text)."""
        try:
            client_id = tokens.verify(request.headers.get("authorization"))
            if client_id not in config.clients:
                raise AuthError("the token's client is no longer allowed")
        except AuthError as exc:
            raise ProblemError(401, "Unauthorized", str(exc),
                               {"WWW-Authenticate": 'Bearer error="invalid_token"'}) from exc
        return client_id

    async def token(request: Request) -> Response:
        declared = request.headers.get("content-length", "")
        if not declared.isdigit():
            raise ProblemError(411, "Length required", "send the token request with a Content-Length")
        if int(declared) > TOKEN_BODY_LIMIT:
            raise ProblemError(413, "Request too large", f"a token request is at most {TOKEN_BODY_LIMIT} bytes")
        limit_tokens("address", request.client.host if request.client else "")
        form: FormData = await arrived(request.form(max_files=0, max_fields=10), config.body_seconds)
        fields = {key: str(form.get(key) or "") for key in ("grant_type", "client_id", "client_secret")}
        if fields["grant_type"] != "client_credentials":
            raise ProblemError(400, "Unsupported grant type", "grant_type must be 'client_credentials'",
                               error="unsupported_grant_type")
        limit_tokens("client", fields["client_id"])
        if not hashing:
            hashing.append(anyio.CapacityLimiter(config.hashing_threads))
        try:  # PBKDF2 takes a tenth of a second: never on the event loop
            await anyio.to_thread.run_sync(config.clients.authenticate, fields["client_id"],
                                           fields["client_secret"], limiter=hashing[0])
        except AuthError as exc:
            raise ProblemError(401, "Invalid client", str(exc), error="invalid_client") from exc
        return JSONResponse(tokens.issue(fields["client_id"]), headers=NO_STORE)

    async def submit(request: Request) -> Response:
        owner = authorize(request)
        if tasks.queued() >= config.max_queue:  # before the body is read or decoded
            raise queue_full()
        body = await arrived(read_body(request, config.max_body_bytes), config.body_seconds)
        task_id = await run_in_threadpool(accept_task, body, owner)
        accept = request.headers.get("accept", "")
        if "application/json" in accept and "text/plain" not in accept:
            return JSONResponse(task_id)
        return PlainTextResponse(task_id)

    def queue_full() -> ProblemError:
        return ProblemError(503, "Queue full", f"{config.max_queue} tasks are waiting; retry later",
                            {"Retry-After": str(config.retry_after)})

    def accept_task(body: bytes, owner: str) -> str:
        """Validate a submit body fully, store the task durably, queue it; its id."""
        try:
            parsed = RecognizeRegionsRequest.from_json(body)
            if len(parsed.regions) > config.max_regions:
                raise ProblemError(413, "Too many regions", f"{len(parsed.regions)} regions in one request; "
                                   f"the limit is {config.max_regions}")
            if tasks.queued() >= config.max_queue:
                raise queue_full()
            # what the image unpacks to is refused from its header, before any decoding
            recognizer.check_growth(parsed, image_size(parsed.image_bytes(), max_pixels=config.max_pixels))
            with decodes:
                image = decode_image(parsed.image_bytes(), max_pixels=config.max_pixels, name="image")
                recognizer.check(parsed, image.size)
                del image
        except (RequestError, ImageError, ValueError) as exc:
            raise ProblemError(400, "Invalid request", str(exc)) from exc
        try:
            return tasks.add(parsed, parsed.image_bytes(), owner)
        except QueueFullError as exc:  # others filled it meanwhile (the check above is not atomic)
            raise queue_full() from exc
        except StoreError as exc:
            retry = {"Retry-After": str(10 * config.retry_after)}
            if exc.full:
                raise ProblemError(507, "Insufficient storage", "the task store is full: retry when tasks "
                                   "have been fetched, deleted or have expired", retry) from exc
            raise ProblemError(503, "Store unavailable", "the task store cannot be written now", retry) from exc

    def task_id_of(request: Request) -> str:
        task_id = request.query_params.get("id", "")
        if not task_id:
            raise ProblemError(400, "Missing id", "the query parameter 'id' (the task GUID) is required")
        return task_id

    def describe(request: Request, with_results: bool) -> Response:
        owner = authorize(request)
        task_id = task_id_of(request)
        task = tasks.get(task_id, owner)  # another client's task does not exist for this one
        if task is None:
            body: dict[str, Any] = {"id": task_id, "taskStatus": "NotExist", "responseStatusCode": "TaskNotFound",
                                    "results": None, "error": None}
        else:
            code = {COMPLETED: "Ok", ERROR: "Error"}.get(task.status, "NotReady")
            results = confidences = None
            if with_results and task.status == COMPLETED:
                results = [{"type": "Text", "data": base64.b64encode(text.encode()).decode()}
                           for text, _ in task.results or []]
                confidences = [confidence for _, confidence in task.results or []]
            error = {"messages": [task.error], "warnings": []} if task.error else None
            body = {"id": task.id, "taskStatus": task.status, "responseStatusCode": code,
                    "results": results, "error": error}
            if confidences is not None:  # an extension: clients that do not know it ignore it
                body["confidences"] = confidences
        return JSONResponse(body, media_type="application/json; charset=utf-8", headers=NO_STORE)

    def fetch(request: Request) -> Response:
        return describe(request, with_results=True)

    def status(request: Request) -> Response:
        return describe(request, with_results=False)

    def cancel(request: Request) -> Response:
        owner = authorize(request)
        task_id = task_id_of(request)
        tasks.delete(task_id, owner)
        return Response(status_code=200)

    def healthz(_: Request) -> Response:
        if not ready.is_set():
            return JSONResponse({"status": "starting"}, status_code=503)
        trouble, figures = tasks.health()
        if trouble:
            return JSONResponse({"status": "failing", "detail": trouble}, status_code=503)
        return JSONResponse({"status": "ok", **figures})

    def openapi(_: Request) -> Response:
        return JSONResponse(openapi_document())

    async def on_problem(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, ProblemError)
        return problem_response(exc)

    async def on_store(_: Request, exc: Exception) -> Response:
        """The store full, or unreachable (Redis down, a database locked): try again, nothing was lost."""
        assert isinstance(exc, StoreError)
        logger.warning("task store unavailable: %s", exc)
        retry = {"Retry-After": str(10 * config.retry_after)}
        if exc.full:
            return problem_response(ProblemError(507, "Insufficient storage", "the task store is full: retry "
                                                 "when tasks have been fetched, deleted or have expired", retry))
        return problem_response(ProblemError(503, "Store unavailable", "the task store cannot be reached now", retry))

    async def on_http(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return problem_response(ProblemError(exc.status_code, str(exc.detail), str(exc.detail), exc.headers))

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        if not config.broker:  # Redis mode: the workers load the models
            recognizer.warm_up()
        access = logging.getLogger("uvicorn.access")
        if not any(isinstance(existing, NoQueryStrings) for existing in access.filters):
            access.addFilter(NoQueryStrings())
        tasks.start()
        ready.set()
        if config.broker:
            logger.info("serving RecognizeRegions with tasks on Redis, read by `extractor worker` processes")
        else:
            logger.info("serving RecognizeRegions with %d worker(s) x %d thread(s)", config.workers, threads)
        try:
            yield
        finally:
            ready.clear()
            tasks.stop()

    routes = [
        Route("/connect/token", token, methods=["POST"]),
        Route(REGIONS_PATH, submit, methods=["POST"]),
        Route(REGIONS_PATH, fetch, methods=["GET"]),
        Route(REGIONS_PATH, cancel, methods=["DELETE"]),
        Route(STATUS_PATH, status, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={ProblemError: on_problem, StoreError: on_store, HTTPException: on_http})
    app.add_middleware(CollapseSlashes)
    return app

