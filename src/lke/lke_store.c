/* lke_store: every SQL statement of the LKE's assessments, bound and portable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/xmem.h"
#include "db/db.h"
#include "lke_work.h"

#define A_COLS                                                                                     \
    "id, unit_id, year, framework_id, framework_version, state, round, target, "                   \
    "COALESCE(result, ''), result_letter, COALESCE(result_letter_sha, ''), COALESCE(result_at, "   \
    "0), COALESCE(carried_from, 0), created_at, updated_at FROM assessments "

static const char q_get[] = "SELECT " A_COLS "WHERE unit_id = $1 AND year = $2";
static const char q_get_id[] = "SELECT " A_COLS "WHERE id = $1";
static const char q_insert[] =
    "INSERT INTO assessments (unit_id, year, framework_id, framework_version, state, round, "
    "carried_from, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 'draft', 0, $5, $6, "
    "$7, $7) RETURNING id";
static const char q_set_state[] =
    "UPDATE assessments SET state = $2, round = $3, updated_at = $4 WHERE id = $1";
static const char q_set_result[] = "UPDATE assessments SET result = $2, result_letter = $3, "
                                   "result_letter_sha = $4, result_at = $5, updated_at = $5 WHERE "
                                   "id = $1";
static const char q_set_summary[] = "UPDATE assessments SET summary = $2 WHERE id = $1";
static const char q_list[] =
    "SELECT a.id, u.code, u.name, u.path, a.year, a.state, a.round, a.summary, u.type, "
    "COALESCE(a.result, ''), a.updated_at FROM assessments a JOIN units u ON u.id = a.unit_id "
    "WHERE u.path LIKE $1 || '%' AND ($2 = 0 OR a.year = $2) ORDER BY a.year DESC, u.path";

static const char q_answers[] =
    "SELECT a.code, a.value, a.note, a.finding, a.recommendation, a.response, a.flag, a.rev, "
    "a.updated_at, COALESCE(u.name, '') FROM answers a LEFT JOIN users u ON u.id = a.updated_by "
    "WHERE a.assessment_id = $1 AND a.level = $2";
static const char q_answer_rev[] =
    "SELECT rev FROM answers WHERE assessment_id = $1 AND level = $2 AND code = $3";
static const char q_answer_insert[] =
    "INSERT INTO answers (assessment_id, level, code, value, note, rev, updated_by, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, 1, $6, $7)";
static const char q_answer_update[] =
    "UPDATE answers SET value = $4, note = $5, rev = rev + 1, updated_by = $6, updated_at = $7 "
    "WHERE assessment_id = $1 AND level = $2 AND code = $3";
static const char q_answer_ensure[] =
    "INSERT INTO answers (assessment_id, level, code, rev, updated_by, updated_at) SELECT "
    "CAST($1 AS BIGINT), CAST($2 AS TEXT), CAST($3 AS TEXT), 1, CAST($4 AS BIGINT), CAST($5 AS "
    "BIGINT) WHERE NOT EXISTS (SELECT 1 FROM answers WHERE assessment_id = $1 AND level = "
    "$2 AND code = $3)";
static const char q_finding[] =
    "UPDATE answers SET finding = $4, recommendation = $5, updated_by = $6, updated_at = $7 WHERE "
    "assessment_id = $1 AND level = $2 AND code = $3";
static const char q_response[] = "UPDATE answers SET response = $4, updated_at = $5 WHERE "
                                 "assessment_id = $1 AND level = $2 AND code = $3";
static const char q_flag[] =
    "UPDATE answers SET flag = $3 WHERE assessment_id = $1 AND level = 'self' AND code = $2";
static const char q_findings[] =
    "SELECT level, code, finding, recommendation, response FROM answers WHERE assessment_id = $1 "
    "AND level <> 'self' AND finding <> '' ORDER BY code, level";

static const char q_evidence_insert[] =
    "INSERT INTO evidence (unit_id, kind, name, sha256, mime, size, url, link_date, added_by, "
    "added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
static const char q_evidence_get[] = "SELECT id, unit_id, kind, name, COALESCE(sha256, ''), mime, "
                                     "size, url, link_date, added_at FROM evidence WHERE id = $1";
static const char q_attach[] =
    "INSERT INTO answer_evidence (assessment_id, code, evidence_id, added_by, added_at) SELECT "
    "CAST($1 AS BIGINT), CAST($2 AS TEXT), CAST($3 AS BIGINT), CAST($4 AS BIGINT), CAST($5 AS "
    "BIGINT) WHERE NOT EXISTS (SELECT 1 FROM answer_evidence WHERE assessment_id = $1 "
    "AND code = $2 AND evidence_id = $3)";
static const char q_detach[] =
    "DELETE FROM answer_evidence WHERE assessment_id = $1 AND code = $2 AND evidence_id = $3";
static const char q_attached[] =
    "SELECT ae.code, e.id, e.kind, e.name, COALESCE(e.sha256, ''), e.mime, e.size, e.url, "
    "e.link_date FROM answer_evidence ae JOIN evidence e ON e.id = ae.evidence_id WHERE "
    "ae.assessment_id = $1 ORDER BY ae.code, ae.added_at, e.id";
static const char q_vault[] =
    "SELECT e.id, e.kind, e.name, COALESCE(e.sha256, ''), e.mime, e.size, e.url, e.link_date, "
    "e.added_at, (SELECT COUNT(*) FROM answer_evidence ae WHERE ae.evidence_id = e.id) FROM "
    "evidence e WHERE e.unit_id = $1 ORDER BY e.added_at DESC, e.id DESC";

static const char q_snapshot_put[] =
    "INSERT INTO assessment_snapshots (assessment_id, round, content, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5)";
static const char q_snapshot_get[] =
    "SELECT content FROM assessment_snapshots WHERE assessment_id = $1 AND round = $2";

static const char q_team_add[] =
    "INSERT INTO assessment_team (assessment_id, user_id, level, assigned_by, assigned_at) "
    "SELECT CAST($1 AS BIGINT), CAST($2 AS BIGINT), CAST($3 AS TEXT), CAST($4 AS BIGINT), "
    "CAST($5 AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM assessment_team WHERE "
    "assessment_id = $1 AND user_id = $2 AND level = $3)";
static const char q_team_remove[] =
    "DELETE FROM assessment_team WHERE assessment_id = $1 AND user_id = $2 AND level = $3";
static const char q_team[] =
    "SELECT t.user_id, u.name, u.nip, t.level, u.unit_id, u.position FROM assessment_team t JOIN "
    "users u ON u.id = t.user_id WHERE t.assessment_id = $1 ORDER BY CASE t.level WHEN 'anggota' "
    "THEN 1 WHEN 'ketua' THEN 2 ELSE 3 END, u.name";
static const char q_team_has[] = "SELECT 1 FROM assessment_team WHERE assessment_id = $1 AND "
                                 "user_id = $2 AND level = $3";
static const char q_people_roles[] =
    "SELECT DISTINCT g.user_id FROM grants g JOIN units u ON u.id = g.unit_id JOIN users p ON "
    "p.id = g.user_id WHERE g.revoked_at IS NULL AND p.active AND $1 LIKE u.path || '%' AND "
    "(',' || $2 || ',') LIKE ('%,' || g.role || ',%') ORDER BY g.user_id";

static const char q_event[] =
    "INSERT INTO assessment_events (assessment_id, at, actor_id, action, from_state, to_state, "
    "note) VALUES ($1, $2, $3, $4, $5, $6, $7)";
static const char q_events[] =
    "SELECT e.at, COALESCE(u.name, ''), e.action, e.from_state, e.to_state, e.note FROM "
    "assessment_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.assessment_id = $1 ORDER "
    "BY e.at, e.id";

static const char q_deadline[] = "SELECT deadline FROM lke_years WHERE year = $1";
static const char q_deadline_del[] = "DELETE FROM lke_years WHERE year = $1";
static const char q_deadline_ins[] =
    "INSERT INTO lke_years (year, deadline, updated_by, updated_at) VALUES ($1, $2, $3, $4)";

static const char q_inbox_add[] = "INSERT INTO inbox (user_id, at, kind, unit_id, subject, link) "
                                  "VALUES ($1, $2, $3, $4, $5, $6)";
static const char q_inbox[] =
    "SELECT id, at, kind, subject, link, read_at IS NOT NULL FROM inbox WHERE user_id = $1 ORDER "
    "BY at DESC, id DESC LIMIT $2";
static const char q_inbox_unread[] =
    "SELECT COUNT(*) FROM inbox WHERE user_id = $1 AND read_at IS NULL";
static const char q_inbox_read[] =
    "UPDATE inbox SET read_at = $3 WHERE user_id = $1 AND ($2 = 0 OR id = $2) AND read_at IS NULL";
static const char q_inbox_has[] =
    "SELECT 1 FROM inbox WHERE user_id = $1 AND kind = $2 AND link = $3";

static void
copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

/* A person's id, or NULL for the system (0). */
static void
bind_id(struct db_stmt *st, int i, int64_t id)
{
    if (id)
        db_bind_int64(st, i, id);
    else
        db_bind_null(st, i);
}

static int
one_row(struct db_stmt *st, struct lke_assessment *a)
{
    int rc = db_step(st);
    if (rc != DB_ROW) {
        db_finalize(st);
        return rc < 0 ? rc : ZE_NOTFOUND;
    }
    memset(a, 0, sizeof *a);
    a->id = db_col_int64(st, 0);
    a->unit_id = db_col_int64(st, 1);
    a->year = (int)db_col_int64(st, 2);
    copy(a->framework_id, sizeof a->framework_id, db_col_text(st, 3));
    a->framework_version = (long)db_col_int64(st, 4);
    int s = lke_state_parse(db_col_text(st, 5));
    a->state = s < 0 ? LKE_DRAFT : (enum lke_state)s;
    a->round = (int)db_col_int64(st, 6);
    copy(a->target, sizeof a->target, db_col_text(st, 7));
    copy(a->result, sizeof a->result, db_col_text(st, 8));
    copy(a->result_letter, sizeof a->result_letter, db_col_text(st, 9));
    copy(a->result_letter_sha, sizeof a->result_letter_sha, db_col_text(st, 10));
    a->result_at = db_col_int64(st, 11);
    a->carried_from = db_col_int64(st, 12);
    a->created_at = db_col_int64(st, 13);
    a->updated_at = db_col_int64(st, 14);
    db_finalize(st);
    return 0;
}

int
lke_store_get(struct db *db, int64_t unit_id, int year, struct lke_assessment *a)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_get, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, unit_id);
    db_bind_int64(st, 2, year);
    return one_row(st, a);
}

int
lke_store_get_id(struct db *db, int64_t id, struct lke_assessment *a)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_get_id, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    return one_row(st, a);
}

int
lke_store_insert(struct db *db, int64_t unit_id, int year, const char *fw_id, long fw_version,
                 int64_t carried_from, int64_t by, int64_t now, int64_t *id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_insert, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, unit_id);
    db_bind_int64(st, 2, year);
    db_bind_text(st, 3, fw_id, -1);
    db_bind_int64(st, 4, fw_version);
    if (carried_from)
        db_bind_int64(st, 5, carried_from);
    else
        db_bind_null(st, 5);
    bind_id(st, 6, by);
    db_bind_int64(st, 7, now);
    rc = db_step(st);
    if (rc == DB_ROW)
        *id = db_col_int64(st, 0);
    db_finalize(st);
    return rc == DB_ROW ? 0 : rc < 0 ? rc : ZE_DB;
}

int
lke_store_set_state(struct db *db, int64_t id, enum lke_state s, int round, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_set_state, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, lke_state_name(s), -1);
    db_bind_int64(st, 3, round);
    db_bind_int64(st, 4, now);
    return db_run(st);
}

int
lke_store_set_result(struct db *db, int64_t id, const char *result, const char *letter,
                     const char *letter_sha, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_set_result, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, result, -1);
    db_bind_text(st, 3, letter ? letter : "", -1);
    if (letter_sha && *letter_sha)
        db_bind_text(st, 4, letter_sha, -1);
    else
        db_bind_null(st, 4);
    db_bind_int64(st, 5, now);
    return db_run(st);
}

int
lke_store_set_summary(struct db *db, int64_t id, const char *summary_json)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_set_summary, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, summary_json, -1);
    return db_run(st);
}

int
lke_store_list(struct db *db, const char *prefix, int year, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_list, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, prefix, -1);
    db_bind_int64(st, 2, year);
    while ((rc = db_step(st)) == DB_ROW) {
        json_t *summary = json_loads(db_col_text(st, 7), 0, NULL);
        json_array_append_new(
            list, json_pack("{s:I,s:s,s:s,s:s,s:i,s:s,s:i,s:o,s:s,s:s,s:I}", "id",
                            (json_int_t)db_col_int64(st, 0), "unit_code", db_col_text(st, 1),
                            "unit_name", db_col_text(st, 2), "unit_path", db_col_text(st, 3),
                            "year", (int)db_col_int64(st, 4), "state", db_col_text(st, 5), "round",
                            (int)db_col_int64(st, 6), "summary", summary ? summary : json_object(),
                            "unit_type", db_col_text(st, 8), "result", db_col_text(st, 9),
                            "updated_at", (json_int_t)db_col_int64(st, 10)));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
lke_store_answers(struct db *db, int64_t aid, const char *level, json_t *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_answers, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, aid);
    db_bind_text(st, 2, level, -1);
    while ((rc = db_step(st)) == DB_ROW) {
        json_t *value = db_col_isnull(st, 1)
                            ? json_null()
                            : json_loads(db_col_text(st, 1), JSON_DECODE_ANY, NULL);
        json_object_set_new(
            out, db_col_text(st, 0),
            json_pack("{s:o,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:s}", "value", value ? value : json_null(),
                      "note", db_col_text(st, 2), "finding", db_col_text(st, 3), "recommendation",
                      db_col_text(st, 4), "response", db_col_text(st, 5), "flag",
                      db_col_text(st, 6), "rev", (json_int_t)db_col_int64(st, 7), "updated_at",
                      (json_int_t)db_col_int64(st, 8), "updated_by_name", db_col_text(st, 9)));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int
answer_rev(struct db *db, int64_t aid, const char *level, const char *code, int64_t *rev)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_answer_rev, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, aid);
    db_bind_text(st, 2, level, -1);
    db_bind_text(st, 3, code, -1);
    rc = db_step(st);
    *rev = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
lke_store_answer_save(struct db *db, int64_t aid, const char *level, const char *code,
                      const char *value_json, const char *note, int64_t expected_rev, int64_t by,
                      int64_t now, int64_t *rev)
{
    int64_t cur;
    int rc = answer_rev(db, aid, level, code, &cur);
    if (rc)
        return rc;
    if (expected_rev > 0 && cur != expected_rev) {
        *rev = cur;
        return ZE_CONFLICT;
    }
    struct db_stmt *st;
    if ((rc = db_prepare(db, cur ? q_answer_update : q_answer_insert, &st)) != 0)
        return rc;
    db_bind_int64(st, 1, aid);
    db_bind_text(st, 2, level, -1);
    db_bind_text(st, 3, code, -1);
    if (value_json)
        db_bind_text(st, 4, value_json, -1);
    else
        db_bind_null(st, 4);
    db_bind_text(st, 5, note ? note : "", -1);
    bind_id(st, 6, by);
    db_bind_int64(st, 7, now);
    rc = db_run(st);
    *rev = cur + 1;
    return rc;
}

static int
ensure_row(struct db *db, int64_t aid, const char *level, const char *code, int64_t by, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_answer_ensure, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, aid);
    db_bind_text(st, 2, level, -1);
    db_bind_text(st, 3, code, -1);
    bind_id(st, 4, by);
    db_bind_int64(st, 5, now);
    return db_run(st);
}

int
lke_store_finding_save(struct db *db, int64_t aid, const char *level, const char *code,
                       const char *finding, const char *recommendation, int64_t by, int64_t now)
{
    int rc = ensure_row(db, aid, level, code, by, now);
    struct db_stmt *st;
    if (rc || (rc = db_prepare(db, q_finding, &st)) != 0)
        return rc;
    db_bind_int64(st, 1, aid);
    db_bind_text(st, 2, level, -1);
    db_bind_text(st, 3, code, -1);
    db_bind_text(st, 4, finding ? finding : "", -1);
    db_bind_text(st, 5, recommendation ? recommendation : "", -1);
    bind_id(st, 6, by);
    db_bind_int64(st, 7, now);
    return db_run(st);
}

int
lke_store_response_save(struct db *db, int64_t aid, const char *level, const char *code,
                        const char *response, int64_t by, int64_t now)
{
    (void)by;
    struct db_stmt *st;
    int rc = db_prepare(db, q_response, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, aid);
    db_bind_text(st, 2, level, -1);
    db_bind_text(st, 3, code, -1);
    db_bind_text(st, 4, response ? response : "", -1);
    db_bind_int64(st, 5, now);
    return db_run(st);
}

int
lke_store_answer_flag(struct db *db, int64_t aid, const char *code, const char *flag)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_flag, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, aid);
    db_bind_text(st, 2, code, -1);
    db_bind_text(st, 3, flag, -1);
    return db_run(st);
}

int
lke_store_findings(struct db *db, int64_t aid, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_findings, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, aid);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:s,s:s}", "level", db_col_text(st, 0),
                                              "code", db_col_text(st, 1), "finding",
                                              db_col_text(st, 2), "recommendation",
                                              db_col_text(st, 3), "response", db_col_text(st, 4)));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
lke_store_evidence_insert(struct db *db, int64_t unit_id, const char *kind, const char *name,
                          const char *sha256, const char *mime, int64_t size, const char *url,
                          const char *link_date, int64_t by, int64_t now, int64_t *id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_evidence_insert, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, unit_id);
    db_bind_text(st, 2, kind, -1);
    db_bind_text(st, 3, name, -1);
    if (sha256 && *sha256)
        db_bind_text(st, 4, sha256, -1);
    else
        db_bind_null(st, 4);
    db_bind_text(st, 5, mime ? mime : "", -1);
    db_bind_int64(st, 6, size);
    db_bind_text(st, 7, url ? url : "", -1);
    db_bind_text(st, 8, link_date ? link_date : "", -1);
    bind_id(st, 9, by);
    db_bind_int64(st, 10, now);
    rc = db_step(st);
    if (rc == DB_ROW)
        *id = db_col_int64(st, 0);
    db_finalize(st);
    return rc == DB_ROW ? 0 : rc < 0 ? rc : ZE_DB;
}

json_t *
lke_store_evidence_get(struct db *db, int64_t id)
{
    struct db_stmt *st;
    if (db_prepare(db, q_evidence_get, &st) != 0)
        return NULL;
    db_bind_int64(st, 1, id);
    json_t *e = NULL;
    if (db_step(st) == DB_ROW)
        e = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:I}", "id",
                      (json_int_t)db_col_int64(st, 0), "unit_id", (json_int_t)db_col_int64(st, 1),
                      "kind", db_col_text(st, 2), "name", db_col_text(st, 3), "sha256",
                      db_col_text(st, 4), "mime", db_col_text(st, 5), "size",
                      (json_int_t)db_col_int64(st, 6), "url", db_col_text(st, 7), "link_date",
                      db_col_text(st, 8), "added_at", (json_int_t)db_col_int64(st, 9));
    db_finalize(st);
    return e;
}

static int
attach_op(struct db *db, const char *sql, int64_t aid, const char *code, int64_t evidence_id,
          int64_t by, int64_t now, bool with_by)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, aid);
    db_bind_text(st, 2, code, -1);
    db_bind_int64(st, 3, evidence_id);
    if (with_by) {
        bind_id(st, 4, by);
        db_bind_int64(st, 5, now);
    }
    return db_run(st);
}

int
lke_store_attach(struct db *db, int64_t aid, const char *code, int64_t evidence_id, int64_t by,
                 int64_t now)
{
    return attach_op(db, q_attach, aid, code, evidence_id, by, now, true);
}

int
lke_store_detach(struct db *db, int64_t aid, const char *code, int64_t evidence_id)
{
    return attach_op(db, q_detach, aid, code, evidence_id, 0, 0, false);
}

int
lke_store_attached(struct db *db, int64_t aid, json_t *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_attached, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, aid);
    while ((rc = db_step(st)) == DB_ROW) {
        const char *code = db_col_text(st, 0);
        json_t *list = json_object_get(out, code);
        if (!list) {
            list = json_array();
            json_object_set_new(out, code, list);
        }
        json_array_append_new(
            list, json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:s,s:s}", "id",
                            (json_int_t)db_col_int64(st, 1), "kind", db_col_text(st, 2), "name",
                            db_col_text(st, 3), "sha256", db_col_text(st, 4), "mime",
                            db_col_text(st, 5), "size", (json_int_t)db_col_int64(st, 6), "url",
                            db_col_text(st, 7), "link_date", db_col_text(st, 8)));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
lke_store_vault(struct db *db, int64_t unit_id, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_vault, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, unit_id);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(
            list,
            json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:I,s:I}", "id",
                      (json_int_t)db_col_int64(st, 0), "kind", db_col_text(st, 1), "name",
                      db_col_text(st, 2), "sha256", db_col_text(st, 3), "mime", db_col_text(st, 4),
                      "size", (json_int_t)db_col_int64(st, 5), "url", db_col_text(st, 6),
                      "link_date", db_col_text(st, 7), "added_at", (json_int_t)db_col_int64(st, 8),
                      "uses", (json_int_t)db_col_int64(st, 9)));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
lke_store_snapshot_put(struct db *db, int64_t aid, int round, const char *content, int64_t by,
                       int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_snapshot_put, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, aid);
    db_bind_int64(st, 2, round);
    db_bind_text(st, 3, content, -1);
    bind_id(st, 4, by);
    db_bind_int64(st, 5, now);
    return db_run(st);
}

json_t *
lke_store_snapshot_get(struct db *db, int64_t aid, int round)
{
    struct db_stmt *st;
    if (db_prepare(db, q_snapshot_get, &st) != 0)
        return NULL;
    db_bind_int64(st, 1, aid);
    db_bind_int64(st, 2, round);
    json_t *c = NULL;
    if (db_step(st) == DB_ROW)
        c = json_loads(db_col_text(st, 0), 0, NULL);
    db_finalize(st);
    return c;
}

int
lke_store_team_add(struct db *db, int64_t aid, int64_t user_id, const char *level, int64_t by,
                   int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_team_add, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, aid);
    db_bind_int64(st, 2, user_id);
    db_bind_text(st, 3, level, -1);
    bind_id(st, 4, by);
    db_bind_int64(st, 5, now);
    return db_run(st);
}

int
lke_store_team_remove(struct db *db, int64_t aid, int64_t user_id, const char *level)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_team_remove, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, aid);
    db_bind_int64(st, 2, user_id);
    db_bind_text(st, 3, level, -1);
    return db_run(st);
}

int
lke_store_team(struct db *db, int64_t aid, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_team, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, aid);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(
            list, json_pack("{s:I,s:s,s:s,s:s,s:I,s:s}", "user_id", (json_int_t)db_col_int64(st, 0),
                            "name", db_col_text(st, 1), "nip", db_col_text(st, 2), "level",
                            db_col_text(st, 3), "unit_id", (json_int_t)db_col_int64(st, 4),
                            "position", db_col_text(st, 5)));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

bool
lke_store_team_has(struct db *db, int64_t aid, int64_t user_id, const char *level)
{
    struct db_stmt *st;
    if (db_prepare(db, q_team_has, &st) != 0)
        return false;
    db_bind_int64(st, 1, aid);
    db_bind_int64(st, 2, user_id);
    db_bind_text(st, 3, level, -1);
    bool yes = db_step(st) == DB_ROW;
    db_finalize(st);
    return yes;
}

int
lke_store_people_with_roles(struct db *db, const char *unit_path, const char *roles, json_t *ids)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_people_roles, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, unit_path, -1);
    db_bind_text(st, 2, roles, -1);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(ids, json_integer(db_col_int64(st, 0)));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
lke_store_event(struct db *db, int64_t aid, int64_t actor, const char *action, const char *from,
                const char *to, const char *note, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_event, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, aid);
    db_bind_int64(st, 2, now);
    bind_id(st, 3, actor);
    db_bind_text(st, 4, action, -1);
    db_bind_text(st, 5, from, -1);
    db_bind_text(st, 6, to, -1);
    db_bind_text(st, 7, note ? note : "", -1);
    return db_run(st);
}

int
lke_store_events(struct db *db, int64_t aid, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_events, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, aid);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "at",
                                              (json_int_t)db_col_int64(st, 0), "actor_name",
                                              db_col_text(st, 1), "action", db_col_text(st, 2),
                                              "from_state", db_col_text(st, 3), "to_state",
                                              db_col_text(st, 4), "note", db_col_text(st, 5)));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
lke_store_deadline(struct db *db, int year, char out[11])
{
    lke_default_deadline(year, out);
    struct db_stmt *st;
    int rc = db_prepare(db, q_deadline, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, year);
    if ((rc = db_step(st)) == DB_ROW)
        snprintf(out, 11, "%s", db_col_text(st, 0));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
lke_store_deadline_set(struct db *db, int year, const char *deadline, int64_t by, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_deadline_del, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, year);
    if ((rc = db_run(st)) != 0 || (rc = db_prepare(db, q_deadline_ins, &st)) != 0)
        return rc;
    db_bind_int64(st, 1, year);
    db_bind_text(st, 2, deadline, -1);
    bind_id(st, 3, by);
    db_bind_int64(st, 4, now);
    return db_run(st);
}

int
lke_store_inbox_add(struct db *db, int64_t user_id, const char *kind, int64_t unit_id,
                    const char *subject, const char *link, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_inbox_add, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user_id);
    db_bind_int64(st, 2, now);
    db_bind_text(st, 3, kind, -1);
    if (unit_id)
        db_bind_int64(st, 4, unit_id);
    else
        db_bind_null(st, 4);
    db_bind_text(st, 5, subject, -1);
    db_bind_text(st, 6, link, -1);
    return db_run(st);
}

int
lke_store_inbox(struct db *db, int64_t user_id, int limit, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_inbox, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user_id);
    db_bind_int64(st, 2, limit);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(
            list,
            json_pack("{s:I,s:I,s:s,s:s,s:s,s:b}", "id", (json_int_t)db_col_int64(st, 0), "at",
                      (json_int_t)db_col_int64(st, 1), "kind", db_col_text(st, 2), "subject",
                      db_col_text(st, 3), "link", db_col_text(st, 4), "read", db_col_bool(st, 5)));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int64_t
lke_store_inbox_unread(struct db *db, int64_t user_id)
{
    struct db_stmt *st;
    if (db_prepare(db, q_inbox_unread, &st) != 0)
        return 0;
    db_bind_int64(st, 1, user_id);
    int64_t n = db_step(st) == DB_ROW ? db_col_int64(st, 0) : 0;
    db_finalize(st);
    return n;
}

int
lke_store_inbox_read(struct db *db, int64_t user_id, int64_t id, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_inbox_read, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, user_id);
    db_bind_int64(st, 2, id);
    db_bind_int64(st, 3, now);
    return db_run(st);
}

bool
lke_store_inbox_has(struct db *db, int64_t user_id, const char *kind, const char *link)
{
    struct db_stmt *st;
    if (db_prepare(db, q_inbox_has, &st) != 0)
        return false;
    db_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, kind, -1);
    db_bind_text(st, 3, link, -1);
    bool yes = db_step(st) == DB_ROW;
    db_finalize(st);
    return yes;
}

static const char q_mail_pending[] =
    "SELECT i.id, u.email, u.name, i.kind, i.subject, i.link FROM inbox i JOIN users u ON u.id = "
    "i.user_id WHERE i.mailed_at IS NULL AND i.at > $1 AND u.active ORDER BY i.id LIMIT 200";
/* Claims an entry for sending (several zona nodes and a cron job may run at once): the one whose
 * UPDATE returns the row sends it. A failed send gives the claim back. */
static const char q_mail_claim[] =
    "UPDATE inbox SET mailed_at = $2 WHERE id = $1 AND mailed_at IS NULL RETURNING id";
static const char q_mail_unclaim[] = "UPDATE inbox SET mailed_at = NULL WHERE id = $1";

int
lke_store_mail_pending(struct db *db, int64_t since, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_mail_pending, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, since);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "id",
                                              (json_int_t)db_col_int64(st, 0), "email",
                                              db_col_text(st, 1), "name", db_col_text(st, 2),
                                              "kind", db_col_text(st, 3), "subject",
                                              db_col_text(st, 4), "link", db_col_text(st, 5)));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
lke_store_mail_claim(struct db *db, int64_t id, int64_t now, bool *mine)
{
    struct db_stmt *st;
    *mine = false;
    int rc = db_prepare(db, q_mail_claim, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, now);
    rc = db_step(st);
    *mine = rc == DB_ROW;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
lke_store_mail_unclaim(struct db *db, int64_t id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_mail_unclaim, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    return db_run(st);
}

/* --- proposals ------------------------------------------------------------------------------- */

static const char q_proposal_del[] =
    "DELETE FROM answer_proposals WHERE assessment_id = $1 AND code = $2";
static const char q_proposal_ins[] =
    "INSERT INTO answer_proposals (assessment_id, code, value, source, note, link, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)";
static const char q_proposals[] = "SELECT code, value, source, note, link, created_at FROM "
                                  "answer_proposals WHERE assessment_id = $1";

int
lke_store_proposal_del(struct db *db, int64_t aid, const char *code)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_proposal_del, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, aid);
    db_bind_text(st, 2, code, -1);
    return db_run(st);
}

int
lke_store_proposal_set(struct db *db, int64_t aid, const char *code, const char *value_json,
                       const char *source, const char *note, const char *link, int64_t now)
{
    int rc = lke_store_proposal_del(db, aid, code);
    struct db_stmt *st;
    if (rc || (rc = db_prepare(db, q_proposal_ins, &st)) != 0)
        return rc;
    db_bind_int64(st, 1, aid);
    db_bind_text(st, 2, code, -1);
    db_bind_text(st, 3, value_json, -1);
    db_bind_text(st, 4, source, -1);
    db_bind_text(st, 5, note ? note : "", -1);
    db_bind_text(st, 6, link ? link : "", -1);
    db_bind_int64(st, 7, now);
    return db_run(st);
}

int
lke_store_proposals(struct db *db, int64_t aid, json_t *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_proposals, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, aid);
    while ((rc = db_step(st)) == DB_ROW) {
        json_t *v = json_loads(db_col_text(st, 1), JSON_DECODE_ANY, NULL);
        json_object_set_new(out, db_col_text(st, 0),
                            json_pack("{s:o,s:s,s:s,s:s,s:I}", "value", v ? v : json_null(),
                                      "source", db_col_text(st, 2), "note", db_col_text(st, 3),
                                      "link", db_col_text(st, 4), "created_at",
                                      (json_int_t)db_col_int64(st, 5)));
    }
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}
