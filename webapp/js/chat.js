// The chat page: join a room under a nickname, talk, whisper, see who is here and who is typing;
// after a reconnect it asks for what it missed (since= and epoch=) and shows each message exactly
// once, or, if the room started anew meanwhile, says so and shows the new room's history. It shows
// which node the WebSocket reached, as the welcome names it (with several nodes behind a balancer,
// members of one room may be on different ones).

import { el, $, appendLimited, wsUrl } from './dom.js';
import { t, startI18n, onLanguageChange } from './i18n.js';
import { Connection } from './connection.js';
import { mountPanel } from './panel.js';
import { onJsonMessages } from './messages.js';
import { loadInfo } from './info.js';

startI18n();

const TYPING_SEND_EVERY = 2000;
const TYPING_SHOWN_FOR = 4000;

const joinForm = $('#join-form');
const roomInput = $('#room');
const nameInput = $('#nickname');
const messages = $('#chat-messages');
const memberList = $('#members');
const toSelect = $('#to');
const textInput = $('#message');
const typingLine = $('#typing');
const roomTitle = $('#room-title');
const nodeLine = $('#chat-node');

const state = {
  room: '',
  wanted: '',
  me: '',
  /** The nickname last asked for (at join or in a rename), to name it if the server refuses it. */
  asked: '',
  /** The room's incarnation, as its last welcome named it; '' before the first welcome. */
  epoch: '',
  lastSeq: 0,
  /** The node the WebSocket reached, as the last welcome named it; '' before the first. */
  node: '',
  members: [],
  typing: new Map(),
  lastTypingSent: 0,
};

const params = new URLSearchParams(location.search);
roomInput.value = params.get('room') || localStorage.getItem('showcase.chat.room') || 'lobby';
nameInput.value = params.get('name') || localStorage.getItem('showcase.chat.name') || '';

const connection = new Connection(() => {
  // Before the first join, the room and nickname the form names: what Connect joins.
  const room = state.room || roomInput.value.trim();
  const name = state.room ? state.me || state.wanted : nameInput.value.trim();
  const query = new URLSearchParams();
  if (name) {
    query.set('name', name);
  }
  if (state.epoch) {
    // Back in a room we were in: what came after the last message we saw, if it is still that room.
    query.set('since', String(state.lastSeq));
    query.set('epoch', state.epoch);
  }
  const suffix = query.toString();
  return wsUrl(`chat/${encodeURIComponent(room)}${suffix ? `?${suffix}` : ''}`);
});
const panel = mountPanel($('#connection'), connection, { connect: connectFromPanel, connectTitle: 'chat.connectTitle' });
window.showcase = { connection, state };

loadInfo().then((info) => {
  textInput.maxLength = info.chatMaxTextChars;
}).catch(() => { /* the server enforces the limit anyway */ });

function clock(iso) {
  const date = iso ? new Date(iso) : new Date();
  return el('time', { dateTime: date.toISOString() }, date.toLocaleTimeString(undefined, { hour12: false }));
}

function notice(kind, key, values, extra) {
  appendLimited(messages, el('li', { class: `notice notice-${kind}` }, clock(), ' ', t(key, values), extra ? ` ${extra}` : ''));
}

function showMessage(message) {
  const own = message.from === state.me;
  appendLimited(messages, el('li', { class: own ? 'message own' : 'message', 'data-seq': message.seq },
    clock(message.time), ' ',
    el('span', { class: 'from' }, message.from),
    own ? el('span', { class: 'you', 'data-i18n': 'chat.you' }) : null,
    ': ',
    el('span', { class: 'text' }, message.text)));
}

function showPrivate(message) {
  const own = message.from === state.me;
  appendLimited(messages, el('li', { class: own ? 'private own' : 'private' },
    clock(message.time), ' ',
    el('span', { class: 'tag', 'data-i18n': 'chat.private' }), ' ',
    el('span', { class: 'from' }, message.from), ' → ', el('span', { class: 'to' }, message.to), ': ',
    el('span', { class: 'text' }, message.text)));
}

function renderMembers() {
  memberList.replaceChildren(...state.members.map((name) => el('li', { class: name === state.me ? 'me' : '' },
    el('button', { type: 'button', class: 'member', title: t('chat.whisperTo', { name }) }, name),
    name === state.me ? el('span', { class: 'you', 'data-i18n': 'chat.you' }) : null)));
  const chosen = toSelect.value;
  toSelect.replaceChildren(el('option', { value: '', 'data-i18n': 'chat.everyone' }),
    ...state.members.filter((name) => name !== state.me).map((name) => el('option', { value: name }, name)));
  toSelect.value = state.members.includes(chosen) && chosen !== state.me ? chosen : '';
  $('#member-count').textContent = String(state.members.length);
}

function renderNode() {
  nodeLine.textContent = state.node ? t('chat.node', { node: state.node }) : '';
  nodeLine.dataset.node = state.node;
}

function renderTyping() {
  const names = [...state.typing.keys()];
  typingLine.textContent = names.length === 0 ? ''
    : t(names.length === 1 ? 'chat.typingOne' : 'chat.typingMany', { names: names.join(', ') });
}

function typing(name) {
  clearTimeout(state.typing.get(name));
  state.typing.set(name, setTimeout(() => {
    state.typing.delete(name);
    renderTyping();
  }, TYPING_SHOWN_FOR));
  renderTyping();
}

function stopTyping(name) {
  clearTimeout(state.typing.get(name));
  if (state.typing.delete(name)) {
    renderTyping();
  }
}

function welcome(message) {
  const epoch = typeof message.epoch === 'string' ? message.epoch : '';
  const restarted = state.epoch !== '' && epoch !== state.epoch;
  if (restarted) {
    // Not the room we were in: it was removed when it emptied, or the server restarted. What is on
    // screen stays; the new room's history, numbered anew, follows this notice.
    notice('gap', 'chat.roomRestarted', { room: message.room });
    state.lastSeq = 0;
  }
  state.epoch = epoch;
  const returning = state.me !== '';
  state.me = message.you;
  state.members = [...message.members];
  roomTitle.textContent = message.room;
  state.node = typeof message.node === 'string' ? message.node : '';
  renderNode();
  renderMembers();
  notice('welcome', returning ? 'chat.rejoined' : 'chat.joined', { room: message.room, name: message.you });
  if (message.gap && !restarted) {
    notice('gap', 'chat.gap');
  }
  for (const old of message.history) {
    if (old.seq > state.lastSeq) {
      showMessage(old);
      state.lastSeq = old.seq;
    }
  }
  state.lastSeq = Math.max(state.lastSeq, message.lastSeq);
  localStorage.setItem('showcase.chat.name', state.me);
  textInput.disabled = false;
}

onJsonMessages(connection, {
  welcome,
  message(message) {
    if (message.seq > state.lastSeq) {
      stopTyping(message.from);
      showMessage(message);
      state.lastSeq = message.seq;
    }
  },
  join(message) {
    if (!state.members.includes(message.name)) {
      state.members.push(message.name);
    }
    renderMembers();
    notice('join', 'chat.joinNotice', { name: message.name });
  },
  leave(message) {
    state.members = state.members.filter((name) => name !== message.name);
    stopTyping(message.name);
    renderMembers();
    notice('leave', 'chat.leaveNotice', { name: message.name });
  },
  rename(message) {
    state.members = state.members.map((name) => (name === message.from ? message.to : name));
    if (message.from === state.me) {
      state.me = message.to;
      localStorage.setItem('showcase.chat.name', state.me);
    }
    stopTyping(message.from);
    renderMembers();
    notice('rename', 'chat.renameNotice', { from: message.from, to: message.to });
  },
  private: showPrivate,
  typing(message) {
    if (message.name !== state.me) {
      typing(message.name);
    }
  },
  error(message) {
    if (message.field === 'name' && state.asked) {
      notice('error', 'chat.nameRefused', { name: state.asked }, message.reason);
      state.asked = '';
    } else {
      notice('error', 'chat.error', { code: message.code }, message.reason);
    }
  },
}, (problem) => panel.log('invalid', problem));

connection.addEventListener('close', () => {
  textInput.disabled = true;
  for (const name of [...state.typing.keys()]) {
    stopTyping(name);
  }
});

joinForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const room = roomInput.value.trim();
  if (!room) {
    roomInput.focus();
    return;
  }
  connection.disconnect();
  state.room = room;
  state.wanted = nameInput.value.trim();
  state.asked = state.wanted;
  state.me = '';
  state.epoch = '';
  state.lastSeq = 0;
  state.members = [];
  messages.replaceChildren();
  renderMembers();
  localStorage.setItem('showcase.chat.room', room);
  connection.connect();
});

/**
 * The panel's Connect: joins the room the form names, as Join does; back in the room already
 * joined, under the same nickname, it carries on where it left off (what was missed follows).
 */
function connectFromPanel() {
  const sameRoom = state.me !== '' && roomInput.value.trim() === state.room && nameInput.value.trim() === state.wanted;
  if (sameRoom) {
    connection.connect();
  } else {
    joinForm.requestSubmit();
  }
}

$('#send-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = textInput.value;
  if (!text.trim()) {
    return;
  }
  const to = toSelect.value;
  const sent = connection.send(JSON.stringify(to ? { type: 'private', to, text } : { type: 'message', text }));
  if (sent) {
    textInput.value = '';
    state.lastTypingSent = 0;
  } else {
    notice('error', 'chat.notConnected');
  }
  textInput.focus();
});

textInput.addEventListener('input', () => {
  const now = Date.now();
  if (textInput.value && now - state.lastTypingSent > TYPING_SEND_EVERY && connection.isOpen) {
    state.lastTypingSent = now;
    connection.send(JSON.stringify({ type: 'typing' }));
  }
});

$('#rename-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('#new-name').value.trim();
  if (name && connection.send(JSON.stringify({ type: 'rename', name }))) {
    state.asked = name;
    $('#new-name').value = '';
  }
});

memberList.addEventListener('click', (event) => {
  const button = event.target.closest('button.member');
  if (button && button.textContent !== state.me) {
    toSelect.value = button.textContent;
    textInput.focus();
  }
});

onLanguageChange(() => {
  renderMembers();
  renderTyping();
  renderNode();
});

textInput.disabled = true;
renderMembers();
if (params.has('room')) {
  joinForm.requestSubmit();
}
