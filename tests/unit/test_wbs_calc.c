/* test_wbs_calc: what the whistleblowing channel decides without a database: which moves a case
 * may make, the working-day clocks of each stage on the shipped calendar (across Nyepi and
 * Idulfitri 2026), the reading of a report (what is refused, and that an anonymous report keeps
 * no identity), the JSON that gets sealed, the typed proof of work, the statistics cells and the
 * settings the environment overrides. */
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

#include "core/buf.h"
#include "core/config.h"
#include "core/err.h"
#include "org/cal.h"
#include "wbs/wbs.h"

static struct cal shipped;

static const char *const all_states[] = {"diterima",    "ditelaah", "diinvestigasi",
                                         "dilimpahkan", "terbukti", "tidak_terbukti",
                                         "selesai"};
enum { NSTATES = sizeof all_states / sizeof all_states[0] };

struct pairs {
    const char *const *kv; /* name, value, ..., NULL */
};

static const char *
get(void *arg, const char *name)
{
    const struct pairs *p = arg;
    for (size_t i = 0; p->kv[i]; i += 2)
        if (strcmp(p->kv[i], name) == 0)
            return p->kv[i + 1];
    return NULL;
}

/* Reads kv; returns wbs_read's code, the errors in *errs (caller drops them) and in *in. */
static int
read_pairs(const char *const *kv, struct wbs_input *in, json_t **errs)
{
    struct pairs p = {kv};
    *errs = json_object();
    return wbs_read(get, &p, in, *errs);
}

static const char *
err_of(const json_t *errs, const char *field)
{
    return json_string_value(json_object_get(errs, field));
}

/* s repeated n times, malloc'd. */
static char *
repeat(const char *s, size_t n)
{
    size_t k = strlen(s);
    char *out = malloc(k * n + 1);
    assert_non_null(out);
    for (size_t i = 0; i < n; i++)
        memcpy(out + i * k, s, k);
    out[k * n] = '\0';
    return out;
}

/*---- states ----------------------------------------------------------------------------------*/

static void
every_pair_of_states_is_allowed_or_refused_as_the_header_says(void **state)
{
    (void)state;
    /* allowed[from][to], in the order of all_states */
    static const bool allowed[NSTATES][NSTATES] = {
        /* diterima */ {false, true, false, false, false, false, false},
        /* ditelaah */ {false, false, true, true, false, false, true},
        /* diinvestigasi */ {false, false, false, true, true, true, false},
        /* dilimpahkan */ {false, false, false, false, false, false, true},
        /* terbukti */ {false, false, false, false, false, false, true},
        /* tidak_terbukti */ {false, false, false, false, false, false, true},
        /* selesai */ {false, false, false, false, false, false, false},
    };
    for (size_t i = 0; i < NSTATES; i++) {
        assert_true(wbs_state_ok(all_states[i]));
        for (size_t j = 0; j < NSTATES; j++)
            if (wbs_transition_ok(all_states[i], all_states[j]) != allowed[i][j])
                fail_msg("%s -> %s should be %s", all_states[i], all_states[j],
                         allowed[i][j] ? "allowed" : "refused");
        assert_false(wbs_transition_ok(all_states[i], "ditutup"));
        assert_false(wbs_transition_ok(all_states[i], NULL));
        assert_false(wbs_transition_ok("ditutup", all_states[i]));
        assert_false(wbs_transition_ok(NULL, all_states[i]));
    }
    assert_false(wbs_state_ok("Diterima"));
    assert_false(wbs_state_ok(""));
    assert_false(wbs_state_ok(NULL));
    /* the states the settings label are the states of the machine, in the same order */
    json_t *listed = json_object_get(wbs_settings(), "states");
    assert_int_equal(json_array_size(listed), NSTATES);
    for (size_t i = 0; i < NSTATES; i++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(listed, i), "code")),
                            all_states[i]);
}

static void
next_states_come_in_order(void **state)
{
    (void)state;
    const char *out[4];
    assert_int_equal(wbs_next_states("diterima", out), 1);
    assert_string_equal(out[0], "ditelaah");
    assert_int_equal(wbs_next_states("ditelaah", out), 3);
    assert_string_equal(out[0], "diinvestigasi");
    assert_string_equal(out[1], "dilimpahkan");
    assert_string_equal(out[2], "selesai");
    assert_int_equal(wbs_next_states("diinvestigasi", out), 3);
    assert_string_equal(out[0], "terbukti");
    assert_string_equal(out[1], "tidak_terbukti");
    assert_string_equal(out[2], "dilimpahkan");
    for (size_t i = 3; i < 6; i++) {
        assert_int_equal(wbs_next_states(all_states[i], out), 1);
        assert_string_equal(out[0], "selesai");
    }
    assert_int_equal(wbs_next_states("selesai", out), 0);
    assert_int_equal(wbs_next_states("ditutup", out), 0);
    assert_int_equal(wbs_next_states(NULL, out), 0);
    /* every state given is a move wbs_transition_ok allows */
    for (size_t i = 0; i < NSTATES; i++) {
        size_t n = wbs_next_states(all_states[i], out);
        for (size_t k = 0; k < n; k++)
            assert_true(wbs_transition_ok(all_states[i], out[k]));
    }
}

static void
labels_categories_and_referrals_come_from_the_settings(void **state)
{
    (void)state;
    assert_string_equal(wbs_label("states", "tidak_terbukti", "id"), "Tidak terbukti");
    assert_string_equal(wbs_label("states", "tidak_terbukti", "en"), "Not substantiated");
    assert_string_equal(wbs_label("states", "selesai", NULL), "Selesai");
    assert_string_equal(wbs_label("categories", "pungutan_liar", "en"), "Illegal levies");
    assert_string_equal(wbs_label("categories", "pungutan_liar", "id"), "Pungutan liar");
    assert_string_equal(wbs_label("referrals", "apip", "en"), "Internal government auditor (APIP)");
    assert_string_equal(wbs_label("referrals", "nope", "en"), "nope");
    assert_string_equal(wbs_label("referrals", NULL, "en"), "");

    assert_true(wbs_category_ok("korupsi"));
    assert_true(wbs_category_ok("pelanggaran_kode_etik"));
    assert_false(wbs_category_ok("Korupsi"));
    assert_false(wbs_category_ok(NULL));
    assert_string_equal(wbs_category_channel("gratifikasi"), "umum");
    assert_string_equal(wbs_category_channel("pelanggaran_kode_etik"), "etik");
    assert_null(wbs_category_channel("pemilu"));
    for (const char *const *r = (const char *const[]){"kpk", "apip", "dkpp", "kepolisian", NULL};
         *r; r++)
        assert_true(wbs_referral_ok(*r));
    assert_false(wbs_referral_ok("bawaslu"));
    assert_false(wbs_referral_ok(NULL));
}

/*---- clocks ----------------------------------------------------------------------------------*/

static void
stage_days_come_from_the_channel(void **state)
{
    (void)state;
    assert_int_equal(wbs_stage_days("umum", "diterima"), 3);
    assert_int_equal(wbs_stage_days("umum", "ditelaah"), 10);
    assert_int_equal(wbs_stage_days("umum", "diinvestigasi"), 30);
    assert_int_equal(wbs_stage_days("etik", "diinvestigasi"), 20);
    assert_int_equal(wbs_stage_days("etik", "dilimpahkan"), 10);
    assert_int_equal(wbs_stage_days("umum", "terbukti"), 10);
    assert_int_equal(wbs_stage_days("umum", "tidak_terbukti"), 5);
    assert_int_equal(wbs_stage_days("umum", "selesai"), 0);
    assert_int_equal(wbs_stage_days("umum", "reminder_days"), 0); /* not a state */
    assert_int_equal(wbs_stage_days("pemilu", "diterima"), 0);
    assert_int_equal(wbs_stage_days(NULL, "diterima"), 0);
    assert_int_equal(wbs_stage_days("umum", NULL), 0);
    assert_int_equal(wbs_retention_days("umum"), 1825);
    assert_int_equal(wbs_expiry_warning_days("etik"), 30);
    assert_int_equal(wbs_reminder_days("umum"), 2);
}

static void
due_dates_skip_nyepi_and_idulfitri_2026(void **state)
{
    (void)state;
    struct cal_rule five = {false, false};
    char due[11], remind[11];
    /* Tuesday 17 March 2026. Not working: 18 (cuti bersama Nyepi), 19 (Nyepi), 20 (cuti bersama
     * Idulfitri), 21-22 (Idulfitri, a weekend), 23-24 (cuti bersama); working again on 25. */
    assert_int_equal(wbs_stage_due(&shipped, &five, "umum", "diterima", "2026-03-17", due, remind),
                     0);
    assert_string_equal(due, "2026-03-27");    /* 25, 26, 27 */
    assert_string_equal(remind, "2026-03-25"); /* two working days back: 26, 25 */
    /* 10: 25, 26, 27, 30, 31, 1 Apr, 2, (3 Good Friday), 6, 7, 8 */
    assert_int_equal(wbs_stage_due(&shipped, &five, "umum", "ditelaah", "2026-03-17", due, remind),
                     0);
    assert_string_equal(due, "2026-04-08");
    assert_string_equal(remind, "2026-04-06");
    /* the ethics channel investigates in 20: ... 8, 9, 10, 13-17, 20, 21, 22 */
    assert_int_equal(
        wbs_stage_due(&shipped, &five, "etik", "diinvestigasi", "2026-03-17", due, remind), 0);
    assert_string_equal(due, "2026-04-22");
    assert_string_equal(remind, "2026-04-20");
    /* the general channel in 30: ... 23, 24, 27-30, (1 May), 4, 5, 6, 7 */
    assert_int_equal(
        wbs_stage_due(&shipped, &five, "umum", "diinvestigasi", "2026-03-17", due, remind), 0);
    assert_string_equal(due, "2026-05-07");
    assert_string_equal(remind, "2026-05-05");
    /* a reminder walks back over a holiday too: from Monday 30 March, 5 working days are 31,
     * 1 Apr, 2, (3 Good Friday, 4-5 weekend), 6, 7; two back are 6 and 2 */
    assert_int_equal(
        wbs_stage_due(&shipped, &five, "umum", "tidak_terbukti", "2026-03-30", due, remind), 0);
    assert_string_equal(due, "2026-04-07");
    assert_string_equal(remind, "2026-04-02");
    /* where cuti bersama is worked: 18 (1), 19 Nyepi, 20 (2), 23 (3) */
    struct cal_rule cuti = {false, true};
    assert_int_equal(wbs_stage_due(&shipped, &cuti, "umum", "diterima", "2026-03-17", due, remind),
                     0);
    assert_string_equal(due, "2026-03-23");
    assert_string_equal(remind, "2026-03-18"); /* 20, 18 */
    /* a report entered on a holiday starts counting after it */
    assert_int_equal(wbs_stage_due(&shipped, &five, "umum", "diterima", "2026-03-21", due, remind),
                     0);
    assert_string_equal(due, "2026-03-27");
    assert_string_equal(remind, "2026-03-25");
    /* selesai has no clock */
    assert_int_equal(wbs_stage_due(&shipped, &five, "umum", "selesai", "2026-03-17", due, remind),
                     0);
    assert_string_equal(due, "");
    assert_string_equal(remind, "");
    assert_int_equal(wbs_stage_due(&shipped, &five, "umum", "diterima", "2026-02-30", due, remind),
                     ZE_INVAL);
    assert_int_equal(
        wbs_stage_due(&shipped, &five, "pemilu", "diterima", "2026-03-17", due, remind), ZE_INVAL);
    assert_int_equal(wbs_stage_due(&shipped, &five, "umum", "ditutup", "2026-03-17", due, remind),
                     ZE_INVAL);
    assert_int_equal(wbs_stage_due(&shipped, &five, "umum", "diterima", NULL, due, remind),
                     ZE_INVAL);
}

/*---- reading ---------------------------------------------------------------------------------*/

static void
a_good_report_is_read_trimmed(void **state)
{
    (void)state;
    static const char *const kv[] = {
        "category",  " gratifikasi\n",
        "what",      "  Hadiah dari rekanan  ",
        "who",       "Kepala seksi",
        "when",      "Maret 2026",
        "narrative", "Baris satu.\r\n\tBaris dua \xe2\x80\x94 \xf0\x9f\x93\x9d",
        NULL};
    struct wbs_input in;
    json_t *errs;
    assert_int_equal(read_pairs(kv, &in, &errs), 0);
    assert_int_equal(json_object_size(errs), 0);
    assert_string_equal(in.category, "gratifikasi");
    assert_string_equal(in.what, "Hadiah dari rekanan");
    assert_string_equal(in.who, "Kepala seksi");
    assert_string_equal(in.when, "Maret 2026");
    assert_string_equal(in.where, "");
    assert_string_equal(in.why, "");
    assert_string_equal(in.how, "");
    assert_string_equal(in.narrative, "Baris satu.\r\n\tBaris dua \xe2\x80\x94 \xf0\x9f\x93\x9d");
    assert_false(in.identity);
    wbs_input_clear(&in);
    assert_null(in.what);
    assert_null(in.identity_name);
    assert_string_equal(in.category, "");
    json_decref(errs);
}

static void
an_anonymous_report_drops_what_identifies_the_reporter(void **state)
{
    (void)state;
    static const char *const kv[] = {"category",
                                     "korupsi",
                                     "what",
                                     "Mark-up",
                                     "where",
                                     "Gudang",
                                     "narrative",
                                     "Uraian",
                                     "identity",
                                     "0",
                                     "identity_name",
                                     "Budi",
                                     "identity_contact",
                                     "0812 345 678",
                                     "identity_note",
                                     "Sore saja",
                                     NULL};
    struct wbs_input in;
    json_t *errs;
    assert_int_equal(read_pairs(kv, &in, &errs), 0);
    assert_false(in.identity);
    assert_string_equal(in.identity_name, "");
    assert_string_equal(in.identity_contact, "");
    assert_string_equal(in.identity_note, "");
    struct buf id = BUF_INIT;
    wbs_identity_json(&in, &id);
    assert_string_equal(buf_cstr(&id), "{\"name\":\"\",\"contact\":\"\",\"note\":\"\"}");
    buf_free(&id);
    wbs_input_clear(&in);
    json_decref(errs);

    /* "true" and "1" ask for it; anything else does not */
    static const char *const named[] = {
        "category",         "korupsi",      "what",     "Mark-up", "where",         "Gudang",
        "narrative",        "Uraian",       "identity", "true",    "identity_name", " Budi ",
        "identity_contact", "0812 345 678", NULL};
    assert_int_equal(read_pairs(named, &in, &errs), 0);
    assert_true(in.identity);
    assert_string_equal(in.identity_name, "Budi");
    assert_string_equal(in.identity_contact, "0812 345 678");
    assert_string_equal(in.identity_note, "");
    wbs_identity_json(&in, &id);
    assert_string_equal(buf_cstr(&id),
                        "{\"name\":\"Budi\",\"contact\":\"0812 345 678\",\"note\":\"\"}");
    buf_free(&id);
    wbs_input_clear(&in);
    json_decref(errs);
}

static void
missing_and_unknown_answers_are_named(void **state)
{
    (void)state;
    static const char *const none[] = {NULL};
    struct wbs_input in;
    json_t *errs;
    assert_int_equal(read_pairs(none, &in, &errs), ZE_INVAL);
    assert_string_equal(err_of(errs, "category"),
                        "Please choose what kind of wrongdoing you are reporting.");
    assert_string_equal(err_of(errs, "what"), "Please say briefly what happened.");
    assert_string_equal(err_of(errs, "narrative"), "Please tell what happened in your own words.");
    assert_string_equal(err_of(errs, "who"),
                        "Please say who was involved or where it happened, or both.");
    assert_int_equal(json_object_size(errs), 4);
    wbs_input_clear(&in);
    json_decref(errs);

    static const char *const unknown[] = {"category", "pemilu",    "what", "x", "who",
                                          "y",        "narrative", "z",    NULL};
    assert_int_equal(read_pairs(unknown, &in, &errs), ZE_INVAL);
    assert_string_equal(err_of(errs, "category"),
                        "Please choose one of the kinds of wrongdoing listed.");
    assert_int_equal(json_object_size(errs), 1);
    assert_string_equal(in.category, "");
    assert_string_equal(in.what, "x"); /* kept for the form shown again */
    wbs_input_clear(&in);
    json_decref(errs);

    /* a code that only fits the buffer truncated is not taken for another */
    static const char *const longcat[] = {"category",  "korupsi_korupsi_korupsi_korupsi_korupsi",
                                          "what",      "x",
                                          "where",     "y",
                                          "narrative", "z",
                                          NULL};
    assert_int_equal(read_pairs(longcat, &in, &errs), ZE_INVAL);
    assert_non_null(err_of(errs, "category"));
    wbs_input_clear(&in);
    json_decref(errs);

    /* identity asked for but no name: blank after trimming */
    static const char *const noname[] = {
        "category",         "lainnya", "what",     "x", "who",           "y",
        "narrative",        "z",       "identity", "1", "identity_name", " \t ",
        "identity_contact", "a@b.id",  NULL};
    assert_int_equal(read_pairs(noname, &in, &errs), ZE_INVAL);
    assert_string_equal(err_of(errs, "identity_name"),
                        "Please give your name, or report without giving your identity.");
    assert_int_equal(json_object_size(errs), 1);
    assert_string_equal(in.identity_contact, "a@b.id");
    wbs_input_clear(&in);
    json_decref(errs);
}

/* A report whose answers are fine but field, which is value (the lookup finds it first). */
static int
read_with(const char *field, const char *value, bool identity, struct wbs_input *in, json_t **errs)
{
    const char *const kv[] = {field,           value,  "category", "korupsi",
                              "what",          "x",    "who",      "y",
                              "narrative",     "z",    "identity", identity ? "1" : "0",
                              "identity_name", "Budi", NULL};
    return read_pairs(kv, in, errs);
}

static void
lengths_are_counted_in_characters(void **state)
{
    (void)state;
    static const struct {
        const char *field;
        size_t max;
        bool identity;
        const char *msg;
    } cases[] = {
        {"what", WBS_FIELD_MAX, false, "Please shorten this answer to at most 2,000 characters."},
        {"how", WBS_FIELD_MAX, false, "Please shorten this answer to at most 2,000 characters."},
        {"narrative", WBS_NARRATIVE_MAX, false,
         "Please shorten the account to at most 20,000 characters."},
        {"identity_note", WBS_IDENTITY_MAX, true, "Please shorten this to at most 500 characters."},
    };
    /* two-, three- and four-byte characters: the limit is in code points, not bytes */
    static const char *const glyphs[] = {"\xc3\xa9", "\xe2\x80\x94", "\xf0\x9f\x93\x9d", "a"};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (size_t g = 0; g < sizeof glyphs / sizeof glyphs[0]; g++) {
            struct wbs_input in;
            json_t *errs;
            char *at = repeat(glyphs[g], cases[c].max);
            assert_int_equal(read_with(cases[c].field, at, cases[c].identity, &in, &errs), 0);
            wbs_input_clear(&in);
            json_decref(errs);
            char *over = repeat(glyphs[g], cases[c].max + 1);
            assert_int_equal(read_with(cases[c].field, over, cases[c].identity, &in, &errs),
                             ZE_INVAL);
            assert_string_equal(err_of(errs, cases[c].field), cases[c].msg);
            assert_int_equal(json_object_size(errs), 1);
            wbs_input_clear(&in);
            json_decref(errs);
            free(at);
            free(over);
        }
    }
}

static void
bad_characters_are_refused(void **state)
{
    (void)state;
    static const char *const bad_utf8[] = {
        "caf\xe9",             /* Latin-1 */
        "\xc3",                /* cut short */
        "\xc0\xaf",            /* overlong '/' */
        "\xed\xa0\x80",        /* a surrogate */
        "\xf4\x90\x80\x80",    /* above U+10FFFF */
        "ok \xff\xfe then ok", /* never valid */
    };
    const char *msg = "This text holds characters that cannot be used. Please type it again.";
    for (size_t i = 0; i < sizeof bad_utf8 / sizeof bad_utf8[0]; i++) {
        struct wbs_input in;
        json_t *errs;
        assert_int_equal(read_with("why", bad_utf8[i], false, &in, &errs), ZE_INVAL);
        assert_string_equal(err_of(errs, "why"), msg);
        assert_string_equal(in.why, ""); /* not kept: it could not be shown again */
        wbs_input_clear(&in);
        json_decref(errs);
    }
    static const char *const controls[] = {
        "a\001b", "bell\a", "esc\x1b[31m", "del\x7f", "c1 \xc2\x85 nel", "form\ffeed", "v\vtab"};
    for (size_t i = 0; i < sizeof controls / sizeof controls[0]; i++) {
        struct wbs_input in;
        json_t *errs;
        assert_int_equal(read_with("narrative", controls[i], false, &in, &errs), ZE_INVAL);
        assert_string_equal(err_of(errs, "narrative"), msg);
        wbs_input_clear(&in);
        json_decref(errs);
        assert_int_equal(read_with("identity_name", controls[i], true, &in, &errs), ZE_INVAL);
        assert_string_equal(err_of(errs, "identity_name"), msg);
        wbs_input_clear(&in);
        json_decref(errs);
    }
    /* line breaks and tabs inside are fine */
    struct wbs_input in;
    json_t *errs;
    assert_int_equal(read_with("where", "Lantai 2\r\n\tRuang 5", false, &in, &errs), 0);
    assert_string_equal(in.where, "Lantai 2\r\n\tRuang 5");
    wbs_input_clear(&in);
    json_decref(errs);
}

static void
content_json_round_trips(void **state)
{
    (void)state;
    static const char *const kv[] = {"category",  "benturan_kepentingan",
                                     "what",      "Pengadaan \"khusus\"",
                                     "who",       "PPK \\ panitia",
                                     "where",     "Kantor \xe2\x80\x94 lt. 3",
                                     "why",       "</script>",
                                     "how",       "Tab\there",
                                     "narrative", "Baris 1\nBaris 2 \xf0\x9f\x93\x9d",
                                     NULL};
    struct wbs_input in;
    json_t *errs;
    assert_int_equal(read_pairs(kv, &in, &errs), 0);
    struct buf out = BUF_INIT;
    buf_puts(&out, "prefix:"); /* appended, not replaced */
    wbs_content_json(&in, &out);
    assert_memory_equal(out.p, "prefix:{\"what\":", 15);
    assert_null(strchr(out.p, '\n')); /* compact */
    json_error_t e;
    json_t *back = json_loads(out.p + 7, 0, &e);
    assert_non_null(back);
    assert_int_equal(json_object_size(back), 7);
    assert_string_equal(json_string_value(json_object_get(back, "what")), in.what);
    assert_string_equal(json_string_value(json_object_get(back, "who")), in.who);
    assert_string_equal(json_string_value(json_object_get(back, "when")), "");
    assert_string_equal(json_string_value(json_object_get(back, "where")), in.where);
    assert_string_equal(json_string_value(json_object_get(back, "why")), in.why);
    assert_string_equal(json_string_value(json_object_get(back, "how")), in.how);
    assert_string_equal(json_string_value(json_object_get(back, "narrative")), in.narrative);
    assert_null(json_object_get(back, "identity_name"));
    json_decref(back);
    buf_free(&out);
    wbs_input_clear(&in);
    json_decref(errs);
}

/*---- proof of work, statistics, settings -----------------------------------------------------*/

static void
pow_parses_both_forms(void **state)
{
    (void)state;
    char ch[WBS_POW_CHALLENGE_HEX];
    uint64_t n = 1;
    assert_int_equal(wbs_pow_parse(NULL, "000102030405060708090a0b0c0d0e0f:7490", ch, &n), 0);
    assert_string_equal(ch, "000102030405060708090a0b0c0d0e0f");
    assert_int_equal(n, 7490);
    assert_int_equal(wbs_pow_parse(NULL, " 000102030405060708090A0B0C0D0E0F:0\n", ch, &n), 0);
    assert_string_equal(ch, "000102030405060708090a0b0c0d0e0f"); /* lower-cased */
    assert_int_equal(n, 0);
    assert_int_equal(
        wbs_pow_parse(NULL, "ffffffffffffffffffffffffffffffff:18446744073709551615", ch, &n), 0);
    assert_true(n == UINT64_MAX);

    json_t *o = json_pack("{s:s, s:I}", "challenge", "000102030405060708090a0b0c0d0e0f", "nonce",
                          (json_int_t)1472);
    assert_int_equal(wbs_pow_parse(o, NULL, ch, &n), 0);
    assert_int_equal(n, 1472);
    json_decref(o);
    o = json_pack("{s:s, s:s}", "challenge", "000102030405060708090a0b0c0d0e0f", "nonce",
                  "18446744073709551615");
    assert_int_equal(wbs_pow_parse(o, "ignored", ch, &n), 0);
    assert_true(n == UINT64_MAX);
    json_decref(o);
    json_t *s = json_string("000102030405060708090a0b0c0d0e0f:12");
    assert_int_equal(wbs_pow_parse(s, NULL, ch, &n), 0);
    assert_int_equal(n, 12);
    json_decref(s);

    static const char *const bad_text[] = {
        "",
        ":",
        "000102030405060708090a0b0c0d0e0f",                      /* no nonce */
        "000102030405060708090a0b0c0d0e0f:",                     /* empty nonce */
        "000102030405060708090a0b0c0d0e0:1",                     /* 31 hex */
        "000102030405060708090a0b0c0d0e0f0:1",                   /* 33 hex */
        "000102030405060708090a0b0c0d0e0g:1",                    /* not hex */
        "000102030405060708090a0b0c0d0e0f:-1",                   /* sign */
        "000102030405060708090a0b0c0d0e0f:+1",                   /* sign */
        "000102030405060708090a0b0c0d0e0f:1 2",                  /* space inside */
        "000102030405060708090a0b0c0d0e0f:1:2",                  /* two colons */
        "000102030405060708090a0b0c0d0e0f:0x10",                 /* hex nonce */
        "000102030405060708090a0b0c0d0e0f:18446744073709551616", /* 2^64 */
        "000102030405060708090a0b0c0d0e0f:99999999999999999999",
    };
    for (size_t i = 0; i < sizeof bad_text / sizeof bad_text[0]; i++) {
        n = 5;
        if (wbs_pow_parse(NULL, bad_text[i], ch, &n) != ZE_INVAL)
            fail_msg("accepted \"%s\"", bad_text[i]);
        assert_string_equal(ch, "");
        assert_int_equal(n, 0);
    }
    assert_int_equal(wbs_pow_parse(NULL, NULL, ch, &n), ZE_INVAL);

    static const char *const bad_json[] = {
        "{}",
        "{\"challenge\": \"000102030405060708090a0b0c0d0e0f\"}",
        "{\"nonce\": 1}",
        "{\"challenge\": \"000102030405060708090a0b0c0d0e0f\", \"nonce\": -1}",
        "{\"challenge\": \"000102030405060708090a0b0c0d0e0f\", \"nonce\": 1.5}",
        "{\"challenge\": \"000102030405060708090a0b0c0d0e0f\", \"nonce\": \"-1\"}",
        "{\"challenge\": \"000102030405060708090a0b0c0d0e0f\", \"nonce\": \"\"}",
        "{\"challenge\": \"000102030405060708090a0b0c0d0e0f\", \"nonce\": true}",
        "{\"challenge\": \"000102030405060708090a0b0c0d0e\", \"nonce\": 1}",
        "{\"challenge\": 5, \"nonce\": 1}",
        "{\"challenge\": \"000102030405060708090a0b0c0d0e0f\\u0000\", \"nonce\": 1}",
        "[\"000102030405060708090a0b0c0d0e0f\", 1]",
        "42",
        "\"000102030405060708090a0b0c0d0e0f\\u0000:1\"",
    };
    for (size_t i = 0; i < sizeof bad_json / sizeof bad_json[0]; i++) {
        json_t *j = json_loads(bad_json[i], JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
        assert_non_null(j);
        /* an object given wins over the text */
        if (wbs_pow_parse(j, "000102030405060708090a0b0c0d0e0f:1", ch, &n) != ZE_INVAL)
            fail_msg("accepted %s", bad_json[i]);
        json_decref(j);
    }
}

static void
small_public_cells_are_hidden(void **state)
{
    (void)state;
    json_t *c;
    for (int64_t n = 1; n < 5; n++) {
        c = wbs_stat_cell(n, true);
        assert_string_equal(json_string_value(c), "<5");
        json_decref(c);
        c = wbs_stat_cell(n, false);
        assert_int_equal(json_integer_value(c), n);
        json_decref(c);
    }
    static const int64_t shown[] = {0, 5, 6, 1000};
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
        c = wbs_stat_cell(shown[i], true);
        assert_true(json_is_integer(c));
        assert_int_equal(json_integer_value(c), shown[i]);
        json_decref(c);
    }
}

static void
settings_and_their_overrides(void **state)
{
    (void)state;
    assert_int_equal(wbs_setting_int("files_max", 0), 10);
    assert_int_equal(wbs_setting_int("stats_min_cell", 0), 5);
    assert_int_equal(wbs_setting_int("channels.etik.diinvestigasi", 0), 20);
    assert_int_equal(wbs_setting_int("channels.umum", 7), 7); /* an object */
    assert_int_equal(wbs_setting_int("receipt_kdf", 7), 7);   /* a string */
    assert_int_equal(wbs_setting_int("no_such_setting", -3), -3);
    assert_int_equal(wbs_setting_int("channels..umum", 7), 7);
    assert_int_equal(wbs_setting_int(NULL, 7), 7);
    assert_ptr_equal(wbs_settings(), wbs_settings()); /* loaded once */

    unsetenv("ZONA_WBS_POW_BITS");
    assert_int_equal(wbs_pow_bits(), 16);
    static const struct {
        const char *env;
        unsigned bits;
    } cases[] = {
        {"12", 12}, {"0", 0},    {"40", 40}, {"41", 40}, {"99999999999", 40}, /* clamped */
        {"", 16},   {"abc", 16}, {"-1", 16}, {" 8", 16}, {"8 ", 16},          {"8x", 16},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        setenv("ZONA_WBS_POW_BITS", cases[i].env, 1);
        if (wbs_pow_bits() != cases[i].bits)
            fail_msg("ZONA_WBS_POW_BITS=\"%s\": %u, not %u", cases[i].env, wbs_pow_bits(),
                     cases[i].bits);
    }
    unsetenv("ZONA_WBS_POW_BITS");

    char *saved = getenv("ZONA_ARGON2") ? strdup(getenv("ZONA_ARGON2")) : NULL;
    unsetenv("ZONA_ARGON2");
    assert_string_equal(wbs_receipt_kdf_name(), "interactive");
    assert_string_equal(wbs_officer_kdf_name(), "interactive");
    setenv("ZONA_ARGON2", "test", 1);
    assert_string_equal(wbs_receipt_kdf_name(), "min");
    assert_string_equal(wbs_officer_kdf_name(), "min");
    setenv("ZONA_ARGON2", "interactive", 1);
    assert_string_equal(wbs_receipt_kdf_name(), "interactive");

    /* the loaded configuration (zona.conf or the environment at start) counts once the
     * environment no longer says */
    setenv("ZONA_CONF", "/dev/null", 1); /* not a zona.conf lying in the working folder */
    setenv("ZONA_ARGON2", "test", 1);
    setenv("ZONA_WBS_POW_BITS", "7", 1);
    assert_int_equal(config_load(), 0);
    unsetenv("ZONA_ARGON2");
    unsetenv("ZONA_WBS_POW_BITS");
    assert_int_equal(wbs_pow_bits(), 7);
    assert_string_equal(wbs_receipt_kdf_name(), "min");
    setenv("ZONA_WBS_POW_BITS", "9", 1); /* the environment read now still wins */
    assert_int_equal(wbs_pow_bits(), 9);
    unsetenv("ZONA_WBS_POW_BITS");
    assert_int_equal(config_load(), 0); /* unset: the settings decide */
    assert_int_equal(wbs_pow_bits(), 16);
    assert_string_equal(wbs_receipt_kdf_name(), "interactive");
    config_free();
    unsetenv("ZONA_CONF");
    assert_int_equal(wbs_pow_bits(), 16); /* freed: zeroed, which is not "0 bits" */

    if (saved)
        setenv("ZONA_ARGON2", saved, 1);
    else
        unsetenv("ZONA_ARGON2");
    free(saved);
}

static int
setup(void **state)
{
    (void)state;
    cal_init(&shipped);
    struct buf err = BUF_INIT;
    int rc = cal_load_shipped(&shipped, &err);
    buf_free(&err);
    return rc;
}

static int
teardown(void **state)
{
    (void)state;
    cal_free(&shipped);
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_pair_of_states_is_allowed_or_refused_as_the_header_says),
        cmocka_unit_test(next_states_come_in_order),
        cmocka_unit_test(labels_categories_and_referrals_come_from_the_settings),
        cmocka_unit_test(stage_days_come_from_the_channel),
        cmocka_unit_test(due_dates_skip_nyepi_and_idulfitri_2026),
        cmocka_unit_test(a_good_report_is_read_trimmed),
        cmocka_unit_test(an_anonymous_report_drops_what_identifies_the_reporter),
        cmocka_unit_test(missing_and_unknown_answers_are_named),
        cmocka_unit_test(lengths_are_counted_in_characters),
        cmocka_unit_test(bad_characters_are_refused),
        cmocka_unit_test(content_json_round_trips),
        cmocka_unit_test(pow_parses_both_forms),
        cmocka_unit_test(small_public_cells_are_hidden),
        cmocka_unit_test(settings_and_their_overrides),
    };
    return cmocka_run_group_tests_name("wbs_calc", tests, setup, teardown);
}
