// esx-balloon.js - the same workload with memory taken by ballooning or by hypervisor
// swapping (Waldspurger, OSDI 2002, sections 3 and 6).
//
// A VM runs samples/esx/toucher.s: a working set of 768 pages written pass after pass,
// and a clean file cache of 1536 pages filled at boot and left alone. The host is too
// small for both (2304 pages of guest data on 2048 frames), so the memory scheduler must
// take memory back. With the balloon (the default) the guest's driver chooses: it drops
// its clean cache pages, which it does not need. With the balloon disabled
// (balloonMax: 0, as for a guest without a driver) the hypervisor swaps pages it picks at
// random, working-set pages among them, and the guest pays a swap-in exit each time it
// touches one. Both runs do the same 200 passes; the table shows what it cost.

const image = asm(sample('esx/toucher.s'));
const params = { mem_size: 16 << 20, ws_pages: 768, cache_pages: 1536, passes: 200 };
const rows = [], curves = {};
for (const [method, balloonMax] of [['balloon', 0.65], ['swap', 0]]) {
  hv.configure({ memory: '8M', seed: 5, balloonMax });
  const vm = hv.create({ name: method, memory: '16M', technique: 'hw' });
  vm.load(image, { params });
  const swapIns = [];
  while (vm.state === 'ready') {
    hv.run({ cycles: 2e6 });
    swapIns.push(vm.stats().byReason['swap-in']);
  }
  if (vm.exitCode !== 0) throw new Error(method + ': ' + vm.message + '\n' + vm.console.text);
  curves[method] = swapIns;
  const s = vm.stats(), m = vm.memory;
  rows.push({ method, cycles: s.cycles, insns: s.insns, exits: s.exits, 'swap-in': s.byReason['swap-in'],
              balloon: s.byReason['balloon'], 'g-stage-fault': s.byReason['g-stage-fault'],
              ballooned: m.ballooned, swapped: m.swapped, resident: m.resident });
}
print('One toucher VM (768-page working set, 1536-page clean cache) on a host of 2048 frames, 200 passes:');
print(table(rows));
print(`swapping took ${(rows[1].cycles / rows[0].cycles).toFixed(1)}x the cycles of ballooning, ` +
      `${rows[1]['swap-in']} swap-ins against ${rows[0]['swap-in']}`);
const n = Math.max(curves.balloon.length, curves.swap.length);
const pad = a => a.concat(new Array(n - a.length).fill(a[a.length - 1]));
const p = plot({ title: 'Swap-in exits over time: ballooning vs hypervisor swapping',
                 x: Array.from({ length: n }, (_, i) => 2 * (i + 1)),
                 series: { balloon: pad(curves.balloon), swap: pad(curves.swap) },
                 xLabel: 'host time (ms)', yLabel: 'swap-ins so far' });
p.save('esx-balloon.png');
print('plot saved: esx-balloon.png');
