/* lke_lhe: the Laporan Hasil Evaluasi (LHE) of a unit's Zona Integritas, as the Inspectorate's
 * internal evaluation team (TPI) sends it to the unit: letterhead, title, who and what was
 * evaluated, the scores in words with every reason the unit is not yet ready for WBK or WBBM, the
 * recapitulation of self-assessed and reviewed scores per component and change area, the
 * thresholds met and missed, the findings per question, the recommendations and the signature.
 *
 * The words come from lke_score's result (scores.reasons), so the report says exactly what the
 * one scoring function decided. Names of areas, parts and questions come from the framework's
 * file (data/frameworks/<id>.json, in the document's language) and may be overridden by the
 * model's optional "area_names": {code: name}; a code without a name is shown as the code. Every
 * field of the model may be missing: the report then shows an empty place or a dash. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "lke.h"
#include "lke_docs.h"
#include "report/pdf.h"
#include "web/fmt.h"

#define DASH "\xE2\x80\x93" /* en dash: no value */

/* The fixed words of the report, by language (0 Bahasa Indonesia, 1 English). */
enum lhe_word {
    W_TITLE,
    W_TOWARD,
    W_AT,
    W_YEAR,
    W_NUMBER,
    W_TPI,
    W_UNIT,
    W_PARENT,
    W_EVAL_YEAR,
    W_EVALUATOR,
    W_LEVEL,
    W_INSTRUMENT,
    W_H_BASIS,
    W_H_RESULT,
    W_H_REQUIREMENTS,
    W_H_SCORES,
    W_H_FINDINGS,
    W_H_RECOMMENDATIONS,
    W_H_CLOSING,
    W_COL_NO,
    W_COL_AREA,
    W_COL_WEIGHT,
    W_COL_SELF,
    W_COL_REVIEWED,
    W_COL_PCT,
    W_COL_CRITERION,
    W_COL_VALUE,
    W_COL_MIN_WBK,
    W_COL_MIN_WBBM,
    W_COL_MET_WBK,
    W_COL_MET_WBBM,
    W_COL_CODE,
    W_COL_QUESTION,
    W_COL_FINDING,
    W_COL_RECOMMENDATION,
    W_COL_RESPONSE,
    W_TOTAL,
    W_CRIT_TOTAL,
    W_CRIT_AREA,
    W_CRIT_IPAK,
    W_CRIT_CAPAIAN,
    W_CRIT_IPKP,
    W_YES,
    W_NO,
    W_NO_SCORES,
    W_NO_FINDINGS,
    W_NO_RECOMMENDATIONS,
    W_THE_UNIT,
    W_THE_TPI,
    W_FOOTER,
    W__MAX
};

static const char *const words[W__MAX][2] = {
    [W_TITLE] = {"LAPORAN HASIL EVALUASI PEMBANGUNAN ZONA INTEGRITAS",
                 "EVALUATION REPORT ON INTEGRITY ZONE DEVELOPMENT"},
    [W_TOWARD] = {"MENUJU WILAYAH BEBAS DARI KORUPSI (WBK) DAN\nWILAYAH BIROKRASI BERSIH DAN "
                  "MELAYANI (WBBM)",
                  "TOWARDS A CORRUPTION-FREE AREA (WBK) AND\nA CLEAN AND SERVING BUREAUCRACY AREA "
                  "(WBBM)"},
    [W_AT] = {"PADA", "AT"},
    [W_YEAR] = {"TAHUN", "YEAR"},
    [W_NUMBER] = {"Nomor", "Number"},
    [W_TPI] = {"TIM PENILAI INTERNAL ZONA INTEGRITAS", "INTERNAL ASSESSMENT TEAM, INTEGRITY ZONE"},
    [W_UNIT] = {"Unit kerja", "Work unit"},
    [W_PARENT] = {"Instansi induk", "Parent agency"},
    [W_EVAL_YEAR] = {"Tahun evaluasi", "Evaluation year"},
    [W_EVALUATOR] = {"Evaluator", "Evaluator"},
    [W_LEVEL] = {"Tingkat penilaian", "Assessment level"},
    [W_INSTRUMENT] = {"Instrumen", "Instrument"},
    [W_H_BASIS] = {"I. DASAR DAN RUANG LINGKUP EVALUASI", "I. BASIS AND SCOPE OF THE EVALUATION"},
    [W_H_RESULT] = {"II. HASIL EVALUASI", "II. EVALUATION RESULT"},
    [W_H_REQUIREMENTS] = {"Pemenuhan syarat nilai minimal WBK dan WBBM",
                          "Minimum scores for WBK and WBBM"},
    [W_H_SCORES] = {"III. NILAI PER KOMPONEN DAN AREA PERUBAHAN",
                    "III. SCORES BY COMPONENT AND CHANGE AREA"},
    [W_H_FINDINGS] = {"IV. CATATAN DAN REKOMENDASI ATAS JAWABAN",
                      "IV. FINDINGS AND RECOMMENDATIONS BY QUESTION"},
    [W_H_RECOMMENDATIONS] = {"V. REKOMENDASI", "V. RECOMMENDATIONS"},
    [W_H_CLOSING] = {"VI. PENUTUP", "VI. CLOSING"},
    [W_COL_NO] = {"No.", "No."},
    [W_COL_AREA] = {"Komponen / Area Perubahan", "Component / Change Area"},
    [W_COL_WEIGHT] = {"Bobot", "Weight"},
    [W_COL_SELF] = {"Penilaian Mandiri", "Self-\nAssessed"},
    [W_COL_REVIEWED] = {"Hasil Evaluasi", "Evaluation Result"},
    [W_COL_PCT] = {"Capaian (%)", "Achieved (%)"},
    [W_COL_CRITERION] = {"Kriteria", "Criterion"},
    [W_COL_VALUE] = {"Nilai", "Score"},
    [W_COL_MIN_WBK] = {"Minimal WBK", "WBK minimum"},
    [W_COL_MIN_WBBM] = {"Minimal WBBM", "WBBM minimum"},
    [W_COL_MET_WBK] = {"Memenuhi WBK", "Meets WBK"},
    [W_COL_MET_WBBM] = {"Memenuhi WBBM", "Meets WBBM"},
    [W_COL_CODE] = {"Kode", "Code"},
    [W_COL_QUESTION] = {"Pertanyaan", "Question"},
    [W_COL_FINDING] = {"Catatan / Temuan", "Finding"},
    [W_COL_RECOMMENDATION] = {"Rekomendasi", "Recommendation"},
    [W_COL_RESPONSE] = {"Tanggapan Unit", "Unit's Response"},
    [W_TOTAL] = {"NILAI TOTAL", "TOTAL SCORE"},
    [W_CRIT_TOTAL] = {"Nilai total", "Total score"},
    [W_CRIT_AREA] = {"Capaian terendah area Pengungkit (% dari bobot area)",
                     "Lowest enabler area (% of the area weight)"},
    [W_CRIT_IPAK] = {"Indeks Persepsi Anti Korupsi (IPAK)",
                     "Anti-Corruption Perception Index (IPAK)"},
    [W_CRIT_CAPAIAN] = {"Capaian kinerja", "Performance achievement"},
    [W_CRIT_IPKP] = {"Indeks Persepsi Kualitas Pelayanan (IPKP)",
                     "Service Quality Perception Index (IPKP)"},
    [W_YES] = {"Ya", "Yes"},
    [W_NO] = {"Tidak", "No"},
    [W_NO_SCORES] = {"Nilai hasil evaluasi belum tersedia.", "No evaluation scores are available."},
    [W_NO_FINDINGS] = {"Tidak terdapat catatan atas jawaban unit.",
                       "There are no findings on the unit's answers."},
    [W_NO_RECOMMENDATIONS] = {"Tidak terdapat rekomendasi tambahan.",
                              "There are no further recommendations."},
    [W_THE_UNIT] = {"unit kerja", "the unit"},
    [W_THE_TPI] = {"Tim Penilai Internal", "the internal assessment team"},
    [W_FOOTER] = {"LHE Zona Integritas", "Integrity Zone evaluation report"},
};

struct lhe {
    const struct lke_framework *f;
    json_t *model, *scores, *self, *names;
    int en; /* index into words[] */
    const char *lang;
    struct pdf *d;
    const char *unit_name, *unit_code, *parent, *evaluator, *level_label;
    int year;
};

static const char *
w(const struct lhe *h, enum lhe_word k)
{
    return words[k][h->en];
}

/* A string field of o, "" when missing or not a string. */
static const char *
s_of(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static const char *
first(const char *a, const char *b)
{
    return a && *a ? a : b && *b ? b : "";
}

/* Writes v as the document's language shows it ("78,45" / "78.45"), or a dash for no value. */
static void
num(const struct lhe *h, char *out, size_t n, double v, int decimals)
{
    struct buf b = BUF_INIT;
    if (isnan(v))
        buf_puts(&b, DASH);
    else
        fmt_decimal(&b, h->lang, v, decimals);
    snprintf(out, n, "%s", buf_cstr(&b));
    buf_free(&b);
}

/* scores.key.sub (sub may be NULL), or NAN. */
static double
score_of(json_t *scores, const char *key, const char *sub)
{
    json_t *v = json_object_get(scores, key);
    if (sub)
        v = json_object_get(v, sub);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* --- names from the framework file -------------------------------------------------------- */

/* Every {"code", "name" or "text": {"id", "en"}} under node, down to the framework's depth
 * (components, parts, areas, indicators, questions: 12 levels of objects and arrays). */
enum { NAMES_DEPTH = 12 };

static void
collect_names(json_t *node, json_t *names, int en, int depth)
{
    if (depth > NAMES_DEPTH)
        return;
    if (json_is_array(node)) {
        size_t i;
        json_t *x;
        json_array_foreach(node, i, x) collect_names(x, names, en, depth + 1);
        return;
    }
    if (!json_is_object(node))
        return;
    const char *code = json_string_value(json_object_get(node, "code"));
    json_t *t = json_object_get(node, "name");
    if (!json_is_object(t))
        t = json_object_get(node, "text");
    if (code && json_is_object(t)) {
        const char *s = json_string_value(json_object_get(t, en ? "en" : "id"));
        if (!s)
            s = json_string_value(json_object_get(t, en ? "id" : "en"));
        if (s)
            json_object_set_new(names, code, json_string(s));
    }
    const char *k;
    json_t *v;
    json_object_foreach(node, k, v)
    {
        if (json_is_array(v))
            collect_names(v, names, en, depth + 1);
    }
}

static json_t *
load_names(const struct lke_framework *f, json_t *model, int en)
{
    json_t *names = json_object();
    json_t *doc = f->doc; /* the framework's own texts: a loaded version's too */
    if (doc) {
        json_t *t = json_object_get(doc, "name");
        const char *s = json_string_value(json_object_get(t, en ? "en" : "id"));
        if (s)
            json_object_set_new(names, "_framework", json_string(s));
        collect_names(json_object_get(doc, "components"), names, en, 0);
    }
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(model, "area_names"), k, v)
    {
        if (json_is_string(v) && *json_string_value(v))
            json_object_set(names, k, v);
    }
    return names;
}

static const char *
name_of(const struct lhe *h, const char *code)
{
    const char *s = json_string_value(json_object_get(h->names, code));
    return s ? s : code;
}

/* s in capitals, for the letterhead and the title. Caller g_free()s. Model strings that reached
 * us without jansson's UTF-8 check are repaired first: g_utf8_strup trusts its input. */
static gchar *
upper(const char *s)
{
    if (utf8_valid(s, strlen(s)))
        return g_utf8_strup(s, -1);
    gchar *fixed = g_utf8_make_valid(s, -1);
    gchar *up = g_utf8_strup(fixed, -1);
    g_free(fixed);
    return up;
}

static const char *
framework_name(const struct lhe *h)
{
    const char *s = json_string_value(json_object_get(h->names, "_framework"));
    return s ? s : h->f->id;
}

static const char *const roman[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"};

static const char *
roman_of(size_t i)
{
    return i < sizeof roman / sizeof *roman ? roman[i] : "";
}

/* --- the framework's shape ------------------------------------------------------------------ */

static double
part_weight(const struct lke_framework *f, int part)
{
    double s = 0;
    for (size_t i = 0; i < f->nareas; i++)
        if (f->areas[i].part == part)
            s += f->areas[i].weight;
    return s;
}

static double
hasil_weight(const struct lke_framework *f)
{
    double s = 0;
    for (size_t i = 0; i < f->nquestions; i++)
        if (f->questions[i].area < 0)
            s += f->questions[i].max_points;
    return s;
}

static const struct lke_question *
by_role(const struct lke_framework *f, const char *role)
{
    for (size_t i = 0; i < f->nquestions; i++)
        if (f->questions[i].area < 0 && strcmp(f->questions[i].role, role) == 0)
            return &f->questions[i];
    return NULL;
}

/* The group of a Hasil item: its code without the last segment ("hasil.1.a" -> "hasil.1"). */
static size_t
group_len(const char *code)
{
    const char *dot = strrchr(code, '.');
    return dot ? (size_t)(dot - code) : strlen(code);
}

static const char *const part_key[2] = {"pemenuhan", "reform"};

/* --- sections ------------------------------------------------------------------------------ */

static void
letterhead(struct lhe *h)
{
    if (!*h->evaluator)
        return;
    gchar *up = upper(h->evaluator);
    struct pdf_style big = {12.5, PDF_BOLD, PDF_CENTER, 0, 0, 1};
    struct pdf_style small = {8.5, 0, PDF_CENTER, 0, 0, 3};
    pdf_text(h->d, &big, up);
    g_free(up);
    pdf_text(h->d, &small, w(h, W_TPI));
    pdf_rule(h->d, true);
    pdf_space(h->d, 8);
}

static void
title(struct lhe *h)
{
    struct pdf_style t1 = {13, PDF_BOLD, PDF_CENTER, 0, 0, 2};
    struct pdf_style t2 = {9.5, PDF_BOLD, PDF_CENTER, 0, 0, 2};
    pdf_text(h->d, &t1, w(h, W_TITLE));
    pdf_text(h->d, &t2, w(h, W_TOWARD));
    struct buf b = BUF_INIT;
    if (*h->unit_name) {
        gchar *up = upper(h->unit_name);
        buf_printf(&b, "%s %s", w(h, W_AT), up);
        g_free(up);
        pdf_text(h->d, &t1, buf_cstr(&b));
    }
    if (h->year > 0) {
        buf_reset(&b);
        buf_printf(&b, "%s %d", w(h, W_YEAR), h->year);
        pdf_text(h->d, &t1, buf_cstr(&b));
    }
    const char *number = s_of(h->model, "number");
    if (*number) {
        struct pdf_style t3 = {10, 0, PDF_CENTER, 0, 0, 2};
        buf_reset(&b);
        buf_printf(&b, "%s: %s", w(h, W_NUMBER), number);
        pdf_text(h->d, &t3, buf_cstr(&b));
    }
    buf_free(&b);
    pdf_space(h->d, 10);
}

static void
ident_row(struct pdf_table *t, const char *label, const char *value)
{
    if (!value || !*value)
        return;
    const char *cells[3] = {label, ":", value};
    pdf_table_row(t, cells, 0);
}

static void
identity(struct lhe *h)
{
    static const struct pdf_column cols[3] = {
        {"", 25, PDF_LEFT}, {"", 2, PDF_LEFT}, {"", 73, PDF_LEFT}};
    struct pdf_table *t = pdf_table_begin(h->d, cols, 3, 10, PDF_TABLE_PLAIN);
    struct buf b = BUF_INIT;
    if (*h->unit_name && *h->unit_code)
        buf_printf(&b, "%s (%s)", h->unit_name, h->unit_code);
    else
        buf_puts(&b, first(h->unit_name, h->unit_code));
    ident_row(t, w(h, W_UNIT), buf_cstr(&b));
    ident_row(t, w(h, W_PARENT), h->parent);
    char year[16] = "";
    if (h->year > 0)
        snprintf(year, sizeof year, "%d", h->year);
    ident_row(t, w(h, W_EVAL_YEAR), year);
    ident_row(t, w(h, W_EVALUATOR), h->evaluator);
    ident_row(t, w(h, W_LEVEL), h->level_label);
    ident_row(t, w(h, W_INSTRUMENT), framework_name(h));
    pdf_table_end(t);
    buf_free(&b);
}

static void
basis(struct lhe *h)
{
    const char *unit = first(h->unit_name, w(h, W_THE_UNIT));
    const char *by = first(h->evaluator, w(h, W_THE_TPI));
    const char *fw = framework_name(h);
    struct buf b = BUF_INIT;
    pdf_heading(h->d, 1, w(h, W_H_BASIS));
    if (h->en) {
        buf_printf(&b, "The development of the Integrity Zone at %s", unit);
        if (h->year > 0)
            buf_printf(&b, " in %d", h->year);
        buf_printf(&b,
                   " was evaluated by %s as the internal assessment team (TPI), using the %s. The "
                   "evaluation covers the enabler component (Pengungkit), made up of fulfilment "
                   "(Pemenuhan) and reform in every change area, and the result component (Hasil): "
                   "a clean and accountable bureaucracy and excellent public service. The team "
                   "reviewed each answer of the unit's self-assessment against the supporting "
                   "evidence provided.",
                   by, fw);
    } else {
        buf_printf(&b, "Evaluasi pembangunan Zona Integritas pada %s", unit);
        if (h->year > 0)
            buf_printf(&b, " tahun %d", h->year);
        buf_printf(&b,
                   " dilaksanakan oleh %s selaku Tim Penilai Internal (TPI) dengan menggunakan %s. "
                   "Evaluasi mencakup komponen Pengungkit, yang terdiri atas Pemenuhan dan Reform "
                   "pada setiap area perubahan, serta komponen Hasil, yaitu birokrasi yang bersih "
                   "dan akuntabel serta pelayanan publik yang prima. TPI menilai kembali setiap "
                   "jawaban penilaian mandiri unit berdasarkan data dukung yang tersedia.",
                   by, fw);
    }
    pdf_paragraph(h->d, buf_cstr(&b));
    buf_free(&b);
}

/* One reason of scores.reasons in words, into b (without the closing punctuation). */
static void
reason_words(const struct lhe *h, json_t *r, struct buf *b)
{
    const struct lke_framework *f = h->f;
    const char *rule = s_of(r, "rule"), *code = s_of(r, "code"), *who = s_of(r, "for");
    double need = score_of(r, "need", NULL), got = score_of(r, "got", NULL);
    char sneed[32], sgot[32];
    num(h, sneed, sizeof sneed, need, 2);
    num(h, sgot, sizeof sgot, got, 2);
    const struct lke_threshold *t = strcmp(who, "wbbm") == 0 ? &f->wbbm : &f->wbk;
    if (strcmp(rule, "total") == 0) {
        buf_printf(b,
                   h->en ? "the total score of %s is below the minimum of %s"
                         : "nilai total sebesar %s masih di bawah batas minimal %s",
                   sgot, sneed);
    } else if (strcmp(rule, "area_min") == 0) {
        char share[16], weight[32];
        num(h, share, sizeof share, 100 * t->area_min_share, 0);
        const struct lke_area *a = NULL;
        for (size_t i = 0; i < f->nareas; i++)
            if (strcmp(f->areas[i].code, code) == 0)
                a = &f->areas[i];
        if (a) {
            num(h, weight, sizeof weight, a->weight, 2);
            buf_printf(b,
                       h->en ? "the score of the %s area in the %s component, %s, is below the "
                               "minimum of %s (%s%% of the area weight of %s)"
                             : "nilai area %s pada komponen %s sebesar %s masih di bawah batas "
                               "minimal %s (%s%% dari bobot area %s)",
                       name_of(h, a->code), name_of(h, part_key[a->part ? 1 : 0]), sgot, sneed,
                       share, weight);
        } else {
            /* "area.N": the area's two parts together */
            int64_t number = 0;
            const char *nm = code;
            if (str_has_prefix(code, "area.") &&
                parse_i64(code + 5, strlen(code + 5), &number) == 0)
                for (size_t i = 0; i < f->nareas; i++)
                    if (f->areas[i].number == number) {
                        nm = name_of(h, f->areas[i].code);
                        break;
                    }
            buf_printf(b,
                       h->en ? "the score of the %s area (fulfilment and reform), %s, is below "
                               "the minimum of %s (%s%% of the area weight)"
                             : "nilai area %s (Pemenuhan dan Reform) sebesar %s masih di bawah "
                               "batas minimal %s (%s%% dari bobot area)",
                       nm, sgot, sneed, share);
        }
    } else if (strcmp(rule, "ipak") == 0 || strcmp(rule, "ipkp") == 0) {
        const struct lke_question *q = lke_question(f, code);
        if (!q)
            q = by_role(f, rule);
        buf_printf(b,
                   h->en ? "the %s score of %s is below the minimum of %s"
                         : "nilai %s sebesar %s masih di bawah batas minimal %s",
                   w(h, strcmp(rule, "ipak") == 0 ? W_CRIT_IPAK : W_CRIT_IPKP), sgot, sneed);
        if (q && q->type == LKE_INDEX && q->max_points > 0) {
            char igot[16], ineed[16], imax[16];
            num(h, igot, sizeof igot, got / q->max_points * f->index_max, 2);
            num(h, ineed, sizeof ineed, need / q->max_points * f->index_max, 2);
            num(h, imax, sizeof imax, f->index_max, 0);
            buf_printf(b,
                       h->en ? " (an index of %s against a minimum of %s on the 1\xE2\x80\x93%s "
                               "scale)"
                             : " (setara indeks %s dari minimal %s pada skala 1\xE2\x80\x93%s)",
                       igot, ineed, imax);
        }
    } else if (strcmp(rule, "capaian") == 0) {
        buf_printf(b,
                   h->en ? "the performance achievement score of %s is below the minimum of %s"
                         : "nilai capaian kinerja sebesar %s masih di bawah batas minimal %s",
                   sgot, sneed);
    } else {
        buf_printf(b,
                   h->en ? "the requirement \"%s\" is not met (score %s, minimum %s)"
                         : "syarat \"%s\" belum terpenuhi (nilai %s, minimal %s)",
                   rule, sgot, sneed);
    }
}

static void
reason_list(struct lhe *h, const char *who)
{
    json_t *reasons = json_object_get(h->scores, "reasons"), *r;
    size_t i, n = 0, k = 0;
    json_array_foreach(reasons, i, r) n += strcmp(s_of(r, "for"), who) == 0;
    struct buf b = BUF_INIT;
    json_array_foreach(reasons, i, r)
    {
        if (strcmp(s_of(r, "for"), who) != 0)
            continue;
        buf_reset(&b);
        reason_words(h, r, &b);
        k++;
        buf_puts(&b, k == n ? "." : k + 1 == n ? (h->en ? "; and" : "; dan") : ";");
        char label[24];
        if (k <= 26)
            snprintf(label, sizeof label, "%c.", (char)('a' + k - 1));
        else
            snprintf(label, sizeof label, "%zu.", k);
        pdf_item(h->d, 12, label, buf_cstr(&b));
    }
    buf_free(&b);
}

static size_t
count_for(json_t *scores, const char *who)
{
    json_t *r;
    size_t i, n = 0;
    json_array_foreach(json_object_get(scores, "reasons"), i, r) n +=
        strcmp(s_of(r, "for"), who) == 0;
    return n;
}

static void
verdict(struct lhe *h)
{
    const char *unit = first(h->unit_name, w(h, W_THE_UNIT));
    bool wbk = json_is_true(json_object_get(h->scores, "wbk"));
    bool wbbm = json_is_true(json_object_get(h->scores, "wbbm"));
    const char *who = wbk ? "wbbm" : "wbk";
    bool because = !(wbk && wbbm) && count_for(h->scores, who) > 0;
    struct buf b = BUF_INIT;
    if (h->en) {
        if (wbk && wbbm)
            buf_printf(&b,
                       "Accordingly, %s meets the score requirements to be proposed as a "
                       "Corruption-Free Area (WBK) and as a Clean and Serving Bureaucracy Area "
                       "(WBBM).",
                       unit);
        else if (wbk)
            buf_printf(&b,
                       "Accordingly, %s meets the score requirements to be proposed as a WBK "
                       "(Corruption-Free Area), but does not yet meet the requirements to be "
                       "proposed as a WBBM (Clean and Serving Bureaucracy Area)%s",
                       unit, because ? ", because:" : ".");
        else
            buf_printf(&b,
                       "Accordingly, %s does not yet meet the requirements to be proposed as a WBK "
                       "(Corruption-Free Area)%s",
                       unit, because ? ", because:" : ".");
    } else {
        if (wbk && wbbm)
            buf_printf(&b,
                       "Dengan demikian, %s memenuhi syarat nilai untuk diusulkan sebagai WBK "
                       "(Wilayah Bebas dari Korupsi) maupun WBBM (Wilayah Birokrasi Bersih dan "
                       "Melayani).",
                       unit);
        else if (wbk)
            buf_printf(&b,
                       "Dengan demikian, %s memenuhi syarat untuk diusulkan sebagai WBK (Wilayah "
                       "Bebas dari Korupsi), namun belum memenuhi syarat untuk diusulkan sebagai "
                       "WBBM (Wilayah Birokrasi Bersih dan Melayani)%s",
                       unit, because ? ", karena:" : ".");
        else
            buf_printf(&b,
                       "Dengan demikian, %s belum memenuhi syarat untuk diusulkan sebagai WBK "
                       "(Wilayah Bebas dari Korupsi)%s",
                       unit, because ? ", karena:" : ".");
    }
    pdf_paragraph(h->d, buf_cstr(&b));
    buf_free(&b);
    if (because)
        reason_list(h, who);
}

static void
summary(struct lhe *h)
{
    const struct lke_framework *f = h->f;
    pdf_heading(h->d, 1, w(h, W_H_RESULT));
    double total = score_of(h->scores, "total", NULL);
    if (isnan(total)) {
        pdf_paragraph(h->d, w(h, W_NO_SCORES));
        return;
    }
    char st[32], sp[32], spw[32], sh[32], shw[32], smax[32];
    double pw = part_weight(f, 0) + part_weight(f, 1), hw = hasil_weight(f);
    num(h, st, sizeof st, total, 2);
    num(h, smax, sizeof smax, pw + hw, 2);
    num(h, sp, sizeof sp, score_of(h->scores, "pengungkit", NULL), 2);
    num(h, spw, sizeof spw, pw, 2);
    num(h, sh, sizeof sh, score_of(h->scores, "hasil", NULL), 2);
    num(h, shw, sizeof shw, hw, 2);
    const char *unit = first(h->unit_name, w(h, W_THE_UNIT));
    struct buf b = BUF_INIT;
    if (h->en)
        buf_printf(
            &b,
            "Based on the evaluation%s%s, %s obtained a total score of %s out of %s, made up "
            "of %s out of %s for the enabler component (Pengungkit) and %s out of %s for "
            "the result component (Hasil).",
            *h->level_label ? " at the level " : "", h->level_label, unit, st, smax, sp, spw, sh,
            shw);
    else
        buf_printf(&b,
                   "Berdasarkan hasil evaluasi%s%s, %s memperoleh nilai total %s dari %s, yang "
                   "terdiri atas komponen Pengungkit sebesar %s dari %s dan komponen Hasil sebesar "
                   "%s dari %s.",
                   *h->level_label ? " pada tingkat " : "", h->level_label, unit, st, smax, sp, spw,
                   sh, shw);
    double self = score_of(h->self, "total", NULL);
    if (!isnan(self)) {
        char ss[32], sd[32];
        num(h, ss, sizeof ss, self, 2);
        num(h, sd, sizeof sd, fabs(total - self), 2);
        if (fabs(total - self) < 0.005)
            buf_printf(&b,
                       h->en ? " This equals the unit's self-assessed score of %s."
                             : " Nilai ini sama dengan nilai penilaian mandiri unit sebesar %s.",
                       ss);
        else if (total < self)
            buf_printf(&b,
                       h->en ? " This is %s points below the unit's self-assessed score of %s."
                             : " Nilai ini %s poin lebih rendah dari nilai penilaian mandiri unit "
                               "sebesar %s.",
                       sd, ss);
        else
            buf_printf(&b,
                       h->en ? " This is %s points above the unit's self-assessed score of %s."
                             : " Nilai ini %s poin lebih tinggi dari nilai penilaian mandiri unit "
                               "sebesar %s.",
                       sd, ss);
    }
    pdf_paragraph(h->d, buf_cstr(&b));
    buf_free(&b);
    verdict(h);
}

/* Whether scores.reasons holds no reason of this rule for who. */
static bool
met(json_t *scores, const char *rule, const char *who)
{
    json_t *r;
    size_t i;
    json_array_foreach(json_object_get(scores, "reasons"), i,
                       r) if (strcmp(s_of(r, "rule"), rule) == 0 &&
                              strcmp(s_of(r, "for"), who) == 0) return false;
    return true;
}

/* The lowest share of its weight any area (or area pair, when the minimum is per area) reached. */
static double
lowest_area_pct(const struct lke_framework *f, json_t *scores)
{
    json_t *areas = json_object_get(scores, "areas");
    double low = NAN;
    if (f->area_min_per_part) {
        for (size_t i = 0; i < f->nareas; i++) {
            json_t *v = json_object_get(areas, f->areas[i].code);
            if (json_is_number(v) && f->areas[i].weight > 0) {
                double p = 100 * json_number_value(v) / f->areas[i].weight;
                low = isnan(low) || p < low ? p : low;
            }
        }
        return low;
    }
    for (int n = 1; n <= 6; n++) {
        double wsum = 0, got = 0;
        bool any = false;
        for (size_t i = 0; i < f->nareas; i++)
            if (f->areas[i].number == n) {
                json_t *v = json_object_get(areas, f->areas[i].code);
                wsum += f->areas[i].weight;
                got += json_is_number(v) ? json_number_value(v) : 0;
                any = any || json_is_number(v);
            }
        if (any && wsum > 0) {
            double p = 100 * got / wsum;
            low = isnan(low) || p < low ? p : low;
        }
    }
    return low;
}

static void
requirement_row(struct lhe *h, struct pdf_table *t, enum lhe_word label, const char *rule,
                double value, double min_wbk, double min_wbbm)
{
    char v[32], a[32], b[32];
    num(h, v, sizeof v, value, 2);
    num(h, a, sizeof a, min_wbk, 2);
    num(h, b, sizeof b, min_wbbm, 2);
    bool have = !isnan(value) && json_is_array(json_object_get(h->scores, "reasons"));
    const char *wbk = have ? w(h, met(h->scores, rule, "wbk") ? W_YES : W_NO) : DASH;
    const char *wbbm = have ? w(h, met(h->scores, rule, "wbbm") ? W_YES : W_NO) : DASH;
    const char *cells[6] = {w(h, label), v, a, b, wbk, wbbm};
    pdf_table_row(t, cells, 0);
}

static void
requirements(struct lhe *h)
{
    const struct lke_framework *f = h->f;
    if (isnan(score_of(h->scores, "total", NULL)))
        return;
    struct pdf_column cols[6] = {
        {w(h, W_COL_CRITERION), 36, PDF_LEFT}, {w(h, W_COL_VALUE), 11, PDF_RIGHT},
        {w(h, W_COL_MIN_WBK), 13, PDF_RIGHT},  {w(h, W_COL_MIN_WBBM), 13, PDF_RIGHT},
        {w(h, W_COL_MET_WBK), 13, PDF_CENTER}, {w(h, W_COL_MET_WBBM), 14, PDF_CENTER},
    };
    pdf_heading(h->d, 2, w(h, W_H_REQUIREMENTS));
    pdf_keep(h->d, 30 + 5 * 22); /* five rows: one table on one page */
    struct pdf_table *t = pdf_table_begin(h->d, cols, 6, 8.5, 0);
    requirement_row(h, t, W_CRIT_TOTAL, "total", score_of(h->scores, "total", NULL), f->wbk.total,
                    f->wbbm.total);
    requirement_row(h, t, W_CRIT_AREA, "area_min", lowest_area_pct(f, h->scores),
                    100 * f->wbk.area_min_share, 100 * f->wbbm.area_min_share);
    static const struct {
        const char *role;
        enum lhe_word label;
    } roles[] = {{"ipak", W_CRIT_IPAK}, {"capaian", W_CRIT_CAPAIAN}, {"ipkp", W_CRIT_IPKP}};
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++) {
        const struct lke_question *q = by_role(f, roles[i].role);
        if (!q)
            continue;
        double a = i == 0 ? f->wbk.ipak : i == 1 ? f->wbk.capaian : f->wbk.ipkp;
        double b = i == 0 ? f->wbbm.ipak : i == 1 ? f->wbbm.capaian : f->wbbm.ipkp;
        requirement_row(h, t, roles[i].label, roles[i].role, score_of(h->scores, "items", q->code),
                        a, b);
    }
    pdf_table_end(t);
}

/* One row of the recapitulation: label, name, weight, self score, reviewed score, percentage. */
static void
recap_row(struct lhe *h, struct pdf_table *t, const char *no, const char *name, double weight,
          double self, double reviewed, int flags)
{
    char sw[32], ss[32], sr[32], sp[32];
    num(h, sw, sizeof sw, weight, 2);
    num(h, ss, sizeof ss, self, 2);
    num(h, sr, sizeof sr, reviewed, 2);
    num(h, sp, sizeof sp, weight > 0 && !isnan(reviewed) ? 100 * reviewed / weight : NAN, 2);
    const char *cells[6] = {no, name, sw, ss, sr, sp};
    pdf_table_row(t, cells, flags);
}

static void
recap(struct lhe *h)
{
    const struct lke_framework *f = h->f;
    struct pdf_column cols[6] = {
        {w(h, W_COL_NO), 7, PDF_CENTER},       {w(h, W_COL_AREA), 41, PDF_LEFT},
        {w(h, W_COL_WEIGHT), 11, PDF_RIGHT},   {w(h, W_COL_SELF), 13, PDF_RIGHT},
        {w(h, W_COL_REVIEWED), 14, PDF_RIGHT}, {w(h, W_COL_PCT), 14, PDF_RIGHT},
    };
    pdf_heading(h->d, 1, w(h, W_H_SCORES));
    /* The recapitulation is read as a whole: keep it on one page when it fits on one (rows of
     * about 15 points, Hasil items' names may take two lines). */
    size_t rows = 4 + f->nareas, items = 0;
    for (size_t i = 0; i < f->nquestions; i++)
        if (f->questions[i].area < 0)
            items++;
    rows += 2 * items; /* at most a group row per item */
    double est = 30 + 15.0 * (double)rows + 10.0 * (double)items;
    pdf_keep(h->d, est < 600 ? est : 30 + 3 * 15);
    struct pdf_table *t = pdf_table_begin(h->d, cols, 6, 8.5, 0);
    double pw = part_weight(f, 0) + part_weight(f, 1);
    gchar *up = upper(name_of(h, "pengungkit"));
    recap_row(h, t, "A", up, pw, score_of(h->self, "pengungkit", NULL),
              score_of(h->scores, "pengungkit", NULL), PDF_ROW_BOLD | PDF_ROW_SHADE);
    g_free(up);
    for (int p = 0; p < 2; p++) {
        recap_row(h, t, roman_of((size_t)p), name_of(h, part_key[p]), part_weight(f, p),
                  score_of(h->self, "parts", part_key[p]),
                  score_of(h->scores, "parts", part_key[p]), PDF_ROW_BOLD);
        for (size_t i = 0; i < f->nareas; i++) {
            const struct lke_area *a = &f->areas[i];
            if (a->part != p)
                continue;
            char no[16];
            snprintf(no, sizeof no, "%d", a->number);
            recap_row(h, t, no, name_of(h, a->code), a->weight, score_of(h->self, "areas", a->code),
                      score_of(h->scores, "areas", a->code), 0);
        }
    }
    up = upper(name_of(h, "hasil"));
    recap_row(h, t, "B", up, hasil_weight(f), score_of(h->self, "hasil", NULL),
              score_of(h->scores, "hasil", NULL), PDF_ROW_BOLD | PDF_ROW_SHADE);
    g_free(up);
    size_t group = 0;
    for (size_t i = 0; i < f->nquestions;) {
        const struct lke_question *q = &f->questions[i];
        if (q->area >= 0) {
            i++;
            continue;
        }
        /* a group of Hasil items sharing a prefix, with its sum */
        size_t len = group_len(q->code), j;
        double gw = 0, gs = 0, gr = 0;
        bool have_s = false, have_r = false;
        for (j = i; j < f->nquestions && f->questions[j].area < 0 &&
                    group_len(f->questions[j].code) == len &&
                    strncmp(f->questions[j].code, q->code, len) == 0;
             j++) {
            const struct lke_question *x = &f->questions[j];
            double s = score_of(h->self, "items", x->code),
                   r = score_of(h->scores, "items", x->code);
            gw += x->max_points;
            if (!isnan(s)) {
                gs += s;
                have_s = true;
            }
            if (!isnan(r)) {
                gr += r;
                have_r = true;
            }
        }
        char gcode[48];
        snprintf(gcode, sizeof gcode, "%.*s", (int)len, q->code);
        recap_row(h, t, roman_of(group++), name_of(h, gcode), gw, have_s ? gs : NAN,
                  have_r ? gr : NAN, PDF_ROW_BOLD);
        for (size_t k = i; k < j; k++) {
            const struct lke_question *x = &f->questions[k];
            const char *dot = strrchr(x->code, '.');
            recap_row(h, t, dot ? dot + 1 : "", name_of(h, x->code), x->max_points,
                      score_of(h->self, "items", x->code), score_of(h->scores, "items", x->code),
                      0);
        }
        i = j;
    }
    recap_row(h, t, "", w(h, W_TOTAL), pw + hasil_weight(f), score_of(h->self, "total", NULL),
              score_of(h->scores, "total", NULL), PDF_ROW_BOLD | PDF_ROW_STRONG);
    pdf_table_end(t);
}

/* A finding's field as text: a string, or a number (a NIP or year given as one), else "". */
static const char *
text_of(json_t *v, char *tmp, size_t n)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(tmp, n, "%lld", (long long)json_integer_value(v));
        return tmp;
    }
    return "";
}

static void
findings(struct lhe *h)
{
    struct pdf_column cols[6] = {
        /* Kode holds "pemenuhan.3.iii.a" on one line */
        {w(h, W_COL_NO), 5, PDF_CENTER},
        {w(h, W_COL_CODE), 18, PDF_LEFT},
        {w(h, W_COL_QUESTION), 20, PDF_LEFT},
        {w(h, W_COL_FINDING), 21, PDF_LEFT},
        {w(h, W_COL_RECOMMENDATION), 19, PDF_LEFT},
        {w(h, W_COL_RESPONSE), 17, PDF_LEFT},
    };
    pdf_heading(h->d, 1, w(h, W_H_FINDINGS));
    json_t *list = json_object_get(h->model, "findings"), *x;
    size_t i, n = 0;
    json_array_foreach(list, i, x) n += json_is_object(x);
    if (n == 0) {
        pdf_paragraph(h->d, w(h, W_NO_FINDINGS));
        return;
    }
    struct pdf_table *t = pdf_table_begin(h->d, cols, 6, 8, PDF_TABLE_ZEBRA);
    n = 0;
    json_array_foreach(list, i, x)
    {
        if (!json_is_object(x))
            continue;
        char no[24], t1[32], t2[32];
        snprintf(no, sizeof no, "%zu", ++n);
        const char *code = text_of(json_object_get(x, "code"), t1, sizeof t1);
        const char *question = text_of(json_object_get(x, "question"), t2, sizeof t2);
        /* the question's own words when the model leaves them out */
        if (!*question && *code && json_is_string(json_object_get(h->names, code)))
            question = name_of(h, code);
        const char *cells[6] = {
            no, code, question, s_of(x, "finding"), s_of(x, "recommendation"), s_of(x, "response")};
        pdf_table_row(t, cells, 0);
    }
    pdf_table_end(t);
}

static void
recommendations(struct lhe *h)
{
    pdf_heading(h->d, 1, w(h, W_H_RECOMMENDATIONS));
    json_t *list = json_object_get(h->model, "recommendations"), *x;
    size_t i, n = 0;
    json_array_foreach(list, i, x)
    {
        const char *s = json_is_string(x) ? json_string_value(x) : s_of(x, "text");
        if (!*s)
            continue;
        char label[24];
        snprintf(label, sizeof label, "%zu.", ++n);
        pdf_item(h->d, 0, label, s);
    }
    if (n == 0)
        pdf_paragraph(h->d, w(h, W_NO_RECOMMENDATIONS));
}

static void
closing(struct lhe *h)
{
    const char *unit = first(h->unit_name, w(h, W_THE_UNIT));
    const char *to = first(h->evaluator, w(h, W_THE_TPI));
    struct buf b = BUF_INIT;
    pdf_heading(h->d, 1, w(h, W_H_CLOSING));
    buf_printf(&b,
               h->en
                   ? "This concludes the report on the evaluation of the Integrity Zone "
                     "development. The head of %s is expected to act on the recommendations "
                     "above and to report the follow-up to %s, so that the Integrity Zone keeps "
                     "being built toward WBK and WBBM."
                   : "Demikian laporan hasil evaluasi pembangunan Zona Integritas ini disampaikan. "
                     "Pimpinan %s diharapkan menindaklanjuti rekomendasi di atas dan melaporkan "
                     "tindak lanjutnya kepada %s, agar pembangunan Zona Integritas menuju WBK dan "
                     "WBBM terus berlanjut.",
               unit, to);
    pdf_paragraph(h->d, buf_cstr(&b));
    buf_free(&b);
}

/* The signature block: at the right, centred lines, room for the signature and the stamp. */
static void
signature(struct lhe *h)
{
    json_t *sig = json_object_get(h->model, "signature");
    char t1[32];
    const char *place = s_of(sig, "place"), *date = s_of(sig, "date"), *role = s_of(sig, "role");
    const char *name = s_of(sig, "name"),
               *nip = text_of(json_object_get(sig, "nip"), t1, sizeof t1);
    if (!*place && !*date && !*role && !*name && !*nip)
        return;
    double tw = pdf_text_width(h->d);
    struct pdf_style line = {10, 0, PDF_CENTER, tw * 0.5, tw * 0.5, 1};
    struct pdf_style bold = line;
    bold.font = PDF_BOLD | PDF_UNDERLINE;
    pdf_space(h->d, 16);
    pdf_keep(h->d, 5 * 14 + 62);
    struct buf b = BUF_INIT;
    if (*place && *date)
        buf_printf(&b, "%s, %s", place, date);
    else
        buf_puts(&b, first(place, date));
    pdf_text(h->d, &line, buf_cstr(&b));
    pdf_text(h->d, &line, role);
    pdf_space(h->d, 62); /* the signature and the stamp */
    pdf_text(h->d, &bold, *name ? name : " ");
    if (*nip) {
        buf_reset(&b);
        buf_printf(&b, "NIP %s", nip);
        pdf_text(h->d, &line, buf_cstr(&b));
    }
    buf_free(&b);
}

int
lke_lhe_pdf(const struct lke_framework *f, json_t *model, const struct lke_doc_meta *m,
            const char *path, struct buf *err)
{
    if (!f || !path) {
        buf_puts(err, "a framework and a path are needed for the report");
        return ZE_INVAL;
    }
    if (!json_is_object(model)) {
        buf_puts(err, "the report model must be a JSON object");
        return ZE_INVAL;
    }
    struct lhe h = {.f = f, .model = model};
    const char *lang = m && m->lang ? m->lang : s_of(model, "lang");
    h.en = strcmp(lang, "en") == 0;
    h.lang = h.en ? "en" : "id";
    h.scores = json_object_get(model, "scores");
    h.self = json_object_get(model, "self_scores");
    json_t *unit = json_object_get(model, "unit");
    h.unit_name = first(s_of(unit, "name"), m ? m->unit_name : NULL);
    h.unit_code = first(s_of(unit, "code"), m ? m->unit_code : NULL);
    json_t *parent = json_object_get(unit, "parent");
    h.parent = json_is_object(parent) ? s_of(parent, "name") : s_of(unit, "parent");
    h.evaluator = s_of(model, "evaluator");
    h.level_label = first(s_of(model, "level_label"), m ? m->level_label : NULL);
    json_t *year = json_object_get(model, "year");
    if (json_is_integer(year) && json_integer_value(year) > 0 && json_integer_value(year) < 10000)
        h.year = (int)json_integer_value(year);
    else if (m && m->year > 0 && m->year < 10000)
        h.year = m->year;
    h.names = load_names(f, model, h.en);

    struct buf head = BUF_INIT, foot = BUF_INIT;
    buf_puts(&head, h.en ? "Evaluation report on Integrity Zone development"
                         : "Laporan Hasil Evaluasi Pembangunan Zona Integritas");
    buf_puts(&foot, w(&h, W_FOOTER));
    if (*h.unit_name) {
        buf_printf(&head, " \xE2\x80\x93 %s", h.unit_name);
        buf_printf(&foot, " \xC2\xB7 %s", h.unit_name);
    }
    if (h.year > 0) {
        buf_printf(&head, " %d", h.year);
        buf_printf(&foot, " \xC2\xB7 %d", h.year);
    }
    struct pdf_meta meta = {
        .title = buf_cstr(&head),
        .author = first(h.evaluator, "zona"),
        .subject =
            h.en ? "Integrity Zone (WBK/WBBM) evaluation" : "Evaluasi Zona Integritas (WBK/WBBM)",
        .keywords = "Zona Integritas, LKE, WBK, WBBM",
        .footer = buf_cstr(&foot),
        .lang = h.lang,
    };
    int rc = pdf_open(path, &meta, &h.d, err);
    buf_free(&head);
    buf_free(&foot);
    if (rc) {
        json_decref(h.names);
        return rc;
    }
    letterhead(&h);
    title(&h);
    identity(&h);
    basis(&h);
    summary(&h);
    requirements(&h);
    recap(&h);
    findings(&h);
    recommendations(&h);
    closing(&h);
    signature(&h);
    rc = pdf_close(h.d, err);
    json_decref(h.names);
    return rc;
}
