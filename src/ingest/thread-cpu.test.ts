import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cpuBetween, ownThreadId, threadCpuSeconds } from './thread-cpu.ts';

describe('thread CPU time', () => {
  test('splits what each kind of thread used between two readings, threads that started meanwhile included', () => {
    const before = new Map([
      [10, 1.0],
      [11, 2.0],
      [12, 0.5],
    ]);
    const after = new Map([
      [10, 1.75],
      [11, 2.5],
      [12, 0.75],
      [13, 0.125],
    ]);
    assert.deepEqual(cpuBetween(before, after, 10, [11]), { here: 0.75, workers: 0.5, other: 0.375 });
  });

  test('reads this thread among the process threads, and its time grows as it works (Linux)', { skip: process.platform !== 'linux' }, () => {
    const here = ownThreadId()!;
    const start = threadCpuSeconds()!;
    assert.ok(start.has(here), 'this thread is listed');
    const deadline = Date.now() + 10_000;
    let x = 0;
    while (threadCpuSeconds()!.get(here)! - start.get(here)! < 0.05 && Date.now() < deadline) for (let i = 0; i < 1e6; i++) x += i % 7;
    assert.ok(threadCpuSeconds()!.get(here)! - start.get(here)! >= 0.05, `busy work shows as this thread's CPU time (${x})`);
  });
});
