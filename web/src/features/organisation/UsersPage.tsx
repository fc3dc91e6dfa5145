import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Drawer,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
} from 'antd';
import type { ButtonProps } from 'antd';
import { api, listAll, type RoleAssignment, type Unit, type User } from '../../api';
import { useI18n } from '../../i18n';
import {
  fieldErrors,
  hasRole,
  roles,
  unitName,
  unitSelectTree,
  useSession,
  useShowError,
} from '../../shared';
import { fold } from './UnitsPage';

export default function UsersPage() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [users, setUsers] = useState<User[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<User | null>(null);
  const [assignments, setAssignments] = useState<RoleAssignment[]>([]);
  const [createForm] = Form.useForm();
  const [grantForm] = Form.useForm();
  const [newPassword, setNewPassword] = useState('');
  const canWrite = hasRole(session?.user, ['admin', 'coordinator']);

  const load = useCallback(async () => {
    try {
      const [u, un] = await Promise.all([listAll<User>('/users'), listAll<Unit>('/units')]);
      setUsers(u);
      setUnits(un);
    } catch (e) {
      showError(e);
    }
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    void load();
  }, [load]);

  const openUser = async (user: User) => {
    setOpen(user);
    try {
      setAssignments((await api<{ items: RoleAssignment[] }>('GET', `/users/${user.id}/roles`)).items);
    } catch (e) {
      showError(e);
    }
  };

  const treeData = useMemo(() => unitSelectTree(units, lang), [units, lang]);
  const unitLabel = (id: number) => unitName(units.find((u) => u.id === id), lang) || `#${id}`;
  const shown = users.filter(
    (u) => !query || fold(`${u.login} ${u.full_name} ${u.email}`).includes(fold(query)),
  );

  const create = async () => {
    const values = await createForm.validateFields();
    try {
      const user = await api<User>('POST', '/users', values);
      setCreating(false);
      message.success(t('common.saved'));
      await load();
      await openUser(user);
    } catch (e) {
      createForm.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };

  const grant = async () => {
    const values = await grantForm.validateFields();
    try {
      await api('POST', `/users/${open!.id}/roles`, { ...values, local: !!values.local });
      grantForm.resetFields();
      await openUser(open!);
      message.success(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  };

  const revoke = async (a: RoleAssignment) => {
    try {
      await api('DELETE', `/users/${open!.id}/roles/${a.id}`);
      await openUser(open!);
    } catch (e) {
      showError(e);
    }
  };

  const resetPassword = async () => {
    try {
      await api('POST', `/users/${open!.id}/password`, { password: newPassword });
      setNewPassword('');
      message.success(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  };

  const accountAction = async (path: 'totp' | 'sessions') => {
    try {
      await api('DELETE', `/users/${open!.id}/${path}`);
      message.success(t('common.saved'));
      await openUser(await api<User>('GET', `/users/${open!.id}`));
    } catch (e) {
      showError(e);
    }
  };

  const setActive = async (active: boolean) => {
    try {
      const user = await api<User>('PATCH', `/users/${open!.id}`, { active });
      setOpen(user);
      await load();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Card
      title={t('users.title')}
      extra={
        <Space>
          <Input.Search placeholder={t('common.search')} allowClear onChange={(e) => setQuery(e.target.value)} />
          {canWrite && (
            <Button type="primary" onClick={() => { createForm.resetFields(); setCreating(true); }} data-testid="user-add">
              {t('user.add')}
            </Button>
          )}
        </Space>
      }
    >
      <Table
        rowKey="id"
        size="small"
        dataSource={shown}
        onRow={(user) => ({ onClick: () => openUser(user), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('user.login'), dataIndex: 'login', render: (v: string) => <span data-testid={`user-${v}`}>{v}</span> },
          { title: t('user.full_name'), dataIndex: 'full_name' },
          { title: t('user.unit'), render: (_: unknown, u: User) => unitLabel(u.unit_id) },
          {
            title: t('user.status'),
            render: (_: unknown, u: User) =>
              u.active ? <Tag color="green">{t('common.active')}</Tag> : <Tag color="red">{t('common.inactive')}</Tag>,
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('user.add')}
        onCancel={() => setCreating(false)}
        onOk={() => create().catch(() => {})}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ 'data-testid': 'user-save' } as ButtonProps}
      >
        <Form form={createForm} layout="vertical">
          <Form.Item name="login" label={t('user.login')} rules={[{ required: true, message: t('common.required') }]}>
            <Input data-testid="user-login" autoComplete="off" />
          </Form.Item>
          <Form.Item name="full_name" label={t('user.full_name')} rules={[{ required: true, message: t('common.required') }]}>
            <Input data-testid="user-full-name" />
          </Form.Item>
          <Form.Item name="email" label={t('user.email')}>
            <Input />
          </Form.Item>
          <Form.Item name="unit_id" label={t('user.unit')} rules={[{ required: true, message: t('common.required') }]}>
            <TreeSelect treeData={treeData} treeDefaultExpandAll showSearch treeNodeFilterProp="title" data-testid="user-unit" />
          </Form.Item>
          <Form.Item name="password" label={t('user.password')} rules={[{ required: true, message: t('common.required') }]}>
            <Input.Password data-testid="user-password" autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
      <Drawer open={open !== null} width={560} onClose={() => setOpen(null)} title={open ? `${open.full_name} (${open.login})` : ''}>
        {open && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <div>
              {t('user.unit')}: <b>{unitLabel(open.unit_id)}</b>
            </div>
            {canWrite && (
              <Space>
                {open.active ? (
                  <Popconfirm title={t('user.lock') + '?'} onConfirm={() => setActive(false)}>
                    <Button danger>{t('user.lock')}</Button>
                  </Popconfirm>
                ) : (
                  <Button onClick={() => setActive(true)}>{t('user.unlock')}</Button>
                )}
                <Input.Password
                  placeholder={t('user.new_password')}
                  value={newPassword}
                  onChange={(e) => setNewPassword(e.target.value)}
                  autoComplete="new-password"
                  style={{ width: 240 }}
                />
                <Button disabled={!newPassword} onClick={resetPassword}>
                  {t('user.reset_password')}
                </Button>
              </Space>
            )}
            {canWrite && (
              <Space wrap>
                <Popconfirm title={t('user.end_sessions_confirm')} onConfirm={() => accountAction('sessions')}>
                  <Button>{t('user.end_sessions')}</Button>
                </Popconfirm>
                {open.totp_enabled && (
                  <Popconfirm title={t('user.reset_totp_confirm')} onConfirm={() => accountAction('totp')}>
                    <Button>{t('user.reset_totp')}</Button>
                  </Popconfirm>
                )}
              </Space>
            )}
            {canWrite && <div style={{ color: '#666', fontSize: 12 }}>{t('user.account_actions_help')}</div>}
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={assignments}
              data-testid="user-roles"
              columns={[
                { title: t('user.roles'), render: (_: unknown, a: RoleAssignment) => t(`role.${a.role}`) },
                {
                  title: t('user.role_unit'),
                  render: (_: unknown, a: RoleAssignment) => unitLabel(a.unit_id) + (a.local ? ` (${t('user.local')})` : ''),
                },
                ...(canWrite
                  ? [{
                      title: '',
                      render: (_: unknown, a: RoleAssignment) => (
                        <Popconfirm title={t('user.revoke') + '?'} onConfirm={() => revoke(a)}>
                          <Button size="small">{t('user.revoke')}</Button>
                        </Popconfirm>
                      ),
                    }]
                  : []),
              ]}
            />
            {canWrite && (
              <Card size="small" title={t('user.grant')}>
                <Form form={grantForm} layout="vertical" onFinish={grant}>
                  <Form.Item name="role" label={t('user.roles')} rules={[{ required: true, message: t('common.required') }]}>
                    <Select data-testid="grant-role" options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
                  </Form.Item>
                  <Form.Item name="unit_id" label={t('user.role_unit')} rules={[{ required: true, message: t('common.required') }]}>
                    <TreeSelect treeData={treeData} treeDefaultExpandAll showSearch treeNodeFilterProp="title" data-testid="grant-unit" />
                  </Form.Item>
                  <Form.Item name="local" valuePropName="checked">
                    <Checkbox>{t('user.local')}</Checkbox>
                  </Form.Item>
                  <Button type="primary" htmlType="submit" data-testid="grant-submit">
                    {t('user.grant')}
                  </Button>
                </Form>
              </Card>
            )}
          </Space>
        )}
      </Drawer>
    </Card>
  );
}
