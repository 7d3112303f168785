/* Arenas: every request owns one; handlers allocate from it and never free. */
#ifndef ZONA_CORE_ARENA_H
#define ZONA_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* Creates an arena. Owned by the caller; arena_free() releases every block and runs the
 * deferred destructors in reverse order. Not thread-safe: one arena, one thread. */
struct arena *arena_new(void);
void arena_free(struct arena *a);
/* Zeroed memory, aligned for any type, valid until arena_free(). Never NULL. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Runs fn(p) when the arena is freed (json_decref, db_finalize, close...). */
void arena_defer(struct arena *a, void (*fn)(void *), void *p);
/* Bytes handed out so far (for limits and metrics). */
size_t arena_used(const struct arena *a);

#endif
