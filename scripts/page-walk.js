// page-walk.js: a guided Sv32 page walk on the teaching kernel (samples/kernel).
//
// Boots the kernel until its first user task runs in U-mode under paging, then explains
// how that task's addresses translate: the walk step by step (root PTE, leaf PTE, flags),
// what a fault looks like, the task's address space as QEMU's `info mem` shows it, and
// what the TLB holds. Run it from the checkout: ./vmsh run scripts/page-walk.js

const kernel = asm(sample('kernel/kernel.s'));
const m = machine({memory: '64M', tlb: {entries: 16, ways: 4}});
m.load(kernel);

// stop at the first instruction a user task executes (U-mode, paging on)
let userPc = null;
const h = m.on('trap', ctx => {});   // counts nothing: shows that hooks leave the run exact
m.on('insn', {from: 0x40000000, to: 0x40100000}, ctx => {
  if (userPc === null) { userPc = ctx.pc; ctx.stop('first user instruction'); }
});
const r = m.run({insns: 5e6});
h.remove();
print('stopped:', r.message, 'after', r.insns, 'instructions, in', m.privilege + '-mode');
print('satp =', hex(m.csr('satp')), '(mode Sv32, ASID ' + ((m.csr('satp') >>> 22) & 0x1ff) + ', root table at', hex((m.csr('satp') & 0x3fffff) * 4096) + ')');
print();
print('1. The user pc translates for a fetch:');
print(m.translate(userPc, {access: 'fetch'}));
print();
print('2. The same page for a store: user code pages are not writable, so this faults:');
print(m.translate(userPc, {access: 'store'}));
print();
print('3. An address the task never mapped:');
print(m.translate(0x7fff0000));
print();
print('4. The task\'s address space (merged ranges, as QEMU\'s info mem):');
print(m.pagetable());
print();
print('5. The TLB after', m.stats().insns, 'instructions:');
print(m.tlb());
print();
const t = m.stats().tlb;
print(table([{lookups: t.lookups, hits: t.hits, misses: t.misses, walkReferences: t.walkReferences,
              refsPerMiss: Math.round(100 * t.walkReferences / t.misses) / 100}]));
