import { lazy, Suspense, useCallback, useEffect, useState, type ComponentType } from 'react';
import { api, setCsrf, setUnauthenticatedHandler } from './api';
import { initialLang, useI18n } from './i18n';
import { SessionContext, hasRole, peekEarlySession, takeEarlySession, type Session, type SessionAnswer } from './session';
import { NavContext, pageHref } from './nav';
import Reminders from './features/home/Reminders';
// The home page is plain markup and small: it comes with the frame, not as a chunk of its own.
import HomePage, { prefetchHome } from './features/home/HomePage';
import { useLiveUpdates } from './live';
import { QueryProvider, queryClient } from './query';
import './app.css';

// Each page is its own chunk, loaded when first opened. Pages built on the UI library (antd)
// get its frame (locale, theme, messages) from `Providers`, loaded with the first such page —
// the frame and the home page do without it.
function withUi<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  return lazy(async () => {
    const [{ default: Providers }, { default: Page }] = await Promise.all([import('./Providers'), load()]);
    const Framed = (props: P) => (
      <Providers>
        <Page {...props} />
      </Providers>
    );
    return { default: Framed };
  });
}

const LoginPage = withUi(() => import('./features/account/LoginPage'));
const pages = {
  home: HomePage,
  readiness: withUi(() => import('./features/readiness/ReadinessPage')),
  incidents: withUi(() => import('./features/incidents/IncidentsPage')),
  detection: withUi(() => import('./features/detection/DetectionPage')),
  monitors: withUi(() => import('./features/monitor/MonitorsPage')),
  cases: withUi(() => import('./features/cases/CasesPage')),
  plans: withUi(() => import('./features/incidents/PlansPage')),
  coordination: withUi(() => import('./features/network/CoordinationPage')),
  warnings: withUi(() => import('./features/warnings/WarningsPage')),
  exchange: withUi(() => import('./features/exchange/ExchangePage')),
  workplans: withUi(() => import('./features/workplans/WorkPlansPage')),
  teams: withUi(() => import('./features/teams/TeamsPage')),
  drills: withUi(() => import('./features/drills/DrillsPage')),
  training: withUi(() => import('./features/training/TrainingPage')),
  reports: withUi(() => import('./features/reports/ReportsPage')),
  statistics: withUi(() => import('./features/reports/StatisticsPage')),
  systems: withUi(() => import('./features/registry/SystemsPage')),
  dossiers: withUi(() => import('./features/registry/DossiersPage')),
  inventory: withUi(() => import('./features/registry/InventoryPage')),
  risks: withUi(() => import('./features/registry/RisksPage')),
  levels: withUi(() => import('./features/registry/LevelPage')),
  units: withUi(() => import('./features/organisation/UnitsPage')),
  users: withUi(() => import('./features/organisation/UsersPage')),
  audit: withUi(() => import('./features/organisation/AuditPage')),
  account: withUi(() => import('./features/account/AccountPage')),
};

const pageKeys = [
  'home',
  'readiness',
  'incidents',
  'detection',
  'monitors',
  'cases',
  'plans',
  'coordination',
  'warnings',
  'workplans',
  'teams',
  'drills',
  'training',
  'reports',
  'statistics',
  'systems',
  'dossiers',
  'inventory',
  'risks',
  'levels',
  'units',
  'users',
  'audit',
  'exchange',
  'account',
] as const;
type PageKey = (typeof pageKeys)[number];

function pageFromPath(): PageKey {
  const first = window.location.pathname.split('/')[1];
  return (pageKeys as readonly string[]).includes(first) ? (first as PageKey) : 'home';
}

// The home page's data is asked for as soon as the session is known (in parallel with React's
// first render), not after the page has mounted.
peekEarlySession()
  ?.then((answer) => {
    if (pageFromPath() === 'home') prefetchHome(answer.user, initialLang());
  })
  .catch(() => {});

export default function App() {
  return <StaffApp />;
}

function StaffApp() {
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(true);
  const [page, setPage] = useState<PageKey>(pageFromPath());
  const [visit, setVisit] = useState(0); // remounts the page when the address changes
  const [menuOpen, setMenuOpen] = useState(false); // the navigation on a narrow screen

  const { t } = useI18n();
  useLiveUpdates(session !== null);

  const refresh = useCallback(async () => {
    try {
      // The first check may already be on its way (started by main.tsx with the page's code).
      const data = await (takeEarlySession() ?? api<SessionAnswer>('GET', '/session'));
      setCsrf(data.csrf_token);
      setSession({ user: data.user, csrf: data.csrf_token });
    } catch {
      setSession(null);
    } finally {
      setChecking(false);
    }
  }, []);

  useEffect(() => {
    // Whatever the last user saw leaves with them: the cache is emptied whenever the session ends.
    setUnauthenticatedHandler(() => {
      queryClient.clear();
      setSession(null);
    });
    void refresh();
    const onPop = () => {
      setPage(pageFromPath());
      setVisit((v) => v + 1);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [refresh]);

  const go = useCallback((next: string, query?: string) => {
    window.history.pushState(null, '', pageHref(next, query));
    setPage(next as PageKey);
    setVisit((v) => v + 1);
  }, []);

  const signOut = async () => {
    try {
      await api('DELETE', '/session');
    } finally {
      setCsrf('');
      queryClient.clear();
      setSession(null);
    }
  };

  let body;
  if (checking) {
    body = <PageLoading />;
  } else if (!session) {
    body = (
      <Suspense fallback={<PageLoading />}>
        <LoginPage
          onSignedIn={(user, csrf) => {
            queryClient.clear();
            setCsrf(csrf);
            if (page === 'home') prefetchHome(user, initialLang());
            setSession({ user, csrf });
          }}
        />
      </Suspense>
    );
  } else {
    const user = session.user;
    // An auditor's work is the audit log: that is their home.
    const auditorOnly = hasRole(user, ['auditor']) && !hasRole(user, ['admin', 'coordinator', 'responder', 'officer', 'leader']);
    const home: PageKey = auditorOnly ? 'audit' : 'home';
    const items = [
      ...(auditorOnly ? [] : [{ key: 'home', label: t('nav.home') }]),
      { key: 'readiness', label: t('nav.readiness') },
      { key: 'incidents', label: t('nav.incidents') },
      { key: 'detection', label: t('nav.detection') },
      { key: 'monitors', label: t('nav.monitors') },
      { key: 'cases', label: t('nav.cases') },
      { key: 'plans', label: t('nav.plans') },
      { key: 'coordination', label: t('nav.coordination') },
      { key: 'warnings', label: t('nav.warnings') },
      { key: 'workplans', label: t('nav.workplans') },
      { key: 'teams', label: t('nav.teams') },
      { key: 'drills', label: t('nav.drills') },
      { key: 'training', label: t('nav.training') },
      { key: 'reports', label: t('nav.reports') },
      { key: 'statistics', label: t('nav.statistics') },
      { key: 'systems', label: t('nav.systems') },
      { key: 'dossiers', label: t('nav.dossiers') },
      { key: 'inventory', label: t('nav.inventory') },
      { key: 'risks', label: t('nav.risks') },
      { key: 'levels', label: t('nav.levels') },
      { key: 'units', label: t('nav.units') },
      ...(hasRole(user, ['admin', 'coordinator', 'leader', 'auditor'])
        ? [{ key: 'users', label: t('nav.users') }]
        : []),
      ...(hasRole(user, ['admin', 'auditor', 'leader'])
        ? [{ key: 'audit', label: t('nav.audit') }]
        : []),
      ...(hasRole(user, ['admin']) ? [{ key: 'exchange', label: t('nav.exchange') }] : []),
      { key: 'account', label: t('nav.account') },
    ];
    // A page the user's roles do not open (e.g. after signing in as someone else) shows home.
    const shown: PageKey = items.some((i) => i.key === page) ? page : home;
    const open = (key: string) => (e: React.MouseEvent) => {
      // A modified or middle click opens the page in a new tab, as on any link.
      if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      setMenuOpen(false);
      go(key);
    };
    // The frame (header, navigation) is plain markup: the first page paints without the UI
    // library, which each page brings with its own code.
    body = (
      <NavContext.Provider value={go}>
        <div className="app">
          <header className="app-header">
            <button
              type="button"
              className="app-menu-toggle"
              aria-expanded={menuOpen}
              aria-controls="app-nav"
              onClick={() => setMenuOpen((o) => !o)}
            >
              ☰ <span className="app-sr">{t('nav.main')}</span>
            </button>
            <a href="/" className="app-brand" onClick={open(home)}>
              <img src="/favicon.svg" alt="" width={22} />
              <span title={t('app.title')}>ungcuu</span>
            </a>
            <span className="app-spacer" />
            <Reminders />
            <span className="app-user" data-testid="current-user">
              {user.full_name} ({user.login})
            </span>
            <FrameLangButton />
            <button type="button" className="app-header-button" onClick={signOut} data-testid="sign-out">
              {t('nav.signout')}
            </button>
          </header>
          <div className="app-body">
            <nav id="app-nav" className={menuOpen ? 'app-nav app-nav-open' : 'app-nav'} aria-label={t('nav.main')}>
              <ul>
                {items.map((i) => (
                  <li key={i.key}>
                    <a href={pageHref(i.key)} aria-current={i.key === shown ? 'page' : undefined} onClick={open(i.key)}>
                      {i.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <main className="app-content" key={`${shown}-${visit}`}>
              <Suspense fallback={<PageLoading />}>
                <ShownPage page={shown} onSignedOut={() => setSession(null)} />
              </Suspense>
            </main>
          </div>
        </div>
      </NavContext.Provider>
    );
  }

  return (
    <QueryProvider>
      <SessionContext.Provider value={{ session, refresh }}>{body}</SessionContext.Provider>
    </QueryProvider>
  );
}

function ShownPage({ page, onSignedOut }: { page: PageKey; onSignedOut: () => void }) {
  if (page === 'account') {
    const Account = pages.account;
    return <Account onSignedOut={onSignedOut} />;
  }
  const Page = pages[page] as ComponentType;
  return <Page />;
}

/// What shows while a page's code arrives.
function PageLoading() {
  const { t } = useI18n();
  return (
    <div className="page-loading" role="status" data-testid="page-loading">
      {t('common.loading')}
    </div>
  );
}

/// "English" / "Tiếng Việt" in the frame's header.
function FrameLangButton() {
  const { lang, t, setLang } = useI18n();
  return (
    <button type="button" className="app-header-button" data-testid="lang-switch" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
      {t('lang.switch')}
    </button>
  );
}
