// The data layer of the staff application (TanStack Query): every GET goes through one cache
// keyed by its path, so that pages and the header share what they load (units, the scenario
// taxonomy, the rule sets and the due work are read once, not once per page), a page opened
// again shows its data at once while it is re-read, and a change — pushed by the server over
// the live feed or made by the user — re-reads exactly the data on screen (everything else is
// marked stale and re-read when next shown).
import type { ReactNode } from 'react';
import { QueryClient, QueryClientProvider, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { api, ApiError, listAll } from './api';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A refusal (4xx) will not change by asking again; a lost connection or a 5xx may.
      retry: (failures, error) =>
        failures < 2 && !(error instanceof ApiError && error.problem.status >= 400 && error.problem.status < 500),
    },
  },
});

/// Data that does not change while the application runs (the taxonomy, the rule sets): not
/// re-read on every change.
const fixed = { staleTime: Infinity, meta: { fixed: true } } as const;

if (typeof window !== 'undefined') {
  window.addEventListener('ungcuu:changed', () => {
    void queryClient.invalidateQueries({ predicate: (q) => q.meta?.fixed !== true });
  });
}

export function QueryProvider({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}

type Extra<T> = Omit<UseQueryOptions<T, unknown, T, readonly unknown[]>, 'queryKey' | 'queryFn'>;

/// GET `path` (under /api/v1) through the cache; `null` waits (a dependent query).
export function useApi<T>(path: string | null, options: Extra<T> & { fixed?: boolean } = {}) {
  const { fixed: isFixed, ...rest } = options;
  return useQuery<T, unknown, T, readonly unknown[]>({
    queryKey: ['api', path],
    queryFn: () => api<T>('GET', path as string),
    enabled: path !== null,
    ...(isFixed ? fixed : {}),
    ...rest,
  });
}

/// Every page of a list endpoint through the cache.
export function useApiList<T>(path: string, options: Extra<T[]> = {}) {
  return useQuery<T[], unknown, T[], readonly unknown[]>({
    queryKey: ['api-all', path],
    queryFn: () => listAll<T>(path),
    ...options,
  });
}
