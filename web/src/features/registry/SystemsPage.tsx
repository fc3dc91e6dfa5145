import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  TreeSelect,
  Typography,
  Upload,
  App as AntApp,
} from 'antd';
import type { ButtonProps } from 'antd';
import { api, listAll } from '../../api';
import { useI18n } from '../../i18n';
import { fieldErrors, unitName, unitSelectTree, useShowError } from '../../shared';
import {
  LevelFactsFields,
  LevelTag,
  factDefaults,
  measures,
  queryParam,
  sendFile,
  showImportProblems,
  services,
  useNav,
  useUnits,
  type InfoSystem,
} from './registry';
import type { GetAnswer } from '../../apiTypes';

type Reviewer = GetAnswer<'/api/v1/systems/{id}/reviewers'>['items'][number];

/// The register of information systems: list with filters, register/edit with the level
/// questions, import from CSV/XLSX, and opening a level dossier.
export default function SystemsPage() {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const nav = useNav();
  const units = useUnits();
  const [items, setItems] = useState<InfoSystem[]>([]);
  const [loading, setLoading] = useState(false);
  const [search, setSearch] = useState('');
  const [level, setLevel] = useState<number | undefined>();
  const [approved, setApproved] = useState<string | undefined>(queryParam('approved') ?? undefined);
  const [ownerFilter] = useState<string | null>(queryParam('owner_unit_id'));
  const [editing, setEditing] = useState<InfoSystem | 'new' | null>(null);
  const [saved, setSaved] = useState<InfoSystem | null>(null);
  const [dossierFor, setDossierFor] = useState<InfoSystem | null>(null);
  const [reviewers, setReviewers] = useState<Reviewer[]>([]);
  const [form] = Form.useForm();
  const [dossierForm] = Form.useForm();
  const owner = Form.useWatch('owner_unit_id', form) as number | undefined;
  const [operators, setOperators] = useState<Reviewer[]>([]);

  // Who may operate depends on the owner: any active unit of its tree, providers included.
  useEffect(() => {
    if (!owner) {
      setOperators([]);
      return;
    }
    api<{ items: Reviewer[] }>('GET', `/units/${owner}/operators`)
      .then((r) => setOperators(r.items))
      .catch(() => setOperators([]));
  }, [owner]);

  const load = useCallback(async () => {
    setLoading(true);
    const query = new URLSearchParams();
    if (search) query.set('q', search);
    if (level) query.set('level', String(level));
    if (approved) query.set('approved', approved);
    if (ownerFilter) query.set('owner_unit_id', ownerFilter);
    try {
      setItems(await listAll<InfoSystem>(`/systems?${query.toString()}`));
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search, level, approved, ownerFilter]);

  useEffect(() => {
    void load();
  }, [load]);

  const byId = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);
  const tree = useMemo(() => unitSelectTree(units, lang), [units, lang]);

  const open = (system: InfoSystem | 'new') => {
    setSaved(null);
    setEditing(system);
    form.resetFields();
    form.setFieldsValue(system === 'new' ? { ...factDefaults } : system);
  };

  const save = async (values: Record<string, unknown>) => {
    const body = { ...values };
    for (const key of ['operator_unit_id', 'parent_id']) {
      if (body[key] === undefined) body[key] = null;
    }
    try {
      const result =
        editing === 'new'
          ? await api<InfoSystem>('POST', '/systems', body)
          : await api<InfoSystem>('PUT', `/systems/${(editing as InfoSystem).id}`, body);
      setSaved(result);
      setEditing(result);
      message.success(t('common.saved'));
      void load();
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };

  const startDossier = async (system: InfoSystem) => {
    try {
      const found = await api<{ items: Reviewer[] }>('GET', `/systems/${system.id}/reviewers`);
      setReviewers(found.items);
      dossierForm.resetFields();
      // The first department of the tree is the usual reviewer; the user may choose another.
      dossierForm.setFieldsValue({
        reviewer_unit_id: found.items.find((r) => r.kind === 'department')?.id ?? found.items[0]?.id,
      });
      setDossierFor(system);
    } catch (e) {
      showError(e);
    }
  };

  const createDossier = async (values: Record<string, unknown>) => {
    try {
      const created = await api<{ id: number }>('POST', '/dossiers', {
        system_id: dossierFor!.id,
        ...values,
      });
      setDossierFor(null);
      nav('dossiers', `id=${created.id}`);
    } catch (e) {
      dossierForm.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };

  const importFile = async (file: File) => {
    try {
      const result = await sendFile<{ created: number }>('POST', '/systems/import', file);
      message.success(t('sys.imported').replace('{n}', String(result.created)));
      void load();
    } catch (e) {
      showError(e);
      showImportProblems(e, lang, t);
    }
    return false;
  };

  const columns = [
    { title: t('sys.code'), dataIndex: 'code', key: 'code', width: 160 },
    {
      title: t('sys.name'),
      key: 'name',
      render: (_: unknown, s: InfoSystem) => (lang === 'en' && s.name_en ? s.name_en : s.name_vi),
    },
    {
      title: t('sys.owner'),
      key: 'owner',
      render: (_: unknown, s: InfoSystem) => unitName(byId.get(s.owner_unit_id), lang),
    },
    {
      title: t('sys.level'),
      key: 'level',
      width: 190,
      render: (_: unknown, s: InfoSystem) => (
        <LevelTag level={s.approved_level ?? s.proposed_level} approved={s.approved_level !== null} />
      ),
    },
    {
      title: '',
      key: 'actions',
      width: 200,
      render: (_: unknown, s: InfoSystem) => (
        <Space>
          <Button size="small" onClick={() => open(s)} data-testid={`system-edit-${s.code}`}>
            {t('common.edit')}
          </Button>
          <Button size="small" onClick={() => startDossier(s)} data-testid={`system-dossier-${s.code}`}>
            {t('sys.open_dossier')}
          </Button>
        </Space>
      ),
    },
  ];

  const current = editing !== null && editing !== 'new' ? editing : null;

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('sys.title')}
        </Typography.Title>
        <Input.Search
          allowClear
          placeholder={t('sys.search')}
          onSearch={setSearch}
          style={{ width: 280 }}
          data-testid="system-search"
        />
        <Select
          allowClear
          placeholder={t('sys.level')}
          aria-label={t('sys.level')}
          value={level}
          onChange={setLevel}
          style={{ width: 120 }}
          options={[1, 2, 3, 4, 5].map((l) => ({ value: l, label: t('sys.level_n').replace('{n}', String(l)) }))}
        />
        <Select
          allowClear
          placeholder={t('sys.approval')}
          aria-label={t('sys.approval')}
          value={approved}
          onChange={setApproved}
          style={{ width: 200 }}
          data-testid="system-approved-filter"
          options={[
            { value: 'true', label: t('sys.approved') },
            { value: 'false', label: t('sys.not_approved') },
          ]}
        />
        <Button type="primary" onClick={() => open('new')} data-testid="system-new">
          {t('sys.new')}
        </Button>
        <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={importFile}>
          <Button data-testid="system-import">{t('sys.import')}</Button>
        </Upload>
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        columns={columns}
        pagination={{ pageSize: 50 }}
        data-testid="systems-table"
      />
      <Drawer
        open={editing !== null}
        onClose={() => setEditing(null)}
        width={720}
        title={current ? `${current.code} — ${current.name_vi}` : t('sys.new')}
        destroyOnClose
      >
        {saved && (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="system-level-result"
            message={t('sys.saved_level')
              .replace('{n}', String(saved.proposed_level))
              .replace('{c}', String(saved.combined_level ?? saved.proposed_level))}
            description={
              saved.deciding_criteria?.[0]
                ? `${lang === 'en' ? saved.deciding_criteria[0].text_en : saved.deciding_criteria[0].text_vi} — ${saved.deciding_criteria[0].article}`
                : undefined
            }
          />
        )}
        <Form form={form} layout="vertical" onFinish={save}>
          <Space style={{ display: 'flex' }} align="start" wrap>
            <Form.Item name="code" label={t('sys.code')} rules={[{ required: true, message: t('common.required') }]}>
              <Input data-testid="system-code" style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="name_vi" label={t('sys.name')} rules={[{ required: true, message: t('common.required') }]}>
              <Input data-testid="system-name" style={{ width: 420 }} />
            </Form.Item>
          </Space>
          <Form.Item name="owner_unit_id" label={t('sys.owner')} rules={[{ required: true, message: t('common.required') }]}>
            <TreeSelect treeData={tree} treeDefaultExpandAll showSearch treeNodeFilterProp="title" data-testid="system-owner" />
          </Form.Item>
          <Form.Item name="operator_unit_id" label={t('sys.operator')} extra={t('sys.operator_hint')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              data-testid="system-operator"
              options={operators.map((u) => ({ value: u.id, label: lang === 'en' && u.name_en ? u.name_en : u.name_vi }))}
            />
          </Form.Item>
          <Form.Item name="parent_id" label={t('sys.parent')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={items
                .filter((s) => !current || s.id !== current.id)
                .map((s) => ({ value: s.id, label: `${s.code} — ${s.name_vi}` }))}
            />
          </Form.Item>
          <Form.Item name="vendor" label={t('sys.vendor')}>
            <Input />
          </Form.Item>
          <LevelFactsFields />
          <Form.Item name="national_critical" label={t('sys.national_critical')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="public_ips" label={t('sys.public_ips')}>
            <Select mode="tags" tokenSeparators={[',', ' ', ';']} data-testid="system-ips" />
          </Form.Item>
          <Form.Item name="domains" label={t('sys.domains')}>
            <Select mode="tags" tokenSeparators={[',', ' ', ';']} data-testid="system-domains" />
          </Form.Item>
          <Form.Item name="services" label={t('sys.services')}>
            <Select mode="multiple" options={services.map((s) => ({ value: s, label: t(`service.${s}`) }))} />
          </Form.Item>
          <Form.Item name="security_measures" label={t('sys.measures')}>
            <Select mode="multiple" options={measures.map((m) => ({ value: m, label: t(`measure.${m}`) }))} />
          </Form.Item>
          <Form.Item name="operating_systems" label={t('sys.os')}>
            <Input />
          </Form.Item>
          <Space wrap>
            <Form.Item name="isp" label={t('sys.isp')}>
              <Input style={{ width: 300 }} />
            </Form.Item>
            <Form.Item name="security_provider" label={t('sys.security_provider')}>
              <Input style={{ width: 300 }} />
            </Form.Item>
          </Space>
          <Form.Item name="description" label={t('sys.description')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="system-save">
            {t('common.save')}
          </Button>
        </Form>
      </Drawer>
      <Modal
        open={dossierFor !== null}
        title={t('sys.open_dossier') + (dossierFor ? ` — ${dossierFor.code}` : '')}
        onCancel={() => setDossierFor(null)}
        onOk={() => dossierForm.submit()}
        okText={t('sys.open_dossier')}
        okButtonProps={{ 'data-testid': 'dossier-create' } as ButtonProps}
      >
        <Form form={dossierForm} layout="vertical" onFinish={createDossier}>
          <Form.Item
            name="reviewer_unit_id"
            label={t('dossier.reviewer')}
            extra={t('dossier.reviewer_hint')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select
              data-testid="dossier-reviewer"
              options={reviewers.map((r) => ({ value: r.id, label: lang === 'en' && r.name_en ? r.name_en : r.name_vi }))}
            />
          </Form.Item>
          <Form.Item name="proposed_level" label={t('dossier.proposed_level')} extra={t('dossier.proposed_level_hint')}>
            <Select allowClear options={[1, 2, 3, 4, 5].map((l) => ({ value: l, label: String(l) }))} />
          </Form.Item>
          <Form.Item name="justification" label={t('dossier.justification')}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

