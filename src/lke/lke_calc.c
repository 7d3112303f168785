/* lke_calc: the one scoring function. Question value in [0, 1] by answer type; indicator score =
 * weight x mean of its questions' values (unanswered counts 0); areas, parts, components and the
 * total are sums; Hasil items score weight x value. Then the WBK and WBBM verdicts with every
 * reason, and the questions that would add most points. Pure: no I/O. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/xmem.h"
#include "lke.h"

struct gain {
    const char *code;
    double gain;
};

static int
by_gain(const void *a, const void *b)
{
    const struct gain *x = a, *y = b;
    if (x->gain != y->gain)
        return x->gain < y->gain ? 1 : -1;
    return strcmp(x->code, y->code);
}

/* The value of one answer; 0 on success, ZE_INVAL with the reason in err. *flag is set when a
 * percentage had nothing to count (a zero denominator), so an assessor looks at it. */
static int
value_of(const struct lke_framework *f, const struct lke_question *q, json_t *a, double *v,
         bool *flag, struct buf *err)
{
    *flag = false;
    switch (q->type) {
    case LKE_YN: {
        const char *s = json_string_value(a);
        if (s && strcasecmp(s, "ya") == 0)
            *v = 1;
        else if (s && strcasecmp(s, "tidak") == 0)
            *v = 0;
        else {
            buf_printf(err, "%s: the answer must be \"ya\" or \"tidak\"", q->code);
            return ZE_INVAL;
        }
        return 0;
    }
    case LKE_OPTIONS: {
        const char *s = json_string_value(a);
        for (int i = 0; s && i < q->noptions; i++)
            if (strcasecmp(s, q->option_keys[i]) == 0) {
                *v = f->option_scores[q->noptions][i];
                return 0;
            }
        buf_printf(err, "%s: the answer must be one of A to %c", q->code,
                   (char)('A' + q->noptions - 1));
        return ZE_INVAL;
    }
    case LKE_INDEX: {
        if (!json_is_number(a) || json_number_value(a) < 1 || json_number_value(a) > f->index_max) {
            buf_printf(err, "%s: the answer must be a survey index from 1 to %g", q->code,
                       f->index_max);
            return ZE_INVAL;
        }
        *v = json_number_value(a) / f->index_max;
        return 0;
    }
    case LKE_PERCENT: {
        double pct;
        if (json_is_number(a)) {
            pct = json_number_value(a);
            if (pct < 0 || !isfinite(pct)) {
                buf_printf(err, "%s: a percentage cannot be negative", q->code);
                return ZE_INVAL;
            }
        } else if (json_is_object(a) && json_is_object(json_object_get(a, "inputs"))) {
            if (!q->nnum) {
                buf_printf(err, "%s: this percentage has no inputs; give the percentage itself",
                           q->code);
                return ZE_INVAL;
            }
            json_t *in = json_object_get(a, "inputs");
            double vals[LKE_MAX_INPUTS];
            for (int i = 0; i < q->ninputs; i++) {
                json_t *x = json_object_get(in, q->input_keys[i]);
                if (!json_is_number(x) || json_number_value(x) < 0) {
                    buf_printf(err, "%s: the input \"%s\" must be a number of 0 or more", q->code,
                               q->input_keys[i]);
                    return ZE_INVAL;
                }
                vals[i] = json_number_value(x);
            }
            const char *k;
            json_t *x;
            json_object_foreach(in, k, x)
            {
                bool known = false;
                for (int i = 0; i < q->ninputs; i++)
                    known = known || strcmp(k, q->input_keys[i]) == 0;
                if (!known) {
                    buf_printf(err, "%s: unknown input \"%s\"", q->code, k);
                    return ZE_INVAL;
                }
            }
            double num = 0, den = 0;
            for (int i = 0; i < q->nnum; i++)
                num += q->num[i].sign * vals[q->num[i].input];
            for (int i = 0; i < q->nden; i++)
                den += q->den[i].sign * vals[q->den[i].input];
            /* boundary: nothing owed (no complaints, no violations) counts as done, flagged */
            if (den <= 0) {
                pct = f->percent_nothing_owed;
                *flag = true;
            } else {
                pct = 100 * num / den;
                if (pct < 0)
                    pct = 0;
            }
        } else {
            buf_printf(err, "%s: the answer must be a percentage (0-100) or {\"inputs\": {...}}",
                       q->code);
            return ZE_INVAL;
        }
        /* boundary: above the cap counts as the cap */
        if (pct > f->percent_cap)
            pct = f->percent_cap;
        *v = pct / 100;
        return 0;
    }
    }
    return ZE_INVAL;
}

static void
reason(json_t *reasons, const char *rule, const char *code, const char *who, double need,
       double got)
{
    json_t *r = json_pack("{s:s,s:s,s:f,s:f}", "rule", rule, "for", who, "need", need, "got", got);
    json_object_set_new(r, "code", code ? json_string(code) : json_null());
    json_array_append_new(reasons, r);
}

static bool
verdict(const struct lke_framework *f, const struct lke_threshold *t, const char *who, double total,
        const double *areas, double ipak, const char *ipak_code, double capaian,
        const char *cap_code, double ipkp, const char *ipkp_code, json_t *reasons)
{
    size_t before = json_array_size(reasons);
    if (total + 1e-9 < t->total)
        reason(reasons, "total", NULL, who, t->total, total);
    if (f->area_min_per_part) {
        for (size_t i = 0; i < f->nareas; i++) {
            double need = t->area_min_share * f->areas[i].weight;
            if (areas[i] + 1e-9 < need)
                reason(reasons, "area_min", f->areas[i].code, who, need, areas[i]);
        }
    } else {
        for (int n = 1; n <= 6; n++) {
            double w = 0, got = 0;
            for (size_t i = 0; i < f->nareas; i++)
                if (f->areas[i].number == n) {
                    w += f->areas[i].weight;
                    got += areas[i];
                }
            char code[32];
            snprintf(code, sizeof code, "area.%d", n);
            if (got + 1e-9 < t->area_min_share * w)
                reason(reasons, "area_min", code, who, t->area_min_share * w, got);
        }
    }
    if (ipak + 1e-9 < t->ipak)
        reason(reasons, "ipak", ipak_code, who, t->ipak, ipak);
    if (capaian + 1e-9 < t->capaian)
        reason(reasons, "capaian", cap_code, who, t->capaian, capaian);
    if (ipkp + 1e-9 < t->ipkp)
        reason(reasons, "ipkp", ipkp_code, who, t->ipkp, ipkp);
    return json_array_size(reasons) == before;
}

int
lke_score(const struct lke_framework *f, json_t *answers, json_t **result, struct buf *err)
{
    *result = NULL;
    if (!json_is_object(answers)) {
        buf_printf(err, "the answers must be a JSON object of question code to answer");
        return ZE_INVAL;
    }
    const char *code;
    json_t *a;
    json_object_foreach(answers, code, a)
    {
        if (!lke_question(f, code)) {
            buf_printf(err, "%s: there is no such question in %s", code, f->id);
            return ZE_INVAL;
        }
    }
    double *values = xcalloc(f->nquestions ? f->nquestions : 1, sizeof(double));
    json_t *flags = json_array();
    for (size_t i = 0; i < f->nquestions; i++) {
        json_t *ans = json_object_get(answers, f->questions[i].code);
        bool flag = false;
        if (!ans || json_is_null(ans))
            continue;
        if (value_of(f, &f->questions[i], ans, &values[i], &flag, err) != 0) {
            free(values);
            json_decref(flags);
            return ZE_INVAL;
        }
        if (flag)
            json_array_append_new(
                flags, json_pack("{s:s,s:s}", "code", f->questions[i].code, "why", "nothing_owed"));
    }
    double areas[12] = {0}, parts[2] = {0}, hasil = 0;
    double ipak = 0, capaian = 0, ipkp = 0;
    const char *ipak_code = NULL, *cap_code = NULL, *ipkp_code = NULL;
    json_t *items = json_object();
    struct gain *gains = xcalloc(f->nquestions ? f->nquestions : 1, sizeof(struct gain));
    size_t ngains = 0;
    for (size_t i = 0; i < f->nquestions; i++) {
        const struct lke_question *q = &f->questions[i];
        double points = q->max_points * values[i];
        json_object_set_new(items, q->code, json_real(points));
        if (q->area >= 0) {
            areas[q->area] += points;
            parts[f->areas[q->area].part] += points;
        } else {
            hasil += points;
            if (strcmp(q->role, "ipak") == 0) {
                ipak = points;
                ipak_code = q->code;
            } else if (strcmp(q->role, "capaian") == 0) {
                capaian = points;
                cap_code = q->code;
            } else if (strcmp(q->role, "ipkp") == 0) {
                ipkp = points;
                ipkp_code = q->code;
            }
        }
        double g = q->max_points - points;
        if (g > 1e-12)
            gains[ngains++] = (struct gain){q->code, g};
    }
    double pengungkit = parts[0] + parts[1], total = pengungkit + hasil;
    json_t *areas_j = json_object(), *reasons = json_array(), *next = json_array();
    for (size_t i = 0; i < f->nareas; i++)
        json_object_set_new(areas_j, f->areas[i].code, json_real(areas[i]));
    bool wbk = verdict(f, &f->wbk, "wbk", total, areas, ipak, ipak_code, capaian, cap_code, ipkp,
                       ipkp_code, reasons);
    bool wbbm = verdict(f, &f->wbbm, "wbbm", total, areas, ipak, ipak_code, capaian, cap_code, ipkp,
                        ipkp_code, reasons);
    qsort(gains, ngains, sizeof *gains, by_gain);
    for (size_t i = 0; i < ngains; i++)
        json_array_append_new(next,
                              json_pack("{s:s,s:f}", "code", gains[i].code, "gain", gains[i].gain));
    *result = json_pack("{s:f,s:f,s:f,s:{s:f,s:f},s:o,s:o,s:b,s:b,s:o,s:o,s:o}", "total", total,
                        "pengungkit", pengungkit, "hasil", hasil, "parts", "pemenuhan", parts[0],
                        "reform", parts[1], "areas", areas_j, "items", items, "wbk", wbk, "wbbm",
                        wbbm, "reasons", reasons, "next", next, "flags", flags);
    free(values);
    free(gains);
    return 0;
}
