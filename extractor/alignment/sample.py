"""A template's `sample` image: fixed print to register a straightened document against.

Everything a document prints outside its fields (titles, labels, bands, security print) is
the same on the sample. ORB features found there, matched to the straightened document near
where they should be, give a correction (a homography, reference to reference) and say how
much the document looks like the sample: the share of the sample's features found in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from ..geometry import Rect
from ..template import Template
from .config import AlignConfig
from .straighten import moves_within


@dataclass(frozen=True)
class Registration:
    """How the straightened document lies against the sample."""

    correction: np.ndarray | None  # reference to reference; None when too few features agree
    similarity: float  # 0..1: the share of the sample's features found where they belong


def register(gray: np.ndarray, template: Template, config: AlignConfig) -> Registration:
    """Match the straightened document `gray` (reference size) to the template's sample."""
    if template.sample is None:
        return Registration(None, 0.0)
    fields = tuple(spec.rect for spec in template.fields)
    sample_points, sample_descriptors = _sample_features(str(template.sample), template.width, template.height,
                                                         fields, config.sample_features)
    if sample_descriptors is None or len(sample_points) < config.sample_min_matches:
        return Registration(None, 0.0)
    orb = cv2.ORB.create(config.sample_features)
    keypoints, descriptors = orb.detectAndCompute(gray, _outside_fields(template.width, template.height, fields))
    if descriptors is None or len(keypoints) < config.sample_min_matches:
        return Registration(None, 0.0)
    matches = cv2.BFMatcher(cv2.NORM_HAMMING, crossCheck=True).match(descriptors, sample_descriptors)
    reach = config.sample_reach * max(template.width, template.height)
    source = np.array([keypoints[m.queryIdx].pt for m in matches], np.float32)
    target = sample_points[[m.trainIdx for m in matches]]
    near = np.hypot(*(source - target).T) <= reach if len(matches) else np.zeros(0, bool)
    source, target = source[near], target[near]
    if len(source) < config.sample_min_matches:
        return Registration(None, len(source) / len(sample_points))
    homography, inliers = cv2.findHomography(source, target, cv2.RANSAC, config.sample_error)
    agreeing = int(inliers.sum()) if inliers is not None else 0
    similarity = min(1.0, agreeing / (config.sample_share * len(sample_points)))
    if homography is None or agreeing < config.sample_min_matches \
            or not moves_within(homography, template, config.anchor_correction):
        return Registration(None, similarity)
    return Registration(homography, similarity)


def _outside_fields(width: int, height: int, fields: tuple[Rect, ...]) -> np.ndarray:
    """A mask of the reference frame: 255 outside every field rectangle (values differ there)."""
    mask = np.full((height, width), 255, np.uint8)
    for rect in fields:
        mask[rect.slices] = 0
    return mask


@lru_cache(maxsize=32)
def _sample_features(path: str, width: int, height: int, fields: tuple[Rect, ...],
                     count: int) -> tuple[np.ndarray, np.ndarray | None]:
    """The sample's ORB keypoints (positions) and descriptors outside the fields, at the reference size."""
    image = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    if image is None:
        return np.zeros((0, 2), np.float32), None
    image = cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)
    keypoints, descriptors = cv2.ORB.create(count).detectAndCompute(image, _outside_fields(width, height, fields))
    return np.array([k.pt for k in keypoints], np.float32).reshape(-1, 2), descriptors
