import type { ProblemView } from './layout';

/** The problem document of a refused API call, as the console shows it. */
export function problemOf(error: unknown, status: number): ProblemView {
  const body = (typeof error === 'object' && error !== null ? error : {}) as Partial<ProblemView>;
  return {
    title: body.title ?? `The request failed (${status})`,
    ...(body.detail ? { detail: body.detail } : {}),
    ...(body.errors ? { errors: body.errors } : {}),
  };
}

type PageStatus = 200 | 201 | 400 | 401 | 403 | 404 | 409 | 410 | 412 | 413 | 422 | 429 | 500;

/** The status of a page: its own on success, or that of the API problem it shows. */
export const pageStatus = (status: number) =>
  ((status >= 200 && status < 300) || (status >= 400 && status < 600) ? status : 500) as PageStatus;

/** A form field as a string: absent, repeated or a file all read as empty. */
export function text(form: Record<string, unknown>, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}

/** Only console paths are followed after sign-in, so `next` cannot send anyone elsewhere. */
export function safeNext(next: string | undefined): string {
  return next && /^\/console(\/[A-Za-z0-9/_-]*)?$/.test(next) ? next : '/console';
}
