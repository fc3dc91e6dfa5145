import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Row,
  Space,
  Statistic,
  Typography,
} from 'antd';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { fieldErrors, useShowError } from '../../shared';
import { LevelFactsFields, factDefaults, type Criterion } from './registry';
import type { Schemas } from '../../apiTypes';

type Proposal = Schemas['LevelProposal'];

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

  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        <Card title={t('level.title')}>
          <Typography.Paragraph type="secondary">{t('level.hint')}</Typography.Paragraph>
          <Form
            form={form}
            layout="vertical"
            onFinish={submit}
            initialValues={factDefaults}
          >
            <LevelFactsFields />
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
