/* survey_export: a campaign's responses as CSV and its results as an .xlsx workbook (the
 * contract is in survey_docs.h). Both walk the same row model: the fixed columns about the
 * respondent, the instrument's items, the unit's own items, the comment. A comment leaves zona
 * only once a moderator approved it; pending and rejected ones are blank here, so an export can
 * be handed on without reading it first.
 *
 * The CSV is what `zona survey index` and the import read: its item columns hold the answers as
 * given, on the instrument's scale. Text from people goes through csv_cell (org), which quotes and
 * puts an apostrophe before a cell a spreadsheet would take for a formula; numbers written here
 * never need it.
 *
 * The workbook (rows and columns 1-based as a spreadsheet shows them):
 *   "Ringkasan": A1 the title; A2.. label and value rows (unit, instrument, period, n, index,
 *     IKM × 25, grade and its label in C, the 95 % interval of the index in B and C; IKM and
 *     grade only for an instrument that converts); a blank row; a header; a row per item: code,
 *     unsur (IKM) or group, the question, n, NRR, weighted NRR. "–" where there is no value.
 *   "Kelompok", "Layanan", "Periode": row 1 the header, then a row per value of the breakdown
 *     (in the results' order; months sorted): the value ("(tidak diisi)" when empty), n, index
 *     and, for IKM, IKM × 25, grade and label.
 *   "Tanggapan": row 1 the CSV's header, then a row per response: id, answers and own answers as
 *     numbers, the time as a date-time, the rest as strings (never formulas, so no apostrophe).
 * Every number is written as a number with a display format; nothing is a formula, so what a
 * viewer shows is what zona computed. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/xmem.h"
#include "org/org.h"
#include "survey.h"
#include "survey_docs.h"

/* Excel's limit on the text of one cell (counted here in bytes, which is stricter). */
enum { CELL_TEXT_MAX = 32767 };

/* ---- the row model, shared by the CSV and the sheet "Tanggapan" ---------------------------- */

/* The fixed columns before the items. */
enum rcol {
    RC_ID,
    RC_TIME,
    RC_CHANNEL,
    RC_SERVICE,
    RC_KELOMPOK,
    RC_UMUR,
    RC_JK,
    RC_PENDIDIKAN,
    RC_PEKERJAAN,
    RC__MAX
};

static const struct {
    const char *head; /* the column's name in the header */
    const char *key;  /* the response's member */
    double width;     /* on "Tanggapan" */
} rcols[RC__MAX] = {
    [RC_ID] = {"id", "id", 8},
    [RC_TIME] = {"waktu", "created_at", 17},
    [RC_CHANNEL] = {"kanal", "channel", 8},
    [RC_SERVICE] = {"layanan", "service", 24},
    [RC_KELOMPOK] = {"kelompok", "kelompok", 14},
    [RC_UMUR] = {"umur", "umur", 8},
    [RC_JK] = {"jenis_kelamin", "jenis_kelamin", 8},
    [RC_PENDIDIKAN] = {"pendidikan", "pendidikan", 12},
    [RC_PEKERJAAN] = {"pekerjaan", "pekerjaan", 14},
};

static const char COMMENT_HEAD[] = "saran";

/* The columns of one export: the fixed ones, the items, the own items, the comment. */
struct cols {
    const struct survey_instrument *in;
    const char **own; /* borrowed from own_codes */
    size_t nown;
    size_t n; /* all columns */
};

enum vkind { V_BLANK, V_INT, V_NUM, V_TEXT, V_TIME };

/* One cell's value; text is borrowed from the response. */
struct val {
    enum vkind kind;
    int64_t i; /* V_INT; V_TIME: Unix milliseconds */
    double d;  /* V_NUM */
    const char *s;
};

/* The own item codes: strings, or {"code": …} as a campaign keeps its own items. */
static void
cols_init(struct cols *c, const struct survey_instrument *in, json_t *own_codes)
{
    size_t i;
    json_t *x;
    c->in = in;
    c->own = xcalloc(json_array_size(own_codes) + 1, sizeof *c->own);
    c->nown = 0;
    json_array_foreach(own_codes, i, x)
    {
        const char *code = json_is_string(x) ? json_string_value(x)
                                             : json_string_value(json_object_get(x, "code"));
        if (code)
            c->own[c->nown++] = code;
    }
    c->n = RC__MAX + in->nitems + c->nown + 1;
}

static void
cols_free(struct cols *c)
{
    free(c->own);
}

static const char *
col_head(const struct cols *c, size_t k)
{
    if (k < RC__MAX)
        return rcols[k].head;
    k -= RC__MAX;
    if (k < c->in->nitems)
        return c->in->items[k].code;
    k -= c->in->nitems;
    return k < c->nown ? c->own[k] : COMMENT_HEAD;
}

/* A JSON value as a cell: whole numbers as integers, strings as text, anything else blank. */
static struct val
val_of(json_t *v)
{
    struct val x = {V_BLANK, 0, 0, NULL};
    if (json_is_integer(v)) {
        x.kind = V_INT;
        x.i = json_integer_value(v);
    } else if (json_is_real(v) && isfinite(json_real_value(v))) {
        double d = json_real_value(v);
        /* boundary: 3.0 is written as 3, what the CSV reader of the answers takes */
        if (d == floor(d) && fabs(d) < 9e15) {
            x.kind = V_INT;
            x.i = (int64_t)d;
        } else {
            x.kind = V_NUM;
            x.d = d;
        }
    } else if (json_is_string(v)) {
        x.kind = V_TEXT;
        x.s = json_string_value(v);
    }
    return x;
}

static struct val
cell_of(const struct cols *c, json_t *resp, size_t k)
{
    struct val x = {V_BLANK, 0, 0, NULL};
    if (k < RC__MAX) {
        json_t *v = json_object_get(resp, rcols[k].key);
        if (k != RC_TIME)
            return val_of(v);
        /* boundary: a time beyond ±9e15 ms (285,000 years) is left blank, not cast */
        if (json_is_integer(v) || (json_is_real(v) && fabs(json_real_value(v)) < 9e15)) {
            x.kind = V_TIME;
            x.i = json_is_integer(v) ? json_integer_value(v) : (int64_t)json_real_value(v);
        }
        return x;
    }
    k -= RC__MAX;
    if (k < c->in->nitems)
        return val_of(json_object_get(json_object_get(resp, "answers"), c->in->items[k].code));
    k -= c->in->nitems;
    if (k < c->nown)
        return val_of(json_object_get(json_object_get(resp, "own"), c->own[k]));
    /* the comment: only once a moderator approved it */
    const char *state = json_string_value(json_object_get(resp, "comment_state"));
    const char *s = json_string_value(json_object_get(resp, "comment"));
    if (state && strcmp(state, "approved") == 0 && s && *s) {
        x.kind = V_TEXT;
        x.s = s;
    }
    return x;
}

/* Milliseconds since 1970 as "YYYY-MM-DD HH:MM" in UTC; false outside the years 0 to 9999,
 * which that shape cannot show. */
static bool
time_text(int64_t ms, char out[32])
{
    int64_t sec = ms / 1000 - (ms % 1000 < 0); /* floor, for times before 1970 */
    time_t t = (time_t)sec;
    struct tm tm;
    /* boundary: 9999-12-31 23:59 is shown, a minute later is not */
    if (!gmtime_r(&t, &tm) || tm.tm_year < -1900 || tm.tm_year > 9999 - 1900 ||
        strftime(out, 32, "%Y-%m-%d %H:%M", &tm) == 0)
        return false;
    return true;
}

/* A number with '.' as the decimal separator whatever the locale. */
static void
num_text(double d, char out[40])
{
    snprintf(out, 40, "%.15g", d);
    for (char *p = out; *p; p++)
        if (*p == ',')
            *p = '.';
}

/* ---- CSV ------------------------------------------------------------------------------------ */

static void
csv_val(struct buf *out, struct val v, bool last)
{
    char s[40];
    switch (v.kind) {
    case V_INT:
        snprintf(s, sizeof s, "%lld", (long long)v.i);
        break;
    case V_NUM:
        num_text(v.d, s);
        break;
    case V_TIME:
        if (!time_text(v.i, s))
            s[0] = '\0';
        break;
    case V_TEXT:
        csv_cell(out, v.s, last);
        return;
    case V_BLANK:
        s[0] = '\0';
        break;
    }
    /* digits, '-', '.', ':' and spaces: nothing to quote, and no formula */
    buf_puts(out, s);
    buf_puts(out, last ? "\r\n" : ",");
}

void
survey_export_csv(const struct survey_instrument *in, json_t *own_codes, json_t *responses,
                  struct buf *out)
{
    struct cols c;
    size_t i;
    json_t *resp;
    cols_init(&c, in, own_codes);
    for (size_t k = 0; k < c.n; k++)
        csv_cell(out, col_head(&c, k), k + 1 == c.n);
    json_array_foreach(responses, i, resp)
    {
        for (size_t k = 0; k < c.n; k++)
            csv_val(out, cell_of(&c, resp, k), k + 1 == c.n);
    }
    cols_free(&c);
}

/* ---- the workbook -----------------------------------------------------------------------------
 */

enum lang { LANG_ID, LANG_EN, LANG__MAX };

enum msg {
    M_UNIT,
    M_INSTRUMENT,
    M_PERIOD,
    M_N,
    M_INDEX,
    M_IKM,
    M_GRADE,
    M_CI,
    M_CODE,
    M_UNSUR,
    M_GROUP,
    M_QUESTION,
    M_ITEM_N,
    M_NRR,
    M_WEIGHTED,
    M_KELOMPOK,
    M_SERVICE,
    M_MONTH,
    M_LABEL,
    M_NOT_GIVEN,
    M_RESULTS,
    M__MAX
};

static const char *const msgs[M__MAX][LANG__MAX] = {
    [M_UNIT] = {"Unit kerja", "Work unit"},
    [M_INSTRUMENT] = {"Instrumen", "Instrument"},
    [M_PERIOD] = {"Periode", "Period"},
    [M_N] = {"Jumlah responden", "Respondents"},
    [M_INDEX] = {"Indeks (1–4)", "Index (1–4)"},
    [M_IKM] = {"IKM (indeks × 25)", "IKM (index × 25)"},
    [M_GRADE] = {"Mutu pelayanan", "Service quality"},
    [M_CI] = {"Interval kepercayaan 95 % indeks", "95 % confidence interval of the index"},
    [M_CODE] = {"Kode", "Code"},
    [M_UNSUR] = {"Unsur", "Element"},
    [M_GROUP] = {"Aspek", "Aspect"},
    [M_QUESTION] = {"Pertanyaan", "Question"},
    [M_ITEM_N] = {"n", "n"},
    [M_NRR] = {"NRR", "NRR"},
    [M_WEIGHTED] = {"NRR tertimbang", "Weighted NRR"},
    [M_KELOMPOK] = {"Kelompok", "Group"},
    [M_SERVICE] = {"Layanan", "Service"},
    [M_MONTH] = {"Bulan", "Month"},
    [M_LABEL] = {"Keterangan", "Description"},
    [M_NOT_GIVEN] = {"(tidak diisi)", "(not given)"},
    [M_RESULTS] = {"Hasil survei", "Survey results"},
};

/* The three breakdown sheets, in the workbook's order. */
enum brk { BRK_KELOMPOK, BRK_SERVICE, BRK_MONTH, BRK__MAX };
static const struct {
    const char *sheet; /* the sheet's name (fixed, whatever the language) */
    const char *key;   /* in the results */
    enum msg head;     /* the first column's header */
    bool sorted;       /* months: in order of time */
} brks[BRK__MAX] = {
    [BRK_KELOMPOK] = {"Kelompok", "by_kelompok", M_KELOMPOK, false},
    [BRK_SERVICE] = {"Layanan", "by_service", M_SERVICE, false},
    [BRK_MONTH] = {"Periode", "by_month", M_MONTH, true},
};

struct out {
    const struct survey_instrument *in;
    enum lang lang;
    lxw_workbook *wb;
    lxw_format *title, *label, *head, *wrap, *num2, *num3, *intf, *time;
    struct buf *err;
    int rc; /* the first error, sticky; checked once at the end */
};

static void
check(struct out *o, lxw_error e)
{
    if (e != LXW_NO_ERROR && o->rc == 0) {
        buf_printf(o->err, "the workbook could not be built: %s", lxw_strerror(e));
        o->rc = ZE_IO;
    }
}

static const char *
msg(const struct out *o, enum msg id)
{
    return msgs[id][o->lang];
}

/* A text of the instrument's document, a plain string or {"id", "en"}, in the document's
 * language; NULL when there is none. */
static const char *
tx(const struct out *o, json_t *obj, const char *key)
{
    json_t *t = json_object_get(obj, key);
    if (json_is_string(t))
        return json_string_value(t);
    const char *s = json_string_value(json_object_get(t, o->lang == LANG_EN ? "en" : "id"));
    return s ? s : json_string_value(json_object_get(t, "id"));
}

/* The instrument document's item i (the loader kept their order; looked up by code otherwise). */
static json_t *
doc_item(const struct survey_instrument *in, size_t i)
{
    json_t *items = json_object_get(in->doc, "items");
    json_t *it = json_array_get(items, i);
    const char *code = json_string_value(json_object_get(it, "code"));
    if (code && strcmp(code, in->items[i].code) == 0)
        return it;
    size_t k;
    json_array_foreach(items, k, it)
    {
        code = json_string_value(json_object_get(it, "code"));
        if (code && strcmp(code, in->items[i].code) == 0)
            return it;
    }
    return NULL;
}

/* Writes text as a string cell (never a formula), cut at Excel's limit on a character boundary;
 * NULL or empty text leaves the cell blank (formatted when fm is given). */
static void
text(struct out *o, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *fm)
{
    if (!s || !*s) {
        if (fm)
            check(o, worksheet_write_blank(ws, r, c, fm));
        return;
    }
    size_t n = strlen(s);
    if (n <= CELL_TEXT_MAX) {
        check(o, worksheet_write_string(ws, r, c, s, fm));
        return;
    }
    /* boundary: a longer text is cut, never inside a UTF-8 sequence */
    n = CELL_TEXT_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    char *cut = xstrndup(s, n);
    check(o, worksheet_write_string(ws, r, c, cut, fm));
    free(cut);
}

/* A number from the results, or "–" when it is null or missing. */
static void
number(struct out *o, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, json_t *v, lxw_format *fm)
{
    if (json_is_number(v) && isfinite(json_number_value(v)))
        check(o, worksheet_write_number(ws, r, c, json_number_value(v), fm));
    else
        text(o, ws, r, c, "–", NULL);
}

static void
formats(struct out *o)
{
    o->title = workbook_add_format(o->wb);
    format_set_bold(o->title);
    format_set_font_size(o->title, 14);
    o->label = workbook_add_format(o->wb);
    format_set_bold(o->label);
    o->head = workbook_add_format(o->wb);
    format_set_bold(o->head);
    format_set_text_wrap(o->head);
    format_set_align(o->head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_font_color(o->head, 0xFFFFFF);
    format_set_bg_color(o->head, 0x305496);
    format_set_border(o->head, LXW_BORDER_THIN);
    o->wrap = workbook_add_format(o->wb);
    format_set_text_wrap(o->wrap);
    format_set_align(o->wrap, LXW_ALIGN_VERTICAL_TOP);
    o->num2 = workbook_add_format(o->wb);
    format_set_num_format(o->num2, "0.00");
    o->num3 = workbook_add_format(o->wb);
    format_set_num_format(o->num3, "0.000");
    o->intf = workbook_add_format(o->wb);
    format_set_num_format(o->intf, "0");
    o->time = workbook_add_format(o->wb);
    format_set_num_format(o->time, "yyyy-mm-dd hh:mm");
    format_set_align(o->time, LXW_ALIGN_LEFT);
}

/* ---- "Ringkasan" ------------------------------------------------------------------------------
 */

/* A label in A and a text in B. */
static void
meta_row(struct out *o, lxw_worksheet *ws, lxw_row_t r, enum msg label, const char *value)
{
    text(o, ws, r, 0, msg(o, label), o->label);
    text(o, ws, r, 1, value, NULL);
}

static void
summary_sheet(struct out *o, lxw_worksheet *ws, json_t *meta, json_t *overall)
{
    static const double widths[] = {26, 30, 70, 8, 10, 14};
    const struct survey_instrument *in = o->in;
    const char *iname = json_string_value(json_object_get(meta, "instrument_name"));
    if (!iname || !*iname)
        iname = tx(o, in->doc, "name");
    const char *title = json_string_value(json_object_get(meta, "title"));
    lxw_row_t r = 0;
    for (lxw_col_t c = 0; c < 6; c++)
        check(o, worksheet_set_column(ws, c, c, widths[c], NULL));
    text(o, ws, r++, 0, title && *title ? title : (iname ? iname : msg(o, M_RESULTS)), o->title);
    meta_row(o, ws, r++, M_UNIT, json_string_value(json_object_get(meta, "unit")));
    meta_row(o, ws, r++, M_INSTRUMENT, iname);
    meta_row(o, ws, r++, M_PERIOD, json_string_value(json_object_get(meta, "period")));
    text(o, ws, r, 0, msg(o, M_N), o->label);
    number(o, ws, r++, 1, json_object_get(overall, "n"), o->intf);
    text(o, ws, r, 0, msg(o, M_INDEX), o->label);
    number(o, ws, r++, 1, json_object_get(overall, "index"), o->num2);
    if (in->converts) {
        text(o, ws, r, 0, msg(o, M_IKM), o->label);
        number(o, ws, r++, 1, json_object_get(overall, "ikm"), o->num2);
        const char *grade = json_string_value(json_object_get(overall, "grade"));
        text(o, ws, r, 0, msg(o, M_GRADE), o->label);
        text(o, ws, r, 1, grade && *grade ? grade : "–", NULL);
        text(o, ws, r++, 2, json_string_value(json_object_get(overall, "label")), NULL);
    }
    json_t *ci = json_object_get(overall, "ci95");
    text(o, ws, r, 0, msg(o, M_CI), o->label);
    number(o, ws, r, 1, json_array_get(ci, 0), o->num2);
    number(o, ws, r++, 2, json_array_get(ci, 1), o->num2);

    r++;
    const enum msg heads[] = {
        M_CODE, in->converts ? M_UNSUR : M_GROUP, M_QUESTION, M_ITEM_N, M_NRR, M_WEIGHTED};
    for (lxw_col_t c = 0; c < 6; c++)
        text(o, ws, r, c, msg(o, heads[c]), o->head);
    r++;
    json_t *items = json_object_get(overall, "items");
    for (size_t i = 0; i < in->nitems; i++, r++) {
        const struct survey_item *it = &in->items[i];
        json_t *di = doc_item(in, i), *res = json_object_get(items, it->code);
        const char *group = tx(o, di, "unsur_name");
        text(o, ws, r, 0, it->code, NULL);
        text(o, ws, r, 1, group ? group : it->group, o->wrap);
        text(o, ws, r, 2, tx(o, di, "text"), o->wrap);
        json_t *n = json_object_get(res, "n");
        check(o, worksheet_write_number(ws, r, 3, json_is_number(n) ? json_number_value(n) : 0,
                                        o->intf));
        json_t *nrr = json_object_get(res, "nrr"), *w = json_object_get(res, "weighted");
        number(o, ws, r, 4, nrr, o->num2);
        if (!w && json_is_number(nrr)) {
            /* an R without "weighted" (as `zona survey index` prints it): NRR × the weight */
            check(o,
                  worksheet_write_number(ws, r, 5, json_number_value(nrr) * it->weight, o->num3));
        } else {
            number(o, ws, r, 5, w, o->num3);
        }
    }
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
}

/* ---- "Kelompok", "Layanan", "Periode" -----------------------------------------------------------
 */

static int
key_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
breakdown_sheet(struct out *o, lxw_worksheet *ws, enum brk b, json_t *by)
{
    static const double widths[] = {32, 8, 10, 10, 8, 16};
    const enum msg heads[] = {brks[b].head, M_ITEM_N, M_INDEX, M_IKM, M_GRADE, M_LABEL};
    lxw_col_t ncols = o->in->converts ? 6 : 3;
    for (lxw_col_t c = 0; c < ncols; c++) {
        check(o, worksheet_set_column(ws, c, c, widths[c], NULL));
        text(o, ws, 0, c, msg(o, heads[c]), o->head);
    }
    worksheet_freeze_panes(ws, 1, 0);
    size_t n = json_is_object(by) ? json_object_size(by) : 0, k = 0;
    const char **keys = xcalloc(n + 1, sizeof *keys);
    const char *key;
    json_t *r;
    json_object_foreach(by, key, r)
    {
        if (k < n)
            keys[k++] = key;
    }
    if (brks[b].sorted)
        qsort(keys, k, sizeof *keys, key_cmp);
    for (size_t i = 0; i < k; i++) {
        lxw_row_t row = (lxw_row_t)(i + 1);
        r = json_object_get(by, keys[i]);
        text(o, ws, row, 0, *keys[i] ? keys[i] : msg(o, M_NOT_GIVEN), NULL);
        number(o, ws, row, 1, json_object_get(r, "n"), o->intf);
        number(o, ws, row, 2, json_object_get(r, "index"), o->num2);
        if (o->in->converts) {
            number(o, ws, row, 3, json_object_get(r, "ikm"), o->num2);
            const char *grade = json_string_value(json_object_get(r, "grade"));
            text(o, ws, row, 4, grade && *grade ? grade : "–", NULL);
            text(o, ws, row, 5, json_string_value(json_object_get(r, "label")), NULL);
        }
    }
    if (k)
        check(o, worksheet_autofilter(ws, 0, 0, (lxw_row_t)k, ncols - 1));
    free(keys);
}

/* ---- "Tanggapan" --------------------------------------------------------------------------------
 */

static void
responses_sheet(struct out *o, lxw_worksheet *ws, json_t *own_codes, json_t *responses)
{
    struct cols c;
    cols_init(&c, o->in, own_codes);
    for (size_t k = 0; k < c.n; k++) {
        lxw_col_t col = (lxw_col_t)k;
        double w = k < RC__MAX ? rcols[k].width : k + 1 == c.n ? 60 : 7;
        check(o, worksheet_set_column(ws, col, col, w, NULL));
        text(o, ws, 0, col, col_head(&c, k), o->head);
    }
    worksheet_freeze_panes(ws, 1, 0);
    size_t i;
    json_t *resp;
    json_array_foreach(responses, i, resp)
    {
        lxw_row_t r = (lxw_row_t)(i + 1);
        if (i + 1 >= LXW_ROW_MAX) { /* past Excel's last row: say so, write no more */
            check(o, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
            break;
        }
        for (size_t k = 0; k < c.n; k++) {
            struct val v = cell_of(&c, resp, k);
            lxw_col_t col = (lxw_col_t)k;
            switch (v.kind) {
            case V_INT:
                check(o, worksheet_write_number(ws, r, col, (double)v.i, NULL));
                break;
            case V_NUM:
                check(o, worksheet_write_number(ws, r, col, v.d, NULL));
                break;
            case V_TIME: {
                /* whole minutes, as the CSV shows them; days since 1899-12-30 */
                char shown[32];
                if (!time_text(v.i, shown))
                    break;
                int64_t min = v.i / 60000 - (v.i % 60000 < 0);
                double days = (double)min / 1440.0 + 25569.0;
                check(o, worksheet_write_number(ws, r, col, days, o->time));
                break;
            }
            case V_TEXT:
                text(o, ws, r, col, v.s, NULL);
                break;
            case V_BLANK:
                break;
            }
        }
    }
    size_t rows = json_array_size(responses);
    if (rows && rows < LXW_ROW_MAX)
        check(o, worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows, (lxw_col_t)(c.n - 1)));
    cols_free(&c);
}

static void
properties(struct out *o, json_t *meta)
{
    char author[] = "zona";
    char *title = xstrdup(msg(o, M_RESULTS));
    char *subject = NULL;
    const char *t = json_string_value(json_object_get(meta, "title"));
    if (t)
        subject = xstrdup(t);
    lxw_doc_properties p = {.title = title, .subject = subject, .author = author};
    check(o, workbook_set_properties(o->wb, &p)); /* copies them */
    check(o, workbook_set_custom_property_string(o->wb, "zona.instrument", o->in->id));
    free(title);
    free(subject);
}

int
survey_export_xlsx(const struct survey_instrument *in, json_t *meta, json_t *results,
                   json_t *own_codes, json_t *responses, const char *path, struct buf *err)
{
    struct out o = {.in = in, .err = err};
    if (!in || !path || !*path) {
        buf_puts(err, "an instrument and a path are needed");
        return ZE_INVAL;
    }
    const char *lang = json_string_value(json_object_get(meta, "lang"));
    o.lang = lang && strcmp(lang, "en") == 0 ? LANG_EN : LANG_ID;
    /* find out now, with the system's reason, whether the file can be written at all */
    FILE *probe = fopen(path, "wb");
    if (!probe) {
        buf_printf(err, "%s: %s", path, strerror(errno));
        return ZE_IO;
    }
    (void)fclose(probe);
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE};
    o.wb = workbook_new_opt(path, &opt);
    if (!o.wb) {
        buf_printf(err, "%s: the workbook could not be started", path);
        (void)remove(path);
        return ZE_IO;
    }
    lxw_worksheet *sum = workbook_add_worksheet(o.wb, "Ringkasan");
    lxw_worksheet *brk[BRK__MAX];
    bool ok = sum != NULL;
    for (int b = 0; b < BRK__MAX; b++)
        ok = (brk[b] = workbook_add_worksheet(o.wb, brks[b].sheet)) != NULL && ok;
    lxw_worksheet *tan = workbook_add_worksheet(o.wb, "Tanggapan");
    if (!ok || !tan) {
        buf_printf(err, "%s: the workbook's sheets could not be added", path);
        lxw_workbook_free(o.wb);
        (void)remove(path);
        return ZE_IO;
    }
    formats(&o);
    properties(&o, meta);
    summary_sheet(&o, sum, meta, json_object_get(results, "overall"));
    for (int b = 0; b < BRK__MAX; b++)
        breakdown_sheet(&o, brk[b], (enum brk)b, json_object_get(results, brks[b].key));
    responses_sheet(&o, tan, own_codes, responses);
    if (o.rc) {
        lxw_workbook_free(o.wb);
        (void)remove(path);
        return o.rc;
    }
    lxw_error e = workbook_close(o.wb);
    if (e != LXW_NO_ERROR) {
        buf_printf(err, "%s: the workbook could not be written: %s", path, lxw_strerror(e));
        (void)remove(path); /* a half-written file is no use to anyone */
        return ZE_IO;
    }
    return 0;
}
