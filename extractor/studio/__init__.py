"""The template studio (`extractor studio`): a local web app to draw, type, read and save templates."""

from .app import StudioConfig, create_app

__all__ = ["StudioConfig", "create_app"]
