/* survey_docs: what a survey looks like outside the database. The QR code of a campaign's link
 * and the bar chart of its results as SVG drawn by the server (inline in pages, no script); the
 * A4 poster with the QR code for the service desk and the printable results infographic (PDF over
 * report/pdf.c); the responses as CSV and the results workbook as .xlsx (libxlsxwriter). Pure:
 * values in, bytes or a file out; no database, no HTTP. Texts are plain text (escaped here). */
#ifndef ZONA_SURVEY_SURVEY_DOCS_H
#define ZONA_SURVEY_SURVEY_DOCS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct buf;
struct survey_instrument;

/* --- SVG (survey_svg.c) -------------------------------------------------------------------- */

/* Appends an <svg> of the QR code of text (libqrencode, 8-bit mode, error correction level M),
 * black modules on white with the 4-module quiet zone, each module px (1..32) pixels, with
 * role="img" and an aria-label of label (escaped). Returns 0, or ZE_INVAL when text is empty or
 * too long for a QR code. */
int survey_qr_svg(const char *text, int px, const char *label, struct buf *out);

/* One bar of a chart. */
struct survey_bar {
    const char *label; /* "U1 Persyaratan" */
    double value;      /* on [min, max]; below min (e.g. -1): no data, drawn as "–" */
    const char *shown; /* the value as people read it ("3,52"); NULL: none */
};
struct survey_chart {
    const char *title; /* for aria-label and <title> */
    double min, max;   /* the axis: 1..4 for NRRs */
    const struct survey_bar *bars;
    size_t nbars;
    double mark; /* a vertical reference line on the axis (e.g. the index); < min: none */
    const char *mark_label;
};
/* Appends a horizontal bar chart as <svg> (width 640, a row per bar, labels left, values right,
 * gridlines at each whole number of the axis), readable in print and at 320 px width (viewBox,
 * width 100 %). Colours come from the value's grade band on the 4-point scale (≤ 2.5996 D red,
 * ≤ 3.064 C orange, ≤ 3.532 B blue, else A green: the 14/2017 intervals), with the value also as
 * text so colour is never the only carrier. */
void survey_chart_svg(const struct survey_chart *ch, struct buf *out);

/* --- PDF (survey_pdf.c) -------------------------------------------------------------------- */

struct survey_poster {
    const char *unit_name;       /* "Bawaslu Kabupaten Klungkung" */
    const char *title;           /* the campaign's title */
    const char *instrument_name; /* "Survei Kepuasan Masyarakat (IKM)" */
    const char *url;             /* the absolute link the QR code holds */
    const char *period;          /* "1 Oktober – 30 November 2026" */
    bool needs_code;             /* the form asks for the code from the counter */
    const char *lang;            /* "id" or "en" */
};
/* Writes the A4 poster: the unit, a large call to action, the QR code (at least 9 cm wide), the
 * link in large type beneath it, three short steps, that the survey is anonymous and takes about
 * three minutes, the period. Returns 0 or ZE_IO / ZE_INVAL with the reason in err. */
int survey_poster_pdf(const struct survey_poster *p, const char *path, struct buf *err);

struct survey_followup_line {
    const char *item;   /* "U3 Waktu penyelesaian" */
    const char *action; /* what the unit changed */
};
struct survey_infographic {
    const char *unit_name;
    const char *title;
    const char *instrument_name;
    const char *period;
    long n;                        /* responses */
    const char *index;             /* "3,52" or "–" */
    const char *ikm;               /* "88,04" (IKM only; NULL otherwise) */
    const char *grade;             /* "A" (IKM only; NULL otherwise) */
    const char *label;             /* "Sangat baik" (IKM only) */
    const char *ci95;              /* "3,41 – 3,63" or NULL */
    const struct survey_bar *bars; /* one per item, on 1..4 */
    size_t nbars;
    const struct survey_followup_line *followups;
    size_t nfollowups;
    const char *lang;
};
/* Writes the one-page A4 results infographic for the service desk: the headline figure (IKM ×
 * 25 and grade, or the index), n, a bar per item, what the unit is doing about the weakest items.
 * Returns 0 or ZE_IO / ZE_INVAL with the reason in err. */
int survey_infographic_pdf(const struct survey_infographic *g, const char *path, struct buf *err);

/* --- exports (survey_export.c) --------------------------------------------------------------- */

/* responses: JSON array of {"id", "created_at" (ms), "channel", "service", "kelompok", "umur",
 * "jenis_kelamin", "pendidikan", "pekerjaan", "answers": {code: v}, "own": {code: v},
 * "comment", "comment_state"}. own_codes: JSON array of the unit's own item codes (may be empty).
 * Appends CSV (RFC 4180, CRLF, UTF-8 without BOM): header id,waktu,kanal,layanan,kelompok,umur,
 * jenis_kelamin,pendidikan,pekerjaan, the instrument's item codes, the own item codes, saran; the
 * time as "YYYY-MM-DD HH:MM" in UTC; a comment only when approved. A cell that begins with = + - @
 * is prefixed with ' (no formula injection). The item columns are what `zona survey index` reads
 * when the other columns are dropped. */
void survey_export_csv(const struct survey_instrument *in, json_t *own_codes, json_t *responses,
                       struct buf *out);

/* results: what survey_results_json gives ({"overall": R, "by_kelompok": {k: R}, "by_service":
 * {s: R}, "by_month": {"YYYY-MM": R}}, R as `zona survey index` prints plus "label"), meta:
 * {"unit", "title", "instrument_name", "period", "lang"}. Writes a workbook with sheets
 * "Ringkasan" (meta, n, index, IKM × 25, grade, CI, then per item: code, unsur/group, text, n,
 * NRR, weighted NRR), "Kelompok", "Layanan", "Periode" (a row per breakdown value: n, index, IKM,
 * grade) and "Tanggapan" (the rows of the CSV above, numbers as numbers). Returns 0 or ZE_IO with
 * the reason in err. */
int survey_export_xlsx(const struct survey_instrument *in, json_t *meta, json_t *results,
                       json_t *own_codes, json_t *responses, const char *path, struct buf *err);

#endif
