// tlb-reach.js: TLB misses against working-set size, for a few TLB sizes.
//
// A small S-mode guest walks a working set of N pages (one load per page, round after
// round) under Sv32. While N pages fit in the data TLB almost every load hits; once the
// working set outgrows the TLB's reach (entries x 4 KiB) every load misses and walks the
// page table. The page tables are written from JavaScript before the run.
//
//   ./vmsh run scripts/tlb-reach.js            prints a table, saves tlb-reach.png/.svg

const ROOT = 0x80100000, LEAF = 0x80101000, DATA_PA = 0x80400000, DATA_VA = 0x40000000;
const PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_A = 64, PTE_D = 128;
const pte = (pa, flags) => ((pa >>> 12) << 10 | flags) >>> 0;

const guest = asm`
        .globl _start
_start: csrw satp, a1            # a1: satp (set from JavaScript)
        sfence.vma
        li   t0, 0x1800          # mstatus.MPP = S
        csrc mstatus, t0
        li   t0, 0x800
        csrs mstatus, t0
        la   t0, walk
        csrw mepc, t0
        mret
walk:   mv   s0, a3              # a3 rounds
round:  mv   t1, a0              # a0 first page, a2 pages
        mv   t2, a2
touch:  lw   t3, 0(t1)
        li   t4, 4096
        add  t1, t1, t4
        addi t2, t2, -1
        bnez t2, touch
        addi s0, s0, -1
        bnez s0, round
        li   t1, 0x100000        # the test finisher: exit 0
        li   t2, 0x5555
        sw   t2, 0(t1)
`;

function measure(entries, pages, rounds) {
  const m = machine({memory: '16M', tlb: {entries, ways: 4}});
  m.load(guest);
  // the root: megapages for the devices (0x0) and the code (0x80000000), a pointer to the leaf table
  m.mem.write32(ROOT + 4 * 0x000, pte(0x00000000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));
  m.mem.write32(ROOT + 4 * 0x200, pte(0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D));
  m.mem.write32(ROOT + 4 * (DATA_VA >>> 22), pte(LEAF, PTE_V));
  for (let i = 0; i < pages; i++) m.mem.write32(LEAF + 4 * i, pte(DATA_PA + 4096 * i, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));
  Object.assign(m.regs, {a0: DATA_VA, a1: (0x80000000 | (ROOT >>> 12)) >>> 0, a2: pages, a3: rounds});
  const r = m.run({insns: 1e7});
  if (r.reason !== 'halt') throw new Error('guest did not finish: ' + r.message);
  const t = m.stats().tlb;
  return {entries, pages, loads: pages * rounds, misses: t.misses, walkRefs: t.walkReferences,
          missRate: Math.round(1000 * t.misses / t.lookups) / 1000};
}

const sizes = [4, 8, 16, 32, 64, 128];
const tlbs = [8, 32, 64];
const rows = [];
const series = {};
for (const entries of tlbs) {
  series[entries + ' entries'] = [];
  for (const pages of sizes) {
    const row = measure(entries, pages, 20);
    rows.push(row);
    series[entries + ' entries'].push(row.misses);
  }
}
print(table(rows));
const p = plot({title: 'TLB misses against working set (20 rounds, 4-way LRU, split TLB)',
                x: sizes, series, xLabel: 'working set (pages)', yLabel: 'TLB misses', logX: true});
p.save('tlb-reach.png');
p.save('tlb-reach.svg');
print('saved tlb-reach.png and tlb-reach.svg');
