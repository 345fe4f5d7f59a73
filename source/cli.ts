import { setMaxListeners } from 'node:events';
import { isActionable } from './errors.js';
import { HELP_TEXT } from './help.js';
import { parseOptions, type Options } from './options.js';
import { showFirstFrame, wantsLiveOutput } from './report/first-frame.js';
import packageJson from '../package.json' with { type: 'json' };

// Only options, help and errors load before this point: --help and --version never pull in Ink, React or execa.
async function run(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!isActionable(error)) throw error;
    process.stderr.write(`Error: ${error.message}\n${'hint' in error && error.hint ? `${error.hint}\n` : ''}`);
    return error.exitCode;
  }
  if (options.help) {
    process.stdout.write(HELP_TEXT);
    return 0;
  }
  if (options.version) {
    process.stdout.write(`${packageJson.version}\n`);
    return 0;
  }

  const controller = new AbortController();
  // Every concurrent child process listens on this one signal.
  setMaxListeners(100, controller.signal);
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const firstFrame = willAskNothing(options) && wantsLiveOutput(process.stdout, process.env) ? showFirstFrame(process.stdout, `create-kedge-hub · ${options.command}`) : undefined;
  const { main } = await import('./main.js');
  return main(options, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal, firstFrame });
}

/** No questions will be asked, so the live screen is the next thing the user sees. */
function willAskNothing(options: Options): boolean {
  return options.output === 'text' && !options.dryRun && (options.yes || options.tokenStdin || !process.stdin.isTTY);
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`create-kedge-hub: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
