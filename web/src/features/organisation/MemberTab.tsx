// The unit as a member of the response network (TT 20/2017): the 24-hour notice when its
// leader in charge or đầu mối changes, its profile with the yearly refresh, and Mẫu 01 / Mẫu 02
// generated from what ungcuu holds.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography, App as AntApp } from 'antd';
import type { ButtonProps } from 'antd';
import dayjs from 'dayjs';
import { api, type Unit } from '../../api';
import type { Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import { dueSoonTag, fieldErrors, formatTime, useShowError } from '../../shared';

type Member = Schemas['Member'];
type Notice = Schemas['ContactNotice'];

export function DutyTag({ state, testId }: { state: 'ok' | 'due' | 'overdue'; testId?: string }) {
  const { t } = useI18n();
  if (state === 'overdue') return <Tag color="red" data-testid={testId}>{t('member.state.overdue')}</Tag>;
  if (state === 'due') return <Tag style={dueSoonTag} data-testid={testId}>{t('member.state.due')}</Tag>;
  return <Tag color="green" data-testid={testId}>{t('member.state.ok')}</Tag>;
}

export default function MemberTab(props: { unit: Unit; canEdit: boolean }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [member, setMember] = useState<Member | null>(null);
  const [form] = Form.useForm();
  const base = `/units/${props.unit.id}/member`;
  const show = useCallback(
    (m: Member) => {
      setMember(m);
      form.setFieldsValue({
        ...m.profile,
        submitted_on: m.profile.submitted_on ? dayjs(m.profile.submitted_on) : undefined,
      });
    },
    [form],
  );
  const load = useCallback(async () => {
    try {
      show(await api<Member>('GET', base));
    } catch (e) {
      showError(e);
    }
  }, [base]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    void load();
  }, [load]);

  const sendNotice = async () => {
    try {
      await api('POST', `/units/${props.unit.id}/contact-notices`);
      message.success(t('member.notice_sent'));
      await load();
    } catch (e) {
      showError(e);
    }
  };
  const save = async (values: Record<string, unknown> & { submitted_on?: dayjs.Dayjs }) => {
    try {
      show(
        await api<Member>('PUT', base, {
          ...values,
          submitted_on: values.submitted_on ? values.submitted_on.format('YYYY-MM-DD') : '',
        }),
      );
      message.success(t('common.saved'));
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  if (!member) return null;
  const clock = member.contact_clock;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('member.contact_clock')}
        extra={<DutyTag state={clock.state} testId="contact-clock-state" />}
        data-testid="contact-clock"
      >
        <Typography.Paragraph type="secondary">{t('member.contact_clock.intro')}</Typography.Paragraph>
        {clock.pending.length > 0 && (
          <>
            <Typography.Paragraph>
              {t('member.due_at')}: <strong>{clock.due_at ? formatTime(clock.due_at, lang) : ''}</strong>
            </Typography.Paragraph>
            <ul>
              {clock.pending.map((c, i) => (
                <li key={i}>
                  {t(`contact.${c.role}`)}: {c.person_name || t('member.cleared')} — {formatTime(c.at, lang)}
                </li>
              ))}
            </ul>
          </>
        )}
        {member.coordinators.length === 0 ? (
          <Alert type="warning" showIcon message={t('member.no_coordinator')} />
        ) : (
          <Typography.Paragraph>
            {t('member.coordinators')}:{' '}
            {member.coordinators.map((c) => `${c.unit_name} (${t(`inc.lead.${c.function}`)})`).join('; ')}
          </Typography.Paragraph>
        )}
        {props.canEdit && clock.pending.length > 0 && (
          <Button type="primary" onClick={sendNotice} data-testid="send-contact-notice">
            {t('member.send_notice')}
          </Button>
        )}
        {member.notices.length > 0 && (
          <Table<Notice>
            style={{ marginTop: 12 }}
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={member.notices}
            columns={[
              { title: t('member.recipient'), dataIndex: 'recipient_name' },
              {
                title: t('member.sent_at'),
                render: (_: unknown, n: Notice) => (
                  <>
                    {formatTime(n.sent_at, lang)} {n.late && <Tag color="red">{t('member.late')}</Tag>}
                  </>
                ),
              },
              { title: t('member.email'), render: (_: unknown, n: Notice) => t(`member.email.${n.email_state}`) },
              {
                title: t('member.acknowledged'),
                render: (_: unknown, n: Notice) => (n.acknowledged_at ? formatTime(n.acknowledged_at, lang) : '—'),
              },
            ]}
          />
        )}
      </Card>
      <Card
        size="small"
        title={t('member.profile')}
        extra={<DutyTag state={member.profile_duty.state} testId="profile-duty-state" />}
      >
        <Typography.Paragraph type="secondary">
          {t('member.profile.intro')}{' '}
          {member.profile_duty.due_on
            ? `${t('member.profile.due_on')}: ${dayjs(member.profile_duty.due_on).format('DD/MM/YYYY')}`
            : t('member.profile.never')}
        </Typography.Paragraph>
        <Space wrap style={{ marginBottom: 12 }}>
          {(['mau01', 'mau02'] as const).map((form) =>
            (['pdf', 'docx'] as const).map((format) => (
              <Button key={`${form}.${format}`} href={`/api/v1${base}/${form}.${format}`} target="_blank">
                {t(`member.${form}`)} ({format.toUpperCase()})
              </Button>
            )),
          )}
        </Space>
        <Form form={form} layout="vertical" onFinish={save} disabled={!props.canEdit}>
          <Form.Item name="membership" label={t('member.membership')}>
            <Select
              options={['mandatory', 'voluntary'].map((m) => ({ value: m, label: t(`member.membership.${m}`) }))}
            />
          </Form.Item>
          <Form.Item name="member_code" label={t('member.member_code')}>
            <Input />
          </Form.Item>
          <Form.Item name="capability" label={t('member.capability')}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="activity" label={t('member.activity')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="pgp_key" label={t('member.pgp_key')}>
            <Input />
          </Form.Item>
          <Form.Item name="submitted_on" label={t('member.submitted_on')}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
          {props.canEdit && (
            <Button type="primary" htmlType="submit" {...({ 'data-testid': 'member-save' } as ButtonProps)}>
              {t('common.save')}
            </Button>
          )}
        </Form>
      </Card>
    </Space>
  );
}
