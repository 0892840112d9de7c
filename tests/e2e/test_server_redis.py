"""The Redis mode on loopback: a real redis-server, two `extractor serve --broker` processes and
two `extractor worker` processes sharing it, driven by the official SDK, the HttpRecognizer and
raw HTTP; then workers and an API process killed with SIGKILL mid-work.

Each group of processes has its own Redis database, so queues, limits and keys do not mix.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
import redis

from extractor import extract
from extractor.recognizers.http import HttpRecognizer
from extractor.server.auth import hash_secret
from tests.e2e.test_server import SAMPLE, SURNAME_RECT, body, sdk_finished, sdk_sample_body, submit, wait_done
from tests.e2e.test_server_hardening import OTHER_ID, OTHER_SECRET, clients_file, token_for
from tests.helpers import ROOT
from tests.serverproc import CLIENT_ID, CLIENT_SECRET, ServerProcess, WorkerProcess

BEAT = "3"  # seconds of silence after which a worker counts as dead (60 in production)
REGIONS = "/v5.0/ocr/RecognizeRegions"


def database(redis_url: str, number: int) -> str:
    return redis_url.rsplit("/", 1)[0] + f"/{number}"


class Cluster:
    """API processes and workers on one Redis database; all stopped on exit."""

    def __init__(self, folder: Path, url: str, apis: int, workers: int, *api_args: str) -> None:
        self.folder, self.url = folder, url
        self.stack = ExitStack()
        clients = clients_file(folder, **{OTHER_ID: hash_secret(OTHER_SECRET)})
        started = [WorkerProcess(folder, url, "--threads", "1", "--heartbeat-timeout", BEAT, wait=False)
                   for _ in range(workers)]
        for worker in started:
            self.stack.callback(worker.stop)
        self.apis = [self.api("--clients", str(clients), *api_args) for _ in range(apis)]
        for worker in started:
            worker.wait_ready()
        self.workers = started
        self.redis = redis.Redis.from_url(url)

    def api(self, *args: str) -> ServerProcess:
        server = ServerProcess(self.folder / "unused", "--broker", self.url, "--heartbeat-timeout", BEAT, *args)
        self.stack.callback(server.stop)
        return server

    def close(self) -> None:
        self.redis.close()
        self.stack.close()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, redis_url) -> Iterator[Cluster]:
    running = Cluster(tmp_path_factory.mktemp("cluster"), database(redis_url, 1), apis=2, workers=2)
    try:
        yield running
    finally:
        running.close()


def texts(answer: dict) -> list[str]:
    return [base64.b64decode(r["data"]).decode() for r in answer["results"]]


# -- the official SDK and the HttpRecognizer, through two API processes -----------------
def test_official_sdk_submits_to_one_api_process_and_fetches_from_the_other(cluster):
    import aspose_ocr_cloud
    from aspose_ocr_cloud.api import recognize_regions_api
    from aspose_ocr_cloud.configuration import Configuration

    first, second = cluster.apis
    token = first.token()  # one signing key in Redis: a token from one process is good at the other
    apis = []
    with ExitStack() as stack:
        for server in (first, second):
            client = stack.enter_context(aspose_ocr_cloud.ApiClient(Configuration(host=server.url,
                                                                                  access_token=token)))
            apis.append(recognize_regions_api.RecognizeRegionsApi(client))
        task_ids = [api.post_recognize_regions(sdk_sample_body()) for api in apis]
        for index, task_id in enumerate(task_ids):
            other = apis[1 - index]
            response = sdk_finished(other, task_id)
            assert response.task_status == "Completed" and response.response_status_code == "Ok"
            assert [base64.b64decode(r.data).decode() for r in response.results] == ["MUSTERMANN", "ERIKA JÜRGEN"]
            assert other.cancel_recognize_regions(id=task_id) is None
            assert apis[index].get_recognize_regions(id=task_id).task_status == "NotExist"


def test_http_recognizer_through_either_api_process_matches_the_embedded_engine(cluster, embedded):
    expected = extract(SAMPLE, "national_id_de", recognizer=embedded)
    for server in cluster.apis:
        with HttpRecognizer(server.url, CLIENT_ID, CLIENT_SECRET) as remote:
            assert extract(SAMPLE, "national_id_de", recognizer=remote) == expected
    health = httpx.get(cluster.apis[0].url + "/healthz").json()
    assert health == {"status": "ok", "queued": 0, "workers": 2}


def test_another_clients_task_does_not_exist_at_any_api_process(cluster):
    first, second = cluster.apis
    mine = first.token()
    task_id = submit(first, body(), mine).text
    theirs = token_for(second, OTHER_ID, OTHER_SECRET)
    for server in (first, second):
        answer = wait_done(server, task_id, theirs)
        assert answer["taskStatus"] == "NotExist" and answer["results"] is None
        assert httpx.delete(server.url + REGIONS, params={"id": task_id},
                            headers={"Authorization": f"Bearer {theirs}"}).status_code == 200
    assert texts(wait_done(second, task_id, mine)) == ["MUSTERMANN"]  # their delete did nothing


def test_results_expire_and_images_are_deleted(cluster):
    short = cluster.api("--result-ttl", "2")
    token = short.token()
    task_id = submit(short, body(), token).text
    assert wait_done(short, task_id, token)["taskStatus"] == "Completed"
    assert not cluster.redis.exists(f"extractor:image:{task_id}")  # deleted once read
    assert 0 < cluster.redis.pttl(f"extractor:task:{task_id}") <= 2000
    time.sleep(2.2)
    for server in (short, *cluster.apis):
        assert wait_done(server, task_id, token)["taskStatus"] == "NotExist"
    assert not cluster.redis.exists(f"extractor:task:{task_id}")


def test_a_full_queue_answers_503_with_retry_after_at_every_process(cluster):
    small = cluster.api("--max-queue", "1")
    token = small.token()
    many = [{"order": i, "rect": SURNAME_RECT} for i in range(30)]  # seconds of work
    answers = [submit(small, body(regions=many), token) for _ in range(3)]
    assert answers[0].status_code == 200
    refused = [answer for answer in answers if answer.status_code == 503]
    assert refused and refused[0].headers["Retry-After"].isdigit() and refused[0].json()["title"] == "Queue full"
    assert wait_done(small, answers[0].text, token)["taskStatus"] == "Completed"


def test_a_batch_reads_on_the_same_workers(cluster, embedded, tmp_path):
    samples = [ROOT / "samples" / f"{name}.png" for name in ("national_id_de", "drivers_license_ca")]
    out = tmp_path / "out.jsonl"
    before = set(cluster.redis.keys("extractor:task:*"))
    read = sum(worker.log().count(" completed: ") for worker in cluster.workers)
    done = subprocess.run([sys.executable, "-m", "extractor", "extract", *map(str, samples), "--jobs", "1",
                           "--output", str(out), "--quiet"], capture_output=True, text=True, timeout=300,
                          env={"EXTRACTOR_BROKER": cluster.url, "PATH": "/usr/bin:/bin"}, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    for sample, record in zip(samples, records, strict=True):
        assert record["fields"] == extract(sample, record["template"], recognizer=embedded)
    assert set(cluster.redis.keys("extractor:task:*")) == before  # each result deleted once read
    assert sum(worker.log().count(" completed: ") for worker in cluster.workers) == read + len(samples)


def test_redis_full_answers_507_and_work_goes_on(cluster):
    server = cluster.apis[0]
    token = server.token()
    cluster.redis.config_set("maxmemory", "1")  # below what it holds: with noeviction, writes are refused
    try:
        full = submit(server, body(), token)
    finally:
        cluster.redis.config_set("maxmemory", "0")
    assert full.status_code == 507 and full.headers["Retry-After"].isdigit()
    assert texts(wait_done(server, submit(server, body(), token).text, token)) == ["MUSTERMANN"]


def test_logs_hold_no_text_image_or_secret(cluster):
    image = base64.b64encode(SAMPLE.read_bytes()).decode()[:40]
    for log in [server.log() for server in cluster.apis] + [worker.log() for worker in cluster.workers]:
        assert "MUSTERMANN" not in log and CLIENT_SECRET not in log and OTHER_SECRET not in log
        assert image not in log
    assert "completed: " in "".join(worker.log() for worker in cluster.workers)  # it logs, not the contents


def test_token_guessing_is_limited_across_api_processes(cluster):
    first, second = cluster.apis
    answers: Counter[int] = Counter()
    started = time.monotonic()
    for attempt in range(40):  # 20 at once for one client id, then 2 a second, across both processes
        server = (first, second)[attempt % 2]
        answers[httpx.post(server.url + "/connect/token", data={
            "grant_type": "client_credentials", "client_id": "guess", "client_secret": "guess"}).status_code] += 1
    allowed = 20 + 2 * (time.monotonic() - started) + 1
    assert answers[429] >= 5 and answers[401] <= allowed, answers


# -- processes killed mid-work ------------------------------------------------------------
def test_workers_and_an_api_process_killed_lose_no_task_and_finish_each_once(tmp_path, redis_url):
    url = database(redis_url, 2)
    cluster = Cluster(tmp_path, url, apis=2, workers=2)
    try:
        first, second = cluster.apis
        token = first.token()
        many = [{"order": i, "rect": SURNAME_RECT} for i in range(16)]
        task_ids = [submit(server, body(regions=many), token).text for server in (first, second) * 3]
        first.kill()  # an API process gone: its tasks live in Redis, the other process answers for them
        victim, survivor = cluster.workers
        acks = f"extractor:__acks__.{victim.name}.recognize"
        deadline = time.monotonic() + 60
        while not cluster.redis.scard(acks):  # the victim holds a task it has not finished
            assert time.monotonic() < deadline, victim.log()
            time.sleep(0.02)
        victim.kill()
        answers = {task_id: wait_done(second, task_id, token, timeout=90) for task_id in task_ids}
        assert all(answer["taskStatus"] == "Completed" for answer in answers.values())
        assert all(texts(answer) == ["MUSTERMANN"] * 16 for answer in answers.values())
        logs = victim.log() + survivor.log()
        finished = Counter(re.findall(r"task (\S+) completed", logs))
        assert finished == Counter(task_ids), logs  # each accepted task completed exactly once
        assert "(delivery 2)" in survivor.log()  # the one the victim held was given to the survivor
        assert not cluster.redis.keys("extractor:image:*")
        assert httpx.get(second.url + "/healthz").json()["queued"] == 0
    finally:
        cluster.close()


def test_redis_gone_answers_503_and_health_says_so(tmp_path):
    from tests.redisproc import RedisServer

    own = RedisServer(tmp_path)
    try:
        server = ServerProcess(tmp_path / "unused", "--broker", own.url)
        try:
            token = server.token()
            own.stop()
            answer = submit(server, body(), token)
            assert answer.status_code == 503 and answer.headers["Retry-After"].isdigit()
            assert answer.json()["title"] == "Store unavailable"
            health = httpx.get(server.url + "/healthz")
            assert health.status_code == 503 and "Redis unreachable" in health.json()["detail"]
        finally:
            server.stop()
    finally:
        own.stop()


def test_bad_or_unreachable_broker_is_a_clear_error(tmp_path):
    runs = [["serve", "--insecure-dev", "--broker", "http://127.0.0.1:1"],
            ["serve", "--insecure-dev", "--broker", "redis://:hunter2@127.0.0.1:1/0"],
            ["worker", "--broker", "redis://:hunter2@127.0.0.1:1/0"]]
    for args in runs:
        done = subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, text=True,
                              timeout=60, cwd=ROOT)
        assert done.returncode == 1
        assert "expected redis://" in done.stderr or "cannot reach Redis at redis://:***@127.0.0.1:1/0" in done.stderr
        assert "hunter2" not in done.stderr
