// The home page, fitted to what the signed-in person does: an officer reports an incident and
// sees the unit's open incidents; a coordinator sees the triage queue and the open incidents
// by nearest deadline; a leader sees what waits for a decision; everyone sees the due work.
// (An auditor's home is the audit log.) Plain markup without the UI library: it is the first
// page after signing in and loads quickly.
import { api, type User } from '../../api';
import { queryClient, useApi } from '../../query';
import { translate, useI18n, type Lang } from '../../i18n';
import { hasRole, useSession } from '../../session';
import { errorText } from '../../text';
import { NavLink, useNav } from '../../nav';
import { Countdown } from '../../clock';
import { prefetchDueWork, useDueWork } from './duework';
import { handlingStates, openStates } from '../incidents/incidentStates';
import DueList from './DueList';
import type { Schemas } from '../../apiTypes';

type Row = Pick<Schemas['IncidentRow'], 'id' | 'code' | 'title' | 'unit_name' | 'severity' | 'step_name_vi' | 'step_name_en' | 'next_due_at'>;

type Plan = Pick<Schemas['ResponsePlan'], 'id' | 'title' | 'state'>;

const shownRows = 8;

/// A short list of incidents from `query`, each a link with its step and ticking deadline.
function IncidentBox(props: { title: string; query: string; testId: string; more: string; empty: string }) {
  const { t, lang } = useI18n();
  const answer = useApi<{ items: Row[] }>(listPath(props.query), { refetchInterval: 30000 });
  const rows = answer.data?.items ?? null;
  const error = answer.error;
  const load = () => void answer.refetch();
  return (
    <section className="home-box" data-testid={props.testId} aria-labelledby={`${props.testId}-title`}>
      <h2 id={`${props.testId}-title`}>{props.title}</h2>
      {error && rows === null ? (
        <div role="alert" className="due-empty">
          {t('common.load_failed')}: {errorText(error, lang)}{' '}
          <button type="button" onClick={load}>
            {t('common.retry')}
          </button>
        </div>
      ) : rows === null ? (
        <div className="due-empty due-loading">{t('common.loading')}</div>
      ) : rows.length === 0 ? (
        <div className="due-empty">{props.empty}</div>
      ) : (
        <ul className="due-list">
          {rows.map((r) => (
            <li key={r.id}>
              <NavLink page="incidents" query={`id=${r.id}`} testId={`home-incident-${r.id}`}>
                <span className="nowrap">{r.code}</span> — {r.title}
              </NavLink>
              <div className="due-detail">
                {lang === 'en' ? r.step_name_en : r.step_name_vi} · {r.unit_name}
                {r.severity === 'serious' && <strong className="due-overdue"> · {t('inc.severity.serious')}</strong>}
                {r.next_due_at && (
                  <>
                    {' · '}
                    <span className={new Date(r.next_due_at).getTime() < Date.now() ? 'due-overdue' : 'due-soon'}>
                      <Countdown due={r.next_due_at} lang={lang} />
                    </span>
                  </>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <NavLink page="incidents" query={props.more}>
        {t('home.see_all')}
      </NavLink>
    </section>
  );
}

function PlansToApprove() {
  const { t, lang } = useI18n();
  const answer = useApi<{ items: Plan[] }>('/plans');
  const plans = answer.data ? answer.data.items.filter((p) => p.state === 'draft') : null;
  return (
    <section className="home-box" data-testid="home-plans">
      <h2>{t('home.plans_to_approve')}</h2>
      {answer.error && plans === null ? (
        <div role="alert" className="due-empty">
          {t('common.load_failed')}: {errorText(answer.error, lang)}
        </div>
      ) : plans === null ? (
        <div className="due-empty due-loading">{t('common.loading')}</div>
      ) : plans.length === 0 ? (
        <div className="due-empty">{t('home.no_plans')}</div>
      ) : (
        <ul className="due-list">
          {plans.slice(0, shownRows).map((p) => (
            <li key={p.id}>
              <NavLink page="plans" query={`id=${p.id}`}>
                {p.title}
              </NavLink>
            </li>
          ))}
        </ul>
      )}
      <NavLink page="plans">{t('home.see_all')}</NavLink>
    </section>
  );
}

/// What the home page shows for `user`: its incident lists (by query) and whether it offers
/// reporting, triage and the leader's boxes. Shared with `prefetchHome`, so that the first
/// requests leave as soon as the session is known, before the page has rendered.
function homeFor(user: User | undefined) {
  const canReport = hasRole(user, ['admin', 'coordinator', 'responder', 'officer']);
  const coordinates = hasRole(user, ['admin', 'coordinator', 'responder']);
  const leads = hasRole(user, ['leader']);
  // Those who triage see the triage queue apart; the open list is then what is past it.
  const open = `state=${(coordinates ? handlingStates : openStates).join(',')}&sort=due_at`;
  const triage = 'state=triage&sort=-detected_at';
  const decisions = 'state=awaiting_direction,escalation_proposed,standing_body&sort=due_at';
  const lists = [open, ...(coordinates ? [triage] : []), ...(leads ? [decisions] : [])];
  return { canReport, coordinates, leads, open, triage, decisions, lists };
}

const listPath = (query: string) => `/incidents?${query}&limit=${shownRows}`;

/// Starts the home page's requests for `user` (into the cache the page reads from).
export function prefetchHome(user: User, lang: Lang) {
  const home = homeFor(user);
  for (const query of home.lists) {
    const path = listPath(query);
    void queryClient.prefetchQuery({ queryKey: ['api', path], queryFn: () => api('GET', path) });
  }
  if (home.leads) void queryClient.prefetchQuery({ queryKey: ['api', '/plans'], queryFn: () => api('GET', '/plans') });
  prefetchDueWork(lang, (key) => translate(lang, key));
}

export default function HomePage() {
  const { t, lang } = useI18n();
  const nav = useNav();
  const { session } = useSession();
  const user = session?.user;
  const due = useDueWork(lang, t);
  const { canReport, coordinates, leads, open, triage, decisions } = homeFor(user);
  return (
    <div className="home" data-testid="home">
      <div className="home-head">
        <h1>
          {t('home.hello')}, {user?.full_name}
        </h1>
        <div className="home-actions">
          {canReport && (
            <button type="button" className="btn btn-primary" data-testid="home-report" onClick={() => nav('incidents', 'new=1')}>
              {t('inc.new')}
            </button>
          )}
          {coordinates && (
            <button type="button" className="btn" data-testid="home-triage" onClick={() => nav('incidents', 'view=triage')}>
              {t('inc.preset.triage')}
            </button>
          )}
          <button type="button" className="btn" onClick={() => nav('readiness')}>
            {t('nav.readiness')}
          </button>
        </div>
      </div>
      <div className="home-grid">
        <section className="home-box" data-testid="home-due" aria-labelledby="home-due-title">
          <h2 id="home-due-title">{t('remind.title')}</h2>
          <DueList due={due} />
        </section>
        {coordinates && (
          <IncidentBox
            title={t('home.triage')}
            query={triage}
            more="view=triage"
            testId="home-triage-list"
            empty={t('home.no_triage')}
          />
        )}
        {leads && (
          <IncidentBox
            title={t('home.awaiting_decision')}
            query={decisions}
            more="view=open"
            testId="home-decisions"
            empty={t('home.no_decisions')}
          />
        )}
        {leads && <PlansToApprove />}
        <IncidentBox
          title={coordinates || leads ? t('home.open_by_deadline') : t('home.unit_open')}
          query={open}
          more="view=open"
          testId="home-open"
          empty={t('home.no_open')}
        />
      </div>
    </div>
  );
}
