// Search journeys: the one box on the home page, in the header of every page
// and on the result page; suggestions while typing; the "no good match" answer;
// the administrator's synonyms and no-result log.

import assert from 'node:assert/strict';
import {
  assertLabelled,
  assertPageChrome,
  axeCheck,
  bodyText,
  clickAndWait,
  e2eTest,
  h1Text,
  pathOf,
  staffLogin,
} from './helpers.mjs';

// The index follows the catalog every second; right after the server starts
// it may still be catching up with the freshly installed demo catalog.
async function searchUntilFound(page, query, linkText) {
  for (let i = 0; i < 20; i++) {
    await page.goto(`/search?q=${encodeURIComponent(query)}`);
    if (await page.getByRole('link', { name: linkText, exact: true }).count() > 0) return;
    await page.waitForTimeout(500);
  }
  assert.fail(`searching ${query} never listed ${linkText}`);
}

e2eTest('home search box → results with department, time limit and guide link', async ({ page }) => {
  await searchUntilFound(page, '开饭店', '食品经营许可（新办）');
  await page.goto('/');
  await assertPageChrome(page);
  assert.equal((await page.locator('label[for="q"]').innerText()).trim(), '搜索办事事项', 'the home box is labelled');
  await page.fill('#q', '开饭店');
  await clickAndWait(page, page.locator('main form[role="search"] button[type="submit"]'));
  assert.equal(pathOf(page), '/search');
  assert.equal(await h1Text(page), '“开饭店”的搜索结果');
  const link = page.getByRole('link', { name: '食品经营许可（新办）', exact: true });
  assert.equal(await link.getAttribute('href'), '/guides/food-biz-license');
  const text = await bodyText(page);
  for (const want of ['县市场监管局', '承诺时限', '网上办理', '实施部门', '服务对象']) {
    assert.ok(text.includes(want), `the result page shows ${want}`);
  }
  await axeCheck(page, '/search?q=开饭店');

  // A facet narrows the list and says how to undo it.
  await page.locator('#facets-title').click();
  await clickAndWait(page, page.locator('nav[aria-labelledby="facets-title"] a').filter({ hasText: '县市场监管局' }).first());
  assert.ok((await bodyText(page)).includes('清除全部筛选'), 'a filtered page offers to clear the filters');
  await axeCheck(page, '/search filtered');
});

e2eTest('a query nothing answers says so and offers guesses', async ({ page }) => {
  await searchUntilFound(page, '办退休', '企业职工正常退休（职）申请及基本养老金申领');
  await page.goto(`/search?q=${encodeURIComponent('火星移民签证')}`);
  const text = await bodyText(page);
  assert.ok(text.includes('没有找到完全匹配的事项'), 'the page says there is no good match');
  assert.ok(text.includes('12345'), 'the page says where to get help');
  assert.equal(await page.locator('#results-title').count(), 0, 'no confident result list');
  await axeCheck(page, '/search no match');

  await page.goto(`/search?q=${encodeURIComponent('养蜂执照')}`);
  assert.ok((await bodyText(page)).includes('您是不是要找'), 'weak matches are offered as guesses');
});

e2eTest('header search box on every page; pinyin works', async ({ page }) => {
  await searchUntilFound(page, '办退休', '企业职工正常退休（职）申请及基本养老金申领');
  await page.goto('/login');
  await assertLabelled(page, 'q', '全站搜索');
  await page.fill('#site-q', 'kaifandian');
  await clickAndWait(page, page.locator('header form[role="search"] button'));
  assert.equal(pathOf(page), '/search');
  assert.ok(await page.getByRole('link', { name: '食品经营许可（新办）', exact: true }).count() > 0, 'pinyin finds the item');
});

e2eTest('suggestions while typing (progressive enhancement)', async ({ page }) => {
  await searchUntilFound(page, '开饭店', '食品经营许可（新办）');
  await page.goto('/search');
  const box = page.locator('#search-q');
  assert.equal(await box.getAttribute('role'), 'combobox', 'the script turns the box into a combobox');
  await box.pressSequentially('shipin', { delay: 30 });
  const option = page.getByRole('option', { name: '食品经营许可（新办）' });
  await option.waitFor();
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  await axeCheck(page, '/search with suggestions open');
  await box.press('ArrowDown');
  assert.ok(await box.getAttribute('aria-activedescendant'), 'arrow keys move through the suggestions');
  await Promise.all([page.waitForNavigation(), box.press('Enter')]);
  assert.match(pathOf(page), /^\/(guides|bundles|search)/, 'Enter follows the chosen suggestion');
});

e2eTest('administrator keeps synonyms and reads the no-result log', async ({ page }) => {
  await searchUntilFound(page, '开饭店', '食品经营许可（新办）');
  await page.goto(`/search?q=${encodeURIComponent('卖凉皮')}`);
  assert.ok((await bodyText(page)).includes('没有找到完全匹配的事项'), '卖凉皮 finds nothing before the synonym');

  await staffLogin(page, 'itemadmin');
  await page.goto('/admin/search/synonyms');
  assert.equal(await h1Text(page), '搜索同义词');
  assert.ok((await bodyText(page)).includes('开饭店'), 'the default synonyms are listed');
  await axeCheck(page, '/admin/search/synonyms');
  await page.fill('input[name="phrase"]', '卖凉皮');
  await page.fill('input[name="target"]', '食品经营许可 个体工商户设立登记');
  await clickAndWait(page, page.getByRole('button', { name: '添加', exact: true }));
  assert.equal(pathOf(page), '/admin/search/synonyms');
  assert.ok((await bodyText(page)).includes('卖凉皮'), 'the new synonym is listed');

  await page.goto(`/search?q=${encodeURIComponent('卖凉皮')}`);
  assert.ok(await page.getByRole('link', { name: '食品经营许可（新办）', exact: true }).count() > 0, 'the synonym applies at once');

  await page.goto('/admin/search/misses');
  assert.equal(await h1Text(page), '无结果搜索记录');
  assert.ok((await bodyText(page)).includes('火星移民签证') || (await bodyText(page)).includes('卖凉皮'), 'missed queries are listed');
  await axeCheck(page, '/admin/search/misses');

  await page.goto('/admin/search/synonyms');
  await clickAndWait(page, page.getByRole('button', { name: '删除“卖凉皮”' }));
  assert.ok(!(await bodyText(page)).includes('卖凉皮'), 'the synonym is deleted');
});
