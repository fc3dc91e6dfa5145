// Navigation inside the staff application: every page and object has an address
// ("/incidents?id=12"), the back button and reloads work, and links are real links (Tab reaches
// them, a middle click or Ctrl+click opens a new tab).
import { createContext, useContext, type MouseEvent, type ReactNode } from 'react';

/// Opens another page, optionally with a query string.
export const NavContext = createContext<(page: string, query?: string) => void>(() => {});
export function useNav() {
  return useContext(NavContext);
}

/// The query string of the current address.
export function queryParam(name: string): string | null {
  return new URLSearchParams(window.location.search).get(name);
}

export function pageHref(page: string, query?: string): string {
  return '/' + page + (query ? '?' + query : '');
}

/// A link to a page of the application: a plain click navigates in place, a modified or middle
/// click is left to the browser (new tab, new window).
export function NavLink(props: {
  page: string;
  query?: string;
  children: ReactNode;
  testId?: string;
  onNavigate?: () => void;
}) {
  const nav = useNav();
  const open = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    props.onNavigate?.();
    nav(props.page, props.query);
  };
  return (
    <a href={pageHref(props.page, props.query)} onClick={open} data-testid={props.testId}>
      {props.children}
    </a>
  );
}
