// esx-idle-tax.js - the idle memory tax moves memory from an idle VM to an active one
// (Waldspurger, OSDI 2002, section 5 and Figure 7).
//
// Two 12 MiB VMs with equal shares on a 16 MiB host, too small for both. 'idle' runs
// toucher.s with a 2048-page file cache read once (it boots alone, first) and a 16-page
// working set touched every 0.2 ms (it sleeps in between): it holds memory it does not
// use. 'active' then starts toucher.s over a 1700-page working set without sleeping, with
// a file cache it reads back after every pass up to 1300 pages: it uses whatever memory
// it gets. Each VM's activity is estimated by sampling 100 random
// pages per period (5 ms of simulated time here, 30 s in ESX) and watching which the guest
// touches. Allocation follows shares per page S / (P (f + k (1 - f))), k = 1 / (1 - tau).
// With tau = 0 memory splits evenly whatever the VMs do; at t = 40 ms the tax rises to
// 0.75, idle pages cost four times active ones, the idle VM's target falls, its balloon
// gives back its cache, and the active VM grows to its working set: the shape of the
// paper's Figure 7, on a time scale of milliseconds instead of minutes.
//
// Swept, the tax after 40 ms and the sampler's seed are parameters, and each run reports
// where memory ended (MiB at 120 ms) with result():
//   ./vmsh sweep scripts/esx-idle-tax.js --param tau=0,0.25,0.5,0.75 --param seed=1..20 --out runs/idle
//   ./vmsh sweep --collect runs/idle --x tau --y activeMiB,idleMiB --plot idle.png

const tau = params.tau ?? 0.75;             // the tax from 40 ms on
const image = asm(sample('esx/toucher.s'));
hv.configure({ memory: '16M', seed: params.seed ?? 11, idleTax: 0, samplePeriod: 0.005, balancePeriod: 0.0025 });
const idle = hv.create({ name: 'idle', memory: '12M', shares: 1000, technique: 'hw' });
const active = hv.create({ name: 'active', memory: '12M', shares: 1000, technique: 'hw' });
idle.load(image, { params: { mem_size: 12 << 20, ws_pages: 16, cache_pages: 2048, passes: 0, idle_ticks: 2000 } });
idle.run({ insns: 20e6 });                  // boots and reads its cache alone
active.load(image, { params: { mem_size: 12 << 20, ws_pages: 1700, cache_pages: 1300, cache_refill: 1, passes: 0 } });
const t0 = hv.time;

const mib = pages => Math.round(pages / 25.6) / 10;
const rows = [];
const step = 0.005, switchAt = 0.04, end = 0.12;
for (let t = step; t <= end + 1e-9; t += step) {
  if (Math.abs(t - step - switchAt) < 1e-9) hv.idleTax = tau;
  hv.run({ cycles: step * 1e9 });
  const [i, a] = hv.memory.vms;
  rows.push({ ms: Math.round(t * 1000), tax: hv.idleTax, idleTarget: mib(i.target), idleResident: mib(i.resident),
              idleActive: i.active, activeTarget: mib(a.target), activeResident: mib(a.resident), activeActive: a.active,
              balloon: mib(i.ballooned), swapped: mib(i.swapped + a.swapped) });
}
print(`Two VMs, equal shares, 16 MiB host; time from the active VM's start (the idle one booted alone for ${Math.round((t0) * 1000)} ms);`);
print('memory in MiB, active = estimated fraction of pages in use:');
print(table(rows));
const p = plot({ title: `Idle memory tax: tau 0 -> ${tau} at 40 ms`, x: rows.map(r => r.ms),
                 series: { 'idle VM': rows.map(r => r.idleResident), 'active VM': rows.map(r => r.activeResident),
                           'idle target': rows.map(r => r.idleTarget), 'active target': rows.map(r => r.activeTarget) },
                 xLabel: 'simulated time (ms)', yLabel: 'MiB' });
p.save('esx-idle-tax.png');
print('plot saved: esx-idle-tax.png');
const last = rows[rows.length - 1];
result({ activeMiB: last.activeResident, idleMiB: last.idleResident, activeTarget: last.activeTarget, idleTarget: last.idleTarget,
         balloonMiB: last.balloon });
print(table(hv.stats().map(s => ({ vm: s.name, insns: s.insns, cycles: s.cycles, 'swap-in': s.byReason['swap-in'],
                                   balloon: s.byReason['balloon'], 'g-stage-fault': s.byReason['g-stage-fault'] }))));
