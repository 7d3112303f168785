/* grat_flow: the life of a gratification report and what comes in from forms, without a database.
 * The states and who may move a report between them; a report as the staff member types it; a
 * step of the UPG; Rupiah as people type it; the periods of the "laporan nihil" declarations.
 * Everything here reads untrusted input and is fuzzed (tests/fuzz/fuzz_grat_report.c), so it
 * never trusts a length, a code or a number it was given: codes are looked up in the settings,
 * texts are checked for UTF-8, control characters and length, amounts are parsed digit by digit
 * under GRAT_VALUE_MAX. Problems are English message ids (N_) for the form to translate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/xmem.h"
#include "grat.h"
#include "org/cal.h"

/*---- states and moves -------------------------------------------------------------------------*/

enum grat_state {
    ST_DIAJUKAN,
    ST_DIKEMBALIKAN,
    ST_DIVERIFIKASI,
    ST_DITERUSKAN,
    ST_DITETAPKAN,
    ST_SELESAI,
    ST_GUGUR,
    ST__MAX
};

static const char *const state_codes[ST__MAX] = {
    "diajukan",     /* ST_DIAJUKAN */
    "dikembalikan", /* ST_DIKEMBALIKAN */
    "diverifikasi", /* ST_DIVERIFIKASI */
    "diteruskan",   /* ST_DITERUSKAN */
    "ditetapkan",   /* ST_DITETAPKAN */
    "selesai",      /* ST_SELESAI */
    "gugur",        /* ST_GUGUR */
};

/* One allowed move; upg false: the reporter's. gugur is the system's (grat_store_lapse) and is
 * nobody's move here. */
struct move {
    enum grat_state from, to;
    bool upg;
};

static const struct move moves[] = {
    {ST_DIKEMBALIKAN, ST_DIAJUKAN, false},  /* the reporter completes it */
    {ST_DIAJUKAN, ST_DIVERIFIKASI, true},   /* complete */
    {ST_DIAJUKAN, ST_DIKEMBALIKAN, true},   /* returned with what is missing */
    {ST_DIVERIFIKASI, ST_DITERUSKAN, true}, /* forwarded to the KPK */
    {ST_DITERUSKAN, ST_DITETAPKAN, true},   /* the KPK's decree */
    {ST_DITETAPKAN, ST_SELESAI, true},      /* handed over, given back or paid for */
};

static int
state_index(const char *s)
{
    for (int i = 0; s && i < ST__MAX; i++)
        if (strcmp(state_codes[i], s) == 0)
            return i;
    return -1;
}

bool
grat_state_ok(const char *state)
{
    return state_index(state) >= 0;
}

bool
grat_transition_ok(const char *from, const char *to, bool upg)
{
    int f = state_index(from), t = state_index(to);
    if (f < 0 || t < 0)
        return false;
    for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
        if ((int)moves[i].from == f && (int)moves[i].to == t && moves[i].upg == upg)
            return true;
    return false;
}

size_t
grat_next_states(const char *state, bool upg, const char **out)
{
    int f = state_index(state);
    size_t n = 0;
    for (size_t i = 0; f >= 0 && i < sizeof moves / sizeof moves[0] && n < 2; i++)
        if ((int)moves[i].from == f && moves[i].upg == upg)
            out[n++] = state_codes[moves[i].to];
    return n;
}

const char *
grat_state_label(const char *state, const char *lang)
{
    return grat_label("states", state, lang);
}

/*---- texts ------------------------------------------------------------------------------------*/

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The value trimmed into a new string; "" when absent. */
static char *
trimmed(const char *s)
{
    if (!s)
        s = "";
    while (is_space(*s))
        s++;
    size_t n = strlen(s);
    while (n && is_space(s[n - 1]))
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

static const char *
too_long(size_t max)
{
    switch (max) {
    case 60:
        return N_("Keep this to at most 60 characters.");
    case 120:
        return N_("Keep this to at most 120 characters.");
    case GRAT_NAME_MAX:
        return N_("Keep this to at most 200 characters.");
    case GRAT_ADDR_MAX:
        return N_("Keep this to at most 500 characters.");
    default:
        return N_("Keep the text to at most 5,000 characters.");
    }
}

/* A text of at most max characters, valid UTF-8, without control characters (but line breaks and
 * tabs when multiline): NULL, or the message id of the problem. */
static const char *
text_problem(const char *s, size_t max, bool multiline)
{
    if (!utf8_valid(s, strlen(s)))
        return N_("The text contains characters that cannot be read.");
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 && !(multiline && (*p == '\n' || *p == '\r' || *p == '\t')))
            return N_("The text contains characters that cannot be read.");
    if (chars(s) > max) /* boundary: max characters pass, max + 1 do not */
        return too_long(max);
    return NULL;
}

static void
err(json_t *errs, const char *field, const char *msg)
{
    if (errs && !json_object_get(errs, field)) /* the first problem of a field is the one shown */
        json_object_set_new(errs, field, json_string(msg));
}

/* What a missing field's message says: which field, so that each link of the error summary is
 * understood on its own (WCAG 2.4.4); "Fill this in." only for a field not listed. */
static const struct {
    const char *field, *msg;
} missing_msgs[] = {
    {"jenis", N_("Choose whether you received or refused the gift.")},
    {"pemberi_nama", N_("Enter the giver's name.")},
    {"pemberi_jenis", N_("Choose who the giver is to you.")},
    {"peristiwa_jenis", N_("Choose the occasion of the gift.")},
    {"objek_jenis", N_("Choose the type of object.")},
    {"objek_uraian", N_("Describe the object.")},
    {"nilai", N_("Enter the object's estimated value in Rupiah.")},
    {"tanggal", N_("Enter the date the gift was received or refused.")},
    {"disimpan", N_("Choose where the object is kept.")},
    {"kekurangan", N_("Write what the report is missing.")},
    {"nomor_sk", N_("Enter the number of the KPK's decree.")},
    {"tanggal_sk", N_("Enter the date of the KPK's decree.")},
    {"status_kpk", N_("Choose the KPK's decision.")},
    {"kompensasi", N_("Enter the compensation in Rupiah.")},
    {"penyelesaian", N_("Choose how the matter ended.")},
};

static const char *
missing_msg(const char *field)
{
    for (size_t i = 0; i < sizeof missing_msgs / sizeof missing_msgs[0]; i++)
        if (strcmp(field, missing_msgs[i].field) == 0)
            return missing_msgs[i].msg;
    return N_("Fill this in.");
}

/* A text field into a new string (never NULL), checked; required ones must not be empty. */
static char *
text_field(const char *(*get)(void *, const char *), void *arg, const char *name, size_t max,
           bool multiline, bool required, json_t *errs)
{
    char *t = trimmed(get(arg, name));
    const char *p = NULL;
    if (!*t && required)
        p = missing_msg(name);
    else if (*t)
        p = text_problem(t, max, multiline);
    if (p) {
        err(errs, name, p);
        if (!utf8_valid(t, strlen(t))) /* nothing unreadable goes back into the form */
            t[0] = '\0';
    }
    return t;
}

/* A code from a list of the settings into dst; required ones must not be empty. */
static void
code_field(const char *(*get)(void *, const char *), void *arg, const char *name, const char *list,
           bool required, char *dst, size_t n, json_t *errs)
{
    char *t = trimmed(get(arg, name));
    if (!*t) {
        if (required)
            err(errs, name, missing_msg(name));
    } else if (strlen(t) >= n || !grat_code_ok(list, t)) {
        err(errs, name, N_("Choose one of the options."));
    } else {
        snprintf(dst, n, "%s", t);
    }
    free(t);
}

static bool
yes(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0 ||
                 strcmp(v, "ya") == 0);
}

/*---- Rupiah -----------------------------------------------------------------------------------*/

int
grat_parse_rupiah(const char *typed, int64_t *out)
{
    if (!typed)
        return ZE_INVAL;
    const char *p = typed, *end = typed + strlen(typed);
    while (p < end && is_space(*p))
        p++;
    while (end > p && is_space(end[-1]))
        end--;
    if ((end - p) >= 2 && (p[0] == 'R' || p[0] == 'r') && (p[1] == 'p' || p[1] == 'P')) {
        p += 2;
        if (p < end && *p == '.')
            p++;
        while (p < end && *p == ' ')
            p++;
    }
    /* ",00" or ",-" after the whole Rupiah: no sen are ever given */
    if (end - p >= 3 && end[-3] == ',' && end[-2] == '0' && end[-1] == '0')
        end -= 3;
    else if (end - p >= 2 && end[-2] == ',' && end[-1] == '-')
        end -= 2;
    if (p >= end || !(*p >= '0' && *p <= '9'))
        return ZE_INVAL;
    int64_t v = 0;
    int digits = 0, group = 0; /* digits in all, and since the last separator */
    bool separated = false;
    char sep = 0;
    for (; p < end; p++) {
        if (*p >= '0' && *p <= '9') {
            if (++digits > 16) /* boundary: GRAT_VALUE_MAX has 16 digits */
                return ZE_INVAL;
            v = v * 10 + (*p - '0');
            group++;
        } else if (*p == '.' || *p == ' ') {
            /* thousands separators: 1 to 3 digits first, then groups of exactly 3, one kind */
            if ((separated ? group != 3 : group > 3) || (sep && *p != sep))
                return ZE_INVAL;
            sep = *p;
            separated = true;
            group = 0;
        } else {
            return ZE_INVAL;
        }
    }
    if (separated && group != 3)
        return ZE_INVAL;
    if (v > GRAT_VALUE_MAX) /* boundary: GRAT_VALUE_MAX passes, one more does not */
        return ZE_INVAL;
    *out = v;
    return 0;
}

/*---- a report ---------------------------------------------------------------------------------*/

void
grat_input_clear(struct grat_input *in)
{
    char **texts[] = {
        &in->giver_name, &in->giver_institution, &in->giver_address, &in->giver_relation,
        &in->event,      &in->description,       &in->place,         &in->chronology};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        free(*texts[i]);
        *texts[i] = NULL;
    }
}

static void
amount_field(const char *(*get)(void *, const char *), void *arg, const char *name, bool required,
             int64_t *out, json_t *errs)
{
    char *t = trimmed(get(arg, name));
    *out = 0;
    if (!*t) {
        if (required)
            err(errs, name, missing_msg(name));
    } else if (grat_parse_rupiah(t, out) != 0) {
        *out = 0;
        err(errs, name, N_("Write the amount in whole Rupiah, for example 1.500.000."));
    }
    free(t);
}

int
grat_read(const char *(*get)(void *, const char *), void *arg, const char *today_day,
          struct grat_input *in, json_t *errs)
{
    memset(in, 0, sizeof *in); /* anything in it before is the caller's to clear */
    json_t *own = errs ? NULL : json_object();
    if (!errs)
        errs = own;
    code_field(get, arg, "jenis", "report_kinds", true, in->kind, sizeof in->kind, errs);
    bool refusal = strcmp(in->kind, "penolakan") == 0;
    in->giver_name = text_field(get, arg, "pemberi_nama", GRAT_NAME_MAX, false, true, errs);
    in->giver_institution =
        text_field(get, arg, "pemberi_instansi", GRAT_NAME_MAX, false, false, errs);
    in->giver_address = text_field(get, arg, "pemberi_alamat", GRAT_ADDR_MAX, true, false, errs);
    in->giver_relation =
        text_field(get, arg, "pemberi_hubungan", GRAT_NAME_MAX, false, false, errs);
    code_field(get, arg, "pemberi_jenis", "givers", true, in->giver_kind, sizeof in->giver_kind,
               errs);
    code_field(get, arg, "peristiwa_jenis", "events", true, in->event_kind, sizeof in->event_kind,
               errs);
    in->event = text_field(get, arg, "peristiwa", GRAT_NAME_MAX, false, false, errs);
    code_field(get, arg, "objek_jenis", "object_types", true, in->object_type,
               sizeof in->object_type, errs);
    in->cash = grat_object_is_cash(in->object_type);
    in->description = text_field(get, arg, "objek_uraian", GRAT_DESC_MAX, true, true, errs);
    amount_field(get, arg, "nilai", true, &in->value, errs);
    amount_field(get, arg, "total_tahun", false, &in->year_total, errs);

    char *day = trimmed(get(arg, "tanggal"));
    int64_t d, today;
    if (!*day) {
        err(errs, "tanggal", missing_msg("tanggal"));
    } else if (strlen(day) != 10 || cal_parse_date(day, &d) != 0) {
        err(errs, "tanggal", N_("Enter the date as YYYY-MM-DD."));
    } else if (today_day && cal_parse_date(today_day, &today) == 0 && d > today) {
        err(errs, "tanggal", N_("The date cannot be after today.")); /* boundary: today passes */
    } else {
        memcpy(in->received_day, day, 11);
    }
    free(day);

    in->place = text_field(get, arg, "tempat", GRAT_NAME_MAX, false, false, errs);
    /* a refused gift stayed with the giver: where it is kept is asked of a receipt only */
    code_field(get, arg, "disimpan", "kept_at", !refusal, in->kept_at, sizeof in->kept_at, errs);
    in->chronology = text_field(get, arg, "kronologi", GRAT_DESC_MAX, true, false, errs);
    in->wants_compensation = !refusal && yes(get(arg, "kompensasi"));
    int rc = json_object_size(errs) ? ZE_INVAL : 0;
    json_decref(own);
    return rc;
}

/*---- periods of the declarations --------------------------------------------------------------*/

void
grat_period_of(const char *day, char out[GRAT_PERIOD_LEN])
{
    int64_t d;
    out[0] = '\0';
    if (!day || cal_parse_date(day, &d) != 0)
        return;
    char iso[11];
    cal_format_date(d, iso);
    int year = cal_year_of(d), month = (iso[5] - '0') * 10 + (iso[6] - '0');
    if (year < CAL_MIN_YEAR || year > CAL_MAX_YEAR)
        return;
    if (strcmp(grat_nihil_period(), "tahun") == 0)
        snprintf(out, GRAT_PERIOD_LEN, "%04d", year);
    else
        snprintf(out, GRAT_PERIOD_LEN, "%04d-S%d", year, month <= 6 ? 1 : 2);
}

void
grat_period_prev(const char *period, char out[GRAT_PERIOD_LEN])
{
    out[0] = '\0';
    if (!period)
        return;
    size_t n = strlen(period);
    if (n != 4 && n != 7)
        return;
    int year = 0;
    for (size_t i = 0; i < 4; i++) {
        if (period[i] < '0' || period[i] > '9')
            return;
        year = year * 10 + (period[i] - '0');
    }
    if (year <= CAL_MIN_YEAR || year > CAL_MAX_YEAR) /* boundary: the calendar's years only */
        return;
    if (n == 4) {
        snprintf(out, GRAT_PERIOD_LEN, "%04d", year - 1);
    } else if (period[4] == '-' && period[5] == 'S' && (period[6] == '1' || period[6] == '2')) {
        if (period[6] == '2')
            snprintf(out, GRAT_PERIOD_LEN, "%04d-S1", year);
        else
            snprintf(out, GRAT_PERIOD_LEN, "%04d-S2", year - 1);
    }
}

/*---- a step of the UPG ------------------------------------------------------------------------*/

/* A text into a fixed buffer (which holds max characters of ASCII; longer UTF-8 is refused as too
 * long rather than cut). */
static void
step_text(const char *(*get)(void *, const char *), void *arg, const char *name, size_t max,
          bool multiline, bool required, char *dst, size_t n, json_t *errs)
{
    char *t = text_field(get, arg, name, max, multiline, required, errs);
    if (strlen(t) >= n) /* within max characters, but more bytes than the field holds */
        err(errs, name, too_long(max));
    else if (!json_object_get(errs, name))
        memcpy(dst, t, strlen(t) + 1);
    free(t);
}

static const char *const finish_codes[] = {"diserahkan", "dikembalikan", "dibayar"};

int
grat_step_read(const char *(*get)(void *, const char *), void *arg, const char *from,
               struct grat_step *step, json_t *errs)
{
    memset(step, 0, sizeof *step);
    json_t *own = errs ? NULL : json_object();
    if (!errs)
        errs = own;
    char *to = trimmed(get(arg, "status"));
    if (!*to || !grat_transition_ok(from, to, true))
        err(errs, "status", N_("This step is not possible from the report's current state."));
    else
        snprintf(step->to, sizeof step->to, "%s", to);
    free(to);
    if (strcmp(step->to, "dikembalikan") == 0) {
        step_text(get, arg, "kekurangan", GRAT_DESC_MAX, true, true, step->missing,
                  sizeof step->missing, errs);
    } else if (strcmp(step->to, "diteruskan") == 0) {
        step_text(get, arg, "nomor_kpk", 60, false, false, step->kpk_number,
                  sizeof step->kpk_number, errs);
    } else if (strcmp(step->to, "ditetapkan") == 0) {
        step_text(get, arg, "nomor_sk", 120, false, true, step->decree_number,
                  sizeof step->decree_number, errs);
        char *day = trimmed(get(arg, "tanggal_sk"));
        int64_t d;
        if (!*day)
            err(errs, "tanggal_sk", missing_msg("tanggal_sk"));
        else if (strlen(day) != 10 || cal_parse_date(day, &d) != 0)
            err(errs, "tanggal_sk", N_("Enter the date as YYYY-MM-DD."));
        else
            memcpy(step->decree_day, day, 11);
        free(day);
        code_field(get, arg, "status_kpk", "outcomes", true, step->outcome, sizeof step->outcome,
                   errs);
        if (strcmp(step->outcome, "milik_negara_kompensasi") == 0)
            amount_field(get, arg, "kompensasi", true, &step->compensation, errs);
    } else if (strcmp(step->to, "selesai") == 0) {
        char *how = trimmed(get(arg, "penyelesaian"));
        bool ok = false;
        for (size_t i = 0; i < sizeof finish_codes / sizeof finish_codes[0]; i++)
            ok = ok || strcmp(how, finish_codes[i]) == 0;
        if (!ok)
            err(errs, "penyelesaian",
                *how ? N_("Choose one of the options.") : missing_msg("penyelesaian"));
        else
            snprintf(step->finish_how, sizeof step->finish_how, "%s", how);
        free(how);
    }
    step_text(get, arg, "catatan", GRAT_DESC_MAX, true, false, step->note, sizeof step->note, errs);
    int rc = json_object_size(errs) ? ZE_INVAL : 0;
    json_decref(own);
    return rc;
}
