/* password: Argon2id through libsodium, at most four hashes at once so a sign-in flood cannot
 * exhaust memory, and the policy: long enough, not common, not the NIP or e-mail name. */
#include <semaphore.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/embed.h"
#include "core/err.h"
#include "core/xmem.h"
#include "web/i18n.h"

enum { PASSWORD_MIN_CHARS = 10, PASSWORD_MAX_BYTES = 1024, HASHES_AT_ONCE = 4 };

static unsigned long long opslimit = 3;
static size_t memlimit = 64u << 20;
static sem_t slots;
static bool slots_ready;

static char **common;
static size_t ncommon, capcommon;

int
password_configure(void)
{
    const char *p = config_get()->argon2;
    if (p && strcmp(p, "test") == 0) {
        opslimit = crypto_pwhash_OPSLIMIT_MIN;
        memlimit = crypto_pwhash_MEMLIMIT_MIN;
    } else {
        opslimit = 3;
        memlimit = 64u << 20;
    }
    if (!slots_ready) {
        sem_init(&slots, 0, HASHES_AT_ONCE);
        slots_ready = true;
    }
    return 0;
}

int
password_hash(const char *password, char *out, size_t outsz)
{
    if (outsz < crypto_pwhash_STRBYTES)
        return ZE_INVAL;
    if (!slots_ready)
        password_configure();
    sem_wait(&slots);
    int rc = crypto_pwhash_str(out, password, strlen(password), opslimit, memlimit);
    sem_post(&slots);
    return rc == 0 ? 0 : ZE_NOMEM;
}

int
password_verify(const char *hash, const char *password, bool *rehash)
{
    if (rehash)
        *rehash = false;
    if (!hash || !*hash)
        return ZE_FORBIDDEN;
    if (!slots_ready)
        password_configure();
    sem_wait(&slots);
    int rc = crypto_pwhash_str_verify(hash, password, strlen(password));
    sem_post(&slots);
    if (rc != 0)
        return ZE_FORBIDDEN;
    if (rehash)
        *rehash = crypto_pwhash_str_needs_rehash(hash, opslimit, memlimit) != 0;
    return 0;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
add_list(const char *path)
{
    struct embed_file f;
    if (embed_get(path, &f) != 0)
        return;
    const char *p = (const char *)f.data, *end = p + f.len;
    while (p < end) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            e = end;
        size_t n = (size_t)(e - p);
        if (n && p[n - 1] == '\r')
            n--;
        if (n) {
            char *w = xstrndup(p, n);
            for (char *c = w; *c; c++)
                if (*c >= 'A' && *c <= 'Z')
                    *c = (char)(*c + 32);
            if (ncommon == capcommon) { /* doubling: the lists hold about 30,000 words */
                capcommon = capcommon ? capcommon * 2 : 4096;
                common = xrealloc(common, sizeof(char *) * capcommon);
            }
            common[ncommon++] = w;
        }
        p = e + 1;
    }
    embed_release(&f);
}

int
password_lists_load(void)
{
    for (size_t i = 0; i < ncommon; i++)
        free(common[i]);
    free(common);
    common = NULL;
    ncommon = capcommon = 0;
    add_list("data/passwords/common.txt");
    add_list("data/passwords/indonesian.txt");
    if (ncommon < 10000)
        return ZE_INVAL;
    qsort(common, ncommon, sizeof(char *), cmp_str);
    return 0;
}

size_t
password_list_size(void)
{
    return ncommon;
}

static size_t
code_points(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static char *
lower_dup(const char *s)
{
    char *w = xstrdup(s);
    for (char *c = w; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    return w;
}

const char *
password_problem(const char *password, const char *nip, const char *email)
{
    size_t bytes = strlen(password);
    if (bytes > PASSWORD_MAX_BYTES)
        return N_("The password is too long.");
    if (!utf8_valid(password, bytes))
        return N_("The password contains characters that are not allowed.");
    /* boundary: 9 characters are refused, 10 accepted */
    if (code_points(password) < PASSWORD_MIN_CHARS)
        return N_("The password must be at least 10 characters long.");
    char *low = lower_dup(password);
    const char *key = low;
    bool is_common = ncommon && bsearch(&key, common, ncommon, sizeof(char *), cmp_str) != NULL;
    bool personal = false;
    if (nip && strlen(nip) >= 8 && strstr(low, nip))
        personal = true;
    if (email && *email) {
        char *name = lower_dup(email);
        char *at = strchr(name, '@');
        if (at)
            *at = '\0';
        if (strlen(name) >= 4 && strstr(low, name))
            personal = true;
        free(name);
    }
    free(low);
    if (is_common)
        return N_("This password is too common. Choose one that is harder to guess.");
    if (personal)
        return N_("The password must not contain your NIP or the name part of your e-mail.");
    return NULL;
}
