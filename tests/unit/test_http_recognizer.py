"""HttpRecognizer error paths, with httpx.MockTransport standing in for a remote service."""

from __future__ import annotations

import base64
import json

import httpx
import pytest
from PIL import Image

from extractor import AuthenticationError, RecognizerError, RequestError
from extractor.errors import AuthenticationError as AuthFromErrors
from extractor.geometry import Rect
from extractor.images import load_image
from extractor.recognizers.http import HttpRecognizer
from extractor.request import RecognizeRegionsRequest, Region, Settings

SECRET = "s3cr3t-value"
REQUEST = RecognizeRegionsRequest(load_image(Image.new("RGB", (40, 20))), Settings(),
                                  (Region(1, Rect(0, 0, 20, 20)), Region(0, Rect(20, 0, 40, 20))))


class Service:
    """A scripted RecognizeRegions service: `script` maps 'METHOD path' to a list of answers."""

    def __init__(self, **script: list) -> None:
        self.script = {key.replace("_", " ", 1): list(value) for key, value in script.items()}
        self.calls: list[httpx.Request] = []
        self.tokens = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        if request.url.path == "/connect/token":
            self.tokens += 1
            return httpx.Response(200, json={"access_token": f"t{self.tokens}", "expires_in": 3600})
        key = f"{request.method} {request.url.path.rsplit('/', 1)[-1]}"
        answers = self.script.get(key) or [httpx.Response(200, json=done())]
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def done(texts=("left", "right")) -> dict:
    return {"id": "t", "taskStatus": "Completed", "responseStatusCode": "Ok", "error": None,
            "results": [{"type": "Text", "data": base64.b64encode(t.encode()).decode()} for t in texts]}


def recognizer(service: Service, **options) -> HttpRecognizer:
    return HttpRecognizer("http://ocr.test", "id", SECRET, transport=httpx.MockTransport(service),
                          **{"timeout": 5, "poll_interval": 0.001, **options})


def test_happy_path_polls_maps_orders_and_deletes():
    pending = {"id": "t", "taskStatus": "Pending", "responseStatusCode": "NotReady", "results": None, "error": None}
    service = Service(POST_RecognizeRegions=[httpx.Response(200, text="abc")],
                      GET_RecognizeRegions=[httpx.Response(200, json=pending), httpx.Response(200, json=done())])
    results = recognizer(service).recognize(REQUEST)
    assert [(r.order, r.text, r.confidence) for r in results] == [(0, "left", 1.0), (1, "right", 1.0)]
    methods = [c.method for c in service.calls if c.url.path != "/connect/token"]
    assert methods == ["POST", "GET", "GET", "DELETE"]
    sent = json.loads(service.calls[1].content)
    assert sent == REQUEST.to_wire()
    assert service.calls[1].headers["Authorization"] == "Bearer t1"


def test_token_renewed_once_on_401():
    service = Service(POST_RecognizeRegions=[httpx.Response(401, json={"detail": "expired"}),
                                             httpx.Response(200, text="abc")])
    recognizer(service).recognize(REQUEST)
    assert service.tokens == 2


def test_persistent_401_is_an_authentication_error_without_the_secret():
    service = Service(POST_RecognizeRegions=[httpx.Response(401, json={"detail": "the token is not valid"})])
    with pytest.raises(AuthenticationError, match="HTTP 401: the token is not valid") as caught:
        recognizer(service).recognize(REQUEST)
    assert SECRET not in str(caught.value) and AuthenticationError is AuthFromErrors


def test_bad_credentials():
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": "invalid_client", "detail": "unknown client id"})

    with pytest.raises(AuthenticationError, match="token request: HTTP 401: unknown client id") as caught:
        HttpRecognizer("http://ocr.test", "id", SECRET, transport=httpx.MockTransport(refuse)).recognize(REQUEST)
    assert SECRET not in str(caught.value)


def test_problem_detail_becomes_request_error():
    service = Service(POST_RecognizeRegions=[httpx.Response(400, json={
        "type": "about:blank", "title": "Invalid request", "status": 400, "detail": "settings.language: bad"})])
    with pytest.raises(RequestError, match="HTTP 400: settings.language: bad"):
        recognizer(service).recognize(REQUEST)


def test_5xx_503_and_connection_errors_are_retried():
    service = Service(POST_RecognizeRegions=[
        httpx.ConnectError("refused"), httpx.Response(502), httpx.Response(503, headers={"Retry-After": "0"}),
        httpx.Response(200, text="abc")])
    assert len(recognizer(service, retries=3).recognize(REQUEST)) == 2


def test_retries_are_bounded():
    service = Service(POST_RecognizeRegions=[httpx.Response(500), httpx.Response(500)])
    with pytest.raises(RecognizerError, match="still failing after 2 retries"):
        recognizer(service, retries=2).recognize(REQUEST)


def test_overall_timeout():
    pending = {"id": "t", "taskStatus": "Processing", "responseStatusCode": "NotReady"}
    service = Service(POST_RecognizeRegions=[httpx.Response(200, text="abc")],
                      GET_RecognizeRegions=[httpx.Response(200, json=pending)])
    with pytest.raises(RecognizerError, match="not done after"):
        recognizer(service, timeout=0.3, max_poll_interval=0.05).recognize(REQUEST)


def test_error_task_and_wrong_result_count():
    failed = {"id": "t", "taskStatus": "Error", "responseStatusCode": "Error",
              "error": {"messages": ["image could not be read"]}}
    service = Service(GET_RecognizeRegions=[httpx.Response(200, json=failed)],
                      POST_RecognizeRegions=[httpx.Response(200, text="abc")])
    with pytest.raises(RecognizerError, match="ended Error: image could not be read"):
        recognizer(service).recognize(REQUEST)
    short = Service(GET_RecognizeRegions=[httpx.Response(200, json=done(("only one",)))],
                    POST_RecognizeRegions=[httpx.Response(200, text="abc")])
    with pytest.raises(RecognizerError, match="1 results for 2 regions"):
        recognizer(short).recognize(REQUEST)


def test_spelling_marks_are_applied_locally_not_sent():
    service = Service(POST_RecognizeRegions=[httpx.Response(200, text="abc")],
                      GET_RecognizeRegions=[httpx.Response(200, json=done(("GOVERMENT OFFICE", "GOVERMENT")))])
    request = RecognizeRegionsRequest(REQUEST.image, Settings(make_spell_check=True), (
        Region(0, Rect(0, 0, 20, 20), spellcheck=True), Region(1, Rect(20, 0, 40, 20), spellcheck=False)))
    results = recognizer(service).recognize(request)
    assert json.loads(service.calls[1].content)["settings"]["makeSpellCheck"] is False
    assert [r.text for r in results] == ["GOVERNMENT OFFICE", "GOVERMENT"]  # the unmarked one untouched
