"""The real server on loopback, driven by raw HTTP (the seed's curl calls), the official
Aspose SDK, the HttpRecognizer and the CLI."""

from __future__ import annotations

import base64
import io
import json
import sqlite3
import time
from typing import Any

import httpx
import jwt
import pytest
from PIL import Image

from extractor import extract, read
from extractor.recognizers.http import HttpRecognizer
from tests.helpers import ROOT
from tests.serverproc import CLIENT_ID, CLIENT_SECRET, ServerProcess

SAMPLE = ROOT / "samples" / "national_id_de.png"
SURNAME_RECT = {"topLeftX": 330, "topLeftY": 135, "bottomRightX": 980, "bottomRightY": 182}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with ServerProcess(tmp_path_factory.mktemp("data")) as running:
        yield running


def body(image: bytes | None = None, **settings) -> dict:
    image = SAMPLE.read_bytes() if image is None else image
    return {"image": base64.b64encode(image).decode(),
            "settings": {"language": "German", "makeSkewCorrect": True, "rotate": 0, "makeBinarization": False,
                         "makeContrastCorrection": True, "makeUpsampling": False, "makeSpellCheck": False,
                         "dsrMode": "Regions", "dsrConfidence": "Default", "resultType": "Text",
                         "regions": [{"order": 0, "rect": SURNAME_RECT}], **settings}}


def submit(server: ServerProcess, payload: dict | bytes, token: str | None = None, **headers) -> httpx.Response:
    content = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return httpx.post(server.url + "/v5.0/ocr/RecognizeRegions", content=content, headers={
        "Authorization": f"Bearer {token or server.token()}", "Content-Type": "application/json", **headers})


def wait_done(server: ServerProcess, task_id: str, token: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = httpx.get(server.url + "/v5.0/ocr/RecognizeRegions", params={"id": task_id},
                           headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
        assert answer.status_code == 200
        if answer.json()["taskStatus"] not in ("Pending", "Processing"):
            return answer.json()
        time.sleep(0.05)
    raise AssertionError(f"task {task_id} not done in {timeout} s")


# -- the seed's curl workflow, byte for byte ------------------------------------------
def test_curl_workflow(server):
    token_answer = httpx.post(server.url + "/connect/token",
                              content=f"grant_type=client_credentials&client_id={CLIENT_ID}&client_secret="
                                      f"{CLIENT_SECRET.replace(' ', '+')}",
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert token_answer.status_code == 200
    token = token_answer.json()
    assert token["token_type"] == "Bearer" and token["expires_in"] == 3600
    access = token["access_token"]

    submitted = submit(server, body(), access)
    assert submitted.status_code == 200
    assert submitted.headers["content-type"].startswith("text/plain")
    task_id = submitted.text
    assert len(task_id) == 36 and not task_id.endswith("\n")

    answer = wait_done(server, task_id, access)
    confidence = answer.pop("confidences")  # this server's extension; the SDK ignores it
    assert answer == {"id": task_id, "taskStatus": "Completed", "responseStatusCode": "Ok",
                      "results": [{"type": "Text", "data": base64.b64encode(b"MUSTERMANN").decode()}],
                      "error": None}
    assert len(confidence) == 1 and 0.5 < confidence[0] <= 1.0
    status = httpx.get(server.url + "/v5.0/ocr/Utilities/GetTaskStatus", params={"id": task_id},
                       headers={"Authorization": f"Bearer {access}"})
    assert status.json()["taskStatus"] == "Completed" and status.json()["results"] is None

    assert httpx.delete(server.url + "/v5.0/ocr/RecognizeRegions", params={"id": task_id},
                        headers={"Authorization": f"Bearer {access}"}).status_code == 200
    gone = wait_done(server, task_id, access)
    assert gone["taskStatus"] == "NotExist" and gone["responseStatusCode"] == "TaskNotFound"


def test_multipart_token_request_as_old_sdks_send_it(server):
    answer = httpx.post(server.url + "/connect/token", headers={"ContentType": "multipart/form-data"},
                        files={"client_id": (None, CLIENT_ID), "client_secret": (None, CLIENT_SECRET),
                               "grant_type": (None, "client_credentials")})
    assert answer.status_code == 200 and answer.json()["access_token"]


def test_json_accept_gets_the_guid_as_a_json_string_and_sdk_rotate_spelling(server):
    payload = body()
    payload["settings"].pop("rotate")
    payload["settings"]["Rotate"] = 0
    answer = submit(server, payload, Accept="application/json")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    assert len(json.loads(answer.text)) == 36


def test_unfinished_and_unknown_tasks_answer_200(server):
    token = server.token()
    answer = httpx.get(server.url + "/v5.0/ocr/RecognizeRegions", params={"id": "no-such-task"},
                       headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.json()["taskStatus"] == "NotExist"


# -- the official SDK, unchanged -------------------------------------------------------
def sdk_sample_body() -> Any:
    """The SDK's request for the two name lines of the sample card."""
    from aspose_ocr_cloud.models import (
        Language,
        OCRRecognizeRegionsBody,
        OCRRect,
        OCRRegion,
        OCRSettingsRecognizeRegions,
        ResultType,
    )

    settings = OCRSettingsRecognizeRegions(
        language=Language.GERMAN, make_skew_correct=True, make_binarization=False, make_spell_check=False,
        make_upsampling=False, make_contrast_correction=True, rotate=0, result_type=ResultType.TEXT,
        regions=[OCRRegion(order=0, rect=OCRRect(top_left_x=330, top_left_y=135, bottom_right_x=980,
                                                 bottom_right_y=182)),
                 OCRRegion(order=1, rect=OCRRect(top_left_x=330, top_left_y=215, bottom_right_x=980,
                                                 bottom_right_y=262))])
    return OCRRecognizeRegionsBody(image=base64.b64encode(SAMPLE.read_bytes()).decode(), settings=settings)


def sdk_finished(api: Any, task_id: str) -> Any:
    """The SDK's answer for `task_id` once it is neither pending nor processing (or after 30 s)."""
    for _ in range(600):
        response = api.get_recognize_regions(id=task_id)
        if response.task_status not in ("Pending", "Processing"):
            break
        time.sleep(0.05)
    return response


def test_official_sdk_workflow(server):
    import aspose_ocr_cloud
    from aspose_ocr_cloud.api import recognize_regions_api
    from aspose_ocr_cloud.configuration import Configuration

    config = Configuration(host=server.url + "/", access_token=server.token())  # trailing slash: //v5.0
    with aspose_ocr_cloud.ApiClient(config) as client:
        api = recognize_regions_api.RecognizeRegionsApi(client)
        task_id = api.post_recognize_regions(sdk_sample_body())
        assert task_id and len(task_id) == 36
        response = sdk_finished(api, task_id)
        assert response.task_status == "Completed" and response.response_status_code == "Ok"
        assert [base64.b64decode(r.data).decode() for r in response.results] == ["MUSTERMANN", "ERIKA JÜRGEN"]
        assert api.cancel_recognize_regions(id=task_id) is None
        assert api.get_recognize_regions(id=task_id).task_status == "NotExist"
        from aspose_ocr_cloud.exceptions import ApiException

        bad = Configuration(host=server.url, access_token="forged")
        with aspose_ocr_cloud.ApiClient(bad) as other, pytest.raises(ApiException) as caught:
            recognize_regions_api.RecognizeRegionsApi(other).get_recognize_regions(id=task_id)
        assert caught.value.status == 401


# -- the HttpRecognizer and the CLI ----------------------------------------------------
def test_http_recognizer_matches_the_embedded_engine(server, embedded):
    with HttpRecognizer(server.url, CLIENT_ID, CLIENT_SECRET) as remote:
        assert repr(remote).count(CLIENT_SECRET) == 0
        for name in ("national_id_de", "drivers_license_ca"):
            sample = ROOT / "samples" / f"{name}.png"
            assert extract(sample, name, recognizer=remote) == extract(sample, name, recognizer=embedded)
        there = read(ROOT / "samples" / "national_id_de.png", "national_id_de", recognizer=remote).fields
        here = read(ROOT / "samples" / "national_id_de.png", "national_id_de", recognizer=embedded).fields
        assert [f.confidence for f in there.values()] == [f.confidence for f in here.values()]


def test_cli_endpoint(server):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "extractor", "extract", str(SAMPLE), "-t", "national_id_de", "--endpoint", server.url,
         "--client-id", CLIENT_ID], capture_output=True, text=True, timeout=120,
        env={"EXTRACTOR_CLIENT_SECRET": CLIENT_SECRET, "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["surname"] == "MUSTERMANN"
    wrong = subprocess.run(
        [sys.executable, "-m", "extractor", "extract", str(SAMPLE), "-t", "national_id_de", "--endpoint", server.url,
         "--client-id", CLIENT_ID, "--client-secret", "hunter2-bad"], capture_output=True, text=True, timeout=120)
    assert wrong.returncode == 1 and "HTTP 401" in wrong.stderr and "hunter2-bad" not in wrong.stderr


# -- errors ---------------------------------------------------------------------------
def png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", size).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        (b"{not json", "malformed JSON"),
        ({"image": "%%%", "settings": body()["settings"]}, "image: not valid base64"),
        (body(b"plain text, no pixels"), "image: not an image"),
        (body(png((9000, 5000))), "over the limit of 40,000,000"),
        (body(language="Klingon"), "settings.language"),
        (body(language="Russian"), "'Russian' is not read"),
        (body(resultType="text"), "settings.resultType"),
        (body(regions=[{"order": 3, "rect": {"topLeftX": 900, "topLeftY": 10, "bottomRightX": 1100,
                                              "bottomRightY": 50}}]), "region with order 3"),
        (body(regions=[{"order": 0, "rect": SURNAME_RECT}], rotate=90), "outside the 638x1012 image"),
    ],
)
def test_bad_submits_get_problem_details(server, payload, fragment):
    answer = submit(server, payload)
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["status"] == 400 and problem["title"] and fragment in problem["detail"]


def test_token_errors(server, tmp_path):
    def fetch(token: str | None) -> httpx.Response:
        headers = {"Authorization": token} if token is not None else {}
        return httpx.get(server.url + "/v5.0/ocr/Utilities/GetTaskStatus", params={"id": "x"}, headers=headers)

    key = (server.data_dir / "token.key").read_bytes()
    now = int(time.time())
    expired = jwt.encode({"sub": CLIENT_ID, "iss": "id-field-extractor", "iat": now - 7200, "exp": now - 3600},
                         key, algorithm="HS256")
    forged = jwt.encode({"sub": CLIENT_ID, "iss": "id-field-extractor", "iat": now, "exp": now + 600},
                        b"not the server's key, though as long as one", algorithm="HS256")
    cases = [(None, "missing Authorization"), ("Basic abc", "must be 'Bearer"), ("Bearer x.y", "not valid"),
             (f"Bearer {expired}", "expired"), (f"Bearer {forged}", "signature")]
    for header, fragment in cases:
        answer = fetch(header)
        assert answer.status_code == 401, header
        assert answer.headers["content-type"] == "application/problem+json"
        assert fragment in answer.json()["detail"] and "WWW-Authenticate" in answer.headers
    wrong = httpx.post(server.url + "/connect/token", data={"grant_type": "client_credentials",
                                                            "client_id": CLIENT_ID, "client_secret": "nope"})
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    grant = httpx.post(server.url + "/connect/token", data={"grant_type": "password"})
    assert grant.status_code == 400


def test_openapi_and_health(server):
    spec = httpx.get(server.url + "/openapi.json").json()
    assert {"/connect/token", "/v5.0/ocr/RecognizeRegions", "/v5.0/ocr/Utilities/GetTaskStatus"} <= set(spec["paths"])
    assert httpx.get(server.url + "/healthz").json()["status"] == "ok"


def test_logs_hold_no_text_image_or_secret(server):
    log = server.log()
    assert "MUSTERMANN" not in log and CLIENT_SECRET not in log
    assert base64.b64encode(SAMPLE.read_bytes()).decode()[:40] not in log
    assert "completed" in log  # it does log, just not the contents


# -- limits, expiry, durability: each on its own server ---------------------------------
def test_body_limit_is_checked_before_reading(tmp_path):
    with ServerProcess(tmp_path / "data", "--max-body-mb", "0.05") as small:
        answer = submit(small, body())
        assert answer.status_code == 413 and "limit" in answer.json()["detail"]
        chunked = httpx.post(small.url + "/v5.0/ocr/RecognizeRegions", content=iter([b"x" * 40_000] * 3),
                             headers={"Authorization": f"Bearer {small.token()}"})
        assert chunked.status_code == 413


def test_queue_limit_answers_503_with_retry_after(tmp_path):
    many = [{"order": i, "rect": SURNAME_RECT} for i in range(60)]
    with ServerProcess(tmp_path / "data", "--max-queue", "1", "--workers", "1") as busy:
        token = busy.token()
        answers = [submit(busy, body(regions=many), token) for _ in range(4)]
        refused = [a for a in answers if a.status_code == 503]
        assert answers[0].status_code == 200 and refused
        assert refused[0].headers["Retry-After"].isdigit()
        assert refused[0].json()["title"] == "Queue full"


def test_results_expire_and_images_are_deleted(tmp_path):
    with ServerProcess(tmp_path / "data", "--result-ttl", "2") as short:
        token = short.token()
        task_id = submit(short, body(), token).text
        assert wait_done(short, task_id, token)["taskStatus"] == "Completed"
        with sqlite3.connect(tmp_path / "data" / "tasks.sqlite3") as db:
            assert db.execute("SELECT image FROM tasks WHERE id = ?", (task_id,)).fetchone() == (None,)
            assert db.execute("SELECT COUNT(*) FROM images").fetchone() == (0,)
        time.sleep(2.5)
        assert wait_done(short, task_id, token)["taskStatus"] == "NotExist"


def test_tasks_survive_sigkill(tmp_path):
    data = tmp_path / "data"
    many = [{"order": i, "rect": SURNAME_RECT} for i in range(40)]
    first = ServerProcess(data, "--workers", "1")
    token = first.token()
    task_ids = [submit(first, body(regions=many), token).text for _ in range(6)]
    first.kill()  # SIGKILL while tasks are Pending or Processing
    with sqlite3.connect(data / "tasks.sqlite3") as db:
        unfinished = db.execute("SELECT COUNT(*) FROM tasks WHERE status IN ('Pending', 'Processing')").fetchone()
    assert unfinished[0] >= 1
    with ServerProcess(data, "--workers", "1") as second:
        token = second.token()  # the signing key persisted too: the old token still works
        for task_id in task_ids:
            answer = wait_done(second, task_id, token, timeout=240)
            assert answer["taskStatus"] == "Completed"
            texts = [base64.b64decode(r["data"]).decode() for r in answer["results"]]
            assert texts == ["MUSTERMANN"] * 40


def test_serve_refuses_to_start_without_clients(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "extractor", "serve", "--data-dir", str(tmp_path)],
                          capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 1 and "no clients" in done.stderr
    public = subprocess.run([sys.executable, "-m", "extractor", "serve", "--insecure-dev", "--host", "0.0.0.0"],
                            capture_output=True, text=True, timeout=60)
    assert public.returncode == 1 and "loopback" in public.stderr


def test_insecure_dev_accepts_any_credentials(tmp_path):
    with ServerProcess(tmp_path / "data", "--insecure-dev", env={"EXTRACTOR_CLIENT_ID": "",
                                                                "EXTRACTOR_CLIENT_SECRET": ""}) as dev:
        answer = httpx.post(dev.url + "/connect/token", data={"grant_type": "client_credentials",
                                                              "client_id": "anyone", "client_secret": "x"})
        assert answer.status_code == 200
