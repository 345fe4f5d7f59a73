import os from 'node:os';
import path from 'node:path';

/** Where the hub runs: installed on a cluster with Helm, or the kedge-hub binary run on this machine. */
export type HubTarget = 'helm' | 'binary';
export const HUB_TARGETS: readonly HubTarget[] = ['helm', 'binary'];

/** The binary's own defaults (kedge-facts.md): --hub-external-url and --listen-addr. */
export const DEFAULT_BINARY_HUB_URL = 'https://localhost:9443';
export const DEFAULT_LISTEN_PORT = 9443;
/** The embedded etcd's peer port: it is why only one hub runs per host. */
export const ETCD_PEER_PORT = 2380;

/** How the binary target runs: everything lives in one directory. */
export interface BinaryHubSettings {
  /** The one directory everything is written to (0700), outside git. */
  dir: string;
  /** The kedge-hub executable: an absolute path when it was found. */
  binary: string;
  /** Also write a systemd user unit that runs the launcher. */
  systemd: boolean;
  /** Start the hub in the background now (false: --no-start). */
  start: boolean;
}

export interface HubPaths {
  dir: string;
  /** The token file (0600). It plays the values file's part: the journal, lock and rotation backup sit beside it. */
  token: string;
  cert: string;
  key: string;
  launcher: string;
  pid: string;
  /** What the hub the wizard started was started with (0600): fingerprints of its tokens, launcher and certificate. */
  started: string;
  log: string;
  data: string;
  kcp: string;
  unit: string;
}

export function hubPaths(dir: string, release: string): HubPaths {
  const at = (name: string) => path.join(dir, name);
  return {
    dir,
    token: at('token'),
    cert: at('tls.crt'),
    key: at('tls.key'),
    launcher: at('run-hub.sh'),
    pid: at('hub.pid'),
    started: at('hub.started.json'),
    log: at('hub.log'),
    data: at('data'),
    kcp: at('kcp'),
    unit: at(unitName(release)),
  };
}

export function unitName(release: string): string {
  return `kedge-hub-${release}.service`;
}

export function defaultHubDir(release: string, env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'kedge-hub', release);
}

/** The port the hub listens on: the hub URL's own, else the binary's default (a proxy may front it on 443). */
export function listenPort(hubUrl: string): number {
  return Number(new URL(hubUrl).port) || DEFAULT_LISTEN_PORT;
}

/** The binary settings of a config or target that has them; only binary-target code asks. */
export function binaryOf(config: { binary?: BinaryHubSettings }): BinaryHubSettings {
  if (!config.binary) throw new Error('not the binary target');
  return config.binary;
}

export function pathsOf(config: { binary?: BinaryHubSettings; release: string }): HubPaths {
  return hubPaths(binaryOf(config).dir, config.release);
}
