// The public page: anyone (a citizen, a company) reports an incident without an account and
// gets a tracking code to follow it. Plain HTML and a small stylesheet, no UI library, so that a
// phone on a slow line shows it quickly. The hidden "website" field catches robots; the server
// limits how many reports one address may send.
import { useRef, useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useI18n, type Lang } from '../../i18n';
import { errorText, fieldErrors, formatTime } from '../../text';
import PublicHead from './PublicHead';
import './public.css';
import type { GetAnswer } from '../../apiTypes';

type Status = GetAnswer<'/api/v1/public/reports/{code}'>;

type Fields = 'affected' | 'description' | 'name' | 'organisation' | 'email' | 'phone' | 'website';
export type Values = Record<Fields, string>;
export const empty: Values = { affected: '', description: '', name: '', organisation: '', email: '', phone: '', website: '' };
const order: Fields[] = ['affected', 'description', 'name', 'organisation', 'email', 'phone'];

// The same checks the server makes, said in words before anything is sent.
export function check(v: Values, t: (key: string) => string): Partial<Record<Fields, string>> {
  const errors: Partial<Record<Fields, string>> = {};
  if (!v.affected.trim()) errors.affected = t('pub.need_affected');
  if (!v.description.trim()) errors.description = t('pub.need_description');
  if (v.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email.trim())) errors.email = t('pub.bad_email');
  if (!v.email.trim() && !v.phone.trim()) {
    errors.email = t('pub.need_contact');
    errors.phone = t('pub.need_contact');
  }
  return errors;
}

export default function PublicReportPage() {
  const { t, lang } = useI18n();
  const [values, setValues] = useState<Values>(empty);
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [code, setCode] = useState<string | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const showErrors = (found: Partial<Record<Fields, string>>) => {
    setErrors(found);
    setBanner(t('pub.check_fields'));
    // The first field to fix comes into view with the cursor in it.
    const first = order.find((f) => found[f]);
    if (first) {
      const input = formRef.current?.elements.namedItem(first) as HTMLElement | null;
      input?.scrollIntoView({ block: 'center' });
      input?.focus({ preventScroll: true });
    }
  };

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const found = check(values, t);
    if (Object.keys(found).length > 0) {
      showErrors(found);
      return;
    }
    setSending(true);
    setBanner(null);
    setErrors({});
    try {
      const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
      const r = await api<{ tracking_code: string }>('POST', '/public/reports', body);
      setCode(r.tracking_code);
      window.scrollTo({ top: 0 });
    } catch (err) {
      const fields = fieldErrors(err, lang);
      if (fields.length > 0) {
        showErrors(Object.fromEntries(fields.map((f) => [f.name, f.errors[0]])));
      } else {
        setBanner(errorText(err, lang));
      }
    } finally {
      setSending(false);
    }
  };

  const field = (name: Fields, label: string, input: (props: object) => JSX.Element) => (
    <div className={errors[name] ? 'pub-field pub-invalid' : 'pub-field'}>
      <label htmlFor={`pub-${name}`}>{label}</label>
      {input({
        id: `pub-${name}`,
        name,
        value: values[name],
        'data-testid': `pub-${name}`,
        'aria-invalid': errors[name] ? true : undefined,
        'aria-describedby': errors[name] ? `pub-${name}-error` : undefined,
        onChange: (e: { target: { value: string } }) => {
          setValues({ ...values, [name]: e.target.value });
          // Typing in a field clears what was said about it (e-mail and phone go together).
          if (errors[name]) {
            const rest: Partial<Record<Fields, string>> = { ...errors };
            delete rest[name];
            if (name === 'email' || name === 'phone') {
              delete rest.email;
              delete rest.phone;
            }
            setErrors(rest);
          }
        },
      })}
      {errors[name] && (
        <div className="pub-error" id={`pub-${name}-error`} role="alert">
          {errors[name]}
        </div>
      )}
    </div>
  );

  return (
    <main className="pub">
      <PublicHead title={t('pub.title')} intro={t('pub.intro')} />
      {code ? (
        <section className="pub-card pub-done" aria-live="polite">
          <h2>{t('pub.thanks')}</h2>
          <p>
            {t('pub.code_is')} <strong className="pub-code" data-testid="tracking-code">{code}</strong>{' '}
            <button type="button" onClick={() => void navigator.clipboard?.writeText(code)}>
              {t('pub.copy')}
            </button>
          </p>
          <p className="pub-muted" data-testid="pub-next">
            {t('pub.next')}
          </p>
          <button
            type="button"
            onClick={() => {
              setCode(null);
              setValues(empty);
            }}
          >
            {t('pub.another')}
          </button>
        </section>
      ) : (
        <form className="pub-card" ref={formRef} onSubmit={send} noValidate>
          {banner && (
            <div className="pub-banner" role="alert">
              {banner}
            </div>
          )}
          {field('affected', t('pub.affected'), (p) => <input {...p} placeholder="https://…" />)}
          {field('description', t('pub.description'), (p) => <textarea {...p} rows={5} />)}
          {field('name', t('pub.name'), (p) => <input {...p} autoComplete="name" />)}
          {field('organisation', t('pub.organisation'), (p) => <input {...p} autoComplete="organization" />)}
          <p className="pub-muted" data-testid="pub-contact-hint">
            {t('pub.contact_hint')}
          </p>
          {field('email', t('pub.email'), (p) => <input {...p} type="email" autoComplete="email" />)}
          {field('phone', t('pub.phone'), (p) => <input {...p} type="tel" autoComplete="tel" />)}
          {/* Hidden from people; robots fill it in. */}
          <div className="pub-trap" aria-hidden="true">
            <input
              name="website"
              tabIndex={-1}
              autoComplete="off"
              value={values.website}
              onChange={(e) => setValues({ ...values, website: e.target.value })}
            />
          </div>
          <button type="submit" className="pub-primary" disabled={sending} data-testid="pub-submit">
            {sending ? t('pub.sending') : t('pub.submit')}
          </button>
        </form>
      )}
      <Follow lang={lang} t={t} initial={code ?? new URLSearchParams(window.location.search).get('code') ?? ''} />
      <p>
        <a href="/trang-thai">{t('pub.status_link')}</a>
      </p>
      <p>
        <a href="/">{t('pub.staff')}</a>
      </p>
    </main>
  );
}

function Follow({ lang, t, initial }: { lang: Lang; t: (key: string) => string; initial: string }) {
  const [lookup, setLookup] = useState(initial);
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shownFor, setShownFor] = useState(initial);
  if (initial !== shownFor) {
    // A new tracking code fills the box.
    setShownFor(initial);
    setLookup(initial);
  }
  const checkStatus = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setStatus(null);
    try {
      setStatus(await api<Status>('GET', `/public/reports/${encodeURIComponent(lookup.trim())}`));
    } catch (err) {
      setError(errorText(err, lang));
    }
  };
  return (
    <section className="pub-card">
      <h2>{t('pub.follow')}</h2>
      <form className="pub-row" onSubmit={checkStatus}>
        <label htmlFor="pub-lookup" className="pub-sr">
          {t('pub.code')}
        </label>
        <input
          id="pub-lookup"
          value={lookup}
          onChange={(e) => setLookup(e.target.value)}
          placeholder={t('pub.code')}
          data-testid="pub-lookup"
        />
        <button type="submit" data-testid="pub-check">
          {t('pub.check')}
        </button>
      </form>
      {error && (
        <div className="pub-banner" role="alert">
          {error}
        </div>
      )}
      {status && (
        <div className="pub-status" data-testid="pub-status" aria-live="polite">
          <strong>
            {status.tracking_code}: {lang === 'en' ? status.state_en : status.state_vi}
          </strong>
          <div className="pub-muted">
            {t('pub.received')} {formatTime(status.received_at, lang)} · {t('pub.updated')} {formatTime(status.updated_at, lang)}
          </div>
        </div>
      )}
    </section>
  );
}
