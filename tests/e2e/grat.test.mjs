// Journey: a gratification report at Bawaslu Kabupaten Klungkung (demo unit 51.05), from the
// staff member's phone to the KPK's decision (issue #7; README "Demo accounts").
//
// 1. On a phone the ZI coordinator (a staff member, no TOTP) signs in, opens "Gratifikasi" in the
//    main navigation, then "Laporkan gratifikasi". They report a receipt: a would-be supplier
//    (Pihak lain) gave goods (Barang, with a unique marker in the description) at an "other"
//    occasion two working days ago, kept by the recipient. While they fill it in, grat.js shows the
//    deadlines live in an aria-live region; sent with the value empty, the form comes back (422)
//    with an error summary that links to the field and keeps everything typed (files excepted, as
//    the form says). With "Rp 750.000" typed the region says it must be reported under Peraturan
//    KPK 1/2026 with the UPG and KPK dates (checked against `zona gratification deadline` and the
//    advice API's answer); a small photo goes with it. The report's page shows "Diajukan", the
//    marker, the deadlines and the file.
// 2. On a desktop the UPG officer (petugas-upg, no TOTP) opens the queue, finds the report, reads
//    the marker and returns it asking for a photo of the receipt. Back on the phone the staff member
//    sees "Dikembalikan untuk dilengkapi" and what is missing, attaches the photo and sends it again
//    (aksi=lengkapi): "Diajukan".
// 3. The UPG verifies it, records the deposit (the receipt number shows on both sides), downloads
//    the KPK form as PDF (application/pdf, %PDF) and CSV (the header row, then the report),
//    records it as forwarded, records the KPK's decision "Milik negara" with a decree number and
//    date, and closes it as handed over to the state.
// 4. The staff member's page shows "Selesai", the decision and the decree number.
// Throughout: no request leaves the zona under test, no console error, no uncaught exception, no
// CSP violation; axe (WCAG 2.1 A/AA; serious and critical block) on the form with its errors, the
// staff's report page (filed and returned), the UPG's queue and the UPG's report page with its
// action forms (filed, and forwarded with the decision form).
//
// Two regressions are checked at the end: the error summary once said only "Wajib diisi." for
// every field, and the report page's header was laid out in a row on a desktop.
//
// The steps share the report and run in order: a step after a failed one is skipped.
// Screenshots: grat-form-360.png, grat-form-errors-360.png, grat-detail-360.png,
// grat-upg-queue-1280.png, grat-upg-detail-1280.png, grat-done-360.png in build/e2e/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import {
    BASE, ROOT, launch, newContext, pageWidths, problemLines, screenshot, url, watch,
} from './lib.mjs';

// The demo accounts of README.md ("Demo accounts"), src/org/org_demo.c; neither has a TOTP secret.
const PASSWORD = 'Demo-Zona-Integritas';
const STAFF = { nip: '197001011995032003', name: 'Ni Made Ayu Lestari' };     // koordinator-zi, 51.05
const UPG = { nip: '197001011995032014', name: 'Putu Ayu Maharani' };         // petugas-upg, 51.05
const KLUNGKUNG = { code: '51.05', name: 'Bawaslu Kabupaten Klungkung' };

/** A staff member's phone in Bali: small, touch, mobile, Indonesian, WITA. */
const PHONE_TOUCH = {
    viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'id-ID', timezoneId: 'Asia/Makassar',
};

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

// Chromium reports the status of a page answered with 4xx on the console; the form sent again
// with its messages (422) is expected here, on that page only.
const MAIN_4XX = /status of 4\d\d/;

const STAMP = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const MARKER = `penanda-grat-e2e-${STAMP}`;
const GIVER = {
    name: `Hendra Gunawan ${STAMP}`,
    institution: 'CV Sinar Alat Tulis Bali',
    relation: 'Calon penyedia alat tulis kantor untuk pengadaan tahun depan',
    address: 'Jl. Gajah Mada 21, Semarapura, Klungkung',
};
const EVENT = 'Kunjungan presentasi penawaran alat tulis kantor';
const PLACE = 'Kantor Bawaslu Kabupaten Klungkung, Semarapura';
const DESCRIPTION = `Satu set pena logam bermerek dalam kotak kayu berukir. ${MARKER}`;
const VALUE_TYPED = 'Rp 750.000';
const CHRONOLOGY = 'Setelah presentasi penawaran, perwakilan CV menyerahkan kotak berisi pena ' +
    'sebagai tanda terima kasih. Saya menerimanya agar tidak menyinggung, lalu segera melapor.';
const MISSING = `Mohon lampirkan foto kuitansi atau bukti harga pena tersebut. ${STAMP}`;
const KPK_NUMBER = `GOL/2026/${STAMP.slice(0, 6).toUpperCase()}`;
const DECREE = `SK-${STAMP.slice(0, 6).toUpperCase()}/GRA/KPK/2026`;

// A 1×1 PNG: libmagic reads it as image/png, one of the kinds zona keeps.
const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PHOTO = { name: `foto-pena-${STAMP}.png`, mimeType: 'image/png', buffer: PNG };
const RECEIPT_PHOTO = { name: `foto-kuitansi-${STAMP}.png`, mimeType: 'image/png', buffer: PNG };

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus',
    'September', 'Oktober', 'November', 'Desember'];

/** 'YYYY-MM-DD' as zona writes a day in Indonesian (frame_day): "26 November 2026". */
function dayText(ymd) {
    const [y, m, d] = ymd.split('-').map(Number);
    return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** Today in WITA (UTC+8, no daylight saving), the zone of Klungkung, as 'YYYY-MM-DD'. */
function todayWita() {
    return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The weekday `n` weekdays before the day ymd. */
function weekdaysBefore(ymd, n) {
    const d = new Date(`${ymd}T12:00:00Z`);
    while (n > 0) {
        d.setUTCDate(d.getUTCDate() - 1);
        const wd = d.getUTCDay();
        if (wd !== 0 && wd !== 6) n--;
    }
    return d.toISOString().slice(0, 10);
}

const TODAY = todayWita();
const RECEIVED = weekdaysBefore(TODAY, 2);

/** `zona gratification deadline` (the code the UI uses; opens no database without ZONA_DB). */
function cliDeadlines(received) {
    const env = { ...process.env };
    delete env.ZONA_DB;
    const r = spawnSync(join(ROOT, 'build', 'zona'), ['gratification', 'deadline', '--received', received],
        { env, encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 0, `zona gratification deadline: exit ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout);
}

/** Signs in through /masuk; ends on /beranda. */
async function signIn(page, account) {
    await page.goto(url('/masuk'));
    await page.getByLabel('NIP atau email').fill(account.nip);
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await page.locator('main').getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/beranda' || u.pathname === '/masuk/totp');
    assert.equal(new URL(page.url()).pathname, '/beranda', `${account.nip} signs in without a second factor`);
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

/** Ids used more than once in the page (two labels would point at one of them). */
function duplicateIds(page) {
    return page.evaluate(() => {
        const seen = new Map();
        for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
        return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id}×${n}`);
    });
}

/** The visible text of <main>, spaces collapsed. */
async function text(locator) {
    return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** The rows of a CSV text (RFC 4180: quoted cells, doubled quotes, CRLF or LF). */
function csvRows(s) {
    const rows = [];
    let row = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < s.length; i++) {
        const c = s[i];
        if (quoted) {
            if (c === '"' && s[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false;
            else cell += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
            if (c === '\r' && s[i + 1] === '\n') i++;
            row.push(cell); rows.push(row); row = []; cell = '';
        } else cell += c;
    }
    if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
    return rows;
}

describe('gratification: from a staff member\'s report to the KPK\'s decision (Klungkung)', () => {
    let browser;
    let broken = null;
    let staff = null;           // the staff member's phone: { ctx, page, problems }
    let upg = null;             // the UPG officer's desktop
    let reportPath = null;      // /gratifikasi/:id
    let expected = null;        // {upg, kpk} from the CLI
    let depositNumber = null;
    let summaryLinks = null;    // the error summary of the form sent without a value
    let desktopHeader = null;   // where the report page's header puts its parts at 1280 px
    const otherHosts = [];      // requests to anything but the zona under test
    const axeRan = [];
    const axeFindings = [];
    const origin = new URL(BASE).origin;
    const t0 = Date.now();
    const timings = [];

    before(async () => { browser = await launch(); });
    after(async () => {
        await staff?.ctx.close().catch(() => {});
        await upg?.ctx.close().catch(() => {});
        await browser?.close();
        if (timings.length) console.log(`timings: ${timings.join('; ')}; all ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    });

    /** A step of the journey: runs only while every step before it passed. */
    function step(name, fn) {
        test(name, async (t) => {
            if (broken) {
                t.skip(`an earlier step failed: ${broken}`);
                return;
            }
            const s = Date.now();
            try {
                await fn(t);
            } catch (err) {
                broken = name;
                throw err;
            } finally {
                timings.push(`${name.split(' ')[0]} ${((Date.now() - s) / 1000).toFixed(1)} s`);
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
        const dups = await duplicateIds(page);
        if (dups.length) axeFindings.push(`${label}: duplicate ids: ${dups.join(', ')}`);
    }

    /** A context whose every request is recorded (all its pages, downloads included). */
    async function open(options) {
        const ctx = await newContext(browser, { acceptDownloads: true, ...options });
        ctx.on('request', (r) => {
            const p = new URL(r.url());
            if (!['data:', 'blob:', 'about:'].includes(p.protocol) && p.origin !== origin) {
                otherHosts.push(`${r.method()} ${r.url()}`);
            }
        });
        const page = await ctx.newPage();
        const problems = await watch(page);
        return { ctx, page, problems };
    }

    /** What watch() saw so far, then forgotten (each step answers for its own pages). */
    function takeProblems(problems, options) {
        const lines = problemLines(problems, options);
        for (const k of Object.keys(problems)) problems[k].length = 0;
        return lines;
    }

    function noSideways(w, where) {
        assert.ok(w.scroll <= w.client, `${where}: no sideways scrolling: document ${w.scroll} px, viewport ${w.client} px`);
    }

    /** Waits for the POST to `path` that `action` sends, and for the page it leads to (the page
     *  answered, or the one a 303 points to: the main frame commits a new document either way). */
    async function post(page, path, action) {
        const [res] = await Promise.all([
            page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path),
            page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }),
            action(),
        ]);
        await page.waitForLoadState('domcontentloaded');
        return res;
    }

    /** The state badge in the page's header. */
    async function badge(page) {
        return (await page.locator('main header .badge').first().innerText()).trim();
    }

    /** The deadlines list of a report's page or the live panel: [{label, day, note}]. */
    function deadlines(scope) {
        return scope.locator('ul[aria-label="Tenggat"] li.deadline').evaluateAll((lis) => lis.map((li) => ({
            label: li.querySelector('.deadline__label')?.textContent.trim() ?? '',
            day: li.querySelector('.deadline__days')?.textContent.trim() ?? '',
            note: li.querySelectorAll('.deadline__label')[1]?.textContent.trim() ?? '',
        })));
    }

    /** Clicks (or taps) the UPG's submit button `name` and returns the 303's page. */
    async function upgStep(page, name, where = `${reportPath}/upg`) {
        const res = await post(page, where,
            () => page.locator('#upg').getByRole('button', { name, exact: true }).click());
        if (res.status() !== 303) console.log(`"${name}" answered ${res.status()}: ${await text(page.locator('main'))}`);
        assert.equal(res.status(), 303, `"${name}": saved, back to the report`);
        assert.equal(new URL(page.url()).pathname, reportPath, 'back on the report');
        return res;
    }

    step(`1. on a phone the staff member reports goods from a would-be supplier: the value left empty brings an error summary and keeps what was typed; then the live advice says it must be reported under Peraturan KPK 1/2026 with the UPG and KPK dates; sent with a photo, the report is "Diajukan" (received ${RECEIVED}; screenshots grat-form-360.png, grat-form-errors-360.png, grat-detail-360.png)`, async () => {
        assert.ok(RECEIVED >= '2026-01-14', `a gift received on ${RECEIVED} falls under Peraturan KPK 1/2026 (from 14 January 2026)`);
        expected = cliDeadlines(RECEIVED);
        console.log(`today (WITA) ${TODAY}, received ${RECEIVED}; zona gratification deadline: ${JSON.stringify(expected)}`);
        assert.match(expected.upg ?? '', /^\d{4}-\d{2}-\d{2}$/);
        assert.match(expected.kpk ?? '', /^\d{4}-\d{2}-\d{2}$/);

        staff = await open(PHONE_TOUCH);
        const { page, problems } = staff;
        await signIn(page, STAFF);

        // the main navigation's item, then the button on "my reports"
        const navLink = page.locator('nav.site-nav').getByRole('link', { name: 'Gratifikasi', exact: true });
        assert.equal(await navLink.count(), 1, 'one "Gratifikasi" item in the main navigation');
        assert.equal(await navLink.getAttribute('href'), '/gratifikasi/saya', 'a staff member is led to their own reports');
        await Promise.all([page.waitForURL(url('/gratifikasi/saya')), navLink.tap()]);
        await page.getByRole('heading', { level: 1, name: 'Laporan gratifikasi saya' }).waitFor();
        assert.equal(await page.locator('nav.site-nav a[href="/gratifikasi/saya"]').getAttribute('aria-current'), 'page',
            'the item is marked current');
        noSideways(await pageWidths(page), '/gratifikasi/saya');
        await Promise.all([
            page.waitForURL(url('/gratifikasi/lapor')),
            page.locator('main').getByRole('link', { name: 'Laporkan gratifikasi', exact: true }).tap(),
        ]);
        await page.getByRole('heading', { level: 1, name: 'Laporkan gratifikasi' }).waitFor();
        assert.ok((await text(page.locator('main'))).includes(KLUNGKUNG.name), 'reporting for the home unit');
        const live = page.locator('#saran-hasil');
        assert.equal(await live.getAttribute('aria-live'), 'polite', 'the advice is an aria-live region');
        assert.equal(await page.locator('#tanggal').getAttribute('max'), TODAY, 'no date after today (WITA)');

        // everything but the value
        await page.locator('label[for="jenis-penerimaan"]').tap();
        assert.equal(await page.locator('#jenis-penerimaan').isChecked(), true, 'a receipt');
        const [firstAdvice] = await Promise.all([
            page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/gratification/advice'),
            page.locator('#tanggal').fill(RECEIVED),
        ]);
        assert.equal(firstAdvice.status(), 200, 'the advice API answers while the value is still empty');
        await page.locator('#tempat').fill(PLACE);
        await page.locator('label[for="pemberi_jenis-lainnya"]').tap();
        assert.equal(await page.locator('#pemberi_jenis-lainnya').isChecked(), true, 'the giver: Pihak lain');
        await page.locator('#pemberi_nama').fill(GIVER.name);
        await page.locator('#pemberi_instansi').fill(GIVER.institution);
        await page.locator('#pemberi_hubungan').fill(GIVER.relation);
        await page.locator('#pemberi_alamat').fill(GIVER.address);
        await page.locator('label[for="peristiwa_jenis-lainnya"]').tap();
        assert.equal(await page.locator('#peristiwa_jenis-lainnya').isChecked(), true, 'the occasion: Lainnya');
        await page.locator('#peristiwa').fill(EVENT);
        await page.locator('label[for="objek_jenis-barang"]').tap();
        assert.equal(await page.locator('#objek_jenis-barang').isChecked(), true, 'the object: Barang');
        await page.locator('#objek_uraian').fill(DESCRIPTION);
        await page.locator('label[for="disimpan-penerima"]').tap();
        assert.equal(await page.locator('#disimpan-penerima').isChecked(), true, 'kept by the recipient');
        await page.locator('#kronologi').fill(CHRONOLOGY);
        await page.locator('#berkas').setInputFiles(PHOTO);

        // the live panel: the deadlines already, the value still wanted
        await live.getByText(dayText(expected.kpk)).waitFor();
        let liveText = await text(live);
        console.log(`live panel without the value: ${liveText}`);
        assert.ok(liveText.includes(dayText(expected.upg)), `the UPG date ${dayText(expected.upg)} live`);
        assert.ok(!liveText.includes('Wajib dilaporkan'), 'no verdict before the value is known');

        // first try: no value
        const first = await post(page, '/gratifikasi/lapor',
            () => page.locator('main form').getByRole('button', { name: 'Kirim laporan', exact: true }).tap());
        assert.equal(first.status(), 422, 'the form comes back with its messages');
        assert.match(first.headers()['cache-control'] ?? '', /no-store/, 'the form is no-store');
        assert.equal(new URL(page.url()).pathname, '/gratifikasi/lapor');
        const summary = page.getByRole('alert').filter({ has: page.locator('ul') });
        await summary.waitFor();
        assert.equal(await summary.count(), 1, 'one error summary');
        const links = await summary.locator('a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })));
        console.log(`error summary: ${JSON.stringify(links)}`);
        summaryLinks = links;
        assert.deepEqual(links.map((l) => l.href), ['#nilai'], `the summary names the value only: ${JSON.stringify(links)}`);
        assert.ok(links[0].text.length > 0, 'with a message');
        assert.equal(await page.locator('#nilai').getAttribute('aria-invalid'), 'true', 'the value is marked');
        assert.match(await page.locator('#nilai').getAttribute('aria-describedby') ?? '', /nilai-error/, 'described by its message');
        assert.ok(await page.locator('#nilai-error').isVisible(), 'a message at the value');
        // everything typed is kept
        const kept = {
            'jenis-penerimaan': await page.locator('#jenis-penerimaan').isChecked(),
            tanggal: await page.locator('#tanggal').inputValue(),
            tempat: await page.locator('#tempat').inputValue(),
            'pemberi_jenis-lainnya': await page.locator('#pemberi_jenis-lainnya').isChecked(),
            pemberi_nama: await page.locator('#pemberi_nama').inputValue(),
            pemberi_instansi: await page.locator('#pemberi_instansi').inputValue(),
            pemberi_hubungan: await page.locator('#pemberi_hubungan').inputValue(),
            pemberi_alamat: await page.locator('#pemberi_alamat').inputValue(),
            'peristiwa_jenis-lainnya': await page.locator('#peristiwa_jenis-lainnya').isChecked(),
            peristiwa: await page.locator('#peristiwa').inputValue(),
            'objek_jenis-barang': await page.locator('#objek_jenis-barang').isChecked(),
            objek_uraian: await page.locator('#objek_uraian').inputValue(),
            'disimpan-penerima': await page.locator('#disimpan-penerima').isChecked(),
            kronologi: await page.locator('#kronologi').inputValue(),
        };
        assert.deepEqual(kept, {
            'jenis-penerimaan': true, tanggal: RECEIVED, tempat: PLACE, 'pemberi_jenis-lainnya': true,
            pemberi_nama: GIVER.name, pemberi_instansi: GIVER.institution, pemberi_hubungan: GIVER.relation,
            pemberi_alamat: GIVER.address, 'peristiwa_jenis-lainnya': true, peristiwa: EVENT,
            'objek_jenis-barang': true, objek_uraian: DESCRIPTION, 'disimpan-penerima': true, kronologi: CHRONOLOGY,
        }, 'everything typed is kept');
        assert.ok((await text(page.locator('#berkas').locator('xpath=..'))).includes('pilih berkasnya lagi'),
            'the form says the photo must be chosen again');
        assert.equal(await page.locator('#berkas').evaluate((el) => el.files.length), 0, 'no file kept');
        noSideways(await pageWidths(page), 'the form with errors');
        await screenshot(page, 'grat-form-errors-360.png', { fullPage: false });
        await axe(page, '/gratifikasi/lapor with errors (phone)');

        // the summary's link leads to the field (zona.js focuses it, its label in view)
        await summary.locator('a[href="#nilai"]').tap();
        await page.waitForFunction(() => document.activeElement?.id === 'nilai');
        const label = await page.locator('label[for="nilai"]').boundingBox();
        assert.ok(label && label.y >= -1 && label.y < 740, `the value's label is in view (y ${label?.y})`);

        // the value: the live region gives the verdict, the rule and the dates
        const [advice] = await Promise.all([
            page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/gratification/advice' &&
                new URL(r.url()).searchParams.get('value') === VALUE_TYPED),
            page.locator('#nilai').fill(VALUE_TYPED),
        ]);
        assert.equal(advice.status(), 200, 'the advice API reads "Rp 750.000"');
        const a = await advice.json();
        console.log(`advice API: must_report ${a.must_report}, rule_id ${a.rule_id}, upg ${a.upg}, kpk ${a.kpk}`);
        assert.equal(a.must_report, true, 'must be reported');
        assert.equal(a.rule_id, 'peraturan-kpk-1-2026', 'under Peraturan KPK 1/2026');
        assert.equal(a.upg, expected.upg, 'the API and the CLI agree on the UPG date');
        assert.equal(a.kpk, expected.kpk, 'the API and the CLI agree on the KPK date');
        await live.getByText('Wajib dilaporkan', { exact: true }).waitFor();
        liveText = await text(live);
        console.log(`live panel: ${liveText}`);
        assert.match(liveText, /Peraturan KPK Nomor 1 Tahun 2026/, 'the rule applied is named');
        const liveDue = await deadlines(live);
        console.log(`live deadlines: ${JSON.stringify(liveDue)}`);
        assert.ok(liveDue.some((d) => /UPG/.test(d.label) && d.day === dayText(expected.upg)), `the UPG date ${dayText(expected.upg)}`);
        assert.ok(liveDue.some((d) => /KPK/.test(d.label) && d.day === dayText(expected.kpk)), `the KPK date ${dayText(expected.kpk)}`);

        // the photo again (a form sent back keeps no file), then send
        await page.locator('#berkas').setInputFiles(PHOTO);
        noSideways(await pageWidths(page), 'the form filled');
        await screenshot(page, 'grat-form-360.png');
        assert.deepEqual(takeProblems(problems, { ignoreConsole: [MAIN_4XX] }), [], 'the form');
        const sent = await post(page, '/gratifikasi/lapor',
            () => page.locator('main form').getByRole('button', { name: 'Kirim laporan', exact: true }).tap());
        if (sent.status() !== 303) console.log(`refused: ${await text(page.locator('main'))}`);
        assert.equal(sent.status(), 303, 'the report is filed (303 to its page)');
        const path = new URL(page.url()).pathname;
        assert.match(path, /^\/gratifikasi\/\d+$/, `its page: ${path}`);
        reportPath = path;
        console.log(`report: ${reportPath}`);
        await page.locator('main').getByText('Laporan telah dikirim ke UPG', { exact: false }).waitFor();
        assert.equal(await badge(page), 'Diajukan', 'the state');
        const main = await text(page.locator('main'));
        assert.ok(main.includes(MARKER), 'the marker');
        assert.ok(main.includes('Rp750.000') || main.includes('Rp 750.000'), 'the value');
        assert.ok(main.includes(GIVER.name), 'the giver');
        assert.ok(main.includes('Wajib dilaporkan'), 'the advice given');
        const due = await deadlines(page.locator('main'));
        console.log(`deadlines on the report: ${JSON.stringify(due)}`);
        assert.ok(due.some((d) => /UPG/.test(d.label) && d.day === dayText(expected.upg)), `the UPG deadline ${dayText(expected.upg)}`);
        assert.ok(due.some((d) => /KPK/.test(d.label) && d.day === dayText(expected.kpk)), `the KPK deadline ${dayText(expected.kpk)}`);
        const files = page.locator('main ul.doc-links li');
        assert.equal(await files.count(), 1, 'one file');
        assert.ok((await files.first().innerText()).includes(PHOTO.name), `the file ${PHOTO.name}`);
        assert.equal(await page.locator('#upg').count(), 0, 'no UPG forms for the reporter');
        noSideways(await pageWidths(page), 'the report');
        await screenshot(page, 'grat-detail-360.png');
        await axe(page, `${reportPath} filed (reporter, phone)`);
        assert.deepEqual(otherHosts, [], 'no request to another host');
        assert.deepEqual(takeProblems(problems), [], 'the report\'s page');
    });

    step('2. on a desktop the UPG officer finds the report in the queue, reads the marker and returns it asking for a photo of the receipt; on the phone the staff member sees what is missing, adds the photo and sends it again: "Diajukan" (screenshots grat-upg-queue-1280.png, grat-upg-detail-1280.png)', async () => {
        upg = await open();
        const { page, problems } = upg;
        await signIn(page, UPG);
        const navLink = page.locator('nav.site-nav').getByRole('link', { name: 'Gratifikasi', exact: true });
        assert.equal(await navLink.getAttribute('href'), '/gratifikasi/upg', 'the UPG is led to its queue');
        await Promise.all([page.waitForURL(url('/gratifikasi/upg')), navLink.click()]);
        await page.getByRole('heading', { level: 1, name: 'Laporan gratifikasi' }).waitFor();
        // the queue lists no report's text (no description, no search), so the report is found by
        // its row: the reporter, the object and the value, newest first
        const rows = page.locator('main tbody tr');
        assert.ok(await rows.count() >= 1, 'reports listed');
        const row = rows.filter({ has: page.locator(`a[href="${reportPath}"]`) });
        assert.equal(await row.count(), 1, `the report ${reportPath} is in the queue`);
        const rowText = await text(row);
        console.log(`queue row: ${rowText}`);
        assert.equal(await rows.first().locator(`a[href="${reportPath}"]`).count(), 1, 'the newest report is first');
        for (const s of [STAFF.name, 'Barang', 'Rp750.000', 'Diajukan', dayText(RECEIVED), 'Wajib dilaporkan']) {
            assert.ok(rowText.includes(s), `the row shows "${s}"`);
        }
        assert.ok(!rowText.includes(MARKER), 'the queue holds no description');
        await screenshot(page, 'grat-upg-queue-1280.png');
        await axe(page, '/gratifikasi/upg (UPG, desktop)');

        await Promise.all([page.waitForURL(url(reportPath)), row.getByRole('link', { name: STAFF.name }).click()]);
        await page.locator('#upg').waitFor();
        assert.equal(await badge(page), 'Diajukan');
        assert.ok((await text(page.locator('main'))).includes(MARKER), 'the UPG reads the marker');
        assert.ok((await text(page.locator('main ul.doc-links'))).includes(PHOTO.name), 'and sees the photo');
        desktopHeader = await page.locator('main header.page-header').evaluate((h) => {
            const box = (el) => { const r = el.getBoundingClientRect(); return { x: Math.round(r.x), y: Math.round(r.y), bottom: Math.round(r.bottom) }; };
            return { header: box(h), meta: box(h.querySelector('p.muted')), title: box(h.querySelector('h1')) };
        });
        console.log(`report header at 1280 px: ${JSON.stringify(desktopHeader)}`);
        await screenshot(page, 'grat-upg-detail-1280.png');
        await axe(page, `${reportPath} filed (UPG, desktop, verify and return forms)`);

        await page.locator('#upg-kekurangan').fill(MISSING);
        await upgStep(page, 'Kembalikan untuk dilengkapi');
        assert.equal(await badge(page), 'Dikembalikan untuk dilengkapi');
        assert.ok((await text(page.locator('#upg'))).includes(MISSING), 'the UPG sees what it asked for');
        assert.deepEqual(takeProblems(problems), [], 'the UPG\'s pages');

        // back on the phone
        const p = staff.page;
        await Promise.all([p.waitForURL(url('/gratifikasi/saya')),
            p.locator('nav.site-nav').getByRole('link', { name: 'Gratifikasi', exact: true }).tap()]);
        const mine = await text(p.locator('main'));
        assert.ok(mine.includes('Dikembalikan untuk dilengkapi'), '"my reports" shows the state');
        assert.ok(mine.includes(MISSING), 'and what is missing');
        await Promise.all([p.waitForURL(url(reportPath)), p.locator(`main a[href="${reportPath}"]`).first().tap()]);
        assert.equal(await badge(p), 'Dikembalikan untuk dilengkapi');
        const returned = p.getByRole('status').filter({ hasText: 'UPG mengembalikan laporan' });
        await returned.waitFor();
        assert.ok((await text(returned)).includes(MISSING), 'what is missing, at the top');
        await returned.getByRole('link', { name: 'Lengkapi laporan', exact: true }).tap();
        const form = p.locator('#lengkapi form');
        assert.equal(await form.locator('#objek_uraian').inputValue(), DESCRIPTION, 'the report is there to change');
        assert.equal(await form.locator('#nilai').inputValue(), '750.000', 'the value as typed back');
        assert.equal(await form.locator('#tanggal').inputValue(), RECEIVED);
        // the advice comes live for a report being completed too (grat.js, data-grat-filed)
        await p.locator('#saran-hasil').getByText('Wajib dilaporkan', { exact: true }).waitFor();
        noSideways(await pageWidths(p), 'the returned report');
        await axe(p, `${reportPath} returned (reporter, phone, completing form)`);
        await form.locator('#berkas').setInputFiles(RECEIPT_PHOTO);
        await form.locator('#kronologi').fill(`${CHRONOLOGY} Foto kuitansi dari toko saya lampirkan.`);
        const sent = await post(p, reportPath,
            () => form.getByRole('button', { name: 'Kirim laporan yang sudah dilengkapi', exact: true }).tap());
        if (sent.status() !== 303) console.log(`refused: ${await text(p.locator('main'))}`);
        assert.equal(sent.status(), 303, 'the completed report is sent (303)');
        assert.equal(new URL(p.url()).pathname, reportPath);
        await p.locator('main').getByText('Laporan yang sudah dilengkapi telah dikirim kembali ke UPG', { exact: false }).waitFor();
        assert.equal(await badge(p), 'Diajukan', 'filed again');
        const names = await p.locator('main ul.doc-links li a').allInnerTexts();
        assert.deepEqual(names.map((s) => s.trim()).sort(), [PHOTO.name, RECEIPT_PHOTO.name].sort(), 'both photos');
        assert.equal(await p.locator('#lengkapi').count(), 0, 'no completing form any more');
        assert.deepEqual(otherHosts, [], 'no request to another host');
        assert.deepEqual(takeProblems(staff.problems), [], 'the reporter\'s pages');
    });

    step('3. the UPG verifies it, records the deposit (receipt number), downloads the KPK form as PDF and CSV, records it as forwarded, records the KPK\'s decision "Milik negara" with a decree, and closes it as handed over', async () => {
        const { page, problems } = upg;
        await page.goto(url(reportPath));
        assert.equal(await badge(page), 'Diajukan', 'the UPG sees it filed again');
        assert.ok((await text(page.locator('main ul.doc-links'))).includes(RECEIPT_PHOTO.name), 'with the receipt\'s photo');

        await upgStep(page, 'Laporan lengkap: verifikasi');
        assert.equal(await badge(page), 'Diverifikasi');

        // the deposit
        await upgStep(page, 'Catat penitipan', `${reportPath}/titip`);
        const upgText = await text(page.locator('#upg'));
        assert.ok(upgText.includes('Objek dititipkan di UPG. Nomor tanda terima'), `the deposit in the UPG's section: ${upgText}`);
        depositNumber = (await page.locator('#upg strong.nowrap').first().innerText()).trim();
        console.log(`deposit receipt: ${depositNumber}`);
        assert.ok(depositNumber.length > 0);
        assert.ok((await text(page.locator('main .summary-list'))).includes(depositNumber), 'the receipt number in the report too');
        const receiptHref = await page.locator('#upg').getByRole('link', { name: 'Cetak tanda terima penitipan (PDF)', exact: true }).getAttribute('href');
        assert.equal(receiptHref, `${reportPath}/tanda-terima`);
        const receipt = await upg.ctx.request.get(url(receiptHref));
        assert.equal(receipt.status(), 200, `GET ${receiptHref}`);
        assert.match(receipt.headers()['content-type'] ?? '', /^application\/pdf/);
        assert.equal(Buffer.from(await receipt.body()).subarray(0, 5).toString('latin1'), '%PDF-', 'the receipt is a PDF');

        // the KPK form, as PDF and CSV downloads
        const pdfLink = page.locator('#upg').getByRole('link', { name: 'Formulir KPK (PDF)', exact: true });
        assert.equal(await pdfLink.getAttribute('href'), `${reportPath}/kpk.pdf`);
        const [pdfDownload, pdfRes] = await Promise.all([
            page.waitForEvent('download'),
            page.waitForResponse((r) => new URL(r.url()).pathname === `${reportPath}/kpk.pdf`),
            pdfLink.click(),
        ]);
        assert.equal(pdfRes.status(), 200);
        assert.match(pdfRes.headers()['content-type'] ?? '', /^application\/pdf$/, 'application/pdf');
        assert.match(pdfRes.headers()['content-disposition'] ?? '', /attachment/, 'a download');
        assert.equal(await pdfDownload.failure(), null);
        const pdf = await readFile(await pdfDownload.path());
        assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'starts with %PDF');
        console.log(`kpk.pdf: ${pdfDownload.suggestedFilename()}, ${pdf.length} bytes`);

        // (an <a download>: chromium fetches it as a download, which the page's response events
        // do not show; the headers are read with the context's cookies instead)
        const csvLink = page.locator('#upg').getByRole('link', { name: 'Formulir KPK (CSV)', exact: true });
        assert.equal(await csvLink.getAttribute('href'), `${reportPath}/kpk.csv`);
        const [csvDownload] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
        assert.equal(await csvDownload.failure(), null);
        assert.equal(csvDownload.suggestedFilename(), `gratifikasi-${reportPath.split('/').pop()}-kpk.csv`);
        const csvRes = await upg.ctx.request.get(url(`${reportPath}/kpk.csv`));
        assert.equal(csvRes.status(), 200);
        assert.match(csvRes.headers()['content-type'] ?? '', /^text\/csv/, 'text/csv');
        const csv = (await readFile(await csvDownload.path())).toString('utf8').replace(/^\uFEFF/, '');
        const rows = csvRows(csv).filter((r) => r.length > 1 || r[0] !== '');
        console.log(`kpk.csv header: ${rows[0]?.join(' | ')}`);
        assert.equal(rows.length, 2, 'the header row and the report');
        assert.equal(rows[0][0], 'Jenis laporan', 'it starts with the header row');
        assert.ok(rows[0].includes('Uraian objek'), 'the header names the description');
        assert.equal(rows[0].length, rows[1].length, 'as many cells as headers');
        const record = Object.fromEntries(rows[0].map((h, i) => [h, rows[1][i]]));
        assert.equal(record['Uraian objek'], DESCRIPTION, 'the description with the marker');
        assert.ok(Object.values(record).includes('750000'), 'the value in plain digits');
        assert.ok(Object.values(record).includes(RECEIVED), 'the date received, ISO');
        assert.ok(Object.values(record).includes(STAFF.nip), 'the reporter\'s NIP');
        assert.ok(Object.values(record).some((v) => v.includes(depositNumber)), 'the deposit\'s receipt number');
        assert.ok(Object.values(record).some((v) => v.includes(RECEIPT_PHOTO.name)), 'the files by name');

        await page.locator('#upg-nomor_kpk').fill(KPK_NUMBER);
        await upgStep(page, 'Catat sudah diteruskan ke KPK');
        assert.equal(await badge(page), 'Diteruskan ke KPK');
        assert.ok((await text(page.locator('main'))).includes(KPK_NUMBER), 'the KPK registration number');
        await axe(page, `${reportPath} forwarded (UPG, desktop, decision form)`);

        // the KPK's decision
        await page.locator('#upg-nomor_sk').fill(DECREE);
        await page.locator('#upg-tanggal_sk').fill(TODAY);
        await page.locator('#upg-status_kpk').selectOption('milik_negara');
        await upgStep(page, 'Catat penetapan');
        assert.equal(await badge(page), 'Ditetapkan KPK');
        const decided = await text(page.locator('main'));
        assert.ok(decided.includes('Milik negara') && decided.includes(DECREE), 'the decision and the decree');

        // closed: handed over to the state (offered first after "milik negara")
        assert.equal(await page.locator('#upg-penyelesaian-diserahkan').isChecked(), true,
            'handing over is offered first after "Milik negara"');
        await page.locator('label[for="upg-penyelesaian-diserahkan"]').click();
        await upgStep(page, 'Selesaikan laporan');
        assert.equal(await badge(page), 'Selesai');
        assert.ok((await text(page.locator('#upg'))).includes('Laporan sudah ditutup: tidak ada langkah lanjutan.'), 'no further step');
        assert.equal(await page.locator('#upg form').count(), 0, 'and no form');
        assert.deepEqual(otherHosts, [], 'no request to another host');
        assert.deepEqual(takeProblems(problems), [], 'the UPG\'s pages');
    });

    step('4. on the phone the staff member\'s report shows "Selesai", the KPK\'s decision and the decree number (screenshot grat-done-360.png)', async () => {
        const { page, problems } = staff;
        await page.goto(url(reportPath));
        assert.equal(await badge(page), 'Selesai', 'the state');
        const kpk = page.locator('section[aria-labelledby="kpk"]');
        await kpk.waitFor();
        const k = await text(kpk);
        console.log(`at the KPK: ${k}`);
        assert.ok(k.includes('Penetapan KPK') && k.includes('Milik negara'), 'the decision');
        assert.ok(k.includes(DECREE), 'the decree number');
        assert.ok(k.includes(dayText(TODAY)), 'the decree date');
        assert.ok(k.includes(KPK_NUMBER), 'the KPK registration number');
        assert.ok((await text(page.locator('main .summary-list').first())).includes(depositNumber), 'the deposit receipt');
        assert.equal(await page.locator('#upg').count(), 0, 'no UPG forms for the reporter');
        assert.equal(await page.locator('#lengkapi').count(), 0, 'nothing to complete');
        const history = await page.locator('ol.timeline li').count();
        assert.ok(history >= 7, `the history lists every step (${history})`);
        noSideways(await pageWidths(page), 'the closed report');
        await screenshot(page, 'grat-done-360.png');
        assert.deepEqual(takeProblems(problems), [], 'the closed report');
    });

    // Regression: every required field of the form was refused with the same "Fill this in."
    // ("Wajib diisi."), so the summary's links could not be told apart (WCAG 2.1 3.3.1, 2.4.4).
    test('the error summary names the missing field in its link text (e.g. "Isi perkiraan nilai")',
        () => {
            assert.ok(summaryLinks?.length, 'the form was sent without a value (step 1)');
            assert.match(summaryLinks[0].text, /nilai/i, `the link text "${summaryLinks[0].text}" names the value`);
        });

    // Regression: .page-header is a flex row from 48em (static/css/zona.css), and the report's
    // header put its meta line, title and badge there as loose children, side by side.
    test('the report page\'s header stacks on a desktop: the title under its meta line, at the left',
        () => {
            assert.ok(desktopHeader, 'the UPG opened the report (step 2)');
            assert.ok(desktopHeader.title.y >= desktopHeader.meta.bottom - 1,
                `the title (top ${desktopHeader.title.y}) is below the meta line (bottom ${desktopHeader.meta.bottom})`);
            assert.ok(Math.abs(desktopHeader.title.x - desktopHeader.header.x) <= 2,
                `the title starts at the header's left edge (${desktopHeader.title.x} vs ${desktopHeader.header.x})`);
        });

    check('no request went to any host but the zona under test', () => {
        assert.deepEqual(otherHosts, [], 'requests to other hosts');
    });

    check('the form with errors, the staff\'s report pages, the UPG\'s queue and report pages have no serious or critical axe violations, every field a label and no id twice', () => {
        assert.equal(axeRan.length, 6, `axe ran on: ${axeRan.join('; ')}`);
        assert.deepEqual(axeFindings, [], 'accessibility findings');
    });
});
