// The new-incident form, following Mẫu 03 (Thông tư 20/2017/TT-BTTTT Phụ lục I): the reporting
// unit, the contact person, the affected systems, a first description, when and how it was
// found, whether it is being handled, who else was told, and proposals. Mandatory fields come
// from the deployment's rule set, so a new rule set changes the form without code.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Rule } from 'antd/es/form';
import {
  Alert,
  App as AntApp,
  Button,
  Checkbox,
  DatePicker,
  Divider,
  Drawer,
  Form,
  Input,
  Col,
  Radio,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { api, listAll, type Unit } from '../../api';
import { useI18n } from '../../i18n';
import { fieldErrors, formatTime, useSession, useShowError } from '../../shared';
import { announceChange } from '../home/duework';
import type { InfoSystem } from '../registry/registry';
import { detectionMethods, notifiedParties, useRuleSets, type Details } from './incidents';

const fieldNames: Record<string, string> = { systems: 'system_ids' };

// What the form holds is kept in this browser as it is typed, per user, so that closing the
// drawer, a reload or a lost connection loses nothing; sending the report removes it.
const draftKey = (userId: number) => `ungcuu.draft.incident.${userId}`;
interface Draft {
  saved_at: string;
  values: Record<string, unknown>;
}
function readDraft(userId: number): Draft | null {
  try {
    const d = JSON.parse(localStorage.getItem(draftKey(userId)) ?? 'null');
    return d && typeof d === 'object' && d.values ? (d as Draft) : null;
  } catch {
    return null;
  }
}

export default function NewIncidentForm({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (id: number) => void;
}) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { session } = useSession();
  const [form] = Form.useForm();
  const [systems, setSystems] = useState<InfoSystem[]>([]);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { modal } = AntApp.useApp();
  const userId = session?.user.id ?? 0;
  const [restored, setRestored] = useState<string | null>(null);
  const dirty = useRef(false);
  const ruleSets = useRuleSets();
  const rules = ruleSets.find((r) => r.default);
  const required = useMemo(
    () => new Set((rules?.intake_required ?? []).map((r) => fieldNames[r.field] ?? r.field)),
    [rules],
  );

  useEffect(() => {
    listAll<InfoSystem>('/systems?active=true').then(setSystems).catch(showError);
    const user = session?.user;
    if (user) {
      api<Unit>('GET', `/units/${user.unit_id}`)
        .then((unit) =>
          form.setFieldsValue({
            reporter_name: unit.name_vi,
            reporter_address: unit.address,
            reporter_phone: unit.phone,
            reporter_email: unit.report_address || unit.email,
          }),
        )
        .catch(() => {});
      form.setFieldsValue({ contact_name: user.full_name, contact_email: user.email });
      const draft = readDraft(user.id);
      if (draft) {
        const values = { ...draft.values };
        if (typeof values.detected_at === 'string') values.detected_at = dayjs(values.detected_at);
        // After the unit's details arrive, so that what the user typed wins.
        window.setTimeout(() => form.setFieldsValue(values), 0);
        dirty.current = true;
        setRestored(draft.saved_at);
      }
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = async (v: Record<string, unknown>) => {
    setSaving(true);
    setProblem(null);
    const party = (prefix: string) => ({
      name: v[`${prefix}_name`] ?? '',
      address: v[`${prefix}_address`] ?? '',
      position: v[`${prefix}_position`] ?? '',
      phone: v[`${prefix}_phone`] ?? '',
      email: v[`${prefix}_email`] ?? '',
    });
    const body: Record<string, unknown> = {
      title: v.title ?? '',
      description: v.description ?? '',
      reporter: party('reporter'),
      contact: party('contact'),
      system_ids: v.system_ids ?? [],
      affected_text: v.affected_text ?? '',
      detection_methods: v.detection_methods ?? [],
      detection_note: v.detection_note ?? '',
      notified_parties: v.notified_parties ?? [],
      confidential: Boolean(v.confidential),
      proposals: v.proposals ?? '',
    };
    // A system outside the registry (named only in words) is the reporting unit's own case.
    if (((v.system_ids as number[] | undefined) ?? []).length === 0 && session?.user) body.unit_id = session.user.unit_id;
    if (v.detected_at) body.detected_at = (v.detected_at as dayjs.Dayjs).toISOString();
    if (v.handled !== undefined) body.handled = v.handled;
    try {
      const created = await api<Details>('POST', '/incidents', body);
      localStorage.removeItem(draftKey(userId));
      announceChange();
      onCreated(created.id);
    } catch (e) {
      const errors = fieldErrors(e, lang).map((f) => ({ ...f, name: fieldNames[f.name] ?? f.name }));
      form.setFields(errors);
      if (errors.length > 0) setProblem(t('inc.form.fix'));
      else showError(e);
    } finally {
      setSaving(false);
    }
  };

  const req = (name: string) => required.has(name);
  // The same checks the server makes (mandatory fields from the rule set, formats, lengths),
  // said in words beside the field before anything is sent.
  const need = (name: string, label: string): Rule[] =>
    req(name) ? [{ required: true, whitespace: true, message: `${t('inc.form.need')}: ${t(label)}` }] : [];
  const formats: Record<string, Rule[]> = {
    reporter_email: [{ type: 'email', message: t('inc.form.bad_email') }],
    contact_email: [{ type: 'email', message: t('inc.form.bad_email') }],
    reporter_phone: [{ pattern: /^[0-9+().\s-]{6,20}$/, message: t('inc.form.bad_phone') }],
    contact_phone: [{ pattern: /^[0-9+().\s-]{6,20}$/, message: t('inc.form.bad_phone') }],
    title: [{ max: 300, message: t('inc.form.too_long').replace('{n}', '300') }],
  };
  const text = (name: string, label: string, props: object = {}) => (
    <Form.Item name={name} label={t(label)} required={req(name)} rules={[...need(name, label), ...(formats[name] ?? [])]}>
      <Input data-testid={`f-${name}`} {...props} />
    </Form.Item>
  );

  const saveDraft = (values: Record<string, unknown>) => {
    dirty.current = true;
    const plain = { ...values };
    if (dayjs.isDayjs(plain.detected_at)) plain.detected_at = (plain.detected_at as dayjs.Dayjs).toISOString();
    try {
      localStorage.setItem(draftKey(userId), JSON.stringify({ saved_at: new Date().toISOString(), values: plain }));
    } catch {
      // A full storage only loses the draft, never the form.
    }
  };

  // Closing (the cross, Esc or a click outside) asks first when something was typed; what was
  // typed stays as the draft.
  const close = () => {
    if (!dirty.current) {
      onClose();
      return;
    }
    modal.confirm({
      title: t('inc.form.close_title'),
      content: t('inc.form.close_body'),
      okText: t('inc.form.close_ok'),
      cancelText: t('inc.form.keep_writing'),
      onOk: onClose,
    });
  };

  const discard = () =>
    modal.confirm({
      title: t('inc.form.discard_title'),
      content: t('inc.form.discard_body'),
      okText: t('inc.form.discard_ok'),
      okButtonProps: { danger: true },
      cancelText: t('inc.form.keep_writing'),
      onOk: () => {
        localStorage.removeItem(draftKey(userId));
        dirty.current = false;
        setRestored(null);
        onClose();
      },
    });

  return (
    <Drawer
      open
      width={720}
      title={t('inc.form.title')}
      onClose={close}
      extra={
        <>
          <Button onClick={discard} style={{ marginRight: 8 }} data-testid="incident-discard">
            {t('inc.form.discard')}
          </Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="incident-submit">
            {t('inc.form.submit')}
          </Button>
        </>
      }
    >
      <Typography.Paragraph type="secondary">{t('inc.form.intro')}</Typography.Paragraph>
      {restored && (
        <Alert
          type="info"
          showIcon
          data-testid="draft-restored"
          message={t('inc.form.draft_restored').replace('{at}', formatTime(restored, lang))}
          style={{ marginBottom: 12 }}
        />
      )}
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="form-problem" />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        onFinishFailed={() => setProblem(t('inc.form.fix'))}
        onValuesChange={(_, all) => saveDraft(all)}
        scrollToFirstError={{ block: 'center', focus: true }}
        initialValues={{ detected_at: dayjs() }}
      >
        {text('title', 'inc.f.title')}
        <Divider orientation="left">{t('inc.f.reporter')}</Divider>
        {text('reporter_name', 'inc.f.reporter_name')}
        {text('reporter_address', 'inc.f.address')}
        <Row gutter={12}>
          <Col span={12}>{text('reporter_phone', 'inc.f.phone')}</Col>
          <Col span={12}>{text('reporter_email', 'inc.f.email')}</Col>
        </Row>
        <Divider orientation="left">{t('inc.f.contact')}</Divider>
        <Row gutter={12}>
          <Col span={12}>{text('contact_name', 'inc.f.contact_name')}</Col>
          <Col span={12}>{text('contact_position', 'inc.f.position')}</Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>{text('contact_phone', 'inc.f.phone')}</Col>
          <Col span={12}>{text('contact_email', 'inc.f.email')}</Col>
        </Row>
        <Divider orientation="left">{t('inc.f.incident')}</Divider>
        <Form.Item
          name="system_ids"
          label={t('inc.f.systems')}
          required={req('system_ids')}
          dependencies={['affected_text']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: number[] | undefined) =>
                !req('system_ids') || (value ?? []).length > 0 || String(getFieldValue('affected_text') ?? '').trim()
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('inc.form.need_system'))),
            }),
          ]}
        >
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            data-testid="f-system_ids"
            options={systems.map((s) => ({ value: s.id, label: `${s.code} — ${s.name_vi}` }))}
          />
        </Form.Item>
        {text('affected_text', 'inc.f.affected_text')}
        <Form.Item name="description" label={t('inc.f.description')} required={req('description')} rules={need('description', 'inc.f.description')}>
          <Input.TextArea rows={4} data-testid="f-description" />
        </Form.Item>
        <Form.Item name="detected_at" label={t('inc.f.detected_at')} required={req('detected_at')} rules={need('detected_at', 'inc.f.detected_at').map((r) => ({ ...r, whitespace: false, type: 'object' }) as Rule)}>
          <DatePicker showTime format="HH:mm DD/MM/YYYY" data-testid="f-detected_at" />
        </Form.Item>
        <Form.Item name="handled" label={t('inc.f.handled')} required={req('handled')} rules={need('handled', 'inc.f.handled').map((r) => ({ ...r, whitespace: false, type: 'boolean' }) as Rule)}>
          <Radio.Group data-testid="f-handled">
            <Radio value={false}>{t('inc.f.handled_no')}</Radio>
            <Radio value={true}>{t('inc.f.handled_yes')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="detection_methods"
          label={t('inc.f.detection_methods')}
          required={req('detection_methods')}
          rules={need('detection_methods', 'inc.f.detection_methods').map((r) => ({ ...r, whitespace: false, type: 'array' }) as Rule)}
        >
          <Checkbox.Group
            data-testid="f-detection_methods"
            options={detectionMethods.map((m) => ({ value: m, label: t(`inc.detect.${m}`) }))}
          />
        </Form.Item>
        {text('detection_note', 'inc.f.detection_note')}
        <Form.Item name="notified_parties" label={t('inc.f.notified_parties')} required={req('notified_parties')} rules={need('notified_parties', 'inc.f.notified_parties').map((r) => ({ ...r, whitespace: false, type: 'array' }) as Rule)}>
          <Checkbox.Group options={notifiedParties.map((m) => ({ value: m, label: t(`inc.notified.${m}`) }))} />
        </Form.Item>
        <Form.Item name="proposals" label={t('inc.f.proposals')} required={req('proposals')} rules={need('proposals', 'inc.f.proposals')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="confidential" label={t('inc.f.confidential')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {rules && (
          <Typography.Text type="secondary">
            {t('inc.form.rules')}: {lang === 'en' ? rules.title_en : rules.title_vi}
          </Typography.Text>
        )}
      </Form>
    </Drawer>
  );
}
