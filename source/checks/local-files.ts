import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StepError } from '../errors.js';
import { inspectGit } from '../files/git-guard.js';
import { KEDGE_CONTEXT, readKubeconfig } from '../tools/kubeconfig.js';
import type { Step } from '../steps/step.js';

export const valuesFileCheck: Step = {
  id: 'values-file',
  title: 'Values file private and out of git',
  describe: (config) => [`stat ${config.valuesPath} (0600); git check-ignore when inside a repository`],
  async run({ config }) {
    const info = await stat(config.valuesPath).catch(() => undefined);
    if (!info) throw new StepError(`${config.valuesPath} does not exist.`, 'Point --values at your values file.');
    const mode = info.mode & 0o777;
    if (mode & 0o077) throw new StepError(`${config.valuesPath} is readable by others (mode ${mode.toString(8)}).`, `chmod 600 ${config.valuesPath}`);
    const git = await inspectGit(config.valuesPath);
    if (git.tracked) throw new StepError(`${config.valuesPath} is tracked by git in ${git.repo}: the token is in the repository.`, `git rm --cached ${git.relative}, then rotate the token (create-kedge-hub rotate): treat it as leaked.`);
    if (git.repo && !git.ignored) throw new StepError(`${config.valuesPath} is inside ${git.repo} and not git-ignored.`, 'Re-apply with create-kedge-hub --yes, which adds it to .gitignore.');
    return { detail: `mode 600, ${git.repo ? `git-ignored in ${git.repo}` : git.gitMissing ? 'git not found' : 'outside git'}` };
  },
};

export const kedgeContextCheck: Step = {
  id: 'kube-context',
  title: 'Kube context "kedge"',
  describe: (config) => [`kubectl config view: context "kedge" points at ${config.hubUrl}/clusters/<id>`],
  async run({ exec, config }) {
    const view = await readKubeconfig(exec);
    const context = view.contexts.find((c) => c.name === KEDGE_CONTEXT);
    if (!context) throw new StepError('There is no kube context "kedge".', `Log in: kubectl kedge login --hub-url ${config.hubUrl} --token <token>, or re-apply with create-kedge-hub --yes.`);
    if (!context.server?.startsWith(`${config.hubUrl}/clusters/`)) {
      throw new StepError(`Context "kedge" points at ${context.server ?? 'nothing'}, not at a workspace of ${config.hubUrl}.`, 'Re-apply with create-kedge-hub --yes: it replaces the kedge context.');
    }
    return { detail: context.server };
  },
};

/** Where kubectl kedge login writes the hub's token: the first file of KUBECONFIG, else ~/.kube/config. */
export function loginKubeconfigFile(env: NodeJS.ProcessEnv): string {
  const first = (env.KUBECONFIG ?? '').split(path.delimiter).find(Boolean);
  return first ? path.resolve(first) : path.join(env.HOME || os.homedir(), '.kube', 'config');
}

export const kubeconfigFileCheck: Step = {
  id: 'kubeconfig-file',
  title: 'Kubeconfig holding the token private',
  severity: 'warning',
  describe: (config) => [`stat ${config.kubeconfigFile ?? '<kubeconfig>'} (no access for others); git check-ignore when inside a repository`],
  async run({ config }) {
    const file = config.kubeconfigFile;
    const info = file ? await stat(file).catch(() => undefined) : undefined;
    if (!file || !info) return { status: 'skipped', detail: 'no kubeconfig file found' };
    const mode = info.mode & 0o777;
    if (mode & 0o077) throw new StepError(`${file} holds the hub token (kube context "kedge") and others can read it (mode ${mode.toString(8)}).`, `chmod 600 ${file}`);
    const git = await inspectGit(file, 'directory');
    if (git.tracked || (git.repo && !git.ignored)) {
      throw new StepError(`${file} holds the hub token and is inside the git repository ${git.repo}${git.tracked ? ', tracked' : ', not ignored'}.`, 'Keep kubeconfigs out of repositories (or git-ignore it); if it was committed, rotate the token: create-kedge-hub rotate');
    }
    return { detail: `${file}, mode ${mode.toString(8)}` };
  },
};
