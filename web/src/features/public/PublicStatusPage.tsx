// The province's public status page (/trang-thai, /status): the sites it chose to publish, each
// with whether it answers now, since when, and its availability over the last 30 days. No
// account, no UI library (the report page's stylesheet), read again every minute while open.
// A site that answers nothing is said in words and with a sign, never by colour alone.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { errorText, formatTime, percent } from '../../text';
import PublicHead from './PublicHead';
import type { GetAnswer } from '../../apiTypes';
import './public.css';

type Status = GetAnswer<'/api/v1/public/status'>;
type Site = Status['items'][number];

const refreshMs = 60_000;
const signs: Record<string, string> = { up: '●', down: '▲', unknown: '○' };

export default function PublicStatusPage() {
  const { t, lang } = useI18n();
  const [sites, setSites] = useState<Site[] | null>(null);
  const [readAt, setReadAt] = useState<Date | null>(null);
  const [error, setError] = useState<string | null>(null);

  const read = useCallback(async () => {
    try {
      const answer = await api<Status>('GET', '/public/status');
      setSites(answer.items);
      setReadAt(new Date());
      setError(null);
    } catch (err) {
      setError(errorText(err, lang));
    }
  }, [lang]);

  useEffect(() => {
    void read();
    const timer = window.setInterval(() => void read(), refreshMs);
    return () => window.clearInterval(timer);
  }, [read]);

  useEffect(() => {
    document.title = t('status.title');
  }, [t]);

  const down = (sites ?? []).filter((s) => s.state === 'down');
  return (
    <main className="pub">
      <PublicHead title={t('status.title')} intro={t('status.intro')} />
      {error && (
        <div className="pub-banner" role="alert">
          {error}
        </div>
      )}
      {sites && (
        <section className="pub-card" aria-live="polite">
          <h2 data-testid="status-summary" className={down.length > 0 ? 'pub-status-bad' : 'pub-status-good'}>
            {sites.length === 0
              ? t('status.none')
              : down.length === 0
                ? t('status.all_up')
                : t('status.some_down').replace('{n}', String(down.length)).replace('{total}', String(sites.length))}
          </h2>
          {readAt && (
            <p className="pub-muted" data-testid="status-read-at">
              {t('status.read_at')} {formatTime(readAt.toISOString(), lang)} · {t('status.every_minute')}
            </p>
          )}
          {sites.length > 0 && (
            <ul className="pub-sites" data-testid="status-sites">
              {sites.map((s, i) => (
                <li key={`${s.name}-${i}`} className={`pub-site pub-site-${s.state}`} data-testid="status-site">
                  <div>
                    <strong>{s.name}</strong>
                    <div className="pub-muted">{s.unit_name}</div>
                  </div>
                  <div className="pub-site-state">
                    <span className="pub-state" data-state={s.state}>
                      <span aria-hidden="true">{signs[s.state] ?? '○'}</span> {t(`status.state_${s.state}`)}
                    </span>
                    {s.since && s.state !== 'unknown' && (
                      <div className="pub-muted">
                        {t('status.since')} {formatTime(s.since, lang)}
                      </div>
                    )}
                    <div className="pub-muted">
                      {t('status.uptime_30')}: {percent(s.uptime_month, lang)}
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <p>
        {t('status.report_hint')} <a href="/phan-anh">{t('status.report_link')}</a>
      </p>
      <p>
        <a href="/">{t('pub.staff')}</a>
      </p>
    </main>
  );
}
