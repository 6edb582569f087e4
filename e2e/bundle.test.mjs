// 一件事 in the browser: a citizen applies for 我要开餐馆 — answers the
// scenario questions, fills one form, uploads each material once, submits —
// and follows one bundle page; the market regulator's reviewer finds the
// cases of its department in the inbox and asks for a supplement, which the
// citizen answers with a new file from the case page.

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

e2eTest('我要开餐馆: one application, three cases, one timeline, a supplement answered', async ({ page }) => {
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

  // One timeline for the bundle.
  await page.goto(bundleURL);
  text = await bodyText(page);
  assert.ok(text.includes('一次性告知补正') && text.includes('补正材料'), 'the bundle timeline has every case\'s events');
  assert.equal(await h1Text(page), '我要开餐馆');
});
