#!/usr/bin/python3
"""The best F1 any threshold reaches on the Webis near-duplicate pairs, for
word n-gram shingles of several lengths and both measures.

For each pair, `winnow compare --json --no-clean --ngram N` gives the exact
Jaccard and containment of the two texts' word N-gram sets; the decision
"near-duplicate" is similarity >= t. For every N and measure this prints the
threshold t (in steps of 0.05) with the highest F1 against the people's
labels (label >= 1 means near-duplicate). It answers: how high can a
threshold on word-shingle similarity get on these pairs at all?

Usage: webis_ngram_sweep.py WINNOW WEBIS_DIR [N ...]   (default N: 1 2 3 5 8)
"""
import json
import os
import subprocess
import sys
import tempfile


def load_pairs(webis_dir):
    pairs = []
    for name in ("web", "terabyte"):
        with open(os.path.join(webis_dir, name + ".jsonl")) as f:
            for line in f:
                pairs.append(json.loads(line))
    return pairs


def best_f1(scored):
    """scored: (is_duplicate, similarity) pairs -> (f1, threshold)."""
    best = (0.0, 0.0)
    for step in range(1, 20):
        t = step / 20
        tp = sum(1 for y, s in scored if y and s >= t)
        fp = sum(1 for y, s in scored if not y and s >= t)
        fn = sum(1 for y, s in scored if y and s < t)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        best = max(best, (f1, t))
    return best


def main():
    winnow, webis_dir = sys.argv[1], sys.argv[2]
    ngrams = [int(n) for n in sys.argv[3:]] or [1, 2, 3, 5, 8]
    pairs = load_pairs(webis_dir)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, p in enumerate(pairs):
            a = os.path.join(tmp, f"a{i}.txt")
            b = os.path.join(tmp, f"b{i}.txt")
            with open(a, "w") as f:
                f.write(p["a"]["text"])
            with open(b, "w") as f:
                f.write(p["b"]["text"])
            paths.append((a, b, p["label"] >= 1))
        print("ngram\tmeasure\tbest_F1\tat_threshold")
        for n in ngrams:
            scores = {"jaccard": [], "containment": []}
            for a, b, dup in paths:
                out = subprocess.run(
                    [winnow, "compare", "--json", "--no-clean", "--format",
                     "text", "--ngram", str(n), a, b],
                    capture_output=True, text=True, check=True).stdout
                j = json.loads(out)
                for m in scores:
                    scores[m].append((dup, j[m]))
            for m, scored in scores.items():
                f1, t = best_f1(scored)
                print(f"{n}\t{m}\t{f1:.3f}\t{t:.2f}", flush=True)


if __name__ == "__main__":
    main()
