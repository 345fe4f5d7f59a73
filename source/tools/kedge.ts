import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { KEDGE_CONTEXT } from './kubeconfig.js';
import type { Exec, ExecOptions, ExecResult } from './exec.js';

export function loginArgs(hubUrl: string, token: string, insecureSkipTlsVerify: boolean): string[] {
  return ['kedge', 'login', '--hub-url', hubUrl, '--token', token, ...(insecureSkipTlsVerify ? ['--insecure-skip-tls-verify'] : [])];
}

/** `kubectl kedge login`: the plugin takes the token only as an argument, so it lives in argv for this one short call. */
export function kedgeLogin(exec: Exec, hubUrl: string, token: string, insecureSkipTlsVerify: boolean, options?: ExecOptions): Promise<ExecResult> {
  return exec('kubectl', loginArgs(hubUrl, token, insecureSkipTlsVerify), options);
}

export const EDGE_LIST_ARGS = ['kedge', 'edge', 'list'];

/**
 * `kubectl kedge edge list` on the kedge context, whatever the current context is: the plugin reads the
 * current context, so it runs against a private copy of just that context (0600, removed right after).
 */
export async function edgeList(exec: Exec, options: ExecOptions = {}): Promise<ExecResult> {
  const view = await exec('kubectl', ['config', 'view', '--minify', '--flatten', '--context', KEDGE_CONTEXT]);
  if (view.exitCode !== 0) return view;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kedge-edges-'));
  try {
    const kubeconfig = path.join(dir, 'kubeconfig');
    await writeFile(kubeconfig, view.stdout, { mode: 0o600 });
    return await exec('kubectl', EDGE_LIST_ARGS, { ...options, env: { KUBECONFIG: kubeconfig } });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The plugin's own words for a hub without the separate edges provider: a warning, not a broken hub. */
export function isEdgesProviderMissing(output: string): boolean {
  return /could not find the requested resource/i.test(output);
}
