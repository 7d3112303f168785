/* fuzz_complaint: a complaint as the public (or an officer, by the first byte) sends it, as an
 * urlencoded body read by complaint_read, and the tracking number a complainant types. An
 * accepted complaint has a known class (and channel), a non-empty subject and body of valid UTF-8
 * within their limits, and no name or contact when anonymous; a refusal names fields. A typed
 * number that normalises is "ADU-" and 8 characters of the alphabet, and normalises to itself. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "complaint/complaint.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct form {
    struct kv *kv;
    int n;
};

static const char *
get(void *arg, const char *name)
{
    struct form *f = arg;
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->kv[i].name, name) == 0)
            return f->kv[i].value;
    return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bool officer = data[0] & 1;
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    struct arena *a = arena_new();
    struct form f = {NULL, 0};
    if (http_parse_urlencoded(a, body, len, &f.kv, &f.n) == 0) {
        struct complaint_input in;
        json_t *errs = json_object();
        int rc = complaint_read(get, &f, officer, &in, errs);
        if (rc == 0) {
            if (json_object_size(errs) || !complaint_class_ok(in.klass) ||
                !complaint_channel_ok(in.channel) || !*in.subject || !*in.body ||
                !utf8_valid(in.subject, strlen(in.subject)) ||
                !utf8_valid(in.body, strlen(in.body)) || (!officer && strcmp(in.channel, "web")))
                abort();
            if (in.anonymous && (*in.name || *in.contact))
                abort();
        } else if (rc != ZE_INVAL || json_object_size(errs) == 0) {
            abort();
        }
        complaint_input_clear(&in);
        json_decref(errs);
    }
    arena_free(a);
    /* the input as a typed tracking number */
    char typed[64], out[COMPLAINT_TRACKING_LEN + 1], again[COMPLAINT_TRACKING_LEN + 1];
    size_t n = len < sizeof typed - 1 ? len : sizeof typed - 1;
    memcpy(typed, body, n);
    typed[n] = '\0';
    if (strlen(typed) == n && complaint_tracking_normalise(typed, out) == 0) {
        if (strlen(out) != COMPLAINT_TRACKING_LEN || strncmp(out, "ADU-", 4) != 0 ||
            complaint_tracking_normalise(out, again) != 0 || strcmp(out, again) != 0)
            abort();
    }
    return 0;
}
