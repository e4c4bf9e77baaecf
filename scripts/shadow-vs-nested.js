// shadow-vs-nested.js - one guest, three ways to virtualize its memory.
//
// Boots three workloads under trap-and-emulate with traced shadow page tables ('trap'),
// trap-and-emulate with a virtual TLB ('trap-vtlb') and hardware-assisted nested paging
// ('hw'), and prints one table per workload: exits by reason, page-walk memory references
// per TLB miss, and cycles (the cost model: hv.costs).
//
// The shape to look for (Adams and Agesen, ASPLOS 2006; Bhargava et al., ASPLOS 2008):
// shadow paging pays in exits whenever the guest edits its page tables (pt-write, hidden
// faults), nested paging pays in longer walks on every TLB miss (up to 8 references for
// Sv32 over Sv32x4, against 2 for a shadow table).

const workloads = [
  ['kernel (3 tasks, timer preemption)', 'kernel/kernel.s'],
  ['page-table heavy (32 address spaces)', 'hv/pt-heavy.s'],
  ['TLB-miss heavy (256-page working set)', 'hv/tlb-heavy.s'],
];
const techniques = ['trap', 'trap-vtlb', 'hw'];
const reasons = ['csr', 'sret', 'sfence', 'sbi', 'hidden-fault', 'pt-write', 'syscall', 'interrupt', 'g-stage-fault'];

for (const [title, file] of workloads) {
  const image = asm(sample(file));
  hv.configure({ memory: '128M' });
  const vms = techniques.map(t => {
    const vm = hv.create({ name: t, memory: '32M', technique: t });
    vm.load(image);
    return vm;
  });
  hv.run({ cycles: 1e9 });
  const consoles = vms.map(vm => vm.console.text);
  print(`== ${title}: samples/${file}`);
  print(`same console output under all three: ${consoles.every(c => c === consoles[0])}, ` +
        `exit codes ${vms.map(vm => vm.exitCode).join(' ')}`);
  const rows = vms.map(vm => {
    const s = vm.stats();
    const row = { technique: s.technique, insns: s.insns, exits: s.exits };
    for (const r of reasons) row[r] = s.byReason[r];
    row.tlbMisses = s.tlbMisses;
    row.refsPerMiss = s.refsPerMiss.toFixed(2);
    row.cycles = s.cycles;
    return row;
  });
  print(table(rows));
  print('');
}

// the walk itself: the TLB-miss-heavy guest's first window page, both ways
const tlb = asm(sample('hv/tlb-heavy.s'));
hv.configure({ memory: '64M' });
const shadowVm = hv.create({ name: 'shadow', memory: '16M', technique: 'trap' });
const nestedVm = hv.create({ name: 'nested', memory: '16M', technique: 'hw' });
shadowVm.load(tlb);
nestedVm.load(tlb);
hv.run({ cycles: 1e8 });
print('== one TLB miss on 0x40000000, shadow paging:');
print(shadowVm.translate(0x40000000).text);
print('== the same miss, nested paging:');
print(nestedVm.translate(0x40000000).text);
