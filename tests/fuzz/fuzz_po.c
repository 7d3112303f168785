/* fuzz_po: the .po catalog reader (src/web/i18n.c). The input is parsed as a whole file, exactly
 * as long as the input (no NUL after it, so reads past the end are caught). A catalog that loads
 * is checked the way lookups use it: sorted by id without duplicates, every id non-empty, every
 * id and text valid UTF-8. A refused one comes back empty with a message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "web/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct po_entry sentinel;
    struct po_entry *e = &sentinel; /* po_parse must clear it, even when it fails */
    size_t n = 12345;
    struct buf err = BUF_INIT;
    int rc = po_parse((const char *)data, size, &e, &n, &err);
    if (rc != 0) {
        if (rc != ZE_INVAL || e != NULL || n != 0 || err.len == 0)
            abort();
    } else {
        if (err.len != 0 || (n > 0 && !e))
            abort();
        for (size_t i = 0; i < n; i++) {
            size_t il = strlen(e[i].id), sl = strlen(e[i].str);
            if (il == 0 || il > size || sl > size || !utf8_valid(e[i].id, il) ||
                !utf8_valid(e[i].str, sl))
                abort();
            if (i > 0 && strcmp(e[i - 1].id, e[i].id) >= 0)
                abort();
        }
    }
    po_free(e, n);
    buf_free(&err);
    return 0;
}
