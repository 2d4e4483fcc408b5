import { describe, expect, it } from 'vitest';
import { Logger } from '../../../shared/logging/logger';

describe('Logger', () => {
  it('writes one JSON object a line with fixed keys and the child fields', () => {
    const lines: string[] = [];
    const logger = new Logger({ service: 'test', write: (l) => lines.push(l) }).child({
      requestId: 'req_1',
    });

    logger.info('cluster created', { enterpriseId: 'ent_1' });

    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'info',
      service: 'test',
      message: 'cluster created',
      requestId: 'req_1',
      enterpriseId: 'ent_1',
    });
  });

  it('redacts values under secret-sounding keys, however deep', () => {
    const lines: string[] = [];
    const logger = new Logger({ service: 'test', write: (l) => lines.push(l) });

    logger.warn('odd request', {
      password: 'hunter2',
      body: {
        refreshToken: 'vksr_abc',
        nested: [{ apiKey: 'vksk_abc' }],
        Authorization: 'Bearer x',
      },
    });

    expect(lines[0]).not.toMatch(/hunter2|vksr_abc|vksk_abc|Bearer x/);
    expect(JSON.parse(lines[0]!).password).toBe('[redacted]');
  });

  it('drops lines below its level', () => {
    const lines: string[] = [];
    new Logger({ service: 'test', level: 'warn', write: (l) => lines.push(l) }).info('quiet');
    expect(lines).toEqual([]);
  });
});
