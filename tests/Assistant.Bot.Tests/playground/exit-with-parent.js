'use strict';
// Preloaded into the Agents Playground by AgentsPlaygroundTests (NODE_OPTIONS=--require ./exit-with-parent.js):
// the test keeps the child's stdin open as a pipe; when the test process goes away (even killed, so it never got to
// kill this process tree) the pipe closes and the Playground exits instead of lingering on its port.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
