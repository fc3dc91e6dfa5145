import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tree,
  TreeSelect,
  Typography,
  App as AntApp,
} from 'antd';
import type { ButtonProps } from 'antd';
import { api, listAll, type Contact, type Person, type Unit, type User } from '../../api';
import type { Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import MemberTab from './MemberTab';
import RegimesTab from '../reports/RegimesTab';
import {
  fieldErrors,
  formatTime,
  hasRole,
  unitKinds,
  unitName,
  unitSelectTree,
  useSession,
  useShowError,
  Phone,
} from '../../shared';

/// Lower-case and strip Vietnamese marks, like the server's search.
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase();
}

interface TreeNode {
  key: number;
  title: React.ReactNode;
  children: TreeNode[];
}

function buildTree(units: Unit[], lang: 'vi' | 'en', query: string): TreeNode[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const children = new Map<number | null, Unit[]>();
  for (const unit of units) {
    const parent = unit.parent_id !== null && byId.has(unit.parent_id) ? unit.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), unit]);
  }
  const folded = fold(query.trim());
  const build = (parent: number | null): TreeNode[] =>
    (children.get(parent) ?? [])
      .map((unit): TreeNode | null => {
        const sub = build(unit.id);
        const matches =
          !folded || fold(`${unit.code} ${unit.name_vi} ${unit.name_en}`).includes(folded);
        if (!matches && sub.length === 0) return null;
        return {
          key: unit.id,
          title: (
            <span data-testid={`tree-${unit.code}`} style={{ opacity: unit.active ? 1 : 0.5 }}>
              {unitName(unit, lang)}
            </span>
          ),
          children: sub,
        };
      })
      .filter((n): n is TreeNode => n !== null);
  return build(null);
}

function UnitFormModal(props: {
  open: boolean;
  title: string;
  initial?: Partial<Unit>;
  onCancel: () => void;
  onSubmit: (values: Partial<Unit>) => Promise<void>;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (props.open) {
      form.resetFields();
      form.setFieldsValue(props.initial ?? { kind: 'commune' });
    }
  }, [props.open, props.initial, form]);
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      await props.onSubmit(values);
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      throw e;
    } finally {
      setBusy(false);
    }
  };
  const field = (name: keyof Unit, required = false) => (
    <Form.Item
      name={name}
      label={t(`unit.${name}`)}
      rules={required ? [{ required: true, message: t('common.required') }] : []}
    >
      <Input data-testid={`unit-${name}`} />
    </Form.Item>
  );
  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onCancel}
      onOk={() => submit().catch(() => {})}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'unit-save' } as ButtonProps}
      destroyOnClose
    >
      <Form form={form} layout="vertical">
        {field('code', true)}
        <Form.Item name="kind" label={t('unit.kind')} rules={[{ required: true }]}>
          <Select
            data-testid="unit-kind"
            options={unitKinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          />
        </Form.Item>
        {field('name_vi', true)}
        {field('name_en')}
        {field('address')}
        {field('phone')}
        {field('fax')}
        {field('email')}
        {field('website')}
        {field('report_address')}
      </Form>
    </Modal>
  );
}

function ContactsTab(props: { unit: Unit; canEdit: boolean }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [people, setPeople] = useState<Person[]>([]);
  const [choice, setChoice] = useState<Record<string, number | undefined>>({});
  const load = useCallback(async () => {
    try {
      const [c, p] = await Promise.all([
        api<{ items: Contact[] }>('GET', `/units/${props.unit.id}/contacts`),
        api<{ items: Person[] }>('GET', `/units/${props.unit.id}/people`),
      ]);
      setContacts(c.items);
      setPeople(p.items.filter((x) => x.active));
    } catch (e) {
      showError(e);
    }
  }, [props.unit.id]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    void load();
  }, [load]);
  const assign = async (role: string) => {
    try {
      await api('PUT', `/units/${props.unit.id}/contacts/${role}`, { person_id: choice[role] });
      await load();
    } catch (e) {
      showError(e);
    }
  };
  const clear = async (role: string) => {
    try {
      await api('DELETE', `/units/${props.unit.id}/contacts/${role}`);
      await load();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('contact.notice')}</Typography.Text>
      {(['leader', 'primary', 'backup'] as const).map((role) => {
        const contact = contacts.find((c) => c.role === role);
        return (
          <Card key={role} size="small" title={t(`contact.${role}`)} data-testid={`contact-${role}`}>
            {contact ? (
              <Descriptions size="small" column={2}>
                <Descriptions.Item label={t('person.full_name')}>
                  {contact.person.full_name}
                </Descriptions.Item>
                <Descriptions.Item label={t('person.position')}>
                  {contact.person.position}
                </Descriptions.Item>
                <Descriptions.Item label={t('contact.office')}>
                  <Phone number={contact.person.office_phone} />
                </Descriptions.Item>
                <Descriptions.Item label={t('contact.after_hours')}>
                  <Phone number={contact.person.mobile_phone} />
                </Descriptions.Item>
                <Descriptions.Item label={t('person.email')}>
                  {contact.person.email}
                </Descriptions.Item>
                <Descriptions.Item label={t('contact.changed_at')}>
                  {formatTime(contact.changed_at, lang)}
                </Descriptions.Item>
              </Descriptions>
            ) : (
              <Typography.Text type="warning">{t('common.none')}</Typography.Text>
            )}
            {props.canEdit && (
              <Space style={{ marginTop: 8 }}>
                <Select
                  style={{ width: 260 }}
                  placeholder={t('contact.choose_person')}
                  value={choice[role]}
                  onChange={(v) => setChoice({ ...choice, [role]: v })}
                  options={people.map((p) => ({ value: p.id, label: `${p.full_name} — ${p.position}` }))}
                />
                <Button disabled={!choice[role]} onClick={() => assign(role)}>
                  {t('contact.assign')}
                </Button>
                {contact && <Button onClick={() => clear(role)}>{t('contact.clear')}</Button>}
              </Space>
            )}
          </Card>
        );
      })}
    </Space>
  );
}

const qualificationCodes = {
  training_field: ['cntt', 'attt', 'equivalent'],
  degree: ['postgraduate', 'university', 'college', 'vocational'],
  certificate_scope: ['international', 'domestic'],
  expert_group: ['management', 'defence', 'protection', 'testing'],
} as const;

/// The staff annex of Mẫu 01/02 (TT 20/2017): only for technical staff; a person with a
/// training field is counted in the unit's staff figures.
function QualificationFields() {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('qual.title')} style={{ marginTop: 8 }}>
      <Typography.Paragraph type="secondary">{t('qual.intro')}</Typography.Paragraph>
      {(Object.keys(qualificationCodes) as (keyof typeof qualificationCodes)[]).map((field) => (
        <Form.Item key={field} name={['qualification', field]} label={t(`qual.${field}`)}>
          <Select
            allowClear
            options={qualificationCodes[field].map((code) => ({ value: code, label: t(`qual.${field}.${code}`) }))}
          />
        </Form.Item>
      ))}
      {(['certificates', 'school', 'major'] as const).map((field) => (
        <Form.Item key={field} name={['qualification', field]} label={t(`qual.${field}`)}>
          <Input />
        </Form.Item>
      ))}
      <Form.Item name={['qualification', 'graduated']} label={t('qual.graduated')}>
        <Input placeholder="06/2015" />
      </Form.Item>
    </Card>
  );
}

function PeopleTab(props: { unit: Unit; canEdit: boolean }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const [people, setPeople] = useState<Person[]>([]);
  const [editing, setEditing] = useState<Partial<Person> | null>(null);
  const [form] = Form.useForm();
  const load = useCallback(async () => {
    try {
      setPeople((await api<{ items: Person[] }>('GET', `/units/${props.unit.id}/people`)).items);
    } catch (e) {
      showError(e);
    }
  }, [props.unit.id]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (editing) {
      form.resetFields();
      form.setFieldsValue(editing);
    }
  }, [editing, form]);
  const save = async () => {
    const values = await form.validateFields();
    if (values.qualification) {
      values.qualification = Object.fromEntries(
        Object.entries(values.qualification as Record<string, string | undefined>).map(([k, v]) => [k, v ?? '']),
      );
    }
    try {
      if (editing?.id) await api('PATCH', `/people/${editing.id}`, values);
      else await api('POST', `/units/${props.unit.id}/people`, values);
      setEditing(null);
      await load();
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };
  return (
    <>
      {props.canEdit && (
        <Button style={{ marginBottom: 8 }} onClick={() => setEditing({})}>
          {t('person.add')}
        </Button>
      )}
      <Table
        rowKey="id"
        size="small"
        dataSource={people}
        pagination={false}
        columns={[
          { title: t('person.full_name'), dataIndex: 'full_name' },
          { title: t('person.position'), dataIndex: 'position' },
          { title: t('person.office_phone'), dataIndex: 'office_phone', render: (v: string) => <Phone number={v} /> },
          { title: t('person.mobile_phone'), dataIndex: 'mobile_phone', render: (v: string) => <Phone number={v} /> },
          { title: t('person.email'), dataIndex: 'email' },
          ...(props.canEdit
            ? [
                {
                  title: '',
                  render: (_: unknown, p: Person) => (
                    <Button size="small" onClick={() => setEditing(p)}>
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing?.id ? t('common.edit') : t('person.add')}
        onCancel={() => setEditing(null)}
        onOk={() => save().catch(() => {})}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="full_name"
            label={t('person.full_name')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="position" label={t('person.position')}>
            <Input />
          </Form.Item>
          <Form.Item name="office_phone" label={t('person.office_phone')}>
            <Input />
          </Form.Item>
          <Form.Item name="mobile_phone" label={t('person.mobile_phone')}>
            <Input />
          </Form.Item>
          <Form.Item name="email" label={t('person.email')}>
            <Input />
          </Form.Item>
          <QualificationFields />
        </Form>
      </Modal>
    </>
  );
}

const routingFunctions = ['specialised', 'response_team', 'steering', 'national_coordinator', 'standing_body', 'police'];

/// The unit's functions in the response network (where reports are routed) and its webhook.
function RoutingTab(props: { unit: Unit; canEdit: boolean }) {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [functions, setFunctions] = useState<string[]>([]);
  const [webhook, setWebhook] = useState('');
  const [unserved, setUnserved] = useState<Schemas['Routing']['unserved']>([]);
  const show = (r: Schemas['Routing']) => {
    setFunctions(r.functions);
    setWebhook(r.webhook_url);
    setUnserved(r.unserved);
  };
  useEffect(() => {
    api<Schemas['Routing']>('GET', `/units/${props.unit.id}/routing`)
      .then(show)
      .catch(showError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.unit.id]);
  const save = async () => {
    try {
      show(await api<Schemas['Routing']>('PUT', `/units/${props.unit.id}/routing`, { functions, webhook_url: webhook }));
      message.success(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('routing.intro')}</Typography.Paragraph>
      {unserved.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="routing-unserved"
          message={t('routing.unserved')}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {unserved.map((u) => (
                <li key={u.function}>
                  <strong>{t(`inc.lead.${u.function}`)}</strong>:{' '}
                  {u.reports.map((r) => (lang === 'en' ? r.title_en : r.title_vi)).join('; ')}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Checkbox.Group
        disabled={!props.canEdit}
        value={functions}
        onChange={(v) => setFunctions(v as string[])}
        style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
        options={routingFunctions.map((f) => ({ value: f, label: t(`inc.lead.${f}`) }))}
        data-testid="routing-functions"
      />
      <Input
        disabled={!props.canEdit}
        addonBefore={t('routing.webhook')}
        placeholder="https://…"
        value={webhook}
        onChange={(e) => setWebhook(e.target.value)}
      />
      {props.canEdit && (
        <Button type="primary" onClick={save} data-testid="routing-save">
          {t('common.save')}
        </Button>
      )}
    </Space>
  );
}

function UnitUsersTab(props: { unit: Unit }) {
  const { t } = useI18n();
  const showError = useShowError();
  const [users, setUsers] = useState<User[]>([]);
  useEffect(() => {
    listAll<User>(`/users?unit_id=${props.unit.id}`).then(setUsers).catch(showError);
  }, [props.unit.id]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Table
      rowKey="id"
      size="small"
      dataSource={users}
      pagination={false}
      columns={[
        { title: t('user.login'), dataIndex: 'login' },
        { title: t('user.full_name'), dataIndex: 'full_name' },
        {
          title: t('user.status'),
          render: (_: unknown, u: User) =>
            u.active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>,
        },
      ]}
    />
  );
}

/// antd's tree marks its box role="tree" but not its nodes; screen readers then announce an
/// empty tree. Each node is given role="treeitem" with its level, state and selection.
function useTreeItemRoles(box: RefObject<HTMLDivElement>, label: string) {
  useEffect(() => {
    const root = box.current;
    if (!root) return;
    const mark = () => {
      // The tree role moves to the box that holds only the nodes (antd's outer box also holds
      // its keyboard input, which a tree may not contain).
      const outer = root.querySelector<HTMLElement>('.ant-tree');
      const inner = root.querySelector<HTMLElement>('.ant-tree-list-holder-inner');
      if (outer && outer.getAttribute('role') !== 'none') outer.setAttribute('role', 'none');
      if (inner && inner.getAttribute('role') !== 'tree') {
        inner.setAttribute('role', 'tree');
        inner.setAttribute('aria-label', label);
      }
      root.querySelectorAll<HTMLElement>('.ant-tree-list-holder-inner > .ant-tree-treenode').forEach((node) => {
        if (node.getAttribute('role') !== 'treeitem') node.setAttribute('role', 'treeitem');
        const level = String(node.querySelectorAll(':scope > .ant-tree-indent > .ant-tree-indent-unit').length + 1);
        if (node.getAttribute('aria-level') !== level) node.setAttribute('aria-level', level);
        const selected = String(node.classList.contains('ant-tree-treenode-selected'));
        if (node.getAttribute('aria-selected') !== selected) node.setAttribute('aria-selected', selected);
        const open = node.classList.contains('ant-tree-treenode-switcher-open');
        const closed = node.classList.contains('ant-tree-treenode-switcher-close');
        const expanded = open ? 'true' : closed ? 'false' : null;
        if (expanded !== null && node.getAttribute('aria-expanded') !== expanded) node.setAttribute('aria-expanded', expanded);
      });
    };
    mark();
    const observer = new MutationObserver(mark);
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
    return () => observer.disconnect();
  }, [box, label]);
}

export default function UnitsPage() {
  const { t, lang } = useI18n();
  const treeBox = useRef<HTMLDivElement>(null);
  useTreeItemRoles(treeBox, t('unit.tree'));
  const { session } = useSession();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [units, setUnits] = useState<Unit[]>([]);
  const [selected, setSelected] = useState<number | null>(() => {
    const id = Number(window.location.pathname.split('/')[2]);
    return Number.isFinite(id) && id > 0 ? id : null;
  });
  const [query, setQuery] = useState('');
  const [showInactive, setShowInactive] = useState(false);
  const [modal, setModal] = useState<'create' | 'edit' | 'move' | null>(null);
  const [moveTarget, setMoveTarget] = useState<number | undefined>();

  const load = useCallback(async () => {
    try {
      setUnits(await listAll<Unit>('/units'));
    } catch (e) {
      showError(e);
    }
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    void load();
  }, [load]);

  const visible = useMemo(
    () => units.filter((u) => showInactive || u.active),
    [units, showInactive],
  );
  const tree = useMemo(() => buildTree(visible, lang, query), [visible, lang, query]);
  const unit = units.find((u) => u.id === selected);
  const parent = units.find((u) => u.id === unit?.parent_id);
  const canWrite = hasRole(session?.user, ['admin', 'coordinator']);
  const canContacts = hasRole(session?.user, ['admin', 'coordinator', 'officer']);
  const canUsers = hasRole(session?.user, ['admin', 'coordinator', 'leader', 'auditor']);

  const select = (id: number) => {
    window.history.replaceState(null, '', `/units/${id}`);
    setSelected(id);
  };

  const moveTree = useMemo(() => unitSelectTree(units, lang), [units, lang]);

  const setActive = async (active: boolean) => {
    try {
      await api('PATCH', `/units/${unit!.id}`, { active });
      message.success(t('common.saved'));
      await load();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Row gutter={16}>
      <Col xs={24} md={9} lg={8}>
        <Card title={t('unit.tree')} size="small">
          <Input.Search
            placeholder={t('common.search')}
            allowClear
            onChange={(e) => setQuery(e.target.value)}
            data-testid="unit-search"
            style={{ marginBottom: 8 }}
          />
          <Checkbox checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)}>
            {t('unit.show_inactive')}
          </Checkbox>
          <div ref={treeBox}>
          <Tree
            style={{ marginTop: 8 }}
            treeData={tree}
            defaultExpandAll
            key={`${tree.length}-${query}-${units.length}`}
            selectedKeys={selected ? [selected] : []}
            onSelect={(keys) => keys.length && select(Number(keys[0]))}
          />
          </div>
        </Card>
      </Col>
      <Col xs={24} md={15} lg={16}>
        {!unit ? (
          <Card>
            <Empty description={t('unit.add_root_hint')} />
          </Card>
        ) : (
          <Card
            title={
              <Space>
                <span data-testid="unit-title">{unitName(unit, lang)}</span>
                <Tag>{t(`kind.${unit.kind}`)}</Tag>
                {!unit.active && <Tag color="red">{t('common.inactive')}</Tag>}
              </Space>
            }
            extra={
              canWrite && (
                <Space wrap>
                  <Button onClick={() => setModal('create')} data-testid="unit-add-child" disabled={!unit.active}>
                    {t('unit.add_child')}
                  </Button>
                  <Button onClick={() => setModal('edit')} data-testid="unit-edit">
                    {t('common.edit')}
                  </Button>
                  <Button onClick={() => setModal('move')}>{t('unit.move')}</Button>
                  {unit.active ? (
                    <Popconfirm title={t('unit.deactivate_confirm')} onConfirm={() => setActive(false)}>
                      <Button danger>{t('unit.deactivate')}</Button>
                    </Popconfirm>
                  ) : (
                    <Button onClick={() => setActive(true)}>{t('unit.activate')}</Button>
                  )}
                </Space>
              )
            }
          >
            <Tabs
              // Each tab reads afresh when opened: a change made on one (a new đầu mối) shows on
              // the others (the 24-hour notice it starts).
              destroyInactiveTabPane
              items={[
                {
                  key: 'info',
                  label: t('unit.tab.info'),
                  children: (
                    <Descriptions column={1} size="small" bordered>
                      <Descriptions.Item label={t('unit.code')}>{unit.code}</Descriptions.Item>
                      <Descriptions.Item label={t('unit.name_vi')}>{unit.name_vi}</Descriptions.Item>
                      <Descriptions.Item label={t('unit.name_en')}>{unit.name_en}</Descriptions.Item>
                      <Descriptions.Item label={t('unit.parent')}>
                        {unitName(parent, lang)}
                      </Descriptions.Item>
                      {(['address', 'phone', 'fax', 'email', 'website', 'report_address'] as const).map(
                        (f) => (
                          <Descriptions.Item key={f} label={t(`unit.${f}`)}>
                            {f === 'phone' ? <Phone number={unit[f]} /> : unit[f]}
                          </Descriptions.Item>
                        ),
                      )}
                    </Descriptions>
                  ),
                },
                {
                  key: 'contacts',
                  label: t('unit.tab.contacts'),
                  children: <ContactsTab unit={unit} canEdit={canContacts} />,
                },
                {
                  key: 'people',
                  label: t('unit.tab.people'),
                  children: <PeopleTab unit={unit} canEdit={canContacts} />,
                },
                ...(canUsers
                  ? [{ key: 'users', label: t('unit.tab.users'), children: <UnitUsersTab unit={unit} /> }]
                  : []),
                {
                  key: 'routing',
                  label: t('unit.tab.routing'),
                  children: <RoutingTab unit={unit} canEdit={canWrite} />,
                },
                {
                  key: 'member',
                  label: t('unit.tab.member'),
                  children: <MemberTab unit={unit} canEdit={canContacts} />,
                },
                {
                  key: 'regimes',
                  label: t('unit.tab.regimes'),
                  children: <RegimesTab unit={unit} canEdit={canWrite} units={units} />,
                },
              ]}
            />
          </Card>
        )}
      </Col>
      <UnitFormModal
        open={modal === 'create'}
        title={t('unit.add_child')}
        onCancel={() => setModal(null)}
        onSubmit={async (values) => {
          try {
            const created = await api<Unit>('POST', '/units', { ...values, parent_id: unit!.id });
            setModal(null);
            await load();
            select(created.id);
            message.success(t('common.saved'));
          } catch (e) {
            showError(e);
            throw e;
          }
        }}
      />
      <UnitFormModal
        open={modal === 'edit'}
        title={t('common.edit')}
        initial={unit}
        onCancel={() => setModal(null)}
        onSubmit={async (values) => {
          try {
            await api('PATCH', `/units/${unit!.id}`, values);
            setModal(null);
            await load();
            message.success(t('common.saved'));
          } catch (e) {
            showError(e);
            throw e;
          }
        }}
      />
      <Modal
        open={modal === 'move'}
        title={t('unit.move')}
        onCancel={() => setModal(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !moveTarget }}
        onOk={async () => {
          try {
            await api('POST', `/units/${unit!.id}/move`, { parent_id: moveTarget });
            setModal(null);
            await load();
            message.success(t('common.saved'));
          } catch (e) {
            showError(e);
          }
        }}
      >
        <Typography.Paragraph>{t('unit.move_to')}</Typography.Paragraph>
        <TreeSelect
          style={{ width: '100%' }}
          treeData={moveTree}
          treeDefaultExpandAll
          value={moveTarget}
          onChange={(v) => setMoveTarget(v)}
        />
      </Modal>
    </Row>
  );
}
