from __future__ import annotations

import io

import pytest
from PIL import Image

from extractor import ImageError, ImageTooLargeError
from extractor.images import load_image


def png_bytes(image: Image.Image, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=options.pop("format", "PNG"), **options)
    return buffer.getvalue()


@pytest.fixture
def picture() -> Image.Image:
    return Image.new("RGB", (120, 80), (200, 30, 30))


def test_accepts_path_bytes_file_and_pil(tmp_path, picture):
    path = tmp_path / "card.png"
    picture.save(path)
    data = path.read_bytes()
    for source in (path, str(path), data, bytearray(data), io.BytesIO(data), picture):
        loaded = load_image(source)
        assert loaded.size == (120, 80) and loaded.image.mode == "RGB"
    assert load_image(data).data == data


def test_not_an_image(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("just some text, not pixels")
    with pytest.raises(ImageError, match="not an image") as caught:
        load_image(path)
    assert str(path) in str(caught.value) and isinstance(caught.value, ValueError)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    with pytest.raises(ImageError, match="empty"):
        load_image(path)


def test_missing_file(tmp_path):
    with pytest.raises(ImageError, match="cannot read image"):
        load_image(tmp_path / "nope.png")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_image(picture, fmt):
    noisy = Image.effect_noise((400, 300), 60).convert("RGB")
    data = png_bytes(noisy, format=fmt)
    with pytest.raises(ImageError, match="truncated|corrupt") as caught:
        load_image(data[: len(data) // 2])
    assert fmt in str(caught.value)


def test_pixel_limit_is_checked_before_decoding():
    bomb = png_bytes(Image.new("1", (8000, 6000)))  # 48 MP in a few kB
    assert len(bomb) < 100_000
    with pytest.raises(ImageTooLargeError, match="48,000,000 pixels, over the limit of 40,000,000"):
        load_image(bomb)
    assert load_image(bomb, max_pixels=50_000_000).size == (8000, 6000)


def test_pillow_bomb_limit_becomes_our_error():
    huge = png_bytes(Image.new("1", (20000, 10000)))  # past Pillow's own 2x bomb limit
    with pytest.raises(ImageTooLargeError):
        load_image(huge, max_pixels=10**10)


def test_pil_input_checked_too():
    with pytest.raises(ImageTooLargeError):
        load_image(Image.new("L", (100, 100)), max_pixels=5000)


def test_exif_orientation_applied(picture):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 CW to view
    data = png_bytes(picture, format="JPEG", exif=exif.tobytes())
    assert load_image(data).size == (80, 120)


def test_modes_become_rgb():
    rgba = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    loaded = load_image(png_bytes(rgba))
    assert loaded.image.mode == "RGB" and loaded.image.getpixel((0, 0)) == (255, 255, 255)
    assert load_image(png_bytes(Image.new("L", (10, 10), 7))).image.getpixel((0, 0)) == (7, 7, 7)


def test_text_file_object_rejected(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x")
    with open(path) as handle, pytest.raises(ImageError, match="binary mode"):
        load_image(handle)


def test_unsupported_type():
    with pytest.raises(ImageError, match="int"):
        load_image(42)
