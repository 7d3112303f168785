/* fuzz_csv: the CSV reader behind `zona unit import` and the people import (src/org/org_calc.c),
 * on input exactly as long as the file. A file that parses must give rows with at least one
 * field, line numbers that never go down, and fields no longer than the file; a refused one
 * comes back empty with a message. Every field written back with csv_cell and read again must
 * come back the same (apart from the apostrophe that disarms formulas). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "org/org.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct csv_row *rows = NULL;
    size_t n = 0;
    struct buf err = BUF_INIT;
    int rc = csv_parse((const char *)data, size, &rows, &n, &err);
    if (rc != 0) {
        if (rc != ZE_INVAL || rows != NULL || n != 0 || err.len == 0)
            abort();
        buf_free(&err);
        return 0;
    }
    int line = 0;
    struct buf out = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].nfields < 1 || rows[i].line < line)
            abort();
        line = rows[i].line;
        for (int k = 0; k < rows[i].nfields; k++) {
            if (strlen(rows[i].fields[k]) > size)
                abort();
            csv_cell(&out, rows[i].fields[k], k == rows[i].nfields - 1);
        }
    }
    struct csv_row *again = NULL;
    size_t m = 0;
    if (out.len && csv_parse(out.p, out.len, &again, &m, &err) == 0) {
        /* blank rows vanish on both sides; compare the rows that remain */
        size_t j = 0;
        for (size_t i = 0; i < n; i++) {
            if (rows[i].nfields == 1 && !rows[i].fields[0][0])
                continue;
            if (j >= m || again[j].nfields != rows[i].nfields)
                abort();
            for (int k = 0; k < rows[i].nfields; k++) {
                const char *a = rows[i].fields[k], *b = again[j].fields[k];
                if (b[0] == '\'' && strcmp(a, b + 1) == 0)
                    continue;
                if (strcmp(a, b) != 0)
                    abort();
            }
            j++;
        }
    }
    csv_free(again, m);
    csv_free(rows, n);
    buf_free(&out);
    buf_free(&err);
    return 0;
}
