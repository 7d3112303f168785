/* The workbook's two halves agree: what lke_xlsx_export writes, lke_xlsx_import reads back as the
 * same answers and notes, in Indonesian and in English, and both score the same. */
#include <stdio.h>
#include <stdlib.h>
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
#include "lke/lke.h"
#include "lke/lke_docs.h"
#include "lke/lke_work.h"

static json_t *
sample(const struct lke_framework *f, json_t **plain)
{
    json_t *rows = json_object();
    *plain = json_object();
    for (size_t i = 0; i < f->nquestions; i++) {
        const struct lke_question *q = &f->questions[i];
        if (i % 7 == 3)
            continue; /* some unanswered */
        json_t *v;
        if (q->type == LKE_YN)
            v = json_string(i % 3 ? "ya" : "tidak");
        else if (q->type == LKE_OPTIONS)
            v = json_string(q->option_keys[i % (size_t)q->noptions]);
        else if (q->type == LKE_INDEX)
            v = json_real(3.25);
        else if (q->ninputs >= 2) {
            json_t *in = json_object();
            for (int k = 0; k < q->ninputs; k++)
                json_object_set_new(in, q->input_keys[k], json_integer(10 + k));
            v = json_pack("{s:o}", "inputs", in);
        } else
            v = json_real(87.5);
        json_object_set(*plain, q->code, v);
        json_object_set_new(rows, q->code,
                            json_pack("{s:o,s:s,s:[s]}", "value", v, "note",
                                      i % 5 ? "" : "=catatan, bukan rumus", "evidence",
                                      "1.i.a SK Tim ZI.pdf"));
    }
    return rows;
}

static void
round_trip(const char *lang)
{
    struct lke_framework *f;
    struct buf err = BUF_INIT;
    assert_int_equal(lke_framework_shipped(&f, &err), 0);
    json_t *plain, *rows = sample(f, &plain);
    char path[] = "/tmp/zona-roundtrip-XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    struct lke_doc_meta m = {.unit_code = "51.05",
                             .unit_name = "Bawaslu Kabupaten Klungkung",
                             .year = 2026,
                             .level = "self",
                             .level_label = "Penilaian mandiri",
                             .lang = lang};
    if (lke_xlsx_export(f, rows, &m, path, &err) != 0)
        fail_msg("export: %s", buf_cstr(&err));
    json_t *back = NULL;
    if (lke_xlsx_import(f, path, &back, &err) != 0)
        fail_msg("import: %s", buf_cstr(&err));
    unlink(path);
    json_t *answers = json_object_get(back, "answers");
    assert_int_equal(json_array_size(json_object_get(back, "problems")), 0);
    assert_int_equal(json_object_size(answers), json_object_size(plain));
    const char *code;
    json_t *v;
    json_object_foreach(plain, code, v)
    {
        if (!lke_value_equal(v, json_object_get(answers, code)))
            fail_msg("%s: wrote %s, read %s", code, json_dumps(v, JSON_ENCODE_ANY),
                     json_dumps(json_object_get(answers, code), JSON_ENCODE_ANY));
    }
    json_t *notes = json_object_get(back, "notes");
    json_object_foreach(rows, code, v)
    {
        const char *note = json_string_value(json_object_get(v, "note"));
        if (*note)
            assert_string_equal(json_string_value(json_object_get(notes, code)), note);
    }
    json_t *r1 = NULL, *r2 = NULL;
    assert_int_equal(lke_score(f, plain, &r1, &err), 0);
    assert_int_equal(lke_score(f, answers, &r2, &err), 0);
    assert_float_equal(json_number_value(json_object_get(r1, "total")),
                       json_number_value(json_object_get(r2, "total")), 1e-9);
    json_decref(r1);
    json_decref(r2);
    json_decref(back);
    json_decref(rows);
    json_decref(plain);
    lke_framework_free(f);
    buf_free(&err);
}

static void
an_exported_workbook_reads_back_the_same(void **state)
{
    (void)state;
    round_trip("id");
}

static void
the_english_workbook_reads_back_too(void **state)
{
    (void)state;
    round_trip("en");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_exported_workbook_reads_back_the_same),
        cmocka_unit_test(the_english_workbook_reads_back_too),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
