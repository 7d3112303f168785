/* lke_xlsx_out: the LKE workbook in the official layout (the contract is at the top of
 * lke_docs.h). Every Nilai is a formula of its Jawaban and every total a formula of the rows
 * under it, so a spreadsheet program recomputes zona's scores; each formula also carries
 * lke_score's result as its cached value, for viewers that show what is stored. Text from people
 * (notes, evidence names, unit names) is always written as a string, never as a formula.
 *
 * Sheet "LKE" (rows and columns 1-based as a spreadsheet shows them):
 *   A1 the framework's name; A2 label, B2 "<unit code> <unit name>", C2 label, D2 the year;
 *   A3 label, B3 the level's label, F3 label, G3 the total score (formula); 5 the header;
 *   from 6 one row per component, part, area, indicator and question in framework order, each
 *   percentage item with inputs followed by one row per input ("<code>:<input>").
 *   Pengungkit questions: C empty, G the question's value in [0, 1]. Indicators: G = C x the mean
 *   of their questions' values. Hasil items: C their weight, G = C x value. Areas, parts,
 *   components and the total: sums. H = G / C (questions: G), as a percentage.
 * Sheet "Ringkasan": 1-3 as above, 5 the header, then total, pengungkit, hasil, pemenuhan,
 *   reform and the twelve areas (A code, B name, C score, D weight, E %), then "wbk" and "wbbm"
 *   whose C is "Ya"/"Tidak" ("Yes"/"No"). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xlsxwriter.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/xmem.h"
#include "lke.h"
#include "lke_docs.h"

/* Excel's limit on the text of one cell (counted here in bytes, which is stricter). */
enum { CELL_TEXT_MAX = 32767 };

/* Rows of the header block, 0-based. */
enum { ROW_TITLE = 0, ROW_UNIT = 1, ROW_LEVEL = 2, ROW_HEAD = 4, ROW_FIRST = 5 };

enum col {
    COL_NO,       /* A: the full code */
    COL_NAME,     /* B: the name or question text */
    COL_WEIGHT,   /* C: Bobot */
    COL_GUIDE,    /* D: Penjelasan (guidance and typical evidence) */
    COL_CHOICES,  /* E: Pilihan Jawaban */
    COL_ANSWER,   /* F: Jawaban */
    COL_SCORE,    /* G: Nilai */
    COL_PCT,      /* H: % of Bobot */
    COL_NOTE,     /* I: Catatan */
    COL_EVIDENCE, /* J: Eviden */
    COL__MAX
};

enum lang { LANG_ID, LANG_EN, LANG__MAX };

enum msg {
    M_COL_NO,
    M_COL_NAME,
    M_COL_WEIGHT,
    M_COL_GUIDE,
    M_COL_CHOICES,
    M_COL_ANSWER,
    M_COL_SCORE,
    M_COL_PCT,
    M_COL_NOTE,
    M_COL_EVIDENCE,
    M_UNIT,
    M_YEAR,
    M_LEVEL,
    M_TOTAL,
    M_SUPPORT,
    M_YN,
    M_PERCENT,
    M_PERCENT_INPUTS,
    M_INDEX,
    M_INPUT,
    M_SUMMARY,
    M_SUM_CODE,
    M_SUM_ITEM,
    M_SUM_SCORE,
    M_SUM_WEIGHT,
    M_WBK,
    M_WBBM,
    M_YES,
    M_NO,
    M_PAGE,
    M__MAX
};

/* The document's own words, in each language; the framework's texts come from its file. */
static const char *const msgs[M__MAX][LANG__MAX] = {
    [M_COL_NO] = {"No", "No"},
    [M_COL_NAME] = {"Penilaian", "Assessment"},
    [M_COL_WEIGHT] = {"Bobot", "Weight"},
    [M_COL_GUIDE] = {"Penjelasan", "Explanation"},
    [M_COL_CHOICES] = {"Pilihan Jawaban", "Answer options"},
    [M_COL_ANSWER] = {"Jawaban", "Answer"},
    [M_COL_SCORE] = {"Nilai", "Score"},
    [M_COL_PCT] = {"%", "%"},
    [M_COL_NOTE] = {"Catatan", "Notes"},
    [M_COL_EVIDENCE] = {"Eviden", "Evidence"},
    [M_UNIT] = {"Unit kerja", "Work unit"},
    [M_YEAR] = {"Tahun", "Year"},
    [M_LEVEL] = {"Tingkat penilaian", "Assessment level"},
    [M_TOTAL] = {"Nilai total", "Total score"},
    [M_SUPPORT] = {"Bukti dukung: ", "Supporting evidence: "},
    [M_YN] = {"Ya / Tidak", "Ya (yes) / Tidak (no)"},
    [M_PERCENT] = {"Persentase 0–100", "Percentage 0–100"},
    [M_PERCENT_INPUTS] = {"Persentase, dihitung dari isian di bawahnya",
                          "Percentage, computed from the inputs below"},
    [M_INDEX] = {"Indeks", "Index"},
    [M_INPUT] = {"Angka, 0 atau lebih", "A number, 0 or more"},
    [M_SUMMARY] = {"Ringkasan", "Summary"},
    [M_SUM_CODE] = {"Kode", "Code"},
    [M_SUM_ITEM] = {"Uraian", "Item"},
    [M_SUM_SCORE] = {"Nilai", "Score"},
    [M_SUM_WEIGHT] = {"Bobot", "Weight"},
    [M_WBK] = {"Memenuhi syarat WBK (Wilayah Bebas dari Korupsi)",
               "Meets the WBK (Corruption-Free Area) requirements"},
    [M_WBBM] = {"Memenuhi syarat WBBM (Wilayah Birokrasi Bersih dan Melayani)",
                "Meets the WBBM (Clean and Serving Bureaucracy Area) requirements"},
    [M_YES] = {"Ya", "Yes"},
    [M_NO] = {"Tidak", "No"},
    [M_PAGE] = {"&CHalaman &P dari &N", "&CPage &P of &N"},
};

/* Used when the caller gives a level but no label. */
static const struct {
    const char *level;
    const char *label[LANG__MAX];
} level_labels[] = {
    {"self", {"Penilaian Mandiri", "Self-assessment"}},
    {"anggota", {"TPI – Anggota Tim", "Internal evaluation team – member"}},
    {"ketua", {"TPI – Ketua Tim", "Internal evaluation team – team leader"}},
    {"dalnis", {"TPI – Pengendali Teknis", "Internal evaluation team – technical controller"}},
    {"tpn", {"TPN – Tim Penilai Nasional", "National evaluation team (TPN)"}},
};

/* Row levels, each with its look, and the kinds of cell in a row. */
enum lv { LV_COMP, LV_PART, LV_AREA, LV_IND, LV_Q, LV_INPUT, LV__MAX };
enum kind { K_TEXT, K_NUM, K_PCT, K_INPUT, K__MAX };

static const struct {
    bool bold, italic;
    lxw_color_t fill; /* 0: none */
    lxw_color_t font; /* 0: the default */
} looks[LV__MAX] = {
    [LV_COMP] = {true, false, 0xBDD7EE, 0}, [LV_PART] = {true, false, 0xDDEBF7, 0},
    [LV_AREA] = {true, false, 0xE2EFDA, 0}, [LV_IND] = {true, false, 0xF2F2F2, 0},
    [LV_Q] = {false, false, 0, 0},          [LV_INPUT] = {false, true, 0, 0x404040},
};

static const double col_widths[COL__MAX] = {30, 50, 8, 48, 36, 12, 9, 9, 28, 28};

/* Points per line of 11 pt text, and Excel's tallest row. */
static const double LINE_PT = 15, ROW_MAX_PT = 409;

/* The Hasil roles the verdicts read. */
enum role { ROLE_IPAK, ROLE_CAPAIAN, ROLE_IPKP, ROLE__MAX };
static const char *const role_names[ROLE__MAX] = {"ipak", "capaian", "ipkp"};

struct named {
    const char *code, *name; /* borrowed from the framework's document */
    double weight;
    lxw_row_t row; /* its row on "LKE" */
};

struct out {
    const struct lke_framework *f;
    json_t *answers; /* the caller's {code: {"value", "note", "evidence"}} */
    json_t *score;   /* lke_score's result */
    const struct lke_doc_meta *m;
    enum lang lang;
    lxw_workbook *wb;
    lxw_worksheet *ws; /* "LKE" */
    lxw_format *fmt[LV__MAX][K__MAX];
    lxw_format *title, *label, *meta, *year, *head, *sum_text, *sum_num, *sum_pct;
    lxw_row_t row;   /* the next row of "LKE" */
    unsigned *lines; /* lines of wrapped text in each row of "LKE", for the row heights */
    size_t nlines;
    struct named comp[2], part[2], area[12];
    lxw_row_t role_row[ROLE__MAX];
    bool has_role[ROLE__MAX];
    struct buf fb; /* formula scratch */
    struct buf *err;
    int rc; /* the first error, sticky like SQLite's mallocFailed; checked once at the end */
};

static void
check(struct out *o, lxw_error e)
{
    if (e != LXW_NO_ERROR && o->rc == 0) {
        buf_printf(o->err, "the workbook could not be built: %s", lxw_strerror(e));
        o->rc = ZE_IO;
    }
}

/* A framework text (name, text, guidance…) in the document's language. */
static const char *
tx(const struct out *o, json_t *obj, const char *key)
{
    json_t *t = json_object_get(obj, key);
    const char *s = json_string_value(json_object_get(t, o->lang == LANG_EN ? "en" : "id"));
    if (!s)
        s = json_string_value(json_object_get(t, "id"));
    return s ? s : "";
}

static const char *
nz(const char *s)
{
    return s ? s : "";
}

static const char *
msg(const struct out *o, enum msg id)
{
    return msgs[id][o->lang];
}

static const char *
cell(char b[16], lxw_row_t r, enum col c)
{
    snprintf(b, 16, "%c%u", (char)('A' + (int)c), (unsigned)r + 1);
    return b;
}

/* Numbers in formulas: 15 significant digits, '.' as the decimal separator whatever the locale. */
static void
put_num(struct buf *b, double d)
{
    char s[40];
    snprintf(s, sizeof s, "%.15g", d);
    for (char *p = s; *p; p++)
        if (*p == ',')
            *p = '.';
    buf_puts(b, s);
}

/* How many lines s takes in a column of that width. LibreOffice does not size rows to wrapped
 * text when it opens a file, so the rows are given heights. A unit of width holds about 1.15
 * characters of running text in Calibri or its substitutes (measured in LibreOffice 7.4). */
static unsigned
lines_of(const char *s, double width)
{
    unsigned per = width >= 1 ? (unsigned)(width * 1.15) : 1, lines = 0, n = 0;
    for (const unsigned char *p = (const unsigned char *)s;; p++) {
        if (*p == '\n' || *p == 0) {
            lines += n ? (n + per - 1) / per : 1;
            n = 0;
            if (!*p)
                break;
        } else if ((*p & 0xC0) != 0x80) {
            n++;
        }
    }
    return lines;
}

static void
count_lines(struct out *o, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s)
{
    if (ws != o->ws || c >= COL__MAX)
        return;
    if (r >= o->nlines) {
        size_t n = o->nlines ? o->nlines : 256;
        while (n <= r)
            n *= 2;
        o->lines = xrealloc(o->lines, n * sizeof *o->lines);
        memset(o->lines + o->nlines, 0, (n - o->nlines) * sizeof *o->lines);
        o->nlines = n;
    }
    unsigned l = lines_of(s, col_widths[c]);
    if (l > o->lines[r])
        o->lines[r] = l;
}

/* Writes text as a string cell (never a formula), cut at Excel's limit on a character boundary;
 * empty text leaves a formatted blank. */
static void
text(struct out *o, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *fm)
{
    if (!s || !*s) {
        check(o, worksheet_write_blank(ws, r, c, fm));
        return;
    }
    if (r >= ROW_FIRST)
        count_lines(o, ws, r, c, s);
    size_t n = strlen(s);
    if (n <= CELL_TEXT_MAX) {
        check(o, worksheet_write_string(ws, r, c, s, fm));
        return;
    }
    /* boundary: a longer text is cut, never split inside a UTF-8 sequence */
    n = CELL_TEXT_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    char *cut = xstrndup(s, n);
    check(o, worksheet_write_string(ws, r, c, cut, fm));
    free(cut);
}

static double
score_of(const struct out *o, const char *key)
{
    return json_number_value(json_object_get(o->score, key));
}

static double
points_of(const struct out *o, const char *code)
{
    return json_number_value(json_object_get(json_object_get(o->score, "items"), code));
}

/* ---- formats ----------------------------------------------------------------------------- */

static lxw_format *
new_format(struct out *o, enum lv lv, enum kind k)
{
    lxw_format *fm = workbook_add_format(o->wb);
    format_set_border(fm, LXW_BORDER_THIN);
    format_set_border_color(fm, 0xA6A6A6);
    format_set_align(fm, LXW_ALIGN_VERTICAL_TOP);
    if (looks[lv].bold)
        format_set_bold(fm);
    if (looks[lv].italic)
        format_set_italic(fm);
    if (looks[lv].font)
        format_set_font_color(fm, looks[lv].font);
    if (looks[lv].fill)
        format_set_bg_color(fm, looks[lv].fill);
    switch (k) {
    case K_TEXT:
        format_set_text_wrap(fm);
        break;
    case K_NUM:
        format_set_num_format(fm, "0.00");
        break;
    case K_PCT:
        format_set_num_format(fm, "0.00%");
        break;
    case K_INPUT: /* where people type: pale yellow, centred */
        format_set_bg_color(fm, 0xFFF2CC);
        format_set_align(fm, LXW_ALIGN_CENTER);
        format_set_unlocked(fm);
        break;
    case K__MAX:
        break;
    }
    return fm;
}

static void
formats(struct out *o)
{
    for (int lv = 0; lv < LV__MAX; lv++)
        for (int k = 0; k < K__MAX; k++)
            o->fmt[lv][k] = new_format(o, (enum lv)lv, (enum kind)k);
    o->title = workbook_add_format(o->wb);
    format_set_bold(o->title);
    format_set_font_size(o->title, 14);
    o->label = workbook_add_format(o->wb);
    format_set_bold(o->label);
    o->meta = workbook_add_format(o->wb);
    o->year = workbook_add_format(o->wb);
    format_set_num_format(o->year, "0");
    format_set_align(o->year, LXW_ALIGN_LEFT);
    o->head = workbook_add_format(o->wb);
    format_set_bold(o->head);
    format_set_text_wrap(o->head);
    format_set_align(o->head, LXW_ALIGN_CENTER);
    format_set_align(o->head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_font_color(o->head, 0xFFFFFF);
    format_set_bg_color(o->head, 0x305496);
    format_set_border(o->head, LXW_BORDER_THIN);
    o->sum_text = new_format(o, LV_Q, K_TEXT);
    o->sum_num = new_format(o, LV_Q, K_NUM);
    o->sum_pct = new_format(o, LV_Q, K_PCT);
}

/* ---- the header block, on both sheets ----------------------------------------------------- */

static const char *
level_label(const struct out *o)
{
    if (o->m->level_label && *o->m->level_label)
        return o->m->level_label;
    for (size_t i = 0; o->m->level && i < sizeof level_labels / sizeof level_labels[0]; i++)
        if (strcmp(level_labels[i].level, o->m->level) == 0)
            return level_labels[i].label[o->lang];
    return o->m->level ? o->m->level : "";
}

static void
header_block(struct out *o, lxw_worksheet *ws, const char *title)
{
    struct buf unit = BUF_INIT;
    text(o, ws, ROW_TITLE, COL_NO, title, o->title);
    text(o, ws, ROW_UNIT, COL_NO, msg(o, M_UNIT), o->label);
    if (o->m->unit_code && *o->m->unit_code)
        buf_printf(&unit, "%s ", o->m->unit_code);
    if (o->m->unit_name)
        buf_puts(&unit, o->m->unit_name);
    text(o, ws, ROW_UNIT, COL_NAME, buf_cstr(&unit), o->meta);
    buf_free(&unit);
    text(o, ws, ROW_UNIT, COL_WEIGHT, msg(o, M_YEAR), o->label);
    if (o->m->year > 0)
        check(o, worksheet_write_number(ws, ROW_UNIT, COL_GUIDE, o->m->year, o->year));
    text(o, ws, ROW_LEVEL, COL_NO, msg(o, M_LEVEL), o->label);
    text(o, ws, ROW_LEVEL, COL_NAME, level_label(o), o->meta);
}

/* ---- rows of "LKE" ------------------------------------------------------------------------ */

/* Starts a row: formatted blanks across, then the code, the name and the weight. */
static lxw_row_t
begin_row(struct out *o, enum lv lv, const char *code, const char *name, double weight,
          bool has_weight)
{
    lxw_row_t r = o->row++;
    for (int c = 0; c < COL__MAX; c++)
        check(o, worksheet_write_blank(o->ws, r, (lxw_col_t)c, o->fmt[lv][K_TEXT]));
    text(o, o->ws, r, COL_NO, code, o->fmt[lv][K_TEXT]);
    text(o, o->ws, r, COL_NAME, name, o->fmt[lv][K_TEXT]);
    if (has_weight)
        check(o, worksheet_write_number(o->ws, r, COL_WEIGHT, weight, o->fmt[lv][K_NUM]));
    return r;
}

/* H: the score as a share of the weight. */
static void
put_share(struct out *o, lxw_row_t r, enum lv lv, double weight, double score)
{
    char g[16], c[16];
    if (!(weight > 0))
        return;
    buf_reset(&o->fb);
    buf_printf(&o->fb, "=%s/%s", cell(g, r, COL_SCORE), cell(c, r, COL_WEIGHT));
    check(o, worksheet_write_formula_num(o->ws, r, COL_PCT, buf_cstr(&o->fb), o->fmt[lv][K_PCT],
                                         score / weight));
}

/* G = SUM of the G of rows, cached as score; then H. */
static void
put_sum(struct out *o, lxw_row_t r, enum lv lv, const lxw_row_t *rows, size_t n, double weight,
        double score)
{
    char g[16];
    buf_reset(&o->fb);
    buf_puts(&o->fb, "=SUM(");
    for (size_t i = 0; i < n; i++)
        buf_printf(&o->fb, "%s%s", i ? "," : "", cell(g, rows[i], COL_SCORE));
    buf_puts(&o->fb, n ? ")" : "0)");
    check(o, worksheet_write_formula_num(o->ws, r, COL_SCORE, buf_cstr(&o->fb), o->fmt[lv][K_NUM],
                                         score));
    put_share(o, r, lv, weight, score);
}

/* A dropdown or a number range on an answer cell; a warning, not a stop, so odd answers can
 * still be typed and the importer names them. */
static void
validate(struct out *o, lxw_row_t r, const struct lke_question *q, bool input)
{
    lxw_data_validation v;
    char keys[LKE_MAX_OPTIONS][8] = {"ya", "tidak"}, *list[LKE_MAX_OPTIONS + 1] = {0};
    memset(&v, 0, sizeof v);
    v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
    v.ignore_blank = LXW_VALIDATION_ON;
    if (input || q->type == LKE_PERCENT) {
        v.validate = LXW_VALIDATION_TYPE_DECIMAL;
        v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        v.value_number = 0;
    } else if (q->type == LKE_INDEX) {
        v.validate = LXW_VALIDATION_TYPE_DECIMAL;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_number = 1;
        v.maximum_number = o->f->index_max;
    } else if (q->type == LKE_YN) {
        list[0] = keys[0];
        list[1] = keys[1];
        v.validate = LXW_VALIDATION_TYPE_LIST;
        v.value_list = list;
    } else {
        for (int i = 0; i < q->noptions; i++) {
            snprintf(keys[i], sizeof keys[i], "%s", q->option_keys[i]);
            list[i] = keys[i];
        }
        v.validate = LXW_VALIDATION_TYPE_LIST;
        v.value_list = list;
    }
    check(o, worksheet_data_validation_cell(o->ws, r, COL_ANSWER, &v));
}

/* D: the guidance, then the typical evidence. */
static void
put_guidance(struct out *o, lxw_row_t r, json_t *qo)
{
    struct buf b = BUF_INIT;
    const char *g = tx(o, qo, "guidance"), *e = tx(o, qo, "evidence");
    buf_puts(&b, g);
    if (*e)
        buf_printf(&b, "%s%s%s", *g ? "\n\n" : "", msg(o, M_SUPPORT), e);
    text(o, o->ws, r, COL_GUIDE, buf_cstr(&b), o->fmt[LV_Q][K_TEXT]);
    buf_free(&b);
}

/* E: what may be answered. */
static void
put_choices(struct out *o, lxw_row_t r, json_t *qo, const struct lke_question *q)
{
    struct buf b = BUF_INIT;
    switch (q->type) {
    case LKE_YN:
        buf_puts(&b, msg(o, M_YN));
        break;
    case LKE_OPTIONS: {
        json_t *opts = json_object_get(qo, "options");
        for (int i = 0; i < q->noptions; i++)
            buf_printf(&b, "%s%s. %s", i ? "\n" : "", q->option_keys[i],
                       tx(o, json_array_get(opts, (size_t)i), "text"));
        break;
    }
    case LKE_PERCENT:
        buf_puts(&b, msg(o, q->nnum ? M_PERCENT_INPUTS : M_PERCENT));
        break;
    case LKE_INDEX:
        buf_printf(&b, "%s 1–%g", msg(o, M_INDEX), o->f->index_max);
        break;
    }
    text(o, o->ws, r, COL_CHOICES, buf_cstr(&b), o->fmt[LV_Q][K_TEXT]);
    buf_free(&b);
}

/* I and J: the note and the evidence names, as strings whatever they start with. */
static void
put_note_evidence(struct out *o, lxw_row_t r, json_t *entry)
{
    struct buf b = BUF_INIT;
    size_t i;
    json_t *e;
    text(o, o->ws, r, COL_NOTE, json_string_value(json_object_get(entry, "note")),
         o->fmt[LV_Q][K_TEXT]);
    json_array_foreach(json_object_get(entry, "evidence"), i, e)
    {
        const char *s = json_is_string(e) ? json_string_value(e)
                                          : json_string_value(json_object_get(e, "name"));
        buf_printf(&b, "%s%s", b.len ? "\n" : "", s ? s : "");
    }
    text(o, o->ws, r, COL_EVIDENCE, buf_cstr(&b), o->fmt[LV_Q][K_TEXT]);
    buf_free(&b);
}

/* The percentage of an item from its inputs, as lke_score computes it before the cap. */
static double
percent_of(const struct out *o, const struct lke_question *q, json_t *inputs)
{
    double num = 0, den = 0;
    for (int i = 0; i < q->nnum; i++)
        num += q->num[i].sign *
               json_number_value(json_object_get(inputs, q->input_keys[q->num[i].input]));
    for (int i = 0; i < q->nden; i++)
        den += q->den[i].sign *
               json_number_value(json_object_get(inputs, q->input_keys[q->den[i].input]));
    if (den <= 0)
        return o->f->percent_nothing_owed;
    return num / den < 0 ? 0 : 100 * num / den;
}

/* A sum of input cells, e.g. "F12+F13-F14". */
static void
put_terms(struct buf *b, lxw_row_t first, const struct lke_term *t, int n)
{
    char c[16];
    for (int i = 0; i < n; i++)
        buf_printf(b, "%s%s", t[i].sign < 0 ? "-" : (i ? "+" : ""),
                   cell(c, first + (lxw_row_t)t[i].input, COL_ANSWER));
}

/* The input rows of a computed percentage and its F: a formula of them (the nothing-owed rule
 * when the denominator is 0, blank until every input is filled), or the percentage itself when
 * the answer gave one. */
static void
put_inputs(struct out *o, lxw_row_t r, json_t *qo, const struct lke_question *q, json_t *value)
{
    json_t *inputs = json_object_get(value, "inputs"), *labels = json_object_get(qo, "inputs");
    lxw_row_t first = r + 1;
    char a[16], b[16];
    for (int i = 0; i < q->ninputs; i++) {
        char code[112];
        json_t *in = NULL;
        size_t k;
        json_t *lo;
        json_array_foreach(labels, k, lo)
        {
            if (strcmp(nz(json_string_value(json_object_get(lo, "key"))), q->input_keys[i]) == 0)
                in = lo;
        }
        snprintf(code, sizeof code, "%s:%s", q->code, q->input_keys[i]);
        lxw_row_t ir = begin_row(o, LV_INPUT, code, tx(o, in, "label"), 0, false);
        text(o, o->ws, ir, COL_CHOICES, msg(o, M_INPUT), o->fmt[LV_INPUT][K_TEXT]);
        json_t *x = json_object_get(inputs, q->input_keys[i]);
        if (json_is_number(x))
            check(o, worksheet_write_number(o->ws, ir, COL_ANSWER, json_number_value(x),
                                            o->fmt[LV_INPUT][K_INPUT]));
        else
            check(o, worksheet_write_blank(o->ws, ir, COL_ANSWER, o->fmt[LV_INPUT][K_INPUT]));
        validate(o, ir, q, true);
    }
    if (json_is_number(value)) {
        check(o, worksheet_write_number(o->ws, r, COL_ANSWER, json_number_value(value),
                                        o->fmt[LV_Q][K_INPUT]));
        validate(o, r, q, false);
        return;
    }
    struct buf *f = &o->fb;
    buf_reset(f);
    buf_printf(f, "=IF(COUNT(%s:%s)<%d,\"\",IF((", cell(a, first, COL_ANSWER),
               cell(b, first + (lxw_row_t)q->ninputs - 1, COL_ANSWER), q->ninputs);
    put_terms(f, first, q->den, q->nden);
    buf_puts(f, ")<=0,");
    put_num(f, o->f->percent_nothing_owed);
    buf_puts(f, ",MAX(0,100*(");
    put_terms(f, first, q->num, q->nnum);
    buf_puts(f, ")/(");
    put_terms(f, first, q->den, q->nden);
    buf_puts(f, "))))");
    if (json_is_object(inputs))
        check(o, worksheet_write_formula_num(o->ws, r, COL_ANSWER, buf_cstr(f), o->fmt[LV_Q][K_NUM],
                                             percent_of(o, q, inputs)));
    else
        check(o, worksheet_write_formula_str(o->ws, r, COL_ANSWER, buf_cstr(f), o->fmt[LV_Q][K_NUM],
                                             ""));
}

/* F for an answer typed in the cell itself. */
static void
put_answer(struct out *o, lxw_row_t r, const struct lke_question *q, json_t *value)
{
    lxw_format *fm = o->fmt[LV_Q][K_INPUT];
    const char *s = json_string_value(value);
    if (!value || json_is_null(value)) {
        check(o, worksheet_write_blank(o->ws, r, COL_ANSWER, fm));
    } else if (q->type == LKE_YN && s) {
        text(o, o->ws, r, COL_ANSWER, strcasecmp(s, "ya") == 0 ? "ya" : "tidak", fm);
    } else if (q->type == LKE_OPTIONS && s) {
        for (int i = 0; i < q->noptions; i++)
            if (strcasecmp(s, q->option_keys[i]) == 0)
                text(o, o->ws, r, COL_ANSWER, q->option_keys[i], fm);
    } else if (json_is_number(value)) {
        check(o, worksheet_write_number(o->ws, r, COL_ANSWER, json_number_value(value), fm));
    }
    validate(o, r, q, false);
}

/* G: the question's value from F (times C for a Hasil item), cached from lke_score. */
static void
put_value(struct out *o, lxw_row_t r, const struct lke_question *q, bool hasil)
{
    char fc[16], c[16];
    struct buf *b = &o->fb;
    cell(fc, r, COL_ANSWER);
    buf_reset(b);
    buf_putc(b, '=');
    if (hasil)
        buf_printf(b, "%s*(", cell(c, r, COL_WEIGHT));
    switch (q->type) {
    case LKE_YN:
        buf_printf(b, "IF(LOWER(TRIM(%s))=\"ya\",1,0)", fc);
        break;
    case LKE_OPTIONS:
        for (int i = 0; i < q->noptions; i++) {
            buf_printf(b, "IF(UPPER(TRIM(%s))=\"%s\",", fc, q->option_keys[i]);
            put_num(b, o->f->option_scores[q->noptions][i]);
            buf_putc(b, ',');
        }
        buf_putc(b, '0');
        for (int i = 0; i < q->noptions; i++)
            buf_putc(b, ')');
        break;
    case LKE_PERCENT:
        buf_printf(b, "IF(ISNUMBER(%s),MIN(MAX(%s,0),", fc, fc);
        put_num(b, o->f->percent_cap);
        buf_puts(b, ")/100,0)");
        break;
    case LKE_INDEX:
        buf_printf(b, "IF(ISNUMBER(%s),MIN(MAX(%s,0),", fc, fc);
        put_num(b, o->f->index_max);
        buf_puts(b, ")/");
        put_num(b, o->f->index_max);
        buf_puts(b, ",0)");
        break;
    }
    if (hasil)
        buf_putc(b, ')');
    double points = points_of(o, q->code);
    double v = hasil ? points : (q->max_points > 0 ? points / q->max_points : 0);
    check(o, worksheet_write_formula_num(o->ws, r, COL_SCORE, buf_cstr(b), o->fmt[LV_Q][K_NUM], v));
    if (hasil) {
        put_share(o, r, LV_Q, q->max_points, points);
    } else {
        buf_reset(b);
        buf_printf(b, "=%s", cell(c, r, COL_SCORE));
        check(o,
              worksheet_write_formula_num(o->ws, r, COL_PCT, buf_cstr(b), o->fmt[LV_Q][K_PCT], v));
    }
}

/* One question (or Hasil item) row and its input rows; returns its row. */
static lxw_row_t
question(struct out *o, json_t *qo, bool hasil)
{
    const char *code = json_string_value(json_object_get(qo, "code"));
    const struct lke_question *q = code ? lke_question(o->f, code) : NULL;
    if (!q) {
        if (!o->rc) {
            buf_printf(o->err, "%s: the framework's document does not match the framework",
                       code ? code : "?");
            o->rc = ZE_INVAL;
        }
        return o->row;
    }
    json_t *entry = json_object_get(o->answers, q->code);
    json_t *value = json_object_get(entry, "value");
    lxw_row_t r = begin_row(o, LV_Q, q->code, tx(o, qo, "text"), q->max_points, hasil);
    put_guidance(o, r, qo);
    put_choices(o, r, qo, q);
    if (q->type == LKE_PERCENT && q->nnum > 0)
        put_inputs(o, r, qo, q, value);
    else
        put_answer(o, r, q, value);
    put_value(o, r, q, hasil);
    put_note_evidence(o, r, entry);
    if (hasil)
        for (int i = 0; i < ROLE__MAX; i++)
            if (strcmp(q->role, role_names[i]) == 0) {
                o->role_row[i] = r;
                o->has_role[i] = true;
            }
    return r;
}

static lxw_row_t *
rows_for(json_t *list)
{
    return xcalloc(json_array_size(list) + 1, sizeof(lxw_row_t));
}

static void
indicator(struct out *o, json_t *io, lxw_row_t *out_row)
{
    const char *code = json_string_value(json_object_get(io, "code"));
    double w = json_number_value(json_object_get(io, "weight")), points = 0;
    lxw_row_t r = begin_row(o, LV_IND, code, tx(o, io, "name"), w, true);
    json_t *qs = json_object_get(io, "questions");
    lxw_row_t *rows = rows_for(qs);
    size_t i, n = 0;
    json_t *qo;
    json_array_foreach(qs, i, qo)
    {
        rows[n++] = question(o, qo, false);
        points += points_of(o, json_string_value(json_object_get(qo, "code")));
    }
    /* weight x the mean of the questions' values, unanswered counting 0 (SUM / n, not AVERAGE,
     * so an emptied cell still counts) */
    char c[16], g[16];
    buf_reset(&o->fb);
    buf_printf(&o->fb, "=%s*SUM(", cell(c, r, COL_WEIGHT));
    for (size_t k = 0; k < n; k++)
        buf_printf(&o->fb, "%s%s", k ? "," : "", cell(g, rows[k], COL_SCORE));
    buf_printf(&o->fb, "%s)/%zu", n ? "" : "0", n ? n : 1);
    check(o, worksheet_write_formula_num(o->ws, r, COL_SCORE, buf_cstr(&o->fb),
                                         o->fmt[LV_IND][K_NUM], points));
    put_share(o, r, LV_IND, w, points);
    free(rows);
    *out_row = r;
}

static void
area(struct out *o, json_t *ao, lxw_row_t *out_row)
{
    const char *code = json_string_value(json_object_get(ao, "code"));
    double w = json_number_value(json_object_get(ao, "weight"));
    lxw_row_t r = begin_row(o, LV_AREA, code, tx(o, ao, "name"), w, true);
    json_t *inds = json_object_get(ao, "indicators");
    lxw_row_t *rows = rows_for(inds);
    size_t i;
    json_t *io;
    json_array_foreach(inds, i, io) indicator(o, io, &rows[i]);
    double score = json_number_value(json_object_get(json_object_get(o->score, "areas"), code));
    put_sum(o, r, LV_AREA, rows, json_array_size(inds), w, score);
    free(rows);
    for (size_t k = 0; code && k < o->f->nareas; k++)
        if (strcmp(o->f->areas[k].code, code) == 0) {
            o->area[k] = (struct named){o->f->areas[k].code, tx(o, ao, "name"), w, r};
        }
    *out_row = r;
}

static void
pengungkit(struct out *o, json_t *co)
{
    double w = json_number_value(json_object_get(co, "weight"));
    lxw_row_t r = begin_row(o, LV_COMP, "pengungkit", tx(o, co, "name"), w, true);
    o->comp[0] = (struct named){"pengungkit", tx(o, co, "name"), w, r};
    json_t *parts = json_object_get(co, "parts");
    lxw_row_t *prow = rows_for(parts);
    size_t pi;
    json_t *po;
    json_array_foreach(parts, pi, po)
    {
        const char *pcode = json_string_value(json_object_get(po, "code"));
        double pw = json_number_value(json_object_get(po, "weight"));
        prow[pi] = begin_row(o, LV_PART, pcode, tx(o, po, "name"), pw, true);
        json_t *areas = json_object_get(po, "areas");
        lxw_row_t *arow = rows_for(areas);
        size_t ai;
        json_t *ao;
        json_array_foreach(areas, ai, ao) area(o, ao, &arow[ai]);
        double score =
            json_number_value(json_object_get(json_object_get(o->score, "parts"), pcode));
        put_sum(o, prow[pi], LV_PART, arow, json_array_size(areas), pw, score);
        if (pi < 2)
            o->part[pi] = (struct named){pcode, tx(o, po, "name"), pw, prow[pi]};
        free(arow);
    }
    put_sum(o, r, LV_COMP, prow, json_array_size(parts), w, score_of(o, "pengungkit"));
    free(prow);
}

static void
hasil(struct out *o, json_t *co)
{
    double w = json_number_value(json_object_get(co, "weight"));
    lxw_row_t r = begin_row(o, LV_COMP, "hasil", tx(o, co, "name"), w, true);
    o->comp[1] = (struct named){"hasil", tx(o, co, "name"), w, r};
    json_t *parts = json_object_get(co, "parts");
    lxw_row_t *prow = rows_for(parts);
    size_t pi;
    json_t *po;
    json_array_foreach(parts, pi, po)
    {
        double pw = json_number_value(json_object_get(po, "weight")), points = 0;
        prow[pi] = begin_row(o, LV_PART, json_string_value(json_object_get(po, "code")),
                             tx(o, po, "name"), pw, true);
        json_t *items = json_object_get(po, "items");
        lxw_row_t *irow = rows_for(items);
        size_t ii;
        json_t *io;
        json_array_foreach(items, ii, io)
        {
            irow[ii] = question(o, io, true);
            points += points_of(o, json_string_value(json_object_get(io, "code")));
        }
        put_sum(o, prow[pi], LV_PART, irow, json_array_size(items), pw, points);
        free(irow);
    }
    put_sum(o, r, LV_COMP, prow, json_array_size(parts), w, score_of(o, "hasil"));
    free(prow);
}

static void
lke_sheet(struct out *o)
{
    lxw_worksheet *ws = o->ws;
    header_block(o, ws, tx(o, o->f->doc, "name"));
    for (int c = 0; c < COL__MAX; c++) {
        check(o, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, col_widths[c], NULL));
        text(o, ws, ROW_HEAD, (lxw_col_t)c, msg(o, (enum msg)(M_COL_NO + c)), o->head);
    }
    worksheet_freeze_panes(ws, ROW_FIRST, 0);
    o->row = ROW_FIRST;
    json_t *comps = json_object_get(o->f->doc, "components");
    pengungkit(o, json_array_get(comps, 0));
    hasil(o, json_array_get(comps, 1));
    /* the total, in the header block so that it stays in sight and outside the rows read back */
    lxw_row_t rows[2] = {o->comp[0].row, o->comp[1].row};
    char g[16];
    text(o, ws, ROW_LEVEL, COL_ANSWER, msg(o, M_TOTAL), o->label);
    buf_reset(&o->fb);
    buf_printf(&o->fb, "=SUM(%s,", cell(g, rows[0], COL_SCORE));
    buf_printf(&o->fb, "%s)", cell(g, rows[1], COL_SCORE));
    check(o, worksheet_write_formula_num(ws, ROW_LEVEL, COL_SCORE, buf_cstr(&o->fb),
                                         o->fmt[LV_COMP][K_NUM], score_of(o, "total")));
    for (lxw_row_t r = ROW_FIRST; r < o->row && r < o->nlines; r++)
        if (o->lines[r] > 1) {
            double h = LINE_PT * o->lines[r];
            check(o, worksheet_set_row(ws, r, h < ROW_MAX_PT ? h : ROW_MAX_PT, NULL));
        }
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    check(o, worksheet_repeat_rows(ws, ROW_HEAD, ROW_HEAD));
    check(o, worksheet_set_footer(ws, msg(o, M_PAGE)));
}

/* ---- "Ringkasan" -------------------------------------------------------------------------- */

static void
summary_row(struct out *o, lxw_worksheet *ws, lxw_row_t r, const struct named *n, lxw_row_t from,
            double score)
{
    char g[16];
    text(o, ws, r, 0, n->code, o->sum_text);
    text(o, ws, r, 1, n->name, o->sum_text);
    buf_reset(&o->fb);
    buf_printf(&o->fb, "=LKE!%s", cell(g, from, COL_SCORE));
    check(o, worksheet_write_formula_num(ws, r, 2, buf_cstr(&o->fb), o->sum_num, score));
    check(o, worksheet_write_number(ws, r, 3, n->weight, o->sum_num));
    if (n->weight > 0) {
        buf_reset(&o->fb);
        buf_printf(&o->fb, "=C%u/D%u", (unsigned)r + 1, (unsigned)r + 1);
        check(o, worksheet_write_formula_num(ws, r, 4, buf_cstr(&o->fb), o->sum_pct,
                                             score / n->weight));
    } else {
        check(o, worksheet_write_blank(ws, r, 4, o->sum_pct));
    }
}

static void
need(struct buf *b, const char *lhs, double threshold)
{
    /* the same tolerance as lke_score */
    buf_printf(b, ",%s+1E-9>=", lhs);
    put_num(b, threshold);
}

static void
verdict_row(struct out *o, lxw_worksheet *ws, lxw_row_t r, const char *code, enum msg label,
            const struct lke_threshold *t, bool cached)
{
    const struct lke_framework *f = o->f;
    char g[16], lhs[64];
    struct buf b = BUF_INIT;
    text(o, ws, r, 0, code, o->sum_text);
    text(o, ws, r, 1, msg(o, label), o->sum_text);
    buf_printf(&b, "=IF(AND(LKE!%s+1E-9>=", cell(g, ROW_LEVEL, COL_SCORE));
    put_num(&b, t->total);
    if (f->area_min_per_part) {
        for (size_t i = 0; i < f->nareas; i++) {
            snprintf(lhs, sizeof lhs, "LKE!%s", cell(g, o->area[i].row, COL_SCORE));
            need(&b, lhs, t->area_min_share * f->areas[i].weight);
        }
    } else {
        for (int n = 1; n <= 6; n++) {
            double w = 0;
            size_t used = 0;
            buf_puts(&b, ",(0");
            for (size_t i = 0; i < f->nareas; i++)
                if (f->areas[i].number == n) {
                    w += f->areas[i].weight;
                    buf_printf(&b, "+LKE!%s", cell(g, o->area[i].row, COL_SCORE));
                    used++;
                }
            buf_printf(&b, ")+1E-9>=");
            put_num(&b, used ? t->area_min_share * w : 0);
        }
    }
    const double want[ROLE__MAX] = {t->ipak, t->capaian, t->ipkp};
    for (int i = 0; i < ROLE__MAX; i++) {
        if (o->has_role[i])
            snprintf(lhs, sizeof lhs, "LKE!%s", cell(g, o->role_row[i], COL_SCORE));
        else
            snprintf(lhs, sizeof lhs, "0");
        need(&b, lhs, want[i]);
    }
    buf_printf(&b, "),\"%s\",\"%s\")", msg(o, M_YES), msg(o, M_NO));
    check(o, worksheet_write_formula_str(ws, r, 2, buf_cstr(&b), o->sum_text,
                                         msg(o, cached ? M_YES : M_NO)));
    buf_free(&b);
}

static void
summary_sheet(struct out *o, lxw_worksheet *ws)
{
    static const double widths[] = {18, 60, 10, 10, 10};
    static const enum msg heads[] = {M_SUM_CODE, M_SUM_ITEM, M_SUM_SCORE, M_SUM_WEIGHT, M_COL_PCT};
    struct buf title = BUF_INIT;
    buf_printf(&title, "%s – %s", msg(o, M_SUMMARY), tx(o, o->f->doc, "name"));
    header_block(o, ws, buf_cstr(&title));
    buf_free(&title);
    for (int c = 0; c < 5; c++) {
        check(o, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL));
        text(o, ws, ROW_HEAD, (lxw_col_t)c, msg(o, heads[c]), o->head);
    }
    worksheet_freeze_panes(ws, ROW_FIRST, 0);
    lxw_row_t r = ROW_FIRST;
    struct named total = {"total", msg(o, M_TOTAL), 100, ROW_LEVEL};
    summary_row(o, ws, r++, &total, ROW_LEVEL, score_of(o, "total"));
    summary_row(o, ws, r++, &o->comp[0], o->comp[0].row, score_of(o, "pengungkit"));
    summary_row(o, ws, r++, &o->comp[1], o->comp[1].row, score_of(o, "hasil"));
    json_t *parts = json_object_get(o->score, "parts");
    for (int i = 0; i < 2; i++)
        summary_row(o, ws, r++, &o->part[i], o->part[i].row,
                    json_number_value(json_object_get(parts, o->part[i].code)));
    json_t *areas = json_object_get(o->score, "areas");
    for (size_t i = 0; i < o->f->nareas; i++) {
        struct named n = o->area[i];
        struct buf name = BUF_INIT;
        buf_printf(&name, "%s: %s", nz(o->part[o->f->areas[i].part].name), nz(n.name));
        n.name = buf_cstr(&name);
        summary_row(o, ws, r++, &n, n.row,
                    json_number_value(json_object_get(areas, o->f->areas[i].code)));
        buf_free(&name);
    }
    verdict_row(o, ws, r++, "wbk", M_WBK, &o->f->wbk,
                json_is_true(json_object_get(o->score, "wbk")));
    verdict_row(o, ws, r, "wbbm", M_WBBM, &o->f->wbbm,
                json_is_true(json_object_get(o->score, "wbbm")));
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
}

/* ---- checking what comes in --------------------------------------------------------------- */

/* answers {code: {"value", "note", "evidence"}} → {code: value} for lke_score. */
static int
answer_values(const struct lke_framework *f, json_t *answers, json_t *values, struct buf *err)
{
    const char *code;
    json_t *entry;
    if (!answers || json_is_null(answers))
        return 0;
    if (!json_is_object(answers)) {
        buf_puts(err, "the answers must be a JSON object of question code to answer");
        return ZE_INVAL;
    }
    json_object_foreach(answers, code, entry)
    {
        if (!lke_question(f, code)) {
            buf_printf(err, "%s: there is no such question in %s", code, f->id);
            return ZE_INVAL;
        }
        if (!json_is_object(entry) || json_object_get(entry, "inputs")) {
            buf_printf(err, "%s: an answer is {\"value\": …, \"note\": …, \"evidence\": […]}",
                       code);
            return ZE_INVAL;
        }
        json_t *note = json_object_get(entry, "note"), *ev = json_object_get(entry, "evidence");
        if (note && !json_is_null(note) && !json_is_string(note)) {
            buf_printf(err, "%s: the note must be text", code);
            return ZE_INVAL;
        }
        if (ev && !json_is_null(ev) && !json_is_array(ev)) {
            buf_printf(err, "%s: the evidence must be a list of names", code);
            return ZE_INVAL;
        }
        size_t i;
        json_t *e;
        json_array_foreach(ev, i, e)
        {
            if (!json_is_string(e) && !json_is_string(json_object_get(e, "name"))) {
                buf_printf(err, "%s: evidence %zu must be a file name or URL", code, i + 1);
                return ZE_INVAL;
            }
        }
        json_t *v = json_object_get(entry, "value");
        if (v && !json_is_null(v))
            json_object_set(values, code, v);
    }
    return 0;
}

static int
meta_ok(const struct lke_doc_meta *m, struct buf *err)
{
    const char *s[] = {m->unit_code, m->unit_name, m->level, m->level_label, m->lang};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        if (s[i] && !utf8_valid(s[i], strlen(s[i]))) {
            buf_puts(err, "the unit, level or language is not valid UTF-8 text");
            return ZE_INVAL;
        }
    return 0;
}

static void
properties(struct out *o)
{
    struct buf subject = BUF_INIT;
    const struct lke_doc_meta *m = o->m;
    buf_printf(&subject, "%s %s – %d – %s", nz(m->unit_code), nz(m->unit_name), m->year,
               level_label(o));
    char author[] = "zona", keywords[] = "LKE, Zona Integritas";
    char *title = xstrdup(tx(o, o->f->doc, "name"));
    lxw_doc_properties p = {
        .title = title,
        .subject = subject.p,
        .author = author,
        .keywords = keywords,
    };
    check(o, workbook_set_properties(o->wb, &p)); /* copies them */
    free(title);
    buf_free(&subject);
    /* for programs that read the file back: which framework, unit, year and level */
    check(o, workbook_set_custom_property_string(o->wb, "zona.framework", o->f->id));
    check(o, workbook_set_custom_property_number(o->wb, "zona.framework_version",
                                                 (double)o->f->version));
    if (m->unit_code && *m->unit_code)
        check(o, workbook_set_custom_property_string(o->wb, "zona.unit", m->unit_code));
    check(o, workbook_set_custom_property_number(o->wb, "zona.year", m->year));
    if (m->level && *m->level)
        check(o, workbook_set_custom_property_string(o->wb, "zona.level", m->level));
}

int
lke_xlsx_export(const struct lke_framework *f, json_t *answers, const struct lke_doc_meta *m,
                const char *path, struct buf *err)
{
    struct out o = {.f = f, .answers = answers, .m = m, .err = err};
    json_t *values = json_object();
    int rc;
    if (!f || !f->doc || !m || !path || !*path) {
        buf_puts(err, "a framework loaded from its document, the document's details and a path "
                      "are needed");
        rc = ZE_INVAL;
        goto out;
    }
    if ((rc = meta_ok(m, err)) != 0 || (rc = answer_values(f, answers, values, err)) != 0 ||
        (rc = lke_score(f, values, &o.score, err)) != 0)
        goto out;
    o.lang = m->lang && strcmp(m->lang, "en") == 0 ? LANG_EN : LANG_ID;
    /* find out now, with the system's reason, whether the file can be written at all */
    FILE *probe = fopen(path, "wb");
    if (!probe) {
        buf_printf(err, "%s: %s", path, strerror(errno));
        rc = ZE_IO;
        goto out;
    }
    (void)fclose(probe);
    /* the sheets refer to each other's rows, so the whole workbook stays in memory */
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE};
    o.wb = workbook_new_opt(path, &opt);
    if (!o.wb) {
        buf_printf(err, "%s: the workbook could not be started", path);
        rc = ZE_IO;
        goto out;
    }
    o.ws = workbook_add_worksheet(o.wb, "LKE");
    lxw_worksheet *sum = workbook_add_worksheet(o.wb, "Ringkasan");
    if (!o.ws || !sum) {
        buf_puts(err, "the workbook's sheets could not be added");
        lxw_workbook_free(o.wb);
        rc = ZE_IO;
        goto out;
    }
    formats(&o);
    properties(&o);
    lke_sheet(&o);
    summary_sheet(&o, sum);
    if (o.rc) {
        lxw_workbook_free(o.wb);
        (void)remove(path);
        rc = o.rc;
        goto out;
    }
    lxw_error e = workbook_close(o.wb);
    if (e != LXW_NO_ERROR) {
        buf_printf(err, "%s: the workbook could not be written: %s", path, lxw_strerror(e));
        (void)remove(path); /* a half-written file is no use to anyone */
        rc = ZE_IO;
    }
out:
    json_decref(values);
    json_decref(o.score);
    buf_free(&o.fb);
    free(o.lines);
    return rc;
}
