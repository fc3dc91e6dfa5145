// Small pieces shared by the pages: the signed-in session, error display, unit labels.
import { Alert, App as AntApp, Button, Skeleton, Tag, Typography } from 'antd';
import { type FileScan, type Unit } from './api';
import { errorText } from './text';

export { errorText, fieldErrors, formatTime } from './text';
import { useI18n, type Lang } from './i18n';

export { SessionContext, hasRole, useSession, type Session } from './session';

/// Shows an API error as a message (Vietnamese or English by the current language).
export function useShowError() {
  const { message } = AntApp.useApp();
  const { lang } = useI18n();
  return (error: unknown) => {
    // The same message twice (two loads failing for one cause) shows once.
    const content = errorText(error, lang);
    message.error({ content, duration: 6, key: `error:${content}` });
  };
}

/// "Due soon" in an amber dark enough to read on white and on its tag (about 6.8:1, WCAG AA).
export const dueSoonText = '#874d00';
export const dueSoonTag = { color: dueSoonText, background: '#fffbe6', borderColor: '#ffe58f' };

/// Who acted, as people read it: the machine's own actors by what they are, people by login.
export function actorLabel(login: string, t: (key: string) => string): string {
  if (login === 'cli' || login === 'system') return t('actor.system');
  if (login === 'phat-hien') return t('actor.detection');
  if (login === 'giam-sat-web') return t('actor.monitor');
  if (login === 'quet-ma-doc') return t('actor.scanner');
  return login;
}


export function unitName(unit: Unit | undefined, lang: Lang): string {
  if (!unit) return '';
  return lang === 'en' && unit.name_en ? unit.name_en : unit.name_vi;
}

export const unitKinds = [
  'national',
  'national_body',
  'province',
  'department',
  'district',
  'commune',
  'response_team',
  'soc',
  'enterprise',
  'other',
];

export const roles = ['admin', 'coordinator', 'responder', 'officer', 'leader', 'auditor'];



/// Active units as TreeSelect data (children under their parents; units whose parent is out of
/// the caller's scope become roots).
export function unitSelectTree(units: Unit[], lang: Lang): object[] {
  const active = units.filter((u) => u.active);
  const ids = new Set(active.map((u) => u.id));
  const build = (parent: number | null): object[] =>
    active
      .filter((u) => (parent === null ? u.parent_id === null || !ids.has(u.parent_id) : u.parent_id === parent))
      .map((u) => ({ value: u.id, title: unitName(u, lang), children: build(u.id) }));
  return build(null);
}

/// What a page shows while its data is on the way (instead of a blank page).
export function Loading() {
  return <Skeleton active paragraph={{ rows: 6 }} data-testid="loading" />;
}

/// What a page shows when its data could not be loaded: the reason and a way to try again,
/// never an empty list that looks like "no data".
export function LoadFailed({ message, retry }: { message: string; retry: () => void }) {
  const { t } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      data-testid="load-failed"
      message={t('common.load_failed')}
      description={message}
      action={
        <Button size="small" onClick={retry} data-testid="load-retry">
          {t('common.retry')}
        </Button>
      }
    />
  );
}

/// A phone number as one unbroken piece, and a link that dials it on a phone.
export function Phone({ number }: { number: string | null | undefined }) {
  if (!number) return null;
  return (
    <a href={`tel:${number.replace(/[^0-9+]/g, '')}`} className="nowrap">
      {number}
    </a>
  );
}

/// The malware scan of a stored file: a tag, and for a match what was found and where (in the
/// archive), written out so it reads without hovering.
export function ScanResult({ scan, testId }: { scan: FileScan | null | undefined; testId?: string }) {
  const { t } = useI18n();
  if (!scan) return null;
  const color = scan.verdict === 'infected' ? 'red' : scan.verdict === 'clean' ? 'green' : 'orange';
  return (
    <span data-testid={testId} data-verdict={scan.verdict}>
      <Tag color={color} title={scan.engines}>
        {t(`scan.${scan.verdict}`)}
      </Tag>
      {scan.findings.map((f, i) => (
        <Typography.Text key={i} type="danger" style={{ display: 'block', fontSize: 12 }}>
          {f.description || f.rule} ({f.engine === 'clamav' ? 'ClamAV' : 'YARA'}: {f.rule}
          {f.member && ` — ${t('scan.in')} ${f.member}`})
        </Typography.Text>
      ))}
    </span>
  );
}
