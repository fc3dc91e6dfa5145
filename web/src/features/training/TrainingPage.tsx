// Training and awareness (đào tạo, tuyên truyền): the year's courses with their attendees from
// the people register and their certificates (added one by one or imported from a table), the
// awareness campaigns by audience and channel, and each unit's year against its duties — the
// share of officials trained, the audiences reached, the security share of the IT budget.
import { useMemo, useState } from 'react';
import {
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
  Upload,
  App as AntApp,
} from 'antd';
import type { ButtonProps } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { api, type Person, type Unit } from '../../api';
import type { Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import { NavLink, queryParam, useNav } from '../../nav';
import { queryClient, useApi, useApiList } from '../../query';
import { errorText, fieldErrors, hasRole, LoadFailed, Loading, unitSelectTree, useSession, useShowError } from '../../shared';
import { sendFile, showImportProblems } from '../registry/registry';
import { audienceCodes, channelCodes, courseKinds, dutyColor, money, rootUnit, yearsUpTo } from './training';

type Course = Schemas['Course'];
type CourseView = Schemas['CourseView'];
type Attendee = Schemas['CourseAttendee'];
type Campaign = Schemas['Campaign'];
type Coverage = Schemas['PracticeCoverage'];
type UnitPractice = Schemas['UnitPractice'];

export default function TrainingPage() {
  const id = queryParam('id');
  if (id) return <CourseDetail id={id} />;
  return <TrainingOverview />;
}

function TrainingOverview() {
  const { t, lang } = useI18n();
  const units = useApiList<Unit>('/units');
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const [picked, setPicked] = useState<number | undefined>();
  const tree = useMemo(() => unitSelectTree(units.data ?? [], lang), [units.data, lang]);
  const unitId = picked ?? rootUnit(units.data ?? [])?.id;
  return (
    <Card
      title={t('nav.training')}
      extra={
        <Space wrap>
          <TreeSelect
            style={{ minWidth: 260 }}
            treeData={tree}
            value={unitId}
            onChange={(v: number) => setPicked(v)}
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandAll
            aria-label={t('training.unit')}
            data-testid="training-unit"
          />
          <Select
            value={year}
            onChange={setYear}
            aria-label={t('training.year')}
            options={yearsUpTo(thisYear).map((y) => ({ value: y, label: String(y) }))}
            data-testid="training-year"
          />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('training.intro')}</Typography.Paragraph>
      <Tabs
        items={[
          { key: 'duties', label: t('training.tab.duties'), children: unitId ? <DutiesTab unitId={unitId} year={year} /> : <Loading /> },
          { key: 'courses', label: t('training.tab.courses'), children: <CoursesTab year={year} /> },
          { key: 'campaigns', label: t('training.tab.campaigns'), children: unitId ? <CampaignsTab unitId={unitId} year={year} /> : <Loading /> },
        ]}
      />
    </Card>
  );
}

function useCanRecord() {
  const { session } = useSession();
  return hasRole(session?.user, ['admin', 'coordinator', 'officer']);
}

// ---- duties per unit -----------------------------------------------------------------------

function DutiesTab({ unitId, year }: { unitId: number; year: number }) {
  const { t, lang } = useI18n();
  const path = `/training/coverage?unit_id=${unitId}&year=${year}`;
  const answer = useApi<Coverage>(path);
  const [editing, setEditing] = useState<UnitPractice | null>(null);
  if (answer.error) return <LoadFailed message={errorText(answer.error, lang)} retry={() => void answer.refetch()} />;
  const c = answer.data;
  if (!c) return <Loading />;
  return (
    <>
      <Typography.Paragraph data-testid="training-total">
        {t('training.total')
          .replace('{trained}', String(c.total.trained))
          .replace('{officials}', String(c.total.officials))
          .replace('{percent}', String(c.total.trained_percent))
          .replace('{certified}', String(c.total.specialists_certified))
          .replace('{specialists}', String(c.total.specialists))}
      </Typography.Paragraph>
      <Table<UnitPractice>
        rowKey="unit_id"
        size="small"
        data-testid="training-duties"
        dataSource={c.units}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        columns={[
          {
            title: t('training.unit'),
            render: (_: unknown, u) => <span style={{ paddingLeft: Math.max(0, u.depth - (c.units[0]?.depth ?? 1)) * 16 }}>{u.unit_name}</span>,
          },
          {
            title: t('training.trained'),
            render: (_: unknown, u) =>
              u.coverage.officials === 0 ? '—' : `${u.coverage.trained}/${u.coverage.officials} (${u.coverage.trained_percent}%)`,
            width: 130,
          },
          {
            title: t('training.certified'),
            render: (_: unknown, u) => (u.coverage.specialists === 0 ? '—' : `${u.coverage.specialists_certified}/${u.coverage.specialists}`),
            width: 120,
          },
          {
            title: t('training.campaigns'),
            render: (_: unknown, u) => (u.campaigns === 0 ? '—' : `${u.campaigns} · ${u.reach.toLocaleString('vi-VN')} ${t('training.people')}`),
            width: 150,
          },
          { title: t('training.spent'), render: (_: unknown, u) => money(u.spent), width: 130 },
          {
            title: t('training.duties'),
            render: (_: unknown, u) => (
              <Space size={[4, 4]} wrap data-testid={`duties-${u.unit_id}`}>
                {u.duties.map((d) => (
                  <Tooltip key={d.code} title={lang === 'en' ? d.detail_en : d.detail_vi}>
                    <Tag color={dutyColor[d.status]} data-testid={`duty-${u.unit_id}-${d.code}`} data-status={d.status}>
                      {t(`training.duty.${d.code}`)}: {t(`training.status.${d.status}`)}
                    </Tag>
                  </Tooltip>
                ))}
              </Space>
            ),
          },
          {
            title: '',
            width: 90,
            render: (_: unknown, u) =>
              u.can_edit && (
                <Button size="small" onClick={() => setEditing(u)} data-testid={`targets-${u.unit_id}`}>
                  {t('training.targets')}
                </Button>
              ),
          },
        ]}
      />
      {editing && (
        <TargetsDialog
          practice={editing}
          year={year}
          onClose={() => setEditing(null)}
          saved={() => void queryClient.invalidateQueries({ queryKey: ['api', path] })}
        />
      )}
    </>
  );
}

interface TargetValues {
  trained_percent: number;
  audiences: string[];
  it_budget?: number | null;
  security_budget?: number | null;
}

function TargetsDialog({ practice, year, onClose, saved }: { practice: UnitPractice; year: number; onClose: () => void; saved: () => void }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm();
  const save = async (v: TargetValues) => {
    try {
      await api('PUT', `/units/${practice.unit_id}/practice-targets/${year}`, {
        trained_percent: v.trained_percent,
        audiences: v.audiences ?? [],
        it_budget: v.it_budget ?? null,
        security_budget: v.security_budget ?? null,
      });
      saved();
      onClose();
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  return (
    <Modal
      open
      title={`${t('training.targets')} ${year} — ${practice.unit_name}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'targets-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" onFinish={save} initialValues={practice.targets}>
        <Form.Item name="trained_percent" label={t('training.target.trained')} rules={[{ required: true, message: t('common.required') }]}>
          <InputNumber min={0} max={100} addonAfter="%" data-testid="target-trained" />
        </Form.Item>
        <Form.Item name="audiences" label={t('training.target.audiences')}>
          <Checkbox.Group options={audienceCodes.map((a) => ({ value: a, label: t(`training.audience.${a}`) }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="it_budget" label={t('training.target.it_budget')}>
            <InputNumber min={0} step={10000000} style={{ width: 200 }} addonAfter="đ" data-testid="target-it" />
          </Form.Item>
          <Form.Item name="security_budget" label={t('training.target.security_budget')} extra={t('training.target.security_budget.help')}>
            <InputNumber min={0} step={1000000} style={{ width: 200 }} addonAfter="đ" data-testid="target-security" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

// ---- courses -------------------------------------------------------------------------------

function CoursesTab({ year }: { year: number }) {
  const { t, lang } = useI18n();
  const canRecord = useCanRecord();
  const answer = useApi<{ items: Course[] }>(`/training/courses?year=${year}`);
  const [adding, setAdding] = useState(false);
  if (answer.error) return <LoadFailed message={errorText(answer.error, lang)} retry={() => void answer.refetch()} />;
  return (
    <>
      {canRecord && (
        <Button type="primary" onClick={() => setAdding(true)} data-testid="course-new" style={{ marginBottom: 12 }}>
          {t('training.course.new')}
        </Button>
      )}
      {answer.isPending ? (
        <Loading />
      ) : (
        <Table<Course>
          rowKey="id"
          size="small"
          data-testid="courses"
          dataSource={answer.data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('training.course.none')} /> }}
          columns={[
            { title: t('training.course.days'), render: (_: unknown, c) => courseDays(c), width: 190 },
            {
              title: t('training.course.topic'),
              render: (_: unknown, c) => (
                <NavLink page="training" query={`id=${c.id}`} testId={`course-${c.id}`}>
                  {c.topic}
                </NavLink>
              ),
            },
            { title: t('training.course.kind'), render: (_: unknown, c) => t(`training.kind.${c.kind}`) },
            { title: t('training.course.unit'), dataIndex: 'unit_name' },
            { title: t('training.course.attendees'), dataIndex: 'attendees', width: 90 },
          ]}
        />
      )}
      {adding && <CourseDialog onClose={() => setAdding(false)} />}
    </>
  );
}

function courseDays(c: Course) {
  const from = dayjs(c.from).format('DD/MM/YYYY');
  return c.from === c.to ? from : `${from} – ${dayjs(c.to).format('DD/MM/YYYY')}`;
}

interface CourseValues {
  unit_id: number;
  topic: string;
  provider?: string;
  days: [Dayjs, Dayjs];
  hours: number;
  kind: string;
  cost?: number | null;
}

function CourseDialog({ course, onClose, saved }: { course?: CourseView; onClose: () => void; saved?: (c: CourseView) => void }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const nav = useNav();
  const [form] = Form.useForm();
  const units = useApiList<Unit>('/units');
  const save = async (v: CourseValues) => {
    const body = {
      topic: v.topic,
      provider: v.provider ?? '',
      from: v.days[0].format('YYYY-MM-DD'),
      to: v.days[1].format('YYYY-MM-DD'),
      hours: v.hours,
      kind: v.kind,
      cost: v.cost ?? null,
    };
    try {
      if (course) {
        saved?.(await api<CourseView>('PUT', `/training/courses/${course.id}`, body));
      } else {
        const made = await api<CourseView>('POST', '/training/courses', { unit_id: v.unit_id, ...body });
        queryClient.setQueryData(['api', `/training/courses/${made.id}`], made);
        nav('training', `id=${made.id}`);
      }
      void queryClient.invalidateQueries({ queryKey: ['api'] });
      onClose();
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  const required = [{ required: true, message: t('common.required') }];
  const initial: Partial<CourseValues> = course
    ? { ...course, days: [dayjs(course.from), dayjs(course.to)] }
    : { kind: 'awareness', hours: 8, unit_id: rootUnit(units.data ?? [])?.id, days: [dayjs(), dayjs()] };
  return (
    <Modal
      open
      width={680}
      title={course ? t('training.course.edit') : t('training.course.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'course-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" onFinish={save} initialValues={initial} key={units.data ? 'ready' : 'loading'}>
        {!course && (
          <Form.Item name="unit_id" label={t('training.course.unit')} rules={required} extra={t('training.course.unit.help')}>
            <TreeSelect treeData={unitSelectTree(units.data ?? [], lang)} showSearch treeNodeFilterProp="title" treeDefaultExpandAll data-testid="course-unit" />
          </Form.Item>
        )}
        <Form.Item name="topic" label={t('training.course.topic')} rules={required}>
          <Input data-testid="course-topic" />
        </Form.Item>
        <Form.Item name="provider" label={t('training.course.provider')}>
          <Input data-testid="course-provider" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="days" label={t('training.course.days')} rules={required}>
            <DatePicker.RangePicker format="DD/MM/YYYY" data-testid="course-days" />
          </Form.Item>
          <Form.Item name="hours" label={t('training.course.hours')} rules={required}>
            <InputNumber min={1} max={2000} data-testid="course-hours" />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="kind" label={t('training.course.kind')} rules={required}>
            <Select style={{ width: 260 }} options={courseKinds.map((k) => ({ value: k, label: t(`training.kind.${k}`) }))} data-testid="course-kind" />
          </Form.Item>
          <Form.Item name="cost" label={t('training.cost')}>
            <InputNumber min={0} step={1000000} style={{ width: 200 }} addonAfter="đ" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function CourseDetail({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const path = `/training/courses/${encodeURIComponent(id)}`;
  const answer = useApi<CourseView>(path);
  const [dialog, setDialog] = useState<'edit' | 'attendee' | null>(null);
  const [certifying, setCertifying] = useState<Attendee | null>(null);
  if (answer.error) return <LoadFailed message={errorText(answer.error, lang)} retry={() => void answer.refetch()} />;
  const c = answer.data;
  if (!c) return <Loading />;
  const saved = (next: CourseView) => {
    queryClient.setQueryData(['api', path], next);
    void queryClient.invalidateQueries({ queryKey: ['api', '/training/courses'] });
  };
  const importFile = async (file: File) => {
    try {
      const next = await sendFile<CourseView>('POST', `${path}/attendees/import`, file);
      saved(next);
      message.success(t('training.imported').replace('{n}', String(next.attendees)));
    } catch (e) {
      showError(e);
      showImportProblems(e, lang, t);
    }
    return false;
  };
  const remove = async (a: Attendee) => {
    try {
      saved(await api<CourseView>('DELETE', `${path}/attendees/${a.person_id}`));
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card
      title={
        <Space>
          <NavLink page="training">{t('nav.training')}</NavLink>
          <span>/</span>
          <span>{c.topic}</span>
        </Space>
      }
      extra={c.can_edit && <Button onClick={() => setDialog('edit')}>{t('training.course.edit')}</Button>}
    >
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'kind', label: t('training.course.kind'), children: t(`training.kind.${c.kind}`) },
          { key: 'unit', label: t('training.course.unit'), children: c.unit_name },
          { key: 'days', label: t('training.course.days'), children: courseDays(c) },
          { key: 'hours', label: t('training.course.hours'), children: c.hours },
          { key: 'provider', label: t('training.course.provider'), children: c.provider || '—' },
          { key: 'cost', label: t('training.cost'), children: c.cost === null ? '—' : money(c.cost) },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('training.course.attendees')} ({c.attendees})
      </Typography.Title>
      {c.can_edit && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Button type="primary" onClick={() => setDialog('attendee')} data-testid="attendee-add">
            {t('training.attendee.add')}
          </Button>
          <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={importFile}>
            <Button data-testid="attendee-import">{t('training.attendee.import')}</Button>
          </Upload>
          <Typography.Text type="secondary">{t('training.attendee.import_hint')}</Typography.Text>
        </Space>
      )}
      <Table<Attendee>
        rowKey="person_id"
        size="small"
        data-testid="attendees"
        dataSource={c.attendee_list}
        pagination={{ pageSize: 100, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('training.attendee.none')} /> }}
        columns={[
          { title: t('training.attendee.name'), dataIndex: 'name' },
          { title: t('training.attendee.unit'), dataIndex: 'unit_name' },
          { title: t('training.attendee.certificate'), render: (_: unknown, a) => a.certificate || '—' },
          {
            title: t('training.attendee.until'),
            render: (_: unknown, a) => (a.certificate_until ? dayjs(a.certificate_until).format('DD/MM/YYYY') : '—'),
            width: 120,
          },
          {
            title: '',
            width: 170,
            render: (_: unknown, a) =>
              c.can_edit && (
                <Space size="small">
                  <Button size="small" onClick={() => setCertifying(a)}>
                    {t('training.attendee.certify')}
                  </Button>
                  <Popconfirm title={t('training.attendee.remove_confirm')} onConfirm={() => void remove(a)} okText={t('common.yes')} cancelText={t('common.no')}>
                    <Button size="small" danger>
                      {t('training.attendee.remove')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      {dialog === 'edit' && <CourseDialog course={c} onClose={() => setDialog(null)} saved={saved} />}
      {(dialog === 'attendee' || certifying) && (
        <AttendeeDialog
          course={c}
          attendee={certifying ?? undefined}
          saved={saved}
          onClose={() => {
            setDialog(null);
            setCertifying(null);
          }}
        />
      )}
    </Card>
  );
}

interface AttendeeValues {
  unit_id?: number;
  person_ids: number[];
  certificate?: string;
  certificate_until?: Dayjs | null;
}

function AttendeeDialog({
  course,
  attendee,
  saved,
  onClose,
}: {
  course: CourseView;
  attendee?: Attendee;
  saved: (c: CourseView) => void;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm();
  const units = useApiList<Unit>('/units', { enabled: !attendee });
  const unitId = Form.useWatch<number | undefined>('unit_id', form);
  const people = useApi<{ items: Person[] }>(`/units/${unitId}/people`, { enabled: !attendee && unitId !== undefined });
  const under = useMemo(() => {
    const root = (units.data ?? []).find((u) => u.id === course.unit_id);
    return root ? (units.data ?? []).filter((u) => u.path.startsWith(root.path)) : [];
  }, [units.data, course.unit_id]);
  const attending = new Set(course.attendee_list.map((a) => a.person_id));
  const save = async (v: AttendeeValues) => {
    const certificate = {
      certificate: v.certificate ?? '',
      ...(v.certificate_until ? { certificate_until: v.certificate_until.format('YYYY-MM-DD') } : {}),
    };
    try {
      saved(
        attendee
          ? await api<CourseView>('PUT', `/training/courses/${course.id}/attendees/${attendee.person_id}`, certificate)
          : await api<CourseView>('POST', `/training/courses/${course.id}/attendees`, {
              attendees: v.person_ids.map((person_id) => ({ person_id, ...certificate })),
            }),
      );
      onClose();
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  const initial: Partial<AttendeeValues> = attendee
    ? { certificate: attendee.certificate, certificate_until: attendee.certificate_until ? dayjs(attendee.certificate_until) : null }
    : { unit_id: course.unit_id, person_ids: [] };
  return (
    <Modal
      open
      title={attendee ? attendee.name : t('training.attendee.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'attendee-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" onFinish={save} initialValues={initial}>
        {!attendee && (
          <>
            <Form.Item name="unit_id" label={t('training.attendee.unit')}>
              <TreeSelect treeData={unitSelectTree(under, lang)} showSearch treeNodeFilterProp="title" treeDefaultExpandAll data-testid="attendee-unit" />
            </Form.Item>
            <Form.Item name="person_ids" label={t('training.attendee.people')} rules={[{ required: true, message: t('common.required') }]}>
              <Select
                mode="multiple"
                showSearch
                optionFilterProp="label"
                data-testid="attendee-people"
                options={(people.data?.items ?? [])
                  .filter((p) => p.active && !attending.has(p.id))
                  .map((p) => ({ value: p.id, label: `${p.full_name}${p.position ? ` — ${p.position}` : ''}` }))}
              />
            </Form.Item>
          </>
        )}
        <Form.Item name="certificate" label={t('training.attendee.certificate')} extra={t('training.attendee.certificate.help')}>
          <Input data-testid="attendee-certificate" />
        </Form.Item>
        <Form.Item name="certificate_until" label={t('training.attendee.until')}>
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---- campaigns -----------------------------------------------------------------------------

function CampaignsTab({ unitId, year }: { unitId: number; year: number }) {
  const { t, lang } = useI18n();
  const canRecord = useCanRecord();
  const path = `/training/campaigns?unit_id=${unitId}&year=${year}`;
  const answer = useApi<{ items: Campaign[] }>(path);
  const [editing, setEditing] = useState<Campaign | 'new' | null>(null);
  if (answer.error) return <LoadFailed message={errorText(answer.error, lang)} retry={() => void answer.refetch()} />;
  return (
    <>
      {canRecord && (
        <Button type="primary" onClick={() => setEditing('new')} data-testid="campaign-new" style={{ marginBottom: 12 }}>
          {t('training.campaign.new')}
        </Button>
      )}
      {answer.isPending ? (
        <Loading />
      ) : (
        <Table<Campaign>
          rowKey="id"
          size="small"
          data-testid="campaigns"
          dataSource={answer.data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('training.campaign.none')} /> }}
          onRow={(k) => (canRecord ? { onClick: () => setEditing(k), style: { cursor: 'pointer' } } : {})}
          columns={[
            { title: t('training.campaign.day'), render: (_: unknown, k) => dayjs(k.day).format('DD/MM/YYYY'), width: 110 },
            { title: t('training.campaign.title'), dataIndex: 'title' },
            { title: t('training.campaign.unit'), dataIndex: 'unit_name' },
            { title: t('training.campaign.audience'), render: (_: unknown, k) => t(`training.audience.${k.audience}`) },
            { title: t('training.campaign.channel'), render: (_: unknown, k) => t(`training.channel.${k.channel}`) },
            { title: t('training.campaign.reach'), render: (_: unknown, k) => k.reach.toLocaleString('vi-VN'), width: 110 },
            { title: t('training.cost'), render: (_: unknown, k) => (k.cost === null ? '—' : money(k.cost)), width: 130 },
          ]}
        />
      )}
      {editing && <CampaignDialog campaign={editing === 'new' ? undefined : editing} defaultUnit={unitId} onClose={() => setEditing(null)} />}
    </>
  );
}

interface CampaignValues {
  unit_id: number;
  title: string;
  audience: string;
  channel: string;
  day: Dayjs;
  reach?: number;
  cost?: number | null;
  notes?: string;
}

function CampaignDialog({ campaign, defaultUnit, onClose }: { campaign?: Campaign; defaultUnit: number; onClose: () => void }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm();
  const units = useApiList<Unit>('/units');
  const save = async (v: CampaignValues) => {
    const body = {
      unit_id: v.unit_id,
      title: v.title,
      audience: v.audience,
      channel: v.channel,
      day: v.day.format('YYYY-MM-DD'),
      reach: v.reach ?? 0,
      cost: v.cost ?? null,
      notes: v.notes ?? '',
    };
    try {
      if (campaign) {
        await api<Campaign>('PUT', `/training/campaigns/${campaign.id}`, body);
      } else {
        await api<Campaign>('POST', '/training/campaigns', body);
      }
      void queryClient.invalidateQueries({ queryKey: ['api'] });
      onClose();
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  const required = [{ required: true, message: t('common.required') }];
  const initial: Partial<CampaignValues> = campaign
    ? { ...campaign, day: dayjs(campaign.day) }
    : { unit_id: defaultUnit, audience: 'officials', channel: 'meeting', day: dayjs(), reach: 0 };
  return (
    <Modal
      open
      width={640}
      title={campaign ? campaign.title : t('training.campaign.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'campaign-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" onFinish={save} initialValues={initial}>
        <Form.Item name="unit_id" label={t('training.campaign.unit')} rules={required}>
          <TreeSelect
            disabled={campaign !== undefined}
            treeData={unitSelectTree(units.data ?? [], lang)}
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandAll
            data-testid="campaign-unit"
          />
        </Form.Item>
        <Form.Item name="title" label={t('training.campaign.title')} rules={required}>
          <Input data-testid="campaign-title" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="audience" label={t('training.campaign.audience')} rules={required}>
            <Select style={{ width: 200 }} options={audienceCodes.map((a) => ({ value: a, label: t(`training.audience.${a}`) }))} data-testid="campaign-audience" />
          </Form.Item>
          <Form.Item name="channel" label={t('training.campaign.channel')} rules={required}>
            <Select style={{ width: 260 }} options={channelCodes.map((c) => ({ value: c, label: t(`training.channel.${c}`) }))} data-testid="campaign-channel" />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="day" label={t('training.campaign.day')} rules={required}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
          <Form.Item name="reach" label={t('training.campaign.reach')} extra={t('training.campaign.reach.help')}>
            <InputNumber min={0} max={100000000} style={{ width: 160 }} data-testid="campaign-reach" />
          </Form.Item>
          <Form.Item name="cost" label={t('training.cost')}>
            <InputNumber min={0} step={1000000} style={{ width: 180 }} addonAfter="đ" />
          </Form.Item>
        </Space>
        <Form.Item name="notes" label={t('training.campaign.notes')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
