// The head of the public pages (report, status): the title, the language switch and the
// introduction.
import { useI18n } from '../../i18n';

export default function PublicHead({ title, intro }: { title: string; intro: string }) {
  const { lang, t, setLang } = useI18n();
  return (
    <>
      <header className="pub-head">
        <h1>{title}</h1>
        <button type="button" className="pub-lang" data-testid="lang-switch" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
          {t('lang.switch')}
        </button>
      </header>
      <p className="pub-muted">{intro}</p>
    </>
  );
}
