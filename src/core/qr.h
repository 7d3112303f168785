/* qr: QR codes as zona prints and shows them. libqrencode, 8-bit mode, error correction level M
 * (what a phone camera reads off paper that has been handled), with the 4-module quiet zone of
 * the standard. One encoder for every QR code of zona: the PDF writer draws its runs, the SVGs of
 * the sign-in (TOTP) and the surveys take qr_svg_body. No domain; thread-safe. */
#ifndef ZONA_CORE_QR_H
#define ZONA_CORE_QR_H

struct buf;

enum { QR_QUIET = 4 }; /* modules of white around the symbol (ISO/IEC 18004) */

/* Encodes text and calls run(ctx, x, y, len) for each horizontal run of dark modules, in module
 * units from the symbol's top left corner (without the quiet zone); *width receives the symbol's
 * width in modules (without the quiet zone). Returns 0, or ZE_INVAL when text is empty or too
 * long for a QR code (run is then never called). */
int qr_runs(const char *text, void (*run)(void *ctx, int x, int y, int len), void *ctx, int *width);

/* The QR code as SVG content, one user unit a module: a white square side × side (the quiet zone
 * included) and a black <path> of the dark modules. The caller wraps it in its own
 * <svg viewBox="0 0 side side"> with its size and (escaped) accessible name. Appends to out and
 * sets *side; returns 0, or ZE_INVAL with out unchanged. */
int qr_svg_body(const char *text, struct buf *out, int *side);

#endif
