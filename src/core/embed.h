/* embed: templates, static files, SQL and shipped data compiled into the binary (ZONA_DEV=1
 * reads the same paths from ZONA_ROOT instead, so edits show without a rebuild). */
#ifndef ZONA_CORE_EMBED_H
#define ZONA_CORE_EMBED_H

#include <stdbool.h>
#include <stddef.h>

struct embed_file {
    const char *path;          /* relative to the source root, e.g. "static/css/zona.css" */
    const unsigned char *data; /* NUL-terminated */
    size_t len;
    const char *etag; /* quoted strong validator */
};

extern const struct embed_file embed_files[];
extern const size_t embed_count;

/* Switches to reading from the disk under root (dev mode). Call before threads start. */
void embed_use_disk(const char *root);
bool embed_from_disk(void);

/* Looks up path. On success *out describes the file; its bytes live in the binary, or (dev mode)
 * in memory that embed_release() frees. Returns 0 or ZE_NOTFOUND. Thread-safe. Paths holding
 * ".." or starting with "/" are never found. */
int embed_get(const char *path, struct embed_file *out);
void embed_release(struct embed_file *f);

/* Calls fn for each embedded path starting with prefix, in sorted order (always the compiled
 * list; dev mode reads the bytes from disk through embed_get). */
void embed_each(const char *prefix, void (*fn)(const char *path, void *arg), void *arg);

#endif
