// The warnings whose indicators an incident's observables carry, on the incident page: the
// responder's first question about an address or a domain is whether a warning named it.
import { useEffect, useState } from 'react';
import { Card, List, Space, Tag } from 'antd';
import { api } from '../../api';
import type { Schemas } from '../../apiTypes';
import { useI18n } from '../../i18n';
import { NavLink } from '../../nav';
import { tlpStyle } from './warnings';

type Match = Schemas['IncidentWarnings']['items'][number];

/// `observables` (their count) refreshes the list when the incident gains one.
export function IncidentWarnings({ id, observables }: { id: number; observables: number }) {
  const { t } = useI18n();
  const [items, setItems] = useState<Match[]>([]);
  useEffect(() => {
    let live = true;
    if (observables === 0) {
      setItems([]);
      return;
    }
    api<{ items: Match[] }>('GET', `/incidents/${id}/warnings`)
      .then((r) => live && setItems(r.items))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [id, observables]);
  if (items.length === 0) return null;
  return (
    <Card size="small" title={t('inc.warnings')} data-testid="incident-warnings">
      <List
        size="small"
        dataSource={items}
        renderItem={(w) => (
          <List.Item>
            <Space wrap>
              <NavLink page="warnings" query={`id=${w.id}`}>
                {w.title}
              </NavLink>
              <Tag style={tlpStyle[w.tlp]}>TLP:{w.tlp.toUpperCase()}</Tag>
              <span>{w.issuer_name}</span>
              {w.matched.map((m) => (
                <Tag key={m.value} color="volcano">
                  <code>{m.value}</code>
                </Tag>
              ))}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
