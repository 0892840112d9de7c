"""The JSON Schemas shipped with the package: the template format and the wire protocol."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

_FILES = ("protocol.schema.json", "template.schema.json")


@cache
def _registry() -> Registry:
    folder = resources.files(__package__)
    schemas = [json.loads((folder / name).read_text("utf-8")) for name in _FILES]
    return Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas
    )


@cache
def validator(ref: str) -> Draft202012Validator:
    """A validator for the schema at `ref`, e.g. ``urn:extractor:template``."""
    return Draft202012Validator({"$ref": ref}, registry=_registry())
