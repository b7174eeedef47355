import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Polls until `probe` answers something truthy; fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A fixture process (test/fixtures/*.ts, for kill -9 tests): its stdout lines, stderr and exit. */
export class WorkerProcess {
  readonly lines: string[] = [];
  stderr = '';
  exitCode: number | null | undefined = undefined;
  readonly exited: Promise<number | null>;
  private readonly proc: ChildProcess;
  private readonly waiters = new Set<() => void>();

  constructor(script: string, env: Record<string, string>) {
    // node --import tsx, not npx tsx: one process, so SIGKILL hits the worker itself.
    this.proc = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    createInterface({ input: this.proc.stdout! }).on('line', (line) => {
      this.lines.push(line);
      for (const w of this.waiters) w();
    });
    this.proc.stderr!.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.exited = new Promise((resolve) => {
      this.proc.on('exit', (code) => {
        this.exitCode = code;
        for (const w of this.waiters) w();
        resolve(code);
      });
    });
  }

  get pid(): number {
    return this.proc.pid!;
  }
  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** Waits for a stdout line matching `pattern`; fails early if the process exits. */
  waitLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (const line of this.lines) {
          const m = pattern.exec(line);
          if (m) {
            done();
            resolve(m);
            return;
          }
        }
        if (!this.alive) {
          done();
          reject(new Error(`worker exited (${this.exitCode}) before ${pattern}; stderr: ${this.stderr}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; stderr: ${this.stderr}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  async kill9(): Promise<void> {
    if (!this.alive) return;
    this.proc.kill('SIGKILL');
    await this.exited; // reaped: its pid is really gone (a zombie still answers kill(pid, 0))
  }
}
