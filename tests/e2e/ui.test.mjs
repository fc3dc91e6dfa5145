// Browser test of the web UI in Debian's headless Chromium, driven by playwright-core, against
// the real ungcuu binary on a fresh SQLite file with the demo province:
// sign in, create a commune, create a user and give them a role there, see both changes in the
// audit log, switch the language; a commune's level proposal and dossier.
//   node --test tests/e2e/   (UNGCUU_BIN points at the binary to test)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  closeDrawer,
  confirmModal,
  dropdownsClosed,
  env,
  explain,
  modalOpened,
  pickInTreeSelect,
  pickOption,
  screenshotDir,
  signIn,
  useServer,
  waitFor,
} from './harness.mjs';

useServer();

test('coordinator creates a commune and grants a role; auditor sees both; language switches', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  try {

  // Vietnamese first.
  await page.goto(env.baseUrl + '/');
  await assert.doesNotReject(page.getByText('Đăng nhập', { exact: true }).first().waitFor());

  // A wrong password is refused with a Vietnamese message.
  await page.getByTestId('login').fill('dieuphoi');
  await page.getByTestId('password').fill('sai-mat-khau');
  await page.getByTestId('sign-in').click();
  await page.getByText('Tên đăng nhập hoặc mật khẩu không đúng.').waitFor();

  await signIn(page, 'dieuphoi');
  await page.getByRole('navigation').getByRole('link', { name: 'Đơn vị', exact: true }).click();
  await page.getByTestId('tree-DLK').click();
  await page.getByTestId('unit-title').filter({ hasText: 'Ủy ban nhân dân tỉnh Đắk Lắk' }).waitFor();
  if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'units.png') });

  // Create a commune under the province.
  await page.getByTestId('unit-add-child').click();
  await page.getByTestId('unit-code').fill('DLK-EAHLEO');
  await page.getByTestId('unit-name_vi').fill('Xã Ea H\'leo');
  await page.getByTestId('unit-name_en').fill('Ea H\'leo Commune');
  await page.getByTestId('unit-email').fill('eahleo@daklak.example.vn');
  await page.getByTestId('unit-save').click();
  await page.getByTestId('tree-DLK-EAHLEO').waitFor();
  await page.getByTestId('unit-title').filter({ hasText: 'Xã Ea H\'leo' }).waitFor();

  // Create a user there and give them the officer role on the new commune.
  await page.getByRole('navigation').getByRole('link', { name: 'Người dùng' }).click();
  await page.getByTestId('user-add').click();
  await page.getByTestId('user-login').fill('canbo.eahleo');
  await page.getByTestId('user-full-name').fill('Hồ Văn Nam');
  await pickInTreeSelect(page, 'user-unit', 'Xã Ea H\'leo');
  await page.getByTestId('user-password').fill('mat-khau-ban-dau');
  await page.getByTestId('user-save').click();
  await page.locator('.ant-drawer-title', { hasText: 'canbo.eahleo' }).waitFor();
  await pickOption(page, 'grant-role', 'Cán bộ đơn vị');
  await pickInTreeSelect(page, 'grant-unit', 'Xã Ea H\'leo');
  await page.getByTestId('grant-submit').click();
  await page.locator('.ant-drawer-body td', { hasText: 'Cán bộ đơn vị' }).waitFor();
  await closeDrawer(page);
  await page.getByTestId('sign-out').click();
  await page.getByTestId('login').waitFor();

  // The auditor sees both changes in the audit log.
  await signIn(page, 'kiemtoan');
  await page.getByRole('navigation').getByRole('link', { name: 'Nhật ký thay đổi' }).click();
  const table = page.getByTestId('audit-table');
  await table.locator('tr', { hasText: 'Tạo đơn vị' }).filter({ hasText: 'Xã Ea H\'leo' }).first().waitFor();
  await table.locator('tr', { hasText: 'Cấp vai trò' }).filter({ hasText: 'dieuphoi' }).first().waitFor();
  if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'audit.png') });
  // Every entry of the whole log reads as words: no action or object code, incidents by code.
  for (let more = 0; more < 50 && (await page.getByTestId('audit-more').count()) > 0; more++) {
    const rows = await table.locator('tbody tr').count();
    await page.getByTestId('audit-more').click();
    await waitFor(async () => (await table.locator('tbody tr').count()) > rows || (await page.getByTestId('audit-more').count()) === 0, 'the next page');
  }
  const log = await table.innerText();
  assert.doesNotMatch(log, /\b(action|object)\.[a-z_]+/, 'an untranslated action or object');
  assert.match(log, /Tiếp nhận sự cố/);
  assert.match(log, /Sự cố SC-\d{4}-\d+/, 'an incident named by its code');

  // Switch to English and back.
  await page.getByTestId('lang-switch').click();
  await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).waitFor();
  await table.locator('tr', { hasText: 'Role granted' }).first().waitFor();
  await page.getByTestId('lang-switch').click();
  await page.getByRole('navigation').getByRole('link', { name: 'Nhật ký thay đổi' }).waitFor();

  // The new officer sees only their commune.
  await page.getByTestId('sign-out').click();
  await page.getByTestId('login').fill('canbo.eahleo');
  await page.getByTestId('password').fill('mat-khau-ban-dau');
  await page.getByTestId('sign-in').click();
  await page.getByRole('navigation').getByRole('link', { name: 'Đơn vị', exact: true }).click();
  await page.getByTestId('tree-DLK-EAHLEO').waitFor();
  assert.equal(await page.getByTestId('tree-DLK-HOAPHU').count(), 0);
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});

test('a dashboard whose data cannot be loaded says so once and loads on "try again"', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  try {
    let failing = true;
    await page.route(
      (url) => url.pathname === '/api/v1/readiness',
      (route) =>
        failing
          ? route.fulfill({
              status: 503,
              contentType: 'application/problem+json',
              body: JSON.stringify({ status: 503, message_vi: 'Máy chủ đang bận.', message_en: 'Busy.', errors: [] }),
            })
          : route.continue(),
    );
    await signIn(page, 'dieuphoi');
    await page.getByRole('navigation').getByRole('link', { name: 'Mức độ sẵn sàng' }).click();
    const failed = page.getByTestId('load-failed');
    await failed.getByText('Máy chủ đang bận.').waitFor();
    assert.equal(await page.getByText('Trống', { exact: true }).count(), 0, 'no empty list that looks like no data');
    assert.ok((await page.locator('.ant-message-notice').count()) <= 1, 'at most one message');
    failing = false;
    await page.getByTestId('load-retry').click();
    await page.getByTestId('figure-systems').waitFor();
    assert.equal(await failed.count(), 0);
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});

test('a commune officer gets a level proposal with its legal basis', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
  await signIn(page, 'canbo.hoaphu');
  // The account page says who is signed in, in which unit and with which roles.
  await page.getByRole('navigation').getByRole('link', { name: 'Tài khoản', exact: true }).click();
  const who = page.getByTestId('account-who');
  await who.getByText('Cán bộ đơn vị — Xã Hòa Phú').waitFor();
  assert.match(await who.innerText(), /Phạm Thị Lan \(canbo\.hoaphu\)/);
  assert.match(await who.innerText(), /Đơn vị: Xã Hòa Phú/);
  await page.getByRole('navigation').getByRole('link', { name: 'Xác định cấp độ' }).click();
  await pickOption(page, 'level-system_class', 'Phục vụ người dân, doanh nghiệp');
  await pickOption(page, 'level-online_service_level', '3');
  await page.getByTestId('level-submit').click();
  await page.getByTestId('level-result').filter({ hasText: '3' }).waitFor();
  const basis = await page.getByTestId('level-decided-by').innerText();
  assert.match(basis, /dịch vụ công trực tuyến từ mức độ 3/);
  assert.match(basis, /Nghị định 85\/2016\/NĐ-CP Điều 9/);
  await page.evaluate(() => window.scrollTo(0, 0));
  if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'level.png') });
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});

// A small but real PDF, as a user would upload it.
function pdf(title) {
  return Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Title (${title}) >>\nendobj\ntrailer\n%%EOF\n`);
}

async function figure(page, key) {
  const text = await page.getByTestId(`figure-${key}`).locator('.ant-statistic-content-value').innerText();
  return Number(text.replace(/[^0-9]/g, ''));
}

test('a commune registers a system, walks its level dossier to approval, and readiness changes', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
  // The commune's readiness before: its web page has no approved level yet.
  await signIn(page, 'canbo.hoaphu');
  await page.getByRole('navigation').getByRole('link', { name: 'Mức độ sẵn sàng' }).click();
  await page.getByTestId('figure-systems_unapproved').waitFor();
  const unapprovedBefore = await figure(page, 'systems_unapproved');
  const systemsBefore = await figure(page, 'systems');

  // Register a system; the level comes from the criteria with its legal basis.
  await page.getByRole('navigation').getByRole('link', { name: 'Hệ thống thông tin' }).click();
  await page.getByTestId('system-new').click();
  await page.getByTestId('system-code').fill('DLK-HOAPHU-MC');
  await page.getByTestId('system-name').fill('Hệ thống một cửa điện tử xã Hòa Phú');
  await pickInTreeSelect(page, 'system-owner', 'Xã Hòa Phú');
  // The provider operating it is outside the officer's scope but may be chosen.
  await page.getByTestId('system-operator').click();
  await page.keyboard.type('VNPT');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'VNPT Đắk Lắk' }).first().click();
  await dropdownsClosed(page);
  await pickOption(page, 'level-system_class', 'Phục vụ người dân, doanh nghiệp');
  // The form may still be re-rendering from the choices above: click until the box holds.
  const personal = page.getByLabel('Thông tin cá nhân');
  await waitFor(async () => {
    if (!(await personal.isChecked())) {
      await personal.click();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return personal.isChecked();
  }, 'the personal-information box');
  await page.getByLabel('Số người sử dụng dịch vụ trực tuyến có thông tin riêng, cá nhân').fill('12000');
  await page.getByLabel('Địa chỉ IP công khai').fill('203.0.113.77');
  await page.keyboard.press('Enter');
  await page.getByTestId('system-save').click();
  const result = page.getByTestId('system-level-result');
  await result.waitFor();
  assert.match(await result.innerText(), /Cấp độ theo tiêu chí: 3/);
  assert.match(await result.innerText(), /Nghị định 85\/2016\/NĐ-CP Điều 9/);
  await closeDrawer(page);

  // Open its level dossier; the province's department reviews it.
  await page.getByTestId('system-dossier-DLK-HOAPHU-MC').click();
  await pickOption(page, 'dossier-reviewer', 'Sở Khoa học và Công nghệ');
  await page.getByTestId('dossier-create').click();
  await page.getByTestId('dossier-state').filter({ hasText: 'Đang soạn' }).waitFor();
  for (const slot of ['overview', 'design', 'justification', 'security_plan']) {
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByTestId(`dossier-upload-${slot}`).click(),
    ]);
    await chooser.setFiles({ name: `${slot}.pdf`, mimeType: 'application/pdf', buffer: pdf(slot) });
    await page.getByTestId(`dossier-file-${slot}`).waitFor();
    // Each document is scanned for malware like evidence, and says so beside its name.
    assert.equal(await page.getByTestId(`dossier-scan-${slot}`).getAttribute('data-verdict'), 'clean');
  }
  await page.getByTestId('dossier-action-submit').click();
  await page.getByTestId('dossier-state').filter({ hasText: 'Kiểm tra hợp lệ' }).waitFor();
  // The validity check runs against 5 working days.
  assert.match(await page.getByTestId('dossier-due').innerText(), /5 ngày làm việc/);
  await closeDrawer(page);
  await page.getByTestId('sign-out').click();
  await page.getByTestId('login').waitFor();

  // The coordinator accepts, records the appraisal and approves.
  await signIn(page, 'dieuphoi');
  await page.getByRole('navigation').getByRole('link', { name: 'Hồ sơ cấp độ' }).click();
  await page.getByTestId('dossiers-table').locator('tr', { hasText: 'DLK-HOAPHU-MC' }).click();
  await page.getByTestId('dossier-action-accept').click();
  await page.getByTestId('dossier-state').filter({ hasText: 'Thẩm định' }).waitFor();
  await page.getByTestId('dossier-action-appraise').click();
  await page.getByTestId('dossier-note').fill('Thống nhất cấp độ 3');
  await confirmModal(page, 'dossier-note-ok');
  await page.getByTestId('dossier-state').filter({ hasText: 'Chờ phê duyệt' }).waitFor();
  await page.getByTestId('dossier-action-approve').click();
  await page.getByTestId('dossier-note').fill('Quyết định 88/QĐ-UBND ngày 20/11/2026');
  await confirmModal(page, 'dossier-note-ok');
  await page.getByTestId('dossier-state').filter({ hasText: 'Đã phê duyệt' }).waitFor();
  await closeDrawer(page);

  // The province's dashboard, with one row per subordinate unit (the README screenshot).
  await page.getByRole('navigation').getByRole('link', { name: 'Mức độ sẵn sàng' }).click();
  await page.getByTestId('readiness-children').waitFor();
  if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'readiness.png') });
  // The new system has never been scanned: record the scan from the list behind the figure.
  const scansBefore = await figure(page, 'scans_overdue');
  await page.getByTestId('figure-scans_overdue').click();
  await page.getByTestId('due-record-DLK-HOAPHU-MC').waitFor();
  await modalOpened(page);
  await page.getByTestId('due-record-DLK-HOAPHU-MC').click();
  await page.getByTestId('record-performer').fill('Đội ứng cứu sự cố tỉnh');
  await page.getByTestId('record-save').click();
  await page.getByTestId('due-table').locator('tr', { hasText: 'DLK-HOAPHU-MC' }).waitFor({ state: 'detached' });
  await page.locator('.ant-modal', { has: page.getByTestId('due-table') }).locator('.ant-modal-close').click();
  await page.getByTestId('due-table').waitFor({ state: 'hidden' });
  await waitFor(async () => (await figure(page, 'scans_overdue')) === scansBefore - 1, 'scans_overdue');
  // "Due soon" and the figures' titles read on white at WCAG AA (4.5:1).
  const contrast = async (locator) => {
    const rgb = await locator.evaluate((el) => getComputedStyle(el).color);
    const [r, g, b, a = 1] = rgb.match(/[\d.]+/g).map(Number);
    const lin = (c) => {
      const v = (c * a + 255 * (1 - a)) / 255; // over white
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    const l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    return 1.05 / (l + 0.05);
  };
  const dueSoon = page.getByTestId('figure-due_soon');
  assert.ok((await contrast(dueSoon.locator('.ant-statistic-content'))) >= 4.5, 'due soon contrast');
  assert.ok((await contrast(dueSoon.locator('.ant-statistic-title'))) >= 4.5, 'figure title contrast');
  // Units missing protection layers: choose one to see and update its layers.
  await page.getByTestId('figure-units_layers_incomplete').click();
  await page.getByTestId('layer-gaps').locator('tr', { hasText: 'Xã Hòa Phú' }).waitFor();
  await modalOpened(page);
  await page.getByTestId('layer-gaps').locator('tr', { hasText: 'Xã Hòa Phú' }).click();
  await page.getByText('Mô hình bảo vệ 4 lớp — Xã Hòa Phú').waitFor();
  // A figure leads to the list behind it.
  await page.getByTestId('figure-licences_expiring').click();
  await page.getByTestId('inventory-table').locator('tr', { hasText: 'diệt virus' }).first().waitFor();
  await page.getByTestId('sign-out').click();
  await page.getByTestId('login').waitFor();

  // Back at the commune: one more system, and the same number without an approved level.
  await signIn(page, 'canbo.hoaphu');
  await page.getByRole('navigation').getByRole('link', { name: 'Mức độ sẵn sàng' }).click();
  await page.getByTestId('figure-systems').waitFor();
  await page.getByTestId('figure-systems').filter({ hasText: String(systemsBefore + 1) }).waitFor();
  assert.equal(await figure(page, 'systems'), systemsBefore + 1);
  assert.equal(await figure(page, 'systems_unapproved'), unapprovedBefore);
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});
