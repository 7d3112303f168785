// Journey: the public IKM survey of Bawaslu Kabupaten Klungkung (demo data, access by one-time
// code). The ZI coordinator finds the open campaign, reads its link and QR code and issues two
// one-time codes; a member of the public on a phone (no account, no session) opens the link of
// the QR code, sends once without a respondent group (the answers are kept, the error summary is
// an alert), then with the code, the group and all nine answers chosen by tapping, and lands on
// the thanks page. The same code is refused the second time. The campaign then counts one more
// response and one more code used, and its CSV holds the answers sent. axe checks the form, the
// form with its errors and the thanks page; every field has a label.
//
// The steps share the codes and run in order: a step after a failed one is skipped. Checks that
// do not move the journey on (the wording in Indonesian, axe) are tests of their own.
// Screenshots: survey-campaign-1280.png, survey-form-360.png, survey-form-errors-360.png,
// survey-thanks-360.png, survey-code-used-360.png in build/e2e/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import {
    launch, newContext, pageWidths, problemLines, screenshot, url, watch,
} from './lib.mjs';

// The demo account of README.md ("Demo accounts") and the demo campaign of src/survey/survey_demo.c.
const PASSWORD = 'Demo-Zona-Integritas';
const KOORDINATOR = { nip: '197001011995032003', name: 'Ni Made Ayu Lestari' };
const KLUNGKUNG = { code: '51.05', name: 'Bawaslu Kabupaten Klungkung' };
const CAMPAIGN = 'Survei Kepuasan Masyarakat Triwulan IV';
const ITEMS = 9; // the nine IKM items, u1 … u9 (PermenPANRB 14/2017)
const SERVICE = 'Konsultasi Hukum';
const KELOMPOK = 'masyarakat-umum';

/** The phone of a member of the public: small, touch, mobile. */
const PHONE_TOUCH = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const MIN_TARGET = 44; // px, WCAG 2.5.5 / platform guidance for a touch target

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

// Chromium reports the status of a page answered with 4xx on the console; the form sent again
// with its messages (422) is what these checks expect, not a broken resource.
const MAIN_4XX = /status of 4\d\d/;

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
        .filter((el) => el.labels.length === 0 && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
        .map((el) => `${el.tagName.toLowerCase()}#${el.id || '(no id)'}[name=${el.name}]`));
}

/** Heights of the radio labels (the touch targets of the answers), smallest first. */
function choiceHeights(page) {
    return page.locator('#pertanyaan label').evaluateAll((labels) => labels
        .map((l) => ({ for: l.htmlFor, h: l.getBoundingClientRect().height, w: l.getBoundingClientRect().width }))
        .sort((a, b) => a.h - b.h));
}

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text) {
    const rows = [];
    let row = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (quoted) {
            if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
            else if (ch === '"') quoted = false;
            else field += ch;
        } else if (ch === '"') quoted = true;
        else if (ch === ',') { row.push(field); field = ''; }
        else if (ch === '\n' || ch === '\r') {
            if (ch === '\r' && text[i + 1] === '\n') i++;
            row.push(field); rows.push(row); row = []; field = '';
        } else field += ch;
    }
    if (field !== '' || row.length) { row.push(field); rows.push(row); }
    return rows;
}

/** Taps the label of answer `value` of item `n` (u1 … u9), as a finger does. */
async function tapAnswer(page, n, value) {
    const label = page.locator(`label[for="u${n}-${value}"]`);
    await label.scrollIntoViewIfNeeded();
    await label.tap();
    assert.equal(await page.locator(`#u${n}-${value}`).isChecked(), true, `u${n}: ${value} chosen by tapping its label`);
}

/** The value chosen for item `n`, or null. */
function chosen(page, n) {
    return page.evaluate((name) => document.querySelector(`input[name="${name}"]:checked`)?.value ?? null, `u${n}`);
}

describe('public survey (IKM of Klungkung, one-time codes)', () => {
    let browser;
    let broken = null;
    let link = null;       // the href of the QR code's link on the campaign page
    let campaignPath = null;
    let codes = [];
    let slips = [];        // the link printed on each slip, with ?kode=
    let progress = null;   // responses and codes used on the campaign page before the journey
    const FINAL = [4, 4, 3, 3, 4, 4, 2, 3, 4]; // the answers sent, u1 … u9
    const seen = {};       // what the journey saw, for the checks beside it
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
        return { ctx, page, problems };
    }

    /** Responses and codes used, the first two figures of the campaign's progress. */
    async function readProgress(page) {
        const values = await page.locator('section[aria-labelledby="kemajuan"] .stat .stat__value').allInnerTexts();
        return { responses: Number(values[0]), codesUsed: Number(values[1]) };
    }

    step('1. the coordinator finds the open campaign, its link and QR code, and issues 2 one-time codes (screenshot survey-campaign-1280.png)', async () => {
        const { ctx, page, problems } = await open();
        try {
            await signIn(page, KOORDINATOR);
            await page.goto(url(`/survei?lingkup=${KLUNGKUNG.code}`));
            const row = page.locator('tbody tr').filter({ has: page.getByRole('link', { name: CAMPAIGN, exact: true }) });
            assert.equal(await row.count(), 1, `"${CAMPAIGN}" is listed once`);
            await row.getByRole('link', { name: CAMPAIGN, exact: true }).click();
            await page.waitForURL((u) => /^\/survei\/51\.05\/[a-z0-9]+$/.test(u.pathname));
            campaignPath = new URL(page.url()).pathname;
            await page.getByRole('heading', { level: 1, name: CAMPAIGN }).waitFor();

            // the link and its QR code
            const section = page.locator('section[aria-labelledby="tautan"]');
            const a = section.locator('a[href*="/s/"]');
            assert.equal(await a.count(), 1, 'one link to the public form');
            link = await a.getAttribute('href');
            const id = campaignPath.split('/').pop();
            assert.equal(new URL(link, url('/')).pathname, `/s/${id}`, `the link ${link} is the form of ${campaignPath}`);
            assert.equal(new URL(link, url('/')).origin, new URL(url('/')).origin, 'the link points at this zona');
            const qr = section.locator('.survey-qr svg');
            assert.equal(await qr.count(), 1, 'a QR code (inline SVG)');
            assert.ok(await qr.isVisible(), 'the QR code is visible');
            assert.equal(await qr.getAttribute('role'), 'img');
            assert.ok((await qr.getAttribute('aria-label'))?.length > 0, 'the QR code has a text alternative');
            const box = await qr.boundingBox();
            assert.ok(box.width >= 100 && box.height >= 100, `QR code ${box.width}×${box.height} px`);
            const svg = await ctx.request.get(url(`/s/${id}/qr.svg`));
            assert.equal(svg.status(), 200, '/s/:id/qr.svg');
            assert.match(svg.headers()['content-type'], /^image\/svg\+xml/);
            progress = await readProgress(page);
            await screenshot(page, 'survey-campaign-1280.png');

            // two codes, shown once
            const form = page.locator(`form[action="${campaignPath}/kode"]`);
            await form.locator('input[name="n"]').fill('2');
            await form.locator('button[type="submit"]').click();
            await page.waitForURL((u) => u.pathname === `${campaignPath}/kode`);
            codes = (await page.locator('.code-slip__code').allInnerTexts()).map((s) => s.trim());
            assert.equal(codes.length, 2, `two codes: ${codes.join(', ')}`);
            for (const c of codes) assert.match(c, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/, `code ${c}`);
            assert.notEqual(codes[0], codes[1]);
            slips = await page.locator('.code-slip').allInnerTexts();
            for (const [i, c] of codes.entries()) {
                assert.ok(slips[i].includes(`${link}?kode=${c}`), `slip ${i + 1} prints ${link}?kode=${c}: ${slips[i]}`);
            }
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await ctx.close();
        }
    });

    step('2. on a phone with no session: the QR link opens a form without script, anonymous, with large targets; a missing group is reported and the answers kept; then it is sent (screenshots survey-form-360.png, survey-form-errors-360.png, survey-thanks-360.png)', async () => {
        const { ctx, page, problems } = await open(PHONE_TOUCH);
        try {
            assert.deepEqual(await ctx.cookies(), [], 'no session');
            const res = await page.goto(link);
            assert.equal(res.status(), 200);
            const html = await res.text();
            assert.doesNotMatch(html, /<script/i, 'the form document has no script');
            assert.equal(await page.locator('script').count(), 0, 'no script element');
            assert.match(res.headers()['content-security-policy'] ?? '', /script-src/, 'a CSP');
            assert.equal(await page.locator('html').getAttribute('lang'), 'id');
            await page.getByRole('heading', { level: 1, name: CAMPAIGN }).waitFor();
            assert.ok(await page.getByText(KLUNGKUNG.name).first().isVisible(), 'the unit is named');

            // the privacy notice comes before the questions (its wording is checked beside)
            const notice = page.locator('main .sv-box').first();
            assert.ok(await notice.isVisible(), 'a notice above the form');
            seen.notice = (await notice.innerText()).replace(/\s+/g, ' ').trim();
            assert.ok(await notice.evaluate((el) => el.compareDocumentPosition(document.querySelector('form'))
                & Node.DOCUMENT_POSITION_FOLLOWING), 'the notice is before the form');

            // the questions: nine, four answers each, each answer's label a large touch target
            assert.equal(await page.locator('#pertanyaan fieldset').count(), ITEMS, 'nine items');
            assert.equal(await page.locator('#pertanyaan input[type="radio"]').count(), ITEMS * 4, 'four answers each');
            const heights = await choiceHeights(page);
            assert.equal(heights.length, ITEMS * 4, 'a label per answer');
            const small = heights.filter((h) => h.h < MIN_TARGET);
            assert.deepEqual(small, [], `radio labels under ${MIN_TARGET} px tall (smallest ${heights[0].h} px)`);
            const narrow = heights.filter((h) => h.w < MIN_TARGET);
            assert.deepEqual(narrow, [], `radio labels under ${MIN_TARGET} px wide`);
            for (const sel of ['#kode', '#layanan', '#kelompok', 'button[type="submit"]']) {
                const b = await page.locator(sel).boundingBox();
                assert.ok(b && b.height >= MIN_TARGET, `${sel} is ${b?.height} px tall`);
            }
            const w = await pageWidths(page);
            assert.ok(w.scroll <= w.client, `no sideways scrolling: document ${w.scroll} px, viewport ${w.client} px`);
            await screenshot(page, 'survey-form-360.png');
            await axe(page, `${new URL(link).pathname} (phone)`);

            // first try: code, service and the nine answers, but no respondent group
            const first = [4, 3, 4, 2, 4, 3, 1, 4, 3];
            await page.locator('#kode').tap();
            await page.locator('#kode').fill(codes[0]);
            await page.locator('#layanan').selectOption(SERVICE);
            for (let n = 1; n <= ITEMS; n++) await tapAnswer(page, n, first[n - 1]);
            const [sent] = await Promise.all([
                page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === new URL(link).pathname),
                page.locator('form.sv-form button[type="submit"]').tap(),
            ]);
            // the form's <meta name="referrer" content="no-referrer"> makes the browser send
            // "Origin: null" with the POST; a same-origin form must still be taken
            const origin = (await sent.request().allHeaders()).origin;
            assert.notEqual(sent.status(), 403, `the form's own POST is refused as cross-site (Origin: ${origin})`);
            assert.equal(sent.status(), 422, 'the form comes back with its messages');
            await page.waitForLoadState('domcontentloaded');
            const summary = page.getByRole('alert').filter({ has: page.locator('ul') });
            await summary.waitFor();
            assert.equal(await summary.count(), 1, 'one error summary');
            const links = await summary.locator('a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })));
            seen.summary = links;
            assert.deepEqual(links.map((l) => l.href), ['#kelompok'], `the summary names the group only: ${JSON.stringify(links)}`);
            assert.ok(links[0].text.length > 0, 'with a message');
            assert.equal(await page.locator('#kelompok').getAttribute('aria-invalid'), 'true', 'the group field is marked');
            assert.ok(await page.locator('#kelompok-error').isVisible(), 'a message at the group field');
            const target = await page.locator('#kelompok').evaluate((el) => el.getAttribute('aria-describedby'));
            assert.match(target ?? '', /kelompok-error/, 'the field is described by its message');
            // everything chosen is kept
            assert.equal(await page.locator('#kode').inputValue(), codes[0], 'the code kept');
            assert.equal(await page.locator('#layanan').inputValue(), SERVICE, 'the service kept');
            for (let n = 1; n <= ITEMS; n++) {
                assert.equal(await chosen(page, n), String(first[n - 1]), `u${n} kept`);
            }
            assert.equal(await page.locator('script').count(), 0, 'no script on the form with errors either');
            await page.locator('main').evaluate((el) => el.scrollIntoView({ block: 'start' }));
            await screenshot(page, 'survey-form-errors-360.png', { fullPage: false });
            await axe(page, `${new URL(link).pathname} with errors (phone)`);

            // the summary's link leads to the field
            await summary.locator('a[href="#kelompok"]').tap();
            await page.waitForURL((u) => u.hash === '#kelompok');

            // second try: the group, and the nine answers chosen again by tapping
            const final = FINAL;
            await page.locator('#kelompok').selectOption(KELOMPOK);
            for (let n = 1; n <= ITEMS; n++) await tapAnswer(page, n, final[n - 1]);
            await page.locator('#kode').fill(codes[0]);
            await page.locator('form.sv-form button[type="submit"]').tap();
            await page.waitForURL((u) => u.pathname === `${new URL(link).pathname}/terima-kasih`);
            const h1 = page.getByRole('heading', { level: 1 });
            seen.thanks = (await h1.innerText()).trim();
            const status = page.getByRole('status');
            assert.ok(await status.isVisible(), 'the receipt is a status message');
            seen.thanksBody = (await status.innerText()).trim();
            assert.equal(await page.locator('script').count(), 0, 'no script on the thanks page');
            assert.equal((await ctx.cookies()).filter((c) => /sesi|session/i.test(c.name)).length, 0, 'still no session');
            await screenshot(page, 'survey-thanks-360.png');
            await axe(page, `${new URL(link).pathname}/terima-kasih (phone)`);
            assert.deepEqual(problemLines(problems, { ignoreConsole: [MAIN_4XX] }), []);
        } finally {
            await ctx.close();
        }
    });

    step('3. the same code again (from its slip link) is refused with a message at the code field (screenshot survey-code-used-360.png)', async () => {
        const { ctx, page, problems } = await open(PHONE_TOUCH);
        try {
            await page.goto(`${link}?kode=${codes[0]}`);
            assert.equal(await page.locator('#kode').inputValue(), codes[0], 'the slip link fills in the code');
            await page.locator('#layanan').selectOption(SERVICE);
            await page.locator('#kelompok').selectOption(KELOMPOK);
            for (let n = 1; n <= ITEMS; n++) await tapAnswer(page, n, 4);
            const [sent] = await Promise.all([
                page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === new URL(link).pathname),
                page.locator('form.sv-form button[type="submit"]').tap(),
            ]);
            assert.notEqual(sent.status(), 303, 'not accepted');
            assert.ok(sent.status() >= 400 && sent.status() < 500, `refused with ${sent.status()}`);
            await page.waitForLoadState('domcontentloaded');
            assert.equal(new URL(page.url()).pathname, new URL(link).pathname, 'still on the form');
            const error = page.locator('#kode-error');
            await error.waitFor();
            seen.codeUsed = (await error.innerText()).trim();
            assert.ok(seen.codeUsed.length > 0, 'a message');
            assert.equal(await page.locator('#kode').getAttribute('aria-invalid'), 'true');
            assert.match(await page.locator('#kode').getAttribute('aria-describedby'), /kode-error/);
            const summary = page.getByRole('alert');
            assert.ok(await summary.first().isVisible(), 'the summary says so too');
            seen.codeUsedSummary = (await summary.first().innerText()).replace(/\s+/g, ' ').trim();
            // the answers are kept for a right code
            for (let n = 1; n <= ITEMS; n++) assert.equal(await chosen(page, n), '4', `u${n} kept`);
            await screenshot(page, 'survey-code-used-360.png');

            // the other code still works from its slip
            await page.goto(`${link}?kode=${codes[1]}`);
            assert.equal(await page.locator('#kode').inputValue(), codes[1]);
            assert.deepEqual(problemLines(problems, { ignoreConsole: [MAIN_4XX] }), []);
        } finally {
            await ctx.close();
        }
    });

    check('the coordinator sees one more response and one more code used; the CSV has the answers sent', async () => {
        const { ctx, page, problems } = await open();
        try {
            await signIn(page, KOORDINATOR);
            await page.goto(url(campaignPath));
            const now = await readProgress(page);
            assert.deepEqual(now, { responses: progress.responses + 1, codesUsed: progress.codesUsed + 1 },
                `before ${JSON.stringify(progress)}`);
            const csv = await ctx.request.get(url(`${campaignPath}/tanggapan.csv`));
            assert.equal(csv.status(), 200);
            const rows = parseCsv(await csv.text());
            const head = rows[0];
            const col = (name) => head.indexOf(name);
            for (const name of ['kelompok', 'layanan', 'u1', 'u9']) assert.ok(col(name) >= 0, `CSV column ${name}: ${head.join(',')}`);
            const ours = rows.slice(1).filter((r) => r[col('kelompok')] === KELOMPOK && r[col('layanan')] === SERVICE &&
                FINAL.every((v, i) => r[col(`u${i + 1}`)] === String(v)));
            assert.ok(ours.length >= 1, 'the response sent from the phone is in the CSV');
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await ctx.close();
        }
    });

    check('the public pages speak Indonesian: the notice says "Anonim", the thanks page "Terima kasih"', () => {
        console.log(`notice: ${seen.notice}`);
        console.log(`error summary: ${JSON.stringify(seen.summary)}`);
        console.log(`thanks: ${seen.thanks} / ${seen.thanksBody}`);
        console.log(`used code: ${seen.codeUsed} / ${seen.codeUsedSummary}`);
        const wrong = [];
        if (!/Anonim/.test(seen.notice ?? '')) wrong.push(`privacy notice: "${seen.notice}"`);
        if (!/Terima kasih/i.test(seen.thanks ?? '')) wrong.push(`thanks heading: "${seen.thanks}"`);
        assert.deepEqual(wrong, [], 'English text on pages served with lang="id"');
    });

    check('the form, the form with errors and the thanks page have no serious or critical axe violations, and every field a label', () => {
        assert.equal(axeRan.length, 3, `axe ran on: ${axeRan.join('; ')}`);
        assert.deepEqual(axeFindings, [], 'accessibility findings');
    });
});
