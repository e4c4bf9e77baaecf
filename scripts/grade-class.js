// golden-args: scripts/grading/alice.s scripts/grading/bob.s scripts/grading/carol.s scripts/grading/dave.s scripts/grading/erin.s
// Grading a class in one process: every submission named on the command line, each under
// its own instruction budget and time limit (limit()), a table and a CSV of scores.
//   ./vmsh run --out results scripts/grade-class.js submissions/*.s
// A submission that does not assemble, faults or runs away scores 0 with the reason; the
// others go on.
const tests = [1, 10, 100];
const rows = [];
for (const file of args) {
    const student = file.replace(/^.*\//, '').replace(/\.s$/, '');
    let score = 0, note = 'ok';
    try {
        limit({insns: 1e6, seconds: 10}, () => {
            const image = asm(readFile(file));
            for (const n of tests) {
                const m = machine({memory: '1M'});
                m.load(image);
                m.regs.a0 = n;
                m.run();
                const want = n * (n + 1) / 2;
                if (m.regs.a0 === want) score++;
                else if (note === 'ok') note = `sum 1..${n}: got ${m.regs.a0}, want ${want}`;
            }
        });
    } catch (e) {
        score = 0;
        note = `${e.name}: ${e.message.split('\n')[0]}`;
    }
    rows.push({student, score, of: tests.length, note});
}
print(table(rows));
const csv = rows.map(r => [r.student, r.score, r.of, JSON.stringify(r.note)].join(','));
writeFile('scores.csv', ['student,score,of,note', ...csv].join('\n') + '\n');
print('scores.csv written');
