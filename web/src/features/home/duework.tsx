// "Nhắc việc": the one list of the user's due and overdue work, across everything that has a
// deadline — incident clocks (the legal deadlines of open incidents, nearest first), reports
// from other units waiting for the user's acknowledgement, level-dossier stages, and the
// registry's periodic duties (assessments, scans, drills, risk reviews), the open tasks of
// coordination orders (Mẫu 06), the contact-change notices waiting for acknowledgement, the
// periodic reports to submit and the plan tasks of the user's units (two weeks ahead, and after
// their due day until done). Each item opens its object. One polling loop serves every component
// that shows the list; it reloads at once when something changes (a "ungcuu:changed" event: the
// live feed, or the user's own action).
import { useQuery } from '@tanstack/react-query';
import { queryClient } from '../../query';
import { api } from '../../api';
import type { GetAnswer, Schemas } from '../../apiTypes';

export interface DueItem {
  key: string;
  kind: 'incident' | 'report' | 'dossier' | 'duty';
  title: string;
  detail: string;
  due_at: string | null;
  overdue: boolean;
  your_turn: boolean;
  page: string;
  query: string;
}

interface DueState {
  items: DueItem[];
  loaded: boolean;
  error: unknown;
}

const soonMs = 3 * 24 * 3600 * 1000; // what "due soon" means: within three days
const pollMs = 30000;

type IncidentRow = Pick<Schemas['IncidentRow'], 'id' | 'code' | 'title' | 'unit_name' | 'step_name_vi' | 'step_name_en' | 'next_due_at'>;
type InboxRow = Pick<Schemas['Delivery'], 'id' | 'kind' | 'incident_id' | 'subject' | 'unit_name' | 'sent_at'>;
type DutyRow = Schemas['DueItems']['items'][number];
type DossierRow = GetAnswer<'/api/v1/reminders'>['items'][number];
type OrderRow = Schemas['CoordinationOrder'];
type NoticeRow = Pick<Schemas['ContactNotice'], 'id' | 'unit_name' | 'sent_at'>;
type ObligationRow = Schemas['Obligation'];
type PlanTaskRow = Schemas['PlanAssignment'];
const periodicSoonMs = 14 * 24 * 3600 * 1000; // a periodic report shows two weeks ahead

/// The periodic reports owed this year, and last year's in its first two months (a December
/// period is due in January).
async function fetchObligations(): Promise<ObligationRow[]> {
  const now = new Date();
  const years = now.getMonth() < 2 ? [now.getFullYear() - 1, now.getFullYear()] : [now.getFullYear()];
  const answers = await Promise.all(years.map((y) => api<{ items: ObligationRow[] }>('GET', `/periodic-reports?year=${y}`)));
  return answers.flatMap((a) => a.items);
}

async function fetchDueWork(lang: string, t: (key: string) => string): Promise<DueItem[]> {
  const now = Date.now();
  const [incidents, inbox, dossiers, duties, orders, notices, obligations, planTasks] = await Promise.all([
    api<{ items: IncidentRow[] }>('GET', '/incidents?sort=due_at&limit=50'),
    api<{ items: InboxRow[] }>('GET', '/inbox?unacknowledged=true'),
    api<{ items: DossierRow[] }>('GET', '/reminders'),
    api<{ items: DutyRow[] }>('GET', '/readiness/due'),
    api<{ items: OrderRow[] }>('GET', '/coordination-orders'),
    api<{ items: NoticeRow[] }>('GET', '/contact-notices?unacknowledged=true'),
    fetchObligations(),
    api<{ items: PlanTaskRow[] }>('GET', '/plan-assignments?mine=true&filter=open&limit=200'),
  ]);
  const items: DueItem[] = [];
  for (const i of incidents.items) {
    if (!i.next_due_at) continue;
    const due = new Date(i.next_due_at).getTime();
    if (due - now > soonMs) continue;
    items.push({
      key: `incident-${i.id}`,
      kind: 'incident',
      title: `${i.code} — ${i.title}`,
      detail: `${lang === 'en' ? i.step_name_en : i.step_name_vi} · ${i.unit_name}`,
      due_at: i.next_due_at,
      overdue: due < now,
      your_turn: true,
      page: 'incidents',
      query: `id=${i.id}`,
    });
  }
  // Reminders of a deadline are already there as the incident's own item.
  for (const d of inbox.items.filter((i) => i.kind !== 'reminder')) {
    items.push({
      key: `report-${d.id}`,
      kind: 'report',
      title: d.subject,
      detail: `${t('remind.to_acknowledge')} · ${d.unit_name}`,
      due_at: null,
      overdue: false,
      your_turn: true,
      page: 'incidents',
      query: `id=${d.incident_id}`,
    });
  }
  for (const r of dossiers.items) {
    items.push({
      key: `dossier-${r.id}`,
      kind: 'dossier',
      title: `${r.system_code} — ${r.system_name}`,
      detail: t(`dossier.state.${r.state}`),
      due_at: r.due_at,
      overdue: r.overdue,
      your_turn: r.can_act,
      page: 'dossiers',
      query: `id=${r.id}`,
    });
  }
  // Periodic duties of the registry: assessments, scans, drills, risk reviews.
  for (const d of duties.items) {
    items.push({
      key: `duty-${d.kind}-${d.unit_id}-${d.system_id ?? 0}`,
      kind: 'duty',
      title: `${t(`remind.duty.${d.kind}`)}: ${d.code} — ${d.name_vi}`,
      detail: t('remind.duty_where'),
      due_at: d.next_due,
      overdue: d.state === 'overdue',
      your_turn: true,
      page: 'readiness',
      query: '',
    });
  }
  // Coordination orders: each open task of a unit the user sees, by its deadline.
  for (const o of orders.items) {
    for (const task of o.tasks) {
      if (task.state !== 'open') continue;
      items.push({
        key: `order-${task.id}`,
        kind: 'duty',
        title: `${o.number} — ${o.subject}`,
        detail: `${t('remind.order')} · ${task.unit_name}`,
        due_at: task.due_at,
        overdue: task.overdue,
        your_turn: true,
        page: 'coordination',
        query: '',
      });
    }
  }
  for (const n of notices.items) {
    items.push({
      key: `notice-${n.id}`,
      kind: 'report',
      title: t('remind.contact_notice'),
      detail: `${t('remind.to_acknowledge')} · ${n.unit_name}`,
      due_at: null,
      overdue: false,
      your_turn: true,
      page: 'coordination',
      query: '',
    });
  }
  // Periodic reports not yet submitted (or returned), from two weeks before their due day.
  for (const o of obligations) {
    if (o.status === 'submitted' || o.status === 'accepted') continue;
    const due = new Date(o.due_at).getTime();
    if (due - now > periodicSoonMs) continue;
    items.push({
      key: `periodic-${o.regime}-${o.period.key}-${o.unit.id}`,
      kind: 'duty',
      title: `${lang === 'en' ? o.regime_title_en : o.regime_title_vi} — ${lang === 'en' ? o.period.label_en : o.period.label_vi}`,
      detail:
        `${t(o.status === 'returned' ? 'remind.periodic_returned' : 'remind.periodic')} · ${o.unit.name}` +
        (o.children > 0 ? ` · ${t('periodic.children_accepted').replace('{n}', String(o.children_accepted)).replace('{m}', String(o.children))}` : ''),
      due_at: o.due_at,
      overdue: o.late,
      your_turn: true,
      page: 'reports',
      query: `regime=${encodeURIComponent(o.regime)}&period=${encodeURIComponent(o.period.key)}&unit=${o.unit.id}`,
    });
  }
  // Plan tasks of the user's units not yet done, from two weeks before their due day.
  for (const a of planTasks.items) {
    if (!a.due_on) continue;
    const dueAt = `${a.due_on}T23:59:59+07:00`;
    if (new Date(dueAt).getTime() - now > periodicSoonMs) continue;
    items.push({
      key: `plan-task-${a.id}`,
      kind: 'duty',
      title: `${a.task_item ? a.task_item + '. ' : ''}${a.task_content}`,
      detail: `${t('due.plan_task')} · ${a.plan_title} · ${a.unit_name}`,
      due_at: new Date(dueAt).toISOString(),
      overdue: a.overdue,
      your_turn: true,
      page: 'workplans',
      query: '',
    });
  }
  return sortDue(items);
}

/// The order of urgency: an incident's legal deadline passed, then one within 24 hours, then
/// reports waiting for acknowledgement (due at once), then other overdue work (dossier stages,
/// periodic duties), then the rest by deadline. (Months-old periodic duties must not push an
/// incident deadline an hour away out of sight.)
export function sortDue(items: DueItem[], now: number = Date.now()): DueItem[] {
  const day = 24 * 3600 * 1000;
  const rank = (i: DueItem) => {
    if (i.kind === 'incident') {
      if (i.overdue) return 0;
      if (i.due_at && new Date(i.due_at).getTime() - now <= day) return 1;
    }
    if (i.kind === 'report') return 2;
    return i.overdue ? 3 : 4;
  };
  return [...items].sort(
    (a, b) => rank(a) - rank(b) || (a.due_at ?? '').localeCompare(b.due_at ?? '') || a.key.localeCompare(b.key),
  );
}

/// The user's due work, kept fresh while any component shows it (one query shared by the bell
/// and the home page, re-read every 30 s and at once on a change).
export function useDueWork(lang: string, t: (key: string) => string): DueState & { reload: () => void } {
  const due = useQuery({ queryKey: dueKey(lang), queryFn: () => fetchDueWork(lang, t), refetchInterval: pollMs });
  return {
    items: due.data ?? noItems,
    loaded: !due.isPending,
    error: due.error,
    reload: () => void due.refetch(),
  };
}
const noItems: DueItem[] = [];
const dueKey = (lang: string) => ['due', lang];

/// Starts loading the due work before any component shows it (right after signing in).
export function prefetchDueWork(lang: string, t: (key: string) => string) {
  void queryClient.prefetchQuery({ queryKey: dueKey(lang), queryFn: () => fetchDueWork(lang, t) });
}

/// Tells every list on the page that data changed (after the user's own action, or a live event).
export function announceChange() {
  window.dispatchEvent(new Event('ungcuu:changed'));
}
