// The staff application's frame: antd's locale (following the chosen language), the theme and
// antd's message/modal context. The public page does not use antd and does not load this.
import { type ReactNode } from 'react';
import { App as AntApp, Button, ConfigProvider } from 'antd';
import viVN from 'antd/locale/vi_VN';
import enUS from 'antd/locale/en_US';
import { useI18n } from './i18n';

// Secondary and descriptive text darker than antd's default (3.4:1) to reach WCAG AA; links too.
const theme = {
  token: {
    colorPrimary: '#b71c1c',
    // Links dark enough for 4.5:1 on white and on the light grey of table rows.
    colorLink: '#0747a6',
    colorLinkHover: '#0958d9',
    colorError: '#cf1322',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
  },
};

export default function Providers({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'vi' ? viVN : enUS} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/// The "English" / "Tiếng Việt" button of every header.
export function LangButton() {
  const { lang, t, setLang } = useI18n();
  return (
    <Button size="small" data-testid="lang-switch" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
      {t('lang.switch')}
    </Button>
  );
}
