// vm-time-travel.js: time-travel debugging inside VMs, one host's history for all of them.
//
// The guest of time-travel.js (samples/debug/wild-store.s) crashes by jumping through a
// pointer that an off-by-one store overwrote over a million instructions earlier. Here it
// runs as a whole machine (it starts in M-mode) in three VMs of one host, under hw, trap
// and bt. The host keeps history (hv.keepHistory()): each VM runs to its crash, watches
// the corrupted word and reverse-continues to the store, counted in its own guest
// instructions. Run it from the checkout: ./vmsh run scripts/vm-time-travel.js

const img = asm(sample('debug/wild-store.s'));
hv.configure({memory: '128M'});
for (const t of ['hw', 'trap', 'bt']) hv.create({name: t, memory: '16M', technique: t, machine: 'full'}).load(img);
hv.keepHistory();

// the symbol an address falls in: 0x800000d8 <log_event+68>
function where(pc) {
  let best = null;
  for (const [name, at] of Object.entries(img.symbols))
    if (at <= pc && (best === null || at > img.symbols[best])) best = name;
  const offset = pc - img.symbols[best];
  return `${hex(pc)} <${best}${offset === 0 ? '' : '+' + offset}>`;
}

const rows = [];
for (const vm of hv.vms) {
  const trap = vm.on('trap', ctx => ctx.stop(`${ctx.name} at ${hex(ctx.pc)}`));
  const crash = vm.run();
  trap.remove();
  const crashAt = vm.history.insn;
  const onExit = vm.image.symbol('tasks');
  const watch = vm.watch(onExit, {access: 'w'});
  const found = vm.reverseContinue();
  watch.remove();
  rows.push({vm: vm.name, crash: crash.message, crashAt, culprit: where(vm.pc), storeAt: found.at,
             back: crashAt - found.at, address: hex(vm.regs.t6), index: vm.regs.t5});
}
print(table(rows));
print();
print(`the same culprit in every VM: ${rows.every(r => r.culprit === rows[0].culprit && r.address === rows[0].address)}`);
print(String(hv.history));
