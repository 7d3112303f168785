/* survey_read: the shipped survey data (instruments, respondent questions, settings) and the
 * reading of responses from outside: one response from a form or the API through a getter, and
 * many paper questionnaires from a CSV file. Outside input, and pure: no database; fuzzed by
 * tests/fuzz/fuzz_survey_response.c. */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/log.h"
#include "core/xmem.h"
#include "org/org.h"
#include "survey_work.h"

/* --- the shipped data ------------------------------------------------------------------------ */

static pthread_once_t data_once = PTHREAD_ONCE_INIT;
static struct survey_instrument *instruments[3];
static const char *const instrument_ids[3] = {"ikm", "spak", "spkp"};
static json_t *respondent_doc, *settings_doc;

static json_t *
load_doc(const char *path)
{
    struct embed_file f;
    if (embed_get(path, &f) != 0)
        return json_object();
    json_t *j = json_loadb((const char *)f.data, f.len, 0, NULL);
    embed_release(&f);
    return j ? j : json_object();
}

static void
load_data(void)
{
    for (int i = 0; i < 3; i++) {
        struct buf err = BUF_INIT;
        if (survey_instrument_shipped(instrument_ids[i], &instruments[i], &err) != 0)
            log_error("survey: %s: %s", instrument_ids[i], buf_cstr(&err));
        buf_free(&err);
    }
    respondent_doc = load_doc("data/surveys/respondent.json");
    settings_doc = load_doc("data/surveys/settings.json");
}

const struct survey_instrument *
survey_instrument_get(const char *id)
{
    pthread_once(&data_once, load_data);
    for (int i = 0; id && i < 3; i++)
        if (strcmp(id, instrument_ids[i]) == 0)
            return instruments[i];
    return NULL;
}

json_t *
survey_respondent_doc(void)
{
    pthread_once(&data_once, load_data);
    return respondent_doc;
}

json_t *
survey_settings_doc(void)
{
    pthread_once(&data_once, load_data);
    return settings_doc;
}

long long
survey_setting_int(const char *path, long long def)
{
    json_t *j = survey_settings_doc();
    char part[64];
    const char *p = path;
    while (j && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n >= sizeof part)
            return def;
        memcpy(part, p, n);
        part[n] = '\0';
        j = json_object_get(j, part);
        p = dot ? dot + 1 : p + n;
    }
    return json_is_integer(j) ? (long long)json_integer_value(j) : def;
}

const char *
survey_text(json_t *obj, const char *lang)
{
    const char *s = json_string_value(json_object_get(obj, lang ? lang : "id"));
    if (!s || !*s)
        s = json_string_value(json_object_get(obj, "id"));
    return s ? s : "";
}

void
survey_campaign_clear(struct survey_campaign *c)
{
    json_decref(c->services);
    json_decref(c->own_items);
    c->services = c->own_items = NULL;
}

/* --- reading one response ----------------------------------------------------------------------
 */

void
survey_submission_clear(struct survey_submission *s)
{
    free(s->answers);
    free(s->own);
    free(s->comment);
    s->answers = s->own = s->comment = NULL;
}

/* The option codes of a respondent question: is v one of them? */
static bool
respondent_option(const char *question, const char *v)
{
    json_t *qs = json_object_get(survey_respondent_doc(), "questions"), *q, *o;
    size_t i, k;
    json_array_foreach(qs, i, q)
    {
        const char *qc = json_string_value(json_object_get(q, "code"));
        if (!qc || strcmp(qc, question) != 0)
            continue;
        json_array_foreach(json_object_get(q, "options"), k, o)
        {
            const char *c = json_string_value(json_object_get(o, "code"));
            if (c && strcmp(c, v) == 0)
                return true;
        }
    }
    return false;
}

/* An answer as typed: "" (skipped) or 1..scale. */
static int
read_value(const char *v, int scale, int *out)
{
    *out = 0;
    if (!v)
        return 0;
    while (*v == ' ')
        v++;
    if (!*v)
        return 0;
    int64_t x;
    size_t n = strlen(v);
    while (n && v[n - 1] == ' ')
        n--;
    if (parse_i64(v, n, &x) != 0 || x < 1 || x > scale)
        return ZE_INVAL;
    *out = (int)x;
    return 0;
}

static size_t
utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

static void
copy_trimmed(char *dst, size_t n, const char *src)
{
    if (!src)
        src = "";
    while (*src == ' ' || *src == '\t' || *src == '\r' || *src == '\n')
        src++;
    size_t len = strlen(src);
    while (len && (src[len - 1] == ' ' || src[len - 1] == '\t' || src[len - 1] == '\r' ||
                   src[len - 1] == '\n'))
        len--;
    if (len >= n)
        len = n - 1;
    memmove(dst, src, len); /* dst may be src itself */
    dst[len] = '\0';
}

int
survey_response_read(const struct survey_campaign *c, const char *(*get)(void *, const char *),
                     void *arg, struct survey_submission *s, json_t *errs)
{
    const struct survey_instrument *in = survey_instrument_get(c->instrument);
    if (!in)
        return ZE_INVAL;
    json_t *answers = json_object(), *own = json_object();
    size_t answered = 0;
    for (size_t i = 0; i < in->nitems; i++) {
        int v;
        if (read_value(get(arg, in->items[i].code), in->scale, &v) != 0)
            json_object_set_new(errs, in->items[i].code, json_string("survey.bad_answer"));
        else if (v) {
            json_object_set_new(answers, in->items[i].code, json_integer(v));
            answered++;
        }
    }
    size_t k;
    json_t *item;
    json_array_foreach(c->own_items, k, item)
    {
        const char *code = json_string_value(json_object_get(item, "code"));
        if (!code)
            continue;
        char field[64];
        snprintf(field, sizeof field, "own_%s", code);
        int v;
        if (read_value(get(arg, field), in->scale, &v) != 0)
            json_object_set_new(errs, field, json_string("survey.bad_answer"));
        else if (v)
            json_object_set_new(own, code, json_integer(v));
    }
    if (answered == 0 && json_object_size(errs) == 0)
        json_object_set_new(errs, "_form", json_string("survey.nothing_answered"));

    copy_trimmed(s->kelompok, sizeof s->kelompok, get(arg, "kelompok"));
    if (!*s->kelompok)
        json_object_set_new(errs, "kelompok", json_string("survey.kelompok_required"));
    else if (!respondent_option("kelompok", s->kelompok))
        json_object_set_new(errs, "kelompok", json_string("survey.bad_option"));

    static const struct {
        const char *name;
        size_t off, size;
    } demo[] = {
        {"umur", offsetof(struct survey_submission, umur), sizeof s->umur},
        {"jenis_kelamin", offsetof(struct survey_submission, jenis_kelamin),
         sizeof s->jenis_kelamin},
        {"pendidikan", offsetof(struct survey_submission, pendidikan), sizeof s->pendidikan},
        {"pekerjaan", offsetof(struct survey_submission, pekerjaan), sizeof s->pekerjaan},
    };
    for (size_t d = 0; d < sizeof demo / sizeof demo[0]; d++) {
        char *dst = (char *)s + demo[d].off;
        copy_trimmed(dst, demo[d].size, get(arg, demo[d].name));
        if (*dst && !respondent_option(demo[d].name, dst)) {
            json_object_set_new(errs, demo[d].name, json_string("survey.bad_option"));
            *dst = '\0';
        }
    }

    const char *svc = get(arg, "layanan");
    copy_trimmed(s->service, sizeof s->service, svc);
    size_t nservices = json_array_size(c->services);
    if (nservices == 1 && !*s->service)
        copy_trimmed(s->service, sizeof s->service,
                     json_string_value(json_array_get(c->services, 0)));
    if (*s->service) {
        bool known = false;
        json_t *x;
        json_array_foreach(c->services, k, x) known |=
            json_string_value(x) && strcmp(json_string_value(x), s->service) == 0;
        if (!known)
            json_object_set_new(errs, "layanan", json_string("survey.bad_service"));
    } else if (nservices > 1) {
        json_object_set_new(errs, "layanan", json_string("survey.service_required"));
    }

    const char *comment = get(arg, "saran");
    char *trimmed = xstrdup(comment ? comment : "");
    copy_trimmed(trimmed, strlen(trimmed) + 1, trimmed);
    if (!utf8_valid(trimmed, strlen(trimmed)))
        json_object_set_new(errs, "saran", json_string("survey.bad_text"));
    else if ((long long)utf8_chars(trimmed) > survey_setting_int("comment_max_chars", 1000))
        json_object_set_new(errs, "saran", json_string("survey.comment_too_long"));

    int rc = json_object_size(errs) ? ZE_INVAL : 0;
    if (rc == 0) {
        survey_submission_clear(s);
        s->answers = json_dumps(answers, JSON_COMPACT | JSON_PRESERVE_ORDER);
        s->own = json_dumps(own, JSON_COMPACT | JSON_PRESERVE_ORDER);
        s->comment = trimmed;
        trimmed = NULL;
    }
    free(trimmed);
    json_decref(answers);
    json_decref(own);
    return rc;
}

/* --- paper questionnaires from CSV ----------------------------------------------------------- */

/* A CSV row as a getter: the header names the columns. */
struct csv_get {
    const struct csv_row *head, *row;
};

static const char *
csv_get(void *arg, const char *name)
{
    struct csv_get *g = arg;
    for (int i = 0; i < g->head->nfields; i++)
        if (strcmp(g->head->fields[i], name) == 0)
            return i < g->row->nfields ? g->row->fields[i] : NULL;
    return NULL;
}

static bool
import_column(const struct survey_campaign *c, const char *name)
{
    static const char *const known[] = {"kelompok",   "layanan",   "umur", "jenis_kelamin",
                                        "pendidikan", "pekerjaan", "saran"};
    const struct survey_instrument *in = survey_instrument_get(c->instrument);
    if (in && survey_item_index(in, name) >= 0)
        return true;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(name, known[i]) == 0)
            return true;
    size_t k;
    json_t *o;
    json_array_foreach(c->own_items, k, o)
    {
        const char *code = json_string_value(json_object_get(o, "code"));
        if (code && strncmp(name, "own_", 4) == 0 && strcmp(name + 4, code) == 0)
            return true;
    }
    return false;
}

int
survey_import_read(const struct survey_campaign *c, const char *src, size_t len,
                   struct survey_submission **out, size_t *n, struct survey_import_error *e)
{
    struct csv_row *rows = NULL;
    size_t nrows = 0;
    struct buf err = BUF_INIT;
    *out = NULL;
    *n = 0;
    memset(e, 0, sizeof *e);
    int rc = ZE_INVAL;
    if (csv_parse(src, len, &rows, &nrows, &err) != 0) {
        e->why = "survey.bad_csv";
        snprintf(e->detail, sizeof e->detail, "%s", buf_cstr(&err));
        goto done;
    }
    if (nrows < 2) {
        e->why = "survey.empty_file";
        goto done;
    }
    const struct csv_row *h = &rows[0];
    for (int i = 0; i < h->nfields; i++) {
        if (!import_column(c, h->fields[i])) {
            e->why = "survey.unknown_column";
            e->line = h->line;
            snprintf(e->column, sizeof e->column, "%.60s", h->fields[i]);
            goto done;
        }
    }
    struct survey_submission *subs = xcalloc(nrows, sizeof *subs);
    for (size_t r = 1; r < nrows; r++) {
        struct csv_get g = {h, &rows[r]};
        json_t *errs = json_object();
        if (survey_response_read(c, csv_get, &g, &subs[*n], errs) != 0) {
            const char *key;
            json_t *v;
            json_object_foreach(errs, key, v)
            {
                /* the message id outlives errs */
                snprintf(e->id, sizeof e->id, "%s", json_string_value(v));
                e->why = e->id;
                e->line = rows[r].line;
                snprintf(e->column, sizeof e->column, "%.60s", key[0] == '_' ? "-" : key);
                break;
            }
            json_decref(errs);
            for (size_t i = 0; i <= *n; i++)
                survey_submission_clear(&subs[i]);
            free(subs);
            *n = 0;
            goto done;
        }
        json_decref(errs);
        subs[*n].channel = "import";
        subs[*n].campaign_id = c->id;
        (*n)++;
    }
    *out = subs;
    rc = 0;
done:
    csv_free(rows, nrows);
    buf_free(&err);
    return rc;
}
