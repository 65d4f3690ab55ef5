import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config';
import { openDb, type Db } from './db/db';
import { migrate } from './db/migrate';
import { FieldCipher, loadKeyRing } from './crypto/field-crypto';
import { buildApp, loggerOptions } from './app';
import { seedDemo, randomDemoPassword, DEMO_USERS } from './orgs/demo-seed';
import { seedDemoData } from './demo/demo-data';
import { JobWorker, enqueue } from './jobs/queue';
import { purgeExpired } from './auth/auth.repository';
import type { Deps } from './deps';
import { runDeadlineJob } from './cases/nrm.service';
import { ANALYZE_JOB, analyzeCaseTables } from './cases/case-htcds.service';
import { scheduleUpkeep } from './db/upkeep';

/** A running Jisr: the HTTP app, its database and its background worker. */
export interface RunningServer {
  app: FastifyInstance;
  deps: Deps;
  worker: JobWorker;
  url: string;
  stop(): Promise<void>;
}

/** Registers the background jobs every instance runs. */
export function registerJobs(worker: JobWorker, deps: Deps): void {
  worker.handle('maintenance.purge', async (tx) => purgeExpired(tx, deps.config.sessionIdleMinutes * 60));
  worker.handle('cases.deadline', async (tx, payload) => runDeadlineJob(tx, payload));
  worker.handle(ANALYZE_JOB, async (tx) => analyzeCaseTables(tx));
}

function defaultWebDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '..', 'web');
}

/**
 * Starts Jisr: opens the database (PostgreSQL when DATABASE_URL is set, else PGlite in the data
 * folder), applies migrations, seeds the demo country on first start, and listens.
 */
export async function startServer(config: Config = loadConfig(), opts: { db?: Db; quiet?: boolean } = {}): Promise<RunningServer> {
  const db = opts.db ?? (await openDb({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite') }));
  await migrate(db);
  const ring = loadKeyRing({ inline: config.encryptionKeys, keyFile: config.keyFile, create: true });
  const deps: Deps = { db, config, cipher: new FieldCipher(ring) };
  // `jisr keys rotate` writes a new key ring: pick it up without a restart.
  const watchKeys = !config.encryptionKeys;
  if (watchKeys) {
    fs.watchFile(config.keyFile, { interval: 2000 }, () => {
      try {
        deps.cipher.reload(loadKeyRing({ keyFile: config.keyFile, create: false }));
      } catch {
        // keep the ring in memory if the file is being replaced
      }
    });
  }
  const app = await buildApp(deps, { logger: opts.quiet ? false : loggerOptions(config.logLevel), webDir: config.webDir ?? defaultWebDir() });

  if (config.seedDemo) {
    const password = config.demoPassword ?? randomDemoPassword();
    const seeded = await seedDemo(db, password);
    if (seeded && config.seedDemoData) await seedDemoData(deps);
    if (seeded && !opts.quiet) {
      const lines = [
        '',
        '  Jisr demo country created. Sign in with any of these accounts:',
        ...DEMO_USERS.map((u) => `    ${u.email.padEnd(32)} ${u.role}`),
        `  Password for all demo accounts: ${config.demoPassword ? '(the value of JISR_DEMO_PASSWORD)' : password}`,
        ...(config.demoPassword ? [] : ['  This is shown once. Set JISR_DEMO_PASSWORD to choose it.']),
        '',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
  }

  const worker = new JobWorker(db, app.log);
  registerJobs(worker, deps);
  let scheduler: NodeJS.Timeout | undefined;
  let upkeep: { stop(): Promise<void> } | undefined;
  if (config.runJobs) {
    // Housekeeping once an hour; the dedupe key makes several instances queue it only once.
    const schedule = () =>
      enqueue(db, 'maintenance.purge', {}, { dedupeKey: `maintenance.purge:${new Date().toISOString().slice(0, 13)}` }).catch(() => undefined);
    void schedule();
    scheduler = setInterval(schedule, 3600_000);
    scheduler.unref();
    // The embedded database's vacuum and analysis (db/upkeep.ts).
    upkeep = scheduleUpkeep(db, app.log);
    worker.start();
  }

  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  return {
    app,
    deps,
    worker,
    url,
    async stop() {
      if (watchKeys) fs.unwatchFile(config.keyFile);
      if (scheduler) clearInterval(scheduler);
      await upkeep?.stop();
      await worker.stop();
      await app.close();
      await db.close();
    },
  };
}
