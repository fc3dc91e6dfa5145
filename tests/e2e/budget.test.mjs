// What a page costs to load, checked in the browser: the public page carries only its own small
// bundle, the staff pages load their code per page, every script and stylesheet arrives
// compressed (brotli) with a long cache lifetime, and the total stays inside the budgets the
// product promises (docs/performance.md records the measurements beside them). Timings under a
// 4× slower CPU are measured and printed, not asserted: a timed assertion on a shared machine
// would fail by chance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { env, explain, useServer } from './harness.mjs';

useServer();

const KB = 1024;
const budgets = { publicPage: 100 * KB, staffPage: 250 * KB };

// Loads `url` in a fresh browser (nothing cached) and collects what scripts and styles cost on
// the wire until `ready` resolves.
async function load(url, ready, { cpuSlowdown = 1, before, readySelector } = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  try {
    if (before) await before(page);
    // The moment the page shows its data, taken inside the page (navigation start → the element
    // in the document), apart from the test harness's own polling, which the slowed CPU slows too.
    if (readySelector) {
      await page.addInitScript((selector) => {
        new MutationObserver((_, observer) => {
          if (document.querySelector(selector)) {
            window.__ungcuuReady = performance.now();
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      }, readySelector);
    }
    const cdp = await context.newCDPSession(page);
    if (cpuSlowdown > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
    const files = [];
    page.on('requestfinished', async (request) => {
      const type = request.resourceType();
      if (type !== 'script' && type !== 'stylesheet') return;
      const response = await request.response();
      const sizes = await request.sizes();
      files.push({
        url: request.url().replace(env.baseUrl, ''),
        type,
        wire: sizes.responseBodySize,
        encoding: (await response.headerValue('content-encoding')) ?? '',
        cache: (await response.headerValue('cache-control')) ?? '',
      });
    });
    const started = Date.now();
    await page.goto(env.baseUrl + url);
    await ready(page);
    const readyMs = Date.now() - started;
    const inPageMs = readySelector
      ? Math.round(await page.locator('body').evaluate(() => window.__ungcuuReady ?? -1))
      : undefined;
    // (Not 'networkidle': the live-update stream stays open by design.) Every script a page
    // needs has arrived once it is ready; a moment more lets the last 'requestfinished' land.
    await page.waitForLoadState('load');
    await page.waitForTimeout(300);
    return { page, context, files, readyMs, inPageMs };
  } catch (error) {
    await explain(page, error);
  }
}

function report(name, { files, readyMs, inPageMs }) {
  const scripts = files.filter((f) => f.type === 'script').reduce((sum, f) => sum + f.wire, 0);
  const inPage = inPageMs === undefined ? '' : ` (in the page: ${inPageMs} ms)`;
  console.log(`# ${name}: ${files.length} files, scripts ${(scripts / KB).toFixed(1)} KB on the wire, ready in ${readyMs} ms${inPage}`);
  return scripts;
}

function assertCompressedAndCached(files) {
  assert.ok(files.length > 0);
  for (const f of files) {
    // The build leaves files under 1 KB as they are: compressing them would save nothing.
    if (f.wire >= 1024) assert.equal(f.encoding, 'br', `${f.url} arrives ${f.encoding || 'uncompressed'}`);
    assert.match(f.cache, /max-age=31536000, immutable/, `${f.url} is cached for a year`);
  }
}

async function signInCookie(page) {
  const r = await page.request.post(env.baseUrl + '/api/v1/session', {
    data: { login: 'dieuphoi', password: 'ungcuu-demo-2026' },
  });
  assert.equal(r.status(), 200);
}

test('the public page loads its own small bundle, compressed', async () => {
  const run = await load('/phan-anh', (page) => page.getByTestId('pub-submit').waitFor());
  try {
    const scripts = report('public page', run);
    assertCompressedAndCached(run.files);
    assert.ok(scripts <= budgets.publicPage, `public page scripts ${scripts} B > ${budgets.publicPage} B`);
    // None of the staff application's code or its UI library is fetched.
    assert.ok(!run.files.some((f) => /\/(App|ReadinessPage|IncidentsPage|Table)-/.test(f.url)), JSON.stringify(run.files));
  } finally {
    await run.context.close();
  }
});

test('the home page after signing in loads only its own code, compressed, inside the budget', async () => {
  const run = await load('/', (page) => page.getByTestId('home-open').locator('li, .due-empty:not(.due-loading)').first().waitFor(), { before: signInCookie });
  try {
    const scripts = report('home page', run);
    assertCompressedAndCached(run.files);
    assert.ok(scripts <= budgets.staffPage, `dashboard scripts ${scripts} B > ${budgets.staffPage} B`);
    assert.ok(!run.files.some((f) => /\/(IncidentsPage|DetectionPage|UnitsPage|PublicReportPage)-/.test(f.url)), JSON.stringify(run.files));
  } finally {
    await run.context.close();
  }
});

// Opened directly (a bookmark, a link in a message), a page fetches the frame, its own code and
// the widgets it uses — never another page's code. What it costs is printed for the record.
test('a staff page opened directly loads its own code and no other page', async () => {
  for (const [url, testId] of [
    ['/readiness', 'figure-systems'],
    ['/incidents', 'incident-table'],
    ['/detection', 'alert-table'],
  ]) {
    const run = await load(url, (page) => page.getByTestId(testId).first().waitFor(), { before: signInCookie });
    try {
      report(url, run);
      assertCompressedAndCached(run.files);
      const pages = run.files.map((f) => f.url.match(/\/assets\/([A-Za-z]+Page)-/)?.[1]).filter(Boolean);
      const own = { '/readiness': 'ReadinessPage', '/incidents': 'IncidentsPage', '/detection': 'DetectionPage' }[url];
      assert.deepEqual([...new Set(pages)], [own], `${url} fetched ${pages.join(', ')}`);
    } finally {
      await run.context.close();
    }
  }
});

test('time to a ready page with the CPU slowed 4× (a modest office laptop), measured', async () => {
  for (const [name, url, ready, before, readySelector] of [
    ['home page, CPU ×4', '/', (page) => page.getByTestId('home-open').locator('li, .due-empty:not(.due-loading)').first().waitFor(), signInCookie,
      '[data-testid="home-open"] li, [data-testid="home-open"] .due-empty:not(.due-loading)'],
    ['public page, CPU ×4', '/phan-anh', (page) => page.getByTestId('pub-submit').waitFor(), undefined, '[data-testid="pub-submit"]'],
  ]) {
    const run = await load(url, ready, { cpuSlowdown: 4, before, readySelector });
    report(name, run);
    await run.context.close();
  }
});
