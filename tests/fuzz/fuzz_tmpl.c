/* fuzz_tmpl: the template compiler and renderer (src/web/tmpl.c).
 * The input is compiled; a template that compiles is rendered with a small fixed model whose
 * strings hold every character the renderer must escape. Translation returns the message id;
 * the partial "flash" is a fixed template without markup, any other partial is missing.
 *
 * Escaping oracle: values and message ids always come out escaped, so each of < > " ' ` = can
 * only reach the output from the template's own text. When the input holds none of one of them,
 * neither may the output.
 *
 * Every array of the model with more than one item holds objects that shadow the array's own
 * name with an empty list: nested sections over the same list would otherwise multiply the
 * output exponentially, which says nothing about the renderer (templates are trusted). */
#include <jansson.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "web/tmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static json_t *model;
static struct tmpl *flash;

static const char model_json[] =
    "{\"title\": \"Judul <b>\\\"&'`=</b>\", \"lang\": \"id\", \"n\": 42, \"neg\": -7,"
    " \"pi\": 3.25, \"big\": 1e300, \"yes\": true, \"no\": false, \"nil\": null,"
    " \"empty\": \"\", \"zero\": 0, \"zwsp\": \"a\\u200bb <\\u00e9>\","
    " \"user\": {\"name\": \"Ani <script>alert(1)</script>\", \"unit_name\": \"Bawaslu 'RI'\","
    "  \"role\": {\"code\": \"admin\", \"perm\": [\"lke.read\"]}},"
    " \"items\": [{\"name\": \"a&b\", \"v\": 1, \"items\": [], \"current\": true,"
    "   \"tags\": [\"x=\\\"y\\\"\"]},"
    "  {\"name\": \"`c`\", \"v\": 2, \"items\": [], \"current\": false, \"tags\": []}],"
    " \"one\": [\"only <one>\"], \"none\": [], \"obj\": {}, \"nest\": {\"a\": {\"b\": {\"c\":"
    " \"deep'\"}}}, \"errors\": {\"login\": \"Wajib diisi \\\"<\\\"\", \"form\": null},"
    " \"flash\": [{\"kind\": \"error\", \"text\": \"Gagal <&>\", \"is_error\": true}],"
    " \"lang_switch\": {\"href\": \"/?lang=en&x=\\\"1\\\"\", \"code\": \"en\","
    "  \"label\": \"English\"}, \"csrf\": \"tok'en\", \"values\": {\"login\": \"a\\\"b\"}}";

static const char *
translate(void *arg, const char *id)
{
    (void)arg;
    return id;
}

static const struct tmpl *
partial(void *arg, const char *name)
{
    (void)arg;
    return strcmp(name, "flash") == 0 ? flash : NULL;
}

static void
setup(void)
{
    if (sodium_init() < 0)
        abort();
    json_error_t e;
    model = json_loads(model_json, JSON_REJECT_DUPLICATES, &e);
    if (!model)
        abort();
    /* trusted markup, as server code makes it (no escaped characters in it) */
    json_object_set_new(model, "content", tmpl_safe("SAFE HTML", 9));
    static const char src[] = "[{{#flash}}{{kind}}: {{text}}; {{/flash}}{{t \"Close\"}}]";
    struct buf err = BUF_INIT;
    if (tmpl_compile("partials/flash", src, sizeof src - 1, &flash, &err) != 0)
        abort();
    buf_free(&err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model)
        setup();
    const char *src = (const char *)data;
    struct tmpl *t = NULL;
    struct buf err = BUF_INIT;
    int rc = tmpl_compile("fuzz", src, size, &t, &err);
    if (rc != 0) {
        /* refused with a "name:line: message" and nothing to free */
        if (rc != ZE_INVAL || t || strncmp(buf_cstr(&err), "fuzz:", 5) != 0)
            abort();
        buf_free(&err);
        return 0;
    }
    if (!t || err.len)
        abort();

    struct tmpl_env env = {translate, NULL, partial, NULL};
    struct buf out = BUF_INIT;
    rc = tmpl_render(t, model, &env, &out);
    if (rc != 0 && rc != ZE_NOTFOUND && rc != ZE_LIMIT)
        abort();
    if (!out.p || strlen(out.p) != out.len)
        abort();
    for (const char *c = "<>\"'`="; *c; c++)
        if (!memchr(src, *c, size) && memchr(out.p, *c, out.len))
            abort();

    /* Rendering is a pure function of the template and the model. */
    struct buf again = BUF_INIT;
    if (tmpl_render(t, model, &env, &again) != rc || again.len != out.len ||
        memcmp(again.p, out.p, out.len) != 0)
        abort();

    /* Without an environment, message ids are printed and every partial is missing. */
    struct buf bare = BUF_INIT;
    int brc = tmpl_render(t, model, NULL, &bare);
    if (brc != 0 && brc != ZE_NOTFOUND && brc != ZE_LIMIT)
        abort();

    buf_free(&bare);
    buf_free(&again);
    buf_free(&out);
    buf_free(&err);
    tmpl_free(t);
    return 0;
}
