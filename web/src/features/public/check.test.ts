import { describe, expect, it } from 'vitest';
import { check, empty } from './PublicReportPage';

const t = (key: string) => key;

describe("the public page's own checks", () => {
  it('names what is missing, in words (keys here)', () => {
    expect(check(empty, t)).toEqual({
      affected: 'pub.need_affected',
      description: 'pub.need_description',
      email: 'pub.need_contact',
      phone: 'pub.need_contact',
    });
  });
  it('takes a phone alone, or an e-mail alone, and no name', () => {
    const base = { ...empty, affected: 'https://xa.example.vn', description: 'Trang bị thay đổi' };
    expect(check({ ...base, phone: '0905 123 456' }, t)).toEqual({});
    expect(check({ ...base, email: 'a@b.vn' }, t)).toEqual({});
  });
  it('refuses a malformed e-mail and blank-only text', () => {
    const base = { ...empty, affected: '   ', description: 'x', email: 'not-an-address' };
    expect(check(base, t)).toEqual({ affected: 'pub.need_affected', email: 'pub.bad_email' });
  });
});
