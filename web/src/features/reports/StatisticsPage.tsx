// Statistics a leader reads at a glance: the incidents of a part of the tree over a span — by
// month, by attack type, by unit below, serious ones, how fast they were acknowledged and closed —
// from the same rows as the periodic reports. A month's or a type's bar opens the incidents behind
// it (the list filtered by unit, type and the days detected); a unit's bar, that unit's statistics;
// readiness over time is what the unit's sent reports carried, each row opening its report.
import { useMemo } from 'react';
import { Card, Col, DatePicker, Empty, Row, Space, Statistic, Table, TreeSelect, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import { NavLink, queryParam, useNav } from '../../nav';
import { useApi } from '../../query';
import { errorText, LoadFailed, Loading, unitSelectTree } from '../../shared';
import { useScenarios } from '../incidents/incidents';
import { useUnits } from '../registry/registry';

type Stats = Schemas['Statistics'];
type Point = Stats['readiness'][number];
type Regime = Schemas['ReportRegime'];

/// The readiness figures a point shows, in the order of the reports' own list.
const readinessColumns = ['systems', 'systems_unapproved', 'units_layers_incomplete', 'scans_overdue', 'drills_overdue', 'plan_tasks_overdue'];

/// Readiness over time: what each report the unit sent carried, oldest first; a row opens its report.
function ReadinessOverTime({ points, unit }: { points: Point[]; unit: number }) {
  const { t, lang } = useI18n();
  const regimes = useApi<{ items: Regime[] }>('/report-regimes', { fixed: true });
  const title = (code: string) => {
    const r = regimes.data?.items.find((x) => x.code === code);
    return r ? (lang === 'en' ? r.title_en : r.title_vi) : code;
  };
  return (
    <Table<Point>
      rowKey={(p) => `${p.regime}/${p.period}`}
      size="small"
      data-testid="stats-readiness"
      dataSource={points}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: <Empty description={t('stats.readiness_none')} /> }}
      columns={[
        { title: t('stats.sent_on'), render: (_: unknown, p) => dayjs(p.at).format('DD/MM/YYYY') },
        {
          title: t('periodic.report'),
          render: (_: unknown, p) => (
            <NavLink page="reports" query={`regime=${encodeURIComponent(p.regime)}&period=${encodeURIComponent(p.period)}&unit=${unit}`}>
              {title(p.regime)} — {p.period}
            </NavLink>
          ),
        },
        ...readinessColumns.map((k) => ({
          title: t(`periodic.readiness.${k}`),
          render: (_: unknown, p: Point) => p.figures[k] ?? '—',
        })),
        {
          title: t('periodic.readiness.plan_tasks_done'),
          render: (_: unknown, p: Point) =>
            p.figures.plan_tasks !== undefined ? `${p.figures.plan_tasks_done ?? 0}/${p.figures.plan_tasks}` : '—',
        },
      ]}
    />
  );
}

interface Bar {
  key: string;
  label: string;
  count: number;
  serious: number;
  page?: string;
  query?: string;
}

/// Horizontal bars, each with its count (serious ones darker); a bar opens its incidents.
function Bars({ bars, testId }: { bars: Bar[]; testId: string }) {
  const { t } = useI18n();
  const max = Math.max(1, ...bars.map((b) => b.count));
  if (bars.every((b) => b.count === 0)) return <Empty description={t('stats.none')} />;
  return (
    <table className="stat-bars" data-testid={testId}>
      <tbody>
        {bars.map((b) => (
          <tr key={b.key} data-testid={`${testId}-${b.key || 'none'}`}>
            <th scope="row">{b.page ? <NavLink page={b.page} query={b.query}>{b.label}</NavLink> : b.label}</th>
            <td>
              <div className="stat-bar" style={{ width: `${(100 * b.count) / max}%` }} title={`${b.count}`}>
                <div className="stat-bar-serious" style={{ width: b.count ? `${(100 * b.serious) / b.count}%` : 0 }} />
              </div>
            </td>
            <td className="stat-count">{b.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function duration(minutes: number, t: (key: string) => string): string {
  if (minutes < 90) return `${Math.round(minutes)} ${t('stats.minutes')}`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} ${t('stats.hours')}`;
  return `${(minutes / 1440).toFixed(1)} ${t('stats.days')}`;
}

export default function StatisticsPage() {
  const { t, lang } = useI18n();
  const nav = useNav();
  const units = useUnits();
  const scenarios = useScenarios();
  const tree = useMemo(() => unitSelectTree(units, lang), [units, lang]);
  const year = new Date().getFullYear();
  const unit = queryParam('unit');
  const from = queryParam('from') ?? `${year}-01-01`;
  const to = queryParam('to') ?? dayjs().format('YYYY-MM-DD');
  const params = new URLSearchParams({ from, to });
  if (unit) params.set('unit', unit);
  const answer = useApi<Stats>(`/statistics?${params.toString()}`);
  const go = (next: { unit?: string | null; from?: string; to?: string }) => {
    const q = new URLSearchParams({ from: next.from ?? from, to: next.to ?? to });
    const u = next.unit === undefined ? unit : next.unit;
    if (u) q.set('unit', u);
    nav('statistics', q.toString());
  };

  const s = answer.data;
  const durationLine = (key: string, d: Stats['close']) =>
    t(key)
      .replace('{median}', duration(d.median_minutes, t))
      .replace('{p90}', duration(d.p90_minutes, t))
      .replace('{n}', String(d.measured));
  const name = (code: string) => {
    if (!code) return t('stats.unclassified');
    const found = scenarios.find((x) => x.code === code);
    return found ? `${code}. ${lang === 'en' ? found.name_en : found.name_vi}` : code;
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.statistics')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('stats.intro')}
      </Typography.Paragraph>
      <Space wrap>
        <TreeSelect
          style={{ minWidth: 320 }}
          treeData={tree}
          value={s?.unit.id}
          onChange={(v: number) => go({ unit: String(v) })}
          treeDefaultExpandAll
          showSearch
          treeNodeFilterProp="title"
          aria-label={t('stats.unit')}
          placeholder={t('stats.unit')}
          data-testid="stats-unit"
        />
        <DatePicker.RangePicker
          value={[dayjs(from), dayjs(to)]}
          format="DD/MM/YYYY"
          allowClear={false}
          onChange={(range) => {
            if (range?.[0] && range[1]) go({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
          }}
          aria-label={t('stats.period')}
        />
      </Space>
      {answer.error ? (
        <LoadFailed message={errorText(answer.error, lang)} retry={() => void answer.refetch()} />
      ) : !s ? (
        <Loading />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('stats.total')} value={s.total} data-testid="stats-total" />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('stats.open')} value={s.open} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('stats.serious')} value={s.serious} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('stats.ack_in_time')}
                  value={s.acknowledge.measured ? Math.round((100 * s.acknowledge.within) / s.acknowledge.measured) : 0}
                  suffix="%"
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('stats.ack_detail')
                    .replace('{n}', String(s.acknowledge.measured))
                    .replace('{median}', duration(s.acknowledge.median_minutes, t))}
                </Typography.Text>
              </Card>
            </Col>
          </Row>
          {s.truncated && <Typography.Text type="warning">{t('stats.truncated')}</Typography.Text>}
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('stats.by_month')}>
                <Bars
                  testId="stats-month"
                  bars={s.by_month.map((m) => {
                    // The month's incidents within the chosen span.
                    const first = dayjs(`${m.key}-01`);
                    const monthFrom = first.isBefore(dayjs(from)) ? from : first.format('YYYY-MM-DD');
                    const last = first.endOf('month');
                    const monthTo = last.isAfter(dayjs(to)) ? to : last.format('YYYY-MM-DD');
                    return {
                      key: m.key,
                      label: `${m.key.slice(5)}/${m.key.slice(0, 4)}`,
                      count: m.count,
                      serious: m.serious,
                      page: 'incidents',
                      query: `unit=${s.unit.id}&from=${monthFrom}&to=${monthTo}`,
                    };
                  })}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('stats.by_type')}>
                <Bars
                  testId="stats-type"
                  bars={s.by_scenario.map((c) => ({
                    key: c.key,
                    label: name(c.key),
                    count: c.count,
                    serious: c.serious,
                    ...(c.key
                      ? { page: 'incidents', query: `unit=${s.unit.id}&scenario=${encodeURIComponent(c.key)}&from=${from}&to=${to}` }
                      : {}),
                  }))}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('stats.by_unit')}>
                <Bars
                  testId="stats-unit-bars"
                  bars={s.by_unit.map((u) => ({
                    key: String(u.unit.id),
                    label: u.own ? `${u.unit.name} (${t('stats.own')})` : u.unit.name,
                    count: u.count,
                    serious: u.serious,
                    page: u.own ? 'incidents' : 'statistics',
                    query: `unit=${u.unit.id}&from=${from}&to=${to}`,
                  }))}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('stats.durations')}>
                <Space direction="vertical">
                  <Typography.Text>{durationLine('stats.ack_line', s.acknowledge)}</Typography.Text>
                  <Typography.Text>{durationLine('stats.close_line', s.close)}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('stats.legend')}
                  </Typography.Text>
                </Space>
              </Card>
            </Col>
            <Col xs={24}>
              <Card size="small" title={t('stats.readiness')}>
                <ReadinessOverTime points={s.readiness} unit={s.unit.id} />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </Space>
  );
}
