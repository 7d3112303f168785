/* survey_results: a campaign's results, overall and broken down by respondent group, service and
 * month, from the responses in the database, through the pure arithmetic of survey_calc.c. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/err.h"
#include "core/xmem.h"
#include "survey_work.h"

json_t *
survey_result_json(const struct survey_instrument *in, const struct survey_result *r, bool extra)
{
    json_t *items = json_object();
    for (size_t i = 0; i < r->nitems; i++) {
        const struct survey_item_result *it = &r->items[i];
        json_t *o = json_pack("{s:I,s:o}", "n", (json_int_t)it->n, "nrr",
                              it->n ? json_real(it->nrr) : json_null());
        if (extra)
            json_object_set_new(o, "weighted", it->n ? json_real(it->weighted) : json_null());
        json_object_set_new(items, in->items[i].code, o);
    }
    json_t *j = json_object();
    json_object_set_new(j, "n", json_integer((json_int_t)r->n));
    json_object_set_new(j, "items", items);
    json_object_set_new(j, "index", r->has_index ? json_real(r->index) : json_null());
    if (in->converts) {
        json_object_set_new(j, "ikm", r->has_index ? json_real(r->ikm) : json_null());
        char g[2] = {r->grade, 0};
        json_object_set_new(j, "grade", r->has_index ? json_string(g) : json_null());
        if (extra)
            json_object_set_new(j, "label",
                                r->has_index && r->label ? json_string(r->label) : json_null());
    }
    json_object_set_new(j, "ci95",
                        r->has_ci ? json_pack("[f,f]", r->ci95[0], r->ci95[1]) : json_null());
    return j;
}

/* The rows of one bucket as the 4-point grid survey_compute walks. */
static json_t *
compute(const struct survey_instrument *in, json_t *rows)
{
    struct survey_responses r = {json_array_size(rows), in->nitems, NULL};
    r.values = xcalloc(r.nrows * r.nitems + 1, sizeof *r.values);
    size_t k;
    json_t *row;
    json_array_foreach(rows, k, row)
    {
        json_t *answers = json_object_get(row, "answers");
        for (size_t i = 0; i < in->nitems; i++) {
            json_t *v = json_object_get(answers, in->items[i].code);
            if (json_is_integer(v))
                r.values[k * in->nitems + i] =
                    survey_rescale((double)json_integer_value(v), in->scale);
        }
    }
    struct survey_result res;
    survey_compute(in, &r, &res);
    free(r.values);
    return survey_result_json(in, &res, true);
}

static void
bucket(json_t *groups, const char *key, json_t *row)
{
    if (!key || !*key)
        key = "-";
    json_t *list = json_object_get(groups, key);
    if (!list) {
        list = json_array();
        json_object_set_new(groups, key, list);
    }
    json_array_append(list, row);
}

static json_t *
compute_each(const struct survey_instrument *in, json_t *groups)
{
    json_t *out = json_object();
    const char *key;
    json_t *rows;
    json_object_foreach(groups, key, rows) json_object_set_new(out, key, compute(in, rows));
    return out;
}

/* The unit's own items: NRR on the instrument's scale converted like the rest, apart. */
static json_t *
own_results(const struct survey_instrument *in, const struct survey_campaign *c, json_t *rows)
{
    json_t *out = json_object();
    size_t k, j;
    json_t *item, *row;
    json_array_foreach(c->own_items, k, item)
    {
        const char *code = json_string_value(json_object_get(item, "code"));
        if (!code)
            continue;
        double sum = 0;
        long n = 0;
        json_array_foreach(rows, j, row)
        {
            json_t *v = json_object_get(json_object_get(row, "own"), code);
            if (json_is_integer(v)) {
                sum += survey_rescale((double)json_integer_value(v), in->scale);
                n++;
            }
        }
        json_object_set_new(out, code,
                            json_pack("{s:I,s:o}", "n", (json_int_t)n, "nrr",
                                      n ? json_real(sum / (double)n) : json_null()));
    }
    return out;
}

int
survey_results_json(struct db *db, const struct survey_campaign *c, json_t **out)
{
    *out = NULL;
    const struct survey_instrument *in = survey_instrument_get(c->instrument);
    if (!in)
        return ZE_INVAL;
    json_t *rows = json_array();
    int rc = survey_store_responses(db, c->id, rows);
    if (rc) {
        json_decref(rows);
        return rc;
    }
    json_t *by_k = json_object(), *by_s = json_object(), *by_m = json_object();
    size_t k;
    json_t *row;
    json_array_foreach(rows, k, row)
    {
        bucket(by_k, json_string_value(json_object_get(row, "kelompok")), row);
        bucket(by_s, json_string_value(json_object_get(row, "service")), row);
        time_t t = (time_t)(json_integer_value(json_object_get(row, "created_at")) / 1000);
        struct tm tm;
        gmtime_r(&t, &tm);
        char month[16];
        strftime(month, sizeof month, "%Y-%m", &tm);
        bucket(by_m, month, row);
    }
    json_t *j = json_object();
    json_object_set_new(j, "overall", compute(in, rows));
    json_object_set_new(j, "by_kelompok", compute_each(in, by_k));
    json_object_set_new(j, "by_service", compute_each(in, by_s));
    json_object_set_new(j, "by_month", compute_each(in, by_m));
    json_object_set_new(j, "own", own_results(in, c, rows));
    json_decref(by_k);
    json_decref(by_s);
    json_decref(by_m);
    json_decref(rows);
    *out = j;
    return 0;
}
