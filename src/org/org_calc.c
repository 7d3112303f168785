/* org_calc: rules with no I/O: NIP, codes, e-mail, CSV reading and writing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/xmem.h"
#include "org.h"
#include "web/fmt.h"
#include "web/i18n.h"

static int
num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static int
days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

const char *
org_nip_problem(const char *nip, int current_year)
{
    if (!nip || strlen(nip) != 18 || strspn(nip, "0123456789") != 18)
        return N_("The NIP must be 18 digits.");
    int by = num(nip, 4), bm = num(nip + 4, 2), bd = num(nip + 6, 2);
    /* boundary: 1900 and the current year are the outer birth years accepted */
    if (by < 1900 || by > current_year || bm < 1 || bm > 12 || bd < 1 || bd > days_in_month(by, bm))
        return N_("The first 8 digits of the NIP must be a valid birth date (YYYYMMDD).");
    int ay = num(nip + 8, 4), am = num(nip + 12, 2);
    if (ay <= by || ay > current_year || am < 1 || am > 12)
        return N_(
            "Digits 9 to 14 of the NIP must be a valid appointment month (YYYYMM) after the birth year.");
    if (nip[14] != '1' && nip[14] != '2')
        return N_("Digit 15 of the NIP must be 1 or 2.");
    return NULL;
}

bool
org_unit_type_ok(const char *type)
{
    static const char *types[] = {"pusat", "provinsi", "kabupaten", "kota", "unit"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (type && strcmp(type, types[i]) == 0)
            return true;
    return false;
}

bool
org_unit_code_ok(const char *code)
{
    size_t n = code ? strlen(code) : 0;
    return n >= 1 && n <= 32 &&
           strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_") == n;
}

bool
org_email_ok(const char *e)
{
    size_t n = e ? strlen(e) : 0;
    if (n < 5 || n > 160 || strpbrk(e, " \t\r\n<>\"',;") || !utf8_valid(e, n))
        return false;
    const char *at = strchr(e, '@');
    return at && at != e && !strchr(at + 1, '@') && strchr(at + 1, '.') && at[1] != '.' &&
           e[n - 1] != '.';
}

static void
push_field(struct csv_row *r, int *cap, struct buf *f)
{
    if (r->nfields == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        r->fields = xrealloc(r->fields, sizeof(char *) * (size_t)*cap);
    }
    r->fields[r->nfields++] = xstrndup(buf_cstr(f), f->len);
    buf_reset(f);
}

int
csv_parse(const char *src, size_t len, struct csv_row **rows, size_t *n, struct buf *err)
{
    size_t i = 0, cap = 0;
    int line = 1;
    struct buf f = BUF_INIT;
    *rows = NULL;
    *n = 0;
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    if (!utf8_valid(src + i, len - i)) {
        buf_printf(err, "the file is not UTF-8 text");
        return ZE_INVAL;
    }
    while (i < len) {
        struct csv_row r = {line, NULL, 0};
        int fcap = 0;
        bool end_row = false;
        while (!end_row) {
            buf_reset(&f);
            if (i < len && src[i] == '"') {
                i++;
                for (;;) {
                    if (i >= len) {
                        buf_printf(err, "line %d: a quoted field is not closed", r.line);
                        buf_free(&f);
                        for (int k = 0; k < r.nfields; k++)
                            free(r.fields[k]);
                        free(r.fields);
                        csv_free(*rows, *n);
                        *rows = NULL;
                        *n = 0;
                        return ZE_INVAL;
                    }
                    if (src[i] == '"') {
                        if (i + 1 < len && src[i + 1] == '"') {
                            buf_putc(&f, '"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (src[i] == '\n')
                        line++;
                    buf_putc(&f, src[i++]);
                }
                /* junk between the closing quote and the delimiter is kept, as Excel does */
                while (i < len && src[i] != ',' && src[i] != '\n' && src[i] != '\r')
                    buf_putc(&f, src[i++]);
            } else {
                while (i < len && src[i] != ',' && src[i] != '\n' && src[i] != '\r')
                    buf_putc(&f, src[i++]);
            }
            push_field(&r, &fcap, &f);
            if (i < len && src[i] == ',') {
                i++;
                if (i >= len)
                    push_field(&r, &fcap, &f);
                else
                    continue;
            }
            if (i < len && src[i] == '\r')
                i++;
            if (i < len && src[i] == '\n')
                i++;
            line++;
            end_row = true;
        }
        bool blank = r.nfields == 1 && r.fields[0][0] == '\0';
        if (blank) {
            free(r.fields[0]);
            free(r.fields);
            continue;
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *rows = xrealloc(*rows, sizeof(struct csv_row) * cap);
        }
        (*rows)[(*n)++] = r;
    }
    buf_free(&f);
    return 0;
}

void
csv_free(struct csv_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < rows[i].nfields; k++)
            free(rows[i].fields[k]);
        free(rows[i].fields);
    }
    if (n)
        free(rows);
}

void
csv_cell(struct buf *out, const char *s, bool last)
{
    if (!s)
        s = "";
    bool formula =
        s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
    /* a leading byte-order mark would be taken for the file's own and dropped */
    bool quote = formula || strpbrk(s, ",\"\r\n") != NULL || strncmp(s, "\xEF\xBB\xBF", 3) == 0;
    if (quote)
        buf_putc(out, '"');
    if (formula)
        buf_putc(out, '\'');
    for (; *s; s++) {
        if (*s == '"')
            buf_putc(out, '"');
        buf_putc(out, *s);
    }
    if (quote)
        buf_putc(out, '"');
    buf_puts(out, last ? "\r\n" : ",");
}
