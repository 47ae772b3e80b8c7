import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from './api';
import LoginSettings from './LoginSettings.svelte';

vi.mock('./api', async (importOriginal) => {
  const original = await importOriginal<typeof import('./api')>();
  return { ...original, api: { loginStart: vi.fn(), setLoginStart: vi.fn() } };
});

describe('LoginSettings', () => {
  beforeEach(() => {
    vi.mocked(api.loginStart).mockReset().mockResolvedValue({ enabled: false, problem: null });
    vi.mocked(api.setLoginStart).mockReset();
  });

  it('turns starting at login on', async () => {
    vi.mocked(api.setLoginStart).mockResolvedValue({ enabled: true, problem: null });
    render(LoginSettings);
    const toggle = (await screen.findByLabelText('Start Sitrep at login (in the tray)')) as HTMLInputElement;
    await vi.waitFor(() => expect(toggle.disabled).toBe(false));
    await fireEvent.click(toggle);
    expect(api.setLoginStart).toHaveBeenCalledWith(true);
    await vi.waitFor(() => expect(toggle.checked).toBe(true));
  });

  it('says why it could not, and shows the switch as it really is', async () => {
    vi.mocked(api.setLoginStart).mockRejectedValue(new ApiError({ kind: 'internal', message: 'cannot turn on starting at login: read-only file system', field: null }));
    render(LoginSettings);
    const toggle = (await screen.findByLabelText('Start Sitrep at login (in the tray)')) as HTMLInputElement;
    await vi.waitFor(() => expect(toggle.disabled).toBe(false));
    await fireEvent.click(toggle);
    await screen.findByText('cannot turn on starting at login: read-only file system');
    await vi.waitFor(() => expect(toggle.checked).toBe(false));
  });
});
