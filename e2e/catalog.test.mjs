// The catalog journey (事项管理): a department clerk claims a basic entry,
// compiles it, submits it; the item administrator returns it with a comment;
// the clerk fixes and resubmits; the administrator approves and publishes, and
// the public guide shows the item — until the administrator cancels it.

import assert from 'node:assert/strict';
import {
  assertLabelled,
  axeCheck,
  bodyText,
  clickAndWait,
  e2eTest,
  h1Text,
  newContext,
  pathOf,
  staffLogin,
} from './helpers.mjs';

/** Basic entries of 县市场监管局's line that the demo leaves unclaimed. */
const PREFERRED = ['食品小作坊登记', '特种设备使用登记', '广告发布登记'];

/**
 * Finds an entry with a 认领 button: a preferred one, or else the first of any
 * line (the server may be shared, and earlier runs claim the preferred ones).
 * Returns the entry's name and its button.
 */
async function chooseEntry(page) {
  await page.goto('/staff/catalog/entries');
  for (const name of PREFERRED) {
    const button = page.getByRole('button', { name: `认领 ${name}`, exact: true });
    if (await button.count() > 0) return { name, button: button.first() };
  }
  await page.goto('/staff/catalog/entries?line=');
  const button = page.locator('form[action$="/claim"] button').first();
  assert.ok(await button.count() > 0, 'some basic entry can still be claimed');
  return { name: (await button.getAttribute('aria-label')).replace(/^认领 /, ''), button };
}

/** Fills the draft form of the item page with elements that pass every blocking rule. */
async function compile(page, name) {
  const fill = (field, value) => page.fill(`[name="${field}"]`, value);
  await page.selectOption('[name="item_type"]', '01');
  await fill('accept_conditions', '申请人具有固定的经营场所和必要的设施设备，符合相关管理规定。');
  await fill('legal_basis', '《中华人民共和国行政许可法》第十二条\n《甘肃省食品小作坊小经营店小摊点管理条例》第十条');
  await fill('statutory_days', '20');
  await page.selectOption('[name="statutory_unit"]', '工作日');
  await fill('promised_days', '10');
  await page.selectOption('[name="project_type"]', { label: '承诺件' });
  await fill('visits_required', '1');
  await fill('visits_reason', '现场核验原件');
  for (const code of ['1', '2', '3', '4']) await page.check(`#online_depth-${code}`);
  await page.check('#service_objects-1');
  await fill('address', '庄浪县政务服务中心一楼 2 号窗口');
  await fill('hours', '工作日 上午 8:30–12:00，下午 14:30–18:00');
  await fill('materials.0.name', '营业执照');
  await fill('materials.0.copies', '1');
  await fill('materials.1.name', '经营场所使用证明');
  await fill('materials.1.copies', '1');
  const steps = [['受理', '1'], ['审查', '5'], ['决定', '2']];
  for (const [i, [step, days]] of steps.entries()) {
    await fill(`process.${i}.step`, step);
    await fill(`process.${i}.days`, days);
  }
  await fill('result.name', `${name}证`);
  await page.selectOption('[name="result.type"]', '出证办结');
  await fill('faq.0.q', '办理需要多长时间？');
  await fill('faq.0.a', '材料齐全的，10 个工作日内办结。');
}

e2eTest('catalog: claim → compile → return → resubmit → approve → public guide', async ({ page }) => {
  // The clerk of 县市场监管局 opens 事项管理 from the workbench.
  await staffLogin(page, 'reviewer.scjg');
  assert.equal(pathOf(page), '/staff');
  await clickAndWait(page, page.locator('a[href="/staff/catalog"]'));
  assert.equal(await h1Text(page), '事项管理');
  assert.ok((await bodyText(page)).includes('认领率与要素完整度'), 'the list shows the claim-rate table');
  await axeCheck(page, '/staff/catalog');

  // Claim a basic entry.
  const { name, button } = await chooseEntry(page);
  await axeCheck(page, '/staff/catalog/entries');
  await clickAndWait(page, button);
  assert.match(pathOf(page), /^\/staff\/catalog\/items\/\d+$/, 'claiming opens the new item');
  const itemPath = pathOf(page);
  assert.equal(await h1Text(page), name);
  assert.ok((await bodyText(page)).includes('缺少必填要素'), 'a fresh claim lacks core elements');
  await assertLabelled(page, 'accept_conditions', '受理条件');
  await assertLabelled(page, 'materials.0.name', '第 1 项材料名称');
  await axeCheck(page, `${itemPath} (claimed)`);

  // Compile and save: only advice is left (no phones yet).
  await compile(page, name);
  await clickAndWait(page, page.getByRole('button', { name: '保存草稿', exact: true }));
  let text = await bodyText(page);
  assert.ok(text.includes('草稿已保存'), 'the save is confirmed');
  assert.ok(text.includes('咨询电话和投诉电话都应填写'), 'the quality check reports the missing phones');
  assert.equal(await page.locator('#findings .tag.warn').count(), 0, 'no finding blocks submission');
  assert.ok(await page.locator('#findings .tag').count() > 0, 'the findings are marked 建议 in words');
  await axeCheck(page, `${itemPath} (findings)`);
  await clickAndWait(page, page.getByRole('button', { name: '提交审核', exact: true }));
  assert.ok((await bodyText(page)).includes('已提交审核'), 'the submission is confirmed');

  // The item administrator returns it with a comment.
  const adminContext = await newContext();
  try {
    const admin = await adminContext.newPage();
    await staffLogin(admin, 'itemadmin');
    await admin.goto('/staff/catalog');
    assert.ok(await admin.locator('#pending-title').count() > 0, 'the administrator sees the 待审核 list');
    assert.ok(await admin.locator(`a[href="${itemPath}"]`).count() > 0, 'the submitted item is waiting for review');
    await admin.goto(itemPath);
    await axeCheck(admin, `${itemPath} (review)`);
    await admin.fill('[name="comment"]', '请补充咨询电话和投诉电话。');
    await clickAndWait(admin, admin.getByRole('button', { name: '退回', exact: true }));
    assert.ok((await bodyText(admin)).includes('已退回部门修改'));

    // The clerk reads the comment, fixes the phones and resubmits.
    await page.goto(itemPath);
    text = await bodyText(page);
    assert.ok(text.includes('已退回'), 'the clerk sees the item was returned');
    assert.ok(text.includes('请补充咨询电话和投诉电话。'), 'the clerk sees the comment');
    await page.fill('[name="consult_phone"]', '0933-6621234');
    await page.fill('[name="complaint_phone"]', '0933-12345');
    await clickAndWait(page, page.getByRole('button', { name: '保存草稿', exact: true }));
    assert.ok((await bodyText(page)).includes('质检未发现问题'), 'the fixed draft is clean');
    await clickAndWait(page, page.getByRole('button', { name: '提交审核', exact: true }));

    // The administrator approves and publishes.
    await admin.goto(itemPath);
    await clickAndWait(admin, admin.getByRole('button', { name: '通过并发布', exact: true }));
    text = await bodyText(admin);
    assert.ok(text.includes('已审核通过并发布'), 'the approval is confirmed');
    assert.ok(text.includes('v1'), 'version 1 is published');
    const slug = (await admin.locator('.item-slug').innerText()).trim();
    assert.ok(slug, 'the item page shows the slug');

    // The public guide shows the item to anyone.
    const response = await page.goto(`/guides/${slug}`);
    assert.equal(response.status(), 200, `/guides/${slug} answers 200`);
    assert.ok((await page.locator('h1').first().innerText()).includes(name), 'the guide is headed with the item name');

    // Cancelling takes it off every public channel. It also leaves a shared
    // server as it was: the published catalog keeps its count, and the entry
    // can be claimed again by the next run.
    await admin.goto(itemPath);
    await admin.selectOption('[name="state"]', 'cancelled');
    await admin.fill('[name="reason"]', '端到端测试结束，撤下测试事项');
    await clickAndWait(admin, admin.getByRole('button', { name: '变更状态', exact: true }));
    assert.ok((await bodyText(admin)).includes('事项状态已变更'), 'the cancellation is confirmed');
    const gone = await page.goto(`/guides/${slug}`);
    assert.notEqual(gone.status(), 200, 'a cancelled item has no public guide');
  } finally {
    await adminContext.close();
  }
});
