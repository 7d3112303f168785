// Journey: a visitor switches zona to English from the header, keeps it across pages and
// reloads, then switches back to Bahasa Indonesia.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, launch, newContext, problemLines, screenshot, url, watch } from './lib.mjs';

async function langOf(page) {
    return page.locator('html').getAttribute('lang');
}

describe('language switch', () => {
    let browser;
    // no name resolves but 127.0.0.1's: a redirect off the site ends here, and nothing leaves
    before(async () => { browser = await launch(['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1']); });
    after(async () => { await browser?.close(); });

    test('English from the header link, remembered on reload and on /masuk, then back to Indonesian', async () => {
        const ctx = await newContext(browser, { viewport: DESKTOP });
        try {
            const page = await ctx.newPage();
            const problems = await watch(page);
            await page.goto(url('/'));
            assert.equal(await langOf(page), 'id');

            // The header offers the other language by its own name, marked up in that language.
            const header = page.locator('header.site-header');
            const english = header.getByRole('link', { name: /English/ });
            assert.equal(await english.count(), 1, 'one "English" link in the header');
            assert.equal(await english.locator('[lang="en"]').innerText(), 'English');
            await english.click();
            await page.waitForURL(url('/'));

            assert.equal(await langOf(page), 'en');
            await page.getByRole('heading', { level: 1, name: 'Integrity Zone' }).waitFor();
            const signIn = header.getByRole('link', { name: 'Sign in', exact: true });
            assert.ok(await signIn.isVisible(), 'the header sign-in link reads "Sign in"');
            assert.equal(await page.getByRole('link', { name: 'Masuk', exact: true }).count(), 0,
                'no Indonesian "Masuk" left on the English page');
            await screenshot(page, 'landing-en-1280.png');

            const cookies = await ctx.cookies(url('/'));
            const lang = cookies.find((c) => c.name === 'zona_lang');
            assert.equal(lang?.value, 'en', 'the choice is kept in the zona_lang cookie');
            assert.ok(lang.expires > Date.now() / 1000 + 30 * 86400, 'the cookie outlives the browser session');

            await page.reload();
            assert.equal(await langOf(page), 'en', 'still English after a reload');
            await page.getByRole('heading', { level: 1, name: 'Integrity Zone' }).waitFor();

            await signIn.click();
            await page.waitForURL(url('/masuk'));
            assert.equal(await langOf(page), 'en', 'still English on the sign-in page');
            await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
            assert.ok(await page.getByLabel('NIP or email').isVisible());
            assert.ok(await page.getByLabel('Password').isVisible());

            // back to Bahasa Indonesia from the sign-in page: the visitor stays on that page
            const indonesian = header.getByRole('link', { name: /Bahasa Indonesia/ });
            assert.equal(await indonesian.locator('[lang="id"]').innerText(), 'Bahasa Indonesia');
            await indonesian.click();
            await page.waitForURL(url('/masuk'));
            assert.equal(await langOf(page), 'id');
            await page.getByRole('heading', { level: 1, name: 'Masuk' }).waitFor();
            assert.ok(await page.getByLabel('NIP atau email').isVisible());

            await page.goto(url('/'));
            assert.equal(await langOf(page), 'id', 'Indonesian is remembered too');
            await page.getByRole('heading', { level: 1, name: 'Zona Integritas' }).waitFor();
            assert.equal((await ctx.cookies(url('/'))).find((c) => c.name === 'zona_lang')?.value, 'id');

            assert.deepEqual(problemLines(problems), []);
        } finally {
            await ctx.close();
        }
    });

    test('a new visitor sees Indonesian even with an English browser', async () => {
        const ctx = await newContext(browser, { viewport: DESKTOP, locale: 'en-US',
            extraHTTPHeaders: { 'Accept-Language': 'en-US,en;q=0.9' } });
        try {
            const page = await ctx.newPage();
            await page.goto(url('/'));
            assert.equal(await langOf(page), 'id');
            await page.getByRole('heading', { level: 1, name: 'Zona Integritas' }).waitFor();
        } finally {
            await ctx.close();
        }
    });

    // The switch returns the visitor to ?next=; a crafted link must not make it a way off the
    // site. Browsers drop tabs and newlines inside URLs (WHATWG URL), so "/<TAB>/host" is
    // "//host". Requests for other hosts are recorded; none reaches the network (see before()).
    const OFFSITE = [
        { next: '//example.invalid/', what: 'protocol-relative' },
        { next: 'https://example.invalid/', what: 'absolute' },
        { next: '/%5Cexample.invalid/', what: 'backslash' },
        { next: '/%0D%0A/example.invalid/', what: 'CR LF' },
        // regression: frame_safe_next() once let a tab through (an open redirect)
        { next: '/%09/example.invalid/', what: 'tab' },
    ];
    for (const { next, what } of OFFSITE) {
        test(`the switch link keeps the visitor on the site (${what} next=${next})`, async () => {
            const ctx = await newContext(browser, { viewport: DESKTOP });
            try {
                const origin = new URL(url('/')).origin;
                const offsite = [];
                const page = await ctx.newPage();
                page.on('request', (r) => { if (new URL(r.url()).origin !== origin) offsite.push(r.url()); });
                await page.goto(url(`/bahasa/en?next=${next}`)).catch(() => {});
                assert.deepEqual(offsite, [], 'the browser was sent off the site');
                assert.equal(new URL(page.url()).origin, origin, `ended on ${page.url()}`);
                assert.equal(await langOf(page), 'en');
            } finally {
                await ctx.close();
            }
        });
    }
});
