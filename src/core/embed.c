/* embed: lookup in the generated table (binary search), or on disk in dev mode. */
#include "embed.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "xmem.h"

static const char *disk_root;

void
embed_use_disk(const char *root)
{
    disk_root = root;
}

bool
embed_from_disk(void)
{
    return disk_root != NULL;
}

static bool
safe_path(const char *p)
{
    if (!*p || *p == '/')
        return false;
    for (const char *s = p; *s; s++) {
        if (s[0] == '.' && s[1] == '.')
            return false;
        if ((unsigned char)*s < 0x20)
            return false;
    }
    return true;
}

static int
find(const char *path)
{
    size_t lo = 0, hi = embed_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(path, embed_files[mid].path);
        if (c == 0)
            return (int)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

int
embed_get(const char *path, struct embed_file *out)
{
    memset(out, 0, sizeof *out);
    if (!safe_path(path))
        return ZE_NOTFOUND;
    if (!disk_root) {
        int i = find(path);
        if (i < 0)
            return ZE_NOTFOUND;
        *out = embed_files[i];
        return 0;
    }
    struct buf full = BUF_INIT;
    buf_printf(&full, "%s/%s", disk_root, path);
    FILE *f = fopen(full.p, "rb");
    buf_free(&full);
    if (!f)
        return ZE_NOTFOUND;
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        fclose(f);
        return ZE_NOTFOUND;
    }
    struct buf data = BUF_INIT;
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        buf_append(&data, tmp, n);
    fclose(f);
    buf_append(&data, "", 0);
    unsigned long long h = 1469598103934665603ull;
    for (size_t i = 0; i < data.len; i++)
        h = (h ^ (unsigned char)data.p[i]) * 1099511628211ull;
    char tag[24];
    snprintf(tag, sizeof tag, "\"%016llx\"", h);
    out->path = xstrdup(path);
    out->len = data.len;
    out->data = (const unsigned char *)buf_steal(&data);
    out->etag = xstrdup(tag);
    return 0;
}

void
embed_release(struct embed_file *f)
{
    if (!f || !disk_root || !f->data)
        return;
    free(UNCONST(f->path));
    free(UNCONST(f->data));
    free(UNCONST(f->etag));
    memset(f, 0, sizeof *f);
}

void
embed_each(const char *prefix, void (*fn)(const char *path, void *arg), void *arg)
{
    size_t pl = strlen(prefix);
    for (size_t i = 0; i < embed_count; i++)
        if (strncmp(embed_files[i].path, prefix, pl) == 0)
            fn(embed_files[i].path, arg);
}
