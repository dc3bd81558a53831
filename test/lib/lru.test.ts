import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Lru } from '../../src/lib/lru.ts';

describe('Lru', () => {
  it('evicts the least recently used entry, not the oldest inserted', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
  });

  it('peeks without marking an entry used', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.peek('a')).toBe(1);
    lru.set('c', 3);
    expect(lru.peek('a')).toBeUndefined();
    expect(lru.peek('b')).toBe(2);
  });

  it('never holds more than its capacity and behaves like a map for what it holds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.tuple(fc.constantFrom('get', 'set', 'delete'), fc.integer({ min: 0, max: 12 }), fc.integer())),
        (capacity, ops) => {
          const lru = new Lru<number, number>(capacity);
          const model = new Map<number, number>();
          for (const [op, key, value] of ops) {
            if (op === 'set') {
              lru.set(key, value);
              model.set(key, value);
            } else if (op === 'delete') {
              lru.delete(key);
              model.delete(key);
            } else {
              const got = lru.get(key);
              if (got !== undefined) expect(got).toBe(model.get(key));
            }
            expect(lru.size).toBeLessThanOrEqual(capacity);
          }
        },
      ),
    );
  });

  it('deleteWhere drops exactly the selected entries', () => {
    const lru = new Lru<string, number>(10);
    for (let i = 0; i < 6; i++) lru.set(`k${i}`, i);
    lru.deleteWhere((v) => v % 2 === 0);
    expect([0, 1, 2, 3, 4, 5].map((i) => lru.get(`k${i}`))).toEqual([undefined, 1, undefined, 3, undefined, 5]);
  });
});

describe('Lru with a weight bound', () => {
  it('evicts the least recently used entries until the total weight fits', () => {
    const lru = new Lru<string, string>(100, { maxWeight: 10, weigh: (v) => v.length });
    lru.set('a', 'xxxx');
    lru.set('b', 'xxxx');
    lru.get('a');
    lru.set('c', 'xxxx');
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('xxxx');
    expect(lru.weight).toBe(8);
  });

  it('keeps the weight equal to the sum of what it holds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 9 }), fc.string({ maxLength: 6 }))),
        (ops) => {
          const lru = new Lru<number, string>(5, { maxWeight: 12, weigh: (v) => v.length });
          const keys = new Set<number>();
          for (const [remove, key, value] of ops) {
            if (remove) lru.delete(key);
            else lru.set(key, value);
            keys.add(key);
            let sum = 0;
            for (const k of keys) sum += lru.get(k)?.length ?? 0;
            expect(lru.weight).toBe(sum);
            expect(lru.size).toBeLessThanOrEqual(5);
          }
        },
      ),
    );
  });
});
