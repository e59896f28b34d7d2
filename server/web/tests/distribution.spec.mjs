#!/usr/bin/env node
// Browser test of distribution (issue 14 item 3): the demo letter of UBND huyện Văn Quan arrives
// at UBND xã Nghi Dương; the clerk registers it; the chairman distributes it to the specialist
// (lead, chủ trì), the vice-chairman (co-handler, phối hợp) and the clerk (informed, để biết) with
// an instruction; each of the three sees it in their own work list with their own part and
// status and does their own step; a second instruction is added beside the first, not over it.
//
//   node tests/distribution.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { demoAccounts, pickTeam, webDir } from './lib.mjs';
import { browserSuite } from './harness.mjs';

const LETTER = 'đẩy mạnh hiện đại hóa Bộ phận Một cửa cấp huyện, cấp xã';
let server; let page;
const { problems, signIn, signOut, step } = browserSuite({ started: (s) => ({ server, page } = s) });

async function openIncoming(tab, subject) {
  await page.goto(`${server.url}/#/incoming?tab=${tab}`);
  const link = page.locator('[data-testid=incoming-list] td.subject a', { hasText: subject });
  await link.first().click();
  await page.waitForSelector('[data-testid=doc-subject]');
}

/** The work list ("Việc tôi xử lý") row of the letter: its part and status. */
async function myPartInList() {
  await page.goto(`${server.url}/#/incoming?tab=mine`);
  const row = page.locator('[data-testid=incoming-list] tr', { hasText: LETTER });
  await row.first().waitFor();
  const cell = row.first().locator('[data-testid=my-part]');
  return { role: await cell.getAttribute('data-role'), status: await cell.getAttribute('data-status') };
}

const actionsShown = () => page.$$eval('[data-testid=actions] [data-action]', (bs) => bs.map((b) => b.dataset.action));

async function handlerStatus(userId) {
  return page.getAttribute(`[data-testid=handlers] li[data-user-id="${userId}"]`, 'data-status');
}

test('a letter distributed to a lead, a co-handler and one informed', { timeout: 600_000 }, async (t) => {
  const accounts = await demoAccounts(server.url, server.output(), /NGHI DƯƠNG/i);
  const team = pickTeam(accounts, /NGHI DƯƠNG/i);
  assert.ok(team, `no team of UBND xã Nghi Dương among the demo users; server said:\n${server.output()}`);
  const co = accounts.find((a) => a.user.officeId === team.leader.user.officeId && a.user.role === 'leader' && a.username !== team.leader.username);
  assert.ok(co, 'a second leader of Nghi Dương (the co-handler)');
  const lead = team.specialist;
  const informed = team.clerk;
  try {
    await t.test('the clerk registers it and the chairman distributes it to three people', async () => {
      await signIn(team.clerk);
      await openIncoming('arrived', LETTER);
      await step('register', 'registered');
      await signOut();
      await signIn(team.leader);
      await openIncoming('registered', LETTER);
      await step('assign', 'assigned', async () => {
        await page.selectOption('#assign-user', String(lead.user.id));
        await page.selectOption('#assign-co', [String(co.user.id)]);
        await page.selectOption('#assign-informed', [String(informed.user.id)]);
        await page.fill('#assign-deadline', '2099-12-31');
        await page.fill('#assign-instructions', 'Đồng chí chuyên viên chủ trì tham mưu.');
      });
      await page.waitForSelector('[data-testid=handlers]');
      const roles = await page.$$eval('[data-testid=handlers] li', (ls) => ls.map((l) => `${l.dataset.role}/${l.dataset.status}`));
      assert.deepEqual(roles, ['lead/assigned', 'co/assigned', 'informed/unread']);
      assert.match(await page.textContent('[data-testid=instructions]'), /chủ trì tham mưu/);
      await signOut();
    });

    await t.test('the co-handler sees it as phối hợp and gives an opinion', async () => {
      await signIn(co);
      assert.deepEqual(await myPartInList(), { role: 'co', status: 'assigned' });
      await openIncoming('mine', LETTER);
      assert.equal(await page.getAttribute('[data-testid=my-part]', 'data-role'), 'co');
      const shown = await actionsShown();
      assert.ok(shown.includes('contribute'), `contribute among ${shown}`);
      assert.ok(!shown.includes('start') && !shown.includes('forward'), `no lead's step among ${shown}`); // (a leader may close any letter)
      await step('contribute', null, async () => { await page.fill('#contribute-note', 'Đề nghị bổ sung số liệu của xã.'); });
      await page.waitForFunction((id) => document.querySelector(`[data-testid=handlers] li[data-user-id="${id}"]`)?.dataset.status === 'done', co.user.id);
      assert.match(await page.textContent('[data-testid=handlers]'), /Đề nghị bổ sung số liệu của xã/);
      // A leader may add an instruction; it stands beside the first one.
      await step('instruct', null, async () => { await page.fill('#instruct-text', 'Báo cáo trước khi trả lời.'); });
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=instructions] li').length === 2);
      await signOut();
    });

    await t.test('the one informed sees it as để biết and marks it seen', async () => {
      await signIn(informed);
      assert.deepEqual(await myPartInList(), { role: 'informed', status: 'unread' });
      await openIncoming('mine', LETTER);
      const shown = await actionsShown();
      assert.ok(shown.includes('acknowledge'), `acknowledge among ${shown}`);
      assert.ok(!shown.includes('contribute'), `no contribute among ${shown}`);
      await page.click('[data-testid=actions] [data-action=acknowledge]');
      await page.waitForFunction((id) => document.querySelector(`[data-testid=handlers] li[data-user-id="${id}"]`)?.dataset.status === 'seen', informed.user.id);
      assert.deepEqual(await myPartInList(), { role: 'informed', status: 'seen' });
      await signOut();
    });

    await t.test('the lead sees it as chủ trì, with every part and both instructions, and starts it', async () => {
      await signIn(lead);
      assert.deepEqual(await myPartInList(), { role: 'lead', status: 'assigned' });
      await openIncoming('mine', LETTER);
      assert.equal(await handlerStatus(co.user.id), 'done');
      assert.equal(await handlerStatus(informed.user.id), 'seen');
      const texts = await page.$$eval('[data-testid=instructions] li', (ls) => ls.map((l) => l.textContent));
      assert.equal(texts.length, 2);
      assert.match(texts[0], /chủ trì tham mưu/);
      assert.match(texts[1], /Báo cáo trước khi trả lời/);
      const shown = await actionsShown();
      assert.ok(shown.includes('start') && !shown.includes('contribute') && !shown.includes('acknowledge'), `${shown}`);
      // Starting asks nothing (no dialog): the step is sent at once.
      await page.click('[data-testid=actions] [data-action=start]');
      await page.waitForSelector('.doc-head .badge[data-state=in_progress]');
      assert.equal(await handlerStatus(lead.user.id), 'in_progress');
      await signOut();
    });
  } catch (e) {
    const dir = path.join(webDir, 'test-output');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, 'distribution-failure.png'), fullPage: true }).catch(() => {});
    throw e;
  }
  assert.deepEqual(problems, [], 'no CSP violation, script error or console error');
});
