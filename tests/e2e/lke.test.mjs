// Journey: the LKE of Bawaslu Kabupaten Klungkung (demo data) from the unit's draft to the TPI's
// acceptance, through the pages only. The ZI coordinator answers questions of a change area (they
// save as they are typed), attaches a PDF and a link as evidence and submits to the TPI; the TPI
// member of the Bali team starts the review, records a different answer with a finding and passes
// it on; the team lead returns it for revision; the coordinator answers the finding, revises the
// answer and submits again; member, team lead and technical controller pass it on and accept it.
// The history lists every step, the LHE is a PDF and the worksheet an XLSX download. axe checks
// the assessment, area and review pages.
//
// The steps share one assessment and run in order: a step after a failed one is skipped. Checks
// that do not move the journey on (wrong input, the phone layout, axe) are tests of their own.
// This file is the only one that changes an LKE assessment or signs in the TPI accounts.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import {
    DESKTOP, PHONE, launch, newContext, pageWidths, problemLines, screenshot, url, watch,
} from './lib.mjs';

// The demo accounts of README.md ("Demo accounts") and the demo assessment of src/lke/lke_demo.c.
const PASSWORD = 'Demo-Zona-Integritas';
const KOORDINATOR = { nip: '197001011995032003', name: 'Ni Made Ayu Lestari' };
const ANGGOTA = { nip: '197001011995032006', name: 'Ni Luh Putu Sri Wahyuni', totp: 'ZONADEMOTPIANGGOTAAAAAAAAAAAAAAA' };
const KETUA = { nip: '197001011995031007', name: 'I Gusti Ngurah Putra', totp: 'ZONADEMOTPIKETUAAAAAAAAAAAAAAAAA' };
const DALNIS = { nip: '197001011995031008', name: 'Anak Agung Gede Oka', totp: 'ZONADEMOTPIDALNISAAAAAAAAAAAAAAA' };
const KLUNGKUNG = { code: '51.05', name: 'Bawaslu Kabupaten Klungkung' };

// Change area 1 (Manajemen Perubahan) has all three kinds of question the journey answers; area 2
// of this framework has option questions only. hasil.2.a is a survey index (1 to 4).
const AREA = { key: '1', name: 'Manajemen Perubahan' };
const Q_YN = 'pemenuhan.1.i.a';       // Ya/Tidak
const Q_OPT = 'pemenuhan.1.ii.b';     // options A, B, C; the TPI finding is recorded here
const Q_PCT = 'reform.1.i.a';         // a percentage from two numbers
const PCT_INPUTS = { total: 'Jumlah Agen Perubahan', part: 'Jumlah Perubahan yang dibuat' };
const Q_INDEX = 'hasil.2.a';

const NOTE = 'SK Tim Kerja ZI ditetapkan Januari; rapat pembentukan dengan seluruh bagian.';
const FILE_NAME = 'sk-tim-zi-e2e.pdf';
const EVIDENCE_NAME = 'SK Tim Kerja ZI (ditandatangani, uji e2e)';
const LINK = { href: 'https://klungkung.bawaslu.go.id/zona-integritas/rencana-aksi', name: 'Rencana aksi ZI di situs web' };
const FINDING = 'Target prioritas dalam rencana aksi belum seluruhnya terkait tujuan WBK.';
const RECOMMENDATION = 'Tetapkan ulang target prioritas yang relevan dan lampirkan SK revisinya.';
const RETURN_NOTE = 'Satu temuan pada area Manajemen Perubahan perlu ditanggapi.';
const RESPONSE = 'Target prioritas telah ditetapkan ulang; SK revisi dilampirkan pada eviden.';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

// Chromium reports the status of a page answered with 4xx on the console; a refused answer (400)
// is the answer the wrong-input checks expect, not a broken resource.
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

/** RFC 6238 code (HMAC-SHA-1, 30-second steps, 6 digits) for the time step `step`. */
function totpAt(secret, step) {
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(step));
    const h = createHmac('sha1', base32(secret)).update(counter).digest();
    const o = h[h.length - 1] & 0x0f;
    return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/* A TOTP code is accepted once: after a sign-in with the code of one 30-second step, the server
 * refuses that step and every earlier one for the account (RFC 6238 section 5.2). A person who
 * signs in again within the same step waits for the next code, as an authenticator app shows it. */
const usedStep = new Map();

async function currentTotp({ nip, totp: secret }) {
    let step = Math.floor(Date.now() / 30_000);
    const last = usedStep.get(nip);
    if (last !== undefined && step <= last) {
        await sleep((last + 1) * 30_000 - Date.now() + 250);
        step = Math.floor(Date.now() / 30_000);
    }
    usedStep.set(nip, step);
    return totpAt(secret, step);
}

/** Signs in through /masuk (and /masuk/totp for a TPI account); ends on /beranda. */
async function signIn(page, account) {
    await page.goto(url('/masuk'));
    await page.getByLabel('NIP atau email').fill(account.nip);
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await page.locator('main').getByRole('button', { name: 'Masuk', exact: true }).click();
    if (account.totp) {
        await page.waitForURL((u) => u.pathname === '/masuk/totp');
        await page.getByLabel('Kode', { exact: true }).fill(await currentTotp(account));
        await page.getByRole('button', { name: 'Lanjutkan', exact: true }).click();
    }
    await page.waitForURL(url('/beranda'));
    await page.getByRole('heading', { level: 1, name: `Selamat datang, ${account.name}` }).waitFor();
}

/** A one-page PDF with a line of ASCII text, its cross-reference table at the right offsets. */
function tinyPdf(text) {
    const content = `BT /F1 12 Tf 56 780 Td (${text}) Tj ET`;
    const objects = [
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
        `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
        '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ];
    let pdf = '%PDF-1.4\n';
    const offsets = objects.map((body, i) => {
        const at = pdf.length;
        pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
        return at;
    });
    const xref = pdf.length;
    pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
    pdf += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
    pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(pdf, 'latin1');
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

const literal = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The article of one question on an area or review page (ids contain dots). */
const question = (page, code) => page.locator(`article[id="${code}"]`);

/** The answer form of a question: the unit's on the area page, the assessor's on the review page. */
const answerForm = (page, code) => question(page, code).locator('form[data-autosave]');

/** Waits for the answer to the POST an answer form's autosave sends for `code` to `path`. */
function autosaveOf(page, path, code, accept = () => true) {
    return page.waitForResponse((res) => {
        const req = res.request();
        if (req.method() !== 'POST' || !res.url().endsWith(path)) return false;
        const body = new URLSearchParams(req.postData() || '');
        return body.get('code') === code && accept(body);
    });
}

/** Does `action`, then waits until the form of `code` says "Tersimpan" for a save `accept` likes. */
async function saved(page, path, code, action, accept) {
    const response = autosaveOf(page, path, code, accept);
    await action();
    const res = await response;
    assert.equal(res.status(), 200, `the save of ${code} was answered ${res.status()}: ${await res.text()}`);
    const status = answerForm(page, code).locator('[data-status]');
    await status.filter({ hasText: /^Tersimpan/ }).waitFor();
    return res;
}

/** The state badge of the assessment page (the first one, in the page header). */
const stateBadge = (page) => page.locator('.page-header .state-badge');

/** Takes the move whose card and button are both `label` on the assessment page. */
async function takeMove(page, label, note) {
    const card = page.locator('#langkah .move-card').filter({ has: page.getByRole('heading', { name: label, exact: true }) });
    if (note !== undefined) await card.getByLabel('Catatan').fill(note);
    await card.getByRole('button', { name: label, exact: true }).click();
    await page.waitForURL((u) => u.pathname === base());
    await page.getByRole('status').filter({ hasText: 'Penilaian telah berpindah ke tahap berikutnya.' }).waitFor();
}

/** The history of the assessment page, one label per entry, in the page's order. */
async function history(page) {
    return (await page.locator('.timeline .timeline__what').allInnerTexts()).map((s) => s.trim());
}

let YEAR = null;
const base = () => `/lke/${KLUNGKUNG.code}/${YEAR}`;

describe('LKE: fill, submit, review, return, revise, accept', () => {
    let browser;
    let broken = null; // the first failed step: the steps after it are skipped
    const axeFindings = [];
    const axeRan = [];
    /* The TPI people stay signed in on their own browser between their turns, as they would at
     * work: each signs in once with a TOTP code, and a later turn opens a new tab there. */
    const desks = new Map();
    before(async () => { browser = await launch(); });
    after(async () => {
        for (const ctx of desks.values()) await ctx.close();
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
    }

    /** A fresh browser context (another person, another device) with one watched page. */
    async function open(viewport = DESKTOP, options = {}) {
        const ctx = await newContext(browser, { viewport, ...options });
        const page = await ctx.newPage();
        const problems = await watch(page);
        return { ctx, page, problems, close: () => ctx.close() };
    }

    /** A page of `account`: signed in through the form the first time, in their browser after. */
    async function openAs(account) {
        const ctx = desks.get(account.nip);
        if (!ctx) {
            const first = await open();
            await signIn(first.page, account);
            desks.set(account.nip, first.ctx);
            return { ...first, close: () => first.page.close() };
        }
        const page = await ctx.newPage();
        const problems = await watch(page);
        await page.goto(url('/beranda'));
        await page.getByRole('heading', { level: 1, name: `Selamat datang, ${account.name}` }).waitFor();
        return { ctx, page, problems, close: () => page.close() };
    }

    step('1. the ZI coordinator answers change area 1, saved as typed, with a PDF and a link as evidence (screenshots lke-assessment-1280.png, lke-area-1280.png)', async () => {
        const { ctx, page, problems } = await open();
        try {
            await signIn(page, KOORDINATOR);
            await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'LKE', exact: true }).click();
            await page.waitForURL((u) => u.pathname === '/lke');
            const h1 = await page.getByRole('heading', { level: 1 }).innerText();
            YEAR = Number(h1.match(/Penilaian LKE (\d{4})/)?.[1]);
            assert.ok(YEAR >= 2024, `the overview is of a year: "${h1}"`);
            assert.equal(YEAR, new Date().getUTCFullYear(), 'the overview opens on the current year');
            const row = page.locator('.lke-table tbody tr').filter({ hasText: KLUNGKUNG.name });
            assert.equal(await row.count(), 1, `${KLUNGKUNG.name} is listed`);
            assert.equal((await row.locator('.state-badge').innerText()).trim(), 'Draf');
            await row.getByRole('link', { name: KLUNGKUNG.name, exact: true }).click();
            await page.waitForURL((u) => u.pathname === base());

            await page.getByRole('heading', { level: 1, name: KLUNGKUNG.name }).waitFor();
            assert.equal((await stateBadge(page).innerText()).trim(), 'Draf');
            assert.ok(await page.getByRole('button', { name: 'Ajukan ke TPI', exact: true }).isVisible(),
                'the draft can be submitted to the TPI');
            const w = await pageWidths(page);
            assert.ok(w.scroll <= DESKTOP.width, `document is ${w.scroll} px wide`);
            await screenshot(page, 'lke-assessment-1280.png');
            await axe(page, `${base()} (draft, coordinator)`);

            // the card of area 1 leads to its answering page
            await page.locator('#isian').getByRole('link', { name: `${AREA.name} (isi)`, exact: true }).click();
            await page.waitForURL((u) => u.pathname === `${base()}/area/${AREA.key}`);
            await page.getByRole('heading', { level: 1, name: AREA.name }).waitFor();
            const jawaban = `${base()}/jawaban`;

            // Ya/Tidak: the demo answered "Tidak"; "Ya" saves by itself and scores
            const yn = answerForm(page, Q_YN);
            await saved(page, jawaban, Q_YN, () => yn.getByRole('radio', { name: 'Ya', exact: true }).check(),
                (b) => b.get('value') === 'ya');
            assert.equal((await question(page, Q_YN).locator('[data-points]').innerText()).trim(), '0,25',
                'the question shows its new points');
            // a note on the same question
            await saved(page, jawaban, Q_YN, () => yn.getByLabel('Catatan').fill(NOTE),
                (b) => b.get('note') === NOTE && b.get('value') === 'ya');

            // an option question
            const opt = answerForm(page, Q_OPT);
            await saved(page, jawaban, Q_OPT, () => opt.getByRole('radio', { name: /^A / }).check(),
                (b) => b.get('value') === 'A');
            assert.equal((await question(page, Q_OPT).locator('[data-points]').innerText()).trim(), '0,33');

            // a percentage from two numbers: 6 changes by 8 agents is 75 %
            const pct = answerForm(page, Q_PCT);
            await saved(page, jawaban, Q_PCT, async () => {
                await pct.getByLabel(PCT_INPUTS.total).fill('8');
                await pct.getByLabel(PCT_INPUTS.part).fill('6');
            }, (b) => b.get('input.agen_perubahan') === '8' && b.get('input.perubahan_dibuat') === '6');
            assert.equal((await question(page, Q_PCT).locator('[data-points]').innerText()).trim(), '0,75',
                '75 % of the question\'s 1 point');

            // everything is still there after a reload
            await page.reload();
            await page.getByRole('heading', { level: 1, name: AREA.name }).waitFor();
            assert.equal(await yn.getByRole('radio', { name: 'Ya', exact: true }).isChecked(), true, `${Q_YN}: Ya kept`);
            assert.equal(await yn.getByLabel('Catatan').inputValue(), NOTE, `${Q_YN}: note kept`);
            assert.equal(await opt.getByRole('radio', { name: /^A / }).isChecked(), true, `${Q_OPT}: A kept`);
            assert.equal(await pct.getByLabel(PCT_INPUTS.total).inputValue(), '8');
            assert.equal(await pct.getByLabel(PCT_INPUTS.part).inputValue(), '6');
            assert.equal((await question(page, Q_PCT).locator('[data-points]').innerText()).trim(), '0,75');

            // evidence: a PDF uploaded with the form of the question
            const q = question(page, Q_OPT);
            assert.ok(await q.getByText('Belum ada eviden terlampir.').isVisible(), 'no evidence yet');
            const pdf = tinyPdf('SK Tim Kerja Zona Integritas Bawaslu Kabupaten Klungkung - uji e2e');
            await q.locator('summary').filter({ hasText: 'Tambah eviden' }).click();
            const upload = q.locator('form.evidence-add__form').filter({ has: page.getByRole('heading', { name: 'Unggah berkas' }) });
            await upload.getByLabel('Berkas', { exact: true }).setInputFiles({ name: FILE_NAME, mimeType: 'application/pdf', buffer: pdf });
            await upload.getByLabel('Nama').fill(EVIDENCE_NAME);
            await upload.getByRole('button', { name: 'Unggah', exact: true }).click();
            // the page reloads at the question, which lists the file
            const fileLink = q.locator('.evidence__list').getByRole('link', { name: EVIDENCE_NAME, exact: true });
            await fileLink.waitFor();
            await page.waitForURL((u) => u.hash === `#${Q_OPT}`);
            assert.ok(await q.locator('[data-status]').filter({ hasText: 'Eviden telah dilampirkan.' }).isVisible(),
                'the question says the evidence was attached');
            const got = await ctx.request.get(url(await fileLink.getAttribute('href')));
            assert.equal(got.status(), 200);
            assert.match(got.headers()['content-type'], /^application\/pdf/);
            assert.deepEqual(Buffer.from(await got.body()), pdf, 'the file comes back as uploaded');

            // and a link
            await q.locator('summary').filter({ hasText: 'Tambah eviden' }).click();
            const linkForm = q.locator('form.evidence-add__form').filter({ has: page.getByRole('heading', { name: 'Tambah tautan' }) });
            await linkForm.getByLabel('Alamat web').fill(LINK.href);
            await linkForm.getByLabel('Nama').fill(LINK.name);
            await linkForm.getByRole('button', { name: 'Tambahkan tautan', exact: true }).click();
            const link = q.locator('.evidence__list').getByRole('link', { name: new RegExp(`^${literal(LINK.name)}`) });
            await link.waitFor();
            assert.equal(await link.getAttribute('href'), LINK.href);
            assert.equal(await q.locator('.evidence__list > li').count(), 2, 'the file and the link are listed');

            const w2 = await pageWidths(page);
            assert.ok(w2.scroll <= DESKTOP.width, `document is ${w2.scroll} px wide`);
            // the page is long: the shot shows the question with its new evidence
            await q.evaluate((el) => el.scrollIntoView({ block: 'start' }));
            await screenshot(page, 'lke-area-1280.png', { fullPage: false });
            await axe(page, `${base()}/area/${AREA.key} (draft, coordinator)`);
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await ctx.close();
        }
    });

    check('an index out of range is refused next to the field, in Indonesian; the saved index stays', async () => {
        const { ctx, page, problems } = await open();
        try {
            await signIn(page, KOORDINATOR);
            await page.goto(url(`${base()}/area/hasil`));
            const form = answerForm(page, Q_INDEX);
            const field = form.getByLabel('Jawaban', { exact: true });
            const before = await field.inputValue();
            const points = (await question(page, Q_INDEX).locator('[data-points]').innerText()).trim();
            assert.ok(before !== '', `${Q_INDEX} has a saved index (${before})`);

            const refused = autosaveOf(page, `${base()}/jawaban`, Q_INDEX, (b) => b.get('value') === '5');
            await field.fill('5');
            assert.equal((await refused).status(), 400, 'the server refuses 5');
            const error = form.locator('.answer-form__error');
            await error.filter({ hasText: 'Masukkan indeks survei 1 sampai 4.' }).waitFor();
            assert.equal(await error.getAttribute('role'), 'alert');
            assert.equal(await field.getAttribute('aria-invalid'), 'true');
            assert.match(await form.locator('[data-status]').innerText(), /Belum tersimpan/);
            // the error belongs to the field's form, right below it
            assert.equal(await error.evaluate((el) => el.closest('form')?.querySelector('input[type=number]')?.id),
                await field.getAttribute('id'));

            // after a reload the points are those of the saved index; what was typed comes back
            // from the device with the message, as lke.js promises
            await page.reload();
            assert.equal((await question(page, Q_INDEX).locator('[data-points]').innerText()).trim(), points,
                'the saved index still scores');
            await error.filter({ hasText: 'Masukkan indeks survei 1 sampai 4.' }).waitFor();
            // on another device (no draft there) the saved index is shown
            const other = await open();
            try {
                await signIn(other.page, KOORDINATOR);
                await other.page.goto(url(`${base()}/area/hasil`));
                assert.equal(await answerForm(other.page, Q_INDEX).getByLabel('Jawaban', { exact: true }).inputValue(), before);
            } finally {
                await other.ctx.close();
            }
            // correcting it saves, and the draft is gone
            await saved(page, `${base()}/jawaban`, Q_INDEX, () => field.fill(before), (b) => b.get('value') === before);
            assert.equal(await error.isHidden(), true, 'the message is gone');
            assert.deepEqual(problemLines(problems, { ignoreConsole: [MAIN_4XX] })
                .filter((l) => !/\/jawaban answered 400$/.test(l)), []);
        } finally {
            await ctx.close();
        }
    });

    check('a letter in a percentage field is refused next to it ("Masukkan angka."); after a reload the saved numbers are shown', async () => {
        const { ctx, page, problems } = await open();
        try {
            await signIn(page, KOORDINATOR);
            await page.goto(url(`${base()}/area/${AREA.key}`));
            const form = answerForm(page, Q_PCT);
            const field = form.getByLabel(PCT_INPUTS.part);
            assert.equal(await field.inputValue(), '6');
            await field.click();
            await page.keyboard.press('Control+A');
            await page.keyboard.type('e'); // the one letter a number field takes
            assert.equal(await field.evaluate((el) => el.validity.badInput), true, 'the browser cannot read it');
            const error = form.locator('.answer-form__error');
            await error.filter({ hasText: 'Masukkan angka.' }).waitFor();
            assert.equal(await field.getAttribute('aria-invalid'), 'true');
            assert.match(await form.locator('[data-status]').innerText(), /Belum tersimpan/);

            await page.reload();
            await page.getByRole('heading', { level: 1, name: AREA.name }).waitFor();
            await page.waitForLoadState('networkidle');
            assert.equal((await question(page, Q_PCT).locator('[data-points]').innerText()).trim(), '0,75',
                'the saved answer still scores');
            assert.equal(await form.getByLabel(PCT_INPUTS.total).inputValue(), '8');
            assert.equal(await field.inputValue(), '6',
                'after a reload the field shows the saved number, not an empty draft of the unreadable input');
            assert.deepEqual(problemLines(problems, { ignoreConsole: [MAIN_4XX] })
                .filter((l) => !/\/jawaban answered 400$/.test(l)), []);
        } finally {
            await ctx.close();
        }
    });

    check('a letter in a survey index field does not clear the saved index after a reload', async () => {
        const { ctx, page } = await open();
        try {
            await signIn(page, KOORDINATOR);
            await page.goto(url(`${base()}/area/hasil`));
            const form = answerForm(page, Q_INDEX);
            const field = form.getByLabel('Jawaban', { exact: true });
            const before = await field.inputValue();
            const points = (await question(page, Q_INDEX).locator('[data-points]').innerText()).trim();
            await field.click();
            await page.keyboard.press('Control+A');
            await page.keyboard.type('e');
            await form.locator('.answer-form__error').filter({ hasText: 'Masukkan angka.' }).waitFor();
            await page.reload();
            await page.waitForLoadState('networkidle');
            await sleep(1000); // time for a draft sent again from the device
            await page.reload();
            assert.equal((await question(page, Q_INDEX).locator('[data-points]').innerText()).trim(), points,
                `${Q_INDEX} keeps its points`);
            assert.equal(await field.inputValue(), before, `${Q_INDEX} keeps its saved index`);
        } finally {
            await ctx.close();
        }
    });

    check('the area page fits a 360 px phone (screenshot lke-area-360.png)', async () => {
        const { ctx, page, problems } = await open(PHONE, { deviceScaleFactor: 1, isMobile: true, hasTouch: true });
        try {
            await signIn(page, KOORDINATOR);
            await page.goto(url(`${base()}/area/${AREA.key}`));
            await page.getByRole('heading', { level: 1, name: AREA.name }).waitFor();
            // the guidance folds away on a narrow screen
            assert.equal(await question(page, Q_YN).locator('details.question__guide').getAttribute('open'), null);
            await screenshot(page, 'lke-area-360.png', { fullPage: false });
            const w = await pageWidths(page);
            assert.ok(w.scroll <= PHONE.width, `document is ${w.scroll} px wide on a ${PHONE.width} px screen`);
            await axe(page, `${base()}/area/${AREA.key} (draft, coordinator, ${PHONE.width} px)`);
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await ctx.close();
        }
    });

    step('2. the coordinator submits to the TPI; the area page no longer offers editing (screenshot lke-submitted-1280.png)', async () => {
        const { ctx, page, problems } = await open();
        try {
            await signIn(page, KOORDINATOR);
            await page.goto(url(base()));
            await takeMove(page, 'Ajukan ke TPI');
            assert.equal((await stateBadge(page).innerText()).trim(), 'Diajukan ke TPI');
            assert.equal(await page.getByRole('button', { name: 'Ajukan ke TPI', exact: true }).count(), 0,
                'no second submission');
            await screenshot(page, 'lke-submitted-1280.png');

            await page.locator('#isian').getByRole('link', { name: `${AREA.name} (lihat)`, exact: true }).click();
            await page.waitForURL((u) => u.pathname === `${base()}/area/${AREA.key}`);
            assert.ok(await page.getByText('Penilaian telah diajukan: jawaban dikunci sampai penilaian dikembalikan untuk perbaikan.').isVisible());
            assert.equal(await page.locator('form[data-autosave]').count(), 0, 'no answer form');
            assert.equal(await page.locator('main input, main textarea').count(), 0, 'no field to type in');
            assert.equal(await page.getByText('Tambah eviden').count(), 0, 'no evidence can be added');
            assert.equal(await page.getByRole('button', { name: /^Lepaskan/ }).count(), 0, 'none detached');
            assert.match(await question(page, Q_YN).innerText(), /Jawaban: Ya/);
            assert.match(await question(page, Q_YN).innerText(), new RegExp(literal(NOTE)));
            assert.match(await question(page, Q_OPT).innerText(), /Jawaban: A/);
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await ctx.close();
        }
    });

    step('3. the TPI member finds it in the inbox, starts the review, records another answer with a finding and passes it to the team lead (screenshot lke-review-1280.png)', async () => {
        const { page, problems, close } = await openAs(ANGGOTA);
        try {
            await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: /^Kotak masuk/ }).click();
            await page.waitForURL((u) => u.pathname === '/kotak-masuk');
            const item = page.locator('.inbox__item').filter({ hasText: 'Penilaian diajukan ke TPI' })
                .filter({ hasText: `${KLUNGKUNG.name} · ${YEAR}` });
            assert.equal(await item.count(), 1, 'the submission is in the inbox');
            assert.match(await item.getAttribute('class'), /inbox__item--unread/);
            await item.getByRole('button').click();
            await page.waitForURL((u) => u.pathname === base());
            assert.equal((await stateBadge(page).innerText()).trim(), 'Diajukan ke TPI');

            await takeMove(page, 'Mulai penilaian TPI');
            assert.equal((await stateBadge(page).innerText()).trim(), 'Penilaian TPI: anggota');

            await page.getByRole('link', { name: 'Bandingkan jawaban berdampingan', exact: true }).click();
            await page.waitForURL((u) => u.pathname === `${base()}/tinjau`);
            const tab = page.getByRole('navigation', { name: 'Area perubahan' }).getByRole('link', { name: AREA.name, exact: true });
            if ((await tab.getAttribute('aria-current')) !== 'page') {
                await tab.click();
                await page.waitForURL((u) => u.pathname === `${base()}/tinjau` && u.searchParams.get('area') === AREA.key);
            }
            await page.getByRole('heading', { level: 1, name: `Tinjauan: ${AREA.name}` }).waitFor();
            assert.ok(await page.getByText('Anda mencatat jawaban pada tahap ini sebagai: Anggota TPI.', { exact: false }).isVisible());

            // the unit's answer and evidence, then the member's own answer, starting from it
            const q = question(page, Q_OPT);
            assert.match(await q.locator('.question__answer').innerText(), /Jawaban unit: A/);
            assert.ok(await q.getByRole('link', { name: EVIDENCE_NAME, exact: true }).isVisible(), 'the uploaded PDF');
            assert.ok(await q.getByRole('link', { name: LINK.name, exact: true }).isVisible(), 'the link');
            const form = answerForm(page, Q_OPT);
            assert.equal(await form.getByRole('radio', { name: /^A / }).isChecked(), true, 'starts from the unit\'s answer');
            await saved(page, `${base()}/tinjau`, Q_OPT, async () => {
                await form.getByRole('radio', { name: /^B / }).check();
                await form.getByLabel('Temuan').fill(FINDING);
                await form.getByLabel('Rekomendasi').fill(RECOMMENDATION);
            }, (b) => b.get('value') === 'B' && b.get('finding') === FINDING && b.get('recommendation') === RECOMMENDATION);

            // after a reload the comparison shows the member's column, marked as different
            await page.reload();
            const table = q.getByRole('region', { name: `Jawaban per tingkat: ${Q_OPT}` }).locator('table');
            const heads = (await table.locator('thead th').allInnerTexts()).map((s) => s.trim());
            const col = heads.indexOf('Anggota TPI');
            assert.ok(col >= 0, `a column of the TPI member: ${heads.join(' | ')}`);
            const cell = (row) => table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: row, exact: true }) }).locator('td').nth(col);
            assert.match(await cell('Jawaban').innerText(), /^B/);
            assert.match(await cell('Jawaban').getAttribute('class'), /compare-table__differs/);
            assert.equal((await cell('Temuan').innerText()).trim(), FINDING);
            assert.equal((await cell('Rekomendasi').innerText()).trim(), RECOMMENDATION);
            await q.evaluate((el) => el.scrollIntoView({ block: 'start' }));
            await screenshot(page, 'lke-review-1280.png', { fullPage: false });
            await axe(page, `${base()}/tinjau?area=${AREA.key} (TPI member)`);

            await page.getByRole('link', { name: 'Kembali ke penilaian', exact: true }).click();
            await page.waitForURL((u) => u.pathname === base());
            await takeMove(page, 'Teruskan ke ketua tim', 'Satu temuan pada pemenuhan.1.ii.b.');
            assert.equal((await stateBadge(page).innerText()).trim(), 'Penilaian TPI: ketua tim');
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await close();
        }
    });

    step('4. the team lead returns it for revision, with the member\'s finding', async () => {
        const { page, problems, close } = await openAs(KETUA);
        try {
            await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: /^Kotak masuk/ }).click();
            const item = page.locator('.inbox__item').filter({ hasText: 'Penilaian menunggu tinjauan ketua tim' })
                .filter({ hasText: `${KLUNGKUNG.name} · ${YEAR}` });
            await item.getByRole('button').click();
            await page.waitForURL((u) => u.pathname === base());
            assert.equal((await stateBadge(page).innerText()).trim(), 'Penilaian TPI: ketua tim');
            const finding = page.locator('#temuan .finding').filter({ hasText: FINDING });
            assert.equal(await finding.count(), 1, 'the finding is listed');
            // the note is required for a return: an empty one is not sent
            const card = page.locator('#langkah .move-card').filter({ hasText: 'Kembalikan untuk perbaikan' });
            assert.equal(await card.getByLabel('Catatan').getAttribute('required'), '');
            await takeMove(page, 'Kembalikan untuk perbaikan', RETURN_NOTE);
            assert.equal((await stateBadge(page).innerText()).trim(), 'Dikembalikan untuk perbaikan');
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await close();
        }
    });

    step('5. the coordinator answers the finding, revises the answer and submits again (screenshot lke-returned-1280.png)', async () => {
        const { ctx, page, problems } = await open();
        try {
            await signIn(page, KOORDINATOR);
            await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: /^Kotak masuk/ }).click();
            const item = page.locator('.inbox__item').filter({ hasText: 'Penilaian dikembalikan untuk perbaikan' })
                .filter({ hasText: `${KLUNGKUNG.name} · ${YEAR}` });
            assert.equal(await item.count(), 1, 'the return is in the inbox');
            await item.getByRole('button').click();
            await page.waitForURL((u) => u.pathname === base());
            assert.equal((await stateBadge(page).innerText()).trim(), 'Dikembalikan untuk perbaikan');

            const finding = page.locator('#temuan .finding').filter({ hasText: FINDING });
            assert.match(await finding.innerText(), new RegExp(literal(RECOMMENDATION)));
            assert.match(await finding.innerText(), /Menunggu tanggapan unit/);
            assert.match(await finding.innerText(), new RegExp(literal(Q_OPT)));
            assert.match(await page.locator('.timeline').innerText(), new RegExp(literal(RETURN_NOTE)), 'the team lead\'s note');
            await screenshot(page, 'lke-returned-1280.png');
            await axe(page, `${base()} (returned, coordinator)`);
            // before the finding is answered the step says why instead of offering the button
            const steps = page.locator('#langkah');
            assert.match(await steps.innerText(), /Tanggapi setiap temuan TPI sebelum mengajukan kembali\./);
            assert.equal(await steps.getByRole('button', { name: 'Ajukan ke TPI', exact: true }).count(), 0);
            assert.equal((await stateBadge(page).innerText()).trim(), 'Dikembalikan untuk perbaikan');

            await finding.getByLabel('Tanggapan unit atas temuan ini').fill(RESPONSE);
            await finding.getByRole('button', { name: 'Kirim tanggapan', exact: true }).click();
            await page.waitForURL((u) => u.pathname === base() && u.hash === '#temuan');
            const answered = page.locator('#temuan .finding').filter({ hasText: FINDING });
            await answered.filter({ hasText: 'Sudah ditanggapi unit' }).waitFor();
            assert.match(await answered.innerText(), new RegExp(literal(RESPONSE)));

            // the area can be edited again: the unit takes the TPI's answer
            await page.locator('#isian').getByRole('link', { name: `${AREA.name} (isi)`, exact: true }).click();
            await page.waitForURL((u) => u.pathname === `${base()}/area/${AREA.key}`);
            const opt = answerForm(page, Q_OPT);
            assert.equal(await opt.getByRole('radio', { name: /^A / }).isChecked(), true);
            await saved(page, `${base()}/jawaban`, Q_OPT, () => opt.getByRole('radio', { name: /^B / }).check(),
                (b) => b.get('value') === 'B');
            await page.reload();
            assert.equal(await opt.getByRole('radio', { name: /^B / }).isChecked(), true, 'B kept');

            await page.getByRole('navigation', { name: 'Lokasi halaman' }).getByRole('link', { name: `${KLUNGKUNG.name} · ${YEAR}` }).click();
            await page.waitForURL((u) => u.pathname === base());
            await takeMove(page, 'Ajukan ke TPI', 'Temuan telah ditanggapi.');
            assert.equal((await stateBadge(page).innerText()).trim(), 'Diajukan ke TPI');
            assert.deepEqual(problemLines(problems, { ignoreConsole: [MAIN_4XX] }), []);
        } finally {
            await ctx.close();
        }
    });

    step('6. member, team lead and technical controller pass it on and accept it; the history lists every step, the LHE is a PDF, the worksheet an XLSX (screenshot lke-accepted-1280.png)', async () => {
        // round 2: the unread inbox entry of each leads to the assessment
        for (const [who, entry, moves, state] of [
            [ANGGOTA, 'Penilaian diajukan ke TPI', ['Mulai penilaian TPI', 'Teruskan ke ketua tim'], 'Penilaian TPI: ketua tim'],
            [KETUA, 'Penilaian menunggu tinjauan ketua tim', ['Teruskan ke pengendali teknis'], 'Penilaian TPI: pengendali teknis'],
        ]) {
            const { page, problems, close } = await openAs(who);
            try {
                await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: /^Kotak masuk/ }).click();
                await page.waitForURL((u) => u.pathname === '/kotak-masuk');
                const item = page.locator('.inbox__item--unread').filter({ hasText: entry })
                    .filter({ hasText: `${KLUNGKUNG.name} · ${YEAR}` });
                assert.equal(await item.count(), 1, `${who.name}: one unread "${entry}"`);
                await item.getByRole('button').click();
                await page.waitForURL((u) => u.pathname === base());
                for (const m of moves) await takeMove(page, m);
                assert.equal((await stateBadge(page).innerText()).trim(), state, `after ${who.name}`);
                assert.deepEqual(problemLines(problems), []);
            } finally {
                await close();
            }
        }

        const { ctx, page, problems } = await open();
        try {
            await signIn(page, DALNIS);
            await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: /^Kotak masuk/ }).click();
            const item = page.locator('.inbox__item').filter({ hasText: 'Penilaian menunggu tinjauan pengendali teknis' })
                .filter({ hasText: `${KLUNGKUNG.name} · ${YEAR}` });
            await item.getByRole('button').click();
            await page.waitForURL((u) => u.pathname === base());
            await takeMove(page, 'Terima penilaian');
            assert.equal((await stateBadge(page).innerText()).trim(), 'Diterima TPI');
            assert.equal(await page.getByRole('button', { name: 'Terima penilaian', exact: true }).count(), 0,
                'no second acceptance');

            const steps = await history(page);
            assert.deepEqual(steps, [
                'Penilaian dimulai',
                'Diajukan ke TPI', 'TPI mulai menilai', 'Diteruskan ke ketua tim', 'Dikembalikan untuk perbaikan',
                'Diajukan ke TPI', 'TPI mulai menilai', 'Diteruskan ke ketua tim', 'Diteruskan ke pengendali teknis',
                'Diterima TPI',
            ], `the history, oldest first: ${steps.join(' → ')}`);
            const timeline = await page.locator('.timeline').innerText();
            for (const who of [KOORDINATOR, ANGGOTA, KETUA, DALNIS]) {
                assert.match(timeline, new RegExp(literal(who.name)), `${who.name} is named in the history`);
            }
            await screenshot(page, 'lke-accepted-1280.png');

            // the evaluation report: a PDF
            const lhe = page.getByRole('link', { name: 'Laporan hasil evaluasi (LHE, PDF)', exact: true });
            const lheRes = await ctx.request.get(url(await lhe.getAttribute('href')));
            assert.equal(lheRes.status(), 200);
            assert.match(lheRes.headers()['content-type'], /^application\/pdf/);
            assert.equal(Buffer.from(await lheRes.body()).subarray(0, 5).toString('latin1'), '%PDF-');

            // the worksheet: a download
            const [download] = await Promise.all([
                page.waitForEvent('download'),
                page.getByRole('link', { name: 'Lembar kerja (XLSX)', exact: true }).click(),
            ]);
            assert.match(download.suggestedFilename(), /\.xlsx$/, `file name ${download.suggestedFilename()}`);
            assert.equal(await download.failure(), null);
            const { readFile } = await import('node:fs/promises');
            const bytes = await readFile(await download.path());
            assert.ok(bytes.length > 1000, `${bytes.length} bytes`);
            assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX is a ZIP');
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await ctx.close();
        }
    });

    check('the assessment, area and review pages have no serious or critical axe violations', () => {
        assert.equal(axeRan.length, 5, `axe ran on: ${axeRan.join('; ')}`);
        assert.deepEqual(axeFindings, [], 'serious or critical accessibility violations');
    });
});
