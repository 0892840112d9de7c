"""Start the real server (`extractor serve`) on a free loopback port in a child process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

CLIENT_ID, CLIENT_SECRET = "test-client", "correct horse battery staple"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerProcess:
    """A running `extractor serve`; `url` is its base URL, `log()` what it printed."""

    def __init__(self, data_dir: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log_path = data_dir.parent / f"server-{self.port}.log"
        environment = {**os.environ, "EXTRACTOR_CLIENT_ID": CLIENT_ID, "EXTRACTOR_CLIENT_SECRET": CLIENT_SECRET,
                       **(env or {})}
        self._log = open(self._log_path, "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "extractor", "serve", "--port", str(self.port), "--data-dir", str(data_dir),
             *args],
            stdout=self._log, stderr=subprocess.STDOUT, env=environment,
        )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.log()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server not ready after {timeout} s:\n{self.log()}")

    def log(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self._log_path.read_text(errors="replace")

    def token(self) -> str:
        answer = httpx.post(self.url + "/connect/token", data={
            "grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET})
        answer.raise_for_status()
        return answer.json()["access_token"]

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self._log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if not self._log.closed:
            self._log.close()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


class WorkerProcess:
    """A running `extractor worker --broker URL`; ready once its models are loaded."""

    def __init__(self, folder: Path, broker: str, *args: str, wait: bool = True) -> None:
        self._log_path = folder / f"worker-{free_port()}.log"
        self._log = open(self._log_path, "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen([sys.executable, "-m", "extractor", "worker", *args],
                                        stdout=self._log, stderr=subprocess.STDOUT,
                                        env={**os.environ, "EXTRACTOR_BROKER": broker})
        if wait:
            self.wait_ready()

    @property
    def name(self) -> str:
        """The worker's broker id, as its first log line gives it."""
        return self.log().split("INFO extractor.server.redis_worker: worker ", 1)[1].split()[0]

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while "reading tasks from" not in self.log():
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited with {self.process.returncode}:\n{self.log()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"worker not ready after 60 s:\n{self.log()}")
            time.sleep(0.1)

    def log(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self._log_path.read_text(errors="replace")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self._log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if not self._log.closed:
            self._log.close()
