// A drill in the browser: the provincial coordinator plans a tabletop drill with a commune, adds
// an inject, starts the drill and runs the inject — an exercise incident opens at the commune,
// coded DT and marked DIỄN TẬP on its page — then records two findings, each a follow-up task.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropdownsClosed, env, modalOpened, pickInTreeSelect, pickOption, screenshotDir, signIn, useServer } from './harness.mjs';
import path from 'node:path';

useServer();

const title = 'Diễn tập ứng phó thay đổi giao diện trang thông tin xã';

test('the coordinator plans a drill, runs an inject and records two findings', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'dieuphoi');
    await page.getByRole('navigation').getByRole('link', { name: 'Diễn tập' }).click();
    await page.getByTestId('drill-new').click();
    await modalOpened(page);
    await pickInTreeSelect(page, 'drill-unit', 'Ủy ban nhân dân tỉnh Đắk Lắk');
    await page.getByTestId('drill-title').fill(title);
    // The participating commune (a multiple choice stays open: closed by a click on the title,
    // since Escape would close the dialog).
    await page.getByTestId('drill-units').click();
    await page.keyboard.type('Hòa Phú');
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: 'Xã Hòa Phú' }).first().click();
    await page.locator('.ant-modal-title').click();
    await dropdownsClosed(page);
    await page.getByTestId('drill-save').click();
    await page.getByTestId('drill-heading').getByText(title).waitFor();

    // An inject at the commune.
    await page.getByTestId('inject-add').click();
    await modalOpened(page);
    await page.getByTestId('inject-title').fill('Trang chủ của xã hiện nội dung lạ');
    await pickOption(page, 'inject-unit', 'Xã Hòa Phú');
    await page.getByTestId('inject-save').click();
    await page.getByTestId('inject-save').waitFor({ state: 'hidden' });
    const inject = page.getByTestId('injects').locator('tr', { hasText: 'Trang chủ của xã hiện nội dung lạ' });
    await inject.waitFor();

    // Started, the inject runs: an exercise incident opens at the commune.
    await page.getByTestId('drill-start').click();
    await page.getByTestId('drill-state').getByText('Đang diễn tập').waitFor();
    await inject.getByRole('button', { name: 'Chạy' }).click();
    const link = inject.getByRole('link', { name: /^DT-/ });
    await link.waitFor();
    await inject.getByText('DIỄN TẬP').waitFor();

    // Two findings, each with its owner and due day.
    for (const text of ['Xã chưa có bản sao lưu trang chủ', 'Báo cáo lên tỉnh chậm 40 phút']) {
      await page.getByTestId('finding-add').click();
      await modalOpened(page);
      await page.getByTestId('finding-text').fill(text);
      await pickOption(page, 'finding-unit', 'Xã Hòa Phú');
      await page.getByTestId('finding-save').click();
      await page.getByTestId('finding-save').waitFor({ state: 'hidden' });
      await page.getByTestId('findings').getByText(text).waitFor();
    }
    assert.equal(await page.getByTestId('findings').locator('tbody tr.ant-table-row').count(), 2);
    await page.getByTestId('findings').getByRole('link', { name: 'Kế hoạch khắc phục' }).first().waitFor();
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'drill.png'), fullPage: true });

    // The exercise incident says what it is on its own page.
    await link.click();
    await page.getByTestId('incident-exercise').getByText('DIỄN TẬP').first().waitFor();
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'drill-incident.png') });
  } finally {
    await context.close();
  }
});
