"""Load on the self-hosted server over loopback, against the embedded engine called directly.

    python bench/server.py [--cards 200] [--clients 8] [--workers 2]

Starts `extractor serve` on 127.0.0.1, sends each card as one RecognizeRegions task
from `--clients` concurrent clients (submit, then poll every 20 ms), and prints
throughput, latency from submit to completed result (p50/p95/p99), the server's peak
memory, and the ratio against the same cards read in-process in this run.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
from cardset import cards

from extractor.api import build_request
from extractor.recognizers.embedded import EmbeddedRecognizer
from tests.serverproc import ServerProcess

REGIONS = "/v5.0/ocr/RecognizeRegions"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
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

    with tempfile.TemporaryDirectory() as folder, ServerProcess(Path(folder) / "data", "--workers",
                                                                str(args.workers), "--max-queue", "1000") as server:
        token = server.token()
        latencies: list[float] = []
        failures: list[str] = []
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
                    task_id = http.post(REGIONS, content=bodies[index],
                                        headers={"Content-Type": "application/json"}).text
                    while True:
                        answer = http.get(REGIONS, params={"id": task_id}).json()
                        if answer["taskStatus"] not in ("Pending", "Processing"):
                            break
                        time.sleep(0.02)
                    with lock:
                        latencies.append(time.perf_counter() - begin)
                        if answer["taskStatus"] != "Completed":
                            failures.append(answer["taskStatus"])
                    http.delete(REGIONS, params={"id": task_id})

        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        peak = _peak_rss_mb(server.process.pid)

    rate = len(latencies) / elapsed
    cuts = statistics.quantiles(latencies, n=100)
    print(f"{len(latencies)} cards of {len(requests[0].regions)} fields, {args.clients} concurrent clients, "
          f"{args.workers} server workers, loopback")
    print(f"server:   {rate:6.2f} cards/s   latency submit->result p50 {1000 * cuts[49]:6.0f} ms  "
          f"p95 {1000 * cuts[94]:6.0f} ms  p99 {1000 * cuts[98]:6.0f} ms   peak RSS {peak:.0f} MB   "
          f"failed {len(failures)}")
    print(f"embedded: {direct_rate:6.2f} cards/s   (in-process, one caller, same cards)")
    print(f"ratio server/embedded throughput: {rate / direct_rate:.2f}")


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")




if __name__ == "__main__":
    main()
