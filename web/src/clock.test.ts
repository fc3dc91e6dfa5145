import { describe, expect, it } from 'vitest';
import { timeLeft } from './clock';

const now = Date.parse('2026-12-05T10:00:00Z');
const at = (ms: number) => new Date(now + ms).toISOString();
const minute = 60000;
const hour = 60 * minute;

describe('timeLeft', () => {
  it('counts hours and minutes before a deadline, in both languages', () => {
    expect(timeLeft(at(2 * hour + 5 * minute), 'vi', now)).toBe('còn 2h05');
    expect(timeLeft(at(2 * hour + 5 * minute), 'en', now)).toBe('in 2h05');
    expect(timeLeft(at(59 * 1000), 'vi', now)).toBe('còn 0h00');
  });
  it('says how late once the moment has passed', () => {
    expect(timeLeft(at(-40 * minute), 'vi', now)).toBe('quá 0h40');
    expect(timeLeft(at(-40 * minute), 'en', now)).toBe('0h40 overdue');
  });
  it('switches to days from 48 hours', () => {
    expect(timeLeft(at(47 * hour + 59 * minute), 'vi', now)).toBe('còn 47h59');
    expect(timeLeft(at(5 * 24 * hour + hour), 'vi', now)).toBe('còn 5 ngày');
    expect(timeLeft(at(-3 * 24 * hour), 'en', now)).toBe('3 d overdue');
  });
  it('moves as time moves', () => {
    const due = at(hour);
    expect(timeLeft(due, 'vi', now)).not.toBe(timeLeft(due, 'vi', now + 10 * minute));
  });
});
