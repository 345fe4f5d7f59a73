import { StepError } from '../errors.js';
import type { Step } from '../steps/step.js';

export const PLUGIN_HINT = 'Install the kedge kubectl plugin: kubectl krew install faros/kedge (or the install script at https://github.com/faroshq/kedge), so that "kubectl kedge" works.';

/** Helm 3.8 is the first to pull OCI charts without an experimental flag. */
export const MIN_HELM = [3, 8] as const;

export function helmVersionProblem(short: string): string | undefined {
  const match = /v(\d+)\.(\d+)\.(\d+)/.exec(short);
  if (!match) return `could not read a version from "${short.trim()}"`;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major !== MIN_HELM[0] || minor < MIN_HELM[1]) return `helm ${match[0]} found; ${MIN_HELM[0]}.${MIN_HELM[1]} or a newer 3.x is needed (OCI charts)`;
  return undefined;
}

export const helmCheck: Step = {
  id: 'helm-version',
  title: 'Helm 3.8 or newer',
  describe: () => ['helm version --short'],
  async run({ exec }) {
    const result = await exec('helm', ['version', '--short']);
    if (result.exitCode !== 0) throw new StepError('helm is installed but does not run.', 'Run "helm version" to see why.', result.tail);
    const problem = helmVersionProblem(result.stdout);
    if (problem) throw new StepError(problem, 'Upgrade helm: https://helm.sh/docs/intro/install/');
    return { detail: result.stdout.trim().split('+')[0] };
  },
};

export const kubectlCheck: Step = {
  id: 'kubectl-version',
  title: 'kubectl installed',
  describe: () => ['kubectl version --client'],
  async run({ exec }) {
    const result = await exec('kubectl', ['version', '--client', '-o', 'json']);
    if (result.exitCode !== 0) throw new StepError('kubectl is installed but does not run.', 'Run "kubectl version --client" to see why.', result.tail);
    const version = (JSON.parse(result.stdout) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion;
    return { detail: version ?? 'version unknown' };
  },
};

export const pluginCheck: Step = {
  id: 'kedge-plugin',
  title: 'The kedge kubectl plugin',
  describe: () => ['kubectl kedge version'],
  async run({ exec }) {
    const result = await exec('kubectl', ['kedge', 'version']);
    if (result.exitCode !== 0) throw new StepError('"kubectl kedge" is not available: the kedge plugin is not installed.', PLUGIN_HINT, result.tail);
    return { detail: /v\d+\.\d+\.\d+[\w.-]*/.exec(result.stdout)?.[0] ?? result.stdout.trim().split('\n')[0] };
  },
};
