import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * CPU time per thread of this process, read from Linux's /proc: what `entente bench` needs to say
 * where two threads' time goes (the coding threads, and V8's own compiler and garbage-collector
 * threads, which take cores from them). Elsewhere there is no such reading, and these return
 * undefined.
 */

/** Clock ticks per second of /proc's CPU times: 100 on every Linux Node.js supports. */
const TICKS_PER_SECOND = 100;

/** Seconds of CPU (user and system) used so far by each thread of this process, by thread id. */
export function threadCpuSeconds(): Map<number, number> | undefined {
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const out = new Map<number, number>();
  for (const task of tasks) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
    } catch {
      // The thread ended between the listing and the read.
      continue;
    }
    // The name in parentheses may hold spaces; the fields after it start with the state (field 3).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(task), (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
  }
  return out;
}

/** The calling thread's id, as `threadCpuSeconds` keys it. */
export function ownThreadId(): number | undefined {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
}

/** CPU seconds a run took: this thread, the given worker threads, and every other thread of the process. */
export interface ThreadCpu {
  here: number;
  workers: number;
  other: number;
}

/** What each kind of thread used between two readings. */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>, here: number, workers: readonly number[]): ThreadCpu {
  const used: ThreadCpu = { here: 0, workers: 0, other: 0 };
  for (const [tid, seconds] of after) {
    const delta = seconds - (before.get(tid) ?? 0);
    if (tid === here) used.here += delta;
    else if (workers.includes(tid)) used.workers += delta;
    else used.other += delta;
  }
  return used;
}
