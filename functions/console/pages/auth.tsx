import type { Hono } from 'hono';
import type { ConsoleEnv } from '../env';
import { Csrf, Field, Layout, ProblemBox, type ProblemView } from '../layout';
import { pageStatus, problemOf, safeNext, text } from '../problems';
import type { SessionCookies } from '../session-cookies';

const SignInForm = (p: { csrf: string; next: string; email?: string; problem?: ProblemView }) => (
  <Layout title="Sign in" csrfToken={p.csrf}>
    <div class="narrow">
      <ProblemBox problem={p.problem} />
      <form method="post" action={`/console/signin?next=${encodeURIComponent(p.next)}`}>
        <Csrf token={p.csrf} />
        <Field
          name="email"
          label="E-mail"
          type="email"
          value={p.email}
          required
          autocomplete="username"
        />
        <Field
          name="password"
          label="Password"
          type="password"
          required
          autocomplete="current-password"
        />
        <button type="submit">Sign in</button>
      </form>
      <p>
        New here? <a href="/console/signup">Sign up your enterprise</a>.
      </p>
    </div>
  </Layout>
);

interface SignUpValues {
  enterpriseName?: string;
  name?: string;
  email?: string;
}

const SignUpForm = (p: { csrf: string; values?: SignUpValues; problem?: ProblemView }) => (
  <Layout title="Sign up your enterprise" csrfToken={p.csrf}>
    <div class="narrow">
      <p>You become the enterprise’s administrator and can invite members afterwards.</p>
      <ProblemBox problem={p.problem} />
      <form method="post" action="/console/signup">
        <Csrf token={p.csrf} />
        <Field
          name="enterpriseName"
          label="Enterprise name"
          value={p.values?.enterpriseName}
          required
          autocomplete="organization"
        />
        <Field name="name" label="Your name" value={p.values?.name} required autocomplete="name" />
        <Field
          name="email"
          label="E-mail"
          type="email"
          value={p.values?.email}
          required
          autocomplete="email"
        />
        <Field
          name="password"
          label="Password"
          type="password"
          required
          autocomplete="new-password"
          hint="At least 12 characters, not among the most common passwords."
        />
        <button type="submit">Sign up</button>
      </form>
      <p>
        Already have an account? <a href="/console/signin">Sign in</a>.
      </p>
    </div>
  </Layout>
);

const AcceptForm = (p: { csrf: string; token: string; name?: string; problem?: ProblemView }) => (
  <Layout title="Join your team" csrfToken={p.csrf}>
    <div class="narrow">
      <p>You were invited to an enterprise on VKS. Choose your name and password to join.</p>
      <ProblemBox problem={p.problem} />
      <form
        method="post"
        action={`/console/invitations/accept?token=${encodeURIComponent(p.token)}`}
      >
        <Csrf token={p.csrf} />
        <Field name="name" label="Your name" value={p.name} required autocomplete="name" />
        <Field
          name="password"
          label="Password"
          type="password"
          required
          autocomplete="new-password"
          hint="At least 12 characters, not among the most common passwords."
        />
        <button type="submit">Join</button>
      </form>
    </div>
  </Layout>
);

export function authPages(ui: Hono<ConsoleEnv>, cookies: SessionCookies): void {
  ui.get('/signin', (c) =>
    c.html(<SignInForm csrf={c.get('csrfToken')} next={safeNext(c.req.query('next'))} />),
  );

  ui.post('/signin', async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(c.req.query('next'));
    const email = text(form, 'email');
    const { data, error, response } = await c.get('api').POST('/v1/sessions', {
      body: { email, password: text(form, 'password') },
    });
    if (!data) {
      const problem = problemOf(error, response.status);
      return c.html(
        <SignInForm csrf={c.get('csrfToken')} next={next} email={email} problem={problem} />,
        pageStatus(response.status),
      );
    }
    cookies.write(c, data);
    return c.redirect(next, 303);
  });

  ui.get('/signup', (c) => c.html(<SignUpForm csrf={c.get('csrfToken')} />));

  ui.post('/signup', async (c) => {
    const form = await c.req.parseBody();
    const values = {
      enterpriseName: text(form, 'enterpriseName'),
      name: text(form, 'name'),
      email: text(form, 'email'),
    };
    const { data, error, response } = await c.get('api').POST('/v1/signup', {
      body: { ...values, password: text(form, 'password') },
    });
    if (!data) {
      const problem = problemOf(error, response.status);
      return c.html(
        <SignUpForm csrf={c.get('csrfToken')} values={values} problem={problem} />,
        pageStatus(response.status),
      );
    }
    cookies.write(c, data);
    return c.redirect('/console', 303);
  });

  ui.post('/signout', async (c) => {
    await c.get('api').DELETE('/v1/sessions/current');
    cookies.clear(c);
    return c.redirect('/console/signin', 303);
  });

  ui.get('/invitations/accept', (c) =>
    c.html(<AcceptForm csrf={c.get('csrfToken')} token={c.req.query('token') ?? ''} />),
  );

  ui.post('/invitations/accept', async (c) => {
    const form = await c.req.parseBody();
    const token = c.req.query('token') ?? '';
    const name = text(form, 'name');
    const { data, error, response } = await c.get('api').POST('/v1/invitations/{token}/accept', {
      params: { path: { token } },
      body: { name, password: text(form, 'password') },
    });
    if (!data) {
      const problem = problemOf(error, response.status);
      return c.html(
        <AcceptForm csrf={c.get('csrfToken')} token={token} name={name} problem={problem} />,
        pageStatus(response.status),
      );
    }
    cookies.write(c, data);
    return c.redirect('/console', 303);
  });
}
