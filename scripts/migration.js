// migration.js - live migration of a VM between two hosts, as Clark et al. measured it
// ("Live Migration of Virtual Machines", NSDI 2005): stop-and-copy against iterative
// pre-copy and post-copy (Hines and Gopalan, VEE 2009), with the downtime, the total time
// and the pages sent as the guest dirties its memory faster and faster; the writable
// working set round by round; and what post-copy costs the guest after it resumed.
//
// The VM runs samples/dc/server.s: a counter service on its network card, 1024 pages of
// memory written once at boot, and a working set of 256 pages of which it writes
// `dirty_pages` every millisecond. A client sends it 2000 requests a second. After 20 ms
// the VM moves from h0 to h1 over a 1 Gbit/s link (a 4 KiB page takes about 33 us).
// Stop-and-copy pauses the VM for the whole copy. Pre-copy copies while the VM runs, then
// again what it wrote meanwhile, until fewer than 64 pages were written in a round (or 30
// rounds have passed): the VM is paused only for the last few pages. When the guest
// writes faster than the link can send, the rounds stop shrinking and pre-copy gives up
// after its rounds, as Clark et al.'s "diminishing returns". Post-copy pauses the VM only
// for its vCPU and devices, resumes it on h1 with no memory there, and fetches each page
// on the guest's first touch (a remote fault: the vCPU waits a round trip) while h0
// pushes the rest; every page crosses once whatever the dirty rate, but the guest runs
// slower until the last one is there ("stall": the time its vCPU waited for pages).
// While the guest sweeps its working set slower than the link pushes, the push (going on
// from the page after each fault: pre-paging) stays ahead of it and it hardly ever waits;
// at 64 pages/ms it outruns the push and waits at nearly every page of its sweep.
// Last, the same moves under each technique that can migrate (under bt the translation
// cache moves with the vCPU), and pv's refusal.

const server = asm(sample('dc/server.s'));

function trial(method, dirtyPages, technique = 'hw') {
  const dc = cluster({ hosts: 2, host: { memory: '64M' }, network: { bandwidth: '1Gbit', latency: '100us' }, seed: 1 });
  const [h0, h1] = dc.hosts;
  const vm = h0.create({ name: 'web', memory: '8M', technique });
  vm.load(server, { params: { dirty_pages: dirtyPages } });
  dc.client({ to: vm, rate: 2000 });
  dc.run({ ms: 20 });
  const m = dc.migrate(vm, h1, { method, maxRounds: 30, stopWhenDirtyBelow: 64 });
  dc.run({ ms: 200 });
  if (!m.done) throw new Error(method + ' at ' + dirtyPages + ' pages/ms under ' + technique + ': ' + m.outcome);
  const check = dc.check();
  if (!check.exactlyOnce) throw new Error('a client saw a lost or duplicated update: ' + JSON.stringify(check));
  return { m, check, onH1: vm.nic.address === '10.0.0.1' && h1.vms[0] === vm };
}

const pad = (s, n) => String(s).padStart(n);
print('Downtime and total time against the dirty rate (8 MiB VM, 1 Gbit/s, 2000 requests/s)');
print('');
print(pad('dirty pages/ms', 14) + pad('method', 15) + pad('rounds', 8) + pad('pages sent', 12) +
      pad('downtime ms', 13) + pad('total ms', 10) + pad('client gap ms', 15) + pad('answered', 10) +
      pad('remote faults', 15) + pad('stall ms', 10));
let shown = null, post = null;
const methods = ['stop-and-copy', 'precopy', 'postcopy'];
const rates = [0, 4, 16, 64], downtime = {}, total = {};
for (const method of methods) { downtime[method] = []; total[method] = []; }
for (const dirty of rates) {
  for (const method of methods) {
    const { m, check, onH1 } = trial(method, dirty);
    if (!onH1) throw new Error('the VM handle did not follow the VM to h1');
    const p = m.postcopy;
    print(pad(dirty, 14) + pad(method, 15) + pad(m.rounds.length, 8) + pad(m.pagesSent, 12) +
          pad(m.downtime.toFixed(3), 13) + pad(m.totalTime.toFixed(3), 10) + pad(m.clientGap.toFixed(3), 15) +
          pad(check.answered, 10) + pad(p ? p.remoteFaults : '-', 15) + pad(p ? p.stall.toFixed(3) : '-', 10));
    downtime[method].push(m.downtime);
    total[method].push(m.totalTime);
    if (method === 'precopy' && dirty === 16) shown = m;
    if (method === 'postcopy' && dirty === 64) post = m;
  }
}
print('');
print('The writable working set across pre-copy rounds (16 pages/ms):');
print(shown.report);
print('Post-copy at 64 pages/ms: pushed pages against pages fetched on demand, and the waiting:');
print(post.report);

print('The same VM under each technique that can move (16 pages/ms):');
print('');
print(pad('technique', 10) + pad('method', 15) + pad('rounds', 8) + pad('pages sent', 12) + pad('downtime ms', 13) +
      pad('total ms', 10) + pad('client gap ms', 15) + pad('answered', 10) + pad('remote faults', 15));
for (const technique of ['hw', 'hw-shadow', 'trap', 'trap-vtlb', 'bt']) {
  for (const method of methods) {
    const { m, check, onH1 } = trial(method, 16, technique);
    if (!onH1) throw new Error('the VM handle did not follow the VM to h1');
    print(pad(technique, 10) + pad(method, 15) + pad(m.rounds.length, 8) + pad(m.pagesSent, 12) +
          pad(m.downtime.toFixed(3), 13) + pad(m.totalTime.toFixed(3), 10) + pad(m.clientGap.toFixed(3), 15) +
          pad(check.answered, 10) + pad(m.postcopy ? m.postcopy.remoteFaults : '-', 15));
  }
}
const dc = cluster({ hosts: 2, host: { memory: '64M' } });
const pv = dc.hosts[0].create({ name: 'pv', memory: '8M', technique: 'pv' });
try {
  dc.migrate(pv, dc.hosts[1]);
} catch (e) {
  print(pad('pv', 10) + '  refused: ' + e.message.replace(/^dc.migrate\(\): /, ''));
}
print('');
print('Every client request was answered exactly once, in order, in every run.');
plot({ title: 'Live migration of an 8 MiB VM over 1 Gbit/s (Clark et al.)', x: rates,
       series: { 'stop-and-copy downtime': downtime['stop-and-copy'], 'pre-copy downtime': downtime.precopy,
                 'pre-copy total time': total.precopy, 'post-copy downtime': downtime.postcopy,
                 'post-copy total time': total.postcopy },
       xLabel: 'pages dirtied per ms', yLabel: 'ms' }).save('migration.png');
print('plot saved: migration.png');
