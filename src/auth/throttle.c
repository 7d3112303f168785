/* throttle: failed sign-ins slow the next attempt, counted three ways: the pair of client and
 * account (5 free, then doubling waits up to 15 minutes), the account from anywhere (20 free, then
 * up to 5 minutes, so an attacker elsewhere only slows the owner), and the client (50 free,
 * then up to 15 minutes). Keys are keyed hashes under a key that changes every UTC day: no
 * address or login is stored. Nothing here sleeps: callers answer 429 with Retry-After. */
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "auth_store.h"
#include "core/clock.h"
#include "core/err.h"
#include "db/db.h"

enum { WINDOW_MS = 60 * 60 * 1000 };

/* free_failures go by without a wait; the failure after them sets the first one (so the attempt
 * after that waits). A rule that counts what is allowed rather than failures (flood: the first
 * twenty of an hour go through, the twenty-first waits) sets its wait on the last free one. */
struct rule {
    const char *prefix;
    int64_t free_failures;
    int64_t max_wait_ms;
    bool counts_allowed;
};

static const struct rule rules[] = {
    {"pair", 5, 15 * 60 * 1000, false},    {"login", 20, 5 * 60 * 1000, false},
    {"client", 50, 15 * 60 * 1000, false}, {"key", 5, 15 * 60 * 1000, false},
    {"flood", 20, 15 * 60 * 1000, true},
};

static int
make_key(struct db *db, const char *prefix, const char *a, const char *b, int64_t now, char out[65])
{
    unsigned char secret[32], day_key[32], d[32];
    int rc = secret_get(db, secret);
    if (rc)
        return rc;
    char day[32];
    snprintf(day, sizeof day, "throttle:%lld", (long long)(now / 86400000));
    crypto_generichash(day_key, sizeof day_key, (const unsigned char *)day, strlen(day), secret,
                       sizeof secret);
    crypto_generichash_state st;
    crypto_generichash_init(&st, day_key, sizeof day_key, sizeof d);
    crypto_generichash_update(&st, (const unsigned char *)prefix, strlen(prefix) + 1);
    crypto_generichash_update(&st, (const unsigned char *)a, strlen(a) + 1);
    crypto_generichash_update(&st, (const unsigned char *)b, strlen(b) + 1);
    crypto_generichash_final(&st, d, sizeof d);
    sodium_bin2hex(out, 65, d, sizeof d);
    sodium_memzero(secret, sizeof secret);
    return 0;
}

static int64_t
wait_for(struct db *db, const char *key, int64_t now)
{
    int64_t f, first, until;
    if (auth_store_throttle_get(db, key, &f, &first, &until) != 0)
        return 0;
    return until > now ? until - now : 0;
}

static int
fail_one(struct db *db, const struct rule *r, const char *key, int64_t now)
{
    int64_t f, first, until;
    int rc = auth_store_throttle_get(db, key, &f, &first, &until);
    if (rc)
        return rc;
    if (f == 0 || now - first > WINDOW_MS) {
        f = 0;
        first = now;
        until = 0;
    }
    f++;
    int64_t free_n = r->counts_allowed ? r->free_failures - 1 : r->free_failures;
    if (f > free_n) {
        int64_t over = f - free_n;
        int64_t wait = over >= 20 ? r->max_wait_ms : (int64_t)1000 << (over - 1);
        if (wait > r->max_wait_ms)
            wait = r->max_wait_ms;
        until = now + wait;
    }
    return auth_store_throttle_put(db, key, f, first, until);
}

static void
lower(char *dst, size_t n, const char *s)
{
    size_t i = 0;
    for (; s && s[i] && i + 1 < n; i++)
        dst[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    dst[i] = '\0';
}

int64_t
throttle_wait(struct db *db, const char *client, const char *login, int64_t now)
{
    char l[256], k[65];
    int64_t w = 0, x;
    lower(l, sizeof l, login);
    if (make_key(db, "pair", client, l, now, k) == 0 && (x = wait_for(db, k, now)) > w)
        w = x;
    if (make_key(db, "login", l, "", now, k) == 0 && (x = wait_for(db, k, now)) > w)
        w = x;
    if (make_key(db, "client", client, "", now, k) == 0 && (x = wait_for(db, k, now)) > w)
        w = x;
    return w;
}

int
throttle_fail(struct db *db, const char *client, const char *login, int64_t now)
{
    char l[256], k[65];
    int rc;
    lower(l, sizeof l, login);
    if ((rc = make_key(db, "pair", client, l, now, k)) != 0 ||
        (rc = fail_one(db, &rules[0], k, now)))
        return rc;
    if ((rc = make_key(db, "login", l, "", now, k)) != 0 || (rc = fail_one(db, &rules[1], k, now)))
        return rc;
    if ((rc = make_key(db, "client", client, "", now, k)) != 0 ||
        (rc = fail_one(db, &rules[2], k, now)))
        return rc;
    return 0;
}

int
throttle_success(struct db *db, const char *client, const char *login)
{
    char l[256], k[65];
    lower(l, sizeof l, login);
    int64_t now = clock_now_ms();
    int rc = make_key(db, "pair", client, l, now, k);
    return rc ? rc : auth_store_throttle_clear(db, k);
}

int64_t
throttle_wait_key(struct db *db, const char *what, int64_t now)
{
    char k[65];
    return make_key(db, "key", what, "", now, k) == 0 ? wait_for(db, k, now) : 0;
}

int
throttle_fail_key(struct db *db, const char *what, int64_t now)
{
    char k[65];
    int rc = make_key(db, "key", what, "", now, k);
    return rc ? rc : fail_one(db, &rules[3], k, now);
}

int64_t
throttle_flood_wait(struct db *db, const char *what, int64_t now)
{
    char k[65];
    return make_key(db, "flood", what, "", now, k) == 0 ? wait_for(db, k, now) : 0;
}

int
throttle_flood_note(struct db *db, const char *what, int64_t now)
{
    char k[65];
    int rc = make_key(db, "flood", what, "", now, k);
    return rc ? rc : fail_one(db, &rules[4], k, now);
}
