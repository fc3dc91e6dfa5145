// Warnings down the tree (cảnh báo): the warnings a unit issued and those its units received,
// with each one's progress; issuing one — content, TLP label, deadline, indicators, and whom it
// reaches by branch, unit kinds and the traits of the systems in the registry (previewed before
// sending) —; one warning with its answers per system, the roll-up by unit, the incidents that
// carry its indicators, and passing it on down.
import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Progress,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
  App as AntApp,
} from 'antd';
import type { ButtonProps } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { api, apiSend, type Unit } from '../../api';
import type { Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import { NavLink, queryParam, useNav } from '../../nav';
import { queryClient, useApi, useApiList } from '../../query';
import { errorText, fieldErrors, hasRole, LoadFailed, Loading, unitKinds, unitSelectTree, useSession, useShowError } from '../../shared';
import { answerColor, indicatorsOf, passOnLabels, severityColor, tlpOrder, tlpStyle } from './warnings';

type Summary = Schemas['WarningSummary'];
type View = Schemas['WarningView'];
type Item = Schemas['WarningItem'];
type Notice = Schemas['WarningNotice'];
type Rollup = Schemas['WarningRollup'];
type Reach = Schemas['WarningReach'];

const serviceCodes = ['web', 'mail', 'database', 'dns', 'file', 'other'];
const severities = ['low', 'medium', 'high', 'critical'];

export default function WarningsPage() {
  const id = queryParam('id');
  if (id) return <WarningDetail id={id} />;
  return <WarningList />;
}

export function TlpTag({ tlp }: { tlp: string }) {
  return (
    <Tag style={tlpStyle[tlp]} data-testid="tlp">
      TLP:{tlp.toUpperCase()}
    </Tag>
  );
}

function when(at: string) {
  return dayjs(at).format('HH:mm DD/MM/YYYY');
}

function RollupText({ r }: { r: Rollup }) {
  const { t } = useI18n();
  const answered = r.expected - r.unanswered;
  return (
    <Space size={4} wrap>
      <Progress
        percent={r.expected === 0 ? 0 : Math.round((answered * 100) / r.expected)}
        size="small"
        showInfo={false}
        style={{ width: 90, margin: 0 }}
        aria-label={t('warning.progress')}
      />
      <span>
        {answered}/{r.expected}
      </span>
      {r.affected > 0 && <Tag color="red">{t('warning.answer.affected')}: {r.affected}</Tag>}
      {r.overdue > 0 && <Tag color="error">{t('warning.overdue')}: {r.overdue}</Tag>}
    </Space>
  );
}

function useCanIssue() {
  const { session } = useSession();
  return hasRole(session?.user, ['admin', 'coordinator', 'responder']);
}

// ---- list ----------------------------------------------------------------------------------

function WarningList() {
  const { t, lang } = useI18n();
  const answer = useApi<{ items: Summary[]; notices: Notice[] }>('/warnings');
  const canIssue = useCanIssue();
  const [issuing, setIssuing] = useState(false);
  const [importing, setImporting] = useState(false);
  if (answer.error) return <LoadFailed message={errorText(answer.error, lang)} retry={() => void answer.refetch()} />;
  const data = answer.data;
  const toAnswer = (data?.items ?? []).filter((w) => w.to_answer > 0 && !w.withdrawn_at);
  return (
    <Card
      title={t('nav.warnings')}
      extra={
        canIssue && (
          <Space wrap>
            <Button onClick={() => setImporting(true)} data-testid="warning-import">
              {t('sharing.import')}
            </Button>
            <Button type="primary" onClick={() => setIssuing(true)} data-testid="warning-new">
              {t('warning.new')}
            </Button>
          </Space>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('warning.intro')}</Typography.Paragraph>
      {toAnswer.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="warning-to-answer"
          message={t('warning.to_answer').replace('{n}', String(toAnswer.reduce((n, w) => n + w.to_answer, 0)))}
        />
      )}
      {(data?.notices.length ?? 0) > 0 && (
        <List
          size="small"
          bordered
          style={{ marginBottom: 12 }}
          data-testid="warning-notices"
          header={<strong>{t('warning.notices')}</strong>}
          dataSource={(data?.notices ?? []).slice(0, 10)}
          renderItem={(n) => (
            <List.Item>
              <Space wrap>
                <Tag color={n.kind === 'overdue' ? 'error' : 'warning'}>{t(`warning.notice.${n.kind}`)}</Tag>
                <span>{when(n.created_at)}</span>
                <NavLink page="warnings" query={`id=${n.warning_id}`}>
                  {n.body}
                </NavLink>
              </Space>
            </List.Item>
          )}
        />
      )}
      {answer.isPending ? (
        <Loading />
      ) : (
        <Table<Summary>
          rowKey="id"
          size="small"
          data-testid="warnings"
          dataSource={data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          locale={{ emptyText: <Empty description={t('warning.none')} /> }}
          columns={[
            { title: t('warning.issued_at'), render: (_: unknown, w) => when(w.issued_at), width: 140 },
            {
              title: t('warning.title'),
              render: (_: unknown, w) => (
                <Space direction="vertical" size={0}>
                  <NavLink page="warnings" query={`id=${w.id}`} testId={`warning-${w.id}`}>
                    {w.title}
                  </NavLink>
                  <Typography.Text type="secondary">{w.issuer_name}</Typography.Text>
                </Space>
              ),
            },
            {
              title: t('warning.severity'),
              width: 150,
              render: (_: unknown, w) => (
                <Space size={4}>
                  <Tag color={severityColor[w.severity]}>{t(`warning.severity.${w.severity}`)}</Tag>
                  <TlpTag tlp={w.tlp} />
                </Space>
              ),
            },
            {
              title: t('warning.deadline'),
              width: 150,
              render: (_: unknown, w) =>
                w.withdrawn_at ? <Tag>{t('warning.withdrawn')}</Tag> : <span>{when(w.deadline)}</span>,
            },
            {
              title: t('warning.answers'),
              width: 260,
              render: (_: unknown, w) => (
                <Space direction="vertical" size={0}>
                  <RollupText r={w.rollup} />
                  {w.to_answer > 0 && !w.withdrawn_at && (
                    <Tag color="gold" data-testid={`to-answer-${w.id}`}>
                      {t('warning.yours').replace('{n}', String(w.to_answer))}
                    </Tag>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
      {issuing && <IssueDialog onClose={() => setIssuing(false)} />}
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
    </Card>
  );
}

// ---- issuing -------------------------------------------------------------------------------

interface TargetValues {
  target_unit_id: number;
  kinds?: string[];
  operating_system?: string;
  vendor?: string;
  software?: string;
  services?: string[];
  min_level?: number | null;
}

interface IssueValues extends TargetValues {
  issuer_unit_id: number;
  title: string;
  severity: string;
  tlp: string;
  deadline: Dayjs;
  description?: string;
  actions: string;
  references?: string[];
  indicators?: string;
  sigma_rules?: string;
}

function targetBody(v: TargetValues) {
  return {
    unit_id: v.target_unit_id,
    kinds: v.kinds ?? [],
    traits: {
      operating_system: v.operating_system ?? '',
      vendor: v.vendor ?? '',
      software: v.software ?? '',
      services: v.services ?? [],
      min_level: v.min_level ?? null,
    },
  };
}

function TargetFields({ tree }: { tree: object[] }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="target_unit_id" label={t('warning.target.unit')} rules={[{ required: true, message: t('common.required') }]} extra={t('warning.target.unit.help')}>
        <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll data-testid="warning-target-unit" />
      </Form.Item>
      <Form.Item name="kinds" label={t('warning.target.kinds')}>
        <Select mode="multiple" allowClear options={unitKinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))} data-testid="warning-target-kinds" />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t('warning.traits.help')}</Typography.Paragraph>
      <Space wrap align="start">
        <Form.Item name="software" label={t('warning.traits.software')}>
          <Input style={{ width: 200 }} placeholder="Zimbra" data-testid="warning-software" />
        </Form.Item>
        <Form.Item name="vendor" label={t('warning.traits.vendor')}>
          <Input style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="operating_system" label={t('warning.traits.os')}>
          <Input style={{ width: 180 }} placeholder="Windows Server 2012" />
        </Form.Item>
        <Form.Item name="services" label={t('warning.traits.services')}>
          <Select mode="multiple" allowClear style={{ width: 220 }} options={serviceCodes.map((s) => ({ value: s, label: t(`service.${s}`) }))} data-testid="warning-services" />
        </Form.Item>
        <Form.Item name="min_level" label={t('warning.traits.min_level')}>
          <InputNumber min={1} max={5} style={{ width: 90 }} />
        </Form.Item>
      </Space>
    </>
  );
}

function ReachPreview({ reach }: { reach: Reach | null }) {
  const { t } = useI18n();
  if (!reach) return null;
  return (
    <Alert
      type={reach.items.length === 0 ? 'error' : 'info'}
      showIcon
      data-testid="warning-reach"
      message={t('warning.reach').replace('{units}', String(reach.units)).replace('{items}', String(reach.items.length))}
      description={
        <ul style={{ margin: 0, paddingLeft: 20, maxHeight: 160, overflow: 'auto' }}>
          {reach.items.slice(0, 50).map((i, n) => (
            <li key={n}>
              {i.unit_name}
              {i.system_name ? ` — ${i.system_name}` : ''}
            </li>
          ))}
        </ul>
      }
    />
  );
}

interface Imported {
  producer: string;
  warnings: number[];
  indicators: number;
  skipped: number;
}

/// Warnings from another tool: a STIX 2.1 bundle or MISP event JSON, received at a unit.
function ImportDialog({ onClose }: { onClose: () => void }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const units = useApiList<Unit>('/units');
  const tree = useMemo(() => unitSelectTree(units.data ?? [], lang), [units.data, lang]);
  const [unit, setUnit] = useState<number | undefined>();
  const [format, setFormat] = useState<'stix' | 'misp'>('stix');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Imported | null>(null);
  const run = async () => {
    if (unit === undefined || file === null) return;
    setBusy(true);
    try {
      const made = await apiSend<Imported>('POST', `/warnings/import-${format}?unit_id=${unit}`, await file.text(), 'application/json');
      setDone(made);
      void queryClient.invalidateQueries({ queryKey: ['api', '/warnings'] });
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('sharing.import')}
      onCancel={onClose}
      onOk={() => (done ? onClose() : void run())}
      okText={done ? t('common.close') : t('sharing.import.run')}
      cancelText={t('common.cancel')}
      cancelButtonProps={{ style: done ? { display: 'none' } : undefined }}
      confirmLoading={busy}
      okButtonProps={{ disabled: !done && (unit === undefined || file === null), 'data-testid': 'warning-import-run' } as ButtonProps}
    >
      <Typography.Paragraph type="secondary">{t('sharing.import.help')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('sharing.import.unit')} required>
          <TreeSelect treeData={tree} value={unit} onChange={(v: number) => setUnit(v)} showSearch treeNodeFilterProp="title" treeDefaultExpandAll data-testid="warning-import-unit" />
        </Form.Item>
        <Form.Item label={t('sharing.import.format')}>
          <Select
            value={format}
            onChange={(v: 'stix' | 'misp') => setFormat(v)}
            options={[
              { value: 'stix', label: 'STIX 2.1 (bundle)' },
              { value: 'misp', label: 'MISP (event JSON)' },
            ]}
            data-testid="warning-import-format"
          />
        </Form.Item>
        <Form.Item label={t('sharing.import.file')} required>
          <input type="file" accept=".json,application/json" aria-label={t('sharing.import.file')} onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="warning-import-file" />
        </Form.Item>
      </Form>
      {done && (
        <Alert
          type="success"
          showIcon
          data-testid="warning-import-done"
          message={t('sharing.import.done')
            .replace('{warnings}', String(done.warnings.length))
            .replace('{indicators}', String(done.indicators))
            .replace('{skipped}', String(done.skipped))
            .replace('{producer}', done.producer || '—')}
        />
      )}
    </Modal>
  );
}

function IssueDialog({ onClose }: { onClose: () => void }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const nav = useNav();
  const [form] = Form.useForm();
  const units = useApiList<Unit>('/units');
  const tree = useMemo(() => unitSelectTree(units.data ?? [], lang), [units.data, lang]);
  const [reach, setReach] = useState<Reach | null>(null);
  const preview = async () => {
    try {
      const v = (await form.validateFields(['issuer_unit_id', 'target_unit_id'])) as IssueValues;
      const all = form.getFieldsValue() as IssueValues;
      setReach(await api<Reach>('POST', '/warnings/preview', { issuer_unit_id: v.issuer_unit_id, target: targetBody(all) }));
    } catch (e) {
      if (e instanceof Error) showError(e);
    }
  };
  const save = async (v: IssueValues) => {
    try {
      const made = await api<View>('POST', '/warnings', {
        issuer_unit_id: v.issuer_unit_id,
        title: v.title,
        severity: v.severity,
        tlp: v.tlp,
        deadline: v.deadline.format(),
        description: v.description ?? '',
        actions: v.actions,
        references: v.references ?? [],
        indicators: indicatorsOf(v.indicators ?? ''),
        sigma_rules: v.sigma_rules ?? '',
        target: targetBody(v),
      });
      void queryClient.invalidateQueries({ queryKey: ['api', '/warnings'] });
      queryClient.setQueryData(['api', `/warnings/${made.id}`], made);
      onClose();
      nav('warnings', `id=${made.id}`);
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  return (
    <Modal
      open
      width={820}
      title={t('warning.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('warning.send')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'warning-send' } as ButtonProps}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        onValuesChange={() => setReach(null)}
        initialValues={{ severity: 'high', tlp: 'amber', deadline: dayjs().add(3, 'day').hour(17).minute(0).second(0) }}
      >
        <Form.Item name="issuer_unit_id" label={t('warning.issuer')} rules={[{ required: true, message: t('common.required') }]}>
          <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll data-testid="warning-issuer" />
        </Form.Item>
        <Form.Item name="title" label={t('warning.title')} rules={[{ required: true, message: t('common.required') }]}>
          <Input maxLength={500} data-testid="warning-title" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="severity" label={t('warning.severity')}>
            <Select style={{ width: 160 }} options={severities.map((s) => ({ value: s, label: t(`warning.severity.${s}`) }))} />
          </Form.Item>
          <Form.Item name="tlp" label={t('warning.tlp')} extra={t('warning.tlp.help')}>
            <Select style={{ width: 160 }} options={tlpOrder.map((l) => ({ value: l, label: `TLP:${l.toUpperCase()}` }))} data-testid="warning-tlp" />
          </Form.Item>
          <Form.Item name="deadline" label={t('warning.deadline')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="HH:mm DD/MM/YYYY" data-testid="warning-deadline" />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('warning.description')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="actions" label={t('warning.actions')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.TextArea rows={3} data-testid="warning-actions" />
        </Form.Item>
        <Form.Item name="references" label={t('warning.references')} extra={t('warning.references.help')}>
          <Select mode="tags" tokenSeparators={[',', ' ']} open={false} data-testid="warning-references" />
        </Form.Item>
        <Form.Item name="indicators" label={t('warning.indicators')} extra={t('warning.indicators.help')}>
          <Input.TextArea rows={4} spellCheck={false} data-testid="warning-indicators" />
        </Form.Item>
        <Form.Item name="sigma_rules" label={t('warning.sigma')} extra={t('warning.sigma.help')}>
          <Input.TextArea rows={5} spellCheck={false} style={{ fontFamily: 'monospace' }} data-testid="warning-sigma" />
        </Form.Item>
        <TargetFields tree={tree} />
        <Button onClick={() => void preview()} data-testid="warning-preview" style={{ marginBottom: 12 }}>
          {t('warning.preview')}
        </Button>
        <ReachPreview reach={reach} />
      </Form>
    </Modal>
  );
}

// ---- one warning ---------------------------------------------------------------------------

function WarningDetail({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const path = `/warnings/${id}`;
  const answer = useApi<View>(path);
  const [answering, setAnswering] = useState<Item | null>(null);
  const [passing, setPassing] = useState(false);
  const { message } = AntApp.useApp();
  const showError = useShowError();
  if (answer.error) return <LoadFailed message={errorText(answer.error, lang)} retry={() => void answer.refetch()} />;
  const w = answer.data;
  if (!w) return <Loading />;
  const refresh = (v: View) => {
    queryClient.setQueryData(['api', path], v);
    void queryClient.invalidateQueries({ queryKey: ['api', '/warnings'] });
  };
  const withdraw = async () => {
    try {
      refresh(await api<View>('POST', `${path}/withdraw`));
      void message.success(t('warning.withdrawn'));
    } catch (e) {
      showError(e);
    }
  };
  const late = !w.withdrawn_at && dayjs(w.deadline).isBefore(dayjs());
  return (
    <Card
      title={
        <Space wrap>
          <NavLink page="warnings">{t('nav.warnings')}</NavLink>
          <span>/</span>
          <span data-testid="warning-heading">{w.title}</span>
          <TlpTag tlp={w.tlp} />
        </Space>
      }
      extra={
        <Space wrap>
          <Button href={`/api/v1/warnings/${w.id}/stix`} title={t('sharing.stix.help')} data-testid="warning-stix">
            {t('sharing.stix.download')}
          </Button>
          <Button href={`/api/v1/warnings/${w.id}/misp`} title={t('sharing.misp.help')} data-testid="warning-misp">
            {t('sharing.misp.download')}
          </Button>
          {w.can_pass_on_from.length > 0 && (
            <Button onClick={() => setPassing(true)} data-testid="warning-pass-on">
              {t('warning.pass_on')}
            </Button>
          )}
          {w.can_withdraw && (
            <Popconfirm title={t('warning.withdraw.confirm')} onConfirm={() => void withdraw()} okText={t('warning.withdraw')} cancelText={t('common.cancel')}>
              <Button danger data-testid="warning-withdraw">
                {t('warning.withdraw')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      {w.withdrawn_at && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`${t('warning.withdrawn')} — ${when(w.withdrawn_at)}`} />}
      <Alert type="info" style={{ marginBottom: 12 }} message={t(`warning.tlp.meaning.${w.tlp}`)} data-testid="warning-tlp-meaning" />
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} data-testid="warning-facts">
        <Descriptions.Item label={t('warning.issuer')}>{w.issuer_name}</Descriptions.Item>
        <Descriptions.Item label={t('warning.issued_at')}>
          {when(w.issued_at)} · {w.issued_by}
        </Descriptions.Item>
        <Descriptions.Item label={t('warning.severity')}>
          <Tag color={severityColor[w.severity]}>{t(`warning.severity.${w.severity}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('warning.deadline')}>
          {when(w.deadline)} {late && <Tag color="error">{t('warning.past_deadline')}</Tag>}
        </Descriptions.Item>
        {w.parent && (
          <Descriptions.Item label={t('warning.parent')} span={2}>
            <NavLink page="warnings" query={`id=${w.parent.id}`}>
              {w.parent.title}
            </NavLink>{' '}
            — {w.parent.issuer_name}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('warning.description')} span={2}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{w.description || '—'}</Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={t('warning.actions')} span={2}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{w.actions}</Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={t('warning.references')} span={2}>
          {w.references.length === 0
            ? '—'
            : w.references.map((r) =>
                r.startsWith('http') ? (
                  <div key={r}>
                    <a href={r} target="_blank" rel="noreferrer noopener">
                      {r}
                    </a>
                  </div>
                ) : (
                  <Tag key={r}>{r}</Tag>
                ),
              )}
        </Descriptions.Item>
        <Descriptions.Item label={t('warning.indicators')} span={2}>
          {w.indicators.length === 0 ? '—' : (
            <Space size={[4, 4]} wrap data-testid="warning-indicator-list">
              {w.indicators.map((i) => (
                <Tag key={`${i.kind} ${i.value}`}>
                  {t(`inc.obs.${i.kind}`)}: <code>{i.value}</code>
                </Tag>
              ))}
            </Space>
          )}
        </Descriptions.Item>
        {w.sigma_rules && (
          <Descriptions.Item label={t('warning.sigma')} span={2}>
            <SigmaRules w={w} />
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('warning.target')} span={2}>
          {targetText(w, t)}
        </Descriptions.Item>
      </Descriptions>

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('warning.answers')}
      </Typography.Title>
      <div data-testid="warning-rollup">
        <RollupText r={w.rollup} />{' '}
        <Typography.Text>
          {t('warning.rollup.detail')
            .replace('{fixed}', String(w.rollup.fixed))
            .replace('{not_affected}', String(w.rollup.not_affected))
            .replace('{affected}', String(w.rollup.affected))
            .replace('{unanswered}', String(w.rollup.unanswered))}
        </Typography.Text>
      </div>
      {w.by_unit.length > 1 && (
        <Table
          rowKey="unit_id"
          size="small"
          style={{ marginTop: 8 }}
          data-testid="warning-by-unit"
          dataSource={w.by_unit}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('warning.unit'), dataIndex: 'unit_name' },
            { title: t('warning.answers'), render: (_: unknown, u: View['by_unit'][number]) => <RollupText r={u.rollup} /> },
          ]}
        />
      )}
      <Table<Item>
        rowKey="id"
        size="small"
        style={{ marginTop: 12 }}
        data-testid="warning-items"
        dataSource={w.items}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 800 }}
        columns={[
          { title: t('warning.unit'), dataIndex: 'unit_name' },
          { title: t('warning.system'), render: (_: unknown, i) => i.system_name || t('warning.whole_unit') },
          {
            title: t('warning.answer'),
            render: (_: unknown, i) => (
              <Space size={4} wrap>
                {i.answer ? (
                  <Tag color={answerColor[i.answer]} data-testid={`answer-${i.id}`}>
                    {t(`warning.answer.${i.answer}`)}
                  </Tag>
                ) : (
                  <Tag data-testid={`answer-${i.id}`}>{t('warning.unanswered')}</Tag>
                )}
                {i.late && <Tag color="error">{t('warning.overdue')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('warning.evidence'),
            render: (_: unknown, i) =>
              i.answered_at ? (
                <span>
                  {i.evidence || '—'}{' '}
                  <Typography.Text type="secondary">
                    ({i.answered_by}, {when(i.answered_at)})
                  </Typography.Text>
                </span>
              ) : (
                '—'
              ),
          },
          {
            title: '',
            width: 100,
            render: (_: unknown, i) =>
              i.can_answer && (
                <Button size="small" type={i.answer ? 'default' : 'primary'} onClick={() => setAnswering(i)} data-testid={`answer-button-${i.id}`}>
                  {t('warning.answer.do')}
                </Button>
              ),
          },
        ]}
      />

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('warning.incidents')}
      </Typography.Title>
      {w.incidents.length === 0 ? (
        <Typography.Text type="secondary">{t('warning.incidents.none')}</Typography.Text>
      ) : (
        <List
          size="small"
          bordered
          data-testid="warning-incidents"
          dataSource={w.incidents}
          renderItem={(i) => (
            <List.Item>
              <Space wrap>
                <NavLink page="incidents" query={`id=${i.id}`}>
                  {i.code}
                </NavLink>
                <span>{i.title}</span>
                <Typography.Text type="secondary">{i.unit_name}</Typography.Text>
                {i.indicators.map((x) => (
                  <Tag key={x.value} color="volcano">
                    <code>{x.value}</code>
                  </Tag>
                ))}
              </Space>
            </List.Item>
          )}
        />
      )}
      {w.passed_on.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('warning.passed_on')}
          </Typography.Title>
          <List
            size="small"
            bordered
            data-testid="warning-passed-on"
            dataSource={w.passed_on}
            renderItem={(p) => (
              <List.Item>
                <Space wrap>
                  <NavLink page="warnings" query={`id=${p.id}`}>
                    {p.issuer_name} → {p.target_name}
                  </NavLink>
                  <TlpTag tlp={p.tlp} />
                  <span>{when(p.issued_at)}</span>
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
      {answering && <AnswerDialog item={answering} onClose={() => setAnswering(null)} saved={refresh} />}
      {passing && <PassOnDialog warning={w} onClose={() => setPassing(false)} />}
    </Card>
  );
}

/// The warning's Sigma rules and where they run: running at the recipients that consent, until
/// withdrawn or a while past the deadline; those that could not run with the reason.
function SigmaRules({ w }: { w: View }) {
  const { t } = useI18n();
  const rules = w.rules;
  const consenting = new Set(rules?.consenting_unit_ids ?? []);
  const names = [...new Map(w.items.filter((i) => consenting.has(i.unit_id)).map((i) => [i.unit_id, i.unit_name])).values()];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="warning-sigma-state">
      {rules && (
        <Typography.Text>
          {!rules.in_force
            ? t('warning.sigma.stopped')
            : rules.running.length === 0
              ? t('warning.sigma.nowhere')
              : t('warning.sigma.running')
                  .replace('{n}', String(rules.running.length))
                  .replace('{units}', names.length > 0 ? names.join(', ') : t('warning.sigma.other_units'))
                  .replace('{until}', when(rules.until))}
        </Typography.Text>
      )}
      {rules && rules.refused.length > 0 && (
        <Alert
          type="warning"
          message={t('warning.sigma.refused')}
          description={
            <ul style={{ margin: 0 }}>
              {rules.refused.map((r, i) => (
                <li key={i}>
                  {r.title || r.file}: {r.reason}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('warning.sigma.consent')}
      </Typography.Paragraph>
      <details>
        <summary>{t('warning.sigma.show')}</summary>
        <pre style={{ whiteSpace: 'pre-wrap', fontSize: 12, margin: 0 }}>{w.sigma_rules}</pre>
      </details>
    </Space>
  );
}

function targetText(w: View, t: (k: string) => string) {
  const parts = [w.target.unit_name];
  if (w.target.kinds.length > 0) parts.push(w.target.kinds.map((k) => t(`kind.${k}`)).join(', '));
  const traits = w.target.traits;
  if (traits?.software) parts.push(`${t('warning.traits.software')}: ${traits.software}`);
  if (traits?.vendor) parts.push(`${t('warning.traits.vendor')}: ${traits.vendor}`);
  if (traits?.operating_system) parts.push(`${t('warning.traits.os')}: ${traits.operating_system}`);
  if (traits?.services && traits.services.length > 0) parts.push(`${t('warning.traits.services')}: ${traits.services.map((s) => t(`service.${s}`)).join(', ')}`);
  if (traits?.min_level) parts.push(`${t('warning.traits.min_level')} ≥ ${traits.min_level}`);
  return parts.join(' · ');
}

function AnswerDialog({ item, onClose, saved }: { item: Item; onClose: () => void; saved: (v: View) => void }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm();
  const save = async (v: { answer: string; evidence?: string }) => {
    try {
      saved(await api<View>('POST', `/warning-items/${item.id}/answer`, { answer: v.answer, evidence: v.evidence ?? '' }));
      onClose();
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  return (
    <Modal
      open
      title={`${t('warning.answer.do')} — ${item.system_name || item.unit_name}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'answer-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ answer: item.answer ?? undefined, evidence: item.evidence }}>
        <Form.Item name="answer" label={t('warning.answer')} rules={[{ required: true, message: t('common.required') }]}>
          <Radio.Group data-testid="answer-choice">
            {['affected', 'not_affected', 'fixed'].map((a) => (
              <Radio key={a} value={a}>
                {t(`warning.answer.${a}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="evidence" label={t('warning.evidence')} extra={t('warning.evidence.help')}>
          <Input.TextArea rows={3} data-testid="answer-evidence" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface PassValues extends TargetValues {
  from_unit_id: number;
  tlp: string;
  deadline?: Dayjs;
}

function PassOnDialog({ warning, onClose }: { warning: View; onClose: () => void }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const nav = useNav();
  const [form] = Form.useForm();
  const units = useApiList<Unit>('/units');
  const tree = useMemo(() => unitSelectTree(units.data ?? [], lang), [units.data, lang]);
  const from = warning.items.filter((i, n, all) => warning.can_pass_on_from.includes(i.unit_id) && all.findIndex((x) => x.unit_id === i.unit_id) === n);
  const [reach, setReach] = useState<Reach | null>(null);
  const preview = async () => {
    try {
      const v = form.getFieldsValue() as PassValues;
      setReach(await api<Reach>('POST', '/warnings/preview', { issuer_unit_id: v.from_unit_id, target: targetBody(v) }));
    } catch (e) {
      showError(e);
    }
  };
  const save = async (v: PassValues) => {
    try {
      const made = await api<View>('POST', `/warnings/${warning.id}/pass-on`, {
        from_unit_id: v.from_unit_id,
        tlp: v.tlp,
        ...(v.deadline ? { deadline: v.deadline.format() } : {}),
        target: targetBody(v),
      });
      void queryClient.invalidateQueries({ queryKey: ['api', `/warnings/${warning.id}`] });
      void queryClient.invalidateQueries({ queryKey: ['api', '/warnings'] });
      onClose();
      nav('warnings', `id=${made.id}`);
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  const first = from[0]?.unit_id;
  return (
    <Modal
      open
      width={760}
      title={`${t('warning.pass_on')} — ${warning.title}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('warning.send')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'pass-on-send' } as ButtonProps}
    >
      <Typography.Paragraph type="secondary">{t('warning.pass_on.help')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        onValuesChange={() => setReach(null)}
        initialValues={{ from_unit_id: first, target_unit_id: first, tlp: warning.tlp, deadline: dayjs(warning.deadline) }}
      >
        <Form.Item name="from_unit_id" label={t('warning.pass_on.from')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={from.map((i) => ({ value: i.unit_id, label: i.unit_name }))} data-testid="pass-on-from" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="tlp" label={t('warning.tlp')}>
            <Select style={{ width: 160 }} options={passOnLabels(warning.tlp).map((l) => ({ value: l, label: `TLP:${l.toUpperCase()}` }))} />
          </Form.Item>
          <Form.Item name="deadline" label={t('warning.deadline')} extra={t('warning.pass_on.deadline')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="HH:mm DD/MM/YYYY" />
          </Form.Item>
        </Space>
        <TargetFields tree={tree} />
        <Button onClick={() => void preview()} data-testid="pass-on-preview" style={{ marginBottom: 12 }}>
          {t('warning.preview')}
        </Button>
        <ReachPreview reach={reach} />
      </Form>
    </Modal>
  );
}
