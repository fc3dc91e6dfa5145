// Drills (diễn tập): the drills of the user's part of the tree; planning one — tabletop or
// live-fire, the unit's own or its part in a provincial or national drill — with the units, the
// scenarios and the systems; one drill with its injects on a timeline (running one opens an
// exercise incident, marked DIỄN TẬP), its findings (each a task of the drill's follow-up plan)
// and the after-action report.
import { useState } from 'react';
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
  Modal,
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
import { api, type Unit } from '../../api';
import type { Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import { NavLink, queryParam, useNav } from '../../nav';
import { queryClient, useApi, useApiList } from '../../query';
import { errorText, fieldErrors, hasRole, LoadFailed, Loading, unitSelectTree, useSession, useShowError } from '../../shared';
import { scenarioLabel, useScenarios } from '../incidents/incidents';

type Drill = Schemas['Drill'];
type Head = Schemas['DrillHead'];
type Inject = Drill['injects'][number];
type Finding = Drill['findings'][number];

const stateColor: Record<string, string> = { planned: 'default', running: 'processing', done: 'success' };

export default function DrillsPage() {
  const id = queryParam('id');
  if (id) return <DrillView id={id} />;
  return <DrillList />;
}

function DrillList() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const canPlan = hasRole(session?.user, ['admin', 'coordinator', 'responder']);
  const answer = useApi<{ items: Head[] }>('/drills');
  const [planning, setPlanning] = useState(false);
  if (answer.error) return <LoadFailed message={errorText(answer.error, lang)} retry={() => void answer.refetch()} />;
  return (
    <Card title={t('nav.drills')}>
      <Typography.Paragraph type="secondary">{t('drill.intro')}</Typography.Paragraph>
      {canPlan && (
        <Button type="primary" onClick={() => setPlanning(true)} data-testid="drill-new" style={{ marginBottom: 12 }}>
          {t('drill.new')}
        </Button>
      )}
      {answer.isPending ? (
        <Loading />
      ) : (
        <Table<Head>
          rowKey="id"
          size="small"
          data-testid="drills"
          dataSource={answer.data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('drill.none')} /> }}
          columns={[
            { title: t('drill.day'), render: (_: unknown, d) => dayjs(d.day).format('DD/MM/YYYY'), width: 110 },
            {
              title: t('drill.title'),
              render: (_: unknown, d) => (
                <NavLink page="drills" query={`id=${d.id}`} testId={`drill-${d.id}`}>
                  {d.title}
                </NavLink>
              ),
            },
            { title: t('drill.kind'), render: (_: unknown, d) => t(`drill.kind.${d.kind}`) },
            { title: t('drill.organiser'), render: (_: unknown, d) => d.organiser_name || d.unit_name },
            { title: t('drill.state'), render: (_: unknown, d) => <Tag color={stateColor[d.state]}>{t(`drill.state.${d.state}`)}</Tag> },
          ]}
        />
      )}
      {planning && <PlanDialog onClose={() => setPlanning(false)} />}
    </Card>
  );
}

interface PlanValues {
  unit_id: number;
  title: string;
  kind: string;
  level: string;
  organiser_name?: string;
  day: Dayjs;
  duration_hours: number;
  scenarios?: string[];
  unit_ids?: number[];
  people?: string;
  budget?: number;
}

function PlanDialog({ onClose }: { onClose: () => void }) {
  const { t, lang } = useI18n();
  const nav = useNav();
  const showError = useShowError();
  const [form] = Form.useForm();
  const units = useApiList<Unit>('/units');
  const scenarios = useScenarios();
  const tree = unitSelectTree(units.data ?? [], lang);
  const level = Form.useWatch<string | undefined>('level', form);
  const save = async (v: PlanValues) => {
    try {
      const drill = await api<Drill>('POST', '/drills', {
        unit_id: v.unit_id,
        title: v.title,
        kind: v.kind,
        level: v.level,
        organiser_name: v.organiser_name ?? '',
        day: v.day.format('YYYY-MM-DD'),
        duration_hours: v.duration_hours,
        scenarios: v.scenarios ?? [],
        unit_ids: v.unit_ids ?? [],
        people: v.people ?? '',
        ...(v.budget !== undefined && v.budget !== null ? { budget: v.budget } : {}),
      });
      void queryClient.invalidateQueries({ queryKey: ['api', '/drills'] });
      onClose();
      nav('drills', `id=${drill.id}`);
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  const required = [{ required: true, message: t('common.required') }];
  return (
    <Modal
      open
      width={760}
      title={t('drill.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'drill-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ kind: 'tabletop', level: 'own', day: dayjs(), duration_hours: 4 }}>
        <Form.Item name="unit_id" label={t('drill.unit')} rules={required}>
          <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll data-testid="drill-unit" />
        </Form.Item>
        <Form.Item name="title" label={t('drill.title')} rules={required}>
          <Input data-testid="drill-title" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="kind" label={t('drill.kind')}>
            <Radio.Group optionType="button" options={['tabletop', 'live_fire'].map((k) => ({ value: k, label: t(`drill.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="level" label={t('drill.level')}>
            <Radio.Group optionType="button" options={['own', 'provincial', 'national'].map((k) => ({ value: k, label: t(`drill.level.${k}`) }))} />
          </Form.Item>
        </Space>
        {level && level !== 'own' && (
          <Form.Item name="organiser_name" label={t('drill.organiser')} rules={required}>
            <Input />
          </Form.Item>
        )}
        <Space wrap>
          <Form.Item name="day" label={t('drill.day')} rules={required}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
          <Form.Item name="duration_hours" label={t('drill.duration')}>
            <InputNumber min={1} max={240} />
          </Form.Item>
          <Form.Item name="budget" label={t('drill.budget')}>
            <InputNumber min={0} step={1000000} style={{ width: 180 }} />
          </Form.Item>
        </Space>
        <Form.Item name="unit_ids" label={t('drill.units')}>
          <TreeSelect treeData={tree} multiple showSearch treeNodeFilterProp="title" treeDefaultExpandAll data-testid="drill-units" />
        </Form.Item>
        <Form.Item name="scenarios" label={t('drill.scenarios')}>
          <Select mode="multiple" options={scenarios.map((s) => ({ value: s.code, label: scenarioLabel(scenarios, s.code, lang) }))} />
        </Form.Item>
        <Form.Item name="people" label={t('drill.people')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DrillView({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const path = `/drills/${encodeURIComponent(id)}`;
  const answer = useApi<Drill>(path);
  const [dialog, setDialog] = useState<'inject' | 'finding' | 'finish' | null>(null);
  const scenarios = useScenarios();
  if (answer.error) return <LoadFailed message={errorText(answer.error, lang)} retry={() => void answer.refetch()} />;
  const d = answer.data;
  if (!d) return <Loading />;
  const saved = (next: Drill) => {
    queryClient.setQueryData(['api', path], next);
    void queryClient.invalidateQueries({ queryKey: ['api', '/drills'] });
  };
  const act = async (suffix: string, done: string) => {
    try {
      saved(await api<Drill>('POST', `${path}/${suffix}`));
      message.success(t(done));
    } catch (e) {
      showError(e);
    }
  };
  const units = [d.unit_name, ...d.unit_names];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <NavLink page="drills">{t('drill.back')}</NavLink>
      <Card
        title={
          <Space wrap>
            <span data-testid="drill-heading">{d.title}</span>
            <Tag color={stateColor[d.state]} data-testid="drill-state">
              {t(`drill.state.${d.state}`)}
            </Tag>
          </Space>
        }
        extra={
          <Space wrap>
            {d.can_edit && d.state === 'planned' && (
              <Button type="primary" onClick={() => void act('start', 'drill.started')} data-testid="drill-start">
                {t('drill.start')}
              </Button>
            )}
            {d.can_edit && d.state === 'running' && (
              <Button onClick={() => setDialog('finish')} data-testid="drill-finish">
                {t('drill.finish')}
              </Button>
            )}
            <Button href={`/api/v1${path}/report/docx`}>{t('drill.report')} DOCX</Button>
            <Button href={`/api/v1${path}/report/pdf`}>{t('drill.report')} PDF</Button>
          </Space>
        }
      >
        <Descriptions
          size="small"
          bordered
          column={1}
          items={[
            { key: 'kind', label: t('drill.kind'), children: t(`drill.kind.${d.kind}`) },
            { key: 'level', label: t('drill.level'), children: `${t(`drill.level.${d.level}`)}${d.organiser_name ? ` — ${d.organiser_name}` : ''}` },
            { key: 'day', label: t('drill.day'), children: `${dayjs(d.day).format('DD/MM/YYYY')} · ${d.duration_hours} ${t('drill.hours')}` },
            { key: 'units', label: t('drill.units'), children: units.join('; ') },
            { key: 'scenarios', label: t('drill.scenarios'), children: d.scenarios.map((s) => scenarioLabel(scenarios, s, lang)).join('; ') || '—' },
            ...(d.system_names.length > 0 ? [{ key: 'systems', label: t('drill.systems'), children: d.system_names.join('; ') }] : []),
            ...(d.people ? [{ key: 'people', label: t('drill.people'), children: d.people }] : []),
            { key: 'budget', label: t('drill.budget'), children: d.budget !== null ? `${d.budget.toLocaleString('vi-VN')} đ` : '—' },
            ...(d.lessons ? [{ key: 'lessons', label: t('drill.lessons'), children: d.lessons }] : []),
          ]}
        />
      </Card>
      <Card
        title={t('drill.injects')}
        extra={d.can_edit && d.state !== 'done' && <Button onClick={() => setDialog('inject')} data-testid="inject-add">{t('drill.add_inject')}</Button>}
      >
        <Typography.Paragraph type="secondary">{t('drill.injects.help')}</Typography.Paragraph>
        <Table<Inject>
          rowKey="id"
          size="small"
          data-testid="injects"
          dataSource={d.injects}
          pagination={false}
          locale={{ emptyText: <Empty description={t('drill.no_injects')} /> }}
          columns={[
            { title: t('drill.minute'), dataIndex: 'minute', width: 80 },
            { title: t('drill.inject'), render: (_: unknown, i) => <><b>{i.title}</b>{i.description && <><br />{i.description}</>}</> },
            { title: t('drill.inject_unit'), dataIndex: 'unit_name' },
            {
              title: t('drill.exercise_incident'),
              render: (_: unknown, i) =>
                i.incident_id ? (
                  <Space>
                    <Tag color="purple">{t('drill.exercise')}</Tag>
                    <NavLink page="incidents" query={`id=${i.incident_id}`}>
                      {i.incident_code}
                    </NavLink>
                    {i.incident_state && <Typography.Text type="secondary">{t(`inc.state.${i.incident_state}`)}</Typography.Text>}
                  </Space>
                ) : d.can_edit && d.state === 'running' ? (
                  <Button size="small" type="primary" onClick={() => void act(`injects/${i.id}/run`, 'drill.ran')} data-testid={`inject-run-${i.id}`}>
                    {t('drill.run')}
                  </Button>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>
      <Card
        title={t('drill.findings')}
        extra={d.can_edit && d.state !== 'planned' && <Button onClick={() => setDialog('finding')} data-testid="finding-add">{t('drill.add_finding')}</Button>}
      >
        <Typography.Paragraph type="secondary">{t('drill.findings.help')}</Typography.Paragraph>
        <Table<Finding>
          rowKey="id"
          size="small"
          data-testid="findings"
          dataSource={d.findings}
          pagination={false}
          locale={{ emptyText: <Empty description={t('drill.no_findings')} /> }}
          columns={[
            { title: t('drill.finding'), render: (_: unknown, f) => <><b>{f.text}</b>{f.lesson && <><br />{t('drill.lesson')}: {f.lesson}</>}</> },
            { title: t('drill.owner'), render: (_: unknown, f) => `${f.owner_unit_name}${f.owner ? ` (${f.owner})` : ''}` },
            { title: t('drill.due'), render: (_: unknown, f) => dayjs(f.due).format('DD/MM/YYYY') },
            {
              title: t('drill.fix'),
              render: (_: unknown, f) => (
                <Space>
                  <Tag color={f.overdue ? 'red' : f.status === 'done' ? 'green' : undefined}>{t(`wp.status.${f.status}`)}</Tag>
                  {d.follow_up_plan_id !== null && (
                    <NavLink page="workplans" query={`id=${d.follow_up_plan_id}`}>
                      {t('drill.plan')}
                    </NavLink>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {dialog === 'inject' && <InjectDialog drill={d} saved={saved} onClose={() => setDialog(null)} />}
      {dialog === 'finding' && <FindingDialog drill={d} saved={saved} onClose={() => setDialog(null)} />}
      {dialog === 'finish' && <FinishDialog drill={d} saved={saved} onClose={() => setDialog(null)} />}
    </Space>
  );
}

type Saved = { drill: Drill; saved: (d: Drill) => void; onClose: () => void };

/// The drill's own units, for an inject or a finding's owner.
function unitOptions(drill: Drill) {
  return [
    { value: drill.unit_id, label: drill.unit_name },
    ...drill.unit_ids.map((id, i) => ({ value: id, label: drill.unit_names[i] })),
  ];
}

function InjectDialog({ drill, saved, onClose }: Saved) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const scenarios = useScenarios();
  const [form] = Form.useForm();
  const save = async (v: { minute: number; title: string; description?: string; unit_id: number; scenario?: string }) => {
    try {
      saved(await api<Drill>('POST', `/drills/${drill.id}/injects`, { ...v, description: v.description ?? '', scenario: v.scenario ?? '' }));
      onClose();
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  const required = [{ required: true, message: t('common.required') }];
  return (
    <Modal open title={t('drill.add_inject')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'inject-save' } as ButtonProps}>
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ minute: 0, scenario: drill.scenarios[0] }}>
        <Form.Item name="minute" label={t('drill.minute_long')}>
          <InputNumber min={0} max={10080} />
        </Form.Item>
        <Form.Item name="title" label={t('drill.inject')} rules={required}>
          <Input data-testid="inject-title" />
        </Form.Item>
        <Form.Item name="description" label={t('drill.inject_description')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="unit_id" label={t('drill.inject_unit')} rules={required}>
          <Select options={unitOptions(drill)} data-testid="inject-unit" />
        </Form.Item>
        <Form.Item name="scenario" label={t('drill.scenario')}>
          <Select allowClear options={scenarios.map((s) => ({ value: s.code, label: scenarioLabel(scenarios, s.code, lang) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function FindingDialog({ drill, saved, onClose }: Saved) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm();
  const save = async (v: { text: string; lesson?: string; owner_unit_id: number; owner?: string; due: Dayjs }) => {
    try {
      saved(
        await api<Drill>('POST', `/drills/${drill.id}/findings`, {
          text: v.text,
          lesson: v.lesson ?? '',
          owner_unit_id: v.owner_unit_id,
          owner: v.owner ?? '',
          due: v.due.format('YYYY-MM-DD'),
        }),
      );
      onClose();
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  const required = [{ required: true, message: t('common.required') }];
  return (
    <Modal open title={t('drill.add_finding')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'finding-save' } as ButtonProps}>
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ due: dayjs().add(30, 'day') }}>
        <Form.Item name="text" label={t('drill.finding')} rules={required}>
          <Input.TextArea rows={2} data-testid="finding-text" />
        </Form.Item>
        <Form.Item name="lesson" label={t('drill.lesson')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="owner_unit_id" label={t('drill.owner')} rules={required}>
          <Select options={unitOptions(drill)} data-testid="finding-unit" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="owner" label={t('drill.owner_person')}>
            <Input />
          </Form.Item>
          <Form.Item name="due" label={t('drill.due')} rules={required}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function FinishDialog({ drill, saved, onClose }: Saved) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const [problem, setProblem] = useState<string | null>(null);
  const [form] = Form.useForm();
  const save = async (v: { lessons?: string }) => {
    try {
      saved(await api<Drill>('POST', `/drills/${drill.id}/finish`, { lessons: v.lessons ?? '' }));
      onClose();
    } catch (e) {
      setProblem(errorText(e, lang));
      showError(e);
    }
  };
  return (
    <Modal open title={t('drill.finish')} onCancel={onClose} onOk={() => form.submit()} okText={t('drill.finish')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'finish-save' } as ButtonProps}>
      {drill.kind === 'live_fire' && <Alert type="info" showIcon message={t('drill.live_fire_duty')} style={{ marginBottom: 12 }} />}
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={save}>
        <Form.Item name="lessons" label={t('drill.lessons')}>
          <Input.TextArea rows={4} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
