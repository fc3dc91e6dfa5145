// A unit's reporting regimes (the Units page's tab): the regimes it runs for its part of the tree
// — who files, to whom and by when — and those in force from a unit above it; a coordinator adopts
// or drops a regime here.
import { useState } from 'react';
import { Button, Empty, List, Popconfirm, Select, Space, Typography, App as AntApp } from 'antd';
import { api, type Unit } from '../../api';
import type { Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import { useApi } from '../../query';
import { formatTime, useShowError } from '../../shared';
import { announceChange } from '../home/duework';

type Regime = Schemas['ReportRegime'];
type Adoption = Schemas['RegimeAdoption'];
type Due = Schemas['ReportDue'];

/// "ngày 02/10" / "10 ngày sau khi hết kỳ".
function dueText(due: Due, t: (key: string) => string): string {
  if (due.month !== null && due.day !== null) {
    return t('regime.due_day').replace('{d}', String(due.day).padStart(2, '0')).replace('{m}', String(due.month).padStart(2, '0'));
  }
  return t('regime.due_after').replace('{n}', String(due.days_after ?? 0));
}

function RegimeText({ regime }: { regime: Regime }) {
  const { t, lang } = useI18n();
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text strong>{lang === 'en' ? regime.title_en : regime.title_vi}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(`regime.period.${regime.period}`)} · {regime.article}
      </Typography.Text>
      {regime.tiers.map((tier, i) => (
        <Typography.Text key={i} style={{ fontSize: 12 }}>
          {tier.kinds.map((k) => t(`kind.${k}`)).join(', ')}: {dueText(tier.due, t)}
          {tier.outside_recipient_vi && ` → ${lang === 'en' ? tier.outside_recipient_en : tier.outside_recipient_vi}`}
        </Typography.Text>
      ))}
    </Space>
  );
}

export default function RegimesTab({ unit, canEdit, units }: { unit: Unit; canEdit: boolean; units: Unit[] }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const regimes = useApi<{ items: Regime[] }>('/report-regimes', { fixed: true });
  const adoptions = useApi<{ items: Adoption[] }>('/report-adoptions');
  const [choice, setChoice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const byCode = new Map((regimes.data?.items ?? []).map((r) => [r.code, r]));
  const pathOf = new Map(units.map((u) => [u.id, u.path]));
  const all = adoptions.data?.items ?? [];
  const here = all.filter((a) => a.unit_id === unit.id);
  // In force from above: adopted by a unit whose part of the tree holds this one.
  const above = all.filter((a) => {
    const path = pathOf.get(a.unit_id);
    return a.unit_id !== unit.id && path !== undefined && unit.path.startsWith(path);
  });
  const free = (regimes.data?.items ?? []).filter((r) => !here.some((a) => a.regime === r.code));

  const run = async (method: string, path: string, body: unknown, done: string) => {
    setBusy(true);
    try {
      await api(method, path, body);
      message.success(done);
      setChoice(null);
      await adoptions.refetch();
      announceChange();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const item = (a: Adoption, own: boolean) => {
    const regime = byCode.get(a.regime);
    return (
      <List.Item
        key={`${a.unit_id}-${a.regime}`}
        data-testid={`regime-${a.regime}`}
        actions={
          own && canEdit
            ? [
                <Popconfirm
                  key="drop"
                  title={t('regime.drop_confirm')}
                  okText={t('regime.drop')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => run('DELETE', `/units/${unit.id}/report-regimes/${encodeURIComponent(a.regime)}`, undefined, t('regime.dropped'))}
                >
                  <Button size="small" danger>
                    {t('regime.drop')}
                  </Button>
                </Popconfirm>,
              ]
            : []
        }
      >
        <Space direction="vertical" size={0}>
          {regime ? <RegimeText regime={regime} /> : a.regime}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {own
              ? t('regime.adopted_by').replace('{who}', a.adopted_by).replace('{at}', formatTime(a.adopted_at))
              : t('regime.from_above').replace('{unit}', a.unit_name)}
          </Typography.Text>
        </Space>
      </List.Item>
    );
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('regime.intro')}
      </Typography.Paragraph>
      {here.length + above.length === 0 ? (
        <Empty description={t('regime.none')} />
      ) : (
        <List size="small" bordered>
          {here.map((a) => item(a, true))}
          {above.map((a) => item(a, false))}
        </List>
      )}
      {canEdit && (
        <Space wrap style={{ width: '100%' }}>
          <Select
            style={{ minWidth: 420, maxWidth: '100%' }}
            placeholder={t('regime.choose')}
            aria-label={t('regime.choose')}
            value={choice}
            onChange={setChoice}
            data-testid="regime-choice"
            options={free.map((r) => ({ value: r.code, label: lang === 'en' ? r.title_en : r.title_vi }))}
          />
          <Button
            type="primary"
            disabled={choice === null}
            loading={busy}
            data-testid="regime-adopt"
            onClick={() => run('POST', `/units/${unit.id}/report-regimes`, { regime: choice }, t('regime.adopted'))}
          >
            {t('regime.adopt')}
          </Button>
        </Space>
      )}
    </Space>
  );
}
