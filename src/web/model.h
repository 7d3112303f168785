/* model: reading the JSON rows and models the pages render (the stores hand rows to the routes as
 * jansson objects). Missing keys read as "" and 0, so a template never sees NULL. */
#ifndef ZONA_WEB_MODEL_H
#define ZONA_WEB_MODEL_H

#include <jansson.h>
#include <stdint.h>

/* The string at key, "" when absent or not a string. */
static inline const char *
jstr(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* The integer at key, 0 when absent or not an integer. */
static inline int64_t
jnum(json_t *o, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(o, key));
}

/* json_decref for arena_defer, which hands a void pointer. */
static inline void
jdecref(void *p)
{
    json_decref(p);
}

#endif
