/* grat_calc: the gratification rules as data (one file per Peraturan KPK version, picked by the
 * day of receipt), the advice "must this gift be reported, and why", the deadlines on the
 * working-day calendar, and the settings. No database; every number and every sentence comes from
 * data/gratification/, so an amendment or a better translation is a data change. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/embed.h"
#include "core/err.h"
#include "grat.h"
#include "org/cal.h"

#define DATA_PREFIX   "data/gratification/"
#define SETTINGS_PATH DATA_PREFIX "settings.json"

static const char *const giver_codes[GRAT_GIVER__MAX] = {
    "keluarga",    /* GRAT_GIVER_KELUARGA */
    "rekan-kerja", /* GRAT_GIVER_REKAN_KERJA */
    "lainnya",     /* GRAT_GIVER_LAINNYA */
};

static const char *const event_codes[GRAT_EVENT__MAX] = {
    "upacara",      /* GRAT_EVENT_UPACARA */
    "musibah",      /* GRAT_EVENT_MUSIBAH */
    "pisah-sambut", /* GRAT_EVENT_PISAH_SAMBUT */
    "lainnya",      /* GRAT_EVENT_LAINNYA */
};

const char *
grat_giver_code(enum grat_giver g)
{
    return (unsigned)g < GRAT_GIVER__MAX ? giver_codes[g] : "";
}

const char *
grat_event_code(enum grat_event e)
{
    return (unsigned)e < GRAT_EVENT__MAX ? event_codes[e] : "";
}

/* The index of code in codes[n], or -1. */
static int
code_index(const char *const *codes, int n, const char *code)
{
    for (int i = 0; code && i < n; i++)
        if (strcmp(codes[i], code) == 0)
            return i;
    return -1;
}

int
grat_giver_parse(const char *code, enum grat_giver *out)
{
    int i = code_index(giver_codes, GRAT_GIVER__MAX, code);
    if (i < 0)
        return ZE_INVAL;
    *out = (enum grat_giver)i;
    return 0;
}

int
grat_event_parse(const char *code, enum grat_event *out)
{
    int i = code_index(event_codes, GRAT_EVENT__MAX, code);
    if (i < 0)
        return ZE_INVAL;
    *out = (enum grat_event)i;
    return 0;
}

static bool
is_en(const char *lang)
{
    return lang && strcmp(lang, "en") == 0;
}

/*---- settings ---------------------------------------------------------------------------------*/

static pthread_once_t settings_once = PTHREAD_ONCE_INIT;
static json_t *settings;

static void
settings_load(void)
{
    struct embed_file f;
    if (embed_get(SETTINGS_PATH, &f) == 0) {
        settings = json_loadb((const char *)f.data, f.len, JSON_REJECT_DUPLICATES, NULL);
        embed_release(&f);
    }
    if (!settings)
        settings = json_object();
}

json_t *
grat_settings(void)
{
    pthread_once(&settings_once, settings_load);
    return settings;
}

/* An integer setting within min..max; def when absent or out of range. */
static int
setting_int(const char *key, int def, int min, int max)
{
    json_t *v = json_object_get(grat_settings(), key);
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
        return def;
    return (int)json_integer_value(v);
}

static bool
setting_bool(const json_t *obj, const char *key, bool def)
{
    json_t *v = json_object_get(obj, key);
    return json_is_boolean(v) ? json_is_true(v) : def;
}

int
grat_kpk_days(void)
{
    return setting_int("kpk_days", 30, 1, 366);
}

int
grat_upg_days(void)
{
    int kpk = grat_kpk_days();
    return setting_int("upg_days", kpk < 10 ? kpk : 10, 1, kpk);
}

int
grat_upg_forward_days(void)
{
    return setting_int("upg_forward_days", 10, 1, 366);
}

int
grat_warn_days_before(void)
{
    return setting_int("warn_days_before", 3, 0, 30);
}

bool
grat_cuti_bersama_works(void)
{
    return setting_bool(grat_settings(), "cuti_bersama_works", false);
}

bool
grat_nihil_enabled(void)
{
    return setting_bool(json_object_get(grat_settings(), "nihil"), "enabled", false);
}

const char *
grat_nihil_period(void)
{
    const char *p =
        json_string_value(json_object_get(json_object_get(grat_settings(), "nihil"), "period"));
    return p && strcmp(p, "tahun") == 0 ? "tahun" : "semester";
}

bool
grat_province_upg_takes_regencies(void)
{
    return setting_bool(grat_settings(), "province_upg_takes_regencies", false);
}

static json_t *
find(const char *list, const char *code)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(grat_settings(), list), i, x)
    {
        const char *c = json_string_value(json_object_get(x, "code"));
        if (c && code && strcmp(c, code) == 0)
            return x;
    }
    return NULL;
}

bool
grat_code_ok(const char *list, const char *code)
{
    return find(list, code) != NULL;
}

const char *
grat_label(const char *list, const char *code, const char *lang)
{
    const char *s = json_string_value(json_object_get(find(list, code), is_en(lang) ? "en" : "id"));
    return s ? s : code ? code : "";
}

bool
grat_object_is_cash(const char *code)
{
    return setting_bool(find("object_types", code), "cash", false);
}

const char *
grat_value_band(int64_t value)
{
    size_t i;
    json_t *x;
    const char *last = "";
    json_array_foreach(json_object_get(grat_settings(), "value_bands"), i, x)
    {
        const char *c = json_string_value(json_object_get(x, "code"));
        json_t *max = json_object_get(x, "max");
        if (!c)
            continue;
        last = c;
        if (!json_is_integer(max) || value <= json_integer_value(max))
            return c; /* a band without max takes everything above the ones before it */
    }
    return last;
}

/*---- the rule files ---------------------------------------------------------------------------*/

static pthread_once_t rules_once = PTHREAD_ONCE_INIT;
static struct grat_rule rules[GRAT_RULES_MAX];
static size_t nrules;
static struct buf problems = BUF_INIT;

/* The text {"id": …, "en": …} at key of obj is there, non-empty and at most GRAT_TEXT_MAX bytes
 * in both languages; otherwise a problem is noted. */
static bool
text_ok(const char *path, const char *where, const json_t *obj, const char *key)
{
    json_t *t = json_object_get(obj, key);
    static const char *const langs[] = {"id", "en"};
    for (size_t i = 0; i < 2; i++) {
        const char *s = json_string_value(json_object_get(t, langs[i]));
        if (!s || !*s || strlen(s) > GRAT_TEXT_MAX) {
            buf_printf(&problems, "%s: %s%s.%s must be a text of 1 to %d bytes\n", path, where, key,
                       langs[i], GRAT_TEXT_MAX);
            return false;
        }
    }
    return true;
}

/* A limit: null (none) or a whole number of Rupiah 0..GRAT_VALUE_MAX. */
static bool
limit_ok(const char *path, const char *where, const json_t *ex, const char *key)
{
    json_t *v = json_object_get(ex, key);
    if (!v || json_is_null(v))
        return true;
    if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= GRAT_VALUE_MAX)
        return true;
    buf_printf(&problems, "%s: %s%s must be null or a whole number of Rupiah\n", path, where, key);
    return false;
}

/* A list of giver or event codes, at least one. */
static bool
codes_ok(const char *path, const char *where, const json_t *ex, const char *key,
         const char *const *codes, int n)
{
    json_t *a = json_object_get(ex, key), *x;
    size_t i;
    bool ok = json_is_array(a) && json_array_size(a) > 0;
    json_array_foreach(a, i, x) ok = ok && code_index(codes, n, json_string_value(x)) >= 0;
    if (!ok)
        buf_printf(&problems, "%s: %s%s must list known codes\n", path, where, key);
    return ok;
}

static bool
exemption_ok(const char *path, size_t i, const json_t *ex)
{
    char where[48];
    snprintf(where, sizeof where, "exemptions[%zu].", i);
    const char *code = json_string_value(json_object_get(ex, "code"));
    if (!code || !*code || strlen(code) > 40) {
        buf_printf(&problems, "%s: %scode must be a short text\n", path, where);
        return false;
    }
    if (!json_is_boolean(json_object_get(ex, "cash"))) {
        buf_printf(&problems, "%s: %scash must be true or false\n", path, where);
        return false;
    }
    json_t *max = json_object_get(ex, "max"), *year = json_object_get(ex, "year_max");
    json_t *cite = json_object_get(ex, "cite");
    return codes_ok(path, where, ex, "givers", giver_codes, GRAT_GIVER__MAX) &&
           codes_ok(path, where, ex, "events", event_codes, GRAT_EVENT__MAX) &&
           limit_ok(path, where, ex, "max") && limit_ok(path, where, ex, "year_max") &&
           text_ok(path, where, ex, "label") && text_ok(path, where, ex, "exempt") &&
           (!json_is_integer(max) || text_ok(path, where, ex, "over")) &&
           (!json_is_integer(year) || text_ok(path, where, ex, "over_year")) &&
           (json_is_true(json_object_get(ex, "cash")) || text_ok(path, where, ex, "cash_text")) &&
           (!cite || text_ok(path, where, ex, "cite"));
}

/* Checks a rule file and fills r from it; false (with the problems noted) when it is unusable. */
static bool
rule_ok(const char *path, const json_t *doc, struct grat_rule *r)
{
    memset(r, 0, sizeof *r);
    r->doc = doc;
    r->id = json_string_value(json_object_get(doc, "id"));
    r->name = json_string_value(json_object_get(doc, "name"));
    r->effective_until = INT64_MAX;
    const char *from = json_string_value(json_object_get(doc, "effective_from"));
    if (!r->id || !*r->id || !r->name || !*r->name || strlen(r->name) > GRAT_TEXT_MAX) {
        buf_printf(&problems, "%s: id and name must be texts\n", path);
        return false;
    }
    if (!from || cal_parse_date(from, &r->effective_from) != 0) {
        buf_printf(&problems, "%s: effective_from must be a date YYYY-MM-DD\n", path);
        return false;
    }
    if (!text_ok(path, "", doc, "cite") || !text_ok(path, "", doc, "not_exempt") ||
        !text_ok(path, "", doc, "incomplete_lapse"))
        return false;
    json_t *lapse = json_object_get(doc, "incomplete_lapse");
    json_t *days = json_object_get(lapse, "days");
    const char *lfrom = json_string_value(json_object_get(lapse, "from"));
    if (!json_is_integer(days) || json_integer_value(days) < 1 || json_integer_value(days) > 366 ||
        !lfrom || (strcmp(lfrom, "receipt") != 0 && strcmp(lfrom, "report") != 0)) {
        buf_printf(&problems,
                   "%s: incomplete_lapse needs days (1 to 366) and from (receipt or report)\n",
                   path);
        return false;
    }
    r->lapse_days = (int)json_integer_value(days);
    r->lapse_from_report = strcmp(lfrom, "report") == 0;
    json_t *late = json_object_get(doc, "late_report");
    if (late && !json_is_null(late)) {
        json_t *after = json_object_get(late, "after_days");
        if (!json_is_integer(after) || json_integer_value(after) < 1 ||
            json_integer_value(after) > 366 || !text_ok(path, "", doc, "late_report")) {
            buf_printf(&problems, "%s: late_report needs after_days (1 to 366) and its texts\n",
                       path);
            return false;
        }
        r->late_after_days = (int)json_integer_value(after);
    }
    json_t *notes = json_object_get(doc, "event_notes"), *note;
    const char *ev;
    if (notes && !json_is_object(notes)) {
        buf_printf(&problems, "%s: event_notes must be an object\n", path);
        return false;
    }
    json_object_foreach(notes, ev, note)
    {
        if (code_index(event_codes, GRAT_EVENT__MAX, ev) < 0) {
            buf_printf(&problems, "%s: event_notes.%s is not an event\n", path, ev);
            return false;
        }
        if (!text_ok(path, "event_notes.", notes, ev))
            return false;
    }
    json_t *exs = json_object_get(doc, "exemptions"), *ex;
    size_t i;
    if (!json_is_array(exs) || json_array_size(exs) > GRAT_EXEMPTIONS_MAX) {
        buf_printf(&problems, "%s: exemptions must be a list of at most %d\n", path,
                   GRAT_EXEMPTIONS_MAX);
        return false;
    }
    json_array_foreach(exs, i, ex)
    {
        if (!exemption_ok(path, i, ex))
            return false;
    }
    return true;
}

static void
rule_file(const char *path, void *arg)
{
    (void)arg;
    size_t n = strlen(path);
    if (n < 5 || strcmp(path + n - 5, ".json") != 0 || strcmp(path, SETTINGS_PATH) == 0)
        return;
    struct embed_file f;
    if (embed_get(path, &f) != 0) {
        buf_printf(&problems, "%s: not found\n", path);
        return;
    }
    json_error_t e;
    json_t *doc = json_loadb((const char *)f.data, f.len, JSON_REJECT_DUPLICATES, &e);
    embed_release(&f);
    if (!doc) {
        buf_printf(&problems, "%s:%d: %s\n", path, e.line, e.text);
        return;
    }
    struct grat_rule r;
    if (!rule_ok(path, doc, &r)) {
        json_decref(doc);
        return;
    }
    for (size_t i = 0; i < nrules; i++) {
        if (rules[i].effective_from == r.effective_from || strcmp(rules[i].id, r.id) == 0) {
            buf_printf(&problems, "%s: another rule (%s) has the same id or effective_from\n", path,
                       rules[i].id);
            json_decref(doc);
            return;
        }
    }
    if (nrules >= GRAT_RULES_MAX) {
        buf_printf(&problems, "%s: more than %d rule files\n", path, GRAT_RULES_MAX);
        json_decref(doc);
        return;
    }
    rules[nrules++] = r; /* the document stays loaded for the life of the process */
}

static int
by_effective(const void *a, const void *b)
{
    int64_t x = ((const struct grat_rule *)a)->effective_from;
    int64_t y = ((const struct grat_rule *)b)->effective_from;
    return (x > y) - (x < y);
}

static void
rules_load(void)
{
    embed_each(DATA_PREFIX, rule_file, NULL);
    qsort(rules, nrules, sizeof rules[0], by_effective);
    for (size_t i = 0; i + 1 < nrules; i++)
        rules[i].effective_until = rules[i + 1].effective_from - 1;
    if (nrules == 0)
        buf_printf(&problems, "%s: no rule file\n", DATA_PREFIX);
}

size_t
grat_rules_count(void)
{
    pthread_once(&rules_once, rules_load);
    return nrules;
}

const struct grat_rule *
grat_rule_at(size_t i)
{
    return i < grat_rules_count() ? &rules[i] : NULL;
}

const struct grat_rule *
grat_rule_on(int64_t day)
{
    const struct grat_rule *found = NULL;
    for (size_t i = 0; i < grat_rules_count(); i++)
        if (rules[i].effective_from <= day)
            found = &rules[i];
    return found;
}

const struct grat_rule *
grat_rule_by_id(const char *id)
{
    for (size_t i = 0; id && i < grat_rules_count(); i++)
        if (strcmp(rules[i].id, id) == 0)
            return &rules[i];
    return NULL;
}

const char *
grat_rules_problems(void)
{
    grat_rules_count();
    return buf_cstr(&problems);
}

/*---- texts ------------------------------------------------------------------------------------*/

/* What the placeholders of a text stand for. */
struct fill {
    bool en;
    const struct grat_rule *rule;
    const json_t *ex;          /* the exemption, or NULL */
    const struct grat_gift *g; /* the gift, or NULL */
    const char *date, *first;  /* for the no-rule message */
};

/* Rupiah with the language's thousands separator: Rp1.200.000 or Rp1,200,000. */
static void
put_rupiah(struct buf *b, int64_t v, bool en)
{
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%" PRId64, v < 0 ? 0 : v);
    buf_puts(b, "Rp");
    for (int i = 0; i < n; i++) {
        buf_putc(b, digits[i]);
        if (i + 1 < n && (n - i - 1) % 3 == 0)
            buf_putc(b, en ? ',' : '.');
    }
}

static const char *
text_in(const json_t *obj, const char *key, bool en)
{
    return json_string_value(json_object_get(json_object_get(obj, key), en ? "en" : "id"));
}

/* The value of placeholder name (n bytes) appended to b; false when it is not one. */
static bool
put_placeholder(struct buf *b, const char *name, size_t n, const struct fill *f)
{
#define IS(s) (n == sizeof(s) - 1 && memcmp(name, s, n) == 0)
    json_t *max = json_object_get(f->ex, "max"), *year = json_object_get(f->ex, "year_max");
    if (IS("rule") && f->rule) {
        buf_puts(b, f->rule->name);
    } else if (IS("cite") && f->rule) {
        const char *c = f->ex ? text_in(f->ex, "cite", f->en) : NULL;
        buf_puts(b, c ? c : text_in(f->rule->doc, "cite", f->en));
    } else if (IS("value") && f->g) {
        put_rupiah(b, f->g->value, f->en);
    } else if (IS("year_total") && f->g) {
        put_rupiah(b, f->g->year_total, f->en);
    } else if (IS("total") && f->g) {
        put_rupiah(b, f->g->year_total + f->g->value, f->en);
    } else if (IS("max") && json_is_integer(max)) {
        put_rupiah(b, json_integer_value(max), f->en);
    } else if (IS("year_max") && json_is_integer(year)) {
        put_rupiah(b, json_integer_value(year), f->en);
    } else if (IS("date") && f->date) {
        buf_puts(b, f->date);
    } else if (IS("first") && f->first) {
        buf_puts(b, f->first);
    } else {
        return false;
    }
    return true;
#undef IS
}

/* Appends tmpl with its {placeholders} filled; an unknown one is copied as it is. */
static void
put_text(struct buf *b, const char *tmpl, const struct fill *f)
{
    for (const char *p = tmpl; p && *p;) {
        const char *close = *p == '{' ? strchr(p + 1, '}') : NULL;
        if (close && put_placeholder(b, p + 1, (size_t)(close - p - 1), f)) {
            p = close + 1;
        } else {
            buf_putc(b, *p++);
        }
    }
}

void
grat_rule_text(const struct grat_rule *rule, const char *key, const char *lang, char *out, size_t n)
{
    if (!n)
        return;
    out[0] = '\0';
    if (!rule)
        return;
    struct fill f = {.en = is_en(lang), .rule = rule};
    struct buf b = BUF_INIT;
    put_text(
        &b, json_string_value(json_object_get(json_object_get(rule->doc, key), f.en ? "en" : "id")),
        &f);
    snprintf(out, n, "%s", buf_cstr(&b));
    buf_free(&b);
}

/*---- the advice -------------------------------------------------------------------------------*/

/* How an exemption measures a gift. */
enum measure { COVERED, TOO_MUCH, TOO_MUCH_A_YEAR, CASH };

static bool
lists(const json_t *ex, const char *key, const char *code)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(ex, key), i, x)
    {
        if (strcmp(json_string_value(x), code) == 0)
            return true;
    }
    return false;
}

static enum measure
measure(const json_t *ex, const struct grat_gift *g)
{
    json_t *max = json_object_get(ex, "max"), *year = json_object_get(ex, "year_max");
    if (g->cash && !json_is_true(json_object_get(ex, "cash")))
        return CASH;
    if (json_is_integer(max) && g->value > json_integer_value(max))
        return TOO_MUCH;
    if (json_is_integer(year) && g->year_total + g->value > json_integer_value(year))
        return TOO_MUCH_A_YEAR;
    return COVERED;
}

static const char *const measure_text[] = {
    "exempt",    /* COVERED */
    "over",      /* TOO_MUCH */
    "over_year", /* TOO_MUCH_A_YEAR */
    "cash_text", /* CASH */
};

int
grat_advise(const struct grat_gift *g, const char *lang, struct grat_advice *out)
{
    memset(out, 0, sizeof *out);
    out->must_report = true; /* when in doubt, report */
    out->threshold = out->year_threshold = -1;
    if ((unsigned)g->giver >= GRAT_GIVER__MAX || (unsigned)g->event >= GRAT_EVENT__MAX ||
        g->value < 0 || g->value > GRAT_VALUE_MAX || g->year_total < 0 ||
        g->year_total > GRAT_VALUE_MAX)
        return ZE_INVAL;
    struct fill f = {.en = is_en(lang), .g = g};
    struct buf b = BUF_INIT;
    const struct grat_rule *rule = grat_rule_on(g->received);
    if (!rule) {
        char date[11], first[11] = "-";
        cal_format_date(g->received, date);
        if (grat_rule_at(0))
            cal_format_date(grat_rule_at(0)->effective_from, first);
        f.date = date;
        f.first = first;
        const char *t = text_in(json_object_get(grat_settings(), "messages"), "no_rule", f.en);
        put_text(&b,
                 t      ? t
                 : f.en ? "No rule for {date} — it must be reported."
                        : "Tidak ada aturan untuk {date} — wajib dilaporkan.",
                 &f);
        snprintf(out->reason, sizeof out->reason, "%s", buf_cstr(&b));
        buf_free(&b);
        return 0;
    }
    out->rule = f.rule = rule;
    const char *giver = giver_codes[g->giver], *event = event_codes[g->event];
    const json_t *covering = NULL, *failed = NULL;
    enum measure why = COVERED;
    size_t i;
    json_t *ex;
    json_array_foreach(json_object_get(rule->doc, "exemptions"), i, ex)
    {
        if (!lists(ex, "givers", giver) || !lists(ex, "events", event))
            continue;
        enum measure m = measure(ex, g);
        if (m == COVERED) {
            covering = ex;
            break;
        }
        if (!failed) { /* the first exemption that applies explains the refusal */
            failed = ex;
            why = m;
        }
    }
    const json_t *used = covering ? covering : failed;
    if (used) {
        json_t *max = json_object_get(used, "max"), *year = json_object_get(used, "year_max");
        out->must_report = !covering;
        out->exemption = json_string_value(json_object_get(used, "code"));
        out->threshold = json_is_integer(max) ? json_integer_value(max) : -1;
        out->year_threshold = json_is_integer(year) ? json_integer_value(year) : -1;
        f.ex = used;
        put_text(&b, text_in(used, measure_text[covering ? COVERED : why], f.en), &f);
    } else {
        put_text(&b, text_in(rule->doc, "not_exempt", f.en), &f);
    }
    const char *note = text_in(json_object_get(rule->doc, "event_notes"), event, f.en);
    if (note) {
        buf_putc(&b, ' ');
        f.ex = NULL;
        put_text(&b, note, &f);
    }
    snprintf(out->reason, sizeof out->reason, "%s", buf_cstr(&b));
    buf_free(&b);
    return 0;
}

/*---- deadlines --------------------------------------------------------------------------------*/

int
grat_deadlines(const struct cal *c, const struct cal_rule *r, int64_t received,
               struct grat_deadlines *out)
{
    int u1 = 0, u2 = 0;
    memset(out, 0, sizeof *out);
    int rc = cal_add(c, received, grat_upg_days(), r, &out->upg, &u1);
    if (rc == 0)
        rc = cal_add(c, received, grat_kpk_days(), r, &out->kpk, &u2);
    out->unknown_year = u1 ? u1 : u2;
    return rc;
}

int
grat_lapse(const struct cal *c, const struct cal_rule *r, const struct grat_rule *rule,
           int64_t received, int64_t reported, int64_t *out)
{
    if (!rule || reported < received)
        return ZE_INVAL;
    return cal_add(c, rule->lapse_from_report ? reported : received, rule->lapse_days, r, out,
                   NULL);
}

bool
grat_report_late(const struct cal *c, const struct cal_rule *r, const struct grat_rule *rule,
                 int64_t received, int64_t reported)
{
    int days = rule && rule->late_after_days ? rule->late_after_days : grat_kpk_days();
    int64_t due;
    if (cal_add(c, received, days, r, &due, NULL) != 0)
        return false; /* beyond the calendar: nothing can be late yet */
    return reported > due;
}

enum grat_due
grat_due_state(const struct cal *c, const struct cal_rule *r, int64_t today, int64_t due)
{
    if (today > due)
        return GRAT_DUE_PASSED;
    return cal_count(c, today, due, r, NULL) <= grat_warn_days_before() ? GRAT_DUE_SOON
                                                                        : GRAT_DUE_OPEN;
}
