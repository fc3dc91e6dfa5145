// Response plans (phương án ứng cứu) per system or unit and scenario: the initial priority
// steps with their leading unit, the criteria that tell severity quickly, people, tools,
// contractors, budget and the approved conditions for keeping the system running. Every save
// is a new draft version; approving it retires the previous approved one.
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Button,
  Card,
  Checkbox,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
  App as AntApp,
} from 'antd';
import { api, listAll } from '../../api';
import { useI18n } from '../../i18n';
import { actorLabel, fieldErrors, formatTime, unitSelectTree, useShowError } from '../../shared';
import { useUnits, type InfoSystem } from '../registry/registry';
import { scenarioLabel, useScenarios } from './incidents';
import type { Schemas } from '../../apiTypes';

type Plan = Schemas['ResponsePlan'];

const stateColor = { draft: 'default', approved: 'success', retired: 'warning' };

export default function PlansPage() {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const units = useUnits();
  const scenarios = useScenarios();
  const [plans, setPlans] = useState<Plan[]>([]);
  const [systems, setSystems] = useState<InfoSystem[]>([]);
  const [editing, setEditing] = useState<Partial<Plan> | null>(null);
  const [form] = Form.useForm();
  const tree = useMemo(() => unitSelectTree(units, lang), [units, lang]);
  const unitById = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);
  const systemById = useMemo(() => new Map(systems.map((s) => [s.id, s])), [systems]);

  const load = useCallback(async () => {
    try {
      setPlans((await api<{ items: Plan[] }>('GET', '/plans')).items);
    } catch (e) {
      showError(e);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    void load();
    listAll<InfoSystem>('/systems?active=true').then(setSystems).catch(showError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [load]);

  const open = (plan: Partial<Plan>) => {
    form.resetFields();
    form.setFieldsValue({ steps: [], criteria: [], budget_vnd: 0, ...plan });
    setEditing(plan);
  };

  const save = async (v: Record<string, unknown>) => {
    const body = { ...v, system_id: v.system_id ?? undefined, steps: v.steps ?? [], criteria: v.criteria ?? [] };
    if (body.system_id === undefined) delete body.system_id;
    try {
      await api('POST', '/plans', body);
      message.success(t('plan.saved_draft'));
      setEditing(null);
      await load();
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };

  const approve = async (plan: Plan) => {
    try {
      await api('POST', `/plans/${plan.id}/approve`);
      message.success(t('plan.approved_msg'));
      await load();
    } catch (e) {
      showError(e);
    }
  };

  const unitId = Form.useWatch('unit_id', form) as number | undefined;
  const unitSystems = systems.filter((s) => s.owner_unit_id === unitId || s.operator_unit_id === unitId);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.plans')}
        </Typography.Title>
        <Button type="primary" onClick={() => open({})} data-testid="plan-new">
          {t('plan.new')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('plan.intro')}</Typography.Paragraph>
      <Table
        rowKey="id"
        size="small"
        dataSource={plans}
        data-testid="plan-table"
        pagination={{ pageSize: 50 }}
        expandable={{
          expandedRowRender: (p: Plan) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Card size="small" title={t('plan.steps')}>
                <ol style={{ margin: 0 }}>
                  {p.steps.map((s, i) => (
                    <li key={i}>
                      {s.title} — <i>{s.lead}</i> <Tag>{s.step}</Tag>
                      {s.due_hours ? `${s.due_hours} h` : ''}
                    </li>
                  ))}
                </ol>
              </Card>
              <Card size="small" title={t('plan.criteria')}>
                <ul style={{ margin: 0 }}>
                  {p.criteria.map((c, i) => (
                    <li key={i}>
                      {c.text} {c.serious && <Tag color="magenta">{t('plan.criterion_emergency')}</Tag>}
                    </li>
                  ))}
                </ul>
              </Card>
              <Typography.Text>
                {t('plan.people')}: {p.people}
              </Typography.Text>
              <Typography.Text>
                {t('plan.tools')}: {p.tools}
              </Typography.Text>
              <Typography.Text>
                {t('plan.contractors')}: {p.contractors}
              </Typography.Text>
              <Typography.Text>
                {t('plan.budget')}: {p.budget_vnd.toLocaleString('vi-VN')} đ
              </Typography.Text>
              <Typography.Text>
                {t('plan.continuity')}: {p.continuity}
              </Typography.Text>
            </Space>
          ),
        }}
        columns={[
          { title: t('plan.title'), dataIndex: 'title' },
          {
            title: t('plan.for'),
            render: (_: unknown, p: Plan) =>
              p.system_id ? systemById.get(p.system_id)?.code ?? `#${p.system_id}` : `${unitById.get(p.unit_id)?.name_vi ?? ''} (${t('plan.unit_default')})`,
          },
          { title: t('inc.scenario'), dataIndex: 'scenario', render: (s: string) => scenarioLabel(scenarios, s, lang) },
          { title: t('plan.version'), dataIndex: 'version', width: 80 },
          {
            title: t('inc.state'),
            dataIndex: 'state',
            render: (s: Plan['state'], p: Plan) => (
              <Tag color={stateColor[s]}>
                {t(`plan.state.${s}`)}
                {p.approved_at ? ` · ${actorLabel(p.approved_by, t)} ${formatTime(p.approved_at, lang)}` : ''}
              </Tag>
            ),
          },
          {
            title: '',
            render: (_: unknown, p: Plan) => (
              <Space>
                <Button size="small" onClick={() => open({ ...p, id: undefined })}>
                  {t('plan.new_version')}
                </Button>
                {p.state === 'draft' && (
                  <Button size="small" type="primary" onClick={() => approve(p)} data-testid={`plan-approve-${p.id}`}>
                    {t('plan.approve')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Drawer
        open={editing !== null}
        width={760}
        title={t('plan.edit')}
        onClose={() => setEditing(null)}
        extra={
          <Button type="primary" onClick={() => form.submit()} data-testid="plan-save">
            {t('plan.save_draft')}
          </Button>
        }
      >
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="unit_id" label={t('inc.unit')} rules={[{ required: true, message: t('plan.unit_needed') }]}>
            <TreeSelect treeData={tree} treeDefaultExpandAll showSearch treeNodeFilterProp="title" />
          </Form.Item>
          <Form.Item name="system_id" label={t('plan.system')} extra={t('plan.system_hint')}>
            <Select allowClear options={unitSystems.map((s) => ({ value: s.id, label: `${s.code} — ${s.name_vi}` }))} />
          </Form.Item>
          <Form.Item name="scenario" label={t('inc.scenario')} rules={[{ required: true, message: t('plan.scenario_needed') }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={scenarios.map((s) => ({ value: s.code, label: scenarioLabel(scenarios, s.code, lang) }))}
            />
          </Form.Item>
          <Form.Item name="title" label={t('plan.title')} rules={[{ required: true, message: t('plan.title_needed') }]}>
            <Input />
          </Form.Item>
          <Typography.Title level={5}>{t('plan.steps')}</Typography.Title>
          <Form.List name="steps">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: t('plan.step_title') }]}>
                      <Input placeholder={t('plan.step_title')} style={{ width: 300 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'lead']}>
                      <Input placeholder={t('inc.lead')} style={{ width: 170 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'step']}>
                      <Select
                        placeholder="1b"
                        style={{ width: 80 }}
                        options={['1b', '1c', '2', '3a', '3b', '3c', '4'].map((s) => ({ value: s, label: s }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'due_hours']}>
                      <InputNumber min={0} max={2160} placeholder={t('plan.hours')} style={{ width: 90 }} />
                    </Form.Item>
                    <Button onClick={() => remove(f.name)}>×</Button>
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ step: '1b' })} block>
                  + {t('plan.add_step')}
                </Button>
              </>
            )}
          </Form.List>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('plan.criteria')}
          </Typography.Title>
          <Form.List name="criteria">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'text']} rules={[{ required: true, message: t('plan.criterion') }]}>
                      <Input placeholder={t('plan.criterion')} style={{ width: 480 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'serious']} valuePropName="checked">
                      <Checkbox>{t('plan.criterion_emergency')}</Checkbox>
                    </Form.Item>
                    <Button onClick={() => remove(f.name)}>×</Button>
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ serious: false })} block>
                  + {t('plan.add_criterion')}
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item name="people" label={t('plan.people')} style={{ marginTop: 16 }}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="tools" label={t('plan.tools')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="contractors" label={t('plan.contractors')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="budget_vnd" label={t('plan.budget')}>
            <InputNumber min={0} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="continuity" label={t('plan.continuity')}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Drawer>
    </Space>
  );
}
