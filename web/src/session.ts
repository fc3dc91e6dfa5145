// The signed-in session and role checks, without any UI library (the frame and the home page
// use them before antd is loaded).
import { createContext, useContext } from 'react';
import { api, type User } from './api';
import type { Schemas } from './apiTypes';

export interface Session {
  user: User;
  csrf: string;
}

export const SessionContext = createContext<{ session: Session | null; refresh: () => void }>({
  session: null,
  refresh: () => {},
});

export function useSession() {
  return useContext(SessionContext);
}

/// Can the signed-in user perform `permission` somewhere? (The server decides per unit.)
export function hasRole(user: User | undefined, wanted: string[]): boolean {
  return (user?.roles ?? []).some((r) => wanted.includes(r.role));
}

export type SessionAnswer = Schemas['SignedIn'];

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
