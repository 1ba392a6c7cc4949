#!/usr/bin/env python3
"""Generates a JSONL news corpus for benchmarks.

Usage: gen_news_corpus.py N_DOCS OUT.jsonl [--sources S] [--seed K]

Each document is a story of 6-14 paragraphs of generated prose (random
sentences over a 2,000-word vocabulary, so stories do not share text) from
one of S sources (the host of its url). Each source has its own template
furniture, appended or prepended with the probabilities a crawl shows: a
donation appeal block ending in "Remind me later.", a newsletter line, a
share row, a copyright line; one story in twenty starts with a photo
caption and credit. About a third of all paragraphs are furniture.
"""
import json
import random
import sys


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    sources = 200
    seed = 1
    args = sys.argv[3:]
    for i in range(0, len(args), 2):
        if args[i] == "--sources":
            sources = int(args[i + 1])
        elif args[i] == "--seed":
            seed = int(args[i + 1])
    rng = random.Random(seed)
    syll = ["ka", "lo", "mi", "ne", "ra", "to", "su", "vi", "de", "ban", "tor",
            "mel", "os", "ir", "um", "sha", "pe", "gro", "al", "wen"]
    vocab = ["".join(rng.choice(syll) for _ in range(rng.randint(1, 3)))
             for _ in range(2000)]
    function = ["the", "of", "and", "to", "in", "a", "that", "is", "was", "for",
                "on", "with", "as", "by", "at", "from", "it", "said", "has"]

    def sentence():
        words = []
        for _ in range(rng.randint(8, 22)):
            words.append(rng.choice(function) if rng.random() < 0.4
                         else rng.choice(vocab))
        s = " ".join(words)
        return s[0].upper() + s[1:] + "."

    def paragraph():
        return " ".join(sentence() for _ in range(rng.randint(1, 4)))

    furniture = []
    for s in range(sources):
        name = "The " + rng.choice(vocab).capitalize() + " Herald"
        furniture.append({
            "appeal": ["A message from %s:" % name, "Dear readers,",
                       paragraph(),
                       "If you can, please support us with a monthly "
                       "contribution from just $%d. Every contribution "
                       "counts." % rng.randint(2, 9),
                       "Remind me later."],
            "newsletter": "Sign up for the %s daily newsletter" % name,
            "share": "Share this article: Facebook Twitter WhatsApp Email",
            "legal": "© %d %s. All rights reserved." % (rng.randint(2015, 2025), name),
        })
    with open(out, "w") as f:
        for d in range(n):
            s = rng.randrange(sources)
            fu = furniture[s]
            paras = [paragraph() for _ in range(rng.randint(6, 14))]
            if rng.random() < 0.05:
                paras.insert(0, sentence()[:-1] + ", May %d, 2024. Photo: "
                             "%s/Reuters" % (rng.randint(1, 28),
                                             rng.choice(vocab).capitalize()))
            if rng.random() < 0.5:
                paras.insert(0, fu["share"])
            if rng.random() < 0.3:
                paras.insert(rng.randint(2, len(paras) - 1), fu["newsletter"])
            if rng.random() < 0.6:
                paras += fu["appeal"]
            paras.append(fu["legal"])
            f.write(json.dumps({
                "id": "doc%d" % d,
                "url": "https://www.source%d.example/news/%d" % (s, d),
                "text": "\n".join(paras)}) + "\n")


if __name__ == "__main__":
    main()
