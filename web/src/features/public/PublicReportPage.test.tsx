// @vitest-environment jsdom
// The citizen's form as a browser renders it: what is required says so, errors name the field
// in Vietnamese beside it, the optional name stays optional, and the server's answer shows.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import PublicReportPage from './PublicReportPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

Element.prototype.scrollIntoView = function scrollIntoView() {};
window.scrollTo = () => {};

function submit() {
  fireEvent.click(screen.getByRole('button', { name: /Gửi/ }));
}

describe('the public report form', () => {
  it('refuses an empty report with Vietnamese messages beside the fields, never raw names', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    render(<PublicReportPage />);
    submit();
    const alerts = await screen.findAllByRole('alert');
    const text = alerts.map((a) => a.textContent).join(' | ');
    expect(fetch).not.toHaveBeenCalled();
    expect(text).not.toMatch(/\b(affected|description|email|phone)\b/);
    // The first field to fix has the cursor.
    expect(document.activeElement?.getAttribute('name')).toBe('affected');
    expect(screen.getByLabelText(/Họ và tên/).getAttribute('aria-invalid')).toBeNull();
  });

  it('sends without a name and shows the tracking code', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ tracking_code: 'PB-7Q2K-9XWD' }), { status: 202 }));
    vi.stubGlobal('fetch', fetch);
    render(<PublicReportPage />);
    fireEvent.change(screen.getByLabelText(/Trang web|hệ thống/i, { selector: 'input' }), {
      target: { value: 'https://hoaphu.gov.vn' },
    });
    fireEvent.change(screen.getByLabelText(/Mô tả/i), { target: { value: 'Trang chủ bị thay giao diện.' } });
    fireEvent.change(screen.getByLabelText(/Thư điện tử|E-mail/i), { target: { value: 'dan@example.vn' } });
    submit();
    await waitFor(() => expect(screen.getByText(/PB-7Q2K-9XWD/)).toBeTruthy());
    const sent = JSON.parse(String((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body));
    expect(sent).toEqual({ affected: 'https://hoaphu.gov.vn', description: 'Trang chủ bị thay giao diện.', email: 'dan@example.vn' });
  });
});
