import { describe, expect, it } from 'vitest';
import { sortDue, type DueItem } from './duework';

const item = (key: string, due_at: string | null, overdue = false): DueItem => ({
  key,
  kind: 'incident',
  title: key,
  detail: '',
  due_at,
  overdue,
  your_turn: true,
  page: 'incidents',
  query: '',
});

describe('sortDue', () => {
  it('puts overdue work first, then reports to acknowledge, then the nearest deadline', () => {
    const sorted = sortDue([
      item('later', '2026-12-07T00:00:00Z'),
      item('report', null),
      item('sooner', '2026-12-06T00:00:00Z'),
      item('late-b', '2026-12-04T00:00:00Z', true),
      item('late-a', '2026-12-03T00:00:00Z', true),
    ]);
    expect(sorted.map((i) => i.key)).toEqual(['late-a', 'late-b', 'report', 'sooner', 'later']);
  });
  it('leaves the list it was given as it was', () => {
    const given = [item('b', '2026-12-07T00:00:00Z'), item('a', '2026-12-06T00:00:00Z')];
    sortDue(given);
    expect(given.map((i) => i.key)).toEqual(['b', 'a']);
  });
});
