/* wbs.js: the whistleblowing report form (templates/wbs/form.html). The form works without it
 * only when the proof of work is off (ZONA_WBS_POW_BITS=0); otherwise a <noscript> notice says
 * why it is needed.
 *
 * - Proof of work against spam (src/wbs/wbs_crypto.h): the server puts a challenge (16 bytes as
 *   hex) and a difficulty (bits) in the form. On submit this finds the smallest nonce such that
 *   BLAKE2b-256(challenge || nonce as unsigned 64-bit little-endian) starts with `bits` zero
 *   bits (from the most significant bit of byte 0), puts it in pow_nonce, shows a short status
 *   and sends the form. The search runs in slices so the page stays responsive.
 * - Attachments: says at once when more files, or larger ones, are chosen than the form takes.
 *
 * BLAKE2b is written here from RFC 7693 (no third-party code): 64-bit words as pairs of 32-bit
 * halves (low, high) in Uint32Arrays. The pure functions are exported as zonaWbs on the global
 * object, so tests/e2e/wbs_pow.test.mjs runs them in node without a DOM. */
(function (root) {
  "use strict";

  /* RFC 7693 §2.6: the initialisation vector, each 64-bit word as (low, high). */
  var IV = new Uint32Array([
    0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a,
    0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19
  ]);

  /* RFC 7693 §2.7: the message schedule of rounds 0..9 (rounds 10 and 11 repeat 0 and 1). */
  var SIGMA = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0]
  ];

  var TWO32 = 4294967296;
  var v = new Uint32Array(32); /* the working vector v[0..15], as (low, high) pairs */

  /* v[a] += v[b] (64-bit, a and b index the low halves). */
  function add64(a, b) {
    var lo = v[a] + v[b];
    var hi = v[a + 1] + v[b + 1];
    if (lo >= TWO32) {
      hi++;
    }
    v[a] = lo;
    v[a + 1] = hi;
  }

  /* v[a] += m[i] (a message word). */
  function add64m(a, m, i) {
    var lo = v[a] + m[i];
    var hi = v[a + 1] + m[i + 1];
    if (lo >= TWO32) {
      hi++;
    }
    v[a] = lo;
    v[a + 1] = hi;
  }

  /* RFC 7693 §3.1, the mixing function G with the rotations 32, 24, 16 and 63. */
  function mix(m, a, b, c, d, x, y) {
    var lo, hi;
    add64(a, b);
    add64m(a, m, 2 * x);
    lo = v[d] ^ v[a];
    hi = v[d + 1] ^ v[a + 1];
    v[d] = hi; /* rotr 32: swap the halves */
    v[d + 1] = lo;
    add64(c, d);
    lo = v[b] ^ v[c];
    hi = v[b + 1] ^ v[c + 1];
    v[b] = (lo >>> 24) ^ (hi << 8); /* rotr 24 */
    v[b + 1] = (hi >>> 24) ^ (lo << 8);
    add64(a, b);
    add64m(a, m, 2 * y);
    lo = v[d] ^ v[a];
    hi = v[d + 1] ^ v[a + 1];
    v[d] = (lo >>> 16) ^ (hi << 16); /* rotr 16 */
    v[d + 1] = (hi >>> 16) ^ (lo << 16);
    add64(c, d);
    lo = v[b] ^ v[c];
    hi = v[b + 1] ^ v[c + 1];
    v[b] = (hi >>> 31) ^ (lo << 1); /* rotr 63, that is rotl 1 */
    v[b + 1] = (lo >>> 31) ^ (hi << 1);
  }

  /* RFC 7693 §3.2, the compression function F: h (16 halves) absorbs the block m (32 halves);
   * t is the count of bytes so far (below 2^53 here), last marks the final block. */
  function compress(h, m, t, last) {
    var i, r, s;
    for (i = 0; i < 16; i++) {
      v[i] = h[i];
      v[i + 16] = IV[i];
    }
    v[24] ^= t >>> 0; /* v12 ^= t mod 2^64 (low word of the counter) */
    v[25] ^= Math.floor(t / TWO32);
    if (last) {
      v[28] = ~v[28]; /* v14 inverted */
      v[29] = ~v[29];
    }
    for (r = 0; r < 12; r++) {
      s = SIGMA[r % 10];
      mix(m, 0, 8, 16, 24, s[0], s[1]);
      mix(m, 2, 10, 18, 26, s[2], s[3]);
      mix(m, 4, 12, 20, 28, s[4], s[5]);
      mix(m, 6, 14, 22, 30, s[6], s[7]);
      mix(m, 0, 10, 20, 30, s[8], s[9]);
      mix(m, 2, 12, 22, 24, s[10], s[11]);
      mix(m, 4, 14, 16, 26, s[12], s[13]);
      mix(m, 6, 8, 18, 28, s[14], s[15]);
    }
    for (i = 0; i < 16; i++) {
      h[i] ^= v[i] ^ v[i + 16];
    }
  }

  /* The state for an unkeyed digest of outlen bytes (parameter block: fanout and depth 1). */
  function init(outlen) {
    var h = new Uint32Array(IV);
    h[0] ^= 0x01010000 ^ outlen;
    return h;
  }

  /* Reads the block of bytes at off (zero-padded past the end) into m as 32-bit words. */
  function load(m, bytes, off) {
    var i, k, w, b;
    for (i = 0; i < 32; i++) {
      w = 0;
      for (k = 0; k < 4; k++) {
        b = off + 4 * i + k;
        w |= (b < bytes.length ? bytes[b] : 0) << (8 * k);
      }
      m[i] = w;
    }
  }

  /* BLAKE2b of bytes (a Uint8Array or an array of byte values), unkeyed, outlen 1..64 bytes
   * (default 32). Returns a Uint8Array. */
  function blake2b(bytes, outlen) {
    outlen = outlen || 32;
    if (outlen < 1 || outlen > 64) {
      throw new RangeError("outlen must be 1..64");
    }
    var h = init(outlen);
    var m = new Uint32Array(32);
    var n = bytes.length, off = 0;
    while (n - off > 128) {
      load(m, bytes, off);
      off += 128;
      compress(h, m, off, false);
    }
    load(m, bytes, off);
    compress(h, m, n, true);
    var out = new Uint8Array(outlen);
    for (var i = 0; i < outlen; i++) {
      out[i] = h[i >> 2] >>> (8 * (i & 3));
    }
    return out;
  }

  function hexToBytes(hex) {
    if (typeof hex !== "string" || hex.length % 2 || /[^0-9a-fA-F]/.test(hex)) {
      throw new TypeError("not hex");
    }
    var out = new Uint8Array(hex.length / 2);
    for (var i = 0; i < out.length; i++) {
      out[i] = parseInt(hex.substr(2 * i, 2), 16);
    }
    return out;
  }

  function bytesToHex(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) {
      s += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    }
    return s;
  }

  /* Zero bits at the start of bytes, from the most significant bit of byte 0. */
  function leadingZeroBits(bytes) {
    var n = 0;
    for (var i = 0; i < bytes.length; i++) {
      var b = bytes[i] & 0xff;
      if (b === 0) {
        n += 8;
        continue;
      }
      while (!(b & 0x80)) {
        n++;
        b <<= 1;
      }
      break;
    }
    return n;
  }

  /* The 24 bytes hashed for a proof: challenge (16 bytes) || nonce (u64 little-endian). The
   * nonce is a number below 2^53. */
  function powInput(challengeHex, nonce) {
    var c = hexToBytes(challengeHex);
    if (c.length !== 16) {
      throw new TypeError("a challenge has 16 bytes");
    }
    var bytes = new Uint8Array(24);
    bytes.set(c, 0);
    var lo = nonce % TWO32, hi = Math.floor(nonce / TWO32);
    for (var k = 0; k < 4; k++) {
      bytes[16 + k] = (lo >>> (8 * k)) & 0xff;
      bytes[20 + k] = (hi >>> (8 * k)) & 0xff;
    }
    return bytes;
  }

  function powDigest(challengeHex, nonce) {
    return blake2b(powInput(challengeHex, nonce), 32);
  }

  /* The smallest nonce in [from, from + count) that solves the challenge at bits, or -1. The
   * block is loaded once; each try sets the nonce's two words and compresses once. */
  function powSearch(challengeHex, bits, from, count) {
    var m = new Uint32Array(32);
    load(m, powInput(challengeHex, 0), 0);
    var h = new Uint32Array(16);
    var start = init(32);
    var end = from + count;
    for (var nonce = from; nonce < end; nonce++) {
      m[4] = nonce % TWO32; /* bytes 16..23: the halves of the third 64-bit word */
      m[5] = Math.floor(nonce / TWO32);
      h.set(start);
      compress(h, m, 24, true);
      if (zeroBits(h, bits)) {
        return nonce;
      }
    }
    return -1;
  }

  /* True when the digest in the state h (its bytes are little-endian words) starts with bits
   * zero bits. */
  function zeroBits(h, bits) {
    var k = 0;
    while (bits > 0) {
      var b = (h[k >> 2] >>> (8 * (k & 3))) & 0xff;
      if (bits >= 8) {
        if (b !== 0) {
          return false;
        }
        bits -= 8;
        k++;
      } else {
        return (b >>> (8 - bits)) === 0;
      }
    }
    return true;
  }

  function powSolve(challengeHex, bits) {
    return powSearch(challengeHex, bits, 0, Number.MAX_SAFE_INTEGER);
  }

  var api = {
    blake2b: blake2b,
    hexToBytes: hexToBytes,
    bytesToHex: bytesToHex,
    leadingZeroBits: leadingZeroBits,
    powInput: powInput,
    powDigest: powDigest,
    powSearch: powSearch,
    powSolve: powSolve
  };
  root.zonaWbs = api;

  if (typeof document === "undefined" || !document.querySelector) {
    return;
  }

  var SLICE = 4096; /* tries between two looks at the page */

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  function wirePow(form) {
    var challenge = form.querySelector("input[name='pow_challenge']");
    var bitsInput = form.querySelector("input[name='pow_bits']");
    var nonce = form.querySelector("input[name='pow_nonce']");
    var status = form.querySelector("[data-wbs-status]");
    var solving = false;
    if (!challenge || !bitsInput || !nonce) {
      return;
    }
    var bits = parseInt(bitsInput.value, 10) || 0;
    form.addEventListener("submit", function (ev) {
      if (bits <= 0 || nonce.value !== "") {
        return;
      }
      ev.preventDefault();
      if (solving) {
        return;
      }
      solving = true;
      if (status) {
        status.textContent = status.getAttribute("data-text-working") || "";
      }
      var next = 0;
      var step = function () {
        var found = powSearch(challenge.value, bits, next, SLICE);
        if (found >= 0) {
          nonce.value = String(found);
          form.submit();
          return;
        }
        next += SLICE;
        window.setTimeout(step, 0);
      };
      window.setTimeout(step, 0);
    });
    /* a page brought back from the history starts over */
    window.addEventListener("pageshow", function () {
      solving = false;
      if (status) {
        status.textContent = "";
      }
    });
  }

  function wireFiles(input) {
    var note = document.getElementById(input.id + "-check");
    var max = parseInt(input.getAttribute("data-files-max"), 10) || 0;
    var maxBytes = parseInt(input.getAttribute("data-file-max-bytes"), 10) || 0;
    if (!note) {
      return;
    }
    input.addEventListener("change", function () {
      var text = "";
      if (max && input.files.length > max) {
        text = input.getAttribute("data-text-too-many") || "";
      } else {
        each(input.files, function (f) {
          if (maxBytes && f.size > maxBytes) {
            text = input.getAttribute("data-text-too-big") || "";
          }
        });
      }
      note.textContent = text;
      note.hidden = text === "";
    });
  }

  function start() {
    each(document.querySelectorAll("form[data-wbs-pow]"), wirePow);
    each(document.querySelectorAll("input[type='file'][data-files-max]"), wireFiles);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})(typeof window !== "undefined" ? window : globalThis);
