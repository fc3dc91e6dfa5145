import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Button,
  DatePicker,
  Drawer,
  Form,
  Input,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  TreeSelect,
  Typography,
  Upload,
  App as AntApp,
} from 'antd';
import dayjs from 'dayjs';
import { api, listAll } from '../../api';
import { useI18n } from '../../i18n';
import { fieldErrors, unitName, unitSelectTree, useShowError } from '../../shared';
import { formatDate, queryParam, sendFile, showImportProblems, useUnits } from './registry';
import type { Schemas } from '../../apiTypes';

type Item = Schemas['InventoryItemRecord'];

const kinds = ['computer', 'server', 'network_device', 'printer', 'scanner', 'camera', 'storage_media', 'software', 'antivirus', 'other'];
const states = ['in_use', 'in_repair', 'retired', 'wiped'];

/// Equipment and software: what each unit has, what expires soon, import from a spreadsheet.
export default function InventoryPage() {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const units = useUnits();
  const [items, setItems] = useState<Item[]>([]);
  const [loading, setLoading] = useState(false);
  const [kind, setKind] = useState<string | undefined>();
  const [expiring, setExpiring] = useState<string | undefined>(queryParam('expiring_within') ?? undefined);
  const [unitFilter] = useState(queryParam('unit_id'));
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const [form] = Form.useForm();
  const tree = useMemo(() => unitSelectTree(units, lang), [units, lang]);
  const byId = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);

  const load = useCallback(async () => {
    setLoading(true);
    const query = new URLSearchParams();
    if (kind) query.set('kind', kind);
    if (expiring) query.set('expiring_within', expiring);
    if (unitFilter) query.set('unit_id', unitFilter);
    try {
      setItems(await listAll<Item>(`/inventory?${query.toString()}`));
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kind, expiring, unitFilter]);

  useEffect(() => {
    void load();
  }, [load]);

  const open = (item: Item | 'new') => {
    setEditing(item);
    form.resetFields();
    if (item !== 'new') {
      form.setFieldsValue({
        ...item,
        expires_on: item.expires_on ? dayjs(item.expires_on) : undefined,
        stamped_on: item.stamped_on ? dayjs(item.stamped_on) : undefined,
      });
    } else {
      form.setFieldsValue({ kind: 'computer', state: 'in_use', sensitive_place: false });
    }
  };

  const save = async (values: Record<string, unknown>) => {
    const date = (v: unknown) => (v ? (v as dayjs.Dayjs).format('YYYY-MM-DD') : null);
    const body = { ...values, expires_on: date(values.expires_on), stamped_on: date(values.stamped_on) };
    try {
      if (editing === 'new') await api('POST', '/inventory', body);
      else await api('PUT', `/inventory/${(editing as Item).id}`, body);
      setEditing(null);
      message.success(t('common.saved'));
      void load();
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };

  const importFile = async (file: File) => {
    try {
      const result = await sendFile<{ created: number }>('POST', '/inventory/import', file);
      message.success(t('sys.imported').replace('{n}', String(result.created)));
      void load();
    } catch (e) {
      showError(e);
      showImportProblems(e, lang, t);
    }
    return false;
  };

  const today = dayjs().format('YYYY-MM-DD');
  const soon = dayjs().add(30, 'day').format('YYYY-MM-DD');
  const columns = [
    { title: t('inv.name'), dataIndex: 'name', key: 'name' },
    { title: t('inv.kind'), key: 'kind', width: 150, render: (_: unknown, i: Item) => t(`inv.kind.${i.kind}`) },
    { title: t('inv.unit'), key: 'unit', render: (_: unknown, i: Item) => unitName(byId.get(i.unit_id), lang) },
    { title: t('inv.serial'), dataIndex: 'serial', key: 'serial', width: 140 },
    {
      title: t('inv.expires_on'),
      key: 'expires',
      width: 190,
      render: (_: unknown, i: Item) =>
        i.expires_on ? (
          <Space>
            {formatDate(i.expires_on, lang)}
            {i.expires_on < today ? (
              <Tag color="red">{t('inv.expired')}</Tag>
            ) : i.expires_on <= soon ? (
              <Tag color="gold">{t('inv.expiring')}</Tag>
            ) : null}
          </Space>
        ) : null,
    },
    { title: t('inv.state'), key: 'state', width: 130, render: (_: unknown, i: Item) => t(`inv.state.${i.state}`) },
    {
      title: '',
      key: 'edit',
      width: 80,
      render: (_: unknown, i: Item) => (
        <Button size="small" onClick={() => open(i)}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('inv.title')}
        </Typography.Title>
        <Select
          allowClear
          placeholder={t('inv.kind')}
          aria-label={t('inv.kind')}
          value={kind}
          onChange={setKind}
          style={{ width: 200 }}
          options={kinds.map((k) => ({ value: k, label: t(`inv.kind.${k}`) }))}
        />
        <Select
          allowClear
          placeholder={t('inv.expiry_filter')}
          aria-label={t('inv.expiry_filter')}
          value={expiring}
          onChange={setExpiring}
          style={{ width: 240 }}
          data-testid="inventory-expiring"
          options={[
            { value: '0', label: t('inv.expired') },
            { value: '30', label: t('inv.within').replace('{n}', '30') },
            { value: '90', label: t('inv.within').replace('{n}', '90') },
          ]}
        />
        <Button type="primary" onClick={() => open('new')}>
          {t('inv.new')}
        </Button>
        <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={importFile}>
          <Button>{t('inv.import')}</Button>
        </Upload>
      </Space>
      <Table rowKey="id" size="small" loading={loading} dataSource={items} columns={columns} data-testid="inventory-table" />
      <Drawer open={editing !== null} onClose={() => setEditing(null)} width={560} title={t('inv.item')} destroyOnClose>
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="unit_id" label={t('inv.unit')} rules={[{ required: true, message: t('common.required') }]}>
            <TreeSelect treeData={tree} treeDefaultExpandAll showSearch treeNodeFilterProp="title" />
          </Form.Item>
          <Form.Item name="kind" label={t('inv.kind')}>
            <Select options={kinds.map((k) => ({ value: k, label: t(`inv.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="name" label={t('inv.name')} rules={[{ required: true, message: t('common.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="location" label={t('inv.location')}>
            <Input />
          </Form.Item>
          <Form.Item name="serial" label={t('inv.serial')}>
            <Input />
          </Form.Item>
          <Space wrap>
            <Form.Item name="expires_on" label={t('inv.expires_on')}>
              <DatePicker format="DD/MM/YYYY" />
            </Form.Item>
            <Form.Item name="stamped_on" label={t('inv.stamped_on')}>
              <DatePicker format="DD/MM/YYYY" />
            </Form.Item>
          </Space>
          <Form.Item name="sensitive_place" label={t('inv.sensitive_place')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="state" label={t('inv.state')}>
            <Select options={states.map((s) => ({ value: s, label: t(`inv.state.${s}`) }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.save')}
          </Button>
        </Form>
      </Drawer>
    </>
  );
}
