#!/usr/bin/env node
// Screenshots of the main pages into docs/screenshots/: sign-in, lists, editor with its live
// preview, a document with its signatures verified, the register, and a phone-sized list.
// Starts the server like the browser test (--vanthu PATH | --url URL | --mock), fills it with a
// few letters through the API, then photographs the pages in Debian's chromium.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, startServer, demoAccounts, pickTeam, repoDir, option } from './lib.mjs';

const outDir = path.resolve(option('--out', 'SCREENSHOT_DIR', path.join(repoDir, 'docs/screenshots')));
mkdirSync(outDir, { recursive: true });

const server = await startServer();
const browser = await launchBrowser();
try {
  const accounts = await demoAccounts(server.url, server.output(), /ỦY BAN NHÂN DÂN HUYỆN/);
  const team = pickTeam(accounts, /ỦY BAN NHÂN DÂN HUYỆN/);
  if (!team) throw new Error(`no specialist, leader and clerk of one office:\n${server.output()}`);

  const session = async (account) => {
    const r = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: account.username, password: account.password }) });
    const { token } = await r.json();
    return async (method, p, body) => {
      const res = await fetch(`${server.url}/api${p}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
      if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? null : res.json();
    };
  };
  const specialist = await session(team.specialist);
  const leader = await session(team.leader);
  const clerk = await session(team.clerk);
  const draft = (subject, body) => ({
    typeCode: 'CV', subject, recipients: ['Các phòng chuyên môn trực thuộc', 'UBND các xã, thị trấn'], body,
    distribution: ['Như trên', 'Lưu: VT, VP'], signerId: team.leader.user.id, authority: 'KT', authorityOf: 'CHỦ TỊCH',
    draftingUnit: 'VP', urgency: '', secrecy: '',
  });
  const body = 'Thực hiện Kế hoạch cải cách hành chính năm 2026 của Ủy ban nhân dân tỉnh, Ủy ban nhân dân huyện đề nghị các đơn vị thực hiện một số nội dung sau:\n\n'
    + '1. Rà soát, đánh giá toàn bộ thủ tục hành chính thuộc thẩm quyền giải quyết; đề xuất cắt giảm, đơn giản hóa những thủ tục không còn phù hợp.\n\n'
    + '2. Đẩy mạnh tiếp nhận, giải quyết hồ sơ trực tuyến; công khai kết quả giải quyết tại bộ phận một cửa.\n\n'
    + '3. Báo cáo kết quả thực hiện về Văn phòng HĐND và UBND huyện trước ngày **25** hằng tháng[^1].\n\n'
    + 'Đề nghị các đơn vị nghiêm túc thực hiện./.\n\n[^1]: Báo cáo gửi qua hệ thống quản lý văn bản và điều hành.';
  const flow = async (subject, until) => {
    const d = await specialist('POST', '/documents', draft(subject, body));
    if (until === 'draft') return d;
    await specialist('POST', `/documents/${d.id}/submit`, {});
    if (until === 'submitted') return d;
    await leader('POST', `/documents/${d.id}/approve`, {});
    await leader('POST', `/documents/${d.id}/sign`, {});
    if (until === 'signed') return d;
    return clerk('POST', `/documents/${d.id}/issue`, {});
  };
  const issued = await flow('triển khai thực hiện Kế hoạch cải cách hành chính năm 2026', 'issued');
  await flow('tăng cường công tác phòng, chống thiên tai mùa mưa bão', 'issued');
  const signed = await flow('báo cáo kết quả chuyển đổi số 6 tháng đầu năm', 'signed');
  await flow('tổ chức Hội nghị sơ kết công tác dân vận chính quyền', 'submitted');
  const editing = await flow('đề nghị cung cấp số liệu phục vụ xây dựng kế hoạch năm 2027', 'draft');
  await flow('hướng dẫn lập hồ sơ công việc năm 2026', 'draft');

  const page = await browser.context.newPage();
  page.setDefaultTimeout(60_000);
  page.on('console', (m) => { if (m.type() === 'error') console.error(`browser: ${m.text()}`); });
  page.on('pageerror', (e) => console.error(`browser: ${e.message}`));
  const shot = async (name) => { await page.waitForTimeout(400); await page.screenshot({ path: path.join(outDir, `${name}.png`) }); console.log(path.join(outDir, `${name}.png`)); };
  const signIn = async (account) => {
    await page.goto(`${server.url}/#/signin`);
    await page.fill('#username', account.username);
    await page.fill('#password', account.password);
    await page.click('form.signin-card button[type=submit]');
    await page.waitForSelector('[data-testid=current-user]');
  };

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${server.url}/#/signin`);
  await page.waitForSelector('#username');
  await shot('signin');

  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(team.specialist);
  await page.goto(`${server.url}/#/list/drafts`);
  await page.waitForSelector('[data-testid=document-list]');
  await shot('list-drafts');

  await page.goto(`${server.url}/#/documents/${editing.id}/edit`);
  await page.waitForSelector('.preview canvas.pdf-page');
  await shot('editor');

  await page.click('button.signout');
  await page.waitForSelector('#username');
  await signIn(team.clerk);
  await page.goto(`${server.url}/#/list/signed`);
  await page.waitForSelector('[data-testid=document-list]');
  await shot('list-to-issue');

  await page.goto(`${server.url}/#/documents/${signed.id}`);
  await page.waitForSelector('.doc-pdf canvas.pdf-page');
  await page.waitForSelector('[data-testid=verification-summary]');
  await shot('document-signed');

  await page.goto(`${server.url}/#/documents/${issued.id}`);
  await page.waitForSelector('.doc-pdf canvas.pdf-page');
  await page.waitForSelector('[data-testid=verification-summary]');
  await shot('document-issued');

  await page.goto(`${server.url}/#/register`);
  await page.waitForSelector('[data-testid=register]');
  await shot('register');

  const admin = accounts.find((a) => a.user.role === 'administrator' && a.user.officeId === team.clerk.user.officeId)
    || accounts.find((a) => a.user.role === 'administrator');
  if (admin) {
    await page.click('button.signout');
    await page.waitForSelector('#username');
    await signIn(admin);
    await page.goto(`${server.url}/#/audit`);
    await page.waitForSelector('[data-testid=audit]');
    await shot('audit');
    await page.click('button.signout');
    await page.waitForSelector('#username');
    await signIn(team.clerk);
  }

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${server.url}/#/list/issued`);
  await page.waitForSelector('[data-testid=document-list]');
  await shot('phone-list');
} catch (e) {
  const pages = browser.context.pages();
  if (pages.length) await pages[pages.length - 1].screenshot({ path: path.join(outDir, 'failure.png') }).catch(() => {});
  throw e;
} finally {
  await browser.close();
  await server.stop();
}
