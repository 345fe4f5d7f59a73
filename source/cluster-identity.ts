import type { Config } from './config.js';
import { StepError } from './errors.js';
import type { ExistingInstall } from './inspect-install.js';

/**
 * A values file belongs to one cluster. Unattended (--yes), applying it to another — a context renamed or
 * repointed — is refused unless --kube-context names the target explicitly.
 */
export function refuseOtherCluster(existing: ExistingInstall, config: Config, how: { explicitContext: boolean; interactive: boolean }): void {
  const recorded = existing.journal?.clusterId;
  if (!recorded || !existing.clusterId || recorded === existing.clusterId) return;
  if (how.explicitContext || how.interactive || config.mode === 'verify' || config.mode === 'preflight') return;
  throw new StepError(
    `${config.valuesPath} was applied to cluster ${recorded}, but context "${config.kubeContext}" now reaches cluster ${existing.clusterId}.`,
    `Nothing was changed. If this is the cluster you mean, say so: --kube-context ${config.kubeContext}`,
  );
}
