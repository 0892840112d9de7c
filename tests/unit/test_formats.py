"""Inputs beyond a single picture: PDF pages, multi-page TIFF, HEIC, WebP, AVIF; each upright."""

from __future__ import annotations

import io

import pillow_heif
import pytest
from PIL import Image, features
from pypdf import PdfReader, PdfWriter

from extractor import EncryptedPDFError, ImageError, ImageTooLargeError, PDFError
from extractor.images import PDF_DPI, load_image, open_document, pdf_dpi

ORIENTATION = 0x0112


def encoded(image: Image.Image, format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def pdf_of(*pages: Image.Image, resolution: float = 300) -> bytes:
    return encoded(pages[0], "PDF", resolution=resolution, save_all=True, append_images=list(pages[1:]))


def reddish(pixel: tuple[int, int, int]) -> bool:
    """The card's red, give or take what JPEG (inside Pillow's PDFs) and HEVC change."""
    red, green, blue = pixel
    return red > 150 and green < 80 and blue < 80


def turned_exif() -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # the picture is to be turned 90 degrees clockwise to view
    return exif.tobytes()


@pytest.fixture
def card() -> Image.Image:
    return Image.new("RGB", (1012, 638), (200, 30, 30))


def test_a_pdf_page_is_rendered_at_300_dpi_and_each_page_counts(card):
    data = pdf_of(card, Image.new("RGB", (2480, 3508), "white"))  # an ID card's page, then A4
    with open_document(data, name="scan.pdf") as document:
        assert document.pages == 2
        first, second = document.page(1), document.page(2)
    assert abs(first.size[0] - 1012) <= 1 and abs(first.size[1] - 638) <= 1
    assert reddish(first.image.getpixel((500, 300))) and first.format == "PDF"
    assert first.data is None  # a page goes on as PNG, never as the whole PDF
    assert abs(second.size[0] - 2480) <= 1 and abs(second.size[1] - 3508) <= 1
    assert load_image(data, page=2).size == second.size
    with pytest.raises(ImageError, match="no page 3: it has 2"):
        load_image(data, page=3)


def test_the_resolution_follows_the_page_size_and_the_pixel_limit():
    assert pdf_dpi((595, 842), 40_000_000) == PDF_DPI  # A4
    small = pdf_dpi((144, 72), 40_000_000)  # 2 x 1 inches: rendered finer, 1000 pixels across
    assert 2 * small == pytest.approx(1000)
    capped = pdf_dpi((595, 842), 2_000_000)  # the limit wins; every rounded-up pixel counted
    assert 72 < capped < PDF_DPI and (595 * capped / 72 + 1) * (842 * capped / 72 + 1) <= 2_000_000
    with pytest.raises(ImageTooLargeError, match="even at 72 DPI"):
        pdf_dpi((595, 842), 100_000)


def test_the_pixel_limit_applies_to_the_rendered_page(card):
    rendered = load_image(pdf_of(card), max_pixels=200_000).size  # fewer pixels, same page
    assert rendered[0] * rendered[1] <= 200_000 and rendered[0] / rendered[1] == pytest.approx(1012 / 638, 0.01)
    with pytest.raises(ImageTooLargeError):
        load_image(pdf_of(card), max_pixels=1000)


def test_an_encrypted_pdf_gets_its_own_error(card):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_of(card))))
    writer.encrypt("secret", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    with pytest.raises(EncryptedPDFError, match="locked.pdf: the PDF is encrypted") as caught:
        load_image(locked.getvalue(), name="locked.pdf")
    assert isinstance(caught.value, PDFError) and isinstance(caught.value, ValueError)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_of(card))))
    writer.encrypt("", owner_password="owner", algorithm="RC4-128")  # opens without a password: read
    readable = io.BytesIO()
    writer.write(readable)
    assert reddish(load_image(readable.getvalue()).image.getpixel((500, 300)))


@pytest.mark.parametrize("damage", [lambda data: data[: len(data) // 3], lambda data: b"%PDF-1.7\nnot a pdf"])
def test_a_broken_pdf_gets_a_named_error(card, damage):
    with pytest.raises(PDFError, match="broken"):
        load_image(damage(pdf_of(card)))


def test_every_frame_of_a_tiff_is_a_page_each_upright():
    pages = [Image.new("RGB", (300, 200), colour) for colour in ("red", "green", "blue")]
    data = encoded(pages[0], "TIFF", save_all=True, append_images=pages[1:])
    with open_document(data) as document:
        assert document.pages == 3
        assert [document.page(n).image.getpixel((0, 0)) for n in (1, 2, 3)] == [
            (255, 0, 0), (0, 128, 0), (0, 0, 255)]
        assert document.page(1).data is None  # the endpoint would read its first page only
    single = encoded(pages[0], "TIFF", exif=turned_exif())
    assert load_image(single).size == (200, 300) and load_image(single).data == single


def test_a_heic_photo_decodes_upright():
    picture = Image.new("RGB", (300, 200), (200, 30, 30))
    buffer = io.BytesIO()
    pillow_heif.from_pillow(picture).save(buffer, quality=90, exif=turned_exif())
    loaded = load_image(buffer.getvalue(), name="IMG_0001.HEIC")
    assert loaded.size == (200, 300) and loaded.format == "HEIF" and loaded.data is None
    assert reddish(loaded.image.getpixel((100, 150)))


@pytest.mark.parametrize("format", ["WEBP", "AVIF"])
def test_webp_and_avif_decode_upright(format):
    if not features.check(format.lower()):
        pytest.skip(f"this Pillow has no {format}")
    data = encoded(Image.new("RGB", (300, 200), (200, 30, 30)), format, exif=turned_exif())
    assert load_image(data).size == (200, 300)


def test_a_refused_format_names_what_is_supported(tmp_path):
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK\x03\x04 a word file, not a picture")
    with pytest.raises(ImageError, match=r"not an image, .*supported formats \(PNG, JPEG, .*HEIF, PDF\)"):
        load_image(path)
