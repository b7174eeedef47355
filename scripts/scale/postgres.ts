import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findPgBin as pgCtlDir } from '../../bench/pg-cluster.js';

/** A directory with every server binary this needs (initdb, pg_ctl, pg_basebackup): Debian's, else pg_ctl's on PATH. */
export function findPgBin(): string | null {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(`${base}/${v}/bin/pg_basebackup`) && existsSync(`${base}/${v}/bin/pg_ctl`)) return `${base}/${v}/bin`;
  const dir = pgCtlDir();
  return dir && existsSync(path.join(dir, 'pg_basebackup')) ? dir : null;
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** initdb and postgres refuse root: as root, run them as `postgres` (or `nobody`), as scripts/test.mjs does. */
function runAsPrefix(dir: string): string[] {
  if (!process.getuid || process.getuid() !== 0) return [];
  const user = spawnSync('id', ['-u', 'postgres']).status === 0 ? 'postgres' : 'nobody';
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
  chownSync(dir, uid, gid);
  return ['runuser', '-u', user, '--'];
}

const SETTINGS = [
  'listen_addresses=127.0.0.1',
  'max_connections=300',
  'fsync=off',
  'full_page_writes=off',
  'wal_level=replica',
  'max_wal_senders=5',
  'hot_standby=on',
];

/**
 * One PostgreSQL server of a throw-away directory (the scale harness's primary and replica, the outage test): started,
 * stopped and killed at will; `remove()` deletes its files. Loopback only, trust authentication.
 */
export class PgServer {
  private constructor(
    readonly bin: string,
    readonly root: string,
    readonly name: string,
    readonly port: number,
    private readonly runAs: string[],
  ) {}

  get dataDir(): string {
    return path.join(this.root, this.name);
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** A new primary: initdb in a new temporary directory (UTF-8, C.UTF-8 locale as scripts/test.mjs). Not started. */
  static async init(bin: string, root = mkdtempSync(path.join(tmpdir(), 'nyckel-pg-'))): Promise<PgServer> {
    const server = new PgServer(bin, root, 'primary', await freePort(), runAsPrefix(root));
    server.run('initdb', ['-D', server.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    return server;
  }

  /** A streaming replica of a running primary: pg_basebackup -R (standby.signal and primary_conninfo). Not started. */
  async replica(name = 'replica'): Promise<PgServer> {
    const replica = new PgServer(this.bin, this.root, name, await freePort(), this.runAs);
    replica.run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-D', replica.dataDir, '-R', '-X', 'stream', '-c', 'fast']);
    return replica;
  }

  /** `extra`: more `-c name=value` settings for this start (the distribution check's statement log). */
  start(extra: string[] = []): void {
    this.run('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      path.join(this.root, `${this.name}.log`),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${this.port} -k ${this.root} ${[...SETTINGS, ...extra].map((s) => `-c ${s}`).join(' ')}`,
      'start',
    ]);
  }

  /** `fast`: a clean shutdown (sessions get 57P01); `immediate`: as after a crash. */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', 'stop'], true);
  }

  running(): boolean {
    const r = spawnSync(this.runAs[0] ?? path.join(this.bin, 'pg_ctl'), [
      ...this.runAs.slice(1),
      ...(this.runAs.length ? [path.join(this.bin, 'pg_ctl')] : []),
      '-D',
      this.dataDir,
      'status',
    ]);
    return r.status === 0;
  }

  remove(): void {
    // Always ask it to stop (a failed stop of a stopped server is fine): a server left running without its files lingers.
    this.stop('immediate');
    rmSync(this.root, { recursive: true, force: true });
  }

  private run(cmd: string, args: string[], tolerate = false): void {
    const full = [...this.runAs, path.join(this.bin, cmd), ...args];
    const r = spawnSync(full[0], full.slice(1), { encoding: 'utf8', cwd: this.root });
    if (r.status !== 0 && !tolerate) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  }
}
