"""One tree of errors: catch `ExtractorError` for everything the extractor raises.

Faults in the caller's input (a broken template, a bad image, a region outside the
image) are also `ValueError`s; an unknown template name is also a `LookupError`::

    ExtractorError
    ├── TemplateError (ValueError)              a template file is malformed
    ├── TemplateNotFoundError (LookupError)     no template of that name
    ├── ImageError (ValueError)                 not a usable image
    │   ├── ImageTooLargeError                  over the pixel limit
    │   ├── PDFError                            a PDF is broken, or has no pages
    │   │   └── EncryptedPDFError               a PDF opens only with a password
    │   └── DocumentNotFoundError               no document of the template's shape (.candidates)
    ├── GeometryError (ValueError)              regions cannot be placed on the image
    ├── RequestError (ValueError)               a malformed RecognizeRegions request
    ├── AuthError                               credentials or a token refused, or unreadable
    ├── RecognizerError                         the recognizer failed, not the input
    │   └── AuthenticationError (AuthError)     an endpoint refused our credentials
    ├── MRZError (ValueError)                   mrz.zone: a machine-readable zone is malformed
    │   └── MRZNotFoundError                    no zone in the image
    ├── BarcodeNotFoundError (ValueError)       barcodes: no PDF417 decodes
    ├── AAMVAError (ValueError)                 barcodes.aamva: a licence's data is malformed
    ├── OutputError (ValueError)                output: a batch's output cannot be written or resumed
    └── StoreError                              server.tasks: the task store failed
        ├── QueueFullError                      server.tasks: the queue holds its limit (503)
        └── BrokerError                         server.redis_tasks: Redis unreachable or refusing
            └── BrokerURLError (ValueError)     a --broker value that is not a Redis URL
"""

from __future__ import annotations

from collections.abc import Mapping


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


class PDFError(ImageError):
    """A PDF cannot be opened or a page of it rendered (broken, truncated, no pages)."""


class EncryptedPDFError(PDFError):
    """A PDF is encrypted with a password to open it; the extractor takes no passwords."""


class DocumentNotFoundError(ImageError):
    """The image shows no document of the template's shape (or, with several templates, of any).

    `candidates`: each template tried and how well the image matched it (0..1), when several were."""

    def __init__(self, message: str, *, candidates: Mapping[str, float] | None = None) -> None:
        super().__init__(message)
        self.candidates = dict(candidates or {})


class GeometryError(ExtractorError, ValueError):
    """Regions cannot be placed on the image (outside it, or a mismatched shape)."""


class RequestError(ExtractorError, ValueError):
    """A RecognizeRegions request is malformed (bad JSON, base64, setting or region)."""


class AuthError(ExtractorError):
    """Credentials or a token were refused, or cannot be loaded; the message says why (never the secret)."""


class RecognizerError(ExtractorError):
    """The recognizer failed for a reason that is not the caller's input."""


class AuthenticationError(RecognizerError, AuthError):
    """A recognition endpoint refused the credentials or the token."""


class OutputError(ExtractorError, ValueError):
    """A batch's output file cannot be written or resumed (an unknown suffix, other columns, not JSON)."""


class AspectRatioWarning(UserWarning):
    """The image's shape differs from the template's reference enough to misplace regions."""
