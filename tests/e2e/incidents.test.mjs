// Browser walkthrough of an incident, end to end, in headless Chromium against the real binary:
// a commune officer reports a defaced web page with the Mẫu 03 form (a missing field is named
// first), the provincial coordinator finds it in triage, acknowledges, verifies and classifies it
// (the approved defacement plan appears), attaches the web server's log, runs the plan's tasks
// through the procedure's steps, issues Mẫu 03 and Mẫu 04 — the DOCX downloads and holds the
// filled fields — keeps the signed scan with it and closes it; a
// citizen's public report, sent without an account, appears in the coordinator's triage queue;
// a response plan gets a new version in the UI and its approval retires the earlier one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { confirmModal, env, explain, modalOpened, pickOption, screenshotDir, signIn, useServer, waitFor } from './harness.mjs';

useServer();

const title = 'Trang thông tin điện tử xã Hòa Phú bị thay đổi giao diện';

async function step(page, to, note) {
  await page.getByTestId(`step-${to}`).click();
  if (note) await page.getByTestId('step-note').fill(note);
  // The confirmation closes once the step is taken; a lost click is repeated, and a modal that
  // stays open (the step refused) fails here with what it shows.
  await confirmModal(page, 'step-confirm');
  await page.getByTestId(`step-${to}`).waitFor({ state: 'detached' });
}

async function issueReport(page, type, fields) {
  await page.getByTestId(`report-new-${type}`).click();
  for (const [testId, value] of Object.entries(fields)) await page.getByTestId(testId).fill(value);
  await page.getByTestId('report-save').click();
  await page.getByTestId(`report-issue-${type}`).click();
  await page.getByTestId(`report-issue-${type}`).waitFor({ state: 'detached' });
}

test('a commune reports a defaced page; the coordinator handles it by the plan and closes it with Mẫu 04', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  try {
    // The commune officer files it with the Mẫu 03 form.
    await signIn(page, 'canbo.hoaphu');
    await page.getByRole('navigation').getByRole('link', { name: 'Sự cố', exact: true }).click();
    await page.getByTestId('incident-new').click();
    // The unit's particulars are filled in from the registry.
    await waitFor(async () => (await page.getByTestId('f-reporter_name').inputValue()) === 'Xã Hòa Phú', 'the unit name');
    await page.getByTestId('f-title').fill(title);
    await pickOption(page, 'f-system_ids', 'DLK-HOAPHU-WEB', { multiple: true });
    await page.getByTestId('f-description').fill('Trang chủ hiển thị hình ảnh và khẩu hiệu lạ từ 07:15, các chuyên mục không truy cập được.');
    await page.getByLabel('Chưa được xử lý').check();
    // Ant Design's checkbox group re-renders after the click; wait for the state rather than
    // asserting it the instant the click returns (Chromium 156 reports it one frame late).
    const logReview = page.getByLabel('Kiểm tra nhật ký');
    await logReview.click();
    await waitFor(() => logReview.isChecked(), 'the log review box checked');
    // "Đã gửi thông báo sự cố cho" is starred on Mẫu 03.
    const coordinator = page.getByLabel('Cơ quan điều phối quốc gia');
    await coordinator.click();
    await waitFor(() => coordinator.isChecked(), 'the coordinator box checked');
    await page.getByTestId('f-contact_email').fill('lanpt@daklak.example.vn');
    // The contact's phone is mandatory (TT 20/2017 Phụ lục I Mẫu 03): refused, field named.
    await page.getByTestId('incident-submit').click();
    await page.getByText('Còn thiếu hoặc sai một số trường').waitFor();
    await page.locator('.ant-form-item-has-error', { has: page.getByTestId('f-contact_phone') }).waitFor();
    await page.getByTestId('f-contact_phone').fill('0935 777 888');
    await page.getByTestId('incident-submit').click();
    await page.getByTestId('incident-title').filter({ hasText: title }).waitFor();
    const code = (await page.getByTestId('incident-title').innerText()).split(' · ')[0];
    assert.match(code, /^SC-\d{4}-\d{6}$/);
    // The officer follows it; the province handles it.
    await page.getByText('Bạn theo dõi sự cố này').waitFor();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('login').waitFor();

    // The provincial coordinator finds it in triage.
    await signIn(page, 'dieuphoi');
    await page.getByRole('navigation').getByRole('link', { name: 'Sự cố', exact: true }).click();
    await page.getByTestId('preset-triage').click();
    await page.getByTestId('incident-table').locator('tr', { hasText: code }).getByText(title).click();
    await page.getByTestId('incident-state').filter({ hasText: 'Tiếp nhận' }).waitFor();
    await step(page, 'acknowledged');
    await step(page, 'verifying');
    // Classify: defacement, beyond the commune's capacity. The approved plan comes with it.
    await pickOption(page, 'classify-scenarios', 'A5 —', { multiple: true });
    await page.getByLabel('Vượt khả năng tự xử lý').check();
    await page.getByTestId('classify-save').click();
    await page.getByTestId('incident-plan').filter({ hasText: 'thay đổi giao diện' }).waitFor();
    // The timeline says where it came from and what the classification found, in words.
    await page.getByRole('tab', { name: 'Dòng thời gian' }).click();
    const timeline = page.locator('.ant-timeline');
    await timeline.getByText('Cán bộ báo').waitFor();
    await timeline.getByText(/A5 — (Thông thường|Nghiêm trọng)/).waitFor();
    assert.doesNotMatch(await timeline.innerText(), /\b(manual|public|normal|serious)\b/, 'a raw code in the timeline');
    await page.getByRole('tab', { name: 'Xử lý' }).click();
    // Mẫu 03 is due at once now that the owner cannot handle it alone.
    await page.getByTestId('clock-initial_report').waitFor();
    // The web server's log goes with it as evidence.
    const [logChooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('attachment-add').click()]);
    await logChooser.setFiles({
      name: 'access.log',
      mimeType: 'text/plain',
      buffer: Buffer.from('198.51.100.7 - - [21/Nov/2026:07:14:59 +0700] "POST /wp-admin/upload.php HTTP/1.1" 200 512\n'),
    });
    await page.getByTestId('attachment-access.log').waitFor();
    await step(page, 'initial_response');
    // The plan's initial steps became tasks: run them.
    const tasks = page.locator('[data-testid^="task-done-"]');
    await waitFor(async () => (await tasks.count()) === 4, 'the four plan tasks');
    for (let i = 0; i < 4; i++) {
      const box = tasks.nth(i);
      await box.click(); // the box follows the server's answer
      await waitFor(async () => box.isChecked(), `task ${i + 1} done`);
    }
    await step(page, 'choosing_response');
    await step(page, 'containing');
    await step(page, 'eradicating', 'Đã xóa webshell, đổi mật khẩu quản trị');
    await step(page, 'recovering');
    await step(page, 'checking');
    await step(page, 'reviewing');
    // Closing waits for Mẫu 04 (TT 20/2017 Điều 9): the step says why.
    assert.equal(await page.getByTestId('step-closed').isDisabled(), true);

    // Reports: Mẫu 03, then Mẫu 04 which cites it.
    await page.getByTestId('tab-reports').click();
    await issueReport(page, 'initial', {
      'report-summary': 'Giao diện trang bị thay đổi lúc 07:15; đã tạm dừng trang.',
      'report-signer': 'Y Niê Kdăm',
    });
    // Mẫu 04: an empty draft is not saved; a draft without its result cannot be issued, and
    // says so by the fields' names.
    await page.getByTestId('report-new-final').click();
    await page.getByTestId('report-summary').waitFor();
    await modalOpened(page);
    await page.getByTestId('report-save').click();
    await page.getByText('Bản nháp đang trống: hãy ghi ít nhất một mục trước khi lưu.').waitFor();
    await page.getByTestId('report-summary').fill('Trang bị chèn webshell qua thành phần quản trị lỗi thời.');
    await page.getByTestId('report-signer').fill('Y Niê Kdăm');
    await page.getByTestId('report-save').click();
    await page.getByTestId('report-save').waitFor({ state: 'hidden' });
    await page.getByTestId('report-issue-final').click();
    await page.getByText('Chưa phát hành được, báo cáo còn thiếu: Kết quả xử lý').waitFor();
    await page.getByText('Cần có trước khi phát hành').waitFor();
    assert.doesNotMatch(await page.locator('body').innerText(), /\bresult —/, 'a raw field name');
    await page.getByTestId('report-result').fill('Đã khôi phục từ bản sao lưu ngày 20/11, vá lỗi, đổi toàn bộ mật khẩu.');
    await page.getByTestId('report-save').click();
    await page.getByTestId('report-save').waitFor({ state: 'hidden' });
    await page.getByTestId('report-issue-final').click();
    await page.getByTestId('report-issue-final').waitFor({ state: 'detached' });
    const reports = page.getByTestId('report-table');
    await reports.locator('tr', { hasText: 'Mẫu 04' }).locator('text=/\\d+\\/BC-/').waitFor();
    // The recipients of the reports are listed with their channel.
    await page.getByTestId('delivery-table').locator('tr', { hasText: 'Sở Khoa học và Công nghệ' }).first().waitFor();
    if (screenshotDir) {
      // The picture for the README, once the passing messages have gone.
      await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 15000 }).catch(() => {});
      await page.screenshot({ path: path.join(screenshotDir, 'incident-reports.png'), fullPage: true });
    }
    // Mẫu 04 downloads as a Word document with the filled fields.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-docx-final').click()]);
    const dir = mkdtempSync(path.join(tmpdir(), 'ungcuu-e2e-docx-'));
    const file = path.join(dir, 'mau04.docx');
    await download.saveAs(file);
    const xml = execFileSync('unzip', ['-p', file, 'word/document.xml']).toString();
    assert.match(xml, /BÁO CÁO KẾT THÚC/i);
    assert.match(xml, /khôi phục từ bản sao lưu/);
    assert.match(xml, new RegExp(code));

    // The signed, stamped paper comes back as a scan: it is kept with the report.
    const [signedChooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('report-sign-final').click()]);
    await signedChooser.setFiles({
      name: 'mau04-da-ky.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj\n<< /Title (Mau 04 da ky) >>\nendobj\ntrailer\n%%EOF\n'),
    });
    await page.getByTestId('report-signed-final').waitFor();

    // Now it can be closed.
    await page.getByTestId('tab-reports').click();
    await page.getByRole('tab', { name: 'Xử lý' }).click();
    // Closing asks how it was handled (Mẫu 05's columns): not without an answer.
    await page.getByTestId('step-closed').click();
    await modalOpened(page);
    await page.getByTestId('step-note').fill('Đã khắc phục hoàn toàn');
    await page.getByTestId('step-confirm').click();
    await page.getByTestId('outcome-missing').waitFor();
    await page.getByTestId('outcome-mode-self').click();
    await page.getByTestId('outcome-damage').fill('2000000');
    await confirmModal(page, 'step-confirm');
    await page.getByTestId('step-closed').waitFor({ state: 'detached' });
    await page.getByTestId('incident-state').filter({ hasText: 'Kết thúc' }).waitFor();
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});

test("a citizen's public report gets a tracking code and appears in triage", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    await page.goto(env.baseUrl + '/');
    await page.getByTestId('public-link').click();
    // Sent empty: each field says in words what it needs; no field's code shows anywhere.
    await page.getByTestId('pub-submit').click();
    await page.getByText('Hãy mô tả những gì bạn thấy.').waitFor();
    await page.getByText('Cần thư điện tử hoặc số điện thoại để liên hệ lại.').first().waitFor();
    await page.getByText('Chưa gửi được: hãy xem lại các ô được đánh dấu đỏ.').waitFor();
    const shown = await page.locator('body').innerText();
    assert.doesNotMatch(shown, /\b(name|description|affected|email) —/, 'no raw field names');
    // The name is optional, as the label says: the report goes without it.
    await page.getByTestId('pub-affected').fill('https://krongpac.daklak.example.vn');
    await page.getByTestId('pub-description').fill('Trang của xã hiện quảng cáo cá cược, không thấy thông báo của xã.');
    await page.getByTestId('pub-email').fill('minh.le@example.com');
    // What was said about a field goes once it is filled in (e-mail and phone together).
    assert.equal(await page.getByText('Hãy mô tả những gì bạn thấy.').count(), 0);
    assert.equal(await page.getByText('Cần thư điện tử hoặc số điện thoại để liên hệ lại.').count(), 0);
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'public-report.png') });
    await page.getByTestId('pub-submit').click();
    const tracking = (await page.getByTestId('tracking-code').innerText()).trim();
    assert.match(tracking, /^[A-Z2-9]{4,}/);
    await page.getByTestId('pub-next').waitFor(); // what happens next is said
    // Following it by the code shows where it stands.
    await page.getByTestId('pub-check').click();
    await page.getByTestId('pub-status').filter({ hasText: 'Tiếp nhận' }).waitFor();

    await signIn(page, 'dieuphoi');
    await page.getByRole('navigation').getByRole('link', { name: 'Sự cố', exact: true }).click();
    await page.getByTestId('preset-triage').click();
    const row = page.getByTestId('incident-table').locator('tr', { hasText: 'krongpac.daklak.example.vn' });
    await row.waitFor();
    assert.match(await row.innerText(), /Người dân phản ánh/);
    // A saved view survives a reload.
    await page.getByTestId('view-save').click();
    await page.getByTestId('view-name').fill('Phản ánh mới');
    await page.getByTestId('view-save-ok').click();
    await page.reload();
    await page.getByTestId('view-Phản ánh mới').waitFor();
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'incidents.png') });

    // Where reports go: the department holds the specialised unit's function.
    await page.getByRole('navigation').getByRole('link', { name: 'Đơn vị', exact: true }).click();
    await page.getByTestId('tree-DLK-SKHCN').click();
    await page.getByRole('tab', { name: 'Mạng lưới ứng cứu' }).click();
    await waitFor(async () => page.getByLabel('Đơn vị chuyên trách').isChecked(), 'the function shown');
    assert.equal(await page.getByLabel('Đội ứng cứu').isChecked(), false);
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});

test('the triage list shows a new citizen report by itself, without a reload', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'dieuphoi');
    await page.getByRole('navigation').getByRole('link', { name: 'Sự cố', exact: true }).click();
    await page.getByTestId('preset-triage').click();
    await page.getByTestId('incident-table').waitFor();
    // Every filter has a name a screen reader can say.
    for (const name of ['Trạng thái', 'Mức độ', 'Đơn vị', 'Kịch bản sự cố', 'Nguồn', 'Sắp xếp theo']) {
      assert.equal(await page.getByRole('combobox', { name, exact: true }).count(), 1, `the ${name} filter is named`);
    }
    assert.equal(await page.getByRole('textbox', { name: 'Tìm mã, tiêu đề, mô tả' }).count(), 1);
    // A citizen reports from elsewhere while the coordinator looks at the list.
    const sent = await fetch(`${env.baseUrl}/api/v1/public/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        affected: 'https://tanan.daklak.example.vn/lich-tiep-dan',
        description: 'Trang lịch tiếp dân hiện quảng cáo lạ.',
        phone: '0905 222 333',
      }),
    });
    assert.equal(sent.status, 202);
    await page
      .getByTestId('incident-table')
      .locator('tr', { hasText: 'tanan.daklak.example.vn/lich-tiep-dan' })
      .waitFor({ timeout: 40000 });
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});

test('a response plan gets a new version, approved, and the earlier one retires', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'dieuphoi');
    await page.getByRole('navigation').getByRole('link', { name: 'Phương án ứng cứu' }).click();
    const rows = page.getByTestId('plan-table').locator('tr', { hasText: 'DLK-EAKAO-WEB' });
    await rows.first().waitFor();
    await rows.first().getByRole('button', { name: 'Phiên bản mới' }).click();
    await page.getByLabel('Tên phương án').fill('Phương án ứng cứu thay đổi giao diện trang xã Ea Kao (sửa đổi 2026)');
    await page.getByRole('button', { name: /Thêm bước/ }).click();
    await page.getByPlaceholder('Việc cần làm').last().fill('Rà quét mã độc toàn bộ máy chủ web');
    await page.getByTestId('plan-save').click();
    const draft = rows.filter({ hasText: 'Bản nháp' });
    await draft.waitFor();
    assert.match(await draft.innerText(), /\b2\b/);
    await draft.getByRole('button', { name: 'Phê duyệt' }).click();
    await rows.filter({ hasText: 'sửa đổi 2026' }).filter({ hasText: 'Đã phê duyệt' }).waitFor();
    await rows.filter({ hasText: 'Hết hiệu lực' }).waitFor();
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});

test('an officer reports from the home page: one click to the form, the missing field brought into view, a draft kept, the sending confirmed', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'canbo.hoaphu');
    // The officer's home: report an incident, the unit's open incidents, the due work.
    await page.getByTestId('home-open').waitFor();
    await page.getByTestId('home-due').waitFor();
    await page.getByTestId('home-report').click(); // the one click
    const title = page.getByTestId('f-title');
    await waitFor(async () => (await page.getByTestId('f-reporter_name').inputValue()) === 'Xã Hòa Phú', 'the unit name');
    await title.fill('Máy chủ thư của xã gửi thư rác hàng loạt');
    // Scrolled to the bottom of the form, the officer sends it with fields missing above.
    await page.locator('.ant-drawer-body').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.getByTestId('incident-submit').click();
    await page.getByTestId('form-problem').waitFor();
    const firstError = page.locator('.ant-drawer-body .ant-form-item-has-error').first();
    await firstError.waitFor();
    assert.match(await firstError.innerText(), /Cần điền|Cần chọn/, 'the field says in words what it needs');
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'incident-form.png') });
    // The first field to fix is in view, with the cursor in it.
    await waitFor(
      () =>
        firstError.evaluate((item) => {
          const r = item.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= window.innerHeight && item.contains(document.activeElement);
        }),
      'the first missing field in view and focused',
    );
    // Nothing went to the server: no incident with this title exists.
    const before = await page.request.get(`${env.baseUrl}/api/v1/incidents?q=${encodeURIComponent('thư rác hàng loạt')}`);
    assert.equal((await before.json()).items.length, 0);

    // Closing asks first and keeps what was typed; reopening brings it back.
    await page.locator('.ant-drawer-close').click();
    await page.getByText('Đóng biểu mẫu?').waitFor();
    await modalOpened(page);
    await page.getByRole('button', { name: 'Đóng, giữ bản nháp' }).click();
    await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('navigation').getByRole('link', { name: 'Sự cố', exact: true }).click();
    await page.getByTestId('incident-new').click();
    await page.getByTestId('draft-restored').waitFor();
    await waitFor(async () => (await title.inputValue()) === 'Máy chủ thư của xã gửi thư rác hàng loạt', 'the draft title');

    // Completed and sent: a clear "sent" with what happens next, and the draft is gone.
    await page.getByTestId('f-description').fill('Từ 06:00 máy chủ thư gửi hàng nghìn thư quảng cáo ra ngoài.');
    await page.getByTestId('f-affected_text').fill('Máy chủ thư điện tử của UBND xã');
    await page.getByLabel('Chưa được xử lý').check();
    const review = page.getByLabel('Kiểm tra nhật ký');
    await review.click();
    await waitFor(() => review.isChecked(), 'the log review box checked');
    const notified = page.getByLabel('Cơ quan điều phối quốc gia');
    await notified.click();
    await waitFor(() => notified.isChecked(), 'the coordinator box checked');
    await page.getByTestId('f-contact_phone').fill('0935 777 889');
    await page.getByTestId('f-contact_email').fill('lanpt@daklak.example.vn');
    await page.getByTestId('incident-submit').click();
    await page.getByText(/Đã gửi báo cáo sự cố SC-\d{4}-\d{6}/).waitFor();
    await page.getByTestId('incident-title').filter({ hasText: 'thư rác hàng loạt' }).waitFor();
    await page.goBack();
    await page.getByTestId('incident-new').click();
    await waitFor(async () => (await page.getByTestId('f-reporter_name').inputValue()) === 'Xã Hòa Phú', 'the unit name');
    assert.equal(await page.getByTestId('draft-restored').count(), 0, 'no draft after sending');
    assert.equal(await title.inputValue(), '');
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});

test("the coordinator's home and 'Nhắc việc' list incident deadlines, and the countdowns move by themselves", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  try {
    await page.clock.install();
    await signIn(page, 'dieuphoi');
    // The triage queue and the open incidents by deadline are on the home page.
    const triage = page.getByTestId('home-triage-list');
    await triage.locator('li').first().waitFor();
    await page.getByTestId('home-open').waitFor();
    // The bell lists incident deadlines, not only level dossiers.
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'home.png') });
    await page.getByTestId('reminders').click();
    const bell = page.getByTestId('reminders-panel').getByTestId('due-list');
    await bell.getByText('Thời hạn sự cố').first().waitFor();
    assert.match(await bell.innerText(), /SC-\d{4}-\d{6}/);
    // …and the registry's periodic duties (the demo's web pages were never scanned).
    await page.getByTestId('home-due').getByText(/Rà quét lỗ hổng: DLK-[A-Z]+-WEB/).first().waitFor();
    await page.keyboard.press('Escape');
    // A countdown moves with time, without a reload.
    const countdown = page.getByTestId('home-due').getByTestId('countdown').first();
    const shown = await countdown.innerText();
    assert.match(shown, /^(còn|quá) /);
    await page.clock.fastForward('10:00');
    await waitFor(async () => (await countdown.innerText()) !== shown, 'the countdown to move');
    // One click from the home page opens an incident waiting for triage.
    await triage.locator('a').first().click();
    await page.getByTestId('incident-state').waitFor();
    assert.match(page.url(), /\/incidents\?id=\d+$/);
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});

test('a change made elsewhere shows on an open incident page at once, pushed by the server', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'dieuphoi');
    const list = await (await page.request.get(`${env.baseUrl}/api/v1/incidents?state=triage&limit=1`)).json();
    const id = list.items[0].id;
    await page.goto(`${env.baseUrl}/incidents?id=${id}`);
    await page.getByTestId('incident-state').waitFor();
    await page.getByRole('tab', { name: 'Dòng thời gian' }).click();
    // A colleague (another browser, another session) adds a note.
    const colleague = await env.browser.newContext();
    const session = await colleague.request.post(`${env.baseUrl}/api/v1/session`, {
      data: { login: 'ungcuu', password: 'ungcuu-demo-2026' },
    });
    const csrf = (await session.json()).csrf_token;
    const note = `Đã liên hệ quản trị trang lúc ${Date.now()}`;
    const added = await colleague.request.post(`${env.baseUrl}/api/v1/incidents/${id}/notes`, {
      data: { note },
      headers: { 'X-CSRF-Token': csrf },
    });
    assert.equal(added.status(), 200, await added.text());
    await colleague.close();
    // The page has no timer of its own: only the pushed change can bring the note in.
    await page.getByText(note).waitFor({ timeout: 10000 });
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});
