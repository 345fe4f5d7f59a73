import { StepError } from '../errors.js';
import type { Step } from './step.js';

const PLUGIN_HINT = 'Install the kedge kubectl plugin: kubectl krew install faros/kedge (or see https://github.com/faroshq/kedge), so that "kubectl kedge" works.';

export const checkToolsStep: Step = {
  id: 'tools',
  title: 'Check helm, kubectl and the kedge plugin',
  describe: () => ['helm version --short', 'kubectl version --client', 'kubectl kedge version'],
  async run({ exec }) {
    const helm = await exec('helm', ['version', '--short']);
    if (helm.exitCode !== 0) throw new StepError('helm is installed but does not run.', 'Run "helm version" to see why.', helm.tail);
    const kubectl = await exec('kubectl', ['version', '--client', '-o', 'json']);
    if (kubectl.exitCode !== 0) throw new StepError('kubectl is installed but does not run.', 'Run "kubectl version --client" to see why.', kubectl.tail);
    const plugin = await exec('kubectl', ['kedge', 'version']);
    if (plugin.exitCode !== 0) throw new StepError('The kedge kubectl plugin is not installed.', PLUGIN_HINT, plugin.tail);
    const kubectlVersion = (JSON.parse(kubectl.stdout) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion ?? '?';
    const kedgeVersion = /v\d+\.\d+\.\d+[\w.-]*/.exec(plugin.stdout)?.[0] ?? plugin.stdout.trim().split('\n')[0];
    return { detail: `helm ${helm.stdout.trim().split('+')[0]}, kubectl ${kubectlVersion}, kedge ${kedgeVersion}` };
  },
};
