import path from 'node:path';
import type { Config } from '../config.js';
import { REDACTED } from '../secrets/redact.js';
import { WRITE_PID_ENV } from './hub-process.js';
import { DEFAULT_LISTEN_PORT, hubPaths, listenPort, type BinaryHubSettings } from './settings.js';

type HubConfig = Pick<Config, 'hubUrl' | 'devMode' | 'release'> & { binary: BinaryHubSettings };
type HubArg = { flag: string; value?: string; file?: string; token?: true };

/** The working local form of the hub (kedge-facts.md): embedded kcp, its own serving certificate, the static token. */
function hubArgs(config: HubConfig): HubArg[] {
  const paths = hubPaths(config.binary.dir, config.release);
  const inDir = (file: string) => path.relative(paths.dir, file);
  const port = listenPort(config.hubUrl);
  return [
    { flag: '--embedded-kcp' },
    { flag: '--kcp-root-dir', file: inDir(paths.kcp) },
    { flag: '--data-dir', file: inDir(paths.data) },
    { flag: '--serving-cert-file', file: inDir(paths.cert) },
    { flag: '--serving-key-file', file: inDir(paths.key) },
    { flag: '--hub-external-url', value: config.hubUrl },
    ...(config.devMode ? [{ flag: '--dev-mode' }] : []),
    ...(port === DEFAULT_LISTEN_PORT ? [] : [{ flag: '--listen-addr', value: `:${port}` }]),
    { flag: '--static-auth-token', token: true as const },
  ];
}

/** The command as a user could type it, the token shown as <redacted>. */
export function hubCommandLine(config: HubConfig): string {
  const dir = config.binary.dir;
  const args = hubArgs(config).map((a) => {
    if (a.token) return `${a.flag}=${REDACTED}`;
    if (a.file) return `${a.flag}=${shellWord(path.join(dir, a.file))}`;
    return a.value === undefined ? a.flag : `${a.flag}=${shellWord(a.value)}`;
  });
  return [shellWord(config.binary.binary), ...args].join(' ');
}

/** run-hub.sh: reads the token file when it starts, so the token is never in the script. */
export function renderLauncher(config: HubConfig): string {
  const pidName = path.basename(hubPaths(config.binary.dir, config.release).pid);
  const args = hubArgs(config).map((a) => {
    if (a.token) return `${a.flag}="$TOKENS"`;
    if (a.file) return `${a.flag}="$DIR/${a.file}"`;
    return a.value === undefined ? a.flag : `${a.flag}=${shellQuote(a.value)}`;
  });
  return [
    '#!/bin/sh',
    `# Runs the kedge hub "${config.release}". Written by create-kedge-hub, which rewrites it on every run.`,
    '# The token is read from the token file at start-up and never written here; the hub takes it only as an argument.',
    'set -eu',
    `DIR=${shellQuote(config.binary.dir)}`,
    '# One token a line; the hub takes several comma-separated (old and new, during a rotation overlap).',
    'TOKENS=$(paste -sd, "$DIR/token")',
    '[ -n "$TOKENS" ] || { echo "run-hub.sh: no token in $DIR/token" >&2; exit 1; }',
    '# Started by create-kedge-hub: record this pid, which the hub keeps after exec, so the next run finds this hub.',
    `if [ "\${${WRITE_PID_ENV}:-}" = 1 ]; then`,
    `  unset ${WRITE_PID_ENV}`,
    `  (umask 077 && echo "$$" > "$DIR/.${pidName}.tmp" && mv -f "$DIR/.${pidName}.tmp" "$DIR/${pidName}")`,
    'fi',
    `exec ${shellQuote(config.binary.binary)} \\`,
    ...args.map((arg, i) => `  ${arg}${i < args.length - 1 ? ' \\' : ''}`),
    '',
  ].join('\n');
}

/** The hub URL and dev mode a launcher this tool wrote runs with: the binary target's "values". */
export function settingsInLauncher(text: string): { hubUrl?: string; devMode: boolean } {
  const url = /^\s*--hub-external-url=(?:'([^']*)'|([^\s\\]+))/m.exec(text);
  return { hubUrl: url?.[1] ?? url?.[2], devMode: /^\s*--dev-mode\b/m.test(text) };
}

/** A systemd user unit that runs the launcher (systemctl --user enable --now <this file>). */
export function renderSystemdUnit(config: Pick<Config, 'release'> & { binary: BinaryHubSettings }): string {
  const launcher = hubPaths(config.binary.dir, config.release).launcher;
  const quoted = `"${launcher.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`;
  return [
    '[Unit]',
    `Description=kedge hub "${config.release}" (written by create-kedge-hub)`,
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    `ExecStart=${quoted}`,
    'Restart=on-failure',
    'RestartSec=5',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}

export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/** A word for a command line shown to users: quoted only when the shell needs it. */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : shellQuote(value);
}
