// The pages' revealCodes (lib/protocol/client.ts): the worker's answer reduced to codes, 'locked',
// or a failure, never an exception.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { revealCodes } from '../../lib/protocol/client';
import { sendMessage } from '../../lib/protocol/index';

vi.mock('../../lib/protocol/index', () => ({ sendMessage: vi.fn() }));
const send = vi.mocked(sendMessage);

beforeEach(() => send.mockReset());

describe('revealCodes', () => {
  it.each([
    ['codes', { ok: true, codes: { j1: 'C1' } }, { ok: true, codes: { j1: 'C1' } }],
    ['locked', { ok: false, error: 'locked' }, { ok: false, error: 'locked' }],
    ['forbidden', { ok: false, error: 'forbidden' }, { ok: false, error: 'refused' }],
    ['invalid', { ok: false, error: 'invalid' }, { ok: false, error: 'refused' }],
  ])('the worker answers %s', async (_what, answer, outcome) => {
    send.mockResolvedValueOnce(answer as never);
    expect(await revealCodes(['j1'])).toEqual(outcome);
    expect(send).toHaveBeenCalledWith('revealCodes', { ids: ['j1'] });
  });

  it('no answer is a value, not an exception', async () => {
    send.mockRejectedValueOnce(new Error('Could not establish connection'));
    expect(await revealCodes(['j1'])).toEqual({ ok: false, error: 'no-answer' });
  });

  it('asks nothing for no ids', async () => {
    expect(await revealCodes([])).toEqual({ ok: true, codes: {} });
    expect(send).not.toHaveBeenCalled();
  });
});
