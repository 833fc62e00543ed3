"""Splitting counts and quantities into parts, for the scale data set's lot planning."""

import random


def share_out(n: int, weights: dict[int, float]) -> dict[int, int]:
    """Split n into integer parts proportional to weights, at least one each."""
    keys = list(weights)
    total = sum(weights.values())
    raw = {k: max(1.0, n * weights[k] / total) for k in keys}
    out = {k: int(v) for k, v in raw.items()}
    rest = n - sum(out.values())
    for k in sorted(keys, key=lambda k: raw[k] - out[k], reverse=True)[: max(0, rest)]:
        out[k] += 1
    return out


def split(rng: random.Random, total: int, n: int) -> list[int]:
    """`total` split into n parts of similar size (+-35%), none below 1."""
    weights = [rng.uniform(0.65, 1.35) for _ in range(n)]
    s = sum(weights)
    parts = [max(1, round(total * w / s)) for w in weights]
    return parts
