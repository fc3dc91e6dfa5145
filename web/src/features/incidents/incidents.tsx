// Pieces shared by the incident pages: the shapes the API returns, tags for state, severity
// and clocks, the scenario taxonomy and the rule sets, and report downloads.
import { useEffect } from 'react';
import { Tag, Tooltip } from 'antd';
import { useApi } from '../../query';
import type { GetAnswer, Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import { dueSoonTag, formatTime, useShowError } from '../../shared';

export type Party = Details['reporter'];

/// An incident as lists show it (a row), or the row part of its details.
export type Incident = Omit<Schemas['IncidentRow'], 'next_due_at'> & { next_due_at?: string | null };

export type Clock = Details['clocks'][number];

export type NextStep = Details['next_steps'][number];

export type Task = Details['tasks'][number];

export type Report = Schemas['Report'];

export type ReportType = Details['report_types'][number];

export type Delivery = Schemas['Delivery'];

export type Evidence = Details['severity_evidence'][number];

export type PlanStep = NonNullable<Details['plan']>['steps'][number];

export type PlanCriterion = NonNullable<Details['plan']>['criteria'][number];

export type Details = Schemas['IncidentDetails'];

export type Scenario = GetAnswer<'/api/v1/taxonomy'>['scenarios'][number];

export type RuleSet = GetAnswer<'/api/v1/incident-rules'>['items'][number];

/// The scenario taxonomy (kịch bản sự cố), loaded once for the whole session.
export function useScenarios(): Scenario[] {
  const taxonomy = useApi<{ scenarios: Scenario[] }>('/taxonomy', { fixed: true });
  useReportError(taxonomy.error);
  return taxonomy.data?.scenarios ?? noScenarios;
}
const noScenarios: Scenario[] = [];

/// The incident rule sets, loaded once for the whole session.
export function useRuleSets(): RuleSet[] {
  const sets = useApi<{ items: RuleSet[] }>('/incident-rules', { fixed: true });
  useReportError(sets.error);
  return sets.data?.items ?? noRuleSets;
}
const noRuleSets: RuleSet[] = [];

function useReportError(error: unknown) {
  const showError = useShowError();
  useEffect(() => {
    if (error) showError(error);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [error]);
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

export { timeLeft } from '../../clock';

export { incidentStates, openStates } from './incidentStates';

export const detectionMethods = ['ids', 'log_review', 'notified', 'other'];
export const notifiedParties = ['network_member', 'isp', 'coordinator'];
