import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Input,
  List,
  Modal,
  Select,
  Space,
  Steps,
  Switch,
  Table,
  Tag,
  Timeline,
  Typography,
  Upload,
  App as AntApp,
} from 'antd';
import type { ButtonProps } from 'antd';
import { api, listAll } from '../../api';
import { useI18n } from '../../i18n';
import { formatTime, ScanResult, useShowError } from '../../shared';
import { DossierStateTag, queryParam, sendFile } from './registry';
import CalendarButton from './CalendarEditor';
import type { Schemas } from '../../apiTypes';


type Dossier = Schemas['Dossier'];

const stages = ['draft', 'submitted', 'appraisal', 'approval', 'approved'];
// The order buttons appear in; only those the server lists as allowed for the caller are shown.
const nextActions: Record<string, string[]> = {
  draft: ['submit'],
  submitted: ['accept', 'return'],
  appraisal: ['appraise', 'return'],
  approval: ['approve', 'return'],
  returned: ['reopen'],
  approved: [],
};
const needsNote = ['return', 'approve', 'appraise'];

/// Level dossiers: the list (with overdue ones marked) and one dossier walked stage by stage,
/// with its documents and history.
export default function DossiersPage() {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [items, setItems] = useState<Dossier[]>([]);
  const [loading, setLoading] = useState(false);
  const [state, setState] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(queryParam('overdue') === 'true');
  const [selected, setSelected] = useState<Dossier | null>(null);
  const [acting, setActing] = useState<string | null>(null);
  const [note, setNote] = useState('');

  const load = useCallback(async () => {
    setLoading(true);
    const query = new URLSearchParams();
    if (state) query.set('state', state);
    if (overdue) query.set('overdue', 'true');
    try {
      setItems(await listAll<Dossier>(`/dossiers?${query.toString()}`));
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state, overdue]);

  const openDossier = useCallback(
    async (id: number) => {
      try {
        setSelected(await api<Dossier>('GET', `/dossiers/${id}`));
      } catch (e) {
        showError(e);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const id = queryParam('id');
    if (id) void openDossier(Number(id));
  }, [openDossier]);

  const act = async (action: string, text: string) => {
    if (!selected) return;
    try {
      const updated = await api<Dossier>('POST', `/dossiers/${selected.id}/actions`, { action, note: text });
      setSelected(updated);
      setActing(null);
      setNote('');
      message.success(t(`dossier.done.${action}`));
      void load();
    } catch (e) {
      showError(e);
    }
  };

  const upload = async (slot: string, file: File) => {
    if (!selected) return false;
    try {
      const updated = await sendFile<Dossier>(
        'PUT',
        `/dossiers/${selected.id}/documents/${slot}?name=${encodeURIComponent(file.name)}`,
        file,
      );
      setSelected(updated);
      message.success(t('dossier.uploaded'));
    } catch (e) {
      showError(e);
    }
    return false;
  };

  const due = (d: Dossier) =>
    d.due_at ? (
      <Space>
        {formatTime(d.due_at, lang)}
        {d.overdue && <Tag color="red">{t('dossier.overdue')}</Tag>}
      </Space>
    ) : null;

  const columns = [
    { title: t('sys.code'), dataIndex: 'system_code', key: 'code', width: 160 },
    { title: t('sys.name'), dataIndex: 'system_name', key: 'name' },
    { title: t('sys.level'), dataIndex: 'proposed_level', key: 'level', width: 80 },
    { title: t('dossier.state'), key: 'state', width: 170, render: (_: unknown, d: Dossier) => <DossierStateTag state={d.state} /> },
    { title: t('dossier.due'), key: 'due', width: 240, render: (_: unknown, d: Dossier) => due(d) },
  ];

  const editable = selected && (selected.state === 'draft' || selected.state === 'returned');
  const stepIndex = selected ? Math.max(0, stages.indexOf(selected.state)) : 0;

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('dossier.title')}
        </Typography.Title>
        <Select
          allowClear
          placeholder={t('dossier.state')}
          aria-label={t('dossier.state')}
          value={state}
          onChange={setState}
          style={{ width: 200 }}
          options={[...stages, 'returned'].map((s) => ({ value: s, label: t(`dossier.state.${s}`) }))}
        />
        <Space>
          <Switch checked={overdue} onChange={setOverdue} aria-label={t('dossier.only_overdue')} data-testid="dossier-overdue-filter" />
          {t('dossier.only_overdue')}
        </Space>
        <CalendarButton />
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        columns={columns}
        onRow={(d) => ({ onClick: () => void openDossier(d.id), style: { cursor: 'pointer' } })}
        data-testid="dossiers-table"
      />
      <Drawer
        open={selected !== null}
        onClose={() => setSelected(null)}
        width={760}
        title={selected ? `${t('dossier.one')} — ${selected.system_code}` : ''}
        destroyOnClose
      >
        {selected && (
          <Space direction="vertical" style={{ width: '100%' }} size="middle">
            <Steps
              size="small"
              current={stepIndex}
              status={selected.state === 'returned' ? 'error' : selected.overdue ? 'error' : undefined}
              items={stages.map((s) => ({ title: t(`dossier.state.${s}`) }))}
            />
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('dossier.state')}>
                <span data-testid="dossier-state">
                  <DossierStateTag state={selected.state} />
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('dossier.proposed_level')}>{selected.proposed_level}</Descriptions.Item>
              <Descriptions.Item label={t('dossier.authority')}>
                {t(`authority.${selected.appraiser}`)} / {t(`authority.${selected.approver}`)}
                <Typography.Text type="secondary"> — {selected.authority_article}</Typography.Text>
              </Descriptions.Item>
              {selected.due_at !== null && (
                <Descriptions.Item label={t('dossier.due')}>
                  <span data-testid="dossier-due">
                    {due(selected)}
                    {selected.stage_limit && (
                      <Typography.Text type="secondary">
                        {' '}
                        ({selected.stage_limit.days} {t(`dossier.days_${selected.stage_limit.count}`)} —{' '}
                        {selected.stage_limit.article})
                      </Typography.Text>
                    )}
                  </span>
                </Descriptions.Item>
              )}
              {selected.decision_number !== '' && (
                <Descriptions.Item label={t('dossier.decision')}>{selected.decision_number}</Descriptions.Item>
              )}
              {selected.return_reason !== '' && (
                <Descriptions.Item label={t('dossier.return_reason')}>{selected.return_reason}</Descriptions.Item>
              )}
            </Descriptions>
            <Space wrap>
              {nextActions[selected.state]
                .filter((action) => (selected.allowed_actions ?? []).includes(action))
                .map((action) => (
                <Button
                  key={action}
                  type={action === 'return' ? 'default' : 'primary'}
                  danger={action === 'return'}
                  data-testid={`dossier-action-${action}`}
                  onClick={() => (needsNote.includes(action) ? setActing(action) : void act(action, ''))}
                >
                  {t(`dossier.action.${action}`)}
                </Button>
              ))}
            </Space>
            <Card size="small" title={t('dossier.documents')}>
              <List
                dataSource={selected.documents ?? []}
                renderItem={(d) => (
                  <List.Item
                    actions={[
                      d.file ? (
                        <a key="dl" href={`/api/v1/dossiers/${selected.id}/documents/${d.slot}`}>
                          {t('dossier.download')}
                        </a>
                      ) : null,
                      editable ? (
                        <Upload key="up" showUploadList={false} beforeUpload={(file) => upload(d.slot, file)}>
                          <Button size="small" data-testid={`dossier-upload-${d.slot}`}>
                            {d.file ? t('dossier.replace') : t('dossier.upload')}
                          </Button>
                        </Upload>
                      ) : null,
                    ]}
                  >
                    <List.Item.Meta
                      title={lang === 'en' ? d.title_en : d.title_vi}
                      description={
                        d.file ? (
                          <span data-testid={`dossier-file-${d.slot}`}>
                            {d.file.file_name} ({Math.ceil(d.file.size / 1024)} KB, {d.file.uploaded_by},{' '}
                            {formatTime(d.file.uploaded_at, lang)}){' '}
                            <ScanResult scan={d.file.scan} testId={`dossier-scan-${d.slot}`} />
                          </span>
                        ) : (
                          <Typography.Text type="warning">{t('dossier.missing')}</Typography.Text>
                        )
                      }
                    />
                  </List.Item>
                )}
              />
            </Card>
            {selected.justification && <Alert type="info" message={selected.justification} />}
            <Card size="small" title={t('dossier.history')}>
              <Timeline
                items={(selected.events ?? []).map((e) => ({
                  children: (
                    <>
                      {formatTime(e.at, lang)} — {e.actor_login}: {t(`dossier.action.${e.action}`)} →{' '}
                      {t(`dossier.state.${e.to}`)}
                      {e.note ? ` (${e.note})` : ''}
                    </>
                  ),
                }))}
              />
            </Card>
          </Space>
        )}
      </Drawer>
      <Modal
        open={acting !== null}
        title={acting ? t(`dossier.action.${acting}`) : ''}
        onCancel={() => setActing(null)}
        onOk={() => acting && void act(acting, note)}
        okButtonProps={{ 'data-testid': 'dossier-note-ok' } as ButtonProps}
      >
        <Typography.Paragraph type="secondary">{acting ? t(`dossier.note.${acting}`) : ''}</Typography.Paragraph>
        <Input.TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} data-testid="dossier-note" />
      </Modal>
    </>
  );
}


