"""Open images safely: identify the format, check the pixel count, then decode.

Pillow only warns about decompression bombs below twice its own limit, so the pixel
count is checked here from the header, before any pixel is decoded.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ImageError, ImageTooLargeError

DEFAULT_MAX_PIXELS = 40_000_000
FORMATS = ("PNG", "JPEG", "TIFF", "BMP", "GIF", "WEBP")



@dataclass(frozen=True)
class LoadedImage:
    """A decoded, EXIF-upright RGB image and, when it came encoded, the original bytes."""

    image: Image.Image
    data: bytes | None = None
    format: str = "RGB"

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size


ImageInput = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO | Image.Image | LoadedImage


def load_image(
    source: ImageInput, *, max_pixels: int = DEFAULT_MAX_PIXELS, name: str | None = None
) -> LoadedImage:
    """Decode `source` (path, bytes, binary file or PIL image) into an upright RGB image."""
    if isinstance(source, LoadedImage):  # decoded already
        _check_pixels(source.size, max_pixels, name or "image")
        return source
    if isinstance(source, Image.Image):
        _check_pixels(source.size, max_pixels, name or "image")
        return LoadedImage(_to_rgb(ImageOps.exif_transpose(source)))
    label, data = _read_bytes(source, name)
    return decode_image(data, max_pixels=max_pixels, name=label)


def decode_image(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS, name: str = "image") -> LoadedImage:
    """Decode encoded image bytes, refusing non-images, truncation and oversize images."""
    opened = _opened(data, max_pixels, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened.load()
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        reason = "truncated" if "truncated" in str(exc) else "corrupt"
        raise ImageError(f"{name}: the {opened.format} image is {reason}: {exc}") from exc
    return LoadedImage(_to_rgb(ImageOps.exif_transpose(opened)), data, opened.format or "")


def image_size(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS, name: str = "image") -> tuple[int, int]:
    """The size an image's header declares (as stored, before EXIF orientation), without
    decoding its pixels: what a few kilobytes of file would unpack to is known first."""
    return _opened(data, max_pixels, name).size


def _opened(data: bytes, max_pixels: int, name: str) -> Image.Image:
    """The image's header read (its pixels not yet), refused when not an image or too large."""
    if not data:
        raise ImageError(f"{name}: the file is empty")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data), formats=FORMATS)
    except UnidentifiedImageError as exc:
        raise ImageError(
            f"{name}: not an image, or not one of the supported formats ({', '.join(FORMATS)})"
        ) from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLargeError(f"{name}: {exc}") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageError(f"{name}: unreadable image header: {exc}") from exc
    _check_pixels(opened.size, max_pixels, name)
    return opened


def _read_bytes(source: ImageInput, name: str | None) -> tuple[str, bytes]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return name or "image bytes", bytes(source)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            return name or str(path), path.read_bytes()
        except OSError as exc:
            raise ImageError(f"{path}: cannot read image: {exc.strerror}") from exc
    if hasattr(source, "read"):
        label = name or str(getattr(source, "name", "image file"))
        data = source.read()
        if not isinstance(data, bytes):
            raise ImageError(f"{label}: the file object is not opened in binary mode")
        return label, data
    raise ImageError(
        f"cannot read an image from a {type(source).__name__}: "
        "pass a path, bytes, a binary file or a PIL image"
    )


def _check_pixels(size: tuple[int, int], max_pixels: int, name: str) -> None:
    width, height = size
    if width * height > max_pixels:
        raise ImageTooLargeError(
            f"{name}: {width}x{height} is {width * height:,} pixels, over the limit of "
            f"{max_pixels:,} (raise max_pixels if this image is trusted)"
        )
    if width < 1 or height < 1:
        raise ImageError(f"{name}: the image has no pixels ({width}x{height})")


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode.startswith("I;16") or image.mode in ("I", "F"):
        image = image.point(lambda v: v / 256).convert("L")  # 16-bit greys to 8-bit
    return image.convert("RGB")


def encode_png(image: Image.Image) -> bytes:
    """PNG bytes of `image`, for sending a decoded image over the wire."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
