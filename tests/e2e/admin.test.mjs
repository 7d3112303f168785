// Journey: the unit administrator of Bawaslu Kabupaten Klungkung (demo account, with a second
// factor) adds a unit and a person, the new person sets a password with the one-time code and
// signs in, the audit trail shows the change, and the admin pages pass axe on a phone and a desktop.
// Only new units and people are created; the demo accounts are left as they are.
import assert from 'node:assert/strict';
import { createHmac, randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import {
    DESKTOP, PHONE, launch, newContext, pageWidths, problemLines, screenshot, url, watch,
} from './lib.mjs';

const PASSWORD = 'Demo-Zona-Integritas';
const ADMIN_UNIT = { nip: '197001011995031002', name: 'I Wayan Sudarma', totp: 'ZONADEMOADMINUNITAAAAAAAAAAAAAAA' };
const KLUNGKUNG = { code: '51.05', name: 'Bawaslu Kabupaten Klungkung' };

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

// Chromium reports the status of a page answered with 4xx on the console: a form re-shown with
// its errors (422) is the page itself, not a broken resource.
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

/** RFC 6238 code (HMAC-SHA-1, 30-second steps, 6 digits) for the current step. */
function totp(secret, now = Date.now()) {
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(Math.floor(now / 30_000)));
    const h = createHmac('sha1', base32(secret)).update(counter).digest();
    const o = h[h.length - 1] & 0x0f;
    return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** A short random tag, to keep what this run creates apart from other runs and tests. */
function tag() {
    return randomInt(36 ** 6).toString(36).toUpperCase().padStart(6, '0');
}

/** A valid, random NIP: birth date, appointment month, sex digit, three serial digits. */
function randomNip() {
    const birth = `19${randomInt(60, 100)}0${randomInt(1, 10)}${randomInt(10, 29)}`;
    return `${birth}201503` + '1' + String(randomInt(1000)).padStart(3, '0');
}

/* A TOTP code is accepted once (RFC 6238 section 5.2), so the administrator signs in through
 * the form once per run; later tests of this file reuse that session's cookies. */
const sessions = new Map();

/** Signs in with the /masuk form; with a TOTP secret, answers the second step too. Ends on /beranda. */
async function signIn(page, { nip, totp: secret }, password = PASSWORD) {
    if (secret && sessions.has(nip)) {
        await page.context().addCookies(sessions.get(nip));
        await page.goto(url('/beranda'));
        return;
    }
    await page.goto(url('/masuk'));
    await page.getByLabel('NIP atau email').fill(nip);
    await page.getByLabel('Kata sandi').fill(password);
    await page.locator('main').getByRole('button', { name: 'Masuk', exact: true }).click();
    if (secret) {
        await page.waitForURL((u) => u.pathname === '/masuk/totp');
        await page.getByLabel('Kode', { exact: true }).fill(totp(secret));
        await page.getByRole('button', { name: 'Lanjutkan', exact: true }).click();
    }
    await page.waitForURL(url('/beranda'));
    if (secret)
        sessions.set(nip, await page.context().cookies());
}

/** Sends the "Tambah unit di bawahnya" form of the unit page the browser is on. */
async function addChildUnit(page, code, name) {
    const form = page.locator('form[action$="/anak"]');
    await form.getByLabel('Kode', { exact: true }).fill(code);
    await form.getByLabel('Nama', { exact: true }).fill(name);
    await form.getByLabel('Jenis', { exact: true }).selectOption('unit');
    await form.getByRole('button', { name: 'Tambah unit', exact: true }).click();
}

function report(label, { violations }) {
    if (violations.length === 0) console.log(`axe ${label}: no violations`);
    for (const v of violations) {
        console.log(`axe ${label}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s)) ${v.helpUrl}`);
        for (const n of v.nodes.slice(0, 5)) {
            console.log(`    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`);
        }
    }
}

describe('unit administration', () => {
    let browser;
    before(async () => { browser = await launch(); });
    after(async () => { await browser?.close(); });

    test('adds a unit below Bawaslu Kabupaten Klungkung; an invalid code is refused next to the field (screenshot admin-unit-1280.png)', async () => {
        const ctx = await newContext(browser, { viewport: DESKTOP });
        try {
            const page = await ctx.newPage();
            const problems = await watch(page);
            await signIn(page, ADMIN_UNIT);

            await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Unit kerja', exact: true }).click();
            await page.waitForURL(url('/admin/unit'));
            await page.getByRole('heading', { level: 1, name: 'Unit kerja' }).waitFor();
            const link = page.locator('main').getByRole('link', { name: KLUNGKUNG.name, exact: true });
            assert.ok(await link.first().isVisible(), `${KLUNGKUNG.name} is listed`);
            await link.first().click();
            await page.waitForURL(url(`/admin/unit/${KLUNGKUNG.code}`));
            await page.getByRole('heading', { level: 1, name: KLUNGKUNG.name }).waitFor();
            await page.getByRole('heading', { name: 'Tambah unit di bawahnya' }).waitFor();

            // a code with a space is refused; what was typed stays
            const t = tag();
            const name = `Subbagian Uji E2E ${t}`;
            await addChildUnit(page, 'a b', name);
            const summary = page.getByRole('alert').filter({ hasText: 'Terdapat kesalahan' });
            await summary.waitFor();
            const fieldError = page.locator('#new_code-error');
            assert.match(await fieldError.innerText(), /Kode harus terdiri atas 1 sampai 32 huruf/);
            assert.equal(await page.locator('#new_code').getAttribute('aria-describedby'), 'new_code-hint new_code-error',
                'the code field points at its error');
            const form = page.locator('form[action$="/anak"]');
            assert.equal(await form.getByLabel('Kode', { exact: true }).inputValue(), 'a b', 'the typed code is kept');
            assert.equal(await form.getByLabel('Nama', { exact: true }).inputValue(), name, 'the typed name is kept');
            // the error is next to its field: inside the same .field as the input
            assert.equal(await fieldError.evaluate((el) => el.closest('.field')?.querySelector('input')?.id), 'new_code');

            // a valid code is accepted
            const code = `${KLUNGKUNG.code}.E2E-${t}`;
            await addChildUnit(page, code, name);
            await page.waitForURL(url(`/admin/unit/${code}`));
            await page.getByRole('heading', { level: 1, name }).waitFor();
            assert.ok(await page.getByRole('status').filter({ hasText: 'Unit kerja telah ditambahkan.' }).isVisible(),
                'a success message');
            const details = page.locator('.summary-list');
            assert.match(await details.innerText(), new RegExp(`Kode\\s+${code.replace(/\./g, '\\.')}`));
            assert.match(await details.innerText(), new RegExp(`${KLUNGKUNG.name} \\(${KLUNGKUNG.code.replace('.', '\\.')}\\)`),
                'the parent is named');

            // and the parent lists it
            await page.getByRole('link', { name: KLUNGKUNG.name, exact: true }).first().click();
            await page.waitForURL(url(`/admin/unit/${KLUNGKUNG.code}`));
            const below = page.getByRole('region', { name: 'Unit di bawahnya' });
            assert.ok(await below.getByRole('link', { name, exact: true }).isVisible(), 'the new unit is listed below its parent');
            assert.match(await below.getByRole('row').filter({ hasText: name }).innerText(), new RegExp(code.replace(/\./g, '\\.')));
            const w = await pageWidths(page);
            assert.ok(w.scroll <= DESKTOP.width, `document is ${w.scroll} px wide`);
            await screenshot(page, 'admin-unit-1280.png');
            assert.deepEqual(problemLines(problems, { ignoreConsole: [MAIN_4XX] }), []);
        } finally {
            await ctx.close();
        }
    });

    test('adds a person, who sets a password with the one-time code and signs in (screenshot person-new-360.png)', async () => {
        const ctx = await newContext(browser, { viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
        const anon = await newContext(browser, { viewport: PHONE });
        try {
            const page = await ctx.newPage();
            const problems = await watch(page);
            await signIn(page, ADMIN_UNIT);
            await page.goto(url('/admin/pengguna/baru'));
            await page.getByRole('heading', { level: 1, name: 'Tambah pegawai' }).waitFor();

            const t = tag().toLowerCase();
            const nip = randomNip();
            const person = { nip, name: `Komang Uji Coba ${t}`, email: `e2e.${t}@bawaslu.test` };
            const fill = async (nipValue) => {
                await page.getByLabel('NIP', { exact: true }).fill(nipValue);
                await page.getByLabel('Nama lengkap').fill(person.name);
                await page.getByLabel('Email dinas').fill(person.email);
                await page.getByLabel('Unit kerja').selectOption(KLUNGKUNG.code);
                await page.getByLabel('Peran', { exact: true }).selectOption('pegawai');
                await page.getByRole('button', { name: 'Buat akun', exact: true }).click();
            };

            // 13 is no month: the NIP is refused, and nothing typed is lost
            const badNip = `19901301${nip.slice(8)}`;
            await fill(badNip);
            await page.getByRole('alert').filter({ hasText: 'Terdapat kesalahan' }).waitFor();
            assert.match(await page.locator('#nip-error').innerText(), /8 digit pertama NIP harus berupa tanggal lahir yang valid/);
            assert.equal(await page.getByLabel('NIP', { exact: true }).getAttribute('aria-invalid'), 'true');
            assert.equal(await page.getByLabel('NIP', { exact: true }).inputValue(), badNip);
            assert.equal(await page.getByLabel('Nama lengkap').inputValue(), person.name);
            assert.equal(await page.getByLabel('Email dinas').inputValue(), person.email);
            assert.equal(await page.getByLabel('Unit kerja').inputValue(), KLUNGKUNG.code);
            assert.equal(await page.getByLabel('Peran', { exact: true }).inputValue(), 'pegawai');
            const w = await pageWidths(page);
            assert.ok(w.scroll <= PHONE.width, `document is ${w.scroll} px wide on a ${PHONE.width} px screen`);
            await screenshot(page, 'person-new-360.png');

            await fill(nip);
            await page.getByRole('heading', { level: 1, name: 'Kode sekali pakai' }).waitFor();
            assert.match(await page.locator('main').innerText(), new RegExp(person.name));
            const code = (await page.locator('.code-display__value').innerText()).trim();
            assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/, `one-time code ${code}`);
            const link = await page.locator('.code-link a').getAttribute('href');
            assert.match(link, /\/sandi\?kode=/, 'a link fills the code in');
            assert.deepEqual(problemLines(problems, { ignoreConsole: [MAIN_4XX] }), []);

            // the person, in a browser of their own, sets a password with the code
            const p2 = await anon.newPage();
            const problems2 = await watch(p2);
            await p2.goto(url(`/sandi?kode=${encodeURIComponent(code)}`));
            await p2.getByRole('heading', { level: 1, name: 'Atur kata sandi Anda' }).waitFor();
            assert.equal(await p2.getByLabel('Kode sekali pakai').inputValue(), code, 'the link filled in the code');
            const password = 'awan putih di gunung';
            await p2.getByLabel('Kata sandi baru', { exact: true }).fill(password);
            await p2.getByLabel('Ulangi kata sandi baru').fill(password);
            await p2.getByRole('button', { name: 'Simpan kata sandi', exact: true }).click();
            await p2.waitForURL((u) => u.pathname === '/masuk');
            assert.ok(await p2.getByText('Kata sandi Anda telah disimpan. Silakan masuk sekarang.').isVisible());

            // and signs in with their NIP and that password
            await p2.getByLabel('NIP atau email').fill(nip);
            await p2.getByLabel('Kata sandi').fill(password);
            await p2.locator('main').getByRole('button', { name: 'Masuk', exact: true }).click();
            await p2.waitForURL(url('/beranda'));
            await p2.getByRole('heading', { level: 1, name: `Selamat datang, ${person.name}` }).waitFor();
            assert.match(await p2.locator('main').innerText(), /Pegawai/, 'their role is shown');
            assert.equal((await p2.locator('header .header-user__name').innerText()).trim(), person.name);

            // the code was for one use only
            const p3 = await (await newContext(browser, { viewport: PHONE })).newPage();
            try {
                await p3.goto(url('/sandi'));
                await p3.getByLabel('Kode sekali pakai').fill(code);
                await p3.getByLabel('Kata sandi baru', { exact: true }).fill('langit biru di laut');
                await p3.getByLabel('Ulangi kata sandi baru').fill('langit biru di laut');
                await p3.getByRole('button', { name: 'Simpan kata sandi', exact: true }).click();
                await p3.locator('#kode-error').waitFor();
                assert.match(await p3.locator('#kode-error').innerText(), /Kode ini tidak valid atau sudah kedaluwarsa/);
            } finally {
                await p3.context().close();
            }
            assert.deepEqual(problemLines(problems2), []);
        } finally {
            await anon.close();
            await ctx.close();
        }
    });

    test('the audit trail lists entries and, filtered on unit., shows a unit just added', async () => {
        const ctx = await newContext(browser, { viewport: DESKTOP });
        try {
            const page = await ctx.newPage();
            const problems = await watch(page);
            await signIn(page, ADMIN_UNIT);
            // a change of its own to look for
            const t = tag();
            const code = `${KLUNGKUNG.code}.E2E-${t}`;
            await page.goto(url(`/admin/unit/${KLUNGKUNG.code}`));
            await addChildUnit(page, code, `Seksi Audit E2E ${t}`);
            await page.waitForURL(url(`/admin/unit/${code}`));

            await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Jejak audit', exact: true }).click();
            await page.waitForURL(url('/admin/audit'));
            await page.getByRole('heading', { level: 1, name: 'Jejak audit' }).waitFor();
            const rows = page.locator('main table tbody tr');
            assert.ok(await rows.count() > 0, 'the trail lists entries');
            const total = Number((await page.locator('.result-bar__count').innerText()).match(/(\d+)/)?.[1]);
            assert.ok(total > 0, `entries found: ${total}`);

            await page.getByLabel('Tindakan berawalan').fill('unit.');
            await page.getByRole('button', { name: 'Saring', exact: true }).click();
            await page.waitForURL((u) => u.pathname === '/admin/audit' && u.searchParams.get('aksi') === 'unit.');
            assert.equal(await page.getByLabel('Tindakan berawalan').inputValue(), 'unit.', 'the filter stays filled in');
            const actions = await page.locator('main table tbody th code').allInnerTexts();
            assert.ok(actions.length > 0, 'entries match unit.');
            assert.deepEqual(actions.filter((a) => !a.startsWith('unit.')), [], 'only unit.* entries');
            // the newest entry is the unit just added, by this administrator
            const first = rows.first();
            assert.equal(await first.locator('th code').innerText(), 'unit.created');
            assert.match(await first.innerText(), new RegExp(ADMIN_UNIT.name));
            const details = first.locator('details');
            assert.equal(await details.getAttribute('open'), null, 'before and after are folded away');
            await details.locator('summary').click();
            assert.match(await details.innerText(), new RegExp(code.replace(/\./g, '\\.')), 'its details name the new unit');
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await ctx.close();
        }
    });

    // Known bug: a .visually-hidden text (position: absolute) inside a table's .table-wrap is
    // placed by the page, not by the scrolling wrapper (which is not positioned), so the document
    // itself scrolls sideways on a phone: /akun (the "Tindakan" column heading of the sessions
    // table) and /admin/audit (the hidden part of each "Tampilkan" summary).
    test('the signed-in pages fit a 360 px phone without sideways scrolling', {
    }, async () => {
        const ctx = await newContext(browser, { viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
        try {
            const page = await ctx.newPage();
            await signIn(page, ADMIN_UNIT);
            const wide = [];
            for (const path of ['/beranda', '/admin/unit', `/admin/unit/${KLUNGKUNG.code}`, '/admin/pengguna',
                '/admin/pengguna/baru', '/admin/audit', '/akun']) {
                await page.goto(url(path));
                const w = await pageWidths(page);
                if (w.scroll > PHONE.width) wide.push(`${path}: ${w.scroll} px`);
            }
            assert.deepEqual(wide, [], `pages wider than ${PHONE.width} px`);
        } finally {
            await ctx.close();
        }
    });

    for (const viewport of [PHONE, DESKTOP]) {
        test(`the signed-in pages have no serious or critical axe violations (${viewport.width} px)`, async () => {
            const ctx = await newContext(browser, { viewport });
            try {
                const page = await ctx.newPage();
                const problems = await watch(page);
                await signIn(page, ADMIN_UNIT);
                const blocking = [];
                for (const path of ['/beranda', `/admin/unit/${KLUNGKUNG.code}`, '/admin/pengguna/baru', '/akun']) {
                    const res = await page.goto(url(path));
                    assert.equal(res.status(), 200, `${path} status`);
                    assert.equal(new URL(page.url()).pathname, path);
                    const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
                    const label = `${path} [${viewport.width} px]`;
                    report(label, result);
                    for (const v of result.violations) {
                        if (BLOCKING.has(v.impact)) blocking.push(`${label}: ${v.impact} ${v.id} (${v.nodes.length})`);
                    }
                    assert.ok(result.passes.length > 0, `axe ran its checks on ${label}`);
                }
                assert.deepEqual(blocking, [], 'serious or critical accessibility violations');
                assert.deepEqual(problemLines(problems), []);
            } finally {
                await ctx.close();
            }
        });
    }
});
