"""The studio in a real browser: Playwright driving Debian's chromium (headless; never a downloaded browser).

Set STUDIO_SCREENSHOTS=docs to write the README's two screenshots there.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect, sync_playwright

from extractor import Extractor, load_template
from tests.e2e.test_cli import SAMPLES
from tests.helpers import ROOT
from tests.serverproc import StudioProcess

CHROMIUM = "/usr/bin/chromium"  # Debian's, installed by .ci/services
WIDTH, HEIGHT = 1012, 638  # the licence template's reference size


@pytest.fixture
def page(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    shutil.copy(SAMPLES / "drivers_license_ca.png", folder)
    text = (ROOT / "templates" / "drivers_license_ca.yaml").read_text("utf-8")
    (folder / "drivers_license_ca.yaml").write_text("# keep me\n" + text, "utf-8")
    with StudioProcess(folder) as studio, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            opened = browser.new_page(viewport={"width": 1400, "height": 760})
            opened.set_default_timeout(30_000)
            opened.goto(studio.url)
            opened.folder = folder  # type: ignore[attr-defined]
            yield opened
        finally:
            browser.close()


def _screen(page: Page, x: int, y: int) -> tuple[float, float]:
    """Where reference pixel (x, y) is on the screen."""
    box = page.locator("#canvas").bounding_box()
    assert box is not None
    return box["x"] + x * box["width"] / WIDTH, box["y"] + y * box["height"] / HEIGHT


def _draw(page: Page, start: tuple[int, int], end: tuple[int, int]) -> None:
    """A rectangle dragged from reference pixel `start` to `end`."""
    page.mouse.move(*_screen(page, *start))
    page.mouse.down()
    page.mouse.move(*_screen(page, *end), steps=5)
    page.mouse.up()


def _screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("STUDIO_SCREENSHOTS")
    if folder:
        path = Path(folder) / name
        page.screenshot(path=str(path))
        Image.open(path).convert("RGB").quantize(128).save(path, optimize=True)  # small enough to commit


def test_draw_rename_read_nudge_undo_and_save(page):
    page.select_option("#template-select", "drivers_license_ca")
    page.select_option("#image-select", "drivers_license_ca.png")
    page.click("#open")
    last_name = page.locator('#field-list tr[data-name="last_name"] td').nth(1)
    expect(last_name).to_have_text("GARCIA")  # every field read live once opened
    expect(page.locator('g[data-name="last_name"] text')).to_contain_text("GARCIA")
    _screenshot(page, "studio.png")

    page.locator('#field-list tr[data-name="first_name"]').click()
    page.click("#delete")  # drawn anew below
    expect(page.locator('g[data-name="first_name"]')).to_have_count(0)
    _draw(page, (340, 272), (960, 318))  # a new field round the first name's value
    name = page.locator("#f-name")
    expect(name).to_have_value("field_14")
    name.fill("given_name")
    name.press("Enter")
    given = page.locator('#field-list tr[data-name="given_name"] td').nth(1)
    expect(given).to_have_text(re.compile("ALEXANDER"))
    page.select_option("#f-case", "upper")
    expect(page.locator('g[data-name="given_name"] text')).to_contain_text("ALEXANDER")
    _screenshot(page, "studio_reading.png")

    rect = page.locator("#field-form div")
    drawn = rect.inner_text()
    page.locator('g[data-name="given_name"] rect.field').click()  # the canvas has the keys again
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowDown")
    expect(rect).not_to_have_text(drawn)
    left, top, right, bottom = map(int, re.findall(r"\d+", drawn))
    expect(rect).to_have_text(f"rect [{left + 1}, {top + 10}, {right + 1}, {bottom + 10}]")
    page.keyboard.press("Control+z")
    page.keyboard.press("Control+z")
    expect(rect).to_have_text(drawn)

    page.locator('#field-list tr[data-name="date_of_birth"]').click()
    page.click("#delete")
    _draw(page, (340, 465), (600, 510))  # the second rectangle: the birth date, typed
    name.fill("born")
    name.press("Enter")
    page.select_option("#f-type", "date")
    formats = page.locator("#f-formats")
    formats.fill("%m/%d/%Y")
    formats.dispatch_event("change")
    born = page.locator('#field-list tr[data-name="born"] td').nth(1)
    expect(born).to_have_text("1977-08-31")  # read live as a date, in ISO form

    page.check("#keep-sample")  # the image opened, a file of the folder, named as the sample
    page.click("#save")
    expect(page.locator("#status")).to_contain_text("saved")
    saved = page.folder / "drivers_license_ca.yaml"
    text = saved.read_text("utf-8")
    assert text.startswith("# keep me\n") and "\nsample: drivers_license_ca.png\n" in text  # the image opened
    assert sorted(p.name for p in page.folder.iterdir()) == ["drivers_license_ca.png", "drivers_license_ca.yaml"]
    assert f"  - name: given_name\n    rect: [{left}, {top}, {right}, {bottom}]\n    case: upper\n" in text
    template = load_template(saved)  # the saved file validates, and reads the sample right
    values = Extractor().extract(page.folder / "drivers_license_ca.png", template)
    assert values["born"] == "1977-08-31" and values["given_name"].startswith("ALEXANDER")
    assert values["last_name"] == "GARCIA" and "date_of_birth" not in values and "first_name" not in values
