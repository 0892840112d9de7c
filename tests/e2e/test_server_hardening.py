"""The server against hostile clients (issue 12): each test reproduces a finding of the probe
on the real server on loopback."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import socket
import sqlite3
import stat
import subprocess
import sys
import time

import httpx
import jwt
import pytest
from PIL import Image

from extractor.errors import AuthError
from extractor.recognizers.fake import FakeRecognizer
from extractor.request import RecognizeRegionsRequest
from extractor.server.auth import Clients, hash_secret
from extractor.server.tasks import TaskStore, Workers
from tests.e2e.test_server import SAMPLE, SURNAME_RECT, body, submit, wait_done
from tests.serverproc import CLIENT_ID, ServerProcess

OTHER_ID, OTHER_SECRET = "other-client", "another long secret for the other client"
REGIONS = "/v5.0/ocr/RecognizeRegions"


def clients_file(folder, **clients: str):
    path = folder / "clients.yaml"
    path.write_text("".join(f"{client}: {json.dumps(secret)}\n" for client, secret in clients.items()), "utf-8")
    return path


def token_for(server: ServerProcess, client_id: str, secret: str) -> str:
    answer = httpx.post(server.url + "/connect/token", data={
        "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret})
    answer.raise_for_status()
    return answer.json()["access_token"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hardening")
    path = clients_file(folder, **{OTHER_ID: hash_secret(OTHER_SECRET)})
    with ServerProcess(folder / "data", "--clients", str(path), "--workers", "1") as running:
        yield running


def test_another_clients_task_does_not_exist(server):
    mine, theirs = server.token(), token_for(server, OTHER_ID, OTHER_SECRET)
    task_id = submit(server, body(), mine).text
    assert wait_done(server, task_id, mine)["taskStatus"] == "Completed"
    seen = httpx.get(server.url + REGIONS, params={"id": task_id}, headers={"Authorization": f"Bearer {theirs}"})
    assert seen.status_code == 200 and seen.json()["taskStatus"] == "NotExist" and seen.json()["results"] is None
    httpx.delete(server.url + REGIONS, params={"id": task_id}, headers={"Authorization": f"Bearer {theirs}"})
    assert wait_done(server, task_id, mine)["taskStatus"] == "Completed"  # not deleted by the other client


def test_answers_with_personal_data_are_not_cached(server):
    token = server.token()
    task_id = submit(server, body(), token).text
    wait_done(server, task_id, token)
    for path in (REGIONS, "/v5.0/ocr/Utilities/GetTaskStatus"):
        answer = httpx.get(server.url + path, params={"id": task_id}, headers={"Authorization": f"Bearer {token}"})
        assert answer.headers["Cache-Control"] == "no-store"


def test_region_floods_are_refused_at_submit(server):
    flood = [{"order": i, "rect": SURNAME_RECT} for i in range(101)]
    answer = submit(server, body(regions=flood))
    assert answer.status_code == 413 and answer.headers["content-type"] == "application/problem+json"
    assert "limit is 100" in answer.json()["detail"]


def test_deep_json_and_fractional_coordinates_are_400(server):
    deep = submit(server, b"[" * 100_000 + b"]" * 100_000)
    assert deep.status_code == 400 and "nested too deeply" in deep.json()["detail"]
    rect = {key: float(value) for key, value in SURNAME_RECT.items()}
    token = server.token()
    answer = submit(server, body(regions=[{"order": 0, "rect": rect}]), token)
    assert answer.status_code == 200  # 330.0 is the integer 330, read as such
    done = wait_done(server, answer.text, token)
    assert done["taskStatus"] == "Completed" and base64.b64decode(done["results"][0]["data"]) == b"MUSTERMANN"
    half = {**SURNAME_RECT, "topLeftX": 330.5}
    assert submit(server, body(regions=[{"order": 0, "rect": half}]), token).status_code == 400


def test_rotation_and_upsampling_may_not_multiply_pixels(server):
    buffer = io.BytesIO()
    Image.new("1", (6000, 6000)).save(buffer, format="PNG")  # 36 MP: under the 40 MP limit as sent
    small = {"order": 0, "rect": {"topLeftX": 10, "topLeftY": 10, "bottomRightX": 200, "bottomRightY": 30}}
    answer = submit(server, body(buffer.getvalue(), rotate=45, makeUpsampling=True, regions=[small]))
    assert answer.status_code == 400 and "once rotated by 45 degrees and upsampled" in answer.json()["detail"]


def test_challenges_never_reflect_the_token(server):
    key = (server.data_dir / "token.key").read_bytes()
    now = int(time.time())
    hostile = jwt.encode({"sub": CLIENT_ID, "iss": "id-field-extractor", "iat": now, "exp": now + 600},
                         key, algorithm="HS256", headers={"crit": ['x"\r\nSet-Cookie: a=b', "é"]})
    answer = httpx.get(server.url + "/v5.0/ocr/Utilities/GetTaskStatus", params={"id": "x"},
                       headers={"Authorization": f"Bearer {hostile}"})
    assert answer.status_code == 401 and answer.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert "Set-Cookie" not in answer.text and "set-cookie" not in answer.headers
    assert "Traceback" not in server.log()


def test_health_counts_busy_workers(server):
    health = httpx.get(server.url + "/healthz").json()
    assert health["status"] == "ok" and health["busy"] == 0


def test_a_removed_client_loses_its_token_and_ttl_is_capped(tmp_path):
    data = tmp_path / "data"
    path = clients_file(tmp_path, **{OTHER_ID: OTHER_SECRET})
    with ServerProcess(data, "--clients", str(path)) as first:
        theirs = token_for(first, OTHER_ID, OTHER_SECRET)
        assert submit(first, body(), theirs).status_code == 200
    clients_file(tmp_path, **{"someone-else": "a secret of someone else entirely"})
    with ServerProcess(data, "--clients", str(path)) as second:
        answer = submit(second, body(), theirs)
        assert answer.status_code == 401 and "no longer allowed" in answer.json()["detail"]
        assert submit(second, body()).status_code == 200  # the environment's client is still there
    done = subprocess.run([sys.executable, "-m", "extractor", "serve", "--insecure-dev", "--token-ttl",
                           str(7 * 24 * 3600)], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "--token-ttl" in done.stderr


def test_unknown_ids_cost_one_hash_like_known_ones(monkeypatch):
    clients = Clients({"hashed": hash_secret("s1"), "plain": "s2"})
    with pytest.raises(AuthError):
        clients.authenticate("nobody", "warm-up")  # the stand-in hash is made once
    calls: list[int] = []
    original = hashlib.pbkdf2_hmac

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", counting)
    costs = {}
    for client_id in ("hashed", "plain", "nobody"):
        calls.clear()
        with pytest.raises(AuthError, match="unknown client id or wrong client secret"):
            clients.authenticate(client_id, "wrong")
        costs[client_id] = len(calls)
    assert costs == {"hashed": 1, "plain": 1, "nobody": 1}
    clients.authenticate("hashed", "s1")
    clients.authenticate("plain", "s2")


def test_secret_checks_leave_the_event_loop_free(tmp_path):
    path = clients_file(tmp_path, **{OTHER_ID: hash_secret(OTHER_SECRET, iterations=3_000_000)})
    with ServerProcess(tmp_path / "data", "--clients", str(path)) as running, httpx.Client() as client:
        import threading

        def guess() -> None:
            httpx.post(running.url + "/connect/token", timeout=60, data={
                "grant_type": "client_credentials", "client_id": OTHER_ID, "client_secret": "wrong"})

        guessers = [threading.Thread(target=guess) for _ in range(4)]
        for thread in guessers:
            thread.start()
        time.sleep(0.2)
        # each guess holds a core for about a second; with hashing on the event loop the
        # health check waits behind all four, off it, it is answered between them
        answered = client.get(running.url + "/healthz", timeout=60)
        busy = sum(thread.is_alive() for thread in guessers)
        for thread in guessers:
            thread.join()
        assert answered.status_code == 200 and busy >= 1
        assert OTHER_SECRET not in running.log()


FULL_CARD = {"topLeftX": 0, "topLeftY": 0, "bottomRightX": 1012, "bottomRightY": 638}
CARD_FLOOD = [{"order": i, "rect": FULL_CARD} for i in range(100)]  # minutes of work within the cap


def test_a_task_past_its_deadline_ends_as_error(tmp_path):
    with ServerProcess(tmp_path / "data", "--task-timeout", "1", "--workers", "1") as running:
        token = running.token()
        done = wait_done(running, submit(running, body(regions=CARD_FLOOD), token).text, token, timeout=120)
        assert done["taskStatus"] == "Error" and "limit of 1 s" in done["error"]["messages"][0]
        assert httpx.get(running.url + "/healthz").json()["busy"] == 0


def test_delete_stops_a_running_task(tmp_path):
    with ServerProcess(tmp_path / "data", "--workers", "1") as running:
        token = running.token()
        task_id = submit(running, body(regions=CARD_FLOOD), token).text
        headers = {"Authorization": f"Bearer {token}"}
        deadline = time.monotonic() + 60
        while httpx.get(running.url + "/healthz").json()["busy"] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert httpx.delete(running.url + REGIONS, params={"id": task_id}, headers=headers).status_code == 200
        deadline = time.monotonic() + 30  # the whole task takes minutes; a batch of lines, well under this
        while httpx.get(running.url + "/healthz").json()["busy"] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert httpx.get(running.url + "/healthz").json()["busy"] == 0
        assert "deleted while it ran" in running.log()


def test_task_data_is_private_and_does_not_linger(tmp_path):
    data = tmp_path / "data"
    image = SAMPLE.read_bytes()
    with ServerProcess(data) as running:
        token = running.token()
        task_id = submit(running, body(), token).text
        assert wait_done(running, task_id, token)["taskStatus"] == "Completed"
        headers = {"Authorization": f"Bearer {token}"}
        assert httpx.delete(running.url + REGIONS, params={"id": task_id}, headers=headers).status_code == 200
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        files = [*sorted(data.glob("tasks.sqlite3*")), data / "token.key"]
        assert {stat.S_IMODE(path.stat().st_mode) for path in files} == {0o600}
        for path in data.glob("tasks.sqlite3*"):  # while the server runs: the WAL is emptied too
            content = path.read_bytes()
            assert b"MUSTERMANN" not in content and image[100:164] not in content, path.name


def test_a_short_or_loose_key_is_refused_or_fixed(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "token.key").write_bytes(b"k")
    done = subprocess.run([sys.executable, "-m", "extractor", "serve", "--insecure-dev", "--data-dir", str(data),
                           "--port", "0"], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "under 32" in done.stderr
    (data / "token.key").write_bytes(b"0123456789abcdef0123456789abcdef")
    (data / "token.key").chmod(0o644)
    with ServerProcess(data, "--insecure-dev") as running:
        assert stat.S_IMODE((data / "token.key").stat().st_mode) == 0o600
        assert "readable by others" in running.log()


def test_a_full_store_answers_507_and_workers_go_on(tmp_path):
    noise = io.BytesIO()
    Image.effect_noise((1012, 638), 80).save(noise, format="PNG")  # ~0.6 MB that does not compress
    with ServerProcess(tmp_path / "data", "--max-store-mb", "1.5", "--workers", "1") as running:
        token = running.token()
        long = submit(running, body(regions=CARD_FLOOD), token).text  # holds the worker: tasks pile up
        answers = [submit(running, body(noise.getvalue()), token) for _ in range(6)]
        full = [answer for answer in answers if answer.status_code == 507]
        assert full and full[0].headers["content-type"] == "application/problem+json"
        assert "Retry-After" in full[0].headers
        accepted = [answer.text for answer in answers if answer.status_code == 200]
        httpx.delete(running.url + REGIONS, params={"id": long}, headers={"Authorization": f"Bearer {token}"})
        for task_id in accepted:  # finished tasks free their images: the store takes tasks again
            assert wait_done(running, task_id, token)["taskStatus"] == "Completed"
        again = submit(running, body(), token)
        assert again.status_code == 200 and wait_done(running, again.text, token)["taskStatus"] == "Completed"
        assert httpx.get(running.url + "/healthz").status_code == 200


class FlakyStore(TaskStore):
    """A real store whose writes fail a few times first, as on a full or locked disk."""

    def __init__(self, *args, failures: int = 2, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.failures = failures

    def finish(self, *args, **kwargs) -> bool:
        if self.failures:
            self.failures -= 1
            raise sqlite3.OperationalError("database or disk is full")
        return super().finish(*args, **kwargs)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # the worker made to die
def test_a_worker_survives_store_errors_and_health_tells_a_dead_one(tmp_path):
    store = FlakyStore(tmp_path / "tasks.sqlite3", 3600)
    workers = Workers(store, FakeRecognizer(["TEXT"]), 1)
    workers.start()
    request = RecognizeRegionsRequest.from_json(json.dumps(body()))
    task_id = store.add(request, request.image_bytes(), "owner")
    workers.submit(task_id)
    deadline = time.monotonic() + 30
    while (task := store.get(task_id, "owner")).status != "Completed" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert task.status == "Completed" and task.results == [("TEXT", 1.0)] and workers.trouble() is None
    workers.stop()

    class Broken(TaskStore):
        def claim(self, task_id):
            raise RuntimeError("not a store error: the worker cannot go on")

    broken = Workers(Broken(tmp_path / "other.sqlite3", 3600), FakeRecognizer(), 1)
    broken.start()
    broken.submit("x")
    deadline = time.monotonic() + 30
    while broken.trouble() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert broken.trouble() == "1 of 1 workers stopped"


def test_token_guessing_is_rate_limited(server):
    answers = [httpx.post(server.url + "/connect/token", data={
        "grant_type": "client_credentials", "client_id": "guess", "client_secret": f"guess-{n}"}) for n in range(40)]
    limited = [answer for answer in answers if answer.status_code == 429]
    assert limited and limited[0].headers["Retry-After"].isdigit()
    assert limited[0].headers["content-type"] == "application/problem+json"
    time.sleep(float(limited[-1].headers["Retry-After"]) + 1)


def test_slow_headers_and_bodies_are_cut_off(tmp_path):
    with ServerProcess(tmp_path / "data", "--insecure-dev", "--body-timeout", "2") as running:
        slow = socket.create_connection(("127.0.0.1", running.port))
        started = time.monotonic()
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        closed = False
        while not closed and time.monotonic() - started < 25:  # headers get 10 s
            time.sleep(1)
            try:
                slow.sendall(b"X-Slow: 1\r\n")  # a line a second keeps uvicorn's own timer off
                closed = slow.recv(1, socket.MSG_DONTWAIT) == b""
            except BlockingIOError:
                pass
            except OSError:
                closed = True
        slow.close()
        assert closed, "a connection trickling its headers was kept open"

        def trickle():
            yield json.dumps(body())[:100].encode()
            time.sleep(4)
            yield b"x"

        answer = httpx.post(running.url + REGIONS, content=trickle(), timeout=30,
                            headers={"Authorization": f"Bearer {running.token()}"})
        assert answer.status_code == 408 and "did not arrive within 2 s" in answer.json()["detail"]


def test_query_strings_stay_out_of_the_access_log(server):
    token = server.token()
    httpx.get(server.url + "/v5.0/ocr/Utilities/GetTaskStatus", params={"id": "secret-looking-id",
              "client_secret": "in-the-query"}, headers={"Authorization": f"Bearer {token}"})
    log = server.log()
    assert "GetTaskStatus" in log and "in-the-query" not in log and "secret-looking-id" not in log
