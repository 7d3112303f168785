/* wbs_calc: the settings of the whistleblowing channel, its categories, states and the moves
 * between them, the working-day clocks of each stage, the reading of a report from a form or JSON
 * (outside input: fuzzed by tests/fuzz/fuzz_wbs_report.c), the typed proof of work and the cells
 * of the statistics. No database, no HTTP, no logging; it stands on core/, web/ (through cal) and
 * libsodium only, so the fuzz build can link it.
 *
 * A report's texts are secrets from the moment they are read: every copy made here is wiped
 * (sodium_memzero) before it is freed, and the JSON handed to the sealing code is written once
 * into the caller's buffer, reserved beforehand, so no realloc leaves a copy behind. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/xmem.h"
#include "org/cal.h"
#include "wbs.h"

/*---- settings --------------------------------------------------------------------------------*/

static pthread_once_t once = PTHREAD_ONCE_INIT;
static json_t *settings;

static void
load(void)
{
    struct embed_file f;
    if (embed_get("data/wbs/settings.json", &f) == 0) {
        settings = json_loadb((const char *)f.data, f.len, 0, NULL);
        embed_release(&f);
    }
    if (!settings)
        settings = json_object();
}

json_t *
wbs_settings(void)
{
    pthread_once(&once, load);
    return settings;
}

/* The value at a dotted path ("channels.umum.retention_days"; a number steps into an array). */
static json_t *
setting_at(const char *key)
{
    json_t *x = wbs_settings();
    const char *p = key;
    if (!p)
        return NULL;
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (json_is_array(x)) {
            int64_t i;
            if (parse_i64(p, n, &i) != 0 || i < 0)
                return NULL;
            x = json_array_get(x, (size_t)i);
        } else {
            x = json_object_getn(x, p, n); /* NULL when x is not an object */
        }
        if (!x || !dot)
            return x;
        p = dot + 1;
    }
}

int64_t
wbs_setting_int(const char *key, int64_t def)
{
    json_t *v = setting_at(key);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

enum { DEFAULT_POW_BITS = 16 };

/* config_load() fills every text setting; before it (unit tests, the fuzzer) all are NULL and
 * the numbers 0, which must not read as "no proof of work". */
static bool
config_loaded(void)
{
    return config_get()->var_dir != NULL;
}

unsigned
wbs_pow_bits(void)
{
    int64_t bits = wbs_setting_int("pow_bits", DEFAULT_POW_BITS);
    const char *env = getenv("ZONA_WBS_POW_BITS");
    int64_t v;
    /* the environment first, read on each call so tests may change it; a value that is not a
     * whole non-negative number is a typo, not a wish to disable. Then zona.conf through the
     * loaded configuration (-1: unset). */
    if (env && parse_i64(env, strlen(env), &v) == 0 && v >= 0)
        bits = v;
    else if (config_loaded() && config_get()->wbs_pow_bits >= 0)
        bits = config_get()->wbs_pow_bits;
    if (bits < 0)
        bits = 0;
    if (bits > WBS_POW_BITS_MAX) /* boundary: 40 kept, 41 clamped */
        bits = WBS_POW_BITS_MAX;
    return (unsigned)bits;
}

/* ZONA_ARGON2=test, whether or not the configuration was loaded (unit tests do not load it). */
static bool
argon2_test(void)
{
    const char *c = config_get()->argon2;
    const char *e = getenv("ZONA_ARGON2");
    return (c && strcmp(c, "test") == 0) || (e && strcmp(e, "test") == 0);
}

static const char *
kdf_name(const char *key)
{
    if (argon2_test())
        return "min";
    const char *s = json_string_value(json_object_get(wbs_settings(), key));
    if (s && (strcmp(s, "interactive") == 0 || strcmp(s, "moderate") == 0 || strcmp(s, "min") == 0))
        return s;
    return "interactive";
}

const char *
wbs_receipt_kdf_name(void)
{
    return kdf_name("receipt_kdf");
}

const char *
wbs_officer_kdf_name(void)
{
    return kdf_name("officer_kdf");
}

/*---- categories, referral targets, labels ----------------------------------------------------*/

static json_t *
find(const char *list, const char *code)
{
    size_t i;
    json_t *x;
    if (!code)
        return NULL;
    json_array_foreach(json_object_get(wbs_settings(), list), i, x)
    {
        const char *c = json_string_value(json_object_get(x, "code"));
        if (c && strcmp(c, code) == 0)
            return x;
    }
    return NULL;
}

bool
wbs_category_ok(const char *code)
{
    return find("categories", code) != NULL;
}

const char *
wbs_category_channel(const char *category)
{
    json_t *c = find("categories", category);
    if (!c)
        return NULL;
    const char *ch = json_string_value(json_object_get(c, "channel"));
    return ch ? ch : "umum";
}

bool
wbs_referral_ok(const char *code)
{
    return find("referrals", code) != NULL;
}

const char *
wbs_label(const char *list, const char *code, const char *lang)
{
    const char *l = lang && strcmp(lang, "en") == 0 ? "en" : "id";
    const char *s = list ? json_string_value(json_object_get(find(list, code), l)) : NULL;
    return s ? s : code ? code : "";
}

/*---- states ----------------------------------------------------------------------------------*/

enum { NEXT_MAX = 4 };

/* The moves of wbs.h, in the order wbs_next_states gives them. */
static const struct {
    const char *state;
    const char *next[NEXT_MAX];
} moves[] = {
    {"diterima", {"ditelaah"}},
    {"ditelaah", {"diinvestigasi", "dilimpahkan", "selesai"}},
    {"diinvestigasi", {"terbukti", "tidak_terbukti", "dilimpahkan"}},
    {"dilimpahkan", {"selesai"}},
    {"terbukti", {"selesai"}},
    {"tidak_terbukti", {"selesai"}},
    {"selesai", {NULL}},
};

static int
state_index(const char *state)
{
    for (size_t i = 0; state && i < sizeof moves / sizeof moves[0]; i++)
        if (strcmp(moves[i].state, state) == 0)
            return (int)i;
    return -1;
}

bool
wbs_state_ok(const char *state)
{
    return state_index(state) >= 0;
}

bool
wbs_transition_ok(const char *from, const char *to)
{
    int i = state_index(from);
    if (i < 0 || !to)
        return false;
    for (size_t k = 0; k < NEXT_MAX && moves[i].next[k]; k++)
        if (strcmp(moves[i].next[k], to) == 0)
            return true;
    return false;
}

size_t
wbs_next_states(const char *state, const char **out)
{
    int i = state_index(state);
    size_t n = 0;
    if (i < 0)
        return 0;
    for (; n < NEXT_MAX && moves[i].next[n]; n++)
        if (out)
            out[n] = moves[i].next[n];
    return n;
}

/*---- clocks ----------------------------------------------------------------------------------*/

static json_t *
channel(const char *name)
{
    return name ? json_object_get(json_object_get(wbs_settings(), "channels"), name) : NULL;
}

/* An integer of a channel's settings, within 0..max; def when absent or out of range. */
static int
channel_int(const char *name, const char *key, int def, int max)
{
    json_t *v = json_object_get(channel(name), key);
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > max)
        return def;
    return (int)json_integer_value(v);
}

enum {
    DAYS_MAX = 3660, /* working days of one stage: ten years is already a mistake */
    DEFAULT_RETENTION_DAYS = 1825,
    DEFAULT_WARNING_DAYS = 30,
    DEFAULT_REMINDER_DAYS = 2
};

int
wbs_stage_days(const char *channel_name, const char *state)
{
    /* selesai has no clock; the check also keeps "reminder_days" & co. from reading as a state */
    if (!wbs_state_ok(state) || strcmp(state, "selesai") == 0)
        return 0;
    return channel_int(channel_name, state, 0, DAYS_MAX);
}

int
wbs_retention_days(const char *channel_name)
{
    return channel_int(channel_name, "retention_days", DEFAULT_RETENTION_DAYS, 100 * 366);
}

int
wbs_expiry_warning_days(const char *channel_name)
{
    return channel_int(channel_name, "expiry_warning_days", DEFAULT_WARNING_DAYS, 366);
}

int
wbs_reminder_days(const char *channel_name)
{
    return channel_int(channel_name, "reminder_days", DEFAULT_REMINDER_DAYS, DAYS_MAX);
}

int
wbs_stage_due(const struct cal *c, const struct cal_rule *r, const char *channel_name,
              const char *state, const char *entered, char due[11], char remind[11])
{
    int64_t day, d;
    due[0] = remind[0] = '\0';
    if (!entered || cal_parse_date(entered, &day) != 0 || !wbs_state_ok(state) ||
        !channel(channel_name))
        return ZE_INVAL;
    int n = wbs_stage_days(channel_name, state);
    if (n == 0)
        return 0;
    int rc = cal_add(c, day, n, r, &d, NULL);
    if (rc)
        return rc;
    cal_format_date(d, due);
    /* back from the due date over reminder_days working days; the days in between that are not
     * working days do not count, and the walk stops at the day the stage was entered */
    int k = wbs_reminder_days(channel_name);
    while (k > 0) {
        if (d - 1 <= day) { /* boundary: a stage shorter than the reminder */
            d = day;
            break;
        }
        d--;
        if (cal_is_workday(c, d, r))
            k--;
    }
    cal_format_date(d, remind);
    return 0;
}

/*---- reading a report ------------------------------------------------------------------------*/

/* Frees a string after wiping it: the texts of a report are secrets. */
static void
wipe_free(char *s)
{
    if (s) {
        sodium_memzero(s, strlen(s));
        free(s);
    }
}

void
wbs_input_clear(struct wbs_input *in)
{
    char **all[] = {&in->what,         &in->who,           &in->when,
                    &in->where,        &in->why,           &in->how,
                    &in->narrative,    &in->identity_name, &in->identity_contact,
                    &in->identity_note};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        wipe_free(*all[i]);
        *all[i] = NULL;
    }
    sodium_memzero(in->category, sizeof in->category);
    in->identity = false;
}

static bool
space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The value trimmed into a new string; "" when absent. */
static char *
trimmed(const char *s)
{
    if (!s)
        s = "";
    while (space(*s))
        s++;
    size_t n = strlen(s);
    while (n && space(s[n - 1]))
        n--;
    return xstrndup(s, n);
}

/* UTF-8 code points of a valid UTF-8 string. */
static size_t
chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* A control character (C0, DEL or C1) other than a line break or a tab starts at p. */
static bool
control_at(const unsigned char *p)
{
    if (*p < 0x20)
        return *p != '\n' && *p != '\r' && *p != '\t';
    return *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f);
}

/* Why a valid UTF-8 text cannot be kept, or NULL: no control characters but line breaks and
 * tabs, at most max characters. */
static const char *
text_problem(const char *s, size_t max, const char *too_long)
{
    for (const char *p = s; *p; p++)
        if (control_at((const unsigned char *)p))
            return N_("This text holds characters that cannot be used. Please type it again.");
    if (chars(s) > max) /* boundary: max characters kept, max + 1 refused */
        return too_long;
    return NULL;
}

struct reading {
    json_t *errs;
    bool bad;
};

static void
problem(struct reading *rd, const char *field, const char *msg)
{
    rd->bad = true;
    if (rd->errs && !json_object_get(rd->errs, field))
        json_object_set_new(rd->errs, field, json_string(msg));
}

/* Reads one text field into *out; required ones must not be empty. Text that is not UTF-8 is not
 * kept (it could not be shown again in the form, nor put in JSON). */
static void
text_field(struct reading *rd, const char *(*get)(void *, const char *), void *arg,
           const char *name, size_t max, const char *too_long, const char *required, char **out)
{
    char *s = trimmed(get(arg, name));
    *out = s;
    if (!utf8_valid(s, strlen(s))) {
        wipe_free(s);
        *out = xstrdup("");
        problem(rd, name,
                N_("This text holds characters that cannot be used. Please type it again."));
        return;
    }
    const char *p = text_problem(s, max, too_long);
    if (p)
        problem(rd, name, p);
    else if (required && !*s)
        problem(rd, name, required);
}

static bool
yes(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

int
wbs_read(const char *(*get)(void *, const char *), void *arg, struct wbs_input *in, json_t *errs)
{
    const char *field_long = N_("Please shorten this answer to at most 2,000 characters.");
    const char *identity_long = N_("Please shorten this to at most 500 characters.");
    struct reading rd = {errs, false};
    memset(in, 0, sizeof *in); /* anything in it before is the caller's to clear */

    char *cat = trimmed(get(arg, "category"));
    if (!*cat)
        problem(&rd, "category", N_("Please choose what kind of wrongdoing you are reporting."));
    else if (strlen(cat) >= sizeof in->category || !wbs_category_ok(cat))
        problem(&rd, "category", N_("Please choose one of the kinds of wrongdoing listed."));
    else
        memcpy(in->category, cat, strlen(cat) + 1);
    wipe_free(cat);

    text_field(&rd, get, arg, "what", WBS_FIELD_MAX, field_long,
               N_("Please say briefly what happened."), &in->what);
    text_field(&rd, get, arg, "who", WBS_FIELD_MAX, field_long, NULL, &in->who);
    text_field(&rd, get, arg, "when", WBS_FIELD_MAX, field_long, NULL, &in->when);
    text_field(&rd, get, arg, "where", WBS_FIELD_MAX, field_long, NULL, &in->where);
    text_field(&rd, get, arg, "why", WBS_FIELD_MAX, field_long, NULL, &in->why);
    text_field(&rd, get, arg, "how", WBS_FIELD_MAX, field_long, NULL, &in->how);
    text_field(&rd, get, arg, "narrative", WBS_NARRATIVE_MAX,
               N_("Please shorten the account to at most 20,000 characters."),
               N_("Please tell what happened in your own words."), &in->narrative);
    if (!*in->who && !*in->where)
        problem(&rd, "who", N_("Please say who was involved or where it happened, or both."));

    in->identity = yes(get(arg, "identity"));
    if (in->identity) {
        text_field(&rd, get, arg, "identity_name", WBS_IDENTITY_MAX, identity_long,
                   N_("Please give your name, or report without giving your identity."),
                   &in->identity_name);
        text_field(&rd, get, arg, "identity_contact", WBS_IDENTITY_MAX, identity_long, NULL,
                   &in->identity_contact);
        text_field(&rd, get, arg, "identity_note", WBS_IDENTITY_MAX, identity_long, NULL,
                   &in->identity_note);
    } else {
        /* nothing that identifies the reporter is kept unless they chose to give it */
        in->identity_name = xstrdup("");
        in->identity_contact = xstrdup("");
        in->identity_note = xstrdup("");
    }
    return rd.bad ? ZE_INVAL : 0;
}

/* obj as compact JSON appended to out in one piece, with no intermediate copy: json_dumpb
 * measures, then writes straight into out reserved beforehand. The strings inside obj are wiped
 * before it is dropped. */
static void
dump_secret(json_t *obj, struct buf *out)
{
    size_t n = json_dumpb(obj, NULL, 0, JSON_COMPACT);
    buf_reserve(out, n);
    if (n && json_dumpb(obj, out->p + out->len, n, JSON_COMPACT) == n)
        out->len += n;
    if (out->p)
        out->p[out->len] = '\0';
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        if (json_is_string(v))
            sodium_memzero(UNCONST(json_string_value(v)), json_string_length(v));
    }
    json_decref(obj);
}

static void
put(json_t *obj, const char *key, const char *s)
{
    json_t *v = json_string(s ? s : "");
    json_object_set_new(obj, key, v ? v : json_string(""));
}

void
wbs_content_json(const struct wbs_input *in, struct buf *out)
{
    json_t *o = json_object();
    put(o, "what", in->what);
    put(o, "who", in->who);
    put(o, "when", in->when);
    put(o, "where", in->where);
    put(o, "why", in->why);
    put(o, "how", in->how);
    put(o, "narrative", in->narrative);
    dump_secret(o, out);
}

void
wbs_identity_json(const struct wbs_input *in, struct buf *out)
{
    json_t *o = json_object();
    put(o, "name", in->identity_name);
    put(o, "contact", in->identity_contact);
    put(o, "note", in->identity_note);
    dump_secret(o, out);
}

/*---- proof of work, statistics ---------------------------------------------------------------*/

/* 32 hex characters into out, lower-cased (the challenge is issued so and stored so). */
static int
challenge_copy(const char *s, size_t len, char out[WBS_POW_CHALLENGE_HEX])
{
    if (!s || len != WBS_POW_CHALLENGE_HEX - 1)
        return ZE_INVAL;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'F')
            c = (char)(c - 'A' + 'a');
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return ZE_INVAL;
        out[i] = c;
    }
    out[len] = '\0';
    return 0;
}

/* A whole unsigned decimal number of at most 2^64 - 1; no sign, no spaces. */
static int
parse_u64(const char *s, size_t len, uint64_t *out)
{
    uint64_t v = 0;
    if (!s || len == 0)
        return ZE_INVAL;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return ZE_INVAL;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10) /* boundary: 18446744073709551615 kept, +1 refused */
            return ZE_INVAL;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

static int
pow_text(const char *text, char challenge[WBS_POW_CHALLENGE_HEX], uint64_t *nonce)
{
    size_t len = strlen(text);
    while (len && space(text[len - 1]))
        len--;
    while (len && space(*text)) {
        text++;
        len--;
    }
    const char *colon = memchr(text, ':', len);
    if (!colon)
        return ZE_INVAL;
    size_t hl = (size_t)(colon - text);
    int rc = challenge_copy(text, hl, challenge);
    if (rc == 0)
        rc = parse_u64(colon + 1, len - hl - 1, nonce);
    return rc;
}

static int
pow_object(const json_t *pow, char challenge[WBS_POW_CHALLENGE_HEX], uint64_t *nonce)
{
    json_t *c = json_object_get(pow, "challenge"), *n = json_object_get(pow, "nonce");
    if (!json_is_string(c) ||
        challenge_copy(json_string_value(c), json_string_length(c), challenge) != 0)
        return ZE_INVAL;
    if (json_is_integer(n) && json_integer_value(n) >= 0) {
        *nonce = (uint64_t)json_integer_value(n);
        return 0;
    }
    /* above 2^63 - 1 a nonce only fits a string */
    if (json_is_string(n))
        return parse_u64(json_string_value(n), json_string_length(n), nonce);
    return ZE_INVAL;
}

int
wbs_pow_parse(const json_t *pow, const char *text, char challenge[WBS_POW_CHALLENGE_HEX],
              uint64_t *nonce)
{
    int rc = ZE_INVAL;
    uint64_t n = 0;
    if (json_is_object(pow))
        rc = pow_object(pow, challenge, &n);
    else if (json_is_string(pow))
        rc = memchr(json_string_value(pow), '\0', json_string_length(pow))
                 ? ZE_INVAL
                 : pow_text(json_string_value(pow), challenge, &n);
    else if (!pow && text)
        rc = pow_text(text, challenge, &n);
    if (rc) {
        challenge[0] = '\0';
        n = 0;
    }
    *nonce = n;
    return rc;
}

json_t *
wbs_stat_cell(int64_t n, bool public)
{
    int64_t min = wbs_setting_int("stats_min_cell", 5);
    if (public && n > 0 && n < min) { /* boundary: min - 1 hidden, min shown */
        char s[32];
        int k = snprintf(s, sizeof s, "<%lld", (long long)min);
        if (k > 0 && (size_t)k < sizeof s)
            return json_string(s);
    }
    return json_integer((json_int_t)n);
}
