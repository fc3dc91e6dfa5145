// Plans as tracked work (kế hoạch): the tasks the user's units carry out — each with where it
// stands today, overdue ones first to see — recorded by the executing unit; the plans of the
// user's part of the tree with their progress; one plan with its head (number, date, period,
// legal bases, objectives), its tasks and each executing unit's progress; issuing a plan, adding
// a task by hand or importing a table of tasks (CSV/XLSX, the plan's own columns).
import { useState } from 'react';
import {
  Button,
  Card,
  DatePicker,
  Descriptions,
  Divider,
  Empty,
  Form,
  Input,
  Modal,
  Progress,
  Radio,
  Space,
  Table,
  Tabs,
  TreeSelect,
  Typography,
  Upload,
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
import { sendFile, showImportProblems } from '../registry/registry';
import { AssignmentTable, RollUpTags, dayVi, type Assignment, type RollUp } from './Assignments';
import TaskFields, { taskBody, taskText, type TaskValues } from './TaskFields';

type Plan = Schemas['WorkPlan'];
type Summary = Schemas['WorkPlanSummary'];
type Task = Schemas['PlanTask'];
type Filter = 'open' | 'overdue' | 'not_started' | 'all';

export default function WorkPlansPage() {
  const { t } = useI18n();
  const nav = useNav();
  const id = queryParam('id');
  if (id) return <PlanView id={id} />;
  const tab = queryParam('tab') === 'plans' ? 'plans' : 'tasks';
  return (
    <Card title={t('nav.workplans')}>
      <Typography.Paragraph type="secondary">{t('wp.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => nav('workplans', key === 'plans' ? 'tab=plans' : '')}
        items={[
          { key: 'tasks', label: t('wp.tab.tasks'), children: <TasksTab /> },
          { key: 'plans', label: t('wp.tab.plans'), children: <PlansTab /> },
        ]}
      />
    </Card>
  );
}

/// The tasks of the user's units (or of everything the user sees), by standing.
function TasksTab() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const follows = hasRole(session?.user, ['admin', 'coordinator', 'leader', 'responder']);
  const [mine, setMine] = useState(!follows);
  const [filter, setFilter] = useState<Filter>(follows ? 'overdue' : 'open');
  const path = `/plan-assignments?mine=${mine}&filter=${filter}&limit=500`;
  const answer = useApi<{ items: Assignment[]; roll_up: RollUp; truncated: boolean }>(path);
  if (answer.error) return <LoadFailed message={errorText(answer.error, lang)} retry={() => void answer.refetch()} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Radio.Group
          optionType="button"
          value={mine ? 'mine' : 'all'}
          onChange={(e) => setMine(e.target.value === 'mine')}
          aria-label={t('wp.scope')}
          options={[
            { value: 'mine', label: t('wp.scope.mine') },
            { value: 'all', label: t('wp.scope.all') },
          ]}
        />
        <Radio.Group
          optionType="button"
          value={filter}
          onChange={(e) => setFilter(e.target.value as Filter)}
          aria-label={t('wp.status')}
          data-testid="wp-filter"
          options={(['open', 'overdue', 'not_started', 'all'] as const).map((f) => ({ value: f, label: t(`wp.filter.${f}`) }))}
        />
        {answer.data && <RollUpTags r={answer.data.roll_up} testId="wp-tasks-rollup" />}
      </Space>
      {answer.data?.truncated && <Typography.Text type="warning">{t('wp.truncated')}</Typography.Text>}
      {answer.isPending ? (
        <Loading />
      ) : (
        <AssignmentTable items={answer.data?.items ?? []} withTask onChanged={() => void answer.refetch()} testId="wp-tasks" />
      )}
    </Space>
  );
}

function PeriodText({ from, to }: { from: string; to: string }) {
  return (
    <>
      {dayVi(from)} – {dayVi(to)}
    </>
  );
}

/// How far a set of assignments is: done (or not applicable) of all.
function Done({ r }: { r: RollUp }) {
  const { t } = useI18n();
  const finished = r.done + r.not_applicable;
  return (
    <Progress
      percent={r.total === 0 ? 0 : Math.round((100 * finished) / r.total)}
      size="small"
      format={() => `${finished}/${r.total}`}
      aria-label={`${t('wp.status.done')} ${finished}/${r.total}`}
      status={r.overdue > 0 ? 'exception' : undefined}
    />
  );
}

function PlansTab() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const canIssue = hasRole(session?.user, ['admin', 'coordinator', 'responder']);
  const answer = useApi<{ items: Summary[] }>('/work-plans');
  const [creating, setCreating] = useState(false);
  if (answer.error) return <LoadFailed message={errorText(answer.error, lang)} retry={() => void answer.refetch()} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {canIssue && (
        <Button type="primary" onClick={() => setCreating(true)} data-testid="wp-new">
          {t('wp.new')}
        </Button>
      )}
      {answer.isPending ? (
        <Loading />
      ) : (
        <Table<Summary>
          rowKey="id"
          size="small"
          data-testid="wp-plans"
          dataSource={answer.data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('wp.none')} /> }}
          columns={[
            {
              title: t('wp.plan'),
              render: (_: unknown, p) => (
                <NavLink page="workplans" query={`id=${p.id}`} testId={`wp-plan-${p.id}`}>
                  {p.number ? `${p.number} — ` : ''}
                  {p.title}
                </NavLink>
              ),
            },
            { title: t('wp.issuer'), dataIndex: 'unit_name' },
            { title: t('wp.period'), render: (_: unknown, p) => <PeriodText from={p.period_from} to={p.period_to} /> },
            { title: t('wp.tasks'), dataIndex: 'tasks' },
            { title: t('wp.progress'), width: 200, render: (_: unknown, p) => <Done r={p.roll_up} /> },
            { title: t('wp.overdue'), render: (_: unknown, p) => (p.roll_up.overdue > 0 ? <b style={{ color: '#cf1322' }}>{p.roll_up.overdue}</b> : 0) },
          ]}
        />
      )}
      {creating && <NewPlanDialog onClose={() => setCreating(false)} />}
    </Space>
  );
}

interface PlanValues {
  unit_id: number;
  number?: string;
  issued_on?: Dayjs;
  title: string;
  period: [Dayjs, Dayjs];
  legal_bases?: string;
  objectives?: string;
  tasks?: TaskValues[];
}

/// A plan's head: number, date, period, title, legal bases, objectives.
function HeadFields() {
  const { t } = useI18n();
  const required = [{ required: true, message: t('common.required') }];
  return (
    <>
      <Space wrap>
        <Form.Item name="number" label={t('wp.number')}>
          <Input placeholder="125/KH-UBND" data-testid="wp-number" />
        </Form.Item>
        <Form.Item name="issued_on" label={t('wp.issued_on')}>
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
        <Form.Item name="period" label={t('wp.period')} rules={required}>
          <DatePicker.RangePicker format="DD/MM/YYYY" />
        </Form.Item>
      </Space>
      <Form.Item name="title" label={t('wp.title')} rules={required}>
        <Input data-testid="wp-title" />
      </Form.Item>
      <Form.Item name="legal_bases" label={t('wp.legal_bases')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="objectives" label={t('wp.objectives')}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </>
  );
}

type HeadValues = Pick<PlanValues, 'number' | 'issued_on' | 'title' | 'period' | 'legal_bases' | 'objectives'>;

/// The head as the API takes it.
function headBody(v: HeadValues) {
  return {
    number: v.number ?? '',
    ...(v.issued_on ? { issued_on: v.issued_on.format('YYYY-MM-DD') } : {}),
    title: v.title,
    period_from: v.period[0].format('YYYY-MM-DD'),
    period_to: v.period[1].format('YYYY-MM-DD'),
    legal_bases: v.legal_bases ?? '',
    objectives: v.objectives ?? '',
  };
}

function NewPlanDialog({ onClose }: { onClose: () => void }) {
  const { t, lang } = useI18n();
  const nav = useNav();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const units = useApiList<Unit>('/units');
  const tree = unitSelectTree(units.data ?? [], lang);
  const year = dayjs().year();
  const save = async (v: PlanValues) => {
    try {
      const plan = await api<Plan>('POST', '/work-plans', {
        unit_id: v.unit_id,
        ...headBody(v),
        tasks: (v.tasks ?? []).map(taskBody),
      });
      message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: ['api', '/work-plans'] });
      onClose();
      nav('workplans', `id=${plan.id}`);
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  const required = [{ required: true, message: t('common.required') }];
  return (
    <Modal
      open
      width={820}
      title={t('wp.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('wp.issue')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'wp-save' } as ButtonProps}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ period: [dayjs(`${year}-01-01`), dayjs(`${year}-12-31`)], tasks: [{}] }}
      >
        <Form.Item name="unit_id" label={t('wp.issuer')} rules={required}>
          <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll data-testid="wp-issuer" />
        </Form.Item>
        <HeadFields />
        <Form.List name="tasks">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <div key={field.key}>
                  <Divider orientation="left" plain>
                    {t('wp.task')} {i + 1}{' '}
                    <Button size="small" type="link" danger onClick={() => remove(field.name)}>
                      {t('wp.remove_task')}
                    </Button>
                  </Divider>
                  <TaskFields prefix={[field.name]} tree={tree} testId={`wp-task-${i}`} />
                </div>
              ))}
              <Button onClick={() => add({})} data-testid="wp-add-row">
                {t('wp.add_task')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function PlanView({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message, modal } = AntApp.useApp();
  const path = `/work-plans/${encodeURIComponent(id)}`;
  const answer = useApi<Plan>(path);
  // The task dialog: a new task, or the correction of one (its units stay).
  const [taskDialog, setTaskDialog] = useState<{ task: Task | null } | null>(null);
  const [editingHead, setEditingHead] = useState(false);
  const units = useApiList<Unit>('/units', { enabled: taskDialog !== null && taskDialog.task === null });
  const [form] = Form.useForm();
  const [headForm] = Form.useForm();
  if (answer.error) return <LoadFailed message={errorText(answer.error, lang)} retry={() => void answer.refetch()} />;
  const p = answer.data;
  if (!p) return <Loading />;
  const reload = () => void answer.refetch();
  const importFile = async (file: File) => {
    try {
      const result = await sendFile<{ created: number; assignments: number }>('POST', `${path}/tasks/import`, file);
      message.success(t('wp.imported').replace('{n}', String(result.created)).replace('{m}', String(result.assignments)));
      reload();
    } catch (e) {
      showError(e);
      showImportProblems(e, lang, t);
    }
    return false;
  };
  const assignNew = async () => {
    try {
      const result = await api<{ added: number }>('POST', `${path}/assign-new`);
      message.success(t('wp.assigned_new').replace('{n}', String(result.added)));
      reload();
    } catch (e) {
      showError(e);
    }
  };
  /// Sends a change and shows the plan it answers with.
  const change = async (method: string, url: string, body: unknown, onForm?: typeof form) => {
    try {
      queryClient.setQueryData(['api', path], await api<Plan>(method, url, body));
      message.success(t('common.saved'));
      return true;
    } catch (e) {
      onForm?.setFields(fieldErrors(e, lang));
      showError(e);
      return false;
    }
  };
  const saveTask = async (v: TaskValues) => {
    const editing = taskDialog?.task;
    const done = editing
      ? await change('PUT', `${path}/tasks/${editing.id}`, taskText(v), form)
      : await change('POST', `${path}/tasks`, taskBody(v), form);
    if (done) setTaskDialog(null);
  };
  const saveHead = async (v: HeadValues) => {
    const done = await change('PUT', path, headBody(v), headForm);
    if (done) setEditingHead(false);
  };
  const removeTask = (task: Task) =>
    modal.confirm({
      title: t('wp.delete_task'),
      content: task.content,
      okText: t('wp.delete'),
      okButtonProps: { danger: true, 'data-testid': 'wp-delete-ok' } as ButtonProps,
      cancelText: t('common.cancel'),
      onOk: () => change('DELETE', `${path}/tasks/${task.id}`, undefined),
    });
  return (
    <Card
      title={
        <Space wrap>
          <NavLink page="workplans" query="tab=plans">
            {t('wp.tab.plans')}
          </NavLink>
          <span>›</span>
          <span data-testid="wp-plan-title">{p.title}</span>
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label={t('wp.number')}>{p.number || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('wp.issued_on')}>{dayVi(p.issued_on)}</Descriptions.Item>
        <Descriptions.Item label={t('wp.issuer')}>{p.unit_name}</Descriptions.Item>
        <Descriptions.Item label={t('wp.period')}>
          <PeriodText from={p.period_from} to={p.period_to} />
        </Descriptions.Item>
        <Descriptions.Item label={t('wp.legal_bases')} span={2}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{p.legal_bases || '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('wp.objectives')} span={2}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{p.objectives || '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('wp.budget_total')}>{p.budget_total.toLocaleString('vi-VN')} đ</Descriptions.Item>
        <Descriptions.Item label={t('wp.progress')}>
          <RollUpTags r={p.roll_up} testId="wp-plan-rollup" />
        </Descriptions.Item>
      </Descriptions>
      {p.truncated && <Typography.Text type="warning">{t('wp.truncated')}</Typography.Text>}
      {p.can_edit && (
        <Space style={{ margin: '12px 0' }} wrap>
          <Button
            onClick={() => {
              form.resetFields();
              setTaskDialog({ task: null });
            }}
            data-testid="wp-add-task"
          >
            {t('wp.add_task')}
          </Button>
          <Button
            onClick={() => {
              headForm.setFieldsValue({
                number: p.number,
                issued_on: p.issued_on ? dayjs(p.issued_on) : undefined,
                title: p.title,
                period: [dayjs(p.period_from), dayjs(p.period_to)],
                legal_bases: p.legal_bases,
                objectives: p.objectives,
              });
              setEditingHead(true);
            }}
            data-testid="wp-edit-head"
          >
            {t('wp.edit_head')}
          </Button>
          <Button onClick={() => void assignNew()} data-testid="wp-assign-new">
            {t('wp.assign_new')}
          </Button>
          <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={importFile}>
            <Button data-testid="wp-import">{t('wp.import')}</Button>
          </Upload>
          <Typography.Text type="secondary">{t('wp.import_hint')}</Typography.Text>
        </Space>
      )}
      <Table<Task>
        rowKey="id"
        size="small"
        style={{ marginTop: 12 }}
        data-testid="wp-plan-tasks"
        dataSource={p.tasks}
        pagination={false}
        locale={{ emptyText: t('wp.no_tasks') }}
        expandable={{
          expandedRowRender: (task) => <AssignmentTable items={task.assignments} withTask={false} onChanged={reload} testId={`wp-assignments-${task.id}`} />,
          rowExpandable: (task) => task.assignments.length > 0,
        }}
        columns={[
          { title: t('wp.task.item'), dataIndex: 'item', width: 70 },
          {
            title: t('wp.task.content'),
            render: (_: unknown, task) => (
              <>
                <div style={{ whiteSpace: 'pre-wrap' }}>{task.content}</div>
                {task.expected_output && (
                  <Typography.Text type="secondary">
                    {t('wp.task.output')}: {task.expected_output}
                  </Typography.Text>
                )}
              </>
            ),
          },
          {
            title: t('wp.task.executors'),
            render: (_: unknown, task) =>
              [...task.executor_names, ...task.executor_kinds.map((k) => t(`wp.kind_all.${k}`))].join('; '),
          },
          { title: t('wp.task.coordinating'), dataIndex: 'coordinating' },
          { title: t('wp.task.frame'), render: (_: unknown, task) => task.frame.label_vi },
          {
            title: t('wp.task.budget'),
            render: (_: unknown, task) =>
              `${task.budget_source}${task.budget_estimate != null ? ` · ${task.budget_estimate.toLocaleString('vi-VN')} đ` : ''}` || '—',
          },
          { title: t('wp.progress'), width: 180, render: (_: unknown, task) => <Done r={task.roll_up} /> },
          ...(p.can_edit
            ? [
                {
                  title: '',
                  render: (_: unknown, task: Task) => (
                    <Space size={0}>
                      <Button
                        size="small"
                        type="link"
                        data-testid={`wp-edit-task-${task.id}`}
                        onClick={() => {
                          form.resetFields();
                          form.setFieldsValue({ ...task, time_frame: task.frame.label_vi });
                          setTaskDialog({ task });
                        }}
                      >
                        {t('wp.edit')}
                      </Button>
                      <Button size="small" type="link" danger data-testid={`wp-delete-task-${task.id}`} onClick={() => removeTask(task)}>
                        {t('wp.delete')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={taskDialog !== null}
        width={720}
        title={taskDialog?.task ? t('wp.edit_task') : t('wp.add_task')}
        onCancel={() => setTaskDialog(null)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ 'data-testid': 'wp-task-save' } as ButtonProps}
      >
        {taskDialog?.task && <Typography.Paragraph type="secondary">{t('wp.edit_task_note')}</Typography.Paragraph>}
        <Form form={form} layout="vertical" onFinish={saveTask}>
          <TaskFields prefix={[]} tree={unitSelectTree(units.data ?? [], lang)} testId="wp-new-task" withExecutors={!taskDialog?.task} />
        </Form>
      </Modal>
      <Modal
        open={editingHead}
        width={720}
        title={t('wp.edit_head')}
        onCancel={() => setEditingHead(false)}
        onOk={() => headForm.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ 'data-testid': 'wp-head-save' } as ButtonProps}
      >
        <Form form={headForm} layout="vertical" onFinish={saveHead}>
          <HeadFields />
        </Form>
      </Modal>
    </Card>
  );
}
