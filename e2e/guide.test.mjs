// Public guides (办事指南) and catalog navigation: a citizen browses /items,
// narrows by a topic, opens a guide and finds the online application and the
// PDF; the list, a guide and a bundle page pass axe.

import assert from 'node:assert/strict';
import {
  assertPageChrome,
  axeCheck,
  bodyText,
  clickAndWait,
  e2eTest,
  h1Text,
  pathOf,
} from './helpers.mjs';


e2eTest('a citizen finds a guide through the topics and reads it', async ({ page }) => {
  await page.goto('/items');
  assert.equal(await h1Text(page), '办事事项');
  await assertPageChrome(page);
  // At least the 171 demo items; other tests on the same server may publish more.
  const listedCount = Number((await bodyText(page)).match(/共 (\d+) 个事项/)?.[1]);
  assert.ok(listedCount >= 171, `the list shows ${listedCount} items, want at least the 171 demo items`);
  await axeCheck(page, '/items');

  // Narrow by a topic: the facet link says how many items it has.
  const topics = page.getByRole('navigation', { name: '筛选条件' });
  await clickAndWait(page, topics.getByRole('link', { name: /^开办企业（\d+）$/ }));
  assert.equal(pathOf(page), '/items');
  assert.equal(new URL(page.url()).searchParams.get('topic'), '开办企业');
  const current = topics.locator('a[aria-current="true"]', { hasText: '开办企业' });
  assert.equal(await current.count(), 1, 'the chosen topic is marked as current');
  const listed = await page.locator('.item-list h3 a').allInnerTexts();
  assert.ok(listed.includes('食品经营许可（新办）'), `开办企业 lists 食品经营许可（新办）: ${listed.join(', ')}`);
  assert.ok(!listed.includes('居民身份证申领'), 'an item of another topic is not listed');

  // Open the guide.
  await clickAndWait(page, page.getByRole('link', { name: '食品经营许可（新办）', exact: true }));
  assert.equal(pathOf(page), '/guides/food-biz-license');
  assert.equal(await h1Text(page), '食品经营许可（新办）');
  for (const heading of ['基本信息', '受理条件', '申请材料', '办理流程', '收费标准', '办理地点和时间', '网上办理', '常见问题']) {
    assert.equal(await page.getByRole('heading', { level: 2, name: heading, exact: true }).count(), 1, `section ${heading}`);
  }
  const text = await bodyText(page);
  assert.match(text, /不收费/);
  assert.match(text, /5 个工作日/);
  assert.match(text, /号窗口（商事登记）/);
  assert.match(text, /请到窗口领取或在线办理时下载/);
  const materials = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: '材料名称' }) });
  assert.ok(await materials.locator('tbody tr').count() >= 5, 'the materials table lists the materials');

  // The online application is offered (its flow comes later) and the PDF downloads.
  const apply = page.getByRole('link', { name: '在线办理', exact: true });
  assert.equal(await apply.getAttribute('href'), '/apply/food-biz-license');
  const pdfLink = page.getByRole('link', { name: '下载办事指南（PDF）' });
  const pdf = await page.request.get(await pdfLink.getAttribute('href'));
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.ok((await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'the download is a PDF');
  await axeCheck(page, '/guides/food-biz-license');
});

e2eTest('a life-event tile on the home page lists that event\'s items', async ({ page }) => {
  await page.goto('/');
  await clickAndWait(page, page.getByRole('link', { name: '生孩子', exact: true }));
  assert.equal(pathOf(page), '/items');
  assert.equal(await h1Text(page), '“生孩子”相关事项');
  const listed = await page.locator('.item-list h3 a').allInnerTexts();
  assert.ok(listed.includes('出生医学证明首次签发'), `生孩子 lists 出生医学证明首次签发: ${listed.join(', ')}`);
});

e2eTest('the restaurant bundle shows its items, questions and shared materials', async ({ page }) => {
  await page.goto('/bundles');
  await clickAndWait(page, page.getByRole('link', { name: '我要开餐馆', exact: true }));
  assert.equal(pathOf(page), '/bundles/bundle-open-restaurant');
  assert.equal(await h1Text(page), '我要开餐馆');
  for (const heading of ['包含的事项', '需要回答的问题', '只需提交一次的材料']) {
    assert.equal(await page.getByRole('heading', { level: 2, name: heading }).count(), 1, `section ${heading}`);
  }
  assert.equal(await page.getByRole('link', { name: '食品经营许可（新办）', exact: true }).getAttribute('href'),
    '/guides/food-biz-license');
  await axeCheck(page, '/bundles/bundle-open-restaurant');
});

e2eTest('every published guide passes axe', async ({ page }) => {
  // Every guide, not a sample: the catalog's acceptance asks for each page.
  const res = await page.request.get('/api/v1/items?limit=500');
  assert.equal(res.status(), 200);
  const { items, total } = await res.json();
  assert.ok(total >= 171 && items.length === total, `the API lists ${items.length} of ${total} items`);
  for (const { slug } of items) {
    const response = await page.goto(`/guides/${slug}`);
    assert.equal(response.status(), 200, `/guides/${slug}`);
    await axeCheck(page, `/guides/${slug}`);
  }
}, { timeout: 600_000 });
