import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Table, Typography } from 'antd';
import { api, type AuditEntry, type Page } from '../../api';
import { useI18n } from '../../i18n';
import { actorLabel, formatTime, useShowError } from '../../shared';

function Snapshot(props: { value: Record<string, unknown> }) {
  const entries = Object.entries(props.value ?? {});
  if (entries.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <div style={{ fontSize: 12 }}>
      {entries.map(([k, v]) => (
        <div key={k}>
          <b>{k}</b>: {String(v)}
        </div>
      ))}
    </div>
  );
}

export default function AuditPage() {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async (from: string | null) => {
    setLoading(true);
    try {
      const page = await api<Page<AuditEntry>>('GET', `/audit?limit=100${from ? `&cursor=${from}` : ''}`);
      setEntries((old) => (from ? [...old, ...page.items] : page.items));
      setCursor(page.next_cursor);
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    void load(null);
  }, [load]);

  return (
    <Card title={t('audit.title')}>
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={entries}
        pagination={false}
        data-testid="audit-table"
        expandable={{
          expandedRowRender: (e) => (
            <div style={{ display: 'flex', gap: 32 }}>
              <div>
                <Typography.Text strong>{t('audit.before')}</Typography.Text>
                <Snapshot value={e.before} />
              </div>
              <div>
                <Typography.Text strong>{t('audit.after')}</Typography.Text>
                <Snapshot value={e.after} />
              </div>
            </div>
          ),
        }}
        columns={[
          { title: t('audit.at'), render: (_: unknown, e: AuditEntry) => formatTime(e.at, lang), width: 180 },
          { title: t('audit.actor'), render: (_: unknown, e: AuditEntry) => actorLabel(e.actor_login, t) },
          {
            title: t('audit.action'),
            render: (_: unknown, e: AuditEntry) => <span data-testid="audit-action">{t(`action.${e.action}`)}</span>,
          },
          {
            title: t('audit.object'),
            render: (_: unknown, e: AuditEntry) => {
              const after = (e.after ?? {}) as Record<string, unknown>;
              const before = (e.before ?? {}) as Record<string, unknown>;
              const source = Object.keys(after).length ? after : before;
              const name = (source.name_vi ?? source.login ?? source.full_name ?? source.name ?? '') as string;
              const role = source.role as string | undefined;
              const rolePrefix = e.object_type === 'contact' ? 'contact' : e.object_type === 'team' ? 'team.role' : 'role';
              const detail = role ? t(`${rolePrefix}.${role}`) : '';
              // Objects are named as users know them: an incident or system by its code, a
              // report by its number; the row id only when there is nothing else.
              const known = (source.code ?? source.number ?? '') as string;
              return [`${t(`object.${e.object_type}`)} ${known || `#${e.object_id}`}`, name, detail]
                .filter(Boolean)
                .join(' — ');
            },
          },
          { title: t('audit.address'), dataIndex: 'address' },
        ]}
      />
      {cursor && (
        <Button style={{ marginTop: 8 }} onClick={() => load(cursor)} data-testid="audit-more">
          {t('common.more')}
        </Button>
      )}
    </Card>
  );
}
