// The index page: what each endpoint does, its URL on this server, the container's name and
// version as the server reports it, and whether this browser supports WebSocket.

import { $, wsUrl } from './dom.js';
import { t, startI18n, onLanguageChange } from './i18n.js';
import { loadInfo } from './info.js';

startI18n();

for (const output of document.querySelectorAll('[data-endpoint]')) {
  output.textContent = wsUrl(output.dataset.endpoint);
}

const server = $('#server-info');
let info = null;
let failure = null;

function render() {
  if (info) {
    server.textContent = info.server;
  } else if (failure) {
    server.textContent = `${t('index.serverUnknown')} (${failure})`;
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
render();
