// The clock page: the server's time as it pushes it, interval and zone selectors, and the clock
// offset and round trip from the time-sync exchange.

import { el, $, wsUrl } from './dom.js';
import { t, startI18n, onLanguageChange } from './i18n.js';
import { Connection } from './connection.js';
import { mountPanel } from './panel.js';
import { onJsonMessages } from './messages.js';

startI18n();

const ZONES = ['UTC', 'Asia/Shanghai', 'Asia/Tokyo', 'Asia/Kolkata', 'Europe/London', 'Europe/Paris',
  'America/New_York', 'America/Los_Angeles', 'Australia/Sydney'];
const SYNC_EVERY = 30000;

const intervalSelect = $('#interval');
const zoneSelect = $('#zone');
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
for (const zone of [...new Set([browserZone, ...ZONES])]) {
  zoneSelect.append(el('option', { value: zone }, zone));
}
zoneSelect.value = browserZone;

const connection = new Connection(() =>
  wsUrl(`clock?interval=${encodeURIComponent(intervalSelect.value)}&zone=${encodeURIComponent(zoneSelect.value)}`));
const panel = mountPanel($('#connection'), connection);
window.showcase = { connection };

const timeOutput = $('#clock-time');
const dateOutput = $('#clock-date');
const errorOutput = $('#clock-error');
let syncTimer = 0;
let lastSync = null;

function sendSettings() {
  errorOutput.textContent = '';
  connection.send(JSON.stringify({ type: 'settings', interval: Number(intervalSelect.value), zone: zoneSelect.value }));
}

function sync() {
  connection.send(JSON.stringify({ type: 'sync', clientTime: Date.now() }));
}

function renderSync() {
  if (!lastSync) {
    return;
  }
  const { offset, rtt } = lastSync;
  const ahead = offset >= 0 ? t('clock.serverAhead') : t('clock.serverBehind');
  $('#clock-offset').textContent = `${offset >= 0 ? '+' : '−'}${Math.abs(offset).toFixed(1)} ms (${ahead})`;
  $('#clock-rtt').textContent = `${rtt.toFixed(1)} ms`;
}

intervalSelect.addEventListener('change', sendSettings);
zoneSelect.addEventListener('change', sendSettings);
$('#sync').addEventListener('click', sync);
onLanguageChange(renderSync);

connection.addEventListener('open', () => {
  sync();
  clearInterval(syncTimer);
  syncTimer = setInterval(sync, SYNC_EVERY);
});
connection.addEventListener('close', () => clearInterval(syncTimer));

onJsonMessages(connection, {
  tick(message) {
    // The server sends ISO-8601 with the zone's offset: show it as sent, whatever the browser's zone.
    const iso = String(message.time);
    timeOutput.textContent = iso.slice(11, 19);
    timeOutput.dateTime = iso;
    dateOutput.textContent = `${iso.slice(0, 10)} · ${iso.slice(19) === 'Z' ? '+00:00' : iso.slice(19)} · ${message.zone}`;
    $('#tick-seq').textContent = String(message.seq);
  },
  settings(message) {
    intervalSelect.value = String(message.interval);
    if (![...zoneSelect.options].some((option) => option.value === message.zone)) {
      zoneSelect.append(el('option', { value: message.zone }, message.zone));
    }
    zoneSelect.value = message.zone;
  },
  sync(message) {
    const received = Date.now();
    const t0 = message.clientTime;
    const t1 = message.serverReceived;
    const t2 = message.serverSent;
    lastSync = { offset: ((t1 - t0) + (t2 - received)) / 2, rtt: (received - t0) - (t2 - t1) };
    renderSync();
  },
  error(message) {
    errorOutput.textContent = `${t('common.error')}: ${message.reason}`;
  },
}, (problem) => panel.log('invalid', problem));

connection.connect();
