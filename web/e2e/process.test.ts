import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const PASSWORD = 'process-test-password';

/** Starts the built server (`node dist/server/main.js`) as `npm start` does, and waits until it answers. */
async function startProcess(dataDir: string, port: number, extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; output: () => string }> {
  let out = '';
  const child = spawn(process.execPath, ['dist/server/main.js'], {
    env: { ...process.env, PORT: String(port), JISR_DATA_DIR: dataDir, JISR_DEMO_PASSWORD: PASSWORD, DATABASE_URL: '', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, output: () => out };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

async function login(port: number, email: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
}

describe('the server process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisr-process-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts on the embedded database, seeds the demo country once, keeps data across a restart, and stops cleanly on SIGTERM', async () => {
    const port = 18000 + Math.floor(Math.random() * 1000);
    const first = await startProcess(dataDir, port);
    expect(first.output()).toContain('admin@demo.jisr.example');
    expect(first.output()).toContain('coordinator@demo.jisr.example');
    expect((await login(port, 'admin@demo.jisr.example')).status).toBe(200);
    expect((await login(port, 'admin@demo.jisr.example')).headers.get('set-cookie')).toMatch(/HttpOnly/i);
    // The demo country comes with fictional cases and a published release for the public page.
    const latest = await fetch(`http://127.0.0.1:${port}/api/public/releases/latest`);
    expect(latest.status).toBe(200);
    expect((await latest.json()).label).toBe('Demo country: annual statistics');
    // The serving of the web app: any page path returns the app.
    const page = await fetch(`http://127.0.0.1:${port}/admin/users`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(await stop(first.child)).toBe(0);
    const logs = first.output();
    // Structured JSON logs without personal data or secrets.
    const jsonLines = logs.split('\n').filter((l) => l.startsWith('{'));
    expect(jsonLines.length).toBeGreaterThan(0);
    for (const l of jsonLines) {
      expect(() => JSON.parse(l)).not.toThrow();
      expect(l).not.toContain('admin@demo.jisr.example');
      expect(l).not.toContain(PASSWORD);
      expect(l).not.toMatch(/jisr_session=/);
    }
    expect(fs.existsSync(path.join(dataDir, 'keys.json'))).toBe(true);
    expect(fs.statSync(path.join(dataDir, 'keys.json')).mode & 0o077).toBe(0);

    const second = await startProcess(dataDir, port + 1);
    expect(second.output()).not.toContain('demo country created');
    expect((await login(port + 1, 'admin@demo.jisr.example')).status).toBe(200);
    expect(await stop(second.child)).toBe(0);
  });
});
