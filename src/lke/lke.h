/* lke: the evaluation worksheet of PermenPAN-RB 90/2021 as data, and the one scoring function
 * that maps a framework and answers to scores at every level and the WBK/WBBM verdicts. */
#ifndef ZONA_LKE_LKE_H
#define ZONA_LKE_LKE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct buf;

enum lke_type { LKE_YN, LKE_OPTIONS, LKE_PERCENT, LKE_INDEX };
enum { LKE_MAX_OPTIONS = 5, LKE_MAX_INPUTS = 16, LKE_MAX_TERMS = 8 };

struct lke_term {
    int input; /* index into the question's inputs */
    int sign;  /* +1 or -1 */
};

struct lke_question {
    char code[48];
    enum lke_type type;
    int noptions;
    char option_keys[LKE_MAX_OPTIONS][4];
    int ninputs;
    char input_keys[LKE_MAX_INPUTS][48];
    struct lke_term num[LKE_MAX_TERMS], den[LKE_MAX_TERMS];
    int nnum, nden;    /* 0: no formula */
    double max_points; /* what a full answer adds to the total */
    int indicator;     /* index of its indicator, -1 for a Hasil item */
    int area;          /* index of its area, -1 for a Hasil item */
    char role[16];     /* Hasil: "ipak", "capaian", "ipkp" */
};

struct lke_indicator {
    char code[40];
    double weight;
    int first, count; /* its questions */
};

struct lke_area {
    char code[48];
    int part;   /* 0 pemenuhan, 1 reform */
    int number; /* 1..6 */
    double weight;
};

struct lke_threshold {
    double total, area_min_share, ipak, capaian, ipkp;
};

/* A loaded framework. Owned by the caller: lke_framework_free. Read-only afterwards, so one
 * framework may be shared by threads. */
struct lke_framework {
    char id[64];
    long version;
    double option_scores[LKE_MAX_OPTIONS + 1][LKE_MAX_OPTIONS]; /* by option count */
    bool area_min_per_part;
    double index_max, percent_cap, percent_nothing_owed;
    struct lke_threshold wbk, wbbm;
    struct lke_question *questions;
    size_t nquestions;
    struct lke_indicator *indicators;
    size_t nindicators;
    struct lke_area areas[12];
    size_t nareas;
    json_t *doc; /* the document it was loaded from (a reference of its own), for the texts */
};

/* Loads and checks a framework document: weights add up at every level, codes are unique and
 * well formed, every type is known, option counts are 2 to 5, formulas name their inputs. Each
 * problem is appended to problems as "PATH: message" on its own line. Returns 0, or ZE_INVAL with
 * *out NULL when there is any problem. On success the framework holds a reference to doc (f->doc),
 * which must not change afterwards. Pure. */
int lke_framework_load(json_t *doc, struct lke_framework **out, struct buf *problems);
void lke_framework_free(struct lke_framework *f);
/* The framework shipped in the binary (data/frameworks/lke-permenpanrb-90-2021.json). */
int lke_framework_shipped(struct lke_framework **out, struct buf *problems);
const struct lke_question *lke_question(const struct lke_framework *f, const char *code);

/* Scores answers ({code: value}, see the README) against f. On success returns 0 and *result is
 * the JSON of `zona lke score`: total, pengungkit, hasil, parts, areas, items, wbk, wbbm, reasons,
 * next, flags (new reference). A bad code or value returns ZE_INVAL with the message in err
 * naming it. Pure. */
int lke_score(const struct lke_framework *f, json_t *answers, json_t **result, struct buf *err);

#endif
