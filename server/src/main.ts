import { startServer } from './server';

/** Entry point of `npm start`: serve Jisr until SIGTERM or SIGINT, then shut down gracefully. */
async function main(): Promise<void> {
  const server = await startServer();
  process.stdout.write(`Jisr is running at ${server.url.replace(/:\/\/[^:]+:/, '://localhost:')}\n`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15000);
    force.unref();
    await server.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Jisr failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
