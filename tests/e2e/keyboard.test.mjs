// Journey: a keyboard user skips the header and reaches the sign-in link with Tab alone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, focused, launch, newContext, problemLines, url, watch } from './lib.mjs';

describe('keyboard', () => {
    let browser;
    before(async () => { browser = await launch(); });
    after(async () => { await browser?.close(); });

    for (const viewport of [DESKTOP, PHONE]) {
        test(`the first Tab shows the skip link, which moves focus to the main content (${viewport.width} px)`, async () => {
            const ctx = await newContext(browser, { viewport });
            try {
                const page = await ctx.newPage();
                const problems = await watch(page);
                await page.goto(url('/'));
                const skip = page.locator('a.skip-link');
                // hidden until focused
                assert.equal(await skip.evaluate((el) => el.getBoundingClientRect().bottom <= 0), true,
                    'the skip link is out of sight before it has focus');

                await page.keyboard.press('Tab');
                const f = await focused(page);
                assert.equal(f.tag, 'a');
                assert.equal(f.text, 'Lewati ke konten utama');
                assert.equal(f.href, '#main');
                assert.ok(f.inViewport, 'the focused skip link is on screen');
                const outline = await skip.evaluate((el) => {
                    const s = getComputedStyle(el);
                    return { bg: s.backgroundColor, shadow: s.boxShadow };
                });
                assert.notEqual(outline.bg, 'rgba(0, 0, 0, 0)', 'the skip link stands out when focused');

                await page.keyboard.press('Enter');
                await page.waitForFunction(() => document.activeElement?.id === 'main');
                assert.equal(new URL(page.url()).hash, '#main');
                const main = await focused(page);
                assert.equal(main.tag, 'main');

                // the next Tab continues inside main, not back in the header
                await page.keyboard.press('Tab');
                const next = await focused(page);
                assert.equal(await page.evaluate(() => !!document.activeElement.closest('main')), true,
                    `Tab after the skip lands inside main (got ${JSON.stringify(next)})`);
                assert.ok(next.inViewport, 'the focused element is scrolled into view');
                assert.deepEqual(problemLines(problems), []);
            } finally {
                await ctx.close();
            }
        });
    }

    test('Tab reaches the sign-in link, with a visible focus, and Enter opens the form', async () => {
        const ctx = await newContext(browser, { viewport: DESKTOP });
        try {
            const page = await ctx.newPage();
            await page.goto(url('/'));
            const seen = [];
            let found = null;
            for (let i = 0; i < 15 && !found; i++) {
                await page.keyboard.press('Tab');
                const f = await focused(page);
                seen.push(`${f.tag}:${f.text || f.id}`);
                if (f.tag === 'a' && f.href === '/masuk') found = f;
            }
            assert.ok(found, `no Tab stop on a /masuk link among: ${seen.join(' | ')}`);
            assert.equal(found.text, 'Masuk');
            assert.ok(found.inViewport);
            assert.ok(seen.length <= 5, `the sign-in link comes early in the tab order (stop ${seen.length})`);
            const ring = await page.evaluate(() => {
                const s = getComputedStyle(document.activeElement);
                return { outline: s.outlineStyle, shadow: s.boxShadow, border: s.borderColor };
            });
            assert.ok(ring.outline !== 'none' || ring.shadow !== 'none',
                `the focused link shows a focus indicator (${JSON.stringify(ring)})`);

            await page.keyboard.press('Enter');
            await page.waitForURL(url('/masuk'));

            // on the form, Tab goes through the fields in order and they take typing
            const login = page.getByLabel('NIP atau email');
            await login.focus();
            await page.keyboard.type('pegawai@example.go.id');
            await page.keyboard.press('Tab');
            assert.equal((await focused(page)).id, 'password');
            await page.keyboard.press('Tab');
            const submit = await focused(page);
            assert.equal(submit.tag, 'button');
            assert.equal(submit.text, 'Masuk');
            assert.equal(await login.inputValue(), 'pegawai@example.go.id');
        } finally {
            await ctx.close();
        }
    });
});
