// The 12345 hotline's closed loop in the browser: an operator records a
// complaint about 南湖镇, the dispatch rules send it to 县市场监管局, the
// department signs and replies, the operator concludes and calls back, and
// the unsatisfied requester's ticket reopens for a second handling.

import assert from 'node:assert/strict';
import {
  DEMO,
  axeCheck,
  bodyText,
  clickAndWait,
  e2eTest,
  h1Text,
  newContext,
  pathOf,
  staffLogin,
} from './helpers.mjs';

const SUBJECT = `超市出售过期面包 ${Date.now() % 100000}`;

e2eTest('12345: complaint about 南湖镇 → dispatched by rule → signed → replied → concluded → unsatisfied → second handling', async ({ page }) => {
  // The operator records the call.
  await staffLogin(page, DEMO.operator.username);
  assert.equal(pathOf(page), '/staff');
  assert.ok((await bodyText(page)).includes(DEMO.operator.role), 'the workbench names the operator role');
  await clickAndWait(page, page.getByRole('link', { name: '12345话务台' }));
  assert.equal(await h1Text(page), '12345话务台');
  await axeCheck(page, '/staff/hotline');
  await page.fill('#caller_name', '张秀兰');
  await page.fill('#caller_phone', '13900007777');
  await page.selectOption('#category', 'complaint');
  await page.selectOption('#class_code', '0101');
  await page.selectOption('#region_code', '620825101');
  await page.fill('#village', '南湖村');
  await page.fill('#address', '南湖镇街道 12 号');
  await page.fill('#title', SUBJECT);
  await page.fill('#content', '南湖镇街道某超市货架上的面包已过保质期三天，店员仍在销售。');
  await clickAndWait(page, page.getByRole('button', { name: '受理', exact: true }));
  assert.match(pathOf(page), /^\/staff\/tickets\/\d+$/, 'the call opens its ticket');
  const ticketURL = pathOf(page);
  assert.equal(await page.locator('#ticket-state').innerText(), '已受理，待派单');
  let text = await bodyText(page);
  assert.ok(text.includes('139****7777'), 'the phone is masked');
  assert.ok(!text.includes('13900007777'), 'the full phone is not shown');
  assert.match(await page.locator('#suggestion').innerText(), /县市场监管局.*南湖镇市场类投诉举报/, 'the rules choose 县市场监管局');
  await axeCheck(page, 'a received ticket');

  // Dispatched by rule.
  await clickAndWait(page, page.getByRole('button', { name: '按规则派往县市场监管局' }));
  assert.equal(await page.locator('#ticket-state').innerText(), '已派单，待签收');
  assert.equal(await page.locator('#ticket-department').innerText(), '县市场监管局');
  text = await bodyText(page);
  assert.ok(text.includes('签收时限'), 'a signature deadline is shown');
  assert.match(text, /正常|预警|超期/, 'the deadline light carries a word');

  // The market regulator signs for it and replies.
  const dept = await newContext();
  try {
    const dp = await dept.newPage();
    await staffLogin(dp, DEMO.reviewer.username);
    await clickAndWait(dp, dp.getByRole('link', { name: '12345工单' }));
    await axeCheck(dp, '/staff/tickets');
    await clickAndWait(dp, dp.getByRole('row', { name: new RegExp(SUBJECT) }).getByRole('link'));
    assert.equal(pathOf(dp), ticketURL);
    await clickAndWait(dp, dp.getByRole('button', { name: '签收', exact: true }));
    assert.equal(await dp.locator('#ticket-state').innerText(), '办理中');
    await dp.getByLabel('答复内容（将告知来电人）').fill('经查属实，已责令该超市下架过期面包并立案调查。');
    await axeCheck(dp, 'a ticket being handled');
    await clickAndWait(dp, dp.getByRole('button', { name: '提交答复' }));
    assert.equal(await dp.locator('#ticket-state').innerText(), '已答复，待办结');

    // The operator concludes, calls back, and the requester is unsatisfied.
    await page.goto(ticketURL);
    assert.ok((await page.locator('#reply-text').innerText()).includes('已责令该超市下架'), 'the operator sees the reply');
    await clickAndWait(page, page.getByRole('button', { name: '审核办结' }));
    assert.equal(await page.locator('#ticket-state').innerText(), '已办结，待回访');
    await page.getByLabel('已联系上').check();
    await page.getByRole('group', { name: '对办理结果是否满意' }).getByLabel('不满意', { exact: true }).check();
    await page.locator('#callback-text').fill('来电人反映超市仍在销售过期面包');
    await axeCheck(page, 'the callback form');
    await clickAndWait(page, page.getByRole('button', { name: '记录回访' }));
    assert.equal(await page.locator('#ticket-state').innerText(), '办理中', 'the ticket is handled again');
    text = await bodyText(page);
    assert.ok(text.includes('重办'), 'it is marked as the second handling');
    assert.ok(text.includes('重新办理'), 'the history records the reopening');
    assert.ok(text.includes('不满意'), 'the verdict is recorded');
    assert.equal(await page.locator('#ticket-department').innerText(), '县市场监管局', 'by the same department');

    // The department finds it in its inbox, due again.
    await dp.goto('/staff/tickets?state=handling');
    const row = dp.getByRole('row', { name: new RegExp(SUBJECT) });
    assert.match(await row.innerText(), /办理中（重办）/);
    assert.match(await row.innerText(), /\d{4}-\d{2}-\d{2}/, 'with a new due date');
  } finally {
    await dept.close();
  }
});

e2eTest('12345 online on a phone: a citizen files a request and follows it', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/login');
  await page.fill('input[name="login"]', DEMO.citizen.idNumber);
  await page.fill('input[name="password"]', 'Tongban@2026');
  await clickAndWait(page, page.getByRole('button', { name: '登录', exact: true }));
  await page.goto('/hotline/new?channel=mobile');
  assert.equal(await h1Text(page), '在线反映问题（12345）');
  await axeCheck(page, '/hotline/new on a phone');
  // Nothing chosen: the problems are listed at the top and next to the fields.
  await clickAndWait(page, page.getByRole('button', { name: '提交', exact: true }));
  assert.ok(await page.locator('.error-summary').isVisible(), 'the error summary is shown');
  await axeCheck(page, '/hotline/new with errors');
  await page.getByLabel('求助').check();
  await page.selectOption('#class_code', '0701');
  await page.selectOption('#region_code', '620825101');
  await page.fill('#title', '家里停水两天');
  await page.fill('#content', '南湖村三组停水两天，没有通知，老人做饭困难。');
  await clickAndWait(page, page.getByRole('button', { name: '提交', exact: true }));
  assert.match(pathOf(page), /^\/me\/tickets\/\d+$/);
  const text = await bodyText(page);
  assert.ok(text.includes('已收到您反映的问题'), 'the citizen is told it was received');
  assert.ok(text.includes('网上（手机端）'), 'the channel is the mobile one');
  assert.match(text, /我们会在 \d{4}-\d{2}-\d{2} 前办理并答复您/, 'and when to expect the reply');
  await axeCheck(page, 'my ticket on a phone');
  await page.goto('/me/tickets');
  assert.ok((await bodyText(page)).includes('家里停水两天'));
  await axeCheck(page, '/me/tickets');
});
