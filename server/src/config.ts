import path from 'node:path';

/** Runtime configuration, read once from the environment. */
export interface Config {
  port: number;
  host: string;
  /** Folder for the embedded database and the key file. */
  dataDir: string;
  /** When set, PostgreSQL through node-postgres instead of embedded PGlite. */
  databaseUrl: string | undefined;
  demoPassword: string | undefined;
  /** Seed the demo country set-up on first start. */
  seedDemo: boolean;
  /** With the demo country, also fictional cases and a published statistics release. */
  seedDemoData: boolean;
  /** Minutes of inactivity after which a session ends. */
  sessionIdleMinutes: number;
  /** Hours after which a session ends whatever the activity. */
  sessionMaxHours: number;
  /** Base64 AES-256 key ring given directly (overrides the key file). */
  encryptionKeys: string | undefined;
  keyFile: string;
  /** Set cookies with the Secure flag (behind TLS). */
  secureCookies: boolean;
  trustProxy: boolean;
  logLevel: string;
  /** Where the built web app lives. */
  webDir: string | undefined;
  runJobs: boolean;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

/** Reads configuration from environment variables with safe defaults for a local demo. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.JISR_DATA_DIR ?? './data');
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    demoPassword: env.JISR_DEMO_PASSWORD || undefined,
    seedDemo: bool(env.JISR_SEED_DEMO, true),
    seedDemoData: bool(env.JISR_SEED_DEMO_DATA, true),
    sessionIdleMinutes: Number(env.JISR_SESSION_IDLE_MINUTES ?? 30),
    sessionMaxHours: Number(env.JISR_SESSION_MAX_HOURS ?? 12),
    encryptionKeys: env.JISR_ENCRYPTION_KEYS || undefined,
    keyFile: path.resolve(env.JISR_KEY_FILE ?? path.join(dataDir, 'keys.json')),
    secureCookies: bool(env.JISR_SECURE_COOKIES, false),
    trustProxy: bool(env.JISR_TRUST_PROXY, false),
    logLevel: env.LOG_LEVEL ?? 'info',
    webDir: env.JISR_WEB_DIR,
    runJobs: bool(env.JISR_RUN_JOBS, true),
  };
}
