// Time that moves on screen: the current time, re-read every few seconds by whoever shows a
// countdown, and "còn 2h05" / "quá 0h40" computed from it. No UI library here.
import { useEffect, useState } from 'react';

const listeners = new Set<(now: number) => void>();
let timer: number | undefined;

/// The current time in milliseconds, updated every 15 s for as long as a component uses it
/// (one timer for the whole page however many countdowns it shows).
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    listeners.add(setNow);
    if (timer === undefined) {
      timer = window.setInterval(() => {
        const at = Date.now();
        listeners.forEach((l) => l(at));
      }, 15000);
    }
    return () => {
      listeners.delete(setNow);
      if (listeners.size === 0 && timer !== undefined) {
        window.clearInterval(timer);
        timer = undefined;
      }
    };
  }, []);
  return now;
}

/// Remaining time until `due` in hours and minutes (days beyond 48 h), or how long ago it passed.
export function timeLeft(due: string, lang: string, now: number = Date.now()): string {
  const ms = new Date(due).getTime() - now;
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3600000);
  const m = Math.floor((abs % 3600000) / 60000);
  const span = h >= 48 ? `${Math.floor(h / 24)} ${lang === 'en' ? 'd' : 'ngày'}` : `${h}h${String(m).padStart(2, '0')}`;
  if (ms >= 0) return lang === 'en' ? `in ${span}` : `còn ${span}`;
  return lang === 'en' ? `${span} overdue` : `quá ${span}`;
}

/// A countdown that ticks: "còn 2h05", turning into "quá 0h01" when the moment passes.
export function Countdown({ due, lang }: { due: string; lang: string }) {
  const now = useNow();
  return <span data-testid="countdown">{timeLeft(due, lang, now)}</span>;
}
