/* survey_cli: zona survey index (the NRRs, the index, IKM × 25 and its grade, the 95 % interval
 * of a responses CSV) and zona survey sample-size (Krejcie–Morgan). Both are pure: the shipped
 * instruments are in the binary; no database, no settings. */
#include "survey_cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "survey.h"
#include "survey_work.h"

static int
read_file(const char *path, struct buf *out, struct buf *err)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        buf_printf(err, "%s: %s", path, strerror(errno));
        return ZE_IO;
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        buf_append(out, chunk, n);
        if (out->len > (size_t)256 << 20) { /* 256 MiB: far beyond any survey */
            buf_printf(err, "%s: the file is too large", path);
            if (f != stdin)
                fclose(f);
            return ZE_LIMIT;
        }
    }
    int bad = ferror(f);
    if (f != stdin)
        fclose(f);
    if (bad) {
        buf_printf(err, "%s: read error", path);
        return ZE_IO;
    }
    return 0;
}

static int
cmd_index(int argc, char **argv)
{
    const char *instrument = NULL, *responses = NULL;
    int scale = SURVEY_INDEX_SCALE;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--instrument") == 0 && i + 1 < argc) {
            instrument = argv[++i];
        } else if (strcmp(argv[i], "--responses") == 0 && i + 1 < argc) {
            responses = argv[++i];
        } else if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc) {
            int64_t k;
            const char *s = argv[++i];
            if (parse_i64(s, strlen(s), &k) != 0 || k < 2 || k > 100) {
                fprintf(stderr, "zona survey index: --scale must be 2 to 100, got '%s'\n", s);
                return 2;
            }
            scale = (int)k;
        } else {
            fprintf(stderr, "zona survey index: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (!instrument || !responses) {
        fprintf(stderr, "zona survey index: --instrument ikm|spak|spkp and --responses FILE.csv "
                        "are required\n");
        return 2;
    }
    struct buf err = BUF_INIT, src = BUF_INIT;
    struct survey_instrument *in = NULL;
    struct survey_responses r = {0, 0, NULL};
    int rc = survey_instrument_shipped(instrument, &in, &err);
    if (!rc)
        rc = read_file(responses, &src, &err);
    if (!rc)
        rc = survey_responses_parse(in, responses, src.p ? src.p : "", src.len, scale, &r, &err);
    if (rc) {
        const char *m = buf_cstr(&err);
        size_t n = strlen(m);
        fprintf(stderr, "zona survey index: %.*s\n", (int)(n && m[n - 1] == '\n' ? n - 1 : n), m);
    } else {
        struct survey_result res;
        survey_compute(in, &r, &res);
        json_t *j = survey_result_json(in, &res, false);
        char *s = json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(15) | JSON_PRESERVE_ORDER);
        puts(s ? s : "{}");
        free(s);
        json_decref(j);
    }
    survey_responses_free(&r);
    survey_instrument_free(in);
    buf_free(&src);
    buf_free(&err);
    return rc ? 1 : 0;
}

static int
cmd_sample_size(int argc, char **argv)
{
    const char *pop = NULL;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--population") == 0 && i + 1 < argc) {
            pop = argv[++i];
        } else {
            fprintf(stderr, "zona survey sample-size: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (!pop) {
        fprintf(stderr, "zona survey sample-size: --population N is required\n");
        return 2;
    }
    int64_t n, s;
    if (parse_i64(pop, strlen(pop), &n) != 0 || survey_sample_size(n, &s) != 0) {
        fprintf(stderr,
                "zona survey sample-size: the population must be a whole number of at "
                "least 1, got '%s'\n",
                pop);
        return 1;
    }
    printf("%lld\n", (long long)s);
    return 0;
}

int
survey_cli(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "index") == 0)
        return cmd_index(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "sample-size") == 0)
        return cmd_sample_size(argc, argv);
    fprintf(stderr, "zona survey: expected index or sample-size (see zona survey --help)\n");
    return 2;
}
