// An independent check of an issued licence file: the JWS verified with the
// npm `jose` library, the seal's SM2-with-SM3 signature with npm
// `sm-crypto`, and the log inclusion proof with Node's own SHA-256 following
// RFC 9162 — none of them Tongban's code. The licence is the 营业执照 the demo
// gives 陈永福's noodle shop; changing one byte of the signed content makes
// both signatures fail.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { compactVerify, importJWK } from 'jose';
import smCrypto from 'sm-crypto';
import { DEMO, DEMO_PASSWORD, bodyText, clickAndWait, e2eTest, pathOf } from './helpers.mjs';

const { sm2 } = smCrypto;

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** Recomputes the root from a leaf and its audit path (RFC 9162 §2.1.3.2). */
function rootFromInclusionProof(index, size, leafHash, path) {
  let fn = BigInt(index);
  let sn = BigInt(size) - 1n;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0n) return null;
    if ((fn & 1n) === 1n || fn === sn) {
      r = sha256(Buffer.from([1]), p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = sha256(Buffer.from([1]), r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? r : null;
}

/** Verifies both signatures of a payload as an outside verifier would. */
async function signaturesOf(file, payload) {
  const [header, , signature] = file.jws.split('.');
  const key = await importJWK(file.jwk, 'EdDSA');
  let jws = true;
  try {
    const { payload: signed } = await compactVerify(`${header}.${b64url(payload)}.${signature}`, key);
    assert.deepEqual(Buffer.from(signed), Buffer.from(payload));
  } catch {
    jws = false;
  }
  const sigHex = Buffer.from(file.sm2.signature, 'base64').toString('hex');
  const smOK = sm2.doVerifySignature(Array.from(payload), sigHex, file.sm2.seal.public_key, { hash: true, der: true });
  return { jws, sm2: smOK };
}

e2eTest('licence file: jose and sm-crypto verify it; one changed byte breaks both', async ({ page }) => {
  const shop = DEMO.noodleShop;
  await page.goto('/login');
  await page.fill('input[name="login"]', shop.idNumber);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await clickAndWait(page, page.getByRole('button', { name: '登录', exact: true }));
  assert.equal(pathOf(page), '/me', 'the citizen signs in');
  await clickAndWait(page, page.locator('tr', { hasText: shop.org }).getByRole('button', { name: '以此企业身份办事' }));
  assert.ok((await bodyText(page)).includes('正在以此企业身份办事'), 'the citizen acts for the shop');

  const wallet = await (await page.request.get('/api/v1/me/licenses')).json();
  const licence = wallet.items.find((l) => l.type === 'business-license');
  assert.ok(licence, `the shop holds a 营业执照: ${JSON.stringify(wallet)}`);
  assert.equal(licence.holder_code, shop.creditCode);
  const res = await page.request.get(`/api/v1/me/licenses/${licence.id}/file`);
  assert.equal(res.status(), 200);
  const file = await res.json();
  assert.equal(file.format, 'tongban-license-file/1');
  assert.equal(file.identifier, licence.identifier);

  // The keys in the file are the ones the platform publishes.
  const keys = await (await page.request.get('/api/v1/licenses/keys')).json();
  assert.ok(keys.jwks.keys.some((k) => k.kid === file.jwk.kid && k.x === file.jwk.x), 'the JWS key is published');
  assert.ok(keys.seals.some((s) => s.code === file.sm2.seal.code && s.public_key === file.sm2.seal.public_key), 'the seal is published');

  // Genuine: both verify, independently.
  const payload = Buffer.from(file.payload, 'base64url');
  assert.equal(JSON.parse(payload.toString('utf8')).identifier, file.identifier);
  assert.deepEqual(await signaturesOf(file, payload), { jws: true, sm2: true });
  assert.ok(
    sm2.doVerifySignature(payload.toString('utf8'), Buffer.from(file.sm2.signature, 'base64').toString('hex'), file.sm2.seal.public_key, {
      hash: true,
      der: true,
      userId: '1234567812345678',
    }),
    'SM2 verifies over the UTF-8 string with the default user ID given explicitly',
  );

  // One byte changed anywhere: both fail.
  for (const at of [0, Math.floor(payload.length / 2), payload.length - 2]) {
    const tampered = Buffer.from(payload);
    tampered[at] ^= 0x01;
    assert.deepEqual(await signaturesOf(file, tampered), { jws: false, sm2: false }, `byte ${at} changed`);
  }

  // The issuance entry binds this payload and leads to the checkpoint's root.
  const entry = Buffer.from(file.log.entry, 'base64');
  const e = JSON.parse(entry.toString('utf8'));
  assert.equal(e.kind, 'issue');
  assert.equal(e.identifier, file.identifier);
  assert.equal(e.payload_sha256, createHash('sha256').update(payload).digest('hex'));
  const [origin, size, rootB64] = file.log.checkpoint.split('\n');
  assert.equal(origin, file.log.origin);
  assert.equal(Number(size), file.log.tree_size);
  const leafHash = sha256(Buffer.from([0]), entry);
  const path = file.log.proof.map((h) => Buffer.from(h, 'base64'));
  const root = rootFromInclusionProof(file.log.index, file.log.tree_size, leafHash, path);
  assert.ok(root && root.equals(Buffer.from(rootB64, 'base64')), 'the inclusion proof leads to the checkpoint root');

  // The public verification agrees, and shows no credit code or ID number.
  const v = await (await page.request.get(`/api/v1/licenses/${encodeURIComponent(file.identifier)}/verification`)).json();
  assert.equal(v.valid, true, JSON.stringify(v));
  assert.ok(!JSON.stringify(v).includes(shop.creditCode), 'the public view hides the holder code');
});
