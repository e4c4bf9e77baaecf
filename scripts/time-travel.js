// time-travel.js: from a crash back to the store that caused it, long before.
//
// King, Dunlap and Chen ("Debugging operating systems with time-traveling virtual
// machines", USENIX ATC 2005) go back from where a bug shows to where it happened. The
// guest here (samples/debug/wild-store.s) crashes by jumping to a bad address; the
// pointer it jumped through was overwritten by an off-by-one store over a million
// instructions earlier. We run to the crash, look at the corrupted word, watch it, and
// reverse-continue to the last store that wrote it. Run it from the checkout:
// ./vmsh run scripts/time-travel.js

const img = asm(sample('debug/wild-store.s'));
const m = machine({memory: '16M'});
m.load(img);

// the symbol an address falls in, as a debugger names it: 0x800000d8 <log_event+68>
function where(pc) {
  let best = null;
  for (const [name, at] of Object.entries(img.symbols))
    if (at <= pc && (best === null || at > img.symbols[best])) best = name;
  if (best === null) return hex(pc);
  const offset = pc - img.symbols[best];
  return `${hex(pc)} <${best}${offset === 0 ? '' : '+' + offset}>`;
}

// 1. Run to the crash: stop when the hart takes a trap.
const trap = m.on('trap', ctx => ctx.stop(`${ctx.name} at ${hex(ctx.pc)}`));
const crash = m.run();
trap.remove();
const crashAt = m.history.insn;
print(`1. the crash: ${crash.message}, after ${crashAt} instructions`);
print(`   the console so far: ${JSON.stringify(m.console.text)}`);
print(`   the runner jumped there from ${where(m.regs.ra - 4)}, through task A's on_exit pointer`);

// 2. The pointer it jumped through: task A's on_exit, the first word of its record.
const onExit = m.symbol('tasks');
print();
print(`2. task A's on_exit at ${hex(onExit)} holds ${hex(m.mem.read32(onExit))}, not ${where(m.symbol('task_done'))}`);

// 3. Watch that word and go back to the last store into it.
m.watch(onExit, {access: 'w'});
const found = m.reverseContinue();
print();
print(`3. reverse-continue to the last write of ${hex(onExit)}:`);
print(`   the culprit: ${where(m.pc)}, about to run the store (${found.message.split(' (at instruction')[0]})`);
print(`   its address t6 = ${hex(m.regs.t6)} = log + ${m.regs.t6 - m.symbol('log')}: index ${m.regs.t5} of a 16-entry log`);
print(`   the value a0 = ${hex(m.regs.a0)}: the event of task ${(m.regs.a0 >> 2) & 3}, count ${m.regs.a0 >> 4}`);
print(`   at instruction ${found.at}, ${crashAt - found.at} instructions before the crash`);
print(`   the search ran ${found.replayed} instructions again, from ${m.history.checkpoints} checkpoint(s)`);

// 4. Six instructions further back: the bounds check that let index 16 through.
m.reverseStep(6);
print();
print(`4. six instructions earlier, the bounds check: ${where(m.pc)}`);
m.step(6);
print(`   forward again to ${where(m.pc)}, the same point: ${m.history.insn === found.at}`);
print();
print(String(m.history));
