// disco.js - Disco's NUMA page placement (Bugnion, Devine, Govil and Rosenblum, "Disco:
// Running Commodity Operating Systems on Scalable Multiprocessors", SOSP 1997; the policy of
// Verghese, Devine, Gupta and Rosenblum, ASPLOS 1996).
//
// A host of four NUMA nodes; a TLB miss stands for the cache misses of its page (Disco's
// counters counted cache misses; vmsh has no cache) and costs 100 cycles on a page of the
// vCPU's own node, 400 on another's. samples/hv/disco.s runs on four vCPUs, one per node:
// hart 0 initializes all the data, as an operating system that sets memory up on one CPU
// does, then every hart reads and writes its own 64 pages and reads a 64-page table they
// all share, 1000 times.
//
// 1. Placement: first touch leaves everything on node 0, so three harts of four miss
//    remotely; round robin spreads the pages and three misses of four are still remote;
//    Disco's policy migrates each hart's pages to its node and replicates the shared table
//    on every node, once their miss counters show it.
// 2. Coherence: with rewrite, hart 0 writes the table after the others have read it; its
//    first store to each replicated page collapses the copies, and every hart reads the
//    new words (the checksum is the one first touch gives).
// 4. Memory pressure: replicas are spare copies, so they are the first frames reclamation
//    takes back. On a 16 MiB host the Disco VM's table is replicated (192 frames), then a
//    memory hog touches 3420 pages: the copies of 39 pages go, enough to bring free memory
//    back to the high threshold, and no guest page is swapped or ballooned; no byte is lost
//    (the checksum is the one of a host with room to spare); the policy makes new copies
//    only with memory to spare, copies included (after the hog is done).
// 3. Copy-on-write disks: VMs whose disks are overlays of one base image read the same
//    blocks (samples/hv/disk.s through the paravirtual block device); each block is one
//    shared frame of host memory however many VMs read it, and a VM's write goes to its own
//    overlay.

const guest = asm(sample('hv/disco.s'));

function run(placement, params) {
  hv.configure({ memory: '64M', numa: { nodes: 4, local: 100, remote: 400 } });
  const vm = hv.create({ name: 'db', memory: '4M', technique: 'hw', vcpus: 4, placement });
  vm.load(guest, { params: Object.assign({ harts: 4, rounds: 1000 }, params) });
  vm.run({ insns: 1e8 });
  if (vm.exitCode !== 0) throw new Error(vm.message + '\n' + vm.console.text);
  return vm;
}

print('1. Four vCPUs on four nodes, hart 0 initializes the data; 1000 rounds');
const rows = [];
let base, discoNodes;
for (const placement of ['first-touch', 'round-robin', 'disco']) {
  const vm = run(placement, {});
  const s = vm.stats(), n = s.numa;
  if (placement === 'first-touch') base = s.cycles;
  if (placement === 'disco') discoNodes = hv.numa;
  rows.push({ placement, 'local misses': n.localMisses, 'remote misses': n.remoteMisses,
              remote: (100 * n.remoteFraction).toFixed(1) + '%', migrations: n.migrations,
              replications: n.replications, 'NUMA cycles': n.cycles, cycles: s.cycles,
              'vs first-touch': (s.cycles / base).toFixed(2) + 'x' });
}
print(table(rows));
print();
print('Disco, per node (the vCPU of node n is hart n):');
print(table(discoNodes));
print();

print('2. Hart 0 rewrites the replicated table; every hart reads it again');
const coherence = [];
for (const placement of ['first-touch', 'disco']) {
  const vm = run(placement, { rewrite: 1 });
  const n = vm.stats().numa;
  coherence.push({ placement, replications: n.replications, collapses: n.collapses,
                   output: vm.console.text.trim() });
}
print(table(coherence));
print();

print("3. Copy-on-write disks: VMs over one 512-block base image, each reading the same 256 blocks;");
print('   the last one changes block 5 and writes it back (into its own overlay)');
const disk = asm(sample('hv/disk.s'));
const sharing = [];
for (const n of [1, 2, 4, 8]) {
  hv.configure({ memory: '128M' });
  hv.createDisk({ name: 'base', blocks: 512 });
  const vms = [];
  for (let i = 0; i < n; i++) {
    const vm = hv.create({ name: 'v' + i, memory: '4M', disk: 'base' });
    vm.load(disk, { params: { blocks: 256, write_block: i === n - 1 && n > 1 ? 5 : -1 } });
    vms.push(vm);
  }
  hv.run({ cycles: 1e10 });
  const m = hv.memory, outputs = new Set(vms.map(v => v.console.text.trim()));
  sharing.push({ VMs: n, 'blocks read': vms.reduce((s, v) => s + v.disk.reads, 0),
                 'shared reads': vms.reduce((s, v) => s + v.disk.sharedReads, 0),
                 'overlay blocks': vms.reduce((s, v) => s + v.disk.overlay, 0),
                 'shared frames': m.sharedFrames, 'saved MiB': (m.saved / 256).toFixed(1),
                 'distinct outputs': outputs.size });
}
print(table(sharing));
print("A block one VM read is the frame every other VM's read maps (Disco's disk sharing); the writer's");
print('page breaks its sharing and its block goes to its overlay, so its checksum alone differs.');
print();

print('4. Memory pressure on a 16 MiB host: a hog touches 3420 pages while the Disco VM runs');
function pressured(placement, memory) {
  hv.configure({ memory, numa: { nodes: 4, local: 100, remote: 400 } });
  const db = hv.create({ name: 'db', memory: '4M', technique: 'hw', vcpus: 4, placement });
  db.load(guest, { params: { harts: 4, rounds: 300, rewrite: 1 } });
  return db;
}
const roomy = pressured('first-touch', '64M');
roomy.run({ insns: 1e8 });
const roomyOutput = roomy.console.text;
const db = pressured('disco', '16M');
while (hv.memory.replicas < 192 && db.state === 'ready') db.run({ insns: 1e5 });
const hog = hv.create({ name: 'hog', memory: '16M' });
hog.load(asm(sample('esx/toucher.s')), { params: { mem_size: 16 << 20, ws_pages: 3420, passes: 3 } });
const steps = [];
let last = '';
for (let ms = 0; db.state === 'ready' || hog.state === 'ready'; ms += 0.02) {
  const m = hv.memory, n = db.stats().numa;
  const row = { 'host ms': ms.toFixed(2), free: m.free, state: m.state, replicas: m.replicas,
                collapses: n.collapses, swapped: m.swapped, ballooned: m.ballooned };
  const key = JSON.stringify(Object.assign({}, row, { 'host ms': 0 }));
  if (key !== last) steps.push(row);
  last = key;
  hv.run({ cycles: 2e4 });
}
print(table(steps));
print('db:  ' + db.console.text.trim() + (db.console.text === roomyOutput ? ' (as on a roomy host)' : ' (DIFFERS from a roomy host)'));
print('hog: ' + hog.console.text.trim().split('\n').pop());
