// Journey: demo staff sign in through /masuk (with and without a second factor, with and without
// JavaScript), are sent back where they were going, and sign out again.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
    DESKTOP, PHONE, launch, newContext, pageWidths, problemLines, screenshot, url, watch,
} from './lib.mjs';

// The demo accounts of README.md ("Demo accounts"); none of them is changed here.
const PASSWORD = 'Demo-Zona-Integritas';
const KOORDINATOR = { nip: '197001011995032003', name: 'Ni Made Ayu Lestari', unit: 'Bawaslu Kabupaten Klungkung' };
// admin.test.mjs signs in the unit administrator; a TOTP code is accepted once, so this file
// uses the system administrator for its second-factor journey.
const ADMIN_UNIT = { nip: '197001011995031001', totp: 'ZONADEMOADMINSISTEMAAAAAAAAAAAAA' };
const SESSION_COOKIE = 'zona_session';

// Chromium reports the status of a page answered with 4xx on the console: a refused sign-in
// (401) is the page itself, not a broken resource.
const MAIN_4XX = /status of 4\d\d/;

/** RFC 4648 base32 to bytes (the alphabet of authenticator apps; padding and case ignored). */
function base32(secret) {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let bits = 0;
    let value = 0;
    const out = [];
    for (const ch of secret.toUpperCase().replace(/[\s=]/g, '')) {
        const i = alphabet.indexOf(ch);
        if (i < 0) throw new Error(`not base32: ${ch}`);
        value = (value << 5) | i;
        bits += 5;
        if (bits >= 8) {
            out.push((value >>> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    return Buffer.from(out);
}

/** RFC 6238 code (HMAC-SHA-1, 30-second steps, 6 digits) for the step `offset` steps from now. */
function totp(secret, offset = 0, now = Date.now()) {
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(Math.floor(now / 30_000) + offset));
    const h = createHmac('sha1', base32(secret)).update(counter).digest();
    const o = h[h.length - 1] & 0x0f;
    return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** Six digits the server cannot accept now (it allows one step of clock drift either way). */
function wrongTotp(secret) {
    const near = new Set([-2, -1, 0, 1, 2].map((d) => totp(secret, d)));
    let n = Number(totp(secret));
    do n = (n + 1) % 1_000_000; while (near.has(String(n).padStart(6, '0')));
    return String(n).padStart(6, '0');
}

/** Fills in and sends the /masuk form the page is on. */
async function submitSignIn(page, login, password) {
    await page.getByLabel('NIP atau email').fill(login);
    await page.getByLabel('Kata sandi').fill(password);
    await page.locator('main').getByRole('button', { name: 'Masuk', exact: true }).click();
}

async function sessionCookie(ctx) {
    return (await ctx.cookies(url('/'))).find((c) => c.name === SESSION_COOKIE);
}

describe('sign-in', () => {
    let browser;
    before(async () => { browser = await launch(); });
    after(async () => { await browser?.close(); });

    test('the ZI coordinator signs in, finds their home page and menu, and signs out (screenshot beranda-1280.png)', async () => {
        const ctx = await newContext(browser, { viewport: DESKTOP });
        try {
            const page = await ctx.newPage();
            const problems = await watch(page);
            await page.goto(url('/masuk'));
            await submitSignIn(page, KOORDINATOR.nip, PASSWORD);
            await page.waitForURL(url('/beranda'));

            await page.getByRole('heading', { level: 1, name: `Selamat datang, ${KOORDINATOR.name}` }).waitFor();
            assert.match(await page.title(), /zona/);
            const session = await sessionCookie(ctx);
            assert.ok(session, 'a session cookie is set');
            assert.equal(session.httpOnly, true, 'the session cookie is HttpOnly');

            // the header names the person and offers a way out instead of "Masuk"
            const header = page.locator('header.site-header');
            assert.equal((await header.locator('.header-user__name').innerText()).trim(), KOORDINATOR.name);
            assert.match(await header.innerText(), new RegExp(KOORDINATOR.unit));
            assert.ok(await header.getByRole('button', { name: 'Keluar', exact: true }).isVisible(),
                'a "Keluar" button is in the header');
            assert.equal(await header.getByRole('link', { name: 'Masuk', exact: true }).count(), 0,
                'no "Masuk" link once signed in');

            // the main navigation, with the current page marked
            const nav = page.getByRole('navigation', { name: 'Navigasi utama' });
            for (const [name, href] of [['Beranda', '/beranda'], ['Unit kerja', '/admin/unit'], ['Pegawai', '/admin/pengguna']]) {
                const link = nav.getByRole('link', { name, exact: true });
                assert.ok(await link.isVisible(), `nav link "${name}"`);
                assert.equal(await link.getAttribute('href'), href);
            }
            assert.equal(await nav.getByRole('link', { name: 'Beranda', exact: true }).getAttribute('aria-current'), 'page');
            const w = await pageWidths(page);
            assert.ok(w.scroll <= DESKTOP.width, `document is ${w.scroll} px wide`);
            await screenshot(page, 'beranda-1280.png');

            // sign out: back on the front page with a confirmation
            await page.locator('header').getByRole('button', { name: 'Keluar', exact: true }).click();
            await page.waitForURL(url('/'));
            const status = page.getByRole('status').filter({ hasText: 'Anda telah keluar.' });
            assert.ok(await status.isVisible(), 'a success message says the person signed out');
            assert.match(await status.getAttribute('class'), /alert--success/);
            assert.ok(await page.locator('header').getByRole('link', { name: 'Masuk', exact: true }).isVisible(),
                'the header offers "Masuk" again');
            assert.equal(await sessionCookie(ctx), undefined, 'the session cookie is gone');

            // the home page is closed again
            await page.goto(url('/beranda'));
            assert.equal(new URL(page.url()).pathname, '/masuk', `/beranda after sign-out ended on ${page.url()}`);
            await page.getByRole('heading', { level: 1, name: 'Masuk' }).waitFor();

            assert.deepEqual(problemLines(problems), [], 'no console errors, CSP violations or broken resources');
        } finally {
            await ctx.close();
        }
    });

    test('a wrong password shows the error summary, keeps the NIP and starts no session', async () => {
        const ctx = await newContext(browser, { viewport: DESKTOP });
        try {
            const page = await ctx.newPage();
            const problems = await watch(page);
            await page.goto(url('/masuk'));
            await submitSignIn(page, KOORDINATOR.nip, 'bukan-kata-sandinya');
            const summary = page.getByRole('alert').filter({ hasText: 'Terdapat kesalahan' });
            await summary.waitFor();
            assert.match(await summary.innerText(), /NIP\/email atau kata sandi tidak sesuai\./);
            assert.equal(new URL(page.url()).pathname, '/masuk');
            assert.equal(await page.getByLabel('NIP atau email').inputValue(), KOORDINATOR.nip, 'the NIP is kept');
            assert.equal(await page.getByLabel('Kata sandi').inputValue(), '', 'the password is not sent back');
            // the summary takes focus, so a screen reader reads it first
            assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true,
                'the error summary has focus');
            assert.equal(await sessionCookie(ctx), undefined, 'no session cookie');
            // still signed out: the home page sends back to the form
            await page.goto(url('/beranda'));
            assert.equal(new URL(page.url()).pathname, '/masuk');
            assert.deepEqual(problemLines(problems, { ignoreConsole: [MAIN_4XX] }), []);
        } finally {
            await ctx.close();
        }
    });

    test('an administrator is asked for an authenticator code: a wrong one is refused, the right one lets them in (screenshot totp-360.png)', async () => {
        const ctx = await newContext(browser, { viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
        try {
            const page = await ctx.newPage();
            const problems = await watch(page);
            await page.goto(url('/masuk'));
            await submitSignIn(page, ADMIN_UNIT.nip, PASSWORD);
            await page.waitForURL((u) => u.pathname === '/masuk/totp');
            await page.getByRole('heading', { level: 1, name: 'Verifikasi dua langkah' }).waitFor();
            const code = page.getByLabel('Kode', { exact: true });
            assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
            // half signed in is not signed in: no menu yet
            assert.equal(await page.getByRole('navigation', { name: 'Navigasi utama' }).count(), 0,
                'no main navigation before the second factor');

            await code.fill(wrongTotp(ADMIN_UNIT.totp));
            await page.getByRole('button', { name: 'Lanjutkan', exact: true }).click();
            const summary = page.getByRole('alert').filter({ hasText: 'Terdapat kesalahan' });
            await summary.waitFor();
            assert.match(await summary.innerText(), /Kode tidak sesuai/);
            assert.match(await page.locator('#kode-error').innerText(), /Kode tidak sesuai/, 'the error is next to the field');
            assert.equal(new URL(page.url()).pathname, '/masuk/totp');
            const w = await pageWidths(page);
            assert.ok(w.scroll <= PHONE.width, `document is ${w.scroll} px wide on a ${PHONE.width} px screen`);
            await screenshot(page, 'totp-360.png');

            // the home page stays closed until the second factor is given
            const res = await page.goto(url('/beranda'));
            assert.equal(new URL(page.url()).pathname, '/masuk/totp', `a half-signed-in /beranda ended on ${page.url()}`);
            assert.equal(res.status(), 200);

            await page.getByLabel('Kode', { exact: true }).fill(totp(ADMIN_UNIT.totp));
            await page.getByRole('button', { name: 'Lanjutkan', exact: true }).click();
            await page.waitForURL(url('/beranda'));
            await page.getByRole('heading', { level: 1, name: /^Selamat datang, / }).waitFor();
            assert.ok(await page.locator('header').getByRole('button', { name: 'Keluar', exact: true }).isVisible());
            assert.deepEqual(problemLines(problems, { ignoreConsole: [MAIN_4XX] }), []);
        } finally {
            await ctx.close();
        }
    });

    test('a signed-out visit to /admin/pengguna goes through /masuk and comes back after sign-in', async () => {
        const ctx = await newContext(browser, { viewport: DESKTOP });
        try {
            const page = await ctx.newPage();
            const problems = await watch(page);
            await page.goto(url('/admin/pengguna'));
            const at = new URL(page.url());
            assert.equal(at.pathname, '/masuk');
            assert.equal(at.searchParams.get('lanjut'), '/admin/pengguna', `sent to ${page.url()}`);
            assert.equal(await page.locator('input[name="lanjut"]').inputValue(), '/admin/pengguna',
                'the form carries the destination');

            await submitSignIn(page, KOORDINATOR.nip, PASSWORD);
            await page.waitForURL(url('/admin/pengguna'));
            await page.getByRole('heading', { level: 1, name: 'Pegawai' }).waitFor();
            assert.equal(await page.getByRole('navigation', { name: 'Navigasi utama' })
                .getByRole('link', { name: 'Pegawai', exact: true }).getAttribute('aria-current'), 'page');
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await ctx.close();
        }
    });

    // Regression: lanjut= once carried the path alone, losing the search or filter asked for.
    test('a signed-out visit to a filtered list comes back to the same filter after sign-in', async () => {
        const ctx = await newContext(browser, { viewport: DESKTOP });
        try {
            const page = await ctx.newPage();
            const wanted = '/admin/pengguna?q=Lestari';
            await page.goto(url(wanted));
            assert.equal(new URL(page.url()).pathname, '/masuk');
            assert.equal(new URL(page.url()).searchParams.get('lanjut'), wanted, `sent to ${page.url()}`);
            await submitSignIn(page, KOORDINATOR.nip, PASSWORD);
            await page.waitForURL((u) => u.pathname === '/admin/pengguna');
            assert.equal(page.url(), url(wanted));
        } finally {
            await ctx.close();
        }
    });

    test('signing in and out works with JavaScript disabled', async () => {
        const ctx = await newContext(browser, { viewport: PHONE, javaScriptEnabled: false });
        try {
            const page = await ctx.newPage();
            const problems = await watch(page);
            await page.goto(url('/masuk'));
            assert.equal(await page.evaluate(() => document.documentElement.classList.contains('js')).catch(() => false),
                false, 'JavaScript really is off');
            await submitSignIn(page, KOORDINATOR.nip, PASSWORD);
            await page.waitForURL(url('/beranda'));
            assert.ok(await page.getByRole('heading', { level: 1, name: `Selamat datang, ${KOORDINATOR.name}` }).isVisible());
            assert.ok(await sessionCookie(ctx), 'a session cookie is set');

            await page.locator('header').getByRole('button', { name: 'Keluar', exact: true }).click();
            await page.waitForURL(url('/'));
            assert.ok(await page.getByText('Anda telah keluar.').isVisible());
            assert.equal(await sessionCookie(ctx), undefined);
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await ctx.close();
        }
    });
});
