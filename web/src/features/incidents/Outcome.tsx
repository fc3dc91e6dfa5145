// How an incident was handled and what it cost (the columns of TT 20/2017 Mẫu 05): by the unit
// itself, with other organisations' help, with foreign organisations' help, or with the national
// coordinator's; the organisations that helped; the estimated damage. Asked for when the incident
// is closed, and editable on its page by those who handle it.
import { useState } from 'react';
import { Button, Card, Descriptions, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useI18n } from '../../i18n';
import type { Details } from './incidents';

export interface OutcomeValue {
  handling_mode: 'self' | 'domestic_help' | 'foreign_help' | 'coordinator_help' | null;
  helpers: string[];
  foreign_helpers: string[];
  damage_vnd: number;
}

const modes = ['self', 'domestic_help', 'foreign_help', 'coordinator_help'] as const;

export function outcomeOf(d: Details): OutcomeValue {
  return { ...d.outcome };
}

/// The outcome's body for the API (null mode is refused there: the caller checks first).
export function outcomeBody(v: OutcomeValue) {
  return {
    handling_mode: v.handling_mode,
    helpers: v.helpers.map((h) => h.trim()).filter((h) => h !== ''),
    foreign_helpers: v.foreign_helpers.map((h) => h.trim()).filter((h) => h !== ''),
    damage_vnd: v.damage_vnd,
  };
}

/// The fields, controlled: used in the closing step's dialog and in the card's own dialog.
export function OutcomeFields({ value, onChange, missing }: { value: OutcomeValue; onChange: (v: OutcomeValue) => void; missing: boolean }) {
  const { t } = useI18n();
  const helpers = (key: 'helpers' | 'foreign_helpers') => (
    <Select
      mode="tags"
      style={{ width: '100%' }}
      value={value[key]}
      open={false}
      suffixIcon={null}
      tokenSeparators={[';', '\n']}
      onChange={(list: string[]) => onChange({ ...value, [key]: list.slice(0, 50) })}
      placeholder={t('outcome.helpers_hint')}
      aria-label={t(`outcome.${key}`)}
      data-testid={`outcome-${key}`}
    />
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="outcome-fields">
      <Typography.Text strong>{t('outcome.mode')}</Typography.Text>
      <Radio.Group
        value={value.handling_mode}
        onChange={(e) => onChange({ ...value, handling_mode: e.target.value })}
        aria-label={t('outcome.mode')}
      >
        <Space direction="vertical">
          {modes.map((m) => (
            <Radio key={m} value={m} data-testid={`outcome-mode-${m}`}>
              {t(`outcome.mode.${m}`)}
            </Radio>
          ))}
        </Space>
      </Radio.Group>
      {missing && (
        <Typography.Text type="danger" data-testid="outcome-missing">
          {t('outcome.mode_required')}
        </Typography.Text>
      )}
      {(value.handling_mode === 'domestic_help' || value.helpers.length > 0) && (
        <>
          <Typography.Text>{t('outcome.helpers')}</Typography.Text>
          {helpers('helpers')}
        </>
      )}
      {(value.handling_mode === 'foreign_help' || value.foreign_helpers.length > 0) && (
        <>
          <Typography.Text>{t('outcome.foreign_helpers')}</Typography.Text>
          {helpers('foreign_helpers')}
        </>
      )}
      <Typography.Text>{t('outcome.damage')}</Typography.Text>
      <InputNumber<number>
        min={0}
        max={Number.MAX_SAFE_INTEGER}
        step={1000000}
        style={{ width: '100%' }}
        value={value.damage_vnd}
        formatter={(n) => `${n ?? ''}`.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}
        parser={(s) => Number((s ?? '').replace(/\D/g, '')) || 0}
        onChange={(n) => onChange({ ...value, damage_vnd: n ?? 0 })}
        aria-label={t('outcome.damage')}
        data-testid="outcome-damage"
      />
    </Space>
  );
}

/// The card on the incident's page.
export function OutcomeCard({ d, change }: { d: Details; change: (method: string, path: string, body?: unknown) => Promise<boolean> }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<OutcomeValue | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const o = d.outcome;
  const format = new Intl.NumberFormat('vi-VN');
  const save = async () => {
    if (!editing) return;
    if (editing.handling_mode === null) {
      setMissing(true);
      return;
    }
    setBusy(true);
    try {
      if (await change('POST', '/outcome', outcomeBody(editing))) setEditing(null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title={t('outcome.title')}
      data-testid="outcome-card"
      extra={
        d.can_handle && (
          <Button
            size="small"
            data-testid="outcome-edit"
            onClick={() => {
              setMissing(false);
              setEditing(outcomeOf(d));
            }}
          >
            {t('outcome.edit')}
          </Button>
        )
      }
    >
      {o.handling_mode === null ? (
        <Typography.Text type="secondary">{t('outcome.none')}</Typography.Text>
      ) : (
        <Descriptions size="small" bordered column={1}>
          <Descriptions.Item label={t('outcome.mode')}>
            <span data-testid="outcome-mode">{t(`outcome.mode.${o.handling_mode}`)}</span>
          </Descriptions.Item>
          {o.helpers.length > 0 && <Descriptions.Item label={t('outcome.helpers')}>{o.helpers.join('; ')}</Descriptions.Item>}
          {o.foreign_helpers.length > 0 && (
            <Descriptions.Item label={t('outcome.foreign_helpers')}>{o.foreign_helpers.join('; ')}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('outcome.damage')}>{format.format(o.damage_vnd)} {t('outcome.currency')}</Descriptions.Item>
        </Descriptions>
      )}
      <Modal
        open={editing !== null}
        title={t('outcome.title')}
        onOk={() => void save()}
        confirmLoading={busy}
        onCancel={() => setEditing(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ 'data-testid': 'outcome-save' } as ButtonProps}
      >
        {editing && <OutcomeFields value={editing} onChange={setEditing} missing={missing} />}
      </Modal>
    </Card>
  );
}
