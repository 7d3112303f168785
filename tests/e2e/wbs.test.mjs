// Journey: the public front door of Bawaslu Kabupaten Klungkung (demo unit 51.05) and its
// whistleblowing channel (WBS), on a phone with no account (issue #6; README "Whistleblowing
// (WBS)").
//
// 1. /lapor/51.05 shows three choices: a public-service complaint (/pengaduan/51.05, followed
//    and left with the back button), suspected wrongdoing by staff (/wbs/51.05) and an election
//    violation, an external link to SIGAPLAPOR (the address of data/wbs/settings.json) that sends
//    no referrer; it is only looked at, never followed.
// 2. The WBS form sent without the narrative comes back with an error summary (role=alert) that
//    links to the field and keeps what was typed. Sent whole (pungutan liar, 5W with a marker,
//    a small file, no identity), the browser solves the server's proof of work (static/js/wbs.js;
//    run.sh clears every ZONA_* so the 16 bits of data/wbs/settings.json are in force) and the
//    receipt page shows a 16-digit receipt with the advice to keep it.
// 3. On /wbs/lacak the receipt typed in groups with spaces opens the report: "Diterima", the
//    marker, the file's name; the reporter sends a message.
// 4. The petugas-wbs (password + TOTP, desktop) finds the report at the top of /wbs, reads the
//    marker and the message, moves it to "Ditelaah" with a note shown to the reporter and replies.
// 5. A fresh phone context follows up again: "Ditelaah", the public note and the officer's reply,
//    and no officer's name or NIP anywhere in the page.
// Throughout: no request leaves the zona under test (no third-party resource, SIGAPLAPOR never
// loaded), the receipt is in no URL, the public pages are no-store and send no referrer outside
// zona (same-origin; a no-referrer policy made browsers send "Origin: null" and the forms failed
// their CSRF check: the first submit asserts that regression). axe (WCAG 2.1
// A/AA, serious and critical block) on the front door, the form with errors, the receipt page,
// the status page and the officer's case page.
//
// The steps share the receipt and run in order: a step after a failed one is skipped.
// Screenshots: wbs-door-360.png, wbs-form-errors-360.png, wbs-receipt-360.png,
// wbs-status-360.png, wbs-case-1280.png, wbs-status-answered-360.png in build/e2e/.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import {
    BASE, ROOT, launch, newContext, pageWidths, problemLines, screenshot, url, watch,
} from './lib.mjs';

// The demo account of README.md ("Demo accounts"), src/org/org_demo.c.
const PASSWORD = 'Demo-Zona-Integritas';
const PETUGAS_WBS = {
    nip: '197001011995032011', name: 'Kadek Dwi Pratiwi', totp: 'ZONADEMOPETUGASWBSAAAAAAAAAAAAAA',
};
const KLUNGKUNG = { code: '51.05', name: 'Bawaslu Kabupaten Klungkung' };

// The election-violation channel the front door points to (Bawaslu's, not zona's).
const SETTINGS = JSON.parse(readFileSync(join(ROOT, 'data', 'wbs', 'settings.json'), 'utf8'));
const ELECTION = SETTINGS.election_violation;

/** The phone of a member of the public: small, touch, mobile. */
const PHONE_TOUCH = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

// Chromium reports the status of a page answered with 4xx on the console; the form sent again
// with its messages (422) is expected here.
const MAIN_4XX = /status of 4\d\d/;

const STAMP = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const MARKER = `penanda-wbs-e2e-${STAMP}`;
const WHAT = `Petugas loket meminta uang pelicin untuk mempercepat surat keterangan. ${MARKER}`;
const WHO = `Seorang petugas loket pelayanan (${STAMP})`;
const WHERE = `Loket pelayanan lantai 1 kantor Bawaslu Kabupaten Klungkung (${STAMP})`;
const NARRATIVE = `Pada pagi hari saya diminta membayar Rp200.000 tanpa kuitansi agar surat saya ` +
    `selesai hari itu juga. Beberapa warga lain mengalami hal yang sama. ${MARKER}`;
const FILE = {
    name: `bukti-pungli-${STAMP}.txt`,
    mimeType: 'text/plain',
    buffer: Buffer.from(`Catatan bukti: permintaan uang di loket. ${MARKER}\n`, 'utf8'),
};
const REPORTER_MESSAGE = `Saya juga ingat ada papan tarif yang ditutup kertas. ${STAMP}`;
const PUBLIC_NOTE = `Laporan sedang ditelaah oleh tim WBS; mohon pantau halaman ini. ${STAMP}`;
const OFFICER_REPLY = `Terima kasih. Apakah Anda ingat tanggal kejadiannya? ${STAMP}`;

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

/** RFC 6238 code (HMAC-SHA-1, 30-second steps, 6 digits) for the time step `step`. */
function totpAt(secret, step) {
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(step));
    const h = createHmac('sha1', base32(secret)).update(counter).digest();
    const o = h[h.length - 1] & 0x0f;
    return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** Signs in through /masuk and /masuk/totp; ends on /beranda (or /wbs/kunci when the officer's
 *  key was just made and its recovery key waits to be shown once). */
async function signIn(page, account) {
    await page.goto(url('/masuk'));
    await page.getByLabel('NIP atau email').fill(account.nip);
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await page.locator('main').getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/masuk/totp');
    await page.getByLabel('Kode', { exact: true }).fill(totpAt(account.totp, Math.floor(Date.now() / 30_000)));
    await page.getByRole('button', { name: 'Lanjutkan', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/beranda' || u.pathname === '/wbs/kunci');
    if (new URL(page.url()).pathname === '/wbs/kunci') {
        console.log('sign-in went on to /wbs/kunci (a recovery key to show once)');
        return;
    }
    await page.getByRole('heading', { level: 1, name: `Selamat datang, ${account.name}` }).waitFor();
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

/** The form controls a person can reach that have no label (by <label>, aria-label or aria-labelledby). */
function unlabelled(page) {
    return page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => el.type !== 'hidden')
        .filter((el) => !el.closest('[aria-hidden="true"]'))
        .filter((el) => el.labels.length === 0 && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
        .map((el) => `${el.tagName.toLowerCase()}#${el.id || '(no id)'}[name=${el.name}]`));
}

/** Links, buttons and form controls in <main> smaller than 24×24 CSS px (WCAG 2.2 target size,
 *  minimum; logged for people, not asserted: 2.1 AA does not require it). Inline links inside a
 *  sentence are exempt and left out. */
function smallTargets(page) {
    return page.evaluate(() => [...document.querySelectorAll('main a, main button, main input, main select, main textarea, main label')]
        .filter((el) => el.type !== 'hidden' && !el.closest('[aria-hidden="true"]') && el.offsetParent !== null)
        .filter((el) => !(el.tagName === 'A' && getComputedStyle(el).display === 'inline' && el.parentElement.closest('p, li')?.textContent.trim() !== el.textContent.trim()))
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.width < 24 || r.height < 24))
        .map(({ el, r }) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.innerText || el.value || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`));
}

/** The visible text of <main>, spaces collapsed. */
async function mainText(page) {
    return (await page.locator('main').innerText()).replace(/\s+/g, ' ').trim();
}

/** The headers every public WBS page answers with (README: no-store, no referrer outside zona). */
function assertPrivate(res, where) {
    const h = res.headers();
    assert.match(h['cache-control'] ?? '', /no-store/, `${where}: Cache-Control no-store`);
    assert.match(h['referrer-policy'] ?? '', /^same-origin$/, `${where}: Referrer-Policy same-origin`);
}

describe('whistleblowing through the front door (Klungkung, phone, no account)', () => {
    let browser;
    let broken = null;
    let receipt = null;         // 16 digits, as the receipt page showed them
    const seenUrls = [];        // every URL the browsers requested or showed in the address bar
    const otherHosts = [];      // requests to anything but the zona under test
    const axeRan = [];
    const axeFindings = [];
    const origin = new URL(BASE).origin;
    let phone = null;           // the reporter's phone (steps 1 to 3)

    before(async () => { browser = await launch(); });
    after(async () => {
        await phone?.ctx.close().catch(() => {});
        await browser?.close();
    });

    /** A step of the journey: runs only while every step before it passed. */
    function step(name, fn) {
        test(name, async (t) => {
            if (broken) {
                t.skip(`an earlier step failed: ${broken}`);
                return;
            }
            try {
                await fn(t);
            } catch (err) {
                broken = name;
                throw err;
            }
        });
    }

    /** A check beside the journey: needs the steps before it, but its failure stops nothing. */
    function check(name, fn) {
        test(name, async (t) => {
            if (broken) {
                t.skip(`an earlier step failed: ${broken}`);
                return;
            }
            await fn(t);
        });
    }

    async function axe(page, label) {
        const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
        report(label, result);
        assert.ok(result.passes.length > 0, `axe ran its checks on ${label}`);
        axeRan.push(label);
        for (const v of result.violations) {
            if (BLOCKING.has(v.impact)) axeFindings.push(`${label}: ${v.impact} ${v.id} (${v.nodes.length})`);
        }
        const missing = await unlabelled(page);
        if (missing.length) axeFindings.push(`${label}: fields without a label: ${missing.join(', ')}`);
    }

    /** A context whose every request is recorded (all its pages, popups included). */
    async function open(options) {
        const ctx = await newContext(browser, options);
        ctx.on('request', (r) => {
            const u = r.url();
            seenUrls.push(u);
            const p = new URL(u);
            if (!['data:', 'blob:', 'about:'].includes(p.protocol) && p.origin !== origin) {
                otherHosts.push(`${r.method()} ${u}`);
            }
        });
        const page = await ctx.newPage();
        const problems = await watch(page);
        page.on('framenavigated', (f) => { if (f === page.mainFrame()) seenUrls.push(f.url()); });
        return { ctx, page, problems };
    }

    /** The receipt shows in no URL: the address bar now, and every URL requested so far. */
    function urlClean(page, where) {
        if (!receipt) return;
        const holds = (u) => decodeURIComponent(u).replace(/\D/g, '').includes(receipt);
        assert.ok(!holds(page.url()), `${where}: the URL ${page.url()} holds the receipt`);
        const leaks = seenUrls.filter(holds);
        assert.deepEqual(leaks, [], `${where}: URLs holding the receipt`);
    }

    /** The proof of work's nonce the browser sent, when chromium shows the body (it does not
     *  for a multipart body holding a file). */
    function logNonce(res, bits) {
        const body = res.request().postDataBuffer()?.toString('latin1') ?? '';
        const nonce = body.match(/name="pow_nonce"\r\n\r\n(\d*)\r\n/);
        console.log(nonce ? `pow_nonce sent: "${nonce[1]}"` : 'pow_nonce: the request body is not visible');
        if (bits > 0 && nonce) assert.match(nonce[1], /^\d+$/, 'the browser solved the proof of work and sent its nonce');
    }

    function noSideways(w, where) {
        assert.ok(w.scroll <= w.client, `${where}: no sideways scrolling: document ${w.scroll} px, viewport ${w.client} px`);
    }

    /** Waits for the POST to `path` that a tap sends, and for the page it answers. */
    async function post(page, path, action) {
        const [res] = await Promise.all([
            page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path,
                { timeout: 30_000 }),
            action(),
        ]);
        await page.waitForLoadState('domcontentloaded');
        return res;
    }

    /** Looks the report up on /wbs/lacak with `typed`; ends on its status page. */
    async function lookUp(page, typed) {
        const res = await page.goto(url('/wbs/lacak'));
        assert.equal(res.status(), 200, 'GET /wbs/lacak');
        assertPrivate(res, '/wbs/lacak');
        await page.locator('#receipt').tap();
        await page.locator('#receipt').fill(typed);
        const sent = await post(page, '/wbs/lacak',
            () => page.locator('main form button[type="submit"]').tap());
        assert.equal(sent.status(), 200, `POST /wbs/lacak with "${typed}"`);
        assertPrivate(sent, 'the status page');
        assert.equal(new URL(page.url()).pathname, '/wbs/lacak', 'the status page stays on /wbs/lacak');
        await page.getByRole('heading', { level: 1, name: 'Laporan Anda' }).waitFor();
        urlClean(page, 'the status page');
        return sent;
    }

    step('1. the front door /lapor/51.05 on a phone: three choices; SIGAPLAPOR is an external link without referrer; the complaint choice leads to /pengaduan/51.05 and back; the staff-wrongdoing choice to /wbs/51.05 (screenshot wbs-door-360.png)', async () => {
        phone = await open(PHONE_TOUCH);
        const { ctx, page, problems } = phone;
        assert.deepEqual(await ctx.cookies(), [], 'no session');
        const res = await page.goto(url(`/lapor/${KLUNGKUNG.code}`));
        assert.equal(res.status(), 200);
        assertPrivate(res, '/lapor/51.05');
        assert.equal(await page.locator('html').getAttribute('lang'), 'id');
        await page.getByRole('heading', { level: 1, name: 'Apa yang ingin Anda laporkan?' }).waitFor();
        assert.ok((await mainText(page)).includes(KLUNGKUNG.name), 'the unit is named');

        const choices = page.locator('main ul.grid > li');
        assert.equal(await choices.count(), 3, 'three choices');
        for (let i = 0; i < 3; i++) {
            assert.ok(await choices.nth(i).isVisible(), `choice ${i + 1} is visible`);
        }
        const titles = (await choices.locator('h2').allInnerTexts()).map((s) => s.trim());
        console.log(`choices: ${JSON.stringify(titles)}`);
        assert.deepEqual(titles, [
            'Pengaduan tentang pelayanan publik kami',
            'Dugaan pelanggaran oleh pegawai kami',
            'Pelanggaran pemilu',
        ]);

        // the election violation: Bawaslu's SIGAPLAPOR, looked at and not followed
        const election = choices.nth(2).locator('a');
        assert.equal(await election.count(), 1, 'one link in the election choice');
        assert.ok(await election.isVisible(), 'the SIGAPLAPOR link is visible');
        assert.equal(await election.getAttribute('href'), ELECTION.url, 'it points to the address of the settings');
        assert.match(new URL(ELECTION.url).hostname, /(^|\.)bawaslu\.go\.id$/, 'a bawaslu.go.id address');
        const rel = (await election.getAttribute('rel') ?? '').split(/\s+/);
        assert.ok(rel.includes('noreferrer'), `rel has noreferrer: ${rel.join(' ')}`);
        const electionText = (await election.innerText()).replace(/\s+/g, ' ').trim();
        assert.ok(electionText.includes(ELECTION.name), `named ${ELECTION.name}: "${electionText}"`);
        assert.ok((await choices.nth(2).innerText()).replace(/\s+/g, ' ').includes(ELECTION.id),
            'with the explanation of the settings');

        const w = await pageWidths(page);
        noSideways(w, 'the front door');
        const small = await smallTargets(page);
        if (small.length) console.log(`front door, targets under 24 px: ${small.join('; ')}`);
        await screenshot(page, 'wbs-door-360.png');
        await axe(page, `/lapor/${KLUNGKUNG.code} (phone)`);

        // the public-service complaint, and back
        const complaint = choices.nth(0).getByRole('link', { name: 'Pengaduan tentang pelayanan publik kami' });
        assert.equal(await complaint.getAttribute('href'), `/pengaduan/${KLUNGKUNG.code}`);
        await Promise.all([page.waitForURL(url(`/pengaduan/${KLUNGKUNG.code}`)), complaint.tap()]);
        await page.getByRole('heading', { level: 1 }).waitFor();
        assert.ok((await mainText(page)).includes(KLUNGKUNG.name), 'the complaint form of the unit');
        assert.ok(await page.locator('main form').count() > 0, 'its form');
        await page.goBack();
        await page.waitForURL(url(`/lapor/${KLUNGKUNG.code}`));
        await page.getByRole('heading', { level: 1, name: 'Apa yang ingin Anda laporkan?' }).waitFor();

        // suspected wrongdoing by staff: the WBS form
        const wbs = page.locator('main ul.grid > li').nth(1).getByRole('link', { name: 'Dugaan pelanggaran oleh pegawai kami' });
        assert.equal(await wbs.getAttribute('href'), `/wbs/${KLUNGKUNG.code}`);
        const [form] = await Promise.all([
            page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/wbs/${KLUNGKUNG.code}`),
            wbs.tap(),
        ]);
        await page.waitForURL(url(`/wbs/${KLUNGKUNG.code}`));
        assert.equal(form.status(), 200);
        assertPrivate(form, '/wbs/51.05');
        await page.getByRole('heading', { level: 1, name: 'Laporkan dugaan pelanggaran' }).waitFor();
        assert.deepEqual(otherHosts, [], 'no request to another host');
        assert.deepEqual(problemLines(problems), []);
    });

    step('2. the form without a narrative comes back with an error summary linking to it, what was typed kept; sent whole with a file and no identity, the browser solves the proof of work and the 16-digit receipt shows once (screenshots wbs-form-errors-360.png, wbs-receipt-360.png)', async () => {
        const { ctx, page, problems } = phone;
        assert.equal(new URL(page.url()).pathname, `/wbs/${KLUNGKUNG.code}`);
        const challenge = await page.locator('input[name="pow_challenge"]').count();
        const bits = challenge ? Number(await page.locator('input[name="pow_bits"]').getAttribute('value')) : 0;
        console.log(`proof of work in the form: ${challenge ? `${bits} bits` : 'none (ZONA_WBS_POW_BITS=0)'}`);
        assert.equal(bits, SETTINGS.pow_bits, 'run.sh leaves the proof of work of data/wbs/settings.json in force');

        // first try: the category and the who/what/where, no narrative
        await page.locator('label[for="category-pungutan_liar"]').tap();
        assert.equal(await page.locator('#category-pungutan_liar').isChecked(), true, 'pungutan liar chosen');
        await page.locator('#what').tap();
        await page.locator('#what').fill(WHAT);
        await page.locator('#who').fill(WHO);
        await page.locator('#where').fill(WHERE);
        assert.equal(await page.locator('#identity').isChecked(), false, 'identity not ticked');
        let t0 = Date.now();
        const first = await post(page, `/wbs/${KLUNGKUNG.code}`,
            () => page.locator('#wbs-form button[type="submit"]').tap());
        console.log(`first try answered ${first.status()} after ${Date.now() - t0} ms (proof of work included)`);
        logNonce(first, bits);
        // Regression: with `Referrer-Policy: no-referrer` on these pages the browser sent
        // `Origin: null` with their form POSTs and csrf_check() refused every one with 403.
        if (first.status() === 403) {
            const origin = (await first.request().allHeaders()).origin;
            assert.fail(`POST /wbs/${KLUNGKUNG.code} answered 403 with Origin: ${origin}`);
        }
        assert.equal(first.status(), 422, 'the form comes back with its messages');
        assertPrivate(first, 'the form with errors');
        const summary = page.getByRole('alert').filter({ has: page.locator('ul') });
        await summary.waitFor();
        assert.equal(await summary.count(), 1, 'one error summary');
        const links = await summary.locator('a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })));
        console.log(`error summary: ${JSON.stringify(links)}`);
        assert.deepEqual(links.map((l) => l.href), ['#narrative'], `the summary names the narrative only: ${JSON.stringify(links)}`);
        assert.ok(links[0].text.length > 0, 'with a message');
        assert.equal(await page.locator('#narrative').getAttribute('aria-invalid'), 'true', 'the narrative is marked');
        assert.match(await page.locator('#narrative').getAttribute('aria-describedby') ?? '', /narrative-error/, 'described by its message');
        assert.ok(await page.locator('#narrative-error').isVisible(), 'a message at the narrative');
        assert.equal(await page.locator('#category-pungutan_liar').isChecked(), true, 'the category kept');
        assert.equal(await page.locator('#what').inputValue(), WHAT, 'what happened kept');
        assert.equal(await page.locator('#who').inputValue(), WHO, 'who kept');
        assert.equal(await page.locator('#where').inputValue(), WHERE, 'where kept');
        noSideways(await pageWidths(page), 'the form with errors');
        await screenshot(page, 'wbs-form-errors-360.png');
        await axe(page, `/wbs/${KLUNGKUNG.code} with errors (phone)`);

        // the summary's link leads to the field (zona.js focuses it, its label in view)
        await summary.locator('a[href="#narrative"]').tap();
        await page.waitForFunction(() => document.activeElement?.id === 'narrative');
        const label = await page.locator('label[for="narrative"]').boundingBox();
        assert.ok(label && label.y >= -1 && label.y < 740, `the narrative's label is in view (y ${label?.y})`);

        // second try: the narrative and a file; anonymous
        await page.locator('#narrative').fill(NARRATIVE);
        await page.locator('#berkas').setInputFiles(FILE);
        assert.equal(await page.locator('#berkas-check').isHidden(), true, 'the file is within the limits');
        assert.equal(await page.locator('#identity').isChecked(), false, 'identity still not ticked');
        t0 = Date.now();
        const sent = await post(page, `/wbs/${KLUNGKUNG.code}`,
            () => page.locator('#wbs-form button[type="submit"]').tap());
        const powMs = Date.now() - t0;
        console.log(`report answered ${sent.status()} after ${powMs} ms (proof of work of ${bits} bits in the browser, upload, encryption)`);
        logNonce(sent, bits);
        if (sent.status() !== 201) {
            console.log(`refused: ${await mainText(page)}`);
        }
        assert.equal(sent.status(), 201, 'the report is received (201): the proof of work did not block a real browser');
        assertPrivate(sent, 'the receipt page');
        assert.equal(new URL(page.url()).pathname, `/wbs/${KLUNGKUNG.code}`, 'no redirect to a URL of the report');
        await page.getByRole('heading', { level: 1, name: 'Catat nomor tanda terima Anda' }).waitFor();
        const shown = (await page.locator('.code-display__value').innerText()).replace(/\s+/g, ' ').trim();
        assert.match(shown, /^\d{4} \d{4} \d{4} \d{4}$/, `the receipt in four groups: "${shown}"`);
        receipt = shown.replace(/\s/g, '');
        const text = await mainText(page);
        assert.equal((text.replace(/(\d{4}) (?=\d{4})/g, '$1').match(/\d{16}/g) ?? []).length, 1, 'the receipt shown once');
        console.log(`receipt: ${shown}`);
        assert.ok(text.includes('Nomor ini hanya ditampilkan sekali ini dan tidak dapat dipulihkan.'), 'the advice: shown once, not recoverable');
        assert.match(text, /Tulis di kertas atau simpan di tempat yang hanya dapat Anda jangkau/, 'the advice: keep it safely');
        assert.ok(text.includes('Anda melapor secara anonim'), 'anonymous');
        assert.ok(await page.getByRole('status').filter({ hasText: 'Laporan Anda telah diterima' }).isVisible(), 'the receipt is a status message');
        assert.ok(!text.includes(MARKER), 'the report is not echoed');
        urlClean(page, 'the receipt page');
        noSideways(await pageWidths(page), 'the receipt page');
        const small = await smallTargets(page);
        if (small.length) console.log(`receipt page, targets under 24 px: ${small.join('; ')}`);
        await screenshot(page, 'wbs-receipt-360.png');
        await axe(page, `/wbs/${KLUNGKUNG.code} receipt (phone)`);
        assert.deepEqual(otherHosts, [], 'no request to another host');
        assert.equal((await ctx.cookies()).filter((c) => /sess/i.test(c.name)).length, 0, 'still no session');
        assert.deepEqual(problemLines(problems, { ignoreConsole: [MAIN_4XX] }), []);
    });

    step('3. /wbs/lacak with the receipt typed with spaces: "Diterima", the marker, the file\'s name; the reporter sends a message; no URL holds the receipt (screenshot wbs-status-360.png)', async () => {
        const { ctx, page, problems } = phone;
        try {
            const typed = receipt.replace(/(\d{4})(?=\d)/g, '$1 ');
            assert.match(typed, /^\d{4} \d{4} \d{4} \d{4}$/);
            await lookUp(page, typed);
            const text = await mainText(page);
            assert.ok(text.includes(KLUNGKUNG.name), 'the unit');
            assert.equal((await page.locator('main .badge').first().innerText()).trim(), 'Diterima', 'the state');
            assert.ok(text.includes('Pungutan liar'), 'the category');
            assert.ok(text.includes(WHAT), 'what happened, with the marker');
            assert.ok(text.includes(NARRATIVE), 'the narrative, with the marker');
            const files = page.locator('main ul.wbs-files li');
            assert.equal(await files.count(), 1, 'one file');
            assert.ok((await files.first().innerText()).includes(FILE.name), `the file's name ${FILE.name}`);
            assert.equal(await page.locator('input[name="receipt"][type="hidden"]').first().getAttribute('value'), receipt,
                'the receipt travels in the forms\' POST bodies');
            noSideways(await pageWidths(page), 'the status page');
            const small = await smallTargets(page);
            if (small.length) console.log(`status page, targets under 24 px: ${small.join('; ')}`);
            await screenshot(page, 'wbs-status-360.png');
            await axe(page, '/wbs/lacak status (phone)');

            // a message to the officers
            await page.locator('#message').tap();
            await page.locator('#message').fill(REPORTER_MESSAGE);
            const sent = await post(page, '/wbs/lacak/pesan',
                () => page.locator('form[action="/wbs/lacak/pesan"] button[type="submit"]').tap());
            assert.equal(sent.status(), 200, 'the message is taken');
            assertPrivate(sent, 'the status page after a message');
            urlClean(page, 'the page after the message');
            await page.getByRole('status').filter({ hasText: 'Pesan Anda telah dikirim kepada petugas.' }).waitFor();
            const messages = page.locator('section[aria-labelledby="wbs-messages"] ol li');
            assert.equal(await messages.count(), 1, 'one message');
            const m = (await messages.first().innerText()).replace(/\s+/g, ' ');
            assert.ok(m.includes(REPORTER_MESSAGE) && m.includes('Anda'), `the message, from "Anda": ${m}`);
            assert.deepEqual(otherHosts, [], 'no request to another host');
            assert.deepEqual(problemLines(problems, { ignoreConsole: [MAIN_4XX] }), []);
        } finally {
            await ctx.close();
            phone = null;
        }
    });

    step('4. the petugas-wbs (password and TOTP, desktop) finds the report at the top of /wbs, reads the marker and the message, moves it to Ditelaah with a note for the reporter and replies (screenshot wbs-case-1280.png)', async () => {
        const { ctx, page, problems } = await open();
        try {
            await signIn(page, PETUGAS_WBS);
            const res = await page.goto(url('/wbs'));
            assert.equal(res.status(), 200, 'GET /wbs');
            await page.getByRole('heading', { level: 1, name: 'Laporan whistleblowing' }).waitFor();
            const rows = page.locator('main tbody tr');
            assert.ok(await rows.count() >= 1, 'reports listed');
            const newest = rows.first();
            const rowText = (await newest.innerText()).replace(/\s+/g, ' ');
            console.log(`newest report: ${rowText}`);
            assert.match(rowText, /Pungutan liar/, 'the newest is the illegal levy');
            assert.match(rowText, /Diterima/, 'received');
            assert.ok(!rowText.includes(MARKER), 'the list holds no report text');
            const link = newest.getByRole('link', { name: 'Pungutan liar' });
            const href = await link.getAttribute('href');
            assert.match(href ?? '', /^\/wbs\/kasus\/\d+$/);
            await Promise.all([page.waitForURL(url(href)), link.click()]);
            await page.getByRole('heading', { level: 1, name: 'Pungutan liar' }).waitFor();
            let text = await mainText(page);
            assert.ok(text.includes(WHAT), 'what happened, decrypted, with the marker');
            assert.ok(text.includes(NARRATIVE), 'the narrative, decrypted');
            assert.ok(text.includes(FILE.name), 'the file is listed by its name');
            const convo = page.locator('section[aria-labelledby="percakapan"]');
            const convoText = (await convo.innerText()).replace(/\s+/g, ' ');
            assert.ok(convoText.includes(REPORTER_MESSAGE), 'the reporter\'s message');
            assert.ok(convoText.includes('Dari pelapor'), 'marked as from the reporter');

            // to Ditelaah, with a note the reporter sees
            await page.locator('label[for="status-ditelaah"]').click();
            assert.equal(await page.locator('#status-ditelaah').isChecked(), true, 'Ditelaah chosen');
            await page.locator('#catatan').fill(PUBLIC_NOTE);
            await page.locator('label[for="publik"]').click();
            assert.equal(await page.locator('#publik').isChecked(), true, 'shown to the reporter');
            const moved = await post(page, href, () => page.getByRole('button', { name: 'Ubah status', exact: true }).click());
            assert.equal(moved.status(), 303, 'the state changed, back to the report');
            await page.locator('main').getByText('Status laporan telah diubah.').waitFor();
            assert.equal(new URL(page.url()).pathname, href);
            assert.equal((await page.locator('main header .badge').first().innerText()).trim(), 'Ditelaah', 'now Ditelaah');
            text = await mainText(page);
            assert.ok(text.includes('Status laporan telah diubah.'), 'the flash');
            assert.ok(text.includes(PUBLIC_NOTE), 'the note in the history');

            // a reply
            await page.locator('#pesan').fill(OFFICER_REPLY);
            const replied = await post(page, href, () => page.getByRole('button', { name: 'Kirim pesan', exact: true }).click());
            assert.equal(replied.status(), 303, 'the message sent, back to the report');
            await page.locator('section[aria-labelledby="percakapan"]').getByText(OFFICER_REPLY).waitFor();
            assert.equal(new URL(page.url()).pathname, href);
            const after = (await page.locator('section[aria-labelledby="percakapan"]').innerText()).replace(/\s+/g, ' ');
            assert.ok(after.includes(OFFICER_REPLY), 'the reply in the conversation');
            assert.ok(after.includes(REPORTER_MESSAGE), 'after the reporter\'s message');
            await screenshot(page, 'wbs-case-1280.png');
            await axe(page, `${href} (officer, desktop)`);
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await ctx.close();
        }
    });

    step('5. back on the phone (a fresh context): "Ditelaah", the public note and the officer\'s reply, and no officer named (screenshot wbs-status-answered-360.png)', async () => {
        const { ctx, page, problems } = await open(PHONE_TOUCH);
        try {
            await lookUp(page, receipt.replace(/(\d{4})(?=\d)/g, '$1 '));
            const text = await mainText(page);
            assert.equal((await page.locator('main .badge').first().innerText()).trim(), 'Ditelaah', 'the state');
            assert.ok(text.includes(PUBLIC_NOTE), 'the public note');
            const messages = (await page.locator('section[aria-labelledby="wbs-messages"]').innerText()).replace(/\s+/g, ' ');
            assert.ok(messages.includes(OFFICER_REPLY), 'the officer\'s reply');
            assert.ok(messages.includes(REPORTER_MESSAGE), 'and the reporter\'s message');
            assert.ok(messages.includes('Petugas'), 'from "Petugas"');
            const html = await page.content();
            for (const s of [PETUGAS_WBS.name, PETUGAS_WBS.nip, 'Kadek', 'Pratiwi']) {
                assert.ok(!html.includes(s), `no officer's name or NIP in the page: "${s}"`);
            }
            noSideways(await pageWidths(page), 'the answered status page');
            await screenshot(page, 'wbs-status-answered-360.png');
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await ctx.close();
        }
    });

    check('no request went to any host but the zona under test, SIGAPLAPOR included', () => {
        assert.ok(seenUrls.length > 10, `${seenUrls.length} URLs looked at`);
        assert.deepEqual(otherHosts, [], 'requests to other hosts');
    });

    check('the receipt never appeared in any URL the browsers requested or showed', () => {
        assert.ok(receipt, 'a receipt');
        const leaks = seenUrls.filter((u) => decodeURIComponent(u).replace(/\D/g, '').includes(receipt));
        assert.deepEqual(leaks, [], 'URLs holding the receipt');
    });

    check('the front door, the form with errors, the receipt page, the status page and the officer\'s case page have no serious or critical axe violations, and every field a label', () => {
        assert.equal(axeRan.length, 5, `axe ran on: ${axeRan.join('; ')}`);
        assert.deepEqual(axeFindings, [], 'accessibility findings');
    });
});
