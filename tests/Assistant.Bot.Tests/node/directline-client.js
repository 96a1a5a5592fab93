#!/usr/bin/env node
// Talks to the bot's own Direct Line endpoint with the real client library (botframework-directlinejs, polling),
// as Web Chat does. Usage: node directline-client.js http://127.0.0.1:PORT "question"
// Prints one JSON line with what it saw; exits 0 on success, 1 on failure or timeout.
'use strict';

// directlinejs expects browser globals (see shared NOTES): set them before loading it.
global.XMLHttpRequest = require('xhr2');
global.WebSocket = require('ws');
const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');

const base = (process.argv[2] || '').replace(/\/+$/, '');
const question = process.argv[3] || 'Tách thửa đất cần giấy tờ gì?';
if (!base) {
  console.error('usage: node directline-client.js BASE_URL [question]');
  process.exit(2);
}

function fail(message) {
  console.error('directline-client: ' + message);
  process.exit(1);
}

const timer = setTimeout(() => fail('timed out after 30 s'), 30000);

(async () => {
  const response = await fetch(base + '/v3/directline/tokens/generate', { method: 'POST' });
  if (!response.ok) fail('token request failed: HTTP ' + response.status);
  const { token, conversationId } = await response.json();

  const directLine = new DirectLine({ token, domain: base + '/v3/directline', webSocket: false, pollingInterval: 200 });
  const statuses = [];
  const seen = [];
  let postedId = null;
  let welcome = null;
  const userId = 'node-user-' + Math.random().toString(36).slice(2, 8);

  directLine.connectionStatus$.subscribe(status => {
    statuses.push(ConnectionStatus[status]);
    if (status === ConnectionStatus.FailedToConnect || status === ConnectionStatus.ExpiredToken) {
      fail('connection status ' + ConnectionStatus[status]);
    }
  });

  directLine.activity$.subscribe(activity => {
    seen.push(activity);
    if (!welcome && activity.type === 'message' && activity.from && activity.from.role === 'bot' && !activity.replyToId) {
      welcome = activity.text;
      directLine.postActivity({ type: 'message', from: { id: userId, name: 'Node' }, text: question, locale: 'vi-VN' })
        .subscribe(id => { postedId = id; }, error => fail('postActivity failed: ' + (error && error.message || error)));
    }
    const reply = postedId && seen.find(a => a.type === 'message' && a.replyToId === postedId && a.from.role === 'bot');
    const echo = postedId && seen.find(a => a.id === postedId);
    if (reply && echo) {
      clearTimeout(timer);
      const watermarks = directLine.watermark;
      console.log(JSON.stringify({
        ok: true,
        conversationId,
        sameConversation: directLine.conversationId === conversationId,
        statuses,
        welcome,
        postedId,
        echo: { id: echo.id, role: echo.from.role, fromId: echo.from.id, text: echo.text, hasTimestamp: !!echo.timestamp },
        reply: {
          text: reply.text,
          textFormat: reply.textFormat,
          attachmentTypes: (reply.attachments || []).map(a => a.contentType),
          suggestedActions: ((reply.suggestedActions || {}).actions || []).map(a => a.value),
        },
        userIdSent: userId,
        watermark: watermarks,
        watermarkType: typeof watermarks,
      }));
      directLine.end();
      process.exit(0);
    }
  }, error => fail('activity$ error: ' + (error && error.message || error)));
})().catch(error => fail(error && error.stack || String(error)));
