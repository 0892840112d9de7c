"""Templates: YAML files naming the fields of a fixed-layout document.

A template is a reference size and one rectangle per field, drawn on that size.
`load_template` accepts a path, a name or a `Template`; names are looked up in the
folders of ``EXTRACTOR_TEMPLATES`` and then among the built-in templates.
"""

from __future__ import annotations

import logging
import os
import re
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import yaml
from jsonschema.exceptions import ValidationError

from .errors import TemplateError, TemplateNotFoundError
from .geometry import Rect
from .request import Settings
from .schema import deepest_first, validator
from .values import PatternError, bounded_pattern

logger = logging.getLogger(__name__)

TEMPLATES_ENV = "EXTRACTOR_TEMPLATES"
_PACKAGED_TEMPLATES = Path(__file__).parent / "templates"  # inside an installed wheel
_SOURCE_TEMPLATES = Path(__file__).parent.parent / "templates"  # a source checkout
TEMPLATE_NAME = re.compile(r"[a-z][a-z0-9_]*")
MAX_TEMPLATE_BYTES = 1 << 20  # a template is a few kilobytes; more is not one
EXCERPT = 40  # characters of a value an error message quotes at most


class TemplateShadowWarning(UserWarning):
    """A template in EXTRACTOR_TEMPLATES has a built-in template's name and is used instead."""


def _excerpt(value: Any) -> str:
    """A value as an error quotes it: its repr cut short, a mapping by its keys."""
    if isinstance(value, dict):
        text, limit = "{" + ", ".join(f"{key!r}: ..." for key in list(value)[:12]) + "}", 3 * EXCERPT
    else:
        text, limit = repr(value), EXCERPT
    return text if len(text) <= limit else text[:limit] + "..."


class _TemplateLoader(yaml.SafeLoader):
    """Safe YAML without aliases: a few hundred bytes of nested aliases expand to gigabytes."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            # types-PyYAML leaves Parser.peek_event unannotated
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in templates",
                                              event.start_mark)
        return super().compose_node(parent, index)


@dataclass(frozen=True)
class FieldSpec:
    """One named rectangle of a template, in reference pixels, and how to read its value."""

    name: str
    rect: Rect
    order: int
    type: str = "text"
    formats: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    regex: str | None = None
    charset: str | None = None
    case: str = "as-printed"
    optional: bool = False
    spellcheck: bool = False
    mrz: str | None = None  # the field of the template's MRZ this value must agree with
    barcode: str | None = None  # the AAMVA field of the template's barcode this value must agree with
    extra: Mapping[str, Any] = field(default_factory=dict)  # the author's x-* notes


@dataclass(frozen=True)
class Anchor:
    """Text printed identically on every document of a template, and where (reference pixels)."""

    text: str
    rect: Rect


@dataclass(frozen=True)
class Template:
    """A validated template; `fields` keep the file's order."""

    name: str
    width: int
    height: int
    fields: tuple[FieldSpec, ...]
    title: str = ""
    settings: Mapping[str, Any] = field(default_factory=dict)
    source: str = "<memory>"
    anchors: tuple[Anchor, ...] = ()
    sample: Path | None = None  # an image of the document

    @property
    def aspect(self) -> float:
        """Width over height of the reference."""
        return self.width / self.height

    def recognition_settings(self) -> Settings:
        """The protocol's default settings with the template's `settings` over them."""
        return Settings.from_wire(dict(self.settings), source=f"{self.source}: settings")

    @classmethod
    def from_dict(cls, data: Any, source: str = "<memory>", stem: str | None = None) -> Template:
        """Validate a parsed template document; `stem` is the file name it must match."""
        _check_schema(data, source)
        fields = data["fields"]
        specs = []
        seen_names: dict[str, int] = {}
        seen_orders: dict[int, str] = {}
        width, height = data["reference"]["width"], data["reference"]["height"]
        for index, item in enumerate(fields):
            name = item["name"]
            where = f"{source}: field {name!r} (#{index})"
            if name in seen_names:
                raise TemplateError(
                    f"{where}: duplicate name, already used by field #{seen_names[name]}"
                )
            seen_names[name] = index
            rect = Rect(*item["rect"])
            if rect.width <= 0 or rect.height <= 0:
                raise TemplateError(
                    f"{where}: rect {item['rect']} is empty: needs left < right and top < bottom"
                )
            if rect.right > width or rect.bottom > height:
                raise TemplateError(
                    f"{where}: rect {item['rect']} lies outside the reference size "
                    f"{width}x{height}"
                )
            order = item.get("order", index)
            if order in seen_orders:
                raise TemplateError(
                    f"{where}: order {order} is already used by field {seen_orders[order]!r}"
                )
            seen_orders[order] = name
            if "regex" in item:
                try:
                    bounded_pattern(item["regex"])
                except PatternError as exc:
                    raise TemplateError(f"{where}: regex {_excerpt(item['regex'])} is not valid: {exc}") from exc
            for form in item.get("formats", ()):
                if not re.search(r"%[dmyYbB]", form) or re.search(r"%[^dmyYbBjHMS%]", form):
                    raise TemplateError(
                        f"{where}: date format {form!r} needs %d, %m, %b, %B, %y or %Y directives only"
                    )
            specs.append(FieldSpec(
                name, rect, order,
                type=item.get("type", "text"), formats=tuple(item.get("formats", ())),
                choices=tuple(item.get("choices", ())), regex=item.get("regex"), charset=item.get("charset"),
                case=item.get("case", "as-printed"), optional=item.get("optional", False),
                spellcheck=item.get("spellcheck", False), mrz=item.get("mrz"), barcode=item.get("barcode"),
                extra={k: v for k, v in item.items() if k.startswith("x-")},
            ))
        for kind, key in (("mrz", "mrz"), ("pdf417", "barcode")):
            sources = [spec.name for spec in specs if spec.type == kind]
            checked = [spec.name for spec in specs if getattr(spec, key)]
            if checked and len(sources) != 1:
                raise TemplateError(f"{source}: field(s) {', '.join(checked)} name a {key} field to agree with, "
                                    f"which needs one field of type {kind}; the template has {len(sources)}")
        anchors = []
        for index, item in enumerate(data.get("anchors", ())):
            rect = Rect(*item["rect"])
            if rect.width <= 0 or rect.height <= 0 or rect.right > width or rect.bottom > height:
                raise TemplateError(
                    f"{source}: anchor {item['text']!r} (#{index}): rect {item['rect']} must be non-empty "
                    f"and inside the reference size {width}x{height}"
                )
            anchors.append(Anchor(item["text"], rect))
        sample = None
        if "sample" in data:
            folder = Path(source).parent if source != "<memory>" else Path.cwd()
            sample = folder / data["sample"]
            if not sample.is_file():
                raise TemplateError(f"{source}: sample {data['sample']!r}: no such file {sample}")
        if stem is not None and data["name"] != stem:
            raise TemplateError(
                f"{source}: name {data['name']!r} must equal the file's stem {stem!r}"
            )
        return cls(
            name=data["name"],
            width=width,
            height=height,
            fields=tuple(specs),
            title=data.get("title", ""),
            settings=dict(data.get("settings", {})),
            source=source,
            anchors=tuple(anchors),
            sample=sample,
        )

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Template:
        """Read and validate a template YAML file (cached until the file changes)."""
        path = Path(path)
        try:
            stat = path.stat()
        except OSError as exc:
            raise TemplateError(f"{path}: cannot read template: {exc.strerror}") from exc
        return _read_template(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _read_template(path: str, _mtime_ns: int, _size: int) -> Template:
    source = Path(path)
    if _size > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"{path}: {_size} bytes is too large for a template (at most {MAX_TEMPLATE_BYTES})")
    try:
        text = source.read_text("utf-8")
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read template: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{path}: not UTF-8 text: {exc.reason}") from exc
    try:
        data = yaml.load(text, Loader=_TemplateLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or "not YAML"
        raise TemplateError(f"{path}: YAML syntax error at {at}{problem}") from exc
    return Template.from_dict(data, source=path, stem=source.stem)


def _check_schema(data: Any, source: str) -> None:
    if not isinstance(data, dict):  # never echoed: the file may be anything but a template
        raise TemplateError(f"{source}: not a template: a YAML mapping with name, reference and fields is expected")
    errors = sorted(validator("urn:extractor:template").iter_errors(data), key=deepest_first)
    if errors:
        raise TemplateError(f"{source}: {_template_problem(errors[0], data)}")


def _template_problem(error: ValidationError, data: Any) -> str:
    """Say where a schema error is, naming the field by name and index."""
    path = list(error.absolute_path)
    where = "template"
    if len(path) >= 2 and path[0] == "fields" and isinstance(path[1], int):
        item = data["fields"][path[1]]
        name = item.get("name") if isinstance(item, dict) else None
        where = f"field {name!r} (#{path[1]})" if name else f"field #{path[1]}"
        path = path[2:]
    if path:
        where += " key " + ".".join(str(p) for p in path)
    message = error.message
    if message.startswith(repr(error.instance)):  # values quoted short: a file may be huge
        message = _excerpt(error.instance) + message[len(repr(error.instance)):]
    if error.validator == "additionalProperties":
        # an object's schema and the object: mappings (jsonschema types them for any keyword)
        allowed = sorted(cast("Mapping[str, Any]", error.schema).get("properties", {}))
        instance = cast("Mapping[Any, Any]", error.instance)
        unknown = sorted(str(k) for k in instance if k not in allowed and not str(k).startswith("x-"))
        message = (
            f"unknown key(s) {', '.join(map(_excerpt, unknown[:5]))}; allowed: {', '.join(allowed)}, "
            "or x-* for your own notes"
        )
    elif error.validator == "required":
        message = message.replace("is a required property", "is missing")
    elif error.validator == "pattern":
        message = f"{_excerpt(error.instance)} does not match {error.validator_value!r}"
    return f"{where}: {message}"


def search_path() -> list[Path]:
    """The folders searched for a template name, in order."""
    folders = [Path(p) for p in os.environ.get(TEMPLATES_ENV, "").split(os.pathsep) if p]
    builtin = _PACKAGED_TEMPLATES if _PACKAGED_TEMPLATES.is_dir() else _SOURCE_TEMPLATES
    return [*folders, builtin]


def find_template(name: str) -> Path:
    """The file of the template called `name`; `TemplateNotFoundError` lists the places searched."""
    if not TEMPLATE_NAME.fullmatch(name):
        raise TemplateNotFoundError(f"{_excerpt(name)} is not a template name (lower-case letters, digits and _, "
                                    "starting with a letter); give a path to a .yaml file for a file of your own")
    folders = search_path()
    for folder in folders:
        for suffix in (".yaml", ".yml"):
            candidate = folder / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    searched = ", ".join(str(f) for f in folders)
    raise TemplateNotFoundError(f"no template named {name!r}; searched: {searched}")


def iter_templates() -> Iterator[Path]:
    """Every template file reachable by name (the first of each name wins; one of yours
    that hides a built-in template is reported with a `TemplateShadowWarning`)."""
    folders = search_path()
    builtin = folders[-1]
    seen: dict[str, Path] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            if not TEMPLATE_NAME.fullmatch(path.stem):
                continue
            if path.stem not in seen:
                seen[path.stem] = path
                yield path
            elif folder == builtin:
                warnings.warn(f"template {seen[path.stem]} is used instead of the built-in {path.stem!r}",
                              TemplateShadowWarning, stacklevel=2)


def registered_templates() -> list[Template]:
    """Every registered template that loads; a broken file is logged and skipped, so that
    one bad file in EXTRACTOR_TEMPLATES does not stop `auto` from choosing among the rest."""
    templates = []
    for path in iter_templates():
        try:
            templates.append(Template.from_file(path))
        except TemplateError as exc:
            logger.warning("template skipped: %s", exc)
    return templates


def load_template(template: str | os.PathLike[str] | Template) -> Template:
    """A `Template` from a path to a YAML file, a template name, or a `Template`."""
    if isinstance(template, Template):
        return template
    text = os.fspath(template)
    looks_like_path = text.endswith((".yaml", ".yml")) or os.sep in text or "/" in text
    if looks_like_path:
        if not Path(text).is_file():
            raise TemplateNotFoundError(f"template file {text!r} does not exist")
        return Template.from_file(text)
    return Template.from_file(find_template(text))
