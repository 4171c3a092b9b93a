// The echo page's self-test: on a connection of its own, the handshake, text and binary round
// trips, a large message, round-trip times and a clean close, as steps and a report to copy.

import { el, $, wsUrl } from './dom.js';
import { t } from './i18n.js';
import { closeMeaning } from './panel.js';
import { median, percentile, ms } from './stats.js';
import { loadInfo } from './info.js';

const STEP_TIMEOUT = 10000;

/** A fresh connection of its own, so that the test does not depend on the panel's. */
class TestSocket {
  constructor(url) {
    this.url = url;
    this.queue = [];
    this.waiters = [];
    this.closed = null;
  }

  open() {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const socket = new WebSocket(this.url);
      socket.binaryType = 'arraybuffer';
      this.socket = socket;
      const timer = setTimeout(() => reject(new Error(t('selftest.timeout'))), STEP_TIMEOUT);
      socket.addEventListener('open', () => {
        clearTimeout(timer);
        resolve(performance.now() - started);
      });
      socket.addEventListener('message', (e) => {
        const waiter = this.waiters.shift();
        if (waiter) {
          waiter(e.data);
        } else {
          this.queue.push(e.data);
        }
      });
      socket.addEventListener('close', (e) => {
        this.closed = e;
        clearTimeout(timer);
        reject(new Error(`${t('selftest.closed')}: ${e.code} ${closeMeaning(e.code)} ${e.reason}`));
        for (const waiter of this.waiters.splice(0)) {
          waiter(null);
        }
      });
    });
  }

  /** Sends and waits for the echo; resolves with [data, round trip ms]. */
  roundTrip(data) {
    const started = performance.now();
    this.socket.send(data);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(t('selftest.timeout'))), STEP_TIMEOUT);
      const deliver = (reply) => {
        clearTimeout(timer);
        if (reply === null) {
          reject(new Error(`${t('selftest.closed')}: ${this.closed.code} ${closeMeaning(this.closed.code)}`));
        } else {
          resolve([reply, performance.now() - started]);
        }
      };
      if (this.queue.length) {
        deliver(this.queue.shift());
      } else {
        this.waiters.push(deliver);
      }
    });
  }

  close() {
    return new Promise((resolve) => {
      if (this.closed) {
        resolve(this.closed);
        return;
      }
      const timer = setTimeout(() => resolve(null), STEP_TIMEOUT);
      this.socket.addEventListener('close', (e) => {
        clearTimeout(timer);
        resolve(e);
      });
      this.socket.close(1000, 'self-test done');
    });
  }
}

function sameBytes(a, b) {
  if (!(b instanceof ArrayBuffer) || a.byteLength !== b.byteLength) {
    return false;
  }
  const left = new Uint8Array(a);
  const right = new Uint8Array(b);
  return left.every((value, i) => value === right[i]);
}

function randomBytes(length) {
  const bytes = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65536) {
    crypto.getRandomValues(bytes.subarray(offset, Math.min(length, offset + 65536)));
  }
  return bytes;
}

async function selfTest(report) {
  const url = wsUrl('echo');
  const info = await loadInfo().catch(() => null);
  report.line(`WebSocket Showcase self-test, ${new Date().toISOString()}`);
  report.line(`Page: ${location.href}`);
  report.line(`Endpoint: ${url}`);
  report.line(`Server: ${info ? info.server : 'unknown (GET api/info failed)'}`);
  report.line(`Browser: ${navigator.userAgent}`);
  report.line('');

  const supported = typeof WebSocket === 'function' && 'binaryType' in WebSocket.prototype;
  report.step('support', supported, supported ? 'WebSocket, binaryType arraybuffer' : 'WebSocket is not available');
  if (!supported) {
    return;
  }
  const socket = new TestSocket(url);
  try {
    const handshake = await socket.open();
    report.step('handshake', true, `${ms(handshake)} · ${url.startsWith('wss:') ? 'wss (TLS)' : 'ws (no TLS)'}`
      + ` · extensions: ${socket.socket.extensions || 'none'}`);

    const text = 'self-test 你好 ✓ \u{1F600}';
    const [textReply, textRtt] = await socket.roundTrip(text);
    report.step('text', textReply === text, `${new TextEncoder().encode(text).length} bytes UTF-8 · RTT ${ms(textRtt)}`);

    const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
    const [binaryReply, binaryRtt] = await socket.roundTrip(everyByte);
    report.step('binary', sameBytes(everyByte.buffer, binaryReply), `256 bytes 00-ff · RTT ${ms(binaryRtt)}`);

    const size = Math.min(512 * 1024, info ? info.echoMaxMessageBytes : 512 * 1024);
    const large = randomBytes(size);
    const [largeReply, largeRtt] = await socket.roundTrip(large);
    report.step('large', sameBytes(large.buffer, largeReply),
      `${(size / 1024).toFixed(0)} KiB binary · ${ms(largeRtt)} · ${(2 * size / 1024 / 1024 / (largeRtt / 1000)).toFixed(1)} MiB/s both ways`);

    const rtts = [];
    for (let i = 0; i < 50; i++) {
      const message = `rtt ${i}`;
      const [reply, rtt] = await socket.roundTrip(message);
      if (reply !== message) {
        throw new Error(`message ${i} came back as ${String(reply).slice(0, 40)}`);
      }
      rtts.push(rtt);
    }
    report.step('rtt', true, `50 messages · median ${ms(median(rtts))} · p95 ${ms(percentile(rtts, 95))}`
      + ` · min ${ms(Math.min(...rtts))} · max ${ms(Math.max(...rtts))}`);

    const close = await socket.close();
    report.step('close', close !== null && close.code === 1000 && close.wasClean,
      close ? `${close.code} ${closeMeaning(close.code)} · wasClean=${close.wasClean}` : t('selftest.timeout'));
  } catch (error) {
    report.step('failed', false, error.message);
  }
}

/** Wires the page's Run and Copy buttons to the self-test, its steps and its report. */
export function mountSelfTest() {
  const steps = $('#selftest-steps');
  const reportBox = $('#selftest-report');
  const run = $('#run-selftest');
  const copy = $('#copy-report');

  run.addEventListener('click', async () => {
    run.disabled = true;
    copy.disabled = true;
    steps.replaceChildren();
    const lines = [];
    let failures = 0;
    const report = {
      line: (text) => lines.push(text),
      step: (name, ok, detail) => {
        failures += ok ? 0 : 1;
        lines.push(`${ok ? 'PASS' : 'FAIL'} ${name}: ${detail}`);
        steps.append(el('li', { class: ok ? 'pass' : 'fail', 'data-step': name },
          el('span', { class: 'verdict' }, ok ? '✓' : '✗'), ' ',
          el('span', { 'data-i18n': `selftest.step.${name}` }), ': ', detail));
      },
    };
    reportBox.value = '';
    $('#selftest-summary').textContent = t('selftest.running');
    await selfTest(report);
    lines.push('', failures === 0 ? 'RESULT: PASS' : `RESULT: FAIL (${failures})`);
    reportBox.value = lines.join('\n');
    $('#selftest-summary').textContent = failures === 0 ? t('selftest.passed') : t('selftest.failed', { count: failures });
    run.disabled = false;
    copy.disabled = false;
  });

  copy.addEventListener('click', async () => {
    const status = $('#copy-status');
    try {
      await navigator.clipboard.writeText(reportBox.value);
      status.textContent = t('selftest.copied');
    } catch {
      reportBox.select();
      status.textContent = t('selftest.selectToCopy');
    }
  });
}
