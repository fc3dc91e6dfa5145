import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Badge,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  TreeSelect,
  Typography,
  App as AntApp,
} from 'antd';
import type { ButtonProps } from 'antd';
import dayjs from 'dayjs';
import { api } from '../../api';
import { NavLink } from '../../nav';
import { useApi } from '../../query';
import { useI18n } from '../../i18n';
import { dueSoonTag, dueSoonText, errorText, fieldErrors, LoadFailed, Loading, unitSelectTree, useShowError } from '../../shared';
import { formatDate, useNav, useUnits } from '../registry/registry';
import type { Schemas } from '../../apiTypes';

type Row = Schemas['ReadinessRow'];
type Figures = Row['figures'];

type Readiness = Schemas['Readiness'];

type DueItem = Schemas['DueItems']['items'][number];

type Layer = Schemas['Layer'];

// Each figure, and where it leads: another page with a filter, or the due list of a kind.
const figureLinks: { key: keyof Figures; page?: string; query?: (unit: number) => string; due?: string }[] = [
  { key: 'systems_unapproved', page: 'systems', query: (u) => `approved=false&owner_unit_id=${u}` },
  { key: 'dossiers_overdue', page: 'dossiers', query: () => 'overdue=true' },
  { key: 'units_layers_incomplete', due: 'layers' },
  { key: 'overall_assessments_overdue', due: 'overall_assessment' },
  { key: 'system_assessments_overdue', due: 'system_assessment' },
  { key: 'scans_overdue', due: 'scan' },
  { key: 'drills_overdue', due: 'drill' },
  { key: 'licences_expired', page: 'inventory', query: (u) => `expiring_within=0&unit_id=${u}` },
  { key: 'licences_expiring', page: 'inventory', query: (u) => `expiring_within=30&unit_id=${u}` },
  { key: 'risks_unreviewed', page: 'risks', query: (u) => `review_overdue=true&unit_id=${u}` },
];

/// The readiness dashboard: what is missing or late in a unit and under it, each figure leading
/// to the list behind it, one row per child unit, and the unit's four protection layers.
/// The people-and-practice duties: the team on call and its roster, this year's drills, the
/// drills' fixes still open.
function PracticeCard({ unitId }: { unitId: number }) {
  const { t } = useI18n();
  const answer = useApi<Schemas['PracticeReadiness']>(`/readiness/practice?unit_id=${unitId}`);
  const p = answer.data;
  if (!p) return null;
  return (
    <Card size="small" title={t('ready.practice')} data-testid="practice">
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12} lg={8}>
          <Statistic
            title={p.team_name || t('ready.practice.no_team')}
            value={p.team_id === null ? '—' : p.roster_30_days ? t('ready.practice.roster_ok') : t('ready.practice.roster_short')}
            valueStyle={{ color: p.roster_30_days ? '#237804' : '#cf1322', fontSize: 18 }}
          />
          {p.team_id !== null && (
            <NavLink page="teams" query={`id=${p.team_id}`}>
              {t('ready.practice.members').replace('{n}', String(p.team_members))}
            </NavLink>
          )}
        </Col>
        <Col xs={12} md={6} lg={4}>
          <Statistic title={t('ready.practice.drills')} value={p.drills_done} />
        </Col>
        <Col xs={12} md={6} lg={4}>
          <Statistic title={t('ready.practice.live_fire')} value={p.live_fire_done} />
        </Col>
        <Col xs={12} md={6} lg={4}>
          <Statistic title={t('ready.practice.findings_open')} value={p.findings_open} />
        </Col>
        <Col xs={12} md={6} lg={4}>
          <Statistic
            title={t('ready.practice.findings_overdue')}
            value={p.findings_overdue}
            valueStyle={{ color: p.findings_overdue > 0 ? '#cf1322' : undefined }}
          />
        </Col>
        <Col xs={12} md={6} lg={4}>
          <Statistic
            title={t('ready.practice.training')}
            value={p.training.officials === 0 ? '—' : `${p.training.trained}/${p.training.officials}`}
            suffix={p.training.officials === 0 ? undefined : `(${p.training.trained_percent}%)`}
          />
          <NavLink page="training">{t('nav.training')}</NavLink>
        </Col>
        <Col xs={12} md={6} lg={4}>
          <Statistic title={t('ready.practice.campaigns')} value={p.campaigns} suffix={p.reach > 0 ? `· ${p.reach.toLocaleString('vi-VN')}` : undefined} />
        </Col>
      </Row>
    </Card>
  );
}

export default function ReadinessPage() {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const nav = useNav();
  const units = useUnits();
  const [unitId, setUnitId] = useState<number | undefined>();
  const [data, setData] = useState<Readiness | null>(null);
  const [due, setDue] = useState<{ kind: string; items: DueItem[] } | null>(null);
  const [layers, setLayers] = useState<Layer[]>([]);
  const [editingLayer, setEditingLayer] = useState<Layer | null>(null);
  const [layerForm] = Form.useForm();
  const [recording, setRecording] = useState<DueItem | null>(null);
  const [gaps, setGaps] = useState<{ unit_id: number; code: string; name_vi: string; layers_in_place: number }[] | null>(
    null,
  );
  const [recordForm] = Form.useForm();
  const [failure, setFailure] = useState<string | null>(null);
  const tree = useMemo(() => unitSelectTree(units, lang), [units, lang]);

  const load = useCallback(async () => {
    setFailure(null);
    try {
      const result = await api<Readiness>('GET', `/readiness${unitId ? `?unit_id=${unitId}` : ''}`);
      setData(result);
      const found = await api<{ items: Layer[] }>('GET', `/units/${result.total.unit_id}/layers`);
      setLayers(found.items);
    } catch (e) {
      setFailure(errorText(e, lang));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [unitId]);

  useEffect(() => {
    void load();
  }, [load]);

  const showDue = async (kind: string, unit: number) => {
    if (kind === 'layers') {
      try {
        const found = await api<{ items: { unit_id: number; code: string; name_vi: string; layers_in_place: number }[] }>(
          'GET',
          `/readiness/layers?unit_id=${unit}`,
        );
        setGaps(found.items);
      } catch (e) {
        showError(e);
      }
      return;
    }
    try {
      const found = await api<{ items: DueItem[] }>('GET', `/readiness/due?unit_id=${unit}&kind=${kind}`);
      setDue({ kind, items: found.items });
    } catch (e) {
      showError(e);
    }
  };

  const follow = (key: string, unit: number) => {
    const link = figureLinks.find((l) => l.key === key);
    if (!link) return;
    if (link.due) void showDue(link.due, unit);
    else if (link.page) nav(link.page, link.query?.(unit));
  };

  const saveRecord = async (values: { performed_on: dayjs.Dayjs; performer: string; licensed?: boolean; findings?: string }) => {
    if (!recording) return;
    try {
      await api('POST', '/assessments', {
        kind: recording.kind,
        ...(recording.system_id ? { system_id: recording.system_id } : { unit_id: recording.unit_id }),
        performed_on: values.performed_on.format('YYYY-MM-DD'),
        performer: values.performer,
        licensed: values.licensed ?? false,
        findings: values.findings ?? '',
      });
      message.success(t('common.saved'));
      const kind = recording.kind;
      setRecording(null);
      void load();
      if (data) void showDue(kind, data.total.unit_id);
    } catch (e) {
      recordForm.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };

  const saveLayer = async (values: { state: string; provider?: string; evidence?: string; since?: dayjs.Dayjs }) => {
    if (!data || !editingLayer) return;
    try {
      const result = await api<{ items: Layer[] }>(
        'PUT',
        `/units/${data.total.unit_id}/layers/${editingLayer.layer}`,
        {
          state: values.state,
          provider: values.provider ?? '',
          evidence: values.evidence ?? '',
          since: values.since ? values.since.format('YYYY-MM-DD') : null,
        },
      );
      setLayers(result.items);
      setEditingLayer(null);
      message.success(t('common.saved'));
      void load();
    } catch (e) {
      layerForm.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };

  const figure = (key: string, value: number, unit: number) => {
    const link = figureLinks.find((l) => l.key === key);
    const clickable = link && (link.page || link.due);
    return (
      <Card
        size="small"
        hoverable={Boolean(clickable)}
        onClick={() => clickable && follow(key, unit)}
        data-testid={`figure-${key}`}
      >
        <Statistic
          title={t(`ready.${key}`)}
          value={value}
          valueStyle={{ color: value > 0 ? '#cf1322' : '#3f8600' }}
        />
      </Card>
    );
  };

  const childColumns = [
    { title: t('ready.unit'), dataIndex: 'name_vi', key: 'name', fixed: 'left' as const, width: 220 },
    { title: t('ready.systems'), key: 'systems', render: (_: unknown, r: Row) => r.figures.systems },
    ...figureLinks.map((link) => ({
      title: t(`ready.short.${link.key}`),
      key: link.key,
      render: (_: unknown, r: Row) => {
        const value = r.figures[link.key];
        return value > 0 ? (
          <Button type="link" size="small" danger onClick={() => follow(link.key, r.unit_id)} style={{ padding: 0 }}>
            {value}
          </Button>
        ) : (
          <Typography.Text type="secondary">0</Typography.Text>
        );
      },
    })),
  ];

  const layerColors: Record<string, string> = { missing: 'error', partial: 'warning', in_place: 'success' };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('ready.title')}
        </Typography.Title>
        <TreeSelect
          style={{ width: 360 }}
          treeData={tree}
          treeDefaultExpandAll
          showSearch
          treeNodeFilterProp="title"
          placeholder={data?.total.name_vi}
          aria-label={t('ready.unit')}
          value={unitId}
          onChange={setUnitId}
          data-testid="readiness-unit"
        />
        {data && (
          <Typography.Text type="secondary">
            {t('ready.as_of').replace('{d}', formatDate(data.today, lang)).replace('{n}', String(data.soon_days))}
          </Typography.Text>
        )}
      </Space>
      {failure && <LoadFailed message={failure} retry={() => void load()} />}
      {!data && !failure && <Loading />}
      {data && (
        <>
          <Row gutter={[12, 12]}>
            <Col xs={12} md={6} lg={4}>
              <Card size="small" data-testid="figure-systems">
                <Statistic title={t('ready.systems')} value={data.total.figures.systems} />
              </Card>
            </Col>
            {figureLinks.map((link) => (
              <Col xs={12} md={6} lg={4} key={link.key}>
                {figure(link.key, data.total.figures[link.key], data.total.unit_id)}
              </Col>
            ))}
            <Col xs={12} md={6} lg={4}>
              <Card size="small" data-testid="figure-due_soon">
                <Statistic
                  title={t('ready.due_soon')}
                  value={data.total.figures.due_soon}
                  valueStyle={{ color: data.total.figures.due_soon > 0 ? dueSoonText : undefined }}
                />
              </Card>
            </Col>
          </Row>
          <PracticeCard unitId={data.total.unit_id} />
          <Card size="small" title={`${t('ready.layers')} — ${data.total.name_vi}`}>
            <Row gutter={[12, 12]}>
              {layers.map((layer) => (
                <Col xs={24} md={12} lg={6} key={layer.layer}>
                  <Card
                    size="small"
                    title={t(`layer.${layer.layer}`)}
                    extra={
                      <Button
                        size="small"
                        data-testid={`layer-edit-${layer.layer}`}
                        onClick={() => {
                          setEditingLayer(layer);
                          layerForm.setFieldsValue({ ...layer, since: layer.since ? dayjs(layer.since) : undefined });
                        }}
                      >
                        {t('common.edit')}
                      </Button>
                    }
                  >
                    <Badge status={layerColors[layer.state] as 'success'} text={t(`layer.state.${layer.state}`)} />
                    {layer.provider && <div>{layer.provider}</div>}
                    {layer.evidence && <Typography.Text type="secondary">{layer.evidence}</Typography.Text>}
                  </Card>
                </Col>
              ))}
            </Row>
          </Card>
          {data.children.length > 0 && (
            <Card size="small" title={t('ready.children')}>
              <Table
                rowKey="unit_id"
                size="small"
                dataSource={data.children}
                columns={childColumns}
                pagination={false}
                scroll={{ x: 1400 }}
                data-testid="readiness-children"
              />
            </Card>
          )}
        </>
      )}
      <Modal
        open={due !== null}
        onCancel={() => setDue(null)}
        footer={null}
        width={800}
        title={due ? t(`ready.due_title.${due.kind}`) : ''}
      >
        <Table
          rowKey={(d) => `${d.kind}-${d.system_id ?? d.unit_id}`}
          size="small"
          dataSource={due?.items ?? []}
          data-testid="due-table"
          columns={[
            { title: t('sys.code'), dataIndex: 'code', key: 'code' },
            { title: t('sys.name'), dataIndex: 'name_vi', key: 'name' },
            { title: t('sys.level'), dataIndex: 'level', key: 'level', render: (l: number) => (l > 0 ? l : '') },
            {
              title: t('ready.last_done'),
              key: 'last',
              render: (_: unknown, d: DueItem) => (d.last_done ? formatDate(d.last_done, lang) : t('common.none')),
            },
            {
              title: t('ready.next_due'),
              key: 'next',
              render: (_: unknown, d: DueItem) => (
                <Space>
                  {d.next_due ? formatDate(d.next_due, lang) : t('ready.now')}
                  <Tag color={d.state === 'overdue' ? 'red' : undefined} style={d.state === 'overdue' ? undefined : dueSoonTag}>{t(`ready.state.${d.state}`)}</Tag>
                </Space>
              ),
            },
            {
              title: '',
              key: 'record',
              render: (_: unknown, d: DueItem) => (
                <Button
                  size="small"
                  data-testid={`due-record-${d.code}`}
                  onClick={() => {
                    recordForm.resetFields();
                    recordForm.setFieldsValue({ performed_on: dayjs(), licensed: false });
                    setRecording(d);
                  }}
                >
                  {t('ready.record')}
                </Button>
              ),
            },
          ]}
        />
      </Modal>
      <Modal open={gaps !== null} onCancel={() => setGaps(null)} footer={null} width={640} title={t('ready.units_layers_incomplete')}>
        <Table
          rowKey="unit_id"
          size="small"
          dataSource={gaps ?? []}
          data-testid="layer-gaps"
          onRow={(g) => ({
            onClick: () => {
              setGaps(null);
              setUnitId(g.unit_id);
            },
            style: { cursor: 'pointer' },
          })}
          columns={[
            { title: t('ready.unit'), dataIndex: 'name_vi', key: 'name' },
            { title: t('ready.layers_in_place'), dataIndex: 'layers_in_place', key: 'n', render: (n: number) => `${n} / 4` },
          ]}
        />
      </Modal>
      <Modal
        open={recording !== null}
        title={recording ? `${t(`ready.due_title.${recording.kind}`)} — ${recording.code}` : ''}
        onCancel={() => setRecording(null)}
        onOk={() => recordForm.submit()}
        okButtonProps={{ 'data-testid': 'record-save' } as ButtonProps}
      >
        <Form form={recordForm} layout="vertical" onFinish={saveRecord}>
          <Form.Item name="performed_on" label={t('ready.performed_on')} rules={[{ required: true }]}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
          <Form.Item name="performer" label={t('ready.performer')} rules={[{ required: true, message: t('common.required') }]}>
            <Input data-testid="record-performer" />
          </Form.Item>
          <Form.Item name="licensed" label={t('ready.licensed')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="findings" label={t('ready.findings')}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={editingLayer !== null}
        title={editingLayer ? t(`layer.${editingLayer.layer}`) : ''}
        onCancel={() => setEditingLayer(null)}
        onOk={() => layerForm.submit()}
        okButtonProps={{ 'data-testid': 'layer-save' } as ButtonProps}
      >
        <Form form={layerForm} layout="vertical" onFinish={saveLayer}>
          <Form.Item name="state" label={t('layer.state')} rules={[{ required: true }]}>
            <Select
              data-testid="layer-state"
              options={['missing', 'partial', 'in_place'].map((s) => ({ value: s, label: t(`layer.state.${s}`) }))}
            />
          </Form.Item>
          <Form.Item name="provider" label={t('layer.provider')}>
            <Input />
          </Form.Item>
          <Form.Item name="evidence" label={t('layer.evidence')} extra={t('layer.evidence_hint')}>
            <Input data-testid="layer-evidence" />
          </Form.Item>
          <Form.Item name="since" label={t('layer.since')}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
