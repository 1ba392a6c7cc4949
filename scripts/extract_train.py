#!/usr/bin/python3
"""Refits winnow's default block model (src/html/block_model.inc).

Usage: extract_train.py block|select BLOCKS.tsv DATASET_DIR OUT.inc

`block` fits the block model (src/html/block_model.inc) on the block
features; `select` fits the selection model (src/html/select_model.inc) on
the selection features, which depend on the block model: dump the blocks
again after refitting it (scripts/extract_refit.sh does both).

BLOCKS.tsv comes from `extract_blocks DATASET_DIR/html/*.html.gz` (see
bench/CMakeLists.txt). Each block is labelled main content when its words
appear, in order, in the page's ground truth: the whole block for blocks of
four words or more, a whole ground-truth paragraph for shorter ones (so that
a menu item "Home" is not content just because the word occurs in the
article), or, for the selection model, the block with its neighbours
(label_blocks). Only held-in pages are used (page number not divisible by
5): the holdout stays unseen. The model is a small neural network (one hidden
layer of tanh units, src/html/mlp.h) fitted with Adam on the weighted
cross-entropy, each block weighted by its share of its page's words, so
that every page counts alike, as in the benchmark's mean F1.

Needs numpy (Debian: python3-numpy).
"""
import json
import os
import re
import sys

import numpy as np

TOKEN = re.compile(r"\w+")


def toks(s):
    return TOKEN.findall(s.lower())


def label_blocks(block_tokens, pages, gt, neighbours):
    """1.0 for the blocks whose words are main content, else 0.0.

    A block of four words or more is content when its words occur, in
    order, in the ground truth; a shorter one when it is a whole
    ground-truth line. With `neighbours` (the selection model, which sees
    a block's context), a short block is also content when it and its
    neighbours (up to two blocks on either side, four words or more
    together) occur in order: a product card's "Capacity:" and "32 oz."
    are two blocks of one ground-truth line. The block model judges a
    block on its own, and "32 oz." alone says nothing. Blocks are
    consecutive within a page."""
    labels = []
    n = len(block_tokens)
    for i, t in enumerate(block_tokens):
        joined, lines = gt(pages[i])
        s = " ".join(t)
        if len(t) >= 4:
            labels.append(1.0 if (" " + s + " ") in joined else 0.0)
            continue
        label = s in lines
        if not neighbours:
            labels.append(1.0 if label else 0.0)
            continue
        for a, b in ((i - 1, i), (i, i + 1), (i - 1, i + 1), (i - 2, i),
                     (i, i + 2)):
            if label:
                break
            if a < 0 or b >= n or pages[a] != pages[i] or pages[b] != pages[i]:
                continue
            w = [x for k in range(a, b + 1) for x in block_tokens[k]]
            label = len(w) >= 4 and (" " + " ".join(w) + " ") in joined
        labels.append(1.0 if label else 0.0)
    return labels


def main():
    stage, blocks_path, data, out_path = sys.argv[1:5]
    # block --fold K/N: fit on held-in pages outside fold K of N only.
    fold = None
    if len(sys.argv) > 6 and sys.argv[5] == "--fold":
        k, nfolds = map(int, sys.argv[6].split("/"))
        fold = (k, nfolds)
    nb = 60  # kBlockFeatureCount
    ns = 20  # kSelectFeatureCount
    gt_dir = os.path.join(data, "ground-truth")
    gt_cache = {}

    def gt(pid):
        if pid not in gt_cache:
            g = json.load(open(os.path.join(gt_dir, pid + ".json")))["ground_truth"]
            text = g.get("main_content") or ""
            joined = " " + " ".join(toks(text)) + " "
            lines = set(" ".join(toks(l)) for l in text.split("\n") if l.strip())
            gt_cache[pid] = (joined, lines)
        return gt_cache[pid]

    rows, block_tokens, pages = [], [], []
    page_tokens = {}
    # Blocks and characters of each page fitted on, every block counted:
    # the selection model's context features are only known in that range.
    page_blocks, page_chars = {}, {}
    with open(blocks_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            pid = parts[0]
            if int(pid) % 5 == 0:
                continue
            if fold and (int(pid) // 5) % fold[1] == fold[0]:
                continue
            values = parts[3:-1]
            page_blocks[pid] = page_blocks.get(pid, 0) + 1
            page_chars[pid] = page_chars.get(pid, 0) + len(parts[-1].strip())
            if len(values) != nb + ns:
                sys.exit("BLOCKS.tsv does not have %d + %d features" % (nb, ns))
            if stage == "block":
                feats = [float(v) for v in values[:nb]]
            else:
                feats = [float(v) for v in values[nb:]]
            t = toks(parts[-1])
            if not t:
                continue
            rows.append(feats)
            block_tokens.append(t)
            pages.append(pid)
            page_tokens[pid] = page_tokens.get(pid, 0) + len(t)
    labels = label_blocks(block_tokens, pages, gt, stage == "select")
    weights = [len(t) for t in block_tokens]
    X = np.array(rows, dtype=np.float64)
    y = np.array(labels)
    w = np.array([wt / page_tokens[p] for wt, p in zip(weights, pages)])
    w = w / w.mean()
    n, d = X.shape
    print(f"{n} blocks, {d} features, {y.mean():.3f} positive", file=sys.stderr)
    hidden = int(os.environ.get("HIDDEN", 16 if stage == "block" else 8))
    W1, b1, w2, b2 = fit_mlp(X, y, w, hidden,
                             epochs=int(os.environ.get("EPOCHS", 25)),
                             l2=float(os.environ.get("L2", 1e-5)))
    z = np.tanh(X @ W1.T + b1) @ w2 + b2
    p = 1 / (1 + np.exp(-z))
    acc = ((p > 0.5) == (y > 0.5)).astype(float)
    print(f"weighted accuracy {np.sum(w * acc) / np.sum(w):.4f}", file=sys.stderr)
    prefix = "kBlockModel" if stage == "block" else "kSelectModel"
    with open(out_path, "w") as f:
        f.write("// Generated by scripts/extract_train.py from the held-in pages "
                "of the\n// extraction benchmark; do not edit.\n")
        f.write(f"constexpr int {prefix}Inputs = {d};\n")
        f.write(f"constexpr int {prefix}Hidden = {hidden};\n")
        f.write(f"constexpr double {prefix}W1[] = {{\n")
        f.write(",\n".join("    " + ", ".join(f"{v:.6g}" for v in row) for row in W1))
        f.write("};\n")
        f.write(f"constexpr double {prefix}B1[] = {{" + ", ".join(f"{v:.6g}" for v in b1) + "};\n")
        f.write(f"constexpr double {prefix}W2[] = {{" + ", ".join(f"{v:.6g}" for v in w2) + "};\n")
        f.write(f"constexpr double {prefix}B2 = {b2:.6g};\n")
        if stage == "select":
            # The 1st percentiles of the pages' sizes: below either, a page
            # is smaller than 99% of those the model was fitted on.
            nb_min = int(np.percentile(list(page_blocks.values()), 1))
            nc_min = int(np.percentile(list(page_chars.values()), 1))
            f.write("// Pages fitted on: 99% have at least this many blocks "
                    "and characters.\n")
            f.write(f"constexpr int {prefix}MinBlocks = {nb_min};\n")
            f.write(f"constexpr int {prefix}MinChars = {nc_min};\n")


def fit_mlp(X, y, w, hidden, epochs=25, batch=1024, lr=0.003, l2=1e-5, seed=1):
    """One hidden tanh layer, logistic output, weighted cross-entropy, Adam
    (D. P. Kingma and J. Ba, ICLR 2015). Returns weights for raw inputs:
    the standardization is folded into the first layer."""
    rng = np.random.default_rng(seed)
    mu = X.mean(axis=0)
    sd = X.std(axis=0)
    sd[sd < 1e-9] = 1.0
    mu[sd == 1.0] = np.where(X[:, sd == 1.0].std(axis=0) < 1e-9, 0.0, mu[sd == 1.0])
    Z = (X - mu) / sd
    n, d = Z.shape
    params = [rng.normal(0, 1 / np.sqrt(d), (hidden, d)), np.zeros(hidden),
              rng.normal(0, 1 / np.sqrt(hidden), hidden), np.zeros(1)]
    m = [np.zeros_like(q) for q in params]
    v = [np.zeros_like(q) for q in params]
    t = 0
    for epoch in range(epochs):
        order = rng.permutation(n)
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            x, yy, ww = Z[idx], y[idx], w[idx]
            W1, b1, w2, b2 = params
            a = np.tanh(x @ W1.T + b1)
            p = 1 / (1 + np.exp(-(a @ w2 + b2[0])))
            g = ww * (p - yy) / len(idx)
            gw2 = a.T @ g + l2 * w2
            gb2 = np.array([g.sum()])
            ga = np.outer(g, w2) * (1 - a * a)
            gW1 = ga.T @ x + l2 * W1
            gb1 = ga.sum(axis=0)
            grads = [gW1, gb1, gw2, gb2]
            t += 1
            for k in range(4):
                m[k] = 0.9 * m[k] + 0.1 * grads[k]
                v[k] = 0.999 * v[k] + 0.001 * grads[k] ** 2
                mh = m[k] / (1 - 0.9 ** t)
                vh = v[k] / (1 - 0.999 ** t)
                params[k] -= lr * mh / (np.sqrt(vh) + 1e-8)
    W1, b1, w2, b2 = params
    W1raw = W1 / sd
    b1raw = b1 - W1raw @ mu
    return W1raw, b1raw, w2, float(b2[0])

if __name__ == "__main__":
    main()
