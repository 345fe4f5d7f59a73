import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export const SECRET_FILE_MODE = 0o600;
export const SECRET_DIR_MODE = 0o700;

/**
 * Writes a file that may hold a secret: temp file in the same directory (created 0600),
 * fsync, rename over the target, fsync the directory. A crash leaves the old file or the new one, never half of one.
 */
export async function writeFileAtomic(target: string, content: string, mode = SECRET_FILE_MODE): Promise<void> {
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true, mode: SECRET_DIR_MODE });
  // Named after the target so a .gitignore entry for "<target>*" covers a temp file a crash leaves behind.
  const temp = path.join(dir, `${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(content);
    await handle.chmod(mode); // the umask may have narrowed or the mode widened nothing; make it exact
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    await handle.close();
  }
}
