import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ConsoleEnv } from './env';
import { Layout, ProblemBox } from './layout';
import { pageStatus, problemOf } from './problems';

/** A signed-in page in the shell, with the navigation entry `current` marked. */
export function page(
  c: Context<ConsoleEnv>,
  title: string,
  current: string,
  body: Child,
  status = 200,
) {
  return c.html(
    <Layout title={title} who={c.get('who')} csrfToken={c.get('csrfToken')} current={current}>
      {body}
    </Layout>,
    pageStatus(status),
  );
}

/** The page for an API call that was refused: its problem, with the API's status. */
export function refused(
  c: Context<ConsoleEnv>,
  title: string,
  current: string,
  error: unknown,
  response: Response,
) {
  return page(
    c,
    title,
    current,
    <ProblemBox problem={problemOf(error, response.status)} />,
    response.status,
  );
}

/** The values of a repeated form field (checkboxes), strings only. */
export function many(form: Record<string, unknown>, name: string): string[] {
  const value = form[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (v): v is string => typeof v === 'string',
  );
}

/**
 * Known limitation: the console's lists (clusters, members, invitations, roles, API keys,
 * webhooks) show the first 100 items, the API's largest page, and offer no "next page" link; the
 * audit log is the one list that pages. An enterprise with more sees the rest through the CLI,
 * whose lists follow every page, or the API.
 */
export const FIRST_PAGE = 100;
