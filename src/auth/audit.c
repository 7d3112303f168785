/* audit: every state change is appended in the same transaction as the change, chained by
 * SHA-256 to the entry before it. The chain head is read after taking the audit lock inside the
 * write transaction, so appends from several processes or nodes stay one chain. Entries about
 * whistleblowing objects carry ids and states only (the callers' duty, checked in their tests). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "auth_store.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/xmem.h"
#include "db/blob.h"
#include "db/db.h"
#include "http/http.h"

enum { AUDIT_LOCK = 0x7a6f6e61 }; /* "zona" */

/* The bytes a record's hash covers: every field, in a fixed order, each followed by a newline
 * (fields cannot hold one unescaped: the JSON is compact and the others are checked). */
static void
record_hash(int64_t at, int64_t actor_id, const char *actor, int64_t unit_id, const char *action,
            const char *otype, const char *oid, const char *before, const char *after,
            const char *prev, char out[65])
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "%s\n%lld\n%lld\n%s\n%lld\n%s\n%s\n%s\n%s\n%s\n", prev, (long long)at,
               (long long)actor_id, actor, (long long)unit_id, action, otype, oid, before, after);
    unsigned char d[32];
    crypto_hash_sha256(d, (const unsigned char *)b.p, b.len);
    blob_hex(d, out);
    buf_free(&b);
}

static char *
dump(json_t *j)
{
    if (!j)
        return xstrdup("{}");
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    return s ? s : xstrdup("{}");
}

int
audit_append(struct db *db, const struct audit_entry *e)
{
    if (!db_in_transaction(db))
        return ZE_INVAL; /* an audit entry always commits with its change */
    int rc = db_lock(db, AUDIT_LOCK);
    if (rc)
        return rc;
    char prev[80];
    if ((rc = auth_store_audit_head(db, prev, sizeof prev)) != 0)
        return rc;
    char *before = dump(e->before), *after = dump(e->after);
    int64_t at = clock_now_ms();
    const char *actor = e->actor ? e->actor : "sistem";
    const char *oid = e->object_id ? e->object_id : "";
    char hash[65];
    record_hash(at, e->actor_id, actor, e->unit_id, e->action, e->object_type, oid, before, after,
                prev, hash);
    rc = auth_store_audit_insert(db, at, e->actor_id, actor, e->unit_id, e->action, e->object_type,
                                 oid, before, after, prev, hash);
    free(before);
    free(after);
    return rc;
}

int
audit_request(struct req *rq, const char *action, int64_t unit_id, const char *object_type,
              const char *object_id, json_t *before, json_t *after)
{
    struct auth_ctx *c = auth_ctx(rq);
    struct audit_entry e = {
        .actor_id = c ? c->u.id : 0,
        .actor = c ? c->u.name : "anonim",
        .unit_id = unit_id,
        .action = action,
        .object_type = object_type,
        .object_id = object_id,
        .before = before,
        .after = after,
    };
    return audit_append(rq->db, &e);
}

int
audit_request_take(struct req *rq, const char *action, int64_t unit_id, const char *object_type,
                   const char *object_id, json_t *before, json_t *after)
{
    int rc = audit_request(rq, action, unit_id, object_type, object_id, before, after);
    json_decref(before);
    json_decref(after);
    return rc;
}

struct verify {
    char prev[65];
    int64_t checked;
    int64_t bad;
    struct buf *why;
};

static int
check_row(const struct audit_row *r, void *arg)
{
    struct verify *v = arg;
    if (strcmp(r->prev, v->prev) != 0) {
        v->bad = r->id;
        buf_printf(v->why, "record %lld does not follow the record before it (prev_hash differs)",
                   (long long)r->id);
        return ZE_CONFLICT;
    }
    char h[65];
    record_hash(r->at, r->actor_id, r->actor, r->unit_id, r->action, r->otype, r->oid, r->before,
                r->after, r->prev, h);
    if (strcmp(h, r->hash) != 0) {
        v->bad = r->id;
        buf_printf(v->why, "record %lld was altered (its content does not match its hash)",
                   (long long)r->id);
        return ZE_CONFLICT;
    }
    snprintf(v->prev, sizeof v->prev, "%s", r->hash);
    v->checked++;
    return 0;
}

int
audit_verify(struct db *db, int64_t *checked, int64_t *bad_id, struct buf *why)
{
    struct verify v = {.prev = "", .checked = 0, .bad = 0, .why = why};
    int rc = auth_store_audit_each(db, check_row, &v);
    *checked = v.checked;
    *bad_id = v.bad;
    return rc;
}
