/* Gratification rules, advice and deadlines (src/grat/grat_calc.c): the shipped rule files load
 * and change on 14 January 2026; each limit exactly at and one Rupiah above it on 13 and on
 * 14 January 2026; cash against not; a giver's year total; family; pisah-sambut under both rules;
 * the reasons' sentences; the deadlines to the UPG and the KPK across Christmas 2025 and
 * Idulfitri 2026 (expected dates counted by hand from data/holidays/id-2025.csv and
 * id-2026.csv); the incomplete-report lapse; late reports; the warning before a deadline; the
 * settings. */
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
#include "core/err.h"
#include "grat/grat.h"
#include "org/cal.h"

#define OLD "2026-01-13" /* the last day of Peraturan KPK 2/2019 as issued */
#define NEW "2026-01-14" /* the first day of Peraturan KPK 1/2026 */

#define KEL     GRAT_GIVER_KELUARGA
#define REK     GRAT_GIVER_REKAN_KERJA
#define LAIN    GRAT_GIVER_LAINNYA
#define UPACARA GRAT_EVENT_UPACARA
#define MUSIBAH GRAT_EVENT_MUSIBAH
#define PISAH   GRAT_EVENT_PISAH_SAMBUT
#define LAINNYA GRAT_EVENT_LAINNYA

static const struct cal_rule five = {false, false}, five_cb = {false, true};

static int64_t
D(const char *s)
{
    int64_t d;
    if (cal_parse_date(s, &d) != 0)
        fail_msg("not a date: %s", s);
    return d;
}

static void
assert_date(int64_t day, const char *want)
{
    char iso[11];
    cal_format_date(day, iso);
    if (strcmp(iso, want) != 0)
        fail_msg("got %s, want %s", iso, want);
}

static struct cal *
shipped(void)
{
    static struct cal c;
    static bool loaded;
    if (!loaded) {
        struct buf err = BUF_INIT;
        cal_init(&c);
        if (cal_load_shipped(&c, &err) != 0)
            fail_msg("the shipped lists do not load: %s", buf_cstr(&err));
        buf_free(&err);
        loaded = true;
    }
    return &c;
}

/* The advice for a gift; fails the test when the gift is refused as invalid. */
static struct grat_advice
advise(const char *day, int64_t value, int giver, int event, bool cash, int64_t year_total,
       const char *lang)
{
    struct grat_gift g = {.received = D(day),
                          .value = value,
                          .giver = (enum grat_giver)giver,
                          .event = (enum grat_event)event,
                          .cash = cash,
                          .year_total = year_total};
    struct grat_advice a;
    if (grat_advise(&g, lang, &a) != 0)
        fail_msg("refused: %s %lld", day, (long long)value);
    return a;
}

/* The gift must (or need not) be reported, measured by exemption (NULL: none applied) against
 * threshold (-1: none), under the rule in force on day. */
static void
expect(const char *day, int64_t value, int giver, int event, bool cash, int64_t year_total,
       bool must, const char *exemption, int64_t threshold)
{
    struct grat_advice a = advise(day, value, giver, event, cash, year_total, "id");
    const char *want_rule = strcmp(day, NEW) >= 0 ? "peraturan-kpk-1-2026" : "peraturan-kpk-2-2019";
    if (a.must_report != must || !a.rule || strcmp(a.rule->id, want_rule) != 0 ||
        (exemption == NULL) != (a.exemption == NULL) ||
        (exemption && strcmp(exemption, a.exemption) != 0) || a.threshold != threshold)
        fail_msg("%s Rp%lld %s/%s%s (year %lld): must_report %d under %s by %s (limit %lld); "
                 "wanted %d by %s (limit %lld). Reason: %s",
                 day, (long long)value, grat_giver_code((enum grat_giver)giver),
                 grat_event_code((enum grat_event)event), cash ? " cash" : "",
                 (long long)year_total, a.must_report, a.rule ? a.rule->id : "-",
                 a.exemption ? a.exemption : "-", (long long)a.threshold, must,
                 exemption ? exemption : "-", (long long)threshold, a.reason);
    if (!strstr(a.reason, must ? "wajib dilaporkan" : "tidak wajib dilaporkan"))
        fail_msg("the reason does not say it: %s", a.reason);
}

static void
assert_has(const char *s, const char *part)
{
    if (!strstr(s, part))
        fail_msg("\"%s\" is not in \"%s\"", part, s);
}

static void
the_rule_files_load_and_change_on_14_january_2026(void **state)
{
    (void)state;
    assert_string_equal(grat_rules_problems(), "");
    assert_int_equal(grat_rules_count(), 2);
    const struct grat_rule *old = grat_rule_at(0), *amended = grat_rule_at(1);
    assert_string_equal(old->id, "peraturan-kpk-2-2019");
    assert_string_equal(old->name, "Peraturan KPK Nomor 2 Tahun 2019");
    assert_string_equal(amended->id, "peraturan-kpk-1-2026");
    assert_string_equal(amended->name, "Peraturan KPK Nomor 1 Tahun 2026 tentang Perubahan atas "
                                       "Peraturan KPK Nomor 2 Tahun 2019");
    assert_int_equal(old->effective_until, D(OLD));
    assert_int_equal(amended->effective_from, D(NEW));
    assert_true(amended->effective_until == INT64_MAX);
    assert_ptr_equal(grat_rule_on(D(OLD)), old);
    assert_ptr_equal(grat_rule_on(D(NEW)), amended);
    assert_ptr_equal(grat_rule_on(D("2019-10-17")), old);
    assert_null(grat_rule_on(D("2019-10-16")));
    assert_ptr_equal(grat_rule_on(D("2200-12-31")), amended);
    assert_ptr_equal(grat_rule_by_id("peraturan-kpk-1-2026"), amended);
    assert_null(grat_rule_by_id("peraturan-kpk-9-2099"));
    assert_null(grat_rule_at(2));
    /* the incomplete-report lapse: 30 working days from receipt, then 20 from the report */
    assert_int_equal(old->lapse_days, 30);
    assert_false(old->lapse_from_report);
    assert_int_equal(amended->lapse_days, 20);
    assert_true(amended->lapse_from_report);
    /* only the amendment says a late report may be ruled state property */
    assert_int_equal(old->late_after_days, 0);
    assert_int_equal(amended->late_after_days, 30);
}

static void
ceremonies_per_giver(void **state)
{
    (void)state;
    /* 2/2019: Rp1.000.000 per giver, cash allowed, the year's total irrelevant */
    expect(OLD, 1000000, LAIN, UPACARA, false, 0, false, "upacara", 1000000);
    expect(OLD, 1000000, LAIN, UPACARA, true, 0, false, "upacara", 1000000);
    expect(OLD, 1000000, LAIN, UPACARA, true, 5000000, false, "upacara", 1000000);
    expect(OLD, 1000001, LAIN, UPACARA, false, 0, true, "upacara", 1000000);
    expect(OLD, 1000001, LAIN, UPACARA, true, 0, true, "upacara", 1000000);
    /* 1/2026: Rp1.500.000 */
    expect(NEW, 1000001, LAIN, UPACARA, true, 0, false, "upacara", 1500000);
    expect(NEW, 1500000, LAIN, UPACARA, true, 0, false, "upacara", 1500000);
    expect(NEW, 1500001, LAIN, UPACARA, true, 0, true, "upacara", 1500000);
    expect(NEW, 1500001, LAIN, UPACARA, false, 0, true, "upacara", 1500000);
    /* a colleague at a wedding: the ceremony's limit, in cash too */
    expect(OLD, 1000000, REK, UPACARA, true, 0, false, "upacara", 1000000);
    expect(OLD, 1000001, REK, UPACARA, true, 0, true, "upacara", 1000000);
    expect(NEW, 1500000, REK, UPACARA, true, 0, false, "upacara", 1500000);
    expect(NEW, 1500001, REK, UPACARA, false, 0, true, "upacara", 1500000);
}

static void
misfortune_is_one_million_under_both(void **state)
{
    (void)state;
    expect(OLD, 1000000, LAIN, MUSIBAH, true, 0, false, "musibah", 1000000);
    expect(OLD, 1000001, LAIN, MUSIBAH, true, 0, true, "musibah", 1000000);
    expect(NEW, 1000000, LAIN, MUSIBAH, true, 0, false, "musibah", 1000000);
    expect(NEW, 1000001, LAIN, MUSIBAH, false, 0, true, "musibah", 1000000);
    expect(NEW, 1000001, REK, MUSIBAH, true, 0, true, "musibah", 1000000);
}

static void
colleagues_not_in_cash(void **state)
{
    (void)state;
    /* 2/2019: Rp200.000 a gift, Rp1.000.000 a year from the same giver */
    expect(OLD, 200000, REK, LAINNYA, false, 0, false, "rekan-kerja", 200000);
    expect(OLD, 200001, REK, LAINNYA, false, 0, true, "rekan-kerja", 200000);
    expect(OLD, 200000, REK, LAINNYA, false, 800000, false, "rekan-kerja", 200000);
    expect(OLD, 200000, REK, LAINNYA, false, 800001, true, "rekan-kerja", 200000);
    expect(OLD, 1, REK, LAINNYA, true, 0, true, "rekan-kerja", 200000); /* cash never */
    /* 1/2026: Rp500.000 a gift, Rp1.500.000 a year */
    expect(NEW, 200001, REK, LAINNYA, false, 0, false, "rekan-kerja", 500000);
    expect(NEW, 500000, REK, LAINNYA, false, 0, false, "rekan-kerja", 500000);
    expect(NEW, 500001, REK, LAINNYA, false, 0, true, "rekan-kerja", 500000);
    expect(NEW, 500000, REK, LAINNYA, false, 1000000, false, "rekan-kerja", 500000);
    expect(NEW, 500000, REK, LAINNYA, false, 1000001, true, "rekan-kerja", 500000);
    expect(NEW, 1, REK, LAINNYA, true, 0, true, "rekan-kerja", 500000);
    /* the year's limits */
    struct grat_advice a = advise(OLD, 200000, REK, LAINNYA, false, 800001, "id");
    assert_int_equal(a.year_threshold, 1000000);
    assert_has(a.reason, "menjadikan jumlah pemberian dari pemberi yang sama tahun ini "
                         "Rp1.000.001, melebihi batas Rp1.000.000 setahun");
    a = advise(NEW, 500000, REK, LAINNYA, false, 1000001, "id");
    assert_int_equal(a.year_threshold, 1500000);
    assert_has(a.reason, "Rp1.500.001, melebihi batas Rp1.500.000 setahun");
    a = advise(NEW, 1, REK, LAINNYA, true, 0, "id");
    assert_has(a.reason, "dalam bentuk uang atau alat tukar lainnya tidak dikecualikan");
}

static void
farewells_under_both_rules(void **state)
{
    (void)state;
    /* 2/2019 has its own exemption: Rp300.000 a gift, not in cash */
    expect(OLD, 150000, REK, PISAH, false, 0, false, "pisah-sambut", 300000);
    expect(OLD, 300000, REK, PISAH, false, 0, false, "pisah-sambut", 300000);
    expect(OLD, 300001, REK, PISAH, false, 0, true, "pisah-sambut", 300000);
    expect(OLD, 300000, REK, PISAH, false, 700000, false, "pisah-sambut", 300000);
    expect(OLD, 300000, REK, PISAH, false, 700001, true, "pisah-sambut", 300000);
    expect(OLD, 100000, REK, PISAH, true, 0, true, "pisah-sambut", 300000);
    /* from someone who is not a colleague it is no exemption at all */
    expect(OLD, 100000, LAIN, PISAH, false, 0, true, NULL, -1);
    /* 1/2026 deleted it: the general colleague limits apply, with a note saying so */
    expect(NEW, 300001, REK, PISAH, false, 0, false, "rekan-kerja", 500000);
    expect(NEW, 500000, REK, PISAH, false, 0, false, "rekan-kerja", 500000);
    expect(NEW, 500001, REK, PISAH, false, 0, true, "rekan-kerja", 500000);
    expect(NEW, 100000, REK, PISAH, true, 0, true, "rekan-kerja", 500000);
    expect(NEW, 100000, LAIN, PISAH, false, 0, true, NULL, -1);
    struct grat_advice a = advise(NEW, 300001, REK, PISAH, false, 0, "id");
    assert_has(a.reason, "Pengecualian khusus Rp300.000 untuk pisah sambut, pensiun, promosi "
                         "jabatan atau ulang tahun telah dihapus oleh Peraturan KPK 1/2026");
    a = advise(OLD, 300001, REK, PISAH, false, 0, "id");
    assert_null(strstr(a.reason, "dihapus"));
    a = advise(NEW, 500001, REK, PISAH, false, 0, "en");
    assert_has(a.reason, "exceeds the limit of Rp500,000 per gift");
    assert_has(a.reason, "was deleted by KPK Regulation 1/2026");
}

static void
family_and_everyone_else(void **state)
{
    (void)state;
    static const char *const days[] = {OLD, NEW};
    for (size_t i = 0; i < 2; i++) {
        for (int e = 0; e < GRAT_EVENT__MAX; e++) {
            expect(days[i], GRAT_VALUE_MAX, KEL, e, true, GRAT_VALUE_MAX, false, "keluarga", -1);
            expect(days[i], 0, KEL, e, false, 0, false, "keluarga", -1);
        }
        /* anyone else, on no particular occasion: no exemption, whatever the value */
        expect(days[i], 0, LAIN, LAINNYA, false, 0, true, NULL, -1);
        expect(days[i], 1, LAIN, LAINNYA, true, 0, true, NULL, -1);
    }
    struct grat_advice a = advise(OLD, 50000000, KEL, LAINNYA, true, 0, "id");
    assert_has(a.reason, "tidak memiliki benturan kepentingan");
    assert_has(a.reason, "Bila ada benturan kepentingan, laporkan.");
    a = advise(NEW, 0, LAIN, LAINNYA, false, 0, "id");
    assert_string_equal(a.reason,
                        "Pemberian ini tidak termasuk pengecualian Pasal 2 ayat (3) Peraturan KPK "
                        "2/2019 sebagaimana diubah dengan Peraturan KPK 1/2026 (keluarga tanpa "
                        "benturan kepentingan, pertunangan, pernikahan atau upacara adat/agama, "
                        "musibah, atau pemberian rekan kerja dalam batas nilainya) — wajib "
                        "dilaporkan.");
    assert_int_equal(a.year_threshold, -1);
}

static void
reasons_are_sentences_citing_the_article(void **state)
{
    (void)state;
    struct grat_advice a = advise(OLD, 1200000, LAIN, UPACARA, true, 0, "id");
    assert_string_equal(a.reason, "Hadiah pernikahan atau upacara adat/agama dari satu pemberi "
                                  "senilai Rp1.200.000 melebihi batas Rp1.000.000 per pemberi "
                                  "(Peraturan KPK 2/2019 Pasal 2 ayat (3)) — wajib dilaporkan.");
    a = advise(OLD, 1200000, LAIN, UPACARA, true, 0, "en");
    assert_string_equal(a.reason, "A wedding or customary/religious ceremony gift of Rp1,200,000 "
                                  "from one giver exceeds the limit of Rp1,000,000 per giver (KPK "
                                  "Regulation 2/2019, Article 2(3)) — it must be reported.");
    a = advise(NEW, 1200000, LAIN, UPACARA, true, 0, NULL); /* no language: Indonesian */
    assert_string_equal(a.reason,
                        "Hadiah pertunangan, pernikahan atau upacara adat/agama dari satu pemberi "
                        "senilai Rp1.200.000 tidak melebihi batas Rp1.500.000 per pemberi (Pasal 2 "
                        "ayat (3) Peraturan KPK 2/2019 sebagaimana diubah dengan Peraturan KPK "
                        "1/2026) — tidak wajib dilaporkan.");
    a = advise(OLD, 150000, REK, PISAH, false, 100000, "id");
    assert_has(a.reason, "senilai Rp150.000 tidak melebihi batas Rp300.000 per pemberian, dan "
                         "jumlahnya dari pemberi yang sama tahun ini (Rp250.000) tidak melebihi "
                         "Rp1.000.000");
    a = advise(OLD, 999, REK, PISAH, true, 0, "id");
    assert_has(a.reason, "hanya berlaku bagi pemberian yang bukan uang");
    a = advise(NEW, 1000001, LAIN, MUSIBAH, false, 0, "id");
    assert_has(a.reason, "Pemberian terkait musibah atau bencana senilai Rp1.000.001 melebihi "
                         "batas Rp1.000.000");
    /* small and large numbers keep their separators right */
    a = advise(OLD, 0, LAIN, UPACARA, false, 0, "id");
    assert_has(a.reason, "senilai Rp0 tidak");
    a = advise(OLD, GRAT_VALUE_MAX, LAIN, UPACARA, false, 0, "en");
    assert_has(a.reason, "Rp1,000,000,000,000,000 from one giver");
}

static void
before_every_rule_and_bad_input(void **state)
{
    (void)state;
    struct grat_advice a = advise("2019-10-16", 1, KEL, LAINNYA, false, 0, "id");
    assert_true(a.must_report); /* when in doubt, report */
    assert_null(a.rule);
    assert_null(a.exemption);
    assert_string_equal(a.reason, "zona tidak memuat aturan gratifikasi yang berlaku pada "
                                  "2019-10-16 (aturan tertua yang dimuat berlaku sejak "
                                  "2019-10-17); bila ragu, laporkan — wajib dilaporkan.");
    struct grat_gift g = {.received = D(NEW), .value = -1, .giver = REK, .event = LAINNYA};
    assert_int_equal(grat_advise(&g, "id", &a), ZE_INVAL);
    assert_true(a.must_report);
    g.value = GRAT_VALUE_MAX + 1;
    assert_int_equal(grat_advise(&g, "id", &a), ZE_INVAL);
    g.value = 1;
    g.year_total = -1;
    assert_int_equal(grat_advise(&g, "id", &a), ZE_INVAL);
    g.year_total = GRAT_VALUE_MAX + 1;
    assert_int_equal(grat_advise(&g, "id", &a), ZE_INVAL);
    g.year_total = 0;
    g.giver = GRAT_GIVER__MAX;
    assert_int_equal(grat_advise(&g, "id", &a), ZE_INVAL);
    g.giver = REK;
    g.event = (enum grat_event) - 1;
    assert_int_equal(grat_advise(&g, "id", &a), ZE_INVAL);
    g.event = LAINNYA;
    assert_int_equal(grat_advise(&g, "id", &a), 0);
}

static void
codes(void **state)
{
    (void)state;
    enum grat_giver g;
    enum grat_event e;
    for (int i = 0; i < GRAT_GIVER__MAX; i++) {
        assert_int_equal(grat_giver_parse(grat_giver_code((enum grat_giver)i), &g), 0);
        assert_int_equal(g, i);
        assert_true(grat_code_ok("givers", grat_giver_code((enum grat_giver)i)));
    }
    for (int i = 0; i < GRAT_EVENT__MAX; i++) {
        assert_int_equal(grat_event_parse(grat_event_code((enum grat_event)i), &e), 0);
        assert_int_equal(e, i);
        assert_true(grat_code_ok("events", grat_event_code((enum grat_event)i)));
    }
    assert_string_equal(grat_giver_code(GRAT_GIVER_REKAN_KERJA), "rekan-kerja");
    assert_string_equal(grat_event_code(GRAT_EVENT_PISAH_SAMBUT), "pisah-sambut");
    assert_int_equal(grat_giver_parse("Keluarga", &g), ZE_INVAL);
    assert_int_equal(grat_giver_parse("rekan_kerja", &g), ZE_INVAL);
    assert_int_equal(grat_giver_parse(NULL, &g), ZE_INVAL);
    assert_int_equal(grat_event_parse("pisah sambut", &e), ZE_INVAL);
    assert_int_equal(grat_event_parse("", &e), ZE_INVAL);
}

/* Expected dates counted by hand on the shipped lists:
 *  received Friday 19 December 2025: 22, 23, 24 December are days 1–3; 25 (Natal) and 26 (cuti
 *  bersama) do not count; 29, 30, 31 are 4–6; 1 January 2026 (Tahun Baru) does not count; 2, 5,
 *  6, 7 January are 7–10, so the UPG deadline is 7 January 2026. Days 11–16 are 8, 9, 12, 13, 14
 *  and 15 January; 16 January (Isra Mikraj) does not count; 19–23 and 26–30 January are 17–26;
 *  2–5 February are 27–30: the KPK deadline is 5 February 2026.
 *  received Friday 13 March 2026: 16 and 17 March are days 1–2; 18 (cuti bersama Nyepi), 19
 *  (Nyepi), 20 (cuti bersama), 21–22 (Idulfitri, a weekend), 23 and 24 (cuti bersama) do not
 *  count; 25, 26, 27, 30, 31 March, 1 and 2 April are 3–9; 3 April (Wafat Yesus Kristus) does not
 *  count; 6 April is day 10: the UPG deadline. 7–10, 13–17, 20–24, 27–30 April are 11–28; 1 May
 *  (Hari Buruh) does not count; 4 and 5 May are 29–30: the KPK deadline is 5 May 2026. */
static void
deadlines_across_holidays(void **state)
{
    (void)state;
    assert_int_equal(grat_upg_days(), 10);
    assert_int_equal(grat_kpk_days(), 30);
    struct grat_deadlines d;
    assert_int_equal(grat_deadlines(shipped(), &five, D("2025-12-19"), &d), 0);
    assert_date(d.upg, "2026-01-07");
    assert_date(d.kpk, "2026-02-05");
    assert_int_equal(d.unknown_year, 0);
    assert_int_equal(grat_deadlines(shipped(), &five, D("2026-03-13"), &d), 0);
    assert_date(d.upg, "2026-04-06");
    assert_date(d.kpk, "2026-05-05");
    /* cuti bersama counted as working days: 18, 20, 23 and 24 March are days 3–6, so the tenth
     * is 30 March */
    assert_int_equal(grat_deadlines(shipped(), &five_cb, D("2026-03-13"), &d), 0);
    assert_date(d.upg, "2026-03-30");
    /* received on a holiday: day 1 is still the first working day after it */
    assert_int_equal(grat_deadlines(shipped(), &five, D("2025-12-25"), &d), 0);
    assert_date(d.upg, "2026-01-12"); /* 29, 30, 31 Dec, 2, 5–9 Jan, 12 Jan */
    /* a year without a list is named */
    assert_int_equal(grat_deadlines(shipped(), &five, D("2026-12-15"), &d), 0);
    assert_int_equal(d.unknown_year, 2027);
    /* beyond the calendar */
    assert_int_equal(grat_deadlines(shipped(), &five, D("2200-12-20"), &d), ZE_INVAL);
}

static void
incomplete_reports_lapse(void **state)
{
    (void)state;
    const struct grat_rule *old = grat_rule_by_id("peraturan-kpk-2-2019");
    const struct grat_rule *amended = grat_rule_by_id("peraturan-kpk-1-2026");
    int64_t out;
    /* 2/2019: 30 working days from receipt, whenever the report came (the KPK deadline above) */
    assert_int_equal(grat_lapse(shipped(), &five, old, D("2025-12-19"), D("2026-01-05"), &out), 0);
    assert_date(out, "2026-02-05");
    assert_int_equal(grat_lapse(shipped(), &five, old, D("2025-12-19"), D("2025-12-19"), &out), 0);
    assert_date(out, "2026-02-05");
    /* 1/2026: 20 working days from the report date. Reported Monday 16 March 2026: 17 March is
     * day 1; 18–24 March do not count; 25, 26, 27, 30, 31 March, 1, 2 April are 2–8; 3 April
     * does not count; 6–10, 13–17 April are 9–18; 20 and 21 April are 19–20. */
    assert_int_equal(grat_lapse(shipped(), &five, amended, D("2026-03-13"), D("2026-03-16"), &out),
                     0);
    assert_date(out, "2026-04-21");
    assert_int_equal(grat_lapse(shipped(), &five, amended, D("2026-03-16"), D("2026-03-13"), &out),
                     ZE_INVAL);
    assert_int_equal(grat_lapse(shipped(), &five, NULL, D("2026-03-13"), D("2026-03-16"), &out),
                     ZE_INVAL);
    char text[GRAT_REASON_MAX];
    grat_rule_text(amended, "incomplete_lapse", "id", text, sizeof text);
    assert_string_equal(text, "Laporan yang tidak lengkap dan tidak dilengkapi dalam 20 hari kerja "
                              "sejak tanggal pelaporan tidak ditindaklanjuti (Peraturan KPK Nomor "
                              "1 Tahun 2026 tentang Perubahan atas Peraturan KPK Nomor 2 Tahun "
                              "2019).");
    grat_rule_text(old, "incomplete_lapse", "en", text, sizeof text);
    assert_has(text, "within 30 working days of the gift's receipt");
    char small[8];
    grat_rule_text(old, "incomplete_lapse", "id", small, sizeof small);
    assert_string_equal(small, "Laporan"); /* truncated, still a string */
}

static void
late_reports_and_warnings(void **state)
{
    (void)state;
    const struct grat_rule *old = grat_rule_by_id("peraturan-kpk-2-2019");
    const struct grat_rule *amended = grat_rule_by_id("peraturan-kpk-1-2026");
    /* the 30th working day after 13 March 2026 is 5 May */
    assert_false(grat_report_late(shipped(), &five, amended, D("2026-03-13"), D("2026-05-05")));
    assert_true(grat_report_late(shipped(), &five, amended, D("2026-03-13"), D("2026-05-06")));
    assert_true(grat_report_late(shipped(), &five, old, D("2025-12-19"), D("2026-02-06")));
    assert_false(grat_report_late(shipped(), &five, old, D("2025-12-19"), D("2026-02-05")));
    char text[GRAT_REASON_MAX];
    grat_rule_text(amended, "late_report", "id", text, sizeof text);
    assert_has(text, "dapat ditetapkan menjadi milik negara");
    grat_rule_text(old, "late_report", "id", text, sizeof text);
    assert_string_equal(text, "");
    grat_rule_text(NULL, "late_report", "id", text, sizeof text);
    assert_string_equal(text, "");
    /* warned from 3 working days before the due day (Monday 6 April 2026) */
    assert_int_equal(grat_warn_days_before(), 3);
    int64_t due = D("2026-04-06");
    assert_int_equal(grat_due_state(shipped(), &five, D("2026-03-30"), due), GRAT_DUE_OPEN);
    assert_int_equal(grat_due_state(shipped(), &five, D("2026-03-31"), due), GRAT_DUE_SOON);
    assert_int_equal(grat_due_state(shipped(), &five, D("2026-04-01"), due), GRAT_DUE_SOON);
    assert_int_equal(grat_due_state(shipped(), &five, due, due), GRAT_DUE_SOON);
    assert_int_equal(grat_due_state(shipped(), &five, D("2026-04-07"), due), GRAT_DUE_PASSED);
}

static void
settings(void **state)
{
    (void)state;
    assert_int_equal(grat_upg_forward_days(), 10);
    assert_false(grat_cuti_bersama_works());
    assert_true(grat_nihil_enabled());
    assert_string_equal(grat_nihil_period(), "semester");
    assert_true(grat_province_upg_takes_regencies());
    assert_string_equal(grat_value_band(0), "sd-200rb");
    assert_string_equal(grat_value_band(200000), "sd-200rb");
    assert_string_equal(grat_value_band(200001), "sd-500rb");
    assert_string_equal(grat_value_band(500000), "sd-500rb");
    assert_string_equal(grat_value_band(1000000), "sd-1jt");
    assert_string_equal(grat_value_band(1500000), "sd-1.5jt");
    assert_string_equal(grat_value_band(10000000), "sd-10jt");
    assert_string_equal(grat_value_band(10000001), "di-atas-10jt");
    assert_string_equal(grat_value_band(GRAT_VALUE_MAX), "di-atas-10jt");
    static const char *const objects[] = {"uang",      "barang",  "makanan", "voucher",
                                          "fasilitas", "lainnya", NULL};
    for (const char *const *o = objects; *o; o++)
        assert_true(grat_code_ok("object_types", *o));
    assert_true(grat_object_is_cash("uang"));
    assert_true(grat_object_is_cash("voucher"));
    assert_false(grat_object_is_cash("barang"));
    assert_false(grat_object_is_cash("nope"));
    assert_true(grat_code_ok("kept_at", "penerima"));
    assert_true(grat_code_ok("kept_at", "upg"));
    assert_true(grat_code_ok("kept_at", "kpk"));
    assert_true(grat_code_ok("outcomes", "milik_negara"));
    assert_true(grat_code_ok("outcomes", "milik_penerima"));
    assert_true(grat_code_ok("outcomes", "milik_negara_kompensasi"));
    assert_false(grat_code_ok("outcomes", "dimusnahkan"));
    assert_string_equal(grat_label("kept_at", "upg", "id"), "Dititipkan di UPG");
    assert_string_equal(grat_label("kept_at", "upg", "en"), "Deposited with the UPG");
    assert_string_equal(grat_label("outcomes", "milik_penerima", "en"), "The recipient's property");
    assert_string_equal(grat_label("kept_at", "gudang", "id"), "gudang");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_rule_files_load_and_change_on_14_january_2026),
        cmocka_unit_test(ceremonies_per_giver),
        cmocka_unit_test(misfortune_is_one_million_under_both),
        cmocka_unit_test(colleagues_not_in_cash),
        cmocka_unit_test(farewells_under_both_rules),
        cmocka_unit_test(family_and_everyone_else),
        cmocka_unit_test(reasons_are_sentences_citing_the_article),
        cmocka_unit_test(before_every_rule_and_bad_input),
        cmocka_unit_test(codes),
        cmocka_unit_test(deadlines_across_holidays),
        cmocka_unit_test(incomplete_reports_lapse),
        cmocka_unit_test(late_reports_and_warnings),
        cmocka_unit_test(settings),
    };
    int rc = cmocka_run_group_tests_name("grat_calc", tests, NULL, NULL);
    cal_free(shipped());
    return rc;
}
