import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { AppError } from './errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one process's database: a second process writing the same files corrupts them.
 * Takes an exclusive lock file in the data directory; a lock left by a dead process is taken over.
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'nyckel.lock');
  const me = `${process.pid}@${hostname()}`;
  // The lock file appears with its content in one step (hard link of a written temp file), so no process can
  // ever see an empty lock; of two processes racing for a stale lock, the link succeeds for one only.
  const temp = `${file}.${process.pid}`;
  writeFileSync(temp, me);
  try {
    return acquire(file, temp, me, dir);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      /* gone */
    }
  }
}

function acquire(file: string, temp: string, me: string, dir: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      linkSync(temp, file);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(file, 'utf8') === me) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readFileSync(file, 'utf8').trim();
      const [pidText, host] = holder.split('@');
      const pid = Number(pidText);
      if (host === hostname() && Number.isInteger(pid) && !alive(pid)) {
        unlinkSync(file); // stale: its process is gone
        continue;
      }
      throw new AppError('data_dir_locked', {
        detail: `The data directory ${dir} is in use by process ${holder}. Stop it first, or point NYCKEL_DATA_DIR elsewhere.`,
      });
    }
  }
  throw new AppError('data_dir_locked', { detail: `Could not lock the data directory ${dir}.` });
}
