import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography, App as AntApp } from 'antd';
import dayjs from 'dayjs';
import { api, listAll } from '../../api';
import { useI18n } from '../../i18n';
import { fieldErrors, useShowError } from '../../shared';
import { formatDate, queryParam, type InfoSystem } from './registry';
import type { Schemas } from '../../apiTypes';

type Risk = Schemas['RiskPage']['items'][number];

type Scenario = Schemas['Taxonomy']['scenarios'][number];

/// The risk register: per system and incident scenario, likelihood × impact, what would happen
/// and who and what is ready to respond; reviewed yearly.
export default function RisksPage() {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [items, setItems] = useState<Risk[]>([]);
  const [systems, setSystems] = useState<InfoSystem[]>([]);
  const [scenarios, setScenarios] = useState<Scenario[]>([]);
  const [overdue, setOverdue] = useState(queryParam('review_overdue') === 'true');
  const [unitFilter] = useState(queryParam('unit_id'));
  const [editing, setEditing] = useState<Risk | 'new' | null>(null);
  const [form] = Form.useForm();

  const load = useCallback(async () => {
    const query = new URLSearchParams();
    if (overdue) query.set('review_overdue', 'true');
    if (unitFilter) query.set('unit_id', unitFilter);
    try {
      setItems(await listAll<Risk>(`/risks?${query.toString()}`));
    } catch (e) {
      showError(e);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [overdue, unitFilter]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    listAll<InfoSystem>('/systems').then(setSystems).catch(showError);
    api<{ scenarios: Scenario[] }>('GET', '/taxonomy')
      .then((tx) => setScenarios(tx.scenarios))
      .catch(showError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const scenarioName = useMemo(() => {
    const names = new Map(scenarios.map((s) => [s.code, lang === 'en' ? s.name_en : s.name_vi]));
    return (code: string) => `${code} — ${names.get(code) ?? ''}`;
  }, [scenarios, lang]);

  const open = (risk: Risk | 'new') => {
    setEditing(risk);
    form.resetFields();
    form.setFieldsValue(
      risk === 'new'
        ? { likelihood: 3, impact: 3, reviewed_on: dayjs() }
        : { ...risk, reviewed_on: dayjs(risk.reviewed_on) },
    );
  };

  const save = async (values: Record<string, unknown>) => {
    const body = { ...values, reviewed_on: (values.reviewed_on as dayjs.Dayjs).format('YYYY-MM-DD') };
    try {
      if (editing === 'new') await api('POST', '/risks', body);
      else {
        delete (body as Record<string, unknown>).system_id;
        await api('PUT', `/risks/${(editing as Risk).id}`, body);
      }
      setEditing(null);
      message.success(t('common.saved'));
      void load();
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };

  const today = dayjs().format('YYYY-MM-DD');
  const columns = [
    { title: t('sys.code'), dataIndex: 'system_code', key: 'system', width: 160 },
    { title: t('risk.scenario'), key: 'scenario', render: (_: unknown, r: Risk) => scenarioName(r.scenario) },
    {
      title: t('risk.score'),
      key: 'score',
      width: 120,
      render: (_: unknown, r: Risk) => (
        <Tag color={r.score >= 15 ? 'red' : r.score >= 8 ? 'gold' : 'green'}>
          {r.likelihood} × {r.impact} = {r.score}
        </Tag>
      ),
    },
    { title: t('risk.consequences'), dataIndex: 'consequences', key: 'consequences' },
    {
      title: t('risk.review_due'),
      key: 'review',
      width: 180,
      render: (_: unknown, r: Risk) => (
        <Space>
          {formatDate(r.review_due, lang)}
          {r.review_due < today && <Tag color="red">{t('risk.review_overdue')}</Tag>}
        </Space>
      ),
    },
    {
      title: '',
      key: 'edit',
      width: 80,
      render: (_: unknown, r: Risk) => (
        <Button size="small" onClick={() => open(r)}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('risk.title')}
        </Typography.Title>
        <Space>
          <Switch checked={overdue} onChange={setOverdue} aria-label={t('risk.only_overdue')} />
          {t('risk.only_overdue')}
        </Space>
        <Button type="primary" onClick={() => open('new')}>
          {t('risk.new')}
        </Button>
      </Space>
      <Table rowKey="id" size="small" dataSource={items} columns={columns} data-testid="risks-table" />
      <Drawer open={editing !== null} onClose={() => setEditing(null)} width={600} title={t('risk.one')} destroyOnClose>
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="system_id" label={t('risk.system')} rules={[{ required: true, message: t('common.required') }]}>
            <Select
              disabled={editing !== 'new'}
              showSearch
              optionFilterProp="label"
              options={systems.map((s) => ({ value: s.id, label: `${s.code} — ${s.name_vi}` }))}
            />
          </Form.Item>
          <Form.Item name="scenario" label={t('risk.scenario')} rules={[{ required: true, message: t('common.required') }]}>
            <Select showSearch optionFilterProp="label" options={scenarios.map((s) => ({ value: s.code, label: scenarioName(s.code) }))} />
          </Form.Item>
          <Space>
            <Form.Item name="likelihood" label={t('risk.likelihood')}>
              <InputNumber min={1} max={5} />
            </Form.Item>
            <Form.Item name="impact" label={t('risk.impact')}>
              <InputNumber min={1} max={5} />
            </Form.Item>
            <Form.Item name="reviewed_on" label={t('risk.reviewed_on')}>
              <DatePicker format="DD/MM/YYYY" />
            </Form.Item>
          </Space>
          <Form.Item name="consequences" label={t('risk.consequences')} rules={[{ required: true, message: t('common.required') }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="people" label={t('risk.people')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="tools" label={t('risk.tools')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="contractors" label={t('risk.contractors')}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.save')}
          </Button>
        </Form>
      </Drawer>
    </>
  );
}
