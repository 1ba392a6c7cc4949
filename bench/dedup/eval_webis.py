#!/usr/bin/python3
"""Precision, recall and F1 of winnow's near-duplicate decision on the
Webis pairs (pairs judged by people; label >= 1 means near-duplicate).

usage: eval_webis.py WINNOW WEBIS_DIR OUT.tsv [--defaults-only]

For each pair, two decisions are measured:

  at the defaults   `winnow dedup` itself runs on a JSONL file holding the
                    two documents (texts as given, default options, one run
                    per measure); the pair is a duplicate when the run puts
                    them in one cluster.
  over thresholds   `winnow compare --no-clean --json --threshold T` on the
                    pair gives, for both measures, the decision dedup takes
                    on two documents (exact duplicate, or an LSH band key in
                    common and the signature estimate at or above T, with the
                    bands and rows chosen for T).

Two references are scored the same way: "exact", the decision by the
exact similarity (no sketch, no LSH) at each threshold, and "s3", the
Webis paper's own word 8-gram score shipped with the pairs, at the
threshold that maximizes its F1 (an oracle choice).

Writes one TSV line per (set, measure, threshold, source): set is web,
terabyte or all; source is "dedup", "compare", "exact" or "s3".
"""
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9]
MEASURES = ["jaccard", "containment"]


def load(webis):
    pairs = []
    for name in ["web", "terabyte"]:
        with open(os.path.join(webis, name + ".jsonl")) as f:
            for line in f:
                r = json.loads(line)
                pairs.append((name, r))
    return pairs


def write_pair(tmp, i, r):
    path = os.path.join(tmp, f"pair{i}.jsonl")
    with open(path, "w") as f:
        for side in ("a", "b"):
            f.write(json.dumps({"id": f"{side}:{r[side]['id']}",
                                "text": r[side]["text"]}) + "\n")
    return path


def dedup_decision(winnow, path, measure):
    work = path + "." + measure
    clusters = work + ".clusters.jsonl"
    subprocess.run([winnow, "dedup", "-q", "-j", "1", path, "--measure",
                    measure, "-o", work + ".out.jsonl", "--clusters", clusters],
                   check=True)
    with open(clusters) as f:
        return bool(f.read().strip())


def compare_decisions(winnow, path, t):
    out = subprocess.run([winnow, "compare", "--no-clean", "--json",
                          "--threshold", str(t), path],
                         check=True, capture_output=True, text=True).stdout
    c = json.loads(out)
    d = {m: c[m + "_decision"]["clustered"] for m in MEASURES}
    d["exact"] = {"jaccard": c["jaccard"], "containment": c["containment"]}
    return d


def score(rows):
    tp = sum(1 for y, p in rows if y and p)
    fp = sum(1 for y, p in rows if not y and p)
    fn = sum(1 for y, p in rows if y and not p)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return tp, fp, fn, precision, recall, f1


def main():
    winnow, webis, out_path = sys.argv[1:4]
    defaults_only = "--defaults-only" in sys.argv
    pairs = load(webis)
    with tempfile.TemporaryDirectory() as tmp:
        paths = [write_pair(tmp, i, r) for i, (_, r) in enumerate(pairs)]
        jobs = [(i, m) for i in range(len(pairs)) for m in MEASURES]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
            dec = list(ex.map(lambda j: dedup_decision(winnow, paths[j[0]], j[1]), jobs))
        dedup = {(i, m): d for (i, m), d in zip(jobs, dec)}
        curve = {}
        if not defaults_only:
            jobs = [(i, t) for i in range(len(pairs)) for t in THRESHOLDS]
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
                dec = list(ex.map(lambda j: compare_decisions(winnow, paths[j[0]], j[1]), jobs))
            curve = {j: d for j, d in zip(jobs, dec)}
    lines = ["set\tmeasure\tthreshold\tsource\tpairs\ttp\tfp\tfn\tprecision\trecall\tf1"]
    for subset in ["web", "terabyte", "all"]:
        idx = [i for i, (name, _) in enumerate(pairs) if subset in ("all", name)]
        for m in MEASURES:
            rows = [(pairs[i][1]["label"] >= 1, dedup[(i, m)]) for i in idx]
            tp, fp, fn, p, r, f = score(rows)
            lines.append(f"{subset}\t{m}\tdefault\tdedup\t{len(idx)}\t{tp}\t{fp}\t{fn}\t"
                         f"{p:.3f}\t{r:.3f}\t{f:.3f}")
            for t in ([] if defaults_only else THRESHOLDS):
                rows = [(pairs[i][1]["label"] >= 1, curve[(i, t)][m]) for i in idx]
                tp, fp, fn, p, r, f = score(rows)
                lines.append(f"{subset}\t{m}\t{t:.2f}\tcompare\t{len(idx)}\t{tp}\t{fp}\t"
                             f"{fn}\t{p:.3f}\t{r:.3f}\t{f:.3f}")
            for t in ([] if defaults_only else THRESHOLDS):
                rows = [(pairs[i][1]["label"] >= 1,
                         curve[(i, THRESHOLDS[0])]["exact"][m] >= t) for i in idx]
                tp, fp, fn, p, r, f = score(rows)
                lines.append(f"{subset}\t{m}\t{t:.2f}\texact\t{len(idx)}\t{tp}\t{fp}\t"
                             f"{fn}\t{p:.3f}\t{r:.3f}\t{f:.3f}")
        best = None
        for t in [x / 100 for x in range(10, 100)]:
            rows = [(pairs[i][1]["label"] >= 1, pairs[i][1]["s3"] >= t) for i in idx]
            sc = score(rows)
            if best is None or sc[5] > best[1][5]:
                best = (t, sc)
        t, (tp, fp, fn, p, r, f) = best
        lines.append(f"{subset}\ts3\t{t:.2f}\ts3\t{len(idx)}\t{tp}\t{fp}\t"
                     f"{fn}\t{p:.3f}\t{r:.3f}\t{f:.3f}")
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
