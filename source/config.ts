import type { BinaryHubSettings } from './binary/settings.js';
import type { Command } from './options.js';

/** What this run does: a first install, the same settings applied again, a token rotation, or checks only. */
export type Mode = 'install' | 'reapply' | 'rotate' | 'finish-overlap' | 'verify' | 'preflight';

/** Everything a run needs, complete: flags, answers and defaults resolved. */
export interface Config {
  command: Command;
  mode: Mode;
  hubUrl: string;
  namespace: string;
  release: string;
  chart: string;
  chartVersion?: string;
  valuesPath: string;
  kubeContext: string;
  /** The context's API server, shown so users see where the hub goes. */
  apiServer?: string;
  devMode: boolean;
  insecureSkipTlsVerify: boolean;
  /** A token the user brought (--token-file, --token-stdin); otherwise one is generated or kept. */
  providedToken?: string;
  tokenSource: 'generate' | 'file' | 'stdin';
  showToken: boolean;
  dryRun: boolean;
  timeoutMs: number;
  /** rotate --overlap: the old token stays accepted next to the new one. */
  overlap: boolean;
  maxTokenAgeDays: number;
  output: OutputFormat;
  /** The file kubectl kedge login writes the token into. */
  kubeconfigFile?: string;
  /**
   * Set when the hub is the kedge-hub binary on this machine (--target binary) rather than a Helm release. Then
   * valuesPath is the token file, which takes the values file's part: journal, lock and backup sit beside it.
   */
  binary?: BinaryHubSettings;
}

export type OutputFormat = 'text' | 'json';

/** The name the chart gives its StatefulSet and Service: `<release>-kedge-hub` unless the release already says kedge-hub. */
export function hubFullname(release: string): string {
  return release.includes('kedge-hub') ? release : `${release}-kedge-hub`;
}

/** The hub and kubectl skip certificate checks when dev mode is on (self-signed) or the user asked. */
export function skipsTlsVerify(config: Pick<Config, 'devMode' | 'insecureSkipTlsVerify'>): boolean {
  return config.devMode || config.insecureSkipTlsVerify;
}
