// superpages.js - superpages in the guest and in the host (Navarro, Iyer, Druschel and Cox,
// "Practical, Transparent Operating System Support for Superpages", OSDI 2002), and what
// they cost VMware ESX's memory mechanisms.
//
// 1. TLB reach. samples/hv/superpages.s maps a 16 MiB window with 4 KiB pages or 4 MiB
//    megapages and reads one word of each page, 40 rounds. A TLB entry is as large as the
//    smaller page of the two stages, so the window fits the TLB only when both the guest and
//    the host (the G-stage, or the shadow table) use megapages. The host backs a VM with
//    superpages when it is created with superpages: 'reserve': the first touch of a 4 MiB
//    region reserves an aligned extent of host frames, and the region is promoted to one
//    megapage once all its pages are in place. Host megapages alone already shorten the
//    nested walk (fewer G-stage references per guest reference).
// 2. What superpages cost ESX. Four identical VMs: the sharing scanner passes promoted pages
//    by while the host has memory to spare (sharing one page would demote 4 MiB), unless
//    told to share them (superpageSharing: 'always'), which saves the memory and demotes
//    every superpage. And a ballooned VM: each region its balloon takes a page of is demoted.

const guest = asm(sample('hv/superpages.s'));
const pageName = mega => (mega ? '4 MiB' : '4 KiB');

print('1. A TLB-heavy guest: 4096 pages (16 MiB) read page after page, 40 rounds');
const rows = [];
let base = {};
for (const technique of ['hw', 'trap']) {
  for (const guestMega of [0, 1]) {
    for (const superpages of ['off', 'reserve']) {
      hv.configure({ memory: '128M' });
      const vm = hv.create({ name: 'tlb', memory: '24M', technique, superpages });
      vm.load(guest, { params: { guest_mega: guestMega, rounds: 40 } });
      vm.run({ insns: 1e7 });
      if (vm.exitCode !== 0) throw new Error(vm.message + '\n' + vm.console.text);
      const s = vm.stats(), t = s.tlb;
      if (!guestMega && superpages === 'off') base[technique] = s.cycles;
      rows.push({ technique, guest: pageName(guestMega), host: pageName(superpages === 'reserve'),
                  insns: s.insns, 'TLB misses': t.misses, 'refs/miss': t.refsPerMiss, megapages: t.megapages,
                  cycles: s.cycles, speedup: (base[technique] / s.cycles).toFixed(2) + 'x' });
    }
  }
}
print(table(rows));
print('(misses left with megapages on both sides are the first touches: a fault, then the retry)');
print();

print('2a. Content sharing: four identical VMs, one full scan');
const share = [];
for (const [setup, superpages, superpageSharing] of [['4 KiB pages', 'off', 'when-short'],
    ['superpages, memory to spare (ESX)', 'reserve', 'when-short'], ['superpages, always shared', 'reserve', 'always']]) {
  hv.configure({ memory: '128M', superpageSharing });
  const vms = [0, 1, 2, 3].map(i => hv.create({ name: 'v' + i, memory: '24M', technique: 'hw', superpages }));
  vms.forEach(v => v.load(guest, { params: { rounds: 1 } }));
  hv.run({ cycles: 1e9 });
  hv.sharing.scan();
  const m = hv.memory;
  const sum = k => vms.reduce((n, v) => n + v.stats().tlb[k], 0);
  share.push({ setup, shared: m.shared, zero: m.zero, 'saved MiB': (m.saved / 256).toFixed(1),
               promotions: sum('promotions'), demotions: sum('demotions'), 'megapages left': sum('megapages') });
}
print(table(share));
print("ESX passes large pages by until free memory falls below the soft threshold (superpageSharing:");
print("'when-short', the default); sharing them saves the memory and gives up the TLB reach.");
print();

print('2b. Ballooning a VM (samples/esx/toucher.s: 3072 working-set pages, 4096 clean cache pages), 3e8 cycles after');
const toucher = asm(sample('esx/toucher.s'));
const squeeze = [];
for (const superpages of ['off', 'reserve']) {
  for (const target of [0, '2M', '8M']) {
    hv.configure({ memory: '128M' });
    const vm = hv.create({ name: 't', memory: '32M', technique: 'hw', superpages });
    vm.load(toucher, { params: { mem_size: 32 << 20, ws_pages: 3072, cache_pages: 4096, passes: 0 } });
    hv.run({ cycles: 1e8 });
    const before = vm.stats();
    vm.balloon.target = target;
    hv.run({ cycles: 3e8 });
    const s = vm.stats(), t = s.tlb;
    squeeze.push({ host: pageName(superpages === 'reserve'), balloon: target || '0', ballooned: vm.memory.ballooned,
                   demotions: t.demotions, 'megapages left': t.megapages, 'TLB misses': t.misses - before.tlb.misses,
                   insns: s.insns - before.insns });
  }
}
print(table(squeeze));
print('The driver gives back clean cache pages in address order: each 4 MiB region it takes a page of is');
print('demoted (1024 TLB entries where one did), here cold ones; a balloon that reached the working set');
print('would cost its TLB reach, and pages scattered over many regions would demote them all.');
