import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { tokenProblem } from './token.js';

/** Reads a token the user brings; errors name the flag and never echo the token. */
export async function readProvidedToken(source: { tokenFile?: string; tokenStdin: boolean }, stdin: NodeJS.ReadStream): Promise<string | undefined> {
  if (source.tokenFile) {
    const text = await readFile(source.tokenFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--token-file: cannot read ${source.tokenFile} (${error.code ?? error.message}).`);
    });
    return validated(text, '--token-file');
  }
  if (source.tokenStdin) {
    if (stdin.isTTY) throw new UsageError('--token-stdin: standard input is a terminal; pipe the token in.', 'e.g. pass show kedge/token | npx create-kedge-hub --yes --token-stdin …');
    let text = '';
    stdin.setEncoding('utf8');
    for await (const chunk of stdin) text += chunk as string;
    return validated(text, '--token-stdin');
  }
  return undefined;
}

function validated(text: string, flag: string): string {
  const token = text.replace(/\r?\n$/, '').trim();
  if (!token) throw new UsageError(`${flag}: no token given (the input is empty).`);
  const problem = tokenProblem(token);
  if (problem) throw new UsageError(`${flag}: ${problem}.`, 'Generate one with: openssl rand -hex 32');
  return token;
}
