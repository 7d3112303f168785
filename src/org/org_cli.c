/* org_cli: the command-line side of org and auth: zona unit, zona user, zona audit, zona routes.
 * Every change is audited with the actor "cli". Messages follow ZONA_LANG (id by default). */
#include "org_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "http/http.h"
#include "org.h"
#include "org_store.h"
#include "web/i18n.h"

static const char *
lang(void)
{
    const char *l = getenv("ZONA_LANG");
    return l && strcmp(l, "en") == 0 ? "en" : "id";
}

static int
slurp(const char *path, struct buf *out)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return ZE_IO;
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
        buf_append(out, tmp, n);
        if (out->len > 50u << 20) {
            if (f != stdin)
                fclose(f);
            return ZE_LIMIT;
        }
    }
    if (f != stdin)
        fclose(f);
    buf_append(out, "", 0);
    return 0;
}

int
org_cli_unit(struct db *db, int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "zona unit: expected import FILE.csv | import --bawaslu | list\n");
        return 2;
    }
    if (strcmp(argv[1], "import") == 0) {
        if (argc != 3) {
            fprintf(stderr, "zona unit import: expected one FILE.csv (or --bawaslu)\n");
            return 2;
        }
        struct buf err = BUF_INIT, text = BUF_INIT;
        int added = 0, updated = 0, rc;
        if (strcmp(argv[2], "--bawaslu") == 0) {
            rc = org_unit_import_bawaslu(db, 0, "cli", &err, &added, &updated);
        } else if ((rc = slurp(argv[2], &text)) != 0) {
            fprintf(stderr, "zona unit import: cannot read %s\n", argv[2]);
            buf_free(&text);
            return 1;
        } else {
            rc = org_unit_import(db, text.p, text.len - 1, 0, "cli", &err, &added, &updated);
        }
        buf_free(&text);
        if (rc) {
            org_audit_refusal(db, 0, "cli", 0, "unit.import_refused", buf_cstr(&err));
            fprintf(stderr, "zona unit import: nothing was imported:\n%s", buf_cstr(&err));
            buf_free(&err);
            return 1;
        }
        buf_free(&err);
        printf("%d unit(s) added, %d updated\n", added, updated);
        return 0;
    }
    if (strcmp(argv[1], "list") == 0) {
        const char *under = argc > 2 ? argv[2] : NULL;
        struct org_unit top = {0};
        snprintf(top.path, sizeof top.path, "/");
        if (under && org_unit_by_code(db, under, &top) != 0) {
            fprintf(stderr, "zona unit list: no unit with code %s\n", under);
            return 1;
        }
        json_t *list = json_array();
        org_store_units_under(db, top.path, "", list);
        size_t i;
        json_t *u;
        printf("code\tname\ttype\tparent\ttz\tactive\n");
        json_array_foreach(list, i, u)
            printf("%s\t%s\t%s\t%s\t%s\t%s\n", json_string_value(json_object_get(u, "code")),
                   json_string_value(json_object_get(u, "name")),
                   json_string_value(json_object_get(u, "type")),
                   json_string_value(json_object_get(u, "parent")),
                   json_string_value(json_object_get(u, "tz")),
                   json_is_true(json_object_get(u, "active")) ? "yes" : "no");
        json_decref(list);
        return 0;
    }
    fprintf(stderr, "zona unit: unknown action '%s'\n", argv[1]);
    return 2;
}

static int
user_add(struct db *db, int argc, char **argv)
{
    static const struct option opts[] = {{"nip", required_argument, NULL, 'n'},
                                         {"name", required_argument, NULL, 'a'},
                                         {"email", required_argument, NULL, 'e'},
                                         {"unit", required_argument, NULL, 'u'},
                                         {"role", required_argument, NULL, 'r'},
                                         {"position", required_argument, NULL, 'p'},
                                         {NULL, 0, NULL, 0}};
    struct org_new_user nu = {0};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            nu.nip = optarg;
            break;
        case 'a':
            nu.name = optarg;
            break;
        case 'e':
            nu.email = optarg;
            break;
        case 'u':
            nu.unit_code = optarg;
            break;
        case 'p':
            nu.position = optarg;
            break;
        case 'r':
            if (nu.nroles < 16)
                nu.roles[nu.nroles++] = optarg;
            break;
        default:
            fprintf(stderr, "zona user add: unknown option %s (see zona user --help)\n",
                    argv[optind - 1]);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "zona user add: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (!nu.nip || !nu.name || !nu.email || !nu.unit_code) {
        fprintf(stderr, "zona user add: --nip, --name, --email and --unit are required\n");
        return 2;
    }
    /* The password: one line on standard input; the newline is not part of it. */
    char line[2048];
    if (!fgets(line, sizeof line, stdin)) {
        fprintf(stderr, "zona user add: %s\n",
                i18n_t(lang(), N_("Type the password as one line on standard input.")));
        return 1;
    }
    size_t n = strlen(line);
    if (n && line[n - 1] == '\n')
        line[--n] = '\0';
    if (n && line[n - 1] == '\r')
        line[--n] = '\0';
    nu.password = line;
    int64_t id;
    const char *why = NULL, *field = NULL;
    int rc = db_begin_write(db);
    if (!rc)
        rc = org_user_create(db, &nu, 0, "cli", &id, NULL, 0, &why, &field);
    if (rc) {
        db_rollback(db);
        org_audit_refusal(db, 0, "cli", 0, "user.create_refused", why ? why : "database error");
        fprintf(stderr, "zona user add: %s%s%s\n", field ? field : "", field ? ": " : "",
                why ? i18n_t(lang(), why) : db_errmsg(db));
        return 1;
    }
    if ((rc = db_commit(db)) != 0) {
        fprintf(stderr, "zona user add: %s\n", db_errmsg(db));
        return 1;
    }
    printf("user %lld added: %s (%s)\n", (long long)id, nu.name, nu.nip);
    return 0;
}

static int
user_list(struct db *db, int argc, char **argv)
{
    struct org_unit top = {0};
    snprintf(top.path, sizeof top.path, "/");
    if (argc > 1 && org_unit_by_code(db, argv[1], &top) != 0) {
        fprintf(stderr, "zona user list: no unit with code %s\n", argv[1]);
        return 1;
    }
    json_t *list = json_array();
    int64_t total = 0;
    org_store_users_under(db, top.path, "", 1000000, 0, list, &total);
    printf("nip\tname\temail\tunit\tposition\troles\tactive\n");
    size_t i;
    json_t *u;
    json_array_foreach(list, i, u)
    {
        json_t *grants = json_array();
        org_store_grants_of(db, json_integer_value(json_object_get(u, "id")), grants);
        struct buf roles = BUF_INIT;
        size_t k;
        json_t *g;
        json_array_foreach(grants, k, g)
        {
            if (!json_is_true(json_object_get(g, "active")))
                continue;
            buf_printf(&roles, "%s%s", roles.len ? ";" : "",
                       json_string_value(json_object_get(g, "role")));
            if (json_object_get(g, "area"))
                buf_printf(&roles, ":%lld",
                           (long long)json_integer_value(json_object_get(g, "area")));
            buf_printf(&roles, "@%s", json_string_value(json_object_get(g, "unit_code")));
        }
        printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", json_string_value(json_object_get(u, "nip")),
               json_string_value(json_object_get(u, "name")),
               json_string_value(json_object_get(u, "email")),
               json_string_value(json_object_get(u, "unit_code")),
               json_string_value(json_object_get(u, "position")), buf_cstr(&roles),
               json_is_true(json_object_get(u, "active")) ? "yes" : "no");
        buf_free(&roles);
        json_decref(grants);
    }
    json_decref(list);
    return 0;
}

int
org_cli_user(struct db *db, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "add") == 0)
        return user_add(db, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return user_list(db, argc - 1, argv + 1);
    fprintf(stderr, "zona user: expected add or list (see zona user --help)\n");
    return 2;
}

int
org_cli_audit(struct db *db, int argc, char **argv)
{
    if (argc != 2 || strcmp(argv[1], "verify") != 0) {
        fprintf(stderr, "zona audit: expected verify\n");
        return 2;
    }
    int64_t checked = 0, bad = 0;
    struct buf why = BUF_INIT;
    int rc = audit_verify(db, &checked, &bad, &why);
    if (rc == ZE_CONFLICT) {
        fprintf(stderr, "zona audit verify: BROKEN at record %lld: %s\n", (long long)bad,
                buf_cstr(&why));
        buf_free(&why);
        return 1;
    }
    buf_free(&why);
    if (rc) {
        fprintf(stderr, "zona audit verify: cannot read the audit trail: %s\n", db_errmsg(db));
        return 1;
    }
    printf("audit trail intact: %lld record(s) checked\n", (long long)checked);
    return 0;
}

int
org_cli_routes(void)
{
    for (size_t i = 0; i < router_count(); i++) {
        const struct route *r = router_at(i);
        printf("%s\t%s\t%s\n", http_method_name(r->method), r->pattern,
               r->flags & ROUTE_PUBLIC ? "public" : (r->perm ? r->perm : "session"));
    }
    return 0;
}
