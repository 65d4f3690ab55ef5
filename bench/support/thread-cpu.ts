/**
 * Processor time by thread, for benchmarks that spread their work over threads and processes (the
 * HTCDS import: the request's thread, which on PGlite also runs the database, a reader and a sealer
 * worker, V8's helper threads for compiling and collecting, and PostgreSQL's server process).
 * Linux only (it reads /proc): elsewhere `sample` does nothing and `report` says so. The threads'
 * counters are read every `everyMs` while the work runs, since a worker's thread is gone once it
 * ends (up to `everyMs` of its last work is then not counted).
 */
import fs from 'node:fs';

/** User and system time of a /proc …/stat file, in milliseconds (clock ticks of 10 ms), or undefined once it is gone. */
function cpuMs(statFile: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(statFile, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command's name (which may hold spaces) in parentheses: utime and stime are the 12th and 13th.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export interface ThreadCpu {
  sample(): void;
  /** One line: this thread, the threads started meanwhile (busiest first), the others, the other processes, and the total. */
  report(wallMs: number): string;
}

/** Starts counting this process's threads and the processes `pids` (e.g. PostgreSQL backends). */
export function threadCpu(pids: readonly number[] = []): ThreadCpu {
  const linux = fs.existsSync('/proc/self/task');
  // Threads of this process by id, and other processes (such as a database server's) as `pid N`:
  // processor time when first and last seen, and whether they started after the first sample.
  const threads = new Map<string, { first: number; last: number; isNew: boolean }>();
  let started = false;
  const see = (key: string, file: string) => {
    const ms = cpuMs(file);
    if (ms === undefined) return;
    const t = threads.get(key);
    if (t) t.last = ms;
    else threads.set(key, { first: started ? 0 : ms, last: ms, isNew: started });
  };
  const sample = () => {
    if (!linux) return;
    for (const tid of fs.readdirSync('/proc/self/task')) see(tid, `/proc/self/task/${tid}/stat`);
    for (const pid of pids) see(`pid ${pid}`, `/proc/${pid}/stat`);
    started = true;
  };
  sample();
  return {
    sample,
    report(wallMs) {
      if (!linux) return 'processor time by thread: not measured (Linux only)';
      sample();
      const used = (key: string) => {
        const t = threads.get(key)!;
        return t.last - t.first;
      };
      const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      const main = String(process.pid);
      const keys = [...threads.keys()];
      const newThreads = keys.filter((k) => threads.get(k)!.isNew && !k.startsWith('pid ')).sort((a, b) => used(b) - used(a));
      const others = keys.filter((k) => k !== main && !threads.get(k)!.isNew && !k.startsWith('pid '));
      const processes = keys.filter((k) => k.startsWith('pid '));
      const sum = (list: string[]) => list.reduce((n, k) => n + used(k), 0);
      const total = used(main) + sum(newThreads) + sum(others) + sum(processes);
      return [
        `this thread ${s(used(main))}`,
        `threads started meanwhile ${newThreads.map((k) => s(used(k))).join(' + ') || 'none'}`,
        `the process's other threads ${s(sum(others))}`,
        ...(processes.length > 0 ? [`other processes ${s(sum(processes))}`] : []),
        `total ${s(total)} in ${s(wallMs)} (${(total / wallMs).toFixed(2)} processors)`,
      ].join('; ');
    },
  };
}
