/* survey_intake: one response, read and checked (survey_read.c), written durably. Many
 * request threads submit at once; they queue, and whichever finds no commit running takes every
 * queued response and writes them in one transaction (the others wait for it): one fsync for a
 * group instead of one each, which is what lets SQLite take thousands of durable responses a
 * second. Each response keeps its own checks inside the group: the campaign open, the one-time
 * code unspent, and for open submissions the client's hourly limit and duplicates. */
#include <pthread.h>
#include <sodium.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/log.h"
#include "core/xmem.h"
#include "db/db.h"
#include "survey_work.h"

int
survey_client_hash(struct db *db, const char *client_addr, int64_t now, char out[65])
{
    char purpose[48];
    snprintf(purpose, sizeof purpose, "survey-client:%lld", (long long)(now / 86400000));
    return survey_keyed_hash(db, purpose, client_addr ? client_addr : "", out);
}

void
survey_fingerprint(struct survey_submission *s)
{
    unsigned char d[32];
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, sizeof d);
    const char *parts[] = {s->client_hash,       s->answers ? s->answers : "",
                           s->own ? s->own : "", s->kelompok,
                           s->service,           s->umur,
                           s->jenis_kelamin,     s->pendidikan,
                           s->pekerjaan,         s->comment ? s->comment : ""};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        crypto_generichash_update(&st, (const unsigned char *)parts[i], strlen(parts[i]) + 1);
    crypto_generichash_final(&st, d, sizeof d);
    sodium_bin2hex(s->fingerprint, sizeof s->fingerprint, d, sizeof d);
}

/* --- the grouped commit ------------------------------------------------------------------------
 */

static const char q_state[] = "SELECT state FROM survey_campaigns WHERE id = $1";
static const char q_spend[] = "UPDATE survey_codes SET used_at = $3 WHERE campaign_id = $1 AND "
                              "code_hash = $2 AND used_at IS NULL RETURNING id";
static const char q_code_known[] =
    "SELECT 1 FROM survey_codes WHERE campaign_id = $1 AND code_hash = $2";
static const char q_client_count[] =
    "SELECT COUNT(*) FROM survey_responses WHERE campaign_id = $1 AND client_hash = $2 AND "
    "created_at > $3";
static const char q_duplicate[] = "SELECT 1 FROM survey_responses WHERE campaign_id = $1 AND "
                                  "fingerprint = $2 AND created_at > $3";
static const char q_insert[] =
    "INSERT INTO survey_responses (campaign_id, channel, service, kelompok, umur, jenis_kelamin, "
    "pendidikan, pekerjaan, answers, own, comment, comment_state, client_hash, fingerprint, "
    "kiosk_id, code_id, entered_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
    "$11, $12, $13, $14, $15, $16, $17, $18) RETURNING id";
static const char q_kiosk_seen[] = "UPDATE survey_kiosks SET last_seen_at = $2 WHERE id = $1";

/* Runs a one-row query with up to three parameters (text, then integers): DB_ROW with *v the
 * first column, DB_DONE, or an error. */
static int
one(struct db *db, const char *sql, int64_t a, const char *b, int64_t c, int64_t *v)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, a);
    if (b)
        db_bind_text(st, 2, b, -1);
    if (c >= 0)
        db_bind_int64(st, 3, c);
    rc = db_step(st);
    if (rc == DB_ROW && v)
        *v = db_col_int64(st, 0);
    db_finalize(st);
    return rc;
}

static void
refuse(struct survey_submission *s, int rc, const char *why)
{
    s->rc = rc;
    s->why = why;
}

int
survey_intake_write(struct db *db, struct survey_submission *s)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_state, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, s->campaign_id);
    rc = db_step(st);
    bool open = rc == DB_ROW && strcmp(db_col_text(st, 0), "open") == 0;
    bool any = rc == DB_ROW;
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!open && !(any && s->entered_by)) { /* staff may key in paper after closing */
        refuse(s, ZE_UNAVAIL, "survey.closed");
        return 0;
    }
    int64_t code_id = 0;
    if (*s->code_hash) {
        rc = one(db, q_spend, s->campaign_id, s->code_hash, s->created_at, &code_id);
        if (rc < 0)
            return rc;
        if (rc == DB_DONE) {
            rc = one(db, q_code_known, s->campaign_id, s->code_hash, -1, NULL);
            if (rc < 0)
                return rc;
            if (rc == DB_ROW)
                refuse(s, ZE_CONFLICT, "survey.code_used");
            else
                refuse(s, ZE_NOTFOUND, "survey.code_unknown");
            return 0;
        }
    }
    if (s->open_guard) {
        int64_t n = 0;
        long long limit = survey_setting_int("stuffing.per_client_per_hour", 10);
        rc = one(db, q_client_count, s->campaign_id, s->client_hash, s->created_at - 3600 * 1000LL,
                 &n);
        if (rc < 0)
            return rc;
        if (limit > 0 && n >= limit) {
            refuse(s, ZE_LIMIT, "survey.too_many");
            return 0;
        }
        long long hours = survey_setting_int("stuffing.duplicate_hours", 24);
        rc = one(db, q_duplicate, s->campaign_id, s->fingerprint,
                 s->created_at - hours * 3600 * 1000LL, NULL);
        if (rc < 0)
            return rc;
        if (rc == DB_ROW) {
            refuse(s, ZE_CONFLICT, "survey.duplicate");
            return 0;
        }
    }
    if ((rc = db_prepare(db, q_insert, &st)) != 0)
        return rc;
    db_bind_int64(st, 1, s->campaign_id);
    db_bind_text(st, 2, s->channel, -1);
    db_bind_text(st, 3, s->service, -1);
    db_bind_text(st, 4, s->kelompok, -1);
    db_bind_text(st, 5, s->umur, -1);
    db_bind_text(st, 6, s->jenis_kelamin, -1);
    db_bind_text(st, 7, s->pendidikan, -1);
    db_bind_text(st, 8, s->pekerjaan, -1);
    db_bind_text(st, 9, s->answers ? s->answers : "{}", -1);
    db_bind_text(st, 10, s->own ? s->own : "{}", -1);
    db_bind_text(st, 11, s->comment ? s->comment : "", -1);
    db_bind_text(st, 12, s->comment && *s->comment ? "pending" : "none", -1);
    db_bind_text(st, 13, s->client_hash, -1);
    db_bind_text(st, 14, s->fingerprint, -1);
    if (s->kiosk_id)
        db_bind_int64(st, 15, s->kiosk_id);
    else
        db_bind_null(st, 15);
    if (code_id)
        db_bind_int64(st, 16, code_id);
    else
        db_bind_null(st, 16);
    if (s->entered_by)
        db_bind_int64(st, 17, s->entered_by);
    else
        db_bind_null(st, 17);
    db_bind_int64(st, 18, s->created_at);
    rc = db_step(st);
    if (rc == DB_ROW)
        s->id = db_col_int64(st, 0);
    db_finalize(st);
    if (rc != DB_ROW)
        return rc == DB_DONE ? ZE_DB : rc;
    if (s->kiosk_id) {
        if ((rc = db_prepare(db, q_kiosk_seen, &st)) != 0)
            return rc;
        db_bind_int64(st, 1, s->kiosk_id);
        db_bind_int64(st, 2, s->created_at);
        if ((rc = db_run(st)) != 0)
            return rc;
    }
    s->rc = 0;
    s->why = NULL;
    return 0;
}

static int
write_group(struct db *db, struct survey_submission *group)
{
    int rc = db_durable(db, true);
    if (rc == 0 && (rc = db_begin_write(db)) == 0) {
        for (struct survey_submission *s = group; s && rc == 0; s = s->next)
            rc = survey_intake_write(db, s);
        rc = db_commit_or_rollback(db, rc);
    }
    db_durable(db, false);
    return rc;
}

/* The queue. Each waiting request sleeps on its own condition variable: the writer wakes exactly
 * the members of the group it wrote, then hands the pen to the first request queued meanwhile
 * (which finds itself the leader), so a hundred waiting threads are never all woken to find
 * nothing to do. */
static struct {
    pthread_mutex_t mu;
    struct survey_submission *head, *tail;
    bool writing;
} intake = {PTHREAD_MUTEX_INITIALIZER, NULL, NULL, false};

int
survey_intake_submit(struct db *db, struct survey_submission *s)
{
    s->next = NULL;
    s->done = false;
    s->lead = false;
    s->rc = ZE_DB;
    s->why = "survey.busy";
    if (!s->created_at)
        s->created_at = clock_now_ms();
    pthread_cond_init(&s->cv, NULL);
    pthread_mutex_lock(&intake.mu);
    if (intake.tail)
        intake.tail->next = s;
    else
        intake.head = s;
    intake.tail = s;
    if (!intake.writing) {
        intake.writing = true; /* nobody is writing: this request leads */
        s->lead = true;
    }
    while (!s->done && !s->lead)
        pthread_cond_wait(&s->cv, &intake.mu);
    if (!s->done) {
        /* the leader writes everything queued, its own response included */
        struct survey_submission *group = intake.head;
        intake.head = intake.tail = NULL;
        pthread_mutex_unlock(&intake.mu);
        int rc = write_group(db, group);
        if (rc)
            log_warn("survey: a group of responses was not written: %s", db_errmsg(db));
        pthread_mutex_lock(&intake.mu);
        for (struct survey_submission *g = group, *next; g; g = next) {
            next = g->next; /* g belongs to its waiting thread once done */
            if (rc) {
                g->rc = rc == ZE_BUSY ? ZE_BUSY : ZE_DB;
                g->why = "survey.busy";
                g->id = 0;
            }
            g->done = true;
            if (g != s)
                pthread_cond_signal(&g->cv);
        }
        if (intake.head) { /* queued while this group was written: the first of them leads */
            intake.head->lead = true;
            pthread_cond_signal(&intake.head->cv);
        } else {
            intake.writing = false;
        }
    }
    pthread_mutex_unlock(&intake.mu);
    pthread_cond_destroy(&s->cv);
    return s->rc;
}
