// The language switch of the public pages (report, status).
import { useI18n } from '../../i18n';

export default function LangSwitch() {
  const { lang, t, setLang } = useI18n();
  return (
    <button type="button" className="pub-lang" data-testid="lang-switch" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
      {t('lang.switch')}
    </button>
  );
}
