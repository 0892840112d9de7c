"""Batch throughput: `extractor extract FOLDER --jobs N` on a folder of mixed scans and photos.

    python bench/batch.py [--cards 12] [--jobs 1,2] [--template auto]

The folder holds the samples (scans of every built-in template and two phone photos), taken
in turn up to --cards files. Each job count runs the command as a user would, in a fresh
process (cold start and worker start-up included), writing JSON lines. Printed per job count:
wall time, images/s, the ratio against one job measured in this same run, the peak RSS of
the largest process (the command, or one worker), and whether the records equal one job's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(path for path in (ROOT / "samples").iterdir() if path.suffix in (".png", ".jpg"))


def child(folder: str, jobs: int, template: str, output: str) -> None:
    """One run of the command; prints its wall time and the peak RSS of its largest process."""
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "extractor", "extract", folder, "-t", template, "--jobs", str(jobs),
                           "-o", output, "--quiet"], capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - began
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # workers are the command's children
    print(json.dumps({"wall_s": elapsed, "peak_mb": peak, "summary": done.stderr.strip().splitlines()[-1]}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=12, help="files in the folder (the samples, in turn)")
    parser.add_argument("--jobs", default="1,2", help="job counts to compare; the first is the baseline")
    parser.add_argument("--template", default="auto", help="the template choice, as on the command line")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        folder, jobs, output = args.child
        child(folder, int(jobs), args.template, output)
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "cards"
        folder.mkdir()
        for number in range(args.cards):
            sample = SAMPLES[number % len(SAMPLES)]
            shutil.copy(sample, folder / f"{number:03d}_{sample.name}")
        rows = {}
        for jobs in map(int, args.jobs.split(",")):
            output = Path(scratch) / f"jobs{jobs}.jsonl"
            done = subprocess.run([sys.executable, __file__, "--template", args.template, "--child", str(folder),
                                   str(jobs), str(output)], capture_output=True, text=True, check=True)
            row = json.loads(done.stdout.strip().splitlines()[-1])
            records = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
            row["records"] = [{key: value for key, value in record.items() if key != "elapsed_ms"}
                              for record in records]
            rows[jobs] = row
    base_jobs = next(iter(rows))
    base = rows[base_jobs]
    print(f"{os.cpu_count()} cores; {args.cards} files ({len(SAMPLES)} samples in turn: scans and photos), "
          f"--template {args.template}; each run a fresh command (start-up included)\n")
    print(f"{'jobs':>4} {'wall s':>7} {'images/s':>9} {'x vs ' + str(base_jobs):>8} {'peak MB':>8}  same records")
    for jobs, row in rows.items():
        rate = args.cards / row["wall_s"]
        print(f"{jobs:4d} {row['wall_s']:7.1f} {rate:9.3f} {base['wall_s'] / row['wall_s']:8.2f} "
              f"{row['peak_mb']:8.0f}  {row['records'] == base['records']}")
    print()
    for jobs, row in rows.items():
        print(f"jobs {jobs}: {row['summary']}")


if __name__ == "__main__":
    main()
