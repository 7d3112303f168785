/* lke_docs: the LKE's documents. The workbook out (lke_xlsx_out.c, libxlsxwriter) and in
 * (lke_xlsx_in.c over report/xlsx_read.c, libzip + expat), and the Laporan Hasil Evaluasi as PDF
 * (lke_lhe.c over report/pdf.c, cairo + pango). Pure: a framework and JSON in, a file out (or a
 * file in, JSON out); no database, no HTTP. The web UI and the CLI build the JSON from the store.
 *
 * The workbook layout is a contract between export and import (and with units that fill it in):
 *   sheet "LKE": row 1 title, row 2 unit and year, row 3 level, row 5 the header
 *     A "No"  B "Penilaian"  C "Bobot"  D "Penjelasan"  E "Pilihan Jawaban"  F "Jawaban"
 *     G "Nilai"  H "%"  I "Catatan"  J "Eviden"
 *   then one row per component, part, area, indicator and question in framework order. Column A
 *   holds the full code ("pemenuhan.1.i.a", "pemenuhan.1.i", "pemenuhan.1", "hasil.1.a").
 *   A percentage item with inputs is followed by one row per input whose A is "<code>:<input>"
 *   (e.g. "reform.2.ii.a:realisasi"), B the input's label, F its number; the item's F is then a
 *   formula of those cells. Every G (Nilai) is a formula of its F and the totals are formulas, so a
 *   spreadsheet program recomputes zona's scores.
 *   sheet "Ringkasan": the total, Pengungkit, Hasil, both parts and the twelve area scores as
 *     formulas over sheet "LKE" (A the code or "total"/"pengungkit"/"hasil", B the name, C the
 *     value), then the WBK/WBBM verdict rows.
 * Import finds the sheet by its header row (the first sheet with a "Jawaban" header cell), so a
 * renamed sheet still reads. */
#ifndef ZONA_LKE_LKE_DOCS_H
#define ZONA_LKE_LKE_DOCS_H

#include <jansson.h>

struct buf;
struct lke_framework;

/* Who and what a document is about. Strings are borrowed. */
struct lke_doc_meta {
    const char *unit_code; /* "51.05" */
    const char *unit_name; /* "Bawaslu Kabupaten Klungkung" */
    int year;
    const char *level;       /* "self", "anggota", "ketua", "dalnis" or "tpn" */
    const char *level_label; /* "Penilaian Mandiri", "TPI – Ketua Tim", … */
    const char *lang;        /* "id" or "en": the document's language */
};

/* Writes the workbook of one level. answers: {code: {"value": v, "note": "…", "evidence": ["file
 * name or URL", …]}} where v is what lke_score reads (absent or null: unanswered). Returns 0 or a
 * ZE_* code with the reason in err. */
int lke_xlsx_export(const struct lke_framework *f, json_t *answers, const struct lke_doc_meta *m,
                    const char *path, struct buf *err);

/* Reads a filled workbook (ours, or ours after Excel or LibreOffice saved it). On success *out is
 *   {"answers": {code: value}, "notes": {code: "…"}, "rows": n,
 *    "problems": [{"sheet": "LKE", "row": n, "code": "…" or null, "message": "…"}]}
 * where value is in lke_score's form ("ya", "A", 85, {"inputs": {…}}) and every row not understood
 * (unknown code, answer outside the options, number out of range) is a problem in English message
 * ids. Answers are normalised ("Ya", "YA", "a" → "ya", "A"); an empty Jawaban is left out. Returns
 * ZE_INVAL when the file is not a workbook or has no LKE sheet, with the reason in err. */
int lke_xlsx_import(const struct lke_framework *f, const char *path, json_t **out, struct buf *err);

/* Writes the Laporan Hasil Evaluasi. model:
 *   {"unit": {"code", "name", "parent"}, "year": n, "evaluator": "Inspektorat …",
 *    "level": "dalnis", "level_label": "…", "scores": <lke_score result of the reviewed level>,
 *    "self_scores": <lke_score result of the self-assessment>,
 *    "findings": [{"code", "question", "finding", "recommendation", "response"}],
 *    "recommendations": ["…"],
 *    "signature": {"place", "date", "role", "name", "nip"}}
 * Text is Bahasa Indonesia (m->lang "en" switches the headings). Returns 0 or a ZE_* code. */
int lke_lhe_pdf(const struct lke_framework *f, json_t *model, const struct lke_doc_meta *m,
                const char *path, struct buf *err);

#endif
