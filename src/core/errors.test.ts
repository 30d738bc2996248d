import { describe, expect, it } from 'vitest';
import { InputError, invalidOption, renameOption } from './errors.ts';

describe('InputError', () => {
  it('carries api and option as data, besides the one message shape', () => {
    const err = invalidOption('runExit', 'stepSize', 'a finite number in (0, 1]', -1, 'Use a smaller step.');
    expect(err).toBeInstanceOf(InputError);
    expect(err.code).toBe('ERR_INVALID_OPTION');
    expect(err.message).toBe(
      'runExit: invalid option `stepSize`: expected a finite number in (0, 1], got -1. Use a smaller step.',
    );
    expect({ api: err.api, option: err.option, expected: err.expected, got: err.got, fix: err.fix }).toEqual({
      api: 'runExit',
      option: 'stepSize',
      expected: 'a finite number in (0, 1]',
      got: -1,
      fix: 'Use a smaller step.',
    });
    expect(invalidOption('resolveLandscape', 'kind', 'x', 'y', undefined, 'ERR_INVALID_LANDSCAPE').code).toBe(
      'ERR_INVALID_LANDSCAPE',
    );
  });

  it('renames an option from its fields, keeping the rest of the message', () => {
    const err = invalidOption('runTrajectory', 'record.visitCap', 'an integer in [1, 100]', 0);
    const renamed = renameOption(err, 'simulate trajectory', '--record-visits');
    expect(renamed.message).toBe(
      'simulate trajectory: invalid option `--record-visits`: expected an integer in [1, 100], got 0.',
    );
    expect([renamed.api, renamed.option, renamed.code]).toEqual([
      'simulate trajectory',
      '--record-visits',
      'ERR_INVALID_OPTION',
    ]);
    const plain = new InputError('ERR_LOAD', 'htsgd: cannot read x', { api: 'htsgd' });
    expect(renameOption(plain, 'a', 'b')).toBe(plain);
    expect(new InputError('ERR_LOAD', 'no context').api).toBeUndefined();
  });
});
