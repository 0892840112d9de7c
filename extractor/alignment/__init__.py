"""Alignment: find the document in an image and bring it, upright, to the template's frame.

One module per concern: `outline` (document outlines from text and edges), `orientation`
(which way up), `straighten` (homographies and warps), `anchors` (printed text that places and
verifies), `fit` (the one scoring rule and the refinement by it), `placement` (each field's
final rectangle), `align` (candidates, scores, the decision), `identify` (which template).
"""

from .align import Aligned, Alignment, align_document
from .config import ALIGN, AlignConfig, FitConfig
from .identify import IDENTIFY, Identified, IdentifyConfig, identify
from .picture import Picture

__all__ = [
    "ALIGN",
    "IDENTIFY",
    "AlignConfig",
    "Aligned",
    "Alignment",
    "FitConfig",
    "Identified",
    "IdentifyConfig",
    "Picture",
    "align_document",
    "identify",
]
