// Coordination across the network (TT 20/2017 Điều 6, 8): the coordination orders and requests
// of the national coordinator (Mẫu 06) recorded by the unit that received them and given to the
// units they address, each answering with its evidence; and the notices of changed đầu mối that
// units have sent to this one, to acknowledge.
import { useCallback, useEffect, useState } from 'react';
import {
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  TreeSelect,
  Typography,
  App as AntApp,
} from 'antd';
import type { ButtonProps } from 'antd';
import dayjs from 'dayjs';
import { api, listAll, type Unit } from '../../api';
import type { Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import { fieldErrors, formatTime, hasRole, unitSelectTree, useSession, useShowError } from '../../shared';

type Order = Schemas['CoordinationOrder'];
type Task = Order['tasks'][number];
type Notice = Schemas['ContactNotice'];

function RollUp({ order }: { order: Order }) {
  const { t } = useI18n();
  const r = order.roll_up;
  return (
    <Space size={4} wrap>
      <Tag>{t('order.total')}: {r.total}</Tag>
      <Tag color="green">{t('order.state.done')}: {r.done}</Tag>
      <Tag>{t('order.state.not_applicable')}: {r.not_applicable}</Tag>
      <Tag color="blue">{t('order.state.open')}: {r.open}</Tag>
      {r.overdue > 0 && <Tag color="red" data-testid="order-overdue">{t('order.overdue')}: {r.overdue}</Tag>}
    </Space>
  );
}

function OrderTasks(props: { order: Order; onChanged: (order: Order) => void }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const [answering, setAnswering] = useState<Task | null>(null);
  const [form] = Form.useForm();
  const answer = async (values: { state: string; answer: string }) => {
    if (!answering) return;
    try {
      props.onChanged(await api<Order>('POST', `/order-tasks/${answering.id}/answer`, values));
      setAnswering(null);
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  return (
    <>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{props.order.actions}</Typography.Paragraph>
      <Table<Task>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={props.order.tasks}
        columns={[
          { title: t('order.unit'), dataIndex: 'unit_name' },
          {
            title: t('order.state'),
            render: (_: unknown, task: Task) => (
              <>
                <Tag>{t(`order.state.${task.state}`)}</Tag>
                {task.overdue && <Tag color="red">{t('order.overdue')}</Tag>}
              </>
            ),
          },
          { title: t('order.answer'), dataIndex: 'answer' },
          {
            title: t('order.answered_at'),
            render: (_: unknown, task: Task) => (task.answered_at ? formatTime(task.answered_at, lang) : '—'),
          },
          {
            title: '',
            render: (_: unknown, task: Task) =>
              task.state === 'open' ? (
                <Button
                  size="small"
                  onClick={() => {
                    form.resetFields();
                    form.setFieldsValue({ state: 'done' });
                    setAnswering(task);
                  }}
                  data-testid={`answer-${task.id}`}
                >
                  {t('order.answer_action')}
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal
        open={answering !== null}
        title={`${t('order.answer_action')} — ${answering?.unit_name ?? ''}`}
        onCancel={() => setAnswering(null)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ 'data-testid': 'answer-save' } as ButtonProps}
      >
        <Form form={form} layout="vertical" onFinish={answer}>
          <Form.Item name="state" label={t('order.state')}>
            <Select
              options={['done', 'not_applicable'].map((s) => ({ value: s, label: t(`order.state.${s}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="answer"
            label={t('order.evidence')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input.TextArea rows={3} data-testid="answer-text" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function OrdersTab() {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const { session } = useSession();
  const canRecord = hasRole(session?.user, ['admin', 'coordinator', 'responder']);
  const [orders, setOrders] = useState<Order[] | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const load = useCallback(async () => {
    try {
      setOrders((await api<{ items: Order[] }>('GET', '/coordination-orders')).items);
    } catch (e) {
      showError(e);
    }
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    void load();
    if (canRecord) listAll<Unit>('/units').then(setUnits).catch(showError);
  }, [load, canRecord]); // eslint-disable-line react-hooks/exhaustive-deps
  const record = async (values: Record<string, unknown> & { issued_on: dayjs.Dayjs; deadline: dayjs.Dayjs }) => {
    try {
      await api('POST', '/coordination-orders', {
        ...values,
        issued_on: values.issued_on.format('YYYY-MM-DD'),
        deadline: values.deadline.format(),
      });
      setCreating(false);
      message.success(t('common.saved'));
      await load();
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  const replace = (changed: Order) => setOrders((all) => all?.map((o) => (o.id === changed.id ? changed : o)) ?? null);
  const tree = unitSelectTree(units, lang);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('order.intro')}</Typography.Paragraph>
      {canRecord && (
        <Button
          type="primary"
          style={{ marginBottom: 12 }}
          onClick={() => {
            form.resetFields();
            form.setFieldsValue({ kind: 'order', issued_on: dayjs() });
            setCreating(true);
          }}
          data-testid="order-new"
        >
          {t('order.record')}
        </Button>
      )}
      {orders && orders.length === 0 && <Empty description={t('order.none')} />}
      {orders?.map((order) => (
        <Card
          key={order.id}
          size="small"
          style={{ marginBottom: 12 }}
          data-testid={`order-${order.id}`}
          title={`${t(`order.kind.${order.kind}`)} ${order.number} — ${order.subject}`}
          extra={<RollUp order={order} />}
        >
          <Typography.Paragraph type="secondary">
            {order.issuer} · {dayjs(order.issued_on).format('DD/MM/YYYY')} · {t('order.received_by')}:{' '}
            {order.receiving_unit_name} · {t('order.deadline')}: {formatTime(order.deadline, lang)}
          </Typography.Paragraph>
          <OrderTasks order={order} onChanged={replace} />
        </Card>
      ))}
      <Modal
        open={creating}
        width={720}
        title={t('order.record')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ 'data-testid': 'order-save' } as ButtonProps}
      >
        <Typography.Paragraph type="secondary">{t('order.model_note')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={record}>
          <Form.Item name="receiving_unit_id" label={t('order.received_by')} rules={[{ required: true, message: t('common.required') }]}>
            <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll data-testid="order-receiving" />
          </Form.Item>
          <Form.Item name="kind" label={t('order.kind')}>
            <Select options={['order', 'request'].map((k) => ({ value: k, label: t(`order.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="issuer" label={t('order.issuer')} rules={[{ required: true, message: t('common.required') }]}>
            <Input data-testid="order-issuer" />
          </Form.Item>
          <Form.Item name="number" label={t('order.number')} rules={[{ required: true, message: t('common.required') }]}>
            <Input data-testid="order-number" />
          </Form.Item>
          <Form.Item name="issued_on" label={t('order.issued_on')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
          <Form.Item name="subject" label={t('order.subject')} rules={[{ required: true, message: t('common.required') }]}>
            <Input data-testid="order-subject" />
          </Form.Item>
          <Form.Item name="actions" label={t('order.actions')} rules={[{ required: true, message: t('common.required') }]}>
            <Input.TextArea rows={4} data-testid="order-actions" />
          </Form.Item>
          <Form.Item name="deadline" label={t('order.deadline')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker showTime format="HH:mm DD/MM/YYYY" data-testid="order-deadline" />
          </Form.Item>
          <Form.Item name="addressees" label={t('order.addressees')} rules={[{ required: true, message: t('common.required') }]}>
            <TreeSelect
              treeData={tree}
              multiple
              showSearch
              treeNodeFilterProp="title"
              treeDefaultExpandAll
              data-testid="order-addressees"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function NoticesTab() {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const [notices, setNotices] = useState<Notice[]>([]);
  const load = useCallback(async () => {
    try {
      setNotices((await api<{ items: Notice[] }>('GET', '/contact-notices')).items);
    } catch (e) {
      showError(e);
    }
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    void load();
  }, [load]);
  const acknowledge = async (id: number) => {
    try {
      await api('POST', `/contact-notices/${id}/acknowledge`);
      await load();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Table<Notice>
      rowKey="id"
      size="small"
      dataSource={notices}
      locale={{ emptyText: t('notice.none') }}
      expandable={{ expandedRowRender: (n) => <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{n.body}</pre> }}
      columns={[
        { title: t('notice.unit'), dataIndex: 'unit_name' },
        { title: t('notice.recipient'), dataIndex: 'recipient_name' },
        {
          title: t('member.sent_at'),
          render: (_: unknown, n: Notice) => (
            <>
              {formatTime(n.sent_at, lang)} {n.late && <Tag color="red">{t('member.late')}</Tag>}
            </>
          ),
        },
        {
          title: t('member.acknowledged'),
          render: (_: unknown, n: Notice) =>
            n.acknowledged_at ? (
              formatTime(n.acknowledged_at, lang)
            ) : (
              <Button size="small" onClick={() => acknowledge(n.id)} data-testid={`ack-notice-${n.id}`}>
                {t('notice.acknowledge')}
              </Button>
            ),
        },
      ]}
    />
  );
}

export default function CoordinationPage() {
  const { t } = useI18n();
  return (
    <Card title={t('nav.coordination')}>
      <Tabs
        items={[
          { key: 'orders', label: t('order.tab'), children: <OrdersTab /> },
          { key: 'notices', label: t('notice.tab'), children: <NoticesTab /> },
        ]}
      />
    </Card>
  );
}
