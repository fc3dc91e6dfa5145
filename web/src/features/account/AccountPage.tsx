import { useEffect, useState } from 'react';
import { App as AntApp, Button, Card, Checkbox, Col, Form, Input, Row, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { fieldErrors, formatTime, unitName, useSession, useShowError } from '../../shared';
import { useUnits } from '../registry/registry';
import type { Schemas } from '../../apiTypes';

type Token = Schemas['ApiToken'];

export default function AccountPage(props: { onSignedOut: () => void }) {
  const { t, lang } = useI18n();
  const { session, refresh } = useSession();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [passwordForm] = Form.useForm();
  const [totpSecret, setTotpSecret] = useState<string | null>(null);
  const [totpCode, setTotpCode] = useState('');
  const [disablePassword, setDisablePassword] = useState('');
  const [disableCode, setDisableCode] = useState('');
  const [beginPassword, setBeginPassword] = useState('');
  const [tokens, setTokens] = useState<Token[]>([]);
  const [tokenName, setTokenName] = useState('');
  const [newToken, setNewToken] = useState<string | null>(null);

  const loadTokens = async () => {
    try {
      setTokens((await api<{ items: Token[] }>('GET', '/me/tokens')).items);
    } catch (e) {
      showError(e);
    }
  };
  useEffect(() => {
    void loadTokens();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const changePassword = async (values: {
    current_password: string;
    new_password: string;
    totp?: string;
    keep_tokens?: boolean;
  }) => {
    try {
      await api('POST', '/me/password', values);
      message.success(t('account.password_changed'));
      props.onSignedOut();
    } catch (e) {
      passwordForm.setFields(
        fieldErrors(e, lang).map((f) => ({ ...f, name: f.name === 'password' ? 'new_password' : f.name })),
      );
      showError(e);
    }
  };

  const user = session?.user;
  const units = useUnits();
  const nameOf = (id: number) => unitName(units.find((u) => u.id === id), lang) || `#${id}`;
  return (
    <Row gutter={16}>
      <Col xs={24}>
        <Card title={t('account.who')} size="small" style={{ marginBottom: 16 }} data-testid="account-who">
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            <Typography.Text strong>{user?.full_name}</Typography.Text> ({user?.login})
            {user?.email ? ` · ${user.email}` : ''}
          </Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            {t('account.unit')}: {user ? nameOf(user.unit_id) : ''}
          </Typography.Paragraph>
          <Space wrap>
            {(user?.roles ?? []).map((r) => (
              <Tag key={r.id}>
                {t(`role.${r.role}`)} — {nameOf(r.unit_id)}
                {r.local ? ` (${t('account.local')})` : ''}
              </Tag>
            ))}
          </Space>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('account.password')} size="small" style={{ marginBottom: 16 }}>
          <Form form={passwordForm} layout="vertical" onFinish={changePassword}>
            <Form.Item name="current_password" label={t('account.current_password')} rules={[{ required: true, message: t('common.required') }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Form.Item name="new_password" label={t('account.new_password')} rules={[{ required: true, message: t('common.required') }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            {user?.totp_enabled && (
              <Form.Item name="totp" label={t('account.totp_code')} rules={[{ required: true, message: t('common.required') }]}>
                <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ width: 120 }} />
              </Form.Item>
            )}
            <Form.Item name="keep_tokens" valuePropName="checked" extra={t('account.keep_tokens_help')}>
              <Checkbox>{t('account.keep_tokens')}</Checkbox>
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">{t('common.save')}</Button>
              <Button
                onClick={async () => {
                  try {
                    await api('DELETE', '/me/sessions');
                    props.onSignedOut();
                  } catch (e) {
                    showError(e);
                  }
                }}
              >
                {t('account.signout_everywhere')}
              </Button>
            </Space>
          </Form>
        </Card>
        <Card
          title={t('account.totp')}
          size="small"
          extra={user?.totp_enabled ? <Tag color="green">{t('account.totp_on')}</Tag> : <Tag>{t('account.totp_off')}</Tag>}
        >
          {!user?.totp_enabled && !totpSecret && (
            <Space wrap>
              <Input.Password
                placeholder={t('account.current_password')}
                value={beginPassword}
                onChange={(e) => setBeginPassword(e.target.value)}
                autoComplete="current-password"
                data-testid="totp-begin-password"
              />
              <Button
                disabled={!beginPassword}
                onClick={async () => {
                  try {
                    setTotpSecret((await api<{ secret: string }>('POST', '/me/totp', { password: beginPassword })).secret);
                    setBeginPassword('');
                  } catch (e) {
                    showError(e);
                  }
                }}
              >
                {t('account.totp_begin')}
              </Button>
            </Space>
          )}
          {totpSecret && (
            <Space direction="vertical">
              <Typography.Text>{t('account.totp_secret')}</Typography.Text>
              <Typography.Text code copyable>{totpSecret}</Typography.Text>
              <Space>
                <Input value={totpCode} onChange={(e) => setTotpCode(e.target.value)} maxLength={6} style={{ width: 120 }} />
                <Button
                  type="primary"
                  onClick={async () => {
                    try {
                      await api('POST', '/me/totp/confirm', { code: totpCode });
                      setTotpSecret(null);
                      refresh();
                    } catch (e) {
                      showError(e);
                    }
                  }}
                >
                  {t('account.totp_confirm')}
                </Button>
              </Space>
            </Space>
          )}
          {user?.totp_enabled && (
            <Space wrap>
              <Input.Password placeholder={t('login.password')} value={disablePassword} onChange={(e) => setDisablePassword(e.target.value)} />
              <Input
                placeholder={t('account.totp_code')}
                value={disableCode}
                onChange={(e) => setDisableCode(e.target.value)}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                style={{ width: 120 }}
              />
              <Button
                danger
                disabled={!disablePassword || disableCode.length !== 6}
                onClick={async () => {
                  try {
                    await api('DELETE', '/me/totp', { password: disablePassword, code: disableCode });
                    setDisablePassword('');
                    setDisableCode('');
                    refresh();
                  } catch (e) {
                    showError(e);
                  }
                }}
              >
                {t('account.totp_disable')}
              </Button>
            </Space>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('account.tokens')} size="small">
          <Space style={{ marginBottom: 8 }}>
            <Input placeholder={t('account.token_name')} value={tokenName} onChange={(e) => setTokenName(e.target.value)} style={{ width: 280 }} />
            <Button
              onClick={async () => {
                try {
                  const created = await api<{ token: string }>('POST', '/me/tokens', { name: tokenName });
                  setNewToken(created.token);
                  setTokenName('');
                  await loadTokens();
                } catch (e) {
                  showError(e);
                }
              }}
            >
              {t('account.token_create')}
            </Button>
          </Space>
          {newToken && (
            <div style={{ marginBottom: 8 }}>
              <Typography.Text>{t('account.token_shown_once')} </Typography.Text>
              <Typography.Text code copyable>{newToken}</Typography.Text>
            </div>
          )}
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={tokens}
            columns={[
              { title: t('account.token_name'), dataIndex: 'name' },
              { title: t('audit.at'), render: (_: unknown, k: Token) => formatTime(k.created_at, lang) },
              {
                title: '',
                render: (_: unknown, k: Token) =>
                  k.revoked ? (
                    <Tag>{t('account.token_revoked')}</Tag>
                  ) : (
                    <Button
                      size="small"
                      onClick={async () => {
                        try {
                          await api('DELETE', `/me/tokens/${k.id}`);
                          await loadTokens();
                        } catch (e) {
                          showError(e);
                        }
                      }}
                    >
                      {t('user.revoke')}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
