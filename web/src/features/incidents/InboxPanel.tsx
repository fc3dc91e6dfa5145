// Reports that reached the caller's units in the app, newest first; the recipient acknowledges
// each (the sender sees who acknowledged and when).
import { useCallback, useEffect, useState } from 'react';
import { Button, Switch, Space, Table, Tag } from 'antd';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { formatTime, useShowError } from '../../shared';
import { NavLink } from '../../nav';
import type { Delivery } from './incidents';

export default function InboxPanel() {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const [items, setItems] = useState<Delivery[]>([]);
  const [pending, setPending] = useState(true);

  const load = useCallback(async () => {
    try {
      const r = await api<{ items: Delivery[] }>('GET', `/inbox?unacknowledged=${pending}`);
      setItems(r.items);
    } catch (e) {
      showError(e);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pending]);

  useEffect(() => {
    void load();
  }, [load]);

  const acknowledge = async (d: Delivery) => {
    try {
      await api('POST', `/deliveries/${d.id}/acknowledge`);
      await load();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Switch checked={pending} onChange={setPending} /> {t('inc.inbox_pending')}
      </Space>
      <Table
        rowKey="id"
        size="small"
        dataSource={items}
        data-testid="inbox-table"
        pagination={{ pageSize: 50 }}
        columns={[
          {
            title: t('inc.subject'),
            dataIndex: 'subject',
            render: (s: string, d: Delivery) => <NavLink page="incidents" query={`id=${d.incident_id}`}>{s}</NavLink>,
          },
          { title: t('inc.recipient'), dataIndex: 'unit_name' },
          { title: t('inc.sent_at'), dataIndex: 'sent_at', render: (v: string | null) => (v ? formatTime(v, lang) : '') },
          {
            title: t('inc.acknowledged'),
            render: (_: unknown, d: Delivery) =>
              d.acknowledged_at ? (
                <Tag color="success">
                  {d.acknowledged_by} · {formatTime(d.acknowledged_at, lang)}
                </Tag>
              ) : (
                <Button size="small" type="primary" onClick={() => acknowledge(d)} data-testid={`ack-${d.id}`}>
                  {t('inc.acknowledge')}
                </Button>
              ),
          },
        ]}
      />
    </Space>
  );
}
