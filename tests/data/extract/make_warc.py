#!/usr/bin/env python3
"""Writes the small WARC files the extract end-to-end tests read.

crawl.warc.gz  one gzip member per record (as crawlers write them):
               warcinfo, request, an HTML response, a chunked and
               gzip-encoded HTML response in ISO-8859-1, a PNG response,
               a redirect, a metadata record.
lying.warc     four responses; the second declares 400 bytes more than it
               has and the fourth 30 bytes fewer, the last one is cut off.

Run from this folder; the output is deterministic (gzip mtime 0).
"""
import gzip
import io


def record(wtype, uri, block, rid, extra=b"", length=None):
    n = len(block) if length is None else length
    head = (b"WARC/1.1\r\n"
            b"WARC-Type: " + wtype + b"\r\n"
            b"WARC-Record-ID: <urn:uuid:" + rid + b">\r\n"
            b"WARC-Date: 2024-11-03T10:00:00Z\r\n" +
            (b"WARC-Target-URI: " + uri + b"\r\n" if uri else b"") +
            extra +
            b"Content-Length: " + str(n).encode() + b"\r\n\r\n")
    return head + block + b"\r\n\r\n"


def http(status, headers, body):
    h = b"HTTP/1.1 " + status + b"\r\n"
    for k, v in headers:
        h += k + b": " + v + b"\r\n"
    return h + b"\r\n" + body


def page(title, paragraphs):
    body = b"".join(b"<p>" + p + b"</p>\n" for p in paragraphs)
    return (b"<!doctype html><html lang=\"en\"><head><title>" + title +
            b"</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/a\">"
            b"Archive</a></nav><article><h1>" + title + b"</h1>\n" + body +
            b"</article><footer>Copyright 2024 Example News</footer>"
            b"</body></html>")


HTTP = b"Content-Type: application/http; msgtype=response\r\n"

lighthouse = page(b"Lighthouse keeper retires after forty years", [
    b"The keeper of the island lighthouse climbed its 142 steps for the last "
    b"time on Sunday, ending a career that began when the lamp still burned "
    b"paraffin and the supply boat came once a fortnight.",
    b"He plans to stay on the island, he said, because after forty years the "
    b"sound of the foghorn is the only lullaby that still works for him.",
])
orchard = page("Pommes anciennes: the orchard that saved forty varieties".encode("latin-1"), [
    "Volunteers at the community orchard have grafted forty old apple "
    "varieties this spring, among them a reinette that was thought lost "
    "since the caf\u00e9 owners of the village stopped making cidre.".encode("latin-1"),
    b"The trees will be planted out in the autumn and the first fruit is "
    b"expected in three or four years, when the orchard plans a tasting day.",
])


def chunked(data, size=100):
    out = b""
    for i in range(0, len(data), size):
        piece = data[i:i + size]
        out += b"%x\r\n" % len(piece) + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f:
        f.write(data)
    return buf.getvalue()


records = [
    record(b"warcinfo", None, b"software: hand-written test data\r\n", b"00000000-0000-0000-0000-000000000001",
           b"Content-Type: application/warc-fields\r\n"),
    record(b"request", b"https://news.example/lighthouse",
           b"GET /lighthouse HTTP/1.1\r\nHost: news.example\r\n\r\n",
           b"00000000-0000-0000-0000-000000000002",
           b"Content-Type: application/http; msgtype=request\r\n"),
    record(b"response", b"https://news.example/lighthouse",
           http(b"200 OK", [(b"Content-Type", b"text/html; charset=utf-8")], lighthouse),
           b"00000000-0000-0000-0000-000000000003", HTTP),
    record(b"response", b"https://news.example/orchard",
           http(b"200 OK", [(b"Content-Type", b"text/html; charset=ISO-8859-1"),
                            (b"Content-Encoding", b"gzip"),
                            (b"Transfer-Encoding", b"chunked")],
                chunked(gz(orchard))),
           b"00000000-0000-0000-0000-000000000004", HTTP),
    record(b"response", b"https://news.example/logo.png",
           http(b"200 OK", [(b"Content-Type", b"image/png")], b"\x89PNG\r\n\x1a\n\x00\x00"),
           b"00000000-0000-0000-0000-000000000005", HTTP),
    record(b"response", b"https://news.example/old",
           http(b"301 Moved Permanently", [(b"Location", b"/new"), (b"Content-Type", b"text/html")],
                b"<html><body>Moved</body></html>"),
           b"00000000-0000-0000-0000-000000000006", HTTP),
    record(b"metadata", b"https://news.example/lighthouse", b"outlinks: /a\r\n",
           b"00000000-0000-0000-0000-000000000007",
           b"Content-Type: application/warc-fields\r\n"),
]
with open("crawl.warc.gz", "wb") as f:
    for r in records:
        f.write(gz(r))

def resp(uri, body, rid, length_delta=0):
    block = http(b"200 OK", [(b"Content-Type", b"text/html")], body)
    return record(b"response", uri, block, rid, HTTP, len(block) + length_delta)

lying = (resp(b"https://news.example/lighthouse", lighthouse, b"00000000-0000-0000-0000-00000000000a") +
         resp(b"https://news.example/too-long", lighthouse, b"00000000-0000-0000-0000-00000000000b", 400) +
         resp(b"https://news.example/orchard", orchard, b"00000000-0000-0000-0000-00000000000c") +
         resp(b"https://news.example/too-short", orchard, b"00000000-0000-0000-0000-00000000000d", -30))
last = resp(b"https://news.example/cut", lighthouse, b"00000000-0000-0000-0000-00000000000e")
with open("lying.warc", "wb") as f:
    f.write(lying + last[:len(last) // 2])
