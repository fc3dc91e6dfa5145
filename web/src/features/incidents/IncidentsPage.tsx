import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Button,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
  App as AntApp,
} from 'antd';
import type { ButtonProps } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api } from '../../api';
import type { Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import { NavLink } from '../../nav';
import { incidentStates as states, openStates } from './incidents';
import { useNow, timeLeft } from '../../clock';
import { errorText, formatTime, hasRole, LoadFailed, unitSelectTree, useSession, useShowError } from '../../shared';
import { queryParam, useNav, useUnits } from '../registry/registry';
import {
  SeverityTag,
  StateTag,
  scenarioLabel,
  useScenarios,
  type Incident,
} from './incidents';
import IncidentView from './IncidentView';
import NewIncidentForm from './NewIncidentForm';
import InboxPanel from './InboxPanel';

interface Filters {
  state?: string;
  severity?: string;
  unit?: number;
  scenario?: string;
  source?: string;
  q?: string;
  sort: string;
  overdue?: boolean;
  from?: string; // detected on or after (YYYY-MM-DD), from a figure of the statistics
  to?: string;
}

interface SavedView {
  name: string;
  filters: Filters;
}

const viewsKey = 'ungcuu.incident-views';
function loadViews(): SavedView[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(viewsKey) ?? '[]');
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

function initialFilters(): Filters {
  const view = queryParam('view');
  if (view === 'triage') return { state: 'triage', sort: '-detected_at' };
  if (view === 'overdue') return { overdue: true, sort: 'due_at' };
  if (view === 'open') return { state: 'open', sort: 'due_at' };
  // Opened from a figure of the statistics: its unit and attack type.
  const filters: Filters = { sort: '-detected_at' };
  const unit = Number(queryParam('unit'));
  if (unit > 0) filters.unit = unit;
  const scenario = queryParam('scenario');
  if (scenario) filters.scenario = scenario;
  const from = queryParam('from');
  const to = queryParam('to');
  if (from) filters.from = from;
  if (to) filters.to = to;
  return filters;
}

/// Incidents: the list with filters, sorting and saved views, the triage queue, the unit's
/// overdue list, the report inbox, the new-incident form (Mẫu 03) and one incident's page.
/// How often the incident list refreshes itself.
const listRefreshMs = 15000;

type IncidentPage = Schemas['IncidentPage'];

export default function IncidentsPage() {
  const incidentId = queryParam('id');
  if (incidentId) return <IncidentView id={Number(incidentId)} />;
  return <IncidentList />;
}

function IncidentList() {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const nav = useNav();
  const units = useUnits();
  const scenarios = useScenarios();
  const { session } = useSession();
  const [filters, setFilters] = useState<Filters>(initialFilters());
  const [views, setViews] = useState<SavedView[]>(loadViews());
  const [naming, setNaming] = useState(false);
  const [viewName, setViewName] = useState('');
  // "/incidents?new=1" (the home page's "Báo cáo sự cố") opens the form at once.
  const [creating, setCreating] = useState(queryParam('new') === '1');
  const [tab, setTab] = useState<'list' | 'inbox'>(queryParam('view') === 'inbox' ? 'inbox' : 'list');
  const tree = useMemo(() => unitSelectTree(units, lang), [units, lang]);

  const query = useCallback(
    (after: string | null) => {
      const q = new URLSearchParams();
      if (filters.state) q.set('state', filters.state === 'open' ? openStates.join(',') : filters.state);
      if (filters.severity) q.set('severity', filters.severity);
      if (filters.unit) q.set('unit', String(filters.unit));
      if (filters.scenario) q.set('scenario', filters.scenario);
      if (filters.source) q.set('source', filters.source);
      if (filters.q) q.set('q', filters.q);
      if (filters.overdue) q.set('overdue', 'true');
      if (filters.from) q.set('from', filters.from);
      if (filters.to) q.set('to', filters.to);
      q.set('sort', filters.sort);
      q.set('limit', '50');
      if (after) q.set('cursor', after);
      return q.toString();
    },
    [filters],
  );

  // The list and the pages loaded below it, kept in the cache per filter: re-read while shown
  // (new reports arrive, states and countdowns move) and at once on a change pushed by the server.
  const list = useInfiniteQuery({
    queryKey: ['incidents', query(null)],
    queryFn: ({ pageParam }) => api<IncidentPage>('GET', `/incidents?${query(pageParam)}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    refetchInterval: () => (document.visibilityState === 'visible' ? listRefreshMs : false),
  });
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const loading = list.isFetching;
  useEffect(() => {
    if (list.error && list.data) showError(list.error); // shown data stays; the failure is said
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list.error]);

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  const saveView = () => {
    const name = viewName.trim();
    if (!name) return;
    const next = [...views.filter((v) => v.name !== name), { name, filters }];
    localStorage.setItem(viewsKey, JSON.stringify(next));
    setViews(next);
    setNaming(false);
    setViewName('');
    message.success(t('inc.view_saved'));
  };

  const removeView = (name: string) => {
    const next = views.filter((v) => v.name !== name);
    localStorage.setItem(viewsKey, JSON.stringify(next));
    setViews(next);
  };

  const canReport = hasRole(session?.user, ['admin', 'coordinator', 'responder', 'officer']);
  const presets: { key: string; filters: Filters }[] = [
    { key: 'all', filters: { sort: '-detected_at' } },
    { key: 'triage', filters: { state: 'triage', sort: '-detected_at' } },
    { key: 'open', filters: { state: 'open', sort: 'due_at' } },
    { key: 'overdue', filters: { overdue: true, sort: 'due_at' } },
    { key: 'serious', filters: { severity: 'serious', state: 'open', sort: 'due_at' } },
  ];

  const columns = [
    {
      title: t('inc.code'),
      dataIndex: 'code',
      width: 150,
      render: (code: string, row: Incident) => (
        <>
          <NavLink page="incidents" query={`id=${row.id}`} testId={`incident-${row.id}`}>
            <span className="nowrap">{code}</span>
          </NavLink>
          {row.drill_id !== null && (
            <>
              <br />
              <Tag color="purple">{t('drill.exercise')}</Tag>
            </>
          )}
        </>
      ),
    },
    {
      title: t('inc.title'),
      dataIndex: 'title',
      render: (title: string, row: Incident) => (
        <Space direction="vertical" size={0}>
          <NavLink page="incidents" query={`id=${row.id}`}>{title}</NavLink>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.unit_name}
            {row.scenarios.length > 0 &&
              ' · ' + row.scenarios.map((s) => scenarioLabel(scenarios, s, lang).split(' — ')[0]).join(', ')}
            {row.source !== 'manual' && ` · ${t(`inc.source.${row.source}`)}`}
            {row.repeat_count > 0 && ` · ${t('inc.repeats')} ${row.repeat_count}`}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('inc.state'), width: 220, render: (_: unknown, row: Incident) => <StateTag incident={row} /> },
    {
      title: t('inc.severity'),
      dataIndex: 'severity',
      width: 120,
      render: (s: string) => <SeverityTag severity={s} />,
    },
    {
      title: t('inc.detected_at'),
      dataIndex: 'detected_at',
      width: 170,
      render: (v: string) => formatTime(v, lang),
    },
    {
      title: t('inc.next_due'),
      dataIndex: 'next_due_at',
      width: 170,
      render: (v: string | null) =>
        v ? (
          <DueTag due={v} lang={lang} />
        ) : (
          ''
        ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.incidents')}
        </Typography.Title>
        <Space>
          <Radio.Group value={tab} onChange={(e) => setTab(e.target.value)} optionType="button">
            <Radio.Button value="list">{t('inc.tab.list')}</Radio.Button>
            <Radio.Button value="inbox" data-testid="tab-inbox">
              {t('inc.tab.inbox')}
            </Radio.Button>
          </Radio.Group>
          {canReport && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="incident-new">
              {t('inc.new')}
            </Button>
          )}
        </Space>
      </Space>
      {tab === 'inbox' ? (
        <InboxPanel />
      ) : (
        <>
          <Space wrap>
            {presets.map((p) => (
              <Button
                key={p.key}
                size="small"
                data-testid={`preset-${p.key}`}
                type={JSON.stringify(p.filters) === JSON.stringify(filters) ? 'primary' : 'default'}
                onClick={() => setFilters(p.filters)}
              >
                {t(`inc.preset.${p.key}`)}
              </Button>
            ))}
            {views.map((v) => (
              <Tag
                key={v.name}
                closable
                color="geekblue"
                style={{ cursor: 'pointer' }}
                onClose={() => removeView(v.name)}
                onClick={() => setFilters(v.filters)}
                data-testid={`view-${v.name}`}
              >
                {v.name}
              </Tag>
            ))}
            <Button size="small" type="dashed" onClick={() => setNaming(true)} data-testid="view-save">
              {t('inc.view_save')}
            </Button>
          </Space>
          <Space wrap>
            <Input.Search
              allowClear
              placeholder={t('inc.search')}
              aria-label={t('inc.search')}
              defaultValue={filters.q}
              onSearch={(q) => set({ q })}
              style={{ width: 240 }}
              data-testid="incident-search"
            />
            <Select
              allowClear
              placeholder={t('inc.state')}
              aria-label={t('inc.state')}
              value={filters.state}
              onChange={(state) => set({ state })}
              style={{ width: 230 }}
              data-testid="filter-state"
              options={[
                { value: 'open', label: t('inc.preset.open') },
                ...states.map((s) => ({ value: s, label: t(`inc.state.${s}`) })),
              ]}
            />
            <Select
              allowClear
              placeholder={t('inc.severity')}
              aria-label={t('inc.severity')}
              value={filters.severity}
              onChange={(severity) => set({ severity })}
              style={{ width: 140 }}
              options={['normal', 'serious'].map((s) => ({ value: s, label: t(`inc.severity.${s}`) }))}
            />
            <TreeSelect
              allowClear
              placeholder={t('inc.unit')}
              aria-label={t('inc.unit')}
              value={filters.unit}
              onChange={(unit) => set({ unit })}
              treeData={tree}
              treeDefaultExpandAll
              style={{ width: 240 }}
            />
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('inc.scenario')}
              aria-label={t('inc.scenario')}
              value={filters.scenario}
              onChange={(scenario) => set({ scenario })}
              style={{ width: 240 }}
              options={scenarios.map((s) => ({ value: s.code, label: scenarioLabel(scenarios, s.code, lang) }))}
            />
            <Select
              allowClear
              placeholder={t('inc.source')}
              aria-label={t('inc.source')}
              value={filters.source}
              onChange={(source) => set({ source })}
              style={{ width: 160 }}
              options={['manual', 'public', 'api', 'detection', 'monitor'].map((s) => ({
                value: s,
                label: t(`inc.source.${s}`),
              }))}
            />
            <Select
              value={filters.sort}
              aria-label={t('inc.sort_by')}
              onChange={(sort) => set({ sort })}
              style={{ width: 200 }}
              data-testid="incident-sort"
              options={['-detected_at', 'detected_at', '-updated_at', 'due_at'].map((s) => ({
                value: s,
                label: t(`inc.sort.${s}`),
              }))}
            />
            {(filters.from || filters.to) && (
              <Tag closable onClose={() => set({ from: undefined, to: undefined })} data-testid="incident-detected-range">
                {t('inc.detected_range')
                  .replace('{from}', filters.from ? dayjs(filters.from).format('DD/MM/YYYY') : '…')
                  .replace('{to}', filters.to ? dayjs(filters.to).format('DD/MM/YYYY') : '…')}
              </Tag>
            )}
          </Space>
          {list.error && !list.data && (
            <LoadFailed message={errorText(list.error, lang)} retry={() => void list.refetch()} />
          )}
          <Table
            rowKey="id"
            size="small"
            loading={loading}
            dataSource={items}
            columns={columns}
            pagination={false}
            data-testid="incident-table"
            rowClassName={(row) => (row.severity === 'serious' ? 'row-serious' : '')}
          />
          {list.hasNextPage && (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="incident-more">
              {t('inc.more')}
            </Button>
          )}
        </>
      )}
      <Modal
        open={naming}
        title={t('inc.view_save')}
        onOk={saveView}
        onCancel={() => setNaming(false)}
        okButtonProps={{ 'data-testid': 'view-save-ok' } as ButtonProps}
      >
        <Input
          value={viewName}
          onChange={(e) => setViewName(e.target.value)}
          placeholder={t('inc.view_name')}
          data-testid="view-name"
        />
      </Modal>
      {creating && (
        <NewIncidentForm
          onClose={() => {
            setCreating(false);
            // The address no longer says "new" once the form is closed.
            if (queryParam('new')) window.history.replaceState(null, '', '/incidents');
          }}
          onCreated={(id) => {
            setCreating(false);
            // The incident's page says it was sent and what happens next.
            nav('incidents', `id=${id}&sent=1`);
          }}
        />
      )}
    </Space>
  );
}

/// The nearest legal deadline of a row, ticking: blue while time is left, red once it has passed.
function DueTag({ due, lang }: { due: string; lang: string }) {
  const now = useNow();
  return (
    <Tag color={new Date(due).getTime() < now ? 'error' : 'processing'} data-testid="countdown">
      {timeLeft(due, lang, now)}
    </Tag>
  );
}
