/* A small freestanding C program; its gcc -S output must assemble identically with vmsh and GNU as. */
static const char msg[] = "hello, world\n";
int counter;
int table[4] = {1, 2, 3, 4};
static volatile char *const uart = (char *)0x10000000;
const char *names[] = {"a", "bb"};
struct point { short x, y; char tag; } points[3] = {{1, 2, 'a'}, {3, 4, 'b'}, {5, 6, 'c'}};
static long long big = 0x123456789abcdefLL;

void put(const char *s) { while (*s) *uart = *s++; }

int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

long long mul64(long long a, long long b) { return a * b + big; }

unsigned divide(unsigned a, unsigned b) { return a / b + a % b; }

int pick(int x) {
    switch (x) {
    case 0: return 5;
    case 1: return 9;
    case 2: return 11;
    case 3: return 17;
    case 4: return 3;
    default: return 0;
    }
}

int atomic_add(int *p, int v) { return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); }

unsigned read_mstatus(void) {
    unsigned v;
    __asm__ volatile ("csrr %0, mstatus" : "=r"(v));
    return v;
}

void _start(void) {
    put(msg);
    counter = fib(10) + table[2] + pick(counter) + names[1][0] + points[1].tag;
    counter += (int) mul64(counter, 3) + divide(counter, 7) + atomic_add(&table[0], 2) + read_mstatus();
    for (;;) {}
}
