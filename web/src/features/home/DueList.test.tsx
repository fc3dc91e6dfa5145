// @vitest-environment jsdom
// "Nhắc việc" as it renders: every item is a real link to its object (so Tab reaches it and it
// opens in a new tab), a passed deadline reads as overdue, a failed load says so with a retry
// instead of looking like "nothing due", and a plain click navigates in place.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import DueList from './DueList';
import { NavContext } from '../../nav';
import type { DueItem } from './duework';

afterEach(cleanup);

const hour = 3600 * 1000;
const item = (over: Partial<DueItem>): DueItem => ({
  key: 'incident:1:notification',
  kind: 'incident',
  title: 'SC-2026-000001 — Trang xã bị thay giao diện',
  detail: 'Xã Hòa Phú',
  due_at: new Date(Date.now() + 2 * hour + 5 * 60000).toISOString(),
  overdue: false,
  your_turn: false,
  page: 'incidents',
  query: 'id=1',
  ...over,
});

describe('DueList', () => {
  it('shows each item as a link with its countdown, overdue ones as overdue', () => {
    const due = {
      items: [
        item({ key: 'a', overdue: true, due_at: new Date(Date.now() - 40 * 60000).toISOString() }),
        item({ key: 'b', kind: 'report', title: 'Báo cáo ban đầu', query: 'id=2' }),
      ],
      loaded: true,
      error: null,
      reload: () => {},
    };
    render(<DueList due={due} />);
    const links = screen.getAllByRole('link');
    expect(links.map((l) => l.getAttribute('href'))).toEqual(['/incidents?id=1', '/incidents?id=2']);
    const [late, soon] = screen.getAllByTestId('countdown').map((c) => c.textContent);
    expect(late).toMatch(/^quá 0h(39|40)$/);
    expect(soon).toMatch(/^còn 2h0[45]$/);
    expect(screen.getByText('Báo cáo ban đầu').closest('li')?.textContent).not.toContain('remind.');
  });

  it('navigates in place on a plain click and leaves a Ctrl+click to the browser', () => {
    const nav = vi.fn();
    const onOpen = vi.fn();
    render(
      <NavContext.Provider value={nav}>
        <DueList due={{ items: [item({})], loaded: true, error: null, reload: () => {} }} onOpen={onOpen} />
      </NavContext.Provider>,
    );
    const link = screen.getByRole('link');
    fireEvent.click(link, { ctrlKey: true });
    expect(nav).not.toHaveBeenCalled();
    fireEvent.click(link);
    expect(nav).toHaveBeenCalledWith('incidents', 'id=1');
    expect(onOpen).toHaveBeenCalledTimes(1);
  });

  it('says the load failed and offers a retry instead of "nothing due"', () => {
    const reload = vi.fn();
    render(<DueList due={{ items: [], loaded: true, error: new Error('offline'), reload }} />);
    expect(screen.getByRole('alert').textContent).not.toContain('Không có việc');
    fireEvent.click(screen.getByRole('button'));
    expect(reload).toHaveBeenCalled();
  });
});
