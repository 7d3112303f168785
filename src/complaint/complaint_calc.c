/* complaint_calc: the settings of complaints, their deadlines on the working-day calendar, the
 * tracking number, and the reading of a complaint from outside (fuzzed). No database. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "core/buf.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/xmem.h"
#include "org/cal.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static json_t *settings;

static void
load(void)
{
    struct embed_file f;
    if (embed_get("data/complaints/settings.json", &f) == 0) {
        settings = json_loadb((const char *)f.data, f.len, 0, NULL);
        embed_release(&f);
    }
    if (!settings)
        settings = json_object();
}

json_t *
complaint_settings(void)
{
    pthread_once(&once, load);
    return settings;
}

static json_t *
find(const char *list, const char *code)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(complaint_settings(), list), i, x)
    {
        const char *c = json_string_value(json_object_get(x, "code"));
        if (c && code && strcmp(c, code) == 0)
            return x;
    }
    return NULL;
}

bool
complaint_class_ok(const char *code)
{
    return find("classes", code) != NULL;
}

bool
complaint_severity_ok(const char *code)
{
    return find("severities", code) != NULL;
}

bool
complaint_channel_ok(const char *code)
{
    return find("channels", code) != NULL;
}

const char *
complaint_class_severity(const char *klass)
{
    const char *s = json_string_value(json_object_get(find("classes", klass), "severity"));
    return s && complaint_severity_ok(s) ? s : "sedang";
}

static const struct {
    const char *code, *id, *en;
} states[] = {
    {"baru", "Baru diterima", "Received"},
    {"diproses", "Diproses", "Being handled"},
    {"selesai", "Selesai", "Answered"},
    {"bukan_wewenang", "Bukan wewenang (diteruskan)", "Not ours (forwarded)"},
    {"diarsipkan", "Diarsipkan", "Archived"},
};

const char *
complaint_label(const char *list, const char *code, const char *lang)
{
    const char *l = lang && strcmp(lang, "en") == 0 ? "en" : "id";
    if (strcmp(list, "states") == 0) {
        for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
            if (code && strcmp(states[i].code, code) == 0)
                return *l == 'e' ? states[i].en : states[i].id;
        return code ? code : "";
    }
    const char *s = json_string_value(json_object_get(find(list, code), l));
    return s ? s : code ? code : "";
}

int
complaint_first_response_days(void)
{
    json_t *d = json_object_get(complaint_settings(), "first_response_days");
    return json_is_integer(d) ? (int)json_integer_value(d) : 3;
}

int
complaint_severity_days(const char *severity)
{
    json_t *d = json_object_get(find("severities", severity), "days");
    return json_is_integer(d) ? (int)json_integer_value(d) : 14;
}

int
complaint_due(const struct cal *c, const struct cal_rule *r, const char *received_day,
              const char *severity, char first_due[11], char resolve_due[11])
{
    int64_t day, a, b;
    if (cal_parse_date(received_day, &day) != 0)
        return ZE_INVAL;
    int rc = cal_add(c, day, complaint_first_response_days(), r, &a, NULL);
    if (rc == 0)
        rc = cal_add(c, day, complaint_severity_days(severity), r, &b, NULL);
    if (rc)
        return rc;
    cal_format_date(a, first_due);
    cal_format_date(b, resolve_due);
    return 0;
}

/* No 0/O, 1/I/L, 5/S, 8/B. */
static const char alphabet[] = "ACDEFGHJKMNPQRTUVWXY234679";

void
complaint_new_tracking(char out[COMPLAINT_TRACKING_LEN + 1])
{
    memcpy(out, "ADU-", 4);
    for (int i = 4; i < COMPLAINT_TRACKING_LEN; i++)
        out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[COMPLAINT_TRACKING_LEN] = '\0';
}

int
complaint_tracking_normalise(const char *typed, char out[COMPLAINT_TRACKING_LEN + 1])
{
    char buf[COMPLAINT_TRACKING_LEN + 1];
    size_t n = 0;
    if (!typed)
        return ZE_INVAL;
    for (const char *p = typed; *p; p++) {
        char ch = *p;
        if (ch == ' ' || ch == '-' || ch == '\t' || ch == '#')
            continue;
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        if (n >= COMPLAINT_TRACKING_LEN)
            return ZE_INVAL;
        buf[n++] = ch;
    }
    buf[n] = '\0';
    const char *code = buf;
    if (n == COMPLAINT_TRACKING_LEN - 1 && strncmp(buf, "ADU", 3) == 0)
        code = buf + 3;
    if (strlen(code) != COMPLAINT_TRACKING_LEN - 4)
        return ZE_INVAL;
    for (const char *p = code; *p; p++)
        if (!strchr(alphabet, *p))
            return ZE_INVAL;
    memcpy(out, "ADU-", 4);
    memcpy(out + 4, code, COMPLAINT_TRACKING_LEN - 4);
    out[COMPLAINT_TRACKING_LEN] = '\0';
    return 0;
}

/* --- reading a complaint ------------------------------------------------------------------------
 */

void
complaint_input_clear(struct complaint_input *in)
{
    free(in->subject);
    free(in->body);
    free(in->name);
    free(in->contact);
    in->subject = in->body = in->name = in->contact = NULL;
}

/* The value trimmed into a new string; "" when absent. */
static char *
trimmed(const char *s)
{
    if (!s)
        s = "";
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    return xstrndup(s, n);
}

static size_t
chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* Text of at most max characters, valid UTF-8, no control characters but line breaks and tabs
 * when multiline. */
static const char *
text_problem(const char *s, size_t max, bool multiline)
{
    if (!utf8_valid(s, strlen(s)))
        return "complaint.bad_text";
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 && !(multiline && (*p == '\n' || *p == '\r' || *p == '\t')))
            return "complaint.bad_text";
    if (chars(s) > max)
        return "complaint.too_long";
    return NULL;
}

static bool
yes(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0 ||
                 strcmp(v, "ya") == 0);
}

static void
copy_field(char *dst, size_t n, const char *src)
{
    char *t = trimmed(src);
    snprintf(dst, n, "%s", t);
    free(t);
}

int
complaint_read(const char *(*get)(void *, const char *), void *arg, bool officer,
               struct complaint_input *in, json_t *errs)
{
    memset(in, 0, sizeof *in); /* anything in it before is the caller's to clear */
    copy_field(in->klass, sizeof in->klass, get(arg, "kelas"));
    if (!*in->klass)
        json_object_set_new(errs, "kelas", json_string("complaint.class_required"));
    else if (!complaint_class_ok(in->klass))
        json_object_set_new(errs, "kelas", json_string("complaint.bad_option"));
    char *service = trimmed(get(arg, "layanan"));
    const char *p = text_problem(service, 120, false);
    if (p)
        json_object_set_new(errs, "layanan", json_string(p));
    snprintf(in->service, sizeof in->service, "%s", p ? "" : service);
    free(service);
    in->subject = trimmed(get(arg, "judul"));
    in->body = trimmed(get(arg, "isi"));
    if (!*in->subject)
        json_object_set_new(errs, "judul", json_string("complaint.subject_required"));
    else if ((p = text_problem(in->subject, COMPLAINT_SUBJECT_MAX, false)) != NULL)
        json_object_set_new(errs, "judul", json_string(p));
    if (!*in->body)
        json_object_set_new(errs, "isi", json_string("complaint.body_required"));
    else if ((p = text_problem(in->body, COMPLAINT_BODY_MAX, true)) != NULL)
        json_object_set_new(errs, "isi", json_string(p));
    in->anonymous = yes(get(arg, "anonim"));
    in->confidential = yes(get(arg, "rahasia"));
    if (in->anonymous) {
        /* nothing that identifies the complainant is kept, whatever was typed */
        in->name = xstrdup("");
        in->contact = xstrdup("");
    } else {
        in->name = trimmed(get(arg, "nama"));
        in->contact = trimmed(get(arg, "kontak"));
        if ((p = text_problem(in->name, COMPLAINT_NAME_MAX, false)) != NULL)
            json_object_set_new(errs, "nama", json_string(p));
        if ((p = text_problem(in->contact, COMPLAINT_CONTACT_MAX, false)) != NULL)
            json_object_set_new(errs, "kontak", json_string(p));
    }
    snprintf(in->channel, sizeof in->channel, "web");
    if (officer) {
        copy_field(in->channel, sizeof in->channel, get(arg, "kanal"));
        if (!complaint_channel_ok(in->channel))
            json_object_set_new(errs, "kanal", json_string("complaint.bad_option"));
        char *t = trimmed(get(arg, "tiket_lapor"));
        if ((p = text_problem(t, 60, false)) != NULL)
            json_object_set_new(errs, "tiket_lapor", json_string(p));
        else
            snprintf(in->lapor_ticket, sizeof in->lapor_ticket, "%s", t);
        free(t);
    }
    return json_object_size(errs) ? ZE_INVAL : 0;
}
