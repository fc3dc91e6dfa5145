// What every browser test needs: the real ungcuu binary started on a fresh SQLite file with
// the demo province, Debian's headless Chromium driven by playwright-core, and helpers for the
// Ant Design widgets. Each test file calls useServer() once.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(path.join(root, 'web/package.json'));
const { chromium } = require('playwright-core');

const binary = process.env.UNGCUU_BIN ?? path.join(root, 'build/release/ungcuu');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshotDir = process.env.UNGCUU_SCREENSHOTS; // optional: where to save screenshots

let server;
let workDir;
export { binary };
/// Filled in before the tests run.
export const env = { baseUrl: '', browser: null, root, output: '' };
let serverArgs = [];

/// The address a started `ungcuu serve` prints once it listens; `onOutput` sees all it prints.
export function listeningUrl(child, what, onOutput = () => {}) {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${output}`)), 60000);
    const onData = (chunk) => {
      output += chunk.toString();
      onOutput(chunk.toString());
      const match = output.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${what} exited with ${code}:\n${output}`)));
  });
}

function startServer(extraArgs) {
  workDir ??= mkdtempSync(path.join(tmpdir(), 'ungcuu-e2e-'));
  serverArgs = extraArgs;
  server = spawn(binary, ['serve', '--demo', '--db', `sqlite:${workDir}/e2e.db`, '--listen', '127.0.0.1:0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  env.output = '';
  return listeningUrl(server, 'the server', (text) => {
    env.output += text;
  });
}

/// Stops the server with `signal` (SIGKILL: a crash) and starts it again on the same database.
export async function restartServer(signal = 'SIGTERM') {
  const stopped = new Promise((resolve) => server.once('close', resolve));
  server.kill(signal);
  await stopped;
  env.baseUrl = await startServer(serverArgs);
}

/// Waits until the server has printed a line matching `pattern`; returns the match.
export async function serverSays(pattern) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const match = env.output.match(pattern);
    if (match) return match;
    assert.ok(Date.now() < deadline, `the server did not print ${pattern}:\n${env.output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/// Starts the server (with `extraArgs` after the usual ones) and the browser for this file.
export function useServer(extraArgs = []) {
before(async () => {
  assert.ok(existsSync(binary), `binary not found: ${binary}`);
  env.baseUrl = await startServer(extraArgs);
  env.browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

after(async () => {
  await env.browser?.close();
  server?.kill('SIGTERM');
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});
}

// On failure, say where the page was: its URL, any message shown, and a screenshot path.
export async function explain(page, error) {
  const shot = path.join(tmpdir(), `ungcuu-e2e-failure-${Date.now()}.png`);
  await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
  const messages = await page.locator('.ant-message, .ant-alert, .ant-form-item-explain').allInnerTexts().catch(() => []);
  error.message += `\n  at ${page.url()}\n  messages: ${JSON.stringify(messages)}\n  screenshot: ${shot}`;
  throw error;
}

/// Signs in at the demo server (or at `baseUrl`, another installation, with its `password`).
export async function signIn(page, login, { baseUrl = env.baseUrl, password = 'ungcuu-demo-2026' } = {}) {
  await page.goto(baseUrl + '/');
  await page.getByTestId('login').fill(login);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('current-user').waitFor();
}

// Ant Design keeps a closing dropdown in the page while it animates away; a click that lands on
// it is lost. Wait until no dropdown is open before the next action.
// (Polled from here: the page's Content-Security-Policy forbids the eval that waitForFunction uses.)
export async function dropdownsClosed(page) {
  const open = page.locator('.ant-select-dropdown:visible');
  const deadline = Date.now() + 10000;
  while ((await open.count()) > 0) {
    assert.ok(Date.now() < deadline, 'a dropdown stayed open');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Closes the open drawer. A success message may float over its close button for a moment, so
// the click is sent to the button itself rather than to whatever lies on top of it.
export async function closeDrawer(page) {
  await page.locator('.ant-drawer-open .ant-drawer-close').dispatchEvent('click');
  await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });
}

export async function pickInTreeSelect(page, testId, text) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: text }).first().click();
  await dropdownsClosed(page);
}

/// Chooses an option of a Select; a multiple Select stays open after a choice, so it is closed.
export async function pickOption(page, testId, text, { multiple = false } = {}) {
  await page.getByTestId(testId).click();
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();
  await option.click();
  if (multiple) {
    await page.keyboard.press('Escape');
  } else {
    // A click that lands while the dropdown is still sliding in can be lost on a busy machine
    // (seen once in 20 runs): if it is still open once its closing would be over, choose again
    // (choosing the same option twice changes nothing).
    for (let attempt = 0; attempt < 3; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      if ((await page.locator('.ant-select-dropdown:visible').count()) === 0) break;
      await option.click({ timeout: 2000 }).catch(() => {});
    }
  }
  await dropdownsClosed(page);
}

/// Polls `check` until it holds; `limitMs` bounds the wait (longer for work that scales with the
/// machine's load, such as a burst of 200,000 lines under the sanitizers).
export async function waitFor(check, what, limitMs = 10000) {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `waited too long for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/// Waits until no modal is still zooming open: a click aimed at a row while the modal grows lands
/// where the row was a frame earlier (on another row or the title) and is lost.
export async function modalOpened(page) {
  const opening = page.locator('.ant-modal.ant-zoom-appear, .ant-modal.ant-zoom-enter');
  const deadline = Date.now() + 10000;
  while ((await opening.count()) > 0) {
    assert.ok(Date.now() < deadline, 'a modal kept opening');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/// Clicks a modal's OK button until the modal closes: a click sent while the modal is still
/// opening can be lost (seen once in a fresh Debian run), and repeating it is harmless then.
export async function confirmModal(page, okTestId) {
  const ok = page.getByTestId(okTestId);
  for (let attempt = 0; attempt < 5; attempt++) {
    await ok.click();
    try {
      await ok.waitFor({ state: 'hidden', timeout: 3000 });
      return;
    } catch {
      // still open: the click was lost
    }
  }
  await ok.waitFor({ state: 'hidden', timeout: 1000 });
}
