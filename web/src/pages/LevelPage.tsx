import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  InputNumber,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Typography,
} from 'antd';
import { api } from '../api';
import { useI18n } from '../i18n';
import { fieldErrors, useShowError } from '../shared';

interface Criterion {
  id: string;
  level: number;
  article: string;
  text_vi: string;
  text_en: string;
}

interface Proposal {
  rule_set: string;
  version: string;
  level: number;
  criteria: Criterion[];
}

const classes = ['internal', 'citizen_service', 'infrastructure', 'industrial_control', 'other'];
const infos = ['public', 'private', 'personal', 'state_secret'];
const scopes = ['none', 'single_organisation', 'sector_or_province', 'nationwide', 'international'];
const grades = ['none', 'grade_2_to_4', 'grade_1', 'special'];
const impacts = ['none', 'harm', 'serious', 'very_serious'];

/// The level-determination helper: answers in, proposed level and its legal basis out.
export default function LevelPage() {
  const { t, lang } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm();
  const [proposal, setProposal] = useState<Proposal | null>(null);

  const submit = async (values: Record<string, unknown>) => {
    try {
      setProposal(await api<Proposal>('POST', '/systems/level-proposal', values));
    } catch (e) {
      form.setFields(fieldErrors(e, lang));
      showError(e);
    }
  };

  const text = (c: Criterion) => (lang === 'en' && c.text_en ? c.text_en : c.text_vi);
  const select = (name: string, options: string[], prefix: string) => (
    <Form.Item name={name} label={t(`level.${name}`)}>
      <Select
        data-testid={`level-${name}`}
        options={options.map((o) => ({ value: o, label: t(`${prefix}.${o}`) }))}
      />
    </Form.Item>
  );
  const flag = (name: string) => (
    <Form.Item name={name} label={t(`level.${name}`)} valuePropName="checked">
      <Switch />
    </Form.Item>
  );

  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        <Card title={t('level.title')}>
          <Typography.Paragraph type="secondary">{t('level.hint')}</Typography.Paragraph>
          <Form
            form={form}
            layout="vertical"
            onFinish={submit}
            initialValues={{
              system_class: 'internal',
              info_classes: ['public'],
              user_count: 0,
              online_service_level: 0,
              conditional_business: false,
              infrastructure_scope: 'none',
              works_grade: 'none',
              requires_24_7: false,
              national_egovernment: false,
              national_data_store: false,
              secret_impact: 'none',
            }}
          >
            {select('system_class', classes, 'class')}
            <Form.Item name="info_classes" label={t('level.info_classes')}>
              <Checkbox.Group options={infos.map((i) => ({ value: i, label: t(`info.${i}`) }))} />
            </Form.Item>
            <Form.Item name="user_count" label={t('level.user_count')}>
              <InputNumber min={0} style={{ width: 200 }} data-testid="level-user_count" />
            </Form.Item>
            <Form.Item name="online_service_level" label={t('level.online_service_level')}>
              <Select
                data-testid="level-online_service_level"
                options={[0, 1, 2, 3, 4].map((l) => ({ value: l, label: String(l) }))}
                style={{ width: 120 }}
              />
            </Form.Item>
            {flag('conditional_business')}
            {select('infrastructure_scope', scopes, 'scope')}
            {select('works_grade', grades, 'grade')}
            {flag('requires_24_7')}
            {flag('national_egovernment')}
            {flag('national_data_store')}
            {select('secret_impact', impacts, 'impact')}
            <Button type="primary" htmlType="submit" data-testid="level-submit">
              {t('level.submit')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        {proposal && (
          <Card>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Statistic title={t('level.result')} value={proposal.level} data-testid="level-result" />
              {proposal.criteria.length === 0 ? (
                <Alert type="info" showIcon message={t('level.none_matched')} />
              ) : (
                <>
                  <Typography.Text strong>{t('level.decided_by')}</Typography.Text>
                  <Alert
                    type="success"
                    message={text(proposal.criteria[0])}
                    description={proposal.criteria[0].article}
                    data-testid="level-decided-by"
                  />
                  {proposal.criteria.length > 1 && (
                    <>
                      <Typography.Text strong>{t('level.also')}</Typography.Text>
                      {proposal.criteria.slice(1).map((c) => (
                        <Alert key={c.id} type="info" message={text(c)} description={c.article} />
                      ))}
                    </>
                  )}
                </>
              )}
              <Typography.Text type="secondary">
                {t('level.rule_set')}: {proposal.rule_set} ({proposal.version})
              </Typography.Text>
            </Space>
          </Card>
        )}
      </Col>
    </Row>
  );
}
