// Shared setup for the UI tests (not a test file itself): render a page inside its
// LanguageProvider, and build job records in each state.
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { LanguageProvider } from '../../components/LanguageProvider';
import type { Job } from '../../lib/jobs/types';

export function renderPage(page: ReactElement) {
  return render(<LanguageProvider>{page}</LanguageProvider>);
}

export function job(overrides: Partial<Job> & Pick<Job, 'id' | 'domain' | 'state'>): Job {
  const now = Date.now();
  return {
    site: 'cn',
    profileId: 'p1',
    apiCalls: 1,
    polls: 0,
    retries: 0,
    createdAt: now,
    updatedAt: now,
    nextAttemptAt: now + 60_000,
    notified: false,
    ...overrides,
  };
}
