/* totp: RFC 6238 codes through liboath (30-second steps, six digits, HMAC-SHA-1, the settings
 * every authenticator app uses), and the QR code that carries the secret to the phone (its
 * modules from report/pdf.c, where zona encodes every QR code). */
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>

#include "auth.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/qr.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void
init(void)
{
    oath_init();
}

void
totp_new_secret(char *out, size_t outsz)
{
    pthread_once(&once, init);
    unsigned char raw[20];
    randombytes_buf(raw, sizeof raw);
    char *b32 = NULL;
    size_t len = 0;
    out[0] = '\0';
    if (oath_base32_encode((const char *)raw, sizeof raw, &b32, &len) == OATH_OK) {
        size_t n = 0;
        for (size_t i = 0; i < len && n + 1 < outsz; i++)
            if (b32[i] != '=')
                out[n++] = b32[i];
        out[n] = '\0';
    }
    free(b32);
    sodium_memzero(raw, sizeof raw);
}

static int
decode(const char *b32, char **raw, size_t *len)
{
    pthread_once(&once, init);
    return oath_base32_decode(b32, strlen(b32), raw, len) == OATH_OK ? 0 : ZE_INVAL;
}

bool
totp_check_step(const char *secret_b32, const char *code, int64_t now_ms, int64_t *step)
{
    if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6)
        return false;
    char *raw = NULL;
    size_t len = 0;
    if (decode(secret_b32, &raw, &len) != 0)
        return false;
    int pos = 0;
    uint64_t counter = 0;
    int rc = oath_totp_validate3(raw, len, (time_t)(now_ms / 1000), 30, 0, 1, &pos, &counter, code);
    sodium_memzero(raw, len);
    free(raw);
    if (step)
        *step = (int64_t)counter;
    return rc >= 0;
}

bool
totp_check(const char *secret_b32, const char *code, int64_t now_ms)
{
    return totp_check_step(secret_b32, code, now_ms, NULL);
}

int
totp_code(const char *secret_b32, int64_t now_ms, char *out)
{
    char *raw = NULL;
    size_t len = 0;
    if (decode(secret_b32, &raw, &len) != 0)
        return ZE_INVAL;
    int rc = oath_totp_generate(raw, len, (time_t)(now_ms / 1000), 30, 0, 6, out);
    sodium_memzero(raw, len);
    free(raw);
    return rc == OATH_OK ? 0 : ZE_INVAL;
}

static void
uri_escape(struct buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '@') {
            buf_putc(out, (char)c);
        } else {
            buf_putc(out, '%');
            buf_putc(out, hex[c >> 4]);
            buf_putc(out, hex[c & 15]);
        }
    }
}

void
totp_uri(struct buf *out, const char *secret_b32, const char *account)
{
    buf_puts(out, "otpauth://totp/zona:");
    uri_escape(out, account);
    buf_printf(out, "?secret=%s&issuer=zona&algorithm=SHA1&digits=6&period=30", secret_b32);
}

int
totp_qr_svg(struct buf *out, const char *text)
{
    struct buf body = BUF_INIT;
    int side = 0;
    int rc = qr_svg_body(text, &body, &side);
    if (rc == 0)
        buf_printf(out,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"232\" "
                   "height=\"232\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR\">"
                   "%s</svg>",
                   side, side, buf_cstr(&body));
    buf_free(&body);
    return rc;
}
