#!/usr/bin/python3
"""A faithful numpy re-implementation of datasketch's MinHash and
MinHashLSH algorithm, for a side-by-side speed comparison with winnow dedup
(bench/dedup/vs_datasketch.sh). This is an equivalent of datasketch's
algorithm as its documentation and source describe it, written here; it is
not the datasketch package (which cannot be installed on this machine).

What datasketch does, and this script does the same way:
  - shingles: the caller's; here word 5-grams of the lowercased text split
    on non-word characters (the usual datasketch recipe), as a set;
  - hashing: sha1_hash32 (the first 4 bytes of SHA-1, little endian);
  - MinHash.update_batch: k = 128 permutations h(x) = (a*x + b) mod (2^61-1),
    masked to 32 bits, with a, b drawn by numpy RandomState(seed=1) in
    [1, p) and [0, p), the products taken in uint64 as datasketch does;
    the signature keeps each permutation's minimum;
  - MinHashLSH: bands and rows minimizing the equally weighted
    false-positive and false-negative areas (numerical integration),
    bands keyed by the bytes of their values; query returns every document
    sharing a band; no verification (datasketch has none).
Then clusters are the connected components of the query results.

usage: datasketch_equiv.py CORPUS.jsonl THRESHOLD
prints: docs, sketch seconds, total seconds, docs/s for both, pairs found
"""
import hashlib
import json
import re
import struct
import sys
import time

import numpy as np

MERSENNE = np.uint64((1 << 61) - 1)
MAX_HASH = np.uint64((1 << 32) - 1)
WORD = re.compile(r"\w+")


def sha1_hash32(data):
    return struct.unpack("<I", hashlib.sha1(data).digest()[:4])[0]


class MinHash:
    def __init__(self, num_perm, permutations):
        self.a, self.b = permutations
        self.hashvalues = np.full(num_perm, MAX_HASH, dtype=np.uint64)

    def update_batch(self, items):
        hv = np.array([sha1_hash32(x) for x in items], dtype=np.uint64)
        phv = (np.outer(hv, self.a) + self.b) % MERSENNE & MAX_HASH
        self.hashvalues = np.vstack([phv, self.hashvalues]).min(axis=0)


def permutations(num_perm, seed=1):
    gen = np.random.RandomState(seed)
    a = gen.randint(1, MERSENNE, size=num_perm, dtype=np.uint64)
    b = gen.randint(0, MERSENNE, size=num_perm, dtype=np.uint64)
    return a, b


def optimal_param(threshold, num_perm, fp_weight=0.5, fn_weight=0.5):
    def area(f, lo, hi):
        xs = np.linspace(lo, hi, 1001)
        ys = f(xs)
        return float(np.sum((ys[1:] + ys[:-1]) / 2) * (xs[1] - xs[0]))
    best, best_cost = None, float("inf")
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = area(lambda s: 1 - (1 - s ** r) ** b, 0.0, threshold)
            fn = area(lambda s: 1 - (1 - (1 - s ** r) ** b), threshold, 1.0)
            cost = fp_weight * fp + fn_weight * fn
            if cost < best_cost:
                best, best_cost = (b, r), cost
    return best


class MinHashLSH:
    def __init__(self, threshold, num_perm):
        self.b, self.r = optimal_param(threshold, num_perm)
        self.tables = [dict() for _ in range(self.b)]

    def _keys(self, m):
        return [bytes(m.hashvalues[i * self.r:(i + 1) * self.r].byteswap().data)
                for i in range(self.b)]

    def insert(self, key, m):
        for table, k in zip(self.tables, self._keys(m)):
            table.setdefault(k, []).append(key)

    def query(self, m):
        found = set()
        for table, k in zip(self.tables, self._keys(m)):
            found.update(table.get(k, ()))
        return found


def shingles(text, n=5):
    words = WORD.findall(text.lower())
    if len(words) < n:
        return {" ".join(words).encode("utf8")} if words else set()
    return {" ".join(words[i:i + n]).encode("utf8") for i in range(len(words) - n + 1)}


def main():
    path, threshold = sys.argv[1], float(sys.argv[2])
    num_perm = 128
    perms = permutations(num_perm)
    start = time.perf_counter()
    sigs = []
    with open(path) as f:
        for line in f:
            m = MinHash(num_perm, perms)
            s = shingles(json.loads(line)["text"])
            if s:
                m.update_batch(list(s))
            sigs.append(m)
    sketched = time.perf_counter()
    lsh = MinHashLSH(threshold, num_perm)
    for i, m in enumerate(sigs):
        lsh.insert(i, m)
    parent = list(range(len(sigs)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    pairs = 0
    for i, m in enumerate(sigs):
        for j in lsh.query(m):
            if j > i:
                pairs += 1
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
    done = time.perf_counter()
    n = len(sigs)
    print(f"{n}\t{sketched - start:.2f}\t{done - start:.2f}\t"
          f"{n / (sketched - start):.0f}\t{n / (done - start):.0f}\t{pairs}\t"
          f"{lsh.b}x{lsh.r}")


if __name__ == "__main__":
    main()
