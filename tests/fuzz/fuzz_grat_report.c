/* fuzz_grat_report: a gratification report as a staff member's form sends it, read by grat_read;
 * a step of the UPG read by grat_step_read; and an amount as typed, read by grat_parse_rupiah.
 *
 * The first byte picks how the rest becomes fields: bit 0 set, as an urlencoded body decoded by
 * http_parse_urlencoded (what a form sends); clear, split raw on '&' and '=' with no decoding, so
 * invalid UTF-8 and control characters reach the readers too. Bits 1 to 3 pick the state the
 * UPG's step starts from. An accepted report has known codes, a giver's name and a description,
 * every text valid UTF-8 within its limit, a day of receipt not after today and amounts within
 * GRAT_VALUE_MAX; a refusal names fields; either way every text is set and valid UTF-8. An
 * accepted step is a move the UPG may make with the fields its target needs. An accepted amount
 * is within 0..GRAT_VALUE_MAX and reads back the same when written with thousands dots. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "grat/grat.h"
#include "http/http.h"
#include "org/cal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { RAW_FIELDS_MAX = 64 };

#define TODAY "2026-06-15"

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

/* Valid UTF-8 of at most max characters, without control characters but (multiline) line breaks
 * and tabs. */
static bool
clean(const char *s, size_t max, bool multiline)
{
    if (!s || !utf8_valid(s, strlen(s)) || chars(s) > max)
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 && !(multiline && (*p == '\n' || *p == '\r' || *p == '\t')))
            return false;
    return true;
}

static bool
fixed_ok(const char *s, size_t cap)
{
    return memchr(s, '\0', cap) != NULL && utf8_valid(s, strlen(s));
}

static void
check_report(struct form *f)
{
    struct grat_input in;
    json_t *errs = json_object();
    int rc = grat_read(get, f, TODAY, &in, errs);
    char *texts[] = {in.giver_name, in.giver_institution, in.giver_address, in.giver_relation,
                     in.event,      in.description,       in.place,         in.chronology};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (!texts[i] || !utf8_valid(texts[i], strlen(texts[i])))
            abort();
    if (!fixed_ok(in.kind, sizeof in.kind) || !fixed_ok(in.kept_at, sizeof in.kept_at) ||
        !fixed_ok(in.received_day, sizeof in.received_day))
        abort();
    if (rc == 0) {
        int64_t d, today;
        bool refusal = strcmp(in.kind, "penolakan") == 0;
        if (json_object_size(errs) || (!refusal && strcmp(in.kind, "penerimaan") != 0) ||
            !grat_code_ok("givers", in.giver_kind) || !grat_code_ok("events", in.event_kind) ||
            !grat_code_ok("object_types", in.object_type) ||
            (!refusal && !grat_code_ok("kept_at", in.kept_at)) ||
            (refusal && *in.kept_at && !grat_code_ok("kept_at", in.kept_at)) ||
            (refusal && in.wants_compensation) || in.cash != grat_object_is_cash(in.object_type))
            abort();
        if (!*in.giver_name || !*in.description || !clean(in.giver_name, GRAT_NAME_MAX, false) ||
            !clean(in.giver_institution, GRAT_NAME_MAX, false) ||
            !clean(in.giver_relation, GRAT_NAME_MAX, false) ||
            !clean(in.event, GRAT_NAME_MAX, false) || !clean(in.place, GRAT_NAME_MAX, false) ||
            !clean(in.giver_address, GRAT_ADDR_MAX, true) ||
            !clean(in.description, GRAT_DESC_MAX, true) ||
            !clean(in.chronology, GRAT_DESC_MAX, true))
            abort();
        if (cal_parse_date(in.received_day, &d) != 0 || cal_parse_date(TODAY, &today) != 0 ||
            d > today)
            abort();
        if (in.value < 0 || in.value > GRAT_VALUE_MAX || in.year_total < 0 ||
            in.year_total > GRAT_VALUE_MAX)
            abort();
    } else if (rc != ZE_INVAL || json_object_size(errs) == 0) {
        abort();
    }
    grat_input_clear(&in);
    json_decref(errs);
}

static const char *const states[] = {"diajukan",   "dikembalikan", "diverifikasi", "diteruskan",
                                     "ditetapkan", "selesai",      "gugur",        "nope"};

static void
check_step(struct form *f, const char *from)
{
    struct grat_step s;
    json_t *errs = json_object();
    int rc = grat_step_read(get, f, from, &s, errs);
    if (!fixed_ok(s.to, sizeof s.to) || !fixed_ok(s.missing, sizeof s.missing) ||
        !fixed_ok(s.kpk_number, sizeof s.kpk_number) ||
        !fixed_ok(s.decree_number, sizeof s.decree_number) ||
        !fixed_ok(s.decree_day, sizeof s.decree_day) || !fixed_ok(s.outcome, sizeof s.outcome) ||
        !fixed_ok(s.finish_how, sizeof s.finish_how) || !fixed_ok(s.note, sizeof s.note))
        abort();
    if (rc == 0) {
        if (json_object_size(errs) || !grat_transition_ok(from, s.to, true) ||
            !clean(s.note, GRAT_DESC_MAX, true))
            abort();
        int64_t d;
        if (strcmp(s.to, "dikembalikan") == 0 &&
            (!*s.missing || !clean(s.missing, GRAT_DESC_MAX, true)))
            abort();
        if (strcmp(s.to, "diteruskan") == 0 && !clean(s.kpk_number, 60, false))
            abort();
        if (strcmp(s.to, "ditetapkan") == 0 &&
            (!*s.decree_number || !clean(s.decree_number, 120, false) ||
             cal_parse_date(s.decree_day, &d) != 0 || !grat_code_ok("outcomes", s.outcome) ||
             s.compensation < 0 || s.compensation > GRAT_VALUE_MAX ||
             (strcmp(s.outcome, "milik_negara_kompensasi") != 0 && s.compensation != 0)))
            abort();
        if (strcmp(s.to, "selesai") == 0 && strcmp(s.finish_how, "diserahkan") != 0 &&
            strcmp(s.finish_how, "dikembalikan") != 0 && strcmp(s.finish_how, "dibayar") != 0)
            abort();
    } else if (rc != ZE_INVAL || json_object_size(errs) == 0) {
        abort();
    }
    json_decref(errs);
}

static void
check_rupiah(const char *typed)
{
    int64_t v = -7;
    if (grat_parse_rupiah(typed, &v) != 0) {
        if (v != -7) /* nothing written on failure */
            abort();
        return;
    }
    if (v < 0 || v > GRAT_VALUE_MAX)
        abort();
    char digits[24], dotted[40];
    int n = snprintf(digits, sizeof digits, "%lld", (long long)v);
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        dotted[k++] = digits[i];
        if (i + 1 < n && (n - i - 1) % 3 == 0)
            dotted[k++] = '.';
    }
    dotted[k] = '\0';
    int64_t again = -1, plain = -1;
    if (grat_parse_rupiah(dotted, &again) != 0 || again != v ||
        grat_parse_rupiah(digits, &plain) != 0 || plain != v)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bool urlencoded = data[0] & 1;
    const char *from = states[(data[0] >> 1) & 7];
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    char *copy = malloc(len + 1);
    if (!copy)
        return 0;
    memcpy(copy, body, len);
    copy[len] = '\0';
    struct arena *a = NULL;
    struct form f = {{0}, {0}, 0};
    if (urlencoded) {
        a = arena_new();
        struct kv *kv;
        int n;
        if (http_parse_urlencoded(a, body, len, &kv, &n) == 0) {
            for (int i = 0; i < n && f.n < RAW_FIELDS_MAX; i++) {
                f.name[f.n] = kv[i].name;
                f.value[f.n++] = kv[i].value;
            }
        }
    } else {
        char *raw = malloc(len + 1);
        if (!raw) {
            free(copy);
            return 0;
        }
        memcpy(raw, body, len);
        raw[len] = '\0';
        split_raw(raw, &f);
        check_report(&f);
        check_step(&f, from);
        free(raw);
        f.n = 0;
    }
    if (urlencoded) {
        check_report(&f);
        check_step(&f, from);
        arena_free(a);
    }
    /* the bytes as a typed amount */
    check_rupiah(copy);
    free(copy);
    return 0;
}
