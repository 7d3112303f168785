/* zip: bundles of files (libzip), written to a path. Entries come from files on disk or from
 * memory the bundle keeps until zip_bundle_close. */
#ifndef ZONA_REPORT_ZIP_H
#define ZONA_REPORT_ZIP_H

#include <stddef.h>

struct buf;
struct zip_bundle;

/* Creates (truncates) path. Returns 0 or ZE_IO with the reason in err. */
int zip_bundle_open(const char *path, struct zip_bundle **out, struct buf *err);
/* Adds name (a relative path inside the bundle, "/" separated; ".." and leading "/" are
 * refused) with the bytes of file src, read when the bundle closes. */
int zip_bundle_add_file(struct zip_bundle *z, const char *name, const char *src, struct buf *err);
/* Adds name with a copy of len bytes at p. */
int zip_bundle_add_mem(struct zip_bundle *z, const char *name, const void *p, size_t len,
                       struct buf *err);
/* Writes the bundle and frees it (also on error). Returns 0 or ZE_IO. */
int zip_bundle_close(struct zip_bundle *z, struct buf *err);
/* Frees without writing (removes nothing already on disk). NULL-safe. */
void zip_bundle_discard(struct zip_bundle *z);
/* A file or folder name safe inside a bundle and on Windows: control characters and
 * \ / : * ? " < > | become "_", at most max bytes (UTF-8 kept whole). */
void zip_safe_name(const char *in, char *out, size_t max);

#endif
