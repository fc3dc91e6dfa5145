// Connecting installations in the browser: the province's administrator issues a one-time code
// for Hòa Phú commune on "Kết nối hệ thống"; the commune's own installation — a fresh SQLite
// database with its unit and administrator created from the command line, started beside it on
// loopback — joins with the province's address and the code; each page then lists the other, and
// the province's warning to the communes reaches the commune installation by itself, and the
// coordinator shares an incident with it under TLP:AMBER. Then the warning is downloaded as a
// STIX 2.1 bundle and imported back through the warnings page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { binary, env, explain, listeningUrl, modalOpened, pickInTreeSelect, pickOption, screenshotDir, signIn, useServer, waitFor } from './harness.mjs';

useServer(['--jobs-interval-ms', '1000']);

const communePassword = 'xa-hoaphu-2026-quantri';
const warningTitle = 'Lỗ hổng trong mô-đun quản trị của trang thông tin điện tử cấp xã';

/// The commune's installation: its unit and administrator from the command line, then the server.
async function startCommune(dir) {
  const db = `sqlite:${path.join(dir, 'xa.db')}`;
  const units = path.join(dir, 'units.csv');
  writeFileSync(units, 'code,parent_code,kind,name_vi,name_en\nXA-HOAPHU,,commune,Ủy ban nhân dân xã Hòa Phú,Hoa Phu Commune\n');
  const imported = spawnSync(binary, ['units', 'import', '--db', db, units], { encoding: 'utf8' });
  assert.equal(imported.status, 0, imported.stderr);
  const user = spawnSync(binary, ['users', 'create', '--db', db, '--login', 'quantri.xa', '--unit', 'XA-HOAPHU', '--role', 'admin', '--full-name', 'Lê Văn Quản', '--password-stdin'], {
    input: `${communePassword}\n`,
    encoding: 'utf8',
  });
  assert.equal(user.status, 0, user.stderr);
  const server = spawn(binary, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--jobs-interval-ms', '500'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await listeningUrl(server, "the commune's server");
  return { server, url };
}

test('a commune installation joins the province with a one-time code and receives its warning', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ungcuu-e2e-commune-'));
  const { server, url: communeUrl } = await startCommune(dir);
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const communeContext = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const commune = await communeContext.newPage();
  try {
    // The province: a code for the unit the commune's installation stands for.
    await signIn(page, 'quantri');
    await page.getByRole('navigation').getByRole('link', { name: 'Kết nối hệ thống' }).click();
    await pickInTreeSelect(page, 'enrol-unit', 'Xã Hòa Phú');
    await page.getByTestId('enrol-name').fill('Hệ thống xã Hòa Phú');
    await page.getByTestId('enrol-issue').click();
    const code = (await page.getByTestId('enrolment-code').locator('code').innerText()).trim();
    assert.match(code, /^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);

    // The commune: the province's address and the code.
    await signIn(commune, 'quantri.xa', { baseUrl: communeUrl, password: communePassword });
    await commune.getByRole('navigation').getByRole('link', { name: 'Kết nối hệ thống' }).click();
    await commune.getByTestId('join-url').fill(env.baseUrl);
    await commune.getByTestId('join-code').fill(code);
    await commune.getByTestId('join-submit').click();
    await commune.getByTestId('exchange-peers').getByText('Cấp trên').waitFor();

    // The province lists the commune's installation against Hòa Phú.
    await page.reload();
    const peers = page.getByTestId('exchange-peers');
    await peers.getByText('Hệ thống xã Hòa Phú').waitFor();
    await peers.getByText('Xã Hòa Phú', { exact: true }).waitFor();

    // The province's warning to its communes' web pages travels on its own (the jobs run every
    // few seconds): the commune's administrator finds it on the warnings page.
    try {
      await waitFor(
        async () => {
          await commune.goto(`${communeUrl}/warnings`);
          await commune.getByTestId('warnings').waitFor(); // the list has loaded
          return (await commune.getByTestId('warnings').getByText(warningTitle).count()) > 0;
        },
        'the warning at the commune installation',
        60000,
      );
    } catch (e) {
      const above = await page.request.get(`${env.baseUrl}/api/v1/exchange`);
      const below = await commune.request.get(`${communeUrl}/api/v1/exchange`);
      e.message += `\n  province: ${await above.text()}\n  commune: ${await below.text()}`;
      throw e;
    }
    await page.reload();
    await peers.locator('tr', { hasText: 'Hệ thống xã Hòa Phú' }).getByText(/Gửi: \d/).waitFor();
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'exchange.png'), fullPage: true });

    // The coordinator shares an incident with the commune's installation, marked AMBER.
    const coordinatorContext = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    try {
      const coordinator = await coordinatorContext.newPage();
      await signIn(coordinator, 'dieuphoi');
      await coordinator.goto(`${env.baseUrl}/incidents?id=1`);
      await coordinator.getByTestId('incident-share').click();
      await modalOpened(coordinator);
      await pickOption(coordinator, 'incident-share-peer', 'Hệ thống xã Hòa Phú');
      await coordinator.getByTestId('incident-share-send').click();
      await coordinator.getByTestId('incident-share-send').waitFor({ state: 'hidden' });
      await coordinator.getByRole('tab', { name: 'Dòng thời gian' }).click();
      await coordinator
        .getByText(/Chia sẻ với hệ thống "Hệ thống xã Hòa Phú" \(TLP:AMBER\)/)
        .waitFor()
        .catch((e) => explain(coordinator, e));
    } finally {
      await coordinatorContext.close();
    }
  } finally {
    await context.close();
    await communeContext.close();
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a warning goes out as a STIX 2.1 bundle and comes back in through the import dialog', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  try {
    await signIn(page, 'dieuphoi');
    await page.getByRole('navigation').getByRole('link', { name: 'Cảnh báo' }).click();
    await page.getByTestId('warnings').getByText(warningTitle).click();
    await page.getByTestId('warning-heading').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('warning-stix').click()]);
    const file = await download.path();
    const bundle = JSON.parse(await (await import('node:fs/promises')).readFile(file, 'utf8'));
    assert.equal(bundle.type, 'bundle');
    assert.ok(bundle.objects.some((o) => o.type === 'report' && o.name === warningTitle));

    // Back in at the province's response team, as another tool would send it.
    await page.getByRole('navigation').getByRole('link', { name: 'Cảnh báo' }).click();
    await page.getByTestId('warning-import').click();
    await modalOpened(page);
    await pickInTreeSelect(page, 'warning-import-unit', 'Đội ứng cứu sự cố');
    await pickOption(page, 'warning-import-format', 'STIX 2.1');
    await page.getByTestId('warning-import-file').setInputFiles({ name: 'canh-bao.stix.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bundle)) });
    await page.getByTestId('warning-import-run').click();
    await page.getByTestId('warning-import-done').getByText(/Đã nhập 1 cảnh báo/).waitFor();
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'warning-import.png'), fullPage: true });
  } finally {
    await context.close();
  }
});
