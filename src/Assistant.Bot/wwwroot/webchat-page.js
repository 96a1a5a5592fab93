// The citizens' Web Chat page (index.html): gets a Direct Line token from this host, then renders Web Chat.
// A file, not an inline script, so that the Content-Security-Policy can forbid inline script.
// When the host answers 429 (rate limit), the page says "Hệ thống đang bận, xin chờ N giây…" and tries again after
// Retry-After, for the token request and (with webchat-busy.js) for posted messages.
(function () {
  'use strict';

  var busyRetries = window.AssistantBusy;

  function showStatus(title, detail, code) {
    var status = document.getElementById('status');
    status.textContent = '';
    var strong = document.createElement('strong');
    strong.textContent = title;
    status.appendChild(strong);
    status.appendChild(document.createElement('br'));
    status.appendChild(document.createTextNode(detail));
    if (code) {
      var element = document.createElement('code');
      element.textContent = code;
      status.appendChild(element);
      status.appendChild(document.createTextNode(' rồi tải lại trang.'));
    }
    status.style.display = 'block';
    document.querySelector('main').style.display = 'none';
  }

  var busyTimer = null;

  // "Hệ thống đang bận, xin chờ N giây…", counting down; cleared by hideBusy.
  function showBusy(seconds) {
    var busy = document.getElementById('busy');
    var left = seconds;
    function render() {
      busy.textContent = 'Hệ thống đang bận, xin chờ ' + left + ' giây…';
    }
    window.clearInterval(busyTimer);
    render();
    busy.style.display = 'block';
    busyTimer = window.setInterval(function () {
      left = Math.max(0, left - 1);
      render();
    }, 1000);
  }

  function hideBusy() {
    window.clearInterval(busyTimer);
    var busy = document.getElementById('busy');
    busy.style.display = 'none';
    busy.textContent = '';
  }

  function wait(seconds) {
    return new Promise(function (resolve) { window.setTimeout(resolve, seconds * 1000); });
  }

  function fetchToken(attempt) {
    return fetch('/v3/directline/tokens/generate', { method: 'POST' }).then(function (response) {
      if (response.status === 429 && attempt < busyRetries.MAX_RETRIES) {
        var seconds = busyRetries.retryAfterSeconds(response.headers.get('Retry-After'));
        showBusy(seconds);
        return wait(seconds).then(function () { return fetchToken(attempt + 1); });
      }
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      hideBusy();
      return response.json();
    });
  }

  if (!window.WebChat) {
    showStatus('Chưa cài đặt giao diện trò chuyện (Web Chat).',
      'Không tìm thấy tệp /webchat/webchat.js. Quản trị viên cần chạy ', 'scripts/install-webchat.sh');
    return;
  }

  // ?q=... sends a first question as soon as the conversation is connected.
  var firstQuestion = (new URLSearchParams(window.location.search).get('q') || '').trim();
  var firstSent = false;

  var store = window.WebChat.createStore({}, function (api) {
    return function (next) {
      return function (action) {
        if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && firstQuestion && !firstSent) {
          firstSent = true;
          setTimeout(function () {
            api.dispatch({ type: 'WEB_CHAT/SEND_MESSAGE', payload: { text: firstQuestion } });
          }, 0);
        }
        return next(action);
      };
    };
  });

  fetchToken(0)
    .then(function (body) {
      var directLine = busyRetries.retryPostsWhenBusy(window.WebChat.createDirectLine({
        token: body.token,
        domain: window.location.origin + '/v3/directline',
        webSocket: false
      }), showBusy, hideBusy);
      window.WebChat.renderWebChat({
        directLine: directLine,
        store: store,
        locale: 'vi-VN',
        userID: 'dl_' + Math.random().toString(36).slice(2, 12),
        username: 'Người dân',
        overrideLocalizedStrings: {
          TEXT_INPUT_PLACEHOLDER: 'Nhập câu hỏi, ví dụ: tách thửa đất cần giấy tờ gì?'
        },
        styleOptions: {
          hideUploadButton: true,
          botAvatarInitials: 'ĐĐ',
          userAvatarInitials: 'Bạn',
          accent: '#8a1c1c',
          bubbleMaxWidth: 640,
          primaryFont: '"Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif'
        }
      }, document.getElementById('webchat'));
      var input = document.querySelector('#webchat input, #webchat textarea');
      if (input) { input.focus(); }
    })
    .catch(function (error) {
      hideBusy();
      showStatus('Không kết nối được với trợ lý.',
        'Vui lòng thử lại sau ít phút. (' + String(error && error.message || error) + ')');
    });
})();
