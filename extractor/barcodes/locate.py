"""Where a barcode may be in a photo: zxing-cpp's PDF417 reader wants the symbol about level, and
a phone photo tilts it. A barcode is the densest patch of strong edges in the picture: the
gradient energy, closed into blobs, gives each blob's turned rectangle, cut out level."""

from __future__ import annotations

import cv2
import numpy as np

WORK_SIDE = 1600  # the energy map is made this large at most: a blob needs no finer detail
CLOSE = 0.015  # bars and gaps closed into one blob over this share of the picture's longer side
MIN_AREA = 0.005  # share of the picture a blob must cover to be tried
MARGIN = (1.15, 20)  # each blob's rectangle grown by this factor and this many pixels: the quiet zone
KEPT = 4  # the largest blobs tried


def barcode_patches(rgb: np.ndarray) -> list[np.ndarray]:
    """Level cut-outs (RGB) of the patches of `rgb` that may hold a barcode, largest first."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    scale = min(1.0, WORK_SIDE / max(grey.shape))
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    energy = cv2.blur(np.abs(cv2.Sobel(small, cv2.CV_32F, 1, 0)) + np.abs(cv2.Sobel(small, cv2.CV_32F, 0, 1)),
                      (9, 9))
    # dst=None (a new array) is what the binding takes; the stubs of some OpenCV versions want an array
    energy = cv2.normalize(energy, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)  # type: ignore[call-overload, unused-ignore]
    _, mask = cv2.threshold(energy, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    size = max(3, int(CLOSE * max(small.shape)))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((size, size), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((size // 2 + 1, size // 2 + 1), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    blobs = sorted((cv2.minAreaRect(contour) for contour in contours), key=lambda rect: -rect[1][0] * rect[1][1])
    patches = []
    for (x, y), (width, height), angle in blobs[:KEPT]:
        if width * height < MIN_AREA * small.size:
            continue
        grown = (width / scale * MARGIN[0] + MARGIN[1], height / scale * MARGIN[0] + MARGIN[1])
        corners = cv2.boxPoints(((x / scale, y / scale), grown, angle)).astype(np.float32)
        target = np.array([(0, grown[1]), (0, 0), (grown[0], 0), grown], np.float32)  # boxPoints' order
        matrix = cv2.getPerspectiveTransform(corners, target)
        patches.append(cv2.warpPerspective(rgb, matrix, (int(grown[0]), int(grown[1])), flags=cv2.INTER_CUBIC,
                                           borderMode=cv2.BORDER_REPLICATE))
    return patches
