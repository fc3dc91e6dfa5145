// The bell in the header: level-dossier stages that are overdue or due within three days at a
// unit the user follows, each opening the dossier. Refreshed every minute.
import { useEffect, useState } from 'react';
import { Badge, Button, List, Popover, Tag, Typography } from 'antd';
import { api } from './api';
import { useI18n } from './i18n';
import { formatTime } from './shared';
import { useNav } from './registry';

interface Reminder {
  id: number;
  system_code: string;
  system_name: string;
  state: string;
  due_at: string;
  overdue: boolean;
  can_act: boolean;
}

export default function Reminders() {
  const { t, lang } = useI18n();
  const nav = useNav();
  const [items, setItems] = useState<Reminder[]>([]);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const load = () =>
      api<{ items: Reminder[] }>('GET', '/reminders')
        .then((r) => setItems(r.items))
        .catch(() => {});
    void load();
    const timer = window.setInterval(load, 60000);
    return () => window.clearInterval(timer);
  }, []);

  const overdue = items.filter((i) => i.overdue).length;
  const content = (
    <List
      style={{ width: 420 }}
      size="small"
      dataSource={items}
      locale={{ emptyText: t('remind.none') }}
      renderItem={(r) => (
        <List.Item
          style={{ cursor: 'pointer' }}
          onClick={() => {
            setOpen(false);
            nav('dossiers', `id=${r.id}`);
          }}
        >
          <List.Item.Meta
            title={`${r.system_code} — ${t(`dossier.state.${r.state}`)}`}
            description={
              <>
                {t('dossier.due')}: {formatTime(r.due_at, lang)}{' '}
                <Tag color={r.overdue ? 'red' : 'gold'}>{r.overdue ? t('dossier.overdue') : t('ready.state.due_soon')}</Tag>
                {r.can_act && <Typography.Text type="danger">{t('remind.your_turn')}</Typography.Text>}
              </>
            }
          />
        </List.Item>
      )}
    />
  );
  return (
    <Popover content={content} title={t('remind.title')} trigger="click" open={open} onOpenChange={setOpen}>
      <Badge count={items.length} color={overdue > 0 ? 'red' : 'gold'} size="small">
        <Button size="small" data-testid="reminders">
          {t('remind.button')}
        </Button>
      </Badge>
    </Popover>
  );
}
