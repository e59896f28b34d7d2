// Shared by the browser test and the screenshot script: Debian's chromium through
// playwright-core, and a `vanthu serve --demo` (or the mock) started on a free loopback port.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const webDir = path.resolve(here, '..');
export const repoDir = path.resolve(here, '../../..');

export function option(name, env, fallback) {
  const i = process.argv.indexOf(name);
  if (i > 0 && process.argv[i + 1]) return process.argv[i + 1];
  return process.env[env] || fallback;
}

export async function launchBrowser() {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new Error(`playwright-core is not installed: run ${path.join(webDir, 'build.sh')} (npm ci) first`);
  }
  if (!existsSync(path.join(webDir, 'dist/index.html')) && !process.argv.includes('--url')) {
    console.error(`warning: ${path.join(webDir, 'dist')} is not built; the server may show its placeholder page`);
  }
  const executablePath = option('--chromium', 'CHROMIUM', '/usr/bin/chromium');
  if (!existsSync(executablePath)) throw new Error(`no browser at ${executablePath} (apt-get install chromium)`);
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'vanthu-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=vi-VN'],
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  const close = async () => { await context.close().catch(() => {}); rmSync(userDataDir, { recursive: true, force: true }); };
  return { context, close };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

/**
 * Pairs (username, password) from the server's start-up output. Understood, one user per line:
 *   "  chuyenvien.vq  Mk8x…  chuyên viên (specialist)  ỦY BAN …"   (what `vanthu serve --demo` prints)
 *   "  chuyenvien.vq  password: abc"   "user: X password: Y"   "username=X password=Y"
 *   "X / Y"   (with "mật khẩu" accepted for "password")
 */
export function parseDemoUsers(text) {
  const found = [];
  for (const line of text.split('\n')) {
    const table = /^\s+(\S+)\s+(\S+)\s+.*\((specialist|leader|clerk|administrator)\)\s*(.*)$/.exec(line);
    if (table) { found.push({ username: table[1], password: table[2], role: table[3], office: table[4].trim() }); continue; }
    const m = /(?:user(?:name)?|tài khoản|tên đăng nhập)\s*[:=]\s*([^\s,;]+).*?(?:password|mật khẩu)\s*[:=]\s*([^\s,;]+)/i.exec(line)
      || /^\s*(?:[-*•]\s*)?([a-z0-9][a-z0-9._@-]*)\b[\s,;|]+(?:password|mật khẩu)\s*[:=]?\s*([^\s,;|]+)/i.exec(line)
      || /^\s*(?:[-*•]\s*)?([a-z0-9][a-z0-9._@-]*)\s+\/\s+([^\s,;|]+)/i.exec(line);
    if (m) found.push({ username: m[1], password: m[2] });
  }
  return found;
}

/**
 * Starts the server: the real one with --vanthu PATH (or $VANTHU), `--mock` for
 * tests/mock-server.mjs; or uses a running one with --url URL (or $VANTHU_URL).
 * With dataDir: `vanthu serve --data dataDir` of an installation made beforehand (no --demo; the
 * folder is left to the caller). Resolves with {url, output(), stop()}.
 */
export async function startServer({ dataDir: existingData = null, extraArgs = [] } = {}) {
  const url = option('--url', 'VANTHU_URL', '');
  if (url) return { url: url.replace(/\/$/, ''), output: () => process.env.VANTHU_DEMO_OUTPUT || '', stop: async () => {} };
  const port = await freePort();
  const mock = process.argv.includes('--mock');
  const vanthu = path.resolve(option('--vanthu', 'VANTHU', path.join(repoDir, 'build/vanthu')));
  const dataDir = existingData || mkdtempSync(path.join(os.tmpdir(), 'vanthu-web-test-'));
  // The UI bundle: passed to the real server only when asked (--web DIR or $VANTHU_WEB);
  // otherwise the server finds its own.
  const web = option('--web', 'VANTHU_WEB', '');
  const [cmd, args] = mock
    ? [process.execPath, [path.join(here, 'mock-server.mjs'), '--listen', `127.0.0.1:${port}`, '--web', web || path.join(webDir, 'dist')]]
    : [vanthu, ['serve', ...(existingData ? ['--no-ocr'] : ['--demo']), '--data', dataDir, '--listen', `127.0.0.1:${port}`, ...extraArgs, ...(web ? ['--web', web] : [])]];
  if (!mock && !existsSync(vanthu)) throw new Error(`no vanthu binary at ${vanthu} (pass --vanthu PATH)`);
  let output = '';
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000; // --demo builds a PKI and documents the first time (slow under ASan)
  for (;;) {
    const early = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 250))]);
    if (early) throw new Error(`server exited early (${JSON.stringify(early)}):\n${output}`);
    try { const r = await fetch(`${base}/api/health`); if (r.ok) break; } catch { /* not yet */ }
    if (Date.now() > deadline) { child.kill('SIGTERM'); throw new Error(`server did not answer in time:\n${output}`); }
  }
  await new Promise((r) => setTimeout(r, 300)); // let it finish printing the demo users
  return {
    url: base,
    dataDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const done = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 10_000))]);
      if (!done) child.kill('SIGKILL');
      if (!existingData) rmSync(dataDir, { recursive: true, force: true });
      return done;
    },
  };
}

/**
 * The demo accounts by role, learnt by signing in through the API with what the server printed
 * (never more than a few guesses: the server throttles failed sign-ins). $VANTHU_USERS may give
 * them instead: "specialist=user:pw,leader=user:pw,clerk=user:pw".
 */
export async function demoAccounts(baseUrl, output, prefer = null) {
  const fromEnv = process.env.VANTHU_USERS;
  let pairs = fromEnv
    ? fromEnv.split(',').map((s) => { const [role, up] = s.split('='); const [username, ...pw] = up.split(':'); return { username, password: pw.join(':'), role }; })
    : parseDemoUsers(output);
  // When the output says each account's role and office, sign in only to one office's accounts
  // (one with a specialist, a leader and a clerk; a preferred one if asked).
  if (!fromEnv && pairs.length && pairs.every((p) => p.role && p.office)) {
    const offices = [...new Set(pairs.map((p) => p.office))].filter((o) =>
      ['specialist', 'leader', 'clerk'].every((r) => pairs.some((p) => p.office === o && p.role === r)));
    const chosen = (prefer && offices.find((o) => prefer.test(o))) || offices[0];
    if (chosen) pairs = pairs.filter((p) => p.office === chosen);
  }
  const accounts = [];
  let failures = 0;
  for (const p of pairs) {
    if (accounts.some((a) => a.username === p.username)) continue;
    const r = await fetch(`${baseUrl}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: p.username, password: p.password }) });
    if (r.ok) {
      const body = await r.json();
      accounts.push({ username: p.username, password: p.password, user: body.user });
      await fetch(`${baseUrl}/api/session`, { method: 'DELETE', headers: { Authorization: `Bearer ${body.token}` } });
    } else if (++failures >= 3) break;
  }
  return accounts;
}

/** A specialist, a leader and a clerk of one office (one whose name matches prefer, if any). */
export function pickTeam(accounts, prefer = null) {
  const offices = [...new Set(accounts.map((a) => a.user.officeId))];
  if (prefer) {
    const name = (id) => (accounts.find((a) => a.user.officeId === id).user.officeName || '');
    offices.sort((a, b) => Number(prefer.test(name(b))) - Number(prefer.test(name(a))));
  }
  for (const officeId of offices) {
    const of = (role) => accounts.find((a) => a.user.officeId === officeId && a.user.role === role);
    const team = { specialist: of('specialist'), leader: of('leader'), clerk: of('clerk'), administrator: of('administrator') };
    if (team.specialist && team.leader && team.clerk) return team;
  }
  return null;
}

/**
 * Signs in through the sign-in page as a demo account ({username, password, user}) and waits for
 * the shell; throws when another user's name is shown.
 */
export async function signIn(page, baseUrl, account) {
  await page.goto(`${baseUrl}/#/signin`);
  await page.fill('#username', account.username);
  await page.fill('#password', account.password);
  await page.click('form.signin-card button[type=submit]');
  await page.waitForSelector('[data-testid=current-user]');
  const shown = await page.textContent('[data-testid=current-user]');
  if (account.user && account.user.fullName && !shown.includes(account.user.fullName)) {
    throw new Error(`signed in as ${account.username} but the page shows ${shown}`);
  }
}

/** Signs out with the top bar's button and waits for the sign-in page. */
export async function signOut(page) {
  await page.click('button.signout');
  await page.waitForSelector('#username');
}

/**
 * A new page of the browser with a default time-out that records console errors (other than
 * 4xx responses the page expects) and uncaught errors in problems, for a final assertion.
 */
/** Where the sign dialog looks for the signing agent (`vanthu serve`'s default --signing-agent). */
export const SIGNING_AGENT = 'http://127.0.0.1:8765';

export async function watchedPage(browser, problems, timeout) {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(timeout);
  page.on('console', (msg) => {
    // The sign dialog probes the signing agent on this computer (docs/signing-agent.md); when
    // none runs, the browser logs the refused connection.
    const agentProbe = /net::ERR_CONNECTION_REFUSED/.test(msg.text()) && (msg.location().url || '').startsWith(`${SIGNING_AGENT}/`);
    if (msg.type() === 'error' && !agentProbe && !/Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return page;
}

/** Clicks a step of a document's page (data-action), fills its dialog, confirms, and waits for the
 *  state badge when one is expected. */
export async function takeStep(page, action, expectedState, fill = async () => {}, timeout = undefined) {
  await page.click(`[data-testid=actions] [data-action=${action}]`);
  await page.waitForSelector('dialog[open]');
  await fill();
  await page.click('dialog[open] [data-testid=dialog-confirm]');
  if (expectedState) await page.waitForSelector(`.doc-head .badge[data-state=${expectedState}]`, timeout ? { timeout } : undefined);
}
