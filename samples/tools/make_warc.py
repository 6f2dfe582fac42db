#!/usr/bin/env python3
"""Build samples/warc/crawl.warc and samples/warc/crawl.warc.gz.

Python 3 standard library only. Run from anywhere:

    python3 samples/tools/make_warc.py

The pages come from samples/tools/warc-src/ (they carry a .in suffix so that a
recursive ingest of samples/ does not read them as separate articles). Both
outputs hold the same records in the same order (only the warcinfo record,
which names its file, differs):

  warcinfo
  request + response   for each HTML article page (HTTP/1.1 200, text/html)
  request + response   for a PNG image (must be ignored by the ingester)
  resource             a plain-text article (text/plain)
  request + response   for a 404 page (must be ignored by the ingester)

crawl.warc.gz is one gzip member per record, concatenated, as the WARC 1.1
specification recommends. Every Content-Length is the exact byte count of the
block (WARC) or payload (HTTP). Record ids, dates and gzip headers are fixed,
so the output is byte-for-byte reproducible.
"""
import base64
import gzip
import hashlib
import os
import struct
import uuid
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "warc-src")
OUT_DIR = os.path.normpath(os.path.join(HERE, os.pardir, "warc"))
NS = uuid.UUID("6f1c2b9e-5d0a-4c1e-9a61-3c7d2f0b8e41")
USER_AGENT = "sitrep-sample-crawler/1.0 (+https://example.org/sitrep-samples)"

# (kind, url, source file or None, crawl date, extra)
PAGES = [
    ("html", "https://www.beltwaysentinel.example/defense/2024/03/26/isis-k-six-months-warning-kurilla",
     "kurilla-isis-k-six-months-warning.html.in", "2024-03-26T14:02:11Z", "198.51.100.21"),
    ("png", "https://www.beltwaysentinel.example/img/2024/03/kurilla-hearing-thumb.png",
     None, "2024-03-26T14:02:12Z", "198.51.100.21"),
    ("html", "https://hornsecuritymonitor.example/military/2024/06/05/us-airstrike-jilib-three-killed",
     "africom-airstrike-jilib-shabaab.html.in", "2024-06-05T16:45:30Z", "203.0.113.40"),
    ("html", "https://www.danubetimes.example/austria/2024/08/08/taylor-swift-vienna-concerts-cancelled-plot",
     "vienna-concert-plot-arrests.html.in", "2024-08-08T10:03:57Z", "192.0.2.77"),
    ("resource", "https://levantmonitor.example/text/2024/03/14/truffle-hunters-hama.txt",
     "syria-truffle-hunters-ambush.txt.in", "2024-03-14T19:20:00Z", None),
    ("html", "https://tigrispost.example/security/2024/11/04/three-soldiers-killed-wadi-al-shay",
     "kirkuk-army-post-isis-attack.html.in", "2024-11-04T13:30:08Z", "198.51.100.133"),
    ("html", "https://southarabiareport.example/yemen/2024/05/12/aqap-abyan-checkpoint-attack",
     "abyan-aqap-checkpoint-attack.html.in", "2024-05-12T16:11:42Z", "203.0.113.9"),
    ("404", "https://worldsecurityreview.example/analysis/isis-k-old-url",
     "not-found.html.in", "2024-06-01T08:00:00Z", "192.0.2.15"),
]

HTTP_DATES = {
    "2024-03-26T14:02:11Z": "Tue, 26 Mar 2024 14:02:11 GMT",
    "2024-03-26T14:02:12Z": "Tue, 26 Mar 2024 14:02:12 GMT",
    "2024-06-05T16:45:30Z": "Wed, 05 Jun 2024 16:45:30 GMT",
    "2024-08-08T10:03:57Z": "Thu, 08 Aug 2024 10:03:57 GMT",
    "2024-11-04T13:30:08Z": "Mon, 04 Nov 2024 13:30:08 GMT",
    "2024-05-12T16:11:42Z": "Sun, 12 May 2024 16:11:42 GMT",
    "2024-06-01T08:00:00Z": "Sat, 01 Jun 2024 08:00:00 GMT",
}


def sha1_b32(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def record_id(url, kind):
    return "<urn:uuid:%s>" % uuid.uuid5(NS, kind + " " + url)


def tiny_png():
    """A 16x16 grey PNG, built with zlib."""
    def chunk(tag, data):
        c = struct.pack(">I", len(data)) + tag + data
        return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    width = height = 16
    raw = b"".join(b"\x00" + bytes([0x80, 0x80, 0x80]) * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def warc_record(headers, block):
    """headers: list of (name, value); Content-Length is appended here."""
    lines = ["WARC/1.1"] + ["%s: %s" % (k, v) for k, v in headers]
    lines.append("Content-Length: %d" % len(block))
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")
    return head + block + b"\r\n\r\n"


def http_request(url):
    rest = url.split("://", 1)[1]
    host, _, path = rest.partition("/")
    return ("GET /%s HTTP/1.1\r\n"
            "Host: %s\r\n"
            "User-Agent: %s\r\n"
            "Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\n"
            "Accept-Encoding: identity\r\n"
            "Connection: close\r\n\r\n" % (path, host, USER_AGENT)).encode("ascii")


def http_response(status, ctype, date, payload, extra=()):
    head = ["HTTP/1.1 %s" % status,
            "Date: %s" % date,
            "Server: nginx",
            "Content-Type: %s" % ctype,
            "Content-Length: %d" % len(payload)]
    head += list(extra)
    head.append("Connection: close")
    return ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + payload


def build_records(filename):
    records = []
    info = ("software: sitrep samples/tools/make_warc.py\r\n"
            "format: WARC File Format 1.1\r\n"
            "conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
            "description: Sample crawl for the sitrep test corpus. All article text is original.\r\n"
            "robots: obey\r\n").encode("utf-8")
    records.append(warc_record([
        ("WARC-Type", "warcinfo"),
        ("WARC-Date", "2024-11-04T13:30:00Z"),
        ("WARC-Filename", filename),
        ("WARC-Record-ID", record_id(filename, "warcinfo")),
        ("Content-Type", "application/warc-fields"),
    ], info))
    info_id = record_id(filename, "warcinfo")

    for kind, url, src, date, ip in PAGES:
        if src:
            with open(os.path.join(SRC, src), "rb") as f:
                payload = f.read()
        else:
            payload = tiny_png()
        if kind == "resource":
            records.append(warc_record([
                ("WARC-Type", "resource"),
                ("WARC-Record-ID", record_id(url, "resource")),
                ("WARC-Warcinfo-ID", info_id),
                ("WARC-Date", date),
                ("WARC-Target-URI", url),
                ("WARC-Block-Digest", sha1_b32(payload)),
                ("Content-Type", "text/plain; charset=utf-8"),
            ], payload))
            continue
        req_id = record_id(url, "request")
        records.append(warc_record([
            ("WARC-Type", "request"),
            ("WARC-Record-ID", req_id),
            ("WARC-Warcinfo-ID", info_id),
            ("WARC-Date", date),
            ("WARC-Target-URI", url),
            ("WARC-Concurrent-To", record_id(url, "response")),
            ("Content-Type", "application/http;msgtype=request"),
        ], http_request(url)))
        if kind == "html":
            block = http_response("200 OK", "text/html; charset=utf-8", HTTP_DATES[date], payload,
                                  ["Cache-Control: max-age=300", "X-Cache: MISS"])
        elif kind == "png":
            block = http_response("200 OK", "image/png", HTTP_DATES[date], payload,
                                  ["Cache-Control: max-age=86400", "Accept-Ranges: bytes"])
        else:
            block = http_response("404 Not Found", "text/html; charset=utf-8", HTTP_DATES[date], payload)
        headers = [
            ("WARC-Type", "response"),
            ("WARC-Record-ID", record_id(url, "response")),
            ("WARC-Warcinfo-ID", info_id),
            ("WARC-Date", date),
            ("WARC-Target-URI", url),
            ("WARC-IP-Address", ip),
            ("WARC-Concurrent-To", req_id),
            ("WARC-Payload-Digest", sha1_b32(payload)),
            ("WARC-Block-Digest", sha1_b32(block)),
            ("Content-Type", "application/http;msgtype=response"),
        ]
        records.append(warc_record(headers, block))
    return records


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    records = build_records("crawl.warc")
    plain = os.path.join(OUT_DIR, "crawl.warc")
    with open(plain, "wb") as f:
        f.write(b"".join(records))
    gz = os.path.join(OUT_DIR, "crawl.warc.gz")
    with open(gz, "wb") as f:
        for rec in build_records("crawl.warc.gz"):
            f.write(gzip.compress(rec, compresslevel=9, mtime=0))
    print("wrote %s and %s: %d records" % (plain, gz, len(records)))


if __name__ == "__main__":
    main()
