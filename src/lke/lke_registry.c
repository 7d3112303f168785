/* lke_registry: every framework an assessment may have pinned, with its texts. The shipped files
 * (every JSON file under data/frameworks) are embedded; `zona framework load` adds versions to the
 * database. Loaded at start and when a framework is loaded; read-only in between, so threads share
 * it. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/xmem.h"
#include "db/db.h"
#include "lke.h"
#include "lke_work.h"

enum { REGISTRY_MAX = 32 };

static struct lke_fw registry[REGISTRY_MAX];
static size_t nregistry;
static int current = -1;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

static const char q_frameworks[] = "SELECT doc FROM frameworks ORDER BY framework_id, version";
static const char q_framework_insert[] =
    "INSERT INTO frameworks (framework_id, version, doc, loaded_by, loaded_at) VALUES ($1, $2, $3, "
    "$4, $5)";

static void
index_codes(json_t *by_code, json_t *node)
{
    if (json_is_object(node)) {
        json_t *code = json_object_get(node, "code");
        if (json_is_string(code))
            json_object_set(by_code, json_string_value(code), node);
        const char *key;
        json_t *v;
        json_object_foreach(node, key, v)
        {
            if (json_is_array(v) && strcmp(key, "options") != 0 && strcmp(key, "inputs") != 0)
                index_codes(by_code, v);
        }
    } else if (json_is_array(node)) {
        size_t i;
        json_t *v;
        json_array_foreach(node, i, v) index_codes(by_code, v);
    }
}

/* Adds doc (reference stolen) when its id and version are new. Called with registry_lock held;
 * lke_registry_get and lke_registry_current read without it, so a slot is published only
 * once filled, and slots never move or change. */
static int
add(json_t *doc, struct buf *err)
{
    struct lke_framework *f = NULL;
    if (lke_framework_load(doc, &f, err) != 0) {
        json_decref(doc);
        return ZE_INVAL;
    }
    for (size_t i = 0; i < nregistry; i++)
        if (strcmp(registry[i].f->id, f->id) == 0 && registry[i].f->version == f->version) {
            lke_framework_free(f);
            json_decref(doc);
            return ZE_CONFLICT;
        }
    if (nregistry == REGISTRY_MAX) {
        lke_framework_free(f);
        json_decref(doc);
        buf_puts(err, "too many framework versions\n");
        return ZE_LIMIT;
    }
    /* fill the slot, then publish it: readers take no lock */
    struct lke_fw *fw = &registry[nregistry];
    fw->f = f;
    fw->doc = f->doc; /* the framework holds the document; the registry borrows it */
    json_decref(doc);
    fw->by_code = json_object();
    index_codes(fw->by_code, json_object_get(doc, "components"));
    __atomic_store_n(&nregistry, nregistry + 1, __ATOMIC_RELEASE);
    return 0;
}

static void
add_shipped(const char *path, void *arg)
{
    struct buf *err = arg;
    struct embed_file file;
    if (!strstr(path, ".json") || embed_get(path, &file) != 0)
        return;
    json_error_t e;
    json_t *doc = json_loadb((const char *)file.data, file.len, JSON_REJECT_DUPLICATES, &e);
    embed_release(&file);
    if (!doc) {
        buf_printf(err, "%s:%d: %s\n", path, e.line, e.text);
        return;
    }
    if (add(doc, err) == 0 && strstr(path, "lke-permenpanrb-90-2021"))
        current = (int)nregistry - 1;
}

int
lke_registry_init(struct db *db, struct buf *err)
{
    pthread_mutex_lock(&registry_lock);
    if (nregistry == 0)
        embed_each("data/frameworks/", add_shipped, err);
    int rc = current < 0 ? ZE_INVAL : 0;
    if (!rc && db) {
        struct db_stmt *st;
        if (db_prepare(db, q_frameworks, &st) == 0) {
            while (db_step(st) == DB_ROW) {
                json_t *doc = json_loads(db_col_text(st, 0), JSON_REJECT_DUPLICATES, NULL);
                if (doc && add(doc, err) == 0) {
                    /* a newer version of the shipped framework becomes current */
                    struct lke_fw *fw = &registry[nregistry - 1];
                    if (strcmp(fw->f->id, registry[current].f->id) == 0 &&
                        fw->f->version > registry[current].f->version)
                        __atomic_store_n(&current, (int)nregistry - 1, __ATOMIC_RELEASE);
                }
            }
            db_finalize(st);
        }
    }
    pthread_mutex_unlock(&registry_lock);
    return rc;
}

void
lke_registry_free(void)
{
    pthread_mutex_lock(&registry_lock);
    for (size_t i = 0; i < nregistry; i++) {
        lke_framework_free(registry[i].f);
        json_decref(registry[i].by_code);
    }
    nregistry = 0;
    current = -1;
    pthread_mutex_unlock(&registry_lock);
}

const struct lke_fw *
lke_registry_get(const char *id, long version)
{
    size_t n = __atomic_load_n(&nregistry, __ATOMIC_ACQUIRE);
    for (size_t i = 0; i < n; i++)
        if (strcmp(registry[i].f->id, id) == 0 && registry[i].f->version == version)
            return &registry[i];
    return NULL;
}

const struct lke_fw *
lke_registry_current(void)
{
    int cur = __atomic_load_n(&current, __ATOMIC_ACQUIRE);
    return cur < 0 ? NULL : &registry[cur];
}

int
lke_registry_load(struct db *db, json_t *doc, const char *by, struct buf *err)
{
    struct lke_framework *f = NULL;
    if (lke_framework_load(doc, &f, err) != 0)
        return ZE_INVAL;
    char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
    struct db_stmt *st;
    int rc = db_prepare(db, q_framework_insert, &st);
    if (!rc) {
        db_bind_text(st, 1, f->id, -1);
        db_bind_int64(st, 2, f->version);
        db_bind_text(st, 3, text, -1);
        db_bind_text(st, 4, by, -1);
        db_bind_int64(st, 5, 0);
        rc = db_run(st);
    }
    if (rc == ZE_CONFLICT || lke_registry_get(f->id, f->version))
        buf_printf(err, "framework %s version %ld is already loaded\n", f->id, f->version);
    lke_framework_free(f);
    free(text);
    if (rc)
        return rc == ZE_CONFLICT ? ZE_CONFLICT : rc;
    pthread_mutex_lock(&registry_lock);
    json_incref(doc);
    rc = add(doc, err);
    if (!rc && current >= 0) {
        struct lke_fw *fw = &registry[nregistry - 1];
        if (strcmp(fw->f->id, registry[current].f->id) == 0 &&
            fw->f->version > registry[current].f->version)
            __atomic_store_n(&current, (int)nregistry - 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&registry_lock);
    return rc == ZE_CONFLICT ? 0 : rc;
}

const char *
lke_fw_text(json_t *obj, const char *key, const char *lang)
{
    json_t *t = json_object_get(obj, key);
    if (json_is_string(t))
        return json_string_value(t);
    const char *s = json_string_value(json_object_get(t, lang ? lang : "id"));
    if (!s)
        s = json_string_value(json_object_get(t, "id"));
    return s ? s : "";
}

void
lke_fw_question_digest(json_t *q, char out[17])
{
    struct buf b = BUF_INIT;
    buf_puts(&b, lke_fw_text(q, "text", "id"));
    buf_putc(&b, '\n');
    const char *type = json_string_value(json_object_get(q, "type"));
    buf_puts(&b, type ? type : "");
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(q, "options"), i, o)
    {
        const char *key = json_string_value(json_object_get(o, "key"));
        buf_printf(&b, "\n%s:%s", key ? key : "", lke_fw_text(o, "text", "id"));
    }
    unsigned char h[crypto_generichash_BYTES];
    crypto_generichash(h, sizeof h, (const unsigned char *)buf_cstr(&b), b.len, NULL, 0);
    for (int k = 0; k < 8; k++)
        snprintf(out + 2 * k, 3, "%02x", h[k]);
    buf_free(&b);
}
