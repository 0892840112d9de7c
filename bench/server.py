"""Load on the self-hosted server over loopback, against the embedded engine called directly.

    python bench/server.py [--cards 200] [--clients 8] [--workers 2]
    python bench/server.py --broker redis://127.0.0.1:6379/15 [--cards 24]

Starts `extractor serve` on 127.0.0.1, sends each card as one RecognizeRegions task
from `--clients` concurrent clients (submit, then poll every 20 ms), and prints
throughput, latency from submit to completed result (p50/p95/p99), the server's peak
memory, and the ratio against the same cards read in-process in this run.

Then the abuse run: the same clients again while one hostile client loops over region
floods, a decompression bomb (a 39 KB PNG of 6320x6320 pixels, turned 45 degrees and
upsampled), bodies trickled slower than the body timeout, 100,000-deep JSON and token
guessing; printed: what each attack was answered, and the normal clients' p99 against
the quiet run's (the goal: within 2x).

With `--broker` (a Redis database of its own: the run deletes its tasks, nothing else) the
abuse run gives way to the Redis mode: the same cards through `extractor serve --broker` with
1 `extractor worker` process of `--workers` threads (as the SQLite pool), then 2 processes of
one thread sharing the cores, against the SQLite mode with `--workers` threads; and what
Redis carried per task (commands, bytes in and out).
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import statistics
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path

import httpx
from cardset import cards
from PIL import Image

from extractor.api import build_request
from extractor.recognizers.embedded import EmbeddedRecognizer
from extractor.system import available_cores
from tests.serverproc import ServerProcess, WorkerProcess

REGIONS = "/v5.0/ocr/RecognizeRegions"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--broker", default=None, metavar="URL",
                        help="redis://...: compare the Redis mode (1 and 2 workers) with SQLite instead of abusing")
    args = parser.parse_args()
    deck = [card for card in cards(max(1, args.cards // 2), kinds=("clean", "phone"), designs=("health_card",))]
    requests = [build_request(card.image, card.template) for card in deck][: args.cards]
    bodies = [request.to_json().encode() for request in requests]

    direct = EmbeddedRecognizer()
    direct.warm_up()
    started = time.perf_counter()
    for request in requests:
        direct.recognize(request)
    direct_rate = len(requests) / (time.perf_counter() - started)
    del direct

    if args.broker:
        _broker_runs(args, bodies, len(requests[0].regions), direct_rate)
        return
    with tempfile.TemporaryDirectory() as folder, ServerProcess(
            Path(folder) / "data", "--workers", str(args.workers), "--max-queue", "1000",
            "--body-timeout", "3") as server:
        token = server.token()
        quiet = _load(server, token, bodies, args.clients)
        answers: Counter[str] = Counter()
        stop = threading.Event()
        attacker = threading.Thread(target=_attack, args=(server, token, bodies[0], stop, answers))
        attacker.start()
        abused = _load(server, token, bodies, args.clients)
        stop.set()
        attacker.join()
        peak = _peak_rss_mb(server.process.pid)

    print(f"{len(quiet.latencies)} cards of {len(requests[0].regions)} fields, {args.clients} concurrent clients, "
          f"{args.workers} server workers, loopback")
    for name, run in (("server", quiet), ("abused", abused)):
        cuts = statistics.quantiles(run.latencies, n=100)
        print(f"{name + ':':9} {run.rate:6.2f} cards/s   latency submit->result p50 {1000 * cuts[49]:6.0f} ms  "
              f"p95 {1000 * cuts[94]:6.0f} ms  p99 {1000 * cuts[98]:6.0f} ms   failed {run.failures}")
    print(f"embedded: {direct_rate:6.2f} cards/s   (in-process, one caller, same cards)")
    print(f"ratio server/embedded throughput: {quiet.rate / direct_rate:.2f};  peak RSS {peak:.0f} MB")
    print("attacks answered: " + ", ".join(f"{what} x{count}" for what, count in sorted(answers.items())))
    p99 = [statistics.quantiles(run.latencies, n=100)[98] for run in (quiet, abused)]
    print(f"normal clients' p99 under attack / quiet: {p99[1] / p99[0]:.2f}")


def _broker_runs(args: argparse.Namespace, bodies: list[bytes], fields: int, direct_rate: float) -> None:
    """The SQLite mode, then the Redis mode with 1 and 2 workers, on the same cards and clients."""
    import redis

    client = redis.Redis.from_url(args.broker)
    runs: dict[str, Run] = {}
    carried: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        with ServerProcess(Path(folder) / "data", "--workers", str(args.workers), "--max-queue", "1000") as server:
            runs[f"sqlite, {args.workers} thread(s)"] = _load(server, server.token(), bodies, args.clients)
        # one worker as the SQLite mode's pool (a thread per core), then two sharing the cores
        cores = available_cores()
        for count in (1, 2):
            share = ["--threads", str(args.workers)] if count == 1 else [
                "--threads", "1", "--cores", str(max(1, cores // count))]
            workers = [WorkerProcess(Path(folder), args.broker, *share, wait=False) for _ in range(count)]
            try:
                for worker in workers:
                    worker.wait_ready()
                with ServerProcess(Path(folder) / "data", "--broker", args.broker, "--max-queue", "1000") as server:
                    token = server.token()
                    before = client.info("stats")
                    runs[f"redis, {count} worker(s) x {share[1]} thr"] = _load(server, token, bodies, args.clients)
                    after = client.info("stats")
            finally:
                for worker in workers:
                    worker.stop()
            for name in ("total_commands_processed", "total_net_input_bytes", "total_net_output_bytes"):
                carried[name] = (after[name] - before[name]) / len(bodies)
    client.close()
    print(f"{len(bodies)} cards of {fields} fields, {args.clients} concurrent clients polling every 20 ms, loopback")
    for name, run in runs.items():
        cuts = statistics.quantiles(run.latencies, n=100)
        print(f"{name + ':':28} {run.rate:6.2f} cards/s   latency submit->result p50 {1000 * cuts[49]:6.0f} ms  "
              f"p99 {1000 * cuts[98]:6.0f} ms   failed {run.failures}")
    print(f"{'embedded in-process:':28} {direct_rate:6.2f} cards/s   (one caller, same cards; "
          f"{1000 / direct_rate:.0f} ms of work per card)")
    print(f"redis per task: {carried['total_commands_processed']:.0f} commands (polling included), "
          f"{carried['total_net_input_bytes'] / 1024:.0f} KB in, "
          f"{carried['total_net_output_bytes'] / 1024:.0f} KB out; "
          f"image {statistics.mean(len(body) for body in bodies) * 3 / 4 / 1024:.0f} KB on average")


@dataclass
class Run:
    latencies: list[float]
    failures: int
    rate: float


def _load(server: ServerProcess, token: str, bodies: list[bytes], clients: int) -> Run:
    """Every body sent once by `clients` concurrent clients, each waiting for its result."""
    latencies: list[float] = []
    failures = [0]
    pending = list(range(len(bodies)))
    lock = threading.Lock()

    def client() -> None:
        with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as http:
            while True:
                with lock:
                    if not pending:
                        return
                    index = pending.pop()
                begin = time.perf_counter()
                task_id = http.post(REGIONS, content=bodies[index], headers={"Content-Type": "application/json"}).text
                while True:
                    answer = http.get(REGIONS, params={"id": task_id}).json()
                    if answer["taskStatus"] not in ("Pending", "Processing"):
                        break
                    time.sleep(0.02)
                with lock:
                    latencies.append(time.perf_counter() - begin)
                    failures[0] += answer["taskStatus"] != "Completed"
                http.delete(REGIONS, params={"id": task_id})

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Run(latencies, failures[0], len(latencies) / (time.perf_counter() - started))


def _attack(server: ServerProcess, token: str, card: bytes, stop: threading.Event, answers: Counter[str]) -> None:
    """One hostile client, attack after attack until `stop`; `answers` counts the replies."""
    wire = json.loads(card)
    flood = json.dumps({**wire, "settings": {**wire["settings"], "regions": [
        {"order": i, "rect": wire["settings"]["regions"][0]["rect"]} for i in range(101)]}}).encode()
    buffer = io.BytesIO()
    Image.new("1", (6320, 6320)).save(buffer, format="PNG")
    small = {"order": 0, "rect": {"topLeftX": 0, "topLeftY": 0, "bottomRightX": 100, "bottomRightY": 20}}
    bomb = json.dumps({"image": base64.b64encode(buffer.getvalue()).decode(), "settings": {
        **wire["settings"], "rotate": 45, "makeUpsampling": True, "regions": [small]}}).encode()
    deep = b"[" * 100_000 + b"]" * 100_000

    def trickle() -> Iterator[bytes]:
        yield card[:1000]
        time.sleep(4)  # past the bench server's 3 s body timeout
        yield card[1000:]

    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    attacks = {"flood": lambda http: http.post(REGIONS, content=flood, headers=headers),
               "bomb": lambda http: http.post(REGIONS, content=bomb, headers=headers),
               "deep JSON": lambda http: http.post(REGIONS, content=deep, headers=headers),
               "slow body": lambda http: http.post(REGIONS, content=trickle(), headers=headers),
               "token guess": lambda http: http.post("/connect/token", data={
                   "grant_type": "client_credentials", "client_id": "guess", "client_secret": "guess"})}
    with httpx.Client(base_url=server.url, timeout=60) as http:
        for name in cycle(attacks):
            if stop.is_set():
                return
            try:
                answers[f"{name} -> {attacks[name](http).status_code}"] += 1
            except httpx.HTTPError as exc:
                answers[f"{name} -> {type(exc).__name__}"] += 1


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")




if __name__ == "__main__":
    main()
