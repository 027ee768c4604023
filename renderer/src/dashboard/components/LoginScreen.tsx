import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useDash } from '../store/DashboardProvider.js';

/** The proctor password (and a name commands are recorded under) for a session token. */
export function LoginScreen() {
  const login = useDash((s) => s.login);
  const busy = useDash((s) => s.loginBusy);
  const error = useDash((s) => s.loginError);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Log in · Vigil proctor dashboard';
  }, []);

  useEffect(() => {
    // After a failed login the password field is where the fix goes.
    if (error) passwordRef.current?.focus();
  }, [error]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!password) {
      setMissing(true);
      passwordRef.current?.focus();
      return;
    }
    setMissing(false);
    if (await login(password, name)) setPassword('');
  }

  const problem = missing ? 'Enter the proctor password.' : error;
  return (
    <main id="main" className="screen dash-login" data-screen="login">
      <p className="app-name">
        <span className="brand">Vigil</span> <span className="app-exam">Proctor dashboard</span>
      </p>
      <h1>Log in to the hub</h1>
      <p className="meta">The hub operator gives you the proctor password. Your name is recorded with every command and grade you give.</p>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label className="field-label" htmlFor="login-name">
            Your name <span className="meta">(optional)</span>
          </label>
          <input id="login-name" className="input" autoComplete="name" value={name} maxLength={64} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="login-password">
            Proctor password
          </label>
          <input
            id="login-password"
            ref={passwordRef}
            className="input"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby="login-error"
            required
          />
          <p id="login-error" className="field-error" role="alert" data-testid="login-error">
            {problem ?? ''}
          </p>
        </div>
        <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
