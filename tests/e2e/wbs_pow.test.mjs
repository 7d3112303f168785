// The whistleblowing form's proof-of-work solver (static/js/wbs.js), run in node without a
// browser or a server: its BLAKE2b (written from RFC 7693) against known digests, and the
// solver against the test vectors of src/wbs/wbs_crypto.h, which the C side checks too
// (tests/unit/test_wbs_crypto.c): challenge 000102030405060708090a0b0c0d0e0f is solved by
// nonce 1472 at 8 bits and 7490 at 12 bits, whose digest begins 00 05 9e ae.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const source = readFileSync(join(root, 'static', 'js', 'wbs.js'), 'utf8');

/** wbs.js in a fresh context with no document: it only exports its pure functions. */
function load() {
    const sandbox = {};
    vm.createContext(sandbox);
    vm.runInContext(source, sandbox, { filename: 'static/js/wbs.js' });
    assert.ok(sandbox.zonaWbs, 'wbs.js exports zonaWbs');
    return sandbox.zonaWbs;
}

const wbs = load();
const hex = (bytes) => Buffer.from(bytes).toString('hex');
const ascii = (s) => Uint8Array.from(Buffer.from(s, 'latin1'));
const counting = (n) => Uint8Array.from({ length: n }, (_, i) => i % 256);
const CHALLENGE = '000102030405060708090a0b0c0d0e0f';

test('BLAKE2b-256 of "" and "abc"', () => {
    assert.equal(hex(wbs.blake2b(new Uint8Array(0), 32)),
        '0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8');
    assert.equal(hex(wbs.blake2b(ascii('abc'), 32)),
        'bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319');
    assert.equal(hex(wbs.blake2b(ascii('abc'))), hex(wbs.blake2b(ascii('abc'), 32)),
        'the digest is 32 bytes by default');
});

test('BLAKE2b-512 of "abc" is the example of RFC 7693 appendix A', () => {
    assert.equal(hex(wbs.blake2b(ascii('abc'), 64)),
        'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1' +
        '7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923');
});

test('BLAKE2b-256 across block boundaries (digests from Python hashlib)', () => {
    const want = {
        127: 'f2fe67ff342e21b8f45e8f2e0bcd1d9243245d50ee6c78042e9c491388791c72',
        128: 'c3582f71ebb2be66fa5dd750f80baae97554f3b015663c8be377cfcb2488c1d1',
        129: 'f7f3c46ba2564ff4c4c162da1f5b605f9f1c4aa6a20652a9f9a337c1a2f5b9c9',
        255: '1d0850ee9bca0abc9601e9deabe1418fedec2fb6ac4150bd5302d2430f9be943',
        256: '39a7eb9fedc19aabc83425c6755dd90e6f9d0c804964a1f4aaeea3b9fb599835',
        768: 'b8007121274217790e2923e0ad7027986e5a99d5531ef6ae7d294140fc81615d',
    };
    for (const [n, digest] of Object.entries(want))
        assert.equal(hex(wbs.blake2b(counting(Number(n)), 32)), digest, `${n} bytes`);
});

test('the proof hashes challenge || nonce as u64 little-endian', () => {
    assert.equal(hex(wbs.powInput(CHALLENGE, 0x0102)),
        `${CHALLENGE}0201000000000000`);
    // a nonce above 2^32 fills the high word
    assert.equal(hex(wbs.powInput(CHALLENGE, 2 ** 40 + 5)), `${CHALLENGE}0500000000010000`);
    assert.equal(hex(wbs.powDigest(CHALLENGE, 2 ** 40 + 5)),
        '88462279ff550ac7349a738ee4c6b55f1b42c6664baf4fe3b068162e92410159');
    assert.throws(() => wbs.powInput('0011', 1), { name: 'TypeError' }); // another realm's TypeError
    assert.throws(() => wbs.powInput('zz'.repeat(16), 1), { name: 'TypeError' });
});

test('leading zero bits are counted from the most significant bit of byte 0', () => {
    assert.equal(wbs.leadingZeroBits([0x80]), 0);
    assert.equal(wbs.leadingZeroBits([0x00, 0x0f]), 12);
    assert.equal(wbs.leadingZeroBits([0x00, 0x00, 0x01]), 23);
    assert.equal(wbs.leadingZeroBits([0x00, 0x00]), 16);
});

test('the solver finds the smallest nonce: 1472 at 8 bits, 7490 at 12 bits', () => {
    assert.equal(wbs.powSolve(CHALLENGE, 8), 1472);
    assert.equal(wbs.powSolve(CHALLENGE, 12), 7490);
    assert.equal(hex(wbs.powDigest(CHALLENGE, 7490)).slice(0, 8), '00059eae');
    assert.ok(wbs.leadingZeroBits(wbs.powDigest(CHALLENGE, 1472)) >= 8);
    // no smaller nonce solves 8 bits
    for (let n = 0; n < 1472; n++)
        assert.ok(wbs.leadingZeroBits(wbs.powDigest(CHALLENGE, n)) < 8, `nonce ${n}`);
    assert.equal(wbs.powSolve(CHALLENGE, 0), 0, '0 bits: any nonce, the first');
});

test('the search in slices agrees with the whole search', () => {
    assert.equal(wbs.powSearch(CHALLENGE, 12, 0, 7490), -1, 'the slice before it has none');
    assert.equal(wbs.powSearch(CHALLENGE, 12, 7000, 1000), 7490);
    assert.equal(wbs.powSearch(CHALLENGE, 12, 7490, 1), 7490);
});
