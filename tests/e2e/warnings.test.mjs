// Warnings in the browser: the provincial coordinator issues a warning to the communes' web
// pages — indicators typed one per line, whom it reaches previewed before it is sent —; a
// commune officer finds it waiting, cannot answer "fixed" without evidence, answers with it; the
// coordinator sees the answer counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropdownsClosed, env, modalOpened, pickInTreeSelect, pickOption, screenshotDir, signIn, useServer } from './harness.mjs';
import path from 'node:path';

useServer();

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
