// Pieces shared by the incident pages: the shapes the API returns, tags for state, severity
// and clocks, the scenario taxonomy and the rule sets, and report downloads.
import { useEffect, useState } from 'react';
import { Tag, Tooltip } from 'antd';
import { api } from './api';
import { useI18n } from './i18n';
import { dueSoonTag, formatTime, useShowError } from './shared';

export interface Party {
  name: string;
  address: string;
  position: string;
  phone: string;
  email: string;
}

export interface Incident {
  id: number;
  code: string;
  unit_id: number;
  unit_name: string;
  rule_set: string;
  track: 'normal' | 'serious';
  state: string;
  step: string;
  step_name_vi: string;
  step_name_en: string;
  severity: 'normal' | 'serious';
  source: string;
  source_ref: string;
  repeat_count: number;
  title: string;
  description: string;
  reporter: Party;
  contact: Party;
  system_ids: number[];
  affected_text: string;
  detected_at: string;
  received_at: string;
  handled: boolean | null;
  detection_methods: string[];
  detection_note: string;
  notified_parties: string[];
  confidential: boolean;
  proposals: string;
  scenarios: string[];
  impacts: string[];
  capacity: string;
  plan_criteria_met: number[];
  acknowledged_at: string | null;
  response_ended_at: string | null;
  closed_at: string | null;
  merged_into: number | null;
  updated_at: string;
  version: number;
  next_due_at?: string | null;
}

export interface Clock {
  code: string;
  title_vi: string;
  title_en: string;
  article: string;
  started_at: string;
  due_at: string;
  done_at: string | null;
  state: 'running' | 'due_soon' | 'overdue' | 'met' | 'late';
}

export interface NextStep {
  to: string;
  step: string;
  name_vi: string;
  name_en: string;
  lead: string;
  article: string;
  possible: boolean;
  why_not_vi: string;
  why_not_en: string;
}

export interface Task {
  id: number;
  title: string;
  lead: string;
  step: string;
  assignee_id: number | null;
  assignee_name: string;
  due_at: string | null;
  done_at: string | null;
  result: string;
  from_plan: boolean;
}

export interface Report {
  id: number;
  type: string;
  form: string;
  title_vi: string;
  title_en: string;
  number: string;
  state: 'draft' | 'issued';
  summary: string;
  result: string;
  requested_help: string;
  signer_name: string;
  signer_title: string;
  initial_report_id: number | null;
  issued_at: string | null;
  issued_by: string;
  signed_name: string;
  signed_type: string;
}

export interface ReportType {
  type: string;
  form: string;
  title_vi: string;
  title_en: string;
  required: string[];
  serious_only: boolean;
  article: string;
}

export interface Delivery {
  id: number;
  incident_id: number;
  report_id: number | null;
  kind: string;
  unit_id: number | null;
  unit_name: string;
  function: string;
  channel: 'app' | 'email' | 'webhook';
  address: string;
  subject: string;
  state: 'queued' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: string;
  last_error: string;
  sent_at: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string;
}

export interface Evidence {
  criterion: string;
  met: boolean;
  text_vi: string;
  text_en: string;
  article: string;
}

export interface PlanStep {
  title: string;
  lead: string;
  step: string;
  due_hours?: number;
}

export interface PlanCriterion {
  text: string;
  serious: boolean;
}

export interface Details extends Incident {
  systems: { id: number; code: string; name: string; level: number; national_critical: boolean }[];
  severity_evidence: Evidence[];
  clocks: Clock[];
  deadlines: Record<string, string>;
  next_steps: NextStep[];
  can_handle: boolean;
  tasks: Task[];
  timeline: { at: string; kind: string; actor: string; from: string; to: string; note: string }[];
  observables: { kind: string; value: string }[];
  related: { id: number; code: string; title: string; kind: string; value: string }[];
  reports: Report[];
  deliveries: Delivery[];
  report_types: ReportType[];
  rule_set_awaiting_confirmation: boolean;
  attachments: { id: number; name: string; content_type: string; size: number; uploaded_by: string; uploaded_at: string }[];
  plan: {
    id: number;
    title: string;
    version: number;
    steps: PlanStep[];
    criteria: PlanCriterion[];
    people: string;
    tools: string;
    contractors: string;
    continuity: string;
  } | null;
}

export interface Scenario {
  code: string;
  group: string;
  name_vi: string;
  name_en: string;
  rsit: string[];
}

export interface RuleSet {
  id: string;
  version: string;
  title_vi: string;
  title_en: string;
  awaiting_confirmation: boolean;
  default: boolean;
  intake_required: { field: string; article: string }[];
  impacts: { code: string; title_vi: string; title_en: string; article: string }[];
}

/// The scenario taxonomy (kịch bản sự cố), loaded once per page.
export function useScenarios(): Scenario[] {
  const showError = useShowError();
  const [scenarios, setScenarios] = useState<Scenario[]>([]);
  useEffect(() => {
    api<{ scenarios: Scenario[] }>('GET', '/taxonomy')
      .then((tx) => setScenarios(tx.scenarios))
      .catch(showError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return scenarios;
}

export function useRuleSets(): RuleSet[] {
  const showError = useShowError();
  const [sets, setSets] = useState<RuleSet[]>([]);
  useEffect(() => {
    api<{ items: RuleSet[] }>('GET', '/incident-rules')
      .then((r) => setSets(r.items))
      .catch(showError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return sets;
}

export function scenarioLabel(scenarios: Scenario[], code: string, lang: string): string {
  const s = scenarios.find((x) => x.code === code);
  return s ? `${code} — ${lang === 'en' ? s.name_en : s.name_vi}` : code;
}

const stateColors: Record<string, string> = {
  received: 'red',
  acknowledged: 'orange',
  verifying: 'gold',
  closed: 'default',
  rejected: 'default',
  merged: 'default',
};

export function StateTag({ incident }: { incident: Pick<Incident, 'state' | 'step' | 'step_name_vi' | 'step_name_en'> }) {
  const { lang } = useI18n();
  const name = lang === 'en' ? incident.step_name_en : incident.step_name_vi;
  return (
    <Tag color={stateColors[incident.state] ?? 'processing'} data-testid="incident-state">
      {incident.step ? `${incident.step} · ` : ''}
      {name}
    </Tag>
  );
}

export function SeverityTag({ severity }: { severity: string }) {
  const { t } = useI18n();
  return (
    <Tag color={severity === 'serious' ? 'magenta' : 'blue'} data-testid="incident-severity">
      {t(`inc.severity.${severity}`)}
    </Tag>
  );
}

const clockColors: Record<string, string> = {
  running: 'processing',
  due_soon: 'warning',
  overdue: 'error',
  met: 'success',
  late: 'volcano',
};

export function ClockTag({ clock }: { clock: Clock }) {
  const { t, lang } = useI18n();
  return (
    <Tooltip title={clock.article}>
      <Tag
        color={clock.state === 'due_soon' ? undefined : clockColors[clock.state]}
        style={clock.state === 'due_soon' ? dueSoonTag : undefined}
        data-testid={`clock-${clock.code}`}
      >
        {t(`inc.clock.${clock.state}`)} · {formatTime(clock.done_at ?? clock.due_at, lang)}
      </Tag>
    </Tooltip>
  );
}

export { timeLeft } from './clock';

export { incidentStates, openStates } from './incidentStates';

export const detectionMethods = ['ids', 'log_review', 'notified', 'other'];
export const notifiedParties = ['network_member', 'isp', 'coordinator'];
