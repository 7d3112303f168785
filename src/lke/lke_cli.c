/* lke_cli: zona framework check and zona lke score. Both are pure: they open no database, need
 * no settings and work from any directory (the shipped framework is in the binary). */
#include "lke_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "lke.h"

static json_t *
read_json(const char *path, struct buf *err)
{
    json_error_t e;
    json_t *j = strcmp(path, "-") == 0 ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &e)
                                       : json_load_file(path, JSON_REJECT_DUPLICATES, &e);
    if (!j)
        buf_printf(err, "%s:%d:%d: %s\n", path, e.line, e.column, e.text);
    return j;
}

int
lke_cli_framework(int argc, char **argv)
{
    if (argc != 3 || strcmp(argv[1], "check") != 0) {
        fprintf(stderr, "zona framework: expected check FILE\n");
        return 2;
    }
    struct buf err = BUF_INIT;
    json_t *doc = read_json(argv[2], &err);
    struct lke_framework *f = NULL;
    int rc = doc ? lke_framework_load(doc, &f, &err) : ZE_INVAL;
    json_decref(doc);
    if (rc) {
        fprintf(stderr, "zona framework check: %s has problems:\n%s", argv[2], buf_cstr(&err));
        buf_free(&err);
        return 1;
    }
    size_t counts[3] = {0, 0, 0};
    for (size_t i = 0; i < f->nquestions; i++)
        counts[f->questions[i].area < 0 ? 2 : f->areas[f->questions[i].area].part]++;
    printf("%s version %ld: valid; %zu questions (pemenuhan %zu, reform %zu, hasil %zu), %zu "
           "indicators\n",
           f->id, f->version, f->nquestions, counts[0], counts[1], counts[2], f->nindicators);
    lke_framework_free(f);
    buf_free(&err);
    return 0;
}

int
lke_cli_lke(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "score") != 0) {
        fprintf(stderr, "zona lke: expected score --answers FILE.json [--framework FILE]\n");
        return 2;
    }
    const char *answers_path = NULL, *framework_path = NULL;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--answers") == 0 && i + 1 < argc) {
            answers_path = argv[++i];
        } else if (strcmp(argv[i], "--framework") == 0 && i + 1 < argc) {
            framework_path = argv[++i];
        } else {
            fprintf(stderr, "zona lke score: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (!answers_path) {
        fprintf(stderr, "zona lke score: --answers FILE.json is required\n");
        return 2;
    }
    struct buf err = BUF_INIT;
    struct lke_framework *f = NULL;
    int rc;
    if (framework_path) {
        json_t *doc = read_json(framework_path, &err);
        rc = doc ? lke_framework_load(doc, &f, &err) : ZE_INVAL;
        json_decref(doc);
    } else {
        rc = lke_framework_shipped(&f, &err);
    }
    if (rc) {
        fprintf(stderr, "zona lke score: the framework has problems:\n%s", buf_cstr(&err));
        buf_free(&err);
        return 1;
    }
    json_t *answers = read_json(answers_path, &err), *result = NULL;
    rc = answers ? lke_score(f, answers, &result, &err) : ZE_INVAL;
    json_decref(answers);
    lke_framework_free(f);
    if (rc) {
        fprintf(stderr, "zona lke score: %s\n", buf_cstr(&err));
        buf_free(&err);
        return 1;
    }
    char *s = json_dumps(result, JSON_INDENT(2) | JSON_REAL_PRECISION(15) | JSON_PRESERVE_ORDER);
    puts(s ? s : "{}");
    free(s);
    json_decref(result);
    buf_free(&err);
    return 0;
}
