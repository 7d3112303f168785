#!/usr/bin/env python3
"""Builds tests/unit/data/lke-filled-libreoffice.xlsx: an LKE workbook as a unit would send it
back after filling it in LibreOffice (src/lke/lke_docs.h has the layout). It writes the sheets as
a flat ODS file, then lets LibreOffice itself save them as .xlsx, so the fixture has what
LibreOffice really writes: shared strings, rich-text runs, merged cells, formulas with cached
values, a percentage number format. tests/unit/test_lke_xlsx_in.c asserts what it holds; change
both together.

Usage: tests/unit/data/make-lke-fixture.py   (python3 and soffice only; run from anywhere)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape, quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
FRAMEWORK = os.path.join(ROOT, "data", "frameworks", "lke-permenpanrb-90-2021.json")
OUT = os.path.join(HERE, "lke-filled-libreoffice.xlsx")
HEADER = ["No", "Penilaian", "Bobot", "Penjelasan", "Pilihan Jawaban", "Jawaban", "Nilai", "%",
          "Catatan", "Eviden"]


def texts(framework):
    """code -> Indonesian text (questions), name (areas, indicators), label (inputs)."""
    out = {}

    def walk(o):
        if isinstance(o, dict):
            code = o.get("code")
            for key in ("text", "name"):
                if code and isinstance(o.get(key), dict):
                    out.setdefault(code, o[key]["id"])
            for i in o.get("inputs", []):
                out["%s:%s" % (code, i["key"])] = i["label"]["id"]
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)

    walk(framework)
    return out


# Cells: a str is a string; ("n", x) a number; ("pct", x) a number shown as a percentage;
# ("f", formula, cached number) a formula; ("rich", [(text, bold), ...]) rich text;
# ("lines", [..]) a string of several lines; None an empty cell.
def rows(t):
    def q(code, answer=None, note=None, penjelasan=None, pilihan=None, nilai=None):
        return [code, t[code], None, penjelasan, pilihan, answer, nilai, None, note, None]

    def s(code, weight):  # a component, part, area or indicator row
        return [code, t.get(code, code), ("n", weight)] + [None] * 7

    return {
        1: [("span", "Lembar Kerja Evaluasi Zona Integritas")],
        2: [("span", "Bawaslu Kabupaten Klungkung (51.05) - 2025")],
        3: [("span", "Penilaian Mandiri")],
        5: HEADER,
        6: s("pengungkit", 60),
        7: s("pemenuhan", 30),
        8: ["pemenuhan.1", t["pemenuhan.1"], ("n", 4), ("span2", "")],
        9: s("pemenuhan.1.i", 0.5),
        10: q("pemenuhan.1.i.a", "ya", "SK Tim Kerja sudah ditetapkan", "Ya, jika Tim telah dibentuk",
              "Ya/Tidak", ("f", 'IF([.F10]="ya";1;0)', 1)),
        11: q("pemenuhan.1.i.b", "b", ("rich", [("Sudah ", False), ("lengkap", True)]),
              pilihan="A/B/C"),
        12: s("pemenuhan.1.ii", 1),
        13: q("pemenuhan.1.ii.a", "Tidak"),
        14: q("pemenuhan.1.ii.b", "d", pilihan="A/B/C"),
        15: q("pemenuhan.1.ii.c", None, "Menunggu dokumen sosialisasi"),
        16: ["pemenuhan.1.ii.z", "Pertanyaan tambahan dari unit", None, None, None, "ya", None,
             None, None, None],
        17: s("pemenuhan.1.iv", 1.5),
        # a row whose No was cleared: matched by its Penilaian text
        18: [None, t["pemenuhan.1.iv.a"], None, None, None, "Y", None, None, None, None],
        19: q("pemenuhan.3.i.a", "YA"),
        20: q("pemenuhan.3.i.c", " t "),
        21: s("reform", 30),
        22: s("reform.1", 4),
        23: s("reform.1.i", 2),
        24: q("reform.1.i.a", ("f", "IF([.F25]>0;[.F26]/[.F25]*100;100)", 80)),
        25: q("reform.1.i.a:agen_perubahan", ("n", 10)),
        26: q("reform.1.i.a:perubahan_dibuat", ("n", 8)),
        27: q("reform.6.i.b", ("pct", 0.85)),
        28: q("reform.6.i.b:layanan_terdaftar"),
        29: q("reform.6.i.b:layanan_dipermudah"),
        30: s("hasil", 40),
        31: s("hasil.1", 22.5),
        32: q("hasil.1.a", "3,62"),
        33: q("hasil.1.b", "a", ("lines", ["Baris satu", "Baris dua"])),
        34: s("hasil.2", 17.5),
        35: q("hasil.2.a", ("n", 3.5)),
        37: [None, "Klungkung, 30 Juni 2025"],
    }


def cell(v):
    if v is None or v == "":
        return "<table:table-cell/>"
    if isinstance(v, str):
        return '<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % escape(v)
    kind = v[0]
    if kind == "n":
        return ('<table:table-cell office:value-type="float" office:value="%s"><text:p>%s</text:p>'
                "</table:table-cell>" % (v[1], v[1]))
    if kind == "pct":
        return ('<table:table-cell table:style-name="cePct" office:value-type="percentage" '
                'office:value="%s"><text:p>%g%%</text:p></table:table-cell>' % (v[1], v[1] * 100))
    if kind == "f":
        return ('<table:table-cell table:formula=%s office:value-type="float" office:value="%s">'
                "<text:p>%s</text:p></table:table-cell>" % (quoteattr("of:=" + v[1]), v[2], v[2]))
    if kind == "rich":
        runs = "".join('<text:span text:style-name="T1">%s</text:span>' % escape(s) if bold
                       else escape(s) for s, bold in v[1])
        return '<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % runs
    if kind == "lines":
        ps = "".join("<text:p>%s</text:p>" % escape(s) for s in v[1])
        return '<table:table-cell office:value-type="string">%s</table:table-cell>' % ps
    if kind == "span":  # across all ten columns
        return ('<table:table-cell table:number-columns-spanned="10" table:number-rows-spanned="1" '
                'office:value-type="string"><text:p>%s</text:p></table:table-cell>'
                '<table:covered-table-cell table:number-columns-repeated="9"/>' % escape(v[1]))
    if kind == "span2":  # D:E of an area row
        return ('<table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="1"/>'
                "<table:covered-table-cell/>")
    raise ValueError(kind)


def table(name, body):
    out = ['<table:table table:name=%s><table:table-column table:number-columns-repeated="10"/>'
           % quoteattr(name)]
    last = 0
    for r in sorted(body):
        if r > last + 1:
            out.append('<table:table-row table:number-rows-repeated="%d"><table:table-cell/>'
                       "</table:table-row>" % (r - last - 1))
        out.append("<table:table-row>%s</table:table-row>" % "".join(cell(v) for v in body[r]))
        last = r
    out.append("</table:table>")
    return "".join(out)


def fods(t):
    guide = {
        1: ["Petunjuk pengisian"],
        2: ["Isi kolom Jawaban dengan ya/tidak, huruf pilihan, atau angka."],
        3: ["Jangan mengubah kolom No."],
    }
    return """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<number:percentage-style style:name="N1"><number:number number:decimal-places="0" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
<style:style style:name="cePct" style:family="table-cell" style:data-style-name="N1"/>
<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
""" + table("Petunjuk", guide) + table("LKE Klungkung", rows(t)) + """
</office:spreadsheet></office:body></office:document>
"""


def main():
    with open(FRAMEWORK, encoding="utf-8") as f:
        t = texts(json.load(f))
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    tmp = tempfile.mkdtemp(prefix="zona-lke-fixture-")
    try:
        src = os.path.join(tmp, "lke-filled-libreoffice.fods")
        with open(src, "w", encoding="utf-8") as f:
            f.write(fods(t))
        env = dict(os.environ, HOME=tmp)
        # a profile of its own, so that parallel runs do not lock each other
        subprocess.run([soffice, "-env:UserInstallation=file://" + os.path.join(tmp, "profile"),
                        "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                        "--outdir", os.path.join(tmp, "out"), src],
                       check=True, env=env, stdout=subprocess.DEVNULL, timeout=300)
        made = os.path.join(tmp, "out", "lke-filled-libreoffice.xlsx")
        with zipfile.ZipFile(made) as z:
            names = z.namelist()
            if "xl/sharedStrings.xml" not in names:
                sys.exit("no xl/sharedStrings.xml in %s" % made)
            sheet = z.read("xl/worksheets/sheet2.xml").decode()
            if "<mergeCells" not in sheet:
                sys.exit("no <mergeCells> in the LKE sheet")
        shutil.copyfile(made, OUT)
        print("wrote", os.path.relpath(OUT))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
