// The response teams (đội ứng cứu): the user's own on-call shifts first; the teams of the user's
// part of the tree with who is on call now and how far the roster reaches; one team with its
// members from the people register (role, skills, certificates, the outside experts and
// contractors it calls on) and its roster — a weekly rotation handed over on working mornings,
// and swaps of two shifts.
import { useState } from 'react';
import {
  Alert,
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
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
  App as AntApp,
} from 'antd';
import type { ButtonProps } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { api, type Unit } from '../../api';
import type { Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import { NavLink, queryParam, useNav } from '../../nav';
import { queryClient, useApi, useApiList } from '../../query';
import { localTime, OnCallText, vietnamDayHour, vietnamInstant } from './onCall';
import { errorText, fieldErrors, hasRole, LoadFailed, Loading, Phone, unitSelectTree, useSession, useShowError } from '../../shared';

type Team = Schemas['Team'];
type Summary = Schemas['TeamSummary'];
type Member = Schemas['TeamMember'];
type Shift = Schemas['Shift'];
type MyShift = Schemas['MyShift'];
type Person = Schemas['Person'];

const teamRoles = ['leader', 'deputy', 'member', 'expert', 'contractor'] as const;

export default function TeamsPage() {
  const id = queryParam('id');
  if (id) return <TeamView id={id} />;
  return <TeamList />;
}

function MyWeek() {
  const { t } = useI18n();
  const answer = useApi<{ items: MyShift[] }>('/on-call/mine');
  const items = answer.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card size="small" title={t('team.mine')} data-testid="my-on-call">
      <Table<MyShift>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={items}
        columns={[
          { title: t('team.from'), render: (_: unknown, s) => localTime(s.starts_at) },
          { title: t('team.to'), render: (_: unknown, s) => localTime(s.ends_at) },
          { title: t('team.team'), dataIndex: 'team_name' },
          {
            title: t('team.as'),
            render: (_: unknown, s) =>
              s.as_backup ? <Tag>{t('team.as_backup').replace('{name}', s.member_name)}</Tag> : <Tag color="blue">{t('team.as_member')}</Tag>,
          },
        ]}
      />
    </Card>
  );
}

function TeamList() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const canCreate = hasRole(session?.user, ['admin', 'coordinator']);
  const answer = useApi<{ items: Summary[] }>('/teams');
  const [creating, setCreating] = useState(false);
  if (answer.error) return <LoadFailed message={errorText(answer.error, lang)} retry={() => void answer.refetch()} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <MyWeek />
      <Card title={t('nav.teams')}>
        <Typography.Paragraph type="secondary">{t('team.intro')}</Typography.Paragraph>
        {canCreate && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="team-new" style={{ marginBottom: 12 }}>
            {t('team.new')}
          </Button>
        )}
        {answer.isPending ? (
          <Loading />
        ) : (
          <Table<Summary>
            rowKey="id"
            size="small"
            data-testid="teams"
            dataSource={answer.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: <Empty description={t('team.none')} /> }}
            columns={[
              {
                title: t('team.name'),
                render: (_: unknown, s) => (
                  <NavLink page="teams" query={`id=${s.id}`} testId={`team-${s.id}`}>
                    {s.name}
                  </NavLink>
                ),
              },
              { title: t('team.unit'), dataIndex: 'unit_name' },
              { title: t('team.members'), dataIndex: 'members' },
              { title: t('team.on_call_now'), render: (_: unknown, s) => <OnCallText onCall={s.on_call} /> },
              { title: t('team.covered_until'), render: (_: unknown, s) => <Covered until={s.covered_until} /> },
            ]}
          />
        )}
      </Card>
      {creating && <TeamDialog onClose={() => setCreating(false)} />}
    </Space>
  );
}

/// How far the roster reaches: red when it does not cover the next 30 days.
function Covered({ until }: { until: string | null }) {
  const { t } = useI18n();
  if (!until) return <Tag color="red">{t('team.not_covered')}</Tag>;
  const short = dayjs(until).isBefore(dayjs().add(30, 'day'));
  return <Tag color={short ? 'orange' : 'green'}>{localTime(until)}</Tag>;
}

interface TeamValues {
  unit_id?: number;
  name: string;
  duties?: string;
  ack_minutes?: number;
}

function TeamDialog({ team, onClose }: { team?: Team; onClose: () => void }) {
  const { t, lang } = useI18n();
  const nav = useNav();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const units = useApiList<Unit>('/units', { enabled: !team });
  const save = async (v: TeamValues) => {
    try {
      const body = { name: v.name, duties: v.duties ?? '', ack_minutes: v.ack_minutes ?? 15 };
      const saved = team
        ? await api<Team>('PUT', `/teams/${team.id}`, body)
        : await api<Team>('POST', '/teams', { unit_id: v.unit_id, ...body });
      message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: ['api', '/teams'] });
      onClose();
      if (team) queryClient.setQueryData(['api', `/teams/${team.id}`], saved);
      else nav('teams', `id=${saved.id}`);
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  const required = [{ required: true, message: t('common.required') }];
  return (
    <Modal
      open
      title={team ? t('team.edit') : t('team.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'team-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" onFinish={save} initialValues={team ?? { ack_minutes: 15 }}>
        {!team && (
          <Form.Item name="unit_id" label={t('team.unit')} rules={required}>
            <TreeSelect treeData={unitSelectTree(units.data ?? [], lang)} showSearch treeNodeFilterProp="title" treeDefaultExpandAll data-testid="team-unit" />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('team.name')} rules={required}>
          <Input data-testid="team-name" />
        </Form.Item>
        <Form.Item name="duties" label={t('team.duties')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="ack_minutes" label={t('team.ack_minutes')} extra={t('team.ack_minutes.help')}>
          <InputNumber min={1} max={240} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TeamView({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const path = `/teams/${encodeURIComponent(id)}`;
  const answer = useApi<Team>(path);
  const [editing, setEditing] = useState(false);
  const [member, setMember] = useState<Member | 'new' | null>(null);
  if (answer.error) return <LoadFailed message={errorText(answer.error, lang)} retry={() => void answer.refetch()} />;
  const team = answer.data;
  if (!team) return <Loading />;
  const saved = (next: Team) => {
    queryClient.setQueryData(['api', path], next);
    void queryClient.invalidateQueries({ queryKey: ['api', '/teams'] });
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <NavLink page="teams">{t('team.back')}</NavLink>
      <Card
        title={team.name}
        extra={team.can_edit && <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>}
      >
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('team.unit')}>{team.unit_name}</Descriptions.Item>
          {team.duties && <Descriptions.Item label={t('team.duties')}>{team.duties}</Descriptions.Item>}
          <Descriptions.Item label={t('team.ack_minutes')}>{team.ack_minutes}</Descriptions.Item>
          <Descriptions.Item label={t('team.on_call_now')}>
            <OnCallText onCall={team.on_call} />
          </Descriptions.Item>
          <Descriptions.Item label={t('team.covered_until')}>
            <Covered until={team.covered_until} />
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t('team.members')}
        extra={team.can_edit && <Button onClick={() => setMember('new')} data-testid="team-add-member">{t('team.add_member')}</Button>}
      >
        <Members team={team} onEdit={setMember} />
      </Card>
      <Roster team={team} saved={saved} />
      {editing && <TeamDialog team={team} onClose={() => setEditing(false)} />}
      {member && <MemberDialog team={team} member={member === 'new' ? undefined : member} saved={saved} onClose={() => setMember(null)} />}
    </Space>
  );
}

function Members({ team, onEdit }: { team: Team; onEdit: (m: Member) => void }) {
  const { t } = useI18n();
  return (
    <Table<Member>
      rowKey="id"
      size="small"
      data-testid="team-members"
      dataSource={team.members}
      pagination={false}
      locale={{ emptyText: <Empty description={t('team.no_members')} /> }}
      rowClassName={(m) => (m.active ? '' : 'inactive-row')}
      columns={[
        {
          title: t('team.person'),
          render: (_: unknown, m) => (
            <>
              <b>{m.name}</b>
              <br />
              <Typography.Text type="secondary">
                {[m.position, m.organisation || m.person_unit_name].filter(Boolean).join(' · ')}
              </Typography.Text>
            </>
          ),
        },
        { title: t('team.role'), render: (_: unknown, m) => <Tag>{t(`team.role.${m.role}`)}</Tag> },
        {
          title: t('team.contact'),
          render: (_: unknown, m) => (
            <>
              <Phone number={m.mobile_phone || m.office_phone} />
              {m.email && (
                <>
                  <br />
                  {m.email}
                </>
              )}
            </>
          ),
        },
        { title: t('team.skills'), dataIndex: 'skills' },
        {
          title: t('team.certificates'),
          render: (_: unknown, m) => (
            <>
              {m.certificates}
              {m.certificate_until && (
                <Typography.Text type={dayjs(m.certificate_until).isBefore(dayjs()) ? 'danger' : 'secondary'}>
                  {' '}
                  ({t('team.valid_until')} {dayjs(m.certificate_until).format('DD/MM/YYYY')})
                </Typography.Text>
              )}
            </>
          ),
        },
        {
          title: t('team.on_call'),
          render: (_: unknown, m) => (!m.active ? <Tag>{t('team.left')}</Tag> : m.on_call ? <Tag color="blue">{t('common.yes')}</Tag> : null),
        },
        ...(team.can_edit
          ? [{ title: '', render: (_: unknown, m: Member) => <Button size="small" onClick={() => onEdit(m)}>{t('common.edit')}</Button> }]
          : []),
      ]}
    />
  );
}

interface MemberValues {
  unit_id?: number;
  person_id?: number;
  role: string;
  skills?: string;
  certificates?: string;
  certificate_until?: Dayjs | null;
  organisation?: string;
  on_call: boolean;
  active: boolean;
}

function MemberDialog({ team, member, saved, onClose }: { team: Team; member?: Member; saved: (t: Team) => void; onClose: () => void }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm();
  const units = useApiList<Unit>('/units', { enabled: !member });
  const unitId = Form.useWatch<number | undefined>('unit_id', form);
  const people = useApi<{ items: Person[] }>(`/units/${unitId}/people`, { enabled: !member && unitId !== undefined });
  const save = async (v: MemberValues) => {
    const body = {
      role: v.role,
      skills: v.skills ?? '',
      certificates: v.certificates ?? '',
      organisation: v.organisation ?? '',
      on_call: v.on_call,
      ...(v.certificate_until ? { certificate_until: v.certificate_until.format('YYYY-MM-DD') } : {}),
    };
    try {
      const next = member
        ? await api<Team>('PUT', `/teams/${team.id}/members/${member.id}`, { ...body, active: v.active })
        : await api<Team>('POST', `/teams/${team.id}/members`, { person_id: v.person_id, ...body });
      saved(next);
      onClose();
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  const required = [{ required: true, message: t('common.required') }];
  const initial: Partial<MemberValues> = member
    ? { ...member, certificate_until: member.certificate_until ? dayjs(member.certificate_until) : null }
    : { role: 'member', on_call: true, active: true, unit_id: team.unit_id };
  return (
    <Modal
      open
      title={member ? member.name : t('team.add_member')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'member-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" onFinish={save} initialValues={initial}>
        {!member && (
          <>
            <Form.Item name="unit_id" label={t('team.person_unit')} extra={t('team.person_unit.help')}>
              <TreeSelect treeData={unitSelectTree(units.data ?? [], lang)} showSearch treeNodeFilterProp="title" treeDefaultExpandAll />
            </Form.Item>
            <Form.Item name="person_id" label={t('team.person')} rules={required}>
              <Select
                showSearch
                optionFilterProp="label"
                data-testid="member-person"
                options={(people.data?.items ?? []).filter((p) => p.active).map((p) => ({ value: p.id, label: `${p.full_name}${p.position ? ` — ${p.position}` : ''}` }))}
              />
            </Form.Item>
          </>
        )}
        <Form.Item name="role" label={t('team.role')} rules={required}>
          <Select options={teamRoles.map((r) => ({ value: r, label: t(`team.role.${r}`) }))} data-testid="member-role" />
        </Form.Item>
        <Form.Item name="organisation" label={t('team.organisation')} extra={t('team.organisation.help')}>
          <Input />
        </Form.Item>
        <Form.Item name="skills" label={t('team.skills')}>
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="certificates" label={t('team.certificates')}>
            <Input placeholder="CEH; CompTIA Security+" />
          </Form.Item>
          <Form.Item name="certificate_until" label={t('team.valid_until')}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
        </Space>
        <Form.Item name="on_call" valuePropName="checked">
          <Checkbox>{t('team.takes_turns')}</Checkbox>
        </Form.Item>
        {member && (
          <Form.Item name="active" valuePropName="checked">
            <Checkbox>{t('team.active')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function Roster({ team, saved }: { team: Team; saved: (t: Team) => void }) {
  const { t } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [rotating, setRotating] = useState(false);
  const [custom, setCustom] = useState(false);
  const [picked, setPicked] = useState<number[]>([]);
  const names = new Map(team.members.map((m) => [m.id, m.name]));
  const now = dayjs();
  const swap = async () => {
    try {
      const next = await api<Team>('POST', `/teams/${team.id}/roster/swap`, { shift_a: picked[0], shift_b: picked[1] });
      saved(next);
      setPicked([]);
      message.success(t('team.swapped'));
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card
      title={t('team.roster')}
      extra={
        team.can_edit && (
          <Space>
            <Button disabled={picked.length !== 2} onClick={() => void swap()} data-testid="roster-swap">
              {t('team.swap')}
            </Button>
            <Button onClick={() => setCustom(true)} data-testid="roster-custom">
              {t('team.custom')}
            </Button>
            <Button type="primary" onClick={() => setRotating(true)} data-testid="roster-rotate">
              {t('team.rotate')}
            </Button>
          </Space>
        )
      }
    >
      {team.can_edit && <Typography.Paragraph type="secondary">{t('team.swap.help')}</Typography.Paragraph>}
      <Table<Shift>
        rowKey="id"
        size="small"
        data-testid="roster"
        dataSource={team.shifts}
        pagination={false}
        locale={{ emptyText: <Empty description={t('team.no_shifts')} /> }}
        rowSelection={
          team.can_edit
            ? {
                selectedRowKeys: picked,
                onChange: (keys) => setPicked((keys as number[]).slice(-2)),
                getCheckboxProps: (s) => ({ disabled: dayjs(s.ends_at).isBefore(now), 'aria-label': localTime(s.starts_at) }),
              }
            : undefined
        }
        rowClassName={(s) => (dayjs(s.starts_at).isBefore(now) && dayjs(s.ends_at).isAfter(now) ? 'current-row' : '')}
        columns={[
          { title: t('team.from'), render: (_: unknown, s) => localTime(s.starts_at) },
          { title: t('team.to'), render: (_: unknown, s) => localTime(s.ends_at) },
          { title: t('team.member_on_call'), render: (_: unknown, s) => <b>{names.get(s.member_id)}</b> },
          { title: t('team.backup'), render: (_: unknown, s) => (s.backup_id ? names.get(s.backup_id) : '') },
        ]}
      />
      {rotating && <RotationDialog team={team} saved={saved} onClose={() => setRotating(false)} />}
      {custom && <CustomShiftsDialog team={team} saved={saved} onClose={() => setCustom(false)} />}
    </Card>
  );
}

function RotationDialog({ team, saved, onClose }: { team: Team; saved: (t: Team) => void; onClose: () => void }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm();
  const [problem, setProblem] = useState<string | null>(null);
  const save = async (v: { first_day: Dayjs; weeks: number; order: number[] }) => {
    try {
      const next = await api<Team>('POST', `/teams/${team.id}/roster/rotation`, {
        first_day: v.first_day.format('YYYY-MM-DD'),
        weeks: v.weeks,
        order: v.order,
      });
      saved(next);
      onClose();
    } catch (e) {
      setProblem(errorText(e, lang));
      showError(e);
    }
  };
  const required = [{ required: true, message: t('common.required') }];
  const takers = team.members.filter((m) => m.active && m.on_call);
  return (
    <Modal
      open
      title={t('team.rotate')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'rotation-save' } as ButtonProps}
    >
      <Typography.Paragraph type="secondary">{t('team.rotate.help')}</Typography.Paragraph>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ first_day: dayjs(), weeks: 8, order: takers.map((m) => m.id) }}>
        <Space wrap>
          <Form.Item name="first_day" label={t('team.first_day')} rules={required}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
          <Form.Item name="weeks" label={t('team.weeks')} rules={required}>
            <InputNumber min={1} max={104} data-testid="rotation-weeks" />
          </Form.Item>
        </Space>
        <Form.Item name="order" label={t('team.order')} rules={required}>
          <Select mode="multiple" options={takers.map((m) => ({ value: m.id, label: m.name }))} data-testid="rotation-order" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ShiftRow {
  day: Dayjs;
  hour: number;
  member_id: number;
  backup_id?: number | null;
}

/// Shifts set one by one: each runs from its start to the next one's, the last to the end given;
/// they replace the roster from the first start. Days and hours are Vietnam's, wherever the
/// browser is.
function CustomShiftsDialog({ team, saved, onClose }: { team: Team; saved: (t: Team) => void; onClose: () => void }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm();
  const [problem, setProblem] = useState<string | null>(null);
  const ahead = team.shifts.filter((s) => dayjs(s.ends_at).isAfter(dayjs()));
  const start = (iso: string) => {
    const { day, hour } = vietnamDayHour(iso);
    return { day: dayjs(day), hour };
  };
  const last = ahead.length > 0 ? start(ahead[ahead.length - 1].ends_at) : { day: dayjs().add(7, 'day'), hour: 8 };
  const initial = {
    shifts: ahead.length > 0 ? ahead.map((s) => ({ ...start(s.starts_at), member_id: s.member_id, backup_id: s.backup_id })) : [{ day: dayjs(), hour: 8 }],
    end_day: last.day,
    end_hour: last.hour,
  };
  const save = async (v: { shifts: ShiftRow[]; end_day: Dayjs; end_hour: number }) => {
    const at = (day: Dayjs, hour: number) => vietnamInstant(day.format('YYYY-MM-DD'), hour);
    const shifts = v.shifts.map((s, i) => ({
      member_id: s.member_id,
      ...(s.backup_id ? { backup_id: s.backup_id } : {}),
      starts_at: at(s.day, s.hour),
      ends_at: i + 1 < v.shifts.length ? at(v.shifts[i + 1].day, v.shifts[i + 1].hour) : at(v.end_day, v.end_hour),
    }));
    try {
      saved(await api<Team>('PUT', `/teams/${team.id}/roster`, { shifts }));
      onClose();
    } catch (e) {
      setProblem(errorText(e, lang));
      showError(e);
    }
  };
  const required = [{ required: true, message: t('common.required') }];
  const takers = team.members.filter((m) => m.active && m.on_call).map((m) => ({ value: m.id, label: m.name }));
  const backups = team.members.filter((m) => m.active).map((m) => ({ value: m.id, label: m.name }));
  return (
    <Modal
      open
      width={820}
      title={t('team.custom')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'custom-save' } as ButtonProps}
    >
      <Typography.Paragraph type="secondary">{t('team.custom.help')}</Typography.Paragraph>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={save} initialValues={initial}>
        <Form.List name="shifts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} wrap align="end" data-testid={`custom-row-${i}`}>
                  <Form.Item name={[field.name, 'day']} label={i === 0 ? t('team.from') : undefined} rules={required}>
                    <DatePicker format="DD/MM/YYYY" aria-label={t('team.from')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'hour']} label={i === 0 ? t('team.hour') : undefined} rules={required}>
                    <InputNumber min={0} max={23} addonAfter="h" style={{ width: 100 }} aria-label={t('team.hour')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'member_id']} label={i === 0 ? t('team.member_on_call') : undefined} rules={required}>
                    <Select style={{ width: 200 }} options={takers} data-testid={`custom-member-${i}`} aria-label={t('team.member_on_call')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'backup_id']} label={i === 0 ? t('team.backup') : undefined}>
                    <Select style={{ width: 200 }} allowClear options={backups} aria-label={t('team.backup')} />
                  </Form.Item>
                  <Form.Item>
                    <Button onClick={() => remove(field.name)} disabled={fields.length === 1}>
                      {t('common.delete')}
                    </Button>
                  </Form.Item>
                </Space>
              ))}
              <Button onClick={() => add({ hour: 8 })} style={{ marginBottom: 12 }} data-testid="custom-add">
                {t('team.custom.add')}
              </Button>
            </>
          )}
        </Form.List>
        <Space wrap>
          <Form.Item name="end_day" label={t('team.custom.end')} rules={required}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
          <Form.Item name="end_hour" label={t('team.hour')} rules={required}>
            <InputNumber min={0} max={23} addonAfter="h" style={{ width: 100 }} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
