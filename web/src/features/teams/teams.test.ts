import { describe, expect, it } from 'vitest';
import { localTime } from './onCall';

describe('localTime', () => {
  it("writes an instant in Vietnam's time, whatever the browser's zone", () => {
    // The 08:00 handover of Monday 07/12/2026 is 01:00 UTC.
    expect(localTime('2026-12-07T01:00:00.000Z')).toBe('08:00 07/12/2026');
    // Across midnight and a year end.
    expect(localTime('2026-12-31T17:30:00Z')).toBe('00:30 01/01/2027');
  });
});
