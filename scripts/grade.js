// golden-args: scripts/grading/alice.s
// A grader for one submission (scripts/grading/ has some): the sum 1 + ... + n in a0.
//   ./vmsh run --max-insns 1e7 --timeout 10 scripts/grade.js student.s; echo $?
// One line per test, then the score. Exit status 0 when every test passes, 10 when one
// fails; vmsh's own statuses say the rest: 1 it does not assemble, 3 it faults, 124 it
// runs past the budget or the time limit (no catch in here could change that).
const image = asm(readFile(args[0]));
let passed = 0;
for (const n of [1, 10, 100]) {
    const m = machine({memory: '1M'});
    m.load(image);
    m.regs.a0 = n;
    m.run();
    const want = n * (n + 1) / 2, got = m.regs.a0;
    print(`sum 1..${n}: ${got === want ? 'ok' : `got ${got}, want ${want}`}`);
    if (got === want) passed++;
}
print(`score ${passed}/3`);
exit(passed === 3 ? 0 : 10);
