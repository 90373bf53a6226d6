#!/usr/bin/env python3
"""Python's reading of each corpus message, as a reference for the gateway's MIME layer.

Usage: pydump.py DIR

For every *.eml in DIR (sorted by name) prints one JSON object per line:
  {"file": "NN-name.eml", "subject": str|null, "from": [{"name": str, "address": str}]|null, "body": str|null}
read with email.message_from_bytes(data, policy=email.policy.default):
- subject: str(msg["subject"]), null when absent;
- from: the addresses of the From header, null when absent or when it does not parse (an exception, or an
  address without a domain, which Python's lenient parser otherwise returns as a bare local part);
- body: msg.get_body(preferencelist=("plain", "html")).get_content(), null when there is no such part or
  it cannot be decoded;
- defects: the sorted class names of the defects Python records anywhere in the message (each leaf's
  payload is decoded first, which is when base64 defects are recorded).
Raw 8-bit header bytes (which Python keeps as surrogate escapes) are shown as UTF-8.
Standard library only; runs with any Python 3.8+.
"""

import email
import email.policy
import json
import os
import sys


def clean(text):
    """Undo surrogate escapes of raw header bytes: show them as UTF-8 (invalid bytes as U+FFFD)."""
    if text is None:
        return None
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_from(msg):
    try:
        header = msg["from"]
        if header is None:
            return None
        out = []
        for a in header.addresses:
            if not a.domain:
                return None
            out.append({"name": clean(a.display_name), "address": clean(a.addr_spec)})
        return out or None
    except Exception:
        return None


def read_subject(msg):
    try:
        subject = msg["subject"]
        return None if subject is None else clean(str(subject))
    except Exception:
        return None


def read_body(msg):
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
        return None if part is None else clean(part.get_content())
    except Exception:
        return None


def read_defects(msg):
    names = set()
    for part in msg.walk():
        if not part.is_multipart():
            try:
                part.get_payload(decode=True)
            except Exception:
                pass
        names.update(type(d).__name__ for d in part.defects)
    return sorted(names)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: pydump.py DIR\n")
        return 2
    directory = sys.argv[1]
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", newline="\n", closefd=False)
    for name in sorted(f for f in os.listdir(directory) if f.endswith(".eml")):
        with open(os.path.join(directory, name), "rb") as fh:
            msg = email.message_from_bytes(fh.read(), policy=email.policy.default)
        record = {"file": name, "subject": read_subject(msg), "from": read_from(msg), "body": read_body(msg),
                  "defects": read_defects(msg)}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
