import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/util/gc.js';

describe('collectGarbage', () => {
  it('runs a full collection: an object only weakly held is gone afterwards', async () => {
    let target: object | null = { big: new Array(1000).fill('x') };
    const ref = new WeakRef(target);
    target = null;
    // WeakRef targets stay alive until the current job ends.
    await new Promise((r) => setImmediate(r));
    expect(collectGarbage()).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });
});
