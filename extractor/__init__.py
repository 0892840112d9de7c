"""Template-driven document field extractor: named fields from ID cards and other fixed layouts.

    >>> from extractor import extract
    >>> extract("card.jpg", "drivers_license_ca")   # doctest: +SKIP
    {'dl_number': 'I1234568', 'last_name': 'GARCIA', ...}
"""

from .api import Extractor, build_request, default_extractor, default_recognizer, extract, read
from .barcodes import Barcode, BarcodeNotFoundError, read_barcode
from .config import Config
from .errors import (
    AspectRatioWarning,
    AuthenticationError,
    AuthError,
    DocumentNotFoundError,
    ExtractorError,
    GeometryError,
    ImageError,
    ImageTooLargeError,
    RecognizerError,
    RequestError,
    TemplateError,
    TemplateNotFoundError,
)
from .fields import Extraction, FieldResult
from .mrz import MRZ, MRZError, MRZNotFoundError, parse_mrz, read_mrz
from .recognizers import Recognizer, RegionResult, Vision
from .request import RecognizeRegionsRequest, Region, Settings
from .template import FieldSpec, Template, load_template

__all__ = [
    "MRZ",
    "AspectRatioWarning",
    "AuthError",
    "AuthenticationError",
    "Barcode",
    "BarcodeNotFoundError",
    "Config",
    "DocumentNotFoundError",
    "Extraction",
    "Extractor",
    "ExtractorError",
    "FieldResult",
    "FieldSpec",
    "GeometryError",
    "ImageError",
    "ImageTooLargeError",
    "MRZError",
    "MRZNotFoundError",
    "RecognizeRegionsRequest",
    "Recognizer",
    "RecognizerError",
    "Region",
    "RegionResult",
    "RequestError",
    "Settings",
    "Template",
    "TemplateError",
    "TemplateNotFoundError",
    "Vision",
    "build_request",
    "default_extractor",
    "default_recognizer",
    "extract",
    "load_template",
    "parse_mrz",
    "read",
    "read_barcode",
    "read_mrz",
]
