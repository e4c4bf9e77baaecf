// replication.js - primary/backup replication as Bressoud and Schneider built it
// ("Hypervisor-based Fault-tolerance", SOSP 1995): a backup VM on another host executes
// the same instructions as the primary, in lockstep through epochs; the primary's VMM
// holds every input (here, the packets that arrive) until an epoch ends or the guest waits,
// logs it for the backup, and lets a reply leave only after the backup has the log before
// it (output commit). Nobody tells either VMM that the other's host failed: each sends
// the other a heartbeat every 50 us and suspects it after 200 us of silence. A silent
// peer may be alive behind a partition, so the suspecting side asks a witness (a go-live
// test-and-set, as VMware FT keeps on shared storage) and only the first to ask goes on:
// the backup replays the rest of the log and takes over the VM's address, or the primary
// runs on unreplicated. The other stops for good.
//
// The VM runs samples/dc/server.s, a counter service, with one client sending 2000
// requests a second over 1 Gbit/s links with 100 us latency. First the cost: reply latency
// and log traffic against the epoch length, next to the same VM unreplicated. Then the
// point of it all: the primary's host fails at 1,000 seeded instants (a random instruction
// of its hart, or a random time, when its guest may be waiting with a reply held for the
// backup: a failure during output), and in every run each request is answered and counted
// exactly once. The backup takes over where its replay ends: it may have run ahead of the
// primary within an epoch (no input comes between two points of the log, so those
// instructions are the same). The same under hw-shadow, trap, trap-vtlb and bt (whose
// backup starts from a copy of the primary's translation cache, so both run the same
// translated code). Then the backup's host fails instead, and the primary goes on alone. Last, partitions: primary and backup cut apart (both still reach the witness and the
// client), the primary cut off from the backup and the witness (but not from the client),
// and the backup cut off: in each, one copy goes on, and no update is lost or counted twice.

const server = asm(sample('dc/server.s'));
const params = { resident_pages: 0, work: 5000 };   // 10,000 instructions a request

function setup(seed, ms, technique = 'hw') {
  const dc = cluster({ hosts: 2, host: { memory: '64M' }, network: { bandwidth: '1Gbit', latency: '100us' }, seed });
  const [h0, h1] = dc.hosts;
  const vm = h0.create({ name: 'web', memory: '8M', technique });
  vm.load(server, { params });
  const client = dc.client({ to: vm, rate: 2000, timeout: '2ms' });
  dc.run({ ms });
  return { dc, h0, h1, vm, client };
}

const pad = (s, n) => String(s).padStart(n);
print('The cost of replication (40 ms of service after the backup is in sync)');
print('');
print(pad('epoch', 8) + pad('entries', 9) + pad('log KB/s', 10) + pad('answered', 10) +
      pad('latency p50 ms', 16) + pad('p99 ms', 8) + pad('output wait ms', 16));
const epochs = [], logRate = [], p50 = [];
for (const epoch of [0, 1024, 4096, 16384, 65536]) {
  const { dc, h1, vm, client } = setup(1, 5);
  const ft = epoch ? dc.replicate(vm, h1, { epoch }) : null;
  dc.run({ ms: 5 });                              // the first copy
  const before = client.stats().answered, entries0 = ft ? ft.entries : 0, log0 = ft ? ft.logBytes : 0;
  const t0 = client.timeline().length;
  dc.run({ ms: 40 });
  const lat = client.timeline().slice(t0).map(r => r.latency).sort((a, b) => a - b);
  const q = p => lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))].toFixed(3) : '-';
  print(pad(epoch || 'none', 8) + pad(ft ? ft.entries - entries0 : '-', 9) +
        pad(ft ? ((ft.logBytes - log0) / 40).toFixed(1) : '-', 10) + pad(client.stats().answered - before, 10) +
        pad(q(0.5), 16) + pad(q(0.99), 8) + pad(ft ? ft.outputDelay.toFixed(3) : '-', 16));
  if (ft) {
    epochs.push(epoch);
    logRate.push((ft.logBytes - log0) / 40);
    p50.push(Number(q(0.5)) * 1000);
  }
}
plot({ title: 'Primary/backup replication: the cost of an epoch length', x: epochs,
       series: { 'log KB/s': logRate, 'median reply latency (us)': p50 },
       xLabel: 'epoch (guest instructions)', yLabel: 'KB/s, us' }).save('replication.png');

print('');
print('Failover at 1,000 seeded instants (epoch 4096)');
print('');
print(pad('run', 4) + pad('h0 fails at', 17) + pad('backup insn', 13) + pad('held', 6) + pad('answered', 10) +
      pad('lost', 6) + pad('duplicated', 12) + pad('dup replies', 13));
// Each run is as short as the check allows: 2 ms of service, the first copy, then the
// primary's host fails: in even runs at a seeded instruction of its hart within the next
// 20,000, in odd runs at a seeded time within the next 2 ms (the guest may be waiting then,
// its reply held for the backup: a failure during output). The run goes on until the backup
// has taken over and answered every request the client had made before the failure, and
// one more (so the counter is seen to go on from the right value).
const RUNS = 1000;
let totalAnswered = 0, bad = 0, duringOutput = 0, resent = 0;
const served = [];
for (let run = 0; run < RUNS; run++) {
  const { dc, h0, h1, vm, client } = setup(100 + run, 2);
  const ft = dc.replicate(vm, h1, { epoch: 4096 });
  dc.run({ ms: 2 });                              // the backup gets its first copy
  let at;
  if (run % 2 === 0) {
    at = 'insn ' + h0.fail({ within: 20000 });    // a seeded instruction of the primary's hart
    while (!h0.failed) dc.run({ us: 100 });
  } else {
    dc.run({ us: Math.floor(Math.random() * 2000) });   // Math.random is seeded
    h0.fail();
    at = dc.time.toFixed(3) + ' ms';
  }
  const failedAt = dc.time, s = client.stats(), need = s.answered + s.unanswered + 1;
  while (!(ft.phase === 'done' && client.stats().answered >= need) && dc.time - failedAt < 30) dc.run({ us: 100 });
  served.push(dc.time - failedAt);
  const c = dc.check();
  const ok = ft.phase === 'done' && c.exactlyOnce && client.stats().answered >= need;
  if (!ok) bad++;
  if (ft.heldAtFailure > 0) duringOutput++;
  resent += ft.resent;
  totalAnswered += c.answered;
  if (run < 8 || !ok)
    print(pad(run, 4) + pad(at, 17) + pad(ft.failoverInsn, 13) + pad(ft.heldAtFailure, 6) + pad(c.answered, 10) +
          pad(c.lostUpdates, 6) + pad(c.duplicatedUpdates, 12) + pad(c.duplicateReplies, 13));
}
print('...');
served.sort((a, b) => a - b);
print(`${RUNS} failovers, ${totalAnswered} requests answered, ${bad} runs with a lost or duplicated update or an unanswered request.`);
print(`${duringOutput} failed during output (replies held for the backup died with the primary; the backup's replay answered them);`);
print(`${resent} replies sent again by a backup taking over, dropped by the client as duplicates.`);
print(`Every request made before the failure, and the next, answered ${served[Math.floor(RUNS / 2)].toFixed(1)} ms (median), ` +
      `${served[RUNS - 1].toFixed(1)} ms (worst) after it.`);

print('');
print('Failover under the other techniques that replicate (40 seeded instants each, epoch 4096)');
print('');
print(pad('technique', 10) + pad('failovers', 11) + pad('during output', 15) + pad('answered', 10) + pad('lost', 6) +
      pad('duplicated', 12) + pad('bad runs', 10));
for (const technique of ['hw-shadow', 'trap', 'trap-vtlb', 'bt']) {
  let done = 0, during = 0, answered = 0, lost = 0, dup = 0, badRuns = 0;
  for (let run = 0; run < 40; run++) {
    const { dc, h0, h1, vm, client } = setup(400 + run, 2, technique);
    const ft = dc.replicate(vm, h1, { epoch: 4096 });
    dc.run({ ms: 2 });
    if (run % 2 === 0) {
      h0.fail({ within: 20000 });
      while (!h0.failed) dc.run({ us: 100 });
    } else {
      dc.run({ us: Math.floor(Math.random() * 2000) });
      h0.fail();
    }
    const failedAt = dc.time, s = client.stats(), need = s.answered + s.unanswered + 1;
    while (!(ft.phase === 'done' && client.stats().answered >= need) && dc.time - failedAt < 30) dc.run({ us: 100 });
    const c = dc.check();
    if (ft.phase === 'done') done++;
    if (ft.heldAtFailure > 0) during++;
    answered += c.answered;
    lost += c.lostUpdates;
    dup += c.duplicatedUpdates;
    if (ft.phase !== 'done' || client.stats().answered < need || !c.exactlyOnce) badRuns++;
  }
  print(pad(technique, 10) + pad(done, 11) + pad(during, 15) + pad(answered, 10) + pad(lost, 6) + pad(dup, 12) + pad(badRuns, 10));
}

print('');
print("The backup's host fails at 10 seeded instants instead (epoch 4096)");
print('');
print(pad('run', 4) + pad('h1 fails at', 15) + pad('phase', 14) + pad('answered', 10) + pad('lost', 6) + pad('duplicated', 12));
let backupBad = 0;
for (let run = 0; run < 10; run++) {
  const { dc, h0, h1, vm, client } = setup(300 + run, 2);
  const ft = dc.replicate(vm, h1, { epoch: 4096 });
  dc.run({ ms: 2 });
  const at = h1.fail({ within: 20000 });
  dc.run({ ms: 5 });
  const c = dc.check();
  if (ft.phase !== 'backup-lost' || !c.exactlyOnce || h0.vms.length !== 1) backupBad++;
  print(pad(run, 4) + pad(at, 15) + pad(ft.phase, 14) + pad(c.answered, 10) + pad(c.lostUpdates, 6) + pad(c.duplicatedUpdates, 12));
}
print(`${backupBad} runs where the primary did not go on alone, or lost or duplicated an update.`);

print('');
print('Partitions for 10 ms at seeded instants, then healed (epoch 4096)');
print('');
print(pad('cut', 22) + pad('run', 4) + pad('goes on', 9) + pad('suspected after', 17) + pad('copies left', 13) +
      pad('answered', 10) + pad('lost', 6) + pad('duplicated', 12) + pad('dup replies', 13));
const cuts = [['h0 | h1', d => [[d.h0], [d.h1]]], ['h0 | h1, witness', d => [[d.h0], [d.h1, 'witness']]],
              ['h1 | h0, witness', d => [[d.h1], [d.h0, 'witness']]]];
let splitBrains = 0;
for (const [name, sides] of cuts) {
  for (let run = 0; run < 4; run++) {
    const d = setup(200 + run, 5);
    const ft = d.dc.replicate(d.vm, d.h1, { epoch: 4096 });
    d.dc.run({ ms: 5 + run * 0.37 });
    const cutAt = d.dc.time;
    const [a, b] = sides(d);
    d.dc.network.partition(a, b);
    d.dc.run({ ms: 10 });
    d.dc.network.heal();
    d.dc.run({ ms: 20 });
    const c = d.dc.check(), copies = d.h0.vms.length + d.h1.vms.length;
    if (copies !== 1 || !c.exactlyOnce) splitBrains++;
    print(pad(name, 22) + pad(run, 4) + pad(ft.phase === 'done' ? 'backup' : 'primary', 9) +
          pad((ft.suspectedAt - cutAt).toFixed(3) + ' ms', 17) + pad(copies, 13) + pad(c.answered, 10) +
          pad(c.lostUpdates, 6) + pad(c.duplicatedUpdates, 12) + pad(c.duplicateReplies, 13));
  }
}
print(`${splitBrains} runs with two live copies or a lost or duplicated update.`);
print('plot saved: replication.png');
