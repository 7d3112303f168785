/* Gratification reports without a database (src/grat/grat_flow.c): every move between the states,
 * allowed or refused, for the reporter and for the UPG; a report read from a form, good and bad
 * field by field (missing, unknown code, too long, unreadable, a date after today); Rupiah as
 * people type it; a UPG step for each target state; the periods of the nihil declarations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include "core/err.h"
#include "grat/grat.h"

static const char *const states[] = {"diajukan",   "dikembalikan", "diverifikasi", "diteruskan",
                                     "ditetapkan", "selesai",      "gugur"};
enum { NSTATES = sizeof states / sizeof states[0] };

/* --- a form ---------------------------------------------------------------------------------- */

enum { FIELDS_MAX = 32 };
struct form {
    const char *name[FIELDS_MAX];
    const char *value[FIELDS_MAX];
    size_t n;
};

static const char *
form_get(void *arg, const char *name)
{
    struct form *f = arg;
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->name[i], name) == 0)
            return f->value[i];
    return NULL;
}

/* Sets name to value (NULL removes it). */
static void
form_set(struct form *f, const char *name, const char *value)
{
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(f->name[i], name) == 0) {
            if (value) {
                f->value[i] = value;
            } else {
                f->name[i] = f->name[f->n - 1];
                f->value[i] = f->value[f->n - 1];
                f->n--;
            }
            return;
        }
    }
    if (value) {
        assert_true(f->n < FIELDS_MAX);
        f->name[f->n] = name;
        f->value[f->n++] = value;
    }
}

/* A complete report of a wedding gift. */
static struct form
good_report(void)
{
    struct form f = {0};
    form_set(&f, "jenis", "penerimaan");
    form_set(&f, "pemberi_nama", "  Made Wirawan ");
    form_set(&f, "pemberi_instansi", "CV Sinar Dewata");
    form_set(&f, "pemberi_alamat", "Jl. Gajah Mada 12,\nSemarapura");
    form_set(&f, "pemberi_hubungan", "Calon penyedia");
    form_set(&f, "pemberi_jenis", "lainnya");
    form_set(&f, "peristiwa_jenis", "upacara");
    form_set(&f, "peristiwa", "Pernikahan putri pelapor");
    form_set(&f, "objek_jenis", "barang");
    form_set(&f, "objek_uraian", "Satu set peralatan makan perak");
    form_set(&f, "nilai", "Rp 2.500.000");
    form_set(&f, "tanggal", "2026-03-02");
    form_set(&f, "tempat", "Semarapura");
    form_set(&f, "disimpan", "upg");
    form_set(&f, "kronologi", "Diantar ke rumah oleh kurir.");
    form_set(&f, "kompensasi", "1");
    form_set(&f, "total_tahun", "500.000");
    return f;
}

#define TODAY "2026-03-10"

/* Reads f and asserts the outcome: NULL for no problem, else the one field with a problem. */
static void
read_expect(struct form *f, const char *field)
{
    struct grat_input in;
    json_t *errs = json_object();
    int rc = grat_read(form_get, f, TODAY, &in, errs);
    if (!field) {
        if (rc != 0) {
            char *d = json_dumps(errs, 0);
            fail_msg("unexpected problems: %s", d);
        }
        assert_int_equal(json_object_size(errs), 0);
    } else {
        assert_int_equal(rc, ZE_INVAL);
        if (!json_is_string(json_object_get(errs, field))) {
            char *d = json_dumps(errs, 0);
            fail_msg("no problem with %s: %s", field, d);
        }
        assert_int_equal(json_object_size(errs), 1);
    }
    /* every text is there after a read, good or bad, so a form can be shown again */
    assert_non_null(in.giver_name);
    assert_non_null(in.giver_institution);
    assert_non_null(in.giver_address);
    assert_non_null(in.giver_relation);
    assert_non_null(in.event);
    assert_non_null(in.description);
    assert_non_null(in.place);
    assert_non_null(in.chronology);
    grat_input_clear(&in);
    assert_null(in.giver_name);
    json_decref(errs);
}

static char *
repeat(const char *unit, size_t n)
{
    size_t len = strlen(unit);
    char *s = malloc(len * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * len, unit, len);
    s[len * n] = '\0';
    return s;
}

/* --- states ---------------------------------------------------------------------------------- */

static bool
allowed(const char *from, const char *to, bool upg)
{
    static const struct {
        const char *from, *to;
        bool upg;
    } moves[] = {
        {"dikembalikan", "diajukan", false}, {"diajukan", "diverifikasi", true},
        {"diajukan", "dikembalikan", true},  {"diverifikasi", "diteruskan", true},
        {"diteruskan", "ditetapkan", true},  {"ditetapkan", "selesai", true},
    };
    for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
        if (strcmp(moves[i].from, from) == 0 && strcmp(moves[i].to, to) == 0 && moves[i].upg == upg)
            return true;
    return false;
}

static void
every_move_is_allowed_or_refused(void **state)
{
    (void)state;
    int yes = 0;
    for (size_t f = 0; f < NSTATES; f++)
        for (size_t t = 0; t < NSTATES; t++)
            for (int upg = 0; upg < 2; upg++) {
                bool want = allowed(states[f], states[t], upg);
                if (grat_transition_ok(states[f], states[t], upg) != want)
                    fail_msg("%s -> %s (%s): want %s", states[f], states[t],
                             upg ? "UPG" : "reporter", want ? "allowed" : "refused");
                yes += want;
            }
    assert_int_equal(yes, 6);
    /* gugur is the sweep's, nobody's move; nothing leaves selesai or gugur */
    assert_false(grat_transition_ok("dikembalikan", "gugur", true));
    assert_false(grat_transition_ok("dikembalikan", "gugur", false));
    assert_false(grat_transition_ok("diajukan", "diajukan", true));
    assert_false(grat_transition_ok(NULL, "diajukan", false));
    assert_false(grat_transition_ok("diajukan", NULL, true));
    assert_false(grat_transition_ok("baru", "diajukan", true));
    assert_false(grat_transition_ok("DIAJUKAN", "diverifikasi", true));
}

static void
next_states_and_labels(void **state)
{
    (void)state;
    const char *out[2];
    assert_int_equal(grat_next_states("diajukan", true, out), 2);
    assert_string_equal(out[0], "diverifikasi");
    assert_string_equal(out[1], "dikembalikan");
    assert_int_equal(grat_next_states("diajukan", false, out), 0);
    assert_int_equal(grat_next_states("dikembalikan", false, out), 1);
    assert_string_equal(out[0], "diajukan");
    assert_int_equal(grat_next_states("dikembalikan", true, out), 0);
    assert_int_equal(grat_next_states("diverifikasi", true, out), 1);
    assert_string_equal(out[0], "diteruskan");
    assert_int_equal(grat_next_states("diteruskan", true, out), 1);
    assert_string_equal(out[0], "ditetapkan");
    assert_int_equal(grat_next_states("ditetapkan", true, out), 1);
    assert_string_equal(out[0], "selesai");
    assert_int_equal(grat_next_states("selesai", true, out), 0);
    assert_int_equal(grat_next_states("gugur", true, out), 0);
    assert_int_equal(grat_next_states("nope", true, out), 0);
    for (size_t i = 0; i < NSTATES; i++) {
        assert_true(grat_state_ok(states[i]));
        /* each state has its own label in both languages */
        assert_string_not_equal(grat_state_label(states[i], "id"), states[i]);
        assert_string_not_equal(grat_state_label(states[i], "en"), states[i]);
        assert_string_not_equal(grat_state_label(states[i], "id"),
                                grat_state_label(states[i], "en"));
    }
    assert_false(grat_state_ok("terbuka"));
    assert_false(grat_state_ok(""));
    assert_false(grat_state_ok(NULL));
    assert_string_equal(grat_state_label("diteruskan", "id"), "Diteruskan ke KPK");
    assert_string_equal(grat_state_label("diteruskan", "en"), "Forwarded to the KPK");
    assert_string_equal(grat_state_label("nope", "id"), "nope");
}

/* --- a report -------------------------------------------------------------------------------- */

static void
a_good_report_is_read_whole(void **state)
{
    (void)state;
    struct form f = good_report();
    struct grat_input in;
    json_t *errs = json_object();
    assert_int_equal(grat_read(form_get, &f, TODAY, &in, errs), 0);
    assert_string_equal(in.kind, "penerimaan");
    assert_string_equal(in.giver_name, "Made Wirawan"); /* trimmed */
    assert_string_equal(in.giver_institution, "CV Sinar Dewata");
    assert_string_equal(in.giver_address, "Jl. Gajah Mada 12,\nSemarapura");
    assert_string_equal(in.giver_relation, "Calon penyedia");
    assert_string_equal(in.giver_kind, "lainnya");
    assert_string_equal(in.event_kind, "upacara");
    assert_string_equal(in.event, "Pernikahan putri pelapor");
    assert_string_equal(in.object_type, "barang");
    assert_string_equal(in.description, "Satu set peralatan makan perak");
    assert_true(in.value == 2500000);
    assert_true(in.year_total == 500000);
    assert_string_equal(in.received_day, "2026-03-02");
    assert_string_equal(in.place, "Semarapura");
    assert_string_equal(in.kept_at, "upg");
    assert_string_equal(in.chronology, "Diantar ke rumah oleh kurir.");
    assert_true(in.wants_compensation);
    assert_false(in.cash);
    grat_input_clear(&in);
    grat_input_clear(&in); /* twice is harmless */

    /* cash follows the object type; optional fields may be left out */
    form_set(&f, "objek_jenis", "uang");
    form_set(&f, "total_tahun", NULL);
    form_set(&f, "pemberi_instansi", NULL);
    form_set(&f, "kronologi", "");
    form_set(&f, "kompensasi", NULL);
    assert_int_equal(grat_read(form_get, &f, TODAY, &in, errs), 0);
    assert_true(in.cash);
    assert_true(in.year_total == 0);
    assert_string_equal(in.giver_institution, "");
    assert_string_equal(in.chronology, "");
    assert_false(in.wants_compensation);
    grat_input_clear(&in);

    /* today itself is fine; errs may be NULL */
    form_set(&f, "tanggal", TODAY);
    assert_int_equal(grat_read(form_get, &f, TODAY, &in, NULL), 0);
    grat_input_clear(&in);
    form_set(&f, "tanggal", "2026-03-11");
    assert_int_equal(grat_read(form_get, &f, TODAY, &in, NULL), ZE_INVAL);
    grat_input_clear(&in);
    assert_int_equal(json_object_size(errs), 0);
    json_decref(errs);
}

static void
a_refusal_keeps_nothing(void **state)
{
    (void)state;
    struct form f = good_report();
    form_set(&f, "jenis", "penolakan");
    form_set(&f, "disimpan", NULL);
    struct grat_input in;
    assert_int_equal(grat_read(form_get, &f, TODAY, &in, NULL), 0);
    assert_string_equal(in.kind, "penolakan");
    assert_string_equal(in.kept_at, "");
    assert_false(in.wants_compensation); /* nothing to keep against payment */
    grat_input_clear(&in);
    form_set(&f, "disimpan", "di-rumah");
    read_expect(&f, "disimpan");
    /* a receipt must say where the object is */
    f = good_report();
    form_set(&f, "disimpan", NULL);
    read_expect(&f, "disimpan");
}

static void
each_field_is_checked(void **state)
{
    (void)state;
    static const char *const required[] = {"jenis",           "pemberi_nama", "pemberi_jenis",
                                           "peristiwa_jenis", "objek_jenis",  "objek_uraian",
                                           "nilai",           "tanggal",      "disimpan"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        struct form f = good_report();
        form_set(&f, required[i], NULL);
        read_expect(&f, required[i]);
        f = good_report();
        form_set(&f, required[i], "   "); /* blank is missing */
        read_expect(&f, required[i]);
    }
    static const char *const codes[] = {"jenis", "pemberi_jenis", "peristiwa_jenis", "objek_jenis",
                                        "disimpan"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        struct form f = good_report();
        form_set(&f, codes[i], "tidak-ada");
        read_expect(&f, codes[i]);
        form_set(&f, codes[i], "lainnya-sekali-yang-sangat-panjang-sekali");
        read_expect(&f, codes[i]);
    }
    /* lengths in characters: the limit passes, one more does not */
    static const struct {
        const char *field;
        size_t max;
    } lengths[] = {
        {"pemberi_nama", GRAT_NAME_MAX},     {"pemberi_instansi", GRAT_NAME_MAX},
        {"pemberi_hubungan", GRAT_NAME_MAX}, {"peristiwa", GRAT_NAME_MAX},
        {"tempat", GRAT_NAME_MAX},           {"pemberi_alamat", GRAT_ADDR_MAX},
        {"objek_uraian", GRAT_DESC_MAX},     {"kronologi", GRAT_DESC_MAX},
    };
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        struct form f = good_report();
        char *ok = repeat("é", lengths[i].max), *over = repeat("a", lengths[i].max + 1);
        form_set(&f, lengths[i].field, ok);
        read_expect(&f, NULL);
        form_set(&f, lengths[i].field, over);
        read_expect(&f, lengths[i].field);
        free(ok);
        free(over);
    }
    /* unreadable text, control characters; a line break only where lines are expected */
    struct form f = good_report();
    form_set(&f, "pemberi_nama", "Made \xff Wirawan");
    read_expect(&f, "pemberi_nama");
    form_set(&f, "pemberi_nama", "Made\x01Wirawan");
    read_expect(&f, "pemberi_nama");
    form_set(&f, "pemberi_nama", "Made\nWirawan");
    read_expect(&f, "pemberi_nama");
    f = good_report();
    form_set(&f, "kronologi", "Baris satu\r\nBaris dua\tdengan tab");
    read_expect(&f, NULL);
    form_set(&f, "kronologi", "Baris\x07");
    read_expect(&f, "kronologi");
    /* dates */
    static const char *const bad_days[] = {"2026-03-11", "2027-01-01", "2026-02-30",  "02-03-2026",
                                           "2026-3-2",   "kemarin",    "2026-03-02x", "1999-12-31"};
    for (size_t i = 0; i < sizeof bad_days / sizeof bad_days[0]; i++) {
        f = good_report();
        form_set(&f, "tanggal", bad_days[i]);
        read_expect(&f, "tanggal");
    }
    /* amounts */
    static const char *const bad_values[] = {
        "1,5 juta", "-5",           "satu juta", "1.5",
        "Rp",       "1.500.000,50", "12.34.567", "1000000000000001"};
    for (size_t i = 0; i < sizeof bad_values / sizeof bad_values[0]; i++) {
        f = good_report();
        form_set(&f, "nilai", bad_values[i]);
        read_expect(&f, "nilai");
        form_set(&f, "nilai", "1000");
        form_set(&f, "total_tahun", bad_values[i]);
        read_expect(&f, "total_tahun");
    }
    /* everything wrong at once: one problem per field */
    struct form empty = {0};
    struct grat_input in;
    json_t *errs = json_object();
    assert_int_equal(grat_read(form_get, &empty, TODAY, &in, errs), ZE_INVAL);
    assert_int_equal(json_object_size(errs), 9);
    grat_input_clear(&in);
    json_decref(errs);
}

static void
rupiah_as_typed(void **state)
{
    (void)state;
    static const struct {
        const char *typed;
        int64_t want;
    } good[] = {
        {"0", 0},
        {"1500000", 1500000},
        {"1.500.000", 1500000},
        {"1 500 000", 1500000},
        {"Rp1.500.000", 1500000},
        {"Rp 1.500.000", 1500000},
        {"Rp. 1.500.000", 1500000},
        {"rp1500000", 1500000},
        {"1.500.000,00", 1500000},
        {"Rp 1.500.000,-", 1500000},
        {"  750.000  ", 750000},
        {"999", 999},
        {"1.000", 1000},
        {"1000000000000000", GRAT_VALUE_MAX},
        {"1.000.000.000.000.000", GRAT_VALUE_MAX},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int64_t v = -1;
        if (grat_parse_rupiah(good[i].typed, &v) != 0 || v != good[i].want)
            fail_msg("'%s': got %lld", good[i].typed, (long long)v);
    }
    static const char *const bad[] = {
        "",
        " ",
        "1,5 juta",
        "-5",
        "+5",
        "1.5",
        "1.50.000",
        "1500.000.0",
        "1.500 000",
        "1..500",
        ".500",
        "500.",
        "Rp",
        "Rp.",
        "Rp -5",
        "Rp1,5",
        "1.500.000,50",
        "1.500.000,0",
        "1,00,00",
        "USD 5",
        "5 rupiah",
        "1e6",
        "0x10",
        "1000000000000001",
        "1.000.000.000.000.001",
        "99999999999999999999",
        "１２３",
        "1\t000",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t v = 42;
        if (grat_parse_rupiah(bad[i], &v) != ZE_INVAL)
            fail_msg("'%s' was accepted as %lld", bad[i], (long long)v);
        assert_true(v == 42); /* nothing written on failure */
    }
    int64_t v;
    assert_int_equal(grat_parse_rupiah(NULL, &v), ZE_INVAL);
}

/* --- a step of the UPG ----------------------------------------------------------------------- */

static int
step(struct form *f, const char *from, struct grat_step *s, json_t **errs)
{
    *errs = json_object();
    return grat_step_read(form_get, f, from, s, *errs);
}

static void
step_expect(struct form *f, const char *from, const char *field)
{
    struct grat_step s;
    json_t *errs;
    int rc = step(f, from, &s, &errs);
    if (!field) {
        if (rc != 0)
            fail_msg("unexpected problems: %s", json_dumps(errs, 0));
    } else {
        assert_int_equal(rc, ZE_INVAL);
        if (!json_object_get(errs, field))
            fail_msg("no problem with %s: %s", field, json_dumps(errs, 0));
    }
    json_decref(errs);
}

static void
a_step_for_each_target(void **state)
{
    (void)state;
    struct grat_step s;
    json_t *errs;

    /* verify: nothing but the note */
    struct form f = {0};
    form_set(&f, "status", "diverifikasi");
    form_set(&f, "catatan", "Lengkap.");
    form_set(&f, "kekurangan", "ignored here");
    assert_int_equal(step(&f, "diajukan", &s, &errs), 0);
    assert_string_equal(s.to, "diverifikasi");
    assert_string_equal(s.note, "Lengkap.");
    assert_string_equal(s.missing, "");
    json_decref(errs);
    /* not from another state, and not a move the reporter makes */
    step_expect(&f, "diverifikasi", "status");
    step_expect(&f, "selesai", "status");
    form_set(&f, "status", "diajukan");
    step_expect(&f, "dikembalikan", "status");
    form_set(&f, "status", "gugur");
    step_expect(&f, "dikembalikan", "status");
    form_set(&f, "status", NULL);
    step_expect(&f, "diajukan", "status");

    /* return: what is missing is required */
    f = (struct form){0};
    form_set(&f, "status", "dikembalikan");
    step_expect(&f, "diajukan", "kekurangan");
    form_set(&f, "kekurangan", "Foto objek dan\nalamat pemberi.");
    assert_int_equal(step(&f, "diajukan", &s, &errs), 0);
    assert_string_equal(s.to, "dikembalikan");
    assert_string_equal(s.missing, "Foto objek dan\nalamat pemberi.");
    json_decref(errs);
    char *over = repeat("x", GRAT_DESC_MAX + 1);
    form_set(&f, "kekurangan", over);
    step_expect(&f, "diajukan", "kekurangan");
    form_set(&f, "kekurangan", "ok");
    form_set(&f, "catatan", over);
    step_expect(&f, "diajukan", "catatan");
    free(over);

    /* forward: the KPK's number is optional, at most 60 characters */
    f = (struct form){0};
    form_set(&f, "status", "diteruskan");
    assert_int_equal(step(&f, "diverifikasi", &s, &errs), 0);
    assert_string_equal(s.kpk_number, "");
    json_decref(errs);
    form_set(&f, "nomor_kpk", " GOL-2026-000123 ");
    assert_int_equal(step(&f, "diverifikasi", &s, &errs), 0);
    assert_string_equal(s.kpk_number, "GOL-2026-000123");
    json_decref(errs);
    char *k61 = repeat("9", 61), *k60 = repeat("9", 60);
    form_set(&f, "nomor_kpk", k60);
    step_expect(&f, "diverifikasi", NULL);
    form_set(&f, "nomor_kpk", k61);
    step_expect(&f, "diverifikasi", "nomor_kpk");
    free(k60);
    free(k61);

    /* decision: number, day, outcome; compensation only for milik_negara_kompensasi */
    f = (struct form){0};
    form_set(&f, "status", "ditetapkan");
    form_set(&f, "nomor_sk", "1234/GRA.00/2026");
    form_set(&f, "tanggal_sk", "2026-04-01");
    form_set(&f, "status_kpk", "milik_penerima");
    form_set(&f, "kompensasi", "Rp 9.999");
    assert_int_equal(step(&f, "diteruskan", &s, &errs), 0);
    assert_string_equal(s.decree_number, "1234/GRA.00/2026");
    assert_string_equal(s.decree_day, "2026-04-01");
    assert_string_equal(s.outcome, "milik_penerima");
    assert_true(s.compensation == 0);
    json_decref(errs);
    form_set(&f, "status_kpk", "milik_negara_kompensasi");
    assert_int_equal(step(&f, "diteruskan", &s, &errs), 0);
    assert_true(s.compensation == 9999);
    json_decref(errs);
    form_set(&f, "kompensasi", "sembilan ribu");
    step_expect(&f, "diteruskan", "kompensasi");
    form_set(&f, "kompensasi", NULL);
    step_expect(&f, "diteruskan", "kompensasi");
    form_set(&f, "status_kpk", "milik_siapa");
    step_expect(&f, "diteruskan", "status_kpk");
    form_set(&f, "status_kpk", "milik_negara");
    form_set(&f, "tanggal_sk", "1 April 2026");
    step_expect(&f, "diteruskan", "tanggal_sk");
    form_set(&f, "tanggal_sk", "2026-04-01");
    form_set(&f, "nomor_sk", "");
    step_expect(&f, "diteruskan", "nomor_sk");

    /* closing: how it ended */
    f = (struct form){0};
    form_set(&f, "status", "selesai");
    step_expect(&f, "ditetapkan", "penyelesaian");
    form_set(&f, "penyelesaian", "dibuang");
    step_expect(&f, "ditetapkan", "penyelesaian");
    static const char *const how[] = {"diserahkan", "dikembalikan", "dibayar"};
    for (size_t i = 0; i < 3; i++) {
        form_set(&f, "penyelesaian", how[i]);
        form_set(&f, "catatan", "Berita acara serah terima");
        assert_int_equal(step(&f, "ditetapkan", &s, &errs), 0);
        assert_string_equal(s.finish_how, how[i]);
        assert_string_equal(s.note, "Berita acara serah terima");
        json_decref(errs);
    }
    /* errs may be NULL */
    assert_int_equal(grat_step_read(form_get, &f, "ditetapkan", &s, NULL), 0);
    assert_int_equal(grat_step_read(form_get, &f, "diajukan", &s, NULL), ZE_INVAL);
}

/* --- periods --------------------------------------------------------------------------------- */

static void
periods(void **state)
{
    (void)state;
    char p[GRAT_PERIOD_LEN];
    assert_string_equal(grat_nihil_period(), "semester"); /* the shipped setting */
    grat_period_of("2026-01-01", p);
    assert_string_equal(p, "2026-S1");
    grat_period_of("2026-06-30", p);
    assert_string_equal(p, "2026-S1");
    grat_period_of("2026-07-01", p);
    assert_string_equal(p, "2026-S2");
    grat_period_of("2026-12-31", p);
    assert_string_equal(p, "2026-S2");
    grat_period_of("2026-13-01", p);
    assert_string_equal(p, "");
    grat_period_of(NULL, p);
    assert_string_equal(p, "");
    grat_period_prev("2026-S2", p);
    assert_string_equal(p, "2026-S1");
    grat_period_prev("2026-S1", p);
    assert_string_equal(p, "2025-S2");
    grat_period_prev("2026", p);
    assert_string_equal(p, "2025");
    static const char *const bad[] = {"",     "2026-S3",  "2026-s1", "26-S1", "2026-",
                                      "20x6", "2026-S12", "2000",    "9999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        grat_period_prev(bad[i], p);
        if (*p)
            fail_msg("'%s' gave '%s'", bad[i], p);
    }
    grat_period_prev(NULL, p);
    assert_string_equal(p, "");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_move_is_allowed_or_refused),
        cmocka_unit_test(next_states_and_labels),
        cmocka_unit_test(a_good_report_is_read_whole),
        cmocka_unit_test(a_refusal_keeps_nothing),
        cmocka_unit_test(each_field_is_checked),
        cmocka_unit_test(rupiah_as_typed),
        cmocka_unit_test(a_step_for_each_target),
        cmocka_unit_test(periods),
    };
    return cmocka_run_group_tests_name("grat_flow", tests, NULL, NULL);
}
