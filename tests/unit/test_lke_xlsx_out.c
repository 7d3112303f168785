/* The LKE workbook (src/lke/lke_xlsx_out.c) on the shipped PermenPAN-RB 90/2021 framework: every
 * Nilai is a formula of its Jawaban and the totals are formulas; LibreOffice, made to recalculate,
 * gets zona's scores even when the cached values are wrong; the document speaks the language
 * asked for; user text never becomes a formula; failures say why. */
#define _XOPEN_SOURCE 700
#include <sys/stat.h>

#include <expat.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include "core/buf.h"
#include "core/err.h"
#include "lke/lke.h"
#include "lke/lke_docs.h"

struct fixture {
    struct lke_framework *f;
    char dir[64];
};

static const struct lke_doc_meta meta_id = {"51.05", "Bawaslu Kabupaten Klungkung", 2024,
                                            "self",  "Penilaian Mandiri",           "id"};

/* ---- reading the workbook back ------------------------------------------------------------ */

static char *
zip_entry(const char *path, const char *name, size_t *len)
{
    int code = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &code);
    if (!z)
        fail_msg("%s: not a zip file (libzip error %d)", path, code);
    zip_stat_t st;
    if (zip_stat(z, name, 0, &st) != 0)
        fail_msg("%s: no %s inside", path, name);
    char *data = calloc(1, (size_t)st.size + 1);
    zip_file_t *zf = zip_fopen(z, name, 0);
    assert_non_null(zf);
    assert_int_equal(zip_fread(zf, data, st.size), (zip_int64_t)st.size);
    zip_fclose(zf);
    zip_close(z);
    if (len)
        *len = (size_t)st.size;
    return data;
}

struct xcell {
    char ref[16], t[12];
    char *f, *v;
};

/* One sheet's cells and the shared strings, parsed with expat. */
struct sheet {
    struct xcell *cells;
    size_t ncells, cap;
    char **strings;
    size_t nstrings, scap;
    /* parse state */
    struct xcell cur;
    struct buf text, si;
    int in; /* 'f', 'v', 't' or 0 */
};

static void XMLCALL
on_start(void *arg, const XML_Char *el, const XML_Char **attr)
{
    struct sheet *s = arg;
    if (strcmp(el, "c") == 0) {
        memset(&s->cur, 0, sizeof s->cur);
        for (int i = 0; attr[i]; i += 2) {
            if (strcmp(attr[i], "r") == 0)
                snprintf(s->cur.ref, sizeof s->cur.ref, "%s", attr[i + 1]);
            else if (strcmp(attr[i], "t") == 0)
                snprintf(s->cur.t, sizeof s->cur.t, "%s", attr[i + 1]);
        }
    } else if (strcmp(el, "f") == 0 || strcmp(el, "v") == 0 || strcmp(el, "t") == 0) {
        s->in = el[0];
        buf_reset(&s->text);
        buf_putc(&s->text, 0);
        s->text.len = 0;
    } else if (strcmp(el, "si") == 0) {
        buf_reset(&s->si);
        buf_putc(&s->si, 0);
        s->si.len = 0;
    }
}

static void XMLCALL
on_text(void *arg, const XML_Char *p, int n)
{
    struct sheet *s = arg;
    if (s->in)
        buf_append(&s->text, p, (size_t)n);
}

static void XMLCALL
on_end(void *arg, const XML_Char *el)
{
    struct sheet *s = arg;
    if (strcmp(el, "f") == 0) {
        s->cur.f = strdup(buf_cstr(&s->text));
    } else if (strcmp(el, "v") == 0) {
        s->cur.v = strdup(buf_cstr(&s->text));
    } else if (strcmp(el, "t") == 0) {
        buf_puts(&s->si, buf_cstr(&s->text));
    } else if (strcmp(el, "c") == 0) {
        if (s->ncells == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 256;
            s->cells = realloc(s->cells, s->cap * sizeof *s->cells);
        }
        s->cells[s->ncells++] = s->cur;
    } else if (strcmp(el, "si") == 0) {
        if (s->nstrings == s->scap) {
            s->scap = s->scap ? 2 * s->scap : 256;
            s->strings = realloc(s->strings, s->scap * sizeof *s->strings);
        }
        s->strings[s->nstrings++] = strdup(buf_cstr(&s->si));
    }
    s->in = 0;
}

static void
parse_xml(struct sheet *s, const char *xml, size_t len)
{
    XML_Parser p = XML_ParserCreate("UTF-8");
    XML_SetUserData(p, s);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    if (XML_Parse(p, xml, (int)len, 1) != XML_STATUS_OK)
        fail_msg("bad XML: %s", XML_ErrorString(XML_GetErrorCode(p)));
    XML_ParserFree(p);
}

/* sheetN: 1 "LKE", 2 "Ringkasan". */
static void
read_sheet(struct sheet *s, const char *path, int n)
{
    char name[64];
    size_t len;
    memset(s, 0, sizeof *s);
    char *xml = zip_entry(path, "xl/sharedStrings.xml", &len);
    parse_xml(s, xml, len);
    free(xml);
    snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", n);
    xml = zip_entry(path, name, &len);
    parse_xml(s, xml, len);
    free(xml);
}

static void
free_sheet(struct sheet *s)
{
    for (size_t i = 0; i < s->ncells; i++) {
        free(s->cells[i].f);
        free(s->cells[i].v);
    }
    for (size_t i = 0; i < s->nstrings; i++)
        free(s->strings[i]);
    free(s->cells);
    free(s->strings);
    buf_free(&s->text);
    buf_free(&s->si);
}

static const struct xcell *
xcell(const struct sheet *s, char col, unsigned row)
{
    char ref[16];
    snprintf(ref, sizeof ref, "%c%u", col, row);
    for (size_t i = 0; i < s->ncells; i++)
        if (strcmp(s->cells[i].ref, ref) == 0)
            return &s->cells[i];
    return NULL;
}

/* The cell's text: a shared string, a formula's string result or the number as written. */
static const char *
xtext(const struct sheet *s, char col, unsigned row)
{
    const struct xcell *c = xcell(s, col, row);
    if (!c || !c->v)
        return NULL;
    if (strcmp(c->t, "s") == 0) {
        size_t i = (size_t)strtoul(c->v, NULL, 10);
        return i < s->nstrings ? s->strings[i] : NULL;
    }
    return c->v;
}

/* The row whose A is code, 0 when none. */
static unsigned
xrow(const struct sheet *s, const char *code)
{
    for (unsigned r = 1; r < 2000; r++) {
        const char *a = xtext(s, 'A', r);
        if (a && strcmp(a, code) == 0)
            return r;
    }
    return 0;
}

static bool
has_string(const struct sheet *s, const char *want)
{
    for (size_t i = 0; i < s->nstrings; i++)
        if (strcmp(s->strings[i], want) == 0)
            return true;
    return false;
}

/* True when formula f names the cell col+row (and not, say, F12 for F1). */
static bool
refers_to(const char *f, char col, unsigned row)
{
    char ref[16];
    snprintf(ref, sizeof ref, "%c%u", col, row);
    for (const char *p = f; (p = strstr(p, ref)) != NULL; p++) {
        char before = p == f ? ' ' : p[-1], after = p[strlen(ref)];
        if (!(before >= 'A' && before <= 'Z') && !(after >= '0' && after <= '9'))
            return true;
    }
    return false;
}

/* ---- the answers -------------------------------------------------------------------------- */

/* Every question answered by its type in turn (every seventh left empty), then the cases a user
 * would look at: "YA" and "b" as typed, a note that looks like a formula, evidence, a percentage
 * from inputs, one with nothing owed, one below 0 and one above 100, a percentage typed in
 * directly for an item that has inputs, the Hasil surveys and capaian, a note without an answer. */
static json_t *
make_answers(const struct lke_framework *f)
{
    json_t *a = json_object();
    for (size_t i = 0; i < f->nquestions; i++) {
        const struct lke_question *q = &f->questions[i];
        json_t *v = NULL;
        if (i % 7 == 6)
            continue;
        switch (q->type) {
        case LKE_YN:
            v = json_string(i % 3 ? "ya" : "tidak");
            break;
        case LKE_OPTIONS: {
            char k[2] = {(char)('A' + (int)(i % (size_t)q->noptions)), 0};
            v = json_string(k);
            break;
        }
        case LKE_PERCENT:
            if (q->nnum) {
                json_t *in = json_object();
                for (int j = 0; j < q->ninputs; j++)
                    json_object_set_new(in, q->input_keys[j],
                                        json_integer((json_int_t)((i + 3 * (size_t)j) % 11 + 1)));
                v = json_pack("{s:o}", "inputs", in);
            } else {
                v = json_real(37.5);
            }
            break;
        case LKE_INDEX:
            v = json_real(1 + (double)(i % 7) * 0.45);
            break;
        }
        json_object_set_new(a, q->code, json_pack("{s:o}", "value", v));
    }
    const char *special =
        "{\"pemenuhan.1.i.a\": {\"value\": \"YA\", \"note\": \"=SUM(1,2)\", \"evidence\": "
        "[\"SK Tim Kerja.pdf\", \"@cmd\", {\"name\": \"https://x.go.id/a?b=1\"}]},"
        " \"pemenuhan.1.i.b\": {\"value\": \"b\"},"
        " \"reform.1.i.a\": {\"value\": {\"inputs\": {\"agen_perubahan\": 10, "
        "\"perubahan_dibuat\": 7}}, \"note\": \"+62 812 & <b>\"},"
        " \"reform.5.ii.a\": {\"value\": {\"inputs\": {\"pengaduan_wajib_tindak_lanjut\": 0, "
        "\"pengaduan_diproses\": 0, \"pengaduan_selesai\": 0}}},"
        " \"reform.3.iii.a\": {\"value\": {\"inputs\": {\"pelanggaran_tahun_lalu\": 5, "
        "\"pelanggaran_tahun_ini\": 8, \"pelanggaran_diberi_sanksi\": 2}}},"
        " \"reform.4.i.a\": {\"value\": {\"inputs\": {\"sasaran_kinerja\": 4, "
        "\"sasaran_tercapai\": 6}}},"
        " \"reform.6.i.b\": {\"value\": 55.5},"
        " \"hasil.1.a\": {\"value\": 3.62}, \"hasil.1.b\": {\"value\": \"B\"},"
        " \"hasil.2.a\": {\"value\": 3.1},"
        " \"pemenuhan.2.i.a\": {\"note\": \"-belum ada\", \"evidence\": []}}";
    json_error_t e;
    json_t *s = json_loads(special, 0, &e);
    if (!s)
        fail_msg("answers: %s", e.text);
    json_object_update(a, s);
    json_decref(s);
    return a;
}

/* {code: {"value": v}} → {code: v}, what lke_score reads. */
static json_t *
values_of(json_t *answers)
{
    json_t *v = json_object();
    const char *k;
    json_t *x;
    json_object_foreach(answers, k, x)
    {
        json_t *val = json_object_get(x, "value");
        if (val)
            json_object_set(v, k, val);
    }
    return v;
}

static json_t *
score_of(const struct lke_framework *f, json_t *answers)
{
    struct buf err = BUF_INIT;
    json_t *values = values_of(answers), *r = NULL;
    if (lke_score(f, values, &r, &err) != 0)
        fail_msg("lke_score: %s", buf_cstr(&err));
    json_decref(values);
    buf_free(&err);
    return r;
}

static double
item(json_t *score, const char *code)
{
    return json_number_value(json_object_get(json_object_get(score, "items"), code));
}

/* What G of a row shows per lke_score: a question's value (a Hasil item's points), an
 * indicator's, area's, part's or component's score. Returns false for other rows. */
static bool
expected_g(const struct lke_framework *f, json_t *score, const char *code, double *want)
{
    const struct lke_question *q = lke_question(f, code);
    if (q) {
        *want = q->area < 0 ? item(score, code) : item(score, code) / q->max_points;
        return true;
    }
    for (size_t i = 0; i < f->nindicators; i++)
        if (strcmp(f->indicators[i].code, code) == 0) {
            *want = 0;
            for (int k = 0; k < f->indicators[i].count; k++)
                *want += item(score, f->questions[f->indicators[i].first + k].code);
            return true;
        }
    json_t *x = json_object_get(json_object_get(score, "areas"), code);
    if (!x)
        x = json_object_get(json_object_get(score, "parts"), code);
    if (!x && (strcmp(code, "pengungkit") == 0 || strcmp(code, "hasil") == 0))
        x = json_object_get(score, code);
    if (!x && strncmp(code, "hasil.", 6) == 0 && !strchr(code + 6, '.')) {
        /* a Hasil part: its items' points */
        *want = 0;
        for (size_t i = 0; i < f->nquestions; i++)
            if (strncmp(f->questions[i].code, code, strlen(code)) == 0 &&
                f->questions[i].code[strlen(code)] == '.')
                *want += item(score, f->questions[i].code);
        return true;
    }
    if (!x)
        return false;
    *want = json_number_value(x);
    return true;
}

static void export(const struct lke_framework *f, json_t *answers, const struct lke_doc_meta *m,
                   const char *path)
{
    struct buf err = BUF_INIT;
    int rc = lke_xlsx_export(f, answers, m, path, &err);
    if (rc != 0)
        fail_msg("lke_xlsx_export: %d %s", rc, buf_cstr(&err));
    buf_free(&err);
}

/* ---- fixture ------------------------------------------------------------------------------ */

static int
setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    struct buf err = BUF_INIT;
    if (lke_framework_shipped(&fx->f, &err) != 0) {
        fprintf(stderr, "shipped framework: %s\n", buf_cstr(&err));
        return -1;
    }
    buf_free(&err);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/zona-xlsx-XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    *state = fx;
    return 0;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int
teardown(void **state)
{
    struct fixture *fx = *state;
    nftw(fx->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    lke_framework_free(fx->f);
    free(fx);
    return 0;
}

/* ---- 1: formulas -------------------------------------------------------------------------- */

static void
every_score_is_a_formula_of_its_answer(void **state)
{
    struct fixture *fx = *state;
    const struct lke_framework *f = fx->f;
    char path[128];
    snprintf(path, sizeof path, "%s/formulas.xlsx", fx->dir);
    json_t *answers = make_answers(f), *score = score_of(f, answers);
    export(f, answers, &meta_id, path);
    struct sheet s;
    read_sheet(&s, path, 1);

    /* the header row of the contract */
    const char *head[] = {"No",      "Penilaian", "Bobot", "Penjelasan", "Pilihan Jawaban",
                          "Jawaban", "Nilai",     "%",     "Catatan",    "Eviden"};
    for (int c = 0; c < 10; c++)
        assert_string_equal(xtext(&s, (char)('A' + c), 5), head[c]);
    /* rows in framework order from row 6 */
    assert_string_equal(xtext(&s, 'A', 6), "pengungkit");
    assert_string_equal(xtext(&s, 'A', 7), "pemenuhan");
    assert_string_equal(xtext(&s, 'A', 8), "pemenuhan.1");
    assert_string_equal(xtext(&s, 'A', 9), "pemenuhan.1.i");
    assert_string_equal(xtext(&s, 'A', 10), "pemenuhan.1.i.a");

    /* every question's G is a formula of its F, cached with lke_score's value */
    size_t questions = 0;
    for (size_t i = 0; i < f->nquestions; i++) {
        const struct lke_question *q = &f->questions[i];
        unsigned r = xrow(&s, q->code);
        assert_true(r > 5);
        const struct xcell *g = xcell(&s, 'G', r);
        if (!g || !g->f || !refers_to(g->f, 'F', r))
            fail_msg("%s (row %u): G is not a formula of F%u", q->code, r, r);
        double want;
        assert_true(expected_g(f, score, q->code, &want));
        if (fabs(strtod(g->v, NULL) - want) > 1e-9)
            fail_msg("%s: cached %s, lke_score %g", q->code, g->v, want);
        questions++;
    }
    assert_int_equal(questions, f->nquestions);

    /* indicators, areas, parts, components: formulas over the rows below them */
    for (size_t i = 0; i < f->nindicators; i++) {
        const struct lke_indicator *ind = &f->indicators[i];
        unsigned r = xrow(&s, ind->code);
        const struct xcell *g = xcell(&s, 'G', r);
        assert_non_null(g);
        assert_non_null(g->f);
        refers_to(g->f, 'C', r);
        for (int k = 0; k < ind->count; k++)
            assert_true(refers_to(g->f, 'G', xrow(&s, f->questions[ind->first + k].code)));
    }
    const char *sums[] = {"pemenuhan.1", "reform.6", "pemenuhan", "reform",
                          "pengungkit",  "hasil.1",  "hasil.2",   "hasil"};
    for (size_t i = 0; i < sizeof sums / sizeof sums[0]; i++) {
        const struct xcell *g = xcell(&s, 'G', xrow(&s, sums[i]));
        assert_non_null(g);
        if (!g->f || strncmp(g->f, "SUM(", 4) != 0)
            fail_msg("%s: G is not a SUM formula", sums[i]);
        double want;
        assert_true(expected_g(f, score, sums[i], &want));
        assert_true(fabs(strtod(g->v, NULL) - want) < 1e-9);
    }
    /* the total (G3) sums the two components */
    const struct xcell *total = xcell(&s, 'G', 3);
    assert_non_null(total);
    assert_non_null(total->f);
    assert_true(refers_to(total->f, 'G', xrow(&s, "pengungkit")));
    assert_true(refers_to(total->f, 'G', xrow(&s, "hasil")));
    assert_true(fabs(strtod(total->v, NULL) - json_number_value(json_object_get(score, "total"))) <
                1e-9);

    /* a computed percentage: its inputs on the rows below, its F a formula of them */
    unsigned r = xrow(&s, "reform.1.i.a");
    assert_int_equal(xrow(&s, "reform.1.i.a:agen_perubahan"), r + 1);
    assert_int_equal(xrow(&s, "reform.1.i.a:perubahan_dibuat"), r + 2);
    assert_string_equal(xtext(&s, 'F', r + 1), "10");
    const struct xcell *fcell = xcell(&s, 'F', r);
    assert_non_null(fcell->f);
    assert_true(refers_to(fcell->f, 'F', r + 1) && refers_to(fcell->f, 'F', r + 2));
    assert_true(fabs(strtod(fcell->v, NULL) - 70) < 1e-9);
    /* nothing owed counts as 100 */
    r = xrow(&s, "reform.5.ii.a");
    assert_true(fabs(strtod(xcell(&s, 'F', r)->v, NULL) - 100) < 1e-9);
    /* a percentage typed in directly stays a number */
    r = xrow(&s, "reform.6.i.b");
    assert_null(xcell(&s, 'F', r)->f);
    assert_string_equal(xtext(&s, 'F', r), "55.5");
    /* answers as a spreadsheet user reads them */
    assert_string_equal(xtext(&s, 'F', xrow(&s, "pemenuhan.1.i.a")), "ya");
    assert_string_equal(xtext(&s, 'F', xrow(&s, "pemenuhan.1.i.b")), "B");

    /* user text is text: the note "=SUM(1,2)" is a string, never a formula */
    r = xrow(&s, "pemenuhan.1.i.a");
    const struct xcell *note = xcell(&s, 'I', r);
    assert_string_equal(note->t, "s");
    assert_null(note->f);
    assert_string_equal(xtext(&s, 'I', r), "=SUM(1,2)");
    assert_string_equal(xtext(&s, 'J', r), "SK Tim Kerja.pdf\n@cmd\nhttps://x.go.id/a?b=1");
    assert_string_equal(xtext(&s, 'I', xrow(&s, "reform.1.i.a")), "+62 812 & <b>");
    r = xrow(&s, "pemenuhan.2.i.a");
    assert_string_equal(xtext(&s, 'I', r), "-belum ada");
    for (size_t i = 0; i < s.ncells; i++)
        if (s.cells[i].ref[0] == 'I' || s.cells[i].ref[0] == 'J')
            assert_null(s.cells[i].f);

    /* the summary sheet's scores are formulas over "LKE" */
    struct sheet sum;
    read_sheet(&sum, path, 2);
    const struct xcell *c = xcell(&sum, 'C', xrow(&sum, "total"));
    assert_non_null(c->f);
    assert_string_equal(c->f, "LKE!G3");
    c = xcell(&sum, 'C', xrow(&sum, "reform.3"));
    assert_true(refers_to(c->f, 'G', xrow(&s, "reform.3")));
    c = xcell(&sum, 'C', xrow(&sum, "wbk"));
    assert_non_null(c->f);
    assert_string_equal(c->v, json_is_true(json_object_get(score, "wbk")) ? "Ya" : "Tidak");

    free_sheet(&sum);
    free_sheet(&s);
    json_decref(score);
    json_decref(answers);
}

/* Nothing answered: every score 0, computed percentages blank (not 0 %), inputs empty. */
static void
an_empty_workbook_scores_nothing(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/empty.xlsx", fx->dir);
    json_t *answers = json_object();
    export(fx->f, answers, &meta_id, path);
    struct sheet s;
    read_sheet(&s, path, 1);
    assert_string_equal(xcell(&s, 'G', 3)->v, "0");
    unsigned r = xrow(&s, "reform.1.i.a");
    const struct xcell *fc = xcell(&s, 'F', r);
    assert_non_null(fc->f);
    assert_string_equal(fc->t, "str");
    assert_true(!fc->v || !*fc->v);
    assert_null(xtext(&s, 'F', r + 1));
    assert_null(xtext(&s, 'F', xrow(&s, "pemenuhan.1.i.a")));
    free_sheet(&s);
    /* NULL answers are the same as none */
    struct buf err = BUF_INIT;
    assert_int_equal(lke_xlsx_export(fx->f, NULL, &meta_id, path, &err), 0);
    buf_free(&err);
    json_decref(answers);
}

/* ---- 2: LibreOffice recomputes zona's scores ---------------------------------------------- */

static bool
soffice_found(void)
{
    return system("command -v soffice >/dev/null 2>&1") == 0;
}

/* Sets the cached result of every formula in a sheet of the workbook to 0. Returns how many. */
static int
zero_cached(const char *path, const char *name)
{
    size_t len;
    char *xml = zip_entry(path, name, &len);
    struct buf out = BUF_INIT;
    int n = 0;
    const char *p = xml;
    for (const char *hit; (hit = strstr(p, "</f><v>")) != NULL;) {
        const char *end = strstr(hit, "</v>");
        assert_non_null(end);
        buf_append(&out, p, (size_t)(hit - p));
        buf_puts(&out, "</f><v>0");
        p = end;
        n++;
    }
    buf_puts(&out, p);
    free(xml);
    int code = 0;
    zip_t *z = zip_open(path, 0, &code);
    assert_non_null(z);
    size_t outlen = out.len;
    char *data = buf_steal(&out);
    zip_source_t *src = zip_source_buffer(z, data, outlen, 1);
    assert_non_null(src);
    zip_int64_t idx = zip_name_locate(z, name, 0);
    assert_true(idx >= 0);
    assert_int_equal(zip_file_replace(z, (zip_uint64_t)idx, src, 0), 0);
    assert_int_equal(zip_close(z), 0);
    return n;
}

struct csv {
    char ***rows; /* rows[i][j], NULL-terminated per row */
    size_t n;
};

static void
csv_read(struct csv *c, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("%s: LibreOffice wrote no such file", path);
    struct buf field = BUF_INIT;
    char **row = NULL;
    size_t nf = 0;
    int ch;
    bool quoted = false, any = false;
    memset(c, 0, sizeof *c);
    for (;;) {
        ch = fgetc(fp);
        if (quoted) {
            if (ch == EOF)
                break;
            if (ch == '"') {
                int next = fgetc(fp);
                if (next == '"') {
                    buf_putc(&field, '"');
                    continue;
                }
                quoted = false;
                ch = next;
            } else {
                buf_putc(&field, (char)ch);
                continue;
            }
        }
        if (ch == '"') {
            quoted = true;
            any = true;
            continue;
        }
        if (ch == ',' || ch == '\n' || ch == EOF) {
            if (ch == EOF && !any && nf == 0 && field.len == 0)
                break;
            row = realloc(row, (nf + 2) * sizeof *row);
            row[nf++] = strdup(buf_cstr(&field));
            row[nf] = NULL;
            buf_reset(&field);
            if (ch != ',') {
                c->rows = realloc(c->rows, (c->n + 1) * sizeof *c->rows);
                c->rows[c->n++] = row;
                row = NULL;
                nf = 0;
                any = false;
            }
            if (ch == EOF)
                break;
            continue;
        }
        if (ch != '\r') {
            buf_putc(&field, (char)ch);
            any = true;
        }
    }
    fclose(fp);
    buf_free(&field);
}

static void
csv_free(struct csv *c)
{
    for (size_t i = 0; i < c->n; i++) {
        for (char **f = c->rows[i]; *f; f++)
            free(*f);
        free(c->rows[i]);
    }
    free(c->rows);
}

static const char *
csv_cell(const struct csv *c, size_t row, size_t col)
{
    if (row >= c->n)
        return NULL;
    for (size_t j = 0; c->rows[row][j]; j++)
        if (j == col)
            return c->rows[row][j];
    return NULL;
}

/* Checks a recalculated workbook's sheets against lke_score: every G on "LKE", and the
 * summary's scores and verdicts. */
static void
check_recalculated(const struct lke_framework *f, json_t *score, const char *lke_csv,
                   const char *sum_csv)
{
    struct csv c;
    csv_read(&c, lke_csv);
    size_t questions = 0, rows = 0;
    for (size_t i = 5; i < c.n; i++) {
        const char *code = csv_cell(&c, i, 0), *g = csv_cell(&c, i, 6);
        double want;
        if (!code || !expected_g(f, score, code, &want))
            continue;
        if (!g || !*g || fabs(strtod(g, NULL) - want) > 0.005)
            fail_msg("LibreOffice: %s scores %s, zona %.4f", code, g ? g : "(nothing)", want);
        questions += lke_question(f, code) != NULL;
        rows++;
    }
    assert_int_equal(questions, f->nquestions);
    assert_true(fabs(strtod(csv_cell(&c, 2, 6), NULL) -
                     json_number_value(json_object_get(score, "total"))) < 0.005);
    csv_free(&c);

    csv_read(&c, sum_csv);
    size_t seen = 0;
    for (size_t i = 0; i < c.n; i++) {
        const char *code = csv_cell(&c, i, 0), *v = csv_cell(&c, i, 2);
        double want = NAN;
        if (!code || !v)
            continue;
        if (strcmp(code, "total") == 0 || strcmp(code, "pengungkit") == 0 ||
            strcmp(code, "hasil") == 0)
            want = json_number_value(json_object_get(score, code));
        else if (json_object_get(json_object_get(score, "parts"), code))
            want = json_number_value(json_object_get(json_object_get(score, "parts"), code));
        else if (json_object_get(json_object_get(score, "areas"), code))
            want = json_number_value(json_object_get(json_object_get(score, "areas"), code));
        else if (strcmp(code, "wbk") == 0 || strcmp(code, "wbbm") == 0) {
            const char *yes = json_is_true(json_object_get(score, code)) ? "Ya" : "Tidak";
            if (strcmp(v, yes) != 0)
                fail_msg("LibreOffice: %s is %s, zona says %s", code, v, yes);
            seen++;
            continue;
        }
        if (isnan(want))
            continue;
        if (fabs(strtod(v, NULL) - want) > 0.005)
            fail_msg("LibreOffice: %s is %s in Ringkasan, zona %.4f", code, v, want);
        seen++;
    }
    /* total, pengungkit, hasil, 2 parts, 12 areas, wbk, wbbm */
    assert_int_equal(seen, 19);
    csv_free(&c);
}

static void
libreoffice_recomputes_zonas_scores(void **state)
{
    struct fixture *fx = *state;
    const struct lke_framework *f = fx->f;
    if (!soffice_found())
        fail_msg("soffice (Debian package libreoffice-calc-nogui) is needed for this test");
    char good[128], wrong[128], profile[128], cmd[2048], path[256];
    snprintf(good, sizeof good, "%s/good.xlsx", fx->dir);
    snprintf(wrong, sizeof wrong, "%s/wrong.xlsx", fx->dir);
    json_t *answers = make_answers(f), *score = score_of(f, answers);
    export(f, answers, &meta_id, good);
    export(f, answers, &meta_id, wrong);
    /* every cached result 0: only a real recalculation gives zona's numbers back */
    assert_true(zero_cached(wrong, "xl/worksheets/sheet1.xml") > 150);
    assert_true(zero_cached(wrong, "xl/worksheets/sheet2.xml") >= 19);
    struct sheet s;
    read_sheet(&s, wrong, 1);
    assert_string_equal(xcell(&s, 'G', 3)->v, "0");
    free_sheet(&s);

    /* a throwaway profile that always recalculates OOXML on load */
    snprintf(profile, sizeof profile, "%s/profile", fx->dir);
    snprintf(path, sizeof path, "%s/user", profile);
    assert_int_equal(mkdir(profile, 0700), 0);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/user/registrymodifications.xcu", profile);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<oor:items xmlns:oor=\"http://openoffice.org/2001/registry\" "
          "xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
          "<item oor:path=\"/org.openoffice.Office.Calc/Formula/Load\">"
          "<prop oor:name=\"OOXMLRecalcMode\" oor:op=\"fuse\"><value>0</value></prop></item>\n"
          "</oor:items>\n",
          fp);
    assert_int_equal(fclose(fp), 0);
    snprintf(path, sizeof path, "%s/home", fx->dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(cmd, sizeof cmd,
             "HOME=%s/home timeout 300 soffice -env:UserInstallation=file://%s --headless "
             "--norestore --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
             "false,false,false,-1' --outdir %s/csv %s %s >%s/soffice.log 2>&1",
             fx->dir, profile, fx->dir, good, wrong, fx->dir);
    int rc = system(cmd);
    if (rc != 0) {
        snprintf(cmd, sizeof cmd, "cat %s/soffice.log >&2", fx->dir);
        fail_msg("soffice failed (%d, log shown: %d)", rc, system(cmd));
    }
    char lke[256], sum[256];
    snprintf(lke, sizeof lke, "%s/csv/good-LKE.csv", fx->dir);
    snprintf(sum, sizeof sum, "%s/csv/good-Ringkasan.csv", fx->dir);
    check_recalculated(f, score, lke, sum);
    snprintf(lke, sizeof lke, "%s/csv/wrong-LKE.csv", fx->dir);
    snprintf(sum, sizeof sum, "%s/csv/wrong-Ringkasan.csv", fx->dir);
    check_recalculated(f, score, lke, sum);

    /* and what a person sees at the top of the sheet */
    struct csv c;
    csv_read(&c, lke);
    assert_string_equal(csv_cell(&c, 0, 0),
                        json_string_value(json_object_get(json_object_get(f->doc, "name"), "id")));
    assert_string_equal(csv_cell(&c, 1, 0), "Unit kerja");
    assert_string_equal(csv_cell(&c, 1, 1), "51.05 Bawaslu Kabupaten Klungkung");
    assert_string_equal(csv_cell(&c, 1, 3), "2024");
    assert_string_equal(csv_cell(&c, 2, 1), "Penilaian Mandiri");
    assert_string_equal(csv_cell(&c, 4, 5), "Jawaban");
    csv_free(&c);
    json_decref(score);
    json_decref(answers);
}

/* ---- 3: language ------------------------------------------------------------------------- */

static void
the_document_speaks_the_language_asked_for(void **state)
{
    struct fixture *fx = *state;
    char id[128], en[128];
    snprintf(id, sizeof id, "%s/id.xlsx", fx->dir);
    snprintf(en, sizeof en, "%s/en.xlsx", fx->dir);
    json_t *answers = make_answers(fx->f);
    struct lke_doc_meta m = meta_id;
    m.level_label = NULL; /* the level's own label, in the document's language */
    export(fx->f, answers, &m, id);
    m.lang = "en";
    export(fx->f, answers, &m, en);

    struct sheet s;
    read_sheet(&s, id, 1);
    assert_string_equal(xtext(&s, 'F', 5), "Jawaban");
    assert_string_equal(xtext(&s, 'B', 5), "Penilaian");
    assert_string_equal(xtext(&s, 'B', xrow(&s, "pengungkit")), "Pengungkit");
    assert_string_equal(xtext(&s, 'B', xrow(&s, "pemenuhan.1")), "Manajemen Perubahan");
    assert_string_equal(xtext(&s, 'B', xrow(&s, "pemenuhan.1.i")), "Penyusunan Tim Kerja");
    assert_string_equal(xtext(&s, 'B', 3), "Penilaian Mandiri");
    assert_true(strstr(xtext(&s, 'E', xrow(&s, "pemenuhan.1.i.b")), "A. Jika dengan prosedur"));
    assert_false(has_string(&s, "Answer"));
    assert_false(has_string(&s, "Change management"));
    free_sheet(&s);

    read_sheet(&s, en, 1);
    const char *head[] = {"No",     "Assessment", "Weight", "Explanation", "Answer options",
                          "Answer", "Score",      "%",      "Notes",       "Evidence"};
    for (int c = 0; c < 10; c++)
        assert_string_equal(xtext(&s, (char)('A' + c), 5), head[c]);
    assert_string_equal(xtext(&s, 'A', 1),
                        "Integrity Zone evaluation worksheet (PermenPAN-RB 90/2021)");
    assert_string_equal(xtext(&s, 'A', 2), "Work unit");
    assert_string_equal(xtext(&s, 'B', 3), "Self-assessment");
    assert_string_equal(xtext(&s, 'B', xrow(&s, "pengungkit")), "Enablers");
    assert_string_equal(xtext(&s, 'B', xrow(&s, "pemenuhan.1")), "Change management");
    assert_string_equal(xtext(&s, 'B', xrow(&s, "pemenuhan.1.i.a")),
                        "The unit has formed a team to build the Integrity Zone");
    assert_string_equal(xtext(&s, 'B', xrow(&s, "reform.1.i.a:agen_perubahan")),
                        "Number of change agents");
    assert_false(has_string(&s, "Jawaban"));
    assert_false(has_string(&s, "Manajemen Perubahan"));
    /* the answers themselves stay what lke_score reads */
    assert_string_equal(xtext(&s, 'F', xrow(&s, "pemenuhan.1.i.a")), "ya");
    free_sheet(&s);

    read_sheet(&s, en, 2);
    assert_string_equal(xtext(&s, 'B', xrow(&s, "hasil")), "Results");
    const char *wbk = xtext(&s, 'C', xrow(&s, "wbk"));
    assert_true(strcmp(wbk, "Yes") == 0 || strcmp(wbk, "No") == 0);
    free_sheet(&s);
    json_decref(answers);
}

/* ---- 4: failures -------------------------------------------------------------------------- */

static void
expect_failure(const struct lke_framework *f, const char *answers, const char *path, int want_rc,
               const char *want_in_message)
{
    struct buf err = BUF_INIT;
    json_t *a = answers ? json_loads(answers, 0, NULL) : json_object();
    assert_non_null(a);
    assert_int_equal(lke_xlsx_export(f, a, &meta_id, path, &err), want_rc);
    if (!strstr(buf_cstr(&err), want_in_message))
        fail_msg("the message \"%s\" does not say \"%s\"", buf_cstr(&err), want_in_message);
    assert_int_not_equal(access(path, F_OK), 0);
    json_decref(a);
    buf_free(&err);
}

static void
failures_say_why(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    /* a folder that does not exist */
    snprintf(path, sizeof path, "%s/no/such/folder/lke.xlsx", fx->dir);
    expect_failure(fx->f, NULL, path, ZE_IO, path);
    snprintf(path, sizeof path, "%s/bad.xlsx", fx->dir);
    expect_failure(fx->f, "{\"pemenuhan.1.i.a\": {\"value\": \"mungkin\"}}", path, ZE_INVAL,
                   "pemenuhan.1.i.a");
    expect_failure(fx->f, "{\"pemenuhan.9.i.a\": {\"value\": \"ya\"}}", path, ZE_INVAL,
                   "pemenuhan.9.i.a");
    expect_failure(fx->f, "{\"pemenuhan.1.i.a\": \"ya\"}", path, ZE_INVAL, "\"value\"");
    expect_failure(fx->f, "{\"reform.1.i.a\": {\"inputs\": {}}}", path, ZE_INVAL, "\"value\"");
    expect_failure(fx->f, "{\"pemenuhan.1.i.a\": {\"note\": 5}}", path, ZE_INVAL, "note");
    expect_failure(fx->f, "{\"pemenuhan.1.i.a\": {\"evidence\": [1]}}", path, ZE_INVAL, "evidence");
    expect_failure(fx->f, "[]", path, ZE_INVAL, "object");
    /* a unit name that is not UTF-8 */
    struct lke_doc_meta m = meta_id;
    struct buf err = BUF_INIT;
    m.unit_name = "Bawaslu \xff";
    json_t *a = json_object();
    assert_int_equal(lke_xlsx_export(fx->f, a, &m, path, &err), ZE_INVAL);
    assert_true(err.len > 0);
    json_decref(a);
    buf_free(&err);
}

/* A note longer than a cell holds is cut on a character boundary, not refused. */
static void
a_very_long_note_is_cut(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/long.xlsx", fx->dir);
    struct buf note = BUF_INIT;
    for (int i = 0; i < 20000; i++)
        buf_puts(&note, "é"); /* 40,000 bytes */
    json_t *a = json_pack("{s:{s:s,s:s}}", "pemenuhan.1.i.a", "value", "ya", "note", note.p);
    export(fx->f, a, &meta_id, path);
    struct sheet s;
    read_sheet(&s, path, 1);
    const char *cut = xtext(&s, 'I', xrow(&s, "pemenuhan.1.i.a"));
    assert_non_null(cut);
    assert_true(strlen(cut) <= 32767 && strlen(cut) > 32000);
    assert_true(utf8_valid(cut, strlen(cut)));
    free_sheet(&s);
    json_decref(a);
    buf_free(&note);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_score_is_a_formula_of_its_answer),
        cmocka_unit_test(an_empty_workbook_scores_nothing),
        cmocka_unit_test(libreoffice_recomputes_zonas_scores),
        cmocka_unit_test(the_document_speaks_the_language_asked_for),
        cmocka_unit_test(failures_say_why),
        cmocka_unit_test(a_very_long_note_is_cut),
    };
    return cmocka_run_group_tests_name("lke_xlsx_out", tests, setup, teardown);
}
