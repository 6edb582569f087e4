// 一件事 in the browser: a citizen applies for 我要开餐馆 — answers the
// scenario questions, fills one form, uploads each material once, submits —
// and follows one bundle page; the market regulator's reviewer finds the
// cases of its department in the inbox and asks for a supplement, which the
// citizen answers with a new file from the case page. Then every department
// approves, the gas company with a fee the citizen pays through the sandbox
// gateway; one result is mailed and the others downloaded, and the bundle
// concludes on one timeline.

import assert from 'node:assert/strict';
import {
  axeCheck,
  bodyText,
  clickAndWait,
  e2eTest,
  h1Text,
  pathOf,
  registerCitizen,
  staffLogin,
  newContext,
} from './helpers.mjs';

const pdf = (name) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n${name}\n%%EOF\n`) });

e2eTest('我要开餐馆: one application, three cases handled to the end, one timeline', async ({ page }) => {
  const person = await registerCitizen(page);
  await page.goto('/bundles/bundle-open-restaurant');
  await clickAndWait(page, page.getByRole('link', { name: '在线办理一件事' }));
  assert.equal(pathOf(page), '/bundles/bundle-open-restaurant/apply');
  await page.check('#q_entity_type_0'); // 个体工商户
  await page.check('#q_use_gas_0');     // 是
  await page.check('#q_new_meter_1');   // 否
  await page.check('#q_sewer_1');       // 否
  await page.check('#q_online_1');      // 否
  await clickAndWait(page, page.getByRole('button', { name: '确定办理事项' }));
  let text = await bodyText(page);
  for (const item of ['个体工商户设立登记', '食品经营许可', '用气报装']) {
    assert.ok(text.includes(item), `the answers select ${item}`);
  }
  assert.ok(text.includes('无需提交'), 'the business licence is produced inside the bundle, not uploaded');
  await axeCheck(page, 'bundle apply form');

  // One form: the phone is asked once although three items need it.
  assert.equal(await page.locator('input[name="phone"]').count(), 1, 'the phone is asked once');
  await page.fill('#f-contact_name', person.name);
  await page.fill('#f-phone', person.phone);
  await page.check('input[name="delivery_method"][value="online"]');
  // Submitting without the files names every missing material and keeps the form.
  await clickAndWait(page, page.getByRole('button', { name: '提交申请' }));
  assert.ok((await bodyText(page)).includes('请上传'), 'missing materials are named');
  assert.equal(await page.inputValue('#f-phone'), person.phone, 'what was typed is kept');
  const inputs = page.locator('input[type="file"]');
  const n = await inputs.count();
  assert.ok(n >= 3, `a file input per material to upload (${n})`);
  for (let i = 0; i < n; i++) {
    const id = await inputs.nth(i).getAttribute('id');
    const row = page.locator(`#${id}-row`);
    if ((await row.locator('input[type="checkbox"]').count()) > 0) continue; // conditional: not ours
    await inputs.nth(i).setInputFiles(pdf(`${id}.pdf`));
  }
  await clickAndWait(page, page.getByRole('button', { name: '提交申请' }));
  assert.match(pathOf(page), /^\/me\/bundles\/\d+$/, 'submitting leads to the bundle page');
  text = await bodyText(page);
  assert.ok(text.includes('我要开餐馆'));
  assert.equal(await page.locator('tbody tr td a[href^="/me/cases/"]').count(), 3, 'three cases, one per item');
  assert.ok(text.includes('各事项由相关部门并联办理'));
  await axeCheck(page, 'bundle page');
  const bundleURL = pathOf(page);
  const foodLink = page.locator('tr', { hasText: '食品经营许可' }).locator('a').first();
  const number = (await foodLink.innerText()).trim();

  // The market regulator's reviewer asks for a supplement on the food licence.
  const staff = await newContext();
  const reviewer = await staff.newPage();
  await staffLogin(reviewer, 'reviewer.scjg');
  await reviewer.goto('/staff/cases');
  assert.ok((await bodyText(reviewer)).includes(number), 'the case is in the department inbox');
  await clickAndWait(reviewer, reviewer.getByRole('link', { name: number }));
  const notice = reviewer.locator('#act-request_supplement');
  await notice.locator('textarea[name="comment"]').fill('请补充经营场所布局平面图');
  await clickAndWait(reviewer, notice.getByRole('button', { name: '一次性告知补正' }));
  assert.ok((await bodyText(reviewer)).includes('待补正'));
  await staff.close();

  // The citizen answers from the case page with a new file.
  await page.goto(bundleURL);
  await clickAndWait(page, page.locator('tr', { hasText: '食品经营许可' }).locator('a').first());
  assert.ok((await bodyText(page)).includes('请补充经营场所布局平面图'), 'the notice is on the case page');
  const resubmit = page.locator('#act-resubmit');
  await resubmit.locator('input[type="file"]').first().setInputFiles(pdf('布局平面图.pdf'));
  await resubmit.locator('textarea[name="comment"]').fill('已补充平面图');
  await clickAndWait(page, resubmit.getByRole('button', { name: '补正材料' }));
  text = await bodyText(page);
  assert.ok(text.includes('待受理') && text.includes('已补充平面图'), 'back with the department');
  assert.ok(text.includes('布局平面图.pdf'), 'the new file is among the materials');

  // Every department approves: the market regulator both of its cases, the
  // gas company its own, fixing the connection fee.
  await page.goto(bundleURL);
  const numbers = {};
  for (const item of ['个体工商户设立登记', '食品经营许可', '用气报装']) {
    numbers[item] = (await page.locator('tr', { hasText: item }).locator('a').first().innerText()).trim();
  }
  const handle = async (username, number, steps) => {
    const ctx = await newContext();
    const s = await ctx.newPage();
    await staffLogin(s, username);
    await s.goto('/staff/cases');
    await clickAndWait(s, s.getByRole('link', { name: number }));
    for (const [action, comment, fee] of steps) {
      const form = s.locator(`#act-${action}`);
      if (fee) await form.locator('input[name="fee"]').fill(fee);
      await form.locator('textarea[name="comment"]').fill(comment);
      await clickAndWait(s, form.locator('button[type="submit"]'));
      assert.ok(!(await bodyText(s)).includes('请按提示修改'), `${username} ${action} on ${number} went through`);
    }
    await ctx.close();
  };
  for (const item of ['个体工商户设立登记', '食品经营许可']) {
    await handle('reviewer.scjg', numbers[item], [['accept', '材料齐全'], ['review', '符合条件']]);
    await handle('head.scjg', numbers[item], [['approve', '准予']]);
  }
  await handle('reviewer.gas', numbers['用气报装'], [['accept', '受理'], ['review', '具备通气条件']]);
  await handle('head.gas', numbers['用气报装'], [['approve', '准予通气', '1280.00']]);

  // The fee: paid through the sandbox gateway, confirmed by its signed callback.
  await page.goto(bundleURL);
  await clickAndWait(page, page.locator('tr', { hasText: '用气报装' }).locator('a').first());
  const gasURL = pathOf(page);
  assert.ok((await bodyText(page)).includes('1280.00'), 'the fee is on the case page');
  await clickAndWait(page, page.getByRole('button', { name: '去缴费' }));
  assert.match(pathOf(page), /^\/sandbox\/pay\//, 'the gateway\'s pay page');
  await clickAndWait(page, page.getByRole('button', { name: '支付', exact: true }));
  assert.match(pathOf(page), /^\/me\/payments\/return/, 'back from the gateway');
  await waitForText(page, gasURL, '电子票据号', 'the callback records the receipt');

  // The business licence is mailed: the citizen changes its delivery, the
  // regulator hands it to the courier, and the courier's scans end it.
  await page.goto(bundleURL);
  await clickAndWait(page, page.locator('tr', { hasText: '个体工商户设立登记' }).locator('a').first());
  const licenceURL = pathOf(page);
  await page.locator('summary', { hasText: '更改送达方式' }).click();
  await page.check('input[name="delivery_method"][value="mail"]');
  await page.fill('#dm-name', person.name);
  await page.fill('#dm-phone', person.phone);
  await page.fill('#dm-address', '甘肃省平凉市庄浪县南湖镇示例路 8 号');
  await clickAndWait(page, page.getByRole('button', { name: '确认更改' }));
  assert.ok((await bodyText(page)).includes('待交寄'), 'waiting for the courier');
  const mailer = await newContext();
  const m = await mailer.newPage();
  await staffLogin(m, 'reviewer.scjg');
  await m.goto('/staff/cases');
  await clickAndWait(m, m.getByRole('link', { name: numbers['个体工商户设立登记'] }));
  await clickAndWait(m, m.getByRole('button', { name: '交寄快递' }));
  await mailer.close();
  await waitForText(page, licenceURL, '快件已签收', 'the courier delivers it');

  // The other two are downloaded.
  for (const item of ['食品经营许可', '用气报装']) {
    await page.goto(bundleURL);
    await clickAndWait(page, page.locator('tr', { hasText: item }).locator('a').first());
    const link = page.getByRole('link', { name: '下载办结通知书（PDF）' });
    const res = await page.request.get(await link.getAttribute('href'));
    assert.equal(res.status(), 200, `the ${item} document downloads`);
    assert.ok((await res.body()).subarray(0, 5).toString() === '%PDF-', 'a PDF');
  }

  // One timeline for the bundle, concluded.
  await page.goto(bundleURL);
  text = await bodyText(page);
  assert.ok(text.includes('一次性告知补正') && text.includes('补正材料'), 'the bundle timeline has every case\'s events');
  assert.ok(text.includes('已缴费') && text.includes('结果已寄出') && text.includes('结果已下载'), 'payment and both deliveries are on it');
  assert.ok(text.includes('一件事已全部办结'), 'the bundle concluded');
  assert.equal(await h1Text(page), '我要开餐馆');
  await axeCheck(page, 'concluded bundle');
}, { timeout: 240_000 });

// waitForText reloads url until the page shows text (an outside system —
// the gateway's callback, the courier's scans — arrives on its own time).
async function waitForText(page, url, text, what) {
  for (let i = 0; i < 60; i++) {
    await page.goto(url);
    if ((await bodyText(page)).includes(text)) return;
    await page.waitForTimeout(1000);
  }
  assert.fail(`${what}: "${text}" never appeared on ${url}`);
}
