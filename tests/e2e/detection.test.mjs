// Detection end to end against the real binary: syslog sent over loopback UDP and TCP to
// `ungcuu serve` becomes an alert and, for a rule of the auto-open level, an incident in the unit
// the sender belongs to (the demo binds 127.0.0.1 to Xã Hòa Phú), seen in the browser by that
// commune's officer; a burst far larger than the queue is absorbed over TCP and accounted for
// over UDP; a server killed in the middle of HTTP intake loses no acknowledged event; the rule
// test and the rules page work in the browser; a log file sent from the browser and a file the
// server follows become alerts of their commune.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  env,
  explain,
  pickInTreeSelect,
  pickOption,
  restartServer,
  screenshotDir,
  serverSays,
  signIn,
  useServer,
  waitFor,
} from './harness.mjs';

// The folder file sources may read (the server's --log-files).
const logDir = mkdtempSync(path.join(tmpdir(), 'ungcuu-e2e-logs-'));

useServer(['--syslog-udp', '127.0.0.1:0', '--syslog-tcp', '127.0.0.1:0', '--ingest-queue', '100', '--log-files', logDir]);

const two = (n) => String(n).padStart(2, '0');
// A valid time for any second of the day (the burst sends tens of thousands).
const failure = (second, address) =>
  `<38>1 2026-03-01T${two(Math.floor(second / 3600) % 24)}:${two(Math.floor(second / 60) % 60)}:${two(second % 60)}+07:00 web01 sshd ${4000 + (second % 1000)} - - Failed password for root from ${address} port ${50000 + (second % 10000)} ssh2`;

async function ports() {
  const udp = Number((await serverSays(/syslog on udp 127\.0\.0\.1:(\d+)/))[1]);
  const tcp = Number((await serverSays(/syslog on tcp 127\.0\.0\.1:(\d+)/))[1]);
  return { udp, tcp };
}

async function sendUdp(port, messages) {
  const socket = dgram.createSocket('udp4');
  for (const message of messages) {
    await new Promise((resolve, reject) => socket.send(message, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  }
  socket.close();
}

async function sendTcp(port, text) {
  await new Promise((resolve, reject) => {
    const socket = net.createConnection({ port, host: '127.0.0.1' }, () => socket.end(text));
    socket.on('close', resolve);
    socket.on('error', reject);
  });
}

// A signed-in API session (cookie and CSRF token) outside the browser.
async function session(login) {
  const reply = await fetch(`${env.baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password: 'ungcuu-demo-2026' }),
  });
  assert.equal(reply.status, 200);
  const cookie = reply.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await reply.json();
  return async (method, path, body) => {
    const r = await fetch(`${env.baseUrl}/api/v1${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, json: await r.json().catch(() => null) };
  };
}

async function status(call) {
  const reply = await call('GET', '/detection/status');
  assert.equal(reply.status, 200);
  return reply.json;
}

async function settled(call) {
  let last;
  await waitFor(async () => {
    last = await status(call);
    return last.queue_depth === 0 && last.detection_cursor === last.raw_last_seq;
  }, 'the intake to settle', 90000); // a burst under the sanitizers on a busy 2-core machine
  return last;
}

test('syslog over UDP and TCP opens an incident in the sender’s commune, seen by its officer', async () => {
  const { udp, tcp } = await ports();
  const coordinator = await session('dieuphoi');
  await sendUdp(udp, [1, 2, 3].map((s) => failure(s, '203.0.113.9')));
  // The rest of the burst over TCP, one octet-counted frame and one newline-ended line.
  const fourth = failure(4, '203.0.113.9');
  await sendTcp(tcp, `${Buffer.byteLength(fourth)} ${fourth}${failure(5, '203.0.113.9')}\n`);
  await waitFor(async () => (await status(coordinator)).stored >= 5, 'five stored events');
  await settled(coordinator);

  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'canbo.hoaphu');
    await page.getByRole('navigation').getByRole('link', { name: 'Giám sát, phát hiện' }).click();
    const row = page.getByTestId('alert-table').locator('tr', { hasText: 'Dò mật khẩu SSH' });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /Xã Hòa Phú/);
    // Whom it is about and how many attempts it counted (five failures, one firing).
    assert.match(text, /203\.0\.113\.9\s+5\s/);
    assert.match(text, /Đã mở sự cố/);
    if (screenshotDir) await page.screenshot({ path: `${screenshotDir}/detection-alerts.png`, fullPage: true });
    // The incident it opened, in the commune, filed by detection.
    await row.getByText(/SC-\d{4}-\d+/).click();
    await page.getByText('Dò mật khẩu SSH từ một địa chỉ').first().waitFor();
    assert.match(await page.locator('body').innerText(), /Xã Hòa Phú/);
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});

test('a burst far larger than the queue: absorbed over TCP, every UDP datagram accounted for', async () => {
  const { udp, tcp } = await ports();
  const coordinator = await session('dieuphoi');
  const before = await settled(coordinator);
  // 20,000 lines over one TCP connection against a queue of 100: the sender is held back, not cut.
  const lines = [];
  for (let i = 0; i < 20000; i++) lines.push(failure(i, `198.51.100.${i % 200}`));
  await sendTcp(tcp, lines.join('\n') + '\n');
  await waitFor(async () => (await status(coordinator)).stored >= before.stored + 20000, 'all TCP lines stored');
  let after = await settled(coordinator);
  assert.equal(after.stored - before.stored, 20000, 'nothing lost over TCP');
  assert.equal(after.dropped, before.dropped, 'TCP is never dropped');
  // 20,000 datagrams as fast as the socket takes them: each one received is stored or counted
  // as dropped, none silently gone.
  const datagrams = [];
  for (let i = 0; i < 20000; i++) datagrams.push(failure(i, `192.0.2.${i % 200}`));
  await sendUdp(udp, datagrams);
  await new Promise((resolve) => setTimeout(resolve, 500));
  after = await settled(coordinator);
  const received = after.received - before.received - 20000;
  assert.ok(received > 0, 'datagrams arrived');
  assert.equal(after.stored - before.stored - 20000 + (after.dropped - before.dropped), received);
  assert.equal(after.refused, before.refused);
});

test('a server killed during HTTP intake keeps every acknowledged event and resumes detection', async () => {
  let coordinator = await session('dieuphoi');
  const sources = (await coordinator('GET', '/log-sources')).json.items;
  const web = sources.find((s) => s.kind === 'http');
  assert.ok(web, 'the demo has an HTTP log source');
  const token = (await coordinator('POST', '/me/tokens', { name: 'máy chủ web xã' })).json.token;
  const before = (await settled(coordinator)).raw_events;
  let acknowledged = 0;
  let sending = true;
  const sender = (async () => {
    for (let batch = 0; sending; batch++) {
      const lines = [];
      for (let i = 0; i < 200; i++) {
        lines.push(`198.51.100.${batch % 250} - - [01/Mar/2026:10:00:01 +0700] "GET /trang-${batch}-${i} HTTP/1.1" 404 0 "-" "curl/8.0"`);
      }
      try {
        const r = await fetch(`${env.baseUrl}/api/v1/ingest?source=${web.id}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' },
          body: lines.join('\n'),
        });
        if (r.status === 202) acknowledged += (await r.json()).accepted;
      } catch {
        return; // the server is gone
      }
    }
  })();
  await waitFor(async () => acknowledged >= 2000, 'some acknowledged batches');
  await restartServer('SIGKILL');
  sending = false;
  await sender;
  coordinator = await session('dieuphoi');
  const after = await settled(coordinator);
  assert.ok(after.raw_events - before >= acknowledged, `${after.raw_events - before} stored, ${acknowledged} acknowledged`);
  assert.equal(after.detection_cursor, after.raw_last_seq, 'detection caught up after the restart');
  // Scanning (30 distinct missing pages a minute from one address) was found in the commune.
  const alerts = (await coordinator('GET', '/detection/alerts?rule_id=6f1c0c52-7d0a-4e55-9b1e-0a5a2e1c0010')).json.items;
  assert.ok(alerts.length > 0, 'web scanning alerts');
  assert.equal(alerts[0].unit_name, 'Xã Hòa Phú');
});

test('the rule test shows which pasted lines a rule matches; a rule is switched off for a commune', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'ungcuu');
    await page.getByRole('navigation').getByRole('link', { name: 'Giám sát, phát hiện' }).click();
    await page.getByRole('tab', { name: 'Thử luật' }).click();
    await page.getByTestId('test-run').click();
    const result = page.getByTestId('test-result');
    await result.waitFor();
    assert.match(await result.innerText(), /1 luật, 2 sự kiện, 1 lần khớp/);
    if (screenshotDir) await page.screenshot({ path: `${screenshotDir}/detection-test.png`, fullPage: true });
    // A broken rule is named with its reason, not silently skipped.
    await page.getByTestId('test-rules').fill('title: hỏng\ndetection:\n  condition: selection\n');
    await page.getByTestId('test-run').click();
    await page.getByText('Luật không chạy được: hỏng').waitFor();

    await page.getByRole('tab', { name: 'Luật phát hiện' }).click();
    const rule = page.getByTestId('rule-switch-6f1c0c52-7d0a-4e55-9b1e-0a5a2e1c0006');
    await rule.waitFor();
    assert.equal(await rule.getAttribute('aria-checked'), 'true');
    await rule.click();
    await page.getByText('Đã tắt luật.').waitFor();
    await waitFor(async () => (await rule.getAttribute('aria-checked')) === 'false', 'the rule switched off');
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});

const accessLine = (address, query) =>
  `${address} - - [01/Mar/2026:10:00:01 +0700] "GET /tin-tuc.php?${query} HTTP/1.1" 200 812 "-" "Mozilla/5.0"`;

test('a log file sent from the browser and a file followed on the server raise alerts in Hòa Phú', async () => {
  const call = await session('ungcuu');
  const sources = (await call('GET', '/log-sources')).json.items;
  const web = sources.find((s) => s.kind === 'http' && s.unit_name === 'Xã Hòa Phú');
  assert.ok(web, 'the demo has an HTTP source for Hòa Phú');
  const traversalAlert = async (address) => {
    const alerts = (await call('GET', '/detection/alerts?rule_id=6f1c0c52-7d0a-4e55-9b1e-0a5a2e1c0022')).json.items;
    return alerts.find((a) => a.unit_name === 'Xã Hòa Phú' && a.sample.includes(address));
  };
  const context = await env.browser.newContext({ viewport: { width: 1500, height: 1000 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'ungcuu');
    await page.getByRole('navigation').getByRole('link', { name: 'Giám sát, phát hiện' }).click();
    await page.getByRole('tab', { name: 'Nguồn nhật ký' }).click();
    // 12,000 lines (about 1.1 MB, sent in two parts cut at a line break), one of them an attack.
    const lines = [];
    for (let i = 0; i < 12000; i++) lines.push(accessLine('192.0.2.77', `id=${i}`));
    lines[7000] = accessLine('192.0.2.77', 'file=../../../../etc/passwd');
    const upload = async (name, text) => {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId(`source-upload-${web.id}`).click()]);
      await chooser.setFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
    };
    await upload('access.log', lines.join('\n') + '\n');
    await page.getByText('Đã nhận 12000 dòng từ tệp access.log.').waitFor({ timeout: 30000 });
    await waitFor(async () => Boolean(await traversalAlert('192.0.2.77')), 'the traversal alert from the sent file');
    // A file with a line too long: refused with the line named, nothing of that part kept.
    const before = (await status(call)).stored;
    await upload('bad.log', [accessLine('192.0.2.78', 'a=1'), 'x'.repeat(70 * 1024), accessLine('192.0.2.78', 'a=2')].join('\n'));
    await page.getByText(/không nhận phần tệp bắt đầu từ dòng 1.*Dòng 2 dài quá 64 KiB/).waitFor();
    assert.equal((await status(call)).stored, before);

    // A file on the server, followed: declared in the browser, then written to.
    const file = path.join(logDir, 'cong-thong-tin.log');
    await page.getByTestId('source-name').fill('Cổng thông tin xã Hòa Phú (tệp)');
    await pickInTreeSelect(page, 'source-unit', 'Xã Hòa Phú');
    await pickOption(page, 'source-kind', 'Tệp');
    await page.getByTestId('source-path').fill(file);
    assert.equal(await page.getByTestId('source-follow').isChecked(), true);
    // The server writing it runs on UTC: its zone is declared with it.
    await pickOption(page, 'source-zone', /^UTC$/);
    await page.getByTestId('source-save').click();
    await page.getByText('Đã lưu nguồn nhật ký.').waitFor();
    const created = (await call('GET', '/log-sources')).json.items.find((s) => s.path === file);
    assert.ok(created, 'the file source is saved');
    assert.equal(created.utc_offset_minutes, 0);
    assert.equal(created.max_skew_seconds, 600);
    appendFileSync(file, accessLine('192.0.2.79', 'q=1') + '\n' + accessLine('192.0.2.79', 'page=..%2f..%2fboot.ini') + '\n');
    await waitFor(async () => Boolean(await traversalAlert('192.0.2.79')), 'the traversal alert from the followed file');
    await page.getByRole('tab', { name: 'Thử luật' }).click();
    await page.getByRole('tab', { name: 'Nguồn nhật ký' }).click();
    await page.getByTestId(`source-file-${created.id}`).getByText(/đã đọc 2 dòng/).waitFor();
    // What detection noticed about each source's lines, in words.
    await page.getByTestId(`source-health-${created.id}`).getByText('2 dòng từ khi máy chủ khởi động').waitFor();
    await page.getByTestId(`source-health-${web.id}`).getByText(/\d+ dòng từ khi máy chủ khởi động/).waitFor();
    if (screenshotDir) {
      await page.reload(); // without the messages of the sends above
      await page.getByRole('tab', { name: 'Nguồn nhật ký' }).click();
      await page.getByTestId(`source-file-${created.id}`).waitFor();
      await page.waitForTimeout(500); // the tab's underline slides into place
      await page.screenshot({ path: `${screenshotDir}/detection-sources.png`, fullPage: true });
    }
  } catch (error) {
    await explain(page, error);
  } finally {
    await context.close();
  }
});
