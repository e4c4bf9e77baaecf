/*
 * cpubench.c: the CPU benchmark guest for `vmsh bench`.
 *
 * A CoreMark-flavoured mix of integer work: each iteration runs five small
 * kernels over data made from a fixed-seed generator, and folds every result
 * into a running CRC-32. At the end main prints that checksum over the UART.
 *
 *   crc        CRC-32 of a 1 KiB buffer, bit by bit   (loads, shifts, branches)
 *   matrix     12x12 integer matrix product           (multiplies, loads)
 *   sort       quicksort of 256 numbers               (calls, stores, compares)
 *   scanner    a state machine tokenizing text        (a switch, byte loads)
 *   division   gcds and decimal digit sums            (divides, remainders)
 *
 * The program is freestanding: crt0.s gives it a stack, clears .bss, calls
 * main, and hands main's return value to the test finisher as the exit code.
 *
 * bench_iterations is an ordinary data word so that a host can patch it in the
 * loaded image before running: `vmsh bench` and the tests use it to choose a
 * smaller run. The checksum depends on it (see README.md for known values).
 */
#include <stdint.h>

#define UART_BASE   0x10000000u
#define UART_THR    0
#define UART_LSR    5
#define LSR_THRE    0x20

uint32_t bench_iterations = 12000;

/* ---- console ---------------------------------------------------------- */

static void putc_uart(char c)
{
    volatile uint8_t *uart = (volatile uint8_t *)UART_BASE;
    while ((uart[UART_LSR] & LSR_THRE) == 0)
        ;
    uart[UART_THR] = (uint8_t)c;
}

static void puts_uart(const char *s)
{
    while (*s)
        putc_uart(*s++);
}

static void puthex_uart(uint32_t v)
{
    puts_uart("0x");
    for (int shift = 28; shift >= 0; shift -= 4)
        putc_uart("0123456789abcdef"[(v >> shift) & 0xf]);
}

static void putdec_uart(uint32_t v)
{
    char digits[10];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        putc_uart(digits[--n]);
}

/* ---- a deterministic pseudo-random sequence --------------------------- */

/* The LCG of Numerical Recipes: x' = 1664525 x + 1013904223 (mod 2^32). */
static uint32_t random_state;

static uint32_t next_random(void)
{
    random_state = random_state * 1664525u + 1013904223u;
    return random_state;
}

/* ---- kernel 1: CRC-32 ------------------------------------------------- */

/* The reflected CRC-32 of zlib and Ethernet (polynomial 0xEDB88320). */
static uint32_t crc32(uint32_t crc, const uint8_t *bytes, uint32_t length)
{
    crc = ~crc;
    for (uint32_t i = 0; i < length; i++) {
        crc ^= bytes[i];
        for (int bit = 0; bit < 8; bit++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
    return ~crc;
}

static uint32_t fold(uint32_t checksum, uint32_t value)
{
    uint8_t bytes[4] = { (uint8_t)value, (uint8_t)(value >> 8),
                         (uint8_t)(value >> 16), (uint8_t)(value >> 24) };
    return crc32(checksum, bytes, 4);
}

#define BUFFER_SIZE 1024
static uint8_t buffer[BUFFER_SIZE];

static uint32_t kernel_crc(void)
{
    for (int i = 0; i < BUFFER_SIZE; i++)
        buffer[i] = (uint8_t)(next_random() >> 24);
    return crc32(0, buffer, BUFFER_SIZE);
}

/* ---- kernel 2: matrix product ----------------------------------------- */

#define N 12
static int32_t matrix_a[N][N], matrix_b[N][N], matrix_c[N][N];

static uint32_t kernel_matrix(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            matrix_a[i][j] = (int32_t)(next_random() >> 20) - 2048;
            matrix_b[i][j] = (int32_t)(next_random() >> 20) - 2048;
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int32_t sum = 0;
            for (int k = 0; k < N; k++)
                sum += matrix_a[i][k] * matrix_b[k][j];
            matrix_c[i][j] = sum;
        }
    uint32_t trace_mix = 0;
    for (int i = 0; i < N; i++)
        trace_mix = trace_mix * 31 + (uint32_t)matrix_c[i][i] + (uint32_t)matrix_c[i][N - 1 - i];
    return trace_mix;
}

/* ---- kernel 3: quicksort ---------------------------------------------- */

#define SORT_SIZE 256
static int32_t numbers[SORT_SIZE];

static void insertion_sort(int32_t *a, int n)
{
    for (int i = 1; i < n; i++) {
        int32_t key = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > key) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = key;
    }
}

/* Hoare partitioning around the middle element; small ranges go to insertion sort. */
static void quicksort(int32_t *a, int n)
{
    while (n > 8) {
        int32_t pivot = a[n / 2];
        int i = -1, j = n;
        for (;;) {
            do i++; while (a[i] < pivot);
            do j--; while (a[j] > pivot);
            if (i >= j)
                break;
            int32_t t = a[i]; a[i] = a[j]; a[j] = t;
        }
        quicksort(a, j + 1);        /* recurse on the left part, loop on the right */
        a += j + 1;
        n -= j + 1;
    }
    insertion_sort(a, n);
}

static uint32_t kernel_sort(void)
{
    for (int i = 0; i < SORT_SIZE; i++)
        numbers[i] = (int32_t)next_random() >> 8;
    quicksort(numbers, SORT_SIZE);
    uint32_t result = 0;
    for (int i = 1; i < SORT_SIZE; i++)
        if (numbers[i - 1] > numbers[i])
            return 0xbadbad;        /* not sorted: the checksum shows it */
    for (int i = 0; i < SORT_SIZE; i += 17)
        result = result * 33 + (uint32_t)numbers[i];
    return result;
}

/* ---- kernel 4: a tokenizing state machine ----------------------------- */

#define TEXT_SIZE 512
static char text[TEXT_SIZE];

/* Characters the text is drawn from; letters and digits are the likeliest. */
static const char alphabet[] = "abcdefghij klmnop qrstuvwxyz 0123456789 0x1f. -,;";

enum state { BETWEEN, WORD, NUMBER, HEX_PREFIX, HEX, PUNCT };

struct token_counts {
    uint32_t words, numbers, hex_numbers, punctuation, value_sum;
};

static void make_text(void)
{
    for (int i = 0; i < TEXT_SIZE - 1; i++)
        text[i] = alphabet[next_random() % (sizeof alphabet - 1)];
    text[TEXT_SIZE - 1] = '\0';
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_letter(char c) { return c >= 'a' && c <= 'z'; }
static int is_hex_digit(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

static uint32_t hex_value(char c) { return is_digit(c) ? (uint32_t)(c - '0') : (uint32_t)(c - 'a' + 10); }

static uint32_t kernel_scanner(void)
{
    struct token_counts counts = { 0, 0, 0, 0, 0 };
    enum state state = BETWEEN;
    uint32_t value = 0;
    make_text();
    for (const char *p = text;; p++) {
        char c = *p;
        switch (state) {
        case BETWEEN:
            break;
        case WORD:
            if (is_letter(c) || is_digit(c))
                continue;
            counts.words++;
            break;
        case NUMBER:
            if (is_digit(c)) {
                value = value * 10 + (uint32_t)(c - '0');
                continue;
            }
            if (c == 'x' && value == 0) {
                state = HEX_PREFIX;
                continue;
            }
            counts.numbers++;
            counts.value_sum += value;
            break;
        case HEX_PREFIX:
            if (is_hex_digit(c)) {
                value = hex_value(c);
                state = HEX;
                continue;
            }
            counts.numbers++;       /* "0x" alone counts as the number 0 */
            break;
        case HEX:
            if (is_hex_digit(c)) {
                value = value * 16 + hex_value(c);
                continue;
            }
            counts.hex_numbers++;
            counts.value_sum += value;
            break;
        case PUNCT:
            counts.punctuation++;
            break;
        }
        /* The previous token has ended: c starts the next one. */
        if (c == '\0')
            break;
        if (is_digit(c)) {
            state = NUMBER;
            value = (uint32_t)(c - '0');
        } else if (is_letter(c)) {
            state = WORD;
        } else if (c == ' ') {
            state = BETWEEN;
        } else {
            state = PUNCT;
        }
    }
    return counts.words ^ (counts.numbers << 8) ^ (counts.hex_numbers << 16)
         ^ (counts.punctuation << 24) ^ counts.value_sum;
}

/* ---- kernel 5: division ----------------------------------------------- */

static uint32_t gcd(uint32_t a, uint32_t b)
{
    while (b != 0) {
        uint32_t r = a % b;
        a = b;
        b = r;
    }
    return a;
}

static uint32_t digit_sum(uint32_t v)
{
    uint32_t sum = 0;
    while (v != 0) {
        sum += v % 10;
        v /= 10;
    }
    return sum;
}

static uint32_t kernel_division(void)
{
    uint32_t result = 0;
    for (int i = 0; i < 64; i++) {
        uint32_t a = next_random(), b = next_random() >> (i & 15);
        /* s >> 1 is never INT32_MIN, so s / d cannot overflow */
        int32_t s = (int32_t)next_random() >> 1, d = (int32_t)(next_random() >> 24) - 128;
        result += gcd(a, b | 1) + digit_sum(a);
        if (d != 0)
            result ^= (uint32_t)(s / d) + (uint32_t)(s % d);
    }
    return result;
}

/* ---- the benchmark ---------------------------------------------------- */

int main(void)
{
    uint32_t checksum = 0;
    random_state = 2024;
    for (uint32_t i = 0; i < bench_iterations; i++) {
        checksum = fold(checksum, kernel_crc());
        checksum = fold(checksum, kernel_matrix());
        checksum = fold(checksum, kernel_sort());
        checksum = fold(checksum, kernel_scanner());
        checksum = fold(checksum, kernel_division());
    }
    puts_uart("cpubench: iterations=");
    putdec_uart(bench_iterations);
    puts_uart(" checksum=");
    puthex_uart(checksum);
    puts_uart("\n");
    return 0;
}
