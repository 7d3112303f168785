/* form: the streaming multipart/form-data parser. Internal to http, and fuzzed. */
#ifndef ZONA_HTTP_FORM_H
#define ZONA_HTTP_FORM_H

#include <stddef.h>

#include "http.h"

struct arena;
struct form_parser;

/* Extracts the boundary parameter of a multipart Content-Type into out (NUL-terminated).
 * Returns 0 or ZE_INVAL (missing, empty, longer than 70 bytes). */
int form_boundary(const char *content_type, char *out, size_t outsz);

/* tmpdir that keeps uploaded files in memory (memfd), never on disk: the whistleblowing routes. */
#define FORM_IN_MEMORY "memfd:"

/* A parser whose fields and files are allocated in a (which also owns the parser). File parts are
 * streamed to new files under tmpdir (NULL: hashed and counted, not kept; FORM_IN_MEMORY: to
 * anonymous memory files). max_value_total bounds
 * the bytes of all non-file fields together. */
struct form_parser *form_parser_new(struct arena *a, const char *boundary, const char *tmpdir,
                                    size_t max_value_total);
/* Feeds the next bytes of the body. Returns 0, ZE_INVAL for malformed input, ZE_LIMIT when a
 * limit is passed, ZE_IO when a temporary file cannot be written. After an error, further feeds
 * return the same error. */
int form_parser_feed(struct form_parser *p, const char *data, size_t len);
/* Checks the body ended with the closing boundary. */
int form_parser_finish(struct form_parser *p);
void form_parser_result(const struct form_parser *p, struct kv **fields, int *nfields,
                        struct upload **files, int *nfiles);

#endif
