#!/usr/bin/env python3
"""Writes the est-gateway test corpus: Tests/Corpus/messages/*.eml and Tests/Corpus/expected/*.json.

Standard library only and deterministic: fixed dates, Message-IDs and boundaries, no randomness,
so a re-run reproduces byte-identical files.

Each fixture imitates what a real client sends (header set, header order, MIME structure, boundary
style, transfer encoding) and carries the result the gateway must produce according to
shared/spec/report-format.md and shared/spec/mail-rules.md, read with config/est-gateway.example.yaml.
The expected results are written by hand from the spec; see Tests/Corpus/README.md for the
decisions taken where the spec is silent.

Usage: make_corpus.py [OUTPUT_DIR]   (default: Tests/Corpus next to this script's repository)
"""

import base64
import email.charset
import email.policy
import email.utils
import hashlib
import html
import io
import json
import os
import re
import sys
import textwrap
from datetime import date, timedelta
from email.generator import BytesGenerator
from email.message import Message
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
EST = "est@vasteras.example"
AUTH_CONFIG = {"authserv_id": "mx.vasteras.example"}

# Serialisation policy: CRLF, no re-folding (each header is written exactly as the client folds it).
WIRE = email.policy.compat32.clone(linesep="\r\n", max_line_length=0)

FIXTURES = []  # (name, client shape, what it tests, builder)


def fixture(name, shape, tests):
    def register(builder):
        FIXTURES.append((name, shape, tests, builder))
        return builder
    return register


# ---------------------------------------------------------------------------------------------
# Deterministic identifiers in each client's style

def digest(seed):
    return hashlib.sha256(seed.encode("utf-8")).digest()


def hexid(seed, n):
    return digest(seed).hex()[:n]


def uuid_upper(seed):
    h = digest(seed).hex().upper()
    return f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def uuid_lower(seed):
    return uuid_upper(seed).lower()


def outlook365_ids(seed, server="AM0PR07MB4113"):
    """Exchange Online Message-ID and its `_000_` / `_004_` boundary stems."""
    local = server + hexid(seed, 32).upper()
    mid = f"<{local}@{server}.eurprd07.prod.outlook.com>"
    stem = f"{local}{server}eurprd07prod_"
    return mid, stem


def thread_index(seed):
    return base64.b64encode(b"\x01\xd4" + digest("ti" + seed)[:20]).decode("ascii")


def outlook_desktop_ids(seed, domain):
    h = hexid(seed, 28)
    mid = f"<000001d4{h[0:4]}${h[4:12]}${h[12:20]}$@{domain}>"
    boundary = f"----=_NextPart_000_{h[20:24].upper()}_01D44{h[24:27].upper()}.{hexid('b' + seed, 8).upper()}"
    return mid, boundary


def gmail_ids(seed):
    raw = base64.b64encode(digest(seed) + digest("2" + seed)[:4]).decode("ascii")
    mid = f"<CA{raw[:44]}@mail.gmail.com>"
    boundary = "000000000000" + hexid("gb" + seed, 16)
    return mid, boundary


def apple_ids(seed, domain):
    u = uuid_upper(seed)
    return f"<{u}@{domain}>", f"Apple-Mail=_{uuid_upper('b' + seed)}"


def thunderbird_ids(seed, domain):
    boundary = "------------" + digest("tb" + seed).hex().upper()[:24]
    return f"<{uuid_lower(seed)}@{domain}>", boundary


# ---------------------------------------------------------------------------------------------
# Encoded words and bodies

def ew_q(text, charset, upper_hex=True, q_letter="Q"):
    """RFC 2047 Q encoded word (one word)."""
    raw = text.encode(charset)
    out = []
    for b in raw:
        c = chr(b)
        if c == " ":
            out.append("_")
        elif c.isascii() and (c.isalnum() or c in "!*+-/"):
            out.append(c)
        else:
            out.append(f"={b:02X}" if upper_hex else f"={b:02x}")
    return f"=?{charset}?{q_letter}?{''.join(out)}?="


def ew_b(text, charset):
    """RFC 2047 B encoded word (one word)."""
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode('ascii')}?="


def encode_body(text, charset, cte):
    """The transfer-encoded payload of `text` (lines separated by \\n) in `charset`."""
    cs = email.charset.Charset(charset)
    if cte == "quoted-printable":
        cs.body_encoding = email.charset.QP
        return cs.body_encode(text)
    if cte == "base64":
        cs.body_encoding = email.charset.BASE64
        return cs.body_encode(text)
    if cte in ("8bit", "7bit"):
        data = text.encode(charset)
        if cte == "7bit":
            data.decode("ascii")  # must be ASCII
        return data.decode("ascii", "surrogateescape")
    raise ValueError(cte)


def part(headers, payload):
    """A MIME entity with its headers in the given order and a ready payload (str or list)."""
    m = Message()
    for name, value in headers:
        m[name] = value
    m.set_payload(payload)
    return m


def text_part(text, subtype="plain", charset="utf-8", cte="quoted-printable", ct=None, cte_first=False,
              extra=()):
    ct = ct or f'text/{subtype}; charset="{charset}"'
    headers = [("Content-Type", ct), ("Content-Transfer-Encoding", cte)]
    if cte_first:
        headers.reverse()
    return part(headers + list(extra), encode_body(text, charset, cte))


def b64_lines(data):
    s = base64.b64encode(data).decode("ascii")
    return "\n".join(s[i:i + 76] for i in range(0, len(s), 76)) + "\n"


def serialise(top):
    buf = io.BytesIO()
    BytesGenerator(buf, mangle_from_=False, policy=WIRE).flatten(top)
    data = buf.getvalue()
    # Exchange writes empty headers without the space after the colon.
    data = re.sub(rb"(?m)^(X-MS-Has-Attach|X-MS-TNEF-Correlator|X-MS-Exchange-Message-Is-Ndr): \r\n", rb"\1:\r\n", data)
    return data


def D(s):
    """Dedented body text, without the first newline."""
    return textwrap.dedent(s).lstrip("\n")


def line_of(body, prefix, occurrence=1):
    """1-based number of the `occurrence`-th line of `body` starting with `prefix`."""
    seen = 0
    for i, line in enumerate(body.split("\n"), start=1):
        if line.startswith(prefix):
            seen += 1
            if seen == occurrence:
                return i
    raise ValueError(f"no line {prefix!r}")


# ---------------------------------------------------------------------------------------------
# HTML renderings in each client's style

def outlook_html(lines, charset="iso-8859-1"):
    paras = []
    for line in lines:
        if line.strip():
            paras.append(f"<p class=\"MsoNormal\">{html.escape(line, quote=False)}<o:p></o:p></p>")
        else:
            paras.append("<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>")
    return (
        "<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
        "xmlns:w=\"urn:schemas-microsoft-com:office:word\" xmlns:m=\"http://schemas.microsoft.com/office/2004/12/omml\" "
        "xmlns=\"http://www.w3.org/TR/REC-html40\">\n"
        "<head>\n"
        f"<meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\">\n"
        "<meta name=\"Generator\" content=\"Microsoft Word 15 (filtered medium)\">\n"
        "<style><!--\n"
        "/* Font Definitions */\n"
        "@font-face\n\t{font-family:Calibri;\n\tpanose-1:2 15 5 2 2 2 4 3 2 4;}\n"
        "/* Style Definitions */\n"
        "p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0cm;\n\tmargin-bottom:.0001pt;\n"
        "\tfont-size:11.0pt;\n\tfont-family:\"Calibri\",sans-serif;\n\tmso-fareast-language:EN-US;}\n"
        "@page WordSection1\n\t{size:612.0pt 792.0pt;\n\tmargin:72.0pt 72.0pt 72.0pt 72.0pt;}\n"
        "div.WordSection1\n\t{page:WordSection1;}\n"
        "--></style>\n"
        "</head>\n"
        "<body lang=\"SV\" link=\"#0563C1\" vlink=\"#954F72\">\n"
        "<div class=\"WordSection1\">\n"
        + "\n".join(paras) + "\n"
        "</div>\n"
        "</body>\n"
        "</html>\n"
    )


def gmail_html(lines):
    out = []
    for line in lines:
        out.append(html.escape(line, quote=False) if line else "")
    return "<div dir=\"ltr\">" + "<br>".join(out) + "</div>\n"


def apple_html(lines):
    divs = []
    for line in lines:
        if line:
            divs.append(f"<div class=\"\">{html.escape(line, quote=False)}</div>")
        else:
            divs.append("<div class=\"\"><br class=\"\"></div>")
    return (
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head>"
        "<body style=\"word-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;\" class=\"\">"
        + "".join(divs) + "</body></html>"
    )


# ---------------------------------------------------------------------------------------------
# Client message shapes

def outlook365(*, frm, subject, date, seed, text, charset="iso-8859-1", cte="quoted-printable", to=None,
               extra_top=(), extra_bottom=(), attachments=(), html_lines=None, in_reply_to=None,
               references=None, thread_topic=None, server="AM0PR07MB4113"):
    """Microsoft 365 / Exchange Online: multipart/alternative (`_000_` boundary), optional
    multipart/mixed (`_004_`) around it for attachments."""
    mid, stem = outlook365_ids(seed, server)
    alt = [
        text_part(text, "plain", charset, cte),
        text_part(outlook_html(html_lines if html_lines is not None else text.split("\n"), charset),
                  "html", charset, cte),
    ]
    headers = [("From", frm), ("To", to or f"\"{EST}\" <{EST}>"), ("Subject", subject),
               ("Thread-Topic", thread_topic or subject), ("Thread-Index", thread_index(seed)),
               ("Date", date), ("Message-ID", mid)]
    if references:
        headers.append(("References", references))
    if in_reply_to:
        headers.append(("In-Reply-To", in_reply_to))
    headers += [("Accept-Language", "sv-SE, en-US"), ("Content-Language", "sv-SE")]
    headers.append(("X-MS-Has-Attach", "yes" if attachments else ""))
    headers.append(("X-MS-TNEF-Correlator", ""))
    headers += list(extra_top)
    if attachments:
        alt_part = part([("Content-Type", f"multipart/alternative;\r\n\tboundary=\"_000_{stem}\"")], alt)
        headers.append(("Content-Type", f"multipart/mixed;\r\n\tboundary=\"_004_{stem}\""))
        payload = [alt_part] + list(attachments)
    else:
        headers.append(("Content-Type", f"multipart/alternative;\r\n\tboundary=\"_000_{stem}\""))
        payload = alt
    headers.append(("MIME-Version", "1.0"))
    headers += list(extra_bottom)
    return part(headers, payload), mid


def outlook_desktop(*, frm, subject, date, seed, domain, text, charset="windows-1252", to=None,
                    extra=(), html=True, mailer="Microsoft Outlook 16.0"):
    """Outlook 2010/2016 desktop over SMTP: `----=_NextPart_` boundary, X-Mailer, windows-1252 QP."""
    mid, boundary = outlook_desktop_ids(seed, domain)
    headers = [("From", frm), ("To", to or f"<{EST}>"), ("Subject", subject), ("Date", date),
               ("Message-ID", mid), ("MIME-Version", "1.0")]
    if html:
        headers.append(("Content-Type", f"multipart/alternative;\r\n\tboundary=\"{boundary}\""))
        payload = [text_part(text, "plain", charset, "quoted-printable"),
                   text_part(outlook_html(text.split("\n"), charset), "html", charset, "quoted-printable")]
    else:
        headers.append(("Content-Type", f"text/plain;\r\n\tcharset=\"{charset}\""))
        headers.append(("Content-Transfer-Encoding", "quoted-printable"))
        payload = encode_body(text, charset, "quoted-printable")
    headers += [("X-Mailer", mailer), ("Thread-Index", thread_index(seed)), ("Content-Language", "sv")]
    headers += list(extra)
    return part(headers, payload), mid


def gmail(*, frm, subject, date, seed, text, html_lines=None, to=EST, extra=(), in_reply_to=None,
          references=None, attachments=()):
    """Gmail / Google Workspace: multipart/alternative UTF-8 QP, `000000000000…` boundaries."""
    mid, boundary = gmail_ids(seed)
    headers = [("MIME-Version", "1.0")]
    headers += [("References", references)] if references else []
    headers += [("In-Reply-To", in_reply_to)] if in_reply_to else []
    headers += [("From", frm), ("Date", date), ("Message-ID", mid), ("Subject", subject), ("To", to)]
    headers += list(extra)
    alt = [text_part(text, "plain", "UTF-8", "quoted-printable"),
           text_part(gmail_html(html_lines if html_lines is not None else text.split("\n")),
                     "html", "UTF-8", "quoted-printable")]
    if attachments:
        _, outer = gmail_ids("mixed" + seed)
        headers.append(("Content-Type", f"multipart/mixed; boundary=\"{outer}\""))
        payload = [part([("Content-Type", f"multipart/alternative; boundary=\"{boundary}\"")], alt)]
        payload += list(attachments)
    else:
        headers.append(("Content-Type", f"multipart/alternative; boundary=\"{boundary}\""))
        payload = alt
    return part(headers, payload), mid


def apple_mail(*, frm, subject, date, seed, domain, text, to=EST, alternative=True, attachments=(),
               extra=()):
    """Apple Mail (macOS 10.13, Mail 11.5): `Apple-Mail=_` boundary, QP UTF-8, CTE before CT."""
    mid, boundary = apple_ids(seed, domain)
    plain = text_part(text, "plain", "utf-8", "quoted-printable", ct="text/plain;\r\n\tcharset=utf-8",
                      cte_first=True)
    headers = [("From", frm)]
    if attachments:
        headers.append(("Content-Type", f"multipart/mixed;\r\n\tboundary=\"{boundary}\""))
        payload = [plain] + list(attachments)
    elif alternative:
        headers.append(("Content-Type", f"multipart/alternative;\r\n\tboundary=\"{boundary}\""))
        payload = [plain, text_part(apple_html(text.split("\n")), "html", "utf-8", "quoted-printable",
                                    ct="text/html;\r\n\tcharset=utf-8", cte_first=True)]
    else:
        headers += [("Content-Transfer-Encoding", "quoted-printable"),
                    ("Content-Type", "text/plain;\r\n\tcharset=utf-8")]
        payload = encode_body(text, "utf-8", "quoted-printable")
    headers += [("Mime-Version", "1.0 (Mac OS X Mail 11.5 \\(3445.9.1\\))"), ("Subject", subject),
                ("Message-Id", mid), ("Date", date), ("To", to)]
    headers += list(extra)
    headers.append(("X-Mailer", "Apple Mail (2.3445.9.1)"))
    return part(headers, payload), mid


def iphone(*, frm, subject, date, seed, domain, text, to=EST):
    """iPhone Mail (iOS 11.4): single text/plain QP part, Mime-Version 1.0 (1.0)."""
    mid, _ = apple_ids(seed, domain)
    headers = [("Content-Type", "text/plain;\r\n\tcharset=utf-8"),
               ("Content-Transfer-Encoding", "quoted-printable"), ("From", frm),
               ("Mime-Version", "1.0 (1.0)"), ("Date", date), ("Subject", subject), ("Message-Id", mid),
               ("To", to), ("X-Mailer", "iPhone Mail (15G77)")]
    return part(headers, encode_body(text, "utf-8", "quoted-printable")), mid


TB_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:60.0) Gecko/20100101\r\n Thunderbird/60.0"


def thunderbird(*, frm, subject, date, seed, domain, text=None, to=EST, flowed=True, delsp=False,
                payload=None, content_type=None, extra=(), cte="8bit"):
    """Thunderbird 60: To before From, lowercase-hex Q words, UTF-8 8bit, format=flowed."""
    mid, boundary = thunderbird_ids(seed, domain)
    headers = [("To", to), ("From", frm), ("Subject", subject), ("Message-ID", mid)]
    headers += list(extra)
    headers += [("Date", date), ("User-Agent", TB_UA), ("MIME-Version", "1.0")]
    if payload is not None:
        headers += [("Content-Type", content_type.format(boundary=boundary)), ("Content-Language", "sv-SE")]
        return part(headers, payload), mid
    ct = "text/plain; charset=utf-8"
    if flowed:
        ct += "; format=flowed"
        if delsp:
            ct += "; delsp=yes"
    headers += [("Content-Type", ct), ("Content-Transfer-Encoding", cte), ("Content-Language", "sv-SE")]
    return part(headers, encode_body(text, "utf-8", cte)), mid


def flow_delsp(text, width=72):
    """RFC 3676 format=flowed with DelSp=yes: long lines are cut after a space and get one more
    space (the soft break, deleted again on reading). The signature separator stays as it is."""
    out = []
    for line in text.split("\n"):
        if line == "-- " or len(line) <= width:
            out.append(line.rstrip(" ") if line != "-- " else line)
            continue
        rest = line
        while len(rest) > width:
            cut = rest.rfind(" ", 0, width)
            if cut <= 0:
                break
            out.append(rest[:cut + 1] + " ")
            rest = rest[cut + 1:]
        out.append(rest)
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Expected results

def week_of(date_header):
    dt = email.utils.parsedate_to_datetime(date_header).astimezone(STOCKHOLM)
    y, w, _ = dt.isocalendar()
    return f"{y}-W{w:02d}"


def incident(area, place, day, categories, description, *, place_type=None, time=None, time_of_day=None,
             persons=None, severity=None, police=None, action=None, recurring=None, coords=None,
             redacted=False):
    time_from, time_to = (None, None)
    if isinstance(time, tuple):
        time_from, time_to = time
    elif time is not None:
        time_from = time
    pmin, pmax = (persons, persons) if isinstance(persons, int) else (persons or (None, None))
    lat, lon = coords or (None, None)
    return {
        "area": area, "place": place, "place_type": place_type, "date": day,
        "time_from": time_from, "time_to": time_to, "time_of_day": time_of_day,
        "categories": list(categories), "description": description,
        "persons_min": pmin, "persons_max": pmax, "severity": severity, "police_reported": police,
        "action": action, "recurring": recurring, "lat": lat, "lon": lon, "redacted": redacted,
    }


def diag(incident_no, field, line=None):
    d = {"incident": incident_no, "field": field}
    if line is not None:
        d["line"] = line
    return d


def defect(part, code):
    """A MIME defect the reader must record: the part in IMAP BODY numbering ("" = the message) and its code."""
    return {"part": part, "code": code}


def result(status, mid, date_header, *, sender=None, org=None, reason=None, zero=False, incidents=(),
           errors=(), warnings=(), config=None, defects=(), week=None):
    assert status in ("accepted", "rejected", "ignored", "quarantined")
    assert (reason is None) == (status in ("accepted", "rejected"))
    if status != "accepted":
        assert not incidents and not zero
    out = {}
    if config:
        out["config"] = config
    out.update({
        "status": status,
        "reason": reason,
        "message_id": mid,
        "sender": sender,
        "organisation": org,
        "zero_report": zero,
        "week": week or (week_of(date_header) if status in ("accepted", "rejected") else None),
        "incidents": list(incidents),
        "errors": list(errors),
        "warnings": list(warnings),
        "defects": list(defects),
    })
    return out


def accepted(mid, date_header, sender, org, incidents, warnings=(), **kw):
    return result("accepted", mid, date_header, sender=sender, org=org, incidents=incidents,
                  warnings=warnings, **kw)


def rejected(mid, date_header, sender, org, errors, warnings=(), **kw):
    return result("rejected", mid, date_header, sender=sender, org=org, errors=errors, warnings=warnings, **kw)


def zero_report(mid, date_header, sender, org, week=None):
    return result("accepted", mid, date_header, sender=sender, org=org, zero=True, week=week)


# Senders used across the corpus (all registered in config/est-gateway.example.yaml unless noted).
ANNA = ("Anna Lind", "anna.lind@mimer.example")
JONAS = ("Jonas Berg", "jonas.berg@mimer.example")
MARIA = ("Maria Nyström", "maria.nystrom@mimer.example")
ALI = ("Ali Rahimi", "ali.rahimi@mimer.example")
OLLE = ("Olle Ek", "olle.ek@mimer.example")
REKTOR = ("Karin Holm", "rektor@rabyskolan.example")
EXPEDITION = ("Expeditionen Råbyskolan", "expedition@rabyskolan.example")
FRITIDS = ("Fritidsgården Hammarby", "fritidsgard.hammarby@vasteras.example")
ICA = ("ICA Bäckby", "butik@ica-backby.example")
POLIS = ("Kommunpolis Västerås", "kommunpolis@polisen.example")
GUARD_OPS = ("Nordic Guard Västerås", "ops@vasteras.nordicguard.example")
GUARD_PATROL = ("Väktare 12", "vakt12@vasteras.nordicguard.example")


def addr(person, style="plain", charset="utf-8"):
    """A From/To value as the client writes it: non-ASCII names as encoded words."""
    name, address = person
    if name.isascii():
        return f"{name} <{address}>"
    if style == "outlook":
        return f"{ew_q(name, 'iso-8859-1')} <{address}>"
    if style == "gmail":
        return f"{ew_b(name, 'UTF-8')} <{address}>"
    if style == "plain":
        return f"{ew_b(name, 'utf-8')} <{address}>"
    if style == "apple":
        return f"{ew_q(name, 'utf-8')} <{address}>"
    if style == "thunderbird":
        return f"{ew_q(name, 'UTF-8', upper_hex=False)} <{address}>"
    raise ValueError(style)


# =============================================================================================
# Fixtures. Week 36 of 2018 is Monday 3 September to Sunday 9 September.

SIG_ANNA = "Mvh\nAnna Lind\nBovärd Råby, Bostads AB Mimer\nTel 021-39 70 12\n"


@fixture("01-outlook-html-table", "Outlook / Microsoft 365",
         "HTML-only mail whose fields are a two-column table; greeting before, signature after")
def f01():
    seed = "01"
    mid, stem = outlook365_ids(seed)
    rows = [
        ("Område", "Råby"),
        ("Plats", "Tvättstugan, Fornminnesgatan 12"),
        ("Platstyp", "Källare/förråd"),
        ("Datum", "2018-09-03"),
        ("Tid", "21:30"),
        ("Kategori", "Skadegörelse, Klotter"),
        ("Beskrivning", "Dörren till tvättstugan uppbruten och väggarna sprayade med tags."),
        ("Antal personer", "3"),
        ("Bedömning", "2"),
        ("Polisanmält", "Ja"),
        ("Åtgärd", "Låssmed beställd, sanering bokad."),
        ("Återkommande", "Nej"),
    ]
    cells = "\n".join(
        "<tr>\n"
        f"<td width=\"160\" valign=\"top\" style=\"width:120.0pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt\">\n"
        f"<p class=\"MsoNormal\"><b>{html.escape(k)}<o:p></o:p></b></p>\n</td>\n"
        f"<td width=\"440\" valign=\"top\" style=\"width:330.0pt;border:solid windowtext 1.0pt;border-left:none;padding:0cm 5.4pt 0cm 5.4pt\">\n"
        f"<p class=\"MsoNormal\">{html.escape(v)}<o:p></o:p></p>\n</td>\n</tr>"
        for k, v in rows)
    body = (
        "<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
        "xmlns:w=\"urn:schemas-microsoft-com:office:word\" xmlns=\"http://www.w3.org/TR/REC-html40\">\n"
        "<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n"
        "<meta name=\"Generator\" content=\"Microsoft Word 15 (filtered medium)\">\n"
        "<style><!--\np.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0cm;\n\tmargin-bottom:.0001pt;\n"
        "\tfont-size:11.0pt;\n\tfont-family:\"Calibri\",sans-serif;}\n--></style>\n</head>\n"
        "<body lang=\"SV\" link=\"#0563C1\" vlink=\"#954F72\">\n<div class=\"WordSection1\">\n"
        "<p class=\"MsoNormal\">Hej,<o:p></o:p></p>\n"
        "<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>\n"
        "<p class=\"MsoNormal\">Här kommer veckans rapport från Råby.<o:p></o:p></p>\n"
        "<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>\n"
        "<table class=\"MsoTableGrid\" border=\"1\" cellspacing=\"0\" cellpadding=\"0\" "
        "style=\"border-collapse:collapse;border:none\">\n<tbody>\n" + cells + "\n</tbody>\n</table>\n"
        "<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>\n"
        "<p class=\"MsoNormal\">Med vänlig hälsning<o:p></o:p></p>\n"
        "<p class=\"MsoNormal\">Anna Lind<br>\nBovärd Råby, Bostads AB Mimer<br>\nTel 021-39 70 12<o:p></o:p></p>\n"
        "</div>\n</body>\n</html>\n")
    date = "Tue, 4 Sep 2018 07:12:44 +0000"
    subject = ew_b("EST v.36 Råby – Mimer", "utf-8")
    top = part([
        ("From", addr(ANNA)), ("To", f"\"{EST}\" <{EST}>"), ("Subject", subject), ("Thread-Topic", subject),
        ("Thread-Index", thread_index(seed)), ("Date", date), ("Message-ID", mid),
        ("Accept-Language", "sv-SE, en-US"), ("Content-Language", "sv-SE"), ("X-MS-Has-Attach", ""),
        ("X-MS-TNEF-Correlator", ""), ("x-originating-ip", "[194.17.45.12]"),
        ("Content-Type", "text/html; charset=\"utf-8\""),
        ("Content-Transfer-Encoding", "base64"), ("MIME-Version", "1.0"),
    ], encode_body(body, "utf-8", "base64"))
    return top, accepted(mid, date, ANNA[1], "mimer", [
        incident("raby", "Tvättstugan, Fornminnesgatan 12", "2018-09-03", ["SKAD", "KLOT"],
                 "Dörren till tvättstugan uppbruten och väggarna sprayade med tags.",
                 place_type="källare/förråd", time="21:30", persons=3, severity=2, police="yes",
                 action="Låssmed beställd, sanering bokad.", recurring=False)])


@fixture("02-outlook-desktop-cp1252-qp", "Outlook / Microsoft 365",
         "Outlook 2016 multipart/alternative in windows-1252 quoted-printable (en dash); field synonyms "
         "Stadsdel/Adress/Typ av plats/Dag/Kl/Händelsetyp/Vad hände/Antal/Allvarlighetsgrad/Polisanmälan/"
         "Vidtagen åtgärd; bare weekday 'måndag'; whole category name with separator; signature after closing line")
def f02():
    text = D("""
        Hej,

        Stadsdel: Bäckby
        Adress: Bäckby centrum, entrén till ICA
        Typ av plats: Centrum/butik
        Dag: måndag
        Kl: 14.30
        Händelsetyp: Stök / ordningsstörning; hot
        Vad hände: Fem–sex ungdomar bråkade vid kassorna och hotade personalen när de blev ombedda att gå.
        Antal: 5-6
        Allvarlighetsgrad: medel
        Polisanmälan: nej
        Vidtagen åtgärd: Väktare tillkallad.

        Med vänlig hälsning
        Sara Ek
        Butikschef ICA Bäckby
        Tel 021-12 34 56
        """)
    date = "Wed, 5 Sep 2018 16:40:12 +0200"
    top, mid = outlook_desktop(frm=addr(ICA, "outlook"), subject="EST v.36 " + ew_q("Bäckby", "iso-8859-1"),
                               date=date, seed="02", domain="ica-backby.example", text=text)
    return top, accepted(mid, date, ICA[1], "ica-backby", [
        incident("backby-skalby", "Bäckby centrum, entrén till ICA", "2018-09-03", ["STOK", "HOT"],
                 "Fem–sex ungdomar bråkade vid kassorna och hotade personalen när de blev ombedda att gå.",
                 place_type="centrum/butik", time="14:30", persons=(5, 6), severity=2, police="no",
                 action="Väktare tillkallad.")])


@fixture("03-outlook-reply-fran-skickat", "Outlook / Microsoft 365",
         "Outlook reply to our acknowledgment (In-Reply-To our Message-ID is still a report); UTF-8 base64 "
         "text part; the quoted earlier report under a Från:/Skickat: block is not read; part of day 'natt'")
def f03():
    text = D("""
        Hej igen, en händelse till från i natt:

        Område: Hammarby
        Plats: Hammarby centrum, parkeringen bakom biblioteket
        Platstyp: Parkering/garage
        Datum: 5/9
        Tid: natt
        Kategori: Bilbrand
        Beskrivning: En bil brann ut. Räddningstjänsten släckte.
        Polisanmält: Vet ej

        Från: EST Västerås <est@vasteras.example>
        Skickat: den 4 september 2018 10:02
        Till: Jonas Berg <jonas.berg@mimer.example>
        Ämne: EST v.36 Hammarby – Mottagen [EST-2018-000121]

        Tack! Rapporten är mottagen och har fått nummer EST-2018-000121.

        Område: Hammarby
        Plats: Hammarbyskolan, skolgården
        Datum: 2018-09-03
        Kategori: Klotter (KLOT)
        Beskrivning: Klotter på gaveln mot parkeringen.
        """)
    ack = "<ack.EST-2018-000121.k7d2m4@est.vasteras.example>"
    date = "Wed, 5 Sep 2018 06:03:11 +0000"
    subject = ew_b("SV: EST v.36 Hammarby – Mottagen [EST-2018-000121]", "utf-8")
    top, mid = outlook365(frm=addr(JONAS), subject=subject, date=date, seed="03", text=text, charset="utf-8",
                          cte="base64", in_reply_to=ack, references=ack)
    return top, accepted(mid, date, JONAS[1], "mimer", [
        incident("hammarby", "Hammarby centrum, parkeringen bakom biblioteket", "2018-09-05", ["BRND"],
                 "En bil brann ut. Räddningstjänsten släckte.", place_type="parkering/garage",
                 time_of_day="natt", police="unknown")])


@fixture("04-outlook-x-auto-response-suppress", "Outlook / Microsoft 365",
         "ordinary Microsoft 365 mail carrying X-Auto-Response-Suppress: All is still a report; 'igår'; "
         "part of day 'kväll'; 'Hot mot personal' is PERS, not HOT")
def f04():
    text = D("""
        Område: Hammarby
        Plats: Hammarby fritidsgård, entrén
        Platstyp: Fritidsgård
        Datum: igår
        Tid: kväll
        Kategori: Hot mot personal
        Beskrivning: En besökare som blev avvisad hotade en fritidsledare.
        Antal personer: 1
        Bedömning: 3
        Polisanmält: Ja
        Återkommande: Nej

        Hälsningar
        Fritidsgården
        """)
    date = "Thu, 6 Sep 2018 10:15:00 +0200"
    top, mid = outlook365(frm=addr(FRITIDS, "outlook"), subject="Rapport EST Hammarby", date=date, seed="04",
                          text=text, extra_bottom=[("X-Auto-Response-Suppress", "All")], server="HE1PR0702MB3611")
    return top, accepted(mid, date, FRITIDS[1], "hammarby-fritidsgard", [
        incident("hammarby", "Hammarby fritidsgård, entrén", "2018-09-05", ["PERS"],
                 "En besökare som blev avvisad hotade en fritidsledare.", place_type="fritidsgård",
                 time_of_day="kvall", persons=1, severity=3, police="yes", recurring=False)])


JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x01\x00H\x00H\x00\x00\xff\xdb\x00C\x00"
        + bytes((i * 7 + 3) % 256 for i in range(64))
        + b"\xff\xc0\x00\x11\x08\x00\x10\x00\x10\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
        + b"\xff\xda\x00\x0c\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00"
        + hashlib.sha256(b"jpeg").digest() * 12 + b"\xff\xd9")

PDF = (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
       b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
       b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n"
       b"4 0 obj\n<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 770 Td (Rapport v36) Tj ET\nendstream\nendobj\n"
       b"xref\n0 5\n0000000000 65535 f \n0000000015 00000 n \n0000000064 00000 n \n0000000121 00000 n \n"
       b"0000000212 00000 n \ntrailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n305\n%%EOF\n")


@fixture("05-outlook-attachment-jpeg", "Outlook / Microsoft 365",
         "multipart/mixed (_004_) with the alternative and a base64 JPEG; area alias 'Råby centrum'; "
         "'6 sep'; time range '22-23'; synonym category 'Trasig belysning'; Date in +0000")
def f05():
    text = D("""
        Hej,

        Område: Råby centrum
        Plats: Gången mellan Fornminnesgatan och Råby centrum
        Platstyp: Gång- och cykelväg
        Datum: 6 sep
        Tid: 22-23
        Kategori: Trasig belysning
        Beskrivning: Tre lyktstolpar är släckta sedan i måndags, det är helt mörkt. Se bifogad bild.
        Bedömning: 2
        Återkommande: Ja

        Mvh
        Anna
        """)
    jpeg = part([("Content-Type", "image/jpeg; name=\"IMG_2041.jpg\""),
                 ("Content-Description", "IMG_2041.jpg"),
                 ("Content-Disposition", "attachment; filename=\"IMG_2041.jpg\"; size=%d;\r\n"
                  "\tcreation-date=\"Fri, 07 Sep 2018 07:44:58 GMT\";\r\n"
                  "\tmodification-date=\"Fri, 07 Sep 2018 07:44:58 GMT\"" % len(JPEG)),
                 ("Content-Transfer-Encoding", "base64")], b64_lines(JPEG))
    date = "Fri, 7 Sep 2018 07:45:30 +0000"
    top, mid = outlook365(frm=addr(ANNA), subject=ew_q("Trasig belysning Råby", "iso-8859-1"), date=date,
                          seed="05", text=text, attachments=[jpeg])
    return top, accepted(mid, date, ANNA[1], "mimer", [
        incident("raby", "Gången mellan Fornminnesgatan och Råby centrum", "2018-09-06", ["PLTS"],
                 "Tre lyktstolpar är släckta sedan i måndags, det är helt mörkt. Se bifogad bild.",
                 place_type="gång- och cykelväg", time=("22:00", "23:00"), severity=2, recurring=True)])


@fixture("06-gmail-alt-utf8", "Gmail",
         "Gmail multipart/alternative UTF-8 QP; 'i fredags' written on a Monday (week 37); synonyms "
         "Omr/Var/Typ av plats/När/Klockan/Händelsetyp/Händelseförlopp/Hur många/Påverkan på tryggheten/Anmält; "
         "categories split on ' och '; severity word 'hög'")
def f06():
    text = D("""
        Hej!

        Omr: Råby
        Var: Skolgården vid Råbyskolan, bakom idrottshallen
        Typ av plats: skola
        När: i fredags
        Klockan: 20-22
        Händelsetyp: ungdomssamling och fyrverkerier
        Händelseförlopp: Ett gäng på 10-15 ungdomar samlades och sköt raketer mot fasaden.
        Hur många: 10-15
        Påverkan på tryggheten: hög
        Anmält: nej

        Vänliga hälsningar
        Karin Holm
        Rektor, Råbyskolan
        """)
    date = "Mon, 10 Sep 2018 08:05:17 +0200"
    top, mid = gmail(frm=addr(REKTOR), subject=ew_q("EST v.37 Råby – Råbyskolan", "UTF-8"), date=date,
                     seed="06", text=text)
    return top, accepted(mid, date, REKTOR[1], "rabyskolan", [
        incident("raby", "Skolgården vid Råbyskolan, bakom idrottshallen", "2018-09-07", ["SAML", "STOK"],
                 "Ett gäng på 10-15 ungdomar samlades och sköt raketer mot fasaden.", place_type="skola",
                 time=("20:00", "22:00"), persons=(10, 15), severity=3, police="no")])


@fixture("07-gmail-reply-den-skrev", "Gmail",
         "Gmail reply: new report above a 'Den … skrev …:' line and '>' quoted earlier report; 'i går'")
def f07():
    text = D("""
        Här kommer en till.

        Område: Råby
        Plats: Råbyskolans cykelställ
        Datum: i går
        Kategori: Skadegörelse
        Beskrivning: Fyra cyklar med sönderskurna däck.
        Polisanmält: ja

        Den ons 5 sep. 2018 kl 21:10 skrev Karin Holm <rektor@rabyskolan.example>:

        > Område: Råby
        > Plats: Skolgården
        > Datum: 2018-09-05
        > Kategori: Klotter
        > Beskrivning: Klotter på gaveln.
        >
        """)
    prev, _ = gmail_ids("07-previous")
    date = "Thu, 6 Sep 2018 21:40:02 +0200"
    top, mid = gmail(frm=addr(REKTOR), subject="Re: EST Klotter", date=date, seed="07", text=text,
                     in_reply_to=prev, references=prev)
    return top, accepted(mid, date, REKTOR[1], "rabyskolan", [
        incident("raby", "Råbyskolans cykelställ", "2018-09-05", ["SKAD"], "Fyra cyklar med sönderskurna däck.",
                 police="yes")])


@fixture("08-gmail-forward-inline", "Gmail",
         "Gmail inline forward '---------- Forwarded message ---------' of a parent's mail: read from the "
         "forwarded text, organisation of the forwarder; '7/9' without year; duplicate category codes collapse")
def f08():
    text = D("""
        Vidarebefordrar från en förälder.

        ---------- Forwarded message ---------
        Från: Lena Svensson <lena.svensson72@gmail.com>
        Date: fre 7 sep. 2018 kl 22:14
        Subject: Bråk vid busshållplatsen
        To: Karin Holm <rektor@rabyskolan.example>


        Hej, jag skickar det här enligt mallen.

        Område: Råby
        Plats: Busshållplatsen Råby centrum
        Platstyp: Hållplats
        Datum: 7/9
        Tid: 21.45
        Kategori: Bråk, berusade
        Beskrivning: Två vuxna män bråkade högljutt och slog på busskuren.
        Antal personer: 2

        Mvh
        Lena
        """)
    date = "Mon, 10 Sep 2018 07:30:00 +0200"
    top, mid = gmail(frm=addr(REKTOR), subject=ew_q("Fwd: Bråk vid busshållplatsen", "UTF-8"), date=date,
                     seed="08", text=text)
    return top, accepted(mid, date, REKTOR[1], "rabyskolan", [
        incident("raby", "Busshållplatsen Råby centrum", "2018-09-07", ["STOK"],
                 "Två vuxna män bråkade högljutt och slog på busskuren.", place_type="hållplats",
                 time="21:45", persons=2)])


@fixture("09-apple-mail-handelse-1-2", "Apple Mail",
         "Apple Mail multipart/alternative QP; two incidents under 'Händelse 1' / 'Händelse 2:'; "
         "'3 sept. 2018', '06.09.2018'; 'ca 4'; part of day 'eftermiddag'")
def f09():
    text = D("""
        Hej,

        Händelse 1
        Område: Hammarby
        Plats: Trapphuset Nordanbygärdet 12, uppgång B
        Platstyp: Trapphus
        Datum: 3 sept. 2018
        Tid: 23:15
        Kategori: Narkotika
        Beskrivning: Sprutor och folie hittade i trapphuset, grannar har sett personer röka där sent på kvällen.
        Antal personer: ca 4
        Polisanmält: ja
        Återkommande: ja

        Händelse 2:
        Område: Hammarby
        Plats: Gården bakom Nordanbygärdet 14
        Platstyp: Gård/lekplats
        Datum: 06.09.2018
        Tid: eftermiddag
        Kategori: Nedskräpning
        Beskrivning: Grovsopor dumpade vid lekplatsen.
        Åtgärd: Bortforslat av Mimer.

        Mvh
        Jonas
        """)
    date = "Fri, 7 Sep 2018 15:22:41 +0200"
    top, mid = apple_mail(frm=addr(JONAS), subject="EST v.36 Hammarby", date=date, seed="09",
                          domain="mimer.example", text=text)
    return top, accepted(mid, date, JONAS[1], "mimer", [
        incident("hammarby", "Trapphuset Nordanbygärdet 12, uppgång B", "2018-09-03", ["NARK"],
                 "Sprutor och folie hittade i trapphuset, grannar har sett personer röka där sent på kvällen.",
                 place_type="trapphus", time="23:15", persons=4, police="yes", recurring=True),
        incident("hammarby", "Gården bakom Nordanbygärdet 14", "2018-09-06", ["SKRP"],
                 "Grovsopor dumpade vid lekplatsen.", place_type="gård/lekplats", time_of_day="eftermiddag",
                 action="Bortforslat av Mimer.")])


@fixture("10-apple-mail-pdf-rfc2231", "Apple Mail",
         "Apple Mail multipart/mixed with a PDF whose filename is an RFC 2231 parameter (filename*=utf-8''…); "
         "synonyms Bostadsområde/Lokal/Date/Tid på dygnet/Kat/Fritext/Har hänt förut; week 37")
def f10():
    text = D("""
        Hej! Rapport för förra veckan, se även bifogad pdf.

        Bostadsområde: Hammarby
        Lokal: Hammarby fritidsgård, uteplatsen
        Platstyp: Fritidsgård
        Date: 8/9
        Tid på dygnet: kväll
        Kat: Stöld
        Fritext: Två cyklar stulna från cykelstället utanför, låsen avklippta.
        Polisanmält: Ja
        Har hänt förut: nej

        Hälsningar
        Fritidsgården Hammarby
        """)
    pdf = part([("Content-Disposition", "attachment;\r\n\tfilename*=utf-8''H%C3%A4ndelserapport%20v36.pdf"),
                ("Content-Type", "application/pdf;\r\n\tx-unix-mode=0644;\r\n\tname*=utf-8''H%C3%A4ndelserapport%20v36.pdf"),
                ("Content-Transfer-Encoding", "base64")], b64_lines(PDF))
    date = "Tue, 11 Sep 2018 11:02:00 +0200"
    top, mid = apple_mail(frm=addr(FRITIDS, "apple"), subject=ew_q("Rapport v.36 fritidsgården", "utf-8"),
                          date=date, seed="10", domain="vasteras.example", text=text, attachments=[pdf])
    return top, accepted(mid, date, FRITIDS[1], "hammarby-fritidsgard", [
        incident("hammarby", "Hammarby fritidsgård, uteplatsen", "2018-09-08", ["INBR"],
                 "Två cyklar stulna från cykelstället utanför, låsen avklippta.", place_type="fritidsgård",
                 time_of_day="kvall", police="yes", recurring=False)])


@fixture("11-iphone-skickat-fran", "iPhone",
         "iPhone Mail text/plain QP ending in 'Skickat från min iPhone'; 'idag'; 'kl 22'; range of persons")
def f11():
    text = D("""
        Område: Råby
        Plats: Råby centrum, vid pizzerian
        Datum: idag
        Tid: kl 22
        Kategori: Slagsmål
        Beskrivning: Slagsmål mellan fyra-fem personer, en blödde från huvudet. Ambulans kom.
        Antal personer: 4-5
        Bedömning: 3
        Polisanmält: ja

        Skickat från min iPhone
        """)
    date = "Sat, 8 Sep 2018 23:48:10 +0200"
    top, mid = iphone(frm=addr(JONAS), subject=ew_q("Råby ikväll", "utf-8"), date=date, seed="11",
                      domain="mimer.example", text=text)
    return top, accepted(mid, date, JONAS[1], "mimer", [
        incident("raby", "Råby centrum, vid pizzerian", "2018-09-08", ["VALD"],
                 "Slagsmål mellan fyra-fem personer, en blödde från huvudet. Ambulans kom.", time="22:00",
                 persons=(4, 5), severity=3, police="yes")])


LONG_DESC = ("När personalen kom på morgonen var hela entrépartiet nersprayat med tags och två av glasrutorna "
             "i dörrarna var krossade. Det fanns glassplitter över hela trappan och vi fick spärra av ingången "
             "tills vaktmästaren hade sopat upp.")
LONG_ACTION = ("Vaktmästaren har sopat och satt upp skivor för rutorna, glasmästare och saneringsfirma är "
               "beställda till torsdag.")


@fixture("12-thunderbird-flowed-delsp", "Thunderbird",
         "format=flowed; delsp=yes with long description and action lines soft-wrapped (must be joined "
         "again); '3/9-18'; signature after '-- '")
def f12():
    logical = D(f"""
        Hej,

        Område: Råby
        Plats: Råbyskolan, ingången mot Vallbyvägen
        Platstyp: Skola
        Datum: 3/9-18
        Tid: 07:40
        Kategori: Klotter, skadegörelse
        Beskrivning: {LONG_DESC}
        Bedömning: 2
        Polisanmält: ja
        Åtgärd: {LONG_ACTION}

        -- 
        Expeditionen
        Råbyskolan
        021-39 50 00
        """)
    date = "Thu, 6 Sep 2018 14:20:33 +0200"
    top, mid = thunderbird(frm=addr(EXPEDITION, "thunderbird"), subject=ew_q("Rapport Råby v.36", "UTF-8", False),
                           date=date, seed="12", domain="rabyskolan.example", text=flow_delsp(logical),
                           flowed=True, delsp=True)
    return top, accepted(mid, date, EXPEDITION[1], "rabyskolan", [
        incident("raby", "Råbyskolan, ingången mot Vallbyvägen", "2018-09-03", ["KLOT", "SKAD"], LONG_DESC,
                 place_type="skola", time="07:40", severity=2, police="yes", action=LONG_ACTION)])


@fixture("13-thunderbird-forward-rfc822", "Thunderbird",
         "forward as attachment (message/rfc822): report read from the attached mail, 'igår' against the "
         "attached mail's Date (Wed 5 Sep), organisation from the outer registered sender; 'Åtgärdat'; 'dag'")
def f13():
    inner_text = D("""
        Område: Råby
        Plats: Råbyskolan, matsalens baksida
        Platstyp: Skola
        Datum: igår
        Tid: dag
        Kategori: Klotter
        Beskrivning: Ny tag på tegelväggen, ungefär två meter lång.
        Bedömning: 1
        Åtgärdat: Anmält till Mimer för sanering.

        Mvh
        Per
        """)
    inner_mid, _ = thunderbird_ids("13-inner", "rabyskolan.example")
    inner = part([("To", addr(EXPEDITION, "thunderbird")), ("From", "Per Olsson <per.olsson@rabyskolan.example>"),
                  ("Subject", "Klotter vid matsalen"), ("Message-ID", inner_mid),
                  ("Date", "Wed, 5 Sep 2018 16:55:00 +0200"), ("User-Agent", TB_UA), ("MIME-Version", "1.0"),
                  ("Content-Type", "text/plain; charset=utf-8; format=flowed"),
                  ("Content-Transfer-Encoding", "8bit"), ("Content-Language", "sv-SE")],
                 encode_body(inner_text, "utf-8", "8bit"))
    outer_text = D("""
        Vidarebefordrar rapport från vaktmästaren.

        -- 
        Expeditionen
        Råbyskolan
        """)
    _, boundary = thunderbird_ids("13", "rabyskolan.example")
    payload = [
        text_part(outer_text, "plain", "utf-8", "8bit", ct="text/plain; charset=utf-8; format=flowed"),
        part([("Content-Type", "message/rfc822;\r\n name=\"Klotter vid matsalen.eml\""),
              ("Content-Transfer-Encoding", "8bit"),
              ("Content-Disposition", "attachment;\r\n filename=\"Klotter vid matsalen.eml\"")], [inner]),
    ]
    date = "Fri, 7 Sep 2018 09:10:00 +0200"
    top, mid = thunderbird(frm=addr(EXPEDITION, "thunderbird"), subject="Fwd: Klotter vid matsalen", date=date,
                           seed="13", domain="rabyskolan.example", payload=payload,
                           content_type="multipart/mixed;\r\n boundary=\"{boundary}\"")
    return top, accepted(mid, date, EXPEDITION[1], "rabyskolan", [
        incident("raby", "Råbyskolan, matsalens baksida", "2018-09-04", ["KLOT"],
                 "Ny tag på tegelväggen, ungefär två meter lång.", place_type="skola", time_of_day="dag",
                 severity=1, action="Anmält till Mimer för sanering.")])


@fixture("14-thunderbird-forward-inline-sv", "Thunderbird",
         "inline forward under '-------- Vidarebefordrat meddelande --------' with Thunderbird's "
         "Ämne:/Datum:/Från:/Till: block (its 'Datum:' is not a field); 'i förrgår' against the forwarded "
         "Date (Fri 7 Sep); area alias 'Skälby'; 'Ca antal'")
def f14():
    text = D("""
        Hej, en hyresgäst skrev detta i helgen.



        -------- Vidarebefordrat meddelande --------
        Ämne: \tOro i trapphuset
        Datum: \tFri, 7 Sep 2018 22:14:03 +0200
        Från: \tAhmed Hassan <ahmed.h@example.net>
        Till: \tmaria.nystrom@mimer.example



        Område: Skälby
        Plats: Skälbyvägen 40, trapphus A
        Platstyp: Trapphus
        Datum: i förrgår
        Tid: kväll
        Kategori: Samling, droghandel
        Beskrivning: Ett tiotal okända personer har hängt i trapphuset flera kvällar och det luktar cannabis.
        Ca antal: 10
        Återkommande: ja

        """)
    date = "Mon, 10 Sep 2018 08:12:00 +0200"
    top, mid = thunderbird(frm=addr(MARIA, "thunderbird"), subject="Fwd: Oro i trapphuset", date=date, seed="14",
                           domain="mimer.example", text=text, flowed=True)
    return top, accepted(mid, date, MARIA[1], "mimer", [
        incident("backby-skalby", "Skälbyvägen 40, trapphus A", "2018-09-05", ["SAML", "NARK"],
                 "Ett tiotal okända personer har hängt i trapphuset flera kvällar och det luktar cannabis.",
                 place_type="trapphus", time_of_day="kvall", persons=10, recurring=True)])


@fixture("15-mutt-reply-gt-quote", "other clients",
         "Mutt reply to our acknowledgment quoting it with '>' only (no attribution line); 'i söndags' "
         "written on a Tuesday; 'förmiddag'; category synonym 'Containerbrand'")
def f15():
    text = D("""
        Område: Bäckby
        Plats: Bäckby centrum, vid återvinningsstationen
        Platstyp: Centrum/butik
        Datum: i söndags
        Tid: förmiddag
        Kategori: Containerbrand
        Beskrivning: En container brann, räddningstjänsten släckte. Ingen skadad.
        Polisanmält: nej

        > Tack! Din rapport är mottagen: EST-2018-000130.
        >
        > Område: Bäckby
        > Plats: Bäckby centrum
        > Datum: 2018-09-10
        """)
    ack = "<ack.EST-2018-000130.p2m9x1@est.vasteras.example>"
    mid = "<20180911055521.GA4711@olle-laptop.mimer.example>"
    date = "Tue, 11 Sep 2018 07:55:21 +0200"
    top = part([("Date", date), ("From", addr(OLLE)), ("To", EST),
                ("Subject", ew_q("Re: EST v.37 Bäckby – Mottagen [EST-2018-000130]", "utf-8")),
                ("Message-ID", mid), ("References", ack), ("MIME-Version", "1.0"),
                ("Content-Type", "text/plain; charset=utf-8"), ("Content-Disposition", "inline"),
                ("Content-Transfer-Encoding", "8bit"), ("In-Reply-To", ack),
                ("User-Agent", "Mutt/1.9.4 (2018-02-28)")], encode_body(text, "utf-8", "8bit"))
    return top, accepted(mid, date, OLLE[1], "mimer", [
        incident("backby-skalby", "Bäckby centrum, vid återvinningsstationen", "2018-09-09", ["BRND"],
                 "En container brann, räddningstjänsten släckte. Ingen skadad.", place_type="centrum/butik",
                 time_of_day="formiddag", police="no")])


@fixture("16-thunderbird-signature-phone", "Thunderbird",
         "signature after '-- ' directly below a free-text field (name, mobile number and address must not "
         "be read or stored); '20180904'; 'Tidpunkt: 03.00'; 'Förrådsinbrott'")
def f16():
    text = D("""
        Område: Bäckby
        Plats: Bäckby parkväg 3, källarförråden
        Platstyp: Källare/förråd
        Datum: 20180904
        Tidpunkt: 03.00
        Kategori: Förrådsinbrott
        Beskrivning: Sex förråd uppbrutna under natten. Hyresgästerna har informerats.
        Polisanmält: ja
        Åtgärd: Nya hänglås och förstärkt dörr beställda.
        -- 
        Ali Rahimi
        Områdesansvarig Bäckby, Bostads AB Mimer
        Mobil 070-555 12 34
        ali.rahimi@mimer.example
        """)
    date = "Wed, 5 Sep 2018 06:30:00 +0200"
    top, mid = thunderbird(frm=addr(ALI), subject=ew_q("Inbrott i förråd Bäckby parkväg", "UTF-8", False),
                           date=date, seed="16", domain="mimer.example", text=text, flowed=True)
    return top, accepted(mid, date, ALI[1], "mimer", [
        incident("backby-skalby", "Bäckby parkväg 3, källarförråden", "2018-09-04", ["INBR"],
                 "Sex förråd uppbrutna under natten. Hyresgästerna har informerats.",
                 place_type="källare/förråd", time="03:00", police="yes",
                 action="Nya hänglås och förstärkt dörr beställda.")])


@fixture("17-outlook2010-iso8859-1-q", "Outlook / Microsoft 365",
         "Outlook 2010 plain-text mail in ISO-8859-1 QP, ISO-8859-1 Q encoded-word Subject and From name; "
         "'3.9.18'; range 19:00-21:00; coordinates; the police name themselves in 'Verksamhet:' (no warning)")
def f17():
    text = D("""
        Verksamhet: Polisen Västerås
        Område: Råby
        Plats: Råby centrum, torget
        Platstyp: centrum/butik
        Datum: 3.9.18
        Tid: 19:00-21:00
        Kategori: Öppen droghantering
        Beskrivning: Flera iakttagelser av försäljning av narkotika på torget under kvällen.
        Bedömning: 3
        Polisanmält: ja
        Koordinater: 59.6162, 16.5528

        Med vänliga hälsningar
        Kommunpolisen Västerås
        """)
    date = "Fri, 7 Sep 2018 13:05:00 +0200"
    top, mid = outlook_desktop(frm=addr(POLIS, "outlook"),
                               subject=ew_q("Händelser Råby v.36 från kommunpolisen", "iso-8859-1"),
                               date=date, seed="17", domain="polisen.example", text=text, charset="iso-8859-1",
                               html=False, mailer="Microsoft Outlook 14.0")
    return top, accepted(mid, date, POLIS[1], "polisen", [
        incident("raby", "Råby centrum, torget", "2018-09-03", ["NARK"],
                 "Flera iakttagelser av försäljning av narkotika på torget under kvällen.",
                 place_type="centrum/butik", time=("19:00", "21:00"), severity=3, police="yes",
                 coords=(59.6162, 16.5528))])


@fixture("18-outlook-subject-cp1252-b-split", "Outlook / Microsoft 365",
         "Subject as two windows-1252 B encoded words (split mid-text, en dash 0x96); windows-1252 QP body; "
         "'4 september'; categories 'Buskörning / moped' both FORD")
def f18():
    text = D("""
        Område: Hammarby
        Plats: Fotbollsplanen bakom fritidsgården
        Platstyp: Park
        Datum: 4 september
        Tid: 18.30
        Kategori: Buskörning / moped
        Beskrivning: Två mopeder körde runt på planen bland barnen som spelade fotboll.
        Antal personer: 2
        Bedömning: 2
        Polisanmält: nej
        Återkommande: ja

        Hälsningar
        Fritidsgården
        """)
    subject = ew_b("EST v.36 Hammarby – Fri", "windows-1252") + "\r\n " + ew_b("tidsgården", "windows-1252")
    date = "Wed, 5 Sep 2018 12:00:00 +0200"
    top, mid = outlook365(frm=addr(FRITIDS, "outlook"), subject=subject, date=date, seed="18", text=text,
                          charset="windows-1252", server="HE1PR0702MB3611")
    return top, accepted(mid, date, FRITIDS[1], "hammarby-fritidsgard", [
        incident("hammarby", "Fotbollsplanen bakom fritidsgården", "2018-09-04", ["FORD"],
                 "Två mopeder körde runt på planen bland barnen som spelade fotboll.", place_type="park",
                 time="18:30", persons=2, severity=2, police="no", recurring=True)])


# --- zero reports ----------------------------------------------------------------------------

@fixture("19-zero-inga-handelser-denna-vecka", "Outlook / Microsoft 365",
         "zero report 'Inga händelser denna vecka.' between a greeting and a signature")
def f19():
    text = D("""
        Hej!

        Inga händelser denna vecka.

        Med vänlig hälsning
        Sara Ek
        ICA Bäckby
        """)
    date = "Fri, 7 Sep 2018 17:00:00 +0200"
    top, mid = outlook_desktop(frm=addr(ICA, "outlook"), subject="EST v.36 " + ew_q("Bäckby", "iso-8859-1"),
                               date=date, seed="19", domain="ica-backby.example", text=text)
    return top, zero_report(mid, date, ICA[1], "ica-backby")


@fixture("20-zero-inget-att-rapportera", "Gmail", "zero report 'Inget att rapportera denna vecka.' (week 37)")
def f20():
    text = D("""
        Hej,

        Inget att rapportera denna vecka.

        Hälsningar
        Karin
        """)
    date = "Fri, 14 Sep 2018 15:30:00 +0200"
    top, mid = gmail(frm=addr(REKTOR), subject=ew_q("EST v.37 Råbyskolan", "UTF-8"), date=date, seed="20",
                     text=text)
    return top, zero_report(mid, date, REKTOR[1], "rabyskolan")


@fixture("21-zero-0-iphone", "iPhone", "zero report '0' from a *.nordicguard.example subdomain address")
def f21():
    text = "0\n\nSkickat från min iPhone\n"
    date = "Sun, 9 Sep 2018 22:01:00 +0200"
    top, mid = iphone(frm=addr(GUARD_PATROL, "apple"), subject="Rapport v36", date=date, seed="21",
                      domain="vasteras.nordicguard.example", text=text)
    return top, zero_report(mid, date, GUARD_PATROL[1], "nordic-guard")


@fixture("22-zero-inget-nytt", "Apple Mail", "zero report 'Inget nytt!' in a plain Apple Mail message (week 38)")
def f22():
    text = D("""
        Hej!
        Inget nytt!

        Hälsningar
        Fritidsgården Hammarby
        """)
    date = "Mon, 17 Sep 2018 09:00:00 +0200"
    top, mid = apple_mail(frm=addr(FRITIDS, "apple"), subject="EST v.37", date=date, seed="22",
                          domain="vasteras.example", text=text, alternative=False)
    return top, zero_report(mid, date, FRITIDS[1], "hammarby-fritidsgard")


@fixture("23-zero-0-handelser", "Thunderbird", "zero report '0 händelser.' followed by a '-- ' signature (week 35)")
def f23():
    text = D("""
        0 händelser.

        -- 
        Expeditionen
        Råbyskolan
        021-39 50 00
        """)
    date = "Fri, 31 Aug 2018 15:45:00 +0200"
    top, mid = thunderbird(frm=addr(EXPEDITION, "thunderbird"), subject="EST v.35", date=date, seed="23",
                           domain="rabyskolan.example", text=text)
    return top, zero_report(mid, date, EXPEDITION[1], "rabyskolan")


@fixture("24-zero-year-boundary", "Outlook / Microsoft 365",
         "zero report 'Inga händelser.' sent Monday 31 December 2018, which is ISO week 2019-W01")
def f24():
    text = "Hej,\n\nInga händelser.\n\n" + SIG_ANNA
    date = "Mon, 31 Dec 2018 09:00:00 +0000"
    top, mid = outlook365(frm=addr(ANNA), subject="EST v.1 Raby", date=date, seed="24", text=text)
    return top, zero_report(mid, date, ANNA[1], "mimer")


# --- errors (every error kind; the whole mail is rejected) -----------------------------------

@fixture("25-err-missing-kategori", "Gmail", "missing required field Kategori (no line: the field is absent)")
def f25():
    text = D("""
        Område: Råby
        Plats: Skolgården
        Datum: 2018-09-03
        Beskrivning: Glas krossat vid fönstret till slöjdsalen.

        Hälsningar
        Karin
        """)
    date = "Tue, 4 Sep 2018 12:00:00 +0200"
    top, mid = gmail(frm=addr(REKTOR), subject="EST", date=date, seed="25", text=text)
    return top, rejected(mid, date, REKTOR[1], "rabyskolan", [diag(1, "Kategori")])


@fixture("26-err-unknown-area", "Outlook / Microsoft 365", "unknown area 'Vallby'")
def f26():
    text = D("""
        Område: Vallby
        Plats: Vallby centrum, parkeringen
        Datum: 2018-09-04
        Kategori: Skadegörelse
        Beskrivning: Bilrutor krossade på tre bilar.

        """) + SIG_ANNA
    date = "Wed, 5 Sep 2018 09:00:00 +0200"
    top, mid = outlook365(frm=addr(ANNA), subject="EST v.36", date=date, seed="26", text=text)
    return top, rejected(mid, date, ANNA[1], "mimer", [diag(1, "Område", line_of(text, "Område:"))])


@fixture("27-err-area-not-allowed", "Gmail", "Råbyskolan (allowed: raby) reports for Hammarby")
def f27():
    text = D("""
        Hej,

        Område: Hammarby
        Plats: Hammarby centrum
        Datum: 2018-09-04
        Kategori: Klotter
        Beskrivning: Klotter på busskuren, sett på väg hem.

        Hälsningar
        Karin
        """)
    date = "Wed, 5 Sep 2018 17:10:00 +0200"
    top, mid = gmail(frm=addr(REKTOR), subject="EST Hammarby", date=date, seed="27", text=text)
    return top, rejected(mid, date, REKTOR[1], "rabyskolan", [diag(1, "Område", line_of(text, "Område:"))])


@fixture("28-err-unknown-category", "Outlook / Microsoft 365",
         "unknown category 'klottring' (the message suggests Klotter (KLOT))")
def f28():
    text = D("""
        Område: Bäckby
        Plats: Lastkajen bakom butiken
        Datum: 2018-09-06
        Kategori: klottring
        Beskrivning: Ny klottring på lastkajens port.

        Med vänlig hälsning
        Sara Ek
        """)
    date = "Thu, 6 Sep 2018 18:20:00 +0200"
    top, mid = outlook_desktop(frm=addr(ICA, "outlook"), subject="Klotter", date=date, seed="28",
                               domain="ica-backby.example", text=text)
    return top, rejected(mid, date, ICA[1], "ica-backby", [diag(1, "Kategori", line_of(text, "Kategori:"))])


@fixture("29-err-unparseable-date", "iPhone", "date 'någon gång i helgen' cannot be read")
def f29():
    text = D("""
        Område: Hammarby
        Plats: Hammarby centrum
        Datum: någon gång i helgen
        Kategori: Skräp
        Beskrivning: Någon har tömt ett helt lass med byggavfall vid återvinningen.

        Skickat från min iPhone
        """)
    date = "Mon, 10 Sep 2018 07:02:00 +0200"
    top, mid = iphone(frm=addr(JONAS), subject="Dumpning", date=date, seed="29", domain="mimer.example",
                      text=text)
    return top, rejected(mid, date, JONAS[1], "mimer", [diag(1, "Datum", line_of(text, "Datum:"))])


@fixture("30-err-future-date", "Outlook / Microsoft 365",
         "date 2018-09-07 in a mail dated 2018-09-05 (after the mail's date)")
def f30():
    text = D("""
        Område: Hammarby
        Plats: Hammarby fritidsgård
        Datum: 2018-09-07
        Kategori: Arrangemang
        Beskrivning: Disco på fritidsgården, vi räknar med många besökare.

        Hälsningar
        Fritidsgården
        """)
    date = "Wed, 5 Sep 2018 11:00:00 +0200"
    top, mid = outlook365(frm=addr(FRITIDS, "outlook"), subject="Disco fredag", date=date, seed="30", text=text,
                          server="HE1PR0702MB3611")
    return top, rejected(mid, date, FRITIDS[1], "hammarby-fritidsgard", [diag(1, "Datum", line_of(text, "Datum:"))])


@fixture("31-err-bad-time", "Gmail", "time '25:15' is not a time of day")
def f31():
    text = D("""
        Område: Råby
        Plats: Råbyskolan, skolgården
        Datum: 2018-09-05
        Tid: 25:15
        Kategori: Ungdomssamling
        Beskrivning: Stor grupp ungdomar på skolgården sent.

        Hälsningar
        Karin
        """)
    date = "Thu, 6 Sep 2018 08:00:00 +0200"
    top, mid = gmail(frm=addr(REKTOR), subject="EST", date=date, seed="31", text=text)
    return top, rejected(mid, date, REKTOR[1], "rabyskolan", [diag(1, "Tid", line_of(text, "Tid:"))])


@fixture("32-err-bad-coordinates", "Outlook / Microsoft 365", "coordinates 'vid kiosken' are not lat, lon")
def f32():
    text = D("""
        Område: Råby
        Plats: Råby centrum
        Datum: 2018-09-05
        Kategori: Langning
        Beskrivning: Misstänkt langning vid kiosken.
        Koordinater: vid kiosken

        Med vänliga hälsningar
        Kommunpolisen Västerås
        """)
    date = "Thu, 6 Sep 2018 10:30:00 +0200"
    top, mid = outlook_desktop(frm=addr(POLIS, "outlook"), subject="EST Raby", date=date,
                               seed="32", domain="polisen.example", text=text, charset="iso-8859-1",
                               html=False, mailer="Microsoft Outlook 14.0")
    return top, rejected(mid, date, POLIS[1], "polisen", [diag(1, "Koordinater", line_of(text, "Koordinater:"))])


@fixture("33-err-coordinates-out-of-range", "Outlook / Microsoft 365",
         "'Position: 59.6162, 196.5528' (synonym; longitude out of range)")
def f33():
    text = D("""
        Område: Hammarby
        Plats: Hammarby centrum, bankomaten
        Datum: 2018-09-08
        Tid: 01:20
        Kategori: Rån
        Beskrivning: Person rånad på mobiltelefon vid bankomaten.
        Position: 59.6162, 196.5528
        Polisanmält: ja

        Best regards
        Nordic Guard Västerås
        """)
    date = "Sat, 8 Sep 2018 04:12:00 +0200"
    top, mid = outlook365(frm=addr(GUARD_OPS), subject="Incident Hammarby", date=date, seed="33", text=text,
                          server="DB6PR0802MB2533")
    return top, rejected(mid, date, GUARD_OPS[1], "nordic-guard",
                         [diag(1, "Koordinater", line_of(text, "Position:"))])


@fixture("34-err-bad-severity", "Apple Mail", "severity '5' is not 1-3 / låg / medel / hög")
def f34():
    text = D("""
        Område: Hammarby
        Plats: Nordanbygärdet 20, porten
        Datum: 2018-09-06
        Kategori: Skadegörelse
        Beskrivning: Porten uppbruten igen.
        Bedömning: 5

        Mvh
        Jonas
        """)
    date = "Fri, 7 Sep 2018 08:10:00 +0200"
    top, mid = apple_mail(frm=addr(JONAS), subject="Port", date=date, seed="34", domain="mimer.example",
                          text=text)
    return top, rejected(mid, date, JONAS[1], "mimer", [diag(1, "Bedömning", line_of(text, "Bedömning:"))])


@fixture("35-err-second-incident", "Outlook / Microsoft 365",
         "incident 1 is fine, incident 2 lacks Plats and has an unknown category: the whole mail is rejected")
def f35():
    text = D("""
        Händelse 1
        Område: Råby
        Plats: Råbyvägen 55, trapphus C
        Datum: 2018-09-04
        Kategori: Klotter
        Beskrivning: Tags på väggarna i alla våningar.

        Händelse 2
        Område: Råby
        Datum: 2018-09-05
        Kategori: hundbajs
        Beskrivning: Hundbajs i sandlådan igen.

        """) + SIG_ANNA
    date = "Thu, 6 Sep 2018 08:45:00 +0200"
    top, mid = outlook365(frm=addr(ANNA), subject="EST v.36 Raby", date=date, seed="35", text=text)
    return top, rejected(mid, date, ANNA[1], "mimer", [
        diag(2, "Plats"), diag(2, "Kategori", line_of(text, "Kategori:", 2))])


# --- warnings (accepted) ---------------------------------------------------------------------

@fixture("36-warn-date-over-60-days", "Outlook / Microsoft 365",
         "date 2018-06-20 is 78 days before the mail: accepted with a Datum warning")
def f36():
    text = D("""
        Hej, en sen rapport från i somras.

        Område: Råby
        Plats: Lekplatsen vid Fornminnesgatan 30
        Platstyp: Gård/lekplats
        Datum: 2018-06-20
        Kategori: Anlagd brand
        Beskrivning: Någon tände eld på gungställningens sandlåda på midsommarafton.
        Polisanmält: ja

        """) + SIG_ANNA
    date = "Thu, 6 Sep 2018 13:30:00 +0200"
    top, mid = outlook365(frm=addr(ANNA), subject="Sen rapport", date=date, seed="36", text=text)
    return top, accepted(mid, date, ANNA[1], "mimer", [
        incident("raby", "Lekplatsen vid Fornminnesgatan 30", "2018-06-20", ["BRND"],
                 "Någon tände eld på gungställningens sandlåda på midsommarafton.", place_type="gård/lekplats",
                 police="yes")],
        warnings=[diag(1, "Datum", line_of(text, "Datum:"))])


@fixture("37-warn-ignored-line", "Gmail",
         "a text line after Kategori (not a free-text field) is ignored with a warning; 'Typ' and 'Gata' synonyms")
def f37():
    text = D("""
        Område: Råby
        Gata: Råbyskolan, gaveln mot parkeringen
        Datum: 2018-09-05
        Typ: Klotter
        stora bokstäver i svart och rött
        Beskrivning: Nytt klotter sedan i förra veckan.
        Bedömning: 1

        Hälsningar
        Karin
        """)
    date = "Thu, 6 Sep 2018 07:45:00 +0200"
    top, mid = gmail(frm=addr(REKTOR), subject="Klotter igen", date=date, seed="37", text=text)
    return top, accepted(mid, date, REKTOR[1], "rabyskolan", [
        incident("raby", "Råbyskolan, gaveln mot parkeringen", "2018-09-05", ["KLOT"],
                 "Nytt klotter sedan i förra veckan.", severity=1)],
        warnings=[diag(1, "Kategori", line_of(text, "stora bokstäver"))])


@fixture("38-warn-organisation-not-honoured", "Outlook / Microsoft 365",
         "'Avsändare: ICA Bäckby' from a Mimer address: not honoured (warning), organisation stays mimer")
def f38():
    text = D("""
        Avsändare: ICA Bäckby
        Område: Bäckby
        Plats: Bäckby centrum, baksidan av ICA
        Datum: 2018-09-05
        Tid: 23:10
        Kategori: Containerbrand
        Beskrivning: Brand i pappcontainern på lastgården, butiken bad oss rapportera.

        """) + SIG_ANNA
    date = "Thu, 6 Sep 2018 09:20:00 +0200"
    top, mid = outlook365(frm=addr(ANNA), subject="Brand Backby", date=date, seed="38", text=text)
    return top, accepted(mid, date, ANNA[1], "mimer", [
        incident("backby-skalby", "Bäckby centrum, baksidan av ICA", "2018-09-05", ["BRND"],
                 "Brand i pappcontainern på lastgården, butiken bad oss rapportera.", time="23:10")],
        warnings=[diag(None, "Organisation", line_of(text, "Avsändare:"))])


@fixture("39-police-organisation-honoured", "Outlook / Microsoft 365",
         "the police (may_report_for_others) report on behalf of Råbyskolan with 'Organisation: Råbyskolan'")
def f39():
    text = D("""
        Organisation: Råbyskolan
        Område: Råby
        Plats: Råbyskolan, huvudentrén
        Platstyp: Skola
        Datum: 2018-09-06
        Tid: 12:15
        Kategori: Hot
        Beskrivning: Elev hotad av okänd vuxen vid entrén, rektor ringde polisen.
        Polisanmält: ja

        Med vänliga hälsningar
        Kommunpolisen Västerås
        """)
    date = "Fri, 7 Sep 2018 08:05:00 +0200"
    top, mid = outlook_desktop(frm=addr(POLIS, "outlook"), subject=ew_q("EST för Råbyskolan", "iso-8859-1"),
                               date=date, seed="39", domain="polisen.example", text=text, charset="iso-8859-1",
                               html=False, mailer="Microsoft Outlook 14.0")
    return top, accepted(mid, date, POLIS[1], "rabyskolan", [
        incident("raby", "Råbyskolan, huvudentrén", "2018-09-06", ["HOT"],
                 "Elev hotad av okänd vuxen vid entrén, rektor ringde polisen.", place_type="skola", time="12:15",
                 police="yes")])


@fixture("40-redact-personal-data", "Outlook / Microsoft 365",
         "personnummer, phone numbers and an e-mail address in Beskrivning and Åtgärd are replaced by "
         "[borttaget]; redacted per incident; incidents separated by an underscore line")
def f40():
    text = D("""
        Område: Hammarby
        Plats: Nordanbygärdet 8, trapphus
        Platstyp: Trapphus
        Datum: 2018-09-05
        Kategori: Ofredande
        Beskrivning: Hyresgästen Kalle (850101-1234) blev ofredad i trapphuset. Han nås på 070-1234567 eller kalle.k@example.com.
        Åtgärd: Vi har pratat med hyresgästen, ring 0701234567 vid frågor.
        ____________________
        Område: Hammarby
        Plats: Nordanbygärdet 10, cykelrummet
        Platstyp: Källare/förråd
        Datum: 2018-09-05
        Kategori: Skadegörelse
        Beskrivning: Dörren till cykelrummet sönderslagen, ca 2 x 1 meter glas.

        Mvh
        Jonas
        """)
    date = "Thu, 6 Sep 2018 15:00:00 +0200"
    top, mid = outlook365(frm=addr(JONAS), subject="EST v.36 Hammarby", date=date, seed="40", text=text,
                          charset="utf-8")
    return top, accepted(mid, date, JONAS[1], "mimer", [
        incident("hammarby", "Nordanbygärdet 8, trapphus", "2018-09-05", ["HOT"],
                 "Hyresgästen Kalle ([borttaget]) blev ofredad i trapphuset. Han nås på [borttaget] eller [borttaget].",
                 place_type="trapphus", action="Vi har pratat med hyresgästen, ring [borttaget] vid frågor.",
                 redacted=True),
        incident("hammarby", "Nordanbygärdet 10, cykelrummet", "2018-09-05", ["SKAD"],
                 "Dörren till cykelrummet sönderslagen, ca 2 x 1 meter glas.", place_type="källare/förråd")])


@fixture("41-multi-separator-lines", "Gmail",
         "three incidents separated by '----------' and '==========' lines; synonyms Place/Vad/Koordinat; "
         "'3 september'; 'i måndags' on a Wednesday")
def f41():
    text = D("""
        Hej, tre saker från veckan:

        Område: Råby
        Place: Råby centrum, parkeringen
        Platstyp: Parkering/garage
        Datum: 3 september
        Vad: Buskörning
        Beskrivning: Bil som körde runt i hög fart på parkeringen.
        ----------
        Område: Råby
        Plats: Skogsdungen bakom skolan
        Platstyp: Park
        Datum: i måndags
        Vad: Skräp
        Beskrivning: Mycket skräp och flaskor efter helgen.
        ==========
        Område: Råby
        Plats: Gångtunneln under Råbyleden
        Platstyp: Gång- och cykelväg
        Datum: 2018-09-04
        Kategori: Mörkt, buskage
        Beskrivning: Belysningen i tunneln är trasig och buskarna skymmer infarten.
        Koordinat: 59.6231, 16.4987

        Hälsningar
        Karin
        """)
    date = "Wed, 12 Sep 2018 16:00:00 +0200"
    top, mid = gmail(frm=addr(REKTOR), subject="EST v.37", date=date, seed="41", text=text)
    return top, accepted(mid, date, REKTOR[1], "rabyskolan", [
        incident("raby", "Råby centrum, parkeringen", "2018-09-03", ["FORD"],
                 "Bil som körde runt i hög fart på parkeringen.", place_type="parkering/garage"),
        incident("raby", "Skogsdungen bakom skolan", "2018-09-10", ["SKRP"],
                 "Mycket skräp och flaskor efter helgen.", place_type="park"),
        incident("raby", "Gångtunneln under Råbyleden", "2018-09-04", ["PLTS"],
                 "Belysningen i tunneln är trasig och buskarna skymmer infarten.", place_type="gång- och cykelväg",
                 coords=(59.6231, 16.4987))])


@fixture("42-multi-repeated-omrade", "Outlook / Microsoft 365",
         "a repeated 'Område:' starts the next incident without a separator; an 'Incident 3' heading; "
         "'Position:' coordinates; area 'Bäckby/Skälby' and lower-case 'skälby'")
def f42():
    text = D("""
        Område: Bäckby/Skälby
        Plats: Bäckby centrum, vid apoteket
        Datum: 2018-09-07
        Tid: 22:40
        Kategori: Berusade
        Beskrivning: Tre berusade personer som störde förbipasserande.
        Antal personer: 3
        Område: skälby
        Plats: Skälby gård, parkeringen
        Platstyp: Parkering/garage
        Datum: 2018-09-08
        Tid: 01:15
        Kategori: Epa
        Beskrivning: Två epatraktorer körde på gångvägen.
        Position: 59.6275, 16.4870

        Incident 3
        Område: Bäckby
        Plats: Bäckby centrum, torget
        Datum: 2018-09-08
        Tid: 02:30
        Kategori: Misshandel
        Beskrivning: En person slagen i ansiktet, polis och ambulans på plats.
        Polisanmält: ja

        Best regards
        Nordic Guard Västerås
        """)
    date = "Sat, 8 Sep 2018 06:30:00 +0200"
    top, mid = outlook365(frm=addr(GUARD_OPS), subject="Night report Backby", date=date, seed="42", text=text,
                          server="DB6PR0802MB2533")
    return top, accepted(mid, date, GUARD_OPS[1], "nordic-guard", [
        incident("backby-skalby", "Bäckby centrum, vid apoteket", "2018-09-07", ["STOK"],
                 "Tre berusade personer som störde förbipasserande.", time="22:40", persons=3),
        incident("backby-skalby", "Skälby gård, parkeringen", "2018-09-08", ["FORD"],
                 "Två epatraktorer körde på gångvägen.", place_type="parkering/garage", time="01:15",
                 coords=(59.6275, 16.487)),
        incident("backby-skalby", "Bäckby centrum, torget", "2018-09-08", ["VALD"],
                 "En person slagen i ansiktet, polis och ambulans på plats.", time="02:30", police="yes")])


@fixture("43-relative-weekday-names", "Outlook / Microsoft 365",
         "mail of Thursday 6 Sep: 'tisdag' = 4 Sep, 'torsdag' = 6 Sep (same day), 'i torsdags' = 30 Aug, "
         "'förra måndagen' = 3 Sep")
def f43():
    text = D("""
        Händelse 1
        Område: Råby
        Plats: Råby centrum
        Datum: tisdag
        Kategori: Klotter
        Beskrivning: Tags på bänkarna.

        Händelse 2
        Område: Råby
        Plats: Råby centrum
        Datum: torsdag
        Kategori: Skräp
        Beskrivning: Nedskräpat runt papperskorgarna.

        Händelse 3
        Område: Råby
        Plats: Råbyvägen 61
        Datum: i torsdags
        Kategori: Bråk
        Beskrivning: Högljutt bråk på gården sent på kvällen.

        Händelse 4
        Område: Råby
        Plats: Råbyvägen 63
        Datum: förra måndagen
        Kategori: Rykten
        Beskrivning: Rykten i området om en planerad slagsmålsträff.

        """) + SIG_ANNA
    date = "Thu, 6 Sep 2018 16:00:00 +0200"
    top, mid = outlook365(frm=addr(ANNA), subject="EST v.36 Raby", date=date, seed="43", text=text)
    return top, accepted(mid, date, ANNA[1], "mimer", [
        incident("raby", "Råby centrum", "2018-09-04", ["KLOT"], "Tags på bänkarna."),
        incident("raby", "Råby centrum", "2018-09-06", ["SKRP"], "Nedskräpat runt papperskorgarna."),
        incident("raby", "Råbyvägen 61", "2018-08-30", ["STOK"], "Högljutt bråk på gården sent på kvällen."),
        incident("raby", "Råbyvägen 63", "2018-09-03", ["RYKT"], "Rykten i området om en planerad slagsmålsträff.")])


@fixture("44-relative-igar-utc-midnight", "Outlook / Microsoft 365",
         "Date 'Sun, 9 Sep 2018 22:30 +0000' is Monday 00:30 in Stockholm: 'igår' = 9 Sep, week 2018-W37")
def f44():
    text = D("""
        Område: Hammarby
        Plats: Hammarby centrum, busshållplatsen
        Platstyp: Hållplats
        Datum: igår
        Tid: 23:40
        Kategori: Fyrverkerier
        Beskrivning: Smällare kastades mot bussen.
        Antal personer: ca 6
        Bedömning: medel

        Best regards
        Nordic Guard Västerås
        """)
    date = "Sun, 9 Sep 2018 22:30:00 +0000"
    top, mid = outlook365(frm=addr(GUARD_OPS), subject="Incident Hammarby", date=date, seed="44", text=text,
                          server="DB6PR0802MB2533")
    return top, accepted(mid, date, GUARD_OPS[1], "nordic-guard", [
        incident("hammarby", "Hammarby centrum, busshållplatsen", "2018-09-09", ["STOK"],
                 "Smällare kastades mot bussen.", place_type="hållplats", time="23:40", persons=6, severity=2)])


@fixture("45-year-boundary-no-year", "Outlook / Microsoft 365",
         "mail of 2 Jan 2019 (week 2019-W01): '30/12' is 2018-12-30, '1/1' is 2019-01-01; 'natt'")
def f45():
    text = D("""
        Händelse 1
        Område: Råby
        Plats: Råby centrum
        Datum: 30/12
        Tid: kväll
        Kategori: Bilbrand
        Beskrivning: Bil i brand på parkeringen.

        Händelse 2
        Område: Råby
        Plats: Fornminnesgatan
        Datum: 1/1
        Tid: natt
        Kategori: Smällare
        Beskrivning: Smällare kastades in i trapphusen under nyårsnatten.
        Återkommande: ja

        """) + SIG_ANNA
    date = "Wed, 2 Jan 2019 08:15:00 +0100"
    top, mid = outlook365(frm=addr(ANNA), subject=ew_b("Nyårshelgen Råby", "utf-8"), date=date, seed="45",
                          text=text)
    return top, accepted(mid, date, ANNA[1], "mimer", [
        incident("raby", "Råby centrum", "2018-12-30", ["BRND"], "Bil i brand på parkeringen.",
                 time_of_day="kvall"),
        incident("raby", "Fornminnesgatan", "2019-01-01", ["STOK"],
                 "Smällare kastades in i trapphusen under nyårsnatten.", time_of_day="natt", recurring=True)])


@fixture("46-time-formats", "Thunderbird",
         "times 'kl 21', 'Klockan: 2130', 'Tidpunkt: 21:00–23:30' (en dash), 'Time: morgon', 'Kl: 06.15'; "
         "'3/9 2018'; '---' separators")
def f46():
    text = D("""
        Område: Hammarby
        Plats: Hammarby centrum
        Datum: 3/9 2018
        Tid: kl 21
        Kategori: Häng
        Beskrivning: Ungdomar vid torget.
        ---
        Område: Hammarby
        Plats: Hammarby centrum
        Datum: 3/9 2018
        Klockan: 2130
        Kategori: Häng
        Beskrivning: Samma grupp flyttade till busshållplatsen.
        ---
        Område: Hammarby
        Plats: Hammarbyskolan
        Datum: 2018-09-04
        Tidpunkt: 21:00–23:30
        Kategori: Tillhåll
        Beskrivning: Grupp i skolans cykelförråd.
        ---
        Område: Hammarby
        Plats: Hammarbyskolan
        Datum: 2018-09-05
        Time: morgon
        Kategori: Sprutor
        Beskrivning: Sprutor hittade i sandlådan.
        ---
        Område: Hammarby
        Plats: Nordanbygärdet 2
        Datum: 2018-09-06
        Kl: 06.15
        Kategori: Sprayat
        Beskrivning: Porten nysprayad.

        Mvh
        Maria
        """)
    date = "Fri, 7 Sep 2018 10:00:00 +0200"
    top, mid = thunderbird(frm=addr(MARIA, "thunderbird"), subject="EST v.36 Hammarby", date=date, seed="46",
                           domain="mimer.example", text=text, flowed=False)
    return top, accepted(mid, date, MARIA[1], "mimer", [
        incident("hammarby", "Hammarby centrum", "2018-09-03", ["SAML"], "Ungdomar vid torget.", time="21:00"),
        incident("hammarby", "Hammarby centrum", "2018-09-03", ["SAML"],
                 "Samma grupp flyttade till busshållplatsen.", time="21:30"),
        incident("hammarby", "Hammarbyskolan", "2018-09-04", ["SAML"], "Grupp i skolans cykelförråd.",
                 time=("21:00", "23:30")),
        incident("hammarby", "Hammarbyskolan", "2018-09-05", ["NARK"], "Sprutor hittade i sandlådan.",
                 time_of_day="morgon"),
        incident("hammarby", "Nordanbygärdet 2", "2018-09-06", ["KLOT"], "Porten nysprayad.", time="06:15")])


@fixture("47-iphone-subdomain-english-fields", "iPhone",
         "sender on a subdomain of '*.nordicguard.example'; English field names Area/Location/Date/Time/"
         "Category/Description; several categories")
def f47():
    text = D("""
        Area: Skälby
        Location: Parking garage Skälbyvägen 12
        Platstyp: Parkering/garage
        Date: 2018-09-08
        Time: 02:40
        Category: Inbrott, skadegörelse
        Description: Two cars broken into, side windows smashed. Suspects left on mopeds towards Bäckby.
        Antal personer: 2
        Bedömning: 2
        Polisanmält: ja

        Sent from my iPhone
        """)
    date = "Sun, 9 Sep 2018 06:10:00 +0200"
    top, mid = iphone(frm=addr(GUARD_PATROL, "apple"), subject="Incident Skalby", date=date, seed="47",
                      domain="vasteras.nordicguard.example", text=text)
    return top, accepted(mid, date, GUARD_PATROL[1], "nordic-guard", [
        incident("backby-skalby", "Parking garage Skälbyvägen 12", "2018-09-08", ["INBR", "SKAD"],
                 "Two cars broken into, side windows smashed. Suspects left on mopeds towards Bäckby.",
                 place_type="parkering/garage", time="02:40", persons=2, severity=2, police="yes")])


@fixture("48-mimer-system-auto-generated", "system / server mail",
         "report from Mimer's alarm system with Auto-Submitted: auto-generated and Precedence: bulk is still "
         "a report; upper-case field names; 'vet ej'")
def f48():
    text = D("""
        Automatiskt genererad händelserapport från Mimers larmcentral.

        OMRÅDE: Hammarby
        PLATS: Nordanbygärdet 28, källarförråd
        PLATSTYP: Källare/förråd
        DATUM: 2018-09-04
        TID: 02:14
        KATEGORI: Inbrott
        BESKRIVNING: Larm från källardörr. Väktare på plats 02:29, dörren uppbruten.
        BEDÖMNING: 2
        POLISANMÄLT: vet ej
        """)
    mid = "<larm.20180904023107.88412@larm.mimer.example>"
    date = "Tue, 04 Sep 2018 02:31:07 +0200"
    top = part([("Date", date), ("From", "Mimer Larmcentral <larm@mimer.example>"), ("To", EST),
                ("Subject", ew_q("Larm: inbrott källarförråd Nordanbygärdet 28", "UTF-8")),
                ("Message-ID", mid), ("Auto-Submitted", "auto-generated"), ("Precedence", "bulk"),
                ("X-Mailer", "Mimer Larm 3.2"), ("MIME-Version", "1.0"),
                ("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "8bit")],
               encode_body(text, "utf-8", "8bit"))
    return top, accepted(mid, date, "larm@mimer.example", "mimer", [
        incident("hammarby", "Nordanbygärdet 28, källarförråd", "2018-09-04", ["INBR"],
                 "Larm från källardörr. Väktare på plats 02:29, dörren uppbruten.", place_type="källare/förråd",
                 time="02:14", severity=2, police="unknown")])


@fixture("49-help-request", "iPhone",
         "body 'hjälp': no field lines and no zero-report line, rejected with one error tied to no incident/field "
         "(the reply explains the format)")
def f49():
    text = "hjälp\n\nSkickat från min iPhone\n"
    date = "Tue, 4 Sep 2018 19:20:00 +0200"
    top, mid = iphone(frm=addr(JONAS), subject=ew_q("hjälp", "utf-8"), date=date, seed="49",
                      domain="mimer.example", text=text)
    return top, rejected(mid, date, JONAS[1], "mimer", [diag(None, None)])


# --- auto-replies, bounces, own mail, lists (ignored) -----------------------------------------

def ignored(reason, mid, date, sender=None, org=None):
    return result("ignored", mid, date, sender=sender, org=org, reason=reason)


@fixture("50-exchange-oof", "Outlook / Microsoft 365",
         "Exchange out-of-office reply to our acknowledgment: Auto-Submitted: auto-replied, "
         "X-Auto-Response-Suppress: All, 'Automatiskt svar:' subject")
def f50():
    ack = "<ack.EST-2018-000123.abc@est.vasteras.example>"
    text = D("""
        Hej!

        Jag är på semester till och med 17/9. Vid brådskande ärenden kontakta Jonas Berg.

        Anna Lind
        """)
    date = "Tue, 4 Sep 2018 10:02:31 +0000"
    subject = ew_b("Automatiskt svar: EST v.36 Råby – Mottagen [EST-2018-000123]", "utf-8")
    top, mid = outlook365(frm=addr(ANNA), subject=subject, date=date, seed="50", text=text, charset="utf-8",
                          to=f"EST {ew_q('Västerås', 'iso-8859-1')} <{EST}>", in_reply_to=ack, references=ack,
                          extra_top=[("X-MS-Exchange-Organization-SCL", "-1"),
                                     ("X-MS-Exchange-Inbox-Rules-Loop", ANNA[1]),
                                     ("Auto-Submitted", "auto-replied"),
                                     ("X-Auto-Response-Suppress", "All")])
    return top, ignored("auto-reply", mid, date, ANNA[1], "mimer")


@fixture("51-exchange-inbox-rule-reply", "Outlook / Microsoft 365",
         "Exchange inbox-rule auto-answer marked only by X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent")
def f51():
    reminder = "<reminder.hammarby-fritidsgard.2018-W37.r4t8@est.vasteras.example>"
    text = D("""
        Tack för ditt mejl!

        Fritidsgården har stängt för renovering vecka 37. Vi läser mejlen igen måndag 17 september.
        """)
    date = "Mon, 10 Sep 2018 06:00:14 +0000"
    top, mid = outlook365(frm=addr(FRITIDS, "outlook"), subject=ew_q("SV: EST påminnelse v.37", "iso-8859-1"),
                          date=date, seed="51", text=text, in_reply_to=reminder, references=reminder,
                          server="HE1PR0702MB3611",
                          extra_top=[("X-MS-Exchange-Generated-Message-Source", "Mailbox Rules Agent")])
    return top, ignored("auto-reply", mid, date, FRITIDS[1], "hammarby-fritidsgard")


def sieve_vacation(seed, return_path, date):
    orig = "<reminder.rabyskolan.2018-W36.s9k3@est.vasteras.example>"
    text = D("""
        Hej,

        Expeditionen är stängd för studiedag 7 september. Vi svarar på ditt meddelande måndag.

        Råbyskolan
        """)
    mid = f"<dovecot-sieve-1536302{seed}-0@mail.rabyskolan.example>"
    top = part([("Return-Path", return_path),
                ("Received", "from mail.rabyskolan.example (mail.rabyskolan.example [192.0.2.25])\r\n"
                             "\tby mx.vasteras.example (Postfix) with ESMTPS id 7C1D4E0B21\r\n"
                             f"\tfor <{EST}>; {date}"),
                ("X-Sieve", "Pigeonhole Sieve 0.4.16 (fed8554d)"), ("Message-ID", mid), ("Date", date),
                ("From", "<expedition@rabyskolan.example>"), ("To", f"<{EST}>"),
                ("Subject", "Auto: EST " + ew_q("påminnelse", "utf-8") + " v.36"),
                ("Auto-Submitted", "auto-replied (vacation)"), ("Precedence", "bulk"),
                ("In-Reply-To", orig), ("References", orig), ("MIME-Version", "1.0"),
                ("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "8bit")],
               encode_body(text, "utf-8", "8bit"))
    return top, mid


@fixture("52-sieve-vacation", "system / server mail",
         "Dovecot Pigeonhole vacation reply (Auto-Submitted: auto-replied (vacation), Precedence: bulk) sent "
         "from the user's address")
def f52():
    date = "Fri, 7 Sep 2018 07:01:02 +0200"
    top, mid = sieve_vacation("62", "<expedition@rabyskolan.example>", date)
    return top, ignored("auto-reply", mid, date, EXPEDITION[1], "rabyskolan")


@fixture("53-sieve-vacation-null-sender", "system / server mail",
         "the same vacation reply with Pigeonhole's default null envelope sender (Return-Path: <>): rule 1 "
         "makes it a bounce, and bounce comes first in the reason order")
def f53():
    date = "Fri, 7 Sep 2018 07:05:40 +0200"
    top, mid = sieve_vacation("63", "<>", date)
    return top, ignored("bounce", mid, date, EXPEDITION[1], "rabyskolan")


@fixture("54-gmail-vacation", "Gmail", "Gmail vacation responder (Auto-Submitted: auto-replied)")
def f54():
    text = "Hej! Jag är ledig till 17 september och läser inte mejl. Brådskande: ring expeditionen.\n\nKarin Holm\n"
    orig = "<reminder.rabyskolan.2018-W37.u2v5@est.vasteras.example>"
    date = "Mon, 10 Sep 2018 08:00:03 +0200"
    top, mid = gmail(frm=addr(REKTOR), subject="Ledig", date=date, seed="54", text=text, in_reply_to=orig,
                     references=orig, extra=[("Auto-Submitted", "auto-replied")])
    return top, ignored("auto-reply", mid, date, REKTOR[1], "rabyskolan")


@fixture("55-oof-subject-no-fields", "Outlook / Microsoft 365",
         "hand-made 'Frånvaro:' answer without any auto-reply header: an out-of-office subject plus a body with "
         "no field lines is an auto-reply")
def f55():
    text = D("""
        Butiken har semesterstängt vecka 37. Vi återkommer vecka 38.

        ICA Bäckby
        """)
    date = "Mon, 10 Sep 2018 07:12:00 +0200"
    top, mid = outlook_desktop(frm=addr(ICA, "outlook"), subject=ew_q("Frånvaro: EST påminnelse v.37", "iso-8859-1"),
                               date=date, seed="55", domain="ica-backby.example", text=text)
    return top, ignored("auto-reply", mid, date, ICA[1], "ica-backby")


def delivery_status(blocks):
    return [part(list(b), None) for b in blocks]


@fixture("56-dsn-postfix-bounce-of-ack", "system / server mail",
         "Postfix DSN (multipart/report; report-type=delivery-status) returning the headers of our "
         "acknowledgment <ack.EST-2018-000123.abc@est.vasteras.example>")
def f56():
    notice = D("""
        This is the mail system at host mx1.mimer.example.

        I'm sorry to have to inform you that your message could not
        be delivered to one or more recipients. It's attached below.

        For further assistance, please send mail to postmaster.

        If you do so, please include this problem report. You can
        delete your own text from the attached returned message.

                           The mail system

        <p.persson@mimer.example>: unknown user: "p.persson"
        """)
    returned = D("""
        Return-Path: <est@vasteras.example>
        Received: from est.vasteras.example (est.vasteras.example [192.0.2.10])
        \tby mx1.mimer.example (Postfix) with ESMTPS id 4A1B22C0A3
        \tfor <p.persson@mimer.example>; Tue,  4 Sep 2018 12:12:00 +0200 (CEST)
        From: =?utf-8?q?EST_V=C3=A4ster=C3=A5s?= <est@vasteras.example>
        To: p.persson@mimer.example
        Subject: =?utf-8?q?Re=3A_EST_v=2E36_R=C3=A5by_=E2=80=93_Mottagen_=5BEST-2018-000123=5D?=
        Date: Tue, 04 Sep 2018 10:11:58 +0000
        Message-ID: <ack.EST-2018-000123.abc@est.vasteras.example>
        In-Reply-To: <AM0PR07MB4113C0FFEE@AM0PR07MB4113.eurprd07.prod.outlook.com>
        Auto-Submitted: auto-replied
        X-Auto-Response-Suppress: All
        Precedence: auto_reply
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit
        """)
    boundary = "4A1B22C0A3.1536055921/mx1.mimer.example"
    payload = [
        part([("Content-Description", "Notification"), ("Content-Type", "text/plain; charset=us-ascii")], notice),
        part([("Content-Description", "Delivery report"), ("Content-Type", "message/delivery-status")],
             delivery_status([
                 [("Reporting-MTA", "dns; mx1.mimer.example"), ("X-Postfix-Queue-ID", "4A1B22C0A3"),
                  ("X-Postfix-Sender", "rfc822; est@vasteras.example"),
                  ("Arrival-Date", "Tue,  4 Sep 2018 12:12:00 +0200 (CEST)")],
                 [("Final-Recipient", "rfc822; p.persson@mimer.example"),
                  ("Original-Recipient", "rfc822;p.persson@mimer.example"), ("Action", "failed"),
                  ("Status", "5.1.1"), ("Diagnostic-Code", "X-Postfix; unknown user: \"p.persson\"")]])),
        part([("Content-Description", "Undelivered Message Headers"), ("Content-Type", "text/rfc822-headers")],
             returned),
    ]
    mid = "<20180904101201.4A1B22C0A3@mx1.mimer.example>"
    date = "Tue,  4 Sep 2018 12:12:01 +0200 (CEST)"
    top = part([("Return-Path", "<>"),
                ("Received", "from mx1.mimer.example (mx1.mimer.example [192.0.2.40])\r\n"
                             "\tby mx.vasteras.example (Postfix) with ESMTPS id 0D2E1F3A4B\r\n"
                             f"\tfor <{EST}>; Tue,  4 Sep 2018 12:12:02 +0200 (CEST)"),
                ("Date", date), ("From", "MAILER-DAEMON@mx1.mimer.example (Mail Delivery System)"),
                ("Subject", "Undelivered Mail Returned to Sender"), ("To", EST),
                ("Auto-Submitted", "auto-replied"), ("MIME-Version", "1.0"),
                ("Content-Type", f"multipart/report; report-type=delivery-status;\r\n\tboundary=\"{boundary}\""),
                ("Content-Transfer-Encoding", "8bit"), ("Message-Id", mid)], payload)
    top.preamble = "This is a MIME-encapsulated message.\n"
    return top, ignored("bounce", mid, date)


@fixture("57-dsn-exchange-ndr", "Outlook / Microsoft 365",
         "Exchange Online non-delivery report (multipart/report with message/delivery-status and the returned "
         "message/rfc822) for our weekly reminder")
def f57():
    reminder = "<reminder.mimer.2018-W37.q7p1z3@est.vasteras.example>"
    text = D("""
        Det gick inte att leverera till:

        p.persson@mimer.example
        Det gick inte att hitta mottagarens e-postadress. Kontrollera adressen och försök igen.

        Diagnostisk information för administratörer:

        Genererad server: AM0PR07MB4113.eurprd07.prod.outlook.com

        p.persson@mimer.example
        Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'
        """)
    alt_b = "_000_" + uuid_lower("57-alt")
    outer_b = uuid_lower("57")
    original = part([("From", f"=?utf-8?q?EST_V=C3=A4ster=C3=A5s?= <{EST}>"), ("To", "p.persson@mimer.example"),
                     ("Subject", "=?utf-8?q?EST_p=C3=A5minnelse_v=2E37?="), ("Date", "Mon, 10 Sep 2018 06:00:00 +0000"),
                     ("Message-ID", reminder), ("Auto-Submitted", "auto-generated"), ("Precedence", "bulk"),
                     ("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=utf-8"),
                     ("Content-Transfer-Encoding", "8bit")],
                    encode_body("Hej! Det är dags för veckans EST-rapport för vecka 37.\n", "utf-8", "8bit"))
    payload = [
        part([("Content-Type", f"multipart/alternative; differences=Content-Type;\r\n\tboundary=\"{alt_b}\"")], [
            text_part(text, "plain", "utf-8", "quoted-printable"),
            text_part("<html><body><p>" + "<br>".join(html.escape(x) for x in text.split("\n")) + "</p></body></html>\n",
                      "html", "utf-8", "quoted-printable")]),
        part([("Content-Type", "message/delivery-status")], delivery_status([
            [("Reporting-MTA", "dns;AM0PR07MB4113.eurprd07.prod.outlook.com"),
             ("Received-From-MTA", "dns;est.vasteras.example"),
             ("Arrival-Date", "Mon, 10 Sep 2018 06:00:01 +0000")],
            [("Original-Recipient", "rfc822;p.persson@mimer.example"),
             ("Final-Recipient", "rfc822;p.persson@mimer.example"), ("Action", "failed"), ("Status", "5.1.10"),
             ("Diagnostic-Code", "smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup")]])),
        part([("Content-Type", "message/rfc822")], [original]),
    ]
    mid = f"<{uuid_lower('57-mid')}@AM0PR07MB4113.eurprd07.prod.outlook.com>"
    date = "Mon, 10 Sep 2018 06:00:02 +0000"
    top = part([("From", "Microsoft Outlook <postmaster@mimer.onmicrosoft.com>"), ("To", f"<{EST}>"),
                ("Date", date),
                ("Content-Type", f"multipart/report; report-type=delivery-status;\r\n\tboundary=\"{outer_b}\""),
                ("X-MS-Exchange-Message-Is-Ndr", ""), ("Content-Language", "sv-SE"), ("Message-ID", mid),
                ("In-Reply-To", reminder), ("References", reminder),
                ("Thread-Topic", "=?utf-8?q?EST_p=C3=A5minnelse_v=2E37?="), ("Thread-Index", thread_index("57")),
                ("Subject", ew_b("Det gick inte att leverera: EST påminnelse v.37", "utf-8")),
                ("Auto-Submitted", "auto-replied"), ("MIME-Version", "1.0")], payload)
    return top, ignored("bounce", mid, date)


@fixture("58-own-mail-loop", "system / server mail",
         "our own acknowledgment coming back (From our address, Message-ID under our domain, Auto-Submitted): "
         "own-mail comes before auto-reply")
def f58():
    mid = "<ack.EST-2018-000124.q8w3e5@est.vasteras.example>"
    date = "Tue, 04 Sep 2018 10:20:00 +0000"
    text = D("""
        Tack! Din rapport är mottagen.

        EST-2018-000124: Råby, Tvättstugan, Fornminnesgatan 12, 2018-09-03, Skadegörelse.
        """)
    top = part([("From", f"=?utf-8?q?EST_V=C3=A4ster=C3=A5s?= <{EST}>"), ("To", EST),
                ("Subject", ew_q("Re: EST v.36 Råby – Mimer – Mottagen [EST-2018-000124]", "utf-8")),
                ("Date", date), ("Message-ID", mid),
                ("In-Reply-To", "<AM0PR07MB41130A1B2C3D@AM0PR07MB4113.eurprd07.prod.outlook.com>"),
                ("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All"),
                ("Precedence", "auto_reply"), ("MIME-Version", "1.0"),
                ("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "8bit")],
               encode_body(text, "utf-8", "8bit"))
    return top, ignored("own-mail", mid, date)


@fixture("59-list-mail", "Outlook / Microsoft 365",
         "a report-shaped post from a registered sender arriving through a Mailman list (List-Id, "
         "List-Unsubscribe, List-Post, Precedence: list) is list mail")
def f59():
    text = D("""
        Hej alla, till kännedom:

        Område: Råby
        Plats: Råby centrum
        Datum: 2018-09-04
        Kategori: Klotter
        Beskrivning: Mycket nytt klotter i centrum.

        """) + SIG_ANNA
    date = "Wed, 5 Sep 2018 10:00:00 +0200"
    lists = "lists.vasteras.example"
    top, mid = outlook365(frm=addr(ANNA), subject="[Trygghet] Klotter Raby", date=date, seed="59", text=text,
                          to=f"trygghet@{lists}", extra_bottom=[
                              ("X-BeenThere", f"trygghet@{lists}"),
                              ("X-Mailman-Version", "2.1.23"),
                              ("Precedence", "list"),
                              ("List-Id", f"=?utf-8?q?Trygghetsn=C3=A4tverket_V=C3=A4ster=C3=A5s?= <trygghet.{lists}>"),
                              ("List-Unsubscribe", f"<https://{lists}/mailman/options/trygghet>,\r\n"
                                                   f" <mailto:trygghet-request@{lists}?subject=unsubscribe>"),
                              ("List-Archive", f"<https://{lists}/pipermail/trygghet/>"),
                              ("List-Post", f"<mailto:trygghet@{lists}>"),
                              ("List-Help", f"<mailto:trygghet-request@{lists}?subject=help>"),
                              ("Errors-To", f"trygghet-bounces@{lists}"),
                              ("Sender", f"\"Trygghet\" <trygghet-bounces@{lists}>")])
    return top, ignored("list", mid, date, ANNA[1], "mimer")


@fixture("60-unknown-sender", "Gmail", "a complete report from an unregistered gmail.com address")
def f60():
    text = D("""
        Område: Råby
        Plats: Råbyvägen 40
        Datum: 2018-09-05
        Kategori: Bråk
        Beskrivning: Grannarna bråkar varje kväll.

        Mvh
        Lena
        """)
    date = "Thu, 6 Sep 2018 20:00:00 +0200"
    top, mid = gmail(frm="Lena Svensson <lena.svensson72@gmail.com>", subject="Störningar", date=date, seed="60",
                     text=text)
    return top, ignored("unknown-sender", mid, date)


@fixture("61-unknown-sender-subdomain", "Outlook / Microsoft 365",
         "drift@fastighet.mimer.example: 'mimer.example' is configured without '*.', so its subdomains do not match")
def f61():
    text = D("""
        Område: Hammarby
        Plats: Nordanbygärdet 12
        Datum: 2018-09-05
        Kategori: Skadegörelse
        Beskrivning: Trasig entrédörr.

        Mvh
        Driften
        """)
    date = "Thu, 6 Sep 2018 07:30:00 +0200"
    top, mid = outlook365(frm="Driften Mimer <drift@fastighet.mimer.example>", subject="Skada", date=date,
                          seed="61", text=text)
    return top, ignored("unknown-sender", mid, date)


def quarantined(reason, mid, date, sender=None, org=None, config=None):
    return result("quarantined", mid, date, sender=sender, org=org, reason=reason, config=config)


REPORT_SIMPLE = D("""
    Område: Råby
    Plats: Fornminnesgatan 12
    Datum: 2018-09-04
    Kategori: Klotter
    Beskrivning: Klotter i trapphuset.

    Mvh
    Anna
    """)


@fixture("62-from-two-addresses", "Outlook / Microsoft 365",
         "From with two (registered) addresses and a Sender header: quarantined bad-from")
def f62():
    date = "Wed, 5 Sep 2018 11:30:00 +0200"
    top, mid = outlook_desktop(frm=f"{addr(ANNA)}, {addr(JONAS)}", subject="EST", date=date, seed="62",
                               domain="mimer.example", text=REPORT_SIMPLE,
                               extra=[("Sender", addr(ANNA))])
    return top, quarantined("bad-from", mid, date)


@fixture("63-from-unparseable", "system / server mail",
         "From 'Bovardar Raby' holds no address at all (a misconfigured device): quarantined bad-from")
def f63():
    mid = "<5b8f9a10.1c69fb81.4d2e.7a33@scanner.mimer.example>"
    date = "Wed, 5 Sep 2018 11:45:00 +0200"
    top = part([("From", "Bovardar Raby"), ("To", EST), ("Subject", "EST"), ("Date", date), ("Message-ID", mid),
                ("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Transfer-Encoding", "8bit")], encode_body(REPORT_SIMPLE, "utf-8", "8bit"))
    return top, quarantined("bad-from", mid, date)


# --- MIME oddities ---------------------------------------------------------------------------

@fixture("64-no-message-id", "system / server mail",
         "a report sent by a small script without any Message-ID header: message_id is null")
def f64():
    text = D("""
        Område: Bäckby
        Plats: Bäckby centrum, kundvagnsgården
        Platstyp: Centrum/butik
        Datum: 2018-09-06
        Tid: 20.10
        Kategori: Stöld
        Beskrivning: Kundvagnar stulna och dumpade i dammen.
        Antal personer: 3
        """)
    date = "Thu, 06 Sep 2018 21:00:00 +0200"
    top = part([("Content-Type", "text/plain; charset=\"utf-8\""), ("MIME-Version", "1.0"),
                ("Content-Transfer-Encoding", "base64"), ("Subject", "EST rapport ICA Backby"),
                ("From", ICA[1]), ("To", EST), ("Date", date)], encode_body(text, "utf-8", "base64"))
    return top, accepted(None, date, ICA[1], "ica-backby", [
        incident("backby-skalby", "Bäckby centrum, kundvagnsgården", "2018-09-06", ["INBR"],
                 "Kundvagnar stulna och dumpade i dammen.", place_type="centrum/butik", time="20:10", persons=3)])


@fixture("65-missing-close-boundary", "Gmail",
         "multipart/alternative whose closing boundary line is missing (truncated by a relay): still read")
def f65():
    text = D("""
        Område: Råby
        Plats: Råbyskolan, fotbollsplanen
        Platstyp: Skola
        Datum: 2018-09-06
        Tid: 19:30
        Kategori: Moped
        Beskrivning: Mopeder på fotbollsplanen under träningen.
        Polisanmält: nej

        Hälsningar
        Karin
        """)
    date = "Fri, 7 Sep 2018 07:20:00 +0200"
    top, mid = gmail(frm=addr(REKTOR), subject="Mopeder", date=date, seed="65", text=text)
    data = serialise(top)
    close = b"--" + top.get_boundary().encode("ascii") + b"--\r\n"
    assert data.endswith(close)
    return data[:-len(close)], accepted(mid, date, REKTOR[1], "rabyskolan", [
        incident("raby", "Råbyskolan, fotbollsplanen", "2018-09-06", ["FORD"],
                 "Mopeder på fotbollsplanen under träningen.", place_type="skola", time="19:30", police="no")],
        defects=[defect("", "missing-closing-boundary")])


@fixture("66-raw-utf8-headers", "system / server mail",
         "raw 8-bit UTF-8 in Subject and in the From display name (no encoded words), as some web forms send")
def f66():
    text = D("""
        Område: Bäckby
        Plats: Bäckby centrum, gångbron
        Platstyp: Gång- och cykelväg
        Datum: 2018-09-05
        Tid: eftermiddag
        Kategori: Glassplitter
        Beskrivning: Krossade flaskor över hela gångbron.
        Åtgärd: Sopat.
        """)
    date = "Thu, 06 Sep 2018 12:30:00 +0200"
    mid = "<20180906123000.5812.77@intranat.mimer.example>"
    msg = email.message.EmailMessage(policy=email.policy.SMTPUTF8)
    msg["From"] = "Åsa Öberg <asa.oberg@mimer.example>"
    msg["To"] = EST
    msg["Subject"] = "EST v.36 Bäckby – Mimer"
    msg["Date"] = date
    msg["Message-ID"] = mid
    msg["X-Mailer"] = "Mimer Intranät 2.1"
    msg.set_content(text, charset="utf-8", cte="8bit")
    return msg.as_bytes(), accepted(mid, date, "asa.oberg@mimer.example", "mimer", [
        incident("backby-skalby", "Bäckby centrum, gångbron", "2018-09-05", ["SKRP"],
                 "Krossade flaskor över hela gångbron.", place_type="gång- och cykelväg", time_of_day="eftermiddag",
                 action="Sopat.")],
        # From, Subject and X-Mailer carry raw UTF-8.
        defects=[defect("", "non-ascii-header")] * 3)


# --- Authentication-Results (need authserv_id "mx.vasteras.example") --------------------------

def received_by_mx(top, results, helo, ip, queue_id, date):
    """What mx.vasteras.example prepends on delivery: its Authentication-Results, then Received."""
    items = top.items()
    for name in {k for k, _ in items}:
        del top[name]
    top["Authentication-Results"] = results
    top["Received"] = (f"from {helo} ({helo} [{ip}])\r\n\tby mx.vasteras.example (Postfix) with ESMTPS id "
                       f"{queue_id}\r\n\tfor <{EST}>; {date}")
    for name, value in items:
        top[name] = value
    return top


AUTH_REPORT = D("""
    Område: Råby
    Plats: Råby centrum, vid bankomaten
    Datum: 2018-09-05
    Tid: 16:20
    Kategori: Rån
    Beskrivning: En äldre man rånades på sin plånbok.
    Polisanmält: ja

    """)


def auth_incident():
    return [incident("raby", "Råby centrum, vid bankomaten", "2018-09-05", ["VALD"],
                     "En äldre man rånades på sin plånbok.", time="16:20", police="yes")]


@fixture("67-auth-dmarc-pass", "Outlook / Microsoft 365",
         "[authserv_id] Authentication-Results from mx.vasteras.example with dmarc=pass: accepted")
def f67():
    date = "Thu, 6 Sep 2018 06:02:00 +0000"
    top, mid = outlook365(frm=addr(ANNA), subject="EST Raby", date=date, seed="67", text=AUTH_REPORT + SIG_ANNA)
    received_by_mx(top, "mx.vasteras.example;\r\n\tdkim=pass header.d=mimer.example header.s=selector1 "
                        "header.b=hK3vQ2xB;\r\n\tspf=pass (mx.vasteras.example: domain of anna.lind@mimer.example "
                        "designates 40.107.0.71 as permitted sender) smtp.mailfrom=anna.lind@mimer.example;\r\n"
                        "\tdmarc=pass (policy=quarantine) header.from=mimer.example",
                   "EUR02-HE1-obe.outbound.protection.outlook.com", "40.107.0.71", "3F2A1C0E55",
                   "Thu,  6 Sep 2018 08:02:03 +0200 (CEST)")
    return top, accepted(mid, date, ANNA[1], "mimer", auth_incident(), config=AUTH_CONFIG)


@fixture("68-auth-dkim-aligned-pass", "Gmail",
         "[authserv_id] no DMARC result, spf=softfail, but dkim=pass with d= equal to the From domain: accepted")
def f68():
    date = "Thu, 6 Sep 2018 08:12:00 +0200"
    top, mid = gmail(frm=addr(REKTOR), subject="EST Raby", date=date, seed="68",
                     text=AUTH_REPORT + "Hälsningar\nKarin\n",
                     extra=[("DKIM-Signature", "v=1; a=rsa-sha256; c=relaxed/relaxed; d=rabyskolan.example; s=google;\r\n"
                                               "        h=mime-version:from:date:message-id:subject:to;\r\n"
                                               "        bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n"
                                               "        b=Zm9vYmFyYmF6cXV4")])
    received_by_mx(top, "mx.vasteras.example;\r\n\tdkim=pass header.d=rabyskolan.example header.s=google "
                        "header.b=Zm9vYmFy;\r\n\tspf=softfail smtp.mailfrom=rektor@rabyskolan.example",
                   "mail-sor-f41.google.com", "209.85.220.41", "4B7C2D1E66", "Thu,  6 Sep 2018 08:12:04 +0200 (CEST)")
    return top, accepted(mid, date, REKTOR[1], "rabyskolan", auth_incident(), config=AUTH_CONFIG)


@fixture("69-auth-spf-dkim-fail", "Gmail",
         "[authserv_id] forged Råbyskolan From: spf=fail and dkim=fail from mx.vasteras.example: quarantined "
         "authentication-failed")
def f69():
    date = "Thu, 6 Sep 2018 23:50:00 +0200"
    top, mid = gmail(frm=addr(REKTOR), subject="EST Raby", date=date, seed="69", text=AUTH_REPORT + "Mvh\nKarin\n")
    received_by_mx(top, "mx.vasteras.example;\r\n\tdkim=fail reason=\"signature verification failed\" "
                        "header.d=rabyskolan.example header.s=google header.b=QUJDREVG;\r\n"
                        "\tspf=fail (mx.vasteras.example: domain of rektor@rabyskolan.example does not designate "
                        "198.51.100.23 as permitted sender) smtp.mailfrom=rektor@rabyskolan.example",
                   "vps23.hosting.example", "198.51.100.23", "5C8D3E2F77", "Thu,  6 Sep 2018 23:50:05 +0200 (CEST)")
    return top, quarantined("authentication-failed", mid, date, REKTOR[1], "rabyskolan", config=AUTH_CONFIG)


@fixture("70-auth-forged-lower-header", "Outlook / Microsoft 365",
         "[authserv_id] the topmost mx.vasteras.example result fails; forged passing results below it (one from "
         "another authserv-id, one reusing ours further down) do not count: quarantined authentication-failed")
def f70():
    date = "Fri, 7 Sep 2018 02:10:00 +0200"
    top, mid = outlook365(frm=addr(ANNA), subject="EST Raby", date=date, seed="70", text=AUTH_REPORT + SIG_ANNA)
    items = top.items()
    for name in {k for k, _ in items}:
        del top[name]
    top["Authentication-Results"] = ("mx.vasteras.example;\r\n\tdkim=none;\r\n\tspf=fail smtp.mailfrom=anna.lind@mimer.example;"
                                     "\r\n\tdmarc=fail (policy=quarantine) header.from=mimer.example")
    top["Received"] = ("from relay.attacker.example (relay.attacker.example [203.0.113.66])\r\n"
                       "\tby mx.vasteras.example (Postfix) with ESMTPS id 6D9E4F3A88\r\n"
                       f"\tfor <{EST}>; Fri,  7 Sep 2018 02:10:04 +0200 (CEST)")
    top["Authentication-Results"] = ("relay.attacker.example; dkim=pass header.d=mimer.example;\r\n"
                                     "\tspf=pass smtp.mailfrom=mimer.example; dmarc=pass header.from=mimer.example")
    top["Received"] = ("from [10.0.0.5] (unknown [10.0.0.5])\r\n\tby relay.attacker.example (Postfix) with ESMTPSA id "
                       "A1B2C3\r\n\tfor <est@vasteras.example>; Fri,  7 Sep 2018 02:10:02 +0200 (CEST)")
    top["Authentication-Results"] = "mx.vasteras.example; dmarc=pass header.from=mimer.example"
    for name, value in items:
        top[name] = value
    return top, quarantined("authentication-failed", mid, date, ANNA[1], "mimer", config=AUTH_CONFIG)


@fixture("71-auth-dkim-unaligned", "Outlook / Microsoft 365",
         "[authserv_id] dkim=pass and spf=pass but for a mailing service's domain, not aligned with the From "
         "domain; no DMARC: quarantined authentication-failed")
def f71():
    date = "Fri, 7 Sep 2018 09:00:00 +0200"
    top, mid = outlook_desktop(frm=addr(ICA, "outlook"), subject="EST v.36", date=date, seed="71",
                               domain="ica-backby.example",
                               text=AUTH_REPORT.replace("Råby centrum, vid bankomaten", "Bäckby centrum")
                               .replace("Område: Råby", "Område: Bäckby") + "Mvh\nSara\n")
    received_by_mx(top, "mx.vasteras.example;\r\n\tdkim=pass header.d=sendmail-service.example header.s=s1 "
                        "header.b=c2VuZGdy;\r\n\tspf=pass smtp.mailfrom=bounces+4711@em.sendmail-service.example",
                   "o1.em.sendmail-service.example", "192.0.2.99", "7E1F5A4B99", "Fri,  7 Sep 2018 09:00:03 +0200 (CEST)")
    return top, quarantined("authentication-failed", mid, date, ICA[1], "ica-backby", config=AUTH_CONFIG)


# --- field syntax ----------------------------------------------------------------------------

@fixture("72-field-syntax-variants", "Gmail",
         "separators '=' and ' - ', upper case and trailing '*', names without diacritics (Polisanmalan), "
         "area alias 'raby', 'Exakt plats', 'Kommentar', 'Ca antal', 'Upprepat', severity 'låg', "
         "categories joined by ' och '")
def f72():
    text = D("""
        OMRÅDE*: raby
        Exakt plats = Råbyskolans parkering, vid infarten
        Platstyp = Parkering/garage
        Datum - 4/9 2018
        Kat - Skadegörelse och klotter
        Kommentar: En lärares bil fick en sönderslagen sidoruta och sprayad motorhuv.
        Ca antal: 2
        Bedömning - låg
        Polisanmalan: Ja
        Upprepat = nej

        Hälsningar
        Karin
        """)
    date = "Wed, 5 Sep 2018 14:00:00 +0200"
    top, mid = gmail(frm=addr(REKTOR), subject="Bil vandaliserad", date=date, seed="72", text=text)
    return top, accepted(mid, date, REKTOR[1], "rabyskolan", [
        incident("raby", "Råbyskolans parkering, vid infarten", "2018-09-04", ["SKAD", "KLOT"],
                 "En lärares bil fick en sönderslagen sidoruta och sprayad motorhuv.", place_type="parkering/garage",
                 persons=2, severity=1, police="yes", recurring=False)])


@fixture("73-date-60-day-boundary", "Outlook / Microsoft 365",
         "mail of 6 Sep: '8/7' is exactly 60 days before (no warning), '7/7' is 61 days before (warning)")
def f73():
    text = D("""
        Hej, två saker från i somras som vi glömt rapportera.

        Område: Bäckby
        Plats: Bäckby centrum, pantautomaten
        Datum: 8/7
        Kategori: Skadegörelse
        Beskrivning: Pantautomaten sönderslagen.
        ---
        Område: Bäckby
        Plats: Bäckby centrum, entrén
        Datum: 7/7
        Kategori: Stöld och hot
        Beskrivning: Snattare hotade kassapersonalen.

        Med vänlig hälsning
        Sara Ek
        """)
    date = "Thu, 6 Sep 2018 16:30:00 +0200"
    top, mid = outlook_desktop(frm=addr(ICA, "outlook"), subject="Sommaren", date=date, seed="73",
                               domain="ica-backby.example", text=text)
    return top, accepted(mid, date, ICA[1], "ica-backby", [
        incident("backby-skalby", "Bäckby centrum, pantautomaten", "2018-07-08", ["SKAD"],
                 "Pantautomaten sönderslagen."),
        incident("backby-skalby", "Bäckby centrum, entrén", "2018-07-07", ["INBR", "HOT"],
                 "Snattare hotade kassapersonalen.")],
        warnings=[diag(2, "Datum", line_of(text, "Datum: 7/7"))])


@fixture("74-multiline-free-text", "Apple Mail",
         "Plats continued on the next line; Beskrivning starting on the line after its name and running "
         "across a blank line; a continuation line starting with 'När' (a Datum synonym without separator)")
def f74():
    text = D("""
        Hej!

        Område: Hammarby
        Plats: Hammarbyskolan,
        baksidan mot skogen
        Datum: 3 sep
        Kategori: Tillhåll
        Beskrivning:
        Vi har hittat ett tillhåll i skogsdungen bakom skolan.
        När vi kom dit hade de gått, men det låg flaskor och fimpar överallt.

        Det verkar som att de träffas där flera kvällar i veckan.
        Platstyp: Park
        Återkommande: ja

        Hälsningar
        Fritidsgården Hammarby
        """)
    date = "Tue, 4 Sep 2018 15:10:00 +0200"
    top, mid = apple_mail(frm=addr(FRITIDS, "apple"), subject=ew_q("Tillhåll bakom skolan", "utf-8"),
                          date=date, seed="74", domain="vasteras.example", text=text, alternative=False)
    return top, accepted(mid, date, FRITIDS[1], "hammarby-fritidsgard", [
        incident("hammarby", "Hammarbyskolan,\nbaksidan mot skogen", "2018-09-03", ["SAML"],
                 "Vi har hittat ett tillhåll i skogsdungen bakom skolan.\n"
                 "När vi kom dit hade de gått, men det låg flaskor och fimpar överallt.\n\n"
                 "Det verkar som att de träffas där flera kvällar i veckan.",
                 place_type="park", recurring=True)])


# =============================================================================================
# Issue 11, second round: shapes real clients and habits produce (fixtures 75-).

def outlook_mac(*, frm, subject, date, seed, text, to=None):
    """Outlook 2016 for Mac (16.16) through Exchange Online: `B_<digits>_<digits>` boundary,
    user-agent Microsoft-MacOutlook, UTF-8 QP parts, the plain part first."""
    mid, _ = outlook365_ids(seed, server="HE1PR0701MB2329")
    n = int(hexid("mac" + seed, 8), 16)
    boundary = f"B_36{n % 100000000:08d}_{(n // 7) % 1000000000:09d}"
    headers = [("From", frm), ("To", to or f"\"{EST}\" <{EST}>"), ("Subject", subject),
               ("Thread-Topic", subject), ("Thread-Index", thread_index(seed)), ("Date", date),
               ("Message-ID", mid), ("Accept-Language", "sv-SE, en-US"), ("Content-Language", "sv-SE"),
               ("X-MS-Has-Attach", ""), ("X-MS-TNEF-Correlator", ""),
               ("user-agent", "Microsoft-MacOutlook/10.10.0.180812"),
               ("Content-Type", f"multipart/alternative; boundary=\"{boundary}\""), ("MIME-Version", "1.0")]
    html_lines = "".join(f"<div>{html.escape(l, quote=False) or '<br>'}</div>" for l in text.split("\n"))
    page = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head>"
            f"<body><div style=\"font-family:Calibri;font-size:11pt\">{html_lines}</div></body></html>\n")
    alt = [text_part(text, "plain", "UTF-8", "quoted-printable"), text_part(page, "html", "UTF-8", "quoted-printable")]
    return part(headers, alt), mid


def phpmailer(*, frm, subject, date, seed, text, html_body, to=EST, host="www.vasteras.example"):
    """A municipal web form sending through PHPMailer 6: multipart/alternative `b1_` boundary,
    UTF-8 8bit parts, the MIME preamble, X-Mailer."""
    h = hexid("php" + seed, 32)
    mid = f"<{h}@{host}>"
    boundary = f"b1_{hexid('pb' + seed, 32)}"
    headers = [("Date", date), ("To", to), ("From", frm), ("Subject", subject), ("Message-ID", mid),
               ("X-Mailer", "PHPMailer 6.0.5 (https://github.com/PHPMailer/PHPMailer)"), ("MIME-Version", "1.0"),
               ("Content-Type", f"multipart/alternative;\r\n\tboundary=\"{boundary}\""),
               ("Content-Transfer-Encoding", "8bit")]
    alt = [text_part(text, "plain", "utf-8", "8bit", ct="text/plain; charset=utf-8"),
           text_part(html_body, "html", "utf-8", "8bit", ct="text/html; charset=utf-8")]
    top = part(headers, alt)
    top.preamble = "This is a multi-part message in MIME format."
    return top, mid


def iphone_mixed(*, frm, subject, date, seed, domain, pieces, to=EST):
    """iPhone Mail (iOS 12) with a photo placed between two paragraphs: multipart/mixed of
    text/plain, image/jpeg (inline) and text/plain, `Apple-Mail-<UUID>` boundary."""
    mid, _ = apple_ids(seed, domain)
    boundary = f"Apple-Mail-{uuid_upper('ipm' + seed)}"
    payload = []
    for kind, value in pieces:
        if kind == "text":
            cs = "us-ascii" if value.isascii() else "utf-8"
            payload.append(text_part(value, "plain", cs, "7bit" if value.isascii() else "quoted-printable",
                                     ct=f"text/plain;\r\n\tcharset={cs}", cte_first=False))
        else:
            payload.append(part([("Content-Type", f"image/jpeg;\r\n\tname={value}"),
                                 ("Content-Disposition", f"inline;\r\n\tfilename={value}"),
                                 ("Content-Transfer-Encoding", "base64")], b64_lines(JPEG)))
    headers = [("Content-Type", f"multipart/mixed;\r\n\tboundary={boundary}"),
               ("Content-Transfer-Encoding", "7bit"), ("From", frm), ("Mime-Version", "1.0 (1.0)"),
               ("Date", date), ("Subject", subject), ("Message-Id", mid), ("To", to),
               ("X-Mailer", "iPhone Mail (16A366)")]
    return part(headers, payload), mid


FWD_REPORT = D("""
    Område: Råby
    Plats: Trapphuset Fornminnesgatan 12, uppgång B
    Datum: igår
    Kategori: Klotter
    Beskrivning: Nytt klotter på väggen vid hissen.
    """)


def forwarded_report(mid, date):
    """What fixtures 75-79 give: FWD_REPORT from Anna, 'igår' read as Sunday 2 September."""
    return accepted(mid, date, ANNA[1], "mimer", [
        incident("raby", "Trapphuset Fornminnesgatan 12, uppgång B", "2018-09-02", ["KLOT"],
                 "Nytt klotter på väggen vid hissen.")])


@fixture("75-outlook365-forward-vb-header-block", "Outlook / Microsoft 365",
         "Outlook 365 for Windows (sv-SE) forward of a plain text mail: 'VB:' subject, nothing above the "
         "'____' line and the Från:/Skickat:/Till:/Ämne: block; 'igår' against the forwarded Skickat (Mon 3 Sep)")
def f75():
    text = ("\n\n________________________________\n"
            "Från: Jonas Berg <jonas.berg@mimer.example>\n"
            "Skickat: den 3 september 2018 21:10\n"
            "Till: Anna Lind <anna.lind@mimer.example>\n"
            "Ämne: Klotter i trapphuset\n\n" + FWD_REPORT + "\nMvh\nJonas\n")
    date = "Wed, 5 Sep 2018 07:12:40 +0000"
    top, mid = outlook365(frm=addr(ANNA), subject="VB: Klotter i trapphuset", date=date, seed="75", text=text,
                          charset="utf-8", thread_topic="Klotter i trapphuset")
    return top, forwarded_report(mid, date)


@fixture("76-outlook-mac-forward-datum-of-a-reply", "Outlook / Microsoft 365",
         "Outlook for Mac 16 forward: the forwarder's signature, then Från:/Datum:/Till:/Ämne: whose subject is "
         "itself 'SV:'; the outer 'VB:' says forward; 'igår' against the forwarded Datum (Mon 3 Sep)")
def f76():
    text = ("Mvh\nAnna\n\n"
            "Från: Jonas Berg <jonas.berg@mimer.example>\n"
            "Datum: måndag 3 september 2018 21:10\n"
            "Till: Anna Lind <anna.lind@mimer.example>\n"
            "Ämne: SV: Klotter i trapphuset\n\n" + FWD_REPORT)
    date = "Wed, 5 Sep 2018 09:40:02 +0200"
    top, mid = outlook_mac(frm=addr(ANNA, "outlook"), subject="VB: SV: Klotter i trapphuset", date=date, seed="76",
                           text=text)
    return top, forwarded_report(mid, date)


@fixture("77-iphone-forward-vidarebefordrat-mejl", "iPhone",
         "iPhone Mail (iOS 12, sv) forward: 'Skickat från min iPhone', then 'Vidarebefordrat mejl:' and the "
         "forwarded mail quoted with '> ' (its Datum in CEST): read unquoted, 'igår' against that Datum (Mon 3 Sep)")
def f77():
    quoted = "\n".join(("> " + l) if l else ">" for l in (
        "Från: Jonas Berg <jonas.berg@mimer.example>\n"
        "Datum: 3 september 2018 kl. 21:10:33 CEST\n"
        "Till: Anna Lind <anna.lind@mimer.example>\n"
        "Ämne: Klotter i trapphuset\n\n" + FWD_REPORT + "\nMvh\nJonas").split("\n"))
    text = "\n\nSkickat från min iPhone\n\nVidarebefordrat mejl:\n\n" + quoted + "\n"
    date = "Wed, 5 Sep 2018 07:55:12 +0200"
    top, mid = iphone(frm=addr(ANNA, "apple"), subject="Fwd: Klotter i trapphuset", date=date, seed="77",
                      domain="mimer.example", text=text)
    return top, forwarded_report(mid, date)


@fixture("78-apple-mail-forward-borjan-pa-vidarebefordrat-brev", "Apple Mail",
         "Apple Mail (macOS, sv) forward 'Början på vidarebefordrat brev:' with its Från:/Ämne:/Datum:/Till: block "
         "(Datum with a weekday and CEST); 'i förrgår' against the forwarded Datum")
def f78():
    text = ("\n\nBörjan på vidarebefordrat brev:\n\n"
            "Från: Jonas Berg <jonas.berg@mimer.example>\n"
            "Ämne: Klotter i trapphuset\n"
            "Datum: 4 september 2018 08:02:11 CEST\n"
            "Till: Anna Lind <anna.lind@mimer.example>\n\n"
            + FWD_REPORT.replace("Datum: igår", "Datum: i förrgår") + "\n")
    date = "Wed, 5 Sep 2018 08:20:00 +0200"
    top, mid = apple_mail(frm=addr(ANNA, "apple"), subject="Fwd: Klotter i trapphuset", date=date, seed="78",
                          domain="mimer.example", text=text)
    return top, forwarded_report(mid, date)


@fixture("79-gmail-forward-vidarebefordrat-meddelande", "Gmail",
         "Gmail (Swedish interface) forward '---------- Vidarebefordrat meddelande ---------' with "
         "Från:/Date:/Subject:/To: and nothing above; 'igår' against the forwarded Date (mån 3 sep.)")
def f79():
    text = ("---------- Vidarebefordrat meddelande ---------\n"
            "Från: Jonas Berg <jonas.berg@mimer.example>\n"
            "Date: mån 3 sep. 2018 kl 21:10\n"
            "Subject: Klotter i trapphuset\n"
            "To: Anna Lind <anna.lind@mimer.example>\n\n\n" + FWD_REPORT + "\n")
    date = "Wed, 5 Sep 2018 08:30:00 +0200"
    top, mid = gmail(frm=addr(ANNA, "gmail"), subject="Fwd: Klotter i trapphuset", date=date, seed="79", text=text)
    return top, forwarded_report(mid, date)


@fixture("80-iphone-text-photo-text", "iPhone",
         "iPhone Mail with a photo between two paragraphs: multipart/mixed text/plain (QP) + inline image/jpeg + "
         "text/plain (7bit); both text parts are read, in order, as one text")
def f80():
    first = "Område: Råby\nPlats: Lekplatsen vid Fornminnesgatan 20\nDatum: idag\nKategori: Skadegörelse\n" \
            "Beskrivning: Gungan är sönderskuren, se bilden."
    second = "\nTid: morgon\nPolisanmalt: nej\n\nSkickat fran min iPhone"
    date = "Wed, 5 Sep 2018 08:41:09 +0200"
    top, mid = iphone_mixed(frm=addr(ANNA, "apple"), subject="Lekplatsen", date=date, seed="80",
                            domain="mimer.example", pieces=[("text", first), ("image", "IMG_0412.jpeg"),
                                                            ("text", second)])
    return top, accepted(mid, date, ANNA[1], "mimer", [
        incident("raby", "Lekplatsen vid Fornminnesgatan 20", "2018-09-05", ["SKAD"],
                 "Gungan är sönderskuren, se bilden.", time_of_day="morgon", police="no")])


@fixture("81-apple-mail-plain-text-photo-text", "Apple Mail",
         "Apple Mail in plain-text mode with a photo placed inside the text: multipart/mixed text/plain, inline "
         "image/jpeg, text/plain; the fields after the photo are read too")
def f81():
    mid, boundary = apple_ids("81", "vasteras.example")
    first = text_part("Hej!\n\nOmråde: Hammarby\nPlats: Fritidsgården, baksidan\nDatum: 4/9\n", "plain", "utf-8",
                      "quoted-printable", ct="text/plain;\r\n\tcharset=utf-8", cte_first=True)
    jpeg = part([("Content-Disposition", "inline;\r\n\tfilename=IMG_7781.jpg"),
                 ("Content-Type", "image/jpeg;\r\n\tx-unix-mode=0644;\r\n\tname=\"IMG_7781.jpg\""),
                 ("Content-Transfer-Encoding", "base64")], b64_lines(JPEG))
    second = text_part("\nKategori: Nedskräpning\nBeskrivning: Grovsopor dumpade vid entrén, se bild.\n\n"
                       "Hälsningar\nFritidsgården Hammarby\n", "plain", "utf-8", "quoted-printable",
                       ct="text/plain;\r\n\tcharset=utf-8", cte_first=True)
    date = "Wed, 5 Sep 2018 10:02:00 +0200"
    headers = [("From", addr(FRITIDS, "apple")),
               ("Content-Type", f"multipart/mixed;\r\n\tboundary=\"{boundary}\""),
               ("Mime-Version", "1.0 (Mac OS X Mail 11.5 \\(3445.9.1\\))"), ("Subject", "Grovsopor"),
               ("Message-Id", mid), ("Date", date), ("To", EST), ("X-Mailer", "Apple Mail (2.3445.9.1)")]
    return part(headers, [first, jpeg, second]), accepted(mid, date, FRITIDS[1], "hammarby-fritidsgard", [
        incident("hammarby", "Fritidsgården, baksidan", "2018-09-04", ["SKRP"],
                 "Grovsopor dumpade vid entrén, se bild.")])


WEBFORM_ROWS = [("Område", "Bäckby"), ("Plats", "Bäckby centrum, vid pantmaskinen"), ("Datum", "2018-09-04"),
                ("Tid", "19:30"), ("Kategori", "Stök/ordningsstörning"),
                ("Beskrivning", "Ett tiotal ungdomar kastade smällare mot entrén."), ("Antal personer", "ca 10")]


@fixture("82-webform-plain-run-together", "system / server mail",
         "a municipal web form (PHPMailer) whose text/plain alternative runs every field into one line, next to a "
         "good HTML part of <p> lines: the HTML is read; 'Stök/ordningsstörning' without spaces round the slash")
def f82():
    plain = " ".join(f"{k}: {v}" for k, v in WEBFORM_ROWS) + "\n"
    page = ("<!DOCTYPE html><html><body>"
            + "".join(f"<p><b>{html.escape(k)}:</b> {html.escape(v)}</p>" for k, v in WEBFORM_ROWS)
            + "</body></html>\n")
    date = "Wed, 5 Sep 2018 10:15:00 +0200"
    top, mid = phpmailer(frm=addr(ICA), subject="EST-rapport från webbformuläret", date=date, seed="82",
                         text=plain, html_body=page)
    return top, accepted(mid, date, ICA[1], "ica-backby", [
        incident("backby-skalby", "Bäckby centrum, vid pantmaskinen", "2018-09-04", ["STOK"],
                 "Ett tiotal ungdomar kastade smällare mot entrén.", time="19:30", persons=10)])


@fixture("83-system-plain-see-html", "system / server mail",
         "a case system whose text/plain alternative only says 'Detta meddelande är i HTML-format.' next to an HTML "
         "report in <br> lines (windows-1252 QP): the HTML is read")
def f83():
    mid = "<20180905083000.4711.est@arende.mimer.example>"
    lines = [f"{k}: {v}" for k, v in [("Område", "Hammarby"), ("Plats", "Garaget Hammarbyvägen 3"),
                                       ("Datum", "2018-09-04"), ("Kategori", "Inbrott"),
                                       ("Beskrivning", "Uppbrutet förråd i garaget."), ("Polisanmält", "ja")]]
    page = "<html><body><font face=\"Arial\">" + "<br>\n".join(html.escape(l) for l in lines) + "</font></body></html>\n"
    date = "Wed, 5 Sep 2018 08:30:00 +0200"
    headers = [("Date", date), ("From", addr(OLLE)), ("To", EST), ("Subject", "Ärende 2018-0912: inbrott"),
               ("Message-ID", mid), ("MIME-Version", "1.0"),
               ("Content-Type", "multipart/alternative; boundary=\"=_alt_4711\"")]
    alt = [text_part("Detta meddelande är i HTML-format.\n", "plain", "windows-1252", "quoted-printable"),
           text_part(page, "html", "windows-1252", "quoted-printable")]
    return part(headers, alt), accepted(mid, date, OLLE[1], "mimer", [
        incident("hammarby", "Garaget Hammarbyvägen 3", "2018-09-04", ["INBR"], "Uppbrutet förråd i garaget.",
                 police="yes")])


def excel_table_html(rows):
    """An Excel range pasted into Outlook (Word HTML): a table of cells holding MsoNormal paragraphs."""
    out = ["<table border=0 cellspacing=0 cellpadding=0 width=0 style='width:600.0pt;border-collapse:collapse'>"]
    for r in rows:
        out.append("<tr style='height:15.0pt'>")
        for c in r:
            out.append("<td nowrap valign=bottom style='padding:0cm 3.5pt 0cm 3.5pt;height:15.0pt'>"
                       f"<p class=MsoNormal><span style='color:black'>{html.escape(c, quote=False)}<o:p></o:p>"
                       "</span></p></td>")
        out.append("</tr>")
    out.append("</table>")
    return out


@fixture("84-outlook-excel-range-table", "Outlook / Microsoft 365",
         "an Excel range pasted into Outlook 365: HTML table with a header row (Område, Plats, Datum, Kategori, "
         "Beskrivning) and one incident per row; the plain alternative has tab-separated rows without labels, so "
         "the HTML is read; each row an incident")
def f84():
    rows = [("Område", "Plats", "Datum", "Kategori", "Beskrivning"),
            ("Råby", "Fornminnesgatan 12", "2018-09-03", "Klotter", "Taggar på porten"),
            ("Råby", "Råby centrum", "2018-09-04", "Skräp", "Krossade flaskor vid bänkarna"),
            ("Hammarby", "Hammarbyskolan", "2018-09-04", "Skadegörelse", "Sönderslagen ruta i matsalen")]
    text = "Hej,\n\nveckans händelser:\n\n" + "\n".join("\t".join(r) for r in rows) + "\n\nMvh\nAnna\n"
    html_lines = ["Hej,", "", "veckans händelser:", ""] + excel_table_html(rows) + ["", "Mvh", "Anna"]
    date = "Wed, 5 Sep 2018 11:00:00 +0000"
    top, mid = outlook365(frm=addr(ANNA), subject="EST v.36 Råby/Hammarby", date=date, seed="84", text=text,
                          html_lines=[])
    # The HTML part: Outlook's paragraphs around the pasted table (raw markup, not escaped).
    page = outlook_html(["Hej,", "", "veckans händelser:", ""])
    page = page.replace("</div>\n</body>", "\n".join(excel_table_html(rows)) + "\n<p class=\"MsoNormal\">Mvh<o:p></o:p></p>\n"
                        "<p class=\"MsoNormal\">Anna<o:p></o:p></p>\n</div>\n</body>")
    top.get_payload()[1].set_payload(encode_body(page, "iso-8859-1", "quoted-printable"))
    del html_lines
    return top, accepted(mid, date, ANNA[1], "mimer", [
        incident("raby", "Fornminnesgatan 12", "2018-09-03", ["KLOT"], "Taggar på porten"),
        incident("raby", "Råby centrum", "2018-09-04", ["SKRP"], "Krossade flaskor vid bänkarna"),
        incident("hammarby", "Hammarbyskolan", "2018-09-04", ["SKAD"], "Sönderslagen ruta i matsalen")])


@fixture("85-webform-html-table-header-row", "system / server mail",
         "a web form's HTML-only summary: a <th> header row with synonyms (Stadsdel, Adress, Dag, Händelsetyp, "
         "Vad hände, Kl) over two <td> rows: two incidents")
def f85():
    head = ["Stadsdel", "Adress", "Dag", "Kl", "Händelsetyp", "Vad hände"]
    rows = [["Hammarby", "Hammarby centrum", "3/9", "21:00", "Bråk", "Högljutt bråk utanför pizzerian"],
            ["Hammarby", "Busshållplatsen Hammarby torg", "4/9", "", "Nedskräpning", "Skräp överallt i busskuren"]]
    page = ("<html><head><style>td{padding:4px}</style></head><body><h3>Ny rapport</h3><table>"
            "<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr></thead><tbody>"
            + "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
            + "</tbody></table><p>Skickat via vasteras.example/est</p></body></html>\n")
    mid = f"<{hexid('85', 32)}@www.vasteras.example>"
    date = "Wed, 5 Sep 2018 12:00:00 +0200"
    headers = [("Date", date), ("To", EST), ("From", addr(FRITIDS)), ("Subject", "Ny rapport"), ("Message-ID", mid),
               ("X-Mailer", "PHPMailer 6.0.5 (https://github.com/PHPMailer/PHPMailer)"), ("MIME-Version", "1.0"),
               ("Content-Type", "text/html; charset=utf-8"), ("Content-Transfer-Encoding", "8bit")]
    return part(headers, encode_body(page, "utf-8", "8bit")), accepted(mid, date, FRITIDS[1], "hammarby-fritidsgard", [
        incident("hammarby", "Hammarby centrum", "2018-09-03", ["STOK"], "Högljutt bråk utanför pizzerian",
                 time="21:00"),
        incident("hammarby", "Busshållplatsen Hammarby torg", "2018-09-04", ["SKRP"], "Skräp överallt i busskuren")])


@fixture("86-thunderbird-bold-labels-dashes", "Thunderbird",
         "Thunderbird's plain rendering of bold labels ('*Område:* Hammarby'), an en dash and an em dash as "
         "separators ('Plats – …', 'Kategori — …') as AutoFormat writes them")
def f86():
    text = D("""
        Hej,

        *Område:* Hammarby
        Plats – Hammarby torg, vid kiosken
        *Datum:* 4/9
        Kategori — Klotter
        *Beskrivning:* Stora taggar på kioskens baksida.

        Hälsningar
        Olle
        """)
    date = "Wed, 5 Sep 2018 13:00:00 +0200"
    top, mid = thunderbird(frm=addr(OLLE, "thunderbird"), subject="Klotter Hammarby torg", date=date, seed="86",
                           domain="mimer.example", text=text, flowed=True)
    return top, accepted(mid, date, OLLE[1], "mimer", [
        incident("hammarby", "Hammarby torg, vid kiosken", "2018-09-04", ["KLOT"],
                 "Stora taggar på kioskens baksida.")])


@fixture("87-script-bom-bullets", "system / server mail",
         "a PowerShell Send-MailMessage script whose body starts with a UTF-8 byte-order mark (base64), labels "
         "after bullets '•', '-', '*' and '·'")
def f87():
    text = "\ufeff• Område: Skälby\n- Plats: Skälby gård, cykelförrådet\n* Datum: 2018-09-04\n" \
           "· Kategori: Inbrott\n• Beskrivning: Cykelförrådet uppbrutet under natten.\n"
    mid = "<OF1A2B3C4D.5E6F7081-ONC1258301.002F1A2B@mimer.example>"
    date = "Wed, 5 Sep 2018 06:00:00 +0200"
    headers = [("MIME-Version", "1.0"), ("From", addr(MARIA)), ("To", EST), ("Date", date),
               ("Subject", "Automatisk rapport"), ("Content-Type", "text/plain; charset=utf-8"),
               ("Content-Transfer-Encoding", "base64"), ("Message-Id", mid)]
    return part(headers, encode_body(text, "utf-8", "base64")), accepted(mid, date, MARIA[1], "mimer", [
        incident("backby-skalby", "Skälby gård, cykelförrådet", "2018-09-04", ["INBR"],
                 "Cykelförrådet uppbrutet under natten.")])


@fixture("88-outlook-handelse-av-own-words", "Outlook / Microsoft 365",
         "headings 'Händelse 1 av 2' / 'Händelse 2 av 2', categories retyped as our acknowledgment writes them "
         "('Hot/trakasserier', 'Klotter (KLOT)')")
def f88():
    text = D("""
        Händelse 1 av 2
        Område: Råby
        Plats: Råbyskolans entré
        Datum: 4/9
        Kategori: Hot/trakasserier
        Beskrivning: En vuxen man hotade en vaktmästare.

        Händelse 2 av 2
        Område: Råby
        Plats: Råbyskolans gymnastiksal
        Datum: 4/9
        Kategori: Klotter (KLOT)
        Beskrivning: Taggar på dörren.
        """)
    date = "Wed, 5 Sep 2018 07:00:00 +0000"
    top, mid = outlook365(frm=addr(REKTOR), subject="EST v.36", date=date, seed="88", text=text)
    return top, accepted(mid, date, REKTOR[1], "rabyskolan", [
        incident("raby", "Råbyskolans entré", "2018-09-04", ["HOT"], "En vuxen man hotade en vaktmästare."),
        incident("raby", "Råbyskolans gymnastiksal", "2018-09-04", ["KLOT"], "Taggar på dörren.")])


@fixture("89-gmail-redact-samordningsnummer-wrapped-phone", "Gmail",
         "a samordningsnummer (day + 60), a personnummer with a space, a phone number split by the client's line "
         "wrap are removed; a police diary number K-123456-18 stays")
def f89():
    text = D("""
        Område: Bäckby
        Plats: Bäckby centrum
        Datum: 4/9
        Kategori: Hot
        Beskrivning: Mannen (850372-4411) hotade en kassörska, hans kompis 850312 4411 också. Vittnet nås på 070-123
        45 67. Polisen har diarienummer K-123456-18.
        """)
    date = "Wed, 5 Sep 2018 09:00:00 +0200"
    top, mid = gmail(frm=addr(ICA), subject="Hot i butiken", date=date, seed="89", text=text)
    return top, accepted(mid, date, ICA[1], "ica-backby", [
        incident("backby-skalby", "Bäckby centrum", "2018-09-04", ["HOT"],
                 "Mannen ([borttaget]) hotade en kassörska, hans kompis [borttaget] också. Vittnet nås på [borttaget]. "
                 "Polisen har diarienummer K-123456-18.", redacted=True)])


@fixture("90-iphone-dates-times-spoken", "iPhone",
         "dates and times as people say them: 'mån 3/9' + 'vid 22-tiden', '4:e september' + 'sent på kvällen', "
         "'180902' + 'runt midnatt', 'igår' + 'under natten'")
def f90():
    blocks = [("mån 3/9", "vid 22-tiden"), ("4:e september", "sent på kvällen"), ("180902", "runt midnatt"),
              ("igår", "under natten")]
    text = "\n\n".join(f"Område: Råby\nPlats: Parkeringen Fornminnesgatan\nDatum: {d}\nTid: {t}\n"
                       f"Kategori: Buskörning\nBeskrivning: Mopeder i full fart." for d, t in blocks)
    text += "\n\nSkickat från min iPhone\n"
    date = "Wed, 5 Sep 2018 08:00:00 +0200"
    top, mid = iphone(frm=addr(JONAS, "apple"), subject="Mopeder", date=date, seed="90", domain="mimer.example",
                      text=text)
    def inc(day, **kw):
        return incident("raby", "Parkeringen Fornminnesgatan", day, ["FORD"], "Mopeder i full fart.", **kw)
    return top, accepted(mid, date, JONAS[1], "mimer", [
        inc("2018-09-03", time="22:00"), inc("2018-09-04", time_of_day="kvall"), inc("2018-09-02", time="00:00"),
        inc("2018-09-04", time_of_day="natt")])


@fixture("91-err-ambiguous-time", "Gmail", "time 'kväll eller natt' stays ambiguous: an error that says how to write it")
def f91():
    text = D("""
        Område: Hammarby
        Plats: Hammarby torg
        Datum: 4/9
        Tid: kväll eller natt
        Kategori: Klotter
        Beskrivning: Nya taggar.
        """)
    date = "Wed, 5 Sep 2018 09:10:00 +0200"
    top, mid = gmail(frm=addr(OLLE), subject="Klotter", date=date, seed="91", text=text)
    return top, rejected(mid, date, OLLE[1], "mimer", [diag(1, "Tid", 4)])


@fixture("92-outlook-coordinates-dms-and-map-links", "Outlook / Microsoft 365",
         "Koordinater as degrees and minutes ('59°37'N 16°33'E'), with seconds, a Google Maps '/@lat,lon,17z' link "
         "and an OpenStreetMap '#map=' link")
def f92():
    coords = ["59°37'N 16°33'E", "59°37'12\"N, 16°33'05\"E", "https://www.google.com/maps/@59.6162,16.5528,17z",
              "https://www.openstreetmap.org/#map=18/59.61620/16.55280"]
    text = "\n---\n".join(f"Område: Råby\nPlats: Råbyskogen\nDatum: 4/9\nKategori: Samling\nBeskrivning: Tillhåll i "
                          f"skogen.\nKoordinater: {c}" for c in coords) + "\n"
    date = "Wed, 5 Sep 2018 09:20:00 +0000"
    top, mid = outlook365(frm=addr(ANNA), subject="Tillhåll", date=date, seed="92", text=text, charset="utf-8")
    def inc(lat, lon):
        return incident("raby", "Råbyskogen", "2018-09-04", ["SAML"], "Tillhåll i skogen.", coords=(lat, lon))
    return top, accepted(mid, date, ANNA[1], "mimer", [
        inc(59 + 37 / 60, 16 + 33 / 60), inc(59 + 37 / 60 + 12 / 3600, 16 + 33 / 60 + 5 / 3600),
        inc(59.6162, 16.5528), inc(59.6162, 16.5528)])


@fixture("93-iphone-apple-maps-link", "iPhone",
         "an Apple Maps link shared from the iPhone ('https://maps.apple.com/?q=…&sll=59.6162,16.5528…') and a "
         "Google Maps '?q=' link in Position")
def f93():
    text = D("""
        Område: Råby
        Plats: Gångtunneln under Råbyleden
        Datum: idag
        Kategori: Trasig belysning
        Beskrivning: Mörkt i tunneln.
        Position: https://maps.apple.com/?q=G%C3%A5ngtunnel&sll=59.6162,16.5528&z=16&t=m

        Område: Råby
        Plats: Busshållplatsen Råby centrum
        Datum: idag
        Kategori: Trasig belysning
        Beskrivning: Lampan i busskuren är trasig.
        Position: https://www.google.com/maps?q=59.6170,16.5540

        Skickat från min iPhone
        """)
    date = "Wed, 5 Sep 2018 21:00:00 +0200"
    top, mid = iphone(frm=addr(ANNA, "apple"), subject="Belysning", date=date, seed="93", domain="mimer.example",
                      text=text)
    return top, accepted(mid, date, ANNA[1], "mimer", [
        incident("raby", "Gångtunneln under Råbyleden", "2018-09-05", ["PLTS"], "Mörkt i tunneln.",
                 coords=(59.6162, 16.5528)),
        incident("raby", "Busshållplatsen Råby centrum", "2018-09-05", ["PLTS"], "Lampan i busskuren är trasig.",
                 coords=(59.6170, 16.5540))])


@fixture("94-zero-subject-only-iphone", "iPhone",
         "zero report in the Subject only ('Inga händelser'), the body only 'Skickat från min iPhone'")
def f94():
    date = "Wed, 5 Sep 2018 16:00:00 +0200"
    top, mid = iphone(frm=addr(GUARD_PATROL, "apple"), subject=ew_q("Inga händelser", "utf-8"), date=date, seed="94",
                      domain="vasteras.nordicguard.example", text="\n\nSkickat från min iPhone\n")
    return top, zero_report(mid, date, GUARD_PATROL[1], "nordic-guard")


@fixture("95-zero-named-week-v40", "Outlook / Microsoft 365",
         "'Nollrapport v.40' sent on Wednesday 10 October 2018 (week 41) counts for week 40")
def f95():
    date = "Wed, 10 Oct 2018 08:00:00 +0000"
    top, mid = outlook365(frm=addr(ANNA), subject="Nollrapport", date=date, seed="95",
                          text="Hej,\n\nNollrapport v.40\n\nMvh\nAnna\n")
    return top, zero_report(mid, date, ANNA[1], "mimer", week="2018-W40")


@fixture("96-zero-subject-named-week-gmail", "Gmail",
         "zero report in the Subject for a named week ('EST nollrapport vecka 39') with an empty body, sent in week 41")
def f96():
    date = "Wed, 10 Oct 2018 09:00:00 +0200"
    top, mid = gmail(frm=addr(REKTOR), subject="EST nollrapport vecka 39", date=date, seed="96", text="\n")
    return top, zero_report(mid, date, REKTOR[1], "rabyskolan", week="2018-W39")


@fixture("97-err-zero-future-week", "Outlook / Microsoft 365",
         "'Inga händelser v.42' sent in week 41 names a week that has not ended: rejected")
def f97():
    date = "Wed, 10 Oct 2018 08:00:00 +0000"
    top, mid = outlook365(frm=addr(ANNA), subject="Nollrapport", date=date, seed="97",
                          text="Inga händelser v.42\n\nMvh\nAnna\n")
    return top, rejected(mid, date, ANNA[1], "mimer", [diag(None, None, 1)])


@fixture("98-err-area-typo", "Gmail", "unknown area 'Råbyy' (the message suggests Råby)")
def f98():
    text = D("""
        Område: Råbyy
        Plats: Råbyvägen 2
        Datum: 4/9
        Kategori: Klotter
        Beskrivning: Taggar på elskåpet.
        """)
    date = "Wed, 5 Sep 2018 10:00:00 +0200"
    top, mid = gmail(frm=addr(JONAS), subject="Klotter", date=date, seed="98", text=text)
    return top, rejected(mid, date, JONAS[1], "mimer", [diag(1, "Område", 1)])


@fixture("99-err-field-name-typo", "Outlook / Microsoft 365",
         "a misspelt field name 'Beskrivnig:' is read as Beskrivning and rejected with a did-you-mean "
         "(no second error for a missing Beskrivning)")
def f99():
    text = D("""
        Område: Hammarby
        Plats: Hammarbyskolan
        Datum: 4/9
        Kategori: Skadegörelse
        Beskrivnig: Krossad ruta i entrén.
        """)
    date = "Wed, 5 Sep 2018 08:00:00 +0000"
    top, mid = outlook365(frm=addr(OLLE), subject="Krossad ruta", date=date, seed="99", text=text)
    return top, rejected(mid, date, OLLE[1], "mimer", [diag(1, "Beskrivning", 5)])


@fixture("100-outlook2016-bullet-list-en-dash", "Outlook / Microsoft 365",
         "Outlook 2016 (windows-1252 QP) plain rendering of a bulleted list ('·' and spaces before each label) with "
         "AutoFormat's en dash as separator ('Område – Råby')")
def f100():
    text = ("Hej,\n\n"
            + "".join(f"\u00b7         {l}\n" for l in [
                "Område – Råby", "Plats – Råby centrum, vid apoteket", "Datum – 4/9", "Kategori – Klotter",
                "Beskrivning – Taggar på skyltfönstret."])
            + "\nMed vänlig hälsning\nMaria Nyström\n")
    date = "Wed, 5 Sep 2018 09:30:00 +0200"
    top, mid = outlook_desktop(frm=addr(MARIA, "outlook"), subject="Klotter Råby centrum", date=date, seed="100",
                               domain="mimer.example", text=text)
    return top, accepted(mid, date, MARIA[1], "mimer", [
        incident("raby", "Råby centrum, vid apoteket", "2018-09-04", ["KLOT"], "Taggar på skyltfönstret.")])


@fixture("101-apple-mail-handelse-av-slash-category", "Apple Mail",
         "Apple Mail plain text: 'Händelse 1 av 2:' / 'Händelse 2 av 2:' headings, categories retyped without spaces "
         "round '/' ('Brand/anlagd brand') and as our did-you-mean writes them ('Stök/ordningsstörning (STOK)')")
def f101():
    text = D("""
        Händelse 1 av 2:
        Område: Skälby
        Plats: Återvinningsstationen Skälby
        Datum: 4/9
        Kategori: Brand/anlagd brand
        Beskrivning: Containern brann, räddningstjänsten släckte.

        Händelse 2 av 2:
        Område: Skälby
        Plats: Skälby torg
        Datum: 4/9
        Kategori: Stök/ordningsstörning (STOK)
        Beskrivning: Smällare mot fönstren.

        Hälsningar
        Maria
        """)
    date = "Wed, 5 Sep 2018 11:30:00 +0200"
    top, mid = apple_mail(frm=addr(MARIA, "apple"), subject="EST v.36 Skälby", date=date, seed="101",
                          domain="mimer.example", text=text, alternative=False)
    return top, accepted(mid, date, MARIA[1], "mimer", [
        incident("backby-skalby", "Återvinningsstationen Skälby", "2018-09-04", ["BRND"],
                 "Containern brann, räddningstjänsten släckte."),
        incident("backby-skalby", "Skälby torg", "2018-09-04", ["STOK"], "Smällare mot fönstren.")])


@fixture("102-outlook2010-wrap-76-redaction", "Outlook / Microsoft 365",
         "Outlook 2010 plain text wrapped at 76 characters (its 'wrap text at' setting): the wrap splits a phone "
         "number ('070-123' / '45 67'); a samordningsnummer and a personnummer written with a space; K-123456-18 stays")
def f102():
    text = ("Område: Råby\nPlats: Fornminnesgatan 20\nDatum: 4/9\nKategori: Hot\n"
            "Beskrivning: En man (samordningsnummer 850372-4411) hotade bovärden, ring 070-123\n"
            "45 67 för vittnet. Även 850312 4411 var med. Polisens diarienummer är\n"
            "K-123456-18.\n\nMvh\nJonas\n")
    date = "Wed, 5 Sep 2018 12:10:00 +0200"
    top, mid = outlook_desktop(frm=addr(JONAS), subject="Hot mot bovärd", date=date, seed="102",
                               domain="mimer.example", text=text, html=False, charset="iso-8859-1",
                               mailer="Microsoft Outlook 14.0")
    return top, accepted(mid, date, JONAS[1], "mimer", [
        incident("raby", "Fornminnesgatan 20", "2018-09-04", ["HOT"],
                 "En man (samordningsnummer [borttaget]) hotade bovärden, ring [borttaget] för vittnet. "
                 "Även [borttaget] var med. Polisens diarienummer är\nK-123456-18.", redacted=True)])


# =============================================================================================
# README and main

README_HEAD = """\
# est-gateway test corpus

Generated by `scripts/corpus/make_corpus.py` (Python 3 standard library, deterministic: re-running it
reproduces every file byte for byte). Do not edit the files here by hand; change the script.

- `messages/NN-name.eml`: the raw message as the client sends it (CRLF line ends), built with Python's
  `email` package in the header order, MIME structure, boundary style and transfer encoding of that client.
- `expected/NN-name.json`: the result the `parse` command must give, in the JSON format of
  `shared/spec/report-format.md`, written by hand from the spec (not produced by any parser), read with
  `config/est-gateway.example.yaml`. A fixture whose JSON has `"config": {"authserv_id": "mx.vasteras.example"}`
  must be read with that setting instead of the file's empty `authserv_id`.
- `scripts/corpus/pydump.py DIR` prints, per message, Python's reading of Subject, From and the preferred
  body part (`email.policy.default`), one JSON object per line: a reference for the MIME layer.

## How to compare

- `errors` and `warnings` carry `incident`, `field` and, where the line is certain, `line`; their `message`
  text is not fixed and is left out. Compare each entry on the keys present in the expected entry. A `line`
  is the 1-based line number in the readable body text after transfer decoding (the text/plain part when
  there is one); `line` is given only for plain, non-flowed text bodies. The order of entries is by
  incident, then line; a missing field (which has no line) is listed before the line-numbered entries of
  its incident.
- `incidents` compare in order, every field exactly.
- `defects` lists what the MIME reader must record as repaired (`part` in IMAP BODY section numbering,
  `""` for the message itself, and `code`); compared as a multiset of part and code, the `description`
  text is not fixed and is left out. An empty list means the message is well-formed.

## Decisions where the spec is silent

1. `field` names the canonical field as in the spec's table (`Område`, `Plats`, `Datum`, `Kategori`,
   `Beskrivning`, `Tid`, `Platstyp`, `Antal personer`, `Bedömning`, `Polisanmält`, `Åtgärd`,
   `Återkommande`, `Koordinater`, `Organisation`), whichever synonym the reporter wrote.
2. A line ignored after a non-free-text field is warned about with `field` = the field whose value it
   followed (fixture 37) and `line` = the ignored line.
3. One error per missing required field: the incident number and the field, no `line`.
4. A mail from a registered sender with no field lines and no zero-report line (e.g. `hjälp`) is
   `rejected` with one error whose `incident` and `field` are null (fixture 49); the reply explains the format.
5. Free-text values (Plats, Beskrivning, Åtgärd) that run over several lines keep their line breaks: the
   lines are joined with `\\n`, trailing white space is trimmed from each line, a blank line inside the
   value stays as an empty line, and leading/trailing blank lines are dropped (fixture 74). A field name
   with an empty value followed by text lines takes those lines as its value.
6. `categories` lists codes in the order written, each code once (`Bråk, berusade` gives `["STOK"]`).
   A synonym containing a separator word matches as a whole like a name does.
7. `time_to` is null when one time is given; `kl 21` gives `21:00`. A part of the day gives `time_of_day`
   only, with `time_from`/`time_to` null.
8. `week` is the ISO week of the outer mail's Date header in Europe/Stockholm for accepted and rejected
   mail (also when the report is read from a forwarded message), and null for ignored and quarantined mail.
9. `sender`/`organisation` are filled whenever the From address is registered, also for ignored mail
   (auto-replies, list mail) and for mail quarantined as `authentication-failed` (the From claims that
   organisation; the quarantine reason says the claim failed). They are null for unregistered senders,
   bounces from mailer daemons, our own address, and `bad-from`.
10. When the police (`may_report_for_others`) name another organisation in `Organisation:`/`Verksamhet:`,
    `organisation` is that organisation's id and `sender` stays the police address (fixture 39). From any
    other sender the field is ignored with a warning on its line; the warning's `incident` is null, since
    the organisation belongs to the whole mail, not to one incident (fixture 38).
11. `message_id` keeps the angle brackets; it is null when the header is absent (fixture 64).
12. A vacation reply with `Return-Path: <>` is ignored as `bounce`, not `auto-reply`: rule 1 counts a null
    sender as a bounce and `bounce` comes first in the reason order (fixture 53).
13. A date exactly 60 days before the mail's date is accepted without warning; 61 days gives the warning
    (fixture 73). "förra måndagen" is read like "i måndags" (latest Monday strictly before the mail's date).
14. Personal data in free text is replaced by `[borttaget]` one for one (the number or address only, the
    surrounding text stays); `redacted` is per incident.
15. `*.nordicguard.example` matches subdomains such as `vasteras.nordicguard.example`; `mimer.example`
    (written without `*.`) does not match `fastighet.mimer.example` (fixture 61). An organisation with an
    empty `areas` list may report for every area (as `Organisation.mayReport(area:)` in Sources/Domain says).
16. `pydump.py` reads a From without any `@` address as a parse error (null), and shows raw 8-bit header
    bytes as UTF-8.
17. The header block of an inline forward (Gmail's `Från:`/`Date:`/`Subject:`/`To:`, Thunderbird's
    `Ämne:`/`Datum:`/`Från:`/`Till:`) belongs to the forward marker and is not read as field lines, although
    `Date` and `Datum` are field names (fixtures 08, 14). The report starts after that block.
18. When a mail has both text/plain and text/html, the text/plain part is the readable body; HTML is turned
    into text only when there is no plain part (fixture 01). A `message/rfc822` attachment is the readable
    body when the outer text holds no field lines (fixture 13).
19. A police report naming the police themselves (`Verksamhet: Polisen Västerås`) gives no warning
    (fixture 17).
20. An Outlook header block (`Från:` + `Skickat:`/`Datum:`/`Sent:`) is a forward, and the report is read
    below it against its date, when the outer Subject says forward (`VB:`, `Fwd:`, `FW:`) and no field line
    stands above it (fixture 76: also after the forwarder's signature, and when the forwarded mail was itself a
    reply), or when nothing but blank and `____` lines stands above it and the Subject does not say reply
    (fixture 75). With a reply Subject (`SV:`, `Re:`) the block is a quoted earlier mail and is cut.
21. An iPhone forward (`Vidarebefordrat mejl:`, Apple Mail's `Början på vidarebefordrat brev:`) whose
    forwarded mail is quoted with `>` is read with one level of quoting taken off (fixture 77); line numbers
    stay those of the body.
22. In a multipart/mixed every inline text part is read, in order, joined by a line break (fixtures 80, 81);
    Python's `get_body` (the differential test) still names the first one.
23. A multipart/alternative's text/plain part gives way to the HTML when it has fewer than three label lines
    (`Fält:` at a line start) while the HTML has at least three and more than twice as many, or when it has at
    most two lines and the HTML four times as many (fixtures 82, 83, 84); otherwise decision 18 holds.
24. An HTML table whose first row has three or more short cells without a colon, followed by rows of as many
    cells, is read as a header row over one incident per row: `header: cell` lines (empty cells left out), a
    `---` line after each row (fixtures 84, 85). A two-column table stays `label: value` per row.
25. `runt midnatt` / `vid midnatt` is the clock time 00:00 (midnight ends kväll and starts natt, so it is
    neither part of the day); `kväll eller natt` is an error (fixture 91). A phone number split by a line
    wrap is replaced with the line break it spans (fixture 89).
26. A zero report may stand in the Subject alone when the body (after stripping) holds nothing but
    greetings (fixtures 94, 96). A zero report naming a week (`Nollrapport v.40`, `vecka 39`, `v40`) counts
    for that week: `week` is the named week (fixtures 95, 96); this week or a past one (a week number more
    than 26 ahead is last year's), and a week up to 26 ahead is an error with no incident or field (fixture 97).
27. A label one or two letters from a field name (`Beskrivnig:`) is read as that field and the mail is
    rejected with one error on that line, `field` the field it was read as, whose message says
    `okänt fält "Beskrivnig" — menade du Beskrivning?` (fixture 99); an area typo gets
    `okänt område "Råbyy" — menade du Råby?` (fixture 98).
28. Coordinates may be degrees-minutes(-seconds) with N/S/E/W (also Ö/V), or a Google Maps, Apple Maps or
    OpenStreetMap link holding the position (the pin's `mlat`/`mlon`, `!3d…!4d…`, `q`/`ll`/`sll` before the
    map centre `@lat,lon` / `#map=z/lat/lon`); JSON `lat`/`lon` are deg + min/60 + sec/3600 unrounded
    (fixtures 92, 93).

## Fixtures

| File | Client shape | Status | What it tests |
|---|---|---|---|
"""


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "Tests", "Corpus")
    msg_dir, exp_dir = os.path.join(out, "messages"), os.path.join(out, "expected")
    os.makedirs(msg_dir, exist_ok=True)
    os.makedirs(exp_dir, exist_ok=True)
    names = [f[0] for f in FIXTURES]
    assert len(set(names)) == len(names)
    for d, ext in ((msg_dir, ".eml"), (exp_dir, ".json")):
        for f in os.listdir(d):
            if f.endswith(ext) and f[:-len(ext)] not in names:
                os.remove(os.path.join(d, f))
    rows, counts = [], {}
    for name, shape, tests, builder in FIXTURES:
        msg, expected = builder()
        data = msg if isinstance(msg, bytes) else serialise(msg)
        assert b"\n" not in data.replace(b"\r\n", b""), name
        with open(os.path.join(msg_dir, name + ".eml"), "wb") as fh:
            fh.write(data)
        with open(os.path.join(exp_dir, name + ".json"), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(json.dumps(expected, ensure_ascii=False, indent=2) + "\n")
        status = expected["status"] + (f" ({expected['reason']})" if expected["reason"] else "")
        if expected.get("zero_report"):
            status += ", zero report"
        rows.append(f"| `{name}` | {shape} | {status} | {tests.replace('|', '/')} |")
        counts[shape] = counts.get(shape, 0) + 1
    readme = README_HEAD + "\n".join(rows) + "\n\n## Count by client shape\n\n| Client shape | Fixtures |\n|---|---|\n"
    readme += "\n".join(f"| {k} | {v} |" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    readme += f"\n| **total** | **{len(FIXTURES)}** |\n"
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(readme)
    print(f"wrote {len(FIXTURES)} fixtures to {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
