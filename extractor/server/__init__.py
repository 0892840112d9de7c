"""A self-hosted RecognizeRegions service: the embedded engine behind the Aspose.OCR Cloud v5 API."""

from .app import ServerConfig, create_app

__all__ = ["ServerConfig", "create_app"]
