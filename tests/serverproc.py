"""Start the real server (`extractor serve`) on a free loopback port in a child process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Self

import httpx

CLIENT_ID, CLIENT_SECRET = "test-client", "correct horse battery staple"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def terminate(process: subprocess.Popen[bytes], timeout: float) -> None:
    """Stop `process` politely, then for good if it does not stop within `timeout` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class ChildProcess:
    """A command of ours running in a child process, its output in a log file; a context manager."""

    stop_timeout = 30.0

    def __init__(self, log_path: Path, command: list[str], env: dict[str, str]) -> None:
        self._log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen([sys.executable, "-m", "extractor", *command], stdout=self._log,
                                        stderr=subprocess.STDOUT, env={**os.environ, **env})

    def log(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self._log_path.read_text(errors="replace")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self._log.close()

    def stop(self) -> None:
        terminate(self.process, self.stop_timeout)
        if not self._log.closed:
            self._log.close()

    def wait_answering(self, url: str, timeout: float = 60.0) -> None:
        """Wait until `url` answers 200 (the process listens and is ready)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"process exited with {self.process.returncode}:\n{self.log()}")
            try:
                if httpx.get(url, timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{url} not answering after {timeout} s:\n{self.log()}")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


class ServerProcess(ChildProcess):
    """A running `extractor serve`; `url` is its base URL, `log()` what it printed."""

    def __init__(self, data_dir: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        super().__init__(data_dir.parent / f"server-{self.port}.log",
                         ["serve", "--port", str(self.port), "--data-dir", str(data_dir), *args],
                         {"EXTRACTOR_CLIENT_ID": CLIENT_ID, "EXTRACTOR_CLIENT_SECRET": CLIENT_SECRET, **(env or {})})
        self._wait_ready()

    def _wait_ready(self) -> None:
        self.wait_answering(self.url + "/healthz")

    def token(self) -> str:
        answer = httpx.post(self.url + "/connect/token", data={
            "grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET})
        answer.raise_for_status()
        return answer.json()["access_token"]


class StudioProcess(ChildProcess):
    """A running `extractor studio FOLDER` on a free loopback port; `url` is its base URL."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        super().__init__(folder.parent / f"studio-{self.port}.log", ["studio", str(folder), "--port", str(self.port)],
                         {})
        self.wait_answering(self.url + "/api/files")


class WorkerProcess(ChildProcess):
    """A running `extractor worker --broker URL`; ready once its models are loaded."""

    stop_timeout = 60.0

    def __init__(self, folder: Path, broker: str, *args: str, wait: bool = True) -> None:
        super().__init__(folder / f"worker-{free_port()}.log", ["worker", *args], {"EXTRACTOR_BROKER": broker})
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
