import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';

/** The absolute path `name` runs from on this PATH (or `name` itself when it is a path), or undefined. */
export async function findExecutable(name: string, searchPath = ''): Promise<string | undefined> {
  const candidates = name.includes('/') ? [path.resolve(name)] : searchPath.split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name));
  for (const candidate of candidates) {
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutableFile(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return false;
  return access(file, constants.X_OK).then(() => true, () => false);
}
