// Shared helpers for Tongban's browser tests.
//
// The tests run under Node's built-in runner (`node --test`), which starts one
// process per test file. Each file therefore gets one Chromium (launched on
// first use, closed after the file's last test) and every test gets a fresh
// browser context, so cookies, sessions and the remembered display mode never
// leak from one test into another.
//
// Chromium is Debian's (/usr/bin/chromium), driven through playwright-core:
// Playwright's own browser download does not work on this machine.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { createHash, randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import axe from 'axe-core';

/** The password of every demo account the server creates. */
export const DEMO_PASSWORD = 'Tongban@2026';

/** Demo accounts printed by `tongban serve` when it loads the demo data. */
export const DEMO = Object.freeze({
  citizen: { name: '王建国', idNumber: '620825196302140118', phone: '13900000001' },
  admin: { username: 'admin', role: '系统管理员', scope: '庄浪县' },
  clerkNanhu: { username: 'clerk.nanhu', role: '窗口人员', scope: '南湖镇' },
  clerkZhudian: { username: 'clerk.zhudian', role: '窗口人员', scope: '朱店镇' },
  reviewer: { username: 'reviewer.scjg', role: '部门审核人员', scope: '县市场监管局' },
  head: { username: 'head.scjg', role: '部门负责人', scope: '县市场监管局' },
  operator: { username: 'operator', role: '12345话务员', scope: '庄浪县' },
  // A citizen who owns a demo enterprise, so can act for it (代表企业办理).
  noodleShop: { name: '陈永福', idNumber: '620825198503180510', org: '庄浪县水洛镇示例面馆', creditCode: '92620825TB00022776' },
});

/** Township of 庄浪县 used when registering citizens. */
export const NANHU = Object.freeze({ code: '620825101', name: '南湖镇' });

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Flags that make Debian's Chromium work as root on a machine whose network
// is closed (without the background-networking ones it keeps dialling out).
export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** The server under test, e.g. http://127.0.0.1:43121 (set by scripts/e2e.sh). */
export function baseURL() {
  const url = process.env.TONGBAN_URL;
  if (!url) {
    throw new Error('TONGBAN_URL is not set; run the browser tests with scripts/e2e.sh');
  }
  return url.replace(/\/+$/, '');
}

let browserPromise = null;
let closeRegistered = false;

/** Launches (once per process, i.e. once per test file) Debian's Chromium. */
export function launchBrowser() {
  if (!browserPromise) {
    browserPromise = chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      timeout: 60_000,
    });
    // Let a later call retry if this launch fails.
    browserPromise.catch(() => { browserPromise = null; });
  }
  return browserPromise;
}

/** Closes the browser of this process, if one was launched. */
export async function closeBrowser() {
  if (!browserPromise) return;
  const pending = browserPromise;
  browserPromise = null;
  try {
    await (await pending).close();
  } catch {
    // The launch itself failed; that error was reported by the test that hit it.
  }
}

/** A new, isolated browser context: Chinese locale, China's time zone, baseURL set. */
export async function newContext(options = {}) {
  const browser = await launchBrowser();
  const context = await browser.newContext({
    baseURL: baseURL(),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  return context;
}

/**
 * Declares one browser test. `fn` receives `{ page, context, t }` with a fresh
 * context. On failure a full-page screenshot and the page's HTML are written to
 * e2e/artifacts/ and the browser-side errors seen are reported as diagnostics.
 */
export function e2eTest(name, fn, { timeout = 120_000 } = {}) {
  if (!closeRegistered) {
    closeRegistered = true;
    after(closeBrowser);
  }
  return test(name, { timeout }, async (t) => {
    const context = await newContext();
    const page = await context.newPage();
    const browserErrors = [];
    page.on('pageerror', (err) => browserErrors.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      // Skip the CSP report about our own injected axe script (see axeCheck).
      if (msg.type() === 'error' && !msg.text().includes(AXE_SOURCE_HASH)) {
        const where = msg.location()?.url;
        browserErrors.push(`console error: ${msg.text()}${where ? ` (${where})` : ''}`);
      }
    });
    try {
      await fn({ page, context, t });
    } catch (err) {
      await saveFailureArtifacts(page, name, t);
      for (const line of browserErrors) t.diagnostic(line);
      throw err;
    } finally {
      await context.close().catch(() => {});
    }
  });
}

async function saveFailureArtifacts(page, name, t) {
  try {
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const slug = name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80);
    const base = `${ARTIFACTS_DIR}${slug}-${stamp}`;
    t.diagnostic(`failed at ${page.url()}`);
    await page.screenshot({ path: `${base}.png`, fullPage: true, timeout: 10_000 });
    t.diagnostic(`screenshot: ${base}.png`);
    await writeFile(`${base}.html`, await page.content());
    t.diagnostic(`page HTML: ${base}.html`);
  } catch (err) {
    t.diagnostic(`could not save failure artifacts: ${err.message}`);
  }
}

// ---------------------------------------------------------------------------
// Accessibility

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Chromium names a CSP-blocked inline script by this hash in its console error.
const AXE_SOURCE_HASH = createHash('sha256').update(axe.source).digest('base64');

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and fails listing
 * every violation whose impact is serious or critical.
 */
export async function axeCheck(page, label = page.url()) {
  const loaded = () => page.evaluate(() => typeof window.axe?.run === 'function');
  if (!(await loaded())) {
    try {
      await page.addScriptTag({ content: axe.source });
    } catch {
      // A strict Content-Security-Policy (no 'unsafe-inline') blocks the tag;
      // evaluating through the DevTools protocol is not subject to it.
    }
    if (!(await loaded())) await page.evaluate(axe.source);
  }
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: tags });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    const lines = bad.map((v) => {
      const nodes = v.nodes.slice(0, 10).map((n) => `      - ${n.target}`);
      if (v.nodes.length > 10) nodes.push(`      … and ${v.nodes.length - 10} more`);
      return [`  ${v.id} [${v.impact}]: ${v.help} (${v.helpUrl})`, ...nodes].join('\n');
    });
    assert.fail(`axe found ${bad.length} serious/critical violation(s) on ${label}:\n${lines.join('\n')}`);
  }
}

// ---------------------------------------------------------------------------
// Page helpers

/** Clicks something that submits a form or follows a link; returns the final main-frame response. */
export async function clickAndWait(page, locator) {
  try {
    const [response] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      locator.click(),
    ]);
    return response;
  } catch (err) {
    // The usual cause of "no navigation": the browser's own form validation
    // (required, pattern, …) stopped the submit. Say which fields.
    const invalid = await page.evaluate(() => [...document.querySelectorAll('form :invalid')]
      .filter((el) => el.name)
      .map((el) => `${el.name}: ${el.validationMessage}`)).catch(() => []);
    if (invalid.length > 0) {
      throw new Error(`the browser refused to submit the form; invalid fields: ${invalid.join('; ')}`, { cause: err });
    }
    throw err;
  }
}

/** Path of the page's current URL (no query). */
export function pathOf(page) {
  return new URL(page.url()).pathname;
}

/** Asserts the form control `[name=<name>]` is labelled with text containing `label`. */
export async function assertLabelled(page, name, label) {
  const control = page.locator(`[name="${name}"]`).first();
  const text = await control.evaluate((el) => {
    const parts = [...(el.labels || [])].map((l) => l.textContent);
    const by = el.getAttribute('aria-labelledby');
    if (by) for (const id of by.split(/\s+/)) parts.push(document.getElementById(id)?.textContent || '');
    if (el.getAttribute('aria-label')) parts.push(el.getAttribute('aria-label'));
    return parts.join(' ').replace(/\s+/g, ' ').trim();
  });
  assert.ok(text.includes(label), `control [name="${name}"] should be labelled "${label}", its label is "${text}"`);
}

/** Asserts what every page carries: the lang attribute, the site name in the header, the switches. */
export async function assertPageChrome(page, { lang = 'zh-CN' } = {}) {
  assert.equal(await page.getAttribute('html', 'lang'), lang, 'html lang');
  // In English the header may carry the romanised name beside (or instead of) 通办.
  const siteName = lang === 'en' ? /通办|Tongban/i : /通办/;
  assert.match(await page.locator('header').first().innerText(), siteName, 'site name 通办 in the header');
  const languageButton = lang === 'en' ? '中文' : 'English';
  assert.ok(await page.getByRole('button', { name: languageButton, exact: true }).count() > 0,
    `language switch button "${languageButton}"`);
}

/**
 * IDs of the field error messages that are shown (`<field>-error` elements
 * with text), in document order. Empty placeholders are ignored.
 */
export function fieldErrorIDs(page) {
  return page.locator('[id$="-error"]').evaluateAll((els) => els
    .filter((el) => el.textContent.trim() !== '' && !el.hidden)
    .map((el) => el.id));
}

/** The value of <html data-mode>, or null. */
export function displayMode(page) {
  return page.getAttribute('html', 'data-mode');
}

/** Text of the (single) <h1>. */
export async function h1Text(page) {
  return (await page.locator('h1').first().innerText()).trim();
}

/** Visible text of the whole page. */
export function bodyText(page) {
  return page.locator('body').innerText();
}

// ---------------------------------------------------------------------------
// Journeys

/**
 * Fills and submits the citizen registration form. Returns the main response
 * (422 on a field error; the /me page after the redirect on success).
 */
export async function submitRegistration(page, person) {
  await page.goto('/register');
  await page.fill('input[name="name"]', person.name);
  await page.fill('input[name="id_number"]', person.idNumber);
  await page.fill('input[name="phone"]', person.phone);
  await page.selectOption('select[name="region_code"]', person.regionCode ?? NANHU.code);
  await page.fill('input[name="password"]', person.password);
  await page.fill('input[name="password_confirm"]', person.passwordConfirm ?? person.password);
  return clickAndWait(page, page.getByRole('button', { name: '注册', exact: true }));
}

/** Registers a fresh citizen and asserts the browser lands on /me signed in. */
export async function registerCitizen(page, overrides = {}) {
  const person = { ...newPerson(), ...overrides };
  const response = await submitRegistration(page, person);
  assert.equal(pathOf(page), '/me', `registration should redirect to /me (status ${response?.status()})`);
  return person;
}

/** Signs a staff member in at /staff/login; returns the main response. */
export async function staffLogin(page, username, password = DEMO_PASSWORD) {
  await page.goto('/staff/login');
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  return clickAndWait(page, page.getByRole('button', { name: '登录', exact: true }));
}

// ---------------------------------------------------------------------------
// Test data: valid, fresh identifiers for every run

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 MOD 11-2 check character for the first 17 digits of an ID number. */
export function idCheckChar(first17) {
  assert.match(first17, /^\d{17}$/);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/** A valid 18-digit ID number from 庄浪县 (620825), born 1950–2000. */
export function randomIDNumber() {
  const start = Date.UTC(1950, 0, 1);
  const end = Date.UTC(2000, 11, 31);
  const day = new Date(start + randomInt(0, Math.floor((end - start) / 86_400_000) + 1) * 86_400_000);
  const birth = day.toISOString().slice(0, 10).replaceAll('-', '');
  const seq = String(randomInt(1, 1000)).padStart(3, '0');
  const first17 = `620825${birth}${seq}`;
  return first17 + idCheckChar(first17);
}

/** The masked form shown to users: first 6, eight asterisks, last 4. */
export function maskIDNumber(id) {
  return `${id.slice(0, 6)}********${id.slice(14)}`;
}

/** A mobile number 139 + 8 random digits (never a demo account's). */
export function randomPhone() {
  for (;;) {
    const phone = `139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
    if (phone !== DEMO.citizen.phone && !phone.startsWith('1390000000')) return phone;
  }
}

const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 check character for the 8-character body of an organization code. */
export function orgCodeCheckChar(body) {
  assert.match(body, /^[0-9A-Z]{8}$/);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body[i], 36) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** GB 32100 check character for the first 17 characters of a unified social credit code. */
export function creditCodeCheckChar(first17) {
  assert.equal(first17.length, 17);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARSET.indexOf(first17[i]);
    assert.ok(v >= 0, `invalid credit code character ${first17[i]}`);
    sum += v * CREDIT_WEIGHTS[i];
  }
  const c = 31 - (sum % 31);
  return CREDIT_CHARSET[c === 31 ? 0 : c];
}

/**
 * A valid unified social credit code: 9 (industry and commerce) 1 (enterprise),
 * region 620825, a GB 11714 organization code with a digits-only body, and the
 * GB 32100 check character.
 */
export function randomCreditCode() {
  let body = '';
  for (let i = 0; i < 8; i++) body += String(randomInt(0, 10));
  const first17 = `91620825${body}${orgCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17);
}

const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高'];
const GIVEN = [...'建国华明丽芳军伟秀英霞平志强红梅兰春玉文'];

function pick(chars) {
  return chars[randomInt(0, chars.length)];
}

/** A plausible Chinese personal name (surname + two characters). */
export function randomName() {
  return pick(SURNAMES) + pick(GIVEN) + pick(GIVEN);
}

const FIRM_WORDS = [...'丰泰盛和祥瑞安康兴隆福鑫源达远宏信永嘉恒昌'];

/** A fresh enterprise name, unique enough for one database. */
export function randomEnterpriseName() {
  let words = '';
  for (let i = 0; i < 4; i++) words += pick(FIRM_WORDS);
  return `庄浪县${words}商贸有限公司`;
}

/** A password with upper and lower case, digits and a symbol. */
export function randomPassword() {
  const alnum = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let s = '';
  for (let i = 0; i < 10; i++) s += alnum[randomInt(0, alnum.length)];
  return `Tb@${s}9a`;
}

/** Everything needed to register a new citizen. */
export function newPerson() {
  return {
    name: randomName(),
    idNumber: randomIDNumber(),
    phone: randomPhone(),
    regionCode: NANHU.code,
    password: randomPassword(),
  };
}
