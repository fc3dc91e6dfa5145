// The response team in the browser: a member of the provincial team sees their own on-call week
// and who is on call now; the coordinator opens the team, swaps two shifts (the roster shows the
// change), sets a shift by hand and finds who is on call on an incident's page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { env, modalOpened, pickOption, screenshotDir, signIn, useServer, waitFor } from './harness.mjs';
import path from 'node:path';

useServer();

const teamName = 'Đội ứng cứu sự cố an toàn thông tin mạng tỉnh';

async function openTeams(page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Đội ứng cứu' }).click();
  await page.getByTestId('teams').waitFor();
}

test('a member sees their on-call week and who is on call now', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'ungcuu');
    await openTeams(page);
    const mine = page.getByTestId('my-on-call');
    await mine.getByText('Trực chính').first().waitFor();
    await mine.getByText('Dự phòng cho').first().waitFor();
    const row = page.getByTestId('teams').locator('tr', { hasText: teamName });
    // The demo's rotation starts with this member: on call now, with a phone that dials.
    await row.getByTestId('on-call-now').getByText('Đỗ Minh Tuấn').waitFor();
    assert.equal(await row.locator('a[href="tel:0905246810"]').count(), 1, 'the phone dials');
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'teams-mine.png'), fullPage: true });
  } finally {
    await context.close();
  }
});

test('the coordinator swaps two shifts and finds who is on call on an incident', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'dieuphoi');
    await openTeams(page);
    await page.getByTestId('teams').getByRole('link', { name: teamName }).click();
    const members = page.getByTestId('team-members');
    await members.locator('tr', { hasText: 'Nguyễn Hải Nam' }).getByText('VNPT Đắk Lắk').waitFor();
    await members.locator('tr', { hasText: 'Nguyễn Hải Nam' }).getByText('Nhà thầu, doanh nghiệp hỗ trợ').waitFor();
    // Weeks 2 and 3 of the roster: Lê Quốc Bảo, then Võ Thanh Sơn.
    const rows = page.getByTestId('roster').locator('tbody tr.ant-table-row');
    const memberOf = async (i) => (await rows.nth(i).locator('td').nth(3).innerText()).trim();
    assert.equal(await memberOf(1), 'Lê Quốc Bảo');
    assert.equal(await memberOf(2), 'Võ Thanh Sơn');
    assert.ok(await page.getByTestId('roster-swap').isDisabled(), 'nothing to swap before two shifts are chosen');
    await rows.nth(1).locator('input[type="checkbox"]').check();
    await rows.nth(2).locator('input[type="checkbox"]').check();
    await page.getByTestId('roster-swap').click();
    await page.getByText('Đã đổi ca.').waitFor();
    await waitFor(async () => (await memberOf(1)) === 'Võ Thanh Sơn' && (await memberOf(2)) === 'Lê Quốc Bảo', 'the roster to show the swap');
    // The backups follow: Bảo backs up Sơn's new week.
    assert.equal((await rows.nth(1).locator('td').nth(4).innerText()).trim(), 'Lê Quốc Bảo');
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'teams-roster.png'), fullPage: true });

    // Shifts set by hand: next week goes to Đỗ Minh Tuấn; the rest of the roster stays.
    await page.getByTestId('roster-custom').click();
    await modalOpened(page);
    await pickOption(page, 'custom-member-1', 'Đỗ Minh Tuấn');
    await page.getByTestId('custom-save').click();
    await page.getByTestId('custom-save').waitFor({ state: 'hidden' });
    await waitFor(async () => (await memberOf(1)) === 'Đỗ Minh Tuấn' && (await memberOf(2)) === 'Lê Quốc Bảo', 'the roster to show the shift set by hand');

    // An incident's page says whom to call for its unit.
    await page.getByRole('navigation').getByRole('link', { name: 'Sự cố' }).click();
    await page.locator('a[href*="/incidents?id="]').first().click();
    await page.getByTestId('incident-title').waitFor();
    await page.getByTestId('on-call-now').getByText('Đỗ Minh Tuấn').waitFor();
  } finally {
    await context.close();
  }
});
