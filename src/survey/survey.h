/* survey: the public surveys of a Zona Integritas (IKM of PermenPAN-RB 14/2017, SPAK → IPAK,
 * SPKP → IPKP) as data, and the pure arithmetic over their answers: NRR per item, the index, IKM
 * × 25 and its grade, the confidence interval of the index, and the Krejcie–Morgan sample size.
 * survey may call lke.h; the LKE never includes this header. */
#ifndef ZONA_SURVEY_SURVEY_H
#define ZONA_SURVEY_SURVEY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

enum {
    SURVEY_MAX_ITEMS = 32, /* items of one instrument */
    SURVEY_MAX_SCALE = 10, /* the largest answer scale an instrument may declare */
    SURVEY_INDEX_SCALE = 4 /* indices are on 1..4 */
};

struct survey_item {
    char code[16];  /* e.g. "u3", "spak1": lower-case letters and digits, a letter first */
    char group[48]; /* the unsur (IKM) or group it belongs to */
    double weight;  /* 1/9 for IKM; the weights of an instrument add up to 1 */
};

/* A loaded instrument. Owned by the caller: survey_instrument_free. Read-only afterwards, so one
 * instrument may be shared by threads. */
struct survey_instrument {
    char id[32];
    int scale;     /* answers are 1..scale */
    bool converts; /* IKM: report IKM × 25 and the grade A–D of 14/2017 */
    size_t nitems;
    struct survey_item items[SURVEY_MAX_ITEMS];
    json_t *doc; /* the document it was loaded from (a reference of its own), for the texts */
};

/* Loads and checks an instrument document: id, scale 2..SURVEY_MAX_SCALE, 1..SURVEY_MAX_ITEMS
 * items with unique well-formed codes, a group, texts {"id","en","verbatim"}, one label per
 * scale point, weights that add up to 1. Each problem is appended to problems as "PATH: message"
 * on its own line. Returns 0, or ZE_INVAL with *out NULL when there is any problem. On success
 * the instrument holds a reference to doc. Pure. */
int survey_instrument_load(json_t *doc, struct survey_instrument **out, struct buf *problems);
/* The instrument shipped in the binary under data/surveys/NAME.json, for NAME "ikm", "spak" or
 * "spkp". Returns 0, ZE_NOTFOUND for another name, or ZE_INVAL with the problems. */
int survey_instrument_shipped(const char *name, struct survey_instrument **out,
                              struct buf *problems);
void survey_instrument_free(struct survey_instrument *in);
/* The index of the item with this code, or -1. */
int survey_item_index(const struct survey_instrument *in, const char *code);

/* --- answers (survey_csv.c) ---------------------------------------------------------------- */

/* Answers already on the 4-point scale, row-major: values[row * nitems + item], in the order of
 * the instrument's items; SURVEY_SKIPPED for an item a respondent left blank. Owned by the
 * caller: survey_responses_free. */
#define SURVEY_SKIPPED 0.0
struct survey_responses {
    size_t nrows, nitems;
    double *values;
};

/* Reads a responses CSV: a header row of item codes of in (any order, each at most once, not
 * necessarily all) and one row per response with integer answers 1..scale (blank: skipped;
 * spaces around a value are ignored). Answers are rescaled to 1..4 with survey_rescale. name is
 * the file name used in messages: "NAME:LINE: column CODE: …". Returns 0, or ZE_INVAL with the
 * first problem in err and out empty. scale must be 2..100. Pure; fuzzed. */
int survey_responses_parse(const struct survey_instrument *in, const char *name, const char *src,
                           size_t len, int scale, struct survey_responses *out, struct buf *err);
void survey_responses_free(struct survey_responses *r);

/* --- arithmetic (survey_calc.c) ------------------------------------------------------------ */

/* Converts an answer v on a 1..k scale to the 4-point scale: 1 + (v − 1) × 3 / (k − 1) (the
 * reference's [U] choice, kept in data/surveys/settings.json). k must be at least 2. */
double survey_rescale(double v, int k);

struct survey_item_result {
    size_t n;        /* responses that answered the item */
    double sum;      /* of their answers */
    double nrr;      /* sum / n; 0 when n is 0 */
    double weighted; /* nrr × the item's weight */
};

struct survey_result {
    size_t n; /* every response row, complete or not */
    size_t nitems;
    struct survey_item_result items[SURVEY_MAX_ITEMS];
    bool has_index; /* false when nobody answered anything */
    double index;   /* the mean of the NRRs of the items someone answered, 1..4 */
    double ikm;     /* index × 25 (25..100) */
    char grade;     /* 'A'..'D' of ikm (meaningful for an instrument that converts) */
    const char *label;
    bool has_ci;    /* at least two respondents answered something */
    size_t ci_n;    /* respondents who answered at least one item */
    double ci95[2]; /* mean ± t(0.975, ci_n − 1) × s / √ci_n of the respondents' means */
};

/* Computes the NRRs, the index, IKM × 25, the grade and the 95 % interval. Pure. */
void survey_compute(const struct survey_instrument *in, const struct survey_responses *r,
                    struct survey_result *out);

/* The grade of 14/2017 for IKM × 25, classified on the value rounded to 2 decimals (half up):
 * ≤ 64.99 D "Tidak baik", ≤ 76.60 C "Kurang baik", ≤ 88.30 B "Baik", else A "Sangat baik".
 * *label (may be NULL) gets the Indonesian label. */
char survey_grade(double ikm25, const char **label);

/* Student's t quantile t(p, df) for 0.5 <= p < 1 and df >= 1. */
double survey_t_quantile(double p, double df);

/* The Krejcie–Morgan sample size for a population: the printed table's value at its own
 * populations (10→10 … 100000→384), elsewhere s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)) with
 * χ² = 3.841, P = 0.5, d = 0.05, rounded to nearest. Returns 0, or ZE_INVAL when population < 1. */
int survey_sample_size(int64_t population, int64_t *out);

#endif
