// Training and awareness in the browser: the provincial coordinator sees each unit's duties of
// the year, records a course, imports its attendees from a CSV table (a table with a bad line is
// refused whole, the line named), records a campaign for a commune's citizens and sees that
// commune's duty met.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropdownsClosed, env, modalOpened, pickInTreeSelect, pickOption, screenshotDir, signIn, useServer } from './harness.mjs';
import path from 'node:path';

useServer();

const topic = 'Kỹ năng nhận diện tin giả cho công chức cấp xã';

test('the coordinator records a course with its attendees and a campaign, and the duties follow', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'dieuphoi');
    await page.getByRole('navigation').getByRole('link', { name: 'Đào tạo, tuyên truyền' }).click();
    // The duties of the year, unit by unit; the demo's province met its budget share.
    const duties = page.getByTestId('training-duties');
    await duties.waitFor();
    const province = duties.locator('tr', { hasText: 'Ủy ban nhân dân tỉnh Đắk Lắk' });
    await province.locator('[data-status="met"]', { hasText: 'Kinh phí ATTT' }).waitFor();
    const eaKao = duties.locator('tr', { hasText: 'Xã Ea Kao' });
    await eaKao.locator('[data-status="due"]', { hasText: 'Tuyên truyền người dân' }).waitFor();
    await page.getByTestId('training-total').getByText(/cán bộ được đào tạo trong năm/).waitFor();
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'training-duties.png'), fullPage: true });

    // A course of the province.
    await page.getByRole('tab', { name: 'Khóa đào tạo' }).click();
    await page.getByTestId('course-new').click();
    await modalOpened(page);
    await page.getByTestId('course-topic').fill(topic);
    await page.getByTestId('course-provider').fill('Sở Khoa học và Công nghệ');
    await page.getByTestId('course-save').click();
    await page.getByText(topic).first().waitFor();
    await page.getByTestId('attendee-import').waitFor();

    // Its attendees from a table: a person not in the register stops the whole file.
    const header = 'Họ và tên,Đơn vị,Thư điện tử,Chứng chỉ,Hạn chứng chỉ\n';
    const input = page.locator('input[type=file]');
    await input.setInputFiles({
      name: 'hoc-vien.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(header + 'Phạm Thị Lan,DLK-HOAPHU,,,\nNguyễn Văn Không Có,,,,\n'),
    });
    const problems = page.getByTestId('import-problems');
    await problems.getByText('Dòng 3').waitFor();
    await problems.getByText(/Nguyễn Văn Không Có/).waitFor();
    await modalOpened(page);
    await page.locator('.ant-modal-confirm-btns button').click();
    await problems.waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('attendees').locator('tbody tr.ant-table-row').count(), 0);
    // Fixed: two people, one found by e-mail, one with a certificate.
    await input.setInputFiles({
      name: 'hoc-vien.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(header + 'Phạm Thị Lan,DLK-HOAPHU,,Giấy chứng nhận,31/12/2027\n,,yniek@daklak.example.vn,,\n'),
    });
    const attendees = page.getByTestId('attendees');
    await attendees.locator('tr', { hasText: 'Phạm Thị Lan' }).getByText('31/12/2027').waitFor();
    await attendees.locator('tr', { hasText: 'Y Niê Kdăm' }).waitFor();
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'training-course.png'), fullPage: true });

    // A campaign for Ea Kao's citizens: its duty turns to met.
    await page.getByRole('link', { name: 'Đào tạo, tuyên truyền' }).first().click();
    await page.getByRole('tab', { name: 'Tuyên truyền' }).click();
    await page.getByTestId('campaign-new').click();
    await modalOpened(page);
    await pickInTreeSelect(page, 'campaign-unit', 'Xã Ea Kao');
    await page.getByTestId('campaign-title').fill('Phát thanh cảnh giác lừa đảo qua mạng');
    await pickOption(page, 'campaign-audience', 'Người dân');
    await pickOption(page, 'campaign-channel', 'Đài truyền thanh cơ sở');
    await page.getByTestId('campaign-reach').fill('3500');
    await dropdownsClosed(page);
    await page.getByTestId('campaign-save').click();
    await page.getByTestId('campaigns').locator('tr', { hasText: 'Phát thanh cảnh giác lừa đảo qua mạng' }).getByText('Xã Ea Kao').waitFor();
    await page.getByRole('tab', { name: 'Nhiệm vụ theo đơn vị' }).click();
    await eaKao.locator('[data-status="met"]', { hasText: 'Tuyên truyền người dân' }).waitFor();
  } finally {
    await context.close();
  }
});
