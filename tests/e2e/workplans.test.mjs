// Plans as tracked work in the browser: a commune officer finds the commune's share of the
// province plan among its tasks and records it done with its evidence; the provincial coordinator
// sees it on the plan, unit by unit; the coordinator issues a plan whose task goes to every
// commune, adds tasks from a table (a refused file names its lines and adds nothing), corrects one
// and deletes one entered by mistake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropdownsClosed, env, explain, modalOpened, pickInTreeSelect, pickOption, screenshotDir, signIn, useServer, waitFor } from './harness.mjs';
import path from 'node:path';

useServer();

const reviewTask = 'Rà soát, đánh giá hiện trạng và nguy cơ';
const provincePlan = 'Kế hoạch ứng phó sự cố, bảo đảm an toàn thông tin mạng trên địa bàn tỉnh';

async function signOut(page) {
  await page.getByTestId('sign-out').click();
  await page.getByTestId('login').waitFor();
}

async function openPlans(page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Kế hoạch' }).click();
  await page.getByTestId('wp-tasks').waitFor();
}

test("an officer records the commune's task done; the coordinator sees it on the plan", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'canbo.hoaphu');
    await openPlans(page);
    // The officer sees the commune's own open tasks, the province plan's review among them.
    const row = page.getByTestId('wp-tasks').locator('tr', { hasText: reviewTask });
    await row.getByText('Xã Hòa Phú').waitFor();
    await row.getByText('Đang thực hiện').waitFor();
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'workplans-tasks.png'), fullPage: true });
    await row.getByRole('button', { name: 'Cập nhật tiến độ' }).click();
    await modalOpened(page);
    await pickOption(page, 'wp-update-status', 'Hoàn thành');
    // Done without its evidence is refused in the form.
    await page.getByTestId('wp-update-save').click();
    await page.locator('.ant-form-item-explain').getByText('Bắt buộc nhập').waitFor();
    await page.getByTestId('wp-update-evidence').fill('Báo cáo số 52/BC-UBND ngày 01/12 về đánh giá nguy cơ 02 hệ thống của xã.');
    await page.getByTestId('wp-update-save').click();
    await page.getByTestId('wp-update-save').waitFor({ state: 'hidden' });
    // Done is no longer open: the row leaves the default list, and shows under "Tất cả".
    await waitFor(async () => (await page.getByTestId('wp-tasks').locator('tr', { hasText: reviewTask }).count()) === 0, 'the done task to leave the open list');
    await page.getByTestId('wp-filter').getByText('Tất cả').click();
    const done = page.getByTestId('wp-tasks').locator('tr', { hasText: reviewTask });
    await done.getByText('Hoàn thành').waitFor();
    await done.getByText('Báo cáo số 52/BC-UBND').waitFor();
    assert.equal(await done.getByText('Quá hạn').count(), 0, 'a done task is not overdue');

    // The coordinator opens the province plan and finds the commune's share done, with evidence.
    await signOut(page);
    await signIn(page, 'dieuphoi');
    await openPlans(page);
    await page.getByRole('tab', { name: 'Kế hoạch' }).click();
    await page.getByTestId('wp-plans').locator('tr', { hasText: provincePlan }).getByRole('link').click();
    await page.getByTestId('wp-plan-title').waitFor();
    const task = page.getByTestId('wp-plan-tasks').locator('tr', { hasText: reviewTask });
    await task.locator('.ant-table-row-expand-icon').click();
    const units = page.locator('[data-testid^="wp-assignments-"]').first();
    await units.waitFor();
    const commune = units.locator('tr', { hasText: 'Xã Hòa Phú' });
    await commune.getByText('Hoàn thành').waitFor();
    await commune.getByText('Báo cáo số 52/BC-UBND').waitFor();
    // Every department and commune holds the task: 4 departments and 5 communes.
    assert.equal(await units.locator('tbody tr.ant-table-row').count(), 9);
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'workplans-plan.png'), fullPage: true });
  } catch (e) {
    await explain(page, e);
  } finally {
    await context.close();
  }
});

test('the coordinator issues a plan for every commune and adds tasks from a table', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'dieuphoi');
    await openPlans(page);
    await page.getByRole('tab', { name: 'Kế hoạch' }).click();
    await page.getByTestId('wp-new').click();
    await modalOpened(page);
    await pickInTreeSelect(page, 'wp-issuer', 'Ủy ban nhân dân tỉnh Đắk Lắk');
    await page.getByTestId('wp-number').fill('140/KH-UBND');
    await page.getByTestId('wp-title').fill('Kế hoạch tuyên truyền an toàn thông tin cho người dân');
    await page.getByTestId('wp-task-0-content').fill('Phát thanh chuyên mục an toàn trên mạng trên loa truyền thanh xã');
    await pickOption(page, 'wp-task-0-kinds', 'Xã, phường, thị trấn', { multiple: true });
    await page.getByTestId('wp-task-0-frame').fill('Quý IV/2026');
    await page.getByTestId('wp-save').click();
    await page.getByTestId('wp-plan-title').getByText('Kế hoạch tuyên truyền an toàn thông tin').waitFor();
    // The task went to each of the province's five communes.
    const total = page.getByTestId('wp-plan-rollup').locator('.ant-tag').first();
    await total.getByText('Tổng: 5').waitFor();
    const task = page.getByTestId('wp-plan-tasks').locator('tr', { hasText: 'Phát thanh chuyên mục' });
    await task.getByText('UBND các xã, phường, thị trấn').waitFor();
    await task.getByText('Quý IV/2026').waitFor();

    // A table with a line that names no unit is refused whole, the line named.
    const header = 'STT,Nội dung,Đơn vị chủ trì,Thời gian thực hiện,Dự toán\n';
    const input = page.locator('input[type=file]');
    await input.setInputFiles({
      name: 'nhiem-vu.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(header + '1,Tập huấn cán bộ,Sở Khoa học và Công nghệ,30/11/2026,20.000.000\n2,In tờ rơi,Phòng Không Có,Hằng năm,\n'),
    });
    const problems = page.getByTestId('import-problems');
    await problems.getByText('Dòng 3').waitFor();
    await problems.getByText('Phòng Không Có').waitFor();
    await modalOpened(page);
    await page.locator('.ant-modal-confirm-btns button').click();
    await problems.waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('wp-plan-tasks').locator('tr', { hasText: 'Tập huấn cán bộ' }).count(), 0);
    // Fixed, it adds both tasks.
    await input.setInputFiles({
      name: 'nhiem-vu.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(header + '1,Tập huấn cán bộ,Sở Khoa học và Công nghệ,30/11/2026,20.000.000\n2,In tờ rơi,UBND các xã,Hằng năm,\n'),
    });
    await page.getByTestId('wp-plan-tasks').locator('tr', { hasText: 'In tờ rơi' }).waitFor();
    await page.getByTestId('wp-plan-tasks').locator('tr', { hasText: 'Tập huấn cán bộ' }).getByText('Sở Khoa học và Công nghệ').waitFor();
    await page.getByTestId('wp-plan-rollup').locator('.ant-tag').first().getByText('Tổng: 11').waitFor();

    // A task's time frame is corrected; a task entered by mistake is deleted with its shares.
    const training = page.getByTestId('wp-plan-tasks').locator('tr', { hasText: 'Tập huấn cán bộ' });
    await training.getByRole('button', { name: 'Sửa' }).click();
    await modalOpened(page);
    await page.getByTestId('wp-new-task-frame').fill('15/12/2026');
    await page.getByTestId('wp-task-save').click();
    await training.getByText('15/12/2026').waitFor();
    await page.getByTestId('wp-plan-tasks').locator('tr', { hasText: 'In tờ rơi' }).getByRole('button', { name: 'Xóa' }).click();
    await modalOpened(page);
    await page.getByTestId('wp-delete-ok').click();
    await waitFor(async () => (await page.getByTestId('wp-plan-tasks').locator('tr', { hasText: 'In tờ rơi' }).count()) === 0, 'the deleted task to go');
    await page.getByTestId('wp-plan-rollup').locator('.ant-tag').first().getByText('Tổng: 6').waitFor();
    await dropdownsClosed(page);
  } catch (e) {
    await explain(page, e);
  } finally {
    await context.close();
  }
});
