"""The JSON Schemas shipped with the package: the template format and the wire protocol."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

_FILES = ("protocol.schema.json", "template.schema.json")


@cache
def _schemas() -> tuple[dict[str, Any], ...]:
    folder = resources.files(__package__)
    return tuple(json.loads((folder / name).read_text("utf-8")) for name in _FILES)


def protocol_schema() -> dict[str, Any]:
    """The wire protocol's JSON Schema (its `$defs` hold settings, region, request)."""
    return _schemas()[0]


def template_schema() -> dict[str, Any]:
    """The template format's JSON Schema (its `$defs` hold field and anchor)."""
    return _schemas()[1]


@cache
def _registry() -> Registry:
    schemas = _schemas()
    return Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas
    )


@cache
def validator(ref: str) -> Draft202012Validator:
    """A validator for the schema at `ref`, e.g. ``urn:extractor:template``."""
    return Draft202012Validator({"$ref": ref}, registry=_registry())


def deepest_first(error: ValidationError) -> tuple[int, str]:
    """Sort key putting the most specific error first (the one that says most about what is wrong)."""
    return (-len(error.absolute_path), str(list(error.absolute_path)))
