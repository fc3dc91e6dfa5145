import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Button, Layout, Space, Spin } from 'antd';
import { api, setCsrf, setUnauthenticatedHandler, type User } from './api';
import { useI18n } from './i18n';
import Providers, { LangButton } from './Providers';
import { Loading, SessionContext, hasRole, type Session } from './shared';
import { NavContext, pageHref } from './nav';
import Reminders from './Reminders';
import { useLiveUpdates } from './live';
import './app.css';

// Each page is its own chunk, loaded when first opened.
const LoginPage = lazy(() => import('./pages/LoginPage'));
const pages = {
  home: lazy(() => import('./pages/HomePage')),
  readiness: lazy(() => import('./pages/ReadinessPage')),
  incidents: lazy(() => import('./pages/IncidentsPage')),
  detection: lazy(() => import('./pages/DetectionPage')),
  plans: lazy(() => import('./pages/PlansPage')),
  systems: lazy(() => import('./pages/SystemsPage')),
  dossiers: lazy(() => import('./pages/DossiersPage')),
  inventory: lazy(() => import('./pages/InventoryPage')),
  risks: lazy(() => import('./pages/RisksPage')),
  levels: lazy(() => import('./pages/LevelPage')),
  units: lazy(() => import('./pages/UnitsPage')),
  users: lazy(() => import('./pages/UsersPage')),
  audit: lazy(() => import('./pages/AuditPage')),
  account: lazy(() => import('./pages/AccountPage')),
};

const pageKeys = [
  'home',
  'readiness',
  'incidents',
  'detection',
  'plans',
  'systems',
  'dossiers',
  'inventory',
  'risks',
  'levels',
  'units',
  'users',
  'audit',
  'account',
] as const;
type PageKey = (typeof pageKeys)[number];

function pageFromPath(): PageKey {
  const first = window.location.pathname.split('/')[1];
  return (pageKeys as readonly string[]).includes(first) ? (first as PageKey) : 'home';
}

export default function App() {
  return (
    <Providers>
      <StaffApp />
    </Providers>
  );
}

function StaffApp() {
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(true);
  const [page, setPage] = useState<PageKey>(pageFromPath());
  const [visit, setVisit] = useState(0); // remounts the page when the address changes

  const { t } = useI18n();
  useLiveUpdates(session !== null);

  const refresh = useCallback(async () => {
    try {
      const data = await api<{ csrf_token: string; user: User }>('GET', '/session');
      setCsrf(data.csrf_token);
      setSession({ user: data.user, csrf: data.csrf_token });
    } catch {
      setSession(null);
    } finally {
      setChecking(false);
    }
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => setSession(null));
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
      setSession(null);
    }
  };

  let body;
  if (checking) {
    body = <Spin style={{ margin: 80 }} />;
  } else if (!session) {
    body = (
      <Suspense fallback={<Spin style={{ margin: 80 }} />}>
        <LoginPage
          onSignedIn={(user, csrf) => {
            setCsrf(csrf);
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
      { key: 'plans', label: t('nav.plans') },
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
      { key: 'account', label: t('nav.account') },
    ];
    // A page the user's roles do not open (e.g. after signing in as someone else) shows units.
    const shown: PageKey = items.some((i) => i.key === page) ? page : home;
    body = (
      <NavContext.Provider value={go}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
          <a href="/" className="app-brand" onClick={(e) => { if (e.button === 0 && !e.ctrlKey && !e.metaKey) { e.preventDefault(); go(home); } }}>
            <img src="/favicon.svg" alt="" width={22} style={{ verticalAlign: 'middle', marginRight: 8 }} />
            <span title={t('app.title')}>ungcuu</span>
          </a>
          <span style={{ flex: 1 }} />
          <Space>
            <Reminders />
            <span className="app-user" data-testid="current-user">
              {user.full_name} ({user.login})
            </span>
            <LangButton />
            <Button size="small" onClick={signOut} data-testid="sign-out">
              {t('nav.signout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout>
        <Layout.Sider width={200} theme="light" breakpoint="lg" collapsedWidth={0}>
          <nav className="app-nav" aria-label={t('nav.main')}>
            <ul>
              {items.map((i) => (
                <li key={i.key}>
                  <a
                    href={pageHref(i.key)}
                    aria-current={i.key === shown ? 'page' : undefined}
                    onClick={(e) => {
                      // A modified or middle click opens the page in a new tab, as on any link.
                      if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
                      e.preventDefault();
                      go(i.key);
                    }}
                  >
                    {i.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 16, minWidth: 0 }} key={`${shown}-${visit}`}>
          <Suspense fallback={<Loading />}>
            <ShownPage page={shown} onSignedOut={() => setSession(null)} />
          </Suspense>
        </Layout.Content>
        </Layout>
      </Layout>
      </NavContext.Provider>
    );
  }

  return <SessionContext.Provider value={{ session, refresh }}>{body}</SessionContext.Provider>;
}

function ShownPage({ page, onSignedOut }: { page: PageKey; onSignedOut: () => void }) {
  if (page === 'account') {
    const Account = pages.account;
    return <Account onSignedOut={onSignedOut} />;
  }
  const Page = pages[page];
  return <Page />;
}
