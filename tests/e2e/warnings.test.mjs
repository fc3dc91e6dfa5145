// Warnings in the browser: the provincial coordinator issues a warning to the communes' web
// pages — indicators typed one per line, whom it reaches previewed before it is sent —; a
// commune officer finds it waiting, cannot answer "fixed" without evidence, answers with it; the
// coordinator sees the answer counted. A warning's Sigma rule runs on the logs of the commune
// that turned the rules sent with warnings on, and its alert shows there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropdownsClosed, env, explain, modalOpened, pickInTreeSelect, pickOption, screenshotDir, signIn, useServer, waitFor } from './harness.mjs';
import path from 'node:path';

// Background jobs each second: a warning's Sigma rules are deployed within one.
useServer(['--jobs-interval-ms', '1000']);

const title = 'Mã độc đánh cắp mật khẩu quản trị trang thông tin xã';

test('a warning reaches the communes by their systems, one answers it, the coordinator sees it', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const officerContext = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const officer = await officerContext.newPage();
  try {
    await signIn(page, 'dieuphoi');
    await page.getByRole('navigation').getByRole('link', { name: 'Cảnh báo' }).click();
    // The demo's warning: two of the five communes have answered.
    const list = page.getByTestId('warnings');
    await list.locator('tr', { hasText: 'Lỗ hổng trong mô-đun quản trị' }).getByText('2/5').waitFor();
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'warnings-list.png'), fullPage: true });

    await page.getByTestId('warning-new').click();
    await modalOpened(page);
    await pickInTreeSelect(page, 'warning-issuer', 'Ủy ban nhân dân tỉnh Đắk Lắk');
    await page.getByTestId('warning-title').fill(title);
    await page.getByTestId('warning-actions').fill('Đổi mật khẩu quản trị, quét mã độc máy trạm của cán bộ quản trị trang.');
    await page.getByTestId('warning-indicators').fill('198.51.100.77\nlogin-daklak.example.net\n198.51.100.77');
    await pickInTreeSelect(page, 'warning-target-unit', 'Ủy ban nhân dân tỉnh Đắk Lắk');
    await pickOption(page, 'warning-target-kinds', 'Xã, phường', { multiple: true });
    await pickOption(page, 'warning-services', 'Web', { multiple: true });
    await dropdownsClosed(page);
    // Whom it reaches, before it is sent: the five communes' web pages.
    await page.getByTestId('warning-preview').click();
    await page.getByTestId('warning-reach').getByText('Tới 5 đơn vị, 5 mục phải trả lời.').waitFor();
    await page.getByTestId('warning-reach').getByText(/Xã Hòa Phú — DLK-HOAPHU-WEB/).waitFor();
    await page.getByTestId('warning-send').click();
    await page.getByTestId('warning-heading').getByText(title).waitFor();
    // The duplicate line was sent once; the label is shown with its meaning.
    assert.equal(await page.getByTestId('warning-indicator-list').locator('.ant-tag').count(), 2);
    await page.getByTestId('warning-tlp-meaning').getByText(/TLP:AMBER/).waitFor();
    assert.equal(await page.getByTestId('warning-items').locator('tbody tr.ant-table-row').count(), 5);
    const url = new URL(page.url());

    // The commune officer: one item waiting on this warning.
    await signIn(officer, 'canbo.hoaphu');
    await officer.getByRole('navigation').getByRole('link', { name: 'Cảnh báo' }).click();
    await officer.getByTestId('warning-to-answer').waitFor();
    await officer.getByTestId('warnings').getByText(title).click();
    const items = officer.getByTestId('warning-items');
    await items.locator('tbody tr.ant-table-row').first().waitFor();
    assert.equal(await items.locator('tbody tr.ant-table-row').count(), 1, 'a commune sees its own systems only');
    await items.getByRole('button', { name: 'Trả lời' }).click();
    await modalOpened(officer);
    await officer.getByTestId('answer-choice').getByText('Đã khắc phục').click();
    await officer.getByTestId('answer-save').click();
    await officer.locator('.ant-form-item-explain', { hasText: /evidence|căn cứ|bắt buộc/i }).first().waitFor();
    await officer.getByTestId('answer-evidence').fill('Đã đổi mật khẩu, quét sạch máy trạm lúc 14:00.');
    await officer.getByTestId('answer-save').click();
    await items.locator('.ant-tag', { hasText: 'Đã khắc phục' }).waitFor();
    if (screenshotDir) await officer.screenshot({ path: path.join(screenshotDir, 'warning-answer.png'), fullPage: true });

    // The coordinator sees it counted.
    await page.goto(url.toString());
    await page.getByTestId('warning-rollup').getByText('1/5').waitFor();
    await page.getByTestId('warning-items').locator('tr', { hasText: 'Xã Hòa Phú' }).getByText('Đã khắc phục').waitFor();
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'warning-detail.png'), fullPage: true });
  } finally {
    await context.close();
    await officerContext.close();
  }
});

const shellRule = `title: Truy cập web shell cmd.aspx (web shell access)
id: 3b7e5a1c-9d2f-4c6e-8a10-5f2b7c9d0e11
level: medium
logsource:
  category: webserver
detection:
  shell:
    cs-uri-stem|endswith: '/cmd.aspx'
  condition: shell
`;

test("a warning's Sigma rule runs where the commune turned it on and its alert shows there", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'dieuphoi');
    // Hòa Phú consents to the rules sent with warnings (off until someone turns it on).
    await page.getByRole('navigation').getByRole('link', { name: 'Giám sát, phát hiện' }).click();
    await page.getByRole('tab', { name: 'Luật phát hiện' }).click();
    await pickInTreeSelect(page, 'rules-unit', 'Xã Hòa Phú');
    const consent = page.getByTestId('warning-rules-switch');
    await waitFor(async () => (await consent.getAttribute('aria-checked')) === 'false', 'off by default');
    await consent.click();
    await page.getByText('Đã đồng ý chạy luật kèm cảnh báo.').waitFor();
    await waitFor(async () => (await consent.getAttribute('aria-checked')) === 'true', 'turned on');

    // A warning to the communes with the rule.
    await page.getByRole('navigation').getByRole('link', { name: 'Cảnh báo' }).click();
    await page.getByTestId('warning-new').click();
    await modalOpened(page);
    await pickInTreeSelect(page, 'warning-issuer', 'Ủy ban nhân dân tỉnh Đắk Lắk');
    await page.getByTestId('warning-title').fill('Chiến dịch cài web shell vào trang thông tin xã');
    await page.getByTestId('warning-actions').fill('Rà soát thư mục tải lên của trang; xóa tệp lạ.');
    await page.getByTestId('warning-sigma').fill(shellRule);
    await pickInTreeSelect(page, 'warning-target-unit', 'Ủy ban nhân dân tỉnh Đắk Lắk');
    await pickOption(page, 'warning-target-kinds', 'Xã, phường', { multiple: true });
    await dropdownsClosed(page);
    await page.getByTestId('warning-send').click();
    await page.getByTestId('warning-heading').getByText('Chiến dịch cài web shell').waitFor();
    // Within a round of the background jobs the rule runs in Hòa Phú, and the page says where.
    const state = page.getByTestId('warning-sigma-state');
    await waitFor(async () => {
      await page.reload();
      await state.waitFor();
      return /1 luật đang chạy trên nhật ký của: .*Xã Hòa Phú/.test(await state.innerText());
    }, 'the rule deployed in Hòa Phú', 30000);
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'warning-sigma.png'), fullPage: true });

    // A request for the web shell in Hòa Phú's web log raises the warning rule's alert there.
    const login = await fetch(`${env.baseUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: 'dieuphoi', password: 'ungcuu-demo-2026' }),
    });
    const cookie = login.headers.get('set-cookie').split(';')[0];
    const { csrf_token: csrf } = await login.json();
    const headers = { Cookie: cookie, 'X-CSRF-Token': csrf };
    const sources = await (await fetch(`${env.baseUrl}/api/v1/log-sources`, { headers })).json();
    const web = sources.items.find((s) => s.kind === 'http' && s.unit_name === 'Xã Hòa Phú');
    assert.ok(web, 'the demo has an HTTP source for Hòa Phú');
    const sent = await fetch(`${env.baseUrl}/api/v1/ingest?source=${web.id}`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'text/plain' },
      body: '203.0.113.66 - - [01/Mar/2026:10:00:01 +0700] "GET /upload/cmd.aspx?c=whoami HTTP/1.1" 200 31 "-" "curl/8.0"\n',
    });
    assert.equal(sent.status, 202);
    await page.getByRole('navigation').getByRole('link', { name: 'Giám sát, phát hiện' }).click();
    const alerts = page.getByTestId('alert-table');
    await waitFor(async () => {
      await page.reload();
      await alerts.waitFor();
      return (await alerts.locator('tr', { hasText: 'Truy cập web shell cmd.aspx' }).count()) > 0;
    }, "the warning rule's alert", 30000);
    await alerts.locator('tr', { hasText: 'Truy cập web shell cmd.aspx' }).getByText('Xã Hòa Phú').waitFor();
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});
