#!/usr/bin/python3
"""Which similarity mechanism, if any, reaches F1 0.90 on the Webis
near-duplicate pairs (238 pairs judged by people; label >= 1 means
near-duplicate), and is the figure honest?

usage: webis_mechanisms.py WEBIS_DIR [WINNOW]

For every mechanism below, each pair gets one score and "near-duplicate" is
score >= t. Three figures per mechanism:

  oracle     the best F1 of any threshold on all 238 pairs (chosen on the
             test data: an upper bound, not a result), with its P and R;
  cross-set  t chosen on web.jsonl and applied to terabyte.jsonl, and the
             other way round; P, R, F1 of the pooled predictions;
  10-fold    stratified 10-fold cross-validation, repeated 20 times with
             different folds: t chosen on nine folds, applied to the tenth;
             the mean F1 over repetitions.
  at 0.8     where the score is a similarity winnow could threshold, the F1
             at winnow's default threshold (chosen a priori).

Mechanisms with a second parameter (size-adjusted Jaccard, logistic
regression over several similarities) choose it inside each training fold
too (nested), so their cross-validated figures are as honest as the others.

The texts are normalized as shingle.h describes (case folding, every digit
"0", punctuation dropped, dashes and "/" separate words) by a Python
re-implementation; it reproduces the exact-Jaccard figures of
docs/results/dedup_quality.md (F1 0.823 at 0.8 for 5-grams). The mechanism
"template sentences removed" needs WINNOW: it splits each text at sentence
ends and at " | " / " > " separators into one pseudo-paragraph per line and
runs `winnow boilerplate --no-clean` over all 476 texts as one source, so
sentences that recur in three or more documents of the collection go (with
the re-capture guard of boilerplate.h).

Last, a bound: the fewest labels that would have to change for the labels to
be a monotone function of a set of similarity features (a pair at least as
similar on every feature as a labelled duplicate would be one), computed as
a maximum bipartite matching (Konig's theorem). No threshold rule on those
features, however chosen, can make fewer errors on these pairs.

Needs Python 3 with numpy. Takes about a minute and a half.
"""
import collections
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

import numpy as np

# English function words (src/boilerplate/stopwords.cc's list, without the
# apostrophe fragments, which normalization removes).
STOPWORDS = set("""a about above after again against all also am an and any
are as at be because been before being below between both but by can could
did do does doing down during each even every few for from further had has
have having he her here hers herself him himself his how however i if in
into is it its itself just may me might more most much must my myself no nor
not now of off on once only or other our ours ourselves out over own same
shall she should since so some such than that the their theirs them
themselves then there these they this those through to too under until up
upon very was we were what when where whether which while who whom whose
why will with within without would yet you your yours yourself
yourselves""".split())
# The antecedents of SpotSigs' best configuration (Theobald et al., SIGIR
# 2008, section 5).
SPOT_ANTECEDENTS = {"the", "a", "is", "there", "was", "said"}


def load(webis_dir):
    pairs = []
    for name in ("web", "terabyte"):
        with open(os.path.join(webis_dir, name + ".jsonl")) as f:
            for line in f:
                r = json.loads(line)
                r["set"] = name
                pairs.append(r)
    return pairs


def normalize(text, fold_digits=True):
    """shingle.h's normalization: the list of normalized words."""
    words, cur = [], []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in "LM":
            cur.append(ch.casefold())
        elif cat == "Nd":
            cur.append("0" if fold_digits else str(unicodedata.digit(ch)))
        elif cat[0] == "Z" or cat in ("Cc", "Pd") or ch == "/":
            if cur:
                words.append("".join(cur))
                cur = []
    if cur:
        words.append("".join(cur))
    return words


def shingles(words, n):
    if len(words) < n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def bag(words, n):
    return collections.Counter(" ".join(words[i:i + n])
                               for i in range(len(words) - n + 1))


def jaccard(a, b):
    u = len(a | b)
    return len(a & b) / u if u else 0.0


def containment(a, b):
    m = min(len(a), len(b))
    return len(a & b) / m if m else 0.0


def multiset_jaccard(a, b):
    keys = a.keys() | b.keys()
    den = sum(max(a[k], b[k]) for k in keys)
    return sum(min(a[k], b[k]) for k in keys) / den if den else 0.0


def spot_signatures(words, antecedents, chain):
    """SpotSigs: each antecedent followed by the next `chain` words that are
    not stopwords (spot distance 1)."""
    out = []
    for i, w in enumerate(words):
        if w not in antecedents:
            continue
        rest = []
        j = i + 1
        while j < len(words) and len(rest) < chain:
            if words[j] not in STOPWORDS:
                rest.append(words[j])
            j += 1
        if len(rest) == chain:
            out.append(w + ":" + ":".join(rest))
    return set(out)


# ---- scoring protocol -------------------------------------------------

def prf(y, pred):
    tp = int(np.sum(pred & y))
    fp = int(np.sum(pred & ~y))
    fn = int(np.sum(~pred & y))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return p, r, f


def candidates(s):
    u = np.unique(s)
    return np.concatenate([[u[0]], (u[1:] + u[:-1]) / 2, [u[-1] + 1e-9]])


def fit_threshold(y, s):
    best_f, best_t = -1.0, 0.0
    for t in candidates(s):
        f = prf(y, s >= t)[2]
        if f > best_f:
            best_f, best_t = f, t
    return best_f, best_t


def folds(y, reps=20, k=10, seed=1):
    rng = np.random.default_rng(seed)
    for _ in range(reps):
        fold = np.zeros(len(y), int)
        for cls in (True, False):
            idx = np.where(y == cls)[0]
            rng.shuffle(idx)
            fold[idx] = np.arange(len(idx)) % k
        yield fold, k


class Protocol:
    def __init__(self, pairs):
        self.y = np.array([p["label"] >= 1 for p in pairs])
        self.sets = np.array([p["set"] for p in pairs])
        self.rows = []

    def evaluate(self, name, fit, prior=None):
        """fit(train_mask) -> predict(mask) -> bool array for mask."""
        y, sets = self.y, self.sets
        everything = np.ones(len(y), bool)
        oracle = fit(everything)(everything)
        po, ro, fo = prf(y, oracle)
        cross = np.zeros(len(y), bool)
        for train, test in (("web", "terabyte"), ("terabyte", "web")):
            cross[sets == test] = fit(sets == train)(sets == test)
        pc, rc, fc = prf(y, cross)
        f10 = []
        for fold, k in folds(y):
            pred = np.zeros(len(y), bool)
            for i in range(k):
                pred[fold == i] = fit(fold != i)(fold == i)
            f10.append(prf(y, pred)[2])
        row = dict(name=name, oracle=(po, ro, fo), cross=(pc, rc, fc),
                   kfold=float(np.mean(f10)), prior=None)
        line = (f"| {name} | {fo:.3f} | {po:.3f} | {ro:.3f} | {fc:.3f} | "
                f"{pc:.3f} | {rc:.3f} | {np.mean(f10):.3f} |")
        if prior is not None:
            row["prior"] = prf(y, prior)
            line += f" {row['prior'][2]:.3f} |"
        else:
            line += " |"
        self.rows.append(row)
        print(line, flush=True)

    def threshold(self, name, scores, prior_t=None):
        s = np.asarray(scores, float)
        y = self.y

        def fit(train):
            t = fit_threshold(y[train], s[train])[1]
            return lambda test: s[test] >= t
        self.evaluate(name, fit,
                      None if prior_t is None else s >= prior_t)

    def family(self, name, score_sets):
        """Choose the member and its threshold together on the training
        pairs (nested)."""
        y = self.y
        ss = [np.asarray(s, float) for s in score_sets]

        def fit(train):
            best = max((fit_threshold(y[train], s[train]) + (i,))
                       for i, s in enumerate(ss))
            _, t, i = best
            return lambda test: ss[i][test] >= t
        self.evaluate(name, fit)

    def logistic(self, name, features):
        X = np.stack([np.asarray(f, float) for f in features], 1)
        y = self.y

        def fit(train):
            mu, sd = X[train].mean(0), X[train].std(0) + 1e-9
            Z = np.c_[(X[train] - mu) / sd, np.ones(train.sum())]
            w = np.zeros(Z.shape[1])
            for _ in range(2000):
                p = 1 / (1 + np.exp(-Z @ w))
                g = Z.T @ (p - y[train]) / len(Z) + 1e-2 * np.r_[w[:-1], 0]
                w -= 0.5 * g

            def score(mask):
                return np.c_[(X[mask] - mu) / sd, np.ones(mask.sum())] @ w
            t = fit_threshold(y[train], score(train))[1]
            return lambda test: score(test) >= t
        self.evaluate(name, fit)


def monotone_bound(y, features):
    X = np.stack([np.asarray(f, float) for f in features], 1)
    neg, pos = np.where(~y)[0], np.where(y)[0]
    adj = {i: [j for j in pos if np.all(X[i] >= X[j])] for i in neg}
    match = {}

    def augment(i, seen):
        for j in adj[i]:
            if j not in seen:
                seen.add(j)
                if j not in match or augment(match[j], seen):
                    match[j] = i
                    return True
        return False
    return sum(augment(i, set()) for i in neg)


# ---- template removal through winnow boilerplate ----------------------

SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|\s+[|>»·•]\s+")


def template_removed(winnow, pairs):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "split.jsonl")
        out = os.path.join(tmp, "kept.jsonl")
        with open(src, "w") as f:
            for i, p in enumerate(pairs):
                for side in "ab":
                    text = " ".join(p[side]["text"].split())
                    lines = [x for x in SENTENCE_SPLIT.split(text) if x.strip()]
                    f.write(json.dumps({"id": f"{i}:{side}",
                                        "text": "\n".join(lines)}) + "\n")
        subprocess.run([winnow, "boilerplate", "-q", "-j", "2", "--no-clean",
                        src, "-o", out], check=True)
        kept = {}
        with open(out) as f:
            for line in f:
                r = json.loads(line)
                kept[r["id"]] = r["text"]
    return [(kept.get(f"{i}:a", ""), kept.get(f"{i}:b", ""))
            for i in range(len(pairs))]


def main():
    webis_dir = sys.argv[1]
    winnow = sys.argv[2] if len(sys.argv) > 2 else None
    pairs = load(webis_dir)
    pr = Protocol(pairs)
    y = pr.y
    words = [(normalize(p["a"]["text"]), normalize(p["b"]["text"]))
             for p in pairs]
    print("| mechanism | oracle F1 | P | R | cross-set F1 | P | R | "
          "10-fold F1 | F1 at 0.8 |")
    print("|---|---|---|---|---|---|---|---|---|")

    feats = {}
    for n in (1, 2, 3, 5, 8):
        sh = [(shingles(a, n), shingles(b, n)) for a, b in words]
        feats[f"J{n}"] = np.array([jaccard(a, b) for a, b in sh])
        feats[f"C{n}"] = np.array([containment(a, b) for a, b in sh])
        feats[f"U{n}"] = np.array([float(len(a | b)) for a, b in sh])
        feats[f"max{n}"] = np.array([len(a & b) / max(len(a), len(b))
                                     for a, b in sh])
    for n in (1, 2, 3, 5, 8):
        pr.threshold(f"word {n}-gram Jaccard", feats[f"J{n}"], 0.8)
    for n in (3, 5, 8):
        pr.threshold(f"word {n}-gram containment", feats[f"C{n}"], 0.8)
    for n in (1, 3, 5):
        pr.threshold(f"word {n}-gram multiset Jaccard",
                     [multiset_jaccard(bag(a, n), bag(b, n))
                      for a, b in words], 0.8)
    pr.threshold("word 5-gram (Jaccard + containment) / 2",
                 (feats["J5"] + feats["C5"]) / 2, 0.8)
    pr.threshold("word 5-gram |A∩B| / max(|A|,|B|)", feats["max5"], 0.8)
    digits = [(normalize(p["a"]["text"], False),
               normalize(p["b"]["text"], False)) for p in pairs]
    for n in (3, 5):
        pr.threshold(f"word {n}-gram Jaccard, digits kept",
                     [jaccard(shingles(a, n), shingles(b, n))
                      for a, b in digits], 0.8)
    for q in (5, 7, 10):
        sc = []
        for a, b in words:
            ta, tb = " ".join(a), " ".join(b)
            sc.append(jaccard({ta[i:i + q] for i in range(len(ta) - q + 1)},
                              {tb[i:i + q] for i in range(len(tb) - q + 1)}))
        pr.threshold(f"character {q}-gram Jaccard", sc, 0.8)
    for ante_name, ante in (("6 antecedents", SPOT_ANTECEDENTS),
                            ("all stopwords", STOPWORDS)):
        for chain in (1, 2, 3):
            pr.threshold(f"SpotSigs, {ante_name}, chain {chain}",
                         [jaccard(spot_signatures(a, ante, chain),
                                  spot_signatures(b, ante, chain))
                          for a, b in words], 0.8)

    # Collection document frequency of 5-gram shingles (over the 465
    # distinct documents), and over the groups of documents linked by pairs
    # (so that one document judged in several pairs counts once).
    ids = [(p["a"]["id"], p["b"]["id"]) for p in pairs]
    sh5 = [(shingles(a, 5), shingles(b, 5)) for a, b in words]
    by_doc = {}
    for (ia, ib), (a, b) in zip(ids, sh5):
        by_doc[ia], by_doc[ib] = a, b
    df = collections.Counter()
    for s in by_doc.values():
        df.update(s)
    parent = {}

    def root(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x
    for ia, ib in ids:
        parent[root(ia)] = root(ib)
    group_df = collections.defaultdict(set)
    for (ia, _), (a, b) in zip(ids, sh5):
        for s in a | b:
            group_df[s].add(root(ia))
    for k in (3, 6, 10):
        pr.threshold(f"word 5-gram Jaccard, shingles in >= {k} docs dropped",
                     [jaccard({s for s in a if df[s] < k},
                              {s for s in b if df[s] < k}) for a, b in sh5],
                     0.8)
    for k in (2, 5):
        pr.threshold(f"word 5-gram Jaccard, shingles in >= {k} pair groups "
                     "dropped",
                     [jaccard({s for s in a if len(group_df[s]) < k},
                              {s for s in b if len(group_df[s]) < k})
                      for a, b in sh5], 0.8)
    ndocs = len(by_doc)

    def idf_jaccard(a, b):
        w = {s: math.log(ndocs / df[s]) for s in a | b}
        den = sum(w.values())
        return sum(w[s] for s in a & b) / den if den else 0.0
    pr.threshold("word 5-gram IDF-weighted Jaccard",
                 [idf_jaccard(a, b) for a, b in sh5], 0.8)
    for n in (1, 5):
        bags = [(bag(a, n), bag(b, n)) for a, b in words]
        doc_bags = {}
        for (ia, ib), (a, b) in zip(ids, bags):
            doc_bags[ia], doc_bags[ib] = a, b
        bag_df = collections.Counter()
        for c in doc_bags.values():
            bag_df.update(c.keys())
        for weighted in (False, True):
            def weight(k):
                return math.log(ndocs / bag_df[k]) + 1 if weighted else 1.0
            sc = []
            for a, b in bags:
                na = math.sqrt(sum((v * weight(k)) ** 2 for k, v in a.items()))
                nb = math.sqrt(sum((v * weight(k)) ** 2 for k, v in b.items()))
                dot = sum(v * b[k] * weight(k) ** 2 for k, v in a.items()
                          if k in b)
                sc.append(dot / (na * nb) if na and nb else 0.0)
            pr.threshold(f"word {n}-gram cosine, "
                         f"{'tf-idf' if weighted else 'tf'} weights", sc, 0.8)

    if winnow:
        kept = template_removed(winnow, pairs)
        kw = [(normalize(a), normalize(b)) for a, b in kept]
        for n in (1, 3, 5, 8):
            ksh = [(shingles(a, n), shingles(b, n)) for a, b in kw]
            feats[f"T{n}"] = np.array([jaccard(a, b) for a, b in ksh])
            feats[f"TC{n}"] = np.array([containment(a, b) for a, b in ksh])
            if n in (3, 5):
                pr.threshold(f"word {n}-gram Jaccard, template sentences "
                             "removed", feats[f"T{n}"], 0.8)
                pr.threshold(f"word {n}-gram containment, template sentences "
                             "removed", feats[f"TC{n}"], 0.8)

    # Size-adjusted Jaccard: duplicate when J >= t + c ln|A ∪ B|, i.e. a
    # longer pair needs a higher Jaccard (people seem to tolerate an amount
    # of difference, not a fraction). c and t chosen together (nested).
    cs = (0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1)
    for n in (3, 5, 8):
        pr.family(f"word {n}-gram Jaccard - c ln|A∪B| (c, t fitted)",
                  [feats[f"J{n}"] - c * np.log(feats[f"U{n}"]) for c in cs])
    pr.logistic("logistic regression on J, C for n = 1, 3, 5, 8",
                [feats[f"{m}{n}"] for m in "JC" for n in (1, 3, 5, 8)])
    pr.logistic("logistic regression on J, C (n = 1, 3, 5, 8), size ratio, "
                "log size",
                [feats[f"{m}{n}"] for m in "JC" for n in (1, 3, 5, 8)] +
                [np.array([min(len(a), len(b)) / max(len(a), len(b), 1)
                           for a, b in words]),
                 np.log(feats["U5"])])
    pr.threshold("Webis s3 (word 8-grams, shipped with the pairs)",
                 [p["s3"] for p in pairs])

    # Noise: a 95% bootstrap interval of F1 at the oracle 5-gram threshold.
    s = feats["J5"]
    pred = s >= fit_threshold(y, s)[1]
    rng = np.random.default_rng(7)
    boot = [prf(y[i], pred[i])[2]
            for i in (rng.integers(0, len(y), len(y)) for _ in range(2000))]
    lo, hi = np.percentile(boot, [2.5, 97.5])
    print(f"\nBootstrap 95% interval of the 5-gram Jaccard oracle F1: "
          f"{lo:.3f}-{hi:.3f}")

    print("\nFewest label changes that make the labels monotone in:")
    for cols in (["J5"], ["J5", "C5"], ["J1", "J3", "J5", "J8"],
                 ["J1", "J3", "J5", "J8", "C1", "C3", "C5", "C8"],
                 ["J1", "J3", "J5", "J8", "C1", "C3", "C5", "C8", "T1", "T3",
                  "T5", "T8", "TC1", "TC3", "TC5", "TC8"]):
        if any(c not in feats for c in cols):
            continue
        m = monotone_bound(y, [feats[c] for c in cols])
        # m errors at best; F1 <= 2*120 / (2*120 + m) whatever their kind.
        pos = int(y.sum())
        print(f"  {', '.join(cols)}: {m} (accuracy <= {1 - m / len(y):.3f}, "
              f"F1 <= {2 * pos / (2 * pos + m):.3f})")


if __name__ == "__main__":
    main()
