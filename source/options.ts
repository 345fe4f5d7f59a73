import path from 'node:path';
import { UsageError } from './errors.js';
import { parseHubTarget, settleTarget } from './binary/flags.js';
import type { HubTarget } from './binary/settings.js';

/** What the command line said, validated; anything left undefined is asked for or defaulted later. */
export interface Options {
  command: Command;
  hubUrl?: string;
  namespace: string;
  release: string;
  chart: string;
  chartVersion?: string;
  valuesPath?: string;
  kubeContext?: string;
  devMode?: boolean;
  insecureSkipTlsVerify: boolean;
  tokenFile?: string;
  tokenStdin: boolean;
  showToken: boolean;
  yes: boolean;
  dryRun: boolean;
  timeoutMs: number;
  overlap: boolean;
  finish: boolean;
  maxTokenAgeDays: number;
  output: 'text' | 'json';
  /** Undefined: not given (asked on a terminal, else helm). */
  target?: HubTarget;
  hubDir?: string;
  hubBinary?: string;
  systemd: boolean;
  start: boolean;
  help: boolean;
  version: boolean;
}

export const COMMANDS = ['install', 'rotate', 'verify', 'preflight'] as const;
export type Command = (typeof COMMANDS)[number];

export const DEFAULT_CHART = 'oci://ghcr.io/faroshq/charts/kedge-hub';
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

type FlagSpec =
  | { kind: 'string'; key: StringKey; parse?: (value: string, flag: string) => string }
  | { kind: 'boolean'; key: BooleanKey; value: boolean };
type StringKey = 'hubUrl' | 'namespace' | 'release' | 'chart' | 'chartVersion' | 'valuesPath' | 'kubeContext' | 'tokenFile' | 'timeout' | 'maxTokenAge' | 'output' | 'target' | 'hubDir' | 'hubBinary';
type BooleanKey = 'devMode' | 'insecureSkipTlsVerify' | 'tokenStdin' | 'showToken' | 'yes' | 'dryRun' | 'overlap' | 'finish' | 'help' | 'version' | 'systemd' | 'start';

const FLAGS: Record<string, FlagSpec> = {
  '--hub-url': { kind: 'string', key: 'hubUrl', parse: (v, f) => normaliseHubUrl(v, f) },
  '--namespace': { kind: 'string', key: 'namespace', parse: (v, f) => dnsLabel(v, f, 63) },
  '-n': { kind: 'string', key: 'namespace', parse: (v, f) => dnsLabel(v, f, 63) },
  '--release': { kind: 'string', key: 'release', parse: (v, f) => dnsLabel(v, f, 53) },
  '--chart': { kind: 'string', key: 'chart' },
  '--chart-version': { kind: 'string', key: 'chartVersion' },
  '--values': { kind: 'string', key: 'valuesPath', parse: (v) => path.resolve(v) },
  '--kube-context': { kind: 'string', key: 'kubeContext' },
  '--token-file': { kind: 'string', key: 'tokenFile', parse: (v) => path.resolve(v) },
  '--timeout': { kind: 'string', key: 'timeout' },
  '--dev-mode': { kind: 'boolean', key: 'devMode', value: true },
  '--no-dev-mode': { kind: 'boolean', key: 'devMode', value: false },
  '--insecure-skip-tls-verify': { kind: 'boolean', key: 'insecureSkipTlsVerify', value: true },
  '--token-stdin': { kind: 'boolean', key: 'tokenStdin', value: true },
  '--show-token': { kind: 'boolean', key: 'showToken', value: true },
  '--yes': { kind: 'boolean', key: 'yes', value: true },
  '-y': { kind: 'boolean', key: 'yes', value: true },
  '--dry-run': { kind: 'boolean', key: 'dryRun', value: true },
  '--overlap': { kind: 'boolean', key: 'overlap', value: true },
  '--finish': { kind: 'boolean', key: 'finish', value: true },
  '--max-token-age': { kind: 'string', key: 'maxTokenAge' },
  '--output': { kind: 'string', key: 'output', parse: (v, f) => outputFormat(v, f) },
  '-o': { kind: 'string', key: 'output', parse: (v, f) => outputFormat(v, f) },
  '--target': { kind: 'string', key: 'target', parse: (v, f) => parseHubTarget(v, f) },
  '--hub-dir': { kind: 'string', key: 'hubDir', parse: (v) => path.resolve(v) },
  '--hub-binary': { kind: 'string', key: 'hubBinary', parse: (v) => (v.includes('/') ? path.resolve(v) : v) },
  '--systemd': { kind: 'boolean', key: 'systemd', value: true },
  '--no-start': { kind: 'boolean', key: 'start', value: false },
  '--help': { kind: 'boolean', key: 'help', value: true },
  '-h': { kind: 'boolean', key: 'help', value: true },
  '--version': { kind: 'boolean', key: 'version', value: true },
};

/** Parses argv (without node and script); throws UsageError naming the offending flag. */
export function parseOptions(argv: readonly string[]): Options {
  const strings: Partial<Record<StringKey, string>> = {};
  const booleans: Partial<Record<BooleanKey, boolean>> = {};
  const positionals: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const spec = FLAGS[flag];
    if (!spec) throw new UsageError(`Unknown flag ${flag}.`);
    if (spec.kind === 'boolean') {
      if (eq > 0) throw new UsageError(`${flag} takes no value.`);
      booleans[spec.key] = spec.value;
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith('-') && value.length > 1)) throw new UsageError(`${flag} needs a value.`);
      i++;
    }
    if (value === '') throw new UsageError(`${flag} needs a value.`);
    strings[spec.key] = spec.parse ? spec.parse(value, flag) : value;
  }

  if (positionals.length > 1) throw new UsageError(`Unexpected argument ${positionals[1]}.`);
  const command = positionals[0] ?? 'install';
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`Unknown command ${command}.`, `Commands: ${COMMANDS.join(', ')}.`);
  }
  if (strings.tokenFile && booleans.tokenStdin) {
    throw new UsageError('--token-file and --token-stdin cannot be used together.', 'Give the token one way.');
  }

  if ((booleans.overlap || booleans.finish) && command !== 'rotate') {
    throw new UsageError(`${booleans.overlap ? '--overlap' : '--finish'} goes with the rotate command.`, 'e.g. create-kedge-hub rotate --overlap');
  }
  if (booleans.overlap && booleans.finish) throw new UsageError('--overlap and --finish cannot be used together.', 'Start an overlap with rotate --overlap; end it later with rotate --finish.');
  if ((strings.tokenFile || booleans.tokenStdin) && (command === 'verify' || command === 'preflight')) throw new UsageError(`${command} takes no token.`);

  return settleTarget({
    command: command as Command,
    hubUrl: strings.hubUrl,
    namespace: strings.namespace ?? 'kedge-system',
    release: strings.release ?? 'kedge',
    chart: strings.chart ?? DEFAULT_CHART,
    chartVersion: strings.chartVersion,
    valuesPath: strings.valuesPath,
    kubeContext: strings.kubeContext,
    devMode: booleans.devMode,
    insecureSkipTlsVerify: booleans.insecureSkipTlsVerify ?? false,
    tokenFile: strings.tokenFile,
    tokenStdin: booleans.tokenStdin ?? false,
    showToken: booleans.showToken ?? false,
    yes: booleans.yes ?? false,
    dryRun: booleans.dryRun ?? false,
    timeoutMs: strings.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(strings.timeout, '--timeout'),
    overlap: booleans.overlap ?? false,
    finish: booleans.finish ?? false,
    output: (strings.output ?? 'text') as 'text' | 'json',
    maxTokenAgeDays: strings.maxTokenAge === undefined ? 90 : parseDays(strings.maxTokenAge, '--max-token-age'),
    help: booleans.help ?? false,
    version: booleans.version ?? false,
    target: strings.target as HubTarget | undefined,
    hubDir: strings.hubDir,
    hubBinary: strings.hubBinary,
    systemd: booleans.systemd ?? false,
    start: booleans.start ?? true,
  });
}

/** The hub's external URL: https, a host, nothing after it; returned without a trailing slash. */
export function normaliseHubUrl(value: string, flag = '--hub-url'): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UsageError(`${flag}: "${value}" is not a URL.`, 'Give the address users will reach the hub at, e.g. https://hub.example.com');
  }
  if (url.protocol !== 'https:') {
    throw new UsageError(`${flag}: the hub is served over HTTPS; "${value}" uses ${url.protocol.replace(':', '')}.`, 'Use an https:// URL.');
  }
  if (!url.hostname) throw new UsageError(`${flag}: "${value}" has no host.`);
  if (url.username || url.password) throw new UsageError(`${flag}: "${value}" must not contain credentials.`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new UsageError(`${flag}: "${value}" must be the hub's address alone, without a path, query or fragment.`, `Try ${url.origin}`);
  }
  return url.origin;
}

/** Why a hub URL typed at a prompt is not acceptable, or undefined when it is. */
export function hubUrlProblem(value: string): string | undefined {
  try {
    normaliseHubUrl(value, 'Hub URL');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function dnsLabel(value: string, flag: string, maxLength: number): string {
  if (value.length > maxLength || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    throw new UsageError(`${flag}: "${value}" is not a valid name.`, `Use lowercase letters, digits and '-', at most ${maxLength} characters, starting and ending with a letter or digit.`);
  }
  return value;
}

/** Parses Go-style durations as helm takes them (10m, 90s, 1h30m) or plain seconds. */
export function parseDuration(value: string, flag: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const parts = [...value.matchAll(/(\d+)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) {
    throw new UsageError(`${flag}: "${value}" is not a duration.`, 'Use e.g. 10m, 90s or 1h30m.');
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]!]!, 0);
  if (ms < 1000) throw new UsageError(`${flag}: "${value}" is too short; give at least 1s.`);
  return ms;
}

function outputFormat(value: string, flag: string): string {
  if (value !== 'text' && value !== 'json') throw new UsageError(`${flag}: "${value}" is not an output format.`, 'Use text or json.');
  return value;
}

function parseDays(value: string, flag: string): number {
  const days = /^(\d+)d?$/.exec(value)?.[1];
  if (!days || Number(days) < 1) throw new UsageError(`${flag}: "${value}" is not a number of days.`, 'e.g. --max-token-age 90');
  return Number(days);
}

/** The same duration in the form helm's --timeout takes. */
export function helmDuration(ms: number): string {
  return `${Math.ceil(ms / 1000)}s`;
}
