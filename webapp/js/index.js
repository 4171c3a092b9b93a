// The index page: what each endpoint does, its URL on this server, the container's name and
// version as the server reports it, which node served the page (api/info) and which node a
// WebSocket reached (the node named by the clock's first settings message), and whether this
// browser supports WebSocket.

import { $, wsUrl } from './dom.js';
import { t, startI18n, onLanguageChange } from './i18n.js';
import { loadInfo } from './info.js';

startI18n();

for (const output of document.querySelectorAll('[data-endpoint]')) {
  output.textContent = wsUrl(output.dataset.endpoint);
}

const server = $('#server-info');
const node = $('#node-info');
let info = null;
let failure = null;
/** The node the WebSocket reached, null until known, '' if no answer came. */
let socketNode = null;

/** Opens the clock, reads the node named by its first settings message, and closes. */
function discoverSocketNode() {
  if (typeof WebSocket !== 'function') {
    socketNode = '';
    return;
  }
  const socket = new WebSocket(wsUrl('clock'));
  const giveUp = setTimeout(() => socket.close(), 10000);
  socket.addEventListener('message', (event) => {
    let message = null;
    try {
      message = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (message.type === 'settings') {
      socketNode = typeof message.node === 'string' ? message.node : '';
      clearTimeout(giveUp);
      socket.close(1000);
      render();
    }
  });
  socket.addEventListener('close', () => {
    clearTimeout(giveUp);
    if (socketNode === null) {
      socketNode = '';
      render();
    }
  });
}

function render() {
  if (info) {
    server.textContent = info.server;
  } else if (failure) {
    server.textContent = `${t('index.serverUnknown')} (${failure})`;
  }
  if (info || failure) {
    const page = info && info.node ? info.node : t('index.serverUnknown');
    const socket = socketNode === null ? '…' : socketNode || t('index.nodeUnreachable');
    node.textContent = t('index.nodes', { page, socket });
    node.dataset.page = info && info.node ? info.node : '';
    node.dataset.socket = socketNode || '';
  }
  $('#browser-support').textContent = typeof WebSocket === 'function' ? t('index.supported') : t('index.unsupported');
}

loadInfo().then((value) => {
  info = value;
  render();
}).catch((error) => {
  failure = error.message;
  render();
});
onLanguageChange(render);
discoverSocketNode();
render();
