// Live updates from the server (GET /api/v1/events, Server-Sent Events): each change in the
// user's units arrives as "incident 12 changed", and the pages showing it read it again. Events
// arriving together are passed on as one "ungcuu:changed" window event (every 300 ms at most).
// The browser reconnects by itself with the last id it saw and gets what it missed; if the
// server refuses the stream (too many tabs, signed out) the pages keep their periodic refresh
// and a new stream is tried a minute later.
import { useEffect } from 'react';

export interface Change {
  action: string;
  object_type: string;
  object_id: number;
  unit_id: number | null;
}

export type ChangedDetail = { changes: Change[]; reset: boolean };

/// Whether a "ungcuu:changed" event concerns the incident `id` (or everything: a reset, or the
/// user's own action announced without details).
export function concernsIncident(event: Event, id: number): boolean {
  const detail = (event as CustomEvent<ChangedDetail | undefined>).detail;
  if (!detail || detail.reset) return true;
  return detail.changes.some((c) => c.object_type === 'incident' && c.object_id === id);
}

/// Keeps one event stream open while the staff application is shown.
export function useLiveUpdates(enabled: boolean) {
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let pending: Change[] = [];
    let reset = false;
    let flush: number | undefined;
    let retry: number | undefined;
    const pass = () => {
      flush = undefined;
      const detail: ChangedDetail = { changes: pending, reset };
      pending = [];
      reset = false;
      window.dispatchEvent(new CustomEvent('ungcuu:changed', { detail }));
    };
    const soon = () => {
      if (flush === undefined) flush = window.setTimeout(pass, 300);
    };
    const open = () => {
      source = new EventSource('/api/v1/events');
      source.addEventListener('change', (e) => {
        try {
          pending.push(JSON.parse((e as MessageEvent<string>).data) as Change);
        } catch {
          reset = true;
        }
        soon();
      });
      source.addEventListener('reset', () => {
        reset = true;
        soon();
      });
      source.onerror = () => {
        // Closed for good (refused): try again later; otherwise the browser reconnects itself.
        if (source?.readyState === EventSource.CLOSED) {
          source = null;
          retry = window.setTimeout(open, 60000);
        }
      };
    };
    open();
    return () => {
      source?.close();
      window.clearTimeout(flush);
      window.clearTimeout(retry);
    };
  }, [enabled]);
}
