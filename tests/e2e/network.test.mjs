// The network year in the browser (TT 20/2017 Điều 6, 8): the province records a coordination
// order of the national coordinator (Mẫu 06) for two communes, a commune officer answers its own
// task with evidence and the province sees the roll-up; the officer changes the commune's backup
// đầu mối and sends the 24-hour notice from the unit's network tab, and the department, which
// receives it, acknowledges it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confirmModal, dropdownsClosed, env, explain, modalOpened, pickInTreeSelect, screenshotDir, signIn, useServer, waitFor } from './harness.mjs';
import path from 'node:path';

useServer();

// Signing in as someone else only once the sign-out has landed (else the old session may still
// answer the next page load).
async function signOut(page) {
  await page.getByTestId('sign-out').click();
  await page.getByTestId('login').waitFor();
}

async function openCoordination(page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Điều phối mạng lưới' }).click();
}

test('an order reaches two communes; one answers; the province sees the roll-up', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'dieuphoi');
    await openCoordination(page);
    await page.getByTestId('order-new').click();
    await pickInTreeSelect(page, 'order-receiving', 'Ủy ban nhân dân tỉnh Đắk Lắk');
    await page.getByTestId('order-issuer').fill('Cơ quan điều phối quốc gia');
    await page.getByTestId('order-number').fill('301/ĐP-E2E');
    await page.getByTestId('order-subject').fill('Kiểm tra mã độc trên máy trạm một cửa');
    await page.getByTestId('order-actions').fill('Quét mã độc toàn bộ máy trạm bộ phận một cửa, báo cáo kết quả.');
    const deadline = page.getByTestId('order-deadline');
    await deadline.click();
    await deadline.fill('17:00 31/12/2099');
    await deadline.press('Enter');
    // A multiple choice stays open after each pick.
    for (const commune of ['Xã Hòa Phú', 'Xã Ea Kao']) {
      await page.getByTestId('order-addressees').click();
      await page.keyboard.type(commune);
      await page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: commune }).first().click();
      await page.locator('.ant-modal-title').click(); // closes the list (Escape would close the form)
      await dropdownsClosed(page);
    }
    await confirmModal(page, 'order-save');
    const card = page.locator('[data-testid^="order-"]', { hasText: '301/ĐP-E2E' });
    await card.getByText('Đang thực hiện: 2').waitFor();

    // The commune officer sees only its own task and answers it.
    await signOut(page);
    await signIn(page, 'canbo.hoaphu');
    await openCoordination(page);
    const mine = page.locator('[data-testid^="order-"]', { hasText: '301/ĐP-E2E' });
    await mine.waitFor();
    assert.equal(await mine.getByText('Xã Ea Kao').count(), 0, "another commune's task is not shown");
    await mine.getByRole('button', { name: 'Trả lời' }).click();
    await modalOpened(page); // a click on the growing modal's button is lost
    await page.getByTestId('answer-save').click();
    await page.getByText('Bắt buộc nhập').first().waitFor(); // evidence is required
    await page.getByTestId('answer-text').fill('Đã quét 12 máy trạm, không phát hiện mã độc.');
    await confirmModal(page, 'answer-save');
    await mine.getByText('Đã thực hiện: 1').waitFor();

    // The province's roll-up.
    await signOut(page);
    await signIn(page, 'dieuphoi');
    await openCoordination(page);
    const followed = page.locator('[data-testid^="order-"]', { hasText: '301/ĐP-E2E' });
    await followed.getByText('Đã thực hiện: 1').waitFor();
    await followed.getByText('Đang thực hiện: 1').waitFor();
    await followed.getByText('Đã quét 12 máy trạm').waitFor();
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'coordination.png') });
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});

test("a changed đầu mối starts the 24-hour notice; it is sent and the department acknowledges it", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'canbo.hoaphu');
    await page.getByRole('navigation').getByRole('link', { name: 'Đơn vị', exact: true }).click();
    await page.getByTestId('tree-DLK-HOAPHU').click();
    // The demo's contacts were notified: nothing waits.
    await page.getByRole('tab', { name: 'Thành viên mạng lưới' }).click();
    await waitFor(async () => (await page.getByTestId('contact-clock-state').innerText()) === 'Đã thực hiện', 'the clock at rest');
    // The officer names a backup đầu mối.
    await page.getByRole('tab', { name: 'Đầu mối ứng cứu sự cố' }).click();
    const backup = page.getByTestId('contact-backup');
    await backup.locator('.ant-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Y Niê Kdăm' }).click();
    await backup.getByRole('button', { name: 'Chỉ định' }).click();
    await backup.locator('.ant-descriptions').getByText('Y Niê Kdăm', { exact: true }).waitFor();
    // The clock runs; the notice goes to the coordinating units.
    await page.getByRole('tab', { name: 'Thành viên mạng lưới' }).click();
    await waitFor(async () => (await page.getByTestId('contact-clock-state').innerText()) === 'Đang chờ', 'the clock running');
    await page.getByTestId('contact-clock').getByText('Y Niê Kdăm').waitFor();
    await page.getByTestId('send-contact-notice').click();
    await waitFor(async () => (await page.getByTestId('contact-clock-state').innerText()) === 'Đã thực hiện', 'the clock satisfied');
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'member.png') });

    // The department receives and acknowledges it.
    await signOut(page);
    await signIn(page, 'dieuphoi');
    await openCoordination(page);
    await page.getByRole('tab', { name: 'Thông báo đầu mối nhận được' }).click();
    // The newest notice from the commune (the demo's first one waits below it).
    const waiting = page.locator('tr', { hasText: 'Xã Hòa Phú' }).filter({ has: page.getByRole('button', { name: 'Xác nhận đã nhận' }) });
    await waiting.first().waitFor();
    const before = await waiting.count();
    await waiting.first().getByRole('button', { name: 'Xác nhận đã nhận' }).click();
    await waitFor(async () => (await waiting.count()) === before - 1, 'the notice acknowledged');
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});
