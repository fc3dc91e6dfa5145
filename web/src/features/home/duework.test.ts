import { describe, expect, it } from 'vitest';
import { sortDue, type DueItem } from './duework';

const now = Date.parse('2026-12-05T10:00:00Z');
const item = (key: string, kind: DueItem['kind'], due_at: string | null, overdue = false): DueItem => ({
  key,
  kind,
  title: key,
  detail: '',
  due_at,
  overdue,
  your_turn: true,
  page: 'incidents',
  query: '',
});

describe('sortDue', () => {
  it('puts incident deadlines passed or within a day first, then reports, then other overdue work', () => {
    const sorted = sortDue(
      [
        item('scan-never-done', 'duty', null, true),
        item('dossier-late', 'dossier', '2026-11-01T00:00:00Z', true),
        item('incident-in-3-days', 'incident', '2026-12-08T10:00:00Z'),
        item('report', 'report', null),
        item('incident-in-1h', 'incident', '2026-12-05T11:00:00Z'),
        item('incident-late', 'incident', '2026-12-05T09:00:00Z', true),
        item('drill-soon', 'duty', '2026-12-07'),
      ],
      now,
    );
    expect(sorted.map((i) => i.key)).toEqual([
      'incident-late',
      'incident-in-1h',
      'report',
      'scan-never-done',
      'dossier-late',
      'drill-soon',
      'incident-in-3-days',
    ]);
  });
  it('leaves the list it was given as it was', () => {
    const given = [item('b', 'incident', '2026-12-07T00:00:00Z'), item('a', 'incident', '2026-12-06T00:00:00Z')];
    sortDue(given, now);
    expect(given.map((i) => i.key)).toEqual(['b', 'a']);
  });
});
