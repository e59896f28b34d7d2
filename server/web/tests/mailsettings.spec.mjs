#!/usr/bin/env node
// Browser test of issue 14's notices by e-mail and comments on incoming letters:
// - the installation administrator sets the SMTP server on "Máy chủ thư" (a small SMTP sink in
//   this process listens on loopback), a wrong port is refused in Vietnamese, and "Gửi thư thử"
//   delivers a test e-mail to the sink; an office's administrator has no such page;
// - a specialist turns one kind of notice off on "Cài đặt thông báo" (from their name in the top
//   bar), and finds it off after a reload;
// - on an incoming letter assigned to them, the specialist writes a comment (ý kiến), shown with
//   their name; the clerk, who is no handler, reads it without a box to write one.
//
//   node tests/mailsettings.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { launchBrowser, startServer, parseDemoUsers, watchedPage,
  signIn as signInWith, signOut as signOutOf } from './lib.mjs';

const TIMEOUT = 90_000;
let server; let browser; let page; let sink;
const problems = [];

/** A loopback SMTP server that keeps each message's envelope and data (no TLS, no checks). */
function smtpSink() {
  const messages = [];
  const srv = net.createServer((socket) => {
    let buffer = ''; let inData = false; let current = { to: [], data: '' };
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let at;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at); buffer = buffer.slice(at + 2);
        if (inData) {
          if (line === '.') { inData = false; messages.push(current); current = { to: [], data: '' }; socket.write('250 queued\r\n'); }
          else current.data += `${line}\r\n`;
          continue;
        }
        const verb = line.split(' ')[0].toUpperCase();
        if (verb === 'EHLO') socket.write('250-sink\r\n250 AUTH LOGIN\r\n');
        else if (verb === 'MAIL') { current.from = /<(.*)>/.exec(line)?.[1]; socket.write('250 ok\r\n'); }
        else if (verb === 'RCPT') { current.to.push(/<(.*)>/.exec(line)?.[1]); socket.write('250 ok\r\n'); }
        else if (verb === 'DATA') { inData = true; socket.write('354 go on\r\n'); }
        else if (verb === 'QUIT') { socket.end('221 bye\r\n'); }
        else socket.write('250 ok\r\n');
      }
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({
    port: srv.address().port, messages, close: () => new Promise((r) => srv.close(r)),
  })));
}

before(async () => {
  sink = await smtpSink();
  server = await startServer({ extraArgs: ['--mail-retry-max', '1'] });
  browser = await launchBrowser();
  page = await watchedPage(browser, problems, TIMEOUT);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (sink) await sink.close();
});

async function accountOf(username) {
  const pair = parseDemoUsers(server.output()).find((p) => p.username === username);
  assert.ok(pair, `no demo account ${username}; server said:\n${server.output()}`);
  const r = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: pair.username, password: pair.password }) });
  assert.ok(r.ok, `${username} cannot sign in`);
  const { token, user } = await r.json();
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const call = async (method, url, body) => {
    const res = await fetch(`${server.url}/api${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${url}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return { username, password: pair.password, user, call };
}

const signIn = (account) => signInWith(page, server.url, account);
const signOut = () => signOutOf(page);

test('the SMTP page, a test e-mail, one\'s own kinds of notice, and comments on an incoming letter', { timeout: 600_000 }, async () => {
  const root = await accountOf('quantri.bg'); // the demo's installation administrator
  const officeAdmin = await accountOf('quantri.nd');
  const clerk = await accountOf('vanthu.nd');
  const leader = await accountOf('chutich.nd');
  const specialist = await accountOf('chuyenvien.nd');

  // ---- the SMTP page ----
  await signIn(root);
  await page.click('[data-nav=smtp]');
  await page.waitForSelector('[data-testid=smtp-form]');
  assert.match(await page.textContent('[data-testid=smtp-source]'), /chưa có/);
  await page.fill('#smtp-host', '127.0.0.1');
  await page.fill('#smtp-port', '70000');
  await page.uncheck('#smtp-starttls');
  await page.fill('#smtp-sender', 'vanthu@vanquan.example.vn');
  await page.click('[data-testid=smtp-save]');
  await page.waitForSelector('[data-testid=smtp-error]:not([hidden])');
  assert.match(await page.textContent('[data-testid=smtp-error]'), /Cổng SMTP phải từ 1 đến 65535/);
  await page.fill('#smtp-port', String(sink.port));
  await page.click('[data-testid=smtp-save]');
  await page.waitForFunction(() => /đặt trên trang này/.test(document.querySelector('[data-testid=smtp-source]')?.textContent || ''));
  assert.equal(await page.inputValue('#smtp-port'), String(sink.port));
  await page.fill('#smtp-test-to', 'hai.qt@nghiduong.example.vn');
  await page.click('[data-testid=smtp-test-send]');
  await page.waitForSelector('[data-testid=smtp-test-result]:not([hidden])');
  assert.match(await page.textContent('[data-testid=smtp-test-result]'), /Đã gửi thư thử đến hai\.qt@nghiduong\.example\.vn/);
  const testMail = sink.messages.find((m) => m.to.includes('hai.qt@nghiduong.example.vn'));
  assert.ok(testMail, 'the sink got no test e-mail');
  assert.equal(testMail.from, 'vanthu@vanquan.example.vn');
  // The e-mail queue below: its counts in words (the rows are checked by the API test).
  await page.waitForSelector('[data-testid=mail-queue-counts]');
  assert.match(await page.textContent('[data-testid=mail-queue-counts]'), /\d+ đã gửi, \d+ chờ gửi, \d+ gửi lỗi/);
  await signOut();

  // An office's administrator has no SMTP page.
  await signIn(officeAdmin);
  await page.waitForSelector('[data-nav=users]');
  assert.equal(await page.locator('[data-nav=smtp]').count(), 0);
  await signOut();

  // ---- one's own kinds of notice ----
  await root.call('PUT', `/users/${specialist.user.id}`, { email: 'duc.cv@nghiduong.example.vn' });
  await signIn(specialist);
  await page.click('[data-testid=current-user]');
  await page.waitForSelector('[data-testid=mail-preferences]');
  assert.match(await page.textContent('[data-testid=mail-address]'), /duc\.cv@nghiduong\.example\.vn/);
  assert.ok(await page.isChecked('#mail-kind-assigned'));
  await page.uncheck('#mail-kind-assigned');
  await page.click('[data-testid=mail-preferences-save]');
  await page.waitForFunction(() => /Đã lưu cài đặt thông báo/.test(document.getElementById('toasts')?.textContent || ''));
  await page.reload();
  await page.waitForSelector('[data-testid=mail-preferences]');
  assert.equal(await page.isChecked('#mail-kind-assigned'), false);
  assert.ok(await page.isChecked('#mail-kind-recalled'));
  assert.deepEqual((await specialist.call('GET', '/me/mail-preferences')).off, ['assigned']);

  // ---- a comment on an incoming letter assigned to the specialist ----
  const letter = (await clerk.call('GET', '/incoming'))[0];
  assert.ok(letter, 'no incoming letter at Nghi Dương');
  await clerk.call('POST', `/incoming/${letter.id}/register`, {});
  await leader.call('POST', `/incoming/${letter.id}/assign`, { assigneeId: specialist.user.id, deadline: '2099-12-31', version: 0 });
  await page.goto(`${server.url}/#/incoming/${letter.id}`);
  await page.waitForSelector('[data-testid=comments-panel] form');
  await page.click('[data-testid=comment-add]');
  await page.waitForSelector('[data-testid=comments-panel] [role=alert]:not([hidden])');
  assert.match(await page.textContent('[data-testid=comments-panel] [role=alert]'), /Hãy ghi nội dung ý kiến/);
  await page.fill('#comment-text', 'Đề nghị phòng Văn hóa phối hợp.');
  await page.click('[data-testid=comment-add]');
  await page.waitForSelector('[data-testid=comments] [data-comment]');
  const shown = await page.textContent('[data-testid=comments]');
  assert.match(shown, /Đề nghị phòng Văn hóa phối hợp\./);
  assert.match(shown, new RegExp(specialist.user.fullName));
  await signOut();

  // The clerk is no handler: reads the comment, has no box.
  await signIn(clerk);
  await page.goto(`${server.url}/#/incoming/${letter.id}`);
  await page.waitForSelector('[data-testid=comments] [data-comment]');
  assert.equal(await page.locator('[data-testid=comments-panel] form').count(), 0);
  await signOut();

  assert.deepEqual(problems, []);
});
