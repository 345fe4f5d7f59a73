import type { Exec, ExecOptions, ExecResult } from './exec.js';

export function loginArgs(hubUrl: string, token: string, insecureSkipTlsVerify: boolean): string[] {
  return ['kedge', 'login', '--hub-url', hubUrl, '--token', token, ...(insecureSkipTlsVerify ? ['--insecure-skip-tls-verify'] : [])];
}

/** `kubectl kedge login`: the plugin takes the token only as an argument, so it lives in argv for this one short call. */
export function kedgeLogin(exec: Exec, hubUrl: string, token: string, insecureSkipTlsVerify: boolean, options?: ExecOptions): Promise<ExecResult> {
  return exec('kubectl', loginArgs(hubUrl, token, insecureSkipTlsVerify), options);
}

export const EDGE_LIST_ARGS = ['kedge', 'edge', 'list'];

export function edgeList(exec: Exec, options?: ExecOptions): Promise<ExecResult> {
  return exec('kubectl', EDGE_LIST_ARGS, options);
}

/** The plugin's own words for a hub without the separate edges provider: a warning, not a broken hub. */
export function isEdgesProviderMissing(output: string): boolean {
  return /could not find the requested resource/i.test(output);
}
