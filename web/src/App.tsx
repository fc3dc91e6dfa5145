import { useCallback, useEffect, useMemo, useState } from 'react';
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Space, Spin, Typography } from 'antd';
import viVN from 'antd/locale/vi_VN';
import enUS from 'antd/locale/en_US';
import { api, setCsrf, setUnauthenticatedHandler, type User } from './api';
import { I18nContext, initialLang, translate, type Lang } from './i18n';
import { SessionContext, hasRole, type Session } from './shared';
import LoginPage from './pages/LoginPage';
import UnitsPage from './pages/UnitsPage';
import UsersPage from './pages/UsersPage';
import AuditPage from './pages/AuditPage';
import AccountPage from './pages/AccountPage';
import LevelPage from './pages/LevelPage';
import ReadinessPage from './pages/ReadinessPage';
import SystemsPage from './pages/SystemsPage';
import DossiersPage from './pages/DossiersPage';
import InventoryPage from './pages/InventoryPage';
import RisksPage from './pages/RisksPage';
import IncidentsPage from './pages/IncidentsPage';
import PlansPage from './pages/PlansPage';
import DetectionPage from './pages/DetectionPage';
import PublicReportPage from './pages/PublicReportPage';
import { NavContext } from './registry';
import Reminders from './Reminders';

const pageKeys = [
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
  return (pageKeys as readonly string[]).includes(first) ? (first as PageKey) : 'readiness';
}

export default function App() {
  const [lang, setLangState] = useState<Lang>(initialLang());
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(true);
  const [page, setPage] = useState<PageKey>(pageFromPath());
  const [visit, setVisit] = useState(0); // remounts the page when the address changes

  const i18n = useMemo(
    () => ({
      lang,
      t: (key: string) => translate(lang, key),
      setLang: (next: Lang) => {
        localStorage.setItem('ungcuu.lang', next);
        document.documentElement.lang = next;
        setLangState(next);
      },
    }),
    [lang],
  );

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
    window.history.pushState(null, '', '/' + next + (query ? '?' + query : ''));
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

  const t = i18n.t;
  const langButton = (
    <Button
      size="small"
      data-testid="lang-switch"
      onClick={() => i18n.setLang(lang === 'vi' ? 'en' : 'vi')}
    >
      {t('lang.switch')}
    </Button>
  );

  // The public report page needs no account (citizens, outside organisations).
  const publicPage = ['phan-anh', 'report'].includes(window.location.pathname.split('/')[1]);

  let body;
  if (publicPage) {
    body = <PublicReportPage langButton={langButton} />;
  } else if (checking) {
    body = <Spin style={{ margin: 80 }} />;
  } else if (!session) {
    body = (
      <LoginPage
        langButton={langButton}
        onSignedIn={(user, csrf) => {
          setCsrf(csrf);
          setSession({ user, csrf });
        }}
      />
    );
  } else {
    const user = session.user;
    const items = [
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
    const shown: PageKey = items.some((i) => i.key === page) ? page : 'readiness';
    body = (
      <NavContext.Provider value={go}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
          <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }}>
            <img src="/favicon.svg" alt="" width={22} style={{ verticalAlign: 'middle', marginRight: 8 }} />
            <span title={t('app.title')}>ungcuu</span>
          </Typography.Text>
          <span style={{ flex: 1 }} />
          <Space>
            <Reminders />
            <Typography.Text style={{ color: '#fff' }} data-testid="current-user">
              {user.full_name} ({user.login})
            </Typography.Text>
            {langButton}
            <Button size="small" onClick={signOut} data-testid="sign-out">
              {t('nav.signout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout>
        <Layout.Sider width={200} theme="light" breakpoint="lg" collapsedWidth={0}>
          <Menu
            mode="inline"
            selectedKeys={[shown]}
            items={items}
            onClick={(e) => go(e.key)}
            style={{ height: '100%', borderRight: 0 }}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 16, minWidth: 0 }} key={`${shown}-${visit}`}>
          {shown === 'readiness' && <ReadinessPage />}
          {shown === 'incidents' && <IncidentsPage />}
          {shown === 'detection' && <DetectionPage />}
          {shown === 'plans' && <PlansPage />}
          {shown === 'systems' && <SystemsPage />}
          {shown === 'dossiers' && <DossiersPage />}
          {shown === 'inventory' && <InventoryPage />}
          {shown === 'risks' && <RisksPage />}
          {shown === 'units' && <UnitsPage />}
          {shown === 'levels' && <LevelPage />}
          {shown === 'users' && <UsersPage />}
          {shown === 'audit' && <AuditPage />}
          {shown === 'account' && <AccountPage onSignedOut={() => setSession(null)} />}
        </Layout.Content>
        </Layout>
      </Layout>
      </NavContext.Provider>
    );
  }

  return (
    <I18nContext.Provider value={i18n}>
      <ConfigProvider
        locale={lang === 'vi' ? viVN : enUS}
        theme={{
          // Secondary and descriptive text darker than antd's default (3.4:1) to reach WCAG AA.
          token: { colorPrimary: '#b71c1c', colorTextSecondary: 'rgba(0, 0, 0, 0.65)', colorTextDescription: 'rgba(0, 0, 0, 0.65)' },
        }}
      >
        <AntApp>
          <SessionContext.Provider value={{ session, refresh }}>{body}</SessionContext.Provider>
        </AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}
