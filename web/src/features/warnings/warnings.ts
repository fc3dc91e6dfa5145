// Pure helpers of the warnings page: indicators typed one per line, recognised by their form;
// the TLP label's colours; a warning's progress in words.

export type IndicatorKind = 'ip' | 'domain' | 'url' | 'hash' | 'email';

export interface Indicator {
  kind: IndicatorKind;
  value: string;
}

const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const ipv6 = /^[0-9a-f:.]+$/i;
const hash = /^([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/i;

/// The kind of an indicator as people write it: an address, a link, a digest, a mailbox, else a
/// domain name. "kind value" (e.g. "domain 1.2.3.4.example") names the kind outright.
export function indicatorOf(line: string): Indicator | null {
  const text = line.trim();
  if (!text) return null;
  const named = /^(ip|domain|url|hash|email)\s+(\S+)$/i.exec(text);
  if (named) return { kind: named[1]!.toLowerCase() as IndicatorKind, value: named[2]! };
  const v4 = ipv4.exec(text);
  if (v4 && v4.slice(1).every((n) => Number(n) <= 255)) return { kind: 'ip', value: text };
  if (ipv6.test(text) && text.split(':').length > 2) return { kind: 'ip', value: text };
  if (/^https?:\/\//i.test(text)) return { kind: 'url', value: text };
  if (hash.test(text)) return { kind: 'hash', value: text };
  if (/^[^@\s]+@[^@\s]+$/.test(text)) return { kind: 'email', value: text };
  return { kind: 'domain', value: text };
}

/// Every non-empty line as an indicator, duplicates (same kind, same text) once.
export function indicatorsOf(text: string): Indicator[] {
  const seen = new Set<string>();
  const out: Indicator[] = [];
  for (const line of text.split(/\r?\n/)) {
    const found = indicatorOf(line);
    if (!found) continue;
    const key = `${found.kind} ${found.value.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(found);
  }
  return out;
}

/// Colours of the TLP 2.0 labels (black background as FIRST prints them, text in the label's
/// colour) — readable on white at AA contrast.
export const tlpStyle: Record<string, { color: string; background: string; borderColor: string }> = {
  clear: { color: '#ffffff', background: '#000000', borderColor: '#000000' },
  green: { color: '#33ff00', background: '#000000', borderColor: '#000000' },
  amber: { color: '#ffc000', background: '#000000', borderColor: '#000000' },
  red: { color: '#ff2b2b', background: '#000000', borderColor: '#000000' },
};

export const tlpOrder = ['clear', 'green', 'amber', 'red'] as const;

/// The labels a recipient may pass a warning on under: its own or a stricter one, never after RED.
export function passOnLabels(tlp: string): string[] {
  if (tlp === 'red') return [];
  const from = tlpOrder.indexOf(tlp as (typeof tlpOrder)[number]);
  return [...tlpOrder.slice(Math.max(0, from))];
}

export const severityColor: Record<string, string> = { low: 'default', medium: 'blue', high: 'orange', critical: 'red' };

export const answerColor: Record<string, string> = { affected: 'red', not_affected: 'green', fixed: 'blue' };
