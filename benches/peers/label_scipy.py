"""Patch labelling (8 neighbours) of the 4096² landscape of the connectivity benchmark
`label_4096x4096_8n`, with scipy.ndimage.label, for side-by-side speed.

The landscape is rebuilt exactly as `discs(4096, 60_000, 2, 12, 1)` in
benches/benches/connectivity.rs (SplitMix64 draws), outside the timed code. Prints
the number of patches, then the best of five timings as cells labelled per second.
"""
import sys
import time

import numpy as np
from scipy import ndimage

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n


def discs(size, count, r_min, r_max, seed):
    grid = np.zeros((size, size), dtype=np.uint8)
    rng = SplitMix64(seed)
    for _ in range(count):
        cx, cy = rng.below(size), rng.below(size)
        r = r_min + rng.below(r_max - r_min + 1)
        y0, y1 = max(cy - r, 0), min(cy + r, size - 1)
        x0, x1 = max(cx - r, 0), min(cx + r, size - 1)
        ys, xs = np.ogrid[y0:y1 + 1, x0:x1 + 1]
        inside = (xs - cx) ** 2 + (ys - cy) ** 2 <= r * r
        grid[y0:y1 + 1, x0:x1 + 1] |= inside.astype(np.uint8)
    return grid


def main():
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
    cover = discs(size, 60_000 * size * size // (4096 * 4096), 2, 12, 1)
    eight = np.ones((3, 3), dtype=bool)
    _, patches = ndimage.label(cover, structure=eight)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        ndimage.label(cover, structure=eight)
        best = min(best, time.perf_counter() - start)
    print(patches)
    print(f"{size * size / best:.4g}")


if __name__ == "__main__":
    main()
