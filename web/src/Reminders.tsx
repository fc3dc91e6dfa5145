// The bell in the header, "Nhắc việc": the user's due and overdue work (see duework.tsx) — the
// count on the button, red when anything is overdue; each item opens its object.
import { useState } from 'react';
import { Badge, Button, Popover } from 'antd';
import { useI18n } from './i18n';
import { useDueWork } from './duework';
import DueList from './DueList';

export default function Reminders() {
  const { t, lang } = useI18n();
  const due = useDueWork(lang, t);
  const [open, setOpen] = useState(false);
  const overdue = due.items.filter((i) => i.overdue).length;
  return (
    <Popover
      content={<DueList due={due} limit={12} onOpen={() => setOpen(false)} />}
      title={t('remind.title')}
      trigger="click"
      open={open}
      onOpenChange={setOpen}
    >
      <Badge count={due.items.length} color={overdue > 0 ? '#cf1322' : '#874d00'} size="small">
        <Button size="small" data-testid="reminders" aria-label={`${t('remind.button')}: ${due.items.length}`}>
          {t('remind.button')}
        </Button>
      </Badge>
    </Popover>
  );
}
