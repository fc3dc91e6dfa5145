// The session check, started by the first script before React or the application has arrived
// (no UI code here: this module is part of the tiny entry).
import { api } from './api';
import type { Schemas } from './apiTypes';

type SessionAnswer = Schemas['SignedIn'];

// The session check started as early as possible (main.tsx), used once by the application.
let early: Promise<SessionAnswer> | null = null;

export function startSessionCheck() {
  early = api<SessionAnswer>('GET', '/session');
  early.catch(() => {}); // a stranger: the application shows the sign-in page
}

/// The early check, without taking it (to start work that needs only the user).
export function peekEarlySession(): Promise<SessionAnswer> | null {
  return early;
}

export function takeEarlySession(): Promise<SessionAnswer> | null {
  const taken = early;
  early = null;
  return taken;
}
