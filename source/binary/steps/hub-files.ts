import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { SECRET_DIR_MODE, writeFileAtomic } from '../../files/atomic-write.js';
import { guardValuesFile } from '../../files/git-guard.js';
import { writeJournal } from '../../files/journal.js';
import type { Step } from '../../steps/step.js';
import { describeGuard, recordToken } from '../../steps/write-values.js';
import { certificateArgs, ensureCertificate } from '../certificate.js';
import { hubCommandLine, renderLauncher, renderSystemdUnit } from '../launcher.js';
import { binaryFacts } from '../run-facts.js';
import { binaryOf, pathsOf } from '../settings.js';
import { renderTokenFile } from '../token-file.js';

/** Everything the hub runs from, in its one directory: token (0600), certificate and key (0600), launcher (0700), unit. */
export const hubFilesStep: Step = {
  id: 'hub-files',
  title: 'Write the hub directory',
  describe: (config) => {
    const paths = pathsOf(config);
    return [
      `mkdir -m 700 ${paths.dir}; if it is inside a git work tree: refuse when tracked, otherwise add it to .gitignore and prove it with git check-ignore`,
      `write ${paths.token} (0600, atomically): the token`,
      `openssl ${certificateArgs(new URL(config.hubUrl).hostname, paths.key, paths.cert).join(' ')}   # unless a fitting one is there; key 0600`,
      `write ${paths.launcher} (0700); it reads the token file when it starts and runs:`,
      `  ${hubCommandLine({ ...config, binary: binaryOf(config) })}`,
      ...(binaryOf(config).systemd ? [`write ${paths.unit}: a systemd user unit that runs ${paths.launcher}`] : []),
    ];
  },
  async run({ config, state, exec, log }) {
    const settings = binaryOf(config);
    const paths = pathsOf(config);
    const facts = binaryFacts(state);
    state.gitGuard = await guardValuesFile(paths.dir, '--hub-dir', 'directory');
    const guardNote = describeGuard(state.gitGuard);
    if (guardNote) log(guardNote);
    await mkdir(paths.dir, { recursive: true, mode: SECRET_DIR_MODE });
    await chmod(paths.dir, SECRET_DIR_MODE);

    const changed: string[] = [];
    const token = renderTokenFile(state.fileTokens ?? [state.token!]);
    if (token !== state.existing.values.original) changed.push('token');
    await writeFileAtomic(paths.token, token);
    if ((await ensureCertificate(exec, paths, new URL(config.hubUrl).hostname)) === 'made') changed.push('certificate');
    const launcher = renderLauncher({ ...config, binary: settings });
    if (launcher !== (await readFile(paths.launcher, 'utf8').catch(() => undefined))) changed.push('launcher');
    await writeFileAtomic(paths.launcher, launcher, 0o700);
    // A unit written once is kept up to date, so it never runs an old launcher path.
    facts.unitWritten = settings.systemd || (await stat(paths.unit).catch(() => undefined)) !== undefined;
    if (facts.unitWritten) await writeFileAtomic(paths.unit, renderSystemdUnit({ ...config, binary: settings }));

    recordToken(state);
    await writeJournal(paths.token, state.journal);
    return {
      status: state.gitGuard.kind === 'no-git' ? 'warn' : 'ok',
      detail: [paths.dir, changed.length > 0 ? `wrote the ${changed.join(', ')}` : 'unchanged', guardNote].filter(Boolean).join(' · '),
    };
  },
};
