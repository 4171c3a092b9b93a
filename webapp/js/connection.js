// A WebSocket connection that reconnects by itself (backoff with jitter, a stop after failed
// handshakes) and tells what happens as events. No DOM here: panel.js shows it.

/** Close codes after which reconnecting would only fail again: the client must change first. */
const NO_RECONNECT = new Set([1002, 1003, 1007, 1008, 1009, 1010]);
/**
 * How the reason of a 1008 begins when the server dropped a client that did not take what it was
 * sent (a send queue past its bound, a send that timed out): that can pass (a stalled network, a
 * tab in the background), so it reconnects like after a drop, and the chat resumes where it was.
 */
const TOO_SLOW = 'client too slow: ';
/**
 * Handshakes in a row that may fail (the socket closed without ever opening: the server refused
 * it, with a 404 or 403 say, or could not be reached) before a connection that has not opened
 * since Connect stops trying. The browser does not tell a page why a handshake failed.
 */
export const MAX_FAILED_HANDSHAKES = 4;

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
      this.#afterClose(1006, '');
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
      this.#afterClose(event.code, event.reason);
    });
  }

  /** Tries again, or stays closed: the user's choice, a close code that would only repeat, or a server that keeps refusing. */
  #afterClose(code, reason) {
    const repeats = NO_RECONNECT.has(code) && !(code === 1008 && reason.startsWith(TOO_SLOW));
    if (!this.wanted || !this.reconnect || repeats) {
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
