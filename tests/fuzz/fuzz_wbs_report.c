/* fuzz_wbs_report: a whistleblowing report as anyone on the internet may send it, read by
 * wbs_read, and the proof of work that comes with it, read by wbs_pow_parse.
 *
 * The first byte picks how the rest becomes fields: bit 0 set, as an urlencoded body decoded by
 * http_parse_urlencoded (what a form sends: valid UTF-8 only); clear, split raw on '&' and '='
 * with no decoding, so invalid UTF-8 and control characters reach wbs_read too. An accepted
 * report has a known category, a non-empty "what" and narrative, "who" or "where", every text
 * valid UTF-8 within its limit in characters and free of control characters but line breaks and
 * tabs, and no identity unless asked for (then with a name); a refusal names fields. Either way
 * every string is set and valid UTF-8, and the content JSON round-trips.
 *
 * The same bytes are then a typed proof of work ("challenge:nonce") and, when they parse as
 * JSON, the object (or other value) of the JSON API: what is accepted is 32 lower-case hex
 * characters and a nonce that reads back the same from "challenge:nonce". */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "http/http.h"
#include "wbs/wbs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { RAW_FIELDS_MAX = 64 };

struct form {
    const char *name[RAW_FIELDS_MAX];
    const char *value[RAW_FIELDS_MAX];
    int n;
};

static const char *
get(void *arg, const char *name)
{
    struct form *f = arg;
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->name[i], name) == 0)
            return f->value[i];
    return NULL;
}

/* Splits s (NUL-terminated, written to) on '&' and '=' in place: "a=1&b" is a = "1", b = "". */
static void
split_raw(char *s, struct form *f)
{
    f->n = 0;
    char *p = s;
    while (*p && f->n < RAW_FIELDS_MAX) {
        char *amp = strchr(p, '&');
        if (amp)
            *amp = '\0';
        char *eq = strchr(p, '=');
        if (eq)
            *eq = '\0';
        f->name[f->n] = p;
        f->value[f->n] = eq ? eq + 1 : "";
        f->n++;
        if (!amp)
            break;
        p = amp + 1;
    }
}

static size_t
chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

static bool
clean(const char *s, size_t max)
{
    if (!s || !utf8_valid(s, strlen(s)) || chars(s) > max)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') || *p == 0x7f ||
            (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
            return false;
    return true;
}

static void
check_json(const struct wbs_input *in)
{
    struct buf out = BUF_INIT;
    wbs_content_json(in, &out);
    json_t *back = json_loadb(out.p, out.len, 0, NULL);
    if (!back || json_object_size(back) != 7 ||
        strcmp(json_string_value(json_object_get(back, "what")), in->what) != 0 ||
        strcmp(json_string_value(json_object_get(back, "narrative")), in->narrative) != 0)
        abort();
    json_decref(back);
    buf_free(&out);
    wbs_identity_json(in, &out);
    back = json_loadb(out.p, out.len, 0, NULL);
    if (!back || strcmp(json_string_value(json_object_get(back, "name")), in->identity_name) != 0)
        abort();
    json_decref(back);
    buf_free(&out);
}

static void
report(struct form *f)
{
    struct wbs_input in;
    json_t *errs = json_object();
    int rc = wbs_read(get, f, &in, errs);
    char *const texts[] = {in.what,         in.who,           in.when,
                           in.where,        in.why,           in.how,
                           in.narrative,    in.identity_name, in.identity_contact,
                           in.identity_note};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (!texts[i] || !utf8_valid(texts[i], strlen(texts[i])))
            abort();
    if (memchr(in.category, '\0', sizeof in.category) == NULL ||
        (*in.category && !wbs_category_ok(in.category)))
        abort();
    if (!in.identity && (*in.identity_name || *in.identity_contact || *in.identity_note))
        abort();
    if (rc == 0) {
        if (json_object_size(errs) || !wbs_category_ok(in.category) || !*in.what ||
            !*in.narrative || (!*in.who && !*in.where) || (in.identity && !*in.identity_name))
            abort();
        for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
            size_t max = i == 6 ? WBS_NARRATIVE_MAX : i >= 7 ? WBS_IDENTITY_MAX : WBS_FIELD_MAX;
            if (!clean(texts[i], max))
                abort();
        }
        check_json(&in);
    } else if (rc != ZE_INVAL || json_object_size(errs) == 0) {
        abort();
    }
    wbs_input_clear(&in);
    if (in.what || in.narrative || in.identity_name)
        abort();
    json_decref(errs);
}

/* An accepted proof reads back the same from its text form. */
static void
check_pow(int rc, const char *challenge, uint64_t nonce)
{
    if (rc != 0) {
        if (rc != ZE_INVAL || *challenge || nonce)
            abort();
        return;
    }
    if (strlen(challenge) != WBS_POW_CHALLENGE_HEX - 1 ||
        strspn(challenge, "0123456789abcdef") != WBS_POW_CHALLENGE_HEX - 1)
        abort();
    char text[WBS_POW_CHALLENGE_HEX + 24], again[WBS_POW_CHALLENGE_HEX];
    uint64_t n2;
    snprintf(text, sizeof text, "%s:%llu", challenge, (unsigned long long)nonce);
    if (wbs_pow_parse(NULL, text, again, &n2) != 0 || strcmp(again, challenge) != 0 || n2 != nonce)
        abort();
}

/* text is the input up to its first NUL; raw the whole input, for the JSON parser. */
static void
proof(const char *text, const char *raw, size_t len)
{
    char challenge[WBS_POW_CHALLENGE_HEX];
    uint64_t nonce;
    int rc = wbs_pow_parse(NULL, text, challenge, &nonce);
    check_pow(rc, challenge, nonce);
    json_t *j = json_loadb(raw, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    if (j) {
        rc = wbs_pow_parse(j, NULL, challenge, &nonce);
        check_pow(rc, challenge, nonce);
        json_decref(j);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 200000)
        return 0;
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    char *copy = malloc(len + 1);
    if (!copy)
        return 0;
    memcpy(copy, body, len);
    copy[len] = '\0';

    proof(copy, body, len);

    if (data[0] & 1) {
        struct arena *a = arena_new();
        struct kv *kv;
        int n;
        if (http_parse_urlencoded(a, body, len, &kv, &n) == 0) {
            struct form f = {.n = 0};
            for (int i = 0; i < n && f.n < RAW_FIELDS_MAX; i++, f.n++) {
                f.name[f.n] = kv[i].name;
                f.value[f.n] = kv[i].value;
            }
            report(&f);
        }
        arena_free(a);
    } else {
        struct form f;
        split_raw(copy, &f);
        report(&f);
    }
    free(copy);
    return 0;
}
