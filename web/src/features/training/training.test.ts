import { describe, expect, it } from 'vitest';
import type { Unit } from '../../api';
import { money, rootUnit, yearsUpTo } from './training';

const unit = (id: number, path: string) => ({ id, path }) as Unit;

describe('rootUnit', () => {
  it('starts from the highest unit the user sees', () => {
    expect(rootUnit([unit(4, '/1/4/'), unit(1, '/1/'), unit(7, '/1/4/7/')])?.id).toBe(1);
    // Two trees seen side by side: the first by path.
    expect(rootUnit([unit(9, '/9/'), unit(2, '/2/')])?.id).toBe(2);
    expect(rootUnit([])).toBeUndefined();
  });
});

describe('money and years', () => {
  it('writes dong with dots between thousands and offers next year for targets', () => {
    expect(money(1500000)).toMatch(/^1[.\u00a0]500[.\u00a0]000 đ$/);
    expect(yearsUpTo(2026)).toEqual([2027, 2026, 2025, 2024, 2023, 2022]);
  });
});
