// The echo page: send text, bytes or a file and see each message come back with its round-trip
// time; the self-test (selftest.js) checks a container, proxy or TLS setup end to end.

import { el, $, appendLimited, wsUrl, time } from './dom.js';
import { t, startI18n } from './i18n.js';
import { Connection } from './connection.js';
import { mountPanel } from './panel.js';
import { ms } from './stats.js';
import { mountSelfTest } from './selftest.js';

startI18n();

const connection = new Connection(() => wsUrl('echo'));
mountPanel($('#connection'), connection);
window.showcase = { connection };

const messages = $('#messages');
/** Sends waiting for their echo, oldest first: the echo answers in order. */
const pending = [];

function hex(bytes, limit = 32) {
  const shown = Array.from(bytes.slice(0, limit), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > limit ? `${shown} …` : shown;
}

function show(direction, kind, content, extra = '') {
  appendLimited(messages, el('li', { class: `echo-${direction}` },
    el('time', {}, time()), ' ', el('span', { class: 'direction' }, direction === 'sent' ? '→' : '←'), ' ',
    el('span', { class: 'kind', 'data-i18n': `echo.kind.${kind}` }), ' ', el('span', { class: 'content' }, content),
    extra ? el('span', { class: 'rtt' }, ` · ${extra}`) : ''));
}

function send(data, kind, content) {
  if (!connection.send(data)) {
    show('sent', kind, t('echo.notOpen'));
    return;
  }
  pending.push(performance.now());
  show('sent', kind, content);
}

connection.addEventListener('close', () => {
  pending.length = 0;
});

connection.addEventListener('message', (event) => {
  const started = pending.shift();
  const rtt = started === undefined ? '' : `RTT ${ms(performance.now() - started)}`;
  const data = event.detail;
  if (typeof data === 'string') {
    show('received', 'text', data, rtt);
  } else {
    const bytes = new Uint8Array(data);
    show('received', 'binary', `${t('echo.bytesCount', { bytes: bytes.length })}: ${hex(bytes)}`, rtt);
  }
});

$('#text-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('#text').value;
  send(text, 'text', text);
});

$('#text').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    $('#text-form').requestSubmit();
  }
});

/** Parses "48 65 6c" (or "48656c", "0x48,0x65") into bytes; throws with a clear message. */
function parseHex(text) {
  const digits = text.replace(/0x/gi, '').replace(/[\s,:;-]+/g, '');
  if (!/^([0-9a-f]{2})*$/i.test(digits)) {
    throw new Error(t('echo.badHex'));
  }
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = parseInt(digits.substr(i * 2, 2), 16);
  }
  return bytes;
}

$('#bytes-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const error = $('#bytes-error');
  try {
    const bytes = parseHex($('#bytes').value);
    error.textContent = '';
    send(bytes, 'binary', `${t('echo.bytesCount', { bytes: bytes.length })}: ${hex(bytes)}`);
  } catch (e) {
    error.textContent = e.message;
  }
});

$('#file-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = $('#file').files[0];
  if (!file) {
    return;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  send(bytes, 'binary', `${file.name} (${t('echo.bytesCount', { bytes: bytes.length })})`);
});

mountSelfTest();

connection.connect();
