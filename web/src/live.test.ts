import { describe, expect, it } from 'vitest';
import { concernsIncident, type ChangedDetail } from './live';

const event = (detail: ChangedDetail | undefined) => ({ detail }) as unknown as Event;
const change = (object_type: string, object_id: number) => ({
  action: `${object_type}.x`,
  object_type,
  object_id,
  unit_id: 1,
});

describe('concernsIncident', () => {
  it('is true for a change of that incident only', () => {
    expect(concernsIncident(event({ changes: [change('incident', 7)], reset: false }), 7)).toBe(true);
    expect(concernsIncident(event({ changes: [change('incident', 8)], reset: false }), 7)).toBe(false);
    expect(concernsIncident(event({ changes: [change('dossier', 7)], reset: false }), 7)).toBe(false);
  });
  it('is true after a reset or the user’s own announced change', () => {
    expect(concernsIncident(event({ changes: [], reset: true }), 7)).toBe(true);
    expect(concernsIncident(event(undefined), 7)).toBe(true);
  });
});
