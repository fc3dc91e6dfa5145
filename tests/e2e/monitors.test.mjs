// Website monitoring in the browser: the coordinator finds the demo's watched site up with its
// history and events, turns a domain from the registry into a watched site through the
// proposals, and the public status page (API and the page a citizen opens) lists only what the
// province chose to publish.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { env, explain, modalOpened, pickInTreeSelect, screenshotDir, signIn, useServer, waitFor } from './harness.mjs';

useServer();

test('the coordinator sees the watched site up and watches a registry domain', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'dieuphoi');
    await page.getByRole('navigation').getByRole('link', { name: 'Giám sát trang web' }).click();
    const list = page.getByTestId('monitor-list');
    const row = list.locator('tr', { hasText: 'Trang phản ánh sự cố (máy chủ này)' });
    await row.waitFor();
    // Its first check comes within its interval (spread over it after a start); the list is
    // read again when the monitor records it (live updates).
    await row.getByTestId('monitor-state').getByText('Hoạt động').waitFor({ timeout: 90000 });
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'monitors.png'), fullPage: true });

    await row.getByTestId('monitor-open').click();
    await page.getByTestId('monitor-history').waitFor();
    await page.getByTestId('monitor-event-baseline').waitFor();
    assert.match(await page.getByRole('heading', { level: 2 }).innerText(), /Trang phản ánh sự cố/);

    // The registry's domains of the province not watched yet are proposed.
    await page.getByText('← Danh sách trang được giám sát').click();
    await pickInTreeSelect(page, 'monitor-unit-filter', 'Tỉnh Đắk Lắk');
    const proposals = page.getByTestId('monitor-proposals');
    const proposal = proposals.locator('tr', { hasText: 'https://dichvucong.daklak.example.vn/' });
    await proposal.getByRole('button', { name: 'Giám sát' }).click();
    await modalOpened(page);
    assert.equal(await page.getByTestId('monitor-url').inputValue(), 'https://dichvucong.daklak.example.vn/');
    await page.getByTestId('monitor-save').click();
    // Its page, named after the registry's system; a site just added is checked at once.
    await page.getByRole('heading', { level: 2, name: /giải quyết thủ tục hành chính tỉnh/ }).waitFor();
    await page.getByTestId('monitor-events').waitFor({ timeout: 60000 });
    await page.getByText('← Danh sách trang được giám sát').click();
    await waitFor(async () => (await proposals.locator('tr', { hasText: 'dichvucong' }).count()) === 0, 'the proposal to go');

    // The public status page needs no account and shows only the published site.
    const published = await fetch(env.baseUrl + '/api/v1/public/status').then((r) => r.json());
    assert.deepEqual(
      published.items.map((i) => i.name),
      ['Trang phản ánh sự cố (máy chủ này)'],
    );
    // A citizen opens it from the report page, without signing in: the site is up, in words.
    const citizen = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const phone = await citizen.newPage();
      await phone.goto(env.baseUrl + '/phan-anh');
      await phone.getByRole('link', { name: /tình trạng hoạt động/ }).click();
      const site = phone.getByTestId('status-site');
      await site.waitFor();
      assert.equal(await site.count(), 1);
      assert.match(await site.innerText(), /Trang phản ánh sự cố \(máy chủ này\)[\s\S]*Hoạt động[\s\S]*30 ngày/);
      assert.match(await phone.getByTestId('status-summary').innerText(), /Tất cả các trang/);
      assert.doesNotMatch(await phone.locator('main').innerText(), /phan-anh|127\.0\.0\.1|dichvucong/);
      if (screenshotDir) await phone.screenshot({ path: path.join(screenshotDir, 'public-status.png'), fullPage: true });
    } finally {
      await citizen.close();
    }
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});
