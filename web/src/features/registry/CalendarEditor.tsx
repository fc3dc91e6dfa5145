import { useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Input, InputNumber, Modal, Space, Switch, Table, App as AntApp } from 'antd';
import dayjs from 'dayjs';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { useShowError } from '../../shared';

interface Day {
  date: string;
  name_vi: string;
  name_en: string;
  working: boolean;
}

/// The working-day calendar of one year: holidays and make-up days, as dossier limits count
/// them. Everyone may read it; the server lets only a top-level administrator save it.
export default function CalendarButton() {
  const { t } = useI18n();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [year, setYear] = useState(dayjs().year());
  const [days, setDays] = useState<Day[]>([]);

  useEffect(() => {
    if (!open) return;
    api<{ days: Day[] }>('GET', `/calendar/${year}`)
      .then((r) => setDays(r.days))
      .catch(showError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, year]);

  const update = (index: number, change: Partial<Day>) =>
    setDays(days.map((d, i) => (i === index ? { ...d, ...change } : d)));

  const save = async () => {
    try {
      await api('PUT', `/calendar/${year}`, { days });
      message.success(t('common.saved'));
      setOpen(false);
    } catch (e) {
      showError(e);
    }
  };

  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="calendar-open">
        {t('cal.button')}
      </Button>
      <Modal open={open} title={t('cal.title')} width={760} onCancel={() => setOpen(false)} onOk={save}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="info" message={t('cal.hint')} />
          <Space>
            {t('cal.year')}
            <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
            <Button onClick={() => setDays([...days, { date: `${year}-01-01`, name_vi: '', name_en: '', working: false }])}>
              {t('cal.add')}
            </Button>
          </Space>
          <Table
            rowKey={(_, i) => String(i)}
            size="small"
            pagination={false}
            dataSource={days}
            columns={[
              {
                title: t('cal.date'),
                key: 'date',
                width: 160,
                render: (_: unknown, d: Day, i: number) => (
                  <DatePicker
                    format="DD/MM/YYYY"
                    value={dayjs(d.date)}
                    onChange={(v) => v && update(i, { date: v.format('YYYY-MM-DD') })}
                  />
                ),
              },
              {
                title: t('cal.name'),
                key: 'name',
                render: (_: unknown, d: Day, i: number) => (
                  <Input value={d.name_vi} onChange={(e) => update(i, { name_vi: e.target.value })} />
                ),
              },
              {
                title: t('cal.working'),
                key: 'working',
                width: 120,
                render: (_: unknown, d: Day, i: number) => (
                  <Switch checked={d.working} onChange={(v) => update(i, { working: v })} />
                ),
              },
              {
                title: '',
                key: 'remove',
                width: 60,
                render: (_: unknown, _d: Day, i: number) => (
                  <Button size="small" danger onClick={() => setDays(days.filter((_x, j) => j !== i))}>
                    ×
                  </Button>
                ),
              },
            ]}
          />
        </Space>
      </Modal>
    </>
  );
}
