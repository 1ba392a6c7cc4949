#!/usr/bin/env python3
"""Writes a deterministic JSONL corpus of news-like documents for benchmarks.

Usage: gen_news.py OUT.jsonl SIZE_MB [--seed N]

Documents are ~400 words of mostly-ASCII English-like prose from a fixed
vocabulary, with the shapes winnow meets in real captures: about a third are
print captures hard-wrapped at 70-100 columns with a photo caption on top,
the rest web captures with one paragraph per line, some with a non-ASCII
name or a curly quote. Fields: id, url, title, text.
"""
import json
import random
import sys
import textwrap

WORDS = """the a of to and in that for on with as by at from his her its their
said would could will after before during about over under into than more
most new last first year years week month day government minister council
port harbour city region state company market bank rate price prices union
workers strike talks deal plan report police court judge law election vote
party leader president officials people residents water fire river bridge
rail train station museum police investigation statement spokesperson
agency service data figures percent million billion euros dollars budget
school hospital health vaccine doctors patients storm drought farmers crops
energy power grid climate emissions project construction contract tender
announced confirmed denied warned expected reported added according told
because while although since until despite however also only still even
early late higher lower local national international public private
""".split()
NAMES = ["Ana Ribeiro", "Tomás Núñez", "Marta Kowalska", "John Hale",
         "Lea Meyer", "Chidi Okafor", "Sara Lind", "Yusuf Demir"]


def sentence(rng):
    n = rng.randint(8, 24)
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.15:
        words.insert(rng.randint(0, n - 1), rng.choice(NAMES))
    if rng.random() < 0.1:
        words.insert(rng.randint(0, n - 1), "\u201c%s\u201d" % rng.choice(WORDS))
    s = " ".join(words)
    return s[0].upper() + s[1:] + rng.choice([".", ".", ".", "?", ","]).replace(",", ".")


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))


def document(rng, i):
    paras = []
    words = 0
    while words < 400:
        p = paragraph(rng)
        paras.append(p)
        words += p.count(" ") + 1
    if rng.random() < 0.33:
        width = rng.randint(70, 100)
        caption = "%s speaks in the city on Monday. Photo: %s / Agency" % (
            rng.choice(NAMES), rng.choice(NAMES))
        blocks = [textwrap.fill(caption, width)]
        blocks += [textwrap.fill(p, width) for p in paras]
        text = "\n\n".join(blocks) + "\n"
    else:
        text = "\n".join(paras)
    title = sentence(rng)[:60]
    return {"id": "doc-%08d" % i, "url": "https://news%d.example.com/a/%d" % (i % 50, i),
            "title": title, "text": text}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, size_mb = sys.argv[1], float(sys.argv[2])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--seed" else 1
    rng = random.Random(seed)
    target = int(size_mb * 1e6)
    written = 0
    i = 0
    # Generate a pool once, then vary ids: generation, not winnow, would
    # otherwise dominate the time to build a 1 GB corpus.
    pool = [document(rng, k) for k in range(2000)]
    with open(out, "w", encoding="utf-8") as f:
        while written < target:
            d = dict(pool[i % len(pool)])
            d["id"] = "doc-%08d" % i
            line = json.dumps(d, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            i += 1
    print("%s: %d documents, %.1f MB" % (out, i, written / 1e6), file=sys.stderr)


if __name__ == "__main__":
    main()
