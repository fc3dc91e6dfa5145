// The bell in the header, "Nhắc việc": the user's due and overdue work (see duework.tsx) — the
// count on the button, red when anything is overdue; the list opens below it (Esc or a click
// elsewhere closes it); each item opens its object.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n';
import { useDueWork } from './duework';
import DueList from './DueList';

export default function Reminders() {
  const { t, lang } = useI18n();
  const due = useDueWork(lang, t);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const overdue = due.items.filter((i) => i.overdue).length;

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onClick = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  return (
    <div className="reminders" ref={box}>
      <button
        type="button"
        className="app-header-button"
        data-testid="reminders"
        aria-expanded={open}
        aria-controls="reminders-panel"
        aria-label={`${t('remind.button')}: ${due.items.length}`}
        onClick={() => setOpen((o) => !o)}
      >
        {t('remind.button')}
        {due.items.length > 0 && (
          <span className={overdue > 0 ? 'reminders-count reminders-overdue' : 'reminders-count'}>{due.items.length}</span>
        )}
      </button>
      {open && (
        <div className="reminders-panel" id="reminders-panel" data-testid="reminders-panel" role="region" aria-label={t('remind.title')}>
          <div className="reminders-title">{t('remind.title')}</div>
          <DueList due={due} limit={12} onOpen={() => setOpen(false)} />
        </div>
      )}
    </div>
  );
}
