/* lke_cli: zona framework check and zona lke score. Both are pure: they open no database, need
 * no settings and work from any directory (the shipped framework is in the binary). */
#include "lke_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/auth.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "db/db.h"
#include "lke.h"
#include "lke_docs.h"
#include "lke_work.h"
#include "org/org.h"
#include "web/i18n.h"

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
        fprintf(stderr, "zona lke: expected score, export, import or remind (see zona lke "
                        "--help)\n");
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

/* --- commands on the database -------------------------------------------------------------- */

static int
audit_cli(struct db *db, int64_t unit_id, const char *action, const char *object, json_t *after)
{
    struct audit_entry e = {.actor_id = 0,
                            .actor = "cli",
                            .unit_id = unit_id,
                            .action = action,
                            .object_type = "assessment",
                            .object_id = object,
                            .before = NULL,
                            .after = after};
    return audit_append(db, &e);
}

int
lke_cli_framework_load(struct db *db, int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "zona framework load: expected FILE\n");
        return 2;
    }
    struct buf err = BUF_INIT;
    json_t *doc = read_json(argv[2], &err);
    int rc = doc ? db_begin_write(db) : ZE_INVAL;
    if (!rc)
        rc = lke_registry_load(db, doc, "cli", &err);
    if (!rc) {
        json_t *after = json_pack("{s:O,s:O}", "framework", json_object_get(doc, "id"), "version",
                                  json_object_get(doc, "version"));
        struct audit_entry e = {.actor = "cli",
                                .action = "lke.framework_loaded",
                                .object_type = "framework",
                                .object_id = json_string_value(json_object_get(doc, "id")),
                                .after = after};
        rc = audit_append(db, &e);
        json_decref(after);
    }
    if (!rc)
        rc = db_commit(db);
    else
        db_rollback(db);
    if (rc) {
        fprintf(stderr, "zona framework load: %s not loaded:\n%s", argv[2], buf_cstr(&err));
        json_decref(doc);
        buf_free(&err);
        return 1;
    }
    printf("%s version %lld loaded; new assessments use the newest version\n",
           json_string_value(json_object_get(doc, "id")),
           (long long)json_integer_value(json_object_get(doc, "version")));
    json_decref(doc);
    buf_free(&err);
    return 0;
}

struct target {
    const char *unit, *year, *level, *out, *file;
    bool apply;
};

static int
parse_target(const char *cmd, int argc, char **argv, struct target *t)
{
    memset(t, 0, sizeof *t);
    t->level = "self";
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--unit") == 0 && i + 1 < argc)
            t->unit = argv[++i];
        else if (strcmp(argv[i], "--year") == 0 && i + 1 < argc)
            t->year = argv[++i];
        else if (strcmp(argv[i], "--level") == 0 && i + 1 < argc)
            t->level = argv[++i];
        else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            t->out = argv[++i];
        else if (strcmp(argv[i], "--apply") == 0)
            t->apply = true;
        else if (argv[i][0] != '-' && !t->file)
            t->file = argv[i];
        else {
            fprintf(stderr, "zona lke %s: unexpected argument '%s'\n", cmd, argv[i]);
            return 2;
        }
    }
    if (!t->unit || !t->year) {
        fprintf(stderr, "zona lke %s: --unit CODE and --year YYYY are required\n", cmd);
        return 2;
    }
    if (lke_level_index(t->level) < 0) {
        fprintf(stderr, "zona lke %s: --level must be self, anggota, ketua, dalnis or tpn\n", cmd);
        return 2;
    }
    return 0;
}

static int
find_assessment(struct db *db, const char *cmd, const struct target *t, struct org_unit *u,
                struct lke_assessment *a, const struct lke_fw **fw)
{
    int64_t y;
    if (parse_i64(t->year, strlen(t->year), &y) != 0 || y < 2000 || y > 2200) {
        fprintf(stderr, "zona lke %s: --year must be a year such as 2026\n", cmd);
        return 2;
    }
    if (org_unit_by_code(db, t->unit, u) != 0) {
        fprintf(stderr, "zona lke %s: no unit with code %s\n", cmd, t->unit);
        return 1;
    }
    if (lke_store_get(db, u->id, (int)y, a) != 0) {
        fprintf(stderr, "zona lke %s: %s has no assessment for %d\n", cmd, t->unit, (int)y);
        return 1;
    }
    *fw = lke_registry_get(a->framework_id, a->framework_version);
    if (!*fw) {
        fprintf(stderr, "zona lke %s: framework %s version %ld is not loaded\n", cmd,
                a->framework_id, a->framework_version);
        return 1;
    }
    return 0;
}

static bool
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static int
cli_export(struct db *db, int argc, char **argv)
{
    struct target t;
    int rc = parse_target("export", argc, argv, &t);
    if (rc)
        return rc;
    if (!t.out || (!ends_with(t.out, ".xlsx") && !ends_with(t.out, ".json"))) {
        fprintf(stderr, "zona lke export: --out FILE.xlsx or FILE.json is required\n");
        return 2;
    }
    struct org_unit u;
    struct lke_assessment a;
    const struct lke_fw *fw;
    if ((rc = find_assessment(db, "export", &t, &u, &a, &fw)) != 0)
        return rc;
    json_t *answers = lke_export_answers(db, &a, t.level);
    struct buf err = BUF_INIT;
    if (ends_with(t.out, ".json")) {
        json_t *plain = json_object();
        const char *code;
        json_t *row;
        json_object_foreach(answers, code, row)
        {
            json_t *v = json_object_get(row, "value");
            if (v && !json_is_null(v))
                json_object_set(plain, code, v);
        }
        rc = json_dump_file(plain, t.out, JSON_INDENT(2) | JSON_SORT_KEYS) ? ZE_IO : 0;
        if (rc)
            buf_printf(&err, "cannot write %s", t.out);
        json_decref(plain);
    } else {
        struct lke_doc_meta m = {.unit_code = u.code,
                                 .unit_name = u.name,
                                 .year = a.year,
                                 .level = t.level,
                                 .level_label = i18n_t("id", lke_level_label(t.level)),
                                 .lang = "id"};
        rc = lke_xlsx_export(fw->f, answers, &m, t.out, &err);
    }
    json_decref(answers);
    if (rc) {
        fprintf(stderr, "zona lke export: %s\n", buf_cstr(&err));
        buf_free(&err);
        return 1;
    }
    buf_free(&err);
    printf("%s: %s %d, level %s\n", t.out, u.code, a.year, t.level);
    return 0;
}

static int
cli_import(struct db *db, int argc, char **argv)
{
    struct target t;
    int rc = parse_target("import", argc, argv, &t);
    if (rc)
        return rc;
    if (!t.file) {
        fprintf(stderr, "zona lke import: the workbook FILE is required\n");
        return 2;
    }
    struct org_unit u;
    struct lke_assessment a;
    const struct lke_fw *fw;
    if ((rc = find_assessment(db, "import", &t, &u, &a, &fw)) != 0)
        return rc;
    json_t *imported = NULL;
    struct buf err = BUF_INIT;
    if (lke_xlsx_import(fw->f, t.file, &imported, &err) != 0) {
        fprintf(stderr, "zona lke import: %s: %s\n", t.file, buf_cstr(&err));
        buf_free(&err);
        return 1;
    }
    buf_free(&err);
    json_t *answers = json_object_get(imported, "answers");
    json_t *notes = json_object_get(imported, "notes");
    json_t *rows = json_object();
    lke_store_answers(db, a.id, "self", rows);
    int overwrite = 0, fresh = 0;
    const char *code;
    json_t *v;
    json_object_foreach(answers, code, v)
    {
        json_t *cur = json_object_get(json_object_get(rows, code), "value");
        if (cur && lke_value_equal(cur, v))
            continue;
        char *nv = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        char *ov =
            cur && !json_is_null(cur) ? json_dumps(cur, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
        printf("%-22s %s -> %s\n", code, ov ? ov : "(kosong)", nv);
        if (ov)
            overwrite++;
        else
            fresh++;
        free(nv);
        free(ov);
    }
    json_decref(rows);
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(imported, "problems"), i, p)
    {
        const char *pc = json_string_value(json_object_get(p, "code"));
        printf("%s row %lld%s%s: %s\n", json_string_value(json_object_get(p, "sheet")),
               (long long)json_integer_value(json_object_get(p, "row")), pc ? " " : "",
               pc ? pc : "", json_string_value(json_object_get(p, "message")));
    }
    printf("%zu answers read (%d new, %d would overwrite), %zu notes, %zu rows not understood\n",
           json_object_size(answers), fresh, overwrite, json_object_size(notes),
           json_array_size(json_object_get(imported, "problems")));
    if (!t.apply) {
        if (fresh || overwrite || json_object_size(notes))
            printf("nothing was changed; run again with --apply to write these answers\n");
        json_decref(imported);
        return 0;
    }
    if (!lke_state_unit_edits(a.state)) {
        fprintf(stderr,
                "zona lke import: the assessment is %s; answers are frozen until it is "
                "returned for revision\n",
                lke_state_name(a.state));
        json_decref(imported);
        return 1;
    }
    int changed = 0;
    rc = db_begin_write(db);
    if (!rc)
        rc = lke_import_apply(db, &a, answers, notes, 0, &changed);
    if (!rc) {
        json_t *after = json_pack("{s:s,s:i}", "file", t.file, "changed", changed);
        char object[64];
        snprintf(object, sizeof object, "%s/%d", u.code, a.year);
        rc = audit_cli(db, u.id, "lke.imported", object, after);
        json_decref(after);
    }
    if (!rc)
        rc = db_commit(db);
    else
        db_rollback(db);
    json_decref(imported);
    if (rc) {
        fprintf(stderr, "zona lke import: saving failed: %s\n", db_errmsg(db));
        return 1;
    }
    printf("%d answers written\n", changed);
    return 0;
}

static int
cli_remind(struct db *db, int argc, char **argv)
{
    (void)argv;
    if (argc != 2) {
        fprintf(stderr, "zona lke remind: takes no arguments\n");
        return 2;
    }
    int made = 0, mailed = 0, failed = 0;
    int rc = lke_remind(db, clock_now_ms(), &made);
    if (!rc)
        rc = lke_mail_pending(db, &mailed, &failed);
    if (rc) {
        fprintf(stderr, "zona lke remind: %s\n", db_errmsg(db));
        return 1;
    }
    printf("%d reminders added to inboxes, %d e-mails sent\n", made, mailed);
    if (failed) {
        fprintf(stderr,
                "zona lke remind: %d e-mails could not be sent (see the log); they are tried "
                "again on the next run\n",
                failed);
        return 1;
    }
    return 0;
}

int
lke_cli_lke_db(struct db *db, int argc, char **argv)
{
    struct buf err = BUF_INIT;
    lke_registry_init(db, &err); /* frameworks loaded into the database too */
    buf_free(&err);
    if (argc >= 2 && strcmp(argv[1], "export") == 0)
        return cli_export(db, argc, argv);
    if (argc >= 2 && strcmp(argv[1], "import") == 0)
        return cli_import(db, argc, argv);
    if (argc >= 2 && strcmp(argv[1], "remind") == 0)
        return cli_remind(db, argc, argv);
    fprintf(stderr, "zona lke: expected score, export, import or remind (see zona lke --help)\n");
    return 2;
}
