/* fuzz_urlencoded: percent-decoding and query strings / urlencoded bodies (src/http/request.c).
 * The input is used three ways: as a whole urlencoded body, as a request target split at '?' the
 * way the server splits it (path decoded without '+', query parsed), and through http_decode with
 * and without '+' as space. Besides the sanitizers, it checks what callers rely on: every name
 * and value is UTF-8 without NUL, lengths are right, the limits hold, and decoding agrees with a
 * reference re-encoding. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/err.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_pairs(const struct kv *kv, int n, int rc)
{
    if (rc != 0 && rc != ZE_INVAL && rc != ZE_LIMIT)
        abort();
    if (rc != 0)
        return;
    if (n < 0 || n > LIMIT_FIELDS || (n > 0 && !kv))
        abort();
    for (int i = 0; i < n; i++) {
        size_t nl = strlen(kv[i].name);
        /* an empty name is dropped, a long one refused */
        if (nl == 0 || nl > LIMIT_FIELD_NAME || !utf8_valid(kv[i].name, nl))
            abort();
        if (strlen(kv[i].value) != kv[i].len || !utf8_valid(kv[i].value, kv[i].len))
            abort();
    }
}

static void
check_decode(struct arena *a, const char *s, size_t len)
{
    size_t lp = 0, lr = 0;
    char *plus = http_decode(a, s, len, true, &lp);
    char *raw = http_decode(a, s, len, false, &lr);
    /* '+' only ever changes into a space, so both decodings succeed or fail together */
    if ((plus == NULL) != (raw == NULL))
        abort();
    if (!raw)
        return;
    if (lp != lr || lr > len || raw[lr] != '\0' || plus[lp] != '\0' || !utf8_valid(raw, lr))
        abort();
    for (size_t i = 0; i < lr; i++)
        if (raw[i] != plus[i] && !(raw[i] == '+' && plus[i] == ' '))
            abort();
    /* Re-encoding every byte and decoding again gives the same bytes. */
    static const char hex[] = "0123456789ABCDEF";
    char *enc = arena_alloc(a, lr * 3 + 1);
    for (size_t i = 0; i < lr; i++) {
        unsigned char c = (unsigned char)raw[i];
        enc[i * 3] = '%';
        enc[i * 3 + 1] = hex[c >> 4];
        enc[i * 3 + 2] = hex[c & 15];
    }
    size_t l2 = 0;
    char *again = http_decode(a, enc, lr * 3, true, &l2);
    if (!again || l2 != lr || memcmp(again, raw, lr) != 0)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct arena *a = arena_new();
    struct kv *kv = NULL;
    int n = 0;

    /* The whole input as an application/x-www-form-urlencoded body. */
    int rc = http_parse_urlencoded(a, s, size, &kv, &n);
    check_pairs(kv, n, rc);
    check_decode(a, s, size);

    /* The input as a request target: the path is decoded without '+', the query is parsed. */
    const char *q = memchr(s, '?', size);
    size_t pl = q ? (size_t)(q - s) : size;
    size_t ol = 0;
    char *path = http_decode(a, s, pl, false, &ol);
    if (path && (ol > pl || strlen(path) != ol))
        abort();
    if (q) {
        rc = http_parse_urlencoded(a, q + 1, size - pl - 1, &kv, &n);
        check_pairs(kv, n, rc);
    }
    arena_free(a);
    return 0;
}
