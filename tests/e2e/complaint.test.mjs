// Journey: a public-service complaint to Bawaslu Kabupaten Klungkung (demo unit 51.05), sent from
// a phone with no account. The sender first forgets the title (an error summary, role=alert, links
// to the field and the description typed is kept), then sends it anonymously although they also
// typed a name: the answer (201) shows the tracking number ADU-XXXXXXXX once. They follow it up on
// /pengaduan/lacak typing the number in small letters with a space: the status page shows the
// subject and "Baru diterima", and no URL ever holds the number (it travels by POST only). The
// counter officer (petugas-layanan) finds the complaint in /pengaduan, sees "Anonim" and no name,
// answers it publicly and closes it (selesai). Back on the phone, a fresh context looks it up:
// the answer shows and the rating form takes one rating; a second one, sent from a tab opened
// before the first, is refused. axe checks the public form, the received page and the status page.
//
// The steps share the tracking number and run in order: a step after a failed one is skipped.
// Screenshots: complaint-form-360.png, complaint-form-errors-360.png, complaint-received-360.png,
// complaint-track-360.png, complaint-status-360.png, complaint-detail-1280.png,
// complaint-answered-360.png, complaint-rated-360.png, complaint-rated-again-360.png in build/e2e/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import {
    launch, newContext, pageWidths, problemLines, screenshot, url, watch,
} from './lib.mjs';

// The demo account of README.md ("Demo accounts"), src/org/org_demo.c.
const PASSWORD = 'Demo-Zona-Integritas';
const PETUGAS = { nip: '197001011995031010', name: 'Komang Adi Saputra' };
const KLUNGKUNG = { code: '51.05', name: 'Bawaslu Kabupaten Klungkung' };

/** The phone of a member of the public: small, touch, mobile. */
const PHONE_TOUCH = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

// Chromium reports the status of a page answered with 4xx on the console; the form sent again
// with its messages (422) and the refused second rating (409) are expected here.
const MAIN_4XX = /status of 4\d\d/;

const STAMP = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const MARKER = `penanda-e2e-${STAMP}`;
const SUBJECT = `Antrean meja PPID terlalu lama ${STAMP}`;
const BODY = `Saya menunggu lebih dari satu jam di meja PPID tanpa penjelasan. ${MARKER}`;
const SERVICE = 'Layanan Informasi Publik (PPID)';
const NAME = `Wayan Nama Tersembunyi ${STAMP}`;
const CONTACT = `0812-5555-${STAMP.slice(0, 4)}`;
const ANSWER = `Terima kasih atas laporannya. Meja PPID kini dijaga bergiliran oleh dua petugas. ${STAMP}`;
const RATING_NOTE = `Jawaban jelas ${STAMP}`;

/** Signs in through /masuk; ends on /beranda. */
async function signIn(page, account) {
    await page.goto(url('/masuk'));
    await page.getByLabel('NIP atau email').fill(account.nip);
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await page.locator('main').getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.waitForURL(url('/beranda'));
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

/** The visible text of <main>, spaces collapsed. */
async function mainText(page) {
    return (await page.locator('main').innerText()).replace(/\s+/g, ' ').trim();
}

describe('public-service complaint (Klungkung, phone, no account)', () => {
    let browser;
    let broken = null;
    let tracking = null;        // ADU-XXXXXXXX, as the received page showed it
    const seenUrls = [];        // every URL the browsers requested, to look for the number
    const axeRan = [];
    const axeFindings = [];

    before(async () => { browser = await launch(); });
    after(async () => { await browser?.close(); });

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

    async function open(options) {
        const ctx = await newContext(browser, options);
        const page = await ctx.newPage();
        const problems = await watch(page);
        page.on('request', (r) => seenUrls.push(r.url()));
        return { ctx, page, problems };
    }

    /** The number never shows in the address bar (checked after every move). */
    function urlClean(page, where) {
        const u = page.url();
        if (!tracking) return;
        const code = tracking.slice(4);
        assert.ok(!u.toUpperCase().includes(code), `${where}: the URL ${u} holds the tracking number`);
    }

    /** Looks the complaint up on /pengaduan/lacak as its complainant, typing `typed`. */
    async function lookUp(page, typed) {
        const res = await page.goto(url('/pengaduan/lacak'));
        assert.equal(res.status(), 200, 'GET /pengaduan/lacak');
        urlClean(page, 'the tracking form');
        await page.locator('#nomor').tap();
        await page.locator('#nomor').fill(typed);
        const [sent] = await Promise.all([
            page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/pengaduan/lacak'),
            page.locator('main form button[type="submit"]').tap(),
        ]);
        assert.equal(sent.status(), 200, `POST /pengaduan/lacak with "${typed}"`);
        assert.match(sent.headers()['cache-control'] ?? '', /no-store/, 'the status page is no-store');
        await page.waitForLoadState('domcontentloaded');
        urlClean(page, 'the status page');
        await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
        return sent;
    }

    step('1. on a phone with no session: the form without a title is refused with an error summary linking to the field, the description kept; sent anonymously with a name typed, it shows the tracking number once (screenshots complaint-form-360.png, complaint-form-errors-360.png, complaint-received-360.png)', async () => {
        const { ctx, page, problems } = await open(PHONE_TOUCH);
        try {
            assert.deepEqual(await ctx.cookies(), [], 'no session');
            const res = await page.goto(url(`/pengaduan/${KLUNGKUNG.code}`));
            assert.equal(res.status(), 200);
            urlClean(page, 'the form');
            assert.equal(await page.locator('html').getAttribute('lang'), 'id');
            await page.getByRole('heading', { level: 1 }).waitFor();
            assert.ok((await mainText(page)).includes(KLUNGKUNG.name), 'the unit is named');
            const w = await pageWidths(page);
            assert.ok(w.scroll <= w.client, `no sideways scrolling: document ${w.scroll} px, viewport ${w.client} px`);
            await screenshot(page, 'complaint-form-360.png');
            await axe(page, `/pengaduan/${KLUNGKUNG.code} (phone)`);

            // first try: the description only, no title
            await page.locator('#isi').tap();
            await page.locator('#isi').fill(BODY);
            const [first] = await Promise.all([
                page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/pengaduan/${KLUNGKUNG.code}`),
                page.locator('main form button[type="submit"]').tap(),
            ]);
            assert.equal(first.status(), 422, 'the form comes back with its messages');
            await page.waitForLoadState('domcontentloaded');
            urlClean(page, 'the form with errors');
            const summary = page.getByRole('alert').filter({ has: page.locator('ul') });
            await summary.waitFor();
            assert.equal(await summary.count(), 1, 'one error summary');
            const links = await summary.locator('a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })));
            console.log(`error summary: ${JSON.stringify(links)}`);
            assert.deepEqual(links.map((l) => l.href), ['#judul'], `the summary names the title only: ${JSON.stringify(links)}`);
            assert.ok(links[0].text.length > 0, 'with a message');
            assert.equal(await page.locator('#judul').getAttribute('aria-invalid'), 'true', 'the title is marked');
            assert.match(await page.locator('#judul').getAttribute('aria-describedby') ?? '', /judul-error/, 'described by its message');
            assert.ok(await page.locator('#judul-error').isVisible(), 'a message at the title');
            assert.equal(await page.locator('#isi').inputValue(), BODY, 'the description typed is kept');
            assert.equal(await page.locator('#kelas-pengaduan').isChecked(), true, 'the class kept');
            await screenshot(page, 'complaint-form-errors-360.png', { fullPage: false });

            // the summary's link leads to the field
            // (zona.js focuses the field itself, its label scrolled into view, instead of
            // following the fragment)
            await summary.locator('a[href="#judul"]').tap();
            await page.waitForFunction(() => document.activeElement?.id === 'judul');
            const label = await page.locator('label[for="judul"]').boundingBox();
            assert.ok(label && label.y >= -1 && label.y < 740, `the title's label is in view (y ${label?.y})`);
            // and not under anything fixed or sticky (a header)
            const onTop = await page.evaluate(({ x, y }) => !!document.elementFromPoint(x, y)?.closest('label[for="judul"]'),
                { x: label.x + Math.min(20, label.width / 2), y: Math.max(0, label.y) + label.height / 2 });
            assert.ok(onTop, 'the label is not covered');
            urlClean(page, 'the title field');

            // second try: everything, anonymous, with a name and a contact typed all the same
            await page.locator('label[for="kelas-pengaduan"]').tap();
            assert.equal(await page.locator('#kelas-pengaduan').isChecked(), true, 'kelas pengaduan chosen');
            await page.locator('#layanan').fill(SERVICE);
            await page.locator('#judul').fill(SUBJECT);
            assert.equal(await page.locator('#isi').inputValue(), BODY);
            await page.locator('label[for="anonim"]').tap();
            assert.equal(await page.locator('#anonim').isChecked(), true, 'anonim ticked');
            assert.equal(await page.locator('#rahasia').isChecked(), false, 'not confidential');
            await page.locator('#nama').fill(NAME);
            await page.locator('#kontak').fill(CONTACT);
            const [sent] = await Promise.all([
                page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/pengaduan/${KLUNGKUNG.code}`),
                page.locator('main form button[type="submit"]').tap(),
            ]);
            assert.equal(sent.status(), 201, 'the complaint is received (201)');
            assert.match(sent.headers()['cache-control'] ?? '', /no-store/, 'the received page is no-store');
            await page.waitForLoadState('domcontentloaded');
            assert.equal(new URL(page.url()).pathname, `/pengaduan/${KLUNGKUNG.code}`, 'no redirect to a URL of the complaint');
            const text = await mainText(page);
            const numbers = text.match(/ADU-[A-Z0-9]{8}/g) ?? [];
            assert.equal(numbers.length, 1, `the tracking number shown once: ${JSON.stringify(numbers)}`);
            tracking = numbers[0];
            assert.equal((await page.locator('.code-display__value').innerText()).trim(), tracking);
            console.log(`tracking number: ${tracking}`);
            urlClean(page, 'the received page');
            assert.ok(!text.includes(NAME), 'the name typed is not echoed');
            assert.ok(!text.includes(CONTACT), 'the contact typed is not echoed');
            assert.ok(await page.getByRole('status').isVisible(), 'the receipt is a status message');
            await screenshot(page, 'complaint-received-360.png');
            await axe(page, `/pengaduan/${KLUNGKUNG.code} received (phone)`);
            assert.deepEqual(problemLines(problems, { ignoreConsole: [MAIN_4XX] }), []);
        } finally {
            await ctx.close();
        }
    });

    step('2. the number typed in small letters with a space finds the complaint: its subject and "Baru diterima"; the number never in a URL (screenshots complaint-track-360.png, complaint-status-360.png)', async () => {
        const { ctx, page, problems } = await open(PHONE_TOUCH);
        try {
            await page.goto(url('/pengaduan/lacak'));
            urlClean(page, 'the tracking form');
            await screenshot(page, 'complaint-track-360.png');
            const typed = tracking.toLowerCase().replace('-', ' ');
            assert.match(typed, /^adu [a-z0-9]{8}$/);
            await lookUp(page, typed);
            const text = await mainText(page);
            assert.ok(text.includes(tracking), 'the status page names its number (in the page, not the URL)');
            const badge = (await page.locator('main .badge').first().innerText()).trim();
            assert.equal(badge, 'Baru diterima', 'the state');
            assert.ok(!text.includes(NAME), 'no name');
            const w = await pageWidths(page);
            assert.ok(w.scroll <= w.client, `no sideways scrolling: document ${w.scroll} px, viewport ${w.client} px`);
            await screenshot(page, 'complaint-status-360.png');
            await axe(page, '/pengaduan/lacak status (phone)');
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await ctx.close();
        }
    });

    step('3. the petugas-layanan finds it in /pengaduan: "Anonim", no name; answers it publicly and closes it (screenshot complaint-detail-1280.png)', async () => {
        const { ctx, page, problems } = await open();
        try {
            await signIn(page, PETUGAS);
            await page.goto(url('/pengaduan'));
            const link = page.locator('main tbody tr').getByRole('link', { name: SUBJECT, exact: true });
            assert.equal(await link.count(), 1, `"${SUBJECT}" is listed once`);
            const row = page.locator('main tbody tr').filter({ has: page.getByRole('link', { name: SUBJECT, exact: true }) });
            const rowText = (await row.innerText()).replace(/\s+/g, ' ');
            assert.match(rowText, /Anonim/, `the row says Anonim: ${rowText}`);
            assert.ok(!rowText.includes(NAME), 'no name in the list');
            await link.click();
            await page.waitForURL((u) => new RegExp(`^/pengaduan/${KLUNGKUNG.code.replace('.', '\\.')}/\\d+$`).test(u.pathname));
            await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
            const text = await mainText(page);
            assert.match(text, /Anonim/, 'the complaint is marked anonymous');
            assert.match(text, /Anonim: nama dan kontak tidak disimpan/, 'the complainant is anonymous');
            assert.ok(text.includes(MARKER), 'the description is shown to the officer');
            const html = await page.content();
            assert.ok(!html.includes(NAME), 'the name typed was never stored');
            assert.ok(!html.includes(CONTACT), 'the contact typed was never stored');
            await screenshot(page, 'complaint-detail-1280.png');

            await page.locator('#status').selectOption('selesai');
            await page.locator('#jenis-jawaban').check();
            await page.locator('#catatan').fill(ANSWER);
            const [sent] = await Promise.all([
                page.waitForResponse((r) => r.request().method() === 'POST' && /^\/pengaduan\/51\.05\/\d+$/.test(new URL(r.url()).pathname)),
                page.locator('main form').getByRole('button', { name: 'Simpan', exact: true }).click(),
            ]);
            assert.equal(sent.status(), 303, 'saved, back to the complaint');
            await page.waitForLoadState('domcontentloaded');
            await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
            const after = await mainText(page);
            assert.equal((await page.locator('main header .badge').first().innerText()).trim(), 'Selesai', 'the state is now Selesai');
            assert.ok(after.includes(ANSWER), 'the answer is in the history');
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await ctx.close();
        }
    });

    step('4. back on the phone (a new context): the answer shows; one rating 1–5 is taken, a second one refused (screenshots complaint-answered-360.png, complaint-rated-360.png, complaint-rated-again-360.png)', async () => {
        const { ctx, page, problems } = await open(PHONE_TOUCH);
        try {
            await lookUp(page, tracking);
            const text = await mainText(page);
            assert.ok(text.includes(ANSWER), 'the answer shows on the status page');
            assert.equal((await page.locator('main .badge').first().innerText()).trim(), 'Selesai');
            assert.equal(await page.locator('input[name="nilai"]').count(), 5, 'a rating of 1 to 5');

            // a second tab, opened before the rating, still shows the form
            const other = await ctx.newPage();
            const otherProblems = await watch(other);
            other.on('request', (r) => seenUrls.push(r.url()));
            await lookUp(other, tracking);
            assert.equal(await other.locator('input[name="nilai"]').count(), 5);
            await screenshot(page, 'complaint-answered-360.png');
            await axe(page, '/pengaduan/lacak answered (phone)');

            // the rating: 4 (Baik), tapped
            await page.locator('label[for="nilai-4"]').scrollIntoViewIfNeeded();
            await page.locator('label[for="nilai-4"]').tap();
            assert.equal(await page.locator('#nilai-4').isChecked(), true, '4 chosen by tapping');
            await page.locator('#catatan').fill(RATING_NOTE);
            const [rated] = await Promise.all([
                page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/pengaduan/lacak/nilai'),
                page.locator('form[action="/pengaduan/lacak/nilai"] button[type="submit"]').tap(),
            ]);
            assert.equal(rated.status(), 200, 'the rating is taken');
            await page.waitForLoadState('domcontentloaded');
            urlClean(page, 'the rated page');
            const thanks = page.getByRole('status');
            await thanks.waitFor();
            console.log(`thanks: ${(await thanks.innerText()).trim()}`);
            const ratedText = await mainText(page);
            assert.match(ratedText, /4 \/ 5/, 'the rating shows');
            assert.ok(ratedText.includes(RATING_NOTE), 'with its note');
            assert.equal(await page.locator('form[action="/pengaduan/lacak/nilai"]').count(), 0, 'no rating form any more');
            await screenshot(page, 'complaint-rated-360.png');

            // the second tab sends another rating: refused
            await other.locator('label[for="nilai-1"]').scrollIntoViewIfNeeded();
            await other.locator('label[for="nilai-1"]').tap();
            const [again] = await Promise.all([
                other.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/pengaduan/lacak/nilai'),
                other.locator('form[action="/pengaduan/lacak/nilai"] button[type="submit"]').tap(),
            ]);
            assert.equal(again.status(), 409, 'a second rating is refused');
            await other.waitForLoadState('domcontentloaded');
            urlClean(other, 'the refused rating');
            const alert = other.getByRole('alert');
            await alert.waitFor();
            console.log(`second rating: ${(await alert.innerText()).replace(/\s+/g, ' ').trim()}`);
            await screenshot(other, 'complaint-rated-again-360.png');

            // and the rating kept is the first
            const fresh = await newContext(browser, PHONE_TOUCH);
            try {
                const p3 = await fresh.newPage();
                p3.on('request', (r) => seenUrls.push(r.url()));
                await lookUp(p3, tracking);
                const t3 = await mainText(p3);
                assert.match(t3, /4 \/ 5/, 'the first rating kept');
                assert.equal(await p3.locator('form[action="/pengaduan/lacak/nilai"]').count(), 0, 'no rating form');
            } finally {
                await fresh.close();
            }
            assert.deepEqual(problemLines(problems), []);
            assert.deepEqual(problemLines(otherProblems, { ignoreConsole: [MAIN_4XX] }), []);
        } finally {
            await ctx.close();
        }
    });

    check('the tracking number never appeared in any URL the browsers requested', () => {
        assert.ok(tracking, 'a tracking number');
        const code = tracking.slice(4);
        const leaks = seenUrls.filter((u) => decodeURIComponent(u).toUpperCase().includes(code));
        assert.deepEqual(leaks, [], 'URLs holding the number');
        assert.ok(seenUrls.length > 10, `${seenUrls.length} URLs looked at`);
    });

    check('the public form, the received page and the status pages have no serious or critical axe violations, and every field a label', () => {
        assert.equal(axeRan.length, 4, `axe ran on: ${axeRan.join('; ')}`);
        assert.deepEqual(axeFindings, [], 'accessibility findings');
    });
});
