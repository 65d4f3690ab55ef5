/** `jisr <command>`: the command-line tools of Jisr. Each command module exports run(args) returning an exit code. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: (args: string[]) => Promise<number> }> }> = {
  audit: { summary: 'audit verify — check the hash chain of the audit log', load: () => import('./audit.command') },
  keys: { summary: 'keys rotate — re-encrypt identifying fields under a new key', load: () => import('./keys.command') },
  aggregate: { summary: 'aggregate — protected 1- to N-way counts of a categorical CSV', load: () => import('./aggregate.command') },
  synth: { summary: 'synth — differentially private synthetic rows and a fidelity report', load: () => import('./synth.command') },
};

function usage(): string {
  return ['Usage: npx jisr <command> [options]', '', 'Commands:', ...Object.values(COMMANDS).map((c) => `  ${c.summary}`), ''].join('\n');
}

/** Runs the command named by the first argument. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n${usage()}`);
    return 2;
  }
  return (await command.load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`jisr: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
