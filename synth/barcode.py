"""Licence barcodes for specimens and tests: AAMVA payloads and their PDF417 symbols (pdf417gen)."""

from __future__ import annotations

import pdf417gen
from PIL import Image

HEADER = "@\n\x1e\rANSI "


def aamva_payload(elements: dict[str, str], issuer: str = "636014", version: int = 8, own: str = "ZCZCAGRN") -> str:
    """AAMVA DL/ID data: the header, a directory of two subfiles, the DL subfile of `elements`
    (code -> value, in the order given) and the issuer's own subfile."""
    body = "".join(f"{code}{value}\n" for code, value in elements.items())[:-1] + "\r"
    own_body = own + "\r"
    header = f"{HEADER}{issuer}{version:02d}0002"
    start = len(header) + 2 * 10
    directory = f"DL{start:04d}{len(body) + 2:04d}ZC{start + len(body) + 2:04d}{len(own_body):04d}"
    return f"{header}{directory}DL{body}{own_body}"


def pdf417_image(data: str, module: int = 3) -> Image.Image:
    """`data` as a PDF417 symbol (error correction level 5), `module` pixels per narrowest bar."""
    codes = pdf417gen.encode(data, columns=12, security_level=5)
    return pdf417gen.render_image(codes, scale=module, ratio=3, padding=4 * module).convert("RGB")
