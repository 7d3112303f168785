/* i18n: message catalogs in gettext .po files (data/locale/id.po and en.po). Code and templates
 * carry English message ids; N_("...") marks an id in C for the catalog check. */
#ifndef ZONA_WEB_I18N_H
#define ZONA_WEB_I18N_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

#ifndef N_
#define N_(s) (s)
#endif

struct po_entry {
    char *id;
    char *str;
};

/* Parses a .po file into entries (sorted by id; caller frees with po_free). The header entry
 * (empty msgid) is skipped; an entry with an empty msgstr is kept so checks can report it.
 * Returns 0 or ZE_INVAL with "line N: message" in err. Pure; fuzzed. */
int po_parse(const char *src, size_t len, struct po_entry **out, size_t *n, struct buf *err);
void po_free(struct po_entry *e, size_t n);

/* Loads data/locale/id.po and en.po from the embedded files. Returns 0 or ZE_INVAL. */
int i18n_load(struct buf *err);
void i18n_unload(void);
/* The text of id in lang ("id" or "en"); id itself when missing. Thread-safe after load. */
const char *i18n_t(const char *lang, const char *id);
/* True when lang's catalog holds a non-empty translation for id. */
bool i18n_has(const char *lang, const char *id);
/* A tmpl_translate_fn: arg is the language string. */
const char *i18n_tmpl_translate(void *lang, const char *id);

#endif
