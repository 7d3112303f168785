/* grat_store: every SQL statement of gratification control, bound and portable. What zona says of
 * a report (the advice under the rule in force on the day of receipt, the deadlines on the unit's
 * working-day calendar, late or not) is computed here when it is filed or completed and kept as
 * it was said, so a later amendment of the rules never rewrites an old report. Each write opens
 * its own write transaction unless the caller is in one already, so a page may group several. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "grat.h"
#include "org/cal.h"
#include "web/fmt.h"

enum { DAY_MS = 86400000 };
/* The advisory lock that serialises receipt numbers (PostgreSQL; SQLite's write lock already
 * does): "grat" in the high half, so it never meets the audit chain's key. */
#define DEPOSIT_LOCK (INT64_C(0x67726174) << 32)

#define G_COLS                                                                                     \
    "g.id, g.unit_id, u.code, u.name, u.path, g.reporter_id, p.name, p.nip, p.position, g.kind, "  \
    "g.giver_name, g.giver_institution, g.giver_address, g.giver_relation, g.giver_kind, "         \
    "g.event_kind, g.event, g.object_type, g.description, g.value, g.cash, g.received_day, "       \
    "g.place, g.kept_at, g.chronology, g.wants_compensation, g.year_total, g.rule_id, "            \
    "g.must_report, g.advice, g.state, g.missing, g.upg_due, g.kpk_due, g.forward_due, "           \
    "g.lapse_due, g.late, g.reported_at, g.reported_day, g.forwarded_day, g.kpk_number, "          \
    "g.decree_number, g.decree_day, g.outcome, g.compensation, g.finish_how, g.finish_note, "      \
    "g.deposit_number, g.deposited_at, g.closed_at, u.tz, g.verified_at, g.forwarded_at, "         \
    "g.updated_at FROM grat_reports g JOIN units u ON u.id = g.unit_id JOIN users p ON p.id = "    \
    "g.reporter_id "

static const char q_get[] = "SELECT " G_COLS "WHERE g.id = $1";
static const char q_list[] =
    "SELECT " G_COLS "WHERE u.path LIKE $1 || '%' AND (CAST($2 AS BIGINT) = 0 OR g.reporter_id = "
    "$2) AND (CAST($3 AS TEXT) = '' OR g.state = $3 OR ($3 = 'terbuka' AND g.state NOT IN "
    "('selesai', 'gugur'))) AND (CAST($4 AS INTEGER) = 0 OR g.received_day LIKE CAST($4 AS TEXT) "
    "|| '-%') ORDER BY g.reported_at DESC, g.id DESC";
static const char q_deposits[] =
    "SELECT " G_COLS "WHERE u.path LIKE $1 || '%' AND g.deposit_number IS NOT NULL AND "
    "(CAST($2 AS INTEGER) = 0 OR g.deposit_year = $2) ORDER BY u.path, g.deposit_year, "
    "g.deposit_seq";
static const char q_insert[] =
    "INSERT INTO grat_reports (unit_id, reporter_id, kind, giver_name, giver_institution, "
    "giver_address, giver_relation, giver_kind, event_kind, event, object_type, description, "
    "value, cash, received_day, place, kept_at, chronology, wants_compensation, year_total, "
    "rule_id, must_report, advice, state, upg_due, kpk_due, late, reported_at, reported_day, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
    "$17, $18, $19, $20, $21, $22, $23, 'diajukan', $24, $25, $26, $27, $28, $27) RETURNING id";
static const char q_complete[] =
    "UPDATE grat_reports SET kind = $2, giver_name = $3, giver_institution = $4, giver_address = "
    "$5, giver_relation = $6, giver_kind = $7, event_kind = $8, event = $9, object_type = $10, "
    "description = $11, value = $12, cash = $13, received_day = $14, place = $15, kept_at = $16, "
    "chronology = $17, wants_compensation = $18, year_total = $19, rule_id = $20, must_report = "
    "$21, advice = $22, upg_due = $23, kpk_due = $24, late = $25, state = 'diajukan', missing = "
    "'', lapse_due = '', updated_at = $26 WHERE id = $1 AND state = 'dikembalikan' RETURNING id";
static const char q_verify[] =
    "UPDATE grat_reports SET state = 'diverifikasi', verified_at = $2, forward_due = $3, "
    "updated_at = $2 WHERE id = $1 AND state = 'diajukan' RETURNING id";
static const char q_return[] =
    "UPDATE grat_reports SET state = 'dikembalikan', missing = $2, lapse_due = $3, updated_at = $4 "
    "WHERE id = $1 AND state = 'diajukan' RETURNING id";
static const char q_forward[] =
    "UPDATE grat_reports SET state = 'diteruskan', kpk_number = $2, forwarded_at = $3, "
    "forwarded_day = $4, updated_at = $3 WHERE id = $1 AND state = 'diverifikasi' RETURNING id";
static const char q_decide[] =
    "UPDATE grat_reports SET state = 'ditetapkan', decree_number = $2, decree_day = $3, outcome = "
    "$4, compensation = $5, updated_at = $6 WHERE id = $1 AND state = 'diteruskan' RETURNING id";
static const char q_finish[] =
    "UPDATE grat_reports SET state = 'selesai', finish_how = $2, finish_note = $3, closed_at = $4, "
    "updated_at = $4 WHERE id = $1 AND state = 'ditetapkan' RETURNING id";
static const char q_deposit_seq[] =
    "SELECT COALESCE(MAX(deposit_seq), 0) + 1 FROM grat_reports WHERE unit_id = $1 AND "
    "deposit_year = $2";
static const char q_deposit[] =
    "UPDATE grat_reports SET deposit_number = $2, deposit_year = $3, deposit_seq = $4, "
    "deposited_at = $5, kept_at = 'upg', updated_at = $5 WHERE id = $1 AND deposit_number IS NULL "
    "RETURNING id";
static const char q_event[] = "INSERT INTO grat_events (report_id, at, actor_id, action, "
                              "from_state, to_state, note) VALUES ($1, $2, $3, $4, $5, $6, $7)";
static const char q_events[] =
    "SELECT e.at, COALESCE(u.name, ''), e.action, e.from_state, e.to_state, e.note FROM "
    "grat_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.report_id = $1 ORDER BY e.at, "
    "e.id";
static const char q_file_add[] =
    "INSERT INTO grat_files (report_id, blob_id, name, mime, size, at, by_id) VALUES ($1, $2, $3, "
    "$4, $5, $6, $7)";
static const char q_files[] =
    "SELECT f.id, f.blob_id, b.sha256, f.name, f.mime, f.size, f.at FROM grat_files f JOIN blobs "
    "b ON b.id = f.blob_id WHERE f.report_id = $1 ORDER BY f.id";
static const char q_lapsing[] =
    "SELECT id FROM grat_reports WHERE state = 'dikembalikan' AND lapse_due <> '' AND lapse_due < "
    "$1 ORDER BY id";
static const char q_lapse[] =
    "UPDATE grat_reports SET state = 'gugur', closed_at = $2, updated_at = $2 WHERE id = $1 AND "
    "state = 'dikembalikan' RETURNING id";
static const char q_declare[] =
    "INSERT INTO grat_declarations (user_id, unit_id, period, declared_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (user_id, period) DO NOTHING RETURNING id";
static const char q_declared[] =
    "SELECT 1 FROM grat_declarations WHERE user_id = $1 AND period = $2";
static const char q_declarations[] =
    "SELECT un.id, un.code, un.name, COUNT(p.id), COUNT(d.id) FROM units un JOIN users p ON "
    "p.unit_id = un.id AND p.active = TRUE LEFT JOIN grat_declarations d ON d.user_id = p.id AND "
    "d.period = $2 WHERE un.path LIKE $1 || '%' GROUP BY un.id, un.code, un.name, un.path ORDER "
    "BY un.path";
static const char q_activity_add[] =
    "INSERT INTO grat_activities (unit_id, year, kind, title, held_day, description, "
    "participants, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING "
    "id";
static const char q_activity_file_add[] =
    "INSERT INTO grat_activity_files (activity_id, blob_id, name, mime, size, at) VALUES ($1, $2, "
    "$3, $4, $5, $6)";
static const char q_activities[] =
    "SELECT a.id, a.kind, a.title, a.held_day, a.description, a.participants, COALESCE(p.name, "
    "''), a.unit_id, a.created_at FROM grat_activities a LEFT JOIN users p ON p.id = a.created_by "
    "WHERE a.unit_id = $1 AND (CAST($2 AS INTEGER) = 0 OR a.year = $2) ORDER BY a.held_day DESC, "
    "a.id DESC";
static const char q_activity_files[] =
    "SELECT f.activity_id, f.id, f.blob_id, b.sha256, f.name, f.mime, f.size FROM "
    "grat_activity_files f JOIN grat_activities a ON a.id = f.activity_id JOIN blobs b ON b.id = "
    "f.blob_id WHERE a.unit_id = $1 AND (CAST($2 AS INTEGER) = 0 OR a.year = $2) ORDER BY f.id";

/*---- transactions -----------------------------------------------------------------------------*/

/* Begins a write transaction unless the caller is in one; *own says who ends it. */
static int
tx_begin(struct db *db, bool *own)
{
    *own = !db_in_transaction(db);
    return *own ? db_begin_write(db) : 0;
}

static int
tx_end(struct db *db, bool own, int rc)
{
    return own ? db_commit_or_rollback(db, rc) : rc;
}

/*---- rows -------------------------------------------------------------------------------------*/

static void
put_text(json_t *j, const char *key, struct db_stmt *st, int i)
{
    json_object_set_new(j, key, json_string(db_col_text(st, i)));
}

static void
put_int(json_t *j, const char *key, struct db_stmt *st, int i)
{
    json_object_set_new(j, key, json_integer((json_int_t)db_col_int64(st, i)));
}

/* An integer that may be absent: null then (0 is a value, and a template's truth). */
static void
put_int_or_null(json_t *j, const char *key, struct db_stmt *st, int i)
{
    json_object_set_new(
        j, key, db_col_isnull(st, i) ? json_null() : json_integer((json_int_t)db_col_int64(st, i)));
}

static void
put_bool(json_t *j, const char *key, struct db_stmt *st, int i)
{
    json_object_set_new(j, key, json_boolean(db_col_bool(st, i)));
}

/* A row of G_COLS; full adds the chronology and the advice (the lists leave them out). */
static json_t *
row(struct db_stmt *st, bool full)
{
    json_t *j = json_object();
    put_int(j, "id", st, 0);
    put_int(j, "unit_id", st, 1);
    put_text(j, "unit_code", st, 2);
    put_text(j, "unit_name", st, 3);
    put_text(j, "unit_path", st, 4);
    put_int(j, "reporter_id", st, 5);
    put_text(j, "reporter_name", st, 6);
    put_text(j, "reporter_nip", st, 7);
    put_text(j, "reporter_position", st, 8);
    put_text(j, "kind", st, 9);
    put_text(j, "giver_name", st, 10);
    put_text(j, "giver_institution", st, 11);
    put_text(j, "giver_address", st, 12);
    put_text(j, "giver_relation", st, 13);
    put_text(j, "giver_kind", st, 14);
    put_text(j, "event_kind", st, 15);
    put_text(j, "event", st, 16);
    put_text(j, "object_type", st, 17);
    put_text(j, "description", st, 18);
    put_int(j, "value", st, 19);
    json_object_set_new(j, "value_band", json_string(grat_value_band(db_col_int64(st, 19))));
    put_bool(j, "cash", st, 20);
    put_text(j, "received_day", st, 21);
    put_text(j, "place", st, 22);
    put_text(j, "kept_at", st, 23);
    if (full)
        put_text(j, "chronology", st, 24);
    put_bool(j, "wants_compensation", st, 25);
    put_int(j, "year_total", st, 26);
    put_text(j, "rule_id", st, 27);
    put_bool(j, "must_report", st, 28);
    if (full)
        put_text(j, "advice", st, 29);
    put_text(j, "state", st, 30);
    put_text(j, "missing", st, 31);
    put_text(j, "upg_due", st, 32);
    put_text(j, "kpk_due", st, 33);
    put_text(j, "forward_due", st, 34);
    put_text(j, "lapse_due", st, 35);
    put_bool(j, "late", st, 36);
    put_int(j, "reported_at", st, 37);
    put_text(j, "reported_day", st, 38);
    put_text(j, "forwarded_day", st, 39);
    put_text(j, "kpk_number", st, 40);
    put_text(j, "decree_number", st, 41);
    put_text(j, "decree_day", st, 42);
    put_text(j, "outcome", st, 43);
    put_int_or_null(j, "compensation", st, 44);
    put_text(j, "finish_how", st, 45);
    put_text(j, "finish_note", st, 46);
    put_text(j, "deposit_number", st, 47);
    put_int_or_null(j, "deposited_at", st, 48);
    put_int_or_null(j, "closed_at", st, 49);
    put_text(j, "unit_tz", st, 50);
    put_int_or_null(j, "verified_at", st, 51);
    put_int_or_null(j, "forwarded_at", st, 52);
    put_int(j, "updated_at", st, 53);
    return j;
}

json_t *
grat_store_get(struct db *db, int64_t id)
{
    struct db_stmt *st;
    if (db_prepare(db, q_get, &st) != 0)
        return NULL;
    db_bind_int64(st, 1, id);
    json_t *j = db_step(st) == DB_ROW ? row(st, true) : NULL;
    db_finalize(st);
    return j;
}

static const char *
jstr(const json_t *j, const char *key)
{
    const char *s = json_string_value(json_object_get(j, key));
    return s ? s : "";
}

/* Runs a statement whose rows are read into list by row(st, false). */
static int
rows_into(struct db_stmt *st, json_t *list)
{
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(list, row(st, false));
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

int
grat_store_list(struct db *db, const char *prefix, int64_t reporter_id, const char *state, int year,
                json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_list, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, prefix ? prefix : "", -1);
    db_bind_int64(st, 2, reporter_id > 0 ? reporter_id : 0);
    db_bind_text(st, 3, state ? state : "", -1);
    db_bind_int64(st, 4, year);
    return rows_into(st, list);
}

int
grat_store_deposits(struct db *db, const char *prefix, int year, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_deposits, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, prefix ? prefix : "", -1);
    db_bind_int64(st, 2, year);
    return rows_into(st, list);
}

/*---- filing and completing --------------------------------------------------------------------*/

/* What zona says of a gift when it is reported on reported. */
struct derived {
    const char *rule_id;
    bool must_report;
    char advice[GRAT_REASON_MAX];
    char upg_due[11], kpk_due[11];
    bool late;
};

static int
derive(struct db *db, int64_t unit_id, const struct grat_input *in, int64_t reported,
       struct derived *d)
{
    memset(d, 0, sizeof *d);
    struct grat_gift g = {.value = in->value,
                          .cash = grat_object_is_cash(in->object_type),
                          .year_total = in->year_total};
    if (cal_parse_date(in->received_day, &g.received) != 0 ||
        grat_giver_parse(in->giver_kind, &g.giver) != 0 ||
        grat_event_parse(in->event_kind, &g.event) != 0)
        return ZE_INVAL;
    struct grat_advice a;
    int rc = grat_advise(&g, "id", &a); /* kept in Indonesian, as the report is written */
    if (rc)
        return rc;
    d->rule_id = a.rule ? a.rule->id : "";
    d->must_report = a.must_report;
    snprintf(d->advice, sizeof d->advice, "%s", a.reason);
    struct cal c;
    struct cal_rule r;
    if ((rc = cal_store_for_unit(db, unit_id, grat_cuti_bersama_works(), &c, &r)) != 0)
        return rc;
    struct grat_deadlines dl;
    rc = grat_deadlines(&c, &r, g.received, &dl);
    if (rc == 0) {
        cal_format_date(dl.upg, d->upg_due);
        cal_format_date(dl.kpk, d->kpk_due);
        d->late = grat_report_late(&c, &r, a.rule, g.received, reported);
    }
    cal_free(&c);
    return rc;
}

/* The day of now in zone tz. */
static void
local_day(int64_t now, const char *tz, char out[11])
{
    int64_t local = now + (int64_t)fmt_zone_offset(fmt_zone_of(tz)) * 60000;
    cal_format_date(local / DAY_MS, out);
}

static const char *
nz(const char *s)
{
    return s ? s : "";
}

static int
event(struct db *db, int64_t id, int64_t at, int64_t actor, const char *action, const char *from,
      const char *to, const char *note)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_event, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, at);
    if (actor > 0)
        db_bind_int64(st, 3, actor);
    else
        db_bind_null(st, 3);
    db_bind_text(st, 4, action, -1);
    db_bind_text(st, 5, nz(from), -1);
    db_bind_text(st, 6, nz(to), -1);
    db_bind_text(st, 7, nz(note), -1);
    return db_run(st);
}

/* Runs an UPDATE … RETURNING id: 0, ZE_CONFLICT when no row matched, or the error. */
static int
update_one(struct db_stmt *st)
{
    int rc = db_step(st);
    db_finalize(st);
    if (rc == DB_ROW)
        return 0;
    return rc == DB_DONE ? ZE_CONFLICT : rc;
}

int
grat_store_insert(struct db *db, int64_t unit_id, const char *tz, int64_t reporter_id,
                  const struct grat_input *in, int64_t now, int64_t *id)
{
    char day[11];
    int64_t reported;
    local_day(now, tz, day);
    (void)cal_parse_date(day, &reported);
    struct derived d;
    bool own;
    int rc = tx_begin(db, &own);
    if (rc)
        return rc;
    if ((rc = derive(db, unit_id, in, reported, &d)) != 0)
        return tx_end(db, own, rc);
    struct db_stmt *st;
    if ((rc = db_prepare(db, q_insert, &st)) != 0)
        return tx_end(db, own, rc);
    db_bind_int64(st, 1, unit_id);
    db_bind_int64(st, 2, reporter_id);
    db_bind_text(st, 3, in->kind, -1);
    db_bind_text(st, 4, nz(in->giver_name), -1);
    db_bind_text(st, 5, nz(in->giver_institution), -1);
    db_bind_text(st, 6, nz(in->giver_address), -1);
    db_bind_text(st, 7, nz(in->giver_relation), -1);
    db_bind_text(st, 8, in->giver_kind, -1);
    db_bind_text(st, 9, in->event_kind, -1);
    db_bind_text(st, 10, nz(in->event), -1);
    db_bind_text(st, 11, in->object_type, -1);
    db_bind_text(st, 12, nz(in->description), -1);
    db_bind_int64(st, 13, in->value);
    db_bind_bool(st, 14, grat_object_is_cash(in->object_type));
    db_bind_text(st, 15, in->received_day, -1);
    db_bind_text(st, 16, nz(in->place), -1);
    db_bind_text(st, 17, in->kept_at, -1);
    db_bind_text(st, 18, nz(in->chronology), -1);
    db_bind_bool(st, 19, in->wants_compensation);
    db_bind_int64(st, 20, in->year_total);
    db_bind_text(st, 21, d.rule_id, -1);
    db_bind_bool(st, 22, d.must_report);
    db_bind_text(st, 23, d.advice, -1);
    db_bind_text(st, 24, d.upg_due, -1);
    db_bind_text(st, 25, d.kpk_due, -1);
    db_bind_bool(st, 26, d.late);
    db_bind_int64(st, 27, now);
    db_bind_text(st, 28, day, -1);
    rc = db_step(st);
    if (rc == DB_ROW)
        *id = db_col_int64(st, 0);
    db_finalize(st);
    if (rc != DB_ROW)
        return tx_end(db, own, rc == DB_DONE ? ZE_DB : rc);
    rc = event(db, *id, now, reporter_id, "report", "", "diajukan", "");
    return tx_end(db, own, rc);
}

int
grat_store_complete(struct db *db, int64_t id, const struct grat_input *in, int64_t by, int64_t now)
{
    bool own;
    int rc = tx_begin(db, &own);
    if (rc)
        return rc;
    json_t *g = grat_store_get(db, id);
    if (!g)
        return tx_end(db, own, ZE_NOTFOUND);
    int64_t reported;
    struct derived d;
    if (strcmp(jstr(g, "state"), "dikembalikan") != 0)
        rc = ZE_CONFLICT;
    else if (cal_parse_date(jstr(g, "reported_day"), &reported) != 0)
        rc = ZE_DB;
    else /* late is still measured to the day it was first reported */
        rc = derive(db, json_integer_value(json_object_get(g, "unit_id")), in, reported, &d);
    json_decref(g);
    struct db_stmt *st;
    if (rc || (rc = db_prepare(db, q_complete, &st)) != 0)
        return tx_end(db, own, rc);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, in->kind, -1);
    db_bind_text(st, 3, nz(in->giver_name), -1);
    db_bind_text(st, 4, nz(in->giver_institution), -1);
    db_bind_text(st, 5, nz(in->giver_address), -1);
    db_bind_text(st, 6, nz(in->giver_relation), -1);
    db_bind_text(st, 7, in->giver_kind, -1);
    db_bind_text(st, 8, in->event_kind, -1);
    db_bind_text(st, 9, nz(in->event), -1);
    db_bind_text(st, 10, in->object_type, -1);
    db_bind_text(st, 11, nz(in->description), -1);
    db_bind_int64(st, 12, in->value);
    db_bind_bool(st, 13, grat_object_is_cash(in->object_type));
    db_bind_text(st, 14, in->received_day, -1);
    db_bind_text(st, 15, nz(in->place), -1);
    db_bind_text(st, 16, in->kept_at, -1);
    db_bind_text(st, 17, nz(in->chronology), -1);
    db_bind_bool(st, 18, in->wants_compensation);
    db_bind_int64(st, 19, in->year_total);
    db_bind_text(st, 20, d.rule_id, -1);
    db_bind_bool(st, 21, d.must_report);
    db_bind_text(st, 22, d.advice, -1);
    db_bind_text(st, 23, d.upg_due, -1);
    db_bind_text(st, 24, d.kpk_due, -1);
    db_bind_bool(st, 25, d.late);
    db_bind_int64(st, 26, now);
    rc = update_one(st);
    if (rc == 0)
        rc = event(db, id, now, by, "complete", "dikembalikan", "diajukan", "");
    return tx_end(db, own, rc);
}

/*---- the UPG's steps --------------------------------------------------------------------------*/

/* Does how fit the KPK's decision? The object goes to the state (diserahkan) when it is the
 * state's, back to the recipient (dikembalikan) when it is theirs, and is paid for (dibayar) only
 * when the decree allows compensation. */
static bool
finish_fits(const char *how, const char *outcome)
{
    if (strcmp(how, "dibayar") == 0)
        return strcmp(outcome, "milik_negara_kompensasi") == 0;
    if (strcmp(how, "dikembalikan") == 0)
        return strcmp(outcome, "milik_penerima") == 0;
    if (strcmp(how, "diserahkan") == 0)
        return strncmp(outcome, "milik_negara", 12) == 0;
    return false;
}

/* The UPG's last day to forward a report verified now: upg_forward_days working days after the
 * report reached it, but never after the KPK deadline while that is still ahead. */
static int
forward_due(const struct cal *c, const struct cal_rule *r, const json_t *g, char out[11])
{
    int64_t reported, kpk, due;
    if (cal_parse_date(jstr(g, "reported_day"), &reported) != 0)
        return ZE_DB;
    int rc = cal_add(c, reported, grat_upg_forward_days(), r, &due, NULL);
    if (rc)
        return rc;
    if (cal_parse_date(jstr(g, "kpk_due"), &kpk) == 0 && kpk >= reported && kpk < due)
        due = kpk;
    cal_format_date(due, out);
    return 0;
}

/* The last day to complete a report returned now (grat_lapse under the rule in force on the day
 * it was reported). */
static int
lapse_due(const struct cal *c, const struct cal_rule *r, const json_t *g, char out[11])
{
    int64_t received, reported, due;
    if (cal_parse_date(jstr(g, "received_day"), &received) != 0 ||
        cal_parse_date(jstr(g, "reported_day"), &reported) != 0)
        return ZE_DB;
    if (reported < received) /* a receipt typed in another zone's tomorrow */
        reported = received;
    int rc = grat_lapse(c, r, grat_rule_on(reported), received, reported, &due);
    if (rc == 0)
        cal_format_date(due, out);
    return rc;
}

/* The calendar step of a move (verify, return): fills due. */
static int
step_due(struct db *db, const json_t *g, bool returning, char due[11])
{
    struct cal c;
    struct cal_rule r;
    int rc = cal_store_for_unit(db, json_integer_value(json_object_get(g, "unit_id")),
                                grat_cuti_bersama_works(), &c, &r);
    if (rc)
        return rc;
    rc = returning ? lapse_due(&c, &r, g, due) : forward_due(&c, &r, g, due);
    cal_free(&c);
    return rc;
}

static int
transition(struct db *db, int64_t id, const json_t *g, const struct grat_step *s, int64_t by,
           int64_t now)
{
    const char *from = jstr(g, "state");
    if (!grat_transition_ok(from, s->to, true))
        return ZE_CONFLICT;
    struct db_stmt *st;
    char due[11] = "", day[11];
    int rc = 0;
    struct buf note = BUF_INIT;
    buf_puts(&note, s->note);
    if (strcmp(s->to, "diverifikasi") == 0) {
        if ((rc = step_due(db, g, false, due)) == 0 && (rc = db_prepare(db, q_verify, &st)) == 0) {
            db_bind_int64(st, 1, id);
            db_bind_int64(st, 2, now);
            db_bind_text(st, 3, due, -1);
            rc = update_one(st);
        }
    } else if (strcmp(s->to, "dikembalikan") == 0) {
        if ((rc = step_due(db, g, true, due)) == 0 && (rc = db_prepare(db, q_return, &st)) == 0) {
            db_bind_int64(st, 1, id);
            db_bind_text(st, 2, s->missing, -1);
            db_bind_text(st, 3, due, -1);
            db_bind_int64(st, 4, now);
            rc = update_one(st);
        }
        /* the reporter reads what is missing in the history too */
        buf_reset(&note);
        buf_puts(&note, s->missing);
        if (*s->note)
            buf_printf(&note, "\n\n%s", s->note);
    } else if (strcmp(s->to, "diteruskan") == 0) {
        local_day(now, jstr(g, "unit_tz"), day);
        if ((rc = db_prepare(db, q_forward, &st)) == 0) {
            db_bind_int64(st, 1, id);
            db_bind_text(st, 2, s->kpk_number, -1);
            db_bind_int64(st, 3, now);
            db_bind_text(st, 4, day, -1);
            rc = update_one(st);
        }
    } else if (strcmp(s->to, "ditetapkan") == 0) {
        bool comp = strcmp(s->outcome, "milik_negara_kompensasi") == 0;
        int64_t d;
        if (!grat_code_ok("outcomes", s->outcome) || cal_parse_date(s->decree_day, &d) != 0 ||
            !*s->decree_number ||
            (comp && (s->compensation < 0 || s->compensation > GRAT_VALUE_MAX)))
            rc = ZE_INVAL;
        else if ((rc = db_prepare(db, q_decide, &st)) == 0) {
            db_bind_int64(st, 1, id);
            db_bind_text(st, 2, s->decree_number, -1);
            db_bind_text(st, 3, s->decree_day, -1);
            db_bind_text(st, 4, s->outcome, -1);
            if (comp)
                db_bind_int64(st, 5, s->compensation);
            else
                db_bind_null(st, 5);
            db_bind_int64(st, 6, now);
            rc = update_one(st);
        }
    } else if (strcmp(s->to, "selesai") == 0) {
        if (!finish_fits(s->finish_how, jstr(g, "outcome")))
            rc = ZE_INVAL;
        else if ((rc = db_prepare(db, q_finish, &st)) == 0) {
            db_bind_int64(st, 1, id);
            db_bind_text(st, 2, s->finish_how, -1);
            db_bind_text(st, 3, s->note, -1);
            db_bind_int64(st, 4, now);
            rc = update_one(st);
        }
    } else {
        rc = ZE_CONFLICT;
    }
    if (rc == 0)
        rc = event(db, id, now, by, "state", from, s->to, buf_cstr(&note));
    buf_free(&note);
    return rc;
}

int
grat_store_transition(struct db *db, int64_t id, const struct grat_step *step, int64_t by,
                      int64_t now)
{
    bool own;
    int rc = tx_begin(db, &own);
    if (rc)
        return rc;
    json_t *g = grat_store_get(db, id);
    rc = g ? transition(db, id, g, step, by, now) : ZE_NOTFOUND;
    json_decref(g);
    return tx_end(db, own, rc);
}

/*---- deposits ---------------------------------------------------------------------------------*/

static int
deposit(struct db *db, int64_t id, const json_t *g, int64_t by, int64_t now, char number[64])
{
    if (*jstr(g, "deposit_number"))
        return ZE_CONFLICT;
    const char *state = jstr(g, "state");
    if (strcmp(state, "selesai") == 0 || strcmp(state, "gugur") == 0)
        return ZE_CONFLICT; /* nothing is left to keep */
    int64_t unit = json_integer_value(json_object_get(g, "unit_id"));
    char day[11];
    local_day(now, jstr(g, "unit_tz"), day);
    int year = atoi(day);
    int rc = db_lock(db, DEPOSIT_LOCK | unit);
    struct db_stmt *st;
    if (rc || (rc = db_prepare(db, q_deposit_seq, &st)) != 0)
        return rc;
    db_bind_int64(st, 1, unit);
    db_bind_int64(st, 2, year);
    rc = db_step(st);
    int64_t seq = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_finalize(st);
    if (rc != DB_ROW)
        return rc == DB_DONE ? ZE_DB : rc;
    if ((size_t)snprintf(number, 64, "TT/%s/%d/%03lld", jstr(g, "unit_code"), year,
                         (long long)seq) >= 64)
        return ZE_LIMIT;
    if ((rc = db_prepare(db, q_deposit, &st)) != 0)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, number, -1);
    db_bind_int64(st, 3, year);
    db_bind_int64(st, 4, seq);
    db_bind_int64(st, 5, now);
    if ((rc = update_one(st)) != 0)
        return rc;
    return event(db, id, now, by, "deposit", "", "", number);
}

int
grat_store_deposit(struct db *db, int64_t id, int64_t by, int64_t now, char number[64])
{
    number[0] = '\0';
    bool own;
    int rc = tx_begin(db, &own);
    if (rc)
        return rc;
    json_t *g = grat_store_get(db, id);
    rc = g ? deposit(db, id, g, by, now, number) : ZE_NOTFOUND;
    json_decref(g);
    if (rc)
        number[0] = '\0';
    return tx_end(db, own, rc);
}

/*---- files and history ------------------------------------------------------------------------*/

int
grat_store_file_add(struct db *db, int64_t report_id, int64_t blob_id, const char *name,
                    const char *mime, int64_t size, int64_t by, int64_t now)
{
    bool own;
    struct db_stmt *st;
    int rc = tx_begin(db, &own);
    if (rc || (rc = db_prepare(db, q_file_add, &st)) != 0)
        return tx_end(db, own, rc);
    db_bind_int64(st, 1, report_id);
    db_bind_int64(st, 2, blob_id);
    db_bind_text(st, 3, nz(name), -1);
    db_bind_text(st, 4, nz(mime), -1);
    db_bind_int64(st, 5, size);
    db_bind_int64(st, 6, now);
    if (by > 0)
        db_bind_int64(st, 7, by);
    else
        db_bind_null(st, 7);
    return tx_end(db, own, db_run(st));
}

int
grat_store_files(struct db *db, int64_t report_id, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_files, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, report_id);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(
            list,
            json_pack("{s:I,s:I,s:s,s:s,s:s,s:I,s:I}", "id", (json_int_t)db_col_int64(st, 0),
                      "blob_id", (json_int_t)db_col_int64(st, 1), "sha256", db_col_text(st, 2),
                      "name", db_col_text(st, 3), "mime", db_col_text(st, 4), "size",
                      (json_int_t)db_col_int64(st, 5), "at", (json_int_t)db_col_int64(st, 6)));
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

int
grat_store_events(struct db *db, int64_t report_id, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_events, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, report_id);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "at",
                                              (json_int_t)db_col_int64(st, 0), "actor",
                                              db_col_text(st, 1), "action", db_col_text(st, 2),
                                              "from", db_col_text(st, 3), "to", db_col_text(st, 4),
                                              "note", db_col_text(st, 5)));
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

static int
lapse_all(struct db *db, const char *today, int64_t now, int *n)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_lapsing, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, today, -1);
    json_t *ids = json_array();
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(ids, json_integer((json_int_t)db_col_int64(st, 0)));
    db_finalize(st);
    rc = rc == DB_DONE ? 0 : rc;
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
    {
        int64_t id = json_integer_value(v);
        if (rc || (rc = db_prepare(db, q_lapse, &st)) != 0)
            break;
        db_bind_int64(st, 1, id);
        db_bind_int64(st, 2, now);
        if ((rc = update_one(st)) == 0)
            rc = event(db, id, now, 0, "lapse", "dikembalikan", "gugur", "");
        if (rc == 0)
            (*n)++;
    }
    json_decref(ids);
    return rc;
}

int
grat_store_lapse(struct db *db, const char *today, int64_t now, int *n)
{
    *n = 0;
    int64_t d;
    if (!today || cal_parse_date(today, &d) != 0)
        return ZE_INVAL;
    bool own;
    int rc = tx_begin(db, &own);
    if (rc)
        return rc;
    rc = tx_end(db, own, lapse_all(db, today, now, n));
    if (rc)
        *n = 0;
    return rc;
}

/*---- statistics -------------------------------------------------------------------------------*/

static void
bump(json_t *obj, const char *key)
{
    const char *k = key && *key ? key : "-";
    json_t *v = json_object_get(obj, k);
    json_object_set_new(obj, k, json_integer(json_is_integer(v) ? json_integer_value(v) + 1 : 1));
}

static int
cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int
grat_store_stats(struct db *db, const char *prefix, int year, json_t **out)
{
    *out = NULL;
    json_t *list = json_array();
    int rc = grat_store_list(db, prefix, 0, "", year, list);
    if (rc) {
        json_decref(list);
        return rc;
    }
    json_t *by_state = json_object(), *by_object = json_object(), *by_band = json_object(),
           *by_outcome = json_object();
    int64_t total = 0, refusals = 0, in_time = 0;
    int64_t *days = calloc(json_array_size(list) + 1, sizeof *days);
    size_t ndays = 0, i;
    json_t *g;
    json_array_foreach(list, i, g)
    {
        total++;
        bump(by_state, jstr(g, "state"));
        bump(by_object, jstr(g, "object_type"));
        bump(by_band, jstr(g, "value_band"));
        if (*jstr(g, "outcome"))
            bump(by_outcome, jstr(g, "outcome"));
        refusals += strcmp(jstr(g, "kind"), "penolakan") == 0;
        /* ISO days compare as text */
        in_time += strcmp(jstr(g, "reported_day"), jstr(g, "upg_due")) <= 0;
        int64_t r0, r1;
        if (days && cal_parse_date(jstr(g, "received_day"), &r0) == 0 &&
            cal_parse_date(jstr(g, "reported_day"), &r1) == 0)
            days[ndays++] = r1 > r0 ? r1 - r0 : 0;
    }
    json_decref(list);
    if (days)
        qsort(days, ndays, sizeof *days, cmp_i64);
    *out = json_pack("{s:I,s:o,s:o,s:o,s:o,s:I,s:o,s:I,s:o}", "total", (json_int_t)total,
                     "by_state", by_state, "by_object", by_object, "by_band", by_band, "by_outcome",
                     by_outcome, "refusals", (json_int_t)refusals, "median_days_to_report",
                     ndays ? json_integer((json_int_t)days[ndays / 2]) : json_null(), "in_time",
                     (json_int_t)in_time, "in_time_share",
                     total ? json_real((double)in_time / (double)total) : json_null());
    free(days);
    return *out ? 0 : ZE_NOMEM;
}

/*---- declarations -----------------------------------------------------------------------------*/

int
grat_store_declare(struct db *db, int64_t user_id, int64_t unit_id, const char *period, int64_t now)
{
    if (!period || !*period || strlen(period) >= GRAT_PERIOD_LEN)
        return ZE_INVAL;
    bool own;
    struct db_stmt *st;
    int rc = tx_begin(db, &own);
    if (rc || (rc = db_prepare(db, q_declare, &st)) != 0)
        return tx_end(db, own, rc);
    db_bind_int64(st, 1, user_id);
    db_bind_int64(st, 2, unit_id);
    db_bind_text(st, 3, period, -1);
    db_bind_int64(st, 4, now);
    /* ON CONFLICT … DO NOTHING: a second declaration returns no row and, on PostgreSQL, leaves
     * the caller's transaction usable */
    return tx_end(db, own, update_one(st));
}

bool
grat_store_declared(struct db *db, int64_t user_id, const char *period)
{
    struct db_stmt *st;
    if (db_prepare(db, q_declared, &st) != 0)
        return false;
    db_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, nz(period), -1);
    bool yes = db_step(st) == DB_ROW;
    db_finalize(st);
    return yes;
}

int
grat_store_declarations(struct db *db, const char *prefix, const char *period, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_declarations, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, nz(prefix), -1);
    db_bind_text(st, 2, nz(period), -1);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:I,s:I}", "unit_id",
                                              (json_int_t)db_col_int64(st, 0), "unit_code",
                                              db_col_text(st, 1), "unit_name", db_col_text(st, 2),
                                              "staff", (json_int_t)db_col_int64(st, 3), "declared",
                                              (json_int_t)db_col_int64(st, 4)));
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

/*---- campaign activities ----------------------------------------------------------------------*/

int
grat_store_activity_add(struct db *db, int64_t unit_id, const char *kind, const char *title,
                        const char *held_day, const char *description, int64_t participants,
                        int64_t by, int64_t now, int64_t *id)
{
    int64_t d;
    if (!grat_code_ok("activity_kinds", kind) || !title || !*title || !held_day ||
        cal_parse_date(held_day, &d) != 0 || participants < 0)
        return ZE_INVAL;
    bool own;
    struct db_stmt *st;
    int rc = tx_begin(db, &own);
    if (rc || (rc = db_prepare(db, q_activity_add, &st)) != 0)
        return tx_end(db, own, rc);
    db_bind_int64(st, 1, unit_id);
    db_bind_int64(st, 2, cal_year_of(d));
    db_bind_text(st, 3, kind, -1);
    db_bind_text(st, 4, title, -1);
    db_bind_text(st, 5, held_day, -1);
    db_bind_text(st, 6, nz(description), -1);
    db_bind_int64(st, 7, participants);
    if (by > 0)
        db_bind_int64(st, 8, by);
    else
        db_bind_null(st, 8);
    db_bind_int64(st, 9, now);
    rc = db_step(st);
    if (rc == DB_ROW)
        *id = db_col_int64(st, 0);
    db_finalize(st);
    return tx_end(db, own, rc == DB_ROW ? 0 : rc == DB_DONE ? ZE_DB : rc);
}

int
grat_store_activity_file_add(struct db *db, int64_t activity_id, int64_t blob_id, const char *name,
                             const char *mime, int64_t size, int64_t now)
{
    bool own;
    struct db_stmt *st;
    int rc = tx_begin(db, &own);
    if (rc || (rc = db_prepare(db, q_activity_file_add, &st)) != 0)
        return tx_end(db, own, rc);
    db_bind_int64(st, 1, activity_id);
    db_bind_int64(st, 2, blob_id);
    db_bind_text(st, 3, nz(name), -1);
    db_bind_text(st, 4, nz(mime), -1);
    db_bind_int64(st, 5, size);
    db_bind_int64(st, 6, now);
    return tx_end(db, own, db_run(st));
}

int
grat_store_activities(struct db *db, int64_t unit_id, int year, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_activities, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, unit_id);
    db_bind_int64(st, 2, year);
    json_t *by_id = json_object(); /* "id" -> the activity, to hang the files on */
    size_t first = json_array_size(list);
    while ((rc = db_step(st)) == DB_ROW) {
        json_t *a = json_pack(
            "{s:I,s:s,s:s,s:s,s:s,s:I,s:s,s:I,s:I,s:[]}", "id", (json_int_t)db_col_int64(st, 0),
            "kind", db_col_text(st, 1), "title", db_col_text(st, 2), "held_day", db_col_text(st, 3),
            "description", db_col_text(st, 4), "participants", (json_int_t)db_col_int64(st, 5),
            "created_by_name", db_col_text(st, 6), "unit_id", (json_int_t)db_col_int64(st, 7),
            "created_at", (json_int_t)db_col_int64(st, 8), "files");
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)db_col_int64(st, 0));
        json_object_set(by_id, key, a);
        json_array_append_new(list, a);
    }
    db_finalize(st);
    rc = rc == DB_DONE ? 0 : rc;
    if (rc == 0 && json_array_size(list) > first &&
        (rc = db_prepare(db, q_activity_files, &st)) == 0) {
        db_bind_int64(st, 1, unit_id);
        db_bind_int64(st, 2, year);
        while ((rc = db_step(st)) == DB_ROW) {
            char key[24];
            snprintf(key, sizeof key, "%lld", (long long)db_col_int64(st, 0));
            json_t *a = json_object_get(by_id, key);
            if (a)
                json_array_append_new(
                    json_object_get(a, "files"),
                    json_pack("{s:I,s:I,s:s,s:s,s:s,s:I}", "id", (json_int_t)db_col_int64(st, 1),
                              "blob_id", (json_int_t)db_col_int64(st, 2), "sha256",
                              db_col_text(st, 3), "name", db_col_text(st, 4), "mime",
                              db_col_text(st, 5), "size", (json_int_t)db_col_int64(st, 6)));
        }
        db_finalize(st);
        rc = rc == DB_DONE ? 0 : rc;
    }
    json_decref(by_id);
    return rc;
}

/* --- the figures hook ------------------------------------------------------------------------ */

static grat_figures_hook figures_hook;

void
grat_on_figures(grat_figures_hook fn)
{
    figures_hook = fn;
}

int
grat_figures_changed(struct db *db, int64_t unit_id, int year, int64_t now)
{
    return figures_hook ? figures_hook(db, unit_id, year, now) : 0;
}
