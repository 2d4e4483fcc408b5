import { describe, expect, it } from 'vitest';
import {
  checkLimitChange,
  checkReservation,
  excess,
  union,
  usageOf,
  validateParallelismLimit,
} from '../../../shared/domain/gpu-limits';

const limit = { total: 16, perType: { h100: 8 } };

describe('GPU limits arithmetic', () => {
  it.each([
    ['fits under both limits', { h100: 4 }, { a10g: 4 }, undefined],
    [
      'exceeds the total',
      { a10g: 10 },
      { a10g: 7 },
      { scope: 'total', limit: 16, reserved: 10, requested: 7 },
    ],
    [
      'exceeds a per-type cap',
      { h100: 6 },
      { h100: 3 },
      { scope: 'h100', limit: 8, reserved: 6, requested: 3 },
    ],
  ])('a reservation that %s', (_label, reserved, requested, details) => {
    const refusal = checkReservation(limit, reserved, requested);
    if (!details) expect(refusal).toBeUndefined();
    else expect(refusal).toMatchObject({ code: 'quota-exceeded', details });
  });

  it('refuses a limit below what is reserved, naming the scope', () => {
    expect(checkLimitChange({ total: 20, perType: { h100: 2 } }, { h100: 4 })).toMatchObject({
      code: 'quota-exceeded',
      details: { scope: 'h100', limit: 2, reserved: 4, requested: 2 },
    });
    expect(checkLimitChange({ total: 4, perType: {} }, { h100: 4 })).toBeUndefined();
  });

  it('refuses a per-type cap above the total', () => {
    expect(() => validateParallelismLimit({ total: 4, perType: { h100: 8 } })).toThrow(
      expect.objectContaining({ code: 'validation-failed' }),
    );
  });

  it('shows what is free per type, capped by the total', () => {
    const usage = usageOf(limit, { h100: 6, a10g: 6 }, ['a10g', 'h100', 'l40s']);
    expect(usage.total).toEqual({ limit: 16, reserved: 12, free: 4 });
    expect(usage.perType).toEqual({
      a10g: { limit: null, reserved: 6, free: 4 },
      h100: { limit: 8, reserved: 6, free: 2 },
      l40s: { limit: null, reserved: 0, free: 4 },
    });
  });

  it('takes differences and the larger of two sets of counts per type', () => {
    expect(excess({ h100: 8, a10g: 1 }, { h100: 2, a10g: 4 })).toEqual({ h100: 6 });
    expect(union({ h100: 8 }, { h100: 2, a10g: 4 })).toEqual({ h100: 8, a10g: 4 });
  });
});
