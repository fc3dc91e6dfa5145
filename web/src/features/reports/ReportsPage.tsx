// Periodic reports up the tree (TT 20/2017 Mẫu 05; NĐ 331; the plans' own chains): the reports
// the user's units owe in a year with their due days and where each stands; one report, prefilled
// from the incidents of the unit's part of the tree, with its narrative and proposals, submitted
// to the unit that compiles it; and, for a compiler, its filers — submitted, late or missing —
// each opened to be accepted or returned with reasons.
import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  App as AntApp,
} from 'antd';
import type { ButtonProps } from 'antd';
import { api } from '../../api';
import type { Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import { NavLink, queryParam, useNav } from '../../nav';
import { queryClient, useApi } from '../../query';
import { errorText, fieldErrors, formatTime, LoadFailed, Loading, useShowError } from '../../shared';
import { announceChange } from '../home/duework';
import Mau05Table from './Mau05Table';

type Obligation = Schemas['Obligation'];
type View = Schemas['PeriodicReportView'];
type Filer = Schemas['FilerStatus'];
type Status = Filer['status'];

export default function ReportsPage() {
  const regime = queryParam('regime');
  const period = queryParam('period');
  const unit = queryParam('unit');
  if (regime && period && unit) return <ReportView regime={regime} period={period} unit={unit} />;
  return <Obligations />;
}

const statusColor: Record<Status, string> = {
  not_started: 'default',
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  accepted: 'success',
};

export function StatusTags({ status, late }: { status: Status; late: boolean }) {
  const { t } = useI18n();
  const done = status === 'submitted' || status === 'accepted';
  return (
    <Space size={4} wrap>
      <Tag color={statusColor[status]}>{t(`periodic.status.${status}`)}</Tag>
      {late && <Tag color="red">{t(done ? 'periodic.late_filed' : 'periodic.overdue')}</Tag>}
    </Space>
  );
}

function reportQuery(regime: string, period: string, unit: number) {
  return `regime=${encodeURIComponent(regime)}&period=${encodeURIComponent(period)}&unit=${unit}`;
}

/// A day as the forms write it: "15/12/2026".
function day(iso: string): string {
  return formatTime(iso).slice(0, 10);
}

type Filter = 'all' | 'open' | 'late';

/// The registry's readiness as a report carries it (fixed when submitted).
const readinessKeys = [
  'units',
  'systems',
  'systems_unapproved',
  'units_layers_incomplete',
  'system_assessments_overdue',
  'scans_overdue',
  'drills_overdue',
  'risks_unreviewed',
  'plan_tasks',
  'plan_tasks_done',
  'plan_tasks_in_progress',
  'plan_tasks_not_started',
  'plan_tasks_overdue',
];

/// The reports the user's units owe in a year.
function Obligations() {
  const { t, lang } = useI18n();
  const nav = useNav();
  const thisYear = new Date().getFullYear();
  const year = Number(queryParam('year') ?? thisYear) || thisYear;
  const [filter, setFilter] = useState<Filter>('all');
  const answer = useApi<{ year: number; items: Obligation[] }>(`/periodic-reports?year=${year}`);
  if (answer.error) return <LoadFailed message={errorText(answer.error, lang)} retry={() => void answer.refetch()} />;
  const all = answer.data?.items ?? [];
  const open = (o: Obligation) => o.status !== 'submitted' && o.status !== 'accepted';
  const shown = all.filter((o) => filter === 'all' || (filter === 'open' ? open(o) : open(o) && o.late));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.reports')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('periodic.intro')}
      </Typography.Paragraph>
      <Space wrap>
        <Select
          aria-label={t('periodic.year')}
          value={year}
          style={{ width: 120 }}
          data-testid="periodic-year"
          options={[thisYear - 2, thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: `${t('periodic.year')} ${y}` }))}
          onChange={(y: number) => nav('reports', `year=${y}`)}
        />
        <Radio.Group
          optionType="button"
          value={filter}
          onChange={(e) => setFilter(e.target.value as Filter)}
          aria-label={t('periodic.state')}
          options={[
            { value: 'all', label: t('periodic.filter.all') },
            { value: 'open', label: t('periodic.filter.open') },
            { value: 'late', label: t('periodic.filter.late') },
          ]}
        />
      </Space>
      {answer.isPending ? (
        <Loading />
      ) : (
        <Table<Obligation>
          rowKey={(o) => `${o.regime}/${o.period.key}/${o.unit.id}`}
          size="small"
          data-testid="obligations"
          dataSource={shown}
          // "children" here is a count of filers, not rows nested under this one.
          expandable={{ childrenColumnName: 'nested_rows' }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('periodic.none')} /> }}
          columns={[
            {
              title: t('periodic.report'),
              render: (_: unknown, o) => (
                <NavLink page="reports" query={reportQuery(o.regime, o.period.key, o.unit.id)} testId={`obligation-${o.regime}-${o.period.key}-${o.unit.id}`}>
                  {lang === 'en' ? o.regime_title_en : o.regime_title_vi} — {lang === 'en' ? o.period.label_en : o.period.label_vi}
                </NavLink>
              ),
            },
            { title: t('periodic.unit'), render: (_: unknown, o) => o.unit.name },
            { title: t('periodic.due'), render: (_: unknown, o) => formatTime(o.due_at), sorter: (a, b) => a.due_at.localeCompare(b.due_at), defaultSortOrder: 'ascend' },
            { title: t('periodic.state'), render: (_: unknown, o) => <StatusTags status={o.status} late={o.late} /> },
            {
              title: t('periodic.children'),
              render: (_: unknown, o) =>
                o.children > 0 ? t('periodic.children_accepted').replace('{n}', String(o.children_accepted)).replace('{m}', String(o.children)) : '—',
            },
          ]}
        />
      )}
    </Space>
  );
}

/// One unit's report for a period, and its filers when the unit compiles.
function ReportView(props: { regime: string; period: string; unit: string }) {
  const { t, lang } = useI18n();
  const nav = useNav();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const path = `/periodic-reports/${encodeURIComponent(props.regime)}/${encodeURIComponent(props.period)}/${encodeURIComponent(props.unit)}`;
  const answer = useApi<View>(path);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  // The texts are put in the form once per version (a live re-read must not wipe what is typed).
  const shownReport = answer.data?.report;
  const stamp = shownReport ? `${shownReport.version}#${shownReport.state}` : '';
  useEffect(() => {
    if (shownReport) form.setFieldsValue({ narrative: shownReport.narrative, proposals: shownReport.proposals });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stamp, form]);

  if (answer.error) return <LoadFailed message={errorText(answer.error, lang)} retry={() => void answer.refetch()} />;
  const v = answer.data;
  if (!v) return <Loading />;
  const r = v.report;

  const send = async (method: string, suffix: string, body: unknown, done: string) => {
    setBusy(true);
    try {
      const next = await api<View>(method, path + suffix, body);
      queryClient.setQueryData(['api', path], next);
      message.success(done);
      announceChange();
      return true;
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const texts = () => ({ ...form.getFieldsValue(), version: r.version });
  const save = () => void send('PUT', '', texts(), t('periodic.saved'));
  const submit = async () => {
    if (await send('POST', '/submit', texts(), t('periodic.submitted_msg'))) setConfirming(false);
  };
  const review = async (decision: 'accept' | 'return') => {
    const ok = await send('POST', '/review', decision === 'accept' ? { decision } : { decision, reason }, t(`periodic.${decision}ed_msg`));
    if (ok && decision === 'return') {
      setReturning(false);
      setReason('');
    }
  };

  const status: Status = r.id === null ? 'not_started' : r.state;
  const recipient = v.recipient?.name ?? (lang === 'en' ? v.tier.outside_recipient_en : v.tier.outside_recipient_vi);
  const own = r.own['mau05.total.count'] ?? 0;
  const fromChildren = v.accepted_children['mau05.total.count'] ?? 0;
  const missing = v.children.filter((c) => c.status !== 'submitted' && c.status !== 'accepted');
  const year = props.period.slice(0, 4);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Button size="small" onClick={() => nav('reports', `year=${year}`)}>
        ← {t('nav.reports')}
      </Button>
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="periodic-title">
          {lang === 'en' ? v.regime.title_en : v.regime.title_vi} — {lang === 'en' ? v.period.label_en : v.period.label_vi}
        </Typography.Title>
        <span data-testid="periodic-state">
          <StatusTags status={status} late={v.late} />
        </span>
      </Space>
      <Space wrap>
        <Typography.Text type="secondary">{t('periodic.download')}:</Typography.Text>
        {(['docx', 'pdf', 'xlsx'] as const).map((f) => (
          <Button key={f} size="small" href={`/api/v1${path}/document?format=${f}`} data-testid={`periodic-${f}`}>
            {t(`periodic.download.${f}`)}
          </Button>
        ))}
      </Space>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('periodic.unit')}>{v.unit.name}</Descriptions.Item>
        <Descriptions.Item label={t('periodic.recipient')}>{recipient || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('periodic.due')}>
          {formatTime(r.due_at)} <Typography.Text type="secondary">({v.tier.due.article})</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('periodic.period')}>
          {day(v.period.from)} – {day(v.period.to)}
        </Descriptions.Item>
        <Descriptions.Item label={t('periodic.basis')} span={2}>
          {v.regime.article}
          {v.regime.note && <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{v.regime.note}</Typography.Paragraph>}
        </Descriptions.Item>
        {r.submitted_at && (
          <Descriptions.Item label={t('periodic.submitted_at')}>
            {formatTime(r.submitted_at)} · {r.submitted_by}
          </Descriptions.Item>
        )}
        {r.accepted_at && (
          <Descriptions.Item label={t('periodic.accepted_at')}>
            {formatTime(r.accepted_at)} · {r.accepted_by}
          </Descriptions.Item>
        )}
      </Descriptions>
      {r.state === 'returned' && (
        <Alert
          type="warning"
          showIcon
          data-testid="periodic-returned"
          message={t('periodic.returned_by').replace('{who}', r.returned_by).replace('{at}', r.returned_at ? formatTime(r.returned_at) : '')}
          description={r.return_reason}
        />
      )}

      <Card size="small" title={t('periodic.mau05.title')}>
        <Typography.Paragraph type="secondary">
          {v.can_edit || status === 'not_started' || r.state === 'returned'
            ? t('periodic.figures_live').replace('{at}', formatTime(v.as_of))
            : t('periodic.figures_fixed')}{' '}
          {v.children.length > 0 &&
            t('periodic.figures_split').replace('{own}', String(own)).replace('{children}', String(fromChildren))}
        </Typography.Paragraph>
        <Mau05Table figures={r.total} />
        <Descriptions size="small" bordered column={1} style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('periodic.helpers')}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{r.helpers || '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('periodic.foreign_helpers')}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{r.foreign_helpers || '—'}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      {readinessKeys.some((k) => r.total[`readiness.${k}`] !== undefined) && (
        <Card size="small" title={t('periodic.readiness')} data-testid="periodic-readiness">
          <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
            {readinessKeys
              .filter((k) => r.total[`readiness.${k}`] !== undefined)
              .map((k) => (
                <Descriptions.Item key={k} label={t(`periodic.readiness.${k}`)}>
                  <span data-testid={`readiness-${k}`}>{r.total[`readiness.${k}`]}</span>
                </Descriptions.Item>
              ))}
          </Descriptions>
        </Card>
      )}

      <Card size="small" title={t('periodic.texts')}>
        <Form form={form} layout="vertical" disabled={!v.can_edit}>
          <Form.Item name="narrative" label={t('periodic.narrative')} extra={t('periodic.narrative_hint')}>
            <Input.TextArea rows={6} maxLength={20000} data-testid="periodic-narrative" />
          </Form.Item>
          <Form.Item name="proposals" label={t('periodic.proposals')}>
            <Input.TextArea rows={3} maxLength={10000} data-testid="periodic-proposals" />
          </Form.Item>
        </Form>
        {v.can_edit && (
          <Space wrap>
            <Button onClick={save} loading={busy} data-testid="periodic-save">
              {t('periodic.save')}
            </Button>
            <Button type="primary" onClick={() => setConfirming(true)} data-testid="periodic-submit">
              {t('periodic.submit')}
            </Button>
          </Space>
        )}
        {v.can_review && (
          <Space wrap>
            <Button type="primary" loading={busy} onClick={() => void review('accept')} data-testid="periodic-accept">
              {t('periodic.accept')}
            </Button>
            <Button danger onClick={() => setReturning(true)} data-testid="periodic-return">
              {t('periodic.return')}
            </Button>
          </Space>
        )}
      </Card>

      {v.children.length > 0 && (
        <Card
          size="small"
          title={t('periodic.filers')}
          data-testid="periodic-filers"
          extra={
            <Space size={4} wrap>
              <Tag color="success">{t('periodic.status.accepted')}: {v.children.filter((c) => c.status === 'accepted').length}</Tag>
              <Tag color="processing">{t('periodic.status.submitted')}: {v.children.filter((c) => c.status === 'submitted').length}</Tag>
              <Tag color={missing.length > 0 ? 'red' : 'default'} data-testid="periodic-missing">
                {t('periodic.missing')}: {missing.length}
              </Tag>
            </Space>
          }
        >
          <Table<Filer>
            rowKey={(c) => c.unit.id}
            size="small"
            pagination={false}
            dataSource={v.children}
            columns={[
              {
                title: t('periodic.unit'),
                render: (_: unknown, c) => (
                  <NavLink page="reports" query={reportQuery(props.regime, props.period, c.unit.id)} testId={`filer-${c.unit.id}`}>
                    {c.unit.name}
                  </NavLink>
                ),
              },
              { title: t('periodic.due'), render: (_: unknown, c) => formatTime(c.due_at) },
              { title: t('periodic.state'), render: (_: unknown, c) => <StatusTags status={c.status} late={c.late} /> },
              { title: t('periodic.submitted_at'), render: (_: unknown, c) => (c.submitted_at ? formatTime(c.submitted_at) : '—') },
              {
                title: t('periodic.mau05.count'),
                align: 'right' as const,
                render: (_: unknown, c) => (c.total ? (c.total['mau05.total.count'] ?? 0) : '—'),
              },
              { title: t('periodic.return_reason'), render: (_: unknown, c) => c.return_reason || '' },
            ]}
          />
        </Card>
      )}

      <Modal
        open={confirming}
        title={t('periodic.submit_title')}
        onOk={() => void submit()}
        confirmLoading={busy}
        onCancel={() => setConfirming(false)}
        okText={t('periodic.submit')}
        cancelText={t('common.cancel')}
        okButtonProps={{ 'data-testid': 'periodic-submit-confirm' } as ButtonProps}
      >
        <Typography.Paragraph>
          {t('periodic.submit_text').replace('{to}', recipient || '—')}
        </Typography.Paragraph>
      </Modal>
      <Modal
        open={returning}
        title={t('periodic.return_title').replace('{unit}', v.unit.name)}
        onOk={() => void review('return')}
        confirmLoading={busy}
        onCancel={() => setReturning(false)}
        okText={t('periodic.return')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, disabled: reason.trim() === '', 'data-testid': 'periodic-return-confirm' } as ButtonProps}
      >
        <Input.TextArea
          rows={4}
          value={reason}
          maxLength={5000}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('periodic.return_reason_hint')}
          aria-label={t('periodic.return_reason')}
          data-testid="periodic-return-reason"
        />
      </Modal>
    </Space>
  );
}
