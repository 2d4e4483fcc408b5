import { describe, expect, it } from 'vitest';
import { everyPage } from '../../../functions/cli/api';
import { CliError } from '../../../functions/cli/cli-error';
import { ExitCode } from '../../../functions/cli/exit-codes';

const pages: Record<string, { items: number[]; nextCursor?: string }> = {
  start: { items: [1, 2], nextCursor: 'b' },
  b: { items: [3], nextCursor: 'c' },
  c: { items: [4, 5] },
};

describe('everyPage', () => {
  it('follows nextCursor to the last page, in order', async () => {
    const asked: (string | undefined)[] = [];
    const items = await everyPage(async (cursor) => {
      asked.push(cursor);
      return { data: pages[cursor ?? 'start'], response: new Response('{}') };
    });

    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([undefined, 'b', 'c']);
  });

  it('stops at a refused page with the problem as a CliError', async () => {
    const problem = { title: 'The permission is missing', detail: 'members:read' };
    const refused = everyPage(async () => ({
      error: problem,
      response: new Response(JSON.stringify(problem), { status: 403 }),
    }));

    await expect(refused).rejects.toBeInstanceOf(CliError);
    await expect(refused).rejects.toMatchObject({
      exitCode: ExitCode.forbidden,
      message: problem.title,
    });
  });
});
