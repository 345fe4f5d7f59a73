import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { UsageError } from '../../source/errors.js';
import { DEFAULT_CHART, normaliseHubUrl, parseDuration, parseOptions } from '../../source/options.js';

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a UsageError');
}

test('defaults match the seed procedure', () => {
  const o = parseOptions([]);
  assert.equal(o.command, 'install');
  assert.equal(o.namespace, 'kedge-system');
  assert.equal(o.release, 'kedge');
  assert.equal(o.chart, DEFAULT_CHART);
  assert.equal(o.timeoutMs, 600_000);
  assert.equal(o.devMode, undefined);
  assert.equal(o.yes, false);
});

test('flags take values with a space or =, and booleans flip', () => {
  const o = parseOptions(['--hub-url=https://hub.example.com/', '-n', 'edge', '--release', 'kh', '--no-dev-mode', '-y', '--timeout', '90s', '--values', 'v.yaml']);
  assert.equal(o.hubUrl, 'https://hub.example.com');
  assert.equal(o.namespace, 'edge');
  assert.equal(o.release, 'kh');
  assert.equal(o.devMode, false);
  assert.equal(o.yes, true);
  assert.equal(o.timeoutMs, 90_000);
  assert.equal(o.valuesPath, path.resolve('v.yaml'));
});

test('unknown flags and bad values name the flag', () => {
  assert.match(usageError(() => parseOptions(['--hubb-url', 'x'])).message, /--hubb-url/);
  assert.match(usageError(() => parseOptions(['--hub-url', 'http://hub.example.com'])).message, /--hub-url.*https/i);
  assert.match(usageError(() => parseOptions(['--hub-url', 'not a url'])).message, /--hub-url/);
  assert.match(usageError(() => parseOptions(['--namespace', 'Kedge_System'])).message, /--namespace/);
  assert.match(usageError(() => parseOptions(['--timeout', 'soon'])).message, /--timeout/);
  assert.match(usageError(() => parseOptions(['--release'])).message, /--release needs a value/);
  assert.match(usageError(() => parseOptions(['--yes=true'])).message, /--yes takes no value/);
  assert.match(usageError(() => parseOptions(['--token-file', 'a', '--token-stdin'])).message, /--token-file and --token-stdin/);
  assert.match(usageError(() => parseOptions(['launch'])).message, /Unknown command launch/);
});

test('the hub URL must be an https origin', () => {
  assert.equal(normaliseHubUrl('https://HUB.example.com:9443/'), 'https://hub.example.com:9443');
  assert.equal(normaliseHubUrl('https://[::1]:9443'), 'https://[::1]:9443');
  assert.throws(() => normaliseHubUrl('https://hub.example.com/kedge'), /without a path/);
  assert.throws(() => normaliseHubUrl('https://user:pw@hub.example.com'), /credentials/);
});

test('durations read like helm\'s', () => {
  assert.equal(parseDuration('1h30m', '--timeout'), 5_400_000);
  assert.equal(parseDuration('45', '--timeout'), 45_000);
  assert.throws(() => parseDuration('500ms', '--timeout'), /too short/);
  assert.throws(() => parseDuration('10 m', '--timeout'), /not a duration/);
});
