// techniques.js - forty years of virtualization on one guest.
//
// Adams and Agesen's microbenchmarks (samples/micro, ASPLOS 2006) and the teaching kernel,
// on the bare machine and under the six techniques of hv: trap-and-emulate (Popek and
// Goldberg, 1974) with traced shadow tables or a virtual TLB, binary translation (VMware,
// 1999), paravirtualization (Xen, 2003; the pv builds of the same sources), hardware CPU
// virtualization with shadow paging (VT-x and AMD-V, 2005) and with nested paging (EPT and
// NPT, 2008). Every operation runs micro_iterations times; its cost is the difference
// between that run and an empty one (micro_iterations = 0), divided by the count, in the
// cycles of the cost model (hv.costs; the bare machine is priced the same way: an
// instruction, a trap and a page-walk reference cost what they cost a guest). A VM exit
// costs what Adams and Agesen measured on their Pentium 4 (Prescott): 2,409 cycles.
//
//   ./vmsh run scripts/techniques.js [iterations]     tables, the papers' shapes, techniques.png

const N = args.length ? Number(args[0]) : 1000;
const TECHNIQUES = ['trap', 'trap-vtlb', 'bt', 'pv', 'hw-shadow', 'hw'];
const YEAR = { trap: 1974, bt: 1999, pv: 2003, 'hw-shadow': 2005, hw: 2008 };
const MICROS = ['syscall', 'in', 'cr8wr', 'pgfault', 'ptemod', 'divzero', 'callret', 'forkwait'];

const EXIT_ROUND_TRIP = 2409;
const costs = () => { hv.costs = { exitRoundTrip: EXIT_ROUND_TRIP }; return hv.costs; };

const source = (name, technique) => technique === 'pv' ? `micro/pv/${name}.s` : `micro/${name}.s`;
const images = {};
const image = file => images[file] || (images[file] = asm(sample(file)));

// one run on the bare machine: {cycles, exits: 0}, priced as a guest's
function bare(img, iterations) {
  const m = machine({ memory: '32M' });
  m.load(img);
  if (iterations !== undefined) m.mem.write32(img.symbol('micro_iterations'), iterations);
  const r = m.run({ insns: 5e7 });
  if (r.reason !== 'halt' || r.exitCode !== 0) throw new Error('bare machine: ' + r.message);
  const s = m.stats(), c = costs();
  const traps = Object.values(s.exceptions).concat(Object.values(s.interrupts)).reduce((a, b) => a + b, 0);
  return { cycles: s.insns * c.instruction + traps * c.trap + s.tlb.walkReferences * c.walkReference,
           exits: 0, callouts: 0, hypercalls: 0, console: m.console.text };
}

// one run in a VM of its own: its stats
function inVm(img, technique, iterations) {
  hv.configure({ memory: '128M' });
  costs();
  const vm = hv.create({ name: technique, memory: '32M', technique });
  vm.load(img, iterations === undefined ? {} : { params: { micro_iterations: iterations } });
  hv.run({ insns: 5e7 });
  if (vm.state !== 'halted' || vm.exitCode !== 0) throw new Error(technique + ': ' + vm.message + ': ' + vm.console.text);
  const s = vm.stats();
  return { cycles: s.cycles, exits: s.exits, callouts: s.callouts, hypercalls: s.hypercalls, refsPerMiss: s.refsPerMiss,
           console: vm.console.text, translations: vm.translations };
}

const run = (name, technique, iterations) => technique === 'bare'
    ? bare(image(source(name, 'bare')), iterations) : inVm(image(source(name, technique)), technique, iterations);

// per operation: (a run of N) - (a run of 0), divided by N
const perOp = {};
for (const name of MICROS) {
  perOp[name] = {};
  for (const t of ['bare', ...TECHNIQUES]) {
    const full = run(name, t, N), empty = run(name, t, 0);
    const op = k => (full[k] - empty[k]) / N;
    perOp[name][t] = { cycles: op('cycles'), exits: op('exits'), callouts: op('callouts'), hypercalls: op('hypercalls'),
                       refsPerMiss: full.refsPerMiss };
  }
}

// the kernel, booted whole: the same console under all six
const kernel = { bare: bare(image('kernel/kernel.s')) };
for (const t of TECHNIQUES)
  kernel[t] = inVm(image(t === 'pv' ? 'kernel/kernel-pv.s' : 'kernel/kernel.s'), t);
const sameConsole = TECHNIQUES.every(t => kernel[t].console === kernel.bare.console);

const round = x => x >= 100 ? Math.round(x) : Math.round(x * 10) / 10;
const tableOf = (f, kernelRow) => {
  const rows = MICROS.map(name => {
    const row = { operation: name };
    for (const t of ['bare', ...TECHNIQUES]) row[t] = round(f(perOp[name][t], perOp[name].bare));
    return row;
  });
  if (kernelRow) rows.push(kernelRow);
  return table(rows);
};

print(`== cycles per operation (${N} of each; bare = the bare machine; an exit costs ${EXIT_ROUND_TRIP} cycles)`);
const kernelCycles = { operation: 'kernel (whole boot)' };
for (const t of ['bare', ...TECHNIQUES]) kernelCycles[t] = kernel[t].cycles;
print(tableOf(x => x.cycles, kernelCycles));
print('');
print('== VM exits per operation (bt: callouts not counted here; pv: hypercalls are exits)');
const kernelExits = { operation: 'kernel (whole boot)' };
for (const t of ['bare', ...TECHNIQUES]) kernelExits[t] = kernel[t].exits || 0;
print(tableOf(x => x.exits, kernelExits));
print('');
print('== calls into the VMM that are not exits: bt\'s callouts and pv\'s hypercalls, per operation');
print(table(MICROS.map(name => ({ operation: name, 'bt callouts': round(perOp[name].bt.callouts),
    'pv hypercalls': round(perOp[name].pv.hypercalls) }))));
print('');
print('== slowdown against the bare machine (cycles per operation / bare cycles per operation)');
const kernelSlow = { operation: 'kernel (whole boot)', bare: 1 };
for (const t of TECHNIQUES) kernelSlow[t] = round(kernel[t].cycles / kernel.bare.cycles);
print(tableOf((x, b) => x.cycles / b.cycles, kernelSlow));
print('');
print(`the kernel printed the bare machine's console under all six techniques: ${sameConsole}`);
const tr = kernel.bt.translations;
print(`bt translated ${tr.guestInstructions} guest-kernel instructions into ${tr.units} units (${tr.tcBytes} bytes of ` +
      `translation cache), chained ${tr.chains} exits and made ${tr.calloutsTotal} callouts`);
print('');

// the shapes the papers report
const c = (name, t) => perOp[name][t].cycles;
const shapes = [
  [TECHNIQUES.every(t => c('syscall', 'hw') <= c('syscall', t)) && ['trap', 'bt', 'pv'].every(t => c('syscall', 'hw') < c('syscall', t))
       && perOp.syscall.hw.exits === 0,
   `hw wins syscall: ${round(c('syscall', 'hw'))} cycles and no exit per system call (the trap goes to the guest ` +
   `kernel by delegation; hw-shadow virtualizes the CPU the same way), against ${round(c('syscall', 'bt'))} under bt, ` +
   `${round(c('syscall', 'pv'))} under pv and ${round(c('syscall', 'trap'))} under trap`],
  [['ptemod', 'pgfault', 'forkwait'].every(n => c(n, 'bt') < c(n, 'hw-shadow')),
   `bt beats hw-shadow on ptemod (${round(c('ptemod', 'bt'))} against ${round(c('ptemod', 'hw-shadow'))} cycles), ` +
   `pgfault (${round(c('pgfault', 'bt'))} against ${round(c('pgfault', 'hw-shadow'))}) and forkwait ` +
   `(${round(c('forkwait', 'bt'))} against ${round(c('forkwait', 'hw-shadow'))}): first-generation hardware exits ` +
   `on every page-table event that the translator turns into callouts (Adams and Agesen: forkwait 36.9 s BT, ` +
   `106.4 s hardware, 6.0 s native)`],
  [['trap', 'bt', 'hw-shadow'].every(t => c('forkwait', 'pv') < c('forkwait', t)),
   `pv's batched page-table updates make forkwait cheap: ${round(perOp.forkwait.pv.exits)} exits per fork ` +
   `(${round(c('forkwait', 'pv'))} cycles) against ${round(perOp.forkwait['hw-shadow'].exits)} under hw-shadow ` +
   `(${round(c('forkwait', 'hw-shadow'))}), the closest to native of the software techniques`],
  [['pgfault', 'ptemod'].every(n => perOp[n].hw.exits < perOp[n]['hw-shadow'].exits / 2)
       && perOp.forkwait.hw.refsPerMiss > 2 * perOp.forkwait['hw-shadow'].refsPerMiss,
   `nested paging (hw) removes the MMU exits (${round(perOp.ptemod.hw.exits)} per ptemod against ` +
   `${round(perOp.ptemod['hw-shadow'].exits)} under hw-shadow) and pays longer walks instead ` +
   `(${round(perOp.forkwait.hw.refsPerMiss)} memory references per TLB miss against ` +
   `${round(perOp.forkwait['hw-shadow'].refsPerMiss)} on forkwait)`],
];
print('== the papers\' shapes');
for (const [holds, sentence] of shapes) print((holds ? 'shown: ' : 'NOT shown: ') + sentence);

// slowdown by the year each technique appeared, one line per operation
const years = ['trap', 'bt', 'pv', 'hw-shadow', 'hw'];
const series = {};
for (const name of MICROS) series[name] = years.map(t => Math.max(1, c(name, t) / c(name, 'bare')));
plot({ title: 'Forty years of virtualization: slowdown against the bare machine', x: years.map(t => YEAR[t]),
       series, xLabel: 'year (1974 trap, 1999 bt, 2003 pv, 2005 hw-shadow, 2008 hw)', yLabel: 'slowdown', logY: true })
    .save('techniques.png');
