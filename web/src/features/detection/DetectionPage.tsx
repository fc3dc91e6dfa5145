// Detection (giám sát, phát hiện sớm): alerts raised by the Sigma rules over the logs the units
// send, with the way to open an incident from one; the rules and which of them run for a unit's
// subtree, and from which level alerts open incidents by themselves; a place to try a rule on
// pasted log lines; the log sources and how to point a server at ungcuu — or send it a log file
// from the browser, or have it read a file on the server.
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Alert as Notice,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  TreeSelect,
  Typography,
  Upload,
  App as AntApp,
} from 'antd';
import { api, apiSend } from '../../api';
import type { ChangedDetail } from '../../live';
import { useI18n } from '../../i18n';
import { errorText, formatTime, unitSelectTree, useShowError } from '../../shared';
import { NavLink, useUnits } from '../registry/registry';
import type { GetAnswer, Schemas, paths } from '../../apiTypes';

type DetectionAlert = Schemas['DetectionAlert'];

type RuleRow = RulesView['rules'][number];

type RulesView = Schemas['DetectionRules'];

type LogSource = Schemas['LogSourceRecord'];

/// "UTC+07:00" for 420.
function formatOffset(minutes: number) {
  const sign = minutes < 0 ? '−' : '+';
  const m = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/// The zones a sender is likely to be on: Vietnam's, UTC (servers and appliances left on their
/// default) and the neighbours'.
const zones = [420, 0, 480, 540, 330, 60, -300].map((m) => ({
  value: m,
  label: m === 420 ? `${formatOffset(m)} (Việt Nam)` : m === 0 ? 'UTC' : formatOffset(m),
}));

const kUploadPart = 1 << 20; // bytes per request when a log file is sent from the browser

/// Sends a log file to an HTTP source in parts cut at line breaks; returns the lines taken, or
/// throws with the first line of the part the server refused (nothing of that part is kept).
async function sendLogFile(source: number, file: File, progress: (percent: number) => void) {
  let at = 0;
  let line = 1;
  let accepted = 0;
  let carry = new Uint8Array(0);
  while (at < file.size || carry.length > 0) {
    const read = new Uint8Array(await file.slice(at, at + kUploadPart).arrayBuffer());
    at += read.length;
    const bytes = new Uint8Array(carry.length + read.length);
    bytes.set(carry);
    bytes.set(read, carry.length);
    const end = at >= file.size ? bytes.length : bytes.lastIndexOf(10) + 1;
    const part = end > 0 ? bytes.subarray(0, end) : bytes; // a part with no line break: sent whole
    carry = bytes.slice(part.length);
    try {
      const reply = await apiSend<{ accepted: number }>('POST', `/ingest?source=${source}`, part, 'text/plain; charset=utf-8');
      accepted += reply.accepted;
    } catch (e) {
      throw Object.assign(new Error('part refused'), { cause: e, line });
    }
    line += part.reduce((n, b) => n + (b === 10 ? 1 : 0), 0);
    progress(Math.round((100 * at) / Math.max(file.size, 1)));
  }
  return accepted;
}

type TestResult = paths['/api/v1/detection/test']['post']['responses'][200]['content']['application/json'];

const levels = ['informational', 'low', 'medium', 'high', 'critical'];
const levelColor: Record<string, string> = {
  informational: 'default',
  low: 'blue',
  medium: 'gold',
  high: 'orange',
  critical: 'red',
};
const stateColor: Record<string, string> = { new: 'processing', promoted: 'success', dismissed: 'default' };

function LevelTag({ level }: { level: string }) {
  const { t } = useI18n();
  return <Tag color={levelColor[level] ?? 'default'}>{t(`detect.level.${level}`)}</Tag>;
}

function AlertsTab() {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [alerts, setAlerts] = useState<DetectionAlert[]>([]);
  const [state, setState] = useState<string>('');
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const query = state ? `?state=${state}` : '';
      setAlerts((await api<{ items: DetectionAlert[] }>('GET', `/detection/alerts${query}`)).items);
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  useEffect(() => {
    void load();
    // New alerts and other people's decisions on them arrive over the live feed.
    const onChanged = (event: Event) => {
      const detail = (event as CustomEvent<ChangedDetail | undefined>).detail;
      if (!detail || detail.reset || detail.changes.some((c) => c.object_type === 'detection_alert')) void load();
    };
    window.addEventListener('ungcuu:changed', onChanged);
    return () => window.removeEventListener('ungcuu:changed', onChanged);
  }, [load]);

  const act = async (alert: DetectionAlert, action: 'promote' | 'dismiss') => {
    try {
      const updated = await api<DetectionAlert>('POST', `/detection/alerts/${alert.id}/${action}`);
      message.success(
        action === 'promote' ? `${t('detect.promoted_msg')} ${updated.incident_code}` : t('detect.dismissed_msg'),
      );
      await load();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Select
          style={{ width: 220 }}
          value={state}
          onChange={setState}
          aria-label={t('inc.state')}
          data-testid="alert-state-filter"
          options={[
            { value: '', label: t('detect.state.all') },
            { value: 'new', label: t('detect.state.new') },
            { value: 'promoted', label: t('detect.state.promoted') },
            { value: 'dismissed', label: t('detect.state.dismissed') },
          ]}
        />
        <Button onClick={() => void load()}>{t('detect.refresh')}</Button>
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={alerts}
        data-testid="alert-table"
        pagination={{ pageSize: 50 }}
        expandable={{
          expandedRowRender: (a: DetectionAlert) => (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('detect.first_seen')}>{formatTime(a.first_seen, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('detect.rule_id')}>{a.rule_id}</Descriptions.Item>
              <Descriptions.Item label={t('detect.counted')}>
                {t('detect.counted_text')
                  .replace('{events}', String(a.events))
                  .replace('{count}', String(a.count))}
                {a.measure !== null && a.measure !== a.events && ` · ${t('detect.measure')} ${a.measure}`}
              </Descriptions.Item>
              {a.group && <Descriptions.Item label={t('detect.group')}>{a.group}</Descriptions.Item>}
              {a.observables.length > 0 && (
                <Descriptions.Item label={t('inc.observables')}>
                  <Space wrap size={4}>
                    {a.observables.map((o) => (
                      <Tag key={`${o.kind}:${o.value}`}>
                        {t(`inc.obs.${o.kind}`)}: {o.value}
                      </Tag>
                    ))}
                  </Space>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('detect.sample')}>
                <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                  {a.sample}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          ),
        }}
        columns={[
          { title: t('detect.last_seen'), dataIndex: 'last_seen', render: (v: string) => formatTime(v, lang), width: 150 },
          { title: t('detect.rule'), dataIndex: 'rule_title' },
          { title: t('detect.level'), dataIndex: 'level', render: (v: string) => <LevelTag level={v} />, width: 120 },
          { title: t('detect.unit'), dataIndex: 'unit_name' },
          { title: t('detect.subject'), dataIndex: 'subject', render: (v: string, a: DetectionAlert) => v || a.group },
          {
            title: t('detect.events'),
            dataIndex: 'events',
            width: 110,
            render: (v: number, a: DetectionAlert) => (
              <span title={t('detect.counted_text').replace('{events}', String(v)).replace('{count}', String(a.count))}>{v}</span>
            ),
          },
          {
            title: t('detect.state'),
            dataIndex: 'state',
            width: 200,
            render: (v: string, a: DetectionAlert) =>
              a.incident_id ? (
                <Space>
                  <Tag color={stateColor[v]}>{t(`detect.state.${v}`)}</Tag>
                  <NavLink page="incidents" query={`id=${a.incident_id}`}>{a.incident_code}</NavLink>
                </Space>
              ) : (
                <Tag color={stateColor[v]}>{t(`detect.state.${v}`)}</Tag>
              ),
          },
          {
            title: '',
            width: 220,
            render: (_: unknown, a: DetectionAlert) =>
              a.state === 'new' && (
                <Space>
                  <Button size="small" type="primary" onClick={() => void act(a, 'promote')} data-testid={`promote-${a.id}`}>
                    {t('detect.promote')}
                  </Button>
                  <Button size="small" onClick={() => void act(a, 'dismiss')}>
                    {t('detect.dismiss')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Space>
  );
}

function RulesTab() {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const units = useUnits();
  const tree = useMemo(() => unitSelectTree(units, lang), [units, lang]);
  const [unitId, setUnitId] = useState<number | undefined>(undefined);
  const [view, setView] = useState<RulesView | null>(null);

  useEffect(() => {
    if (unitId === undefined && units.length > 0) setUnitId(units[0].id);
  }, [units, unitId]);

  const load = useCallback(async () => {
    if (unitId === undefined) return;
    try {
      setView(await api<RulesView>('GET', `/detection/rules?unit_id=${unitId}`));
    } catch (e) {
      showError(e);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [unitId]);

  useEffect(() => {
    void load();
  }, [load]);

  const toggle = async (rule: RuleRow, enabled: boolean) => {
    try {
      await api('PUT', `/detection/rules/${encodeURIComponent(rule.id)}`, { unit_id: unitId, enabled });
      message.success(enabled ? t('detect.rule_on') : t('detect.rule_off'));
      await load();
    } catch (e) {
      showError(e);
    }
  };

  const setJoin = async (minutes: number | null) => {
    try {
      await api('PUT', '/detection/incident-window', { unit_id: unitId, minutes });
      message.success(t('detect.join_saved'));
      await load();
    } catch (e) {
      showError(e);
    }
  };

  const setWarningRules = async (accept: boolean) => {
    try {
      await api('PUT', '/detection/warning-rules', { unit_id: unitId, accept });
      message.success(accept ? t('detect.warning_rules_on') : t('detect.warning_rules_off'));
      await load();
    } catch (e) {
      showError(e);
    }
  };

  const setAutoOpen = async (level: string) => {
    try {
      await api('PUT', '/detection/auto-open', { unit_id: unitId, level });
      message.success(t('detect.auto_open_saved'));
      await load();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('detect.rules_intro')}</Typography.Paragraph>
      <Space wrap>
        <span>{t('detect.unit')}:</span>
        <TreeSelect
          style={{ width: 360 }}
          treeData={tree}
          value={unitId}
          onChange={setUnitId}
          treeDefaultExpandAll
          showSearch
          treeNodeFilterProp="title"
          aria-label={t('detect.unit')}
          data-testid="rules-unit"
        />
        <span>{t('detect.auto_open')}:</span>
        <Select
          style={{ width: 260 }}
          value={view?.auto_open_level}
          onChange={(v) => void setAutoOpen(v)}
          aria-label={t('detect.auto_open')}
          data-testid="auto-open-level"
          options={[
            { value: 'none', label: t('detect.auto_open_none') },
            ...levels.map((l) => ({ value: l, label: `${t('detect.auto_open_from')} ${t(`detect.level.${l}`)}` })),
          ]}
        />
        {view?.auto_open_set_by && (
          <Typography.Text type="secondary">
            {t('detect.decided_by')} {view.auto_open_set_by}
          </Typography.Text>
        )}
      </Space>
      <Space wrap>
        <span>{t('detect.join')}:</span>
        <InputNumber
          key={`${unitId}-${view?.join_minutes}`}
          min={0}
          max={10080}
          defaultValue={view?.join_minutes}
          addonAfter={t('detect.minutes')}
          aria-label={t('detect.join')}
          data-testid="join-minutes"
          onPressEnter={(e) => void setJoin(Number((e.target as HTMLInputElement).value))}
          onBlur={(e) => {
            const value = Number(e.target.value);
            if (e.target.value !== '' && value !== view?.join_minutes) void setJoin(value);
          }}
        />
        <Typography.Text type="secondary">
          {view?.join_set_by ? `${t('detect.decided_by')} ${view.join_set_by}` : t('detect.join_hint')}
        </Typography.Text>
      </Space>
      <Space wrap>
        <span id="warning-rules-label">{t('detect.warning_rules')}:</span>
        <Switch
          checked={view?.warning_rules ?? false}
          disabled={!view}
          onChange={(on) => void setWarningRules(on)}
          aria-labelledby="warning-rules-label"
          data-testid="warning-rules-switch"
        />
        <Typography.Text type="secondary">
          {view?.warning_rules_set_by
            ? `${t('detect.decided_by')} ${view.warning_rules_set_by}`
            : t('detect.warning_rules_hint')}
        </Typography.Text>
      </Space>
      <Table
        rowKey="id"
        size="small"
        dataSource={view?.rules ?? []}
        data-testid="rule-table"
        pagination={{ pageSize: 50 }}
        expandable={{ expandedRowRender: (r: RuleRow) => <Typography.Paragraph>{r.description}</Typography.Paragraph> }}
        columns={[
          {
            title: t('detect.enabled'),
            dataIndex: 'enabled',
            width: 90,
            render: (v: boolean, r: RuleRow) => (
              <Switch checked={v} onChange={(on) => void toggle(r, on)} aria-label={r.title} data-testid={`rule-switch-${r.id}`} />
            ),
          },
          {
            title: t('detect.rule'),
            dataIndex: 'title',
            render: (v: string, r: RuleRow) => (
              <>
                {v}{' '}
                {(r.warnings ?? []).map((w) => (
                  <NavLink key={w} page="warnings" query={`id=${w}`}>
                    <Tag color="purple">{t('detect.from_warning')}</Tag>
                  </NavLink>
                ))}
              </>
            ),
          },
          { title: t('detect.level'), dataIndex: 'level', width: 120, render: (v: string) => <LevelTag level={v} /> },
          {
            title: t('detect.type'),
            dataIndex: 'type',
            width: 140,
            render: (v: string) => (v === 'rule' ? t('detect.type_rule') : <Tag>{t(`detect.correlation.${v}`)}</Tag>),
          },
          { title: t('detect.scenarios'), dataIndex: 'scenarios', width: 120, render: (v: string[]) => v.join(', ') },
          { title: t('detect.decided_by'), dataIndex: 'decided_by', width: 220 },
        ]}
      />
      {view && view.refused.length > 0 && (
        <Notice
          type="warning"
          message={t('detect.refused')}
          description={
            <ul>
              {view.refused.map((r, i) => (
                <li key={i}>
                  {r.title || r.file}: {r.reason}
                </li>
              ))}
            </ul>
          }
        />
      )}
    </Space>
  );
}

const sampleRule = `title: Đăng nhập SSH thất bại bằng tài khoản root
id: 00000000-0000-4000-8000-000000000001
level: medium
logsource: {product: linux, service: sshd}
detection:
  selection:
    user.name: root
    event.outcome: failure
  condition: selection
`;
const sampleEvents =
  '<38>Nov 22 10:00:01 web01 sshd[4001]: Failed password for root from 203.0.113.9 port 50001 ssh2\n' +
  '<38>Nov 22 10:00:05 web01 sshd[4002]: Accepted password for admin from 10.0.0.8 port 50002 ssh2\n';

function TestTab() {
  const { t } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm();
  const [result, setResult] = useState<TestResult | null>(null);

  const run = async (v: { rules: string; events: string; format: string }) => {
    try {
      setResult(await api<TestResult>('POST', '/detection/test', v));
    } catch (e) {
      setResult(null);
      showError(e);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('detect.test_intro')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void run(v)}
        initialValues={{ rules: sampleRule, events: sampleEvents, format: 'auto' }}
      >
        <Form.Item name="rules" label={t('detect.test_rules')} rules={[{ required: true }]}>
          <Input.TextArea rows={10} style={{ fontFamily: 'monospace' }} data-testid="test-rules" />
        </Form.Item>
        <Form.Item name="events" label={t('detect.test_events')} rules={[{ required: true }]}>
          <Input.TextArea rows={6} style={{ fontFamily: 'monospace' }} data-testid="test-events" />
        </Form.Item>
        <Form.Item name="format" label={t('detect.format')}>
          <Select
            style={{ width: 240 }}
            options={['auto', 'json', 'syslog', 'access'].map((f) => ({ value: f, label: t(`detect.format.${f}`) }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="test-run">
          {t('detect.test_run')}
        </Button>
      </Form>
      {result && (
        <Card size="small" data-testid="test-result">
          <Typography.Paragraph>
            {t('detect.test_summary')
              .replace('{rules}', String(result.rules.length))
              .replace('{events}', String(result.events))
              .replace('{matches}', String(result.matches.length))}
          </Typography.Paragraph>
          {result.refused.map((r, i) => (
            <Notice key={i} type="warning" message={`${t('detect.refused')}: ${r.title}`} description={r.reason} />
          ))}
          <Table
            rowKey={(m) => `${m.event_index}-${m.rule_title}-${m.group}`}
            size="small"
            pagination={false}
            dataSource={result.matches}
            columns={[
              { title: t('detect.test_line'), dataIndex: 'event_index', width: 90, render: (v: number) => v + 1 },
              { title: t('detect.rule'), dataIndex: 'rule_title' },
              { title: t('detect.level'), dataIndex: 'level', width: 120, render: (v: string) => <LevelTag level={v} /> },
              { title: t('detect.group'), dataIndex: 'group' },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

type Status = GetAnswer<'/api/v1/detection/status'>;

function SourcesTab() {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const units = useUnits();
  const tree = useMemo(() => unitSelectTree(units, lang), [units, lang]);
  const [sources, setSources] = useState<LogSource[]>([]);
  const [status, setStatus] = useState<Status | null>(null);
  const [sending, setSending] = useState<{ id: number; percent: number } | null>(null);
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as string | undefined;

  const load = useCallback(async () => {
    try {
      setSources((await api<{ items: LogSource[] }>('GET', '/log-sources')).items);
      setStatus(await api<Status>('GET', '/detection/status'));
    } catch (e) {
      showError(e);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const create = async (v: Record<string, unknown>) => {
    try {
      const { max_skew_minutes: skew, ...rest } = v;
      const body: Record<string, unknown> = { ...rest, utc_offset_minutes: rest.utc_offset_minutes ?? null };
      if (typeof skew === 'number') body.max_skew_seconds = skew * 60;
      await api('POST', '/log-sources', body);
      message.success(t('detect.source_saved'));
      form.resetFields();
      await load();
    } catch (e) {
      showError(e);
    }
  };

  const setActive = async (s: LogSource, active: boolean) => {
    try {
      await api('PUT', `/log-sources/${s.id}`, {
        unit_id: s.unit_id,
        name: s.name,
        kind: s.kind,
        format: s.format,
        address: s.address,
        path: s.path,
        follow: s.follow,
        active,
      });
      await load();
    } catch (e) {
      showError(e);
    }
  };

  const sendFile = async (s: LogSource, file: File) => {
    setSending({ id: s.id, percent: 0 });
    try {
      const lines = await sendLogFile(s.id, file, (percent) => setSending({ id: s.id, percent }));
      message.success(t('detect.upload_done').replace('{lines}', String(lines)).replace('{file}', file.name));
    } catch (e) {
      const failed = e as { cause?: unknown; line?: number };
      message.error({
        content: `${t('detect.upload_failed').replace('{line}', String(failed.line ?? 1))} ${errorText(failed.cause ?? e, lang)}`,
        duration: 10,
      });
    } finally {
      setSending(null);
      await load();
    }
  };

  const whereFrom = (s: LogSource) => {
    if (s.kind === 'http') {
      return (
        <Space direction="vertical" size={2}>
          <Typography.Text code>POST /api/v1/ingest?source={s.id}</Typography.Text>
          {s.active && (
            <Upload
              accept=".log,.txt,.json,.ndjson,text/plain"
              showUploadList={false}
              beforeUpload={(file) => {
                void sendFile(s, file);
                return false;
              }}
            >
              <Button size="small" loading={sending?.id === s.id} data-testid={`source-upload-${s.id}`}>
                {sending?.id === s.id ? `${t('detect.upload_sending')} ${sending.percent}%` : t('detect.upload')}
              </Button>
            </Upload>
          )}
        </Space>
      );
    }
    if (s.kind !== 'file') return s.address;
    const f = s.file;
    return (
      <Space direction="vertical" size={2} data-testid={`source-file-${s.id}`}>
        <Typography.Text code>{s.path}</Typography.Text>
        <Typography.Text type="secondary">
          {s.follow ? t('detect.file_follow') : t('detect.file_once')}
          {f &&
            ` · ${t('detect.file_read')
              .replace('{lines}', String(f.lines))
              .replace('{offset}', String(f.offset))
              .replace('{size}', String(f.size))}`}
          {f?.done && ` · ${t('detect.file_done')}`}
          {f && f.refused > 0 && ` · ${t('detect.file_refused').replace('{n}', String(f.refused))}`}
        </Typography.Text>
        {f?.error && <Typography.Text type="danger">{f.error}</Typography.Text>}
      </Space>
    );
  };

  const zoneName = (minutes: number | null | undefined) =>
    minutes === null || minutes === undefined ? t('detect.zone_server') : zones.find((z) => z.value === minutes)?.label ?? formatOffset(minutes);

  const timeOf = (s: LogSource) => (
    <Space direction="vertical" size={0}>
      <span>{zoneName(s.utc_offset_minutes)}</span>
      <Typography.Text type="secondary">
        {s.max_skew_seconds > 0 ? t('detect.skew_bound').replace('{n}', String(Math.round(s.max_skew_seconds / 60))) : t('detect.skew_trusted')}
      </Typography.Text>
    </Space>
  );

  // What detection noticed about the source's lines: problems first, in words a district officer acts on.
  const healthOf = (s: LogSource) => {
    const h = s.health;
    if (!h || h.events === 0) return <Typography.Text type="secondary">{t('detect.health_none')}</Typography.Text>;
    const problems: string[] = [];
    if (h.unreadable > 0) problems.push(t('detect.health_unreadable').replace('{n}', String(h.unreadable)));
    if (h.missing_fields > 0) problems.push(t('detect.health_missing').replace('{n}', String(h.missing_fields)));
    if (h.skewed > 0) problems.push(t('detect.health_skewed').replace('{n}', String(h.skewed)));
    return (
      <Space direction="vertical" size={2} data-testid={`source-health-${s.id}`}>
        <span>{t('detect.health_events').replace('{n}', String(h.events))}</span>
        {problems.length === 0 ? (
          <Tag color="green">{t('detect.health_ok')}</Tag>
        ) : (
          problems.map((p) => (
            <Typography.Text key={p} type="warning">
              {p}
            </Typography.Text>
          ))
        )}
        {h.sample && (
          <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }} title={t('detect.health_sample')}>
            {h.sample}
          </Typography.Text>
        )}
        {h.skewed > 0 && <Typography.Text type="secondary">{t('detect.health_skewed_hint')}</Typography.Text>}
      </Space>
    );
  };

  const counters: [string, number | undefined][] = status
    ? [
        ['detect.st.received', status.received],
        ['detect.st.stored', status.stored],
        ['detect.st.processed', status.processed],
        ['detect.st.alerts', status.alerts],
        ['detect.st.dropped', status.dropped],
        ['detect.st.refused', status.refused],
        ['detect.st.throttled', status.throttled],
        ['detect.st.unreadable', status.unreadable],
        ['detect.st.missing_fields', status.missing_fields],
        ['detect.st.skewed', status.skewed],
        ['detect.st.queue', status.queue_depth],
        ['detect.st.raw', status.raw_events],
      ]
    : [];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title={t('detect.status')} data-testid="intake-status">
        {status && !status.running && <Notice type="warning" message={t('detect.not_running')} />}
        {status?.running && status.scope === 'units' && (
          <Typography.Paragraph type="secondary" data-testid="intake-status-scoped">
            {t('detect.status_scoped')}
          </Typography.Paragraph>
        )}
        {status?.running && status.scope !== 'units' && (
          <>
            <Typography.Paragraph>
              {t('detect.listeners')}: {status.listeners?.length ? status.listeners.join(', ') : t('detect.no_listeners')}
            </Typography.Paragraph>
            <Descriptions size="small" column={{ xs: 1, sm: 2, md: 5 }} bordered>
              {counters.map(([key, value]) => (
                <Descriptions.Item key={key} label={t(key)}>
                  <span data-testid={key}>{value ?? 0}</span>
                </Descriptions.Item>
              ))}
            </Descriptions>
            {(status.dropped ?? 0) > 0 && <Notice style={{ marginTop: 8 }} type="error" message={t('detect.dropped_warning')} />}
          </>
        )}
      </Card>
      <Typography.Paragraph type="secondary">{t('detect.sources_intro')}</Typography.Paragraph>
      <Table
        rowKey="id"
        size="small"
        dataSource={sources}
        data-testid="source-table"
        pagination={false}
        columns={[
          { title: t('detect.source_name'), dataIndex: 'name' },
          { title: t('detect.unit'), dataIndex: 'unit_name' },
          { title: t('detect.source_kind'), dataIndex: 'kind', width: 110, render: (v: string) => t(`detect.kind.${v}`) },
          { title: t('detect.format'), dataIndex: 'format', width: 140, render: (v: string) => t(`detect.format.${v}`) },
          { title: t('detect.source_address'), key: 'from', render: (_: unknown, s: LogSource) => whereFrom(s) },
          { title: t('detect.source_time'), key: 'time', width: 170, render: (_: unknown, s: LogSource) => timeOf(s) },
          { title: t('detect.health'), key: 'health', render: (_: unknown, s: LogSource) => healthOf(s) },
          {
            title: t('detect.enabled'),
            dataIndex: 'active',
            width: 90,
            render: (v: boolean, s: LogSource) => <Switch checked={v} onChange={(on) => void setActive(s, on)} aria-label={s.name} />,
          },
        ]}
      />
      <Card size="small" title={t('detect.source_new')}>
        <Form form={form} layout="inline" onFinish={(v) => void create(v)} initialValues={{ kind: 'syslog', format: 'auto', follow: true }}>
          <Form.Item name="unit_id" label={t('detect.unit')} rules={[{ required: true, message: t('detect.unit_required') }]}>
            <TreeSelect style={{ width: 280 }} treeData={tree} treeDefaultExpandAll showSearch treeNodeFilterProp="title" data-testid="source-unit" />
          </Form.Item>
          <Form.Item name="name" label={t('detect.source_name')} rules={[{ required: true, message: t('detect.name_required') }]}>
            <Input style={{ width: 260 }} data-testid="source-name" />
          </Form.Item>
          <Form.Item name="kind" label={t('detect.source_kind')}>
            <Select
              style={{ width: 160 }}
              data-testid="source-kind"
              options={['syslog', 'http', 'file'].map((k) => ({ value: k, label: t(`detect.kind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="format" label={t('detect.format')}>
            <Select
              style={{ width: 200 }}
              options={['auto', 'json', 'syslog', 'access'].map((f) => ({ value: f, label: t(`detect.format.${f}`) }))}
            />
          </Form.Item>
          {kind === 'syslog' && (
            <Form.Item name="address" label={t('detect.source_address')}>
              <Input style={{ width: 180 }} placeholder="10.0.0.5" data-testid="source-address" />
            </Form.Item>
          )}
          <Form.Item name="utc_offset_minutes" label={t('detect.source_zone')}>
            <Select
              style={{ width: 220 }}
              allowClear
              placeholder={t('detect.zone_server')}
              data-testid="source-zone"
              options={zones}
            />
          </Form.Item>
          <Form.Item name="max_skew_minutes" label={t('detect.source_skew')} tooltip={t('detect.source_skew_help')}>
            <InputNumber min={0} max={10080} placeholder="10" addonAfter={t('detect.minutes')} style={{ width: 160 }} data-testid="source-skew" />
          </Form.Item>
          {kind === 'file' && (
            <>
              <Form.Item name="path" label={t('detect.source_path')} rules={[{ required: true, message: t('detect.path_required') }]}>
                <Input style={{ width: 320 }} placeholder="/var/log/nginx/access.log" data-testid="source-path" />
              </Form.Item>
              <Form.Item name="follow" valuePropName="checked">
                <Checkbox data-testid="source-follow">{t('detect.source_follow')}</Checkbox>
              </Form.Item>
            </>
          )}
          <Button type="primary" htmlType="submit" data-testid="source-save">
            {t('common.save')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}

export default function DetectionPage() {
  const { t } = useI18n();
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.detection')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('detect.intro')}</Typography.Paragraph>
      <Tabs
        destroyInactiveTabPane
        items={[
          { key: 'alerts', label: t('detect.tab.alerts'), children: <AlertsTab /> },
          { key: 'rules', label: t('detect.tab.rules'), children: <RulesTab /> },
          { key: 'test', label: t('detect.tab.test'), children: <TestTab /> },
          { key: 'sources', label: t('detect.tab.sources'), children: <SourcesTab /> },
        ]}
      />
    </Space>
  );
}
