// Your password: a signed-in local account changes its own password (POST /api/v1/me/password). The server checks the
// current one, keeps this browser signed in and signs the account's other browsers out; a refusal is shown as the
// server's message. An API token or an account of the sign-in provider (OIDC) has no password here.
import { api } from '../api.js';
import { h, mount, mountShell, banner, announce, me, field } from '../ui.js';

mountShell('password');
const root = document.getElementById('page');
start();

async function start() {
  const m = await me();
  const head = h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Your password'),
    h('p', { class: 'subtitle' }, m ? `Signed in as ${m.name}.` : '')));
  if (!m || !m.password_changeable) {
    mount(root, head, h('section', { class: 'card section' }, h('div', { class: 'card-body' },
      banner('warn', 'This account has no password here: an account of your sign-in provider changes its password '
        + 'there, and an API token has none.'))));
    return;
  }
  const current = h('input', { id: 'p-current', name: 'current_password', type: 'password', required: true, autocomplete: 'current-password' });
  const next = h('input', { id: 'p-new', name: 'new_password', type: 'password', required: true, minlength: 12, autocomplete: 'new-password' });
  const again = h('input', { id: 'p-again', name: 'again', type: 'password', required: true, autocomplete: 'new-password' });
  const status = h('div', { id: 'password-status', 'aria-live': 'polite' });
  const form = h('form', { class: 'account-form', id: 'password-form', 'aria-label': 'Change your password', onSubmit: async (e) => {
    e.preventDefault();
    if (next.value !== again.value) {
      refused(status, { detail: 'The new password and its repetition differ: type the same one twice.' });
      return;
    }
    try {
      const done = await api.post('/api/v1/me/password', { current_password: current.value, new_password: next.value });
      mount(status, banner('ok', h('strong', null, 'Password changed. '), done.message));
      announce('Password changed.');
      form.reset();
    } catch (err) {
      refused(status, err);
    }
  } },
  field(current, 'Current password'),
  field(next, 'New password (at least 12 characters)'),
  field(again, 'New password again'),
  h('button', { class: 'btn btn-primary', type: 'submit' }, 'Change password'));
  mount(root, head, h('section', { class: 'card section', 'aria-labelledby': 'password-title' },
    h('div', { class: 'card-body' }, h('h2', { id: 'password-title' }, 'Change your password'),
      h('p', { class: 'subtitle' }, 'Your other signed-in browsers are signed out at their next click; this one stays.'),
      form, status)));
}

function refused(where, e) {
  mount(where, banner('error', h('strong', null, 'Not changed. '), e.detail || e.message));
  announce(`Not changed: ${e.detail || e.message}`);
}
