/* Internal allocations that abort with a message on OOM (Redis zmalloc, git xmalloc). */
#ifndef ZONA_CORE_XMEM_H
#define ZONA_CORE_XMEM_H

#include <stddef.h>
#include <stdint.h>

/* Each returns memory owned by the caller (free with free()); never returns NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Drops const where a C API wants a mutable pointer it will not write (argv, free). */
#define UNCONST(p) ((void *)(uintptr_t)(p))

#endif
