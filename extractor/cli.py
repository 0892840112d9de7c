"""The `extractor` command: argument parsing and output formats only."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .api import extract
from .errors import ExtractorError
from .template import Template, iter_templates, load_template, search_path


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


@click.group()
@click.version_option(package_name="id-field-extractor")
def main() -> None:
    """Read named fields from images of fixed-layout documents (ID cards, licences, permits)."""


@main.command("extract")
@click.argument("images", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--template", "-t", required=True, help="Template name or path to a YAML file.")
@click.option("--rotate", type=int, default=None, help="Degrees counter-clockwise to turn the image first.")
@click.option("--language", default=None, help="Recognition language, e.g. English, German, French.")
def extract_command(images: tuple[str, ...], template: str, rotate: int | None, language: str | None) -> None:
    """Print the fields of IMAGE as JSON (one JSON line per image when several)."""
    try:
        spec = load_template(template)
    except ExtractorError as exc:
        _fail(str(exc))
    failures = 0
    for image in images:
        try:
            fields = extract(image, spec, rotate=rotate, language=language)
        except ExtractorError as exc:
            message = str(exc)
            click.echo(f"error: {message if image in message else f'{image}: {message}'}", err=True)
            failures += 1
            continue
        if len(images) == 1:
            click.echo(json.dumps(fields, ensure_ascii=False, indent=2))
        else:
            click.echo(json.dumps({"file": image, "fields": fields}, ensure_ascii=False))
    if failures:
        sys.exit(1)


@main.group()
def templates() -> None:
    """List, show and validate templates."""


@templates.command("list")
def templates_list() -> None:
    """List the templates reachable by name (EXTRACTOR_TEMPLATES, then built-in)."""
    for path in iter_templates():
        try:
            spec = Template.from_file(path)
        except ExtractorError as exc:
            click.echo(f"{path.stem}\t(invalid: {exc})", err=True)
            continue
        click.echo(f"{spec.name}\t{len(spec.fields)} fields\t{spec.title}")
    click.echo("searched: " + ", ".join(str(p) for p in search_path()), err=True)


@templates.command("show")
@click.argument("name")
def templates_show(name: str) -> None:
    """Print a template's YAML."""
    try:
        spec = load_template(name)
    except ExtractorError as exc:
        _fail(str(exc))
    click.echo(f"# {spec.source}")
    click.echo(Path(spec.source).read_text("utf-8"), nl=False)


@templates.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def templates_validate(files: tuple[str, ...]) -> None:
    """Check template files against the schema and the geometry rules."""
    failures = 0
    for file in files:
        try:
            spec = Template.from_file(file)
        except ExtractorError as exc:
            click.echo(f"error: {exc}", err=True)
            failures += 1
            continue
        click.echo(f"ok: {file} ({spec.name}, {len(spec.fields)} fields)")
    if failures:
        sys.exit(1)


