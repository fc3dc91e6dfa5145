// Periodic reports in the browser (TT 20/2017 Mẫu 05; the province plan's yearly chain): a commune
// officer fills and submits the commune's yearly plan report; the provincial coordinator opens the
// province's compilation, sees who has not reported, and returns the commune's report with a
// reason, which the officer then reads; the province's yearly Mẫu 05 counts the demo's DDoS with
// the handling the responders recorded; an incident's outcome is recorded from its page; a unit's
// statistics show the readiness its sent reports carried.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confirmModal, env, explain, modalOpened, screenshotDir, signIn, useServer } from './harness.mjs';
import path from 'node:path';

useServer();

const planTitle = 'Báo cáo năm kết quả thực hiện kế hoạch ứng phó sự cố của tỉnh';

async function signOut(page) {
  await page.getByTestId('sign-out').click();
  await page.getByTestId('login').waitFor();
}

async function openReports(page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Báo cáo định kỳ' }).click();
  await page.getByTestId('obligations').waitFor();
}

/// The number a tag such as "Chưa gửi: 8" shows.
async function tagCount(locator) {
  const text = await locator.innerText();
  return Number(text.split(':').pop().trim());
}

test('an officer submits the commune report; the coordinator sees who is missing and returns it', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    // The officer's commune owes the province plan's yearly report.
    await signIn(page, 'canbo.hoaphu');
    await openReports(page);
    const row = page.getByTestId('obligations').locator('tr', { hasText: planTitle });
    await row.getByText('Xã Hòa Phú').waitFor();
    await row.getByRole('link').click();
    await page.getByTestId('periodic-title').getByText(planTitle).waitFor();
    await page.getByTestId('periodic-state').getByText('Chưa lập').waitFor();
    await page.getByTestId('mau05-table').waitFor();
    // The commune's readiness from the registry: its web page is registered.
    assert.ok(Number(await page.getByTestId('readiness-systems').innerText()) >= 1);
    await page.getByTestId('periodic-narrative').fill('Đã rà soát 9 máy trạm bộ phận một cửa; sao lưu trang thông tin điện tử hằng tuần.');
    await page.getByTestId('periodic-save').click();
    await page.getByText('Đã lưu bản nháp.').waitFor();
    await page.getByTestId('periodic-state').getByText('Đang soạn').waitFor();
    await page.getByTestId('periodic-proposals').fill('Đề nghị tỉnh hỗ trợ kinh phí thuê dịch vụ giám sát.');
    await page.getByTestId('periodic-submit').click();
    await modalOpened(page);
    await confirmModal(page, 'periodic-submit-confirm');
    await page.getByTestId('periodic-state').getByText('Đã gửi, chờ tiếp nhận').waitFor();
    assert.equal(await page.getByTestId('periodic-save').count(), 0, 'a submitted report cannot be edited');
    assert.equal(await page.getByTestId('periodic-narrative').isDisabled(), true);

    // The coordinator's compilation at the province: the demo's three reports and this one are in.
    await signOut(page);
    await signIn(page, 'dieuphoi');
    await openReports(page);
    const compile = page.getByTestId('obligations').locator('tr', { hasText: planTitle });
    await compile.getByText('Ủy ban nhân dân tỉnh Đắk Lắk').waitFor();
    await compile.getByRole('link').click();
    const filers = page.getByTestId('periodic-filers');
    await filers.waitFor();
    const rows = filers.locator('tbody tr');
    const total = await rows.count();
    assert.ok(total >= 10, `the province's filers are listed (${total})`);
    const missing = await tagCount(page.getByTestId('periodic-missing'));
    assert.equal(missing, total - 4, 'every filer but the four that reported is missing');
    // Those who have not reported are named.
    await filers.locator('tr', { hasText: 'Xã Ea Kao' }).getByText('Chưa lập').waitFor();
    await filers.locator('tr', { hasText: 'Phường Buôn Ma Thuột' }).getByText('Đã tiếp nhận').waitFor();
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'periodic-compilation.png'), fullPage: true });

    // The commune's report is returned with a reason.
    await filers.locator('tr', { hasText: 'Xã Hòa Phú' }).getByRole('link', { name: 'Xã Hòa Phú' }).click();
    await page.getByTestId('periodic-state').getByText('Đã gửi, chờ tiếp nhận').waitFor();
    await page.getByTestId('periodic-narrative').waitFor();
    assert.equal(await page.getByTestId('periodic-narrative').inputValue(), 'Đã rà soát 9 máy trạm bộ phận một cửa; sao lưu trang thông tin điện tử hằng tuần.');
    await page.getByTestId('periodic-return').click();
    await modalOpened(page);
    await page.getByTestId('periodic-return-reason').fill('Bổ sung số cán bộ đã được tập huấn trong năm.');
    await confirmModal(page, 'periodic-return-confirm');
    await page.getByTestId('periodic-state').getByText('Bị trả lại').waitFor();
    await page.getByRole('button', { name: /Báo cáo định kỳ/ }).click();
    await compile.getByRole('link').click();
    await filers.locator('tr', { hasText: 'Xã Hòa Phú' }).getByText('Bị trả lại').waitFor();
    assert.equal(await tagCount(page.getByTestId('periodic-missing')), missing + 1, 'a returned report counts as not in');

    // The officer reads why and may edit again.
    await signOut(page);
    await signIn(page, 'canbo.hoaphu');
    await openReports(page);
    await row.getByRole('link').click();
    await page.getByTestId('periodic-returned').getByText('Bổ sung số cán bộ đã được tập huấn trong năm.').waitFor();
    assert.equal(await page.getByTestId('periodic-narrative').isDisabled(), false);
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});

test("the province's yearly Mẫu 05 counts the DDoS as handled with help; an outcome is recorded on an incident", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'dieuphoi');
    // The demo's DDoS was detected 26 hours before the server started: that year's report.
    const year = new Date(Date.now() - 26 * 3600 * 1000).getFullYear();
    const units = await page.evaluate(async () => (await (await fetch('/api/v1/units?limit=200')).json()).items);
    const province = units.find((u) => u.code === 'DLK');
    await page.goto(`${env.baseUrl}/reports?regime=tt20-mau05-year&period=${year}&unit=${province.id}`);
    await page.getByTestId('mau05-table').waitFor();
    assert.equal(await page.getByTestId('mau05-A1-count').innerText(), '1');
    assert.equal(await page.getByTestId('mau05-A1-domestic_help').innerText(), '1');
    assert.equal(await page.getByTestId('mau05-A1-damage').innerText(), '15.000.000');
    await page.getByText('VNPT Đắk Lắk').first().waitFor();

    // Ea Kao's outage: its handling is recorded from the incident page.
    await page.getByRole('navigation').getByRole('link', { name: 'Sự cố', exact: true }).click();
    await page.getByTestId('incident-table').getByText('Trang thông tin điện tử xã Ea Kao không truy cập được').click();
    const card = page.getByTestId('outcome-card');
    await card.getByText('Chưa ghi cách thức xử lý').waitFor();
    await card.getByTestId('outcome-edit').click();
    await modalOpened(page);
    await page.getByTestId('outcome-save').click();
    await page.getByTestId('outcome-missing').waitFor(); // a choice is required
    await page.getByTestId('outcome-mode-self').click();
    await confirmModal(page, 'outcome-save');
    await card.getByTestId('outcome-mode').getByText('Đơn vị tự xử lý').waitFor();
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});

test('the statistics page counts the province by type and unit and opens the incidents behind a figure', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'dieuphoi');
    // The demo's incidents were filed when the server started: a span around today holds them.
    const from = new Date(Date.now() - 40 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
    await page.goto(`${env.baseUrl}/statistics?from=${from}&to=${to}`);
    await page.getByTestId('stats-type').waitFor();
    const total = Number((await page.getByTestId('stats-total').locator('.ant-statistic-content-value').innerText()).replace(/\D/g, ''));
    assert.ok(total >= 3, `the demo's incidents are counted (${total})`);
    const ddos = page.getByTestId('stats-type-A1');
    assert.equal(await ddos.locator('.stat-count').innerText(), '1');
    // The units below the province each have their line; the one whose system was attacked counts it.
    await page.getByTestId('stats-unit-bars').getByText('Xã Ea Kao').waitFor();
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'statistics.png'), fullPage: true });
    await ddos.getByRole('link').click();
    await page.getByTestId('incident-table').getByText('Hệ thống giải quyết thủ tục hành chính bị tấn công từ chối dịch vụ').waitFor();
    await page.getByTestId('incident-detected-range').waitFor(); // the chosen period is kept
    await page.getByTestId('incident-table').getByText('Trang thông tin điện tử xã Ea Kao không truy cập được').waitFor({ state: 'detached' });
    // A ward that sent its plan report has a point of readiness over time, opening that report.
    await page.goto(`${env.baseUrl}/statistics?from=${from}&to=${to}`);
    await page.getByTestId('stats-unit-bars').getByRole('link', { name: 'Phường Buôn Ma Thuột' }).click();
    const point = page.getByTestId('stats-readiness').locator('tr', { hasText: planTitle });
    await point.waitFor();
    await point.getByRole('link').click();
    await page.getByTestId('periodic-title').getByText(planTitle).waitFor();
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});
