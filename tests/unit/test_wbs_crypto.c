/* wbs_crypto: every round trip of the whistleblowing channel's cryptography, and every refusal
 * that matters: a wrong key, a tampered, truncated or reordered ciphertext or file stream, a
 * substituted key, a typo in a recovery key, a wrong proof-of-work nonce, an officer reading an
 * identity the custodian has not re-sealed. Argon2id runs at WBS_KDF_MIN so the test is fast. */
#include <sys/mman.h>

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include "core/buf.h"
#include "core/err.h"
#include "wbs/wbs_crypto.h"

#define KDF WBS_KDF_MIN

static int
setup(void **state)
{
    (void)state;
    return sodium_init() < 0 ? -1 : 0;
}

/* A memory file holding p[0..n), positioned at its start. */
static int
mem_fd(const void *p, size_t n)
{
    int fd = memfd_create("wbs", 0);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, p, n), (ssize_t)n);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    return fd;
}

/* The whole content of fd into b (reset first). */
static void
fd_slurp(int fd, struct buf *b)
{
    char chunk[8192];
    ssize_t r;
    buf_reset(b);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    while ((r = read(fd, chunk, sizeof chunk)) > 0)
        buf_append(b, chunk, (size_t)r);
    assert_int_equal(r, 0);
}

static void
pattern(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)((i * 131u + seed) ^ (i >> 8));
}

/*---- sealed texts ----------------------------------------------------------------------------*/

static void
seal_open_round_trips_and_pads(void **state)
{
    (void)state;
    struct wbs_keypair report;
    wbs_keypair_new(&report);
    static const size_t sizes[] = {0, 1, 207, 255, 256, 257, 1000, 70000};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t n = sizes[i];
        unsigned char *text = malloc(n + 1);
        pattern(text, n, (unsigned)i);
        struct buf ct = BUF_INIT, pt = BUF_INIT;
        assert_int_equal(wbs_seal(report.pk, n ? text : NULL, n, &ct), 0);
        /* the length says only which 256-byte bucket the text is in */
        assert_int_equal(ct.len, WBS_SEAL_OVERHEAD + (n / WBS_SEAL_PAD + 1) * WBS_SEAL_PAD);
        assert_int_equal(wbs_open(&report, ct.p, ct.len, &pt), 0);
        assert_int_equal(pt.len, n);
        assert_memory_equal(pt.p, text, n);
        assert_int_equal(pt.p[pt.len], '\0');
        buf_free(&ct);
        wbs_buf_wipe(&pt);
        assert_null(pt.p);
        free(text);
    }
    /* opening appends to what the buffer already holds */
    struct buf ct = BUF_INIT, pt = BUF_INIT;
    buf_puts(&pt, "narasi: ");
    assert_int_equal(wbs_seal(report.pk, "uang pelicin", 12, &ct), 0);
    assert_int_equal(wbs_open(&report, ct.p, ct.len, &pt), 0);
    assert_string_equal(pt.p, "narasi: uang pelicin");
    buf_free(&ct);
    wbs_buf_wipe(&pt);
    /* boundary: one byte over the limit is refused before anything is read */
    assert_int_equal(wbs_seal(report.pk, "", (size_t)WBS_SEAL_MAX + 1, &ct), ZE_LIMIT);
    assert_int_equal(ct.len, 0);
    wbs_keypair_wipe(&report);
}

static void
open_refuses_wrong_key_tampering_and_truncation(void **state)
{
    (void)state;
    struct wbs_keypair report, other;
    wbs_keypair_new(&report);
    wbs_keypair_new(&other);
    struct buf ct = BUF_INIT, pt = BUF_INIT;
    const char *text = "Kepala seksi meminta Rp5.000.000 untuk izin.";
    assert_int_equal(wbs_seal(report.pk, text, strlen(text), &ct), 0);

    assert_int_equal(wbs_open(&other, ct.p, ct.len, &pt), ZE_FORBIDDEN);
    assert_int_equal(pt.len, 0);
    for (size_t i = 0; i < ct.len; i += 7) {
        ct.p[i] ^= 0x01;
        assert_int_equal(wbs_open(&report, ct.p, ct.len, &pt), ZE_FORBIDDEN);
        ct.p[i] ^= 0x01;
    }
    assert_int_equal(wbs_open(&report, ct.p, ct.len - 1, &pt), ZE_INVAL);
    assert_int_equal(wbs_open(&report, ct.p, ct.len - WBS_SEAL_PAD, &pt), ZE_INVAL);
    assert_int_equal(wbs_open(&report, ct.p, WBS_SEAL_OVERHEAD, &pt), ZE_INVAL);
    assert_int_equal(pt.len, 0);
    assert_int_equal(wbs_open(&report, ct.p, ct.len, &pt), 0);
    assert_string_equal(pt.p, text);

    /* authentic but not made by wbs_seal (no padding): anyone can seal to a public key */
    unsigned char zeros[WBS_SEAL_PAD] = {0}, raw[WBS_SEAL_OVERHEAD + WBS_SEAL_PAD];
    assert_int_equal(crypto_box_seal(raw, zeros, sizeof zeros, report.pk), 0);
    buf_reset(&pt);
    assert_int_equal(wbs_open(&report, raw, sizeof raw, &pt), ZE_INVAL);
    assert_int_equal(pt.len, 0);

    buf_free(&ct);
    wbs_buf_wipe(&pt);
    wbs_keypair_wipe(&report);
    wbs_keypair_wipe(&other);
}

/*---- sealed keys: the report key to officers and to the receipt ----------------------------*/

static void
report_key_opens_for_each_officer_and_the_receipt(void **state)
{
    (void)state;
    struct wbs_keypair report, officer1, officer2, outsider, receipt_kp, got;
    unsigned char salt[WBS_SALT_BYTES];
    char receipt[WBS_RECEIPT_DIGITS + 1];
    unsigned char to1[WBS_SEALED_KEY_BYTES], to2[WBS_SEALED_KEY_BYTES],
        to_receipt[WBS_SEALED_KEY_BYTES];
    wbs_keypair_new(&report);
    wbs_keypair_new(&officer1);
    wbs_keypair_new(&officer2);
    wbs_keypair_new(&outsider);
    wbs_salt_new(salt);
    wbs_receipt_new(receipt);
    assert_int_equal(wbs_receipt_keypair(receipt, salt, KDF, &receipt_kp), 0);
    assert_int_equal(wbs_key_seal(&report, officer1.pk, to1), 0);
    assert_int_equal(wbs_key_seal(&report, officer2.pk, to2), 0);
    assert_int_equal(wbs_key_seal(&report, receipt_kp.pk, to_receipt), 0);
    wbs_keypair_wipe(&receipt_kp);

    struct buf ct = BUF_INIT, pt = BUF_INIT;
    assert_int_equal(wbs_seal(report.pk, "apa: pungli", 11, &ct), 0);

    assert_int_equal(wbs_key_open(to1, &officer1, report.pk, &got), 0);
    assert_memory_equal(got.sk, report.sk, WBS_KEY_BYTES);
    assert_memory_equal(got.pk, report.pk, WBS_KEY_BYTES);
    assert_int_equal(wbs_key_open(to2, &officer2, report.pk, &got), 0);
    assert_int_equal(wbs_open(&got, ct.p, ct.len, &pt), 0);
    assert_string_equal(pt.p, "apa: pungli");

    /* the reporter comes back with the receipt alone, typed their own way */
    char typed[40], norm[WBS_RECEIPT_DIGITS + 1];
    snprintf(typed, sizeof typed, "%.4s %.4s-%.4s %.4s", receipt, receipt + 4, receipt + 8,
             receipt + 12);
    assert_int_equal(wbs_receipt_normalise(typed, norm), 0);
    assert_string_equal(norm, receipt);
    assert_int_equal(wbs_receipt_keypair(norm, salt, KDF, &receipt_kp), 0);
    assert_int_equal(wbs_key_open(to_receipt, &receipt_kp, report.pk, &got), 0);
    buf_reset(&pt);
    assert_int_equal(wbs_open(&got, ct.p, ct.len, &pt), 0);
    assert_string_equal(pt.p, "apa: pungli");

    /* wrong opener, tampering: refused, and nothing is left in *got */
    assert_int_equal(wbs_key_open(to1, &officer2, report.pk, &got), ZE_FORBIDDEN);
    assert_true(sodium_is_zero(got.sk, WBS_KEY_BYTES));
    assert_int_equal(wbs_key_open(to1, &outsider, NULL, &got), ZE_FORBIDDEN);
    to1[40] ^= 0x80;
    assert_int_equal(wbs_key_open(to1, &officer1, report.pk, &got), ZE_FORBIDDEN);
    to1[40] ^= 0x80;

    /* someone who can write the database seals a key of their own to officer 1: it opens, but
     * its public key is not the report's, so the check refuses it */
    unsigned char forged[WBS_SEALED_KEY_BYTES];
    assert_int_equal(wbs_key_seal(&outsider, officer1.pk, forged), 0);
    assert_int_equal(wbs_key_open(forged, &officer1, NULL, &got), 0);
    assert_int_equal(wbs_key_open(forged, &officer1, report.pk, &got), ZE_FORBIDDEN);
    assert_true(sodium_is_zero(got.sk, WBS_KEY_BYTES));

    /* a low-order public key is refused rather than sealed to */
    unsigned char bad_pk[WBS_KEY_BYTES] = {0};
    assert_int_equal(wbs_key_seal(&report, bad_pk, forged), ZE_INVAL);

    buf_free(&ct);
    wbs_buf_wipe(&pt);
    wbs_keypair_wipe(&got);
    wbs_keypair_wipe(&receipt_kp);
    wbs_keypair_wipe(&report);
    wbs_keypair_wipe(&officer1);
    wbs_keypair_wipe(&officer2);
    wbs_keypair_wipe(&outsider);
}

/*---- files -----------------------------------------------------------------------------------*/

/* Encrypts n bytes of pattern to report's key; returns the ciphertext in ct. */
static void
encrypt_pattern(const struct wbs_keypair *report, size_t n, struct buf *ct)
{
    unsigned char *data = malloc(n + 1);
    pattern(data, n, 7);
    int in = mem_fd(data, n), out = memfd_create("ct", 0);
    uint64_t nb = 0;
    assert_int_equal(wbs_file_encrypt(in, out, report->pk, &nb), 0);
    assert_int_equal(nb, n);
    fd_slurp(out, ct);
    close(in);
    close(out);
    free(data);
}

/* Decrypts ct[0..n) with report; the plaintext goes to pt when given. */
static int
decrypt_bytes(const struct wbs_keypair *report, const void *ct, size_t n, struct buf *pt,
              uint64_t *nb)
{
    int in = mem_fd(ct, n), out = memfd_create("pt", 0);
    int rc = wbs_file_decrypt(in, out, report, nb);
    if (pt)
        fd_slurp(out, pt);
    close(in);
    close(out);
    return rc;
}

static size_t
chunk_on_disk(size_t plain)
{
    return plain + WBS_FILE_CHUNK_OVERHEAD;
}

static void
file_round_trips_at_every_boundary(void **state)
{
    (void)state;
    struct wbs_keypair report;
    wbs_keypair_new(&report);
    static const size_t sizes[] = {0,
                                   1,
                                   WBS_FILE_PAD - 1,
                                   WBS_FILE_PAD,
                                   WBS_FILE_CHUNK - 1,
                                   WBS_FILE_CHUNK,
                                   WBS_FILE_CHUNK + 1,
                                   3 * WBS_FILE_CHUNK + 12345};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t n = sizes[i], full = n / WBS_FILE_CHUNK, rest = n % WBS_FILE_CHUNK;
        struct buf ct = BUF_INIT, pt = BUF_INIT;
        encrypt_pattern(&report, n, &ct);
        /* full chunks, then a last one padded to whole 4 KiB blocks (at least one byte) */
        size_t last = (rest / WBS_FILE_PAD + 1) * WBS_FILE_PAD;
        assert_int_equal(ct.len, WBS_FILE_HEADER_BYTES + full * chunk_on_disk(WBS_FILE_CHUNK) +
                                     chunk_on_disk(last));
        assert_memory_equal(ct.p, "ZWBF\x01", 5);
        uint64_t nb = 0;
        assert_int_equal(decrypt_bytes(&report, ct.p, ct.len, &pt, &nb), 0);
        assert_int_equal(nb, n);
        assert_int_equal(pt.len, n);
        unsigned char *want = malloc(n + 1);
        pattern(want, n, 7);
        assert_memory_equal(pt.p ? pt.p : "", want, n);
        free(want);
        buf_free(&ct);
        wbs_buf_wipe(&pt);
    }
    wbs_keypair_wipe(&report);
}

static void
file_refuses_wrong_key_tampering_reordering_and_truncation(void **state)
{
    (void)state;
    struct wbs_keypair report, other;
    wbs_keypair_new(&report);
    wbs_keypair_new(&other);
    struct buf ct = BUF_INIT, bad = BUF_INIT;
    /* three full chunks and a last one */
    encrypt_pattern(&report, 3 * WBS_FILE_CHUNK + 100, &ct);
    const size_t H = WBS_FILE_HEADER_BYTES, C = chunk_on_disk(WBS_FILE_CHUNK);
    assert_int_equal(decrypt_bytes(&report, ct.p, ct.len, NULL, NULL), 0);

    assert_int_equal(decrypt_bytes(&other, ct.p, ct.len, NULL, NULL), ZE_FORBIDDEN);

    /* a flipped bit anywhere: the magic and version are formats, the rest authentication */
    static const struct {
        size_t at;
        int rc;
    } flips[] = {{0, ZE_INVAL},
                 {4, ZE_INVAL},
                 {5, ZE_FORBIDDEN},
                 {84, ZE_FORBIDDEN},
                 {85, ZE_FORBIDDEN},
                 {108, ZE_FORBIDDEN},
                 {109, ZE_FORBIDDEN},
                 {109 + 65552, ZE_FORBIDDEN},
                 {109 + 2 * 65553 + 99, ZE_FORBIDDEN}};
    for (size_t i = 0; i < sizeof flips / sizeof flips[0]; i++) {
        buf_reset(&bad);
        buf_append(&bad, ct.p, ct.len);
        bad.p[flips[i].at] ^= 0x04;
        assert_int_equal(decrypt_bytes(&report, bad.p, bad.len, NULL, NULL), flips[i].rc);
    }
    /* the last byte of the FINAL chunk */
    buf_reset(&bad);
    buf_append(&bad, ct.p, ct.len);
    bad.p[bad.len - 1] ^= 0x04;
    assert_int_equal(decrypt_bytes(&report, bad.p, bad.len, NULL, NULL), ZE_FORBIDDEN);

    /* chunks 1 and 2 swapped */
    buf_reset(&bad);
    buf_append(&bad, ct.p, H + C);
    buf_append(&bad, ct.p + H + 2 * C, C);
    buf_append(&bad, ct.p + H + C, C);
    buf_append(&bad, ct.p + H + 3 * C, ct.len - H - 3 * C);
    assert_int_equal(bad.len, ct.len);
    assert_int_equal(decrypt_bytes(&report, bad.p, bad.len, NULL, NULL), ZE_FORBIDDEN);

    /* chunk 1 dropped */
    buf_reset(&bad);
    buf_append(&bad, ct.p, H + C);
    buf_append(&bad, ct.p + H + 2 * C, ct.len - H - 2 * C);
    assert_int_equal(decrypt_bytes(&report, bad.p, bad.len, NULL, NULL), ZE_FORBIDDEN);

    /* chunk 0 repeated in place of chunk 1 */
    buf_reset(&bad);
    buf_append(&bad, ct.p, H + C);
    buf_append(&bad, ct.p + H, C);
    buf_append(&bad, ct.p + H + 2 * C, ct.len - H - 2 * C);
    assert_int_equal(decrypt_bytes(&report, bad.p, bad.len, NULL, NULL), ZE_FORBIDDEN);

    /* the header of another file with this file's chunks */
    struct buf ct2 = BUF_INIT;
    encrypt_pattern(&report, 3 * WBS_FILE_CHUNK + 100, &ct2);
    buf_reset(&bad);
    buf_append(&bad, ct2.p, H);
    buf_append(&bad, ct.p + H, ct.len - H);
    assert_int_equal(decrypt_bytes(&report, bad.p, bad.len, NULL, NULL), ZE_FORBIDDEN);
    buf_free(&ct2);

    /* boundary: truncated at a chunk boundary (no FINAL chunk), inside a chunk, inside the
     * header, to nothing; and data after the FINAL chunk */
    assert_int_equal(decrypt_bytes(&report, ct.p, H + 3 * C, NULL, NULL), ZE_INVAL);
    assert_int_equal(decrypt_bytes(&report, ct.p, H + C, NULL, NULL), ZE_INVAL);
    assert_int_equal(decrypt_bytes(&report, ct.p, H, NULL, NULL), ZE_INVAL);
    assert_int_equal(decrypt_bytes(&report, ct.p, ct.len - 1, NULL, NULL), ZE_INVAL);
    assert_int_equal(decrypt_bytes(&report, ct.p, H + C + 1000, NULL, NULL), ZE_INVAL);
    assert_int_equal(decrypt_bytes(&report, ct.p, H - 1, NULL, NULL), ZE_INVAL);
    assert_int_equal(decrypt_bytes(&report, ct.p, 0, NULL, NULL), ZE_INVAL);
    buf_reset(&bad);
    buf_append(&bad, ct.p, ct.len);
    buf_putc(&bad, 'x');
    assert_int_equal(decrypt_bytes(&report, bad.p, bad.len, NULL, NULL), ZE_INVAL);
    /* the FINAL chunk twice */
    buf_reset(&bad);
    buf_append(&bad, ct.p, ct.len);
    buf_append(&bad, ct.p + H + 3 * C, ct.len - H - 3 * C);
    assert_int_equal(decrypt_bytes(&report, bad.p, bad.len, NULL, NULL), ZE_INVAL);

    /* boundary: a FINAL chunk of full size (65535 bytes padded to 65536) and a byte after it,
     * so the chunk reads whole and the extra byte is found by the read after it */
    struct buf ct3 = BUF_INIT;
    encrypt_pattern(&report, WBS_FILE_CHUNK - 1, &ct3);
    assert_int_equal(ct3.len, H + C);
    assert_int_equal(decrypt_bytes(&report, ct3.p, ct3.len, NULL, NULL), 0);
    buf_putc(&ct3, 'x');
    assert_int_equal(decrypt_bytes(&report, ct3.p, ct3.len, NULL, NULL), ZE_INVAL);
    buf_free(&ct3);

    /* a descriptor that cannot be written or read */
    int in = mem_fd(ct.p, ct.len);
    assert_int_equal(wbs_file_decrypt(in, -1, &report, NULL), ZE_IO);
    assert_int_equal(wbs_file_decrypt(-1, in, &report, NULL), ZE_IO);
    assert_int_equal(wbs_file_encrypt(-1, in, report.pk, NULL), ZE_IO);
    assert_int_equal(lseek(in, 0, SEEK_SET), 0);
    assert_int_equal(wbs_file_encrypt(in, -1, report.pk, NULL), ZE_IO);
    close(in);

    buf_free(&ct);
    buf_free(&bad);
    wbs_keypair_wipe(&report);
    wbs_keypair_wipe(&other);
}

/*---- receipts --------------------------------------------------------------------------------*/

static void
receipts_are_sixteen_random_digits(void **state)
{
    (void)state;
    char a[WBS_RECEIPT_DIGITS + 1], b[WBS_RECEIPT_DIGITS + 1], out[WBS_RECEIPT_DIGITS + 1];
    unsigned seen[10] = {0};
    for (int k = 0; k < 200; k++) {
        wbs_receipt_new(a);
        assert_int_equal(strlen(a), 16);
        assert_int_equal(strspn(a, "0123456789"), 16);
        for (int i = 0; i < 16; i++)
            seen[a[i] - '0']++;
    }
    for (int d = 0; d < 10; d++)
        assert_true(seen[d] > 200); /* 320 expected of each digit in 3200 */
    wbs_receipt_new(b);
    assert_string_not_equal(a, b);

    assert_int_equal(wbs_receipt_normalise("0000111122223333", out), 0);
    assert_string_equal(out, "0000111122223333");
    assert_int_equal(wbs_receipt_normalise(" 0000-1111 2222\t3333 ", out), 0);
    assert_string_equal(out, "0000111122223333");
    /* boundary: 15 and 17 digits */
    assert_int_equal(wbs_receipt_normalise("000011112222333", out), ZE_INVAL);
    assert_int_equal(wbs_receipt_normalise("00001111222233334", out), ZE_INVAL);
    assert_int_equal(wbs_receipt_normalise("0000111122223333x", out), ZE_INVAL);
    assert_int_equal(wbs_receipt_normalise("000011112222333O", out), ZE_INVAL);
    assert_int_equal(wbs_receipt_normalise("", out), ZE_INVAL);
    assert_int_equal(wbs_receipt_normalise(NULL, out), ZE_INVAL);
}

static void
receipt_key_is_deterministic_per_salt(void **state)
{
    (void)state;
    unsigned char s1[WBS_SALT_BYTES], s2[WBS_SALT_BYTES];
    struct wbs_keypair a, b, c, d;
    wbs_salt_new(s1);
    wbs_salt_new(s2);
    assert_memory_not_equal(s1, s2, WBS_SALT_BYTES);
    assert_int_equal(wbs_receipt_keypair("1234567890123456", s1, KDF, &a), 0);
    assert_int_equal(wbs_receipt_keypair("1234567890123456", s1, KDF, &b), 0);
    assert_memory_equal(a.pk, b.pk, WBS_KEY_BYTES);
    assert_memory_equal(a.sk, b.sk, WBS_KEY_BYTES);
    assert_int_equal(wbs_receipt_keypair("1234567890123456", s2, KDF, &c), 0);
    assert_memory_not_equal(a.pk, c.pk, WBS_KEY_BYTES);
    assert_int_equal(wbs_receipt_keypair("1234567890123457", s1, KDF, &d), 0);
    assert_memory_not_equal(a.pk, d.pk, WBS_KEY_BYTES);
    /* the key pair is a crypto_box key pair: the public half follows from the private one */
    unsigned char pk[WBS_KEY_BYTES];
    assert_int_equal(crypto_scalarmult_base(pk, a.sk), 0);
    assert_memory_equal(pk, a.pk, WBS_KEY_BYTES);
    /* a known answer, so a change of KDF or seed handling cannot pass unnoticed: the salt
     * 00..0f at the MIN cost */
    unsigned char fixed[WBS_SALT_BYTES], seed[32], spk[WBS_KEY_BYTES], ssk[WBS_KEY_BYTES];
    for (int i = 0; i < WBS_SALT_BYTES; i++)
        fixed[i] = (unsigned char)i;
    assert_int_equal(crypto_pwhash(seed, sizeof seed, "1234567890123456", 16, fixed, 1, 8192,
                                   crypto_pwhash_ALG_ARGON2ID13),
                     0);
    crypto_box_seed_keypair(spk, ssk, seed);
    assert_int_equal(wbs_receipt_keypair("1234567890123456", fixed, KDF, &b), 0);
    assert_memory_equal(b.pk, spk, WBS_KEY_BYTES);

    /* not normalised, or a cost out of libsodium's bounds */
    assert_int_equal(wbs_receipt_keypair("1234 5678 9012 3456", s1, KDF, &b), ZE_INVAL);
    assert_true(sodium_is_zero(b.sk, WBS_KEY_BYTES));
    assert_int_equal(wbs_receipt_keypair("123456789012345", s1, KDF, &b), ZE_INVAL);
    assert_int_equal(wbs_receipt_keypair(NULL, s1, KDF, &b), ZE_INVAL);
    assert_int_equal(wbs_receipt_keypair("1234567890123456", s1, (struct wbs_kdf){1, 1024}, &b),
                     ZE_INVAL);
    assert_int_equal(wbs_receipt_keypair("1234567890123456", s1, (struct wbs_kdf){0, 8192}, &b),
                     ZE_INVAL);

    struct wbs_kdf k;
    assert_int_equal(wbs_kdf_named("interactive", &k), 0);
    assert_int_equal(k.opslimit, crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE);
    assert_int_equal(k.memlimit, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE);
    assert_int_equal(wbs_kdf_named("moderate", &k), 0);
    assert_int_equal(k.opslimit, crypto_pwhash_argon2id_OPSLIMIT_MODERATE);
    assert_int_equal(k.memlimit, crypto_pwhash_argon2id_MEMLIMIT_MODERATE);
    assert_int_equal(wbs_kdf_named("min", &k), 0);
    assert_int_equal(k.opslimit, crypto_pwhash_argon2id_OPSLIMIT_MIN);
    assert_int_equal(k.memlimit, crypto_pwhash_argon2id_MEMLIMIT_MIN);
    assert_int_equal(wbs_kdf_named("fast", &k), ZE_INVAL);
    assert_int_equal(wbs_kdf_named(NULL, &k), ZE_INVAL);

    wbs_keypair_wipe(&a);
    wbs_keypair_wipe(&b);
    wbs_keypair_wipe(&c);
    wbs_keypair_wipe(&d);
}

static void
receipt_lookup_is_keyed_hex(void **state)
{
    (void)state;
    unsigned char k1[WBS_KEY_BYTES], k2[WBS_KEY_BYTES];
    char a[WBS_LOOKUP_HEX], b[WBS_LOOKUP_HEX], c[WBS_LOOKUP_HEX], d[WBS_LOOKUP_HEX];
    randombytes_buf(k1, sizeof k1);
    randombytes_buf(k2, sizeof k2);
    assert_int_equal(wbs_receipt_lookup("0000111122223333", k1, a), 0);
    assert_int_equal(wbs_receipt_lookup("0000111122223333", k1, b), 0);
    assert_int_equal(wbs_receipt_lookup("0000111122223333", k2, c), 0);
    assert_int_equal(wbs_receipt_lookup("0000111122223334", k1, d), 0);
    assert_int_equal(strlen(a), 64);
    assert_int_equal(strspn(a, "0123456789abcdef"), 64);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    assert_string_not_equal(a, d);
    assert_null(strstr(a, "0000111122223333"));
    /* it is keyed BLAKE2b-256 over the 16 ASCII digits */
    unsigned char h[32];
    char hex[65];
    crypto_generichash(h, 32, (const unsigned char *)"0000111122223333", 16, k1, 32);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    assert_string_equal(a, hex);
    assert_int_equal(wbs_receipt_lookup("000011112222333", k1, a), ZE_INVAL);
    assert_int_equal(wbs_receipt_lookup("0000 1111 2222 3333", k1, a), ZE_INVAL);
}

/*---- officers --------------------------------------------------------------------------------*/

static void
officer_key_wraps_under_password(void **state)
{
    (void)state;
    struct wbs_keypair officer, got;
    unsigned char salt[WBS_SALT_BYTES], salt2[WBS_SALT_BYTES], w[WBS_WRAPPED_KEY_BYTES],
        w2[WBS_WRAPPED_KEY_BYTES];
    const char *pw = "Kata-sandi panjang 2025";
    wbs_keypair_new(&officer);
    wbs_salt_new(salt);
    wbs_salt_new(salt2);
    assert_int_equal(wbs_officer_wrap_password(&officer, pw, strlen(pw), salt, KDF, w), 0);
    assert_int_equal(wbs_officer_wrap_password(&officer, pw, strlen(pw), salt, KDF, w2), 0);
    assert_memory_not_equal(w, w2, sizeof w); /* a fresh nonce each time */
    assert_int_equal(wbs_officer_unwrap_password(w, pw, strlen(pw), salt, KDF, officer.pk, &got),
                     0);
    assert_memory_equal(got.sk, officer.sk, WBS_KEY_BYTES);
    assert_memory_equal(got.pk, officer.pk, WBS_KEY_BYTES);

    assert_int_equal(wbs_officer_unwrap_password(w, "kata-sandi panjang 2025", strlen(pw), salt,
                                                 KDF, officer.pk, &got),
                     ZE_FORBIDDEN);
    assert_true(sodium_is_zero(got.sk, WBS_KEY_BYTES));
    assert_int_equal(wbs_officer_unwrap_password(w, pw, strlen(pw), salt2, KDF, officer.pk, &got),
                     ZE_FORBIDDEN);
    assert_int_equal(wbs_officer_unwrap_password(w, pw, strlen(pw), salt, (struct wbs_kdf){2, 8192},
                                                 officer.pk, &got),
                     ZE_FORBIDDEN);
    for (size_t i = 0; i < sizeof w; i += 5) {
        w[i] ^= 0x10;
        assert_int_equal(
            wbs_officer_unwrap_password(w, pw, strlen(pw), salt, KDF, officer.pk, &got),
            ZE_FORBIDDEN);
        w[i] ^= 0x10;
    }
    /* a wrapped key of another officer stored in this officer's row */
    struct wbs_keypair other;
    wbs_keypair_new(&other);
    assert_int_equal(wbs_officer_wrap_password(&other, pw, strlen(pw), salt, KDF, w2), 0);
    assert_int_equal(wbs_officer_unwrap_password(w2, pw, strlen(pw), salt, KDF, NULL, &got), 0);
    assert_int_equal(wbs_officer_unwrap_password(w2, pw, strlen(pw), salt, KDF, officer.pk, &got),
                     ZE_FORBIDDEN);

    /* boundary: WBS_PASSWORD_MAX bytes are accepted, one more is refused */
    char *long_pw = malloc(WBS_PASSWORD_MAX + 1);
    memset(long_pw, 'a', WBS_PASSWORD_MAX + 1);
    assert_int_equal(wbs_officer_wrap_password(&officer, long_pw, WBS_PASSWORD_MAX, salt, KDF, w2),
                     0);
    assert_int_equal(
        wbs_officer_wrap_password(&officer, long_pw, WBS_PASSWORD_MAX + 1, salt, KDF, w2),
        ZE_INVAL);
    free(long_pw);
    assert_int_equal(wbs_officer_wrap_password(&officer, NULL, 0, salt, KDF, w2), ZE_INVAL);
    assert_int_equal(wbs_officer_unwrap_password(w, NULL, 0, salt, KDF, officer.pk, &got),
                     ZE_INVAL);

    wbs_keypair_wipe(&officer);
    wbs_keypair_wipe(&other);
    wbs_keypair_wipe(&got);
}

/* The check symbol as the header documents it, computed here independently. */
static unsigned
doc_fold(const char *text)
{
    static const char alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    unsigned r = 0;
    for (const char *c = text; *c; c++) {
        if (*c == '-')
            continue;
        unsigned v = (unsigned)(strchr(alpha, *c) - alpha);
        r = ((r << 1) & 0x20 ? (r << 1) ^ 0x25 : r << 1) ^ v;
    }
    return r;
}

static void
recovery_keys_read_back_and_catch_typos(void **state)
{
    (void)state;
    static const char alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    char text[WBS_RECOVERY_TEXT], text2[WBS_RECOVERY_TEXT], typo[WBS_RECOVERY_TEXT];
    unsigned char key[WBS_KEY_BYTES], key2[WBS_KEY_BYTES];
    wbs_recovery_new(text);
    wbs_recovery_new(text2);
    assert_string_not_equal(text, text2);
    assert_int_equal(strlen(text), 39);
    for (int i = 0; i < 39; i++) {
        if (i % 5 == 4)
            assert_int_equal(text[i], '-');
        else
            assert_non_null(strchr(alpha, text[i]));
    }
    assert_int_equal(doc_fold(text), 0);
    assert_int_equal(doc_fold(text2), 0);

    assert_int_equal(wbs_recovery_key(text, key), 0);
    /* case, spaces instead of dashes, no separators at all */
    char loose[80];
    size_t n = 0;
    for (int i = 0; text[i]; i++) {
        if (text[i] == '-')
            loose[n++] = ' ';
        else
            loose[n++] = (char)((text[i] >= 'A' && text[i] <= 'Z') ? text[i] + 32 : text[i]);
    }
    loose[n] = '\0';
    assert_int_equal(wbs_recovery_key(loose, key2), 0);
    assert_memory_equal(key, key2, sizeof key);
    n = 0;
    for (int i = 0; text[i]; i++)
        if (text[i] != '-')
            loose[n++] = text[i];
    loose[n] = '\0';
    assert_int_equal(wbs_recovery_key(loose, key2), 0);
    assert_memory_equal(key, key2, sizeof key);

    /* every one-character typo, at every position, is caught */
    for (int i = 0; i < 39; i++) {
        if (text[i] == '-')
            continue;
        for (int s = 0; s < 32; s++) {
            if (alpha[s] == text[i])
                continue;
            memcpy(typo, text, sizeof typo);
            typo[i] = alpha[s];
            assert_int_equal(wbs_recovery_key(typo, key2), ZE_INVAL);
        }
    }
    /* and every swap of two different neighbours, across a dash too */
    for (int i = 0; i < 38; i++) {
        int j = text[i + 1] == '-' ? i + 2 : i + 1;
        if (text[i] == '-' || text[i] == text[j])
            continue;
        memcpy(typo, text, sizeof typo);
        typo[i] = text[j];
        typo[j] = text[i];
        assert_int_equal(wbs_recovery_key(typo, key2), ZE_INVAL);
    }
    /* look-alikes: O reads as 0, I and L as 1 (31 zeros fold to a check symbol 0) */
    unsigned char kz[WBS_KEY_BYTES], kl[WBS_KEY_BYTES];
    assert_int_equal(wbs_recovery_key("0000-0000-0000-0000-0000-0000-0000-0000", kz), 0);
    assert_int_equal(wbs_recovery_key("oooo OOOO 0o0O 0000 0000 0000 0000 0000", kl), 0);
    assert_memory_equal(kz, kl, sizeof kz);
    assert_int_equal(doc_fold("0000000000000000000000000000001"), 1);
    assert_int_equal(wbs_recovery_key("0000-0000-0000-0000-0000-0000-0000-0012", kz), 0);
    assert_int_equal(wbs_recovery_key("0000-0000-0000-0000-0000-0000-0000-00L2", kl), 0);
    assert_memory_equal(kz, kl, sizeof kz);
    assert_int_equal(wbs_recovery_key("0000-0000-0000-0000-0000-0000-0000-00i2", kl), 0);
    assert_memory_equal(kz, kl, sizeof kz);
    /* boundary: 31 and 33 symbols; a U; another character */
    assert_int_equal(wbs_recovery_key("0000-0000-0000-0000-0000-0000-0000-000", kl), ZE_INVAL);
    assert_int_equal(wbs_recovery_key("0000-0000-0000-0000-0000-0000-0000-00000", kl), ZE_INVAL);
    assert_int_equal(wbs_recovery_key("U000-0000-0000-0000-0000-0000-0000-0000", kl), ZE_INVAL);
    assert_int_equal(wbs_recovery_key("0000_0000-0000-0000-0000-0000-0000-0000", kl), ZE_INVAL);
    assert_int_equal(wbs_recovery_key("", kl), ZE_INVAL);
    assert_int_equal(wbs_recovery_key(NULL, kl), ZE_INVAL);

    /* the officer's private key under the recovery key */
    struct wbs_keypair officer, got;
    unsigned char w[WBS_WRAPPED_KEY_BYTES];
    wbs_keypair_new(&officer);
    assert_int_equal(wbs_officer_wrap_recovery(&officer, text, w), 0);
    assert_int_equal(wbs_officer_unwrap_recovery(w, loose, officer.pk, &got), 0);
    assert_memory_equal(got.sk, officer.sk, WBS_KEY_BYTES);
    assert_int_equal(wbs_officer_unwrap_recovery(w, text2, officer.pk, &got), ZE_FORBIDDEN);
    assert_true(sodium_is_zero(got.sk, WBS_KEY_BYTES));
    memcpy(typo, text, sizeof typo);
    typo[0] = typo[0] == 'A' ? 'B' : 'A';
    assert_int_equal(wbs_officer_unwrap_recovery(w, typo, officer.pk, &got), ZE_INVAL);
    assert_int_equal(wbs_officer_wrap_recovery(&officer, typo, w), ZE_INVAL);
    w[30] ^= 1;
    assert_int_equal(wbs_officer_unwrap_recovery(w, text, officer.pk, &got), ZE_FORBIDDEN);
    wbs_keypair_wipe(&officer);
    wbs_keypair_wipe(&got);
    sodium_memzero(text, sizeof text);
}

static void
password_reset_through_escrow_or_recovery_loses_nothing(void **state)
{
    (void)state;
    struct wbs_keypair report, officer, custodian, got, rep;
    unsigned char salt[WBS_SALT_BYTES], w_pw[WBS_WRAPPED_KEY_BYTES], w_rec[WBS_WRAPPED_KEY_BYTES];
    unsigned char escrow[WBS_SEALED_KEY_BYTES], to_officer[WBS_SEALED_KEY_BYTES];
    char rec[WBS_RECOVERY_TEXT];
    wbs_keypair_new(&report);
    wbs_keypair_new(&officer);
    wbs_keypair_new(&custodian);
    wbs_salt_new(salt);
    wbs_recovery_new(rec);
    assert_int_equal(wbs_officer_wrap_password(&officer, "lama-lama-lama", 14, salt, KDF, w_pw), 0);
    assert_int_equal(wbs_officer_wrap_recovery(&officer, rec, w_rec), 0);
    assert_int_equal(wbs_key_seal(&officer, custodian.pk, escrow), 0);
    assert_int_equal(wbs_key_seal(&report, officer.pk, to_officer), 0);
    struct buf ct = BUF_INIT, pt = BUF_INIT;
    assert_int_equal(wbs_seal(report.pk, "pesan", 5, &ct), 0);

    /* the password is forgotten; the key custodian opens the escrow copy ... */
    assert_int_equal(wbs_key_open(escrow, &custodian, officer.pk, &got), 0);
    /* ... an officer cannot (escrow is sealed to the custodian alone) */
    struct wbs_keypair tmp;
    assert_int_equal(wbs_key_open(escrow, &officer, officer.pk, &tmp), ZE_FORBIDDEN);
    /* the new password wraps the same key */
    wbs_salt_new(salt);
    assert_int_equal(wbs_officer_wrap_password(&got, "baru-baru-baru", 14, salt, KDF, w_pw), 0);
    wbs_keypair_wipe(&got);
    assert_int_equal(
        wbs_officer_unwrap_password(w_pw, "baru-baru-baru", 14, salt, KDF, officer.pk, &got), 0);
    assert_int_equal(wbs_key_open(to_officer, &got, report.pk, &rep), 0);
    assert_int_equal(wbs_open(&rep, ct.p, ct.len, &pt), 0);
    assert_string_equal(pt.p, "pesan");

    /* or the officer types the recovery key */
    wbs_keypair_wipe(&got);
    assert_int_equal(wbs_officer_unwrap_recovery(w_rec, rec, officer.pk, &got), 0);
    assert_int_equal(wbs_key_open(to_officer, &got, report.pk, &rep), 0);

    buf_free(&ct);
    wbs_buf_wipe(&pt);
    wbs_keypair_wipe(&report);
    wbs_keypair_wipe(&officer);
    wbs_keypair_wipe(&custodian);
    wbs_keypair_wipe(&got);
    wbs_keypair_wipe(&rep);
}

/*---- identity --------------------------------------------------------------------------------*/

static void
identity_opens_only_after_the_custodian_reseals_it(void **state)
{
    (void)state;
    struct wbs_keypair report, officer, custodian, rep;
    unsigned char to_officer[WBS_SEALED_KEY_BYTES];
    wbs_keypair_new(&report);
    wbs_keypair_new(&officer);
    wbs_keypair_new(&custodian);
    assert_int_equal(wbs_key_seal(&report, officer.pk, to_officer), 0);
    assert_int_equal(wbs_key_open(to_officer, &officer, report.pk, &rep), 0);

    const char *who = "Siti Aminah, NIP 198501012010012001, 0812-0000-0000";
    struct buf sealed = BUF_INIT, pt = BUF_INIT, resealed = BUF_INIT;
    assert_int_equal(wbs_identity_seal(custodian.pk, who, strlen(who), &sealed), 0);

    /* neither the officer's key nor the report key opens it */
    assert_int_equal(wbs_open(&officer, sealed.p, sealed.len, &pt), ZE_FORBIDDEN);
    assert_int_equal(wbs_open(&rep, sealed.p, sealed.len, &pt), ZE_FORBIDDEN);
    assert_int_equal(pt.len, 0);
    /* nor can the officer re-seal it to themselves */
    assert_int_equal(wbs_identity_reseal(sealed.p, sealed.len, &officer, officer.pk, &resealed),
                     ZE_FORBIDDEN);
    assert_int_equal(resealed.len, 0);

    /* the custodian approves: re-sealed to this officer, who can now read it */
    assert_int_equal(wbs_identity_reseal(sealed.p, sealed.len, &custodian, officer.pk, &resealed),
                     0);
    assert_int_equal(wbs_open(&custodian, resealed.p, resealed.len, &pt), ZE_FORBIDDEN);
    assert_int_equal(wbs_open(&officer, resealed.p, resealed.len, &pt), 0);
    assert_string_equal(pt.p, who);

    /* a tampered identity is refused by the custodian too */
    sealed.p[60] ^= 1;
    buf_reset(&resealed);
    assert_int_equal(wbs_identity_reseal(sealed.p, sealed.len, &custodian, officer.pk, &resealed),
                     ZE_FORBIDDEN);
    assert_int_equal(resealed.len, 0);

    buf_free(&sealed);
    buf_free(&resealed);
    wbs_buf_wipe(&pt);
    wbs_keypair_wipe(&report);
    wbs_keypair_wipe(&officer);
    wbs_keypair_wipe(&custodian);
    wbs_keypair_wipe(&rep);
}

/*---- proof of work ---------------------------------------------------------------------------*/

/* The leading zero bits of the digest, computed here from the documented layout. */
static unsigned
doc_zero_bits(const char *challenge_hex, uint64_t nonce)
{
    unsigned char m[24], h[32];
    size_t n = 0;
    assert_int_equal(sodium_hex2bin(m, 16, challenge_hex, 32, NULL, &n, NULL), 0);
    for (int i = 0; i < 8; i++)
        m[16 + i] = (unsigned char)(nonce >> (8 * i));
    crypto_generichash(h, 32, m, 24, NULL, 0);
    unsigned z = 0;
    for (int i = 0; i < 32 && z == 8u * (unsigned)i; i++)
        for (int b = 7; b >= 0 && !(h[i] >> b & 1); b--)
            z++;
    return z;
}

static void
proof_of_work_solves_and_checks(void **state)
{
    (void)state;
    const char *vec = "000102030405060708090a0b0c0d0e0f";
    uint64_t nonce = 0;
    /* the documented vectors, for the JavaScript solver */
    assert_int_equal(wbs_pow_solve(vec, 8, &nonce), 0);
    assert_int_equal(nonce, 1472);
    assert_int_equal(wbs_pow_solve(vec, 12, &nonce), 0);
    assert_int_equal(nonce, 7490);
    assert_true(doc_zero_bits(vec, 7490) >= 12);
    assert_int_equal(wbs_pow_check(vec, 7490, 12), 0);
    assert_int_equal(wbs_pow_check("000102030405060708090A0B0C0D0E0F", 7490, 12), 0);
    /* the smallest solution: every smaller nonce is refused */
    for (uint64_t n = 0; n < 7490; n += 97)
        assert_int_equal(wbs_pow_check(vec, n, 12), ZE_FORBIDDEN);
    assert_int_equal(wbs_pow_check(vec, 7489, 12), ZE_FORBIDDEN);
    assert_int_equal(wbs_pow_check(vec, 7491, 12),
                     doc_zero_bits(vec, 7491) >= 12 ? 0 : ZE_FORBIDDEN);

    char ch[WBS_POW_CHALLENGE_HEX], ch2[WBS_POW_CHALLENGE_HEX];
    wbs_pow_challenge_new(ch);
    wbs_pow_challenge_new(ch2);
    assert_int_equal(strlen(ch), 32);
    assert_int_equal(strspn(ch, "0123456789abcdef"), 32);
    assert_string_not_equal(ch, ch2);

    static const unsigned bits[] = {0, 8, 12};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(wbs_pow_solve(ch, bits[i], &nonce), 0);
        assert_int_equal(wbs_pow_check(ch, nonce, bits[i]), 0);
        assert_true(doc_zero_bits(ch, nonce) >= bits[i]);
        if (bits[i] == 0) {
            assert_int_equal(nonce, 0);
            continue;
        }
        /* a wrong nonce: the smallest solution's predecessor, or one found failing */
        uint64_t wrong = nonce ? nonce - 1 : 1;
        while (doc_zero_bits(ch, wrong) >= bits[i])
            wrong++;
        assert_int_equal(wbs_pow_check(ch, wrong, bits[i]), ZE_FORBIDDEN);
        /* the same nonce for another challenge: refused unless it happens to solve it too */
        assert_int_equal(wbs_pow_check(ch2, nonce, bits[i]),
                         doc_zero_bits(ch2, nonce) >= bits[i] ? 0 : ZE_FORBIDDEN);
    }
    /* 0 bits: always valid, the challenge not even read */
    assert_int_equal(wbs_pow_check(NULL, 12345, 0), 0);
    assert_int_equal(wbs_pow_check("zz", 0, 0), 0);
    /* malformed challenges, too many bits */
    assert_int_equal(wbs_pow_check(NULL, 0, 8), ZE_INVAL);
    assert_int_equal(wbs_pow_check("000102030405060708090a0b0c0d0e0", 0, 8), ZE_INVAL);
    assert_int_equal(wbs_pow_check("000102030405060708090a0b0c0d0e0f0", 0, 8), ZE_INVAL);
    assert_int_equal(wbs_pow_check("000102030405060708090a0b0c0d0e0g", 0, 8), ZE_INVAL);
    assert_int_equal(wbs_pow_check("00010203 405060708090a0b0c0d0e0f", 0, 8), ZE_INVAL);
    /* boundary: WBS_POW_BITS_MAX is accepted as a setting, one more is refused */
    assert_int_equal(wbs_pow_check(vec, 0, WBS_POW_BITS_MAX), ZE_FORBIDDEN);
    assert_int_equal(wbs_pow_check(vec, 0, WBS_POW_BITS_MAX + 1), ZE_INVAL);
    assert_int_equal(wbs_pow_solve(vec, WBS_POW_BITS_MAX + 1, &nonce), ZE_INVAL);
    assert_int_equal(wbs_pow_solve("nothex", 8, &nonce), ZE_INVAL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seal_open_round_trips_and_pads),
        cmocka_unit_test(open_refuses_wrong_key_tampering_and_truncation),
        cmocka_unit_test(report_key_opens_for_each_officer_and_the_receipt),
        cmocka_unit_test(file_round_trips_at_every_boundary),
        cmocka_unit_test(file_refuses_wrong_key_tampering_reordering_and_truncation),
        cmocka_unit_test(receipts_are_sixteen_random_digits),
        cmocka_unit_test(receipt_key_is_deterministic_per_salt),
        cmocka_unit_test(receipt_lookup_is_keyed_hex),
        cmocka_unit_test(officer_key_wraps_under_password),
        cmocka_unit_test(recovery_keys_read_back_and_catch_typos),
        cmocka_unit_test(password_reset_through_escrow_or_recovery_loses_nothing),
        cmocka_unit_test(identity_opens_only_after_the_custodian_reseals_it),
        cmocka_unit_test(proof_of_work_solves_and_checks),
    };
    return cmocka_run_group_tests_name("wbs_crypto", tests, setup, NULL);
}
