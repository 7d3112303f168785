/* secret: a random key kept in the database, so every node derives the same rotating throttle
 * keys without a file to distribute. */
#include <sodium.h>
#include <string.h>

#include "auth.h"
#include "auth_store.h"
#include "core/err.h"
#include "db/db.h"

int
secret_get(struct db *db, unsigned char out[32])
{
    char hex[80];
    int rc = meta_get(db, "secret", hex, sizeof hex);
    if (rc == ZE_NOTFOUND) {
        unsigned char r[32];
        randombytes_buf(r, sizeof r);
        sodium_bin2hex(hex, sizeof hex, r, sizeof r);
        /* the first writer's value wins when two nodes race */
        if ((rc = auth_store_secret_init(db, hex)) != 0)
            return rc;
        if ((rc = meta_get(db, "secret", hex, sizeof hex)) != 0)
            return rc;
    } else if (rc) {
        return rc;
    }
    size_t len = 0;
    if (sodium_hex2bin(out, 32, hex, strlen(hex), NULL, &len, NULL) != 0 || len != 32)
        return ZE_INVAL;
    return 0;
}
