// The connection panel every page shows, bound to a Connection: URL, buttons, readyState and
// bufferedAmount, counters, the event log and a status line saying why it stopped.

import { el, appendLimited, time } from './dom.js';
import { t, onLanguageChange } from './i18n.js';

const STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

/** What a close code means, in the page's language. */
export function closeMeaning(code) {
  const key = `close.${code}`;
  const meaning = t(key);
  if (meaning !== key) {
    return meaning;
  }
  if (code >= 4000 && code <= 4999) {
    return t('close.private');
  }
  return t('close.unknown');
}

/** Shows short text for a message in the log: text as is (cut), binary as its size. */
function describe(data) {
  if (typeof data === 'string') {
    return data.length > 300 ? `${data.slice(0, 300)}… (${data.length})` : data;
  }
  return t('log.binary', { bytes: data.byteLength });
}

/**
 * Fills `root` with the connection panel: URL, connect and disconnect, automatic reconnect,
 * live readyState and bufferedAmount, counters, a status line saying why it stopped, and the
 * event log. `connect` is what the Connect button does (a page may first gather what the URL
 * needs); `connectTitle` names the text that explains it. Returns `{ log(kind, ...text) }`,
 * which adds an entry of that kind to the event log.
 */
export function mountPanel(root, connection,
  { logMessages = true, connect: onConnect = () => connection.connect(), connectTitle = null } = {}) {
  const url = el('output', { class: 'url', id: 'connection-url' });
  const connect = el('button', { type: 'button', id: 'connect', 'data-i18n': 'panel.connect', 'data-i18n-title': connectTitle });
  const disconnect = el('button', { type: 'button', id: 'disconnect', 'data-i18n': 'panel.disconnect' });
  const reconnect = el('input', { type: 'checkbox', id: 'auto-reconnect', checked: connection.reconnect });
  const state = el('dd', { id: 'ready-state' });
  const buffered = el('dd', { id: 'buffered-amount' });
  const sent = el('dd', { id: 'sent-count' });
  const received = el('dd', { id: 'received-count' });
  const reconnects = el('dd', { id: 'reconnect-count' });
  const log = el('ol', { class: 'log', id: 'event-log', 'aria-live': 'off' });
  const clear = el('button', { type: 'button', class: 'small', id: 'clear-log', 'data-i18n': 'panel.clear' });
  const status = el('p', { class: 'panel-status', id: 'connection-status', role: 'status' });

  root.replaceChildren(
    el('h2', { 'data-i18n': 'panel.title' }),
    el('p', { class: 'url-row' }, el('span', { 'data-i18n': 'panel.url' }), ' ', url),
    el('p', { class: 'buttons' }, connect, disconnect,
      el('label', { class: 'inline' }, reconnect, ' ', el('span', { 'data-i18n': 'panel.autoReconnect' }))),
    status,
    el('dl', { class: 'status' },
      el('dt', {}, 'readyState'), state,
      el('dt', {}, 'bufferedAmount'), buffered,
      el('dt', { 'data-i18n': 'panel.sent' }), sent,
      el('dt', { 'data-i18n': 'panel.received' }), received,
      el('dt', { 'data-i18n': 'panel.reconnects' }), reconnects),
    el('div', { class: 'log-head' }, el('h3', { 'data-i18n': 'panel.log' }), clear),
    log);

  const entry = (kind, ...text) => appendLimited(log,
    el('li', { class: `log-${kind}` }, el('time', {}, time()), ' ', el('b', {}, kind), ' ', ...text), 300);

  connect.addEventListener('click', () => onConnect());
  disconnect.addEventListener('click', () => connection.disconnect());
  reconnect.addEventListener('change', () => {
    connection.reconnect = reconnect.checked;
  });
  clear.addEventListener('click', () => log.replaceChildren());

  connection.addEventListener('connecting', (e) => entry('connecting', e.detail.url));
  connection.addEventListener('open', (e) => entry('open', t('log.handshake', { ms: e.detail.handshakeMs.toFixed(1) })));
  connection.addEventListener('error', () => entry('error', t('log.error')));
  connection.addEventListener('close', (e) => {
    const { code, reason, wasClean, opened, failedHandshakes } = e.detail;
    entry('close', `${code} ${closeMeaning(code)}`, reason ? ` · ${t('log.reason')}: ${reason}` : '',
      ` · wasClean=${wasClean}`, opened ? '' : ` · ${t('log.handshakeFailed', { count: failedHandshakes })}`);
  });
  connection.addEventListener('reconnecting', (e) =>
    entry('reconnect', t('log.reconnecting', { seconds: (e.detail.delay / 1000).toFixed(1), attempt: e.detail.attempt })));
  connection.addEventListener('refused', (e) => entry('stop', t('log.refused', { attempts: e.detail.attempts })));
  if (logMessages) {
    connection.addEventListener('message', (e) => entry('message', describe(e.detail)));
  }

  const render = () => {
    const readyState = connection.readyState;
    state.textContent = `${readyState} ${STATES[readyState]}`;
    state.className = `state-${STATES[readyState].toLowerCase()}`;
    buffered.textContent = t('panel.bytes', { bytes: connection.bufferedAmount });
    sent.textContent = String(connection.sent);
    received.textContent = String(connection.received);
    reconnects.textContent = String(connection.reconnects);
    url.textContent = connection.socket ? connection.socket.url : connection.url();
    const why = connection.refusedAfter ? t('panel.refused', { attempts: connection.refusedAfter }) : '';
    if (status.textContent !== why) {
      status.textContent = why;
    }
    connect.disabled = readyState === WebSocket.OPEN || readyState === WebSocket.CONNECTING;
    disconnect.disabled = !connection.wanted && readyState === WebSocket.CLOSED;
  };
  for (const type of ['connecting', 'open', 'close', 'message', 'reconnecting', 'refused']) {
    connection.addEventListener(type, render);
  }
  setInterval(render, 250);
  onLanguageChange(render);
  render();
  return { log: entry };
}
