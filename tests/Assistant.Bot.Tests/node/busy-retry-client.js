#!/usr/bin/env node
// The Web Chat page's answer to a 429 on a posted message (src/Assistant.Bot/wwwroot/webchat-busy.js) around the real
// client library (botframework-directlinejs, polling), against a host whose Direct Line limit refuses the first post.
// Usage: node busy-retry-client.js http://127.0.0.1:PORT "question"
// Prints one JSON line with what it saw; exits 0 on success, 1 on failure or timeout.
'use strict';

global.XMLHttpRequest = require('xhr2');
global.WebSocket = require('ws');
const path = require('path');
const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');
const busy = require(path.join(__dirname, '..', '..', '..', 'src', 'Assistant.Bot', 'wwwroot', 'webchat-busy.js'));

const base = (process.argv[2] || '').replace(/\/+$/, '');
const question = process.argv[3] || 'Tách thửa đất cần giấy tờ gì?';
if (!base) {
  console.error('usage: node busy-retry-client.js BASE_URL [question]');
  process.exit(2);
}

const events = [];

function fail(message) {
  console.error('busy-retry-client: ' + message + ' ' + JSON.stringify(events));
  process.exit(1);
}

const timer = setTimeout(() => fail('timed out after 40 s'), 40000);

(async () => {
  const response = await fetch(base + '/v3/directline/tokens/generate', { method: 'POST' });
  if (!response.ok) fail('token request failed: HTTP ' + response.status);
  const { token } = await response.json();

  const directLine = busy.retryPostsWhenBusy(
    new DirectLine({ token, domain: base + '/v3/directline', webSocket: false, pollingInterval: 200 }),
    seconds => events.push({ busy: seconds, at: Date.now() }),
    () => events.push({ calm: true, at: Date.now() }));
  directLine.connectionStatus$.subscribe(status => {
    if (status === ConnectionStatus.FailedToConnect || status === ConnectionStatus.ExpiredToken) {
      fail('connection status ' + ConnectionStatus[status]);
    }
  });

  let posted = false;
  let postedId = null;
  const seen = [];
  directLine.activity$.subscribe(activity => {
    seen.push(activity);
    if (!posted && activity.type === 'message' && activity.from && activity.from.role === 'bot') {
      posted = true;
      const sentAt = Date.now();
      directLine.postActivity({ type: 'message', from: { id: 'node-busy' }, text: question, locale: 'vi-VN' })
        .subscribe(id => { postedId = id; events.push({ posted: id, afterMs: Date.now() - sentAt }); },
          error => fail('postActivity failed: ' + (error && (error.status || error.message) || error)));
    }
    const reply = postedId && seen.find(a => a.type === 'message' && a.replyToId === postedId && a.from.role === 'bot');
    if (reply) {
      clearTimeout(timer);
      console.log(JSON.stringify({ ok: true, events, reply: reply.text }));
      directLine.end();
      process.exit(0);
    }
  }, error => fail('activity$ error: ' + (error && error.message || error)));
})().catch(error => fail(error && error.stack || String(error)));
