import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The machine's PostgreSQL binaries: pg_ctl on PATH, else the newest /usr/lib/postgresql/<v>/bin. */
export function findPgBin(): string | null {
  const fromPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
  if (fromPath) return path.dirname(fromPath);
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(`${base}/${v}/bin/pg_ctl`)) return `${base}/${v}/bin`;
  return null;
}

/** A free loopback TCP port (the bench's servers and clusters). */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

export interface PgCluster {
  url: string;
  version: string;
  settings: string[];
  stop(): void;
}

/**
 * A throw-away cluster, the way scripts/test.mjs starts one: initdb as a non-root user (initdb refuses root),
 * C locale, trust auth on 127.0.0.1, durability off (the bench measures reads; it only speeds up the load).
 */
export async function startThrowawayPostgres(bin: string): Promise<PgCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nyckel-bench-pg-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  let runAs: string[] = [];
  if (process.getuid && process.getuid() === 0) {
    const user = spawnSync('id', ['-u', 'postgres']).status === 0 ? 'postgres' : 'nobody';
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    runAs = ['runuser', '-u', user, '--'];
  }
  const run = (cmd: string, args: string[]) => {
    const full = [...runAs, path.join(bin, cmd), ...args];
    const r = spawnSync(full[0], full.slice(1), { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  const settings = ['listen_addresses=127.0.0.1', 'max_connections=100', 'shared_buffers=256MB', 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']);
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} ${settings.map((s) => `-c ${s}`).join(' ')}`, 'start']);
  const version = spawnSync(path.join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout.trim();
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    version,
    settings,
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } catch {
        /* already down */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
