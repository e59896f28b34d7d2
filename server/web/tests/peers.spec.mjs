#!/usr/bin/env node
// Browser test of the exchange peers page (issue 13 item 3; docs/exchange.md, "Peers
// administered"): `vanthu serve --demo --demo-profile party --peers FILE` with a peers file that
// names no peer. The installation administrator opens Quản trị › Máy chủ trao đổi, is told why a
// URL that is not http(s) and a file that is not an X.509 certificate are refused (the server's
// sentences), adds the State server with its certificates and CA (made here with openssl), sees
// them listed and written to the peers file, changes its URL and removes it. An office's
// administrator sees the page but is refused the change.
//
//   node tests/peers.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs;
//   --screens: a screenshot of the page with a peer in test-output/)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, startServer, parseDemoUsers, watchedPage, webDir,
  signIn as signInWith, signOut as signOutOf } from './lib.mjs';

const TIMEOUT = 90_000;
let server; let browser; let page; let work;
const problems = [];

function openssl(...args) {
  const r = spawnSync('openssl', args, { cwd: work, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
}

before(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'vanthu-peers-web-'));
  // The State server's seal certificate (what its packages are signed with) and its CA.
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650',
    '-subj', '/CN=CA may chu chinh quyen/O=Test', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'seal.key', '-out', 'seal.csr',
    '-subj', '/CN=UBND huyen Van Quan/O=UBND huyen Van Quan');
  openssl('x509', '-req', '-in', 'seal.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-days', '365', '-out', 'seal.pem');
  writeFileSync(path.join(work, 'not-a-certificate.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
  writeFileSync(path.join(work, 'peers.json'), JSON.stringify({ self: 'party', peers: [] }));
  server = await startServer({ extraArgs: ['--demo-profile', 'party', '--peers', path.join(work, 'peers.json')] });
  browser = await launchBrowser();
  page = await watchedPage(browser, problems, TIMEOUT);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const account = (username) => {
  const found = parseDemoUsers(server.output()).find((a) => a.username === username);
  assert.ok(found, `no demo account ${username} in:\n${server.output()}`);
  return found;
};
const signIn = (username) => signInWith(page, server.url, account(username));
const signOut = () => signOutOf(page);
const screens = process.argv.includes('--screens');
async function shoot(name) {
  if (!screens) return;
  const dir = path.join(webDir, 'test-output');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true }).catch(() => {});
}
const peersFile = () => JSON.parse(readFileSync(path.join(work, 'peers.json'), 'utf8'));

async function submitNew({ name, url, certificate, anchors }) {
  await page.fill('#peer-new-name', name);
  await page.fill('#peer-new-url', url);
  if (certificate) await page.setInputFiles('#peer-new-cert', path.join(work, certificate));
  if (anchors) await page.setInputFiles('#peer-new-anchors', path.join(work, anchors));
  await page.click('[data-testid=peer-new] button[type=submit]');
}

test('the administrator adds, changes and removes an exchange peer in the browser', { timeout: 600_000 }, async (t) => {
  await t.test('bad values are refused with the server\'s sentence', async () => {
    await signIn('quantri.bg');
    await page.click('[data-nav=peers]');
    await page.waitForSelector('[data-testid=peers]');
    assert.match(await page.textContent('[data-testid=peers-self]'), /party/);
    assert.match(await page.textContent('[data-testid=peers]'), /Chưa có máy chủ trao đổi/);
    await submitNew({ name: 'state', url: 'ftp://127.0.0.1:8082', certificate: 'seal.pem' });
    await page.waitForSelector('[data-testid=peer-new-error]:not([hidden])');
    assert.match(await page.textContent('[data-testid=peer-new-error]'), /http:\/\/ hoặc https:\/\//);
    await submitNew({ name: 'state', url: 'http://127.0.0.1:8082', certificate: 'not-a-certificate.pem' });
    await page.waitForFunction(() => /X\.509/.test(document.querySelector('[data-testid=peer-new-error]').textContent));
    assert.deepEqual(peersFile().peers, []);
  });

  await t.test('a peer is added with its certificates and written to the peers file', async () => {
    await submitNew({ name: 'state', url: 'http://127.0.0.1:8082', certificate: 'seal.pem', anchors: 'ca.pem' });
    const row = page.locator('[data-testid=peers] tr[data-peer=state]');
    await row.waitFor();
    const text = await row.textContent();
    assert.match(text, /http:\/\/127\.0\.0\.1:8082/);
    assert.match(text, /UBND huyen Van Quan/);
    assert.match(text, /CA may chu chinh quyen/);
    const written = peersFile().peers;
    assert.equal(written.length, 1);
    assert.equal(written[0].name, 'state');
    assert.equal(written[0].certificate, 'peers/state.pem');
    assert.ok(existsSync(path.join(work, 'peers', 'state.pem')));
    assert.ok(existsSync(path.join(work, 'peers', 'state-trust-anchors.pem')));
    await shoot('peers');
  });

  await t.test('its URL is changed, then it is removed', async () => {
    await page.fill('#peer-state-url', 'https://vanthu-chinhquyen.example.vn');
    await page.click('[data-testid=peer-state] button[type=submit]');
    await page.waitForFunction(() => /vanthu-chinhquyen/.test(document.querySelector('[data-testid=peers] tr[data-peer=state]')?.textContent || ''));
    assert.equal(peersFile().peers[0].url, 'https://vanthu-chinhquyen.example.vn');
    await page.click('[data-testid=peer-remove-state]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=peers] tr[data-peer=state]'));
    assert.deepEqual(peersFile().peers, []);
    assert.ok(!existsSync(path.join(work, 'peers', 'state.pem')));
    await signOut();
  });

  await t.test('an office\'s administrator is refused the change', async () => {
    await signIn('quantri.bs');
    await page.click('[data-nav=peers]');
    await page.waitForSelector('[data-testid=peers]');
    await submitNew({ name: 'state', url: 'http://127.0.0.1:8082', certificate: 'seal.pem' });
    await page.waitForSelector('[data-testid=peer-new-error]:not([hidden])');
    assert.match(await page.textContent('[data-testid=peer-new-error]'), /quản trị hệ thống/);
    assert.deepEqual(peersFile().peers, []);
    await signOut();
  });

  assert.deepEqual(problems, []);
});
