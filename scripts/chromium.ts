/**
 * Debian's headless Chromium as every browser run here starts it (karma.conf.js, the demo
 * page spec, bench:browser): the binary the provisioning step installs, and the flags that work
 * on this machine kind (no sandbox as root, no GPU, nothing phoning home, no throttling of a
 * page that is never on screen).
 */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
];
