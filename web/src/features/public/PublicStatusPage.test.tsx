// @vitest-environment jsdom
// The public status page as a browser renders it: a site that cannot be reached is said in
// words (not by colour alone) and counted in the summary, figures are written the Vietnamese way,
// and a failed reading says so instead of showing an empty list as "all is well".
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import PublicStatusPage from './PublicStatusPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const answer = {
  items: [
    { name: 'Cổng thông tin điện tử tỉnh', unit_name: 'UBND tỉnh', state: 'up', since: '2026-12-01T01:00:00Z', uptime_month: 99.954 },
    { name: 'Cổng dịch vụ công', unit_name: 'Sở Thông tin và Truyền thông', state: 'down', since: '2026-12-05T02:30:00Z', uptime_month: 97.5 },
    { name: 'Trang xã Hòa Phú', unit_name: 'UBND xã Hòa Phú', state: 'unknown', since: null, uptime_month: null },
  ],
};

describe('the public status page', () => {
  it('lists each published site with its state in words and counts those down', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify(answer), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    render(<PublicStatusPage />);
    await waitFor(() => expect(screen.getAllByTestId('status-site')).toHaveLength(3));
    expect(String((fetch.mock.calls[0] as unknown as [string])[0])).toMatch(/\/api\/v1\/public\/status$/);
    expect(screen.getByTestId('status-summary').textContent).toContain('1/3');
    const [up, down, unknown] = screen.getAllByTestId('status-site').map((li) => li.textContent ?? '');
    expect(up).toContain('Hoạt động');
    expect(up).toContain('99,95%');
    expect(down).toContain('Không truy cập được');
    expect(down).toContain('97,5%');
    expect(unknown).toContain('Chưa kiểm tra');
    expect(unknown).toContain('—');
    expect(unknown).not.toContain('Từ');
  });

  it('says all is well only when every site answers', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ items: [answer.items[0]] }), { status: 200 })));
    render(<PublicStatusPage />);
    await waitFor(() => expect(screen.getByTestId('status-summary').textContent).toMatch(/Tất cả các trang/));
  });

  it('shows the server refusing instead of an empty list', async () => {
    const problem = { type: 'about:blank', title: 'Too many', status: 429, code: 'rate_limited', message_vi: 'Quá nhiều yêu cầu, hãy thử lại sau.', message_en: 'Too many requests.', errors: [] };
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(problem), { status: 429, headers: { 'content-type': 'application/problem+json' } })));
    render(<PublicStatusPage />);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Quá nhiều yêu cầu'));
    expect(screen.queryByTestId('status-summary')).toBeNull();
  });
});
