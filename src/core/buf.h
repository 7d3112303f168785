/* Strings as lengths plus bytes, and a growable byte buffer. */
#ifndef ZONA_CORE_BUF_H
#define ZONA_CORE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct str {
    const char *p;
    size_t len;
};

#define STR_LIT(s) ((struct str){(s), sizeof(s) - 1})

/* A growable buffer. Owned by whoever declared it; buf_free() releases it. The content is
 * always NUL-terminated (p[len] == 0) once anything was appended. */
struct buf {
    char *p;
    size_t len;
    size_t cap;
};

#define BUF_INIT                                                                                   \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
/* Returns the buffer's bytes (NUL-terminated, caller frees) and empties b. */
char *buf_steal(struct buf *b);
/* The content as a C string ("" when empty); valid until the next append. */
const char *buf_cstr(const struct buf *b);

struct str str_from(const char *s);
bool str_eq(struct str a, const char *b);
bool str_ieq(struct str a, const char *b);
bool str_has_prefix(const char *s, const char *prefix);

/* Strictly parses a whole decimal integer (optional leading '-'); no spaces, no overflow.
 * Returns 0 or ZE_INVAL. */
int parse_i64(const char *s, size_t len, int64_t *out);

/* True when p[0..len) is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF) and holds
 * no NUL byte. */
bool utf8_valid(const char *p, size_t len);

/* Case-insensitive ASCII comparison, like strcasecmp but locale-free. */
int ascii_casecmp(const char *a, const char *b);

#endif
