"""Fit the embedded recognizer's confidence to how often its readings are right.

    python bench/accuracy.py --pool dev --variants rects --dump fields.jsonl
    python bench/calibrate.py fields.jsonl [more.jsonl ...] [--right-flagged 0.03]

A logistic model of "the field was read right" on the evidence each reading carries
(`extractor/recognizers/reading.py`), fit on the development pool only. Prints the weights to
put in `extractor/recognizers/reading.py` (`CALIBRATION`), and, for the threshold under which
a field is flagged, the share of wrong and right readings flagged per kind.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from extractor.recognizers.reading import FEATURES, features


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, rounds: int = 50) -> np.ndarray:
    """Weights (bias last) of a ridge-penalised logistic regression, by Newton's method."""
    design = np.hstack([x, np.ones((len(x), 1))])
    weights = np.zeros(design.shape[1])
    penalty = l2 * np.eye(design.shape[1])
    penalty[-1, -1] = 0.0  # the bias goes free
    for _ in range(rounds):
        p = 1 / (1 + np.exp(-design @ weights))
        gradient = design.T @ (p - y) + penalty @ weights
        hessian = (design * (p * (1 - p))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dumps", nargs="+", help="fields read, from bench/accuracy.py --dump (development pool only)")
    parser.add_argument("--right-flagged", type=float, default=0.03, help="share of right readings flagged at most")
    args = parser.parse_args()
    rows = [json.loads(line) for dump in args.dumps for line in Path(dump).read_text("utf-8").splitlines()]
    rows = [row for row in rows if row["evidence"] and row["verified"] is not False]
    x = np.array([features(row["evidence"]) for row in rows])
    y = np.array([float(row["right"]) for row in rows])
    weights = fit_logistic(x, y)
    confidence = 1 / (1 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ weights)))
    right = y == 1
    threshold = float(np.quantile(confidence[right], args.right_flagged))
    print(f"{len(rows)} readings, {int((~right).sum())} wrong")
    print("CALIBRATION = (")
    for name, weight in zip((*FEATURES, "bias"), weights, strict=True):
        print(f"    ({name!r}, {weight:.4f}),")
    print(")")
    print(f"flag below {threshold:.3f}: {100 * np.mean(confidence[~right] < threshold):.1f} % of wrong readings, "
          f"{100 * np.mean(confidence[right] < threshold):.1f} % of right ones")
    for kind in sorted({row["kind"] for row in rows}):
        mine = np.array([row["kind"] == kind for row in rows])
        wrong, good = mine & ~right, mine & right
        print(f"  {kind:18} wrong flagged {100 * np.mean(confidence[wrong] < threshold):5.1f} %  "
              f"right flagged {100 * np.mean(confidence[good] < threshold):5.1f} %  ({wrong.sum()} wrong)")


if __name__ == "__main__":
    main()
