// The harmful-content register (nội dung xấu độc): cases of fake portals, impersonating
// accounts, fake news and fraud about the province, with the unit handling each; one case with
// its evidence (captured from its address or uploaded, with SHA-256 digests and the malware
// scan), its hand-over to the police or the Department and the takedown requests sent to the
// platforms; the list for hand-over as a workbook.
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Empty, Form, Input, Modal, Select, Space, Table, Tag, TreeSelect, Typography, Upload, type ButtonProps, type FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { api, type Unit } from '../../api';
import type { Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import { NavLink, queryParam, useNav } from '../../nav';
import { queryClient, useApi, useApiList } from '../../query';
import { sendFile } from '../registry/registry';
import { caseCategories as categories, casePlatforms as platforms } from './codes';
import { actorLabel, fieldErrors, formatTime, hasRole, LoadFailed, Loading, ScanResult, unitSelectTree, useSession, useShowError } from '../../shared';

type Case = Schemas['HarmfulCase'];
type Details = Schemas['HarmfulCaseDetails'];
type Takedown = Schemas['Takedown'];
type Listing = { total: number; items: Case[] };

const states = ['open', 'handed_over', 'removed', 'closed'];
const takedownStates = ['sent', 'acknowledged', 'removed', 'refused', 'no_answer'];
const stateColors: Record<string, string> = { open: 'orange', handed_over: 'blue', removed: 'green', closed: 'default' };
const pageSize = 50;

export default function CasesPage() {
  const id = queryParam('id');
  if (id) return <CaseView id={id} />;
  return <CaseList />;
}

function refreshList() {
  void queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[1] ?? '').startsWith('/harmful-cases') });
}

function StateTag({ state }: { state: string }) {
  const { t } = useI18n();
  return (
    <Tag color={stateColors[state] ?? 'default'} data-testid="case-state">
      {t(`case.state_${state}`)}
    </Tag>
  );
}

function CaseList() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const units = useApiList<Unit>('/units');
  const [unit, setUnit] = useState<number | undefined>();
  const [state, setState] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const query = new URLSearchParams({ limit: String(pageSize), offset: String((page - 1) * pageSize) });
  if (unit) query.set('unit_id', String(unit));
  if (state) query.set('state', state);
  if (q.trim()) query.set('q', q.trim());
  const list = useApi<Listing>(`/harmful-cases?${query.toString()}`, { placeholderData: (previous) => previous });
  const recorder = session !== null && hasRole(session.user, ['admin', 'coordinator', 'officer', 'responder']);
  const exportQuery = new URLSearchParams({ format: 'xlsx' });
  if (unit) exportQuery.set('unit_id', String(unit));
  if (state) exportQuery.set('state', state);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('case.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('case.intro')}</Typography.Paragraph>
      <Space wrap>
        <TreeSelect
          allowClear
          placeholder={t('case.all_units')}
          style={{ minWidth: 240 }}
          treeData={unitSelectTree(units.data ?? [], lang)}
          showSearch
          treeNodeFilterProp="title"
          treeDefaultExpandAll
          value={unit}
          onChange={(v: number | undefined) => {
            setUnit(v);
            setPage(1);
          }}
          aria-label={t('case.unit')}
        />
        <Select
          allowClear
          placeholder={t('case.all_states')}
          style={{ minWidth: 200 }}
          value={state}
          onChange={(v: string | undefined) => {
            setState(v);
            setPage(1);
          }}
          options={states.map((s) => ({ value: s, label: t(`case.state_${s}`) }))}
          aria-label={t('case.state')}
        />
        <Input.Search allowClear placeholder={t('case.search')} onSearch={(v) => setQ(v)} style={{ width: 260 }} aria-label={t('case.search')} data-testid="case-search" />
        {recorder && (
          <Button type="primary" onClick={() => setAdding(true)} data-testid="case-add">
            {t('case.add')}
          </Button>
        )}
        <Button href={`/api/v1/harmful-cases/export?${exportQuery.toString()}`} data-testid="case-export">
          {t('case.export')}
        </Button>
      </Space>
      {list.isError && <LoadFailed message={String(list.error)} retry={() => void list.refetch()} />}
      <Table<Case>
        rowKey="id"
        data-testid="case-list"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: true }}
        locale={{ emptyText: <Empty description={t('case.none')} /> }}
        pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          {
            title: t('case.case'),
            render: (_, c) => (
              <Space direction="vertical" size={0}>
                <NavLink page="cases" query={`id=${c.id}`} testId="case-open">
                  {c.code} · {c.title}
                </NavLink>
                <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>
                  {c.location}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('case.platform'), render: (_, c) => t(`case.platform_${c.platform}`) },
          { title: t('case.category'), render: (_, c) => t(`case.category_${c.category}`) },
          { title: t('case.unit'), dataIndex: 'unit_name' },
          { title: t('case.first_seen'), render: (_, c) => formatTime(c.first_seen, lang) },
          { title: t('case.state'), render: (_, c) => <StateTag state={c.state} /> },
          {
            title: t('case.takedowns'),
            render: (_, c) =>
              c.takedowns.length === 0
                ? '—'
                : c.takedowns.map((r) => (
                    <div key={r.id}>
                      {r.recipient}: {t(`case.takedown_${r.status}`)}
                    </div>
                  )),
          },
        ]}
      />
      {adding && <CaseDialog onClose={() => setAdding(false)} />}
    </Space>
  );
}

/// A dialog's sending: busy while the request runs, field errors shown on the form's fields,
/// anything else as a message.
function useSubmit<V>(form: FormInstance<V>, send: (values: V) => Promise<void>) {
  const { lang } = useI18n();
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  const submit = async (values: V) => {
    setBusy(true);
    try {
      await send(values);
    } catch (e) {
      const fields = fieldErrors(e, lang);
      if (fields.length) form.setFields(fields as Parameters<typeof form.setFields>[0]);
      else showError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, submit: (values: V) => void submit(values) };
}

type CaseValues = {
  unit_id?: number;
  location: string;
  platform: string;
  category: string;
  title: string;
  description?: string;
  first_seen: Dayjs;
};

function CaseDialog({ onClose }: { onClose: () => void }) {
  const { t, lang } = useI18n();
  const nav = useNav();
  const units = useApiList<Unit>('/units');
  const [form] = Form.useForm<CaseValues>();
  const { busy, submit } = useSubmit(form, async (v) => {
    const made = await api<Details>('POST', '/harmful-cases', { ...v, first_seen: v.first_seen.toISOString() });
    refreshList();
    onClose();
    nav('cases', `id=${made.id}`);
  });
  return (
    <Modal open title={t('case.add')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: busy, 'data-testid': 'case-save' } as ButtonProps} okText={t('common.save')}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ platform: 'website', category: 'fake_portal', first_seen: dayjs() }}>
        <Form.Item name="unit_id" label={t('case.unit')} rules={[{ required: true, message: t('case.unit_needed') }]}>
          <TreeSelect treeData={unitSelectTree(units.data ?? [], lang)} showSearch treeNodeFilterProp="title" treeDefaultExpandAll data-testid="case-unit" />
        </Form.Item>
        <Form.Item name="platform" label={t('case.platform')}>
          <Select options={platforms.map((p) => ({ value: p, label: t(`case.platform_${p}`) }))} />
        </Form.Item>
        <Form.Item name="location" label={t('case.location')} extra={t('case.location_help')} rules={[{ required: true, message: t('case.location_needed') }]}>
          <Input data-testid="case-location" />
        </Form.Item>
        <Form.Item name="category" label={t('case.category')}>
          <Select options={categories.map((c) => ({ value: c, label: t(`case.category_${c}`) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('case.what')} rules={[{ required: true, message: t('case.title_needed') }]}>
          <Input data-testid="case-title" />
        </Form.Item>
        <Form.Item name="description" label={t('case.description')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="first_seen" label={t('case.first_seen')} rules={[{ required: true }]}>
          <DatePicker showTime format="DD/MM/YYYY HH:mm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CaseView({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const path = `/harmful-cases/${encodeURIComponent(id)}`;
  const loaded = useApi<Details>(path);
  const [editing, setEditing] = useState(false);
  const [takedown, setTakedown] = useState<Partial<Takedown> | null>(null);
  const [capturing, setCapturing] = useState(false);
  if (loaded.isPending) return <Loading />;
  if (loaded.isError) return <LoadFailed message={String(loaded.error)} retry={() => void loaded.refetch()} />;
  const c = loaded.data;
  const set = (d: Details) => {
    queryClient.setQueryData(['api', path], d);
    refreshList();
  };
  const capture = async () => {
    setCapturing(true);
    try {
      set(await api<Details>('POST', `${path}/capture`));
    } catch (e) {
      showError(e);
    } finally {
      setCapturing(false);
    }
  };
  const upload = async (file: File) => {
    try {
      set(await sendFile<Details>('POST', `${path}/evidence?name=${encodeURIComponent(file.name)}`, file));
    } catch (e) {
      showError(e);
    }
  };
  const web = c.location.startsWith('http://') || c.location.startsWith('https://');
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <NavLink page="cases">{t('case.back')}</NavLink>
      <Typography.Title level={2}>
        {c.code} · {c.title} <StateTag state={c.state} />
      </Typography.Title>
      {c.malware_incident_id !== null && (
        <Alert
          type="error"
          showIcon
          message={t('case.malware_alert')}
          description={
            <NavLink page="incidents" query={`id=${c.malware_incident_id}`}>
              {t('case.malware_incident')}
            </NavLink>
          }
        />
      )}
      <Card
        extra={
          c.can_edit && (
            <Button onClick={() => setEditing(true)} data-testid="case-edit">
              {t('case.edit')}
            </Button>
          )
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label={t('case.location')}>
            <Typography.Text copyable style={{ wordBreak: 'break-all' }}>
              {c.location}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('case.platform')}>{t(`case.platform_${c.platform}`)}</Descriptions.Item>
          <Descriptions.Item label={t('case.category')}>{t(`case.category_${c.category}`)}</Descriptions.Item>
          <Descriptions.Item label={t('case.unit')}>{c.unit_name}</Descriptions.Item>
          <Descriptions.Item label={t('case.first_seen')}>{formatTime(c.first_seen, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('case.recorded')}>
            {actorLabel(c.created_by, t)} · {formatTime(c.created_at, lang)}
          </Descriptions.Item>
          <Descriptions.Item label={t('case.handed_to')}>
            {c.handed_to ? `${c.handed_to}${c.handed_at ? ` · ${formatTime(c.handed_at, lang)}` : ''}${c.handover_ref ? ` · ${c.handover_ref}` : ''}` : t('case.not_handed')}
          </Descriptions.Item>
          <Descriptions.Item label={t('case.source')}>
            {c.source_incident_id !== null ? (
              <NavLink page="incidents" query={`id=${c.source_incident_id}`}>
                {t('case.source_report')}
              </NavLink>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('case.description')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{c.description || '—'}</Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t('case.evidence')}
        extra={
          c.can_edit && (
            <Space wrap>
              {web && (
                <Button onClick={() => void capture()} loading={capturing} data-testid="case-capture">
                  {t('case.capture')}
                </Button>
              )}
              <Upload
                showUploadList={false}
                beforeUpload={(file) => {
                  void upload(file);
                  return false;
                }}
              >
                <Button data-testid="case-evidence-add">{t('case.evidence_add')}</Button>
              </Upload>
            </Space>
          )
        }
      >
        <Typography.Paragraph type="secondary">{t('case.evidence_help')}</Typography.Paragraph>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.evidence}
          scroll={{ x: true }}
          locale={{ emptyText: <Typography.Text>{t('case.no_evidence')}</Typography.Text> }}
          data-testid="case-evidence"
          columns={[
            {
              title: t('case.file'),
              render: (_, e) => (
                <Space direction="vertical" size={0}>
                  <a href={`/api/v1${path}/evidence/${e.id}`} data-testid={`evidence-${e.name}`}>
                    {e.name}
                  </a>
                  <ScanResult scan={e.scan} testId={`scan-${e.name}`} />
                </Space>
              ),
            },
            { title: t('case.added'), render: (_, e) => `${actorLabel(e.added_by, t)} · ${formatTime(e.added_at, lang)}` },
            { title: 'SHA-256', render: (_, e) => <Typography.Text code copyable style={{ fontSize: 11, wordBreak: 'break-all' }}>{e.sha256}</Typography.Text> },
          ]}
        />
      </Card>
      <Card
        title={t('case.takedowns')}
        extra={
          c.can_edit && (
            <Button onClick={() => setTakedown({ status: 'sent' })} data-testid="takedown-add">
              {t('case.takedown_add')}
            </Button>
          )
        }
      >
        <Table<Takedown>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.takedowns}
          locale={{ emptyText: <Typography.Text>{t('case.no_takedowns')}</Typography.Text> }}
          data-testid="case-takedowns"
          columns={[
            { title: t('case.recipient'), dataIndex: 'recipient' },
            { title: t('case.channel'), render: (_, r) => [r.channel, r.reference].filter(Boolean).join(' · ') || '—' },
            { title: t('case.sent_at'), render: (_, r) => formatTime(r.sent_at, lang) },
            { title: t('case.takedown_status'), render: (_, r) => <Tag color={r.status === 'removed' ? 'green' : r.status === 'refused' ? 'red' : 'default'}>{t(`case.takedown_${r.status}`)}</Tag> },
            { title: t('case.answered_at'), render: (_, r) => (r.answered_at ? formatTime(r.answered_at, lang) : '—') },
            ...(c.can_edit
              ? [
                  {
                    title: '',
                    render: (_: unknown, r: Takedown) => (
                      <Button size="small" onClick={() => setTakedown(r)}>
                        {t('case.takedown_update')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {editing && <EditDialog c={c} path={path} onDone={set} onClose={() => setEditing(false)} />}
      {takedown && <TakedownDialog initial={takedown} path={path} onDone={set} onClose={() => setTakedown(null)} />}
    </Space>
  );
}

type EditValues = {
  title: string;
  location: string;
  platform: string;
  category: string;
  description: string;
  state: string;
  handed_to: string;
  handed_at: Dayjs | null;
  handover_ref: string;
};

function EditDialog({ c, path, onDone, onClose }: { c: Details; path: string; onDone: (d: Details) => void; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<EditValues>();
  const { busy, submit } = useSubmit(form, async (v) => {
    onDone(await api<Details>('PUT', path, { ...v, handed_at: v.handed_at ? v.handed_at.toISOString() : null }));
    onClose();
  });
  return (
    <Modal open title={t('case.edit')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: busy, 'data-testid': 'case-edit-save' } as ButtonProps} okText={t('common.save')}>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ ...c, handed_at: c.handed_at ? dayjs(c.handed_at) : null }}
      >
        <Form.Item name="state" label={t('case.state')}>
          <Select options={states.map((s) => ({ value: s, label: t(`case.state_${s}`) }))} data-testid="case-edit-state" />
        </Form.Item>
        <Form.Item name="handed_to" label={t('case.handed_to')} extra={t('case.handed_to_help')}>
          <Input data-testid="case-edit-handed-to" />
        </Form.Item>
        <Form.Item name="handed_at" label={t('case.handed_at')}>
          <DatePicker showTime format="DD/MM/YYYY HH:mm" data-testid="case-edit-handed-at" />
        </Form.Item>
        <Form.Item name="handover_ref" label={t('case.handover_ref')}>
          <Input />
        </Form.Item>
        <Form.Item name="title" label={t('case.what')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="location" label={t('case.location')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="platform" label={t('case.platform')}>
          <Select options={platforms.map((p) => ({ value: p, label: t(`case.platform_${p}`) }))} />
        </Form.Item>
        <Form.Item name="category" label={t('case.category')}>
          <Select options={categories.map((k) => ({ value: k, label: t(`case.category_${k}`) }))} />
        </Form.Item>
        <Form.Item name="description" label={t('case.description')}>
          <Input.TextArea rows={4} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type TakedownValues = { recipient: string; channel: string; reference: string; sent_at: Dayjs; status: string; answered_at: Dayjs | null; note: string };

function TakedownDialog({ initial, path, onDone, onClose }: { initial: Partial<Takedown>; path: string; onDone: (d: Details) => void; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<TakedownValues>();
  const { busy, submit } = useSubmit(form, async (v) => {
    const body = { ...v, sent_at: v.sent_at.toISOString(), answered_at: v.answered_at ? v.answered_at.toISOString() : null };
    onDone(initial.id ? await api<Details>('PUT', `${path}/takedowns/${initial.id}`, body) : await api<Details>('POST', `${path}/takedowns`, body));
    onClose();
  });
  return (
    <Modal open title={initial.id ? t('case.takedown_update') : t('case.takedown_add')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: busy, 'data-testid': 'takedown-save' } as ButtonProps} okText={t('common.save')}>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          recipient: initial.recipient ?? '',
          channel: initial.channel ?? '',
          reference: initial.reference ?? '',
          note: initial.note ?? '',
          status: initial.status ?? 'sent',
          sent_at: initial.sent_at ? dayjs(initial.sent_at) : dayjs(),
          answered_at: initial.answered_at ? dayjs(initial.answered_at) : null,
        }}
      >
        <Form.Item name="recipient" label={t('case.recipient')} extra={t('case.recipient_help')} rules={[{ required: true, message: t('case.recipient_needed') }]}>
          <Input data-testid="takedown-recipient" />
        </Form.Item>
        <Form.Item name="channel" label={t('case.channel')}>
          <Input />
        </Form.Item>
        <Form.Item name="reference" label={t('case.reference')}>
          <Input />
        </Form.Item>
        <Form.Item name="sent_at" label={t('case.sent_at')} rules={[{ required: true }]}>
          <DatePicker showTime format="DD/MM/YYYY HH:mm" />
        </Form.Item>
        <Form.Item name="status" label={t('case.takedown_status')}>
          <Select options={takedownStates.map((s) => ({ value: s, label: t(`case.takedown_${s}`) }))} data-testid="takedown-status" />
        </Form.Item>
        <Form.Item name="answered_at" label={t('case.answered_at')}>
          <DatePicker showTime format="DD/MM/YYYY HH:mm" />
        </Form.Item>
        <Form.Item name="note" label={t('case.note')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
