// The fields of one plan task, shared by the new plan's list of tasks and the "add a task"
// dialog: content, executing units (by name, or every unit of a kind below the issuer),
// coordinating units, time frame as plans write it, budget source and estimate, expected output.
import { Form, Input, InputNumber, Select, TreeSelect } from 'antd';
import { useI18n } from '../../i18n';

/// The kinds a task may be given to as a whole ("each commune…").
export const assignableKinds = ['department', 'district', 'commune', 'response_team', 'soc', 'enterprise', 'other'];

export interface TaskValues {
  item?: string;
  content: string;
  executor_unit_ids?: number[];
  executor_kinds?: string[];
  coordinating?: string;
  time_frame: string;
  budget_source?: string;
  budget_estimate?: number | null;
  expected_output?: string;
}

/// The body the API takes for a task (empty optional fields left out).
export function taskBody(v: TaskValues) {
  return {
    ...taskText(v),
    executor_unit_ids: v.executor_unit_ids ?? [],
    executor_kinds: v.executor_kinds ?? [],
  };
}

/// A task's correction: everything but its executing units.
export function taskText(v: TaskValues) {
  return {
    item: v.item ?? '',
    content: v.content,
    coordinating: v.coordinating ?? '',
    time_frame: v.time_frame,
    budget_source: v.budget_source ?? '',
    ...(v.budget_estimate != null ? { budget_estimate: v.budget_estimate } : {}),
    expected_output: v.expected_output ?? '',
  };
}

/// `withExecutors` false: a correction, whose executing units stay.
export default function TaskFields(props: { prefix: (string | number)[]; tree: object[]; testId: string; withExecutors?: boolean }) {
  const { t } = useI18n();
  const name = (field: string) => [...props.prefix, field];
  const required = [{ required: true, message: t('common.required') }];
  return (
    <>
      <Form.Item name={name('item')} label={t('wp.task.item')}>
        <Input style={{ width: 160 }} placeholder="II.5.a" />
      </Form.Item>
      <Form.Item name={name('content')} label={t('wp.task.content')} rules={required}>
        <Input.TextArea rows={2} data-testid={`${props.testId}-content`} />
      </Form.Item>
      {props.withExecutors !== false && (
        <>
          <Form.Item name={name('executor_kinds')} label={t('wp.task.executor_kinds')} extra={t('wp.task.executor_kinds_hint')}>
            <Select
              mode="multiple"
              data-testid={`${props.testId}-kinds`}
              options={assignableKinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name={name('executor_unit_ids')} label={t('wp.task.executor_units')}>
            <TreeSelect treeData={props.tree} multiple showSearch treeNodeFilterProp="title" treeDefaultExpandAll data-testid={`${props.testId}-units`} />
          </Form.Item>
        </>
      )}
      <Form.Item name={name('coordinating')} label={t('wp.task.coordinating')}>
        <Input />
      </Form.Item>
      <Form.Item name={name('time_frame')} label={t('wp.task.frame')} rules={required} extra={t('wp.task.frame_hint')}>
        <Input data-testid={`${props.testId}-frame`} placeholder="31/12/2026 · Quý III/2026 · Hằng năm · Thường xuyên" />
      </Form.Item>
      <Form.Item name={name('budget_source')} label={t('wp.task.budget_source')}>
        <Input />
      </Form.Item>
      <Form.Item name={name('budget_estimate')} label={t('wp.task.budget_estimate')}>
        <InputNumber<number>
          min={0}
          style={{ width: 240 }}
          formatter={(v) => (v == null ? '' : String(v).replace(/\B(?=(\d{3})+(?!\d))/g, '.'))}
          parser={(v) => Number((v ?? '').replace(/\./g, ''))}
        />
      </Form.Item>
      <Form.Item name={name('expected_output')} label={t('wp.task.output')}>
        <Input />
      </Form.Item>
    </>
  );
}
