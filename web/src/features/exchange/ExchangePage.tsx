// Connections between installations (kết nối giữa các hệ thống): this installation's node and
// signing key, the one-time codes given to child installations, joining the parent installation
// with its code, each connected installation with what waits to be sent to it, and every refused
// envelope with its reason — for the installation's administrator.
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Form, Input, Popconfirm, Space, Table, Tag, TreeSelect, Typography, App as AntApp } from 'antd';
import { api, type Unit } from '../../api';
import type { Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import { queryClient, useApi, useApiList } from '../../query';
import { fieldErrors, formatTime, LoadFailed, Loading, unitSelectTree, useShowError } from '../../shared';

type Overview = Schemas['ExchangeOverview'];
type Peer = Schemas['ExchangePeer'];
type Refusal = Schemas['ExchangeRefusal'];
type Issued = Schemas['ExchangeIssuedEnrolment'];

const path = '/exchange';

export default function ExchangePage() {
  const { t } = useI18n();
  const overview = useApi<Overview>(path);
  if (overview.isPending) return <Loading />;
  if (overview.isError) return <LoadFailed message={String(overview.error)} retry={() => void overview.refetch()} />;
  const o = overview.data;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('exchange.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('exchange.intro')}</Typography.Paragraph>
      <ThisInstallation overview={o} />
      <Peers peers={o.peers} />
      <Space align="start" wrap style={{ width: '100%' }}>
        <IssueCode />
        <JoinParent hasParent={o.peers.some((p) => p.relation === 'parent')} />
      </Space>
      <Refusals refusals={o.refusals} />
    </Space>
  );
}

function refresh(data?: Overview) {
  if (data) queryClient.setQueryData(['api', path], data);
  void queryClient.invalidateQueries({ queryKey: ['api', path] });
}

function ThisInstallation({ overview }: { overview: Overview }) {
  const { t } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const rotate = async () => {
    try {
      refresh(await api<Overview>('POST', '/exchange/rotate-key', {}));
      message.success(t('exchange.rotated'));
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card title={t('exchange.self')}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('exchange.name')}>{overview.name}</Descriptions.Item>
        <Descriptions.Item label={t('exchange.node')}>
          <Typography.Text code copyable>
            {overview.node}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.url')}>
          {overview.url || <Tag color="orange">{t('exchange.no_url')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.key')}>
          <Typography.Text code>{overview.key_id}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Popconfirm title={t('exchange.rotate_confirm')} onConfirm={() => void rotate()}>
        <Button>{t('exchange.rotate')}</Button>
      </Popconfirm>
    </Card>
  );
}

function Peers({ peers }: { peers: Peer[] }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const act = async (method: string, url: string, body?: unknown) => {
    try {
      await api<Peer>(method, url, body);
      refresh();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card title={t('exchange.peers')}>
      <Table<Peer>
        rowKey="id"
        data-testid="exchange-peers"
        dataSource={peers}
        pagination={false}
        locale={{ emptyText: <Empty description={t('exchange.no_peers')} /> }}
        scroll={{ x: true }}
        columns={[
          {
            title: t('exchange.peer'),
            render: (_, p) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{p.name}</Typography.Text>
                <Typography.Text type="secondary">{p.url}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('exchange.relation'),
            render: (_, p) => (
              <Space wrap>
                <Tag>{t(`exchange.relation_${p.relation}`)}</Tag>
                {p.unit_name && <span>{p.unit_name}</span>}
                {p.suspended && <Tag color="red">{t('exchange.suspended')}</Tag>}
              </Space>
            ),
          },
          { title: t('exchange.queued'), dataIndex: 'queued', align: 'right' },
          { title: t('exchange.failed'), dataIndex: 'failed', align: 'right' },
          {
            title: t('exchange.last'),
            render: (_, p) => (
              <Space direction="vertical" size={0}>
                <span>
                  {t('exchange.sent')}: {p.last_delivered_at ? formatTime(p.last_delivered_at, lang) : '—'}
                </span>
                <span>
                  {t('exchange.received')}: {p.last_received_at ? formatTime(p.last_received_at, lang) : '—'}
                </span>
                {p.last_error && <Typography.Text type="danger">{p.last_error}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('exchange.actions'),
            render: (_, p) => (
              <Space wrap>
                <Button size="small" onClick={() => void act('POST', `/exchange/peers/${p.id}/retry`)} disabled={p.queued === 0}>
                  {t('exchange.retry')}
                </Button>
                <Popconfirm
                  title={p.suspended ? t('exchange.resume_confirm') : t('exchange.suspend_confirm')}
                  onConfirm={() => void act('PATCH', `/exchange/peers/${p.id}`, { suspended: !p.suspended })}
                >
                  <Button size="small" danger={!p.suspended}>
                    {p.suspended ? t('exchange.resume') : t('exchange.suspend')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

function IssueCode() {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const units = useApiList<Unit>('/units');
  const tree = useMemo(() => unitSelectTree(units.data ?? [], lang), [units.data, lang]);
  const [unitId, setUnitId] = useState<number | undefined>();
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<Issued | null>(null);
  const submit = async () => {
    try {
      setIssued(await api<Issued>('POST', '/exchange/enrolments', { unit_id: unitId ?? 0, name }));
      refresh();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card title={t('exchange.issue')} style={{ maxWidth: 520 }}>
      <Typography.Paragraph type="secondary">{t('exchange.issue_help')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <TreeSelect
          style={{ width: '100%' }}
          treeData={tree}
          value={unitId}
          onChange={(v: number) => setUnitId(v)}
          showSearch
          treeNodeFilterProp="title"
          treeDefaultExpandAll
          placeholder={t('exchange.unit')}
          aria-label={t('exchange.unit')}
          data-testid="enrol-unit"
        />
        <Input
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={200}
          placeholder={t('exchange.peer_name')}
          aria-label={t('exchange.peer_name')}
          data-testid="enrol-name"
        />
        <Button type="primary" disabled={unitId === undefined} onClick={() => void submit()} data-testid="enrol-issue">
          {t('exchange.issue_button')}
        </Button>
      </Space>
      {issued && (
        <Alert
          style={{ marginTop: 16 }}
          type="success"
          data-testid="enrolment-code"
          message={
            <Typography.Text code copyable style={{ fontSize: 18 }}>
              {issued.code}
            </Typography.Text>
          }
          description={t('exchange.code_once').replace('{until}', formatTime(issued.expires_at, lang))}
        />
      )}
    </Card>
  );
}

function JoinParent({ hasParent }: { hasParent: boolean }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const submit = async (v: { parent_url: string; code: string }) => {
    try {
      const peer = await api<Peer>('POST', '/exchange/join', v);
      message.success(t('exchange.joined').replace('{name}', peer.name));
      form.resetFields();
      refresh();
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  return (
    <Card title={t('exchange.join')} style={{ maxWidth: 520 }}>
      <Typography.Paragraph type="secondary">{hasParent ? t('exchange.has_parent') : t('exchange.join_help')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v: Parameters<typeof submit>[0]) => void submit(v)} disabled={hasParent}>
        <Form.Item name="parent_url" label={t('exchange.parent_url')} rules={[{ required: true, message: t('common.required') }]}>
          <Input placeholder="https://ungcuu.tinh.gov.vn" data-testid="join-url" />
        </Form.Item>
        <Form.Item name="code" label={t('exchange.code')} rules={[{ required: true, message: t('common.required') }]}>
          <Input placeholder="XXXX-XXXX-XXXX-XXXX" data-testid="join-code" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="join-submit">
          {t('exchange.join_button')}
        </Button>
      </Form>
    </Card>
  );
}

function Refusals({ refusals }: { refusals: Refusal[] }) {
  const { t, lang } = useI18n();
  return (
    <Card title={t('exchange.refusals')}>
      <Table<Refusal>
        rowKey="id"
        dataSource={refusals}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('exchange.no_refusals')} /> }}
        scroll={{ x: true }}
        columns={[
          { title: t('exchange.at'), render: (_, r) => formatTime(r.at, lang) },
          { title: t('exchange.code_column'), render: (_, r) => <Tag>{r.code}</Tag> },
          { title: t('exchange.reason'), render: (_, r) => (lang === 'vi' ? r.reason_vi : r.reason_en) },
          { title: t('exchange.sender'), render: (_, r) => r.sender || '—' },
          { title: t('exchange.remote'), dataIndex: 'remote' },
        ]}
      />
    </Card>
  );
}
