import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SecretSet } from '../../source/secrets/redact.js';
import { generateToken, tokenFingerprint, tokenProblem } from '../../source/secrets/token.js';

test('generated tokens are 64 hex characters and differ each time', () => {
  const tokens = new Set(Array.from({ length: 50 }, generateToken));
  assert.equal(tokens.size, 50);
  for (const token of tokens) {
    assert.match(token, /^[0-9a-f]{64}$/);
    assert.equal(tokenProblem(token), undefined);
  }
});

test('user tokens: at least 32 URL-safe characters, never a comma', () => {
  assert.equal(tokenProblem('A'.repeat(32)), undefined);
  assert.equal(tokenProblem('abc.DEF_123~xyz-'.repeat(2)), undefined);
  assert.match(tokenProblem('a'.repeat(31))!, /31 characters/);
  assert.match(tokenProblem(`${'a'.repeat(32)},b`)!, /comma/);
  assert.match(tokenProblem(`${'a'.repeat(32)}"`)!, /may only contain/);
  assert.match(tokenProblem(`${'a'.repeat(32)} `)!, /may only contain/);
});

test('a fingerprint is short, stable and does not contain the token', () => {
  const token = generateToken();
  assert.equal(tokenFingerprint(token), tokenFingerprint(token));
  assert.match(tokenFingerprint(token), /^[0-9a-f]{12}$/);
  assert.ok(!token.includes(tokenFingerprint(token)));
});

test('redaction covers the token and its lowercase form, including secrets added later', () => {
  const secrets = new SecretSet(['AbCdEf0123456789AbCdEf0123456789']);
  const said = 'kubectl kedge login --token AbCdEf0123456789AbCdEf0123456789\nLogged in as static-abcdef0123456789abcdef0123456789@kedge.local';
  const shown = secrets.redact(said);
  assert.ok(!/abcdef0123456789abcdef0123456789/i.test(shown));
  assert.match(shown, /--token <redacted>/);
  assert.match(shown, /static-<redacted>@kedge\.local/);
  const later = generateToken();
  secrets.add(later);
  assert.equal(secrets.redact(`x ${later} y`), 'x <redacted> y');
});
