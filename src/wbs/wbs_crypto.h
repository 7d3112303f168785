/* wbs_crypto: the cryptography of the whistleblowing channel (issue #6), pure: no database, no
 * HTTP, no logging. Everything is libsodium (1.0.18); the design follows GlobaLeaks
 * (reference/wbs-facts.md §2) and goes beyond it where §2.8 says it should.
 *
 * What protects what
 *
 *   report key pair (X25519, one per report)
 *     its public key seals everything of the report: answers, messages, file names and sizes
 *     (wbs_seal), and each file's key (wbs_file_encrypt: the file itself is a secretstream).
 *     Its private key is never stored in the clear; it is kept only sealed (wbs_key_seal) to
 *       - each handling officer's public key, one copy per officer;
 *       - the receipt key pair: Argon2id(receipt, per-report salt) -> seed -> key pair
 *         (wbs_receipt_keypair), so the reporter's 16 digits alone open the report.
 *   officer key pair (one per WBS officer, and one per identity or key custodian)
 *     its private key is kept only wrapped (72 bytes: nonce, secretbox) under
 *       (a) a key from the officer's password, Argon2id with a per-officer salt
 *           (wbs_officer_wrap_password) — a salt of its own, not the login hash's;
 *       (b) a recovery key shown once (wbs_recovery_new: 155 random bits as 8 groups of 4
 *           base32 characters, the last a check character), so a forgotten password loses
 *           nothing (wbs_officer_wrap_recovery);
 *       (c) an escrow copy sealed to the agency key custodian's public key (kustodian-kunci):
 *           wbs_key_seal(officer, custodian_pk) / wbs_key_open(…, custodian, officer_pk, …).
 *   identity of the reporter (when given)
 *     sealed to the identity custodian's public key (kustodian-identitas) alone, not to the
 *     report key: an officer holding the report key cannot read it. On the custodian's approval
 *     it is re-sealed to the requesting officer (wbs_identity_reseal), so the gate is
 *     cryptographic, not only the server's access control (GlobaLeaks' caveat, §2.8).
 *   receipt lookup
 *     the receipt is never stored; a report is found by BLAKE2b-256(receipt) keyed with the
 *     installation secret (wbs_receipt_lookup).
 *
 * What a stolen database or disk reveals
 *   No report text, file, file name or identity: all are ciphertext under keys that are stored
 *   only sealed or wrapped. What remains visible: that reports exist, their rows and dates, which
 *   officers hold a copy, and sizes rounded up (sealed texts to 256 bytes, files to 4 KiB).
 *   The attacker's ways in, and their cost:
 *   - an officer's password: one Argon2id per guess, per officer — the reports are as safe as
 *     the weakest WBS officer's or custodian's password at the configured cost;
 *   - a receipt: 10^16 candidates at one Argon2id each, per report (per-report salt);
 *   - the lookup hashes: worthless without the installation secret. With it they are a cheap
 *     test over all reports at once (10^16 BLAKE2b calls: days on GPUs), so the caller must
 *     keep that secret outside the database and its backups (a file or the environment);
 *   - a recovery key: 2^155 guesses.
 *   Decryption happens on the server in a request that carries the password, receipt or
 *   recovery key, so this protects data at rest, not a compromised running server (§2.4).
 *
 * Formats (all binary; the caller stores them as BLOBs or base64)
 *   sealed text      crypto_box_seal(pk, sodium_pad(text, 256)): 48 + a multiple of 256 bytes.
 *   sealed key       crypto_box_seal(pk, sk): 80 bytes; opening recomputes the public key and,
 *                    when the caller gives the expected one, refuses a substituted key.
 *   wrapped key      nonce (24 random bytes) || crypto_secretbox_easy(sk, nonce, key): 72 bytes.
 *   file             see wbs_file_encrypt.
 *
 * Errors: every function returns 0 or a negative ZE_* (core/err.h): ZE_INVAL for malformed
 * input (bad length or format, a truncated stream, a recovery key whose check symbol shows a
 * typo, parameters out of bounds), ZE_FORBIDDEN when authentication fails (wrong key, tampered
 * or reordered ciphertext, a substituted key, proof of work not met), ZE_NOMEM when Argon2id
 * cannot get its memory, ZE_IO for read/write errors, ZE_LIMIT for input above a bound below.
 *
 * Secrets: every secret this file makes on the stack or heap is wiped (sodium_memzero) before it
 * returns. Outputs that hold secrets (key pairs, recovery keys, opened plaintext) are the
 * caller's to wipe: wbs_keypair_wipe, sodium_memzero, wbs_buf_wipe. Plaintext is opened
 * straight into the caller's buffer, reserved once, so no realloc here leaves a copy behind in
 * freed memory (the caller should not append to it afterwards either).
 *
 * Thread safety: all functions may be called from any thread. Argon2id runs at most
 * WBS_KDF_AT_ONCE at a time (the others wait), so a flood of receipt guesses cannot exhaust
 * memory (STYLE trap 5). sodium_init() must have run (main does it). */
#ifndef ZONA_WBS_WBS_CRYPTO_H
#define ZONA_WBS_WBS_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

struct buf;

enum {
    WBS_KEY_BYTES = 32,         /* an X25519 public or private key, a symmetric key */
    WBS_SALT_BYTES = 16,        /* Argon2id salt */
    WBS_SEAL_OVERHEAD = 48,     /* crypto_box_SEALBYTES */
    WBS_SEAL_PAD = 256,         /* sealed texts are padded to a multiple of this */
    WBS_SEAL_MAX = 16 << 20,    /* bytes of one sealed text (answers, messages, identity) */
    WBS_SEALED_KEY_BYTES = 80,  /* a private key sealed to a public key */
    WBS_WRAPPED_KEY_BYTES = 72, /* a private key under a secretbox key, nonce first */
    WBS_PASSWORD_MAX = 1024,    /* bytes of an officer's password */
    WBS_KDF_AT_ONCE = 2,        /* concurrent Argon2id derivations in this module */

    WBS_RECEIPT_DIGITS = 16,
    WBS_LOOKUP_HEX = 65, /* 64 hex characters and NUL */

    WBS_RECOVERY_CHARS = 32, /* 31 random symbols and 1 check symbol */
    WBS_RECOVERY_TEXT = 40,  /* "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX" and NUL */

    WBS_FILE_MAGIC_BYTES = 4,
    WBS_FILE_HEADER_BYTES = 109,  /* magic 4, version 1, sealed file key 80, stream header 24 */
    WBS_FILE_CHUNK = 65536,       /* plaintext bytes per chunk */
    WBS_FILE_CHUNK_OVERHEAD = 17, /* crypto_secretstream_xchacha20poly1305_ABYTES */
    WBS_FILE_PAD = 4096,          /* the last chunk is padded to a multiple of this */

    WBS_POW_CHALLENGE_BYTES = 16,
    WBS_POW_CHALLENGE_HEX = 33, /* 32 hex characters and NUL */
    WBS_POW_BITS_MAX = 40
};

/* --- key pairs ------------------------------------------------------------------------------- */

/* An X25519 key pair (crypto_box). Holds a secret: wipe with wbs_keypair_wipe. */
struct wbs_keypair {
    unsigned char pk[WBS_KEY_BYTES];
    unsigned char sk[WBS_KEY_BYTES];
};

/* A fresh random key pair (a report's, an officer's, a custodian's). */
void wbs_keypair_new(struct wbs_keypair *kp);
/* Zeroes both halves. */
void wbs_keypair_wipe(struct wbs_keypair *kp);
/* Zeroes the whole allocation of b (cap bytes) and frees it; for buffers holding plaintext. */
void wbs_buf_wipe(struct buf *b);
/* Random bytes for a per-report or per-officer Argon2id salt. */
void wbs_salt_new(unsigned char salt[WBS_SALT_BYTES]);

/* Seals key's private half to to_pk (crypto_box_seal, 80 bytes). Uses: the report key to each
 * officer and to the receipt key pair; an officer's key to the escrow custodian. 0, or ZE_INVAL
 * when to_pk is not a usable public key (low order). */
int wbs_key_seal(const struct wbs_keypair *key, const unsigned char to_pk[WBS_KEY_BYTES],
                 unsigned char out[WBS_SEALED_KEY_BYTES]);
/* Opens a sealed private key with opener (whose public key it was sealed to) into *out, its
 * public half recomputed. expect_pk (NULL to skip) is the stored public key of the sealed key:
 * a sealed box authenticates no sender, so anyone who can write the database could seal a key
 * of their own; comparing refuses it. 0, or ZE_FORBIDDEN (wrong opener, tampered, substituted);
 * *out is zeroed on failure. */
int wbs_key_open(const unsigned char sealed[WBS_SEALED_KEY_BYTES], const struct wbs_keypair *opener,
                 const unsigned char *expect_pk, struct wbs_keypair *out);

/* --- sealed texts: answers, messages, file names --------------------------------------------- */

/* Appends crypto_box_seal(pk, text padded to WBS_SEAL_PAD) to out. 0, ZE_LIMIT (len above
 * WBS_SEAL_MAX) or ZE_INVAL (pk not usable). */
int wbs_seal(const unsigned char pk[WBS_KEY_BYTES], const void *text, size_t len, struct buf *out);
/* Opens what wbs_seal made with the recipient's key pair and appends the text to out (which
 * stays NUL-terminated; wipe it with wbs_buf_wipe). 0, ZE_INVAL (not a sealed text: too short,
 * bad length or padding) or ZE_FORBIDDEN (wrong key, tampered); out is unchanged on failure. */
int wbs_open(const struct wbs_keypair *kp, const void *sealed, size_t len, struct buf *out);

/* --- files ----------------------------------------------------------------------------------- */

/* Encrypts everything read from in_fd (to its end) to out_fd, under a fresh random file key that
 * is sealed to report_pk in the header. *nbytes (may be NULL) receives the plaintext size. The
 * caller seals that size and the file name with wbs_seal.
 *
 * Layout (offsets in bytes):
 *   0    4    magic "ZWBF"
 *   4    1    version 0x01
 *   5    80   crypto_box_seal(report_pk, file key), the key being 32 random bytes
 *   85   24   crypto_secretstream_xchacha20poly1305 header
 *   109  …    chunks, each crypto_secretstream_xchacha20poly1305_push of a plaintext:
 *              - every chunk but the last: exactly WBS_FILE_CHUNK bytes of data, tag MESSAGE,
 *                so WBS_FILE_CHUNK + 17 bytes on disk;
 *              - the last: the remaining 0..WBS_FILE_CHUNK-1 bytes of data, sodium_pad'ded to
 *                a multiple of WBS_FILE_PAD (0x80 then zeros; at most WBS_FILE_CHUNK), tag
 *                FINAL. A file of a whole number of chunks ends with a chunk of padding only.
 *            The first chunk's additional data is bytes 0..84 (magic, version, sealed key);
 *            the others have none. Nothing follows the FINAL chunk.
 * 0 or ZE_IO (read or write failed). Not thread-safe on the same descriptors. */
int wbs_file_encrypt(int in_fd, int out_fd, const unsigned char report_pk[WBS_KEY_BYTES],
                     uint64_t *nbytes);
/* Decrypts a file made by wbs_file_encrypt from in_fd to out_fd with the report's key pair;
 * *nbytes (may be NULL) receives the plaintext size. Each chunk is written once authenticated,
 * so on failure out_fd holds a verified prefix: write to a temporary file and discard it unless
 * 0 is returned. 0, ZE_INVAL (bad magic or version, truncated header or chunk, no FINAL chunk,
 * data after it, bad padding), ZE_FORBIDDEN (wrong report key, a tampered, dropped or reordered
 * chunk) or ZE_IO. */
int wbs_file_decrypt(int in_fd, int out_fd, const struct wbs_keypair *report, uint64_t *nbytes);

/* --- Argon2id cost --------------------------------------------------------------------------- */

/* The cost of one Argon2id derivation (crypto_pwhash_ALG_ARGON2ID13). The caller passes it from
 * a setting: INTERACTIVE (2 passes, 64 MiB, about 0.1 s) for officers' passwords, MODERATE
 * (3 passes, 256 MiB, about 0.7 s) for receipts where the memory allows, MIN for tests only. The
 * same cost must be used to wrap and to unwrap: the caller stores it next to the salt. */
struct wbs_kdf {
    unsigned long long opslimit;
    size_t memlimit; /* bytes */
};

#define WBS_KDF_INTERACTIVE ((struct wbs_kdf){2ULL, (size_t)64 << 20})
#define WBS_KDF_MODERATE    ((struct wbs_kdf){3ULL, (size_t)256 << 20})
#define WBS_KDF_MIN         ((struct wbs_kdf){1ULL, (size_t)8192})

/* The cost named by a setting: "interactive", "moderate" or "min". 0 or ZE_INVAL. */
int wbs_kdf_named(const char *name, struct wbs_kdf *out);

/* --- the reporter's receipt ------------------------------------------------------------------ */

/* A new receipt: 16 decimal digits, each randombytes_uniform(10), so uniform over all 10^16
 * (leading zeros included). out is NUL-terminated and a secret: wipe it after showing it. */
void wbs_receipt_new(char out[WBS_RECEIPT_DIGITS + 1]);
/* The receipt as typed ("1234 5678-9012 3456") reduced to its 16 digits; spaces and dashes are
 * ignored. 0 or ZE_INVAL (another character, or not 16 digits). */
int wbs_receipt_normalise(const char *typed, char out[WBS_RECEIPT_DIGITS + 1]);
/* The receipt key pair: crypto_pwhash(32-byte seed, receipt's 16 digits, salt, kdf, ARGON2ID13)
 * then crypto_box_seed_keypair(seed). Deterministic for (receipt, salt, kdf). receipt must be
 * normalised. 0, ZE_INVAL (not 16 digits, kdf out of libsodium's bounds) or ZE_NOMEM. */
int wbs_receipt_keypair(const char *receipt, const unsigned char salt[WBS_SALT_BYTES],
                        struct wbs_kdf kdf, struct wbs_keypair *out);
/* The lookup hash of a normalised receipt: lower-case hex of BLAKE2b-256 (crypto_generichash)
 * over its 16 ASCII digits, keyed with the 32-byte installation secret (kept out of the
 * database: see the opening comment). 0 or ZE_INVAL. */
int wbs_receipt_lookup(const char *receipt, const unsigned char secret[WBS_KEY_BYTES],
                       char out[WBS_LOOKUP_HEX]);

/* --- officers' private keys ------------------------------------------------------------------ */

/* (a) Wraps / unwraps kp's private key under Argon2id(password, salt, kdf) — the officer's own
 * salt (wbs_salt_new), and the cost stored with it. Unwrap recomputes the public key and checks
 * it against expect_pk when given (NULL to skip). 0, ZE_INVAL (password longer than
 * WBS_PASSWORD_MAX, kdf out of bounds), ZE_NOMEM, or on unwrap ZE_FORBIDDEN (wrong password,
 * tampered); *out is zeroed on failure. */
int wbs_officer_wrap_password(const struct wbs_keypair *kp, const char *password, size_t pwlen,
                              const unsigned char salt[WBS_SALT_BYTES], struct wbs_kdf kdf,
                              unsigned char out[WBS_WRAPPED_KEY_BYTES]);
int wbs_officer_unwrap_password(const unsigned char wrapped[WBS_WRAPPED_KEY_BYTES],
                                const char *password, size_t pwlen,
                                const unsigned char salt[WBS_SALT_BYTES], struct wbs_kdf kdf,
                                const unsigned char *expect_pk, struct wbs_keypair *out);

/* A new recovery key for showing once, as text: 32 symbols of Crockford's base32 alphabet
 * "0123456789ABCDEFGHJKMNPQRSTVWXYZ" in 8 groups of 4 joined by '-'. Symbols 1..31 are random
 * (5 bits each, 155 bits); symbol 32 is a Damm check symbol over them in GF(32) (x^5+x^2+1):
 * r = 0; for each value v: r = 2*r XOR v; check = 2*r, so that the 32 fold to 0 — any one
 * wrong symbol and any swap of two different neighbours (the check symbol included) is caught. The
 * secretbox key is BLAKE2b-256 (personal "zona.wbs.recover") over the 31 symbol values, one byte
 * each. text is a secret. */
void wbs_recovery_new(char text[WBS_RECOVERY_TEXT]);
/* The secretbox key of a recovery key as typed: case, spaces and dashes are ignored, and the
 * look-alikes I and L read as 1, O as 0. 0 or ZE_INVAL (a character outside the alphabet, not
 * 32 symbols, or the check symbol does not match: a typo). key is a secret. */
int wbs_recovery_key(const char *typed, unsigned char key[WBS_KEY_BYTES]);

/* (b) Wraps / unwraps kp's private key under a recovery key as typed (wbs_recovery_key).
 * 0, ZE_INVAL as wbs_recovery_key, or on unwrap ZE_FORBIDDEN (another officer's recovery key,
 * tampered, public key not expect_pk); *out is zeroed on failure. */
int wbs_officer_wrap_recovery(const struct wbs_keypair *kp, const char *recovery,
                              unsigned char out[WBS_WRAPPED_KEY_BYTES]);
int wbs_officer_unwrap_recovery(const unsigned char wrapped[WBS_WRAPPED_KEY_BYTES],
                                const char *recovery, const unsigned char *expect_pk,
                                struct wbs_keypair *out);

/* (c) The escrow copy is wbs_key_seal(officer, key_custodian_pk, …) and is opened with
 * wbs_key_open(…, key_custodian, officer_pk, …); a reset password then re-wraps the recovered key
 * under the new one with wbs_officer_wrap_password. */

/* --- the reporter's identity ----------------------------------------------------------------- */

/* Seals the identity to the identity custodian's public key alone (wbs_seal). */
int wbs_identity_seal(const unsigned char custodian_pk[WBS_KEY_BYTES], const void *identity,
                      size_t len, struct buf *out);
/* After the custodian's approval: opens sealed with the custodian's key pair and appends it,
 * sealed to officer_pk, to out; the plaintext never leaves this function and is wiped. 0, or
 * wbs_open's codes (ZE_FORBIDDEN: not the custodian's key). The officer then opens it with
 * wbs_open. */
int wbs_identity_reseal(const void *sealed, size_t len, const struct wbs_keypair *custodian,
                        const unsigned char officer_pk[WBS_KEY_BYTES], struct buf *out);

/* --- proof of work against spam -------------------------------------------------------------- */

/* Byte layout, for the browser's solver: the 24 bytes
 *   challenge (16 bytes, the hex decoded) || nonce (unsigned 64-bit, little-endian)
 * are hashed with unkeyed BLAKE2b-256 (crypto_generichash, 32-byte output). The proof is valid
 * when the digest starts with at least `bits` zero bits, counted from the most significant bit of
 * byte 0 onwards (bits = 12: byte 0 is 0x00 and byte 1 is below 0x10). 0 bits: always valid.
 * Test vectors: challenge "000102030405060708090a0b0c0d0e0f": at 8 bits the smallest nonce is
 * 1472; at 12 bits it is 7490, whose digest begins 00 05 9e ae (tests/unit/test_wbs_crypto.c). Each
 * try costs one hash; 2^bits tries on average. A challenge must be issued by the server and
 * accepted once (the caller's store). */

/* A new challenge: 16 random bytes as 32 lower-case hex characters. */
void wbs_pow_challenge_new(char out[WBS_POW_CHALLENGE_HEX]);
/* 0 when nonce solves challenge (hex, either case) at bits, and always when bits is 0 (the
 * challenge is then not read); ZE_INVAL (not 32 hex characters, bits above WBS_POW_BITS_MAX)
 * or ZE_FORBIDDEN (not solved). */
int wbs_pow_check(const char *challenge, uint64_t nonce, unsigned bits);
/* The smallest nonce that solves challenge at bits, for tests and as the reference for the
 * JavaScript solver. 0 or ZE_INVAL. */
int wbs_pow_solve(const char *challenge, unsigned bits, uint64_t *nonce);

#endif
