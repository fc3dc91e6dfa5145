import { describe, expect, it } from 'vitest';
import { taskBody } from './TaskFields';
import { dayVi } from './Assignments';

describe('taskBody', () => {
  it('sends what the form holds, empty lists and texts for what it left out', () => {
    expect(taskBody({ content: 'Rà soát', time_frame: 'Quý III/2026' })).toEqual({
      item: '',
      content: 'Rà soát',
      executor_unit_ids: [],
      executor_kinds: [],
      coordinating: '',
      time_frame: 'Quý III/2026',
      budget_source: '',
      expected_output: '',
    });
  });

  it('sends an estimate only when one was typed (0 is an estimate, an emptied field is not)', () => {
    const base = { content: 'Mua sắm', time_frame: '30/11/2026' };
    expect(taskBody({ ...base, budget_estimate: 450000000 }).budget_estimate).toBe(450000000);
    expect(taskBody({ ...base, budget_estimate: 0 }).budget_estimate).toBe(0);
    expect('budget_estimate' in taskBody({ ...base, budget_estimate: null })).toBe(false);
  });
});

describe('dayVi', () => {
  it('writes a day as Vietnamese forms do', () => {
    expect(dayVi('2026-10-02')).toBe('02/10/2026');
    expect(dayVi(null)).toBe('—');
  });
});
