/* org's pure rules: NIPs, unit codes and types, e-mail addresses, CSV in and out. */
#include <stdlib.h>
#include <string.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include "core/buf.h"
#include "org/org.h"

static void
nip_rules(void **state)
{
    (void)state;
    assert_null(org_nip_problem("197001011995031001", 2026));
    assert_null(org_nip_problem("198002292005012003", 2026));     /* 29 Feb of a leap year */
    assert_non_null(org_nip_problem("198102292005012003", 2026)); /* 1981 is not a leap year */
    assert_non_null(org_nip_problem("19700101199503100", 2026));  /* 17 digits */
    assert_non_null(org_nip_problem("1970010119950310011", 2026));
    assert_non_null(org_nip_problem("19700101199503100a", 2026));
    assert_non_null(org_nip_problem("197013011995031001", 2026)); /* month 13 */
    assert_non_null(org_nip_problem("197004311995031001", 2026)); /* 31 April */
    assert_non_null(org_nip_problem("197001011995131001", 2026)); /* appointment month 13 */
    assert_non_null(org_nip_problem("197001011965031001", 2026)); /* appointed before birth */
    assert_non_null(org_nip_problem("197001012030031001", 2026)); /* appointed in the future */
    assert_non_null(org_nip_problem("197001011995033001", 2026)); /* sex digit 3 */
    assert_non_null(org_nip_problem("197001011995030001", 2026)); /* sex digit 0 */
    assert_non_null(org_nip_problem("", 2026));
    assert_non_null(org_nip_problem(NULL, 2026));
    /* boundary: birth years 1900 and the current year are accepted (with a later appointment) */
    assert_null(org_nip_problem("190001011925031001", 2026));
    assert_non_null(org_nip_problem("189912311925031001", 2026));
}

static void
codes_types_emails(void **state)
{
    (void)state;
    assert_true(org_unit_code_ok("RI"));
    assert_true(org_unit_code_ok("51.05"));
    assert_true(org_unit_code_ok("DIT-1_a"));
    assert_false(org_unit_code_ok(""));
    assert_false(org_unit_code_ok("51 05"));
    assert_false(org_unit_code_ok("../x"));
    assert_false(org_unit_code_ok("123456789012345678901234567890123"));
    assert_true(org_unit_type_ok("provinsi"));
    assert_true(org_unit_type_ok("kota"));
    assert_false(org_unit_type_ok("Provinsi"));
    assert_false(org_unit_type_ok(NULL));
    assert_true(org_email_ok("ayu.lestari@bawaslu.go.id"));
    assert_false(org_email_ok("ayu.lestari"));
    assert_false(org_email_ok("a@b"));
    assert_false(org_email_ok("a b@c.id"));
    assert_false(org_email_ok("a@@c.id"));
    assert_false(org_email_ok("a@c.id."));
    assert_false(org_email_ok("<a@c.id>"));
}

static void
csv_reads_quotes_and_reports_lines(void **state)
{
    (void)state;
    const char text[] = "\xEF\xBB\xBF"
                        "code,name\r\n"
                        "51,\"Bawaslu Provinsi Bali\"\r\n"
                        "\r\n"
                        "51.05,\"Bawaslu \"\"Klungkung\"\"\nbaris dua\"\n"
                        "21.01,Bintan,\n";
    struct csv_row *rows;
    size_t n;
    struct buf err = BUF_INIT;
    assert_int_equal(csv_parse(text, sizeof text - 1, &rows, &n, &err), 0);
    assert_int_equal(n, 4);
    assert_string_equal(rows[0].fields[0], "code");
    assert_string_equal(rows[1].fields[1], "Bawaslu Provinsi Bali");
    assert_int_equal(rows[1].line, 2);
    assert_string_equal(rows[2].fields[1], "Bawaslu \"Klungkung\"\nbaris dua");
    assert_int_equal(rows[2].line, 4);
    assert_int_equal(rows[3].line, 6);
    assert_int_equal(rows[3].nfields, 3);
    assert_string_equal(rows[3].fields[2], "");
    csv_free(rows, n);

    const char bad[] = "a,b\n1,\"open\n";
    assert_int_not_equal(csv_parse(bad, sizeof bad - 1, &rows, &n, &err), 0);
    assert_non_null(strstr(err.p, "line 2"));
    buf_reset(&err);
    const char notutf8[] = "a,b\n\xff,1\n";
    assert_int_not_equal(csv_parse(notutf8, sizeof notutf8 - 1, &rows, &n, &err), 0);
    buf_free(&err);
}

static void
csv_cells_are_safe_for_spreadsheets(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    csv_cell(&b, "plain", false);
    csv_cell(&b, "=HYPERLINK(\"x\")", false);
    csv_cell(&b, "+62 812", false);
    csv_cell(&b, "-1", false);
    csv_cell(&b, "@SUM(A1)", false);
    csv_cell(&b, "a,b", false);
    csv_cell(&b, "line\nbreak", true);
    assert_string_equal(b.p, "plain,\"'=HYPERLINK(\"\"x\"\")\",\"'+62 812\",\"'-1\",\"'@SUM(A1)\","
                             "\"a,b\",\"line\nbreak\"\r\n");
    buf_free(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nip_rules),
        cmocka_unit_test(codes_types_emails),
        cmocka_unit_test(csv_reads_quotes_and_reports_lines),
        cmocka_unit_test(csv_cells_are_safe_for_spreadsheets),
    };
    return cmocka_run_group_tests_name("org", tests, NULL, NULL);
}
