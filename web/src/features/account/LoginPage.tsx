import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { api, ApiError, type User } from '../../api';
import { useI18n } from '../../i18n';
import { LangButton } from '../../Providers';
import { errorText } from '../../shared';

export default function LoginPage(props: {
  onSignedIn: (user: User, csrf: string) => void;
}) {
  const { t, lang } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (values: { login: string; password: string; totp?: string }) => {
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string> = { login: values.login, password: values.password };
      if (values.totp) body.totp = values.totp;
      const data = await api<{ csrf_token: string; user: User }>('POST', '/session', body);
      props.onSignedIn(data.user, data.csrf_token);
    } catch (e) {
      if (e instanceof ApiError && e.problem.errors.some((x) => x.field === 'totp')) {
        setNeedTotp(true);
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ display: 'flex', justifyContent: 'center', paddingTop: '10vh' }}>
      <Card style={{ width: 400 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <div style={{ display: 'flex', justifyContent: 'space-between' }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              <img src="/favicon.svg" alt="" width={28} style={{ verticalAlign: 'middle', marginRight: 8 }} />
              ungcuu
            </Typography.Title>
            <LangButton />
          </div>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
          {error !== null && <Alert type="error" showIcon message={errorText(error, lang)} />}
          <Form layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item
              name="login"
              label={t('login.login')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Input autoFocus autoComplete="username" data-testid="login" />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Input.Password autoComplete="current-password" data-testid="password" />
            </Form.Item>
            {needTotp && (
              <Form.Item name="totp" label={t('login.totp')}>
                <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in">
              {t('login.submit')}
            </Button>
          </Form>
          <a href="/phan-anh" data-testid="public-link">
            {t('login.public_report')}
          </a>
        </Space>
      </Card>
    </div>
  );
}
