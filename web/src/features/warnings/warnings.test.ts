import { describe, expect, it } from 'vitest';
import { indicatorOf, indicatorsOf, passOnLabels } from './warnings';

describe('indicators typed one per line', () => {
  it('recognises each kind by its form', () => {
    expect(indicatorOf('203.0.113.7')).toEqual({ kind: 'ip', value: '203.0.113.7' });
    expect(indicatorOf('2001:db8::1')).toEqual({ kind: 'ip', value: '2001:db8::1' });
    expect(indicatorOf('https://evil.example/x')).toEqual({ kind: 'url', value: 'https://evil.example/x' });
    expect(indicatorOf('d41d8cd98f00b204e9800998ecf8427e')?.kind).toBe('hash');
    expect(indicatorOf('phish@evil.example')?.kind).toBe('email');
    expect(indicatorOf('mail.evil.example')?.kind).toBe('domain');
    // Not an address: a part above 255 is a name.
    expect(indicatorOf('300.1.1.1')?.kind).toBe('domain');
    expect(indicatorOf('   ')).toBeNull();
  });

  it('takes a kind written before the value, and lists each indicator once', () => {
    expect(indicatorOf('domain 1.2.3.4.in-addr.example')).toEqual({ kind: 'domain', value: '1.2.3.4.in-addr.example' });
    const list = indicatorsOf('203.0.113.7\r\n\nEVIL.example\nevil.example\n203.0.113.7');
    expect(list).toEqual([
      { kind: 'ip', value: '203.0.113.7' },
      { kind: 'domain', value: 'EVIL.example' },
    ]);
  });
});

describe('labels a warning may be passed on under', () => {
  it('keeps the label or a stricter one, and never passes RED on', () => {
    expect(passOnLabels('amber')).toEqual(['amber', 'red']);
    expect(passOnLabels('clear')).toEqual(['clear', 'green', 'amber', 'red']);
    expect(passOnLabels('red')).toEqual([]);
  });
});
