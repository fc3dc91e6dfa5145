// One incident: where it stands in the procedure and what can be done next (with who leads
// it), its legal clocks, the computed severity with its evidence, classification, the plan's
// steps and the tasks, observables, official reports with their downloads and deliveries, and
// the timeline of everything.
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Tooltip,
  Typography,
  Upload,
  App as AntApp,
} from 'antd';
import type { ButtonProps } from 'antd';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { Countdown } from '../../clock';
import { concernsIncident } from '../../live';
import { actorLabel, errorText, fieldErrors, formatTime, LoadFailed, Loading, Phone, ScanResult, useShowError } from '../../shared';
import { sendFile, useNav } from '../registry/registry';
import { OutcomeCard, OutcomeFields, outcomeBody, outcomeOf, type OutcomeValue } from './Outcome';
import {
  ClockTag,
  SeverityTag,
  StateTag,
  scenarioLabel,
  useRuleSets,
  useScenarios,
  type Details,
  type NextStep,
  type Report,
  type ReportType,
  type Task,
} from './incidents';
import { NavLink } from '../../nav';
import { caseCategories, casePlatforms } from '../cases/codes';
import { UnitOnCall } from '../teams/onCall';
import { IncidentWarnings } from '../warnings/IncidentWarnings';

export default function IncidentView({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const nav = useNav();
  const [d, setD] = useState<Details | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setD(await api<Details>('GET', `/incidents/${id}`));
    } catch (e) {
      setError(errorText(e, lang));
    }
  }, [id, lang]);

  useEffect(() => {
    void load();
  }, [load]);

  // Someone else moved it on (live updates): the page shows the new state without a reload.
  useEffect(() => {
    const onChanged = (e: Event) => {
      if (concernsIncident(e, id)) {
        // Only a newer version replaces what is shown: the echo of the user's own change (already
        // shown from its answer) must not reset a form being filled in.
        api<Details>('GET', `/incidents/${id}`)
          .then((fresh) => setD((shown) => (shown && JSON.stringify(shown) === JSON.stringify(fresh) ? shown : fresh)))
          .catch(() => {});
      }
    };
    window.addEventListener('ungcuu:changed', onChanged);
    return () => window.removeEventListener('ungcuu:changed', onChanged);
  }, [id]);

  /// Runs a change; the server answers with the incident's new details.
  const change = async (method: string, path: string, body?: unknown) => {
    try {
      setD(await api<Details>(method, `/incidents/${id}${path}`, body));
      return true;
    } catch (e) {
      showError(e);
      return false;
    }
  };

  /// Sends a file as the raw body; the server answers with the incident's new details.
  const upload = async (method: string, path: string, file: File) => {
    try {
      setD(await sendFile<Details>(method, `/incidents/${id}${path}?name=${encodeURIComponent(file.name)}`, file));
      return true;
    } catch (e) {
      showError(e);
      return false;
    }
  };

  if (error) return <LoadFailed message={error} retry={() => void load()} />;
  if (!d) return <Loading />;
  // Just filed from the Mẫu 03 form ("/incidents?id=…&sent=1").
  const justSent = new URLSearchParams(window.location.search).get('sent') === '1';

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Button size="small" onClick={() => nav('incidents')}>
        ← {t('nav.incidents')}
      </Button>
      {justSent && (
        <Alert type="success" showIcon closable data-testid="incident-sent" message={t('inc.form.sent').replace('{code}', d.code)} />
      )}
      {d.drill_id !== null && (
        <Alert
          type="warning"
          showIcon
          data-testid="incident-exercise"
          message={<b>{t('drill.exercise_banner')}</b>}
          description={
            <NavLink page="drills" query={`id=${d.drill_id}`}>
              {t('drill.open_drill')}
            </NavLink>
          }
        />
      )}
      <Space wrap align="center">
        {d.drill_id !== null && <Tag color="purple">{t('drill.exercise')}</Tag>}
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="incident-title">
          {d.code} · {d.title}
        </Typography.Title>
        <StateTag incident={d} />
        <SeverityTag severity={d.severity} />
        {d.track === 'serious' && <Tag color="magenta">{t('inc.track.serious')}</Tag>}
        <Button size="small" href={`/api/v1/incidents/${d.id}/stix`} title={t('sharing.stix.help')} data-testid="incident-stix">
          {t('sharing.stix.download')}
        </Button>
        {d.can_handle && d.drill_id === null && <ShareButton incidentId={d.id} confidential={d.confidential} onShared={() => void load()} />}
      </Space>
      <Typography.Text type="secondary">
        {d.unit_name} · {t('inc.rule_set')}: {d.rule_set}
        {d.repeat_count > 0 && ` · ${t('inc.repeats')} ${d.repeat_count}`}
      </Typography.Text>
      <UnitOnCall unitId={d.unit_id} />
      {d.rule_set_awaiting_confirmation && (
        <Alert type="warning" showIcon message={t('inc.awaiting_confirmation')} />
      )}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <NextSteps d={d} change={change} />
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('inc.clocks')}>
            <List
              size="small"
              dataSource={d.clocks}
              locale={{ emptyText: t('inc.no_clocks') }}
              renderItem={(c) => (
                <List.Item>
                  <Space direction="vertical" size={0} style={{ width: '100%' }}>
                    <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                      <Typography.Text>{lang === 'en' ? c.title_en : c.title_vi}</Typography.Text>
                      <ClockTag clock={c} />
                    </Space>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {!c.done_at && (
                        <>
                          <Countdown due={c.due_at} lang={lang} /> ·{' '}
                        </>
                      )}
                      {c.article}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      <Tabs
        defaultActiveKey="handle"
        items={[
          {
            key: 'handle',
            label: t('inc.tab.handle'),
            children: <Handling d={d} change={change} upload={upload} />,
          },
          {
            key: 'reports',
            label: (
              <span data-testid="tab-reports">
                {t('inc.tab.reports')} ({d.reports.length})
              </span>
            ),
            children: <Reports d={d} reload={load} change={change} upload={upload} />,
          },
          {
            key: 'details',
            label: t('inc.tab.details'),
            children: <IntakeDetails d={d} />,
          },
          {
            key: 'timeline',
            label: t('inc.tab.timeline'),
            children: (
              <Timeline
                items={d.timeline.map((e) => ({
                  color: e.kind === 'transition' ? 'blue' : e.kind === 'malware' ? 'red' : 'gray',
                  children: (
                    <>
                      <Typography.Text strong>{formatTime(e.at, lang)}</Typography.Text> · {actorLabel(e.actor, t)} ·{' '}
                      {t(`inc.event.${e.kind}`)}
                      {e.to && e.kind === 'transition' && ` → ${t(`inc.state.${e.to}`)}`}
                      {e.note && (
                        <div>
                          <Typography.Text type="secondary">{eventNote(e, t)}</Typography.Text>
                        </div>
                      )}
                    </>
                  ),
                }))}
              />
            ),
          },
        ]}
      />
    </Space>
  );
}

type Change = (method: string, path: string, body?: unknown) => Promise<boolean>;
type UploadFile = (method: string, path: string, file: File) => Promise<boolean>;

/// A timeline note in words: the source an incident was filed from, the severity a
/// classification gave; free text as written.
function eventNote(e: { kind: string; note: string }, t: (key: string) => string): string {
  if (e.kind === 'filed') return t(`inc.source.${e.note}`);
  if (e.kind === 'classified') {
    const [scenarios, severity] = e.note.split(' — ');
    return severity ? `${scenarios} — ${t(`inc.severity.${severity}`)}` : e.note;
  }
  return e.note;
}

function NextSteps({ d, change }: { d: Details; change: Change }) {
  const { t, lang } = useI18n();
  const [step, setStep] = useState<NextStep | null>(null);
  const [note, setNote] = useState('');
  const [mergeInto, setMergeInto] = useState<number | null>(null);
  // Closing asks how the incident was handled (Mẫu 05), prefilled with what is recorded.
  const [outcome, setOutcome] = useState<OutcomeValue>(() => outcomeOf(d));
  const [outcomeMissing, setOutcomeMissing] = useState(false);
  // A step is sent once: the button waits for the answer (a second click would send it again).
  const [busy, setBusy] = useState(false);

  if (!d.can_handle) {
    return (
      <Card size="small" title={t('inc.next')}>
        <Typography.Text type="secondary">{t('inc.followed_only')}</Typography.Text>
      </Card>
    );
  }
  const go = async () => {
    if (!step || busy) return;
    const body: Record<string, unknown> = { to: step.to, note };
    if (step.to === 'merged') body.merge_into = mergeInto;
    const closing = step.to === 'closed';
    if (closing && outcome.handling_mode === null) {
      setOutcomeMissing(true);
      return;
    }
    setBusy(true);
    try {
      if (closing && !(await change('POST', '/outcome', outcomeBody(outcome)))) return;
      if (await change('POST', '/transitions', body)) {
        setStep(null);
        setNote('');
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('inc.next')}>
      {d.next_steps.length === 0 && <Typography.Text type="secondary">{t('inc.no_next')}</Typography.Text>}
      <Space wrap>
        {d.next_steps.map((s) => {
          const button = (
            <Button
              key={s.to}
              disabled={!s.possible}
              danger={s.to === 'rejected' || s.to === 'escalation_proposed'}
              type={s.possible && !['rejected', 'merged', 'escalation_proposed'].includes(s.to) ? 'primary' : 'default'}
              onClick={() => {
                setOutcome(outcomeOf(d));
                setOutcomeMissing(false);
                setStep(s);
              }}
              data-testid={`step-${s.to}`}
            >
              {s.step ? `${s.step} · ` : ''}
              {lang === 'en' ? s.name_en : s.name_vi}
            </Button>
          );
          return s.possible ? (
            button
          ) : (
            <Tooltip key={s.to} title={lang === 'en' ? s.why_not_en : s.why_not_vi}>
              <span>{button}</span>
            </Tooltip>
          );
        })}
      </Space>
      {d.next_steps.some((s) => !s.possible) && (
        <div style={{ marginTop: 8 }}>
          {d.next_steps
            .filter((s) => !s.possible)
            .map((s) => (
              <Typography.Paragraph key={s.to} type="secondary" style={{ fontSize: 12, margin: 0 }}>
                {lang === 'en' ? s.name_en : s.name_vi}: {lang === 'en' ? s.why_not_en : s.why_not_vi}
              </Typography.Paragraph>
            ))}
        </div>
      )}
      <Modal
        open={step !== null}
        title={step ? `${step.step} · ${lang === 'en' ? step.name_en : step.name_vi}` : ''}
        onOk={go}
        confirmLoading={busy}
        onCancel={() => setStep(null)}
        okText={t('inc.step.confirm')}
        okButtonProps={{ 'data-testid': 'step-confirm' } as ButtonProps}
      >
        {step && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">
              {t('inc.lead')}: {t(`inc.lead.${step.lead}`)} · {step.article}
            </Typography.Text>
            {step.to === 'merged' && (
              <InputNumber
                style={{ width: '100%' }}
                placeholder={t('inc.merge_into')}
                value={mergeInto}
                onChange={(v) => setMergeInto(v)}
              />
            )}
            <Input.TextArea
              rows={3}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder={step.to === 'rejected' ? t('inc.note_reason') : t('inc.note')}
              data-testid="step-note"
            />
            {step.to === 'closed' && (
              <Card size="small" title={t('outcome.title')}>
                <OutcomeFields value={outcome} onChange={setOutcome} missing={outcomeMissing} />
              </Card>
            )}
          </Space>
        )}
      </Modal>
    </Card>
  );
}

/// The legal severity (QĐ 05/2017 Điều 9) with its evidence; apart from it, what the approved
/// plan's criteria say (priority, a proposal to consider the emergency procedure); and, for a
/// serious incident neither escalated nor decided, the decision a leader must record.
function SeverityCard({ d, change }: { d: Details; change: Change }) {
  const { t, lang } = useI18n();
  const [reason, setReason] = useState('');
  const evidence = (items: Details['severity_evidence']) => (
    <List
      size="small"
      dataSource={items}
      renderItem={(e) => (
        <List.Item>
          <Space direction="vertical" size={0}>
            <Typography.Text type={e.met ? 'danger' : undefined}>
              {e.met ? '● ' : '○ '}
              {lang === 'en' ? e.text_en : e.text_vi}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.article}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
  const decision = d.track_decision;
  return (
    <Card size="small" title={t('inc.severity_card')} data-testid="severity-card">
      <Space style={{ marginBottom: 8 }} wrap>
        <SeverityTag severity={d.severity} />
        {d.priority === 'high' && <Tag color="volcano">{t('inc.priority_high')}</Tag>}
      </Space>
      {evidence(d.severity_evidence)}
      {d.decision_pending && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="decision-pending"
          message={t('inc.decision_pending')}
          description={
            <Space direction="vertical" style={{ width: '100%' }}>
              <span>{t('inc.decision_pending_text')}</span>
              {d.can_decide && (
                <>
                  <Input.TextArea
                    rows={2}
                    value={reason}
                    onChange={(e) => setReason(e.target.value)}
                    placeholder={t('inc.decision_reason')}
                    aria-label={t('inc.decision_reason')}
                    data-testid="decision-reason"
                  />
                  <Button
                    data-testid="decision-save"
                    disabled={reason.trim() === ''}
                    onClick={async () => {
                      if (await change('POST', '/track-decision', { reason })) setReason('');
                    }}
                  >
                    {t('inc.decision_save')}
                  </Button>
                </>
              )}
            </Space>
          }
        />
      )}
      {decision && (
        <Alert
          type="info"
          style={{ marginTop: 8 }}
          data-testid="track-decision"
          message={t('inc.track_decision')
            .replace('{name}', decision.name)
            .replace('{at}', formatTime(decision.at))}
          description={decision.reason}
        />
      )}
      {d.plan_evidence.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('inc.plan_evidence')}
          </Typography.Title>
          {evidence(d.plan_evidence)}
          {d.plan_proposes_emergency && (
            <Alert type="warning" showIcon data-testid="plan-proposes-emergency" message={t('inc.plan_proposes_emergency')} />
          )}
        </>
      )}
    </Card>
  );
}

function Handling({ d, change, upload }: { d: Details; change: Change; upload: UploadFile }) {
  const { t, lang } = useI18n();
  const scenarios = useScenarios();
  const ruleSets = useRuleSets();
  const rules = ruleSets.find((r) => r.id === d.rule_set);
  const [form] = Form.useForm();
  const [taskForm] = Form.useForm();
  const [observable, setObservable] = useState<{ kind: string; value: string }>({ kind: 'ip', value: '' });
  const [results, setResults] = useState<Record<number, string>>({});

  // Filled from the stored classification when that changes — not when anything else about the
  // incident does (a step, a note, a colleague's change pushed live), which would wipe what the
  // user is choosing.
  const stored = JSON.stringify([
    d.scenarios,
    d.impacts,
    d.capacity,
    d.plan_criteria_met,
    d.security_signs_at !== null,
    d.personal_data_at !== null,
  ]);
  useEffect(() => {
    const [scenarios, impacts, capacity, plan, security_signs, personal_data] = JSON.parse(stored);
    form.setFieldsValue({ scenarios, impacts, capacity, plan, security_signs, personal_data });
  }, [stored, form]);

  const classify = (v: {
    scenarios: string[];
    impacts: string[];
    capacity: string;
    plan: number[];
    security_signs?: boolean;
    personal_data?: boolean;
  }) =>
    change('POST', '/classification', {
      scenarios: v.scenarios ?? [],
      impacts: v.impacts ?? [],
      capacity: v.capacity ?? 'unknown',
      plan_criteria_met: v.plan ?? [],
      security_signs: v.security_signs ?? false,
      personal_data: v.personal_data ?? false,
    });

  const setDone = (task: Task, done: boolean) =>
    change('PATCH', `/tasks/${task.id}`, { done, result: results[task.id] ?? task.result });

  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <SeverityCard d={d} change={change} />
          <OutcomeCard d={d} change={change} />
          {d.can_handle && (
            <Card size="small" title={t('inc.classify')}>
              <Form form={form} layout="vertical" onFinish={classify}>
                <Form.Item name="scenarios" label={t('inc.scenario')}>
                  <Select
                    mode="multiple"
                    showSearch
                    optionFilterProp="label"
                    data-testid="classify-scenarios"
                    options={scenarios.map((s) => ({ value: s.code, label: scenarioLabel(scenarios, s.code, lang) }))}
                  />
                </Form.Item>
                <Form.Item name="impacts" label={t('inc.impacts')}>
                  <Checkbox.Group
                    style={{ display: 'flex', flexDirection: 'column' }}
                    options={(rules?.impacts ?? []).map((i) => ({
                      value: i.code,
                      label: lang === 'en' ? i.title_en : i.title_vi,
                    }))}
                  />
                </Form.Item>
                <Form.Item name="security_signs" valuePropName="checked" style={{ marginBottom: 4 }}>
                  <Checkbox data-testid="classify-security-signs">{t('inc.security_signs')}</Checkbox>
                </Form.Item>
                <Form.Item name="personal_data" valuePropName="checked">
                  <Checkbox data-testid="classify-personal-data">{t('inc.personal_data')}</Checkbox>
                </Form.Item>
                <Form.Item name="capacity" label={t('inc.capacity')}>
                  <Radio.Group>
                    {['unknown', 'within', 'exceeded'].map((c) => (
                      <Radio key={c} value={c}>
                        {t(`inc.capacity.${c}`)}
                      </Radio>
                    ))}
                  </Radio.Group>
                </Form.Item>
                {d.plan && d.plan.criteria.length > 0 && (
                  <Form.Item name="plan" label={t('inc.plan_criteria')}>
                    <Checkbox.Group
                      style={{ display: 'flex', flexDirection: 'column' }}
                      options={d.plan.criteria.map((c, i) => ({
                        value: i,
                        label: c.text + (c.serious ? ` (${t('inc.plan_emergency_criterion')})` : ''),
                      }))}
                    />
                  </Form.Item>
                )}
                <Button htmlType="submit" type="primary" data-testid="classify-save">
                  {t('inc.classify_save')}
                </Button>
              </Form>
            </Card>
          )}
          <IncidentWarnings id={d.id} observables={d.observables.length} />
          <Card size="small" title={t('inc.observables')}>
            <List
              size="small"
              dataSource={d.observables}
              locale={{ emptyText: '—' }}
              renderItem={(o) => (
                <List.Item>
                  <Tag>{t(`inc.obs.${o.kind}`)}</Tag> <Typography.Text code>{o.value}</Typography.Text>
                  {d.related
                    .filter((r) => r.value === o.value)
                    .map((r) => (
                      <Tag key={r.id} color="purple">
                        {t('inc.also_in')} {r.code}
                      </Tag>
                    ))}
                </List.Item>
              )}
            />
            {d.can_handle && (
              <Space.Compact style={{ width: '100%' }}>
                <Select
                  value={observable.kind}
                  style={{ width: 130 }}
                  aria-label={t('inc.obs.kind')}
                  onChange={(kind) => setObservable((o) => ({ ...o, kind }))}
                  options={['ip', 'domain', 'url', 'hash', 'email', 'user', 'host'].map((k) => ({ value: k, label: t(`inc.obs.${k}`) }))}
                />
                <Input
                  aria-label={t('inc.obs.value')}
                  value={observable.value}
                  onChange={(e) => setObservable((o) => ({ ...o, value: e.target.value }))}
                  data-testid="observable-value"
                />
                <Button
                  onClick={async () => {
                    if (await change('POST', '/observables', observable)) setObservable((o) => ({ ...o, value: '' }));
                  }}
                  data-testid="observable-add"
                >
                  {t('common.add')}
                </Button>
              </Space.Compact>
            )}
          </Card>
        </Space>
      </Col>
      <Col xs={24} lg={12}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {d.plan ? (
            <Card size="small" title={`${t('inc.plan')}: ${d.plan.title} (v${d.plan.version})`} data-testid="incident-plan">
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('plan.people')}>{d.plan.people}</Descriptions.Item>
                <Descriptions.Item label={t('plan.tools')}>{d.plan.tools}</Descriptions.Item>
                <Descriptions.Item label={t('plan.contractors')}>{d.plan.contractors}</Descriptions.Item>
                <Descriptions.Item label={t('plan.continuity')}>{d.plan.continuity}</Descriptions.Item>
              </Descriptions>
            </Card>
          ) : (
            d.scenarios.length > 0 && <Alert type="info" showIcon message={t('inc.no_plan')} />
          )}
          <Card size="small" title={t('inc.tasks')}>
            <List
              size="small"
              dataSource={d.tasks}
              locale={{ emptyText: t('inc.no_tasks') }}
              renderItem={(task) => (
                <List.Item data-testid={`task-${task.id}`}>
                  <Space direction="vertical" size={2} style={{ width: '100%' }}>
                    <Space wrap>
                      <Checkbox
                        checked={task.done_at !== null}
                        disabled={!d.can_handle}
                        onChange={(e) => setDone(task, e.target.checked)}
                        data-testid={`task-done-${task.id}`}
                      />
                      <Typography.Text delete={task.done_at !== null}>{task.title}</Typography.Text>
                      {task.step && <Tag>{task.step}</Tag>}
                      {task.from_plan && <Tag color="green">{t('inc.from_plan')}</Tag>}
                    </Space>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {task.lead && `${t('inc.lead')}: ${task.lead}`}
                      {task.due_at && ` · ${t('inc.due')}: ${formatTime(task.due_at, lang)}`}
                      {task.done_at && ` · ${t('inc.done_at')}: ${formatTime(task.done_at, lang)}`}
                    </Typography.Text>
                    {d.can_handle && task.done_at === null ? (
                      <Input
                        size="small"
                        placeholder={t('inc.task_result')}
                        value={results[task.id] ?? task.result}
                        onChange={(e) => setResults((r) => ({ ...r, [task.id]: e.target.value }))}
                      />
                    ) : (
                      task.result && <Typography.Text>{task.result}</Typography.Text>
                    )}
                  </Space>
                </List.Item>
              )}
            />
            {d.can_handle && (
              <Form
                form={taskForm}
                layout="inline"
                onFinish={async (v) => {
                  if (await change('POST', '/tasks', { title: v.title, lead: v.lead ?? '' })) taskForm.resetFields();
                }}
                style={{ marginTop: 8 }}
              >
                <Form.Item name="title" rules={[{ required: true, message: t('inc.task_title') }]}>
                  <Input placeholder={t('inc.task_title')} data-testid="task-title" />
                </Form.Item>
                <Form.Item name="lead">
                  <Input placeholder={t('inc.lead')} />
                </Form.Item>
                <Button htmlType="submit" data-testid="task-add">
                  {t('common.add')}
                </Button>
              </Form>
            )}
          </Card>
          <Card size="small" title={t('inc.attachments')}>
            <List
              size="small"
              dataSource={d.attachments}
              locale={{ emptyText: '—' }}
              renderItem={(a) => (
                <List.Item>
                  <a href={`/api/v1/incidents/${d.id}/attachments/${a.id}`} data-testid={`attachment-${a.name}`}>
                    {a.name}
                  </a>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {Math.ceil(a.size / 1024)} KB · {a.uploaded_by} · {formatTime(a.uploaded_at, lang)}
                  </Typography.Text>
                  <ScanResult scan={a.scan} testId={`scan-${a.name}`} />
                </List.Item>
              )}
            />
            <Upload
              showUploadList={false}
              beforeUpload={(file) => {
                void upload('POST', '/attachments', file);
                return false;
              }}
            >
              <Button size="small" data-testid="attachment-add" style={{ marginTop: 8 }}>
                {t('inc.attach')}
              </Button>
            </Upload>
          </Card>
          {d.source === 'public' && d.can_handle && <ToCase id={d.id} />}
          <NoteBox change={change} />
        </Space>
      </Col>
    </Row>
  );
}

function NoteBox({ change }: { change: Change }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  return (
    <Card size="small" title={t('inc.add_note')}>
      <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} aria-label={t('inc.add_note')} />
      <Button
        style={{ marginTop: 8 }}
        disabled={!note.trim()}
        onClick={async () => {
          if (await change('POST', '/notes', { note })) setNote('');
        }}
      >
        {t('inc.add_note')}
      </Button>
    </Card>
  );
}

/// The fields a report's draft form edits.
const reportFields = ['summary', 'result', 'requested_help', 'signer_name', 'signer_title'];

function Reports({
  d,
  reload,
  change,
  upload,
}: {
  d: Details;
  reload: () => Promise<void>;
  change: Change;
  upload: UploadFile;
}) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [editing, setEditing] = useState<Report | ReportType | null>(null);
  const [form] = Form.useForm();
  const title = (r: { title_vi: string; title_en: string }) => (lang === 'en' ? r.title_en : r.title_vi);

  // Errors to show once the draft's dialog is open (a draft opened because it cannot be issued).
  const [pendingErrors, setPendingErrors] = useState<{ name: string; errors: string[] }[]>([]);
  const open = (r: Report | ReportType) => {
    form.resetFields();
    if ('id' in r) form.setFieldsValue(r);
    setEditing(r);
  };
  const blank = (v: Record<string, string | undefined>, field: string) => !(v[field] ?? '').trim();
  // A draft that lacks what its type requires opens with those fields marked, instead of a
  // refusal from the server naming fields by their codes.
  const issue = async (r: Report) => {
    const needed = d.report_types.find((x) => x.type === r.type)?.required ?? [];
    const missing = needed.filter((f) => reportFields.includes(f) && blank(r as unknown as Record<string, string>, f));
    if (missing.length > 0) {
      message.warning(`${t('inc.r.missing')}: ${missing.map((f) => t(`inc.r.${f}`)).join(', ')}`);
      setPendingErrors(missing.map((f) => ({ name: f, errors: [t('inc.r.need_to_issue')] })));
      open(r);
      return;
    }
    await change('POST', `/reports/${r.id}/issue`);
  };
  const save = async (v: Record<string, string>) => {
    if (!editing) return;
    if (reportFields.every((f) => blank(v, f))) {
      form.setFields([{ name: 'summary', errors: [t('inc.r.empty')] }]);
      return;
    }
    try {
      if ('id' in editing) await api('PUT', `/incidents/${d.id}/reports/${editing.id}`, v);
      else await api('POST', `/incidents/${d.id}/reports`, { ...v, type: editing.type });
      setEditing(null);
      message.success(t('common.saved'));
      await reload();
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  const types = d.report_types.filter((r) => !r.serious_only || d.track === 'serious' || d.severity === 'serious');
  const required = editing ? ('required' in editing ? editing.required : d.report_types.find((r) => r.type === editing.type)?.required ?? []) : [];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {d.can_handle && (
        <Space wrap>
          <Typography.Text>{t('inc.report_new')}:</Typography.Text>
          {types.map((r) => (
            <Tooltip key={r.type} title={r.article}>
              <Button size="small" onClick={() => open(r)} data-testid={`report-new-${r.type}`}>
                {title(r)}
              </Button>
            </Tooltip>
          ))}
        </Space>
      )}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={d.reports}
        data-testid="report-table"
        columns={[
          { title: t('inc.report'), render: (_: unknown, r: Report) => title(r) },
          { title: t('inc.report_number'), dataIndex: 'number' },
          {
            title: t('inc.state'),
            dataIndex: 'state',
            render: (s: string, r: Report) => (
              <Tag color={s === 'issued' ? 'success' : 'default'}>
                {t(`inc.report_state.${s}`)}
                {r.issued_at ? ` · ${formatTime(r.issued_at, lang)}` : ''}
              </Tag>
            ),
          },
          {
            title: '',
            render: (_: unknown, r: Report) => (
              <Space>
                {r.state === 'draft' && d.can_handle && (
                  <>
                    <Button size="small" onClick={() => open(r)}>
                      {t('common.edit')}
                    </Button>
                    <Button
                      size="small"
                      type="primary"
                      data-testid={`report-issue-${r.type}`}
                      onClick={() => void issue(r)}
                    >
                      {t('inc.report_issue')}
                    </Button>
                  </>
                )}
                <a href={`/api/v1/incidents/${d.id}/reports/${r.id}.docx`} data-testid={`report-docx-${r.type}`}>
                  DOCX
                </a>
                <a href={`/api/v1/incidents/${d.id}/reports/${r.id}.pdf`} data-testid={`report-pdf-${r.type}`}>
                  PDF
                </a>
                {r.signed_name && (
                  <a href={`/api/v1/incidents/${d.id}/reports/${r.id}/signed`} data-testid={`report-signed-${r.type}`}>
                    {t('inc.signed_copy')}
                  </a>
                )}
                {r.state === 'issued' && d.can_handle && (
                  <Upload
                    showUploadList={false}
                    beforeUpload={(file) => {
                      void upload('PUT', `/reports/${r.id}/signed`, file);
                      return false;
                    }}
                  >
                    <Button size="small" data-testid={`report-sign-${r.type}`}>
                      {r.signed_name ? t('inc.signed_replace') : t('inc.signed_upload')}
                    </Button>
                  </Upload>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Card size="small" title={t('inc.deliveries')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={d.deliveries}
          data-testid="delivery-table"
          columns={[
            { title: t('inc.recipient'), render: (_: unknown, x) => `${x.unit_name}${x.function ? ` (${t(`inc.lead.${x.function}`)})` : ''}` },
            { title: t('inc.subject'), dataIndex: 'subject', ellipsis: true },
            { title: t('inc.channel'), dataIndex: 'channel', render: (c: string, x) => `${t(`inc.channel.${c}`)}${x.address ? ` · ${x.address}` : ''}` },
            {
              title: t('inc.state'),
              render: (_: unknown, x) => (
                <Tooltip title={x.last_error}>
                  <Tag color={x.state === 'sent' ? 'success' : x.state === 'failed' ? 'error' : 'processing'}>
                    {t(`inc.delivery.${x.state}`)}
                    {x.attempts > 0 && x.state !== 'sent' ? ` (${x.attempts})` : ''}
                  </Tag>
                </Tooltip>
              ),
            },
            {
              title: t('inc.acknowledged'),
              render: (_: unknown, x) =>
                x.acknowledged_at ? `${x.acknowledged_by} · ${formatTime(x.acknowledged_at, lang)}` : x.channel === 'app' ? '—' : '',
            },
          ]}
        />
      </Card>
      <Modal
        open={editing !== null}
        width={680}
        title={editing ? title(editing) : ''}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        afterOpenChange={(opened) => {
          if (opened && pendingErrors.length > 0) form.setFields(pendingErrors);
          if (!opened) setPendingErrors([]);
        }}
        okButtonProps={{ 'data-testid': 'report-save' } as ButtonProps}
      >
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="summary" label={t('inc.r.summary')} required={required.includes('summary')}>
            <Input.TextArea rows={4} data-testid="report-summary" />
          </Form.Item>
          <Form.Item name="result" label={t('inc.r.result')} required={required.includes('result')}>
            <Input.TextArea rows={3} data-testid="report-result" />
          </Form.Item>
          <Form.Item name="requested_help" label={t('inc.r.requested_help')} required={required.includes('requested_help')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="signer_name" label={t('inc.r.signer_name')} required={required.includes('signer_name')}>
                <Input data-testid="report-signer" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="signer_title" label={t('inc.r.signer_title')} required={required.includes('signer_title')}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
    </Space>
  );
}

function IntakeDetails({ d }: { d: Details }) {
  const { t, lang } = useI18n();
  const party = (p: Details['reporter']) => (
    <>
      {[p.name, p.position, p.address].filter(Boolean).join(' · ')}
      {p.phone && (
        <>
          {' · '}
          <Phone number={p.phone} />
        </>
      )}
      {p.email && ` · ${p.email}`}
    </>
  );
  return (
    <Descriptions bordered size="small" column={1} data-testid="incident-intake">
      <Descriptions.Item label={t('inc.f.reporter')}>{party(d.reporter)}</Descriptions.Item>
      <Descriptions.Item label={t('inc.f.contact')}>{party(d.contact)}</Descriptions.Item>
      <Descriptions.Item label={t('inc.f.systems')}>
        {d.systems.map((s) => (
          <Tag key={s.id}>
            {s.code} — {s.name} ({t('sys.level_n').replace('{n}', String(s.level))})
          </Tag>
        ))}
        {d.affected_text}
      </Descriptions.Item>
      <Descriptions.Item label={t('inc.f.description')}>{d.description}</Descriptions.Item>
      <Descriptions.Item label={t('inc.f.detected_at')}>{formatTime(d.detected_at, lang)}</Descriptions.Item>
      <Descriptions.Item label={t('inc.received_at')}>{formatTime(d.received_at, lang)}</Descriptions.Item>
      <Descriptions.Item label={t('inc.f.handled')}>
        {d.handled === null ? '—' : d.handled ? t('inc.f.handled_yes') : t('inc.f.handled_no')}
      </Descriptions.Item>
      <Descriptions.Item label={t('inc.f.detection_methods')}>
        {d.detection_methods.map((m) => t(`inc.detect.${m}`)).join(', ')}
        {d.detection_note && ` — ${d.detection_note}`}
      </Descriptions.Item>
      <Descriptions.Item label={t('inc.f.notified_parties')}>
        {d.notified_parties.map((m) => t(`inc.notified.${m}`)).join(', ')}
      </Descriptions.Item>
      <Descriptions.Item label={t('inc.f.proposals')}>{d.proposals}</Descriptions.Item>
      <Descriptions.Item label={t('inc.source')}>{t(`inc.source.${d.source}`)}</Descriptions.Item>
    </Descriptions>
  );
}

interface ShareTarget {
  peer_id: number;
  name: string;
  relation: 'parent' | 'child';
}

/// Shares the incident with a connected installation under a TLP label (handlers only; shown
/// when this installation is connected to another).
function ShareButton({ incidentId, confidential, onShared }: { incidentId: number; confidential: boolean; onShared: () => void }) {
  const { t } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [targets, setTargets] = useState<ShareTarget[]>([]);
  const [open, setOpen] = useState(false);
  const [peer, setPeer] = useState<number | undefined>();
  const [tlp, setTlp] = useState<string>('amber');
  useEffect(() => {
    api<{ items: ShareTarget[] }>('GET', '/exchange/share-targets')
      .then((r) => setTargets(r.items))
      .catch(() => setTargets([]));
  }, []);
  if (targets.length === 0) return null;
  const labels = confidential ? ['amber', 'red'] : ['clear', 'green', 'amber', 'red'];
  const share = async () => {
    try {
      await api('POST', `/incidents/${incidentId}/share`, { peer_id: peer, tlp });
      void message.success(t('inc.share.done'));
      setOpen(false);
      onShared();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="incident-share">
        {t('inc.share')}
      </Button>
      {open && (
        <Modal
          open
          title={t('inc.share')}
          onCancel={() => setOpen(false)}
          onOk={() => void share()}
          okText={t('inc.share.send')}
          cancelText={t('common.cancel')}
          okButtonProps={{ disabled: peer === undefined, 'data-testid': 'incident-share-send' } as ButtonProps}
        >
          <Typography.Paragraph type="secondary">{t('inc.share.help')}</Typography.Paragraph>
          <Form layout="vertical">
            <Form.Item label={t('inc.share.peer')} required>
              <Select
                value={peer}
                onChange={(v: number) => setPeer(v)}
                options={targets.map((x) => ({ value: x.peer_id, label: `${x.name} (${t(`exchange.relation_${x.relation}`)})` }))}
                data-testid="incident-share-peer"
              />
            </Form.Item>
            <Form.Item label="TLP" extra={confidential ? t('inc.share.confidential') : undefined}>
              <Select value={tlp} onChange={(v: string) => setTlp(v)} options={labels.map((l) => ({ value: l, label: `TLP:${l.toUpperCase()}` }))} data-testid="incident-share-tlp" />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}

/// A citizen's report about harmful content (a fake portal, an impersonating account) becomes a
/// case of the harmful-content register, where evidence and takedowns are followed.
function ToCase({ id }: { id: number }) {
  const { t } = useI18n();
  const nav = useNav();
  const showError = useShowError();
  const [platform, setPlatform] = useState('website');
  const [category, setCategory] = useState('fake_portal');
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    try {
      const made = await api<{ id: number }>('POST', `/harmful-cases/from-report/${id}`, { platform, category });
      nav('cases', `id=${made.id}`);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('case.from_report')}>
      <Typography.Paragraph type="secondary">{t('case.from_report_help')}</Typography.Paragraph>
      <Space wrap>
        <Select value={platform} onChange={setPlatform} style={{ minWidth: 150 }} aria-label={t('case.platform')} options={casePlatforms.map((p) => ({ value: p, label: t(`case.platform_${p}`) }))} />
        <Select value={category} onChange={setCategory} style={{ minWidth: 200 }} aria-label={t('case.category')} options={caseCategories.map((c) => ({ value: c, label: t(`case.category_${c}`) }))} />
        <Button onClick={() => void go()} loading={busy} data-testid="to-case">
          {t('case.from_report')}
        </Button>
      </Space>
    </Card>
  );
}
