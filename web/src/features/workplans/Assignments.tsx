// A plan task as one executing unit holds it: where it stands today (a yearly task starts over
// each year), its progress and evidence, and the dialog in which the unit records them. Shared by
// the list of tasks and by a plan's page.
import { useState } from 'react';
import { Button, Form, Input, InputNumber, Modal, Progress, Select, Space, Table, Tag, Typography, App as AntApp } from 'antd';
import type { ButtonProps } from 'antd';
import { api } from '../../api';
import type { Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import { NavLink } from '../../nav';
import { dueSoonTag, fieldErrors, useShowError } from '../../shared';
import { announceChange } from '../home/duework';

export type Assignment = Schemas['PlanAssignment'];
export type RollUp = Schemas['TaskRollUp'];
type Status = Assignment['status'];

const statusColor: Record<Status, string> = {
  not_started: 'default',
  in_progress: 'processing',
  done: 'success',
  not_applicable: 'default',
};

/// "2026-10-02" → "02/10/2026".
export function dayVi(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

export function StatusTags({ a }: { a: Pick<Assignment, 'status' | 'overdue'> }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap>
      <Tag color={statusColor[a.status]}>{t(`wp.status.${a.status}`)}</Tag>
      {a.overdue && <Tag color="red">{t('wp.overdue')}</Tag>}
    </Space>
  );
}

export function RollUpTags({ r, testId }: { r: RollUp; testId?: string }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap data-testid={testId}>
      <Tag>
        {t('wp.total')}: {r.total}
      </Tag>
      <Tag color="green">
        {t('wp.status.done')}: {r.done}
      </Tag>
      <Tag color="blue">
        {t('wp.status.in_progress')}: {r.in_progress}
      </Tag>
      <Tag style={r.not_started > 0 ? dueSoonTag : undefined}>
        {t('wp.status.not_started')}: {r.not_started}
      </Tag>
      {r.overdue > 0 && (
        <Tag color="red" data-testid={testId ? `${testId}-overdue` : undefined}>
          {t('wp.overdue')}: {r.overdue}
        </Tag>
      )}
    </Space>
  );
}

/// Where the unit stands on the task, recorded by the unit itself.
export function UpdateDialog(props: { assignment: Assignment | null; onClose: () => void; onSaved: (a: Assignment) => void }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const status = Form.useWatch('status', form) as Status | undefined;
  const a = props.assignment;
  const save = async (values: { status: Status; progress?: number; evidence?: string }) => {
    if (!a) return;
    try {
      const saved = await api<Assignment>('PUT', `/plan-assignments/${a.id}`, {
        status: values.status,
        progress: values.status === 'in_progress' ? (values.progress ?? 0) : values.status === 'done' ? 100 : 0,
        evidence: values.evidence ?? '',
        version: a.version,
      });
      message.success(t('common.saved'));
      announceChange();
      props.onSaved(saved);
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  return (
    <Modal
      open={a !== null}
      title={a ? `${t('wp.update')} — ${a.unit_name}` : ''}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'wp-update-save' } as ButtonProps}
      afterOpenChange={(open) => {
        if (open && a) form.setFieldsValue({ status: a.status, progress: a.progress, evidence: a.evidence });
      }}
      destroyOnClose
    >
      {a && (
        <Typography.Paragraph>
          {a.task_item && <b>{a.task_item}. </b>}
          {a.task_content}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={save} preserve={false}>
        <Form.Item name="status" label={t('wp.status')}>
          <Select
            data-testid="wp-update-status"
            options={(['not_started', 'in_progress', 'done', 'not_applicable'] as const).map((s) => ({ value: s, label: t(`wp.status.${s}`) }))}
          />
        </Form.Item>
        {status === 'in_progress' && (
          <Form.Item name="progress" label={t('wp.progress')} rules={[{ type: 'number', min: 0, max: 99, message: t('wp.progress_range') }]}>
            <InputNumber min={0} max={99} addonAfter="%" data-testid="wp-update-progress" />
          </Form.Item>
        )}
        <Form.Item
          name="evidence"
          label={t(status === 'not_applicable' ? 'wp.reason' : 'wp.evidence')}
          extra={t('wp.evidence_hint')}
          rules={[{ required: status === 'done' || status === 'not_applicable', message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={4000} data-testid="wp-update-evidence" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/// Assignments as a table; `withTask` shows the task and its plan (the list across plans).
export function AssignmentTable(props: { items: Assignment[]; withTask: boolean; onChanged: () => void; testId: string }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<Assignment | null>(null);
  return (
    <>
      <Table<Assignment>
        rowKey="id"
        size="small"
        data-testid={props.testId}
        dataSource={props.items}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('wp.no_tasks') }}
        columns={[
          ...(props.withTask
            ? [
                {
                  title: t('wp.task'),
                  render: (_: unknown, a: Assignment) => (
                    <>
                      <div>
                        {a.task_item && <b>{a.task_item}. </b>}
                        {a.task_content}
                      </div>
                      <NavLink page="workplans" query={`id=${a.plan_id}`}>
                        <Typography.Text type="secondary">
                          {a.plan_number ? `${a.plan_number} — ` : ''}
                          {a.plan_title}
                        </Typography.Text>
                      </NavLink>
                    </>
                  ),
                },
              ]
            : []),
          { title: t('wp.unit'), dataIndex: 'unit_name' },
          {
            title: t('wp.due'),
            render: (_: unknown, a: Assignment) => (a.due_on ? dayVi(a.due_on) : a.frame.label_vi),
          },
          { title: t('wp.status'), render: (_: unknown, a: Assignment) => <StatusTags a={a} /> },
          {
            title: t('wp.progress'),
            width: 140,
            render: (_: unknown, a: Assignment) =>
              a.status === 'not_applicable' ? '—' : <Progress percent={a.progress} size="small" aria-label={`${t('wp.progress')} ${a.unit_name}`} />,
          },
          {
            title: t('wp.evidence'),
            render: (_: unknown, a: Assignment) => <span style={{ whiteSpace: 'pre-wrap' }}>{a.evidence}</span>,
          },
          {
            title: '',
            render: (_: unknown, a: Assignment) =>
              a.can_update ? (
                <Button size="small" onClick={() => setEditing(a)} data-testid={`wp-update-${a.id}`}>
                  {t('wp.update')}
                </Button>
              ) : null,
          },
        ]}
      />
      <UpdateDialog
        assignment={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          props.onChanged();
        }}
      />
    </>
  );
}
