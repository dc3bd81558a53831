import { describe, expect, it } from 'vitest';
import { chainKey } from '../../src/themes/compile.ts';
import { loadPlatform } from '../../src/themes/platform.ts';

const platform = loadPlatform();
const T0 = '00000000-0000-4000-8000-000000000000';
const PARTNER = '00000000-0000-4000-8000-000000000001';
const CUSTOMER = '00000000-0000-4000-8000-000000000002';
const SIBLING = '00000000-0000-4000-8000-000000000003';

describe('chainKey', () => {
  it('is shared by a partner and its customers that add no layer of their own', async () => {
    const partner = [
      { tenantId: T0, version: null },
      { tenantId: PARTNER, version: 3 },
    ];
    const customer = [...partner, { tenantId: CUSTOMER, version: null }];
    const sibling = [...partner, { tenantId: SIBLING, version: null }];
    expect(await chainKey(platform, customer)).toBe(await chainKey(platform, partner));
    expect(await chainKey(platform, sibling)).toBe(await chainKey(platform, customer));
  });

  it('changes with every published version on the chain', async () => {
    const base = [
      { tenantId: T0, version: null },
      { tenantId: PARTNER, version: 3 },
      { tenantId: CUSTOMER, version: null },
    ];
    const keys = new Set([
      await chainKey(platform, base),
      await chainKey(platform, [base[0]!, { tenantId: PARTNER, version: 4 }, base[2]!]),
      await chainKey(platform, [base[0]!, base[1]!, { tenantId: CUSTOMER, version: 1 }]),
      await chainKey(platform, [{ tenantId: T0, version: 1 }, base[1]!, base[2]!]),
      await chainKey(platform, [base[0]!, base[1]!, { tenantId: SIBLING, version: 1 }]),
    ]);
    expect(keys.size).toBe(5);
  });
});
