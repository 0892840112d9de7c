"""Template documents of the studio's folder: names checked, files read and written round trip.

A file the author wrote keeps its comments, key order and `x-*` notes when the studio saves
it: the edited document is merged into the file's own ruamel.yaml tree rather than written anew.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any, NamedTuple

from PIL import Image
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..errors import TemplateError
from ..template import MAX_TEMPLATE_BYTES, TEMPLATE_NAME, Template

_FLOW = ("rect", "reference", "formats", "choices", "settings")  # short collections, on one line as in templates/


def template_path(folder: Path, name: object) -> Path:
    """Where template `name` lives in `folder`; a name that is not a template name (and so could
    reach outside the folder) is refused."""
    if not isinstance(name, str) or not TEMPLATE_NAME.fullmatch(name):
        raise TemplateError(f"{str(name)[:40]!r} is not a template name: lower-case letters, digits and _, "
                            "starting with a letter")
    return folder / f"{name}.yaml"


def folder_file(folder: Path, file: str) -> Path:
    """A file directly inside `folder`, named by the browser: no other folder is reachable."""
    path = folder / file
    if not file or Path(file).name != file or file in (".", "..") or not path.is_file():
        raise TemplateError(f"{file[:80]!r} is not a file of the template folder {folder}")
    return path


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments and order kept
    yaml.preserve_quotes = True
    yaml.width = 120
    yaml.indent(mapping=2, sequence=4, offset=2)  # lists indented under their key, as in templates/
    return yaml


def read_document(path: Path) -> CommentedMap:
    """A template file as a round-trip tree (not validated: the studio shows what is wrong)."""
    if path.stat().st_size > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"{path}: too large for a template (at most {MAX_TEMPLATE_BYTES} bytes)")
    try:
        document = _yaml().load(path.read_text("utf-8"))
    except (YAMLError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{path}: not a YAML template: {exc}") from exc
    if not isinstance(document, CommentedMap):
        raise TemplateError(f"{path}: not a template: a YAML mapping with name, reference and fields is expected")
    return document


def plain(value: Any) -> Any:
    """A round-trip tree as plain JSON-able dicts, lists and scalars."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def _node(key: str, value: Any) -> Any:
    """`value` as a new tree node, its short collections in flow style."""
    node: CommentedMap | CommentedSeq
    if isinstance(value, dict):
        node = CommentedMap((name, _node(name, item)) for name, item in value.items())
    elif isinstance(value, list):
        node = CommentedSeq(_node(key, item) for item in value)
    else:
        return value
    if key in _FLOW or (key == "anchors" and isinstance(value, dict)):
        node.fa.set_flow_style()
    return node


def _merge_map(old: CommentedMap, new: dict[str, Any], key: str = "") -> CommentedMap:
    """`old` updated in place to hold `new`: its comments, key order and `x-*` notes stay."""
    for name in [name for name in old if name not in new and not str(name).startswith("x-")]:
        del old[name]
    for name, value in new.items():
        if name in old and plain(old[name]) == value:
            continue  # unchanged: keep its quoting, style and comments
        if name in ("fields", "anchors") and isinstance(old.get(name), CommentedSeq) and isinstance(value, list):
            _merge_list(old[name], value, name)
        elif isinstance(old.get(name), CommentedMap) and isinstance(value, dict) and name not in _FLOW:
            _merge_map(old[name], value, name)
        else:
            old[name] = _node(name, value)
    return old


def _merge_list(old: CommentedSeq, new: list[Any], key: str) -> None:
    """Fields (matched by name, else by place) and anchors (by place) merged into `old`."""
    by_name = {item.get("name"): item for item in old if isinstance(item, CommentedMap) and "name" in item}
    merged = []
    for index, value in enumerate(new):
        match = by_name.get(value.get("name")) if isinstance(value, dict) else None
        if match is None and index < len(old) and isinstance(old[index], CommentedMap) and \
                (key == "anchors" or old[index].get("name") not in {v.get("name") for v in new}):
            match = old[index]  # a renamed field keeps its notes
        if match is not None and isinstance(value, dict):
            flow = match.fa.flow_style()
            merged.append(_merge_map(match, value, key))
            if flow:
                match.fa.set_flow_style()
        else:
            merged.append(_node(key, value))
    old[:] = merged


def merged_text(path: Path, data: dict[str, Any]) -> str:
    """The YAML text of `data`, merged into the file at `path` when there is one."""
    document = read_document(path) if path.is_file() else CommentedMap()
    out = io.StringIO()
    _yaml().dump(_merge_map(document, data), out)
    return out.getvalue()


class Saved(NamedTuple):
    """A template written: its file, its text, and its sample's file name (None: it names none)."""

    path: Path
    text: str
    sample: str | None


def save_document(folder: Path, data: dict[str, Any], sample: Image.Image | None = None) -> Saved:
    """Validate `data` and write it to its file in `folder` (atomically, merged into the file there).
    `sample`, for a document that names none, is written beside it as its `sample:` (a new PNG
    file readable by its owner only, never over one that is there: NAME.png, else NAME_2.png...)."""
    name = data.get("name")
    path = template_path(folder, name)
    kept = sample if "sample" not in data else None
    if kept is not None:  # a template that is refused writes no image of an identity document
        Template.from_dict(plain(_yaml().load(merged_text(path, data))), source=str(path), stem=name)
    written = None
    try:
        if kept is not None:
            written = _write_new_png(folder, path.stem, kept)
            data = _with_sample(data, written.name)
        text = merged_text(path, data)
        Template.from_dict(plain(_yaml().load(text)), source=str(path), stem=name)  # what is written validates
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except BaseException:
        if written is not None:
            written.unlink(missing_ok=True)
        raise
    return Saved(path, text, data.get("sample"))


def _with_sample(data: dict[str, Any], sample: str) -> dict[str, Any]:
    """`data` naming `sample`, the key where the templates' own style puts it (after settings)."""
    before = [key for key in ("name", "title", "reference", "settings") if key in data]
    return {**{key: data[key] for key in before}, "sample": sample,
            **{key: value for key, value in data.items() if key not in before}}


def _write_new_png(folder: Path, stem: str, image: Image.Image) -> Path:
    """`image` written as a new PNG file of `folder` named after `stem` (an image of an identity
    document: readable by its owner only), never over a file that is there."""
    for number in range(1, 1000):
        path = folder / (f"{stem}.png" if number == 1 else f"{stem}_{number}.png")
        try:
            handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            continue
        try:
            with os.fdopen(handle, "wb") as out:
                image.save(out, format="PNG")
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path
    raise TemplateError(f"no free file name for {stem}.png in {folder}")


def validated(folder: Path, data: Any) -> Template:
    """`data` checked by the template schema and rules, as if it were its file in `folder` (its
    `sample:` is found there); a fault raises `TemplateError` naming where it is."""
    name = data.get("name") if isinstance(data, dict) else None
    source = str(folder / f"{name}.yaml") if isinstance(name, str) and TEMPLATE_NAME.fullmatch(name) else "<studio>"
    return Template.from_dict(data, source=source)
