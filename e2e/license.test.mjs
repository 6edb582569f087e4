// Electronic licences in the browser: 陈永福, acting for his noodle shop
// 庄浪县水洛镇示例面馆, applies for 食品经营许可; the market regulator's reviewer
// accepts and reviews it and its head approves it; the licence appears in the
// shop's wallet (证照夹) with a QR code whose public page says 有效; the
// administrator revokes it with a reason; the same page then says 已撤销.

import assert from 'node:assert/strict';
import {
  DEMO,
  DEMO_PASSWORD,
  axeCheck,
  bodyText,
  clickAndWait,
  e2eTest,
  h1Text,
  newContext,
  pathOf,
  staffLogin,
} from './helpers.mjs';

const pdf = (name) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n${name}\n%%EOF\n`) });

/** Signs a demo citizen in at /login. */
async function citizenLogin(page, login) {
  await page.goto('/login');
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await clickAndWait(page, page.getByRole('button', { name: '登录', exact: true }));
  assert.equal(pathOf(page), '/me', 'the citizen signs in');
}

/** Presses the action button of the open staff case page (its form is #act-<action>). */
async function act(page, action, label, comment) {
  const form = page.locator(`#act-${action}`);
  if (comment) await form.locator('textarea[name="comment"]').fill(comment);
  await clickAndWait(page, form.getByRole('button', { name: label, exact: true }));
}

e2eTest('食品经营许可: approved → in the wallet → QR page 有效 → revoked → QR page 已撤销', async ({ page }) => {
  const shop = DEMO.noodleShop;
  await citizenLogin(page, shop.idNumber);
  await clickAndWait(page, page.locator('tr', { hasText: shop.org }).getByRole('button', { name: '以此企业身份办事' }));
  assert.ok((await bodyText(page)).includes('正在以此企业身份办事'), 'the citizen acts for the shop');

  // Apply.
  await page.goto('/apply/food-biz-license');
  await page.fill('#f-contact_name', shop.name);
  await page.fill('#f-phone', '13900000005');
  if (await page.locator('#f-org_name').count()) await page.fill('#f-org_name', shop.org);
  if (await page.locator('#f-credit_code').count()) await page.fill('#f-credit_code', shop.creditCode);
  await page.check('input[name="delivery_method"][value="online"]');
  const inputs = page.locator('input[type="file"]');
  const n = await inputs.count();
  for (let i = 0; i < n; i++) {
    const id = await inputs.nth(i).getAttribute('id');
    const row = page.locator(`#${id}-row`);
    if ((await row.locator('input[type="checkbox"]').count()) > 0) continue; // conditional, or a licence offered instead
    if (!(await inputs.nth(i).isVisible())) continue;
    await inputs.nth(i).setInputFiles(pdf(`${id}.pdf`));
  }
  await clickAndWait(page, page.getByRole('button', { name: '提交申请' }));
  assert.match(pathOf(page), /^\/me\/cases\/\d+$/, `submitting leads to the case page (${await bodyText(page)})`);
  const caseNumber = (await bodyText(page)).match(/[0-9A-Z]{20,}/)?.[0];
  assert.ok(caseNumber, 'the case page shows the case number');

  // The market regulator handles it: the reviewer accepts and reviews, the head approves.
  const staff = await newContext();
  try {
    const reviewer = await staff.newPage();
    await staffLogin(reviewer, DEMO.reviewer.username);
    await reviewer.goto('/staff/cases');
    await clickAndWait(reviewer, reviewer.getByRole('link', { name: caseNumber }));
    await act(reviewer, 'accept', '受理');
    await act(reviewer, 'review', '审查通过', '材料齐全，现场核查合格');
    await reviewer.context().clearCookies();
    await staffLogin(reviewer, DEMO.head.username);
    await reviewer.goto('/staff/cases');
    await clickAndWait(reviewer, reviewer.getByRole('link', { name: caseNumber }));
    await act(reviewer, 'approve', '准予许可', '准予许可。');
    assert.ok((await bodyText(reviewer)).includes('已办结'), 'the case is concluded');
  } finally {
    await staff.close();
  }

  // The licence is in the shop's wallet, valid.
  await page.goto('/me');
  await clickAndWait(page, page.locator('header').getByRole('link', { name: '我的证照' }));
  assert.equal(pathOf(page), '/me/licenses');
  await axeCheck(page, '/me/licenses');
  const card = page.locator('.license-cards li', { hasText: '食品经营许可证' });
  assert.equal(await card.count(), 1, 'one 食品经营许可证 in the wallet');
  assert.ok((await card.innerText()).includes('有效'), 'its badge says 有效');
  await clickAndWait(page, card.getByRole('link', { name: '食品经营许可证' }));
  assert.equal(await h1Text(page), '食品经营许可证');
  let text = await bodyText(page);
  assert.ok(text.includes(shop.org), 'the holder is the shop');
  assert.ok(text.includes('庄浪县市场监督管理局'), 'issued by the market regulator');
  const qr = page.locator('.license-qr img');
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code image loads');
  await axeCheck(page, 'wallet licence page');
  const verifyURL = await page.locator('#verify-link').getAttribute('href');
  assert.match(verifyURL, /\/verify\/1\.2\.156\.3005\.2\./, 'the QR target is the public verification page of the identifier');

  // The QR page, without signing in.
  const visitor = await newContext();
  try {
    const check = await visitor.newPage();
    await check.goto(verifyURL);
    text = await bodyText(check);
    assert.equal((await check.locator('.verdict-word').innerText()).trim(), '有效', 'the QR page says 有效');
    for (const word of ['签章', 'JWS 签名', '有效期', '状态', '存证日志']) {
      assert.ok(text.includes(word), `the QR page lists the check ${word}`);
    }
    assert.ok(!text.includes(shop.idNumber) && !text.includes(shop.creditCode), 'no ID or credit code on the public page');
    await axeCheck(check, 'verification page');

    // The administrator revokes the licence with a reason.
    const admin = await (await newContext()).newPage();
    try {
      await staffLogin(admin, DEMO.admin.username);
      await admin.goto(`/staff/licenses?type=food-business-license&holder=${encodeURIComponent(shop.org)}`);
      await axeCheck(admin, '/staff/licenses');
      await clickAndWait(admin, admin.getByRole('link', { name: '食品经营许可证' }).first());
      await axeCheck(admin, 'staff licence page');
      const revoke = admin.locator('#act-revoke');
      await revoke.locator('textarea[name="reason"]').fill('经营场所不符合食品安全条件，依法撤销许可');
      // Without the confirmation box nothing changes.
      let response = await clickAndWait(admin, revoke.getByRole('button', { name: '撤销' }));
      assert.equal(response.status(), 422, 'the revocation waits for the confirmation');
      await admin.locator('#act-revoke textarea[name="reason"]').fill('经营场所不符合食品安全条件，依法撤销许可');
      await admin.locator('#act-revoke input[name="confirm"]').check();
      response = await clickAndWait(admin, admin.locator('#act-revoke').getByRole('button', { name: '撤销' }));
      assert.equal(response.status(), 200);
      assert.ok((await bodyText(admin)).includes('已撤销'), 'the staff page says 已撤销');

      // The seal and license-type consoles.
      await admin.goto('/admin/seals');
      assert.ok((await bodyText(admin)).includes('庄浪县市场监督管理局'), 'the market regulator has a seal');
      await axeCheck(admin, '/admin/seals');
      await clickAndWait(admin, admin.locator('a[href^="/admin/seals/"]').first());
      assert.ok((await bodyText(admin)).includes('用章记录'));
      await axeCheck(admin, 'a seal');
      await admin.goto('/admin/license-types/food-business-license');
      assert.equal(await h1Text(admin), '食品经营许可证');
      await axeCheck(admin, 'a license type');
    } finally {
      await admin.context().close();
    }

    await check.reload();
    assert.equal((await check.locator('.verdict-word').innerText()).trim(), '已撤销', 'the QR page now says 已撤销');
    await axeCheck(check, 'verification page of a revoked licence');
  } finally {
    await visitor.close();
  }

  // The holder sees it too, in large type as well.
  await page.goto('/me/licenses');
  assert.ok((await page.locator('.license-cards li', { hasText: '食品经营许可证' }).innerText()).includes('已撤销'));
  await clickAndWait(page, page.getByRole('button', { name: '长辈模式' }));
  assert.equal(await page.getAttribute('html', 'data-mode'), 'elderly');
  assert.equal(pathOf(page), '/me/licenses', 'the mode switch stays on the wallet');
  await axeCheck(page, '/me/licenses in elderly mode');
});

e2eTest('verification form: an unknown identifier is said to be unknown', async ({ page }) => {
  await page.goto('/verify');
  assert.equal(await h1Text(page), '电子证照核验');
  await axeCheck(page, '/verify');
  await page.fill('input[name="identifier"]', '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U');
  await clickAndWait(page, page.getByRole('button', { name: '核验', exact: true }));
  assert.equal((await page.locator('.verdict-word').innerText()).trim(), '未找到该证照');
});
