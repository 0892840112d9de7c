"""The studio's ASGI app: the page, and a JSON API over one template folder.

It listens on loopback without a login, so it guards against other web pages: requests must
name a loopback host (no DNS rebinding) and a request from another origin is refused.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import ExtractorError, ImageError, ImageTooLargeError, TemplateError
from ..geometry import Rect
from ..images import DEFAULT_MAX_PIXELS, encode_png, load_image, supported_suffixes
from ..schema import template_schema
from ..server.app import ProblemError, problem_response, read_body
from .documents import folder_file, merged_text, plain, read_document, save_document, template_path, validated
from .reading import ImageGoneError, Images, Reader

STATIC = Path(__file__).parent / "static"
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]
JSON_LIMIT = 1024 * 1024  # a template document is a few kilobytes
Handler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class StudioConfig:
    """Everything `extractor studio` can set."""

    folder: Path
    max_pixels: int = DEFAULT_MAX_PIXELS
    max_upload_bytes: int = 20 * 1024 * 1024


def _problem(status: int, exc: Exception) -> ProblemError:
    return ProblemError(status, type(exc).__name__, str(exc))


def _answer(handler: Handler) -> Handler:
    """`handler` with the library's errors answered as problem details naming them: the input's
    faults 4xx with the library's own message."""
    async def answered(request: Request) -> Response:
        try:
            origin = request.headers.get("origin")
            if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
                raise ProblemError(403, "Forbidden", f"requests from {origin[:80]} are not served")
            return await handler(request)
        except ProblemError as exc:
            return problem_response(exc)
        except ImageTooLargeError as exc:
            return problem_response(_problem(413, exc))
        except ImageGoneError as exc:
            return problem_response(_problem(404, exc))
        except (ExtractorError, ValueError) as exc:  # TemplateError, ImageError, GeometryError...
            return problem_response(_problem(422 if not isinstance(exc, ImageError) else 400, exc))
    return answered


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await read_body(request, JSON_LIMIT))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProblemError(400, "Bad request", f"the body is not JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise ProblemError(400, "Bad request", "the body must be a JSON object")
    return body


def _document(body: dict[str, Any]) -> dict[str, Any]:
    """The template document a request carries."""
    data = body.get("template")
    if not isinstance(data, dict):
        raise TemplateError("not a template: a mapping with name, reference and fields is expected")
    return data


def _field_options() -> dict[str, Any]:
    """The choices the template schema allows for each field key, for the side panel."""
    properties = template_schema()["$defs"]["field"]["properties"]
    return {key: value["enum"] for key, value in properties.items() if "enum" in value}


def create_app(config: StudioConfig) -> Starlette:
    """The studio over `config.folder`: templates and sample images there, saves written there only."""
    folder = config.folder.resolve()
    images = Images()
    reader = Reader(config.max_pixels)

    def image_answer(key: str, image: Image.Image, **extra: Any) -> JSONResponse:
        return JSONResponse({"image": key, "width": image.width, "height": image.height,
                             "url": f"/api/images/{key}", **extra})

    async def index(_: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})

    async def files(_: Request) -> Response:
        suffixes = supported_suffixes()
        listed = sorted(folder.iterdir())
        return JSONResponse({
            "folder": str(folder),
            "templates": [p.stem for p in listed if p.suffix == ".yaml" and p.is_file()],
            "images": [p.name for p in listed if p.suffix.lower() in suffixes and p.is_file()],
            "options": _field_options(),
        })

    async def template(request: Request) -> Response:
        path = template_path(folder, request.path_params["name"])
        if not path.is_file():
            raise ProblemError(404, "Not found", f"no template {path.name} in {folder}")
        return JSONResponse({"data": plain(await run_in_threadpool(read_document, path))})

    async def upload(request: Request) -> Response:
        data = await read_body(request, config.max_upload_bytes)
        name = request.headers.get("x-filename", "upload")[:200]
        loaded = await run_in_threadpool(load_image, data, max_pixels=config.max_pixels, name=name)
        return image_answer(images.add(loaded.image), loaded.image)

    async def image(request: Request) -> Response:
        picture = images.get(request.path_params["key"])
        return Response(await run_in_threadpool(encode_png, picture), media_type="image/png",
                        headers={"Cache-Control": "private, max-age=3600"})

    async def open_image(request: Request) -> Response:
        """An uploaded image (`image`) or a file of the folder (`file`), opened for editing:
        straightened to the folder's template `template`, or, for a new template `name`, with
        the template `templates new` proposes for it."""
        body = await _json(request)
        sample: str | None = None
        if body.get("file"):
            sample = folder_file(folder, str(body["file"])).name
            loaded = await run_in_threadpool(load_image, folder / sample, max_pixels=config.max_pixels)
            picture = loaded.image
        else:
            picture = images.get(str(body.get("image", "")))
        if body.get("template"):
            path = template_path(folder, str(body["template"]))
            document = plain(await run_in_threadpool(read_document, path))
            drawn = validated(folder, document)
            straight, alignment = await run_in_threadpool(reader.straighten, picture, drawn)
            return image_answer(images.add(straight), straight, data=document, alignment=alignment)
        name = str(body.get("name", ""))
        template_path(folder, name)  # a bad name fails before the engine runs
        proposal = await run_in_threadpool(reader.propose, picture, name)
        if sample:
            proposal["sample"] = sample
        return image_answer(images.add(picture), picture, data=proposal, alignment=None)

    async def read(request: Request) -> Response:
        body = await _json(request)
        drawn = validated(folder, _document(body))
        names = body.get("fields")
        picture = images.get(str(body.get("image", "")))
        results = await run_in_threadpool(reader.read, picture, drawn,
                                          [str(n) for n in names] if isinstance(names, list) else None)
        return JSONResponse({"fields": results})

    async def anchor_text(request: Request) -> Response:
        body = await _json(request)
        picture = images.get(str(body.get("image", "")))
        rect = body.get("rect")
        if not (isinstance(rect, list) and len(rect) == 4 and all(isinstance(v, int) for v in rect)):
            raise ProblemError(400, "Bad request", "rect must be [left, top, right, bottom] in pixels")
        left, top, right, bottom = rect
        if not (0 <= left < right <= picture.width and 0 <= top < bottom <= picture.height):
            raise ProblemError(400, "Bad request", f"rect {rect} is not inside the {picture.width}x{picture.height} "
                                                   "image")
        settings = body["settings"] if isinstance(body.get("settings"), dict) else {}
        text = await run_in_threadpool(reader.read_text, picture, Rect(left, top, right, bottom), settings)
        return JSONResponse({"text": text})

    async def validate(request: Request) -> Response:
        body = await _json(request)
        drawn = validated(folder, _document(body))
        return JSONResponse({"ok": True, "fields": len(drawn.fields)})

    async def test(request: Request) -> Response:
        body = await _json(request)
        drawn = validated(folder, _document(body))
        keys = body.get("images")
        if not isinstance(keys, list):
            raise ProblemError(400, "Bad request", "images must be a list of image ids from /api/upload")
        pictures = [images.get(str(key)) for key in keys]
        rows = [await run_in_threadpool(reader.test, picture, drawn) for picture in pictures]
        return JSONResponse({"rows": rows})

    async def yaml_text(request: Request) -> Response:
        body = await _json(request)
        data = _document(body)
        validated(folder, data)
        path = template_path(folder, data["name"])
        return Response(await run_in_threadpool(merged_text, path, data), media_type="application/yaml",
                        headers={"Content-Disposition": f'attachment; filename="{path.name}"'})

    async def save(request: Request) -> Response:
        """The template written to the folder; with `sample_image` (an open image's id), that
        image kept beside it as its sample when the template names none."""
        body = await _json(request)
        key = body.get("sample_image")
        sample = images.get(str(key)) if key else None
        saved = await run_in_threadpool(save_document, folder, _document(body), sample)
        return JSONResponse({"path": str(saved.path), "text": saved.text, "sample": saved.sample})

    routes = [
        Route("/", index),
        Route("/api/files", _answer(files)),
        Route("/api/templates/{name}", _answer(template)),
        Route("/api/upload", _answer(upload), methods=["POST"]),
        Route("/api/images/{key}", _answer(image)),
        Route("/api/open", _answer(open_image), methods=["POST"]),
        Route("/api/read", _answer(read), methods=["POST"]),
        Route("/api/anchor", _answer(anchor_text), methods=["POST"]),
        Route("/api/validate", _answer(validate), methods=["POST"]),
        Route("/api/test", _answer(test), methods=["POST"]),
        Route("/api/yaml", _answer(yaml_text), methods=["POST"]),
        Route("/api/save", _answer(save), methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    # a web page the user visits must not reach the studio under a name of its own (DNS rebinding)
    return Starlette(routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK_HOSTS)])
