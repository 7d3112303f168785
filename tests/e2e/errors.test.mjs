// Journey: a visitor follows a dead link and finds their way back home.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
    DESKTOP, PHONE, launch, newContext, pageWidths, problemLines, screenshot, url, watch,
} from './lib.mjs';

// Chromium reports the 404 status of the page itself on the console; that is the point here.
const MAIN_404 = /status of 404/;

describe('error pages', () => {
    let browser;
    before(async () => { browser = await launch(); });
    after(async () => { await browser?.close(); });

    for (const viewport of [DESKTOP, PHONE]) {
        test(`an unknown address shows a 404 page in Indonesian with a way home (${viewport.width} px)`, async () => {
            const ctx = await newContext(browser, { viewport });
            try {
                const page = await ctx.newPage();
                const problems = await watch(page);
                const res = await page.goto(url('/tidak-ada'));
                assert.equal(res.status(), 404);
                assert.match(res.headers()['content-type'], /^text\/html/);
                assert.equal(await page.locator('html').getAttribute('lang'), 'id');
                await page.getByRole('heading', { level: 1, name: 'Halaman tidak ditemukan' }).waitFor();
                assert.match(await page.locator('main').innerText(), /404/, 'the status code is shown');
                assert.match(await page.title(), /Halaman tidak ditemukan/);

                // styled like every other page, and fits the screen
                assert.ok(await page.locator('header.site-header').isVisible());
                const w = await pageWidths(page);
                assert.ok(w.scroll <= viewport.width, `document is ${w.scroll} px wide`);
                await screenshot(page, `404-${viewport.width}.png`);

                const home = page.locator('main').getByRole('link', { name: 'Kembali ke beranda' });
                assert.equal(await home.getAttribute('href'), '/');
                await home.click();
                await page.waitForURL(url('/'));
                await page.getByRole('heading', { level: 1, name: 'Zona Integritas' }).waitFor();

                assert.deepEqual(problemLines(problems, { ignoreConsole: [MAIN_404] }), []);
            } finally {
                await ctx.close();
            }
        });
    }

    test('the 404 page follows the chosen language', async () => {
        const ctx = await newContext(browser, { viewport: DESKTOP });
        try {
            const page = await ctx.newPage();
            await page.goto(url('/bahasa/en?next=/tidak-ada'));
            assert.equal(new URL(page.url()).pathname, '/tidak-ada');
            assert.equal(await page.locator('html').getAttribute('lang'), 'en');
            await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
            assert.equal(await page.locator('main').getByRole('link', { name: 'Back to the home page' })
                .getAttribute('href'), '/');
        } finally {
            await ctx.close();
        }
    });

    test('a missing static file answers 404', async () => {
        const ctx = await newContext(browser, { viewport: DESKTOP });
        try {
            const res = await ctx.request.get(url('/static/css/tidak-ada.css'));
            assert.equal(res.status(), 404);
        } finally {
            await ctx.close();
        }
    });
});
