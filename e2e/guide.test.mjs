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

// Running axe over all 171 demo guides would take minutes in the browser
// suite; the Go tests already render every guide (internal/web/guide_test.go).
// These 10 cover every item type present in the demo catalog — 01 行政许可,
// 05 行政给付, 07 行政确认, 08 行政奖励, 09 行政裁决, 10 其他行政权力 and
// 20 公共服务 — and the layouts that differ: a fee table with a document-number
// basis, a statutory limit in months, consultation-only depth (no online
// application), conditional materials with forms, and a long materials table.
const AXE_GUIDES = [
  ['food-biz-license', '01 行政许可: fully online, conditional materials, blank and sample forms'],
  ['private-kindergarten-approval', '01 行政许可: statutory limit in months'],
  ['minimum-living-allowance', '05 行政给付'],
  ['id-card-apply', '07 行政确认: charged, fee basis 发改价格〔2003〕2322号'],
  ['re-transfer-second-hand', '07 行政确认: several fees, a long materials table'],
  ['temp-id-card', '07 行政确认: consultation only, no online application'],
  ['food-safety-report-reward', '08 行政奖励'],
  ['forest-land-dispute-ruling', '09 行政裁决'],
  ['invoice-application', '10 其他行政权力'],
  ['birth-medical-certificate', '20 公共服务'],
];

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

e2eTest('guides of every item type pass axe', async ({ page }) => {
  for (const [slug, why] of AXE_GUIDES) {
    const response = await page.goto(`/guides/${slug}`);
    assert.equal(response.status(), 200, `/guides/${slug} (${why})`);
    await axeCheck(page, `/guides/${slug} (${why})`);
  }
}, { timeout: 300_000 });
