/* fuzz_survey_csv: the responses CSV reader of `zona survey index` (src/survey/survey_csv.c) and
 * the index computed from what it accepts, for the shipped IKM instrument; the first byte picks
 * the answer scale (2 to 11). A refused file comes back empty with a message naming the file; an
 * accepted one gives answers on 1..4, and NRRs, an index and an interval that are finite, within
 * 1..4 (the interval around the mean of 1..4 values) and counts that add up. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "survey/survey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct survey_instrument *ikm;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct buf err = BUF_INIT;
    if (!ikm && survey_instrument_shipped("ikm", &ikm, &err) != 0)
        abort();
    if (size < 1)
        return 0;
    int scale = 2 + data[0] % 10;
    struct survey_responses r;
    int rc =
        survey_responses_parse(ikm, "f.csv", (const char *)data + 1, size - 1, scale, &r, &err);
    if (rc != 0) {
        if (rc != ZE_INVAL || r.values || r.nrows || strncmp(buf_cstr(&err), "f.csv", 5) != 0)
            abort();
        buf_free(&err);
        return 0;
    }
    for (size_t i = 0; i < r.nrows * r.nitems; i++)
        if (r.values[i] != SURVEY_SKIPPED && !(r.values[i] >= 1 && r.values[i] <= 4))
            abort();
    struct survey_result res;
    survey_compute(ikm, &r, &res);
    if (res.n != r.nrows || res.ci_n > res.n)
        abort();
    for (size_t i = 0; i < res.nitems; i++)
        if (res.items[i].n > res.n ||
            (res.items[i].n && !(res.items[i].nrr >= 1 - 1e-9 && res.items[i].nrr <= 4 + 1e-9)))
            abort();
    if (res.has_index &&
        (!(res.index >= 1 - 1e-9 && res.index <= 4 + 1e-9) || res.grade < 'A' || res.grade > 'D'))
        abort();
    if (res.has_ci &&
        (!isfinite(res.ci95[0]) || !isfinite(res.ci95[1]) || res.ci95[0] > res.ci95[1] + 1e-9))
        abort();
    survey_responses_free(&r);
    buf_free(&err);
    return 0;
}
