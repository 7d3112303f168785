/* zip: bundles through libzip. Memory entries are copied and freed by libzip. */
#include "zip.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/xmem.h"

struct zip_bundle {
    zip_t *z;
};

int
zip_bundle_open(const char *path, struct zip_bundle **out, struct buf *err)
{
    int ze = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    if (!z) {
        zip_error_t e;
        zip_error_init_with_code(&e, ze);
        buf_printf(err, "%s: %s", path, zip_error_strerror(&e));
        zip_error_fini(&e);
        return ZE_IO;
    }
    *out = xcalloc(1, sizeof **out);
    (*out)->z = z;
    return 0;
}

static bool
name_ok(const char *name)
{
    if (!name || !*name || name[0] == '/' || strstr(name, "..") || strchr(name, '\\'))
        return false;
    return true;
}

static int
add(struct zip_bundle *z, const char *name, zip_source_t *src, struct buf *err)
{
    if (!src) {
        buf_printf(err, "%s: %s", name, zip_strerror(z->z));
        return ZE_IO;
    }
    zip_int64_t i = zip_file_add(z->z, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (i < 0) {
        zip_source_free(src);
        buf_printf(err, "%s: %s", name, zip_strerror(z->z));
        return ZE_IO;
    }
    return 0;
}

int
zip_bundle_add_file(struct zip_bundle *z, const char *name, const char *src, struct buf *err)
{
    if (!name_ok(name)) {
        buf_printf(err, "%s: not a safe name inside a bundle", name ? name : "");
        return ZE_INVAL;
    }
    return add(z, name, zip_source_file(z->z, src, 0, -1), err);
}

int
zip_bundle_add_mem(struct zip_bundle *z, const char *name, const void *p, size_t len,
                   struct buf *err)
{
    if (!name_ok(name)) {
        buf_printf(err, "%s: not a safe name inside a bundle", name ? name : "");
        return ZE_INVAL;
    }
    void *copy = xmalloc(len ? len : 1);
    if (len)
        memcpy(copy, p, len);
    zip_source_t *s = zip_source_buffer(z->z, copy, len, 1);
    if (!s)
        free(copy);
    return add(z, name, s, err);
}

int
zip_bundle_close(struct zip_bundle *z, struct buf *err)
{
    int rc = 0;
    if (zip_close(z->z) != 0) {
        buf_printf(err, "%s", zip_strerror(z->z));
        zip_discard(z->z);
        rc = ZE_IO;
    }
    free(z);
    return rc;
}

void
zip_bundle_discard(struct zip_bundle *z)
{
    if (!z)
        return;
    zip_discard(z->z);
    free(z);
}

void
zip_safe_name(const char *in, char *out, size_t max)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && o + 1 < max; p++) {
        unsigned char c = *p;
        if (c >= 0x80) {
            /* copy a whole UTF-8 sequence or stop */
            size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (o + n >= max)
                break;
            size_t k = 0;
            while (k < n && p[k])
                k++;
            if (k < n)
                break; /* a cut sequence at the end */
            memcpy(out + o, p, n);
            o += n;
            p += n - 1;
            continue;
        }
        out[o++] = c < 0x20 || strchr("\\/:*?\"<>|", c) ? '_' : (char)c;
    }
    out[o] = 0;
    if (!o || strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
        snprintf(out, max, "_");
}
