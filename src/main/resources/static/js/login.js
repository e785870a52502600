// The sign-in page: password form, one-time sign-in links (printed by `stockroom demo`/`serve`), and OIDC providers.
// Each form carries the CSRF token from the XSRF-TOKEN cookie the server sets.

function csrf() {
  const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : '';
}

const q = new URLSearchParams(location.search);
const message = document.getElementById('login-message');
function say(text, kind) {
  message.textContent = text;
  message.className = `banner ${kind}`;
  message.hidden = false;
}
if (q.has('error')) say('The user name or password is wrong.', 'error');
if (q.has('too-many')) say('Too many wrong passwords for this user name or from this address: wait a few minutes, then sign in again (or ask an admin to set a new password).', 'error');
if (q.has('expired')) say('That sign-in link has expired or was used already. Sign in with your password, or ask for a new link.', 'error');
if (q.has('signed-out')) say('You are signed out.', 'info');

for (const form of document.querySelectorAll('form')) {
  form.addEventListener('submit', () => { form.querySelector('input[name=_csrf]').value = csrf(); });
}

const token = q.get('token');
if (token) {
  // A one-time link: sign in with it straight away (POST, so a link preview cannot use it up).
  const form = document.getElementById('link-form');
  form.querySelector('input[name=token]').value = token;
  form.querySelector('input[name=_csrf]').value = csrf();
  form.hidden = false;
  history.replaceState(null, '', '/login');
  form.submit();
}

fetch('/login/providers', { headers: { Accept: 'application/json' } })
  .then((r) => (r.ok ? r.json() : []))
  .then((providers) => {
    const host = document.getElementById('providers');
    for (const p of providers) {
      const a = document.createElement('a');
      a.href = p.url;
      a.className = 'button';
      a.textContent = `Sign in with ${p.name}`;
      host.append(a, ' ');
    }
  })
  .catch(() => {});
