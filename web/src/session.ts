// The signed-in session and role checks, without any UI library (the frame and the home page
// use them before antd is loaded).
import { createContext, useContext } from 'react';
import type { User } from './api';
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

export { peekEarlySession, startSessionCheck, takeEarlySession } from './early';
