import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.ts';

function fakeStream(isTTY: boolean) {
  const lines: string[] = [];
  return { lines, stream: { isTTY, write: (s: string) => (lines.push(s), true) } as unknown as NodeJS.WriteStream };
}

describe('createProgress', () => {
  it('non-TTY: plain lines, rate-limited, none at completion', () => {
    const f = fakeStream(false);
    const p = createProgress('run', { stream: f.stream, intervalSeconds: 0 });
    p.update(1, 4);
    p.update(4, 4);
    p.stop();
    expect(f.lines).toHaveLength(1);
    expect(f.lines[0]).toMatch(/^run: 25\.0% \(1\/4\)/);
    const g = fakeStream(false);
    const q = createProgress('run', { stream: g.stream, intervalSeconds: 3600 });
    for (let i = 1; i < 100; i++) q.update(i, 100);
    expect(g.lines).toHaveLength(0);
  });

  it('quiet: nothing at all', () => {
    const f = fakeStream(true);
    const p = createProgress('run', { stream: f.stream, quiet: true });
    p.update(1, 2);
    p.stop();
    expect(f.lines).toHaveLength(0);
  });
});
