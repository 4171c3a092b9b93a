// A WebSocket connection that reconnects by itself, and the connection panel every page shows.

import { el, $, appendLimited, time } from './dom.js';
import { t, onLanguageChange } from './i18n.js';

/** Close codes after which reconnecting would only fail again: the client must change first. */
const NO_RECONNECT = new Set([1002, 1003, 1007, 1008, 1009, 1010]);
/**
 * Handshakes in a row that may fail (the socket closed without ever opening: the server refused
 * it, with a 404 or 403 say, or could not be reached) before a connection that has not opened
 * since Connect stops trying. The browser does not tell a page why a handshake failed.
 */
export const MAX_FAILED_HANDSHAKES = 4;
const STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

/**
 * One logical connection: a WebSocket opened from `url()` (asked again at every attempt, so a
 * page can add what it needs to resume), reopened after an unexpected close with exponential
 * backoff and full jitter, unless the user switched that off or the close code says that
 * trying again cannot help. Until it has opened once after `connect()`, it gives up after
 * MAX_FAILED_HANDSHAKES failed handshakes in a row; once it has been open, a dropped
 * connection is retried until it opens again (a server restarting, a network coming back).
 *
 * Events: connecting {url}, open {handshakeMs}, message (the MessageEvent's data in detail),
 * error, close {code, reason, wasClean, opened, failedHandshakes}, reconnecting {delay, attempt},
 * refused {attempts} (it stopped: `refusedAfter` keeps the count until the next `connect()`).
 */
export class Connection extends EventTarget {
  constructor(url, { reconnect = true, baseDelay = 500, maxDelay = 30000 } = {}) {
    super();
    this.url = url;
    this.reconnect = reconnect;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.socket = null;
    this.wanted = false;
    this.attempt = 0;
    this.timer = 0;
    this.sent = 0;
    this.received = 0;
    this.reconnects = 0;
    /** Sockets in a row that closed without opening. */
    this.failedHandshakes = 0;
    /** Whether a socket has opened since the last connect(). */
    this.hasOpened = false;
    /** The failed handshakes after which it stopped, or 0. */
    this.refusedAfter = 0;
  }

  get readyState() {
    return this.socket ? this.socket.readyState : WebSocket.CLOSED;
  }

  get bufferedAmount() {
    return this.socket ? this.socket.bufferedAmount : 0;
  }

  get isOpen() {
    return this.readyState === WebSocket.OPEN;
  }

  connect() {
    this.wanted = true;
    this.attempt = 0;
    this.failedHandshakes = 0;
    this.hasOpened = false;
    this.refusedAfter = 0;
    this.#open();
  }

  /** Closes with 1000 and stays closed. */
  disconnect() {
    this.wanted = false;
    clearTimeout(this.timer);
    if (this.socket && this.socket.readyState < WebSocket.CLOSING) {
      this.socket.close(1000, 'closed by the user');
    }
  }

  /** Sends text or binary; false if the connection is not open. */
  send(data) {
    if (!this.isOpen) {
      return false;
    }
    this.socket.send(data);
    this.sent++;
    return true;
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #open() {
    clearTimeout(this.timer);
    let socket;
    const started = performance.now();
    try {
      socket = new WebSocket(this.url());
    } catch (error) {
      this.failedHandshakes++;
      this.#emit('error', { message: error.message });
      this.#afterClose(1006);
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    let opened = false;
    this.#emit('connecting', { url: socket.url });
    socket.addEventListener('open', () => {
      opened = true;
      this.attempt = 0;
      this.failedHandshakes = 0;
      this.hasOpened = true;
      this.#emit('open', { handshakeMs: performance.now() - started, extensions: socket.extensions });
    });
    socket.addEventListener('message', (event) => {
      this.received++;
      this.#emit('message', event.data);
    });
    socket.addEventListener('error', () => this.#emit('error', {}));
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) {
        return;
      }
      this.socket = null;
      if (!opened) {
        this.failedHandshakes++;
      }
      this.#emit('close', { code: event.code, reason: event.reason, wasClean: event.wasClean, opened,
        failedHandshakes: this.failedHandshakes });
      this.#afterClose(event.code);
    });
  }

  /** Tries again, or stays closed: the user's choice, a close code that would only repeat, or a server that keeps refusing. */
  #afterClose(code) {
    if (!this.wanted || !this.reconnect || NO_RECONNECT.has(code)) {
      this.wanted = false;
    } else if (!this.hasOpened && this.failedHandshakes >= MAX_FAILED_HANDSHAKES) {
      this.wanted = false;
      this.refusedAfter = this.failedHandshakes;
      this.#emit('refused', { attempts: this.failedHandshakes });
    } else {
      this.#retry();
    }
  }

  #retry() {
    const ceiling = Math.min(this.maxDelay, this.baseDelay * 2 ** Math.min(this.attempt, 16));
    const delay = Math.round(this.baseDelay / 2 + Math.random() * (ceiling - this.baseDelay / 2));
    this.attempt++;
    this.reconnects++;
    this.#emit('reconnecting', { delay, attempt: this.attempt });
    this.timer = setTimeout(() => this.#open(), delay);
  }
}

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
 * needs); `connectTitle` names the text that explains it.
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
}
