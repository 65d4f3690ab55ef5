import os from 'node:os';
import type { Db, Queryable } from '../db/db';

/** A background job handler. It runs inside the transaction that marks the job done, so its database effects and the completion commit together. */
export type JobHandler = (tx: Queryable, payload: Record<string, unknown>, job: { id: string; attempts: number }) => Promise<void>;

/** Queues a job; a dedupe key makes the same logical job be queued once. Returns the job id or null when deduplicated. */
export async function enqueue(
  q: Queryable,
  kind: string,
  payload: Record<string, unknown> = {},
  options: { runAt?: Date; dedupeKey?: string; maxAttempts?: number } = {},
): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO jobs (kind, payload, run_at, dedupe_key, max_attempts) VALUES ($1, $2, COALESCE($3, now()), $4, $5)
     ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id::text AS id`,
    [kind, JSON.stringify(payload), options.runAt ?? null, options.dedupeKey ?? null, options.maxAttempts ?? 5],
  );
  return rows[0]?.id ?? null;
}

/**
 * A PostgreSQL-backed job queue worker. A job is claimed with FOR UPDATE SKIP LOCKED inside a
 * transaction that also runs the handler and marks the job done: two workers (or two app
 * instances) never run the same job at once, and a job whose transaction commits is never run
 * again. A failing job is retried with backoff up to max_attempts, then marked failed.
 */
export class JobWorker {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  readonly id = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;

  constructor(private readonly db: Db, private readonly log: { error: (o: object, m: string) => void } = console) {}

  /** Registers the handler of one kind of job. */
  handle(kind: string, handler: JobHandler): this {
    this.handlers.set(kind, handler);
    return this;
  }

  /** Claims and runs one ready job; false when none was ready. */
  async runOne(): Promise<boolean> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return false;
    let failure: { id: string; attempts: number; max: number; error: string } | undefined;
    const ran = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }>(
        `SELECT id::text AS id, kind, payload, attempts, max_attempts FROM jobs
         WHERE status = 'queued' AND run_at <= now() AND kind = ANY($1::text[])
         ORDER BY run_at, jobs.id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [kinds],
      );
      const job = rows[0];
      if (!job) return false;
      const payload = typeof job.payload === 'string' ? (JSON.parse(job.payload) as Record<string, unknown>) : job.payload;
      try {
        await tx.query('SAVEPOINT job');
        await this.handlers.get(job.kind)!(tx, payload, { id: job.id, attempts: job.attempts + 1 });
        await tx.query('RELEASE SAVEPOINT job');
        await tx.query(`UPDATE jobs SET status = 'done', attempts = attempts + 1, finished_at = now() WHERE id = $1`, [job.id]);
      } catch (err) {
        await tx.query('ROLLBACK TO SAVEPOINT job');
        failure = { id: job.id, attempts: job.attempts + 1, max: job.max_attempts, error: err instanceof Error ? err.name : 'Error' };
        await tx.query(
          `UPDATE jobs SET attempts = attempts + 1, last_error = $2,
             status = CASE WHEN attempts + 1 >= max_attempts THEN 'failed' ELSE 'queued' END,
             run_at = now() + make_interval(secs => power(2, attempts + 1)::int * 5)
           WHERE id = $1`,
          [job.id, failure.error],
        );
      }
      return true;
    });
    if (failure) this.log.error({ jobId: failure.id, attempts: failure.attempts, error: failure.error }, 'job failed');
    return ran;
  }

  /** Runs ready jobs until none is left. */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOne()) n += 1;
    return n;
  }

  /** Polls for jobs every intervalMs until stop(). */
  start(intervalMs = 2000): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.drain()
        .then(() => undefined)
        .catch((err: unknown) => this.log.error({ err: err instanceof Error ? err.name : 'Error' }, 'job poll failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 10);
  }

  /** Stops polling and waits for a job in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
