/* blob: content-addressed file storage in the database. Chunks keep each row small enough for
 * PostgreSQL's binary BYTEA binding and let downloads stream with Range support. */
#include "blob.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/err.h"
#include "core/xmem.h"
#include "db.h"

static const char q_find[] = "SELECT id, sha256, size, mime, chunks FROM blobs WHERE sha256 = $1";
static const char q_find_id[] = "SELECT id, sha256, size, mime, chunks FROM blobs WHERE id = $1";
static const char q_insert[] = "INSERT INTO blobs (sha256, size, mime, chunks, created_at) "
                               "VALUES ($1, $2, $3, $4, $5) RETURNING id";
static const char q_chunk[] = "INSERT INTO blob_chunks (blob_id, seq, data) VALUES ($1, $2, $3)";
static const char q_read[] = "SELECT data FROM blob_chunks WHERE blob_id = $1 AND seq = $2";

void
blob_hex(const unsigned char digest[32], char out[65])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[64] = '\0';
}

static int
stat_row(struct db *db, const char *sql, const char *sha256, int64_t id, struct blob_info *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc)
        return rc;
    if (sha256)
        db_bind_text(st, 1, sha256, -1);
    else
        db_bind_int64(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW) {
        out->id = db_col_int64(st, 0);
        snprintf(out->sha256, sizeof out->sha256, "%s", db_col_text(st, 1));
        out->size = db_col_int64(st, 2);
        snprintf(out->mime, sizeof out->mime, "%s", db_col_text(st, 3));
        out->chunks = db_col_int64(st, 4);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = ZE_NOTFOUND;
    }
    db_finalize(st);
    return rc;
}

int
blob_stat(struct db *db, const char *sha256, struct blob_info *out)
{
    return stat_row(db, q_find, sha256, 0, out);
}

int
blob_stat_id(struct db *db, int64_t id, struct blob_info *out)
{
    return stat_row(db, q_find_id, NULL, id, out);
}

/* Reads the whole of fd once to hash it, so an existing blob costs no writes. */
static int
hash_fd(int fd, char hex[65], int64_t *size)
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    unsigned char *tmp = xmalloc(65536);
    int64_t total = 0;
    ssize_t n;
    if (lseek(fd, 0, SEEK_SET) < 0) {
        free(tmp);
        return ZE_IO;
    }
    while ((n = read(fd, tmp, 65536)) > 0) {
        crypto_hash_sha256_update(&h, tmp, (unsigned long long)n);
        total += n;
    }
    free(tmp);
    if (n < 0)
        return ZE_IO;
    unsigned char d[32];
    crypto_hash_sha256_final(&h, d);
    blob_hex(d, hex);
    *size = total;
    return 0;
}

static int
insert_row(struct db *db, const char *hex, int64_t size, const char *mime, struct blob_info *out)
{
    struct db_stmt *st;
    int64_t chunks = (size + BLOB_CHUNK - 1) / BLOB_CHUNK;
    int rc = db_prepare(db, q_insert, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, hex, -1);
    db_bind_int64(st, 2, size);
    db_bind_text(st, 3, mime, -1);
    db_bind_int64(st, 4, chunks);
    db_bind_int64(st, 5, clock_now_ms());
    rc = db_step(st);
    if (rc == DB_ROW) {
        out->id = db_col_int64(st, 0);
        rc = 0;
    }
    db_finalize(st);
    if (rc)
        return rc;
    snprintf(out->sha256, sizeof out->sha256, "%s", hex);
    snprintf(out->mime, sizeof out->mime, "%s", mime);
    out->size = size;
    out->chunks = chunks;
    return 0;
}

static int
insert_chunk(struct db *db, int64_t id, int64_t seq, const void *p, size_t n)
{
    struct db_stmt *st;
    int rc = db_prepare(db, q_chunk, &st);
    if (rc)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, seq);
    db_bind_blob(st, 3, p, n);
    return db_run(st);
}

int
blob_put_fd(struct db *db, int fd, const char *mime, struct blob_info *out)
{
    char hex[65];
    int64_t size;
    int rc = hash_fd(fd, hex, &size);
    if (rc)
        return rc;
    if ((rc = blob_stat(db, hex, out)) != ZE_NOTFOUND)
        return rc;
    if ((rc = insert_row(db, hex, size, mime, out)) != 0)
        return rc;
    if (lseek(fd, 0, SEEK_SET) < 0)
        return ZE_IO;
    unsigned char *tmp = xmalloc(BLOB_CHUNK);
    for (int64_t seq = 0; seq < out->chunks && rc == 0; seq++) {
        size_t have = 0;
        while (have < BLOB_CHUNK) {
            ssize_t n = read(fd, tmp + have, BLOB_CHUNK - have);
            if (n < 0) {
                rc = ZE_IO;
                break;
            }
            if (n == 0)
                break;
            have += (size_t)n;
        }
        if (rc == 0)
            rc = insert_chunk(db, out->id, seq, tmp, have);
    }
    free(tmp);
    return rc;
}

int
blob_put_mem(struct db *db, const void *p, size_t len, const char *mime, struct blob_info *out)
{
    unsigned char d[32];
    char hex[65];
    crypto_hash_sha256(d, p, len);
    blob_hex(d, hex);
    int rc = blob_stat(db, hex, out);
    if (rc != ZE_NOTFOUND)
        return rc;
    if ((rc = insert_row(db, hex, (int64_t)len, mime, out)) != 0)
        return rc;
    for (int64_t seq = 0; seq < out->chunks && rc == 0; seq++) {
        size_t off = (size_t)seq * BLOB_CHUNK;
        size_t n = len - off < BLOB_CHUNK ? len - off : BLOB_CHUNK;
        rc = insert_chunk(db, out->id, seq, (const unsigned char *)p + off, n);
    }
    return rc;
}

int
blob_read(struct db *db, const struct blob_info *b, int64_t offset, void *dst, size_t len,
          size_t *got)
{
    *got = 0;
    while (len > 0 && offset < b->size) {
        int64_t seq = offset / BLOB_CHUNK;
        size_t in = (size_t)(offset % BLOB_CHUNK);
        struct db_stmt *st;
        int rc = db_prepare(db, q_read, &st);
        if (rc)
            return rc;
        db_bind_int64(st, 1, b->id);
        db_bind_int64(st, 2, seq);
        rc = db_step(st);
        if (rc != DB_ROW) {
            db_finalize(st);
            return rc < 0 ? rc : ZE_NOTFOUND;
        }
        size_t n;
        const unsigned char *p = db_col_blob(st, 0, &n);
        if (in >= n) {
            db_finalize(st);
            return ZE_IO;
        }
        size_t take = n - in < len ? n - in : len;
        memcpy((unsigned char *)dst + *got, p + in, take);
        db_finalize(st);
        *got += take;
        len -= take;
        offset += (int64_t)take;
    }
    return 0;
}
