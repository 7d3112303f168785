// Journey: the public pages checked by axe-core (WCAG 2.0/2.1 A and AA) on a phone and a
// desktop, in both languages. Every violation is printed; serious and critical ones fail.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { DESKTOP, PHONE, launch, newContext, url } from './lib.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);
const PAGES = [
    { path: '/', status: 200, name: 'landing' },
    { path: '/masuk', status: 200, name: 'sign-in' },
    { path: '/tidak-ada', status: 404, name: '404' },
];

function report(label, { violations, incomplete }) {
    if (violations.length === 0) console.log(`axe ${label}: no violations`);
    // what axe could not decide (e.g. contrast over a gradient): listed for a person to look at
    for (const v of incomplete) {
        console.log(`axe ${label}: needs review: ${v.id} on ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }
    for (const v of violations) {
        console.log(`axe ${label}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s)) ${v.helpUrl}`);
        for (const n of v.nodes.slice(0, 5)) {
            console.log(`    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`);
        }
    }
}

describe('accessibility (axe-core)', () => {
    let browser;
    before(async () => { browser = await launch(); });
    after(async () => { await browser?.close(); });

    for (const lang of ['id', 'en']) {
        for (const viewport of [PHONE, DESKTOP]) {
            test(`${lang}, ${viewport.width} px: no serious or critical WCAG A/AA violations`, async () => {
                const ctx = await newContext(browser, { viewport });
                try {
                    const page = await ctx.newPage();
                    // choose the language the way a visitor does: through the switch link
                    await page.goto(url(`/bahasa/${lang}?next=/`));
                    assert.equal(await page.locator('html').getAttribute('lang'), lang);
                    const blocking = [];
                    for (const p of PAGES) {
                        const res = await page.goto(url(p.path));
                        assert.equal(res.status(), p.status, `${p.path} status`);
                        assert.equal(await page.locator('html').getAttribute('lang'), lang);
                        const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
                        const label = `${p.name} ${p.path} [${lang}, ${viewport.width} px]`;
                        report(label, result);
                        for (const v of result.violations) {
                            if (BLOCKING.has(v.impact)) blocking.push(`${label}: ${v.impact} ${v.id} (${v.nodes.length})`);
                        }
                        assert.ok(result.passes.length > 0, `axe ran its checks on ${label}`);
                    }
                    assert.deepEqual(blocking, [], 'serious or critical accessibility violations');
                } finally {
                    await ctx.close();
                }
            });
        }
    }
});
