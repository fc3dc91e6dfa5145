// The due-work list as the bell's popover and the home pages show it: what it is, where it
// stands, a ticking countdown, and a link to the object.
import { useI18n } from '../../i18n';
import { Countdown } from '../../clock';
import { NavLink } from '../../nav';
import { errorText } from '../../text';
import type { DueItem } from './duework';

const kindColor: Record<DueItem['kind'], string> = { incident: '#a8071a', report: '#0747a6', dossier: '#531dab', duty: '#135200' };

export default function DueList({
  due,
  limit,
  onOpen,
}: {
  due: { items: DueItem[]; loaded: boolean; error: unknown; reload: () => void };
  limit?: number;
  onOpen?: () => void;
}) {
  const { t, lang } = useI18n();
  if (!due.loaded) return <div className="due-empty due-loading">{t('common.loading')}</div>;
  if (due.error && due.items.length === 0)
    return (
      <div className="due-empty" role="alert">
        {t('common.load_failed')}: {errorText(due.error, lang)}{' '}
        <button type="button" onClick={due.reload}>
          {t('common.retry')}
        </button>
      </div>
    );
  if (due.items.length === 0) return <div className="due-empty">{t('remind.none')}</div>;
  const shown = limit ? due.items.slice(0, limit) : due.items;
  return (
    <ul className="due-list" data-testid="due-list">
      {shown.map((i) => (
        <li key={i.key} data-testid={`due-${i.key}`}>
          <span className="due-kind" style={{ color: kindColor[i.kind] }}>
            {t(`remind.kind.${i.kind}`)}
          </span>
          <NavLink page={i.page} query={i.query} onNavigate={onOpen}>
            {i.title}
          </NavLink>
          <div className="due-detail">
            {i.detail}
            {i.due_at && (
              <>
                {' · '}
                <span className={i.overdue ? 'due-overdue' : 'due-soon'}>
                  <Countdown due={i.due_at} lang={lang} />
                </span>
              </>
            )}
            {i.your_turn && i.kind === 'dossier' && <span className="due-turn"> · {t('remind.your_turn')}</span>}
          </div>
        </li>
      ))}
      {limit && due.items.length > limit && (
        <li className="due-more">{t('remind.more').replace('{n}', String(due.items.length - limit))}</li>
      )}
    </ul>
  );
}
