// The harmful-content register in the browser: a citizen reports a fake portal on the public
// page; the coordinator turns the report into a case, uploads a screenshot (scanned, with its
// digest), records a takedown request and its answer, marks the case removed, and downloads the
// hand-over list beside the demo's own case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import zlib from 'node:zlib';
import { confirmModal, env, explain, modalOpened, pickOption, screenshotDir, signIn, useServer } from './harness.mjs';

useServer();

// A 1×1 PNG, made here (chunk lengths and CRCs as the format wants).
function tinyPng() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8;
  header[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(5))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('a citizen report becomes a case followed to its removal', async () => {
  const reported = await fetch(env.baseUrl + '/api/v1/public/reports', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      name: 'Lê Văn Tám',
      phone: '0912 345 678',
      affected: 'https://dichvucong-daklak.example.com/nop-phi',
      description: 'Trang giả cổng dịch vụ công của tỉnh, đòi nộp phí qua thẻ ngân hàng.',
    }),
  });
  assert.equal(reported.status, 202);
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'dieuphoi');
    const incidents = await (await page.request.get(env.baseUrl + '/api/v1/incidents?source=public&limit=50')).json();
    const report = incidents.items.find((i) => i.title.includes('dichvucong-daklak.example.com'));
    assert.ok(report, 'the public report is listed');
    await page.goto(`${env.baseUrl}/incidents?id=${report.id}`);
    await page.getByTestId('to-case').click();
    // The case, named from the report, at the report's unit.
    await page.getByRole('heading', { level: 2, name: /ND-\d{4}-\d{4}/ }).waitFor();
    await page.getByText('https://dichvucong-daklak.example.com/nop-phi').first().waitFor();

    // A screenshot as evidence: stored with its digest and scanned.
    await page.locator('input[type=file]').setInputFiles({ name: 'anh-chup-trang-gia.png', mimeType: 'image/png', buffer: tinyPng() });
    const scan = page.getByTestId('scan-anh-chup-trang-gia.png');
    await scan.waitFor();
    assert.equal(await scan.getAttribute('data-verdict'), 'clean');

    // A takedown request to the registrar, then its answer.
    await page.getByTestId('takedown-add').click();
    await modalOpened(page);
    await page.getByTestId('takedown-recipient').fill('Nhà đăng ký tên miền .example.com');
    await confirmModal(page, 'takedown-save');
    const takedowns = page.getByTestId('case-takedowns');
    await takedowns.getByText('Nhà đăng ký tên miền .example.com').waitFor();
    await takedowns.getByRole('button', { name: 'Cập nhật' }).click();
    await modalOpened(page);
    await pickOption(page, 'takedown-status', 'Đã gỡ');
    await confirmModal(page, 'takedown-save');
    await takedowns.locator('.ant-tag', { hasText: 'Đã gỡ' }).waitFor();

    await page.getByTestId('case-edit').click();
    await modalOpened(page);
    await pickOption(page, 'case-edit-state', 'Đã gỡ bỏ');
    await confirmModal(page, 'case-edit-save');
    await page.getByRole('heading', { level: 2 }).getByText('Đã gỡ bỏ').waitFor();
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'cases.png'), fullPage: true });

    // The register lists it beside the demo's case; the hand-over list is a workbook.
    await page.getByRole('navigation').getByRole('link', { name: 'Nội dung xấu độc' }).click();
    const list = page.getByTestId('case-list');
    await list.getByText('Trang Facebook mạo danh UBND tỉnh', { exact: false }).waitFor();
    await list.getByText('https://dichvucong-daklak.example.com/nop-phi', { exact: true }).waitFor();
    const href = await page.getByTestId('case-export').getAttribute('href');
    const workbook = await page.request.get(env.baseUrl + href);
    assert.equal(workbook.status(), 200);
    assert.equal(workbook.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});
