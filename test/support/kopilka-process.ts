// The `kopilka` command run as an operator runs it, in child processes: to the end (`run`,
// `ok`), or long-lived and handed back once it prints that it is ready (`start`). A test calls
// `killAll()` in its after hook so nothing it started outlives it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '../../bin/kopilka.mjs');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Started {
  /** What it printed (stdout and stderr) until it was ready. */
  printed: string;
  /** Resolves with the exit code whenever it exits. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after 10 s; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** A TCP port free on 127.0.0.1 at the moment of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export class KopilkaProcesses {
  private readonly children = new Set<ChildProcess>();

  /** `limitMs`: how long a run may last, or a start may take, before it is killed. */
  constructor(private readonly limitMs = 120_000) {}

  private spawn(env: NodeJS.ProcessEnv, args: string[]) {
    const child = spawn(process.execPath, [BIN, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.add(child);
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => {
        this.children.delete(child);
        resolve(code);
      }),
    );
    return { child, exited };
  }

  /** Runs `kopilka …args` to the end, killed if it outlives the limit. */
  async run(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
    const { child, exited } = this.spawn(env, args);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), this.limitMs);
    const failed = new Promise<never>((_, reject) => child.on('error', reject));
    const code = await Promise.race([exited, failed]);
    clearTimeout(timer);
    return { code, stdout, stderr };
  }

  /** Runs `kopilka …args`, asserts it exits 0, and gives what it printed on stdout. */
  async ok(env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
    const r = await this.run(env, ...args);
    assert.equal(r.code, 0, `kopilka ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  }

  /** Starts `kopilka …args` and resolves once its stdout matches `ready`. */
  async start(env: NodeJS.ProcessEnv, args: string[], ready: RegExp): Promise<Started> {
    const { child, exited } = this.spawn(env, args);
    let printed = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`kopilka ${args[0]} did not start:\n${printed}`)),
        this.limitMs,
      );
      child.stdout!.on('data', (d: Buffer) => {
        printed += d;
        if (ready.test(printed)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr!.on('data', (d: Buffer) => (printed += d));
      void exited.then((code) =>
        reject(new Error(`kopilka ${args[0]} exited with ${code}:\n${printed}`)),
      );
    });
    return {
      printed,
      exited,
      stop: async () => {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        const code = await exited;
        clearTimeout(timer);
        return code;
      },
    };
  }

  killAll(): void {
    for (const c of this.children) c.kill('SIGKILL');
  }
}
