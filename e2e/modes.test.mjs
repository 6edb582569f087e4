// Display modes and language: the home page in elderly mode, back to the
// standard mode, and English.

import assert from 'node:assert/strict';
import {
  assertPageChrome,
  axeCheck,
  displayMode,
  e2eTest,
  h1Text,
  pathOf,
} from './helpers.mjs';

const HOME_H1 = '您要办什么事？';

e2eTest('elderly mode survives a reload', async ({ page }) => {
  await page.goto('/');
  assert.notEqual(await displayMode(page), 'elderly', 'a new visitor starts in the standard mode');
  const kiosk = page.getByRole('button', { name: '自助终端模式', exact: true })
    .or(page.getByRole('link', { name: '自助终端模式', exact: true }));
  assert.ok(await kiosk.count() > 0, 'a 自助终端模式 switch is offered');

  await page.getByRole('button', { name: '长辈模式', exact: true }).click();
  await page.waitForSelector('html[data-mode="elderly"]', { state: 'attached' });
  await page.waitForLoadState('load');
  assert.equal(pathOf(page), '/', 'switching mode reloads the same page');

  await page.reload();
  assert.equal(await displayMode(page), 'elderly', 'the mode is remembered across a reload');
  assert.equal(await h1Text(page), HOME_H1);
  await axeCheck(page, '/ in elderly mode');

  await page.getByRole('button', { name: '标准模式', exact: true }).click();
  await page.waitForFunction(() => document.documentElement.dataset.mode !== 'elderly');
  await page.waitForLoadState('load');
  assert.equal(pathOf(page), '/');
  assert.ok(await page.getByRole('button', { name: '长辈模式', exact: true }).count() > 0,
    'back in the standard mode the switch reads 长辈模式 again');
  await page.reload();
  assert.notEqual(await displayMode(page), 'elderly', 'the standard mode is remembered too');
});

e2eTest('English', async ({ page }) => {
  await page.goto('/');
  await assertPageChrome(page);
  assert.equal(await h1Text(page), HOME_H1);
  // The page's own search (the header carries a second, smaller one).
  const search = page.locator('main form[role="search"]');
  assert.equal(await search.count(), 1, 'the home page has a search form');
  assert.equal(await search.locator('input[name="q"]').count(), 1, 'the search form has input q');
  const header = page.locator('header').first();
  assert.ok(await header.getByRole('link', { name: '登录', exact: true }).count() > 0, 'signed out: 登录 link');
  assert.ok(await header.getByRole('link', { name: '注册', exact: true }).count() > 0, 'signed out: 注册 link');
  await axeCheck(page, '/');

  await page.getByRole('button', { name: 'English', exact: true }).click();
  await page.waitForSelector('html[lang="en"]', { state: 'attached' });
  await page.waitForLoadState('load');
  assert.equal(pathOf(page), '/', 'switching language reloads the same page');
  await assertPageChrome(page, { lang: 'en' });
  const h1 = await h1Text(page);
  assert.notEqual(h1, HOME_H1, 'the heading is translated');
  assert.ok(h1.length > 0, 'the English page has a heading');
  await axeCheck(page, '/ in English');

  await page.getByRole('button', { name: '中文', exact: true }).click();
  await page.waitForSelector('html[lang="zh-CN"]', { state: 'attached' });
  await page.waitForLoadState('load');
  assert.equal(await h1Text(page), HOME_H1, 'switching back restores Chinese');
});
