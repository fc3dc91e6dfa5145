import { describe, expect, it } from 'vitest';
import { localTime, vietnamDayHour, vietnamInstant } from './onCall';

describe('localTime', () => {
  it("writes an instant in Vietnam's time, whatever the browser's zone", () => {
    // The 08:00 handover of Monday 07/12/2026 is 01:00 UTC.
    expect(localTime('2026-12-07T01:00:00.000Z')).toBe('08:00 07/12/2026');
    // Across midnight and a year end.
    expect(localTime('2026-12-31T17:30:00Z')).toBe('00:30 01/01/2027');
  });
});

describe('vietnamDayHour and vietnamInstant', () => {
  it('read and write the day and hour of an instant in Vietnam, across midnight', () => {
    expect(vietnamDayHour('2026-12-07T01:00:00Z')).toEqual({ day: '2026-12-07', hour: 8 });
    expect(vietnamDayHour('2026-12-31T17:30:00Z')).toEqual({ day: '2027-01-01', hour: 0 });
    expect(vietnamInstant('2026-12-07', 8)).toBe('2026-12-07T08:00:00+07:00');
    expect(Date.parse(vietnamInstant('2027-01-01', 0))).toBe(Date.parse('2026-12-31T17:00:00Z'));
  });
});
