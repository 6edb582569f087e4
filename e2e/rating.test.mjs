// 好差评 in the browser: a new citizen applies for 食品经营许可, the market
// regulator accepts, reviews and approves it; the citizen rates the
// conclusion 非常不满意; a rectification task with a due date appears in the
// department's inbox; the reviewer verifies, rectifies, feeds back, calls
// back and closes it; the citizen sees the answer on the case page and in
// their notices; the public statistics count one more rating and one more
// 差评, and the supervisor's report shows the rates.

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
  registerCitizen,
  staffLogin,
} from './helpers.mjs';

const pdf = (name) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n${name}\n%%EOF\n`) });

/** Reads the numbers of the public statistics page. */
async function stats(page) {
  await page.goto('/ratings/stats');
  const read = async (name) => Number((await page.locator(`[data-stat="${name}"]`).innerText()).trim());
  return { count: await read('count'), bad: await read('bad'), satisfaction: (await page.locator('[data-stat="satisfaction"]').innerText()).trim() };
}

/** Presses the action button of the open staff case page (its form is #act-<action>). */
async function act(page, action, label, comment) {
  const form = page.locator(`#act-${action}`);
  if (comment) await form.locator('textarea[name="comment"]').fill(comment);
  await clickAndWait(page, form.getByRole('button', { name: label, exact: true }));
}

/** Takes one step of the open rectification task (its form is #act-<action>). */
async function step(page, action, label, text) {
  const form = page.locator(`#act-${action}`);
  if (text) await form.locator('textarea[name="text"]').fill(text);
  const response = await clickAndWait(page, form.getByRole('button', { name: label, exact: true }));
  assert.equal(response.status(), 200, `${label}: the task page again after the redirect`);
}

e2eTest('好差评: 非常不满意 → rectification task → answered and called back → statistics change', async ({ page }) => {
  const before = await stats(page);
  await axeCheck(page, '/ratings/stats');

  // A new citizen applies for 食品经营许可.
  const person = await registerCitizen(page);
  await page.goto('/apply/food-biz-license');
  await page.fill('#f-contact_name', person.name);
  await page.fill('#f-phone', person.phone);
  await page.check('input[name="delivery_method"][value="online"]');
  const inputs = page.locator('input[type="file"]');
  const n = await inputs.count();
  for (let i = 0; i < n; i++) {
    const id = await inputs.nth(i).getAttribute('id');
    const row = page.locator(`#${id}-row`);
    if ((await row.locator('input[type="checkbox"]').count()) > 0) continue; // conditional: not ours
    if (!(await inputs.nth(i).isVisible())) continue;
    await inputs.nth(i).setInputFiles(pdf(`${id}.pdf`));
  }
  await clickAndWait(page, page.getByRole('button', { name: '提交申请' }));
  assert.match(pathOf(page), /^\/me\/cases\/\d+$/, 'submitting leads to the case page');
  const casePath = pathOf(page);
  const caseNumber = (await bodyText(page)).match(/[0-9A-Z]{20,}/)?.[0];
  assert.ok(caseNumber, 'the case page shows the case number');

  // The market regulator concludes it: the reviewer accepts and reviews, the head approves.
  const staffContext = await newContext();
  const staff = await staffContext.newPage();
  try {
    await staffLogin(staff, DEMO.reviewer.username);
    await staff.goto('/staff/cases');
    await clickAndWait(staff, staff.getByRole('link', { name: caseNumber }));
    await act(staff, 'accept', '受理');
    await act(staff, 'review', '审查通过', '材料齐全');
    await staffContext.clearCookies();
    await staffLogin(staff, DEMO.head.username);
    await staff.goto('/staff/cases');
    await clickAndWait(staff, staff.getByRole('link', { name: caseNumber }));
    await act(staff, 'approve', '准予许可', '准予许可。');
    assert.ok((await bodyText(staff)).includes('已办结'), 'the case is concluded');
  } finally {
    await staffContext.clearCookies();
  }

  // The citizen rates the conclusion from the case page.
  await page.goto(casePath);
  const panel = page.locator('#case-ratings');
  assert.ok((await panel.innerText()).includes('服务评价'), 'the case page has the ratings panel');
  await axeCheck(page, 'case page with the ratings panel');
  await clickAndWait(page, panel.getByRole('link', { name: /^评价\s*：办结$/ }));
  assert.equal(await h1Text(page), '评价本次服务');
  assert.ok((await bodyText(page)).includes('评价渠道：PC端'), 'the page says the channel');
  await axeCheck(page, 'rating form');
  await page.check('#level-1');
  let response = await clickAndWait(page, page.getByRole('button', { name: '提交评价' }));
  assert.equal(response.status(), 422, 'a 差评 without a comment is refused');
  assert.match(await page.locator('#comment-error').innerText(), /原因/, 'the comment field says why');
  assert.ok(await page.isChecked('#level-1'), 'the chosen level is kept');
  await axeCheck(page, 'rating form with an error');
  await page.fill('#comment', '审批等了很久，电话一直没人接');
  await page.selectOption('#dim_efficiency', '1');
  await clickAndWait(page, page.getByRole('button', { name: '提交评价' }));
  assert.equal(pathOf(page), casePath, 'back on the case page');
  let text = await panel.innerText();
  assert.ok(text.includes('非常不满意') && text.includes('审批等了很久，电话一直没人接'), 'the rating shows on the case page');
  const due = text.match(/部门处理中（待核实），应于 (\d{4}-\d{2}-\d{2}) 前反馈/)?.[1];
  assert.ok(due, `the citizen is told the due date (${text})`);

  // The department's inbox has the task with its due date and light.
  try {
    await staffLogin(staff, DEMO.reviewer.username);
    await staff.goto('/staff');
    await clickAndWait(staff, staff.getByRole('link', { name: '差评整改' }));
    assert.equal(pathOf(staff), '/staff/rectifications');
    const row = staff.locator('tr', { hasText: caseNumber });
    assert.equal(await row.count(), 1, 'the task is in the inbox');
    const rowText = await row.innerText();
    for (const word of ['非常不满意', '待核实', due, '正常']) {
      assert.ok(rowText.includes(word), `the inbox row shows ${word}: ${rowText}`);
    }
    await axeCheck(staff, '/staff/rectifications');
    await clickAndWait(staff, row.getByRole('link'));
    text = await bodyText(staff);
    assert.ok(text.includes('审批等了很久，电话一直没人接') && text.includes(person.name), 'the task names the rating and the rater');
    assert.ok(!text.includes(person.phone), 'the rater\'s phone is masked');
    await axeCheck(staff, 'rectification task');

    await step(staff, 'verify', '核实', '经核实，审批环节材料流转超时，咨询电话无人值守');
    await staff.locator('#act-rectify input[value="rectified"]').check();
    await step(staff, 'rectify', '整改或解释说明', '已优化流转环节，咨询电话安排专人值守');
    await step(staff, 'feedback', '反馈评价人', '您反映的问题已整改：咨询电话已安排专人值守，感谢您的监督。');
    await staff.locator('#satisfied-yes').check();
    await step(staff, 'callback', '记录回访', '电话回访，评价人对整改结果表示满意');
    await step(staff, 'close', '办结');
    text = await bodyText(staff);
    assert.ok(text.includes('已办结') && text.includes('已接通，评价人满意') && text.includes('按期办结'), 'the task is closed on time');
    await axeCheck(staff, 'closed rectification task');
  } finally {
    await staffContext.close();
  }

  // The citizen sees the answer on the case page and in their notices.
  await page.goto(casePath);
  text = await page.locator('#case-ratings').innerText();
  assert.ok(text.includes('部门已反馈（已办结）'), 'the case page says the department answered');
  assert.ok(text.includes('您反映的问题已整改：咨询电话已安排专人值守，感谢您的监督。'), 'the feedback is on the case page');
  await page.goto('/me/notices');
  assert.ok((await bodyText(page)).includes('您的评价已有整改反馈'), 'a notice in the inbox');

  // The public statistics count the rating.
  const after = await stats(page);
  assert.equal(after.count, before.count + 1, `one more rating (${before.count} → ${after.count})`);
  assert.equal(after.bad, before.bad + 1, `one more 差评 (${before.bad} → ${after.bad})`);
  assert.ok((await bodyText(page)).includes('食品经营许可'), 'the item is in the statistics');

  // The supervisor's report has the department's rates.
  const sup = await (await newContext()).newPage();
  try {
    await staffLogin(sup, 'supervisor');
    await sup.goto('/staff/ratings/report');
    const row = sup.locator('tr', { hasText: '庄浪县市场监督管理局' });
    assert.equal(await row.count(), 1, 'the department has a row');
    assert.ok((await row.innerText()).includes('%'), 'with its rates');
    await axeCheck(sup, '/staff/ratings/report');
  } finally {
    await sup.context().close();
  }
});
