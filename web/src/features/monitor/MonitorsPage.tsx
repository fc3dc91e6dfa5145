// Website monitoring (giám sát trang web): the sites a unit watches with their standing — down
// and sites with findings first —, uptime, latency and certificate expiry; the registry's domains
// proposed for watching; one site with its last 7 days hour by hour, the events the monitor
// recorded (outages, recoveries, defacement and spam with their evidence, certificates, DNS) and
// the incidents they opened; approving the current page as the baseline after a real change.
import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Space,
  Switch,
  Table,
  Tag,
  Timeline,
  TreeSelect,
  Typography,
  type ButtonProps,
} from 'antd';
import { api, type Unit } from '../../api';
import type { Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import { NavLink, queryParam, useNav } from '../../nav';
import { queryClient, useApi, useApiList } from '../../query';
import { actorLabel, dueSoonTag, fieldErrors, formatTime, hasRole, LoadFailed, Loading, unitSelectTree, useSession, useShowError } from '../../shared';
import { percent } from '../../text';

type Site = Schemas['MonitorSite'];
type Details = Schemas['MonitorDetails'];
type Hour = Schemas['MonitorHour'];
type MonitorEvent = Schemas['MonitorEvent'];
type Listing = { counts: Record<'total' | 'up' | 'down' | 'suspect' | 'unknown' | 'with_findings' | 'disabled', number>; items: Site[] };
type Proposal = { system_id: number; system_name: string; unit_id: number; unit_name: string; url: string };

const pageSize = 50;
const stateColors: Record<string, string> = { up: 'green', down: 'red', suspect: 'orange', unknown: 'default' };

export default function MonitorsPage() {
  const id = queryParam('id');
  if (id) return <SiteView id={id} />;
  return <SiteList />;
}

function refreshList() {
  void queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[1] ?? '').startsWith('/monitors') });
}

export function StateTag({ state }: { state: string }) {
  const { t } = useI18n();
  return (
    <Tag color={stateColors[state] ?? 'default'} data-testid="monitor-state">
      {t(`monitor.state_${state}`)}
    </Tag>
  );
}

/// Days until the certificate expires, shown in amber from 14 days and red once expired.
function CertDays({ until }: { until: string | null }) {
  const { t } = useI18n();
  if (!until) return <>—</>;
  const days = Math.floor((new Date(until).getTime() - Date.now()) / 86_400_000);
  if (days < 0) return <Tag color="red">{t('monitor.cert_expired')}</Tag>;
  const text = t('monitor.cert_days').replace('{n}', String(days));
  return days <= 14 ? <Tag style={dueSoonTag}>{text}</Tag> : <span>{text}</span>;
}

function Findings({ codes }: { codes: string[] }) {
  const { t } = useI18n();
  return (
    <Space size={[0, 4]} wrap>
      {codes.map((code) => (
        <Tag key={code} color={code === 'cert_expiring' ? 'gold' : 'red'}>
          {t(`monitor.finding_${code}`)}
        </Tag>
      ))}
    </Space>
  );
}

function SiteList() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const units = useApiList<Unit>('/units');
  const [unit, setUnit] = useState<number | undefined>();
  const [state, setState] = useState<string>('all');
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState<Partial<SiteValues> | null>(null);
  const query = new URLSearchParams({ limit: String(pageSize), offset: String((page - 1) * pageSize) });
  if (unit) query.set('unit_id', String(unit));
  if (state === 'findings') query.set('findings', 'true');
  else if (state !== 'all') query.set('state', state);
  // Read again every 30 s besides the live updates: a site that stays up changes its figures
  // without an event.
  const list = useApi<Listing>(`/monitors?${query.toString()}`, { placeholderData: (previous) => previous, refetchInterval: 30_000 });
  // Who registers systems may watch them; the server decides for each unit.
  const manager = session !== null && hasRole(session.user, ['admin', 'coordinator', 'officer', 'responder']);
  const counts = list.data?.counts;
  const filtered = state === 'all' ? counts?.total : state === 'findings' ? counts?.with_findings : counts?.[state as 'up'];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('monitor.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('monitor.intro')}{' '}
        <Typography.Link href="/trang-thai" target="_blank" underline data-testid="monitor-public-page">
          {t('monitor.public_page')}
        </Typography.Link>
      </Typography.Paragraph>
      <Space wrap>
        <TreeSelect
          allowClear
          placeholder={t('monitor.all_units')}
          style={{ minWidth: 260 }}
          treeData={unitSelectTree(units.data ?? [], lang)}
          showSearch
          treeNodeFilterProp="title"
          treeDefaultExpandAll
          value={unit}
          onChange={(v: number | undefined) => {
            setUnit(v);
            setPage(1);
          }}
          aria-label={t('monitor.unit')}
          data-testid="monitor-unit-filter"
        />
        <Radio.Group
          optionType="button"
          value={state}
          onChange={(e) => {
            setState(String(e.target.value));
            setPage(1);
          }}
          aria-label={t('monitor.state')}
          options={[
            { value: 'all', label: `${t('monitor.filter_all')} (${counts?.total ?? 0})` },
            { value: 'down', label: `${t('monitor.state_down')} (${counts?.down ?? 0})` },
            { value: 'suspect', label: `${t('monitor.state_suspect')} (${counts?.suspect ?? 0})` },
            { value: 'findings', label: `${t('monitor.filter_findings')} (${counts?.with_findings ?? 0})` },
            { value: 'up', label: `${t('monitor.state_up')} (${counts?.up ?? 0})` },
          ]}
          data-testid="monitor-state-filter"
        />
        {manager && (
          <Button type="primary" onClick={() => setAdding({ unit_id: unit })} data-testid="monitor-add">
            {t('monitor.add')}
          </Button>
        )}
      </Space>
      {manager && unit !== undefined && <Proposals unit={unit} onWatch={(p) => setAdding({ unit_id: p.unit_id, system_id: p.system_id, url: p.url, name: p.system_name })} />}
      {list.isError && <LoadFailed message={String(list.error)} retry={() => void list.refetch()} />}
      <Table<Site>
        rowKey="id"
        data-testid="monitor-list"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: true }}
        locale={{ emptyText: <Empty description={t('monitor.none')} /> }}
        pagination={{ current: page, pageSize, total: filtered ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          {
            title: t('monitor.site'),
            render: (_, s) => (
              <Space direction="vertical" size={0}>
                <NavLink page="monitors" query={`id=${s.id}`} testId="monitor-open">
                  {s.name || s.url}
                </NavLink>
                <Typography.Text type="secondary">{s.url}</Typography.Text>
              </Space>
            ),
          },
          { title: t('monitor.unit'), dataIndex: 'unit_name' },
          {
            title: t('monitor.state'),
            render: (_, s) => (s.enabled ? <StateTag state={s.state} /> : <Tag>{t('monitor.disabled')}</Tag>),
          },
          { title: t('monitor.latency'), render: (_, s) => (s.last_check ? `${s.latency_ms} ms` : '—') },
          { title: t('monitor.uptime_day'), render: (_, s) => percent(s.uptime_day, lang) },
          { title: t('monitor.uptime_month'), render: (_, s) => percent(s.uptime_month, lang) },
          { title: t('monitor.cert'), render: (_, s) => <CertDays until={s.cert_not_after} /> },
          { title: t('monitor.findings'), render: (_, s) => <Findings codes={s.findings} /> },
          { title: t('monitor.last_check'), render: (_, s) => (s.last_check ? formatTime(s.last_check, lang) : t('monitor.not_yet')) },
        ]}
      />
      {adding && <SiteDialog initial={adding} onClose={() => setAdding(null)} />}
    </Space>
  );
}

function Proposals({ unit, onWatch }: { unit: number; onWatch: (p: Proposal) => void }) {
  const { t } = useI18n();
  const proposals = useApi<{ items: Proposal[] }>(`/monitors/proposals?unit_id=${unit}`);
  const items = proposals.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card size="small" title={t('monitor.proposals')} data-testid="monitor-proposals">
      <Typography.Paragraph type="secondary">{t('monitor.proposals_hint')}</Typography.Paragraph>
      <Table<Proposal>
        rowKey={(p) => `${p.system_id}|${p.url}`}
        size="small"
        pagination={false}
        dataSource={items}
        columns={[
          { title: t('monitor.url'), dataIndex: 'url' },
          { title: t('monitor.system'), dataIndex: 'system_name' },
          { title: t('monitor.unit'), dataIndex: 'unit_name' },
          {
            title: '',
            render: (_, p) => (
              <Button size="small" onClick={() => onWatch(p)}>
                {t('monitor.watch')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

interface SiteValues {
  unit_id?: number;
  system_id?: number;
  url: string;
  name?: string;
  interval_seconds?: number;
  enabled?: boolean;
  public_status?: boolean;
}

function SiteDialog({ initial, site, onClose }: { initial?: Partial<SiteValues>; site?: Details; onClose: () => void }) {
  const { t, lang } = useI18n();
  const nav = useNav();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const units = useApiList<Unit>('/units', { enabled: !site });
  const save = async (v: SiteValues) => {
    try {
      const body = {
        url: v.url.trim(),
        name: v.name ?? '',
        interval_seconds: v.interval_seconds ?? 60,
        enabled: v.enabled ?? true,
        public_status: v.public_status ?? false,
        ...(v.system_id ? { system_id: v.system_id } : {}),
      };
      const saved = site
        ? await api<Details>('PUT', `/monitors/${site.id}`, body)
        : await api<Details>('POST', '/monitors', { unit_id: v.unit_id, ...body });
      message.success(t('common.saved'));
      refreshList();
      onClose();
      if (site) queryClient.setQueryData(['api', `/monitors/${site.id}`], saved);
      else nav('monitors', `id=${saved.id}`);
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  const required = [{ required: true, message: t('common.required') }];
  const initialValues: Partial<SiteValues> = site
    ? {
        url: site.url,
        name: site.name,
        interval_seconds: site.interval_seconds,
        enabled: site.enabled,
        public_status: site.public_status,
        system_id: site.system_id ?? undefined,
      }
    : { interval_seconds: 60, enabled: true, public_status: false, ...initial };
  return (
    <Modal
      open
      title={site ? t('monitor.edit') : t('monitor.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'monitor-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" onFinish={save} initialValues={initialValues}>
        {!site && (
          <Form.Item name="unit_id" label={t('monitor.unit')} rules={required}>
            <TreeSelect treeData={unitSelectTree(units.data ?? [], lang)} showSearch treeNodeFilterProp="title" treeDefaultExpandAll data-testid="monitor-form-unit" />
          </Form.Item>
        )}
        <Form.Item name="url" label={t('monitor.url')} rules={required} extra={t('monitor.url_help')}>
          <Input placeholder="https://" inputMode="url" data-testid="monitor-url" />
        </Form.Item>
        <Form.Item name="name" label={t('monitor.name')}>
          <Input data-testid="monitor-name" />
        </Form.Item>
        <Form.Item name="system_id" hidden>
          <InputNumber />
        </Form.Item>
        <Form.Item name="interval_seconds" label={t('monitor.interval')} extra={t('monitor.interval_help')}>
          <InputNumber min={30} max={86400} addonAfter={t('monitor.seconds')} />
        </Form.Item>
        <Form.Item name="enabled" label={t('monitor.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="public_status" label={t('monitor.public')} valuePropName="checked" extra={t('monitor.public_help')}>
          <Switch data-testid="monitor-public" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/// The last 7 days, one bar per hour: its height the share of successful checks, red when some
/// failed; the average latency as a line over it.
function History({ hours }: { hours: Hour[] }) {
  const { t, lang } = useI18n();
  if (hours.length === 0) return <Empty description={t('monitor.no_history')} />;
  const width = 720;
  const height = 120;
  const first = new Date(hours[0].hour).getTime();
  const last = Date.now();
  const span = Math.max(3_600_000, last - first);
  const x = (iso: string) => ((new Date(iso).getTime() - first) / span) * (width - 8);
  const barWidth = Math.max(2, (3_600_000 / span) * (width - 8) - 1);
  const maxLatency = Math.max(1, ...hours.map((h) => h.latency_avg_ms));
  const line = hours.map((h) => `${x(h.hour) + barWidth / 2},${height - 4 - (h.latency_avg_ms / maxLatency) * (height - 24)}`).join(' ');
  const summary = t('monitor.history_summary')
    .replace('{from}', formatTime(hours[0].hour, lang))
    .replace('{max}', String(maxLatency));
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={summary} data-testid="monitor-history">
        {hours.map((h) => {
          const share = h.checks > 0 ? h.ups / h.checks : 0;
          const barHeight = Math.max(2, share * (height - 24));
          return (
            <rect key={h.hour} x={x(h.hour)} y={height - 4 - barHeight} width={barWidth} height={barHeight} fill={share < 1 ? '#cf1322' : '#95de64'}>
              <title>{`${formatTime(h.hour, lang)}: ${h.ups}/${h.checks}, ${h.latency_avg_ms} ms`}</title>
            </rect>
          );
        })}
        <polyline points={line} fill="none" stroke="#1d39c4" strokeWidth={1.5} />
      </svg>
      <figcaption>
        <Typography.Text type="secondary">{summary}</Typography.Text>
      </figcaption>
    </figure>
  );
}

function Events({ events }: { events: MonitorEvent[] }) {
  const { t, lang } = useI18n();
  if (events.length === 0) return <Empty description={t('monitor.no_events')} />;
  const colors: Record<string, string> = { down: 'red', content: 'red', cloaking: 'red', foreign_redirect: 'red', up: 'green', restored: 'green', baseline: 'blue' };
  return (
    <Timeline
      data-testid="monitor-events"
      items={events.map((e) => ({
        color: colors[e.kind] ?? 'gray',
        children: (
          <Space direction="vertical" size={2} data-testid={`monitor-event-${e.kind}`}>
            <Typography.Text type="secondary">
              {formatTime(e.at, lang)} · {t(`monitor.event_${e.kind}`)}
              {e.actor ? ` · ${actorLabel(e.actor, t)}` : ''}
            </Typography.Text>
            <span>{lang === 'en' ? e.summary_en : e.summary_vi}</span>
            {e.evidence.length > 0 && (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {e.evidence.map((line, i) => (
                  <li key={i}>
                    <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                      {line}
                    </Typography.Text>
                  </li>
                ))}
              </ul>
            )}
            {e.incident_id !== null && (
              <NavLink page="incidents" query={`id=${e.incident_id}`} testId="monitor-event-incident">
                {t('monitor.open_incident')}
              </NavLink>
            )}
          </Space>
        ),
      }))}
    />
  );
}

function SiteView({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const nav = useNav();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [editing, setEditing] = useState(false);
  const path = `/monitors/${encodeURIComponent(id)}`;
  const site = useApi<Details>(path, { refetchInterval: 30_000 });
  if (site.isPending) return <Loading />;
  if (site.isError) return <LoadFailed message={String(site.error)} retry={() => void site.refetch()} />;
  const s = site.data;
  const approve = async () => {
    try {
      queryClient.setQueryData(['api', path], await api<Details>('POST', `${path}/baseline`));
      refreshList();
      message.success(t('monitor.baseline_done'));
    } catch (e) {
      showError(e);
    }
  };
  const remove = async () => {
    try {
      await api('DELETE', path);
      refreshList();
      nav('monitors');
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <NavLink page="monitors">{t('monitor.back')}</NavLink>
      <Typography.Title level={2}>
        {s.name || s.url} {s.enabled ? <StateTag state={s.state} /> : <Tag>{t('monitor.disabled')}</Tag>}
      </Typography.Title>
      {s.findings.includes('content') && (
        <Alert
          type="error"
          showIcon
          message={t('monitor.content_alert')}
          description={t('monitor.content_alert_help')}
          data-testid="monitor-content-alert"
        />
      )}
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label={t('monitor.url')}>
            <Typography.Text copyable>{s.url}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('monitor.unit')}>
            {s.unit_name}
            {s.system_name ? ` · ${s.system_name}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('monitor.since')}>{s.since ? formatTime(s.since, lang) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('monitor.last_check')}>
            {s.last_check ? formatTime(s.last_check, lang) : t('monitor.not_yet')} · {t('monitor.every').replace('{n}', String(s.interval_seconds))}
          </Descriptions.Item>
          <Descriptions.Item label={t('monitor.latency')}>{s.last_check ? `${s.latency_ms} ms` : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('monitor.http_status')}>{s.http_status || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('monitor.uptime_day')}>{percent(s.uptime_day, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('monitor.uptime_month')}>{percent(s.uptime_month, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('monitor.cert')}>
            <Space wrap>
              <CertDays until={s.cert_not_after} />
              {s.cert_not_after && formatTime(s.cert_not_after, lang)}
              {s.cert_issuer && <Typography.Text type="secondary">{s.cert_issuer}</Typography.Text>}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('monitor.baseline')}>
            {s.baseline_at ? `${formatTime(s.baseline_at, lang)} · ${actorLabel(s.baseline_by, t)}` : t('monitor.baseline_next')}
          </Descriptions.Item>
          <Descriptions.Item label={t('monitor.findings')}>{s.findings.length ? <Findings codes={s.findings} /> : t('monitor.no_findings')}</Descriptions.Item>
          <Descriptions.Item label={t('monitor.dns')}>{s.dns.length ? s.dns.join(', ') : '—'}</Descriptions.Item>
          {s.error && (
            <Descriptions.Item label={t('monitor.error')} span={2}>
              <Typography.Text type="danger">{s.error}</Typography.Text>
            </Descriptions.Item>
          )}
        </Descriptions>
        {s.can_edit && (
          <Space wrap style={{ marginTop: 16 }}>
            <Popconfirm title={t('monitor.baseline_confirm')} onConfirm={() => void approve()}>
              <Button type={s.findings.includes('content') ? 'primary' : 'default'} data-testid="monitor-approve">
                {t('monitor.baseline_approve')}
              </Button>
            </Popconfirm>
            <Button onClick={() => setEditing(true)} data-testid="monitor-edit">
              {t('common.edit')}
            </Button>
            <Popconfirm title={t('monitor.remove_confirm')} onConfirm={() => void remove()}>
              <Button danger>{t('monitor.remove')}</Button>
            </Popconfirm>
          </Space>
        )}
      </Card>
      <Card title={t('monitor.history')}>
        <History hours={s.hours} />
      </Card>
      <Card title={t('monitor.events')}>
        <Events events={s.events} />
      </Card>
      {editing && <SiteDialog site={s} onClose={() => setEditing(false)} />}
    </Space>
  );
}
