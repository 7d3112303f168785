/* lke_framework: reading a framework file into the flat arrays the scorer walks, checking it as
 * it goes so that a new regulation is a new file, and a mistake in it is named by its path. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/xmem.h"
#include "lke.h"

#define SHIPPED "data/frameworks/lke-permenpanrb-90-2021.json"

struct loader {
    struct lke_framework *f;
    struct buf *problems;
    int nproblems;
    size_t capq, capi;
};

static void
problem(struct loader *l, const char *path, const char *fmt, ...)
{
    va_list ap;
    buf_printf(l->problems, "%s: ", path);
    va_start(ap, fmt);
    buf_vprintf(l->problems, fmt, ap);
    va_end(ap);
    buf_putc(l->problems, '\n');
    l->nproblems++;
}

/* Weights are hundredths in the regulation; sums are compared with that tolerance. */
static bool
same(double a, double b)
{
    return fabs(a - b) < 0.0005;
}

static double
number(struct loader *l, json_t *o, const char *key, const char *path, double min, double max)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_number(v)) {
        problem(l, path, "\"%s\" must be a number", key);
        return 0;
    }
    double d = json_number_value(v);
    if (!(d >= min && d <= max)) {
        problem(l, path, "\"%s\" must be from %g to %g (got %g)", key, min, max, d);
        return 0;
    }
    return d;
}

static const char *
code_of(struct loader *l, json_t *o, const char *path, const char *want_prefix)
{
    const char *c = json_string_value(json_object_get(o, "code"));
    if (!c || !*c || strlen(c) > 40) {
        problem(l, path, "\"code\" is missing or too long");
        return "";
    }
    if (want_prefix && strncmp(c, want_prefix, strlen(want_prefix)) != 0)
        problem(l, path, "the code \"%s\" should begin with \"%s\"", c, want_prefix);
    return c;
}

static void
texts(struct loader *l, json_t *o, const char *key, const char *path, bool required)
{
    json_t *t = json_object_get(o, key);
    if (!t) {
        if (required)
            problem(l, path, "\"%s\" is missing", key);
        return;
    }
    if (!json_is_string(json_object_get(t, "id")) || !json_is_string(json_object_get(t, "en")))
        problem(l, path, "\"%s\" needs the texts \"id\" and \"en\"", key);
}

static int
input_index(const struct lke_question *q, const char *key)
{
    for (int i = 0; i < q->ninputs; i++)
        if (strcmp(q->input_keys[i], key) == 0)
            return i;
    return -1;
}

static void
terms(struct loader *l, struct lke_question *q, json_t *list, struct lke_term *out, int *n,
      const char *path, const char *what)
{
    size_t i;
    json_t *t;
    *n = 0;
    if (!json_is_array(list) || json_array_size(list) == 0 ||
        json_array_size(list) > LKE_MAX_TERMS) {
        problem(l, path, "formula.%s must list 1 to %d input keys", what, LKE_MAX_TERMS);
        return;
    }
    json_array_foreach(list, i, t)
    {
        const char *s = json_string_value(t);
        int sign = 1;
        if (s && *s == '-') {
            sign = -1;
            s++;
        }
        int k = s ? input_index(q, s) : -1;
        if (k < 0) {
            problem(l, path, "formula.%s names \"%s\", which is not one of its inputs", what,
                    json_string_value(t) ? json_string_value(t) : "?");
            continue;
        }
        out[*n].input = k;
        out[*n].sign = sign;
        (*n)++;
    }
}

static struct lke_question *
new_question(struct loader *l)
{
    struct lke_framework *f = l->f;
    if (f->nquestions == l->capq) {
        l->capq = l->capq ? l->capq * 2 : 128;
        f->questions = xrealloc(f->questions, sizeof(*f->questions) * l->capq);
    }
    struct lke_question *q = &f->questions[f->nquestions++];
    memset(q, 0, sizeof *q);
    q->indicator = q->area = -1;
    return q;
}

static void
question_body(struct loader *l, json_t *qo, struct lke_question *q, const char *path)
{
    const char *type = json_string_value(json_object_get(qo, "type"));
    texts(l, qo, "text", path, true);
    texts(l, qo, "guidance", path, false);
    if (!type) {
        problem(l, path, "\"type\" is missing");
    } else if (strcmp(type, "yn") == 0) {
        q->type = LKE_YN;
    } else if (strcmp(type, "options") == 0) {
        q->type = LKE_OPTIONS;
        json_t *opts = json_object_get(qo, "options");
        size_t n = json_array_size(opts);
        if (n < 2 || n > LKE_MAX_OPTIONS) {
            problem(l, path, "an \"options\" question needs 2 to 5 options (has %zu)", n);
        } else {
            q->noptions = (int)n;
            for (size_t i = 0; i < n; i++) {
                const char *k = json_string_value(json_object_get(json_array_get(opts, i), "key"));
                char want[2] = {(char)('A' + i), 0};
                if (!k || strcmp(k, want) != 0)
                    problem(l, path, "option %zu must have the key \"%s\"", i + 1, want);
                snprintf(q->option_keys[i], sizeof q->option_keys[i], "%s", want);
                char p2[256];
                snprintf(p2, sizeof p2, "%s.options[%zu]", path, i);
                texts(l, json_array_get(opts, i), "text", p2, true);
            }
        }
    } else if (strcmp(type, "percent") == 0) {
        q->type = LKE_PERCENT;
        json_t *inputs = json_object_get(qo, "inputs");
        size_t i;
        json_t *in;
        if (json_array_size(inputs) > LKE_MAX_INPUTS)
            problem(l, path, "at most %d inputs", LKE_MAX_INPUTS);
        json_array_foreach(inputs, i, in)
        {
            const char *k = json_string_value(json_object_get(in, "key"));
            if (!k || !*k || strlen(k) >= sizeof q->input_keys[0] || i >= LKE_MAX_INPUTS) {
                problem(l, path, "input %zu needs a \"key\"", i + 1);
                continue;
            }
            if (input_index(q, k) >= 0)
                problem(l, path, "the input key \"%s\" appears twice", k);
            snprintf(q->input_keys[q->ninputs++], sizeof q->input_keys[0], "%s", k);
        }
        json_t *formula = json_object_get(qo, "formula");
        if (formula) {
            terms(l, q, json_object_get(formula, "num"), q->num, &q->nnum, path, "num");
            terms(l, q, json_object_get(formula, "den"), q->den, &q->nden, path, "den");
        } else if (q->ninputs) {
            problem(l, path, "inputs without a \"formula\"");
        }
    } else if (strcmp(type, "index") == 0) {
        q->type = LKE_INDEX;
    } else {
        problem(l, path, "unknown type \"%s\" (yn, options, percent or index)", type);
    }
}

static void
settings(struct loader *l, json_t *doc)
{
    struct lke_framework *f = l->f;
    json_t *s = json_object_get(doc, "settings");
    json_t *os = json_object_get(s, "option_scores");
    for (int n = 2; n <= LKE_MAX_OPTIONS; n++) {
        char key[16], path[64];
        snprintf(key, sizeof key, "%d", n);
        snprintf(path, sizeof path, "settings.option_scores.%d", n);
        json_t *list = json_object_get(os, key);
        if (json_array_size(list) != (size_t)n) {
            problem(l, path, "must list %d scores, best first", n);
            continue;
        }
        for (int i = 0; i < n; i++) {
            json_t *v = json_array_get(list, (size_t)i);
            double d = json_is_number(v) ? json_number_value(v) : -1;
            if (d < 0 || d > 1 || (i > 0 && d > f->option_scores[n][i - 1]))
                problem(l, path, "scores must go from 1 down to 0");
            f->option_scores[n][i] = d;
        }
    }
    json_t *apm = json_object_get(s, "area_min_per_part");
    if (!json_is_boolean(apm))
        problem(l, "settings", "\"area_min_per_part\" must be true or false");
    f->area_min_per_part = json_is_true(apm);
    f->index_max = number(l, s, "index_scale_max", "settings", 1, 100);
    f->percent_cap = number(l, s, "percent_cap", "settings", 1, 1000);
    f->percent_nothing_owed = number(l, s, "percent_when_nothing_owed", "settings", 0, 100);
    const char *names[2] = {"wbk", "wbbm"};
    struct lke_threshold *t[2] = {&f->wbk, &f->wbbm};
    for (int i = 0; i < 2; i++) {
        json_t *th = json_object_get(json_object_get(doc, "thresholds"), names[i]);
        char path[64];
        snprintf(path, sizeof path, "thresholds.%s", names[i]);
        t[i]->total = number(l, th, "total", path, 0, 100);
        t[i]->area_min_share = number(l, th, "area_min_share", path, 0, 1);
        t[i]->ipak = number(l, th, "ipak", path, 0, 100);
        t[i]->capaian = number(l, th, "capaian", path, 0, 100);
        t[i]->ipkp = number(l, th, "ipkp", path, 0, 100);
    }
}

static void
pengungkit_part(struct loader *l, json_t *po, int part, const char *path)
{
    struct lke_framework *f = l->f;
    const char *pcode = part == 0 ? "pemenuhan" : "reform";
    double pweight = number(l, po, "weight", path, 0, 100), asum = 0;
    json_t *areas = json_object_get(po, "areas");
    size_t ai;
    json_t *ao;
    if (json_array_size(areas) < 1 || json_array_size(areas) > 6)
        problem(l, path, "\"areas\" must list 1 to 6 change areas (has %zu)",
                json_array_size(areas));
    json_array_foreach(areas, ai, ao)
    {
        char apath[160], want[48];
        snprintf(apath, sizeof apath, "%s.areas[%zu]", path, ai);
        snprintf(want, sizeof want, "%s.%zu", pcode, ai + 1);
        const char *acode = code_of(l, ao, apath, NULL);
        if (strcmp(acode, want) != 0)
            problem(l, apath, "the code should be \"%s\" (got \"%s\")", want, acode);
        texts(l, ao, "name", apath, true);
        double aweight = number(l, ao, "weight", apath, 0, 100), isum = 0;
        asum += aweight;
        if (f->nareas >= 12)
            continue;
        struct lke_area *a = &f->areas[f->nareas];
        snprintf(a->code, sizeof a->code, "%s", want);
        a->part = part;
        a->number = (int)ai + 1;
        a->weight = aweight;
        int area_index = (int)f->nareas++;
        json_t *inds = json_object_get(ao, "indicators");
        size_t ii;
        json_t *io;
        if (json_array_size(inds) == 0)
            problem(l, apath, "\"indicators\" is empty");
        json_array_foreach(inds, ii, io)
        {
            char ipath[200];
            snprintf(ipath, sizeof ipath, "%s.indicators[%zu]", apath, ii);
            const char *icode = code_of(l, io, ipath, want);
            texts(l, io, "name", ipath, true);
            double iweight = number(l, io, "weight", ipath, 0, 100);
            isum += iweight;
            if (f->nindicators == l->capi) {
                l->capi = l->capi ? l->capi * 2 : 64;
                f->indicators = xrealloc(f->indicators, sizeof(*f->indicators) * l->capi);
            }
            struct lke_indicator *ind = &f->indicators[f->nindicators];
            int ind_index = (int)f->nindicators++;
            snprintf(ind->code, sizeof ind->code, "%s", icode);
            ind->weight = iweight;
            ind->first = (int)f->nquestions;
            json_t *qs = json_object_get(io, "questions");
            size_t qi;
            json_t *qo;
            if (json_array_size(qs) == 0)
                problem(l, ipath, "\"questions\" is empty");
            json_array_foreach(qs, qi, qo)
            {
                char qpath[240], qwant[48];
                snprintf(qpath, sizeof qpath, "%s.questions[%zu]", ipath, qi);
                snprintf(qwant, sizeof qwant, "%s.%c", icode, (char)('a' + qi));
                struct lke_question *q = new_question(l);
                const char *qcode = code_of(l, qo, qpath, NULL);
                if (strcmp(qcode, qwant) != 0)
                    problem(l, qpath, "the code should be \"%s\" (got \"%s\")", qwant, qcode);
                snprintf(q->code, sizeof q->code, "%s", qcode);
                q->indicator = ind_index;
                q->area = area_index;
                question_body(l, qo, q, qpath);
                if (q->type == LKE_INDEX)
                    problem(l, qpath, "\"index\" is for the Hasil survey items only");
            }
            ind->count = (int)f->nquestions - ind->first;
            for (int k = ind->first; k < ind->first + ind->count; k++)
                f->questions[k].max_points = ind->count ? iweight / ind->count : 0;
        }
        if (!same(isum, aweight))
            problem(l, apath, "the indicators' weights add up to %g, the area's weight is %g", isum,
                    aweight);
    }
    if (!same(asum, pweight))
        problem(l, path, "the areas' weights add up to %g, the part's weight is %g", asum, pweight);
}

static void
components(struct loader *l, json_t *doc)
{
    json_t *comps = json_object_get(doc, "components");
    if (json_array_size(comps) != 2) {
        problem(l, "components", "must be [pengungkit, hasil]");
        return;
    }
    double total = 0;
    json_t *pg = json_array_get(comps, 0), *hs = json_array_get(comps, 1);
    if (strcmp(code_of(l, pg, "components[0]", NULL), "pengungkit") != 0)
        problem(l, "components[0]", "the first component must be \"pengungkit\"");
    if (strcmp(code_of(l, hs, "components[1]", NULL), "hasil") != 0)
        problem(l, "components[1]", "the second component must be \"hasil\"");
    double pw = number(l, pg, "weight", "components[0]", 0, 100);
    double hw = number(l, hs, "weight", "components[1]", 0, 100);
    total = pw + hw;
    if (!same(total, 100))
        problem(l, "components", "the weights add up to %g, not 100", total);
    json_t *parts = json_object_get(pg, "parts");
    if (json_array_size(parts) != 2) {
        problem(l, "components[0].parts", "must be [pemenuhan, reform]");
    } else {
        double psum = 0;
        for (int p = 0; p < 2; p++) {
            char path[64];
            snprintf(path, sizeof path, "components[0].parts[%d]", p);
            json_t *po = json_array_get(parts, (size_t)p);
            const char *want = p == 0 ? "pemenuhan" : "reform";
            if (strcmp(code_of(l, po, path, NULL), want) != 0)
                problem(l, path, "the code should be \"%s\"", want);
            psum += json_number_value(json_object_get(po, "weight"));
            pengungkit_part(l, po, p, path);
        }
        if (!same(psum, pw))
            problem(l, "components[0]", "the parts' weights add up to %g, the component's is %g",
                    psum, pw);
    }
    json_t *hparts = json_object_get(hs, "parts");
    double hsum = 0;
    bool seen[3] = {false, false, false};
    size_t pi;
    json_t *po;
    json_array_foreach(hparts, pi, po)
    {
        char path[64];
        snprintf(path, sizeof path, "components[1].parts[%zu]", pi);
        code_of(l, po, path, "hasil.");
        double partw = number(l, po, "weight", path, 0, 100), isum = 0;
        size_t ii;
        json_t *io;
        json_array_foreach(json_object_get(po, "items"), ii, io)
        {
            char ipath[96];
            snprintf(ipath, sizeof ipath, "%s.items[%zu]", path, ii);
            struct lke_question *q = new_question(l);
            snprintf(q->code, sizeof q->code, "%s", code_of(l, io, ipath, "hasil."));
            q->max_points = number(l, io, "weight", ipath, 0, 100);
            isum += q->max_points;
            const char *role = json_string_value(json_object_get(io, "role"));
            snprintf(q->role, sizeof q->role, "%s", role ? role : "");
            question_body(l, io, q, ipath);
            if (role && strcmp(role, "ipak") == 0)
                seen[0] = true;
            else if (role && strcmp(role, "capaian") == 0)
                seen[1] = true;
            else if (role && strcmp(role, "ipkp") == 0)
                seen[2] = true;
            else if (role)
                problem(l, ipath, "unknown role \"%s\" (ipak, capaian or ipkp)", role);
        }
        if (!same(isum, partw))
            problem(l, path, "the items' weights add up to %g, the part's weight is %g", isum,
                    partw);
        hsum += partw;
    }
    if (!same(hsum, hw))
        problem(l, "components[1]", "the parts' weights add up to %g, the component's is %g", hsum,
                hw);
    if (!seen[0] || !seen[1] || !seen[2])
        problem(l, "components[1]", "Hasil needs items with the roles ipak, capaian and ipkp");
}

static int
cmp_code(const void *a, const void *b)
{
    return strcmp(((const struct lke_question *)a)->code, ((const struct lke_question *)b)->code);
}

int
lke_framework_load(json_t *doc, struct lke_framework **out, struct buf *problems)
{
    struct loader l = {xcalloc(1, sizeof(struct lke_framework)), problems, 0, 0, 0};
    struct lke_framework *f = l.f;
    *out = NULL;
    if (!json_is_object(doc)) {
        problem(&l, "(top)", "a framework is a JSON object");
        lke_framework_free(f);
        return ZE_INVAL;
    }
    const char *id = json_string_value(json_object_get(doc, "id"));
    if (!id || !*id || strlen(id) >= sizeof f->id)
        problem(&l, "id", "missing or too long");
    snprintf(f->id, sizeof f->id, "%s", id ? id : "");
    json_t *v = json_object_get(doc, "version");
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        problem(&l, "version", "must be a whole number from 1");
    f->version = (long)json_integer_value(v);
    texts(&l, doc, "name", "(top)", true);
    settings(&l, doc);
    components(&l, doc);
    /* codes are unique (checked on a sorted copy, so the order of the file stays) */
    struct lke_question *copy = xmalloc(sizeof(*copy) * (f->nquestions ? f->nquestions : 1));
    if (f->nquestions)
        memcpy(copy, f->questions, sizeof(*copy) * f->nquestions);
    qsort(copy, f->nquestions, sizeof(*copy), cmp_code);
    for (size_t i = 1; i < f->nquestions; i++)
        if (strcmp(copy[i - 1].code, copy[i].code) == 0)
            problem(&l, copy[i].code, "this code appears more than once");
    free(copy);
    if (l.nproblems) {
        lke_framework_free(f);
        return ZE_INVAL;
    }
    f->doc = json_incref(doc);
    *out = f;
    return 0;
}

void
lke_framework_free(struct lke_framework *f)
{
    if (!f)
        return;
    free(f->questions);
    free(f->indicators);
    json_decref(f->doc);
    free(f);
}

int
lke_framework_shipped(struct lke_framework **out, struct buf *problems)
{
    struct embed_file file;
    *out = NULL;
    if (embed_get(SHIPPED, &file) != 0) {
        buf_printf(problems, "%s: not found\n", SHIPPED);
        return ZE_NOTFOUND;
    }
    json_error_t e;
    json_t *doc = json_loadb((const char *)file.data, file.len, JSON_REJECT_DUPLICATES, &e);
    embed_release(&file);
    if (!doc) {
        buf_printf(problems, "%s:%d: %s\n", SHIPPED, e.line, e.text);
        return ZE_INVAL;
    }
    int rc = lke_framework_load(doc, out, problems);
    json_decref(doc);
    return rc;
}

const struct lke_question *
lke_question(const struct lke_framework *f, const char *code)
{
    for (size_t i = 0; i < f->nquestions; i++)
        if (strcmp(f->questions[i].code, code) == 0)
            return &f->questions[i];
    return NULL;
}
