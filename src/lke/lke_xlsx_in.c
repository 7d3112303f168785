/* lke_xlsx_in: a filled LKE workbook back into answers (the contract is at the top of
 * lke_docs.h; what is read and how answers are normalised is in lke_xlsx_in.h). The workbook
 * comes from outside: from zona's export after Excel or LibreOffice saved it, or typed by a unit
 * into a copy with columns moved. So the sheet is found by its header row, the columns by their
 * header names, the question by its code (or, failing that, by its exact text), and every row
 * that cannot be read becomes a problem the person can fix, never a refusal of the whole file.
 * The checks mirror lke_score's (lke_calc.c), so answers that import also score. */
#include "lke_xlsx_in.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/xmem.h"
#include "lke.h"
#include "lke_docs.h"
#include "report/xlsx_read.h"

enum {
    IMPORT_MAX_COL = 256, /* columns searched for the header; cells further right are dropped */
    CODE_MAX = 128,       /* bytes of a No kept; longer ones are unknown codes */
    NUMBER_MAX = 64,      /* bytes of a number written as text */
    DOC_DEPTH_MAX = 32    /* nesting of the framework document walked for texts */
};

static const char *const M_UNKNOWN_CODE = N_("unknown question code");
static const char *const M_NOT_OPTION = N_("answer is not one of the options");
static const char *const M_NOT_YN = N_("answer must be ya or tidak");
static const char *const M_NOT_NUMBER = N_("answer is not a number");
static const char *const M_AMBIGUOUS =
    N_("number is ambiguous: write it without a thousands separator");
static const char *const M_NEGATIVE = N_("percentage cannot be negative");
static const char *const M_INDEX_RANGE = N_("survey index is out of range");
static const char *const M_ERROR_CELL = N_("answer cell holds a spreadsheet error");
static const char *const M_NO_CODE = N_("row has an answer but no question code");
static const char *const M_DUPLICATE = N_("question appears more than once");
static const char *const M_UNKNOWN_INPUT = N_("unknown input of a percentage");
static const char *const M_INPUT_NOT_NUMBER = N_("input is not a number");
static const char *const M_INPUT_NEGATIVE = N_("input cannot be negative");
static const char *const M_INPUT_DUPLICATE = N_("input appears more than once");
static const char *const M_INPUT_MISSING = N_("an input of this percentage is missing");

/* One cell kept from the sheet. Shared strings are borrowed from the workbook handle. */
struct icell {
    uint32_t row, col;
    size_t seq; /* order in the file, so that sorting is stable */
    enum xlsx_type type;
    bool percent, formula;
    const char *text;
    size_t len;
    char *own; /* the copy of a text that is not a shared string */
};

struct grid {
    struct icell *c;
    size_t n, cap;
};

/* The header's columns, 0 when absent. */
struct cols {
    uint32_t no, text, ans, note;
};

/* One row below the header: its cells in the columns that matter. */
struct rowv {
    uint32_t row;
    const struct icell *no, *text, *ans, *note;
};

/* What the rows told about one question. */
struct qstate {
    uint32_t row; /* the question's row, 0 when not seen */
    bool has_direct;
    double direct;                   /* a typed percentage on an item that has inputs */
    uint32_t in_row[LKE_MAX_INPUTS]; /* 0 when not seen */
    bool in_ok[LKE_MAX_INPUTS];
    double in[LKE_MAX_INPUTS];
};

struct problem {
    uint32_t row;
    size_t seq;
    char *code; /* NULL: none */
    const char *msg;
};

/* A question text or input label, normalised, for rows that lost their code. */
struct tentry {
    char *norm;
    int q;     /* index into f->questions */
    int input; /* -1: the question's text */
};

struct imp {
    const struct lke_framework *f;
    const char *sheet;
    json_t *answers, *notes;
    struct qstate *qs;
    struct problem *p;
    size_t np, capp;
    size_t rows;
    bool texts_built;
    struct tentry *t;
    size_t nt, capt;
    int last_q; /* the last question row, for input labels below it; -1 none */
};

/* ---- cells ---------------------------------------------------------------------------------- */

static int
collect(void *arg, const struct xlsx_cell *cell)
{
    struct grid *g = arg;
    if (cell->col > IMPORT_MAX_COL)
        return 0;
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 256;
        g->c = xrealloc(g->c, sizeof(*g->c) * g->cap);
    }
    struct icell *c = &g->c[g->n];
    *c = (struct icell){.row = cell->row,
                        .col = cell->col,
                        .seq = g->n,
                        .type = cell->type,
                        .percent = cell->percent,
                        .formula = cell->formula != NULL,
                        .len = cell->len};
    if (cell->type == XLSX_SHARED) {
        c->text = cell->text;
    } else {
        c->own = xstrndup(cell->text, cell->len);
        c->text = c->own;
    }
    g->n++;
    return 0;
}

static void
grid_free(struct grid *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->c[i].own);
    free(g->c);
    g->c = NULL;
    g->n = g->cap = 0;
}

static int
by_position(const void *a, const void *b)
{
    const struct icell *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool
is_text(enum xlsx_type t)
{
    return t == XLSX_SHARED || t == XLSX_INLINE || t == XLSX_STR;
}

static bool
space_at(const char *p, size_t n, size_t *w)
{
    if (n >= 1 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\n' || p[0] == '\r')) {
        *w = 1;
        return true;
    }
    /* U+00A0, which spreadsheets put around numbers and percent signs */
    if (n >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
        *w = 2;
        return true;
    }
    return false;
}

static bool
space_before(const char *p, size_t n, size_t *w)
{
    if (n >= 1 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n' || p[n - 1] == '\r')) {
        *w = 1;
        return true;
    }
    if (n >= 2 && (unsigned char)p[n - 2] == 0xC2 && (unsigned char)p[n - 1] == 0xA0) {
        *w = 2;
        return true;
    }
    return false;
}

static struct str
trim(const char *p, size_t n)
{
    size_t w;
    while (space_at(p, n, &w)) {
        p += w;
        n -= w;
    }
    while (space_before(p, n, &w))
        n -= w;
    return (struct str){p, n};
}

/* A cell's trimmed text; empty for no cell. */
static struct str
cell_str(const struct icell *c)
{
    return c ? trim(c->text, c->len) : (struct str){"", 0};
}

/* ---- numbers -------------------------------------------------------------------------------- */

/* A number typed as text: "85", "-3", "85,5" (the Indonesian decimal comma), "85.5", and with
 * pct_ok "85%" or "85 %". Returns NULL or a message id. A single separator followed by exactly
 * three digits ("1.250") could also be a thousands separator: *ambiguous is then set and *alt is
 * that reading (1250). */
static const char *
text_number(struct str s, bool pct_ok, double *out, bool *ambiguous, double *alt)
{
    char tmp[NUMBER_MAX + 1];
    size_t i = 0, k = 0, nint = 0, nfrac = 0;
    bool sep = false, neg = false;
    *ambiguous = false;
    if (s.len > NUMBER_MAX)
        return M_NOT_NUMBER;
    if (i < s.len && (s.p[i] == '-' || s.p[i] == '+')) {
        neg = s.p[i] == '-';
        tmp[k++] = s.p[i++];
    }
    for (; i < s.len && s.p[i] >= '0' && s.p[i] <= '9'; i++, nint++)
        tmp[k++] = s.p[i];
    if (i < s.len && (s.p[i] == ',' || s.p[i] == '.')) {
        sep = true;
        tmp[k++] = '.';
        for (i++; i < s.len && s.p[i] >= '0' && s.p[i] <= '9'; i++, nfrac++)
            tmp[k++] = s.p[i];
    }
    tmp[k] = '\0';
    if (nint == 0 || (sep && nfrac == 0))
        return M_NOT_NUMBER;
    size_t w;
    while (space_at(s.p + i, s.len - i, &w))
        i += w;
    if (pct_ok && i < s.len && s.p[i] == '%')
        i++;
    if (i != s.len)
        return M_NOT_NUMBER;
    char *end = NULL;
    double v = strtod(tmp, &end);
    if (!end || *end || !isfinite(v))
        return M_NOT_NUMBER;
    /* boundary: "0.125" and "1234.567" are plain decimals; "1.250" and "999,999" are not */
    const char *digits = tmp + (tmp[0] == '-' || tmp[0] == '+');
    if (sep && nfrac == 3 && nint <= 3 && digits[0] != '0') {
        *ambiguous = true;
        *alt = (neg ? -1 : 1) * (fabs(v) * 1000);
        *alt = nearbyint(*alt);
    }
    *out = v;
    return NULL;
}

/* A cell as a number: a number cell (with scale_pct, one shown as a percentage is multiplied by
 * 100) or a text. Returns NULL or a message id. */
static const char *
cell_number(const struct icell *c, bool scale_pct, double *out, bool *ambiguous, double *alt)
{
    *ambiguous = false;
    if (c->type == XLSX_NUMBER) {
        if (xlsx_number(c->text, out) != 0)
            return M_NOT_NUMBER;
        if (scale_pct && c->percent) {
            /* 0.85 shown as 85%: 85, without the binary noise of 0.85 * 100 */
            double v = *out * 100;
            if (fabs(v) < 1e9)
                v = nearbyint(v * 1e6) / 1e6;
            *out = v;
        }
        return NULL;
    }
    if (is_text(c->type))
        return text_number(cell_str(c), scale_pct, out, ambiguous, alt);
    return M_NOT_NUMBER;
}

static json_t *
jnum(double v)
{
    if (v == floor(v) && fabs(v) < 9007199254740992.0)
        return json_integer((json_int_t)v);
    return json_real(v);
}

/* ---- problems, notes ------------------------------------------------------------------------ */

/* A JSON string of s cut to at most max bytes at a character boundary (s is UTF-8). */
static json_t *
jstr(const char *s, size_t len, size_t max)
{
    if (len > max) {
        len = max;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    return json_stringn(s, len);
}

static void
problem(struct imp *m, uint32_t row, const char *code, size_t code_len, const char *msg)
{
    if (m->np == m->capp) {
        m->capp = m->capp ? m->capp * 2 : 16;
        m->p = xrealloc(m->p, sizeof(*m->p) * m->capp);
    }
    struct problem *p = &m->p[m->np];
    *p = (struct problem){row, m->np, NULL, msg};
    if (code) {
        if (code_len > CODE_MAX) {
            code_len = CODE_MAX;
            while (code_len > 0 && ((unsigned char)code[code_len] & 0xC0) == 0x80)
                code_len--;
        }
        p->code = xstrndup(code, code_len);
    }
    m->np++;
}

static int
by_row(const void *a, const void *b)
{
    const struct problem *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Adds a note to a question; a second one (from an input row) goes on a new line. */
static void
note_add(struct imp *m, const char *code, const struct icell *c)
{
    struct str s = cell_str(c);
    if (!s.len)
        return;
    json_t *v = jstr(s.p, s.len, XLSX_MAX_TEXT);
    if (!v)
        return;
    const char *had = json_string_value(json_object_get(m->notes, code));
    if (had) {
        struct buf b = BUF_INIT;
        buf_printf(&b, "%s\n%s", had, json_string_value(v));
        json_decref(v);
        v = json_stringn(b.p, b.len);
        buf_free(&b);
    }
    json_object_set_new(m->notes, code, v);
}

/* ---- codes and texts ------------------------------------------------------------------------ */

static int
q_index(const struct imp *m, const struct lke_question *q)
{
    return (int)(q - m->f->questions);
}

/* "pengungkit", a part, area or indicator, a Hasil part: a row above questions. */
static bool
is_structural(const struct lke_framework *f, const char *code)
{
    size_t n = strlen(code);
    if (strcmp(code, "pengungkit") == 0 || strcmp(code, "total") == 0)
        return true;
    for (size_t i = 0; i < f->nquestions; i++)
        if (strncmp(f->questions[i].code, code, n) == 0 && f->questions[i].code[n] == '.')
            return true;
    return false;
}

/* Whether code starts like one of ours ("reform.", "hasil:"), so a typo in it is worth naming. */
static bool
in_namespace(const struct lke_framework *f, const char *code)
{
    size_t n = strcspn(code, ".:");
    if (n == 10 && strncmp(code, "pengungkit", n) == 0)
        return true;
    for (size_t i = 0; i < f->nquestions; i++) {
        const char *qc = f->questions[i].code;
        if (strncmp(qc, code, n) == 0 && qc[n] == '.')
            return true;
    }
    return false;
}

/* Lower case, runs of spaces as one, trimmed: how texts are compared. */
static char *
normalise(const char *s, size_t n)
{
    struct str t = trim(s, n);
    struct buf b = BUF_INIT;
    bool space = false;
    size_t w;
    for (size_t i = 0; i < t.len;) {
        if (space_at(t.p + i, t.len - i, &w)) {
            space = true;
            i += w;
            continue;
        }
        if (space)
            buf_putc(&b, ' ');
        space = false;
        char ch = t.p[i++];
        buf_putc(&b, (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch));
    }
    return buf_steal(&b);
}

static void
text_add(struct imp *m, json_t *texts, int q, int input)
{
    static const char *const langs[] = {"id", "en"};
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        json_t *s = json_object_get(texts, langs[i]);
        if (!json_is_string(s))
            continue;
        if (m->nt == m->capt) {
            m->capt = m->capt ? m->capt * 2 : 256;
            m->t = xrealloc(m->t, sizeof(*m->t) * m->capt);
        }
        m->t[m->nt++] =
            (struct tentry){normalise(json_string_value(s), json_string_length(s)), q, input};
    }
}

/* Every question text and input label of the framework's document. */
static void
texts_walk(struct imp *m, json_t *o, int depth)
{
    if (depth > DOC_DEPTH_MAX)
        return;
    if (json_is_array(o)) {
        size_t i;
        json_t *v;
        json_array_foreach(o, i, v) texts_walk(m, v, depth + 1);
        return;
    }
    if (!json_is_object(o))
        return;
    const char *code = json_string_value(json_object_get(o, "code"));
    const struct lke_question *q = code ? lke_question(m->f, code) : NULL;
    if (q) {
        text_add(m, json_object_get(o, "text"), q_index(m, q), -1);
        size_t i;
        json_t *in;
        json_array_foreach(json_object_get(o, "inputs"), i, in)
        {
            const char *key = json_string_value(json_object_get(in, "key"));
            for (int k = 0; key && k < q->ninputs; k++)
                if (strcmp(q->input_keys[k], key) == 0)
                    text_add(m, json_object_get(in, "label"), q_index(m, q), k);
        }
        return;
    }
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) texts_walk(m, v, depth + 1);
}

/* The question whose text the row's Penilaian is (-1: none, or more than one), or the input of
 * the question just above whose label it is (*input >= 0). */
static int
match_text(struct imp *m, struct str text, int *input)
{
    *input = -1;
    if (!m->texts_built) {
        m->texts_built = true;
        if (m->f->doc)
            texts_walk(m, m->f->doc, 0);
    }
    if (!text.len || !m->nt)
        return -1;
    char *norm = normalise(text.p, text.len);
    int found = -1;
    bool twice = false;
    for (size_t i = 0; i < m->nt; i++) {
        if (strcmp(m->t[i].norm, norm) != 0)
            continue;
        if (m->t[i].input >= 0) {
            if (m->t[i].q == m->last_q && *input < 0 && found < 0)
                *input = m->t[i].input;
            continue;
        }
        if (found >= 0 && found != m->t[i].q)
            twice = true;
        found = m->t[i].q;
    }
    free(norm);
    if (*input >= 0 && found < 0)
        return m->last_q;
    *input = -1;
    return twice ? -1 : found;
}

/* ---- answers -------------------------------------------------------------------------------- */

/* The answer of a question row in lke_score's form, or NULL with *msg set. */
static json_t *
answer_value(const struct lke_framework *f, const struct lke_question *q, const struct icell *c,
             const char **msg)
{
    struct str s = cell_str(c);
    double v, alt;
    bool ambiguous;
    if (c->type == XLSX_ERROR) {
        *msg = M_ERROR_CELL;
        return NULL;
    }
    switch (q->type) {
    case LKE_YN:
        if (is_text(c->type)) {
            if (str_ieq(s, "ya") || str_ieq(s, "y") || str_ieq(s, "yes"))
                return json_string("ya");
            if (str_ieq(s, "tidak") || str_ieq(s, "t") || str_ieq(s, "tdk") || str_ieq(s, "no") ||
                str_ieq(s, "n"))
                return json_string("tidak");
        }
        *msg = M_NOT_YN;
        return NULL;
    case LKE_OPTIONS: {
        char letter = (char)(is_text(c->type) && s.len ? s.p[0] : '\0');
        if (letter >= 'a' && letter <= 'z')
            letter = (char)(letter - 32);
        /* "b", "B", "B." and "B) ..." are the option B; "Baik" is not */
        bool alone = s.len == 1 || (s.len >= 2 && (s.p[1] == '.' || s.p[1] == ')'));
        for (int i = 0; alone && i < q->noptions; i++)
            if (q->option_keys[i][0] == letter && q->option_keys[i][1] == '\0')
                return json_string(q->option_keys[i]);
        *msg = M_NOT_OPTION;
        return NULL;
    }
    case LKE_PERCENT:
        if ((*msg = cell_number(c, true, &v, &ambiguous, &alt)) != NULL)
            return NULL;
        if (ambiguous) {
            *msg = M_AMBIGUOUS;
            return NULL;
        }
        /* as lke_score: negative is refused, above the cap counts as the cap */
        if (v < 0) {
            *msg = M_NEGATIVE;
            return NULL;
        }
        return jnum(v);
    case LKE_INDEX:
        if ((*msg = cell_number(c, false, &v, &ambiguous, &alt)) != NULL)
            return NULL;
        /* boundary: 1 and index_max are in range; "3,625" is 3.625, since 3625 never is */
        if (!(v >= 1 && v <= f->index_max)) {
            *msg = M_INDEX_RANGE;
            return NULL;
        }
        return jnum(v);
    }
    *msg = M_NOT_NUMBER;
    return NULL;
}

static void
question_row(struct imp *m, const struct rowv *r, const struct lke_question *q)
{
    int qi = q_index(m, q);
    struct qstate *st = &m->qs[qi];
    m->rows++;
    if (st->row) {
        problem(m, r->row, q->code, strlen(q->code), M_DUPLICATE);
        return;
    }
    st->row = r->row;
    m->last_q = qi;
    note_add(m, q->code, r->note);
    if (!r->ans || !cell_str(r->ans).len)
        return;
    if (q->type == LKE_PERCENT && q->nnum > 0) {
        /* its cell is a formula of the input rows, read there; a typed number counts when
         * the inputs are empty */
        double v, alt;
        bool ambiguous;
        const char *msg;
        if (r->ans->formula)
            return;
        if (r->ans->type == XLSX_ERROR)
            msg = M_ERROR_CELL;
        else if ((msg = cell_number(r->ans, true, &v, &ambiguous, &alt)) == NULL)
            msg = ambiguous ? M_AMBIGUOUS : v < 0 ? M_NEGATIVE : NULL;
        if (msg) {
            problem(m, r->row, q->code, strlen(q->code), msg);
            return;
        }
        st->has_direct = true;
        st->direct = v;
        return;
    }
    const char *msg = NULL;
    json_t *v = answer_value(m->f, q, r->ans, &msg);
    if (!v) {
        problem(m, r->row, q->code, strlen(q->code), msg);
        return;
    }
    json_object_set_new(m->answers, q->code, v);
}

static void
input_row(struct imp *m, const struct rowv *r, const struct lke_question *q, int k)
{
    struct qstate *st = &m->qs[q_index(m, q)];
    char code[sizeof q->code + sizeof q->input_keys[0] + 1];
    if ((size_t)snprintf(code, sizeof code, "%s:%s", q->code, q->input_keys[k]) >= sizeof code)
        return; /* cannot happen: both parts are bounded by their arrays */
    m->rows++;
    if (st->in_row[k]) {
        problem(m, r->row, code, strlen(code), M_INPUT_DUPLICATE);
        return;
    }
    st->in_row[k] = r->row;
    note_add(m, q->code, r->note);
    if (!r->ans || !cell_str(r->ans).len)
        return;
    double v, alt;
    bool ambiguous;
    const char *msg = r->ans->type == XLSX_ERROR ? M_ERROR_CELL
                                                 : cell_number(r->ans, false, &v, &ambiguous, &alt);
    if (msg == M_NOT_NUMBER)
        msg = M_INPUT_NOT_NUMBER;
    else if (!msg && ambiguous)
        msg = M_AMBIGUOUS;
    else if (!msg && v < 0)
        msg = M_INPUT_NEGATIVE;
    if (msg) {
        problem(m, r->row, code, strlen(code), msg);
        return;
    }
    st->in_ok[k] = true;
    st->in[k] = v;
}

static void
one_row(struct imp *m, const struct rowv *r)
{
    struct str no = cell_str(r->no);
    bool answered = cell_str(r->ans).len > 0;
    char code[CODE_MAX + 1];

    if (!no.len) {
        /* no code: a blank row, a heading typed by the unit, or a question found by its text */
        if (!answered && !cell_str(r->note).len)
            return;
        int input;
        int qi = match_text(m, cell_str(r->text), &input);
        if (qi >= 0 && input >= 0)
            input_row(m, r, &m->f->questions[qi], input);
        else if (qi >= 0)
            question_row(m, r, &m->f->questions[qi]);
        else if (answered)
            problem(m, r->row, NULL, 0, M_NO_CODE);
        return;
    }
    if (no.len > CODE_MAX) {
        problem(m, r->row, no.p, no.len, M_UNKNOWN_CODE);
        return;
    }
    for (size_t i = 0; i < no.len; i++)
        code[i] = (char)(no.p[i] >= 'A' && no.p[i] <= 'Z' ? no.p[i] + 32 : no.p[i]);
    code[no.len] = '\0';
    if (strcmp(code, "no") == 0 || strcmp(code, "no.") == 0)
        return; /* the header again (a printed page's repeated title row, pasted) */
    const struct lke_question *q = lke_question(m->f, code);
    if (q) {
        question_row(m, r, q);
        return;
    }
    char *colon = strchr(code, ':');
    if (colon) {
        *colon = '\0';
        q = lke_question(m->f, code);
        *colon = ':';
        for (int k = 0; q && q->type == LKE_PERCENT && q->nnum > 0 && k < q->ninputs; k++)
            if (strcmp(q->input_keys[k], colon + 1) == 0) {
                input_row(m, r, q, k);
                return;
            }
        if (q || in_namespace(m->f, code) || answered)
            problem(m, r->row, code, no.len, q ? M_UNKNOWN_INPUT : M_UNKNOWN_CODE);
        return;
    }
    if (is_structural(m->f, code))
        return;
    if (in_namespace(m->f, code) || answered)
        problem(m, r->row, code, no.len, M_UNKNOWN_CODE);
}

/* The percentage items with inputs, once every row is read. */
static void
assemble_inputs(struct imp *m)
{
    for (size_t i = 0; i < m->f->nquestions; i++) {
        const struct lke_question *q = &m->f->questions[i];
        struct qstate *st = &m->qs[i];
        if (q->type != LKE_PERCENT || q->nnum == 0)
            continue;
        int have = 0;
        uint32_t missing_row = 0, first_row = 0;
        for (int k = 0; k < q->ninputs; k++) {
            have += st->in_ok[k];
            if (!st->in_ok[k] && !missing_row)
                missing_row = st->in_row[k];
            if (st->in_row[k] && (!first_row || st->in_row[k] < first_row))
                first_row = st->in_row[k];
        }
        if (have == q->ninputs) {
            json_t *in = json_object();
            for (int k = 0; k < q->ninputs; k++)
                json_object_set_new(in, q->input_keys[k], jnum(st->in[k]));
            json_object_set_new(m->answers, q->code, json_pack("{s:o}", "inputs", in));
        } else if (have > 0) {
            /* named on the empty input row, else on the item's row, else on its first input
             * row (an item row that lost its code) */
            uint32_t row = missing_row ? missing_row : st->row ? st->row : first_row;
            problem(m, row, q->code, strlen(q->code), M_INPUT_MISSING);
        } else if (st->has_direct) {
            json_object_set_new(m->answers, q->code, jnum(st->direct));
        }
    }
}

/* ---- the sheet ------------------------------------------------------------------------------ */

static bool
header_of(const struct icell *c, size_t n, struct cols *cols)
{
    memset(cols, 0, sizeof *cols);
    for (size_t i = 0; i < n; i++) {
        if (!is_text(c[i].type))
            continue;
        struct str s = cell_str(&c[i]);
        if (!cols->ans && (str_ieq(s, "Jawaban") || str_ieq(s, "Answer")))
            cols->ans = c[i].col;
        else if (!cols->no && (str_ieq(s, "No") || str_ieq(s, "No.")))
            cols->no = c[i].col;
        else if (!cols->text && (str_ieq(s, "Penilaian") || str_ieq(s, "Assessment")))
            cols->text = c[i].col;
        else if (!cols->note && (str_ieq(s, "Catatan") || str_ieq(s, "Notes")))
            cols->note = c[i].col;
    }
    return cols->ans && (cols->no || cols->text);
}

static json_t *
read_rows(const struct lke_framework *f, const char *sheet, const struct icell *c, size_t n,
          size_t first, const struct cols *cols)
{
    struct imp m = {.f = f, .sheet = sheet, .last_q = -1};
    m.answers = json_object();
    m.notes = json_object();
    m.qs = xcalloc(f->nquestions ? f->nquestions : 1, sizeof(*m.qs));
    for (size_t i = first; i < n;) {
        size_t j = i;
        struct rowv r = {.row = c[i].row};
        for (; j < n && c[j].row == c[i].row; j++) {
            const struct icell *x = &c[j];
            if (x->col == cols->no && !r.no)
                r.no = x;
            else if (x->col == cols->text && !r.text)
                r.text = x;
            else if (x->col == cols->ans && !r.ans)
                r.ans = x;
            else if (x->col == cols->note && !r.note)
                r.note = x;
        }
        one_row(&m, &r);
        i = j;
    }
    assemble_inputs(&m);
    if (m.np)
        qsort(m.p, m.np, sizeof(*m.p), by_row);
    json_t *problems = json_array();
    for (size_t i = 0; i < m.np; i++) {
        json_t *code = m.p[i].code ? jstr(m.p[i].code, strlen(m.p[i].code), CODE_MAX) : NULL;
        json_array_append_new(
            problems, json_pack("{s:s,s:I,s:o,s:s}", "sheet", sheet, "row", (json_int_t)m.p[i].row,
                                "code", code ? code : json_null(), "message", m.p[i].msg));
        free(m.p[i].code);
    }
    json_t *out = json_pack("{s:o,s:o,s:I,s:o}", "answers", m.answers, "notes", m.notes, "rows",
                            (json_int_t)m.rows, "problems", problems);
    free(m.p);
    free(m.qs);
    for (size_t i = 0; i < m.nt; i++)
        free(m.t[i].norm);
    free(m.t);
    return out;
}

static int
import_workbook(const struct lke_framework *f, struct xlsx *x, json_t **out, struct buf *err)
{
    for (size_t s = 0; s < xlsx_sheet_count(x); s++) {
        struct grid g = {0};
        int rc = xlsx_sheet_cells(x, s, collect, &g, err);
        if (rc != 0) {
            grid_free(&g);
            return rc;
        }
        if (g.n)
            qsort(g.c, g.n, sizeof(*g.c), by_position);
        for (size_t i = 0; i < g.n;) {
            size_t j = i;
            while (j < g.n && g.c[j].row == g.c[i].row)
                j++;
            struct cols cols;
            if (header_of(&g.c[i], j - i, &cols)) {
                const char *name = xlsx_sheet_name(x, s);
                *out = read_rows(f, name && utf8_valid(name, strlen(name)) ? name : "?", g.c, g.n,
                                 j, &cols);
                grid_free(&g);
                return 0;
            }
            i = j;
        }
        grid_free(&g);
    }
    buf_printf(err, "the workbook has no LKE sheet: no sheet has a header row with \"No\" and "
                    "\"Jawaban\"");
    return ZE_INVAL;
}

int
lke_xlsx_import(const struct lke_framework *f, const char *path, json_t **out, struct buf *err)
{
    struct xlsx *x = NULL;
    *out = NULL;
    int rc = xlsx_open(path, &x, err);
    if (rc == 0)
        rc = import_workbook(f, x, out, err);
    xlsx_close(x);
    return rc;
}

int
lke_xlsx_import_mem(const struct lke_framework *f, const void *data, size_t len, json_t **out,
                    struct buf *err)
{
    struct xlsx *x = NULL;
    *out = NULL;
    int rc = xlsx_open_mem(data, len, &x, err);
    if (rc == 0)
        rc = import_workbook(f, x, out, err);
    xlsx_close(x);
    return rc;
}
