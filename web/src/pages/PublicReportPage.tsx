// The public page: anyone (a citizen, a company) reports an incident without an account and
// gets a tracking code to follow it. The hidden "website" field catches robots; the server
// limits how many reports one address may send.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Result, Space, Typography } from 'antd';
import { api } from '../api';
import { useI18n } from '../i18n';
import { errorText, fieldErrors, formatTime } from '../shared';

interface Status {
  tracking_code: string;
  state: string;
  state_vi: string;
  state_en: string;
  received_at: string;
  updated_at: string;
}

export default function PublicReportPage({ langButton }: { langButton: React.ReactNode }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm();
  const [code, setCode] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [lookup, setLookup] = useState(new URLSearchParams(window.location.search).get('code') ?? '');
  const [status, setStatus] = useState<Status | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);

  const send = async (v: Record<string, string>) => {
    setSending(true);
    setError(null);
    try {
      const r = await api<{ tracking_code: string }>('POST', '/public/reports', v);
      setCode(r.tracking_code);
      setLookup(r.tracking_code);
    } catch (e) {
      // Field errors show beside their fields, in words; the banner only says to look there.
      const fields = fieldErrors(e, lang);
      form.setFields(fields);
      setError(fields.length > 0 ? t('pub.check_fields') : errorText(e, lang));
    } finally {
      setSending(false);
    }
  };

  const check = async () => {
    setLookupError(null);
    setStatus(null);
    try {
      setStatus(await api<Status>('GET', `/public/reports/${encodeURIComponent(lookup.trim())}`));
    } catch (e) {
      setLookupError(errorText(e, lang));
    }
  };

  return (
    <div style={{ maxWidth: 720, margin: '24px auto', padding: 16 }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('pub.title')}
        </Typography.Title>
        {langButton}
      </Space>
      <Typography.Paragraph type="secondary">{t('pub.intro')}</Typography.Paragraph>
      {code ? (
        <Result
          status="success"
          title={t('pub.thanks')}
          subTitle={
            <>
              {t('pub.code_is')} <Typography.Text strong copyable data-testid="tracking-code">{code}</Typography.Text>
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }} data-testid="pub-next">
                {t('pub.next')}
              </Typography.Paragraph>
            </>
          }
          extra={<Button onClick={() => { setCode(null); form.resetFields(); }}>{t('pub.another')}</Button>}
        />
      ) : (
        <Card>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
          <Form
            form={form}
            layout="vertical"
            onFinish={send}
            onFinishFailed={() => setError(t('pub.check_fields'))}
            scrollToFirstError={{ block: 'center', focus: true }}
          >
            <Form.Item
              name="affected"
              label={t('pub.affected')}
              rules={[{ required: true, whitespace: true, message: t('pub.need_affected') }]}
            >
              <Input placeholder="https://…" data-testid="pub-affected" />
            </Form.Item>
            <Form.Item
              name="description"
              label={t('pub.description')}
              rules={[{ required: true, whitespace: true, message: t('pub.need_description') }]}
            >
              <Input.TextArea rows={5} data-testid="pub-description" />
            </Form.Item>
            <Form.Item name="name" label={t('pub.name')}>
              <Input data-testid="pub-name" />
            </Form.Item>
            <Form.Item name="organisation" label={t('pub.organisation')}>
              <Input />
            </Form.Item>
            <Typography.Paragraph type="secondary" data-testid="pub-contact-hint">
              {t('pub.contact_hint')}
            </Typography.Paragraph>
            <Form.Item
              name="email"
              label={t('pub.email')}
              required
              dependencies={['phone']}
              rules={[
                { type: 'email', message: t('pub.bad_email') },
                ({ getFieldValue }) => ({
                  validator: (_, value) =>
                    (value ?? '').trim() || (getFieldValue('phone') ?? '').trim()
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('pub.need_contact'))),
                }),
              ]}
            >
              <Input type="email" autoComplete="email" data-testid="pub-email" />
            </Form.Item>
            <Form.Item name="phone" label={t('pub.phone')} required>
              <Input type="tel" autoComplete="tel" data-testid="pub-phone" />
            </Form.Item>
            {/* Hidden from people; robots fill it in. */}
            <Form.Item name="website" style={{ position: 'absolute', left: -10000 }} aria-hidden>
              <Input tabIndex={-1} autoComplete="off" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={sending} data-testid="pub-submit">
              {t('pub.submit')}
            </Button>
          </Form>
        </Card>
      )}
      <Card style={{ marginTop: 16 }} title={t('pub.follow')}>
        <Space.Compact style={{ width: '100%' }}>
          <Input value={lookup} onChange={(e) => setLookup(e.target.value)} placeholder={t('pub.code')} data-testid="pub-lookup" />
          <Button onClick={check} data-testid="pub-check">
            {t('pub.check')}
          </Button>
        </Space.Compact>
        {lookupError && <Alert type="error" showIcon message={lookupError} style={{ marginTop: 12 }} />}
        {status && (
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            data-testid="pub-status"
            message={`${status.tracking_code}: ${lang === 'en' ? status.state_en : status.state_vi}`}
            description={`${t('pub.received')} ${formatTime(status.received_at, lang)} · ${t('pub.updated')} ${formatTime(status.updated_at, lang)}`}
          />
        )}
      </Card>
      <Typography.Paragraph style={{ marginTop: 16 }}>
        <a href="/">{t('pub.staff')}</a>
      </Typography.Paragraph>
    </div>
  );
}
