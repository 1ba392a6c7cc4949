#!/usr/bin/python3
"""Pair precision and recall of `winnow dedup` against the planted truth of
a generated corpus (tools/gen_corpus.cc).

usage: eval_generated.py TRUTH.tsv CLUSTERS.jsonl MEASURE THRESHOLD

The truth lists each derived document with its original and the exact
similarity of the pair. At threshold t:

  truth pairs      (original, derived) with exact similarity >= t under
                   MEASURE (jaccard or containment)
  predicted pairs  (representative, member) of every cluster written by
                   winnow dedup --clusters
  precision        predicted pairs that are truth pairs, over predicted
                   pairs that can be judged: a pair of two documents
                   derived from the same original has no exact similarity
                   in the truth and is left out; any other predicted pair
                   that is not a truth pair is a false positive (documents
                   of different families, or an original and a derived
                   copy below t)
  recall           truth pairs whose two documents share a cluster

Prints one TSV line: measure, threshold, truth pairs, predicted, judged,
true positives, precision, recall, F1.
"""
import json
import sys


def main():
    truth_path, clusters_path, measure, threshold = sys.argv[1:5]
    t = float(threshold)
    col = 3 if measure == "jaccard" else 4
    family = {}        # doc -> its original
    truth = set()      # (original, derived) with similarity >= t
    with open(truth_path) as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            doc, base = parts[0], parts[1]
            family[doc] = base
            if float(parts[col]) >= t:
                truth.add((base, doc))
    cluster_of = {}
    predicted = judged = tp = 0
    with open(clusters_path) as f:
        for line in f:
            c = json.loads(line)
            rep = c["representative"]
            for m in c["members"]:
                cluster_of[m["id"]] = c["cluster"]
                if m["id"] == rep:
                    continue
                predicted += 1
                a, b = rep, m["id"]
                if (a, b) in truth or (b, a) in truth:
                    judged += 1
                    tp += 1
                    continue
                fa, fb = family.get(a, a), family.get(b, b)
                if fa == fb and a != fa and b != fb:
                    continue  # two copies of one original: not judged
                judged += 1
    found = sum(1 for a, b in truth
                if a in cluster_of and cluster_of.get(a) == cluster_of.get(b))
    precision = tp / judged if judged else 1.0
    recall = found / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0
    print(f"{measure}\t{t:.2f}\t{len(truth)}\t{predicted}\t{judged}\t{tp}\t"
          f"{precision:.4f}\t{recall:.4f}\t{f1:.4f}")


if __name__ == "__main__":
    main()
