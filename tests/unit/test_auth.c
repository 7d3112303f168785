/* auth's pure parts: TOTP against the RFC 6238 test vectors, the password policy and its lists,
 * one-time code normalisation, roles from data/roles.json. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include "auth/auth.h"
#include "core/buf.h"
#include "core/config.h"

int acl_load_roles(void);
void acl_free_roles(void);

/* RFC 6238 appendix B, SHA-1, the ASCII secret "12345678901234567890" (base32 below); the
 * vectors are 8 digits, authenticator apps use the last 6. */
#define RFC_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

static int
setup(void **state)
{
    (void)state;
    if (sodium_init() < 0 || config_load() != 0)
        return -1;
    password_configure();
    return acl_load_roles() == 0 && password_lists_load() == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    acl_free_roles();
    config_free();
    return 0;
}

static void
totp_matches_rfc6238_vectors(void **state)
{
    (void)state;
    static const struct {
        int64_t t;
        const char *code;
    } v[] = {{59, "287082"},         {1111111109, "081804"}, {1111111111, "050471"},
             {1234567890, "005924"}, {2000000000, "279037"}, {20000000000, "353130"}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char out[8];
        assert_int_equal(totp_code(RFC_SECRET, v[i].t * 1000, out), 0);
        assert_string_equal(out, v[i].code);
        assert_true(totp_check(RFC_SECRET, v[i].code, v[i].t * 1000));
    }
}

static void
totp_accepts_one_step_of_drift_and_no_more(void **state)
{
    (void)state;
    char code[8];
    int64_t t = 1234567890LL * 1000;
    assert_int_equal(totp_code(RFC_SECRET, t, code), 0);
    assert_true(totp_check(RFC_SECRET, code, t + 30000));
    assert_true(totp_check(RFC_SECRET, code, t - 30000));
    assert_false(totp_check(RFC_SECRET, code, t + 90000));
    assert_false(totp_check(RFC_SECRET, "12345", t));
    assert_false(totp_check(RFC_SECRET, "abcdef", t));
    assert_false(totp_check(RFC_SECRET, NULL, t));
    assert_false(totp_check("not base32!", "287082", 59000));
}

static void
totp_new_secrets_are_random_base32(void **state)
{
    (void)state;
    char a[64], b[64];
    totp_new_secret(a, sizeof a);
    totp_new_secret(b, sizeof b);
    assert_int_equal(strlen(a), 32);
    assert_string_not_equal(a, b);
    assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 32);
    char code[8];
    assert_int_equal(totp_code(a, 0, code), 0);
    struct buf uri = BUF_INIT, svg = BUF_INIT;
    totp_uri(&uri, a, "197001011995031002");
    assert_non_null(strstr(uri.p, "otpauth://totp/zona:197001011995031002?secret="));
    assert_non_null(strstr(uri.p, a));
    assert_int_equal(totp_qr_svg(&svg, uri.p), 0);
    assert_true(strncmp(svg.p, "<svg", 4) == 0);
    assert_null(strstr(svg.p, "<script"));
    buf_free(&uri);
    buf_free(&svg);
}

static void
demo_totp_secrets_decode(void **state)
{
    (void)state;
    const char *secrets[] = {"ZONADEMOADMINSISTEMAAAAAAAAAAAAA", "ZONADEMOADMINUNITAAAAAAAAAAAAAAA",
                             "ZONADEMOTPIANGGOTAAAAAAAAAAAAAAA", "ZONADEMOTPIKETUAAAAAAAAAAAAAAAAA",
                             "ZONADEMOTPIDALNISAAAAAAAAAAAAAAA", "ZONADEMOTPNAAAAAAAAAAAAAAAAAAAAA",
                             "ZONADEMOPETUGASWBSAAAAAAAAAAAAAA", "ZONADEMOKUSTODIANIDENTITASAAAAAA",
                             "ZONADEMOKUSTODIANKUNCIAAAAAAAAAA"};
    for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++) {
        char code[8];
        assert_int_equal(totp_code(secrets[i], 1700000000000LL, code), 0);
    }
}

static void
password_policy(void **state)
{
    (void)state;
    assert_true(password_list_size() >= 10000);
    /* boundary: 9 characters refused, 10 accepted */
    assert_non_null(password_problem("Kx9#mQ2!v", NULL, NULL));
    assert_null(password_problem("Kx9#mQ2!vZ", NULL, NULL));
    /* counted in characters, not bytes */
    assert_non_null(password_problem("ééééééééé", NULL, NULL));
    assert_null(password_problem("éééééééééé", NULL, NULL));
    /* common: the zxcvbn list and the Indonesian one, any case */
    assert_non_null(password_problem("1234567890", NULL, NULL));
    assert_non_null(password_problem("Bismillah123", NULL, NULL));
    assert_non_null(password_problem("INDONESIARAYA", NULL, NULL));
    assert_non_null(password_problem("zonaintegritas", NULL, NULL));
    /* personal */
    assert_non_null(password_problem("x197001011995031002y", "197001011995031002", NULL));
    assert_non_null(password_problem("wayan.sudarma-2026", NULL, "wayan.sudarma@bawaslu.test"));
    assert_null(password_problem("pohon kelapa biru laut", "197001011995031002",
                                 "wayan.sudarma@bawaslu.test"));
    char big[1100];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_non_null(password_problem(big, NULL, NULL));
    assert_non_null(password_problem("abc\xff\xfe"
                                     "defghijk",
                                     NULL, NULL));
}

static void
password_hash_and_verify(void **state)
{
    (void)state;
    char h[160];
    bool rehash = true;
    assert_int_equal(password_hash("pohon kelapa biru laut", h, sizeof h), 0);
    assert_true(strncmp(h, "$argon2id$", 10) == 0);
    assert_int_equal(password_verify(h, "pohon kelapa biru laut", &rehash), 0);
    assert_int_not_equal(password_verify(h, "pohon kelapa biru lau", NULL), 0);
    assert_int_not_equal(password_verify("", "x", NULL), 0);
    assert_int_not_equal(password_verify(NULL, "x", NULL), 0);
}

static void
one_time_codes_normalise(void **state)
{
    (void)state;
    char a[65], b[65];
    assert_int_equal(auth_code_hash("ABCD-EFGH-JKMN-PQRS", a), 0);
    assert_int_equal(auth_code_hash(" abcd efgh jkmn pqrs ", b), 0);
    assert_string_equal(a, b);
    assert_int_not_equal(auth_code_hash("ABCD-EFGH-JKMN-PQR", a), 0);   /* 15 characters */
    assert_int_not_equal(auth_code_hash("ABCD-EFGH-JKMN-PQRST", a), 0); /* 17 */
    assert_int_not_equal(auth_code_hash("ABCD-EFGH-JKMN-PQR0", a), 0);  /* 0 is not used */
    assert_int_not_equal(auth_code_hash("ABCD-EFGH-JKMN-PQR!", a), 0);
    assert_int_not_equal(auth_code_hash(NULL, a), 0);
}

static void
roles_come_from_data(void **state)
{
    (void)state;
    const char *names[64];
    size_t n = acl_roles(names, 64);
    assert_int_equal(n, 16);
    const char *want[] = {"admin-sistem",    "admin-unit",  "koordinator-zi",
                          "anggota-pokja",   "pimpinan",    "tpi-anggota",
                          "tpi-ketua",       "tpi-dalnis",  "tpn",
                          "petugas-layanan", "petugas-wbs", "kustodian-identitas",
                          "kustodian-kunci", "petugas-upg", "pegawai",
                          "pemantau"};
    for (size_t i = 0; i < 16; i++)
        assert_true(acl_role_exists(want[i]));
    assert_false(acl_role_exists("raja"));
    assert_true(acl_role_needs_area("anggota-pokja"));
    assert_false(acl_role_needs_area("pimpinan"));
    const char *totp[] = {"admin-sistem", "admin-unit",          "tpi-anggota",
                          "tpi-ketua",    "tpi-dalnis",          "tpn",
                          "petugas-wbs",  "kustodian-identitas", "kustodian-kunci"};
    for (size_t i = 0; i < sizeof totp / sizeof totp[0]; i++)
        assert_true(acl_role_needs_totp(totp[i]));
    assert_false(acl_role_needs_totp("pegawai"));
    assert_true(acl_role_has("admin-unit", "user.manage"));
    assert_false(acl_role_has("pemantau", "user.manage"));
    assert_string_equal(acl_role_label("pemantau", "id"), "Pemantau (hanya baca)");
    assert_string_equal(acl_role_label("pemantau", "en"), "Monitor (read-only)");
}

static void
grants_hold_in_their_subtree(void **state)
{
    (void)state;
    struct acl_grant g[2] = {{.role = "admin-unit", .unit_path = "/1/5/77/"},
                             {.role = "pemantau", .unit_path = "/1/9/"}};
    assert_true(acl_allows(g, 2, "user.manage", "/1/5/77/"));
    assert_true(acl_allows(g, 2, "user.manage", "/1/5/77/600/"));
    assert_false(acl_allows(g, 2, "user.manage", "/1/5/"));
    assert_false(acl_allows(g, 2, "user.manage", "/1/5/78/"));
    /* "/1/5/7" must not hold in "/1/5/77/": paths end with a slash */
    assert_true(acl_allows(g, 2, "audit.read", "/1/9/90/"));
    assert_false(acl_allows(g, 2, "user.manage", "/1/9/"));
    assert_true(acl_allows_somewhere(g, 2, "audit.read"));
    assert_false(acl_allows_somewhere(g, 2, "role.nothing"));
    assert_true(acl_needs_totp(g, 2));
    assert_false(acl_needs_totp(g + 1, 1));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(totp_matches_rfc6238_vectors),
        cmocka_unit_test(totp_accepts_one_step_of_drift_and_no_more),
        cmocka_unit_test(totp_new_secrets_are_random_base32),
        cmocka_unit_test(demo_totp_secrets_decode),
        cmocka_unit_test(password_policy),
        cmocka_unit_test(password_hash_and_verify),
        cmocka_unit_test(one_time_codes_normalise),
        cmocka_unit_test(roles_come_from_data),
        cmocka_unit_test(grants_hold_in_their_subtree),
    };
    return cmocka_run_group_tests_name("auth", tests, setup, teardown);
}
