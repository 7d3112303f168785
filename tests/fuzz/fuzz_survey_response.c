/* fuzz_survey_response: what the public sends a survey. The first byte picks the campaign (IKM,
 * SPAK or SPKP; with or without services and own questions); the rest is read twice: as an
 * urlencoded form body through survey_response_read (the public form, paper entry and, through
 * the same getter, the API), and as a CSV of paper questionnaires through survey_import_read.
 * An accepted response holds canonical JSON whose answers are whole numbers on the instrument's
 * scale for its own item codes, at least one of them, a known respondent group, a service of the
 * campaign (when it lists any) and a comment of valid UTF-8; a refused one names its fields with
 * message ids. An accepted import holds as many submissions as the file has data rows. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "http/http.h"
#include "survey/survey_work.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct form {
    struct kv *kv;
    int n;
};

static const char *
get(void *arg, const char *name)
{
    struct form *f = arg;
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->kv[i].name, name) == 0)
            return f->kv[i].value;
    return NULL;
}

static void
check_accepted(const struct survey_campaign *c, const struct survey_submission *s)
{
    const struct survey_instrument *in = survey_instrument_get(c->instrument);
    json_t *a = json_loads(s->answers, 0, NULL);
    if (!json_is_object(a) || json_object_size(a) == 0)
        abort();
    const char *key;
    json_t *v;
    json_object_foreach(a, key, v)
    {
        if (survey_item_index(in, key) < 0 || !json_is_integer(v) || json_integer_value(v) < 1 ||
            json_integer_value(v) > in->scale)
            abort();
    }
    json_decref(a);
    json_t *own = json_loads(s->own, 0, NULL);
    if (!json_is_object(own))
        abort();
    json_decref(own);
    if (!*s->kelompok || !s->comment || !utf8_valid(s->comment, strlen(s->comment)))
        abort();
    if (json_array_size(c->services) > 0) {
        bool known = false;
        size_t k;
        json_t *x;
        json_array_foreach(c->services, k, x) known |=
            strcmp(json_string_value(x), s->service) == 0;
        if (!known)
            abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char *const ids[] = {"ikm", "spak", "spkp"};
    struct survey_campaign c = {0};
    snprintf(c.instrument, sizeof c.instrument, "%s", ids[data[0] % 3]);
    c.services = data[0] & 4 ? json_pack("[s,s]", "PPID", "Konsultasi Hukum") : json_array();
    c.own_items =
        data[0] & 8 ? json_pack("[{s:s,s:s}]", "code", "p1", "text", "Kebersihan") : json_array();
    if (!survey_instrument_get(c.instrument))
        abort();
    const char *body = (const char *)data + 1;
    size_t len = size - 1;

    /* as a form */
    struct arena *a = arena_new();
    struct form f = {NULL, 0};
    if (http_parse_urlencoded(a, body, len, &f.kv, &f.n) == 0) {
        struct survey_submission s = {0};
        json_t *errs = json_object();
        int rc = survey_response_read(&c, get, &f, &s, errs);
        if (rc == 0) {
            if (json_object_size(errs))
                abort();
            check_accepted(&c, &s);
        } else if (rc != ZE_INVAL || json_object_size(errs) == 0 || s.answers) {
            abort();
        }
        json_decref(errs);
        survey_submission_clear(&s);
    }
    arena_free(a);

    /* as a CSV of paper questionnaires */
    struct survey_submission *subs = NULL;
    size_t n = 0;
    struct survey_import_error e;
    int rc = survey_import_read(&c, body, len, &subs, &n, &e);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++) {
            check_accepted(&c, &subs[i]);
            survey_submission_clear(&subs[i]);
        }
        free(subs);
    } else if (rc != ZE_INVAL || !e.why || !*e.why || subs || n) {
        abort();
    }
    survey_campaign_clear(&c);
    return 0;
}
