#!/usr/bin/env python3
"""Writes a vanthu letter (the JSON input format) as a flat OpenDocument text file (.fodt).

The peer of the render benchmark: clerks type these letters in Word or LibreOffice today, so
bench/render.sh times `soffice --headless --convert-to pdf` of this file against
`vanthu render` of the same JSON. The layout follows the same rules as vanthu's (A4, margins
20/20/30/15 mm, 14 pt Liberation Serif, the two-column header, justified body with a first-line
indent, Nơi nhận and signer side by side); it is a fair office document, not a copy of vanthu's
PDF. Only the markup the benchmark letters use is converted (paragraphs, **bold**, *italic*).

usage: letter_to_fodt.py INPUT.json OUTPUT.fodt
"""
import json
import re
import sys
from xml.sax.saxutils import escape

PREFIXES = {
    "state": {"TM": "TM.", "KT": "KT.", "TL": "TL.", "TUQ": "TUQ.", "Q": "Q."},
    "party": {"TM": "T/M", "KT": "K/T", "TL": "T/L", "TUQ": "T/UQ"},
}


def inline(text):
    """Escapes XML and turns **bold** and *italic* into spans."""
    out = escape(text)
    out = re.sub(r"\*\*(.+?)\*\*", r'<text:span text:style-name="B">\1</text:span>', out)
    out = re.sub(r"\*(.+?)\*", r'<text:span text:style-name="I">\1</text:span>', out)
    return out


def para(style, text):
    return f'<text:p text:style-name="{style}">{inline(text)}</text:p>'


def lines(style, text):
    return "".join(para(style, line) for line in text.split("\n"))


def main(src, dst):
    doc = json.load(open(src, encoding="utf-8"))
    party = doc["system"] == "party"
    year, month, *day = doc["date"].split("-")
    day = str(int(day[0])) if day else "  "
    date = f"{doc['place']}, ngày {day} tháng {int(month)} năm {year}"
    number = str(doc.get("number", ""))
    notation = (f"Số {number}-{doc['notation']}" if party
                else f"Số: {number}/{doc['notation']}")
    subject = doc.get("subject", "")
    if doc.get("type") == "CV" and doc.get("subjectWithVv", True):
        subject = "V/v " + subject

    left = ""
    if doc.get("parentBody"):
        left += lines("HeadLeft", doc["parentBody"])
    left += lines("HeadLeftBold", doc["issuingBody"]) + para("HeadLeft", "*" if party else "")
    left += para("HeadLeft", notation) + para("Subject", subject)
    if party:
        right = para("MottoBold", "ĐẢNG CỘNG SẢN VIỆT NAM") + para("Date", date)
    else:
        right = (para("MottoBold", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
                 + para("Motto", "Độc lập - Tự do - Hạnh phúc") + para("Date", date))

    recipients = doc.get("recipients", [])
    if len(recipients) == 1:
        to = para("Recipients", f"Kính gửi: {recipients[0]}")
    else:
        to = para("Recipients", "Kính gửi:") + "".join(
            para("Recipients", f"- {r}") for r in recipients)

    body = "".join(para("Body", p.replace("\n", " "))
                   for p in doc["body"].split("\n\n") if p.strip())

    signer = doc["signer"]
    sign = ""
    if signer.get("authority"):
        key = signer["authority"].replace("/", "").replace(".", "").upper()
        sign += para("SignBold", f"{PREFIXES[doc['system']].get(key, key)} {signer['authorityOf']}")
    sign += para("SignBold", signer["title"]) + "".join(para("Sign", "") for _ in range(4))
    sign += para("SignBold", signer["name"])
    dist = para("DistHead", "Nơi nhận:") + "".join(
        para("Dist", f"- {d}") for d in doc["distribution"])

    def table(name, a, b):
        return (f'<table:table table:name="{name}" table:style-name="T">'
                '<table:table-column table:style-name="C1"/>'
                '<table:table-column table:style-name="C2"/>'
                f'<table:table-row><table:table-cell>{a}</table:table-cell>'
                f'<table:table-cell>{b}</table:table-cell></table:table-row></table:table>')

    content = (table("Header", left, right) + to + body + table("Signature", dist, sign))
    title = escape(f"Công văn {subject}" if doc.get("type") == "CV" else subject)
    with open(dst, "w", encoding="utf-8") as out:
        out.write(TEMPLATE.replace("@TITLE@", title).replace("@CONTENT@", content))


TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><dc:title>@TITLE@</dc:title></office:meta>
 <office:font-face-decls>
  <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"
   style:font-family-generic="roman" style:font-pitch="variable"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:paragraph-properties fo:margin-top="0mm" fo:margin-bottom="0mm"/>
   <style:text-properties style:font-name="Liberation Serif" fo:font-size="14pt"
    fo:language="vi" fo:country="VN"/>
  </style:default-style>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="T" style:family="table">
   <style:table-properties style:width="165mm" table:align="left"/>
  </style:style>
  <style:style style:name="C1" style:family="table-column">
   <style:table-column-properties style:column-width="75mm"/>
  </style:style>
  <style:style style:name="C2" style:family="table-column">
   <style:table-column-properties style:column-width="90mm"/>
  </style:style>
  <style:style style:name="HeadLeft" style:family="paragraph">
   <style:paragraph-properties fo:text-align="center"/>
   <style:text-properties fo:font-size="13pt"/>
  </style:style>
  <style:style style:name="HeadLeftBold" style:family="paragraph">
   <style:paragraph-properties fo:text-align="center"/>
   <style:text-properties fo:font-size="13pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Subject" style:family="paragraph">
   <style:paragraph-properties fo:text-align="center" fo:margin-top="2mm"/>
   <style:text-properties fo:font-size="12pt" fo:font-style="italic"/>
  </style:style>
  <style:style style:name="MottoBold" style:family="paragraph">
   <style:paragraph-properties fo:text-align="center"/>
   <style:text-properties fo:font-size="13pt" fo:font-weight="bold"
    style:text-underline-style="solid" style:text-underline-width="auto"
    style:text-underline-color="font-color"/>
  </style:style>
  <style:style style:name="Motto" style:family="paragraph">
   <style:paragraph-properties fo:text-align="center"/>
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Date" style:family="paragraph">
   <style:paragraph-properties fo:text-align="end" fo:margin-top="5mm"/>
   <style:text-properties fo:font-style="italic"/>
  </style:style>
  <style:style style:name="Recipients" style:family="paragraph">
   <style:paragraph-properties fo:margin-left="30mm" fo:margin-top="2mm"/>
  </style:style>
  <style:style style:name="Body" style:family="paragraph">
   <style:paragraph-properties fo:text-align="justify" fo:text-indent="10mm"
    fo:margin-top="6pt" fo:line-height="100%"/>
  </style:style>
  <style:style style:name="DistHead" style:family="paragraph">
   <style:paragraph-properties fo:margin-top="6mm"/>
   <style:text-properties fo:font-size="12pt" fo:font-weight="bold" fo:font-style="italic"/>
  </style:style>
  <style:style style:name="Dist" style:family="paragraph">
   <style:text-properties fo:font-size="11pt"/>
  </style:style>
  <style:style style:name="SignBold" style:family="paragraph">
   <style:paragraph-properties fo:text-align="center" fo:margin-top="6mm"/>
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Sign" style:family="paragraph">
   <style:paragraph-properties fo:text-align="center"/>
  </style:style>
  <style:style style:name="B" style:family="text">
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="I" style:family="text">
   <style:text-properties fo:font-style="italic"/>
  </style:style>
  <style:page-layout style:name="A4">
   <style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm"
    fo:margin-top="20mm" fo:margin-bottom="20mm" fo:margin-left="30mm" fo:margin-right="15mm"/>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="A4"/>
 </office:master-styles>
 <office:body><office:text>@CONTENT@</office:text></office:body>
</office:document>
"""

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
