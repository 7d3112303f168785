/* qr: the one QR encoder of zona (see qr.h). */
#include "qr.h"

#include <qrencode.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"

int
qr_runs(const char *text, void (*run)(void *ctx, int x, int y, int len), void *ctx, int *width)
{
    if (!text || !*text)
        return ZE_INVAL;
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q)
        return ZE_INVAL;
    int w = q->width;
    *width = w;
    for (int y = 0; y < w; y++) {
        const unsigned char *row = q->data + (size_t)y * (size_t)w;
        for (int x = 0; x < w;) {
            if (!(row[x] & 1)) {
                x++;
                continue;
            }
            int end = x;
            while (end < w && (row[end] & 1))
                end++;
            run(ctx, x, y, end - x);
            x = end;
        }
    }
    QRcode_free(q);
    return 0;
}

static void
run_path(void *ctx, int x, int y, int len)
{
    buf_printf(ctx, "M%d %dh%dv1h-%dz", x + QR_QUIET, y + QR_QUIET, len, len);
}

int
qr_svg_body(const char *text, struct buf *out, int *side)
{
    /* encoded into a buffer of its own first, so a refusal leaves out unchanged */
    struct buf path = BUF_INIT;
    int width = 0;
    int rc = qr_runs(text, run_path, &path, &width);
    if (rc == 0) {
        *side = width + 2 * QR_QUIET;
        buf_printf(out,
                   "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"%s\"/>",
                   *side, *side, buf_cstr(&path));
    }
    buf_free(&path);
    return rc;
}
