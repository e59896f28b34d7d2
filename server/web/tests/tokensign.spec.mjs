#!/usr/bin/env node
// Browser test: a leader signs a letter with a USB token (a SoftHSM2 token) through
// `vanthu agent` (docs/signing-agent.md); a certificate that is not theirs, a wrong PIN and a
// token pulled out each give their Vietnamese message; the issued PDF verifies (vanthu verify,
// pdfsig).
//
//   node tests/tokensign.spec.mjs --vanthu ../../build/vanthu
// Needs softhsm2, opensc (pkcs11-tool) and openssl (scripts/bootstrap installs them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, startServer, demoAccounts, pickTeam, option, watchedPage, takeStep,
  signIn as signInWith, signOut as signOutOf } from './lib.mjs';

const TIMEOUT = 90_000;
const MODULE = '/usr/lib/softhsm/libsofthsm2.so';
const TOKEN = 'Token lanh dao';
let server; let browser; let page; let agent; let agentUrl; let team; let work;
const problems = [];
const env = { ...process.env };

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

const sh = (cmd, args) => execFileSync(cmd, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** The key and certificate of a PKCS#12 file onto the token, with id `id`. */
function putOnToken(p12, id, label) {
  const key = path.join(work, `${label}.key`); const cert = path.join(work, `${label}.pem`);
  sh('openssl', ['pkcs12', '-in', p12, '-nocerts', '-nodes', '-passin', 'pass:vanthu', '-out', key]);
  sh('openssl', ['pkcs12', '-in', p12, '-nokeys', '-clcerts', '-passin', 'pass:vanthu', '-out', cert]);
  putPemOnToken(key, cert, id, label);
}

/** A key (PEM) and its certificate (PEM) onto the token, with id `id`. */
function putPemOnToken(key, cert, id, label) {
  const key8 = path.join(work, `${label}.p8`); const der = path.join(work, `${label}.der`);
  sh('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', key, '-out', key8]);
  sh('openssl', ['x509', '-in', cert, '-outform', 'DER', '-out', der]);
  sh('softhsm2-util', ['--import', key8, '--token', TOKEN, '--label', label, '--id', id, '--pin', '1234']);
  sh('pkcs11-tool', ['--module', MODULE, '--token-label', TOKEN, '--login', '--pin', '1234',
    '--write-object', der, '--type', 'cert', '--id', id, '--label', label]);
}

async function apiAs(account, method, url, body) {
  const s = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }) });
  const { token } = await s.json();
  const res = await fetch(`${server.url}/api${url}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined });
  const bytes = Buffer.from(await res.arrayBuffer());
  await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
  assert.ok(res.ok, `${method} ${url}: ${res.status} ${bytes.toString()}`);
  return bytes;
}

before(async () => {
  assert.ok(existsSync(MODULE), 'SoftHSM2 (Debian package softhsm2, scripts/bootstrap) is missing');
  const agentPort = await freePort();
  agentUrl = `http://127.0.0.1:${agentPort}`;
  server = await startServer({ extraArgs: ['--signing-agent', agentUrl] });
  team = pickTeam(await demoAccounts(server.url, server.output()));
  work = mkdtempSync(path.join(os.tmpdir(), 'vanthu-token-'));
  mkdirSync(path.join(work, 'tokens'));
  writeFileSync(path.join(work, 'softhsm2.conf'), `directories.tokendir = ${path.join(work, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  env.SOFTHSM2_CONF = path.join(work, 'softhsm2.conf');
  sh('softhsm2-util', ['--init-token', '--free', '--label', TOKEN, '--pin', '1234', '--so-pin', '5678']);
  const pki = path.join(server.dataDir, 'pki');
  putOnToken(path.join(pki, `leader-${team.leader.username}.p12`), '01', 'leader');
  putOnToken(path.join(pki, 'signer1.p12'), '03', 'other'); // valid, but not the leader's
  // An expired certificate of the demo's issuing CA: valid until yesterday (-days -1).
  sh('openssl', ['pkcs12', '-in', path.join(pki, 'issuing-ca.p12'), '-nocerts', '-nodes', '-passin', 'pass:vanthu', '-out', path.join(work, 'ca.key')]);
  sh('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-utf8', '-subj', '/CN=Lê Văn Hết Hạn',
    '-keyout', path.join(work, 'expired.key'), '-out', path.join(work, 'expired.csr')]);
  sh('openssl', ['x509', '-req', '-in', path.join(work, 'expired.csr'), '-CA', path.join(pki, 'issuing-ca.pem'),
    '-CAkey', path.join(work, 'ca.key'), '-days', '-1', '-set_serial', '77', '-out', path.join(work, 'expired.pem')]);
  putPemOnToken(path.join(work, 'expired.key'), path.join(work, 'expired.pem'), '04', 'expired');
  sh('openssl', ['x509', '-in', path.join(pki, 'issuing-ca.pem'), '-outform', 'DER', '-out', path.join(work, 'ca.der')]);
  sh('pkcs11-tool', ['--module', MODULE, '--token-label', TOKEN, '--login', '--pin', '1234',
    '--write-object', path.join(work, 'ca.der'), '--type', 'cert', '--id', '02', '--label', 'issuing-ca']);
  writeFileSync(path.join(work, 'pin'), '1234\n');
  const vanthu = path.resolve(option('--vanthu', 'VANTHU', ''));
  agent = spawn(vanthu, ['agent', '--server-origin', server.url, '--pkcs11-module', MODULE,
    '--pin-command', `cat '${path.join(work, 'pin')}'`, '--listen', `127.0.0.1:${agentPort}`],
  { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vanthu agent did not start: ${out}`)), 30_000);
    const seen = (d) => { out += d; if (out.includes('listening')) { clearTimeout(timer); resolve(); } };
    agent.stdout.on('data', seen); agent.stderr.on('data', seen);
    agent.on('exit', () => { clearTimeout(timer); reject(new Error(`vanthu agent exited: ${out}`)); });
  });
  browser = await launchBrowser();
  page = await watchedPage(browser, problems, TIMEOUT);
  // Every error toast's text, kept after the toast itself has gone (7.6 s): a slow (sanitizer)
  // run may look only after that.
  await page.addInitScript(() => {
    window.errorToasts = [];
    new MutationObserver((changes) => changes.forEach((change) => change.addedNodes.forEach((node) => {
      if (node.classList && node.classList.contains('toast-error')) window.errorToasts.push(node.textContent);
    }))).observe(document, { childList: true, subtree: true });
  });
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(`${server.url}/`) && !u.startsWith(`${agentUrl}/`) && !/^(data|blob):/.test(u)) problems.push(`request outside the server: ${u}`);
  });
});

after(async () => {
  if (browser) await browser.close();
  if (agent && agent.exitCode === null) agent.kill('SIGTERM');
  if (server) await server.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Opens the sign dialog, picks the token certificate whose text contains `name`, confirms. */
async function signWith(name, before = async () => {}) {
  await takeStep(page, 'sign', null, async () => {
    const value = await page.$$eval('#sign-method option', (os, n) => (os.find((o) => o.textContent.includes(n)) || {}).value, name);
    assert.ok(value && value.startsWith('token:'), `no token option for ${name}`);
    await page.selectOption('#sign-method', value);
    await before();
  });
}

async function expectToast(text) {
  try {
    await page.waitForFunction((t) => window.errorToasts.some((shown) => shown.includes(t)), text, { timeout: TIMEOUT });
  } catch (e) {
    const shown = await page.evaluate(() => window.errorToasts);
    assert.fail(`no error toast with "${text}"; error toasts shown: ${JSON.stringify(shown)} (${e.message})`);
  }
  await page.evaluate(() => { window.errorToasts = []; document.querySelectorAll('.toast').forEach((t) => t.remove()); });
}

test('a leader signs a letter with a USB token through vanthu agent', async (t) => {
  const leaderId = team.leader.user.id;
  const subject = `V/v ký bằng USB token ${Date.now()}`;
  const created = JSON.parse(await apiAs(team.specialist, 'POST', '/documents', {
    typeCode: 'CV', subject, recipients: ['Ủy ban nhân dân các xã, thị trấn'],
    body: 'Đề nghị các xã, thị trấn báo cáo kết quả trước ngày 30 tháng 6.',
    distribution: ['Như trên;', 'Lưu: VT, NV.'], signerId: leaderId, authority: 'KT',
    authorityOf: 'CHỦ TỊCH', draftingUnit: 'NV' }));
  const id = created.id;
  await apiAs(team.specialist, 'POST', `/documents/${id}/submit`);
  await apiAs(team.leader, 'POST', `/documents/${id}/approve`);
  await signInWith(page, server.url, team.leader);
  await page.goto(`${server.url}/#/documents/${id}`);
  await page.waitForSelector('[data-testid=doc-subject]');
  const leaderName = team.leader.user.fullName;

  await t.test('a certificate that is not the leader\'s is refused by the server', async () => {
    await signWith('(Token lanh dao)', async () => {
      // Another person's valid certificate: neither the leader's nor the expired one (the agent
      // lists the tokens in no fixed order).
      const value = await page.$$eval('#sign-method option', (os, n) => (os.find((o) => o.value.startsWith('token:') && !o.textContent.includes(n) && !o.textContent.includes('Hết Hạn')) || {}).value, leaderName);
      assert.ok(value, 'no token certificate of another valid person');
      await page.selectOption('#sign-method', value);
    });
    await expectToast('không phải chứng thư đã đăng ký');
  });
  await t.test('an expired certificate', async () => {
    const text = await page.$$eval('#sign-method option', (os) => os.map((o) => o.textContent).join('\n')).catch(() => '');
    assert.equal(text, ''); // no dialog open
    await signWith('Lê Văn Hết Hạn');
    await expectToast('Chứng thư số của Lê Văn Hết Hạn đã hết hạn ngày');
  });
  await t.test('a wrong PIN', async () => {
    writeFileSync(path.join(work, 'pin'), '0000\n');
    await signWith(leaderName);
    await expectToast('Mã PIN của thiết bị ký số không đúng');
    writeFileSync(path.join(work, 'pin'), '1234\n');
  });
  await t.test('the token pulled out after the dialog listed it', async () => {
    // SoftHSM2 keeps each token in a folder of its token directory: moving it away is pulling
    // the token out.
    const [folder] = readdirSync(path.join(work, 'tokens'));
    const [inSlot, away] = [path.join(work, 'tokens', folder), path.join(work, 'away')];
    try {
      await signWith(leaderName, async () => renameSync(inSlot, away));
      await expectToast('đã bị rút ra');
    } finally {
      if (existsSync(away)) renameSync(away, inSlot);
    }
  });
  await t.test('the right PIN signs it, and the issued PDF verifies', async () => {
    await signWith(leaderName);
    await page.waitForSelector('.doc-head .badge[data-state=signed]', { timeout: TIMEOUT });
    await apiAs(team.clerk, 'POST', `/documents/${id}/issue`);
    const pdf = path.join(work, 'issued.pdf');
    writeFileSync(pdf, await apiAs(team.clerk, 'GET', `/documents/${id}/pdf`));
    const vanthu = path.resolve(option('--vanthu', 'VANTHU', ''));
    const report = execFileSync(vanthu, ['verify', pdf, '--trust', path.join(server.dataDir, 'pki', 'ca.pem')], { encoding: 'utf8' });
    assert.ok(report.includes(leaderName), report);
    const pdfsig = execFileSync('pdfsig', [pdf], { encoding: 'utf8' });
    assert.equal((pdfsig.match(/Signature is Valid\./g) || []).length, 2, pdfsig);
  });
  await signOutOf(page);
  assert.deepEqual(problems, [], 'no CSP violation, script error, console error or outside request');
});
