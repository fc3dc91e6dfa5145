// Who is on call, as the team pages and the incident page show it: the member with a phone link
// that dials, the backup, and until when.
import { Typography } from 'antd';
import type { Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import { useApi } from '../../query';
import { Phone } from '../../shared';

type Member = Schemas['TeamMember'];
type OnCall = Schemas['OnCall'];

/// "08:00 07/12/2026" in Vietnam's time (UTC+7 all year), wherever the browser is: shifts are
/// handed over at 08:00 in Vietnam, and a roster read abroad or on a UTC machine says so.
export function localTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/// The day ("YYYY-MM-DD") and hour an instant falls on in Vietnam.
export function vietnamDayHour(iso: string): { day: string; hour: number } {
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  return { day: d.toISOString().slice(0, 10), hour: d.getUTCHours() };
}

/// The instant of an hour of a day in Vietnam, as the API takes it ("2026-12-07T08:00:00+07:00").
export function vietnamInstant(day: string, hour: number): string {
  return `${day}T${String(hour).padStart(2, '0')}:00:00+07:00`;
}

/// Who to call now: the member on call with a phone link, and the backup.
export function OnCallText({ onCall }: { onCall: OnCall | null | undefined }) {
  const { t } = useI18n();
  if (!onCall) return <Typography.Text type="warning">{t('team.nobody_on_call')}</Typography.Text>;
  const phone = (m: Member) => m.mobile_phone || m.office_phone;
  return (
    <span data-testid="on-call-now" className="on-call">
      <b>{onCall.member.name}</b> <Phone number={phone(onCall.member)} />
      {onCall.backup && (
        <>
          {' · '}
          {t('team.backup')}: {onCall.backup.name} <Phone number={phone(onCall.backup)} />
        </>
      )}
      <Typography.Text type="secondary">
        {' '}
        ({t('team.until')} {localTime(onCall.shift.ends_at)})
      </Typography.Text>
    </span>
  );
}

/// "Đang trực" for a unit: the nearest team above it whose roster covers now.
export function UnitOnCall({ unitId }: { unitId: number }) {
  const { t } = useI18n();
  const answer = useApi<{ on_call: OnCall }>(`/units/${unitId}/on-call`);
  if (!answer.data?.on_call) return null;
  return (
    <Typography.Text>
      {t('team.on_call_now')} ({answer.data.on_call.team_name}): <OnCallText onCall={answer.data.on_call} />
    </Typography.Text>
  );
}
