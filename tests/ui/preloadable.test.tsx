/**
 * Cold start: the sign-in screen and the signed-in shell show at once when their chunk is in
 * (docs/architecture.md, What the till loads), instead of suspending and being held back by React.
 */
import { Suspense } from 'react';
import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { preloadable } from '../../src/app/preloadable';

const Till = () => <p>Search box</p>;

describe('preloadable screens', () => {
  it('renders the screen in the first render, with no loading notice, once its chunk is in', async () => {
    let loads = 0;
    const s = preloadable(() => { loads += 1; return Promise.resolve({ default: Till }); });
    await s.preload();
    render(<Suspense fallback={<p>Loading…</p>}><s.Screen /></Suspense>);
    expect(screen.getByText('Search box')).toBeTruthy();
    expect(screen.queryByText('Loading…')).toBeNull();
    await s.preload();
    expect(loads).toBe(1);
  });

  it('shows the loading notice until a chunk that was not preloaded arrives', async () => {
    let arrive: (m: { default: typeof Till }) => void = () => undefined;
    const s = preloadable(() => new Promise((resolve) => { arrive = resolve; }));
    render(<Suspense fallback={<p>Loading…</p>}><s.Screen /></Suspense>);
    expect(screen.getByText('Loading…')).toBeTruthy();
    await act(async () => { arrive({ default: Till }); await Promise.resolve(); });
    expect(await screen.findByText('Search box')).toBeTruthy();
  });

  it('fetches again after a failed fetch', async () => {
    let loads = 0;
    const s = preloadable(() => { loads += 1; return loads === 1 ? Promise.reject(new Error('offline')) : Promise.resolve({ default: Till }); });
    await expect(s.preload()).rejects.toThrow('offline');
    await s.preload();
    expect(loads).toBe(2);
    render(<Suspense fallback={<p>Loading…</p>}><s.Screen /></Suspense>);
    expect(screen.getByText('Search box')).toBeTruthy();
  });
});
