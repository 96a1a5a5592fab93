'use strict';
// Preloaded into the Agents Playground (NODE_OPTIONS=--require ./loopback-guard.js) by AgentsPlaygroundTests:
// - every server listen() is pinned to 127.0.0.1 (the Playground listens on all interfaces otherwise);
// - every outgoing TCP connection and DNS lookup to anything but loopback fails at once (it probes its telemetry
//   host, the Azure metadata address 169.254.169.254 and others even with --disable-telemetry).
// Blocked attempts are reported once per host on stderr as "loopback-guard: blocked ...".
const net = require('net');
const dns = require('dns');

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '::ffff:127.0.0.1']);
const reported = new Set();

function isLoopback(host) {
  return host === undefined || host === null || host === '' || LOOPBACK.has(String(host).toLowerCase());
}

function report(what, host) {
  const key = what + ' ' + host;
  if (!reported.has(key)) {
    reported.add(key);
    process.stderr.write(`loopback-guard: blocked ${what} ${host}\n`);
  }
}

function blockedError(host, syscall) {
  const error = new Error(`loopback-guard: ${syscall} to ${host} blocked (test runs offline, loopback only)`);
  error.code = 'ECONNREFUSED';
  error.syscall = syscall;
  error.hostname = host;
  return error;
}

// --- listen(): always 127.0.0.1 ------------------------------------------------------------------------------
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function guardedListen(...args) {
  const callback = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
  const first = args[0];
  let options;
  if (first === undefined || first === null || typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    options = { port: first === undefined || first === null ? 0 : Number(first) };
    if (typeof args[2] === 'number') {
      options.backlog = args[2];
    }
  } else if (typeof first === 'object' && !Array.isArray(first) && first.path === undefined && first.handle === undefined
             && first._handle === undefined && first.fd === undefined) {
    options = { ...first };
  }

  if (options === undefined) {
    // A unix socket path or an inherited handle: nothing to pin.
    return originalListen.call(this, ...args, ...(callback ? [callback] : []));
  }

  options.host = '127.0.0.1';
  delete options.ipv6Only;
  return callback ? originalListen.call(this, options, callback) : originalListen.call(this, options);
};

// --- connect(): loopback only -----------------------------------------------------------------------------------
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  let options = args[0];
  if (Array.isArray(options)) {
    options = options[0]; // net.connect() passes its normalized [options, callback]
  }

  let host;
  let isPath = false;
  if (options !== null && typeof options === 'object') {
    isPath = options.path !== undefined;
    host = options.host;
  } else if (typeof options === 'string' && !/^\d+$/.test(options)) {
    isPath = true; // connect(path)
  } else {
    host = typeof args[1] === 'string' ? args[1] : undefined;
  }

  if (!isPath && !isLoopback(host)) {
    report('connection to', host);
    const socket = this;
    process.nextTick(() => socket.destroy(blockedError(host, 'connect')));
    return socket;
  }

  return originalConnect.apply(this, args);
};

// --- DNS: loopback names only -------------------------------------------------------------------------------------
const originalLookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, options, callback) {
  if (!isLoopback(hostname) && net.isIP(String(hostname)) === 0) {
    const cb = typeof options === 'function' ? options : callback;
    report('DNS lookup of', hostname);
    process.nextTick(() => cb(blockedError(hostname, 'getaddrinfo')));
    return {};
  }

  return originalLookup.apply(this, arguments);
};

const originalPromiseLookup = dns.promises.lookup;
dns.promises.lookup = function guardedPromiseLookup(hostname, ...rest) {
  if (!isLoopback(hostname) && net.isIP(String(hostname)) === 0) {
    report('DNS lookup of', hostname);
    return Promise.reject(blockedError(hostname, 'getaddrinfo'));
  }

  return originalPromiseLookup.call(this, hostname, ...rest);
};

for (const name of ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveTxt', 'resolveSrv']) {
  if (typeof dns[name] === 'function') {
    dns[name] = function guardedResolve(hostname, ...rest) {
      const cb = rest.find((r) => typeof r === 'function');
      report('DNS query for', hostname);
      if (cb) {
        process.nextTick(() => cb(blockedError(hostname, 'query')));
      }
    };
  }
}
