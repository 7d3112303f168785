// Journey: a visitor opens zona's front page, on a phone and on a desktop, and goes to sign in.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
    DESKTOP, PHONE, launch, newContext, pageWidths, problemLines, screenshot, url, watch,
} from './lib.mjs';

describe('landing page', () => {
    let browser;
    before(async () => { browser = await launch(); });
    after(async () => { await browser?.close(); });

    test('opens in Indonesian at / without a redirect, and its Masuk link leads to the sign-in form (screenshot masuk-1280.png)', async () => {
        const ctx = await newContext(browser, { viewport: DESKTOP });
        try {
            const page = await ctx.newPage();
            const problems = await watch(page);
            const res = await page.goto(url('/'));
            assert.equal(res.status(), 200);
            assert.equal(res.request().redirectedFrom(), null, 'GET / must not redirect');
            assert.equal(page.url(), url('/'));
            assert.match(res.headers()['content-type'], /^text\/html/);

            assert.equal(await page.locator('html').getAttribute('lang'), 'id');
            await assert.doesNotReject(
                page.getByRole('heading', { level: 1, name: 'Zona Integritas' }).waitFor(),
                'the main heading reads "Zona Integritas"');
            assert.match(await page.title(), /Zona Integritas/);

            // the stylesheet applied and the script ran (neither blocked by the CSP)
            assert.equal(await page.evaluate(() => document.documentElement.classList.contains('js')), true,
                'zona.js ran');
            const headerBg = await page.locator('.site-header').evaluate((el) => getComputedStyle(el).backgroundColor);
            assert.notEqual(headerBg, 'rgba(0, 0, 0, 0)', 'zona.css styles the header');

            // every Masuk link points at the sign-in page; follow the one in the header
            const masuk = page.getByRole('link', { name: 'Masuk', exact: true });
            assert.ok(await masuk.count() >= 1, 'a "Masuk" link is on the page');
            for (const href of await masuk.evaluateAll((els) => els.map((a) => a.getAttribute('href')))) {
                assert.equal(href, '/masuk');
            }
            await page.locator('header').getByRole('link', { name: 'Masuk', exact: true }).click();
            await page.waitForURL(url('/masuk'));

            await page.getByRole('heading', { level: 1, name: 'Masuk' }).waitFor();
            const login = page.getByLabel('NIP atau email');
            const password = page.getByLabel('Kata sandi');
            await login.waitFor();
            await password.waitFor();
            assert.equal(await login.getAttribute('autocomplete'), 'username');
            assert.equal(await password.getAttribute('type'), 'password');
            assert.ok(await page.getByRole('button', { name: 'Masuk' }).isVisible(), 'a "Masuk" button submits the form');
            // the fields take typing
            await login.fill('199001012020121001');
            assert.equal(await login.inputValue(), '199001012020121001');
            await screenshot(page, 'masuk-1280.png');

            assert.deepEqual(problemLines(problems), [], 'no console errors, CSP violations or broken resources');
        } finally {
            await ctx.close();
        }
    });

    test('fits a 360 px phone without sideways scrolling (screenshot landing-360.png)', async () => {
        const ctx = await newContext(browser, { viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
        try {
            const page = await ctx.newPage();
            const problems = await watch(page);
            const res = await page.goto(url('/'));
            assert.equal(res.status(), 200);
            await page.getByRole('heading', { level: 1, name: 'Zona Integritas' }).waitFor();
            const w = await pageWidths(page);
            assert.ok(w.scroll <= PHONE.width, `document is ${w.scroll} px wide on a ${PHONE.width} px screen`);
            // the sign-in call to action is on the first screen
            const cta = page.locator('.hero').getByRole('link', { name: 'Masuk', exact: true });
            const box = await cta.boundingBox();
            assert.ok(box && box.y + box.height <= PHONE.height * 1.5, `hero "Masuk" button near the top (y=${box?.y})`);
            assert.ok(box.width <= PHONE.width && box.x >= 0, 'hero button inside the screen');
            await screenshot(page, 'landing-360.png');
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await ctx.close();
        }
    });

    test('renders at 1280 px without sideways scrolling (screenshot landing-1280.png)', async () => {
        const ctx = await newContext(browser, { viewport: DESKTOP });
        try {
            const page = await ctx.newPage();
            const problems = await watch(page);
            await page.goto(url('/'));
            await page.getByRole('heading', { level: 1, name: 'Zona Integritas' }).waitFor();
            const w = await pageWidths(page);
            assert.ok(w.scroll <= DESKTOP.width, `document is ${w.scroll} px wide`);
            await screenshot(page, 'landing-1280.png');
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await ctx.close();
        }
    });

    test('works with JavaScript disabled, from the front page to the sign-in form (screenshot masuk-360-nojs.png)', async () => {
        const ctx = await newContext(browser, { viewport: PHONE, javaScriptEnabled: false });
        try {
            const page = await ctx.newPage();
            const problems = await watch(page);
            const res = await page.goto(url('/'));
            assert.equal(res.status(), 200);
            assert.equal(await page.evaluate(() => document.documentElement.classList.contains('js')).catch(() => false),
                false, 'JavaScript really is off');
            assert.ok(await page.getByRole('heading', { level: 1, name: 'Zona Integritas' }).isVisible());
            const masuk = page.getByRole('link', { name: 'Masuk', exact: true }).first();
            assert.ok(await masuk.isVisible(), 'the "Masuk" link is visible');
            await masuk.click();
            await page.waitForURL(url('/masuk'));
            assert.ok(await page.getByLabel('NIP atau email').isVisible(), 'the sign-in form shows without JavaScript');
            assert.ok(await page.getByLabel('Kata sandi').isVisible());
            await screenshot(page, 'masuk-360-nojs.png');
            assert.deepEqual(problemLines(problems), []);
        } finally {
            await ctx.close();
        }
    });
});
