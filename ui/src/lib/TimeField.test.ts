import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import TimeField from './TimeField.svelte';

describe('TimeField', () => {
  it('says what empty means until focused, then is the native date-time field', async () => {
    render(TimeField, { 'aria-label': 'Detected', empty: 'now' });
    const field = screen.getByLabelText('Detected') as HTMLInputElement;
    expect(field.type).toBe('text');
    expect(field.placeholder).toBe('now');
    await fireEvent.focus(field);
    expect(field.type).toBe('datetime-local');
    await fireEvent.blur(field);
    expect(field.type).toBe('text');
  });

  it('shows a time it holds as a date-time field', () => {
    render(TimeField, { 'aria-label': 'Next update', value: '2026-11-24T10:30' });
    const field = screen.getByLabelText('Next update') as HTMLInputElement;
    expect(field.type).toBe('datetime-local');
    expect(field.value).toBe('2026-11-24T10:30');
  });
});
