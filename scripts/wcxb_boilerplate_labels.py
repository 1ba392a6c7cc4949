#!/usr/bin/env python3
"""Builds the labelled paragraph set for the boilerplate evaluation.

Usage: wcxb_boilerplate_labels.py WCXB_DIR OUT.jsonl

WCXB_DIR is the Web Content Extraction Benchmark dev set (html/NNNN.html.gz,
ground-truth/NNNN.json, metadata.json). For each page this script

1. renders the HTML as a plain-text dump, one block per line, the way a
   text-mode browser or a crawler's WET file shows a page: script, style,
   templates and <head> dropped, every block-level element (p, div, li, td,
   h1-h6, ...) and <br> starting a new line, spaces collapsed;
2. labels each line by matching it against the page's ground truth:
   content      the line equals a paragraph of `main_content`, or is a
                substring of it at least 25 characters long;
   boilerplate  the line equals a `without` snippet, or contains one that
                covers at least 60% of the line (a snippet is boilerplate
                known to be on the page and absent from the main content);
   unknown      neither, or both (ambiguous): not scored.
   Matching compares text lowercased, with every run of non-word characters
   made one space.
3. assigns each boilerplate line a class by the keyword taxonomy in
   `classify_snippet` below (the data does not label classes). The taxonomy
   is deliberately independent of winnow's own cue lists: it reads the
   snippet's words, not winnow's rules, and anything it cannot place is
   "navigation" (menu and link labels, the bulk of WCXB's snippets).

One JSON object per page is written: id, url, domain, page_type, split
("tune" for odd file ids, "holdout" for even ones) and paragraphs, a list of
[text, label, class, link_density], where link_density is the fraction of
the line's characters inside <a> elements (what an HTML extractor knows and
a plain-text capture does not). The file is generated (it holds page text) and belongs
under build/, not in the repository.
"""
import gzip
import html.parser
import json
import os
import re
import sys

SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe",
        "object", "canvas", "math"}
BLOCK = {"p", "div", "section", "article", "header", "footer", "nav", "aside",
         "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
         "dt", "dd", "table", "tr", "td", "th", "thead", "tbody", "tfoot",
         "caption", "blockquote", "pre", "figure", "figcaption", "form",
         "fieldset", "legend", "address", "details", "summary", "option",
         "select", "button", "label", "hr", "br", "body", "html", "menu",
         "center", "dialog", "hgroup", "picture", "video", "audio", "textarea"}
VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col",
        "embed", "source", "track", "wbr", "param"}


class Dump(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = []
        self.cur = []
        self.link_chars = 0
        self.in_link = 0
        self.skip = 0
        self.stack = []

    def flush(self):
        text = " ".join("".join(self.cur).split())
        if text:
            total = sum(len(x.strip()) for x in self.cur) or 1
            self.lines.append((text, min(1.0, self.link_chars / total)))
        self.cur = []
        self.link_chars = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            if tag not in VOID:
                self.skip += 1
                self.stack.append(tag)
            return
        if tag == "a":
            self.in_link += 1
        if tag in BLOCK:
            self.flush()

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if tag in SKIP:
            if self.skip and self.stack and tag in self.stack:
                while self.stack:
                    t = self.stack.pop()
                    self.skip -= 1
                    if t == tag:
                        break
            return
        if tag == "a" and self.in_link:
            self.in_link -= 1
        if tag in BLOCK:
            self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.cur.append(data)
            if self.in_link:
                self.link_chars += len(data.strip())


def page_lines(raw):
    d = Dump()
    try:
        d.feed(raw)
        d.close()
    except Exception:  # html.parser is lenient; keep what was read
        pass
    d.flush()
    return d.lines


def norm(s):
    return " ".join(re.sub(r"[\W_]+", " ", s.lower()).split())


# Keyword taxonomy for `without` snippets; first match wins.
TAXONOMY = [
    ("cookie", r"\bcookies?\b|\bconsent\b|\bgdpr\b|do not sell|tracking technolog"),
    ("legal", r"©|\bcopyright\b|all rights reserved|\bterms\b|\bprivacy\b|"
              r"\blegal\b|\bimprint\b|\bimpressum\b|\bdisclaimer\b|"
              r"\bdisclosure\b|\baccessibility\b|\blicen[cs]e"),
    ("newsletter", r"\bnewsletters?\b|\binbox\b|\be-?mail address\b|"
                   r"sign up for|subscribe to (?:our|the) (?:e-?mail|list|updates)"),
    ("appeal", r"\bdonat|\bsupport (?:us|our)\b|\bsubscri|\bmembership\b|"
               r"\bbecome a member\b|\bpremium\b|\bpatreon\b|\bcontribut"),
    ("share", r"\bshare\b|\bfollow us\b|\bfacebook\b|\btwitter\b|\binstagram\b|"
              r"\blinkedin\b|\byoutube\b|\bpinterest\b|\btiktok\b|\bwhatsapp\b|"
              r"\btelegram\b|\breddit\b|\btweet\b|\brss\b|\blike us\b"),
    ("caption", r"\bphoto\b|\bphotograph|\bimage\b|\bcredit\b|getty|reuters|"
                r"\bafp\b|\bap\b|shutterstock|\bcourtesy\b|\bvia\b"),
    ("interface", r"^(?:read|learn|see|view|show|load) (?:more|all|less)|"
                  r"^(?:book|buy|order|shop|start|get|try|view|ask|select|"
                  r"request|download|open|sell|upvote|join|add|go|find|"
                  r"explore|discover|compare|watch|listen|apply)\b|"
                  r"\bhigh contrast\b|\bin stock\b|\ben stock\b|"
                  r"\bsign (?:in|up|out)\b|\blog ?(?:in|out)\b|\bregister\b|"
                  r"\bsearch\b|\bmenu\b|\bskip to\b|\bclose\b|\bback to top\b|"
                  r"\badvertis|\bsponsored\b|\bcomments?\b|\breply\b|"
                  r"\bcart\b|\bcheckout\b|\baccount\b|\bwas this helpful\b|"
                  r"\bclick\b|\bdownload\b|\bcontinue\b|\bnext\b|\bprevious\b|"
                  r"\bprint\b|\bsort by\b|\bfilter\b|\brelated\b|"
                  r"\brecommended\b|\byou may also\b|\bpopular\b|\btrending\b"),
    ("metadata", r"^(?:published|updated|posted|by|written by|last updated)\b|"
                 r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
                 r"\.? \d{1,2},? \d{4}\b|\b\d{1,2} (?:jan|feb|mar|apr|may|jun|"
                 r"jul|aug|sep|oct|nov|dec)[a-z]*,? \d{4}\b|\bmin(?:ute)?s? read\b"),
]
TAXONOMY = [(c, re.compile(p)) for c, p in TAXONOMY]


def classify_snippet(s):
    low = s.lower()
    for cls, rx in TAXONOMY:
        if rx.search(low):
            return cls
    return "navigation"


def main():
    src, out_path = sys.argv[1], sys.argv[2]
    meta = json.load(open(os.path.join(src, "metadata.json")))["files"]
    gt_dir = os.path.join(src, "ground-truth")
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    tmp = out_path + ".tmp"
    totals = {"content": 0, "boilerplate": 0, "unknown": 0}
    with open(tmp, "w", encoding="utf-8") as out:
        for name in sorted(os.listdir(gt_dir)):
            if not name.endswith(".json"):
                continue
            fid = name[:-5]
            gt = json.load(open(os.path.join(gt_dir, name), encoding="utf-8"))
            g = gt.get("ground_truth") or {}
            html_path = os.path.join(src, "html", fid + ".html.gz")
            if not os.path.exists(html_path):
                continue
            raw = gzip.open(html_path, "rb").read().decode("utf-8", "replace")
            lines = page_lines(raw)
            main = g.get("main_content") or ""
            main_paras = {norm(p) for p in re.split(r"\n+", main) if norm(p)}
            main_norm = " " + norm(main) + " "
            without = [(norm(w), classify_snippet(w))
                       for w in (g.get("without") or []) if norm(w)]
            # A snippet that also occurs in the main content is not clean
            # evidence of boilerplate.
            without = [(w, c) for w, c in without
                       if (" " + w + " ") not in main_norm]
            paras = []
            for line, link_density in lines:
                link_density = round(link_density, 2)
                n = norm(line)
                if not n:
                    paras.append([line, "unknown", "", link_density])
                    continue
                is_content = n in main_paras or (
                    len(n) >= 25 and (" " + n + " ") in main_norm)
                cls = ""
                for w, c in without:
                    if n == w or ((" " + w + " ") in (" " + n + " ")
                                  and len(w) >= 0.6 * len(n)):
                        cls = c
                        break
                if is_content and not cls:
                    label = "content"
                elif cls and not is_content:
                    label = "boilerplate"
                else:
                    label, cls = "unknown", ""
                totals[label] += 1
                paras.append([line, label, cls, link_density])
            m = meta.get(fid, {})
            rec = {"id": fid, "url": gt.get("url", ""),
                   "domain": m.get("domain", ""),
                   "page_type": m.get("page_type", ""),
                   "split": "tune" if int(fid) % 2 else "holdout",
                   "paragraphs": paras}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    os.replace(tmp, out_path)
    print("labelled paragraphs: %d content, %d boilerplate, %d unknown"
          % (totals["content"], totals["boilerplate"], totals["unknown"]),
          file=sys.stderr)


if __name__ == "__main__":
    main()
