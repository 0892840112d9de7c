"""One tree of errors: catch `ExtractorError` for everything the extractor raises.

Faults in the caller's input (a broken template, a bad image, a region outside the
image) are also `ValueError`s; an unknown template name is also a `LookupError`.
"""

from __future__ import annotations


class ExtractorError(Exception):
    """Root of every error the extractor raises."""


class TemplateError(ExtractorError, ValueError):
    """A template file is malformed or breaks the schema."""


class TemplateNotFoundError(ExtractorError, LookupError):
    """No template of that name exists in any searched folder."""

    def __str__(self) -> str:  # LookupError would repr() the message
        return str(self.args[0]) if self.args else ""


class ImageError(ExtractorError, ValueError):
    """The input is not a usable image (unknown format, empty, truncated, corrupt)."""


class ImageTooLargeError(ImageError):
    """The image has more pixels than the configured limit (a decompression bomb guard)."""


class DocumentNotFoundError(ImageError):
    """The image shows no document of the template's shape (or, with several templates, of any)."""


class GeometryError(ExtractorError, ValueError):
    """Regions cannot be placed on the image (outside it, or a mismatched shape)."""


class RequestError(ExtractorError, ValueError):
    """A RecognizeRegions request is malformed (bad JSON, base64, setting or region)."""


class RecognizerError(ExtractorError):
    """The recognizer failed for a reason that is not the caller's input."""


class AuthenticationError(RecognizerError):
    """A recognition endpoint refused the credentials or the token."""


class AspectRatioWarning(UserWarning):
    """The image's shape differs from the template's reference enough to misplace regions."""
