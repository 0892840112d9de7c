"""A template document written as the built-in templates are: one line per anchor, a short block
per field, rectangles as ``[left, top, right, bottom]``."""

from __future__ import annotations

import json
from typing import Any

_FIRST = ("name", "title", "reference", "settings", "sample")


def _scalar(value: Any) -> str:
    """A YAML scalar or flow collection (JSON is YAML: strings quoted and escaped as JSON does)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_scalar(item)}" for key, item in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def template_yaml(data: dict[str, Any]) -> str:
    """`data` (a template document) as YAML text."""
    out = []
    for key in _FIRST:
        if key in data:
            out.append(f"{key}: {_scalar(data[key]) if key != 'name' else data[key]}")
    for key, value in data.items():
        if key.startswith("x-"):
            out.append(f"{key}: {_scalar(value)}")
    if data.get("anchors"):
        out.append("anchors:  # printed the same on every document: they verify the alignment of photos")
        out.extend(f"  - {_scalar(anchor)}" for anchor in data["anchors"])
    out.append("fields:")
    for entry in data["fields"]:
        out.append(f"  - name: {entry['name']}")
        out.extend(f"    {key}: {_scalar(value)}" for key, value in entry.items() if key != "name")
    return "\n".join(out) + "\n"
