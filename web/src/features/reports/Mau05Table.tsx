// Mẫu 05's table 1 (TT 20/2017): incidents by the ten attack types and how each was handled,
// with the estimated damage — from a report's figures ("mau05.A3.count"…), as the report page
// and its documents show it.
import { Alert, Table, Typography } from 'antd';
import { useI18n } from '../../i18n';
import { useScenarios } from '../incidents/incidents';

export type Figures = Record<string, number>;

const rows = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9', 'A10', 'total'];
const columns = ['count', 'self', 'domestic_help', 'foreign_help', 'coordinator_help', 'damage'] as const;

export function useNumber() {
  const { lang } = useI18n();
  const format = new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'vi-VN');
  return (n: number) => format.format(n);
}

export default function Mau05Table({ figures }: { figures: Figures }) {
  const { t, lang } = useI18n();
  const scenarios = useScenarios();
  const number = useNumber();
  const name = (row: string) => {
    if (row === 'total') return t('periodic.mau05.total');
    const s = scenarios.find((x) => x.code === row);
    return s ? `${row}. ${lang === 'en' ? s.name_en : s.name_vi}` : row;
  };
  const value = (row: string, column: string) => figures[`mau05.${row}.${column}`] ?? 0;
  const noMode = figures['mau05.no_mode'] ?? 0;
  const notAttack = figures['mau05.not_attack'] ?? 0;
  return (
    <>
      <Table
        size="small"
        pagination={false}
        rowKey={(r) => r}
        dataSource={rows}
        data-testid="mau05-table"
        scroll={{ x: 900 }}
        onRow={(r) => (r === 'total' ? { style: { fontWeight: 600 } } : {})}
        columns={[
          { title: t('periodic.mau05.type'), render: (_: unknown, r: string) => name(r) },
          ...columns.map((c) => ({
            title: t(`periodic.mau05.${c}`),
            align: 'right' as const,
            render: (_: unknown, r: string) => (
              <span data-testid={`mau05-${r}-${c}`}>{number(value(r, c))}</span>
            ),
          })),
        ]}
      />
      {noMode > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="mau05-no-mode"
          message={t('periodic.mau05.no_mode').replace('{n}', String(noMode))}
        />
      )}
      {notAttack > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('periodic.mau05.not_attack').replace('{n}', String(notAttack))}
        </Typography.Paragraph>
      )}
    </>
  );
}
