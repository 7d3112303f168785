/* app_lke: what the whistleblowing channel and gratification control propose to the LKE. Neither
 * part includes lke (DESIGN §3: org <- wbs <- grat, apart from lke); each calls its figures hook
 * (wbs_on_figures, grat_on_figures) when a unit's year changes, and the app, which may see every
 * part, answers it here, as it does when an assessment is created.
 *
 * The whistleblowing channel: pemenuhan.5.iv.a asks whether the unit applies the
 * whistle-blowing system as the organisation set it (B) or also innovates on it (A). When zona's
 * channel is in place for a unit — its front door, at least one WBS officer and one identity
 * custodian holding keys over it — zona proposes B to the unit's assessment of the year, with the
 * year's privacy-safe figures as the note and the public front door as the evidence link. A
 * proposal only: the unit takes it with one button (or answers A with its own innovation), and it
 * is never written over an answer.
 *
 * Gratification control: pemenuhan.5.i.a asks whether a public campaign on gratification control
 * has been run: run periodically, run but not periodically, or not yet. zona counts the unit's
 * campaign activities of the year (grat_store_activities): held in at least
 * CAMPAIGN_PERIODIC_QUARTERS different quarters is periodic, fewer is not; none proposes nothing
 * (the campaign may run outside zona).
 *
 * pemenuhan.5.i.b asks whether gratification control is implemented: a UPG for which control is
 * part of procedure, a UPG whose control efforts have begun, a UPG without a procedure, or no UPG.
 * zona proposes only when a petugas-upg covers the unit (a grant on it, or on a province above it
 * when the province's UPG takes the regencies' reports) and reports or "laporan nihil"
 * declarations of the unit were made that year: part of procedure when the UPG worked on a report
 * (any step after filing) and, where the agency asks for declarations, staff made them; begun
 * otherwise. zona cannot see a UPG decree or a procedure outside it, so it never proposes the
 * lower answers.
 *
 * The answers are chosen by the framework's own option texts, so a reordered or renumbered
 * framework still gets the option that says what zona found; a framework whose texts say none of
 * it gets no proposal. A proposal only: the unit takes it with one button, and it is never written
 * over an answer. Notes are in Indonesian, as the LKE's other proposals.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "grat/grat.h"
#include "lke/lke_work.h"
#include "org/cal.h"
#include "org/org.h"
#include "wbs/wbs.h"
#include "web/fmt.h"

/* --- the whistleblowing channel --- */

/* "n" or "<5" of a statistics cell. */
static void
cell(json_t *c, char *out, size_t outsz)
{
    if (json_is_integer(c))
        snprintf(out, outsz, "%lld", (long long)json_integer_value(c));
    else
        snprintf(out, outsz, "%s", json_is_string(c) ? json_string_value(c) : "0");
}

int
app_lke_wbs(struct db *db, int64_t unit_id, int year, int64_t now)
{
    struct lke_assessment a;
    if (lke_store_get(db, unit_id, year, &a) != 0)
        return 0;
    struct org_unit u;
    int rc = org_unit_by_id(db, unit_id, &u);
    if (rc)
        return rc;
    json_t *officers = json_array(), *custodians = json_array();
    rc = wbs_store_holders(db, "petugas-wbs", u.path, officers);
    if (!rc)
        rc = wbs_store_holders(db, "kustodian-identitas", u.path, custodians);
    size_t no = json_array_size(officers), nc = json_array_size(custodians);
    json_decref(officers);
    json_decref(custodians);
    if (rc || no == 0 || nc == 0)
        return rc;
    json_t *stats = NULL;
    if ((rc = wbs_store_stats(db, u.path, year, true, &stats)) != 0)
        return rc;
    char total[16], closed[16], note[400], link[96];
    cell(json_object_get(stats, "total"), total, sizeof total);
    cell(json_object_get(stats, "closed"), closed, sizeof closed);
    json_decref(stats);
    snprintf(note, sizeof note,
             "WBS zona aktif: kanal publik /lapor/%s, %zu petugas WBS dan %zu kustodian identitas "
             "memegang kunci; laporan %d: %s diterima, %s selesai (angka di bawah 5 ditulis <5)",
             u.code, no, nc, year, total, closed);
    snprintf(link, sizeof link, "/lapor/%s", u.code);
    return lke_store_proposal_set(db, a.id, "pemenuhan.5.iv.a", "\"B\"", "wbs", note, link, now);
}

/* --- gratification control --- */

#define Q_CAMPAIGN "pemenuhan.5.i.a"
#define Q_CONTROL  "pemenuhan.5.i.b"

enum { CAMPAIGN_PERIODIC_QUARTERS = 2 }; /* quarters with an activity that make it periodic */

/* The key of the option of question code whose Indonesian text holds want and not unless (NULL:
 * no such condition), as the answer's JSON ("\"A\"") into out; false when none does. */
static bool
option_where(const struct lke_fw *fw, const char *code, const char *want, const char *unless,
             struct buf *out)
{
    json_t *q = json_object_get(fw->by_code, code), *o;
    size_t i;
    json_array_foreach(json_object_get(q, "options"), i, o)
    {
        const char *key = json_string_value(json_object_get(o, "key"));
        const char *text = lke_fw_text(o, "text", "id");
        if (!key || strlen(key) > 3 || !strcasestr(text, want) ||
            (unless && strcasestr(text, unless)))
            continue;
        buf_reset(out);
        buf_printf(out, "\"%s\"", key);
        return true;
    }
    return false;
}

/* The quarter (0..3) of a day "YYYY-MM-DD"; -1 when it is not one. */
static int
quarter_of(const char *day)
{
    int64_t d;
    if (!day || cal_parse_date(day, &d) != 0)
        return -1;
    int y, m, dd;
    fmt_civil_from_days(d, &y, &m, &dd);
    return (m - 1) / 3;
}

/* pemenuhan.5.i.a from the year's campaign activities. */
static int
campaign(struct db *db, const struct lke_fw *fw, int64_t aid, const struct org_unit *u, int year,
         int64_t now)
{
    json_t *list = json_array(), *a, *k;
    int rc = grat_store_activities(db, u->id, year, list);
    size_t n = json_array_size(list), i;
    bool quarters[4] = {false, false, false, false};
    json_t *by_kind = json_object();
    json_array_foreach(list, i, a)
    {
        const char *kind = json_string_value(json_object_get(a, "kind"));
        int q = quarter_of(json_string_value(json_object_get(a, "held_day")));
        if (q >= 0)
            quarters[q] = true;
        if (kind)
            json_object_set_new(
                by_kind, kind,
                json_integer(json_integer_value(json_object_get(by_kind, kind)) + 1));
    }
    json_decref(list);
    int nq = quarters[0] + quarters[1] + quarters[2] + quarters[3];
    struct buf value = BUF_INIT;
    bool periodic = nq >= CAMPAIGN_PERIODIC_QUARTERS; /* boundary: 1 quarter not, 2 periodic */
    if (rc || n == 0 ||
        !(periodic ? option_where(fw, Q_CAMPAIGN, "berkala", "tidak", &value)
                   : option_where(fw, Q_CAMPAIGN, "tidak secara berkala", NULL, &value))) {
        json_decref(by_kind);
        buf_free(&value);
        return rc;
    }
    /* the count by kind in the settings' order, with their Indonesian labels */
    struct buf kinds = BUF_INIT;
    json_array_foreach(json_object_get(grat_settings(), "activity_kinds"), i, k)
    {
        const char *code = json_string_value(json_object_get(k, "code"));
        json_int_t c = json_integer_value(json_object_get(by_kind, code ? code : ""));
        if (c > 0)
            buf_printf(&kinds, "%s%s %lld", kinds.len ? ", " : "",
                       grat_label("activity_kinds", code, "id"), (long long)c);
    }
    json_decref(by_kind);
    struct buf note = BUF_INIT;
    buf_printf(&note,
               "Kampanye antigratifikasi %d tercatat di zona: %zu kegiatan (%s) pada %d dari 4 "
               "triwulan%s; bukti dukung tiap kegiatan di /gratifikasi/kampanye/%s",
               year, n, buf_cstr(&kinds), nq, periodic ? ", berkala" : ", belum berkala", u->code);
    struct buf link = BUF_INIT;
    buf_printf(&link, "/gratifikasi/kampanye/%s?tahun=%d", u->code, year);
    rc = lke_store_proposal_set(db, aid, Q_CAMPAIGN, buf_cstr(&value), "gratification",
                                buf_cstr(&note), buf_cstr(&link), now);
    buf_free(&link);
    buf_free(&kinds);
    buf_free(&note);
    buf_free(&value);
    return rc;
}

/* How many petugas-upg cover unit u: people granted the role on u or a unit above it; when a
 * province's UPG does not take the regencies' reports, only those granted on u itself (held on
 * u's path and not on its parent's: someone granted on both is left out, the cautious side). */
static int
upg_holders(struct db *db, const struct org_unit *u, size_t *n)
{
    json_t *here = json_array(), *above = json_array();
    int rc = lke_store_people_with_roles(db, u->path, "petugas-upg", here);
    struct org_unit parent;
    if (rc == 0 && !grat_province_upg_takes_regencies() && u->parent_id > 0 &&
        org_unit_by_id(db, u->parent_id, &parent) == 0)
        rc = lke_store_people_with_roles(db, parent.path, "petugas-upg", above);
    *n = 0;
    size_t i, j;
    json_t *h, *a;
    json_array_foreach(here, i, h)
    {
        bool inherited = false;
        json_array_foreach(above, j, a)
        {
            if (json_equal(h, a))
                inherited = true;
        }
        *n += !inherited;
    }
    json_decref(here);
    json_decref(above);
    return rc;
}

static bool
state_in(const char *s, const char *const *set)
{
    for (; s && *set; set++)
        if (strcmp(s, *set) == 0)
            return true;
    return false;
}

/* The year's "laporan nihil" of unit u: the periods begun by today, with how many of the unit's
 * staff declared; into note as "2026-S1 12 dari 15 pegawai", total declarations into *declared. */
static int
declarations(struct db *db, const struct org_unit *u, int year, int64_t today, struct buf *note,
             long *declared)
{
    *declared = 0;
    char first[11], periods[2][GRAT_PERIOD_LEN];
    /* the periods of the year: those of 1 January and 1 July (one when the period is a year) */
    int64_t starts[2] = {fmt_days_from_civil(year, 1, 1), fmt_days_from_civil(year, 7, 1)};
    for (int p = 0; p < 2; p++) {
        cal_format_date(starts[p], first);
        grat_period_of(first, periods[p]);
    }
    int np = strcmp(periods[0], periods[1]) == 0 ? 1 : 2;
    for (int p = 0; p < np; p++) {
        if (starts[p] > today)
            continue; /* a period still to come has nothing to count */
        json_t *list = json_array(), *row, *hit = NULL;
        int rc = grat_store_declarations(db, u->path, periods[p], list);
        size_t i;
        json_array_foreach(list, i, row)
        {
            const char *code = json_string_value(json_object_get(row, "unit_code"));
            if (code && strcmp(code, u->code) == 0)
                hit = row;
        }
        long d = (long)json_integer_value(json_object_get(hit, "declared"));
        long staff = (long)json_integer_value(json_object_get(hit, "staff"));
        json_decref(list);
        if (rc)
            return rc;
        *declared += d;
        buf_printf(note, "%s%s %ld dari %ld pegawai", note->len ? ", " : "", periods[p], d, staff);
    }
    return 0;
}

/* pemenuhan.5.i.b from the UPG's work on the unit's reports and the staff's declarations. */
static int
control(struct db *db, const struct lke_fw *fw, int64_t aid, const struct org_unit *u, int year,
        int64_t now)
{
    static const char *const forwarded_states[] = {"diteruskan", "ditetapkan", "selesai", NULL};
    static const char *const decided_states[] = {"ditetapkan", "selesai", NULL};
    size_t holders = 0;
    int rc = upg_holders(db, u, &holders);
    if (rc || holders == 0)
        return rc;
    json_t *list = json_array(), *r;
    /* this unit's reports only, not those of the units under it: each unit answers its own LKE */
    rc = grat_store_list(db, u->path, 0, "", year, list);
    long filed = 0, handled = 0, forwarded = 0, decided = 0;
    size_t i;
    json_array_foreach(list, i, r)
    {
        if (json_integer_value(json_object_get(r, "unit_id")) != u->id)
            continue;
        const char *s = json_string_value(json_object_get(r, "state"));
        filed++;
        handled += s && strcmp(s, "diajukan") != 0;
        forwarded += state_in(s, forwarded_states);
        decided += state_in(s, decided_states);
    }
    json_decref(list);
    if (rc)
        return rc;
    struct buf nihil = BUF_INIT;
    long declared = 0;
    bool asked = grat_nihil_enabled();
    int64_t today = (now + (int64_t)fmt_zone_offset(fmt_zone_of(u->tz)) * 60000) / 86400000;
    if (asked && (rc = declarations(db, u, year, today, &nihil, &declared)) != 0) {
        buf_free(&nihil);
        return rc;
    }
    struct buf value = BUF_INIT;
    /* boundary: a report moved past filing, and declarations where they are asked for */
    bool procedure = handled > 0 && (!asked || declared > 0);
    if ((filed == 0 && declared == 0) ||
        !(procedure ? option_where(fw, Q_CONTROL, "bagian dari prosedur", NULL, &value)
                    : option_where(fw, Q_CONTROL, "mulai dilakukan", NULL, &value))) {
        buf_free(&nihil);
        buf_free(&value);
        return 0;
    }
    struct buf note = BUF_INIT;
    buf_printf(&note,
               "UPG di zona: %zu petugas UPG; laporan gratifikasi %d: %ld dilaporkan, %ld diproses "
               "UPG, %ld diteruskan ke KPK, %ld ditetapkan KPK",
               holders, year, filed, handled, forwarded, decided);
    if (asked)
        buf_printf(&note, "; laporan nihil: %s", nihil.len ? buf_cstr(&nihil) : "belum ada");
    struct buf link = BUF_INIT;
    buf_printf(&link, "/gratifikasi/publik/%s", u->code);
    rc = lke_store_proposal_set(db, aid, Q_CONTROL, buf_cstr(&value), "gratification",
                                buf_cstr(&note), buf_cstr(&link), now);
    buf_free(&link);
    buf_free(&note);
    buf_free(&nihil);
    buf_free(&value);
    return rc;
}

int
app_lke_grat(struct db *db, int64_t unit_id, int year, int64_t now)
{
    struct lke_assessment a;
    if (lke_store_get(db, unit_id, year, &a) != 0)
        return 0;
    const struct lke_fw *fw = lke_registry_get(a.framework_id, a.framework_version);
    if (!fw)
        return 0; /* a framework zona no longer holds: nothing to match the options against */
    struct org_unit u;
    int rc = org_unit_by_id(db, unit_id, &u);
    if (rc == 0)
        rc = campaign(db, fw, a.id, &u, year, now);
    if (rc == 0)
        rc = control(db, fw, a.id, &u, year, now);
    return rc;
}
