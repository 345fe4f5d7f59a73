import { UsageError } from '../errors.js';
import type { Options } from '../options.js';
import { HUB_TARGETS, type HubTarget } from './settings.js';

export function parseHubTarget(value: string, flag: string): HubTarget {
  if (!(HUB_TARGETS as readonly string[]).includes(value)) {
    throw new UsageError(`${flag}: "${value}" is not a target.`, 'Use helm (install on a cluster) or binary (run the kedge-hub binary on this machine).');
  }
  return value as HubTarget;
}

/** Why the binary target refuses --no-dev-mode: its certificate is always self-signed, which only dev mode gets past. */
export const NO_DEV_MODE = '--no-dev-mode does not go with --target binary: the binary hub serves its own self-signed certificate, and only dev mode makes kubeconfigs skip verifying it.';
export const NO_DEV_MODE_HINT = 'Drop --no-dev-mode (the binary target always runs in dev mode), or use --target helm with a trusted certificate.';

/** Flags only the binary target reads choose it; a flag of the other target is refused rather than ignored. */
export function settleTarget(options: Options): Options {
  const binaryOnly = [
    options.hubDir && '--hub-dir',
    options.hubBinary && '--hub-binary',
    options.systemd && '--systemd',
    !options.start && '--no-start',
  ].filter((flag): flag is string => Boolean(flag));
  const target = options.target ?? (binaryOnly.length > 0 ? 'binary' : undefined);
  if (target === 'helm' && binaryOnly[0]) {
    throw new UsageError(`${binaryOnly[0]} goes with --target binary.`, 'With Helm the hub runs on the cluster; drop the flag, or use --target binary.');
  }
  if (target === 'binary') {
    const helmOnly = [options.kubeContext && '--kube-context', options.valuesPath && '--values', options.chartVersion && '--chart-version'].find(Boolean);
    if (helmOnly) throw new UsageError(`${helmOnly} goes with --target helm: the binary runs on this machine, with no cluster, chart or values file.`);
    if (options.devMode === false) throw new UsageError(NO_DEV_MODE, NO_DEV_MODE_HINT);
    const startFlag = options.systemd ? '--systemd' : !options.start ? '--no-start' : undefined;
    if (startFlag && (options.command === 'rotate' || options.command === 'verify')) {
      throw new UsageError(`${startFlag} goes with an install, not ${options.command}.`, options.command === 'rotate' ? 'rotate restarts the hub it started so the new token takes effect.' : undefined);
    }
  }
  return { ...options, target };
}
