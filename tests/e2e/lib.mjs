// Shared helpers of the browser journeys: Debian's chromium driven by playwright-core, the
// base URL of the zona under test, page watchers and screenshot paths.
// tests/e2e/run.sh starts zona and passes its address in ZONA_URL.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

/** The repository root (tests/e2e/../..). */
export const ROOT = join(here, '..', '..');

/** Where screenshots go: build/e2e/ (git-ignored, looked at by people, not compared). */
export const SHOT_DIR = process.env.ZONA_E2E_OUT || join(ROOT, 'build', 'e2e');

/** The zona under test, without a trailing slash. */
export const BASE = (() => {
    const u = process.env.ZONA_URL;
    if (!u) throw new Error('ZONA_URL is not set: run the journeys through tests/e2e/run.sh');
    return u.replace(/\/+$/, '');
})();

/** Debian's chromium (package `chromium`); playwright-core never downloads a browser. */
export const CHROMIUM = process.env.ZONA_CHROMIUM || '/usr/bin/chromium';

export const PHONE = { width: 360, height: 800 };
export const DESKTOP = { width: 1280, height: 900 };

/**
 * Starts one headless chromium. Runs as root, hence --no-sandbox; the background-networking
 * flags keep it from calling home on a machine with a closed network (STYLE.md, trap 9).
 * playwright-core gives every launch a fresh, empty user-data-dir of its own.
 * extraArgs are added to the command line (e.g. --host-resolver-rules).
 */
export function launch(extraArgs = []) {
    return chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        timeout: 30_000,
        args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--disable-quic',
            ...extraArgs,
        ],
    });
}

/**
 * A fresh context (no cookies, no cache) for one test. Options are Playwright's
 * browser.newContext options; the viewport defaults to the desktop size.
 */
export async function newContext(browser, options = {}) {
    const ctx = await browser.newContext({ viewport: DESKTOP, ...options });
    ctx.setDefaultTimeout(10_000);
    ctx.setDefaultNavigationTimeout(15_000);
    return ctx;
}

/** Full URL of a path on the zona under test. */
export function url(path) {
    return BASE + path;
}

/**
 * Records what a user (or their browser console) would notice going wrong on a page:
 * console errors, uncaught exceptions, CSP violations and failed subresources.
 * Call before the first navigation. With JavaScript disabled the in-page CSP listener cannot
 * run, but chromium still reports each violation on the console, which is watched too.
 */
export async function watch(page) {
    const problems = { console: [], pageErrors: [], csp: [], subresources: [] };
    page.on('console', (msg) => {
        if (msg.type() === 'error') {
            problems.console.push(`${msg.text()} (${msg.location().url || 'no url'})`);
        }
        if (/Content Security Policy/i.test(msg.text())) problems.csp.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
    page.on('requestfailed', (req) => {
        const why = req.failure()?.errorText ?? '';
        // a load the browser cancels because the test navigated on (the favicon of a page left
        // at once) is not a failure of the server
        if (why === 'net::ERR_ABORTED') return;
        problems.subresources.push(`${req.url()} failed: ${why}`);
    });
    page.on('response', (res) => {
        const req = res.request();
        if (req.isNavigationRequest() && req.frame() === page.mainFrame()) return;
        if (res.status() >= 400) problems.subresources.push(`${res.url()} answered ${res.status()}`);
    });
    await page.exposeBinding('__zonaCspViolation', (_source, v) => problems.csp.push(v));
    await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
            // exposed above; the init script is injected by the browser, not subject to CSP
            window.__zonaCspViolation(
                `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
        });
    });
    return problems;
}

/** Everything watch() recorded, as one list of readable lines (empty when all is well). */
export function problemLines(problems, { ignoreConsole = [] } = {}) {
    const console = problems.console.filter((line) => !ignoreConsole.some((re) => re.test(line)));
    return [
        ...console.map((s) => `console error: ${s}`),
        ...problems.pageErrors.map((s) => `uncaught: ${s}`),
        ...problems.csp.map((s) => `CSP violation: ${s}`),
        ...problems.subresources.map((s) => `subresource: ${s}`),
    ];
}

/** Saves a screenshot under build/e2e/ and returns its path. */
export async function screenshot(page, name, { fullPage = true } = {}) {
    mkdirSync(SHOT_DIR, { recursive: true });
    const path = join(SHOT_DIR, name);
    await page.screenshot({ path, fullPage, animations: 'disabled' });
    return path;
}

/** Widths of the page's document and viewport, to catch sideways scrolling on a phone. */
export function pageWidths(page) {
    return page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
    }));
}

/** The element that has keyboard focus, described the way a user would find it. */
export function focused(page) {
    return page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return { tag: el ? 'body' : null };
        const r = el.getBoundingClientRect();
        return {
            tag: el.tagName.toLowerCase(),
            id: el.id,
            href: el.getAttribute('href'),
            text: (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim(),
            inViewport: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth &&
                r.width > 0 && r.height > 0,
        };
    });
}
