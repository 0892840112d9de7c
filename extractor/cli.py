"""The `extractor` command: argument parsing and output formats only."""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from .api import Extractor, TemplateChoice, read
from .batch import Record, expand, extract_many, field_names, is_pattern
from .errors import AuthError, ExtractorError
from .images import DEFAULT_MAX_PIXELS
from .output import FORMATS, Output, format_of, open_output
from .system import available_cores
from .template import Template, iter_templates, load_template, search_path

if TYPE_CHECKING:
    from .authoring.check import Finding


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


@click.group()
@click.version_option(package_name="id-field-extractor")
def main() -> None:
    """Read named fields from images of fixed-layout documents (ID cards, licences, permits)."""


@main.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--template", "-t", default="auto", show_default=True,
              help="Template name or path to a YAML file; 'auto' picks among all, or name several: a,b,c.")
@click.option("--rotate", type=int, default=None, help="Degrees counter-clockwise to turn the image first.")
@click.option("--no-align", "no_align", is_flag=True,
              help="Read the image as given: no search for the document, no orientation detection.")
@click.option("--language", default=None, help="Recognition language, e.g. English, German, French.")
@click.option("--max-pixels", type=click.IntRange(min=1), default=DEFAULT_MAX_PIXELS, show_default=True,
              help="Refuse images (and rendered PDF pages) with more pixels than this (checked before decoding).")
@click.option("--endpoint", default=None, metavar="URL",
              help="Read through this RecognizeRegions service instead of the embedded engine.")
@click.option("--client-id", envvar="EXTRACTOR_CLIENT_ID", default=None, help="Client id for --endpoint.")
@click.option("--client-secret", envvar="EXTRACTOR_CLIENT_SECRET", default=None,
              help="Client secret for --endpoint (better: the EXTRACTOR_CLIENT_SECRET variable).")
@click.option("--broker", envvar="EXTRACTOR_BROKER", default=None, metavar="URL",
              help="Recognize on the `extractor worker` processes of this Redis (redis://...), the workers "
                   "`extractor serve --broker` uses; documents are still found and straightened here.")
@click.option("--details", is_flag=True,
              help="Print per field: value, raw text, confidence, rect, valid, warnings.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes, each loading the models once [default: one per core].")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the records to this file (.jsonl, .csv or .json) instead of standard output.")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default=None,
              help="The records' format [default: from the --output suffix; jsonl on standard output].")
@click.option("--resume", is_flag=True, help="Skip the files --output records already; add the others.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no per-file notes on stderr.")
def extract_command(
    paths: tuple[str, ...], template: str, rotate: int | None, no_align: bool, language: str | None,
    max_pixels: int, endpoint: str | None, client_id: str | None, client_secret: str | None, broker: str | None,
    details: bool, jobs: int | None, output: str | None, output_format: str | None, resume: bool, quiet: bool,
) -> None:
    """Read the fields of each image or PDF page PATH names: files, folders (their images and
    PDFs, recursively) and glob patterns. One image prints its fields as one JSON object;
    more print a record per page, or per document where a page holds several (JSON lines, or
    --format/--output), and a summary on stderr.

    Photos are found, turned upright and straightened first; with --template auto the
    template picked and its score are reported on stderr (and in --details). The exit code is
    1 when a page could not be read, or when its document was not found for sure (the
    alignment is not verified: the fields are printed, flagged, but are not to be trusted)."""
    if resume and not output:
        raise click.UsageError("--resume needs --output: the file whose records to go on from")
    try:
        choice = _template_choice(template)
        kind = output_format or (format_of(output) if output else "jsonl")
    except ExtractorError as exc:
        _fail(str(exc))
    if details and kind == "csv":
        raise click.UsageError("--details needs a JSON format: a CSV row holds the values")
    make = None
    if endpoint and broker:
        raise click.UsageError("--endpoint and --broker are two ways to recognize: choose one")
    if broker:
        try:
            from .server.redis_tasks import connect
        except ImportError as exc:
            _fail(f"--broker needs the extra dependencies ({exc.name} is missing): "
                  "pip install 'id-field-extractor[redis]'")
        try:
            connect(broker).close()  # a wrong URL or an unreachable Redis fails here, once
        except ExtractorError as exc:
            _fail(str(exc))
        make = functools.partial(_queued_extractor, broker, max_pixels)
    if endpoint:
        if not client_id or not client_secret:
            _fail("--endpoint needs --client-id and --client-secret (or EXTRACTOR_CLIENT_ID/_SECRET)")
        make = functools.partial(_remote_extractor, endpoint, client_id, client_secret, max_pixels)
    options: dict[str, Any] = {"align": not no_align, "max_pixels": max_pixels, "rotate": rotate,
                               "language": language}
    single = len(paths) == 1 and not output and not output_format and not _names_many(paths[0])
    if single:  # today's plain answer: one image, one JSON object
        records = list(extract_many(paths, choice, make_extractor=make, **options))
        for record in records:
            _notes(record, quiet)
        if len(records) == 1 and records[0].extraction is not None:
            extraction = records[0].extraction
            click.echo(json.dumps(extraction.to_dict() if details else extraction.values(), ensure_ascii=False,
                                  indent=2))
        elif len(records) > 1:  # several pages (a PDF, a TIFF) or documents on a page: a record each
            for record in records:
                click.echo(json.dumps(record.to_dict(details), ensure_ascii=False))
        sys.exit(0 if all(record.ok for record in records) else 1)
    try:
        out = open_output(output, kind, fields=field_names(choice), details=details, resume=resume)
    except ExtractorError as exc:
        _fail(str(exc))
    files = expand(paths)
    todo = [file for file in files if file not in out.recorded]
    skipped = [file for file in files if file in out.recorded]
    earlier = sum(not out.recorded[file] for file in skipped)
    if skipped:
        click.echo(f"skipped {len(skipped)} file(s) {output} records already"
                   f"{f' ({earlier} of them not read or not verified)' if earlier else ''}", err=True)
    not_ok = _batch(todo, choice, out, min(jobs or available_cores(), max(1, len(todo))), make, options, quiet)
    if not_ok or earlier:
        sys.exit(1)


def _batch(files: list[str], choice: TemplateChoice, out: Output, jobs: int, make: Callable[[], Extractor] | None,
           options: dict[str, Any], quiet: bool) -> int:
    """Read `files` into `out` with a progress bar on a terminal, say on stderr how it went, and
    return how many records were not read or not verified."""
    from tqdm import tqdm

    started = time.perf_counter()
    read = flagged = failed = not_ok = 0
    pages: set[tuple[str, int | None]] = set()
    bar = tqdm(total=len(files), unit="file", file=sys.stderr, dynamic_ncols=True,
               disable=quiet or not files or not sys.stderr.isatty())

    def progress(done: int, _total: int) -> None:
        bar.update(done - bar.n)

    try:
        for record in extract_many(files, choice, jobs=jobs, make_extractor=make, on_progress=progress, **options):
            out.write(record)
            _notes(record, quiet)
            pages.add((record.file, record.page))
            read += record.error is None
            failed += record.error is not None
            flagged += record.error is None and not record.valid
            not_ok += not record.ok
        out.finish()  # the last file is complete
    finally:
        bar.close()
        out.close()
    elapsed = time.perf_counter() - started
    rate = len(pages) / max(elapsed, 1e-9)
    click.echo(f"{len(pages)} page(s) of {len(files)} file(s) in {elapsed:.1f} s ({rate:.2f} images/s, {jobs} "
               f"job(s)): {read} document(s) read, {flagged} flagged, {failed} failed", err=True)
    return not_ok


def _names_many(path: str) -> bool:
    """Whether a lone PATH stands for many files: a folder, or a pattern that is no file's name."""
    return Path(path).is_dir() or is_pattern(path)


def _notes(record: Record, quiet: bool) -> None:
    """What a record says on stderr: the template picked, alignment warnings, the error."""
    if quiet:
        return
    from tqdm import tqdm

    label = record.file if record.page in (None, 1) else f"{record.file} page {record.page}"
    if record.error is not None:
        message = record.error.message
        tqdm.write(f"error: {message if record.file in message else f'{label}: {message}'}", file=sys.stderr)
        return
    alignment = record.extraction.alignment if record.extraction else None
    if alignment is None:
        return
    if alignment.candidates and record.template:
        tqdm.write(f"{label}: template {record.template} (score {alignment.candidates[record.template]:.2f})",
                   file=sys.stderr)
    for warning in alignment.warnings:
        tqdm.write(f"{'warning' if alignment.verified else 'error'}: {label}: {warning}", file=sys.stderr)


def _remote_extractor(endpoint: str, client_id: str, client_secret: str, max_pixels: int) -> Extractor:
    """An extractor reading fields through a RecognizeRegions service (built in each worker)."""
    from .recognizers.http import HttpRecognizer

    return Extractor(HttpRecognizer(endpoint, client_id, client_secret), max_pixels=max_pixels)


def _queued_extractor(broker: str, max_pixels: int) -> Extractor:
    """An extractor recognizing on the workers of a Redis queue (built in each job)."""
    from .recognizers.queued import QueuedRecognizer

    return Extractor(QueuedRecognizer(broker), max_pixels=max_pixels)


@main.command("mrz")
@click.argument("images", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--details", is_flag=True, help="Also print the lines as read, each check digit and the repairs made.")
@click.option("--max-pixels", type=click.IntRange(min=1), default=DEFAULT_MAX_PIXELS, show_default=True,
              help="Refuse images with more pixels than this.")
def mrz_command(images: tuple[str, ...], details: bool, max_pixels: int) -> None:
    """Read the machine-readable zone (passport, ID card, visa) of each IMAGE: one JSON line per
    file with its format, fields and whether every check digit holds. No template is needed;
    the zone is found anywhere in the image, any way up. The exit code is 1 when some image has
    no MRZ or one whose checks fail (its fields are printed, but not to be trusted)."""
    from .mrz import read_mrz

    failures = 0
    for image in images:
        try:
            found = read_mrz(image, max_pixels=max_pixels)
        except ExtractorError as exc:
            _failed(image, exc)
            failures += 1
            continue
        if not found.valid:
            failed = ", ".join(name for name, holds in found.checks.items() if not holds)
            click.echo(f"error: {image}: MRZ checks fail ({failed}): the values are not to be trusted", err=True)
            failures += 1
        record = {"file": image, **found.as_dict()} if details else {
            "file": image, "format": found.format, "fields": found.fields, "valid": found.valid}
        click.echo(json.dumps(record, ensure_ascii=False))
    if failures:
        sys.exit(1)


@main.command("barcode")
@click.argument("images", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--max-pixels", type=click.IntRange(min=1), default=DEFAULT_MAX_PIXELS, show_default=True,
              help="Refuse images with more pixels than this.")
def barcode_command(images: tuple[str, ...], max_pixels: int) -> None:
    """Decode the PDF417 barcode of each IMAGE (a North American licence's back): one JSON line
    per file with the AAMVA fields by name and every data element by code. The exit code is 1
    when some image has no barcode that decodes."""
    from .barcodes import read_barcode

    failures = 0
    for image in images:
        try:
            found = read_barcode(image, max_pixels=max_pixels)
        except ExtractorError as exc:
            _failed(image, exc)
            failures += 1
            continue
        click.echo(json.dumps({"file": image, **found.as_dict()}, ensure_ascii=False))
    if failures:
        sys.exit(1)


def _failed(image: str, exc: ExtractorError, line: bool = True) -> None:
    """Say on stderr that `image` was not read, and (with `line`) print its JSON line with the error."""
    message = str(exc)
    click.echo(f"error: {message if image in message else f'{image}: {message}'}", err=True)
    if line:
        click.echo(json.dumps({"file": image, "error": {"type": type(exc).__name__, "message": message}},
                              ensure_ascii=False))


def _loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only."""
    import ipaddress

    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def _template_choice(template: str) -> TemplateChoice:
    """'auto', several comma-separated names, or one template (loaded now so that it fails early)."""
    if template == "auto":
        return template
    if "," in template:
        return [load_template(name.strip()) for name in template.split(",") if name.strip()]
    return load_template(template)


@main.command("overlay")
@click.argument("image", type=click.Path(dir_okay=False, exists=True))
@click.option("--template", "-t", required=True, help="Template name or path to a YAML file, or 'auto'.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="Where to write the picture.")
@click.option("--rotate", type=int, default=None, help="Degrees counter-clockwise to turn the image first.")
@click.option("--language", default=None, help="Recognition language.")
def overlay_command(image: str, template: str, output: str, rotate: int | None, language: str | None) -> None:
    """Draw each field's rectangle, name and value on IMAGE (green valid, red not), and the
    template's anchors (teal found, orange not found)."""
    from .images import load_image
    from .overlay import draw_overlay

    try:
        loaded = load_image(image)
        choice = _template_choice(template)
        extraction = read(loaded.image, choice, rotate=rotate, language=language)
        given = choice if isinstance(choice, list) else [choice]
        chosen = next((t for t in given if isinstance(t, Template) and t.name == extraction.template), None)
        picture = draw_overlay(loaded.image, extraction, template=chosen or load_template(extraction.template))
    except ExtractorError as exc:
        _fail(f"{image}: {exc}")
    picture.save(output)
    flagged = sum(not f.valid or bool(f.warnings) for f in extraction.fields.values())
    click.echo(f"wrote {output}: {len(extraction.fields)} fields, {flagged} flagged", err=True)


@main.group()
def templates() -> None:
    """List, show and validate templates."""


@templates.command("list")
def templates_list() -> None:
    """List the templates reachable by name (EXTRACTOR_TEMPLATES, then built-in)."""
    for path in iter_templates():
        try:
            template = Template.from_file(path)
        except ExtractorError as exc:
            click.echo(f"{path.stem}\t(invalid: {exc})", err=True)
            continue
        click.echo(f"{template.name}\t{len(template.fields)} fields\t{template.title}")
    click.echo("searched: " + ", ".join(str(p) for p in search_path()), err=True)


@templates.command("show")
@click.argument("name")
def templates_show(name: str) -> None:
    """Print a template's YAML."""
    try:
        template = load_template(name)
    except ExtractorError as exc:
        _fail(str(exc))
    click.echo(f"# {template.source}")
    click.echo(Path(template.source).read_text("utf-8"), nl=False)


@templates.command("new")
@click.argument("image", type=click.Path(dir_okay=False, exists=True))
@click.option("--name", "-n", required=True, help="The template's name (lower-case letters, digits and _).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the template here (NAME.yaml; it refers to IMAGE as its sample) [default: print it].")
@click.option("--language", default=None, help="The document's language [default: guessed from its labels].")
def templates_new(image: str, name: str, output: str | None, language: str | None) -> None:
    """Propose a template from IMAGE, a straight, upright scan of one document: its fields
    (values paired with their labels, named after them, typed from the value), the title and
    labels as anchors. Check the proposal with `extractor templates validate FILE --sample IMAGE`."""
    from .authoring import propose_template

    if output and Path(output).stem != name:
        raise click.UsageError(f"--output {output!r}: a template file is named after its template: {name}.yaml")
    try:
        proposal = propose_template(image, name, language=language)
        if output:
            proposal.data["sample"] = os.path.relpath(Path(image).resolve(), Path(output).resolve().parent)
        text = proposal.yaml()
        Template.from_dict(proposal.data, source=output or "<proposal>")  # what is written validates
    except ExtractorError as exc:
        _fail(f"{image}: {exc}")
    fields = proposal.data["fields"]
    summary = f"{len(fields)} fields ({', '.join(f['name'] for f in fields)}), " \
              f"{len(proposal.data.get('anchors', ()))} anchors"
    if output:
        Path(output).write_text(text, "utf-8")
        click.echo(f"wrote {output}: {summary}", err=True)
    else:
        click.echo(text, nl=False)
        click.echo(f"proposed {summary}", err=True)


@templates.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--sample", "sample", type=click.Path(dir_okay=False, exists=True), default=None,
              help="A straight scan of the document to check each template against [default: its sample: key].")
def templates_validate(files: tuple[str, ...], sample: str | None) -> None:
    """Check template files against the schema and the geometry rules and, with a sample (--sample
    or the template's sample: key), against the document: anchors that do not read as written or
    sit off their rectangle, fields that read empty, rectangles that cut text or take in a label,
    overlapping rectangles. Errors make the exit code 1; warnings are printed."""
    failures = 0
    for file in files:
        try:
            template = Template.from_file(file)
            findings = [] if sample is None and template.sample is None else _check(template, sample)
        except ExtractorError as exc:
            click.echo(f"error: {exc}", err=True)
            failures += 1
            continue
        for finding in findings:
            click.echo(f"{finding.severity}: {file}: {finding}", err=True)
        errors = sum(finding.severity == "error" for finding in findings)
        failures += bool(errors)
        checked = f", checked against {sample or template.sample}" if sample or template.sample else ""
        if errors:
            click.echo(f"failed: {file} ({errors} error(s){checked})")
        else:
            click.echo(f"ok: {file} ({template.name}, {len(template.fields)} fields{checked})")
    if failures:
        sys.exit(1)


def _check(template: Template, sample: str | None) -> list[Finding]:
    from .authoring.check import check_template

    return check_template(template, sample)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Recognition worker threads sharing the cores [default: one per core].")
@click.option("--data-dir", type=click.Path(file_okay=False), default="extractor-data", show_default=True,
              help="Where tasks (SQLite) and the token signing key live.")
@click.option("--clients", "clients_file", type=click.Path(dir_okay=False, exists=True), default=None,
              help="YAML/JSON file mapping client ids to secrets (plain or from `extractor hash-secret`).")
@click.option("--insecure-dev", is_flag=True, help="Loopback only: give a token to any credentials.")
@click.option("--max-queue", type=click.IntRange(min=1), default=64, show_default=True,
              help="Queued tasks beyond which submits get 503 with Retry-After.")
@click.option("--max-body-mb", type=click.FloatRange(min=0.01), default=20.0, show_default=True)
@click.option("--max-pixels", type=click.IntRange(min=1), default=DEFAULT_MAX_PIXELS, show_default=True)
@click.option("--result-ttl", type=click.IntRange(min=1), default=24 * 3600, show_default=True,
              help="Seconds a task's results are kept after submission.")
@click.option("--token-ttl", type=click.IntRange(min=10, max=24 * 3600), default=3600, show_default=True,
              help="Token lifetime in seconds (at most a day: a removed client's token is refused at once, "
                   "but a stolen one lives this long).")
@click.option("--task-timeout", type=click.FloatRange(min=0.1), default=300.0, show_default=True,
              help="Seconds a task may run; then it ends as Error.")
@click.option("--max-store-mb", type=click.FloatRange(min=0.1), default=None,
              help="A quota for the task store; past it submits get 507.")
@click.option("--body-timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds a request body may take to arrive (then 408).")
@click.option("--max-regions", type=click.IntRange(min=1), default=100, show_default=True,
              help="Regions one request may hold (more: 413).")
@click.option("--broker", envvar="EXTRACTOR_BROKER", default=None, metavar="URL",
              help="redis://[:password@]host:port/db: tasks, results and the token key in Redis, read by "
                   "`extractor worker` processes; this process then recognizes nothing and keeps no state "
                   "(--workers, --data-dir and --max-store-mb do not apply). Default: SQLite in --data-dir.")
@click.option("--heartbeat-timeout", type=click.FloatRange(min=1), default=60.0, show_default=True,
              help="With --broker: seconds after which a silent worker counts as dead and its tasks are "
                   "given to another (the same value for every process).")
def serve_command(host: str, port: int, workers: int | None, data_dir: str, clients_file: str | None,
                  insecure_dev: bool, max_queue: int, max_body_mb: float, max_pixels: int,
                  result_ttl: int, token_ttl: int, task_timeout: float, max_store_mb: float | None, body_timeout: float,
                  max_regions: int, broker: str | None, heartbeat_timeout: float) -> None:
    """Serve the embedded engine over the RecognizeRegions API (Aspose.OCR Cloud v5).

    Alone (the default) it queues tasks in SQLite and reads them in its own threads; with
    --broker redis://... any number of these stand behind a load balancer, sharing Redis
    with any number of `extractor worker` processes."""
    import logging

    try:
        import uvicorn

        from .server import ServerConfig, create_app
    except ImportError as exc:  # the server's dependencies are an extra
        _fail(f"the server needs its extra dependencies ({exc.name} is missing): "
              "pip install 'id-field-extractor[server]'")
    from .server.auth import Clients
    from .server.limits import DeadlineH11Protocol
    from .server.tasks import StoreError

    try:
        clients = Clients.load(clients_file, accept_any=insecure_dev)
    except AuthError as exc:
        _fail(str(exc))
    if insecure_dev:
        if not _loopback(host):
            _fail("--insecure-dev is only allowed on a loopback address such as 127.0.0.1")
    elif not len(clients):
        _fail("no clients: pass --clients FILE or set EXTRACTOR_CLIENT_ID and EXTRACTOR_CLIENT_SECRET "
              "(or --insecure-dev on loopback for local development)")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = ServerConfig(Path(data_dir), clients, workers=workers or available_cores(), max_queue=max_queue,
                          max_body_bytes=int(max_body_mb * 1024 * 1024), max_pixels=max_pixels,
                          result_ttl=result_ttl, token_lifetime=token_ttl, max_regions=max_regions,
                          task_seconds=task_timeout, body_seconds=body_timeout,
                          max_store_bytes=None if max_store_mb is None else int(max_store_mb * 1024 * 1024),
                          broker=broker, heartbeat_seconds=heartbeat_timeout)
    try:
        app = create_app(config)
    except (StoreError, AuthError) as exc:
        _fail(str(exc))
    uvicorn.run(app, host=host, port=port, log_level="info", http=DeadlineH11Protocol, timeout_keep_alive=5)


@main.command("studio")
@click.argument("folder", type=click.Path(file_okay=False, exists=True), default=".")
@click.option("--port", type=int, default=8600, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Loopback address to listen on (the studio has no login: other interfaces are refused).")
@click.option("--max-pixels", type=click.IntRange(min=1), default=DEFAULT_MAX_PIXELS, show_default=True)
@click.option("--max-upload-mb", type=click.FloatRange(min=0.01), default=20.0, show_default=True)
def studio_command(folder: str, port: int, host: str, max_pixels: int, max_upload_mb: float) -> None:
    """Make and edit the templates of FOLDER in the browser: open a sample, draw the fields,
    read them live, save NAME.yaml. Open http://HOST:PORT/ once it runs."""
    if not _loopback(host):
        _fail(f"--host {host}: the studio reads and writes the files of {folder} without a login, so it "
              "listens on a loopback address only (127.0.0.1, ::1, localhost)")
    try:
        import uvicorn

        from .studio import StudioConfig, create_app
    except ImportError as exc:  # Starlette and uvicorn come with the server's extra
        _fail(f"the studio needs the server's extra dependencies ({exc.name} is missing): "
              "pip install 'id-field-extractor[server]'")
    config = StudioConfig(Path(folder), max_pixels=max_pixels, max_upload_bytes=int(max_upload_mb * 1024 * 1024))
    click.echo(f"studio for {Path(folder).resolve()}: http://{host}:{port}/", err=True)
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning")


@main.command("worker")
@click.option("--broker", envvar="EXTRACTOR_BROKER", required=True, metavar="URL",
              help="The Redis the API processes queue tasks on: redis://[:password@]host:port/db "
                   "(or the EXTRACTOR_BROKER variable, which keeps the password out of `ps`).")
@click.option("--threads", type=click.IntRange(min=1), default=None,
              help="Tasks read at once, sharing the cores and one copy of the models [default: one per core].")
@click.option("--cores", type=click.IntRange(min=1), default=None,
              help="Cores this worker's threads share [default: all]: less when several workers share a machine.")
@click.option("--max-pixels", type=click.IntRange(min=1), default=DEFAULT_MAX_PIXELS, show_default=True)
@click.option("--task-timeout", type=click.FloatRange(min=0.1), default=300.0, show_default=True,
              help="Seconds a task may run; then it ends as Error.")
@click.option("--heartbeat-timeout", type=click.FloatRange(min=1), default=60.0, show_default=True,
              help="Seconds after which a silent worker counts as dead and its tasks are given to another "
                   "(the same value for every process).")
def worker_command(broker: str, threads: int | None, cores: int | None, max_pixels: int, task_timeout: float,
                   heartbeat_timeout: float) -> None:
    """Read the tasks `extractor serve --broker URL` queues on Redis, with the embedded engine,
    until SIGTERM or Ctrl-C (the tasks under way are finished first). Run any number, anywhere."""
    import logging

    try:
        from .recognizers.embedded import EmbeddedRecognizer
        from .server.redis_worker import RedisWorker
        from .server.tasks import StoreError
    except ImportError as exc:
        _fail(f"the worker needs its extra dependencies ({exc.name} is missing): "
              "pip install 'id-field-extractor[redis]'")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    share = cores or available_cores()
    count = threads or share
    recognizer = EmbeddedRecognizer(threads=max(1, share // count), max_pixels=max_pixels)
    try:
        worker = RedisWorker(broker, recognizer, threads=count, task_seconds=task_timeout,
                             heartbeat_seconds=heartbeat_timeout)
    except StoreError as exc:
        _fail(str(exc))
    recognizer.warm_up()
    worker.run()


@main.command("hash-secret")
@click.password_option("--secret", prompt="Client secret", help="The secret to hash (prompted when absent).")
def hash_secret_command(secret: str) -> None:
    """Print a hash of a client secret, to store in a --clients file instead of the secret."""
    from .server.auth import hash_secret

    click.echo(hash_secret(secret))
