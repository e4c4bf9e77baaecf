# echo.s - the smallest useful server: it echoes every byte it receives on the UART, and
# sleeps in wfi while none comes. A guest for LightVM-style density (Manco et al., SOSP
# 2017): booted once, then cloned thousands of times by the hypervisor (hv.spawn), each
# clone a server of its own that answers its first byte with no boot of its own.
#
# It writes no memory at all (registers only, no stack), so a clone shares every page of
# its template until the end: an idle clone costs the host its vCPU, its devices and its
# page map, not a frame.
#
# Waiting: the UART's receive interrupt goes through the PLIC to S-mode (source 10,
# context 1, QEMU virt's numbers), and sie enables it; sstatus.SIE stays 0, so wfi returns
# when input is pending and no trap is ever taken. Each wake-up claims and completes the
# PLIC's interrupt, then echoes what the UART holds. Under a hypervisor a wfi with no timer
# armed leaves the VM idle until its UART interrupts; with idle_ticks the guest also arms
# the timer and powers off after that long without input. A server waits for its clients,
# so by default it never powers off: on the bare machine `vmsh boot samples/tiny/echo.s`
# echoes what you type until Ctrl-C (or give it idle_ticks).
#
# An S-mode program: the teaching kernel's M-mode shim at _start for the bare machine and
# QEMU, the server at kernel_entry for a hypervisor (the VMM is its SBI firmware).
#
# Parameters (.data words a script may patch with vm.load(image, {params})):
#   idle_ticks   0       ticks of the timebase (10 MHz: 10000 is 1 ms) without input before
#                        it powers off; 0: it waits for input forever
#   requests     0       bytes to echo before it powers off; 0: no limit

.include "../kernel/sbi_defs.s"
.include "../kernel/sbi_shim.s"

.equ UART_IER,              1           # interrupt enable register
.equ UART_IER_RX,           1 << 0      # interrupt when a received byte waits
.equ UART_SOURCE,           10          # the UART's PLIC source on QEMU virt
.equ PLIC,                  0x0c000000
.equ PLIC_ENABLE_S,         0x002080    # enable bits of context 1 (hart 0's S-mode)
.equ PLIC_THRESHOLD_S,      0x201000
.equ PLIC_CLAIM_S,          0x201004    # read: claim; write: complete
.equ SIE_STIE,              1 << 5
.equ SIE_SEIE,              1 << 9

    .text
    .balign 4096                        # the server starts on a page of its own
    .globl kernel_entry
kernel_entry:
    li      s0, UART_BASE
    li      s1, PLIC
    la      a0, msg_ready
    jal     puts
    li      t0, UART_IER_RX
    sb      t0, UART_IER(s0)            # the UART interrupts when a byte arrives ...
    li      t0, 1
    sw      t0, UART_SOURCE * 4(s1)     # ... through the PLIC at priority 1 ...
    li      t1, PLIC_ENABLE_S
    add     t1, s1, t1
    li      t0, 1 << UART_SOURCE
    sw      t0, 0(t1)                   # ... enabled for S-mode ...
    li      t1, PLIC_THRESHOLD_S
    add     t1, s1, t1
    sw      zero, 0(t1)                 # ... above threshold 0
    li      t0, SIE_SEIE | SIE_STIE
    csrs    sie, t0                     # wfi wakes on input or the timer; no trap is taken
    la      t0, requests
    lw      s2, 0(t0)                   # s2 = bytes to echo (0: no limit)
    la      t0, idle_ticks
    lw      s3, 0(t0)                   # s3 = ticks without input before powering off
    li      s4, 0                       # s4 = bytes echoed
    li      s5, PLIC_CLAIM_S
    add     s5, s1, s5
    jal     arm_timer

serve:
    lbu     t0, UART_LSR(s0)
    andi    t0, t0, UART_LSR_DR
    beqz    t0, wait
    lbu     a0, UART_RBR(s0)
    jal     putc
    addi    s4, s4, 1
    beqz    s2, 1f
    beq     s4, s2, served
1:  jal     arm_timer                   # input came: the idle time starts again
    j       serve

wait:
    lw      t0, 0(s5)                   # claim what the PLIC holds (the UART's line is low now) ...
    beqz    t0, 1f
    sw      t0, 0(s5)                   # ... and complete it
1:  lbu     t0, UART_LSR(s0)            # a byte that came meanwhile is served first
    andi    t0, t0, UART_LSR_DR
    bnez    t0, serve
    beqz    s3, 2f
    rdtime  t0
    sub     t0, t0, s6
    bgez    t0, idle                    # the deadline passed with no input
2:  wfi
    j       serve

idle:
    la      a0, msg_idle
    jal     puts
    j       power_off

served:
    la      a0, msg_served
    jal     puts

power_off:
    li      a0, SBI_SRST_TYPE_SHUTDOWN
    li      a1, SBI_SRST_REASON_NONE
    li      a6, SBI_SRST_SYSTEM_RESET
    li      a7, SBI_EXT_SRST
    ecall
1:  j       1b

# arm_timer(): with idle_ticks, the deadline s6 = now + idle_ticks and the timer set to it. Leaf.
arm_timer:
    beqz    s3, 1f
    rdtime  t0
    rdtimeh t1
    add     s6, t0, s3
    sltu    t2, s6, t0                  # carry into the high word
    add     a1, t1, t2
    mv      a0, s6
    li      a6, SBI_TIME_SET_TIMER
    li      a7, SBI_EXT_TIME
    ecall
1:  ret

# putc(a0 = byte): when the UART can take it. Leaf.
putc:
    lbu     t0, UART_LSR(s0)
    andi    t0, t0, UART_LSR_THRE
    beqz    t0, putc
    sb      a0, UART_THR(s0)
    ret

# puts(a0 = NUL-terminated string). Leaf (t3 keeps the return address across putc).
puts:
    mv      t2, a0
    mv      t3, ra
1:  lbu     a0, 0(t2)
    beqz    a0, 2f
    jal     putc
    addi    t2, t2, 1
    j       1b
2:  mv      ra, t3
    ret

msg_ready:  .asciz "echo: ready\n"
msg_idle:   .asciz "echo: idle, powering off\n"
msg_served: .asciz "echo: served, powering off\n"

    .data
    .balign 4
    .globl idle_ticks, requests
idle_ticks: .word 0
requests:   .word 0
