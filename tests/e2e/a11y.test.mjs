// Every page as each kind of user meets it, checked in the browser: no serious or critical
// accessibility violation (axe-core, WCAG 2 A and AA rules), and no translation key or raw code
// shown instead of words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { env, explain, useServer } from './harness.mjs';

useServer();

const require = createRequire(path.join(env.root, 'web/package.json'));
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vi = JSON.parse(readFileSync(path.join(env.root, 'web/src/i18n/vi.json'), 'utf8'));
// A translation key on screen looks like "inc.state.received": one of the dictionary's prefixes.
const prefixes = [...new Set(Object.keys(vi).map((k) => k.split('.')[0]))];
const keyPattern = new RegExp(`\\b(${prefixes.join('|')})\\.[a-z_]+(\\.[a-z_]+)*\\b`);
// Codes the API uses that must never reach a Vietnamese reader as they are.
const rawCodes = /\b(normal|serious|manual|public|triage|received|acknowledged|verifying|containing|event_count|temporal_ordered|value_count|draft|approved|issued|queued|sent|failed|running|due_soon|overdue)\b/;

const pages = {
  dieuphoi: ['/', '/readiness', '/incidents', '/incidents?id=1', '/detection', '/monitors', '/monitors?id=1', '/cases', '/cases?id=1', '/plans', '/systems', '/dossiers', '/inventory', '/risks', '/levels', '/units', '/coordination', '/reports', '/statistics', '/workplans', '/workplans?tab=plans', '/workplans?id=1', '/teams', '/teams?id=1', '/drills', '/training', '/training?id=1', '/warnings', '/warnings?id=1', `/reports?regime=plan-province-year&period=${new Date().getFullYear()}&unit=2`, '/users', '/account'],
  'canbo.hoaphu': ['/', '/incidents', '/readiness', '/systems', '/monitors', '/coordination', '/warnings', '/warnings?id=1', '/reports', '/workplans', '/units?id=11'],
  quantri: ['/exchange'],
  lanhdao: ['/', '/audit'],
  kiemtoan: ['/'],
};

async function check(page, where) {
  // Wait until the page has settled: no skeleton, nothing loading.
  // (Not 'networkidle': the live-update stream stays open by design.)
  await page.waitForLoadState('load');
  await page.waitForTimeout(1500);
  await page.locator('[data-testid="loading"], .ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 10000 }).catch(() => {});
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const described = serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  const text = await page.locator('body').innerText();
  return {
    where,
    violations: described,
    key: text.match(keyPattern)?.[0] ?? null,
    code: text.match(rawCodes)?.[0] ?? null,
  };
}

async function signIn(page, login) {
  const r = await page.request.post(env.baseUrl + '/api/v1/session', { data: { login, password: 'ungcuu-demo-2026' } });
  assert.equal(r.status(), 200);
}

test('every page: no serious accessibility violation, no translation key, no raw code', async () => {
  // The page's Content-Security-Policy would refuse the checker's script; only here is it let in.
  const findings = [];
  for (const [login, urls] of [['', ['/', '/phan-anh', '/trang-thai']], ...Object.entries(pages)]) {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
    const page = await context.newPage();
    try {
      if (login) await signIn(page, login);
      for (const url of urls) {
        await page.goto(env.baseUrl + url);
        findings.push(await check(page, `${login || 'anyone'} ${url}`));
      }
    } catch (error) {
      await explain(page, error);
    } finally {
      await context.close();
    }
  }
  const bad = findings.filter((f) => f.violations.length > 0 || f.key || f.code);
  for (const f of bad) console.log(`# ${f.where}: ${[...f.violations, f.key && `key ${f.key}`, f.code && `code ${f.code}`].filter(Boolean).join('; ')}`);
  assert.equal(bad.length, 0, `${bad.length} pages with findings (listed above)`);
});
