/* wbs_crypto: the whistleblowing channel's keys, seals, file streams, receipts, recovery keys and
 * proof of work (the design is in wbs_crypto.h). Pure libsodium: no database, no HTTP, no log
 * line, so nothing here can leak a secret by printing it. Every secret made here is wiped before
 * returning, on the error paths too; that is why each function has one exit. */
#include "wbs_crypto.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/xmem.h"

_Static_assert(WBS_KEY_BYTES == crypto_box_PUBLICKEYBYTES, "public key size");
_Static_assert(WBS_KEY_BYTES == crypto_box_SECRETKEYBYTES, "private key size");
_Static_assert(WBS_KEY_BYTES == crypto_box_SEEDBYTES, "seed size");
_Static_assert(WBS_KEY_BYTES == crypto_secretbox_KEYBYTES, "secretbox key size");
_Static_assert(WBS_KEY_BYTES == crypto_secretstream_xchacha20poly1305_KEYBYTES, "file key size");
_Static_assert(WBS_SALT_BYTES == crypto_pwhash_argon2id_SALTBYTES, "salt size");
_Static_assert(WBS_SEAL_OVERHEAD == crypto_box_SEALBYTES, "seal overhead");
_Static_assert(WBS_SEALED_KEY_BYTES == crypto_box_SEALBYTES + WBS_KEY_BYTES, "sealed key size");
_Static_assert(WBS_WRAPPED_KEY_BYTES ==
                   crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + WBS_KEY_BYTES,
               "wrapped key size");
_Static_assert(WBS_FILE_CHUNK_OVERHEAD == crypto_secretstream_xchacha20poly1305_ABYTES,
               "chunk overhead");
_Static_assert(WBS_FILE_HEADER_BYTES == WBS_FILE_MAGIC_BYTES + 1 + WBS_SEALED_KEY_BYTES +
                                            crypto_secretstream_xchacha20poly1305_HEADERBYTES,
               "file header size");
_Static_assert(WBS_FILE_CHUNK % WBS_FILE_PAD == 0, "the padded last chunk fits a chunk");

#define FILE_MAGIC   "ZWBF"
#define FILE_VERSION 1
#define FILE_AD      (WBS_FILE_MAGIC_BYTES + 1 + WBS_SEALED_KEY_BYTES) /* bytes 0..84 */
#define TAG_MESSAGE  crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
#define TAG_FINAL    crypto_secretstream_xchacha20poly1305_TAG_FINAL

/* Crockford's base32: no I, L, O or U, so nothing reads as another symbol. */
static const char recovery_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
static const unsigned char recovery_personal[crypto_generichash_blake2b_PERSONALBYTES] = {
    'z', 'o', 'n', 'a', '.', 'w', 'b', 's', '.', 'r', 'e', 'c', 'o', 'v', 'e', 'r'};

/*---- key pairs and sealed keys -------------------------------------------------------------*/

void
wbs_keypair_new(struct wbs_keypair *kp)
{
    crypto_box_keypair(kp->pk, kp->sk);
}

void
wbs_keypair_wipe(struct wbs_keypair *kp)
{
    sodium_memzero(kp, sizeof *kp);
}

void
wbs_buf_wipe(struct buf *b)
{
    if (!b)
        return;
    if (b->p)
        sodium_memzero(b->p, b->cap);
    buf_free(b);
}

void
wbs_salt_new(unsigned char salt[WBS_SALT_BYTES])
{
    randombytes_buf(salt, WBS_SALT_BYTES);
}

/* Completes a key pair from its private half and checks it against the stored public key: a
 * sealed box or a secretbox says nothing of who made it. */
static int
keypair_from_sk(const unsigned char sk[WBS_KEY_BYTES], const unsigned char *expect_pk,
                struct wbs_keypair *out)
{
    memcpy(out->sk, sk, WBS_KEY_BYTES);
    if (crypto_scalarmult_base(out->pk, out->sk) != 0 ||
        (expect_pk && sodium_memcmp(out->pk, expect_pk, WBS_KEY_BYTES) != 0)) {
        wbs_keypair_wipe(out);
        return ZE_FORBIDDEN;
    }
    return 0;
}

int
wbs_key_seal(const struct wbs_keypair *key, const unsigned char to_pk[WBS_KEY_BYTES],
             unsigned char out[WBS_SEALED_KEY_BYTES])
{
    return crypto_box_seal(out, key->sk, WBS_KEY_BYTES, to_pk) == 0 ? 0 : ZE_INVAL;
}

int
wbs_key_open(const unsigned char sealed[WBS_SEALED_KEY_BYTES], const struct wbs_keypair *opener,
             const unsigned char *expect_pk, struct wbs_keypair *out)
{
    unsigned char sk[WBS_KEY_BYTES];
    int rc = ZE_FORBIDDEN;
    if (crypto_box_seal_open(sk, sealed, WBS_SEALED_KEY_BYTES, opener->pk, opener->sk) != 0) {
        wbs_keypair_wipe(out);
        goto out;
    }
    rc = keypair_from_sk(sk, expect_pk, out);
out:
    sodium_memzero(sk, sizeof sk);
    return rc;
}

/* A private key under a 32-byte key: a random nonce, then secretbox. */
static void
key_wrap(const struct wbs_keypair *kp, const unsigned char key[WBS_KEY_BYTES],
         unsigned char out[WBS_WRAPPED_KEY_BYTES])
{
    randombytes_buf(out, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, kp->sk, WBS_KEY_BYTES, out, key);
}

static int
key_unwrap(const unsigned char wrapped[WBS_WRAPPED_KEY_BYTES],
           const unsigned char key[WBS_KEY_BYTES], const unsigned char *expect_pk,
           struct wbs_keypair *out)
{
    unsigned char sk[WBS_KEY_BYTES];
    int rc = ZE_FORBIDDEN;
    if (crypto_secretbox_open_easy(sk, wrapped + crypto_secretbox_NONCEBYTES,
                                   WBS_WRAPPED_KEY_BYTES - crypto_secretbox_NONCEBYTES, wrapped,
                                   key) != 0) {
        wbs_keypair_wipe(out);
        goto out;
    }
    rc = keypair_from_sk(sk, expect_pk, out);
out:
    sodium_memzero(sk, sizeof sk);
    return rc;
}

/*---- sealed texts ----------------------------------------------------------------------------*/

int
wbs_seal(const unsigned char pk[WBS_KEY_BYTES], const void *text, size_t len, struct buf *out)
{
    /* boundary: WBS_SEAL_MAX bytes are sealed, one more is refused */
    if (len > WBS_SEAL_MAX)
        return ZE_LIMIT;
    size_t cap = len + WBS_SEAL_PAD, plen = 0;
    unsigned char *pt = xmalloc(cap);
    int rc = 0;
    if (len)
        memcpy(pt, text, len);
    if (sodium_pad(&plen, pt, len, WBS_SEAL_PAD, cap) != 0) {
        rc = ZE_INVAL;
        goto out;
    }
    buf_reserve(out, plen + WBS_SEAL_OVERHEAD);
    if (crypto_box_seal((unsigned char *)out->p + out->len, pt, plen, pk) != 0) {
        rc = ZE_INVAL; /* a public key of low order */
        out->p[out->len] = '\0';
        goto out;
    }
    out->len += plen + WBS_SEAL_OVERHEAD;
    out->p[out->len] = '\0';
out:
    sodium_memzero(pt, cap);
    free(pt);
    return rc;
}

int
wbs_open(const struct wbs_keypair *kp, const void *sealed, size_t len, struct buf *out)
{
    /* boundary: 48 + 256 is the shortest sealed text (an empty one) */
    if (len < WBS_SEAL_OVERHEAD + WBS_SEAL_PAD || (len - WBS_SEAL_OVERHEAD) % WBS_SEAL_PAD != 0)
        return ZE_INVAL;
    size_t plen = len - WBS_SEAL_OVERHEAD, tlen = 0;
    if (plen > (size_t)WBS_SEAL_MAX + WBS_SEAL_PAD)
        return ZE_LIMIT;
    /* straight into the caller's buffer, reserved once, so no copy of the text is left behind
     * in memory that a later realloc frees */
    buf_reserve(out, plen);
    unsigned char *dst = (unsigned char *)out->p + out->len;
    int rc = 0;
    if (crypto_box_seal_open(dst, sealed, len, kp->pk, kp->sk) != 0) {
        rc = ZE_FORBIDDEN;
    } else if (sodium_unpad(&tlen, dst, plen, WBS_SEAL_PAD) != 0) {
        rc = ZE_INVAL; /* authentic but not ours: anyone may seal to a public key */
    }
    if (rc) {
        sodium_memzero(dst, plen);
        out->p[out->len] = '\0';
        return rc;
    }
    sodium_memzero(dst + tlen, plen - tlen);
    out->len += tlen;
    out->p[out->len] = '\0';
    return 0;
}

/*---- files -----------------------------------------------------------------------------------*/

/* Reads until n bytes or the end of the file; *got says how many. */
static int
read_full(int fd, unsigned char *p, size_t n, size_t *got)
{
    size_t have = 0;
    while (have < n) {
        ssize_t r = read(fd, p + have, n - have);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return ZE_IO;
        if (r == 0)
            break;
        have += (size_t)r;
    }
    *got = have;
    return 0;
}

static int
write_full(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return ZE_IO;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int
wbs_file_encrypt(int in_fd, int out_fd, const unsigned char report_pk[WBS_KEY_BYTES],
                 uint64_t *nbytes)
{
    unsigned char key[WBS_KEY_BYTES], hdr[WBS_FILE_HEADER_BYTES];
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char *pt = xmalloc(WBS_FILE_CHUNK);
    unsigned char *ct = xmalloc(WBS_FILE_CHUNK + WBS_FILE_CHUNK_OVERHEAD);
    uint64_t total = 0;
    int rc = 0;

    crypto_secretstream_xchacha20poly1305_keygen(key);
    memcpy(hdr, FILE_MAGIC, WBS_FILE_MAGIC_BYTES);
    hdr[WBS_FILE_MAGIC_BYTES] = FILE_VERSION;
    if (crypto_box_seal(hdr + WBS_FILE_MAGIC_BYTES + 1, key, sizeof key, report_pk) != 0) {
        rc = ZE_INVAL;
        goto out;
    }
    crypto_secretstream_xchacha20poly1305_init_push(&st, hdr + FILE_AD, key);
    if ((rc = write_full(out_fd, hdr, sizeof hdr)) != 0)
        goto out;
    for (bool first = true;; first = false) {
        size_t got = 0, plen;
        unsigned long long clen = 0;
        unsigned char tag = TAG_MESSAGE;
        if ((rc = read_full(in_fd, pt, WBS_FILE_CHUNK, &got)) != 0)
            goto out;
        total += got;
        plen = got;
        /* boundary: a full chunk is never the last one, since padding takes at least a byte */
        if (got < WBS_FILE_CHUNK) {
            if (sodium_pad(&plen, pt, got, WBS_FILE_PAD, WBS_FILE_CHUNK) != 0) {
                rc = ZE_INVAL;
                goto out;
            }
            tag = TAG_FINAL;
        }
        crypto_secretstream_xchacha20poly1305_push(&st, ct, &clen, pt, plen, first ? hdr : NULL,
                                                   first ? FILE_AD : 0, tag);
        if ((rc = write_full(out_fd, ct, (size_t)clen)) != 0)
            goto out;
        if (tag == TAG_FINAL)
            break;
    }
    if (nbytes)
        *nbytes = total;
out:
    sodium_memzero(key, sizeof key);
    sodium_memzero(&st, sizeof st);
    sodium_memzero(pt, WBS_FILE_CHUNK);
    free(pt);
    free(ct);
    return rc;
}

int
wbs_file_decrypt(int in_fd, int out_fd, const struct wbs_keypair *report, uint64_t *nbytes)
{
    unsigned char key[WBS_KEY_BYTES], hdr[WBS_FILE_HEADER_BYTES];
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char *pt = xmalloc(WBS_FILE_CHUNK);
    unsigned char *ct = xmalloc(WBS_FILE_CHUNK + WBS_FILE_CHUNK_OVERHEAD);
    uint64_t total = 0;
    size_t got = 0;
    int rc = 0;

    sodium_memzero(&st, sizeof st);
    if ((rc = read_full(in_fd, hdr, sizeof hdr, &got)) != 0)
        goto out;
    if (got != sizeof hdr || memcmp(hdr, FILE_MAGIC, WBS_FILE_MAGIC_BYTES) != 0 ||
        hdr[WBS_FILE_MAGIC_BYTES] != FILE_VERSION) {
        rc = ZE_INVAL;
        goto out;
    }
    if (crypto_box_seal_open(key, hdr + WBS_FILE_MAGIC_BYTES + 1, WBS_SEALED_KEY_BYTES, report->pk,
                             report->sk) != 0) {
        rc = ZE_FORBIDDEN;
        goto out;
    }
    if (crypto_secretstream_xchacha20poly1305_init_pull(&st, hdr + FILE_AD, key) != 0) {
        rc = ZE_INVAL;
        goto out;
    }
    for (bool first = true;; first = false) {
        unsigned long long mlen = 0;
        unsigned char tag = 0;
        size_t ulen = 0;
        if ((rc = read_full(in_fd, ct, WBS_FILE_CHUNK + WBS_FILE_CHUNK_OVERHEAD, &got)) != 0)
            goto out;
        /* boundary: the stream ends (got == 0) before a FINAL chunk, or a chunk is cut short;
         * a chunk is full, or a last one of whole padding blocks */
        if (got <= WBS_FILE_CHUNK_OVERHEAD ||
            (got != WBS_FILE_CHUNK + WBS_FILE_CHUNK_OVERHEAD &&
             (got - WBS_FILE_CHUNK_OVERHEAD) % WBS_FILE_PAD != 0)) {
            rc = ZE_INVAL;
            goto out;
        }
        if (crypto_secretstream_xchacha20poly1305_pull(
                &st, pt, &mlen, &tag, ct, got, first ? hdr : NULL, first ? FILE_AD : 0) != 0) {
            rc = ZE_FORBIDDEN; /* tampered, or a chunk dropped, repeated or moved */
            goto out;
        }
        if (tag == TAG_MESSAGE && mlen == WBS_FILE_CHUNK) {
            if ((rc = write_full(out_fd, pt, WBS_FILE_CHUNK)) != 0)
                goto out;
            total += WBS_FILE_CHUNK;
            continue;
        }
        if (tag != TAG_FINAL || sodium_unpad(&ulen, pt, (size_t)mlen, WBS_FILE_PAD) != 0) {
            rc = ZE_INVAL;
            goto out;
        }
        /* nothing may follow the FINAL chunk */
        if ((rc = read_full(in_fd, ct, 1, &got)) != 0)
            goto out;
        if (got != 0) {
            rc = ZE_INVAL;
            goto out;
        }
        if ((rc = write_full(out_fd, pt, ulen)) != 0)
            goto out;
        total += ulen;
        break;
    }
    if (nbytes)
        *nbytes = total;
out:
    sodium_memzero(key, sizeof key);
    sodium_memzero(&st, sizeof st);
    sodium_memzero(pt, WBS_FILE_CHUNK);
    free(pt);
    free(ct);
    return rc;
}

/*---- Argon2id --------------------------------------------------------------------------------*/

static sem_t kdf_slots;
static pthread_once_t kdf_once = PTHREAD_ONCE_INIT;

static void
kdf_init(void)
{
    sem_init(&kdf_slots, 0, WBS_KDF_AT_ONCE);
}

int
wbs_kdf_named(const char *name, struct wbs_kdf *out)
{
    if (!name)
        return ZE_INVAL;
    if (strcmp(name, "interactive") == 0)
        *out = WBS_KDF_INTERACTIVE;
    else if (strcmp(name, "moderate") == 0)
        *out = WBS_KDF_MODERATE;
    else if (strcmp(name, "min") == 0)
        *out = WBS_KDF_MIN;
    else
        return ZE_INVAL;
    return 0;
}

/* Argon2id into out, at most WBS_KDF_AT_ONCE at a time: each holds memlimit bytes. */
static int
kdf_derive(unsigned char *out, size_t outlen, const char *pw, size_t pwlen,
           const unsigned char salt[WBS_SALT_BYTES], struct wbs_kdf kdf)
{
    if (kdf.opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
        kdf.opslimit > crypto_pwhash_argon2id_OPSLIMIT_MAX ||
        kdf.memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
        kdf.memlimit > crypto_pwhash_argon2id_MEMLIMIT_MAX)
        return ZE_INVAL;
    pthread_once(&kdf_once, kdf_init);
    while (sem_wait(&kdf_slots) != 0 && errno == EINTR)
        ;
    int rc = crypto_pwhash(out, outlen, pw, pwlen, salt, kdf.opslimit, kdf.memlimit,
                           crypto_pwhash_ALG_ARGON2ID13);
    sem_post(&kdf_slots);
    return rc == 0 ? 0 : ZE_NOMEM;
}

/*---- receipts --------------------------------------------------------------------------------*/

static bool
receipt_ok(const char *r)
{
    if (!r)
        return false;
    for (size_t i = 0; i < WBS_RECEIPT_DIGITS; i++)
        if (r[i] < '0' || r[i] > '9')
            return false;
    return r[WBS_RECEIPT_DIGITS] == '\0';
}

void
wbs_receipt_new(char out[WBS_RECEIPT_DIGITS + 1])
{
    for (size_t i = 0; i < WBS_RECEIPT_DIGITS; i++)
        out[i] = (char)('0' + randombytes_uniform(10));
    out[WBS_RECEIPT_DIGITS] = '\0';
}

int
wbs_receipt_normalise(const char *typed, char out[WBS_RECEIPT_DIGITS + 1])
{
    size_t n = 0;
    int rc = 0;
    if (!typed)
        return ZE_INVAL;
    for (const char *c = typed; *c; c++) {
        if (*c == ' ' || *c == '-' || *c == '\t')
            continue;
        /* boundary: a 17th digit is refused */
        if (*c < '0' || *c > '9' || n == WBS_RECEIPT_DIGITS) {
            rc = ZE_INVAL;
            break;
        }
        out[n++] = *c;
    }
    if (rc == 0 && n != WBS_RECEIPT_DIGITS)
        rc = ZE_INVAL;
    if (rc)
        sodium_memzero(out, WBS_RECEIPT_DIGITS + 1);
    else
        out[n] = '\0';
    return rc;
}

int
wbs_receipt_keypair(const char *receipt, const unsigned char salt[WBS_SALT_BYTES],
                    struct wbs_kdf kdf, struct wbs_keypair *out)
{
    unsigned char seed[crypto_box_SEEDBYTES];
    int rc = ZE_INVAL;
    if (!receipt_ok(receipt))
        goto out;
    if ((rc = kdf_derive(seed, sizeof seed, receipt, WBS_RECEIPT_DIGITS, salt, kdf)) != 0)
        goto out;
    crypto_box_seed_keypair(out->pk, out->sk, seed);
out:
    if (rc)
        wbs_keypair_wipe(out);
    sodium_memzero(seed, sizeof seed);
    return rc;
}

int
wbs_receipt_lookup(const char *receipt, const unsigned char secret[WBS_KEY_BYTES],
                   char out[WBS_LOOKUP_HEX])
{
    unsigned char h[32];
    if (!receipt_ok(receipt))
        return ZE_INVAL;
    crypto_generichash(h, sizeof h, (const unsigned char *)receipt, WBS_RECEIPT_DIGITS, secret,
                       WBS_KEY_BYTES);
    sodium_bin2hex(out, WBS_LOOKUP_HEX, h, sizeof h);
    sodium_memzero(h, sizeof h);
    return 0;
}

/*---- officers: password and recovery key -----------------------------------------------------*/

static int
password_key(const char *password, size_t pwlen, const unsigned char salt[WBS_SALT_BYTES],
             struct wbs_kdf kdf, unsigned char key[WBS_KEY_BYTES])
{
    /* boundary: WBS_PASSWORD_MAX bytes are accepted, one more is refused */
    if (!password || pwlen > WBS_PASSWORD_MAX)
        return ZE_INVAL;
    return kdf_derive(key, WBS_KEY_BYTES, password, pwlen, salt, kdf);
}

int
wbs_officer_wrap_password(const struct wbs_keypair *kp, const char *password, size_t pwlen,
                          const unsigned char salt[WBS_SALT_BYTES], struct wbs_kdf kdf,
                          unsigned char out[WBS_WRAPPED_KEY_BYTES])
{
    unsigned char key[WBS_KEY_BYTES];
    int rc = password_key(password, pwlen, salt, kdf, key);
    if (rc == 0)
        key_wrap(kp, key, out);
    sodium_memzero(key, sizeof key);
    return rc;
}

int
wbs_officer_unwrap_password(const unsigned char wrapped[WBS_WRAPPED_KEY_BYTES],
                            const char *password, size_t pwlen,
                            const unsigned char salt[WBS_SALT_BYTES], struct wbs_kdf kdf,
                            const unsigned char *expect_pk, struct wbs_keypair *out)
{
    unsigned char key[WBS_KEY_BYTES];
    int rc = password_key(password, pwlen, salt, kdf, key);
    if (rc == 0)
        rc = key_unwrap(wrapped, key, expect_pk, out);
    else
        wbs_keypair_wipe(out);
    sodium_memzero(key, sizeof key);
    return rc;
}

/* Doubling in GF(32) modulo x^5 + x^2 + 1. */
static unsigned
gf32_double(unsigned v)
{
    v <<= 1;
    return (v & 0x20) ? v ^ 0x25 : v;
}

/* Damm's check over the quasigroup x*y = 2x XOR y, which is totally anti-symmetric since
 * 2 XOR 1 = 3 is not zero: a sequence with its check symbol folds to 0. */
static unsigned
damm_fold(const unsigned char *v, size_t n)
{
    unsigned r = 0;
    for (size_t i = 0; i < n; i++)
        r = gf32_double(r) ^ v[i];
    return r;
}

static int
recovery_symbol(char c)
{
    if (c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 'A');
    if (c == 'O')
        c = '0';
    else if (c == 'I' || c == 'L')
        c = '1';
    const char *p = c ? strchr(recovery_alphabet, c) : NULL;
    return p ? (int)(p - recovery_alphabet) : -1;
}

static void
recovery_derive(const unsigned char v[WBS_RECOVERY_CHARS - 1], unsigned char key[WBS_KEY_BYTES])
{
    crypto_generichash_blake2b_salt_personal(key, WBS_KEY_BYTES, v, WBS_RECOVERY_CHARS - 1, NULL, 0,
                                             NULL, recovery_personal);
}

void
wbs_recovery_new(char text[WBS_RECOVERY_TEXT])
{
    unsigned char v[WBS_RECOVERY_CHARS];
    size_t n = 0;
    for (size_t i = 0; i < WBS_RECOVERY_CHARS - 1; i++)
        v[i] = (unsigned char)randombytes_uniform(32);
    v[WBS_RECOVERY_CHARS - 1] = (unsigned char)gf32_double(damm_fold(v, WBS_RECOVERY_CHARS - 1));
    for (size_t i = 0; i < WBS_RECOVERY_CHARS; i++) {
        if (i && i % 4 == 0)
            text[n++] = '-';
        text[n++] = recovery_alphabet[v[i]];
    }
    text[n] = '\0';
    sodium_memzero(v, sizeof v);
}

int
wbs_recovery_key(const char *typed, unsigned char key[WBS_KEY_BYTES])
{
    unsigned char v[WBS_RECOVERY_CHARS];
    size_t n = 0;
    int rc = 0;
    if (!typed)
        return ZE_INVAL;
    for (const char *c = typed; *c; c++) {
        if (*c == ' ' || *c == '-' || *c == '\t' || *c == '\n' || *c == '\r')
            continue;
        int s = recovery_symbol(*c);
        /* boundary: a 33rd symbol is refused */
        if (s < 0 || n == WBS_RECOVERY_CHARS) {
            rc = ZE_INVAL;
            goto out;
        }
        v[n++] = (unsigned char)s;
    }
    if (n != WBS_RECOVERY_CHARS || damm_fold(v, n) != 0) {
        rc = ZE_INVAL;
        goto out;
    }
    recovery_derive(v, key);
out:
    sodium_memzero(v, sizeof v);
    return rc;
}

int
wbs_officer_wrap_recovery(const struct wbs_keypair *kp, const char *recovery,
                          unsigned char out[WBS_WRAPPED_KEY_BYTES])
{
    unsigned char key[WBS_KEY_BYTES];
    int rc = wbs_recovery_key(recovery, key);
    if (rc == 0)
        key_wrap(kp, key, out);
    sodium_memzero(key, sizeof key);
    return rc;
}

int
wbs_officer_unwrap_recovery(const unsigned char wrapped[WBS_WRAPPED_KEY_BYTES],
                            const char *recovery, const unsigned char *expect_pk,
                            struct wbs_keypair *out)
{
    unsigned char key[WBS_KEY_BYTES];
    int rc = wbs_recovery_key(recovery, key);
    if (rc == 0)
        rc = key_unwrap(wrapped, key, expect_pk, out);
    else
        wbs_keypair_wipe(out);
    sodium_memzero(key, sizeof key);
    return rc;
}

/*---- the reporter's identity -----------------------------------------------------------------*/

int
wbs_identity_seal(const unsigned char custodian_pk[WBS_KEY_BYTES], const void *identity, size_t len,
                  struct buf *out)
{
    return wbs_seal(custodian_pk, identity, len, out);
}

int
wbs_identity_reseal(const void *sealed, size_t len, const struct wbs_keypair *custodian,
                    const unsigned char officer_pk[WBS_KEY_BYTES], struct buf *out)
{
    struct buf pt = BUF_INIT;
    int rc = wbs_open(custodian, sealed, len, &pt);
    if (rc == 0)
        rc = wbs_seal(officer_pk, pt.p, pt.len, out);
    wbs_buf_wipe(&pt);
    return rc;
}

/*---- proof of work ---------------------------------------------------------------------------*/

void
wbs_pow_challenge_new(char out[WBS_POW_CHALLENGE_HEX])
{
    unsigned char c[WBS_POW_CHALLENGE_BYTES];
    randombytes_buf(c, sizeof c);
    sodium_bin2hex(out, WBS_POW_CHALLENGE_HEX, c, sizeof c);
}

static int
pow_challenge(const char *hex, unsigned bits, unsigned char out[WBS_POW_CHALLENGE_BYTES])
{
    size_t n = 0;
    if (bits > WBS_POW_BITS_MAX || !hex || strlen(hex) != (size_t)2 * WBS_POW_CHALLENGE_BYTES)
        return ZE_INVAL;
    if (sodium_hex2bin(out, WBS_POW_CHALLENGE_BYTES, hex, (size_t)2 * WBS_POW_CHALLENGE_BYTES, NULL,
                       &n, NULL) != 0 ||
        n != WBS_POW_CHALLENGE_BYTES)
        return ZE_INVAL;
    return 0;
}

static bool
pow_met(const unsigned char challenge[WBS_POW_CHALLENGE_BYTES], uint64_t nonce, unsigned bits)
{
    unsigned char m[WBS_POW_CHALLENGE_BYTES + 8], h[32];
    memcpy(m, challenge, WBS_POW_CHALLENGE_BYTES);
    for (size_t i = 0; i < 8; i++)
        m[WBS_POW_CHALLENGE_BYTES + i] = (unsigned char)(nonce >> (8 * i));
    crypto_generichash(h, sizeof h, m, sizeof m, NULL, 0);
    unsigned whole = bits / 8, rest = bits % 8;
    for (unsigned i = 0; i < whole; i++)
        if (h[i] != 0)
            return false;
    return rest == 0 || (h[whole] >> (8 - rest)) == 0;
}

int
wbs_pow_check(const char *challenge, uint64_t nonce, unsigned bits)
{
    unsigned char c[WBS_POW_CHALLENGE_BYTES];
    /* boundary: 0 bits is the setting that turns the proof of work off */
    if (bits == 0)
        return 0;
    int rc = pow_challenge(challenge, bits, c);
    if (rc)
        return rc;
    return pow_met(c, nonce, bits) ? 0 : ZE_FORBIDDEN;
}

int
wbs_pow_solve(const char *challenge, unsigned bits, uint64_t *nonce)
{
    unsigned char c[WBS_POW_CHALLENGE_BYTES];
    int rc = pow_challenge(challenge, bits, c);
    if (rc)
        return rc;
    uint64_t n = 0;
    while (!pow_met(c, n, bits))
        n++;
    *nonce = n;
    return 0;
}
