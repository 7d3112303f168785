/* survey_pdf: the survey's paper (survey_docs.h), written with report/pdf.c. The A4 poster that
 * hangs at the service desk, whose QR code brings a visitor's phone to the form, and the one-page
 * results infographic that hangs in the same place afterwards: what people said and what the
 * unit is doing about it. Bahasa Indonesia, or English when lang is "en"; the wording is zona's.
 *
 * Both are meant to fit one page: the poster's QR code is 10 cm wide (at least 9 cm reads from an
 * arm's length on a phone), the texts around it short; the infographic's bars take a line each.
 * The colours of the bars follow the grade bands of 14/2017 as the chart SVG's do, and every bar
 * carries its value as text. */
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/xmem.h"
#include "report/pdf.h"
#include "survey.h"
#include "survey_docs.h"
#include "web/fmt.h"

#define DASH  "\xE2\x80\x93"      /* en dash: no data */
#define QR_PT (100 * 72.0 / 25.4) /* the poster's QR code: 10 cm */

/* The fixed words, by language (0 Bahasa Indonesia, 1 English). */
enum survey_word {
    W_CTA,
    W_OR_LINK,
    W_STEP1,
    W_STEP2,
    W_STEP3,
    W_CODE,
    W_ANONYMOUS,
    W_PERIOD,
    W_THANKS,
    W_POSTER,
    W_POSTER_KEYS, /* the PDF keywords: kind + 1 */
    W_RESULTS,
    W_RESULTS_KEYS,
    W_IKM,
    W_GRADE,
    W_INDEX,
    W_INDEX_OF,
    W_OF_4,
    W_RESPONDENTS,
    W_CI,
    W_BARS_IKM,
    W_BARS,
    W_LEGEND,
    W_DOING,
    W_DOING_NONE,
    W_THANKS_ALL,
    W__MAX
};

static const char *const words[W__MAX][2] = {
    [W_CTA] = {"Nilai pelayanan kami", "Rate our service"},
    [W_OR_LINK] = {"atau buka tautan ini:", "or open this link:"},
    [W_STEP1] = {"1. Pindai kode QR dengan kamera ponsel",
                 "1. Scan the QR code with your phone's camera"},
    [W_STEP2] = {"2. Jawab pertanyaan (\xC2\xB1 3 menit)",
                 "2. Answer the questions (about 3 minutes)"},
    [W_STEP3] = {"3. Kirim \xE2\x80\x94 tanpa nama, tanpa akun",
                 "3. Send \xE2\x80\x94 no name, no account"},
    [W_CODE] =
        {"Formulir akan meminta kode: ketik kode yang tercetak pada tanda terima Anda atau yang "
         "diberikan petugas.",
         "The form asks for a code: type the code printed on your receipt or the one the "
         "officer gave you."},
    [W_ANONYMOUS] = {"Survei ini anonim dan hanya sekitar tiga menit. Jawaban Anda membantu kami "
                     "memperbaiki pelayanan.",
                     "The survey is anonymous and takes about three minutes. Your answers help us "
                     "improve our service."},
    [W_PERIOD] = {"Periode survei: ", "Survey period: "},
    [W_THANKS] = {"Terima kasih atas waktu Anda.", "Thank you for your time."},
    [W_POSTER] = {"Poster survei", "Survey poster"},
    [W_POSTER_KEYS] = {"survei, kode QR", "survey, QR code"},
    [W_RESULTS] = {"Hasil survei", "Survey results"},
    [W_RESULTS_KEYS] = {"survei, hasil, tindak lanjut", "survey, results, follow-up"},
    [W_IKM] = {"Nilai IKM", "IKM score"},
    [W_GRADE] = {"Mutu pelayanan ", "Service quality "},
    [W_INDEX] = {"Nilai indeks (skala 1\xE2\x80\x93"
                 "4)",
                 "Index (scale 1\xE2\x80\x93"
                 "4)"},
    [W_INDEX_OF] = {"Nilai indeks ", "Index "},
    [W_OF_4] = {" dari 4", " of 4"},
    [W_RESPONDENTS] = {" responden", " respondents"},
    [W_CI] = {"Selang kepercayaan 95%: ", "95% confidence interval: "},
    [W_BARS_IKM] = {"Nilai per unsur pelayanan (skala 1\xE2\x80\x93"
                    "4)",
                    "Score per service element (scale 1\xE2\x80\x93"
                    "4)"},
    [W_BARS] = {"Nilai per butir (skala 1\xE2\x80\x93"
                "4)",
                "Score per item (scale 1\xE2\x80\x93"
                "4)"},
    [W_LEGEND] = {"Warna batang menurut mutu PermenPAN-RB 14/2017: A hijau (di atas 3,532), B biru "
                  "(3,0644\xE2\x80\x93"
                  "3,532), C oranye (2,60\xE2\x80\x93"
                  "3,064), D merah "
                  "(sampai 2,5996). " DASH ": belum ada jawaban.",
                  "Bar colours by the grades of PermenPAN-RB 14/2017: A green (above 3.532), B "
                  "blue (3.0644\xE2\x80\x93"
                  "3.532), C orange (2.60\xE2\x80\x93"
                  "3.064), D red "
                  "(up to 2.5996). " DASH ": no answers yet."},
    [W_DOING] = {"Yang kami lakukan", "What we are doing about it"},
    [W_DOING_NONE] = {"Tindak lanjut atas unsur yang nilainya terendah sedang disusun dan akan "
                      "diumumkan di sini.",
                      "The follow-up on the lowest-rated elements is being prepared and will be "
                      "posted here."},
    [W_THANKS_ALL] = {"Terima kasih kepada semua yang telah mengisi survei.",
                      "Thank you to everyone who took part in the survey."},
};

static int
lang_of(const char *lang)
{
    return lang && strcmp(lang, "en") == 0;
}

static bool
has(const char *s)
{
    return s && *s;
}

/* Text in size points, centred across the column, with after points below. */
static void
centred(struct pdf *d, double size, int font, double after, const char *text)
{
    struct pdf_style st = {size, font, PDF_CENTER, 0, 0, after};
    pdf_text(d, &st, text);
}

/* "a – b" of the two that are there (either may be NULL). */
static void
joined(struct buf *b, const char *a, const char *c)
{
    buf_reset(b);
    if (has(a))
        buf_puts(b, a);
    if (has(a) && has(c))
        buf_puts(b, " \xE2\x80\x93 ");
    if (has(c))
        buf_puts(b, c);
}

/* Starts the poster (kind W_POSTER) or the infographic (W_RESULTS): the PDF's title says which
 * and of what, its author is the unit, every page's footer names the unit and the instrument. */
static int
open_doc(const char *path, int en, enum survey_word kind, const char *title, const char *unit,
         const char *instrument, struct pdf **d, struct buf *err)
{
    struct buf head = BUF_INIT, foot = BUF_INIT;
    joined(&head, words[kind][en], title);
    joined(&foot, unit, instrument);
    struct pdf_meta meta = {
        .title = buf_cstr(&head),
        .author = has(unit) ? unit : "zona",
        .subject = instrument,
        .keywords = words[kind + 1][en],
        .footer = buf_cstr(&foot),
        .lang = en ? "en" : "id",
    };
    int rc = pdf_open(path, &meta, d, err); /* copies the strings */
    buf_free(&head);
    buf_free(&foot);
    return rc;
}

int
survey_poster_pdf(const struct survey_poster *p, const char *path, struct buf *err)
{
    if (!p || !has(p->url)) {
        buf_puts(err, "the poster needs the survey's link");
        return ZE_INVAL;
    }
    int en = lang_of(p->lang);
    struct pdf *d = NULL;
    int rc = open_doc(path, en, W_POSTER, p->title, p->unit_name, p->instrument_name, &d, err);
    if (rc)
        return rc;
    double tw = pdf_text_width(d);
    if (has(p->unit_name))
        centred(d, 16, PDF_BOLD, 3, p->unit_name);
    if (has(p->instrument_name))
        centred(d, 11, 0, 12, p->instrument_name);
    centred(d, 32, PDF_BOLD, 4, words[W_CTA][en]);
    if (has(p->title))
        centred(d, 13, 0, 0, p->title);
    pdf_qr(d, p->url, QR_PT); /* its quiet zone is the space around it */
    centred(d, 10, 0, 1, words[W_OR_LINK][en]);
    centred(d, 15, PDF_BOLD, 12, p->url);
    struct pdf_style step = {13, 0, PDF_LEFT, tw * 0.14, tw * 0.8, 3};
    pdf_text(d, &step, words[W_STEP1][en]);
    pdf_text(d, &step, words[W_STEP2][en]);
    pdf_text(d, &step, words[W_STEP3][en]);
    pdf_space(d, 6);
    if (p->needs_code)
        centred(d, 11, PDF_BOLD, 6, words[W_CODE][en]);
    centred(d, 11, 0, 6, words[W_ANONYMOUS][en]);
    if (has(p->period)) {
        struct buf line = BUF_INIT;
        buf_printf(&line, "%s%s", words[W_PERIOD][en], p->period);
        centred(d, 11, 0, 4, buf_cstr(&line));
        buf_free(&line);
    }
    centred(d, 11, PDF_ITALIC, 0, words[W_THANKS][en]);
    return pdf_close(d, err);
}

/* The fill of a value's grade band, as the chart SVG has it (survey_svg.c). */
static unsigned
band_rgb(double v)
{
    static const unsigned rgb[4] = {0x2e7d32, 0x1565c0, 0xe65100, 0xc62828}; /* A..D */
    return rgb[survey_grade(v * 25, NULL) - 'A'];
}

/* The headline: IKM × 25 with its grade, or the index; n and the interval beneath. */
static void
headline(struct pdf *d, const struct survey_infographic *g, int en, struct buf *b)
{
    const char *lang = en ? "en" : "id";
    const char *index = has(g->index) ? g->index : DASH;
    if (has(g->ikm)) {
        centred(d, 11, 0, 0, words[W_IKM][en]);
        centred(d, 36, PDF_BOLD, 2, g->ikm);
        if (has(g->grade)) {
            buf_reset(b);
            buf_printf(b, "%s%s", words[W_GRADE][en], g->grade);
            if (has(g->label))
                buf_printf(b, " \xC2\xB7 %s", g->label);
            centred(d, 15, PDF_BOLD, 3, buf_cstr(b));
        }
        buf_reset(b);
        buf_printf(b, "%s%s%s", words[W_INDEX_OF][en], index, words[W_OF_4][en]);
    } else {
        centred(d, 11, 0, 0, words[W_INDEX][en]);
        centred(d, 36, PDF_BOLD, 2, index);
        buf_reset(b);
    }
    struct buf n = BUF_INIT;
    fmt_int(&n, lang, g->n);
    if (b->len)
        buf_puts(b, " \xC2\xB7 ");
    buf_printf(b, "%s%s", buf_cstr(&n), words[W_RESPONDENTS][en]);
    buf_free(&n);
    centred(d, 11, 0, 2, buf_cstr(b));
    if (has(g->ci95)) {
        buf_reset(b);
        buf_printf(b, "%s%s", words[W_CI][en], g->ci95);
        centred(d, 9, 0, 0, buf_cstr(b));
    }
}

/* A bar per item, coloured by its grade band, with its value (or a dash) as text. */
static void
bars(struct pdf *d, const struct survey_infographic *g, int en)
{
    const char *lang = en ? "en" : "id";
    struct pdf_bar *pb = xcalloc(g->nbars ? g->nbars : 1, sizeof *pb);
    struct buf *shown = xcalloc(g->nbars ? g->nbars : 1, sizeof *shown);
    for (size_t i = 0; i < g->nbars; i++) {
        const struct survey_bar *s = &g->bars[i];
        if (!(s->value >= 1)) /* boundary: 1 is the scale's lowest answer, below it no data */
            buf_puts(&shown[i], DASH);
        else if (s->shown)
            buf_puts(&shown[i], s->shown);
        else
            fmt_decimal(&shown[i], lang, s->value, 2);
        pb[i] = (struct pdf_bar){s->label, s->value, buf_cstr(&shown[i]), band_rgb(s->value)};
    }
    pdf_bars(d, pb, (int)g->nbars, 1, SURVEY_INDEX_SCALE);
    for (size_t i = 0; i < g->nbars; i++)
        buf_free(&shown[i]);
    free(shown);
    free(pb);
}

int
survey_infographic_pdf(const struct survey_infographic *g, const char *path, struct buf *err)
{
    if (!g || (g->nbars && !g->bars) || (g->nfollowups && !g->followups) || g->nbars > INT_MAX) {
        buf_puts(err, "the infographic needs its figures");
        return ZE_INVAL;
    }
    int en = lang_of(g->lang);
    struct pdf *d = NULL;
    int rc = open_doc(path, en, W_RESULTS, g->title, g->unit_name, g->instrument_name, &d, err);
    if (rc)
        return rc;
    struct buf b = BUF_INIT;
    if (has(g->unit_name))
        centred(d, 12, PDF_BOLD, 2, g->unit_name);
    centred(d, 17, PDF_BOLD, 2, has(g->title) ? g->title : words[W_RESULTS][en]);
    joined(&b, g->instrument_name, g->period);
    if (b.len)
        centred(d, 10, 0, 6, buf_cstr(&b));
    pdf_rule(d, false);
    pdf_space(d, 4);
    headline(d, g, en, &b);

    pdf_heading(d, 1, words[has(g->ikm) ? W_BARS_IKM : W_BARS][en]);
    bars(d, g, en);
    struct pdf_style small = {8, 0, PDF_LEFT, 0, 0, 0};
    pdf_text(d, &small, words[W_LEGEND][en]);

    pdf_heading(d, 1, words[W_DOING][en]);
    if (g->nfollowups == 0)
        pdf_paragraph(d, words[W_DOING_NONE][en]);
    for (size_t i = 0; i < g->nfollowups; i++) {
        const struct survey_followup_line *f = &g->followups[i];
        buf_reset(&b);
        if (has(f->item))
            buf_printf(&b, "%s: ", f->item);
        buf_puts(&b, has(f->action) ? f->action : DASH);
        pdf_item(d, 0, "\xE2\x80\xA2", buf_cstr(&b));
    }
    pdf_space(d, 10);
    centred(d, 9.5, PDF_ITALIC, 0, words[W_THANKS_ALL][en]);
    buf_free(&b);
    return pdf_close(d, err);
}
