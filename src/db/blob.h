/* blob: files stored in the database once, addressed by SHA-256, in chunks of BLOB_CHUNK. */
#ifndef ZONA_DB_BLOB_H
#define ZONA_DB_BLOB_H

#include <stddef.h>
#include <stdint.h>

struct db;

enum { BLOB_CHUNK = 1 << 20 };

struct blob_info {
    int64_t id;
    char sha256[65]; /* lower-case hex */
    int64_t size;
    char mime[128];
    int64_t chunks;
};

/* Stores the bytes of the open file fd (read from its start) as a blob of type mime, unless a
 * blob with the same hash exists. Runs inside the caller's write transaction, so the blob commits
 * with what refers to it. Fills *out. Returns 0, ZE_IO or a db error. */
int blob_put_fd(struct db *db, int fd, const char *mime, struct blob_info *out);
/* The same from memory. */
int blob_put_mem(struct db *db, const void *p, size_t len, const char *mime, struct blob_info *out);
/* Looks a blob up by hex hash. Returns 0 or ZE_NOTFOUND. */
int blob_stat(struct db *db, const char *sha256, struct blob_info *out);
/* The same by the blob's id. */
int blob_stat_id(struct db *db, int64_t id, struct blob_info *out);
/* Copies up to len bytes from offset into dst; *got is how many (0 at the end). Streams chunk
 * by chunk so no whole file is ever in memory. */
int blob_read(struct db *db, const struct blob_info *b, int64_t offset, void *dst, size_t len,
              size_t *got);
/* Hex SHA-256 of bytes (helper shared with uploads). out must hold 65 bytes. */
void blob_hex(const unsigned char digest[32], char out[65]);

#endif
