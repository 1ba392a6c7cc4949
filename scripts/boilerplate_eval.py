#!/usr/bin/env python3
"""Scores winnow's paragraph classifier on the labelled WCXB paragraph set.

Usage:
  boilerplate_eval.py LABELS.jsonl WINNOW [--split all|tune|holdout]
                      [--markdown OUT.md] [--examples N] [--rule-table]
                      [--show-rule PREFIX] [--show-missed CLASS]
  boilerplate_eval.py --taxonomy-check HAND_LABELS.tsv
  boilerplate_eval.py --summarize EXPLAINED.jsonl

LABELS.jsonl comes from wcxb_boilerplate_labels.py. Each page's lines are
given to `winnow classify-paragraphs --no-clean` as one document (one
paragraph per line, in page order, so position and context features see the
page as it was), and each labelled line's verdict is compared with its label:

  content removed        a true content paragraph the classifier removes
                         (the bar: at most 1% of content paragraphs)
  boilerplate recall     labelled boilerplate removed, overall and per
                         taxonomy class (the class the labeller assigned)
  precision              of the labelled paragraphs removed, the fraction
                         that are boilerplate; per class the classifier
                         named, and per rule family
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile


def run_winnow(winnow, pages):
    with tempfile.TemporaryDirectory() as tmp:
        inp = os.path.join(tmp, "pages.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for p in pages:
                f.write(json.dumps({"id": p["id"], "text": "\n".join(
                    x[0] for x in p["paragraphs"])}, ensure_ascii=False) + "\n")
        out = subprocess.run([winnow, "classify-paragraphs", "--no-clean", "-q",
                              inp], check=True, capture_output=True).stdout
    verdicts = {}
    for line in out.decode("utf-8").splitlines():
        d = json.loads(line)
        verdicts[d["id"]] = d["verdicts"]
    return verdicts


def pct(a, b):
    return "%.1f%%" % (100.0 * a / b) if b else "-"


def family(rule):
    if not rule:
        return "(none)"
    if rule.startswith("cue."):
        return rule.split("[")[0]
    return rule


def taxonomy_check(path):
    """Agreement of the labeller's taxonomy with a hand-labelled sample."""
    import importlib.util
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location(
        "labels", os.path.join(here, "wcxb_boilerplate_labels.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    n = agree = 0
    confusion = collections.Counter()
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        _, hand, text = line.rstrip("\n").split("\t", 2)
        got = mod.classify_snippet(text)
        n += 1
        agree += got == hand
        if got != hand:
            confusion[(hand, got)] += 1
    print("The taxonomy agrees with the hand labels on %d of %d snippets." %
          (agree, n))
    if confusion:
        print()
        print("| hand label | taxonomy | snippets |")
        print("|---|---|---|")
        for (h, g), k in confusion.most_common():
            print("| %s | %s | %d |" % (h, g, k))


def summarize(path):
    """Removals per class and rule in `winnow boilerplate --explain` output."""
    docs = paras = 0
    by_class = collections.Counter()
    by_rule = collections.Counter()
    kept = 0
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        docs += 1
        kept += len([p for p in d.get("text", "").split("\n") if p])
        for r in d.get("removed", []):
            by_class[r["class"]] += 1
            by_rule[family(r["rule"])] += 1
    removed = sum(by_class.values())
    print("%d documents: %d paragraphs kept, %d removed." % (docs, kept, removed))
    if removed:
        print()
        print("| class | removed |")
        print("|---|---|")
        for c, k in by_class.most_common():
            print("| %s | %d |" % (c, k))
        print()
        print("| rule | removed |")
        print("|---|---|")
        for r, k in by_rule.most_common():
            print("| %s | %d |" % (r, k))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--taxonomy-check":
        taxonomy_check(sys.argv[2])
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--summarize":
        summarize(sys.argv[2])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("labels")
    ap.add_argument("winnow")
    ap.add_argument("--split", default="all")
    ap.add_argument("--markdown")
    ap.add_argument("--examples", type=int, default=0)
    ap.add_argument("--page-type", default="")
    ap.add_argument("--rule-table", action="store_true",
                    help="print removals and content removed per full rule")
    ap.add_argument("--show-missed", default="",
                    help="print every missed boilerplate paragraph of this "
                         "taxonomy class")
    ap.add_argument("--show-rule", default="",
                    help="print every content paragraph removed by rules "
                         "starting with this")
    args = ap.parse_args()

    pages = [json.loads(l) for l in open(args.labels, encoding="utf-8")]
    if args.split != "all":
        pages = [p for p in pages if p["split"] == args.split]
    if args.page_type:
        pages = [p for p in pages if p["page_type"] == args.page_type]
    verdicts = run_winnow(args.winnow, pages)

    n = collections.Counter()
    by_type = collections.defaultdict(collections.Counter)
    by_class = collections.defaultdict(collections.Counter)  # taxonomy class
    by_pred = collections.defaultdict(collections.Counter)   # predicted class
    by_rule = collections.defaultdict(collections.Counter)
    by_full_rule = collections.defaultdict(collections.Counter)
    content_fp = []
    missed = []
    for p in pages:
        vs = verdicts.get(p["id"])
        if vs is None or len(vs) != len(p["paragraphs"]):
            print("winnow returned %s verdicts for page %s (%d lines)" % (
                None if vs is None else len(vs), p["id"],
                len(p["paragraphs"])), file=sys.stderr)
            sys.exit(1)
        for (text, label, cls, _), v in zip(p["paragraphs"], vs):
            removed = not v["keep"]
            t = p["page_type"]
            if label == "unknown":
                n["unknown"] += 1
                n["unknown_removed"] += removed
                continue
            if label == "content":
                n["content"] += 1
                by_type[t]["content"] += 1
                if removed:
                    n["content_removed"] += 1
                    by_type[t]["content_removed"] += 1
                    content_fp.append((p["id"], v["class"], v["rule"], text))
            else:
                n["boiler"] += 1
                by_type[t]["boiler"] += 1
                by_class[cls]["total"] += 1
                if removed:
                    n["boiler_removed"] += 1
                    by_type[t]["boiler_removed"] += 1
                    by_class[cls]["removed"] += 1
                    by_class[cls]["same_class"] += v["class"] == cls
                else:
                    missed.append((p["id"], cls, text))
            if removed:
                by_pred[v["class"]]["removed"] += 1
                by_pred[v["class"]]["true"] += label == "boilerplate"
                by_rule[family(v["rule"])]["removed"] += 1
                by_rule[family(v["rule"])]["true"] += label == "boilerplate"
                by_full_rule[v["rule"]]["removed"] += 1
                by_full_rule[v["rule"]]["true"] += label == "boilerplate"

    removed_labelled = n["content_removed"] + n["boiler_removed"]
    lines = []
    w = lines.append
    w("Pages: %d (split: %s)." % (len(pages), args.split))
    w("")
    w("| measure | value |")
    w("|---|---|")
    w("| content paragraphs | %d |" % n["content"])
    w("| **content removed** (false positives) | %d (**%s**) |" % (
        n["content_removed"], pct(n["content_removed"], n["content"])))
    w("| boilerplate paragraphs | %d |" % n["boiler"])
    w("| **boilerplate removed** (recall) | %d (**%s**) |" % (
        n["boiler_removed"], pct(n["boiler_removed"], n["boiler"])))
    w("| precision of removals (labelled paragraphs) | %s |" % pct(
        n["boiler_removed"], removed_labelled))
    nn = sum(d["total"] for c, d in by_class.items() if c != "navigation")
    nr = sum(d["removed"] for c, d in by_class.items() if c != "navigation")
    w("| boilerplate removed, navigation labels aside | %d of %d (**%s**) |" % (
        nr, nn, pct(nr, nn)))
    w("| unlabelled paragraphs removed | %d of %d (%s) |" % (
        n["unknown_removed"], n["unknown"], pct(n["unknown_removed"], n["unknown"])))
    w("")
    w("Recall per class of boilerplate (class from the labeller's taxonomy; "
      "'same class' = the classifier named the same class):")
    w("")
    w("| class | paragraphs | removed (recall) | same class |")
    w("|---|---|---|---|")
    for c in sorted(by_class, key=lambda c: -by_class[c]["total"]):
        d = by_class[c]
        w("| %s | %d | %d (%s) | %s |" % (c, d["total"], d["removed"],
                                         pct(d["removed"], d["total"]),
                                         pct(d["same_class"], d["removed"])))
    w("")
    w("Precision per class the classifier named (over labelled paragraphs):")
    w("")
    w("| class named | removed | of them boilerplate (precision) |")
    w("|---|---|---|")
    for c in sorted(by_pred, key=lambda c: -by_pred[c]["removed"]):
        d = by_pred[c]
        w("| %s | %d | %d (%s) |" % (c, d["removed"], d["true"],
                                    pct(d["true"], d["removed"])))
    w("")
    w("Per rule family:")
    w("")
    w("| rule | removed | precision | content removed |")
    w("|---|---|---|---|")
    for r in sorted(by_rule, key=lambda r: -by_rule[r]["removed"]):
        d = by_rule[r]
        w("| %s | %d | %s | %d |" % (r, d["removed"], pct(d["true"], d["removed"]),
                                     d["removed"] - d["true"]))
    w("")
    w("Per page type:")
    w("")
    w("| page type | content removed | boilerplate recall |")
    w("|---|---|---|")
    for t in sorted(by_type):
        d = by_type[t]
        w("| %s | %d of %d (%s) | %d of %d (%s) |" % (
            t, d["content_removed"], d["content"],
            pct(d["content_removed"], d["content"]), d["boiler_removed"],
            d["boiler"], pct(d["boiler_removed"], d["boiler"])))
    text = "\n".join(lines) + "\n"
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if args.rule_table:
        for r in sorted(by_full_rule, key=lambda r: -by_full_rule[r]["removed"]):
            d = by_full_rule[r]
            print("%6d %6d  %s" % (d["true"], d["removed"] - d["true"], r))
    if args.show_missed:
        for x in missed:
            if x[1] == args.show_missed:
                print(" ", x[0], x[1], repr(x[2][:160]))
    if args.show_rule:
        for x in content_fp:
            if x[2].startswith(args.show_rule):
                print(" ", x[0], x[1], x[2], repr(x[3][:160]))
    if args.examples:
        import random
        random.seed(0)
        print("\n# content removed (sample)")
        for x in random.sample(content_fp, min(args.examples, len(content_fp))):
            print(" ", x[0], x[1], x[2], repr(x[3][:140]))
        print("\n# boilerplate missed (sample)")
        for x in random.sample(missed, min(args.examples, len(missed))):
            print(" ", x[0], x[1], repr(x[2][:140]))


if __name__ == "__main__":
    main()
