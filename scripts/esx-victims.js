// esx-victims.js - which pages hypervisor swapping takes: ESX's random victims against
// victims by sampled idleness (hv.configure({reclaim: {victims}}); see the README's
// "Reclamation policies").
//
// VM a runs samples/esx/toucher.s: a file cache of 1024 pages filled once and left alone,
// and a working set of 512 pages written pass after pass. It fits on the host of 2048
// frames until VM b, another toucher with a working set of 768 pages, arrives 40 ms later;
// then the host must take about 400 pages back from a. No guest here may balloon
// (balloonMax: 0, as under a hypervisor without balloon drivers), so the host swaps. Random
// victims take working-set pages as often as cache pages, and a pays a swap-in exit each
// time it touches one again. The idle chooser takes the pages a's activity sampler watched
// for a whole 2 ms period without a touching them: the cold cache.

const image = asm(sample('esx/toucher.s'));
const rows = [], curves = {};
for (const victims of ['random', 'idle']) {
  hv.configure({ memory: '8M', seed: 5, balloonMax: 0, samplePages: 2000, samplePeriod: 0.002, reclaim: { victims } });
  const a = hv.create({ name: 'a', memory: '16M', technique: 'hw' });
  a.load(image, { params: { mem_size: 16 << 20, ws_pages: 512, cache_pages: 1024, passes: 1000 } });
  hv.run({ cycles: 4e7 });
  const b = hv.create({ name: 'b', memory: '16M', technique: 'hw' });
  b.load(image, { params: { mem_size: 16 << 20, ws_pages: 768, cache_pages: 0, passes: 200 } });
  const swapIns = [];
  while (a.state === 'ready' || b.state === 'ready') {
    hv.run({ cycles: 2e6 });
    swapIns.push(a.stats().byReason['swap-in']);
  }
  for (const vm of [a, b]) if (vm.exitCode !== 0) throw new Error(victims + ' ' + vm.name + ': ' + vm.message);
  curves[victims] = swapIns;
  const s = a.stats(), m = a.memory;
  rows.push({ victims, 'a cycles': s.cycles, 'a insns': s.insns, 'a swap-in': s.byReason['swap-in'],
              'a swapped': m.swapped, 'a resident': m.resident, 'b cycles': b.stats().cycles });
}
print('VM a (1024 cold cache pages, 512 hot working-set pages) squeezed by VM b on a host of 2048 frames:');
print(table(rows));
print(`random victims cost a ${rows[0]['a swap-in']} swap-ins, idle victims ${rows[1]['a swap-in']}; ` +
      `a ran ${(rows[0]['a cycles'] / rows[1]['a cycles']).toFixed(2)}x the cycles with random ones`);
const n = Math.max(curves.random.length, curves.idle.length);
const pad = c => c.concat(new Array(n - c.length).fill(c[c.length - 1]));
plot({ title: 'Swap-in exits of VM a: random victims vs idle victims',
       x: Array.from({ length: n }, (_, i) => 40 + 2 * (i + 1)),
       series: { random: pad(curves.random), idle: pad(curves.idle) },
       xLabel: 'host time (ms)', yLabel: 'swap-ins so far' }).save('esx-victims.png');
print('plot saved: esx-victims.png');
