/* survey_csv: reading the answers of a survey from a CSV file (one header row of item codes, one
 * row per response) into the 4-point value grid survey_compute walks. Outside input: every
 * problem names the file, the line and the column; fuzzed by tests/fuzz/fuzz_survey_csv.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/xmem.h"
#include "org/org.h"
#include "survey.h"

/* Copies s without the ASCII spaces and tabs around it into out (size outsz, truncating). */
static void
trimmed(const char *s, char *out, size_t outsz)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n >= outsz)
        n = outsz - 1;
    memcpy(out, s, n);
    out[n] = '\0';
}

/* Quotes a cell for a message: at most 40 bytes, non-printable bytes as '?'. */
static void
shown(const char *s, char *out, size_t outsz)
{
    size_t n = 0;
    for (; *s && n + 4 < outsz && n < 40; s++)
        out[n++] = (unsigned char)*s < 0x20 || *s == '"' || *s == '\\' ? '?' : *s;
    if (*s)
        out[n++] = '.', out[n++] = '.', out[n++] = '.';
    out[n] = '\0';
}

int
survey_responses_parse(const struct survey_instrument *in, const char *name, const char *src,
                       size_t len, int scale, struct survey_responses *out, struct buf *err)
{
    struct csv_row *rows = NULL;
    size_t nrows = 0;
    struct buf cerr = BUF_INIT;
    int col_item[SURVEY_MAX_ITEMS] = {0};
    int rc = ZE_INVAL;
    *out = (struct survey_responses){0, in->nitems, NULL};
    if (scale < 2 || scale > 100) {
        buf_printf(err, "the scale must be 2 to 100, got %d", scale);
        return ZE_INVAL;
    }
    if (csv_parse(src, len, &rows, &nrows, &cerr) != 0) {
        /* csv_parse says "line N: …" (or nothing of a line for a non-UTF-8 file) */
        const char *m = buf_cstr(&cerr);
        if (strncmp(m, "line ", 5) == 0)
            buf_printf(err, "%s:%s", name, m + 5);
        else
            buf_printf(err, "%s: %s", name, m);
        goto out;
    }
    if (nrows == 0) {
        buf_printf(err, "%s: the file is empty; the first line names the items (e.g. %s)", name,
                   in->items[0].code);
        goto out;
    }
    const struct csv_row *h = &rows[0];
    if ((size_t)h->nfields > in->nitems) {
        buf_printf(err, "%s:%d: %d columns, but %s has only %zu items", name, h->line, h->nfields,
                   in->id, in->nitems);
        goto out;
    }
    for (int c = 0; c < h->nfields; c++) {
        char code[64], show[48];
        trimmed(h->fields[c], code, sizeof code);
        shown(h->fields[c], show, sizeof show);
        int k = survey_item_index(in, code);
        if (k < 0) {
            buf_printf(err, "%s:%d: column %d: unknown column \"%s\" (the %s items are %s to %s)",
                       name, h->line, c + 1, show, in->id, in->items[0].code,
                       in->items[in->nitems - 1].code);
            goto out;
        }
        for (int p = 0; p < c; p++)
            if (col_item[p] == k) {
                buf_printf(err, "%s:%d: column %d: \"%s\" appears twice", name, h->line, c + 1,
                           code);
                goto out;
            }
        col_item[c] = k;
    }
    out->nrows = nrows - 1;
    out->values = xcalloc(out->nrows ? out->nrows * in->nitems : 1, sizeof(double));
    for (size_t r = 1; r < nrows; r++) {
        const struct csv_row *row = &rows[r];
        if (row->nfields != h->nfields) {
            buf_printf(err, "%s:%d: %d columns, the header has %d", name, row->line, row->nfields,
                       h->nfields);
            goto out;
        }
        double *v = out->values + (r - 1) * in->nitems;
        for (int c = 0; c < row->nfields; c++) {
            char cell[16], show[48];
            trimmed(row->fields[c], cell, sizeof cell);
            if (!cell[0] && strlen(row->fields[c]) < sizeof cell) /* boundary: blank is skipped */
                continue;
            int64_t x = 0;
            if (strlen(row->fields[c]) >= sizeof cell || parse_i64(cell, strlen(cell), &x) != 0 ||
                x < 1 || x > scale) {
                shown(row->fields[c], show, sizeof show);
                buf_printf(err, "%s:%d: column %s: the answer must be 1 to %d, got \"%s\"", name,
                           row->line, in->items[col_item[c]].code, scale, show);
                goto out;
            }
            v[col_item[c]] = survey_rescale((double)x, scale);
        }
    }
    rc = 0;
out:
    if (rc)
        survey_responses_free(out);
    csv_free(rows, nrows);
    buf_free(&cerr);
    return rc;
}

void
survey_responses_free(struct survey_responses *r)
{
    free(r->values);
    r->values = NULL;
    r->nrows = 0;
}
