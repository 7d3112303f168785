/* codes: one-time codes people type or follow as a link to set their password. 16 characters
 * from an alphabet without look-alikes (no 0/O, 1/I/L), 80 bits; only their hash is stored. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "auth_store.h"
#include "core/clock.h"
#include "core/err.h"

static const char alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

int
auth_code_hash(const char *code, char out[65])
{
    char norm[32];
    size_t n = 0;
    for (const char *p = code; p && *p; p++) {
        char c = *p;
        if (c == '-' || c == ' ')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        if (!strchr(alphabet, c) || c == '\0' || n >= 16)
            return ZE_INVAL;
        norm[n++] = c;
    }
    if (n != 16)
        return ZE_INVAL;
    unsigned char d[32];
    crypto_generichash(d, sizeof d, (const unsigned char *)norm, n, NULL, 0);
    sodium_bin2hex(out, 65, d, sizeof d);
    return 0;
}

int
auth_issue_code(struct db *db, int64_t user_id, const char *kind, int64_t by, char *out,
                size_t outsz)
{
    if (outsz < 20)
        return ZE_INVAL;
    size_t k = 0;
    for (int i = 0; i < 16; i++) {
        if (i && i % 4 == 0)
            out[k++] = '-';
        out[k++] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    }
    out[k] = '\0';
    char hash[65];
    int rc = auth_code_hash(out, hash);
    if (rc)
        return rc;
    int64_t now = clock_now_ms();
    int64_t ttl = strcmp(kind, "reset") == 0 ? 24LL * 3600 * 1000 : 7LL * 24 * 3600 * 1000;
    if ((rc = auth_store_tokens_void(db, user_id, now)) != 0)
        return rc;
    return auth_store_token_insert(db, user_id, kind, hash, by, now, now + ttl);
}
