// What the Web Chat page does when this host answers 429 (rate limit): read Retry-After, tell the citizen to wait, try
// again. Loaded by index.html before webchat-page.js (window.AssistantBusy), and by the node test of the retry
// (tests/Assistant.Bot.Tests/node/busy-retry-client.js) with require().
(function (root) {
  'use strict';

  var MAX_RETRIES = 5;

  // Retry-After in seconds (this host sends seconds); 5 s when absent or unreadable, at most 10 minutes.
  function retryAfterSeconds(value) {
    var seconds = parseInt(value, 10);
    return isNaN(seconds) || seconds < 1 ? 5 : Math.min(seconds, 600);
  }

  // botframework-directlinejs 0.15.x answers a 429 with Observable.timer(Retry-After read as milliseconds) and then
  // rethrows it, but never imports RxJS's timer (rxjs/add/observable/timer): in Web Chat's bundle as in node the call
  // throws a TypeError, the status is lost, and a refused post comes back as a success with the id "retry" (Web Chat then
  // waits for an echo that never comes and marks the message failed). Supplying timer restores the library's own path,
  // so that a refused post fails with its 429.
  function supplyTimer(Observable) {
    if (typeof Observable.timer === 'function') {
      return;
    }
    Observable.timer = function (due) {
      return new Observable(function (subscriber) {
        var handle = setTimeout(function () {
          subscriber.next(0);
          subscriber.complete();
        }, due);
        return function () { clearTimeout(handle); };
      });
    };
  }

  // The post's observable is often a subclass (a Subject's); directlinejs calls the statics of RxJS's Observable itself,
  // the root of the chain.
  function rootClass(type) {
    while (type && type.prototype) {
      var parent = Object.getPrototypeOf(type.prototype);
      if (!parent || parent === Object.prototype) {
        return type;
      }
      type = parent.constructor;
    }
    return null;
  }

  // A post refused with 429 is tried again after Retry-After seconds, up to five times; onBusy(seconds) before each
  // wait, onCalm() when a retry is sent or the post is given up. The observable is directlinejs's own (RxJS 5 with its
  // operators patched in); with anything else the post is left as it is.
  function retryPostsWhenBusy(directLine, onBusy, onCalm) {
    var post = directLine.postActivity.bind(directLine);
    directLine.postActivity = function (activity) {
      var source = post(activity);
      var Observable = source && rootClass(source.constructor);
      if (!Observable || typeof source.retryWhen !== 'function' || typeof Observable.prototype.mergeMap !== 'function'
        || typeof Observable.throw !== 'function') {
        return source;
      }
      supplyTimer(Observable);
      var attempts = 0;
      return source.retryWhen(function (errors) {
        return errors.mergeMap(function (error) {
          if (error && error.status === 429 && attempts < MAX_RETRIES) {
            attempts += 1;
            var header = error.xhr && error.xhr.getResponseHeader ? error.xhr.getResponseHeader('Retry-After') : null;
            var seconds = retryAfterSeconds(header);
            onBusy(seconds);
            return Observable.timer(seconds * 1000).map(function (tick) { onCalm(); return tick; });
          }
          onCalm();
          return Observable.throw(error);
        });
      });
    };
    return directLine;
  }

  var api = { MAX_RETRIES: MAX_RETRIES, retryAfterSeconds: retryAfterSeconds, retryPostsWhenBusy: retryPostsWhenBusy };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.AssistantBusy = api;
  }
})(this);
