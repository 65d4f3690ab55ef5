/**
 * How fast this machine is right now: the milliseconds that a bare loop of 10^8 additions takes, run
 * as a script of its own (`node -e`, as the README's figures were taken; inside a function V8
 * compiles the same loop into something four times faster). The development machine's speed varies
 * from hour to hour (0.58 s in a fast hour, up to 1.43 s in a slow one), so benchmarks print it
 * beside their figures, to tell a slower hour from slower code.
 */
import { spawnSync } from 'node:child_process';

const LOOP = 'let t=performance.now();let x=0;for(let i=0;i<1e8;i++)x+=i;console.log(performance.now()-t)';

export function bareLoopMs(): number {
  const r = spawnSync(process.execPath, ['-e', LOOP], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

/** The line a benchmark prints about the machine's speed. */
export function machineSpeedLine(): string {
  return `machine speed now: a bare loop of 10^8 additions took ${bareLoopMs().toFixed(0)} ms (about 580 ms in a fast hour of the development machine)`;
}
