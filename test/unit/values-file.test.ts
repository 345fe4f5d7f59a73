import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import { applyHubSettings, parseValues, renderValues, tokensInValues } from '../../source/files/values-file.js';
import { StepError } from '../../source/errors.js';
import { tokenKeyFromChartValues } from '../../source/tools/helm.js';

const TOKEN = 'a'.repeat(64);

const USER_FILE = `# my cluster's hub
hub:
  # keep this
  adminUsers: [alice@example.com]
  staticAuthToken: "old-singular-value-that-is-long-enough"
persistence:
  size: 20Gi # bigger disk
`;

test('updating keeps the user\'s keys and comments and writes the list key', () => {
  const doc = parseValues(USER_FILE, 'values.yaml');
  applyHubSettings(doc, { hubUrl: 'https://hub.example.com', devMode: true, tokens: [TOKEN], tokenKey: 'staticAuthTokens' });
  const text = renderValues(doc);
  assert.match(text, /# my cluster's hub/);
  assert.match(text, /# keep this/);
  assert.match(text, /size: 20Gi # bigger disk/);
  assert.match(text, /adminUsers: \[ alice@example.com \]/);
  const back = parseDocument(text).toJS();
  assert.equal(back.hub.hubExternalURL, 'https://hub.example.com');
  assert.equal(back.hub.devMode, true);
  assert.deepEqual(back.hub.staticAuthTokens, [TOKEN]);
  assert.equal(back.hub.staticAuthToken, undefined, 'a stale token under the ignored key is removed');
  assert.deepEqual(back.hub.tls.selfSigned.dnsNames, ['hub.example.com']);
});

test('old charts get the seed\'s singular key', () => {
  const doc = parseValues('hub:\n  staticAuthTokens: [x]\n', 'v');
  applyHubSettings(doc, { hubUrl: 'https://hub.example.com', devMode: false, tokens: [TOKEN], tokenKey: 'staticAuthToken' });
  const back = parseDocument(renderValues(doc)).toJS();
  assert.equal(back.hub.staticAuthToken, TOKEN);
  assert.equal(back.hub.staticAuthTokens, undefined);
  assert.equal(back.hub.devMode, false);
});

test('an IP hub URL goes to ipAddresses, keeping the chart default 127.0.0.1', () => {
  const doc = parseValues('', 'v');
  applyHubSettings(doc, { hubUrl: 'https://10.0.0.5:9443', devMode: true, tokens: [TOKEN], tokenKey: 'staticAuthTokens' });
  const back = parseDocument(renderValues(doc)).toJS();
  assert.deepEqual(back.hub.tls.selfSigned.ipAddresses, ['127.0.0.1', '10.0.0.5']);
  assert.equal(back.hub.tls.selfSigned.dnsNames, undefined);
});

test('existing certificate names are kept and not duplicated; a non-self-signed setup gets none', () => {
  const doc = parseValues('hub:\n  tls:\n    selfSigned:\n      dnsNames: [hub.example.com, other.example.com]\n', 'v');
  applyHubSettings(doc, { hubUrl: 'https://hub.example.com', devMode: true, tokens: [TOKEN], tokenKey: 'staticAuthTokens' });
  assert.deepEqual(parseDocument(renderValues(doc)).toJS().hub.tls.selfSigned.dnsNames, ['hub.example.com', 'other.example.com']);

  const secret = parseValues('hub:\n  tls:\n    existingSecret: hub-tls\n', 'v');
  applyHubSettings(secret, { hubUrl: 'https://hub.example.com', devMode: false, tokens: [TOKEN], tokenKey: 'staticAuthTokens' });
  assert.equal(parseDocument(renderValues(secret)).toJS().hub.tls.selfSigned, undefined);
});

test('tokens are found under either key', () => {
  assert.deepEqual(tokensInValues(parseValues('hub:\n  staticAuthTokens: [one, two]\n', 'v')), ['one', 'two']);
  assert.deepEqual(tokensInValues(parseValues('hub:\n  staticAuthToken: solo\n', 'v')), ['solo']);
  assert.deepEqual(tokensInValues(parseValues('hub: {}\n', 'v')), []);
});

test('a corrupt values file is a clear error naming the line', () => {
  const error = (() => {
    try {
      parseValues('hub:\n  devMode: true\n bad: [\n', '/x/values.yaml');
    } catch (e) {
      return e as StepError;
    }
  })();
  assert.ok(error instanceof StepError);
  assert.match(error.message, /\/x\/values\.yaml is not valid YAML at line \d/);
  assert.match(error.hint!, /Nothing was changed/);
  assert.throws(() => parseValues('- a\n- b\n', 'v'), /not a map/);
});

test('the chart\'s default values tell which token key it reads', () => {
  assert.deepEqual(tokenKeyFromChartValues('hub:\n  staticAuthTokens: []\n'), { key: 'staticAuthTokens', detected: true });
  assert.deepEqual(tokenKeyFromChartValues('hub:\n  staticAuthToken: ""\n'), { key: 'staticAuthToken', detected: true });
  assert.deepEqual(tokenKeyFromChartValues('hub:\n  # staticAuthTokens: []\n  devMode: false\n'), { key: 'staticAuthTokens', detected: true });
  assert.deepEqual(tokenKeyFromChartValues('hub:\n  devMode: false\n'), { key: 'staticAuthTokens', detected: false });
});
