/* survey_instrument: reading an instrument file (data/surveys/) into the flat item list the
 * arithmetic walks, checking it as it goes, so that a mistake in a file is named by its path. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/xmem.h"
#include "survey.h"

struct loader {
    struct buf *problems;
    int nproblems;
};

static void problem(struct loader *l, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

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

/* An item code: lower-case letters, digits and '-', a letter first, at most 15 bytes. */
static bool
code_ok(const char *c)
{
    size_t n = strlen(c);
    if (n == 0 || n >= sizeof(((struct survey_item *)0)->code) || c[0] < 'a' || c[0] > 'z')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((c[i] >= 'a' && c[i] <= 'z') || (c[i] >= '0' && c[i] <= '9') || c[i] == '-'))
            return false;
    return true;
}

/* A text object {"id": "…", "en": "…", "verbatim": true|false}. */
static void
text(struct loader *l, json_t *o, const char *key, const char *path)
{
    json_t *t = json_object_get(o, key);
    if (!json_is_string(json_object_get(t, "id")) || !json_is_string(json_object_get(t, "en")) ||
        !json_is_boolean(json_object_get(t, "verbatim")))
        problem(l, path, "\"%s\" needs the texts \"id\" and \"en\" and \"verbatim\": true|false",
                key);
}

static void
labels(struct loader *l, json_t *item, int scale, const char *path)
{
    json_t *ls = json_object_get(item, "labels");
    if (!json_is_array(ls) || json_array_size(ls) != (size_t)scale) {
        problem(l, path, "\"labels\" must list %d answer labels, one per scale point (has %zu)",
                scale, json_array_size(ls));
        return;
    }
    size_t i;
    json_t *lab;
    json_array_foreach(ls, i, lab)
    {
        char p[128];
        snprintf(p, sizeof p, "%s.labels[%zu]", path, i);
        json_t *v = json_object_get(lab, "value");
        if (!json_is_integer(v) || json_integer_value(v) != (json_int_t)i + 1)
            problem(l, p, "\"value\" must be %zu", i + 1);
        if (!json_is_string(json_object_get(lab, "id")) ||
            !json_is_string(json_object_get(lab, "en")))
            problem(l, p, "needs the texts \"id\" and \"en\"");
    }
}

int
survey_instrument_load(json_t *doc, struct survey_instrument **out, struct buf *problems)
{
    struct loader l = {problems, 0};
    struct survey_instrument *in = xcalloc(1, sizeof *in);
    *out = NULL;
    if (!json_is_object(doc)) {
        problem(&l, "$", "an instrument is a JSON object");
        goto out;
    }
    const char *id = json_string_value(json_object_get(doc, "id"));
    if (!id || !code_ok(id))
        problem(&l, "$.id", "must be a short code of lower-case letters and digits");
    else
        snprintf(in->id, sizeof in->id, "%s", id);
    json_t *scale = json_object_get(doc, "scale");
    /* boundary: scale 2 and SURVEY_MAX_SCALE are allowed, 1 and SURVEY_MAX_SCALE + 1 are not */
    if (!json_is_integer(scale) || json_integer_value(scale) < 2 ||
        json_integer_value(scale) > SURVEY_MAX_SCALE) {
        problem(&l, "$.scale", "must be an integer from 2 to %d", SURVEY_MAX_SCALE);
        in->scale = 0;
    } else {
        in->scale = (int)json_integer_value(scale);
    }
    json_t *conv = json_object_get(doc, "conversion");
    if (conv &&
        !(json_is_string(conv) && strcmp(json_string_value(conv), "permenpanrb-14-2017") == 0))
        problem(&l, "$.conversion", "the only known conversion is \"permenpanrb-14-2017\"");
    in->converts = conv != NULL;
    if (in->converts && in->scale != SURVEY_INDEX_SCALE)
        problem(&l, "$.conversion", "the 14/2017 conversion needs a 1-4 scale");
    json_t *items = json_object_get(doc, "items");
    size_t nitems = json_array_size(items);
    if (!json_is_array(items) || nitems == 0 || nitems > SURVEY_MAX_ITEMS) {
        problem(&l, "$.items", "must list 1 to %d items (has %zu)", SURVEY_MAX_ITEMS, nitems);
        goto out;
    }
    double total = 0;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        char path[64];
        snprintf(path, sizeof path, "$.items[%zu]", i);
        struct survey_item *s = &in->items[in->nitems++];
        const char *code = json_string_value(json_object_get(it, "code"));
        if (!code || !code_ok(code)) {
            problem(&l, path,
                    "\"code\" is missing or not a short code (lower-case letters, digits "
                    "and '-', a letter first)");
        } else {
            for (size_t k = 0; k + 1 < in->nitems; k++)
                if (strcmp(in->items[k].code, code) == 0)
                    problem(&l, path, "the code \"%s\" appears twice", code);
            snprintf(s->code, sizeof s->code, "%s", code);
        }
        const char *group = json_string_value(json_object_get(it, "unsur"));
        if (!group)
            group = json_string_value(json_object_get(it, "group"));
        if (!group || !*group || strlen(group) >= sizeof s->group)
            problem(&l, path, "\"unsur\" or \"group\" is missing or too long");
        else
            snprintf(s->group, sizeof s->group, "%s", group);
        text(&l, it, "text", path);
        if (in->scale)
            labels(&l, it, in->scale, path);
        json_t *w = json_object_get(it, "weight");
        if (!json_is_number(w) || !(json_number_value(w) > 0 && json_number_value(w) <= 1)) {
            problem(&l, path, "\"weight\" must be a number above 0 and at most 1");
        } else {
            s->weight = json_number_value(w);
            total += s->weight;
        }
    }
    /* 1/9 is written with 16 digits: nine of them add up to 1 within 1e-9 */
    if (l.nproblems == 0 && fabs(total - 1) > 1e-9)
        problem(&l, "$.items", "the weights add up to %.12g, not 1", total);
out:
    if (l.nproblems) {
        free(in);
        return ZE_INVAL;
    }
    in->doc = json_incref(doc);
    *out = in;
    return 0;
}

void
survey_instrument_free(struct survey_instrument *in)
{
    if (!in)
        return;
    json_decref(in->doc);
    free(in);
}

int
survey_instrument_shipped(const char *name, struct survey_instrument **out, struct buf *problems)
{
    *out = NULL;
    if (strcmp(name, "ikm") != 0 && strcmp(name, "spak") != 0 && strcmp(name, "spkp") != 0) {
        buf_printf(problems, "unknown instrument \"%s\" (ikm, spak or spkp)\n", name);
        return ZE_NOTFOUND;
    }
    char path[64];
    snprintf(path, sizeof path, "data/surveys/%s.json", name);
    struct embed_file file;
    if (embed_get(path, &file) != 0) {
        buf_printf(problems, "%s: not found\n", path);
        return ZE_NOTFOUND;
    }
    json_error_t e;
    json_t *doc = json_loadb((const char *)file.data, file.len, JSON_REJECT_DUPLICATES, &e);
    embed_release(&file);
    if (!doc) {
        buf_printf(problems, "%s:%d: %s\n", path, e.line, e.text);
        return ZE_INVAL;
    }
    int rc = survey_instrument_load(doc, out, problems);
    json_decref(doc);
    return rc;
}

int
survey_item_index(const struct survey_instrument *in, const char *code)
{
    for (size_t i = 0; i < in->nitems; i++)
        if (strcmp(in->items[i].code, code) == 0)
            return (int)i;
    return -1;
}
