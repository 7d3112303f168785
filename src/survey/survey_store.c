/* survey_store: every SQL statement of the survey campaigns, their responses, codes, kiosks and
 * follow-ups, bound and portable. The intake's own statements are in survey_intake.c. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/xmem.h"
#include "db/db.h"
#include "survey_work.h"

#define C_COLS                                                                                     \
    "id, public_id, unit_id, instrument, title, year, starts_on, ends_on, services, own_items, "   \
    "population, target, access, state, COALESCE(opened_at, 0), COALESCE(closed_at, 0), "          \
    "created_at, updated_at FROM survey_campaigns "

static const char q_get[] = "SELECT " C_COLS "WHERE public_id = $1";
static const char q_get_id[] = "SELECT " C_COLS "WHERE id = $1";
static const char q_insert[] =
    "INSERT INTO survey_campaigns (public_id, unit_id, instrument, title, year, starts_on, "
    "ends_on, services, own_items, population, target, access, state, created_by, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'draft', $13, $14, "
    "$14) RETURNING id";
static const char q_update[] =
    "UPDATE survey_campaigns SET title = $2, year = $3, starts_on = $4, ends_on = $5, services = "
    "$6, own_items = $7, population = $8, target = $9, access = $10, updated_at = $11 WHERE id = "
    "$1";
static const char q_state[] =
    "UPDATE survey_campaigns SET state = $2, updated_at = $3, opened_at = CASE WHEN $2 = 'open' "
    "THEN $3 ELSE opened_at END, closed_at = CASE WHEN $2 = 'closed' THEN $3 ELSE NULL END WHERE "
    "id = $1";
static const char q_list[] =
    "SELECT c.public_id, u.code, u.name, c.instrument, c.title, c.year, c.starts_on, c.ends_on, "
    "c.state, c.access, c.target, (SELECT COUNT(*) FROM survey_responses r WHERE r.campaign_id = "
    "c.id), COALESCE(c.closed_at, 0) FROM survey_campaigns c JOIN units u ON u.id = c.unit_id "
    "WHERE u.path LIKE $1 || '%' AND ($2 = 0 OR c.year = $2) ORDER BY c.year DESC, c.starts_on "
    "DESC, c.id DESC";
static const char q_closed[] =
    "SELECT id FROM survey_campaigns WHERE unit_id = $1 AND year = $2 AND instrument = $3 AND "
    "state = 'closed' ORDER BY closed_at DESC, id DESC";
static const char q_counts[] =
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN comment_state = 'pending' THEN 1 ELSE 0 END), 0) "
    "FROM survey_responses WHERE campaign_id = $1";
static const char q_responses[] =
    "SELECT id, created_at, channel, service, kelompok, umur, jenis_kelamin, pendidikan, "
    "pekerjaan, answers, own, comment, comment_state FROM survey_responses WHERE campaign_id = $1 "
    "ORDER BY created_at, id";
static const char q_comments[] =
    "SELECT id, comment, comment_state, created_at, kelompok, service FROM survey_responses WHERE "
    "campaign_id = $1 AND comment_state <> 'none' AND ($2 OR comment_state = 'pending') ORDER BY "
    "created_at, id";
static const char q_moderate[] =
    "UPDATE survey_responses SET comment_state = $3, moderated_by = $4, moderated_at = $5 WHERE "
    "campaign_id = $1 AND id = $2 AND comment_state <> 'none' RETURNING id";
static const char q_public_comments[] =
    "SELECT comment, created_at, kelompok FROM survey_responses WHERE campaign_id = $1 AND "
    "comment_state = 'approved' ORDER BY created_at DESC, id DESC";
static const char q_followups[] =
    "SELECT item, action, updated_at FROM survey_followups WHERE campaign_id = $1";
static const char q_followup_del[] =
    "DELETE FROM survey_followups WHERE campaign_id = $1 AND item = $2";
static const char q_followup_ins[] =
    "INSERT INTO survey_followups (campaign_id, item, action, updated_by, updated_at) VALUES ($1, "
    "$2, $3, $4, $5)";
static const char q_code_ins[] = "INSERT INTO survey_codes (campaign_id, code_hash, service, "
                                 "issued_by, issued_at) VALUES ($1, $2, $3, $4, $5)";
static const char q_code_counts[] =
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN used_at IS NULL THEN 0 ELSE 1 END), 0) FROM "
    "survey_codes WHERE campaign_id = $1";
static const char q_kiosk_ins[] =
    "INSERT INTO survey_kiosks (unit_id, name, token_hash, registered_by, registered_at) VALUES "
    "($1, $2, $3, $4, $5) RETURNING id";
static const char q_kiosk_find[] =
    "SELECT id, unit_id FROM survey_kiosks WHERE token_hash = $1 AND revoked_at IS NULL";
static const char q_kiosk_revoke[] = "UPDATE survey_kiosks SET revoked_at = $3 WHERE unit_id = $1 "
                                     "AND id = $2 AND revoked_at IS NULL RETURNING id";
static const char q_kiosks[] =
    "SELECT k.id, k.name, k.registered_at, COALESCE(k.revoked_at, 0), COALESCE(k.last_seen_at, "
    "0), (SELECT COUNT(*) FROM survey_responses r WHERE r.kiosk_id = k.id) FROM survey_kiosks k "
    "WHERE k.unit_id = $1 ORDER BY k.revoked_at IS NOT NULL, k.name, k.id";

static void
copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static json_t *
parse_array(const char *s)
{
    json_t *j = json_loads(s, 0, NULL);
    if (!json_is_array(j)) {
        json_decref(j);
        j = json_array();
    }
    return j;
}

static int
read_campaign(struct db_stmt *st, struct survey_campaign *c)
{
    int rc = db_step(st);
    if (rc != DB_ROW) {
        db_finalize(st);
        return rc == DB_DONE ? ZE_NOTFOUND : rc;
    }
    memset(c, 0, sizeof *c);
    c->id = db_col_int64(st, 0);
    copy(c->public_id, sizeof c->public_id, db_col_text(st, 1));
    c->unit_id = db_col_int64(st, 2);
    copy(c->instrument, sizeof c->instrument, db_col_text(st, 3));
    copy(c->title, sizeof c->title, db_col_text(st, 4));
    c->year = (int)db_col_int64(st, 5);
    copy(c->starts_on, sizeof c->starts_on, db_col_text(st, 6));
    copy(c->ends_on, sizeof c->ends_on, db_col_text(st, 7));
    c->services = parse_array(db_col_text(st, 8));
    c->own_items = parse_array(db_col_text(st, 9));
    c->population = db_col_int64(st, 10);
    c->target = db_col_int64(st, 11);
    copy(c->access, sizeof c->access, db_col_text(st, 12));
    copy(c->state, sizeof c->state, db_col_text(st, 13));
    c->opened_at = db_col_int64(st, 14);
    c->closed_at = db_col_int64(st, 15);
    c->created_at = db_col_int64(st, 16);
    c->updated_at = db_col_int64(st, 17);
    db_finalize(st);
    return 0;
}

int
survey_store_campaign_get(struct db *db, const char *public_id, struct survey_campaign *c)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_get, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, public_id ? public_id : "", -1);
    return read_campaign(st, c);
}

int
survey_store_campaign_get_id(struct db *db, int64_t id, struct survey_campaign *c)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_get_id, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    return read_campaign(st, c);
}

static int
target_of(int64_t population, int64_t *target)
{
    if (survey_sample_size(population, target) != 0)
        *target = 0;
    return 0;
}

int
survey_store_campaign_insert(struct db *db, struct survey_campaign *c, int64_t by, int64_t now)
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
    for (int i = 0; i < 10; i++)
        c->public_id[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    c->public_id[10] = '\0';
    target_of(c->population, &c->target);
    char *services = json_dumps(c->services ? c->services : json_array(), JSON_COMPACT);
    char *own = json_dumps(c->own_items ? c->own_items : json_array(), JSON_COMPACT);
    struct db_stmt *st;
    int rc = db_prepare(db, q_insert, &st);
    if (rc == 0) {
        db_bind_text(st, 1, c->public_id, -1);
        db_bind_int64(st, 2, c->unit_id);
        db_bind_text(st, 3, c->instrument, -1);
        db_bind_text(st, 4, c->title, -1);
        db_bind_int64(st, 5, c->year);
        db_bind_text(st, 6, c->starts_on, -1);
        db_bind_text(st, 7, c->ends_on, -1);
        db_bind_text(st, 8, services ? services : "[]", -1);
        db_bind_text(st, 9, own ? own : "[]", -1);
        db_bind_int64(st, 10, c->population);
        db_bind_int64(st, 11, c->target);
        db_bind_text(st, 12, c->access, -1);
        if (by)
            db_bind_int64(st, 13, by);
        else
            db_bind_null(st, 13);
        db_bind_int64(st, 14, now);
        rc = db_step(st);
        if (rc == DB_ROW) {
            c->id = db_col_int64(st, 0);
            copy(c->state, sizeof c->state, "draft");
            c->created_at = c->updated_at = now;
            rc = 0;
        } else if (rc == DB_DONE) {
            rc = ZE_DB;
        }
        db_finalize(st);
    }
    free(services);
    free(own);
    return rc;
}

int
survey_store_campaign_update(struct db *db, struct survey_campaign *c, int64_t now)
{
    target_of(c->population, &c->target);
    char *services = json_dumps(c->services ? c->services : json_array(), JSON_COMPACT);
    char *own = json_dumps(c->own_items ? c->own_items : json_array(), JSON_COMPACT);
    struct db_stmt *st;
    int rc = db_prepare(db, q_update, &st);
    if (rc == 0) {
        db_bind_int64(st, 1, c->id);
        db_bind_text(st, 2, c->title, -1);
        db_bind_int64(st, 3, c->year);
        db_bind_text(st, 4, c->starts_on, -1);
        db_bind_text(st, 5, c->ends_on, -1);
        db_bind_text(st, 6, services ? services : "[]", -1);
        db_bind_text(st, 7, own ? own : "[]", -1);
        db_bind_int64(st, 8, c->population);
        db_bind_int64(st, 9, c->target);
        db_bind_text(st, 10, c->access, -1);
        db_bind_int64(st, 11, now);
        rc = db_run(st);
        c->updated_at = now;
    }
    free(services);
    free(own);
    return rc;
}

int
survey_store_campaign_state(struct db *db, int64_t id, const char *state, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_state, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, state, -1);
    db_bind_int64(st, 3, now);
    return db_run(st);
}

int
survey_store_campaigns(struct db *db, const char *prefix, int year, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_list, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, prefix, -1);
    db_bind_int64(st, 2, year);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(
            list, json_pack("{s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:I,s:I,s:I}", "public_id",
                            db_col_text(st, 0), "unit_code", db_col_text(st, 1), "unit_name",
                            db_col_text(st, 2), "instrument", db_col_text(st, 3), "title",
                            db_col_text(st, 4), "year", (json_int_t)db_col_int64(st, 5),
                            "starts_on", db_col_text(st, 6), "ends_on", db_col_text(st, 7), "state",
                            db_col_text(st, 8), "access", db_col_text(st, 9), "target",
                            (json_int_t)db_col_int64(st, 10), "n", (json_int_t)db_col_int64(st, 11),
                            "closed_at", (json_int_t)db_col_int64(st, 12)));
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

int
survey_store_closed(struct db *db, int64_t unit_id, int year, const char *instrument, int64_t *ids,
                    int max, int *n)
{
    struct db_stmt *st;
    *n = 0;
    int rc = db_prepare(db, q_closed, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, unit_id);
    db_bind_int64(st, 2, year);
    db_bind_text(st, 3, instrument, -1);
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n < max)
            ids[*n] = db_col_int64(st, 0);
        (*n)++;
    }
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

static int
two_counts(struct db *db, const char *sql, int64_t id, int64_t *a, int64_t *b)
{
    struct db_stmt *st;
    *a = *b = 0;
    int rc = db_prepare(db, sql, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW) {
        *a = db_col_int64(st, 0);
        *b = db_col_int64(st, 1);
        rc = 0;
    }
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

int
survey_store_counts(struct db *db, int64_t campaign_id, int64_t *n, int64_t *pending)
{
    return two_counts(db, q_counts, campaign_id, n, pending);
}

int
survey_codes_counts(struct db *db, int64_t campaign_id, int64_t *issued, int64_t *used)
{
    return two_counts(db, q_code_counts, campaign_id, issued, used);
}

static json_t *
parse_object(const char *s)
{
    json_t *j = json_loads(s, 0, NULL);
    if (!json_is_object(j)) {
        json_decref(j);
        j = json_object();
    }
    return j;
}

int
survey_store_responses(struct db *db, int64_t campaign_id, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_responses, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, campaign_id);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(
            list,
            json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:s}", "id",
                      (json_int_t)db_col_int64(st, 0), "created_at",
                      (json_int_t)db_col_int64(st, 1), "channel", db_col_text(st, 2), "service",
                      db_col_text(st, 3), "kelompok", db_col_text(st, 4), "umur",
                      db_col_text(st, 5), "jenis_kelamin", db_col_text(st, 6), "pendidikan",
                      db_col_text(st, 7), "pekerjaan", db_col_text(st, 8), "answers",
                      parse_object(db_col_text(st, 9)), "own", parse_object(db_col_text(st, 10)),
                      "comment", db_col_text(st, 11), "comment_state", db_col_text(st, 12)));
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

int
survey_store_comments(struct db *db, int64_t campaign_id, bool all, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_comments, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, campaign_id);
    db_bind_bool(st, 2, all);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(
            list, json_pack("{s:I,s:s,s:s,s:I,s:s,s:s}", "id", (json_int_t)db_col_int64(st, 0),
                            "comment", db_col_text(st, 1), "comment_state", db_col_text(st, 2),
                            "created_at", (json_int_t)db_col_int64(st, 3), "kelompok",
                            db_col_text(st, 4), "service", db_col_text(st, 5)));
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

int
survey_store_moderate(struct db *db, int64_t campaign_id, int64_t response_id, const char *state,
                      int64_t by, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_moderate, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, campaign_id);
    db_bind_int64(st, 2, response_id);
    db_bind_text(st, 3, state, -1);
    db_bind_int64(st, 4, by);
    db_bind_int64(st, 5, now);
    rc = db_step(st);
    db_finalize(st);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? ZE_NOTFOUND : rc;
}

int
survey_store_public_comments(struct db *db, int64_t campaign_id, int max, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_public_comments, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, campaign_id);
    while ((rc = db_step(st)) == DB_ROW && (int)json_array_size(list) < max)
        json_array_append_new(list, json_pack("{s:s,s:I,s:s}", "comment", db_col_text(st, 0),
                                              "created_at", (json_int_t)db_col_int64(st, 1),
                                              "kelompok", db_col_text(st, 2)));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int
survey_store_followups(struct db *db, int64_t campaign_id, json_t *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_followups, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, campaign_id);
    while ((rc = db_step(st)) == DB_ROW)
        json_object_set_new(out, db_col_text(st, 0),
                            json_pack("{s:s,s:I}", "action", db_col_text(st, 1), "updated_at",
                                      (json_int_t)db_col_int64(st, 2)));
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

int
survey_store_followup_set(struct db *db, int64_t campaign_id, const char *item, const char *action,
                          int64_t by, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_followup_del, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, campaign_id);
    db_bind_text(st, 2, item, -1);
    if ((rc = db_run(st)) != 0 || !action || !*action)
        return rc;
    if ((rc = db_prepare(db, q_followup_ins, &st)) != 0)
        return rc;
    db_bind_int64(st, 1, campaign_id);
    db_bind_text(st, 2, item, -1);
    db_bind_text(st, 3, action, -1);
    db_bind_int64(st, 4, by);
    db_bind_int64(st, 5, now);
    return db_run(st);
}

/* --- codes and kiosks ------------------------------------------------------------------------ */

/* No 0/O, 1/I/L, 5/S, 8/B: a code read aloud or off a receipt is typed right. */
static const char code_alphabet[] = "ACDEFGHJKMNPQRTUVWXY234679";

int
survey_keyed_hash(struct db *db, const char *purpose, const char *s, char out[65])
{
    /* the installation's secret, read at most once a minute: every response hashes twice */
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    static unsigned char cached[32];
    static int64_t cached_at;
    unsigned char secret[32], d[32];
    int64_t now = clock_mono_ms();
    pthread_mutex_lock(&mu);
    bool fresh = cached_at && now - cached_at < 60000;
    if (fresh)
        memcpy(secret, cached, sizeof secret);
    pthread_mutex_unlock(&mu);
    if (!fresh) {
        int rc = secret_get(db, secret);
        if (rc)
            return rc;
        pthread_mutex_lock(&mu);
        memcpy(cached, secret, sizeof cached);
        cached_at = now ? now : 1;
        pthread_mutex_unlock(&mu);
    }
    crypto_generichash_state st;
    crypto_generichash_init(&st, secret, sizeof secret, sizeof d);
    crypto_generichash_update(&st, (const unsigned char *)purpose, strlen(purpose) + 1);
    crypto_generichash_update(&st, (const unsigned char *)s, strlen(s));
    crypto_generichash_final(&st, d, sizeof d);
    sodium_bin2hex(out, 65, d, sizeof d);
    sodium_memzero(secret, sizeof secret);
    return 0;
}

int
survey_code_hash(struct db *db, const char *typed, char out[65])
{
    char norm[SURVEY_CODE_LEN + 1];
    size_t n = 0;
    for (const char *p = typed ? typed : ""; *p; p++) {
        char ch = *p;
        if (ch == ' ' || ch == '-' || ch == '\t')
            continue;
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        if (!strchr(code_alphabet, ch) || ch == '\0' || n == SURVEY_CODE_LEN)
            return ZE_INVAL;
        norm[n++] = ch;
    }
    if (n != SURVEY_CODE_LEN)
        return ZE_INVAL;
    norm[n] = '\0';
    return survey_keyed_hash(db, "survey-code", norm, out);
}

int
survey_codes_issue(struct db *db, int64_t campaign_id, int n, const char *service, int64_t by,
                   int64_t now, json_t *out)
{
    if (n < 1 || n > SURVEY_MAX_CODES)
        return ZE_INVAL;
    for (int i = 0; i < n; i++) {
        char code[SURVEY_CODE_LEN + 1], hash[65];
        int rc;
        for (int tries = 0;; tries++) {
            for (int k = 0; k < SURVEY_CODE_LEN; k++)
                code[k] = code_alphabet[randombytes_uniform(sizeof code_alphabet - 1)];
            code[SURVEY_CODE_LEN] = '\0';
            if ((rc = survey_keyed_hash(db, "survey-code", code, hash)) != 0)
                return rc;
            struct db_stmt *st;
            if ((rc = db_prepare(db, q_code_ins, &st)) != 0)
                return rc;
            db_bind_int64(st, 1, campaign_id);
            db_bind_text(st, 2, hash, -1);
            db_bind_text(st, 3, service ? service : "", -1);
            if (by)
                db_bind_int64(st, 4, by);
            else
                db_bind_null(st, 4);
            db_bind_int64(st, 5, now);
            rc = db_run(st);
            if (rc != ZE_CONFLICT || tries == 5)
                break;
        }
        if (rc)
            return rc;
        char shown[SURVEY_CODE_LEN + 2];
        snprintf(shown, sizeof shown, "%.4s-%.4s", code, code + 4);
        json_array_append_new(out, json_string(shown));
    }
    return 0;
}

int
survey_kiosk_register(struct db *db, int64_t unit_id, const char *name, int64_t by, int64_t now,
                      char token[65], int64_t *id)
{
    unsigned char r[32];
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(token, 65, r, sizeof r);
    char hash[65];
    int rc = survey_keyed_hash(db, "survey-kiosk", token, hash);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, q_kiosk_ins, &st)) != 0)
        return rc;
    db_bind_int64(st, 1, unit_id);
    db_bind_text(st, 2, name, -1);
    db_bind_text(st, 3, hash, -1);
    db_bind_int64(st, 4, by);
    db_bind_int64(st, 5, now);
    rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int64(st, 0);
        rc = 0;
    }
    db_finalize(st);
    return rc == DB_DONE ? ZE_DB : rc;
}

int
survey_kiosk_find(struct db *db, const char *token, int64_t *id, int64_t *unit_id)
{
    if (!token || strlen(token) != 64)
        return ZE_NOTFOUND;
    char hash[65];
    int rc = survey_keyed_hash(db, "survey-kiosk", token, hash);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, q_kiosk_find, &st)) != 0)
        return rc;
    db_bind_text(st, 1, hash, -1);
    rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int64(st, 0);
        *unit_id = db_col_int64(st, 1);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = ZE_NOTFOUND;
    }
    db_finalize(st);
    return rc;
}

int
survey_kiosk_revoke(struct db *db, int64_t unit_id, int64_t id, int64_t now)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_kiosk_revoke, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, unit_id);
    db_bind_int64(st, 2, id);
    db_bind_int64(st, 3, now);
    rc = db_step(st);
    db_finalize(st);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? ZE_NOTFOUND : rc;
}

int
survey_kiosks(struct db *db, int64_t unit_id, json_t *list)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_kiosks, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, unit_id);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(list,
                              json_pack("{s:I,s:s,s:I,s:I,s:I,s:I}", "id",
                                        (json_int_t)db_col_int64(st, 0), "name", db_col_text(st, 1),
                                        "registered_at", (json_int_t)db_col_int64(st, 2),
                                        "revoked_at", (json_int_t)db_col_int64(st, 3),
                                        "last_seen_at", (json_int_t)db_col_int64(st, 4),
                                        "responses", (json_int_t)db_col_int64(st, 5)));
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}
