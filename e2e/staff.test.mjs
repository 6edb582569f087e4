// Staff journeys: the window clerk's workbench and the administrator's console.

import assert from 'node:assert/strict';
import {
  DEMO,
  assertLabelled,
  assertPageChrome,
  axeCheck,
  bodyText,
  e2eTest,
  h1Text,
  pathOf,
  staffLogin,
} from './helpers.mjs';

e2eTest('staff login → workbench', async ({ page }) => {
  await page.goto('/staff/login');
  await assertPageChrome(page);
  await assertLabelled(page, 'username', '用户名');
  await assertLabelled(page, 'password', '密码');

  await staffLogin(page, DEMO.clerkNanhu.username);
  assert.equal(pathOf(page), '/staff', 'a clerk lands on /staff');
  assert.equal(await h1Text(page), '工作台');
  const text = await bodyText(page);
  assert.ok(text.includes(DEMO.clerkNanhu.role), `the workbench shows the role ${DEMO.clerkNanhu.role}`);
  assert.ok(text.includes(DEMO.clerkNanhu.scope), `the workbench shows the scope ${DEMO.clerkNanhu.scope}`);
  await axeCheck(page, '/staff');

  const response = await page.goto('/admin');
  assert.equal(response.status(), 403, 'a window clerk is forbidden from /admin');
});

e2eTest('admin console', async ({ page }) => {
  await staffLogin(page, DEMO.admin.username);
  assert.notEqual(pathOf(page), '/staff/login', 'the administrator signs in');

  const response = await page.goto('/admin');
  assert.equal(response.status(), 200);
  assert.equal(await h1Text(page), '管理控制台');
  const links = [
    ['/admin/regions', '区划'],
    ['/admin/departments', '部门'],
    ['/admin/halls', '大厅与窗口'],
    ['/admin/staff', '工作人员'],
  ];
  for (const [href, label] of links) {
    const texts = await page.locator(`a[href="${href}"]`).allInnerTexts();
    assert.ok(texts.some((t) => t.includes(label)), `a link to ${href} reading ${label} (found ${JSON.stringify(texts)})`);
  }
  await axeCheck(page, '/admin');

  await page.goto('/admin/regions');
  const text = await bodyText(page);
  assert.ok(text.includes('庄浪县'), '/admin/regions lists 庄浪县');
  assert.ok(text.includes('南湖镇'), '/admin/regions lists 南湖镇');
  await axeCheck(page, '/admin/regions');
});
