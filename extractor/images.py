"""Open images safely: identify the format, check the pixel count, then decode.

Pillow only warns about decompression bombs below twice its own limit, so the pixel
count is checked here from the header, before any pixel is decoded. An input may hold
several pages (a PDF, a multi-page TIFF): `open_document` counts them and decodes each on
demand; PDF pages are rendered at a resolution chosen from the page's size.
"""

from __future__ import annotations

import functools
import io
import math
import os
import threading
import warnings
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError, features

from .errors import EncryptedPDFError, ImageError, ImageTooLargeError, PDFError

DEFAULT_MAX_PIXELS = 40_000_000
FORMATS = ("PNG", "JPEG", "TIFF", "BMP", "GIF", "WEBP")
# Formats every RecognizeRegions endpoint decodes: their original bytes travel as they came;
# a page of any other input (HEIF, AVIF, a PDF, a TIFF's later pages) goes as PNG.
PASSED_ON = frozenset(FORMATS)
# 300 DPI gives an ID card about the pixels its templates are drawn at (1012 px across) and an
# A4 page 2480 x 3508; a smaller page is rendered finer, so that its long side gets PDF_LONG_SIDE.
PDF_DPI = 300
PDF_LONG_SIDE = 1000
# Under this a page's small print is a few pixels high: refused rather than read badly.
PDF_MIN_DPI = 72
POINTS_PER_INCH = 72

# PDFium is not thread-safe, not even across documents: one call at a time in a process.
_PDFIUM = threading.Lock()


@functools.cache
def supported_formats() -> tuple[str, ...]:
    """What `load_image` decodes: Pillow's formats, AVIF where this Pillow has it, HEIF, PDF."""
    return (*FORMATS, *(("AVIF",) if features.check("avif") else ()), "HEIF", "PDF")


@functools.cache
def supported_suffixes() -> frozenset[str]:
    """The file name endings of what `load_image` decodes: the files of a folder worth reading."""
    Image.init()
    kinds = supported_formats()
    return frozenset({*(suffix for suffix, kind in Image.registered_extensions().items() if kind in kinds),
                      ".heic", ".heif", ".pdf"})


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


class Document(ABC):
    """An opened input: how many `pages` it holds, each decoded by `page(number)` (from 1)."""

    def __init__(self, name: str, pages: int) -> None:
        self.name = name
        self.pages = pages

    def page(self, number: int) -> LoadedImage:
        """Page `number` (1 is the first), decoded upright in RGB within the pixel limit."""
        if not 1 <= number <= self.pages:
            raise ImageError(f"{self.name}: there is no page {number}: it has {self.pages}")
        return self._decode(number)

    @abstractmethod
    def _decode(self, number: int) -> LoadedImage: ...

    @abstractmethod
    def close(self) -> None:
        """Release what the document holds open (a PDF's parsed file)."""

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class _Decoded(Document):
    """An image decoded already (a PIL image or a `LoadedImage`): one page."""

    def __init__(self, loaded: LoadedImage, name: str) -> None:
        super().__init__(name, 1)
        self._loaded = loaded

    def _decode(self, number: int) -> LoadedImage:
        return self._loaded

    def close(self) -> None:
        """Nothing is held open."""


class _Raster(Document):
    """An encoded image; a TIFF has a page per frame (other formats' frames are animation)."""

    def __init__(self, data: bytes, max_pixels: int, name: str) -> None:
        self._opened = _opened(data, max_pixels, name)
        self._data = data
        self._max_pixels = max_pixels
        super().__init__(name, getattr(self._opened, "n_frames", 1) if self._opened.format == "TIFF" else 1)

    def _decode(self, number: int) -> LoadedImage:
        opened = self._opened
        try:
            if self.pages > 1:
                opened.seek(number - 1)
                _check_pixels(opened.size, self._max_pixels, self.name)  # each frame has its own size
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                opened.load()
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            reason = "truncated" if "truncated" in str(exc) else "corrupt"
            raise ImageError(f"{self.name}: the {opened.format} image is {reason}: {exc}") from exc
        kind = opened.format or ""
        data = self._data if self.pages == 1 and kind in PASSED_ON else None
        return LoadedImage(_to_rgb(ImageOps.exif_transpose(opened)), data, kind)

    def close(self) -> None:
        self._opened.close()


class _PDF(Document):
    """A PDF, each page rendered on demand at `pdf_dpi` for its size."""

    def __init__(self, data: bytes, max_pixels: int, name: str) -> None:
        import pypdfium2 as pdfium  # only PDFs load PDFium

        self._max_pixels = max_pixels
        with _PDFIUM:
            try:
                self._pdf = pdfium.PdfDocument(data)
            except pdfium.PdfiumError as exc:
                if exc.err_code == pdfium.raw.FPDF_ERR_PASSWORD:
                    raise EncryptedPDFError(f"{name}: the PDF is encrypted: it opens only with its password, "
                                            "which the extractor does not take; save it unencrypted") from exc
                raise PDFError(f"{name}: the PDF is broken: {exc}") from exc
            pages = len(self._pdf)
        if not pages:
            self.close()
            raise PDFError(f"{name}: the PDF has no pages")
        super().__init__(name, pages)

    def _decode(self, number: int) -> LoadedImage:
        import pypdfium2 as pdfium

        with _PDFIUM:
            try:
                page = self._pdf[number - 1]
                try:
                    size = page.get_size()
                    dpi = pdf_dpi(size, self._max_pixels, f"{self.name} page {number}")
                    image: Image.Image = page.render(scale=dpi / POINTS_PER_INCH).to_pil()
                finally:
                    page.close()
            except pdfium.PdfiumError as exc:
                raise PDFError(f"{self.name}: page {number} of the PDF is broken: {exc}") from exc
        _check_pixels(image.size, self._max_pixels, self.name)
        return LoadedImage(_to_rgb(image), None, "PDF")

    def close(self) -> None:
        with _PDFIUM:
            self._pdf.close()


def pdf_dpi(size: tuple[float, float], max_pixels: int, name: str = "page") -> float:
    """The resolution to render a page of `size` (PDF points) at: PDF_DPI, finer for a small
    page, coarser when that would pass `max_pixels` (counting the pixel a side may round up)."""
    width, height = size
    if width <= 0 or height <= 0:
        raise PDFError(f"{name}: the page has no area ({width:g} x {height:g} points)")
    dpi = max(PDF_DPI, PDF_LONG_SIDE * POINTS_PER_INCH / max(width, height))
    # largest scale s (pixels per point) with (width s + 1)(height s + 1) <= max_pixels
    sides = width + height
    fits = (math.sqrt(sides * sides + 4 * width * height * (max_pixels - 1)) - sides) / (2 * width * height)
    dpi = min(dpi, fits * POINTS_PER_INCH)
    if dpi < PDF_MIN_DPI:
        inches = f"{width / POINTS_PER_INCH:.1f} x {height / POINTS_PER_INCH:.1f} inches"
        raise ImageTooLargeError(f"{name}: a page of {inches} passes the limit of {max_pixels:,} pixels "
                                 f"even at {PDF_MIN_DPI} DPI (raise max_pixels if this file is trusted)")
    return dpi


def open_document(source: ImageInput, *, max_pixels: int = DEFAULT_MAX_PIXELS,
                  name: str | None = None) -> Document:
    """`source` opened, its pages counted (headers read, no page decoded yet); a context
    manager that closes it."""
    if isinstance(source, LoadedImage):  # decoded already
        _check_pixels(source.size, max_pixels, name or "image")
        return _Decoded(source, name or "image")
    if isinstance(source, Image.Image):
        _check_pixels(source.size, max_pixels, name or "image")
        return _Decoded(LoadedImage(_to_rgb(ImageOps.exif_transpose(source))), name or "image")
    label, data = _read_bytes(source, name)
    if b"%PDF-" in data[:1024]:  # the header may follow some junk, as readers allow
        return _PDF(data, max_pixels, label)
    return _Raster(data, max_pixels, label)


def load_image(
    source: ImageInput, *, max_pixels: int = DEFAULT_MAX_PIXELS, name: str | None = None, page: int = 1
) -> LoadedImage:
    """Decode page `page` (1: the first; a PDF or a TIFF has several) of `source` (path, bytes,
    binary file or PIL image) into an upright RGB image."""
    with open_document(source, max_pixels=max_pixels, name=name) as document:
        return document.page(page)


def decode_image(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS, name: str = "image",
                 page: int = 1) -> LoadedImage:
    """Decode encoded image bytes, refusing non-images, truncation and oversize images."""
    return load_image(data, max_pixels=max_pixels, name=name, page=page)


def image_size(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS, name: str = "image") -> tuple[int, int]:
    """The size an image's header declares (as stored, before EXIF orientation), without
    decoding its pixels: what a few kilobytes of file would unpack to is known first."""
    return _opened(data, max_pixels, name).size


def _opened(data: bytes, max_pixels: int, name: str) -> Image.Image:
    """The image's header read (its pixels not yet), refused when not an image or too large."""
    if not data:
        raise ImageError(f"{name}: the file is empty")
    formats = [kind for kind in supported_formats() if kind not in ("HEIF", "PDF")]
    if data[4:8] == b"ftyp":  # an ISO media file: HEIF (iPhone photos) or AVIF
        _register_heif()
        formats.append("HEIF")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data), formats=formats)
    except UnidentifiedImageError as exc:
        raise ImageError(
            f"{name}: not an image, or not one of the supported formats ({', '.join(supported_formats())})"
        ) from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLargeError(f"{name}: {exc}") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageError(f"{name}: unreadable image header: {exc}") from exc
    _check_pixels(opened.size, max_pixels, name)
    return opened


@functools.cache
def _register_heif() -> None:
    """pillow-heif's opener, registered with Pillow on the first HEIF seen (not at import)."""
    from pillow_heif import register_heif_opener

    register_heif_opener()


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
