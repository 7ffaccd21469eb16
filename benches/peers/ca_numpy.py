"""The occupancy automaton of shanshui_models::occupancy in numpy, for side-by-side speed.

An empty cell becomes occupied with probability 1-(1-p)^k (k occupied 8-neighbours),
an occupied cell empties with probability q; cells beyond the edge are empty.
Vectorised slicing on a float32 grid; prints cell-updates per second of one step.
"""
import sys
import time

import numpy as np


def step(grid, p, q, rng):
    padded = np.pad(grid, 1)
    k = sum(padded[1 + dy:padded.shape[0] - 1 + dy, 1 + dx:padded.shape[1] - 1 + dx]
            for dy in (-1, 0, 1) for dx in (-1, 0, 1) if (dy, dx) != (0, 0))
    u = rng.random(grid.shape, dtype=np.float32)
    colonise = u < 1.0 - (1.0 - p) ** k
    survive = u >= q
    return np.where(grid > 0, survive, colonise).astype(np.float32)


def main():
    side = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    rng = np.random.default_rng(1)
    grid = (rng.random((side, side)) < 0.5).astype(np.float32)
    step(grid, 0.1, 0.2, rng)  # warm up
    start = time.perf_counter()
    for _ in range(steps):
        grid = step(grid, 0.1, 0.2, rng)
    elapsed = time.perf_counter() - start
    print(f"{side * side * steps / elapsed:.4g}")


if __name__ == "__main__":
    main()
