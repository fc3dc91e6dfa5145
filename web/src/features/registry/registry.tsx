// Pieces shared by the registry pages: the level-criteria questions, level and state tags,
// the unit list every form needs, and navigation with a query string.
import { useEffect } from 'react';
import { Checkbox, Form, InputNumber, Modal, Select, Switch, Tag } from 'antd';
import { ApiError, csrf, type Unit } from '../../api';
import { useI18n } from '../../i18n';
import { useShowError } from '../../shared';
import { useApiList } from '../../query';
import type { Schemas } from '../../apiTypes';

export type Criterion = Schemas['System']['deciding_criteria'] extends (infer C)[] | undefined ? C : never;

export type InfoSystem = Schemas['System'];

export const systemClasses = ['internal', 'citizen_service', 'infrastructure', 'industrial_control', 'other'];
export const infoClasses = ['public', 'private', 'personal', 'state_secret'];
export const services = ['web', 'mail', 'database', 'dns', 'file', 'other'];
export const measures = ['antivirus', 'firewall', 'ids_ips', 'waf', 'backup', 'siem', 'dlp', 'other'];
const scopes = ['none', 'single_organisation', 'sector_or_province', 'nationwide', 'international'];
const grades = ['none', 'grade_2_to_4', 'grade_1', 'special'];
const impacts = ['none', 'harm', 'serious', 'very_serious'];

export const factDefaults = {
  system_class: 'internal',
  info_classes: ['public'],
  user_count: 0,
  online_service_level: 0,
  conditional_business: false,
  infrastructure_scope: 'none',
  works_grade: 'none',
  requires_24_7: false,
  national_egovernment: false,
  national_data_store: false,
  secret_impact: 'none',
};

/// The questions of the level criteria (NĐ 85/2016 Điều 7–11), as form items of the caller's form.
export function LevelFactsFields() {
  const { t } = useI18n();
  const select = (name: string, options: string[], prefix: string) => (
    <Form.Item name={name} label={t(`level.${name}`)}>
      <Select
        data-testid={`level-${name}`}
        options={options.map((o) => ({ value: o, label: t(`${prefix}.${o}`) }))}
      />
    </Form.Item>
  );
  const flag = (name: string) => (
    <Form.Item name={name} label={t(`level.${name}`)} valuePropName="checked">
      <Switch data-testid={`level-${name}`} />
    </Form.Item>
  );
  return (
    <>
      {select('system_class', systemClasses, 'class')}
      <Form.Item name="info_classes" label={t('level.info_classes')}>
        <Checkbox.Group options={infoClasses.map((i) => ({ value: i, label: t(`info.${i}`) }))} />
      </Form.Item>
      <Form.Item name="user_count" label={t('level.user_count')}>
        <InputNumber min={0} style={{ width: 200 }} data-testid="level-user_count" />
      </Form.Item>
      <Form.Item name="online_service_level" label={t('level.online_service_level')}>
        <Select
          data-testid="level-online_service_level"
          options={[0, 1, 2, 3, 4].map((l) => ({ value: l, label: String(l) }))}
          style={{ width: 120 }}
        />
      </Form.Item>
      {flag('conditional_business')}
      {select('infrastructure_scope', scopes, 'scope')}
      {select('works_grade', grades, 'grade')}
      {flag('requires_24_7')}
      {flag('national_egovernment')}
      {flag('national_data_store')}
      {select('secret_impact', impacts, 'impact')}
    </>
  );
}

const levelColors = ['', 'green', 'cyan', 'gold', 'volcano', 'red'];

/// "Cấp độ 3" — approved levels solid, proposed ones marked as proposals.
export function LevelTag({ level, approved }: { level: number; approved: boolean }) {
  const { t } = useI18n();
  return (
    <Tag color={approved ? levelColors[level] : undefined} bordered={!approved}>
      {t('sys.level_n').replace('{n}', String(level))}
      {approved ? '' : ` (${t('sys.proposed')})`}
    </Tag>
  );
}

const stateColors: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  appraisal: 'processing',
  approval: 'warning',
  approved: 'success',
  returned: 'error',
};

export function DossierStateTag({ state }: { state: string }) {
  const { t } = useI18n();
  return <Tag color={stateColors[state]}>{t(`dossier.state.${state}`)}</Tag>;
}

/// Every unit the caller sees, loaded once per page.
export function useUnits(): Unit[] {
  const showError = useShowError();
  const units = useApiList<Unit>('/units');
  useEffect(() => {
    if (units.error) showError(units.error);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [units.error]);
  return units.data ?? noUnits;
}
const noUnits: Unit[] = [];

/// A date as in formatTime: "05/12/2026", in both languages.
export function formatDate(iso: string | null | undefined, _lang?: string): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

export { NavContext, useNav, queryParam, NavLink } from '../../nav';

/// The server's limit for uploads and imports (GET /registry-rules reports it too).
export const maxUploadBytes = 20 * 1024 * 1024;

/// Sends a file's bytes as the raw body of a request (uploads, imports).
export async function sendFile<T>(method: string, path: string, file: Blob): Promise<T> {
  if (file.size > maxUploadBytes) {
    throw new ApiError({
      status: 413,
      code: 'payload_too_large',
      message_vi: `Tệp quá lớn (${Math.ceil(file.size / 1048576)} MB); tối đa ${maxUploadBytes / 1048576} MB.`,
      message_en: `The file is too large (${Math.ceil(file.size / 1048576)} MB); the limit is ${maxUploadBytes / 1048576} MB.`,
      errors: [],
    });
  }
  let response: Response;
  try {
    response = await fetch('/api/v1' + path, {
      method,
      headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': csrf(), Accept: 'application/json' },
      credentials: 'same-origin',
      body: file,
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'unavailable',
      message_vi: 'Không gửi được tệp lên máy chủ. Kiểm tra mạng rồi thử lại.',
      message_en: 'Could not send the file to the server. Check the network and try again.',
      errors: [],
    });
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    throw new ApiError({
      status: response.status,
      code: data?.code ?? 'internal',
      message_vi: data?.message_vi ?? `Lỗi ${response.status}`,
      message_en: data?.message_en ?? `Error ${response.status}`,
      errors: data?.errors ?? [],
    });
  }
  return data as T;
}

/// After a refused table import: every problem of the file, by line, in one dialog (nothing was
/// imported, so the user fixes the whole file at once).
export function showImportProblems(e: unknown, lang: string, t: (key: string) => string) {
  const problems = (e as { problem?: { errors: { message_vi: string; message_en: string }[] } }).problem?.errors;
  if (!problems?.length) return;
  Modal.error({
    title: t('sys.import_failed'),
    width: 640,
    content: (
      <ul data-testid="import-problems">
        {problems.map((p, i) => (
          <li key={i}>{lang === 'vi' ? p.message_vi : p.message_en}</li>
        ))}
      </ul>
    ),
  });
}
