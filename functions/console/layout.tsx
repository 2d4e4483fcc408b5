import { raw } from 'hono/html';
import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import { CSRF_FIELD } from './csrf-token';

export interface PageProps {
  readonly title: string;
  readonly who?: { email: string; enterprise: string; permissions: readonly string[] } | undefined;
  readonly csrfToken: string;
  /** The navigation entry to mark as the current page. */
  readonly current?: string;
}

const NAV: readonly { href: string; label: string; permission?: string }[] = [
  { href: '/console', label: 'Dashboard' },
  { href: '/console/clusters', label: 'Clusters', permission: 'clusters:read' },
  { href: '/console/members', label: 'Members', permission: 'members:read' },
  { href: '/console/roles', label: 'Roles', permission: 'members:read' },
  { href: '/console/api-keys', label: 'API keys', permission: 'api-keys:manage' },
  { href: '/console/webhooks', label: 'Webhooks', permission: 'webhooks:manage' },
  { href: '/console/audit', label: 'Audit log', permission: 'audit:read' },
];

/** The page shell: a skip link, the header with navigation, the main content. */
export const Layout: FC<PropsWithChildren<PageProps>> = ({
  title,
  who,
  csrfToken,
  current,
  children,
}) => (
  <>
    {raw('<!DOCTYPE html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · VKS console`}</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
        <script src="/console/assets/console.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/console">
            VKS
          </a>
          {who ? (
            <>
              <nav aria-label="Main">
                <ul>
                  {NAV.filter((n) => !n.permission || who.permissions.includes(n.permission)).map(
                    (n) => (
                      <li>
                        <a href={n.href} aria-current={current === n.href ? 'page' : undefined}>
                          {n.label}
                        </a>
                      </li>
                    ),
                  )}
                </ul>
              </nav>
              <div class="who">
                <span>
                  {who.email} · {who.enterprise}
                </span>
                <form method="post" action="/console/signout">
                  <Csrf token={csrfToken} />
                  <button type="submit" class="link">
                    Sign out
                  </button>
                </form>
              </div>
            </>
          ) : null}
        </header>
        <main id="main" tabindex={-1}>
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  </>
);

export const Csrf: FC<{ token: string }> = ({ token }) => (
  <input type="hidden" name={CSRF_FIELD} value={token} />
);

export interface ProblemView {
  readonly title: string;
  readonly detail?: string;
  readonly errors?: readonly { field: string; message: string }[];
}

/** A refused request, read out by screen readers as soon as it appears. */
export const ProblemBox: FC<{ problem?: ProblemView | undefined }> = ({ problem }) =>
  problem ? (
    <div class="problem" role="alert">
      <strong>{problem.title}</strong>
      {problem.detail ? <p>{problem.detail}</p> : null}
      {problem.errors?.length ? (
        <ul>
          {problem.errors.map((e) => (
            <li>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  ) : null;

export const Notice: FC<{ children?: Child }> = ({ children }) => (
  <div class="notice" role="status">
    {children}
  </div>
);

/** A labelled input; the label's `for` and the input's `id` tie them together for assistive tech. */
export const Field: FC<{
  name: string;
  label: string;
  type?: string;
  value?: string | undefined;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  min?: number;
}> = ({ name, label, type = 'text', value, required, autocomplete, hint, min }) => (
  <div class="field">
    <label for={`f-${name}`}>{label}</label>
    <input
      id={`f-${name}`}
      name={name}
      type={type}
      value={value}
      required={required}
      autocomplete={autocomplete}
      min={min}
      aria-describedby={hint ? `h-${name}` : undefined}
    />
    {hint ? (
      <p class="hint" id={`h-${name}`}>
        {hint}
      </p>
    ) : null}
  </div>
);
