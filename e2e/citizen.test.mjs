// Citizen journeys: registration, my space, sign-out and sign-in, field
// errors, and registering an enterprise.

import assert from 'node:assert/strict';
import {
  NANHU,
  assertLabelled,
  assertPageChrome,
  axeCheck,
  bodyText,
  clickAndWait,
  e2eTest,
  fieldErrorIDs,
  h1Text,
  maskIDNumber,
  newPerson,
  pathOf,
  randomCreditCode,
  randomEnterpriseName,
  registerCitizen,
  submitRegistration,
} from './helpers.mjs';

e2eTest('register → my space → logout → login', async ({ page }) => {
  await page.goto('/register');
  await assertPageChrome(page);
  await assertLabelled(page, 'name', '姓名');
  await assertLabelled(page, 'id_number', '身份证号码');
  await assertLabelled(page, 'phone', '手机号码');
  await assertLabelled(page, 'region_code', '常住地');
  await assertLabelled(page, 'password', '密码');
  await assertLabelled(page, 'password_confirm', '确认密码');
  const nanhu = page.locator(`select[name="region_code"] option[value="${NANHU.code}"]`);
  assert.match(await nanhu.innerText(), /南湖镇/, 'region option 620825101 is 南湖镇');
  await axeCheck(page, '/register');

  const person = await registerCitizen(page);

  assert.equal(await h1Text(page), '我的空间');
  const text = await bodyText(page);
  assert.ok(text.includes(person.name), `my space shows the name ${person.name}`);
  assert.ok(text.includes(maskIDNumber(person.idNumber)),
    `my space shows the masked ID number ${maskIDNumber(person.idNumber)}`);
  const html = await page.content();
  assert.ok(!html.includes(person.idNumber), 'the full ID number must not appear anywhere in the HTML');
  await axeCheck(page, '/me');

  await clickAndWait(page, page.getByRole('button', { name: '退出登录', exact: true }));
  assert.equal(pathOf(page), '/', 'logout returns to the home page');
  const header = page.locator('header').first();
  assert.ok(await header.getByRole('link', { name: '登录', exact: true }).count() > 0, 'signed out: 登录 link');
  assert.equal(await header.getByRole('button', { name: '退出登录' }).count(), 0, 'signed out: no 退出登录');

  await page.goto('/me');
  assert.equal(pathOf(page), '/login', '/me redirects to /login when signed out');

  await assertLabelled(page, 'login', '身份证号码或手机号码');
  await assertLabelled(page, 'password', '密码');
  await page.fill('input[name="login"]', person.phone);
  await page.fill('input[name="password"]', person.password);
  await clickAndWait(page, page.getByRole('button', { name: '登录', exact: true }));
  assert.equal(pathOf(page), '/me', 'signing in with the phone number lands on /me');
  assert.equal(await h1Text(page), '我的空间');
  assert.ok((await bodyText(page)).includes(person.name));
});

e2eTest('wrong password is refused', async ({ page }) => {
  const person = await registerCitizen(page);
  await clickAndWait(page, page.getByRole('button', { name: '退出登录', exact: true }));

  await page.goto('/login');
  await page.fill('input[name="login"]', person.idNumber);
  await page.fill('input[name="password"]', `${person.password}x`);
  await clickAndWait(page, page.getByRole('button', { name: '登录', exact: true }));
  assert.notEqual(pathOf(page), '/me', 'a wrong password must not sign in');
  const summary = page.locator('.error-summary');
  assert.match(await summary.innerText(), /密码/, 'the error summary mentions 密码');
  await axeCheck(page, '/login with an error');
});

e2eTest('ID check digit', async ({ page }) => {
  // 110105194912310021: the check character should be X, not 1.
  const person = { ...newPerson(), idNumber: '110105194912310021' };
  let response = await submitRegistration(page, person);
  assert.equal(response.status(), 422, 'a bad check digit re-renders the form with 422');
  assert.equal(pathOf(page), '/register');

  const summary = page.locator('.error-summary');
  assert.equal(await summary.count(), 1, 'an error summary is shown');
  assert.equal(await summary.getAttribute('role'), 'alert', 'the error summary has role="alert"');
  assert.match(await page.locator('#id_number-error').innerText(), /校验码/,
    '#id_number-error explains the check digit (校验码)');
  assert.match(await summary.innerText(), /校验码/, 'the error summary lists the check-digit error');
  assert.equal(await page.getAttribute('input[name="id_number"]', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('input[name="name"]'), person.name, 'the typed name is kept');
  assert.equal(await page.inputValue('input[name="phone"]'), person.phone, 'the typed phone is kept');
  assert.equal(await page.inputValue('input[name="id_number"]'), person.idNumber, 'the typed ID number is kept');
  assert.equal(await page.inputValue('input[name="password"]'), '', 'the password is not echoed back');
  assert.equal(await page.inputValue('input[name="password_confirm"]'), '', 'the confirmation is not echoed back');
  await axeCheck(page, '/register with a field error');

  // 11010519491231002X has a correct check character. It can be registered
  // only once per database, so prove it passes the field check by pairing it
  // with a mismatching confirmation: the only error must be on that field.
  const valid = { ...newPerson(), idNumber: '11010519491231002X' };
  response = await submitRegistration(page, { ...valid, passwordConfirm: `${valid.password}-different` });
  assert.equal(response.status(), 422);
  assert.deepEqual(await fieldErrorIDs(page), ['password_confirm-error'],
    'password_confirm is the only field in error (in particular no #id_number-error)');
  const invalid = await page.locator('[aria-invalid="true"]').evaluateAll((els) => els.map((el) => el.name));
  assert.deepEqual(invalid, ['password_confirm'], 'only password_confirm is marked aria-invalid');

  // A fresh valid ID number is accepted.
  await registerCitizen(page);
  assert.equal(await h1Text(page), '我的空间');
});

e2eTest('credit code', async ({ page }) => {
  const person = await registerCitizen(page);

  // 91350100M000100Y44: the GB 32100 check character should be 3.
  await page.goto('/me/orgs/new');
  await assertLabelled(page, 'credit_code', '统一社会信用代码');
  await assertLabelled(page, 'name', '企业名称');
  await assertLabelled(page, 'legal_rep', '法定代表人');
  const badName = randomEnterpriseName();
  await page.fill('input[name="credit_code"]', '91350100M000100Y44');
  await page.fill('input[name="name"]', badName);
  await page.fill('input[name="legal_rep"]', person.name);
  const response = await clickAndWait(page, page.getByRole('button', { name: '登记企业', exact: true }));
  assert.equal(response.status(), 422, 'a bad check character re-renders the form with 422');
  assert.match(await page.locator('#credit_code-error').innerText(), /校验/);
  assert.equal(await page.getAttribute('input[name="credit_code"]', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('input[name="name"]'), badName, 'the typed enterprise name is kept');

  const name = randomEnterpriseName();
  await page.fill('input[name="credit_code"]', randomCreditCode());
  await page.fill('input[name="name"]', name);
  await page.fill('input[name="legal_rep"]', person.name);
  await clickAndWait(page, page.getByRole('button', { name: '登记企业', exact: true }));
  assert.equal(pathOf(page), '/me', 'registering an enterprise returns to /me');
  assert.ok((await bodyText(page)).includes(name), `/me lists the enterprise ${name}`);
  assert.ok(!(await bodyText(page)).includes(badName), 'the refused enterprise was not registered');
});
