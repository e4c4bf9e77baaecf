# sbi_shim.s - the M-mode firmware of the bare machine (a tiny stand-in for OpenSBI).
#
# It runs first, at _start = 0x8000_0000 in M-mode with paging off. It prepares the hart
# for an S-mode kernel, drops to S-mode at kernel_entry, and from then on only runs when
#   - the kernel makes an SBI call (`ecall` from S-mode, mcause 9), or
#   - the machine timer fires (M timer interrupt, mcause 0x8000_0007).
# Under a hypervisor this file never runs: the VMM starts the kernel at kernel_entry and
# implements the same SBI calls itself. So nothing in here may be used by the kernel
# other than through `ecall`, and the shim prints nothing on success: the console output
# is the kernel's alone, identical on the bare machine and in a VM.
#
# SBI calls served (see sbi_defs.s):
#   0x01 legacy console putchar          0x02 legacy console getchar
#   0x10 BASE: spec version (2.0), impl id/version, probe extension, mvendorid/marchid/mimpid
#   DBCN: console write, console read, console write byte
#   TIME: set timer
#   SRST: system reset (shutdown -> test finisher: reason 0 passes, others fail with a code)
#
# Timer scheme (as OpenSBI does it without the Sstc extension): only M-mode can program the
# CLINT, so set_timer writes mtimecmp and enables the M timer interrupt (mie.MTIE). When it
# fires, the shim disables MTIE and raises the S timer interrupt instead (mip.STIP), which
# mideleg hands to the kernel. The next set_timer clears STIP again.
#
# Register use: the trap handler saves every register on its own stack (mscratch points
# to it) and restores them all, so only a0/a1 change across an SBI call.

# --- machine-mode CSR bits (privileged spec 1.12) ---
.equ MSTATUS_MPP_MASK,      3 << 11     # mret returns to the mode in mstatus.MPP
.equ MSTATUS_MPP_S,         1 << 11
.equ MIP_STIP,              1 << 5      # S timer interrupt pending
.equ MIE_MTIE,              1 << 7      # M timer interrupt enable
.equ MCAUSE_INTERRUPT,      1 << 31
.equ MCAUSE_M_TIMER,        7
.equ MCAUSE_S_ECALL,        9
.equ MCOUNTEREN_CY,         1 << 0      # let S-mode read cycle,
.equ MCOUNTEREN_TM,         1 << 1      #   time,
.equ MCOUNTEREN_IR,         1 << 2      #   instret
.equ PMP_R,                 1 << 0
.equ PMP_W,                 1 << 1
.equ PMP_X,                 1 << 2
.equ PMP_NAPOT,             3 << 3      # naturally aligned power-of-two region

# medeleg: bit n set = exception cause n goes straight to S-mode (stvec), not to us.
# Delegated: 0 fetch misaligned, 1 fetch access, 2 illegal instruction, 3 breakpoint,
# 4 load misaligned, 5 load access, 6 store misaligned, 7 store access, 8 ecall from U,
# 12 fetch page fault, 13 load page fault, 15 store page fault; and on a hart with the H
# extension the guest's exits, for a hypervisor in HS-mode (samples/hyper boots with this
# shim): 10 ecall from VS, 20 fetch, 21 load and 23 store guest-page fault, 22 virtual
# instruction. Without the H extension those bits are read-only zero: writing them is harmless.
# Kept: 9 ecall from S (that is an SBI call) and 11 ecall from M.
.equ SHIM_DELEGATED_EXCEPTIONS, 0x1FF | (1 << 12) | (1 << 13) | (1 << 15) | (1 << 10) | (0xF << 20)
# mideleg: the S-level interrupts (1 software, 5 timer, 9 external) belong to the kernel
.equ SHIM_DELEGATED_INTERRUPTS, (1 << 1) | (1 << 5) | (1 << 9)

# --- devices of the QEMU virt map ---
.equ CLINT_MTIMECMP,        0x02004000  # 64-bit compare register of hart 0
.equ UART_BASE,             0x10000000  # 16550
.equ UART_RBR,              0           # receive buffer (read)
.equ UART_THR,              0           # transmit holding register (write)
.equ UART_LSR,              5           # line status
.equ UART_LSR_DR,           1 << 0      # a received byte is waiting
.equ UART_LSR_THRE,         1 << 5      # transmitter can take a byte
.equ FINISHER_BASE,         0x00100000  # SiFive test finisher
.equ FINISHER_PASS,         0x5555
.equ FINISHER_FAIL,         0x3333      # written as (code << 16) | FINISHER_FAIL
.equ FINISHER_RESET,        0x7777

.equ SHIM_IMPL_ID,          0x766D7368  # "vmsh": not a registered SBI implementation ID
.equ SHIM_IMPL_VERSION,     1
.equ SHIM_FATAL_CODE,       2           # finisher code when the shim meets a trap it cannot serve
.equ SHIM_FRAME_SIZE,       32 * 4      # one word per register, slot n = xn
.equ SHIM_STACK_SIZE,       1024

    .section .text
    .globl _start
# _start: reset entry in M-mode. In: a0 = hartid (QEMU passes it, we re-read mhartid).
_start:
    csrr    t0, mhartid
    bnez    t0, shim_park               # one hart runs the system, others sleep
    la      t0, shim_stack_top
    csrw    mscratch, t0                # shim_trap swaps sp with mscratch
    la      t0, shim_trap
    csrw    mtvec, t0                   # direct mode: every M-mode trap enters shim_trap
    li      t0, SHIM_DELEGATED_EXCEPTIONS
    csrw    medeleg, t0
    li      t0, SHIM_DELEGATED_INTERRUPTS
    csrw    mideleg, t0
    csrw    mie, zero                   # MTIE waits for the first set_timer
    li      t0, -1
    csrw    pmpaddr0, t0                # NAPOT of all ones: the whole physical space ...
    li      t0, PMP_NAPOT | PMP_R | PMP_W | PMP_X
    csrw    pmpcfg0, t0                 # ... open to S and U (without a PMP entry they get nothing)
    li      t0, MCOUNTEREN_CY | MCOUNTEREN_TM | MCOUNTEREN_IR
    csrw    mcounteren, t0              # S-mode may read the time CSR (rdtime)
    csrw    satp, zero                  # S-mode starts with paging off
    li      t0, MSTATUS_MPP_MASK
    csrc    mstatus, t0
    li      t0, MSTATUS_MPP_S
    csrs    mstatus, t0                 # mret goes to S-mode ...
    la      t0, kernel_entry
    csrw    mepc, t0                    # ... at kernel_entry
    csrr    a0, mhartid                 # boot contract: a0 = hartid, a1 = 0
    li      a1, 0
    mret

shim_park:
    wfi
    j       shim_park

# shim_trap: every trap taken in M-mode (the kernel runs in S, its tasks in U).
    .balign 4                           # mtvec needs a 4-byte aligned base
shim_trap:
    csrrw   sp, mscratch, sp            # sp = shim stack, mscratch = interrupted sp
    addi    sp, sp, -SHIM_FRAME_SIZE
    sw      x1, 1*4(sp)
    sw      x3, 3*4(sp)
    sw      x4, 4*4(sp)
    sw      x5, 5*4(sp)
    sw      x6, 6*4(sp)
    sw      x7, 7*4(sp)
    sw      x8, 8*4(sp)
    sw      x9, 9*4(sp)
    sw      x10, 10*4(sp)
    sw      x11, 11*4(sp)
    sw      x12, 12*4(sp)
    sw      x13, 13*4(sp)
    sw      x14, 14*4(sp)
    sw      x15, 15*4(sp)
    sw      x16, 16*4(sp)
    sw      x17, 17*4(sp)
    sw      x18, 18*4(sp)
    sw      x19, 19*4(sp)
    sw      x20, 20*4(sp)
    sw      x21, 21*4(sp)
    sw      x22, 22*4(sp)
    sw      x23, 23*4(sp)
    sw      x24, 24*4(sp)
    sw      x25, 25*4(sp)
    sw      x26, 26*4(sp)
    sw      x27, 27*4(sp)
    sw      x28, 28*4(sp)
    sw      x29, 29*4(sp)
    sw      x30, 30*4(sp)
    sw      x31, 31*4(sp)
    csrr    t0, mcause
    li      t1, MCAUSE_INTERRUPT | MCAUSE_M_TIMER
    beq     t0, t1, shim_timer_interrupt
    li      t1, MCAUSE_S_ECALL
    beq     t0, t1, shim_sbi_call
    j       shim_fatal_trap

# The M timer fired: hand it to the kernel as an S timer interrupt.
shim_timer_interrupt:
    li      t0, MIE_MTIE
    csrc    mie, t0                     # mtip stays high until mtimecmp moves: mask it
    li      t0, MIP_STIP
    csrs    mip, t0                     # M-mode may write mip.STIP; the kernel sees it in sip
    j       shim_trap_return

# shim_sbi_call: dispatch on the extension ID. In: a7 = EID, a6 = FID, a0..a5 = arguments
# exactly as the kernel left them. Each handler ends in shim_sbi_return with a0 = error,
# a1 = value, and may use any other register (all are restored).
shim_sbi_call:
    csrr    t0, mepc
    addi    t0, t0, 4
    csrw    mepc, t0                    # resume after the ecall instruction
    li      t0, SBI_EXT_BASE
    beq     a7, t0, shim_base
    li      t0, SBI_EXT_LEGACY_PUTCHAR
    beq     a7, t0, shim_legacy_putchar
    li      t0, SBI_EXT_LEGACY_GETCHAR
    beq     a7, t0, shim_legacy_getchar
    li      t0, SBI_EXT_DBCN
    beq     a7, t0, shim_dbcn
    li      t0, SBI_EXT_TIME
    beq     a7, t0, shim_time
    li      t0, SBI_EXT_SRST
    beq     a7, t0, shim_srst
shim_not_supported:
    li      a0, SBI_ERR_NOT_SUPPORTED
    li      a1, 0
shim_sbi_return:
    sw      a0, 10*4(sp)                # the results replace the saved a0/a1
    sw      a1, 11*4(sp)
shim_trap_return:
    lw      x1, 1*4(sp)
    lw      x3, 3*4(sp)
    lw      x4, 4*4(sp)
    lw      x5, 5*4(sp)
    lw      x6, 6*4(sp)
    lw      x7, 7*4(sp)
    lw      x8, 8*4(sp)
    lw      x9, 9*4(sp)
    lw      x10, 10*4(sp)
    lw      x11, 11*4(sp)
    lw      x12, 12*4(sp)
    lw      x13, 13*4(sp)
    lw      x14, 14*4(sp)
    lw      x15, 15*4(sp)
    lw      x16, 16*4(sp)
    lw      x17, 17*4(sp)
    lw      x18, 18*4(sp)
    lw      x19, 19*4(sp)
    lw      x20, 20*4(sp)
    lw      x21, 21*4(sp)
    lw      x22, 22*4(sp)
    lw      x23, 23*4(sp)
    lw      x24, 24*4(sp)
    lw      x25, 25*4(sp)
    lw      x26, 26*4(sp)
    lw      x27, 27*4(sp)
    lw      x28, 28*4(sp)
    lw      x29, 29*4(sp)
    lw      x30, 30*4(sp)
    lw      x31, 31*4(sp)
    addi    sp, sp, SHIM_FRAME_SIZE
    csrrw   sp, mscratch, sp            # back to the interrupted sp; mscratch = shim stack
    mret                                # to the mode in mstatus.MPP, at mepc

# --- BASE (EID 0x10) ---
shim_base:
    li      a0, SBI_SUCCESS
    li      t0, SBI_BASE_GET_SPEC_VERSION
    beq     a6, t0, 1f
    li      t0, SBI_BASE_GET_IMPL_ID
    beq     a6, t0, 2f
    li      t0, SBI_BASE_GET_IMPL_VERSION
    beq     a6, t0, 3f
    li      t0, SBI_BASE_PROBE_EXTENSION
    beq     a6, t0, 4f
    li      t0, SBI_BASE_GET_MVENDORID
    beq     a6, t0, 5f
    li      t0, SBI_BASE_GET_MARCHID
    beq     a6, t0, 6f
    li      t0, SBI_BASE_GET_MIMPID
    beq     a6, t0, 7f
    j       shim_not_supported
1:  li      a1, SBI_SPEC_VERSION_2_0
    j       shim_sbi_return
2:  li      a1, SHIM_IMPL_ID
    j       shim_sbi_return
3:  li      a1, SHIM_IMPL_VERSION
    j       shim_sbi_return
4:  lw      t1, 10*4(sp)                # t1 = the EID asked about (the caller's a0)
    li      a1, 1
    li      t0, SBI_EXT_BASE
    beq     t1, t0, shim_sbi_return
    li      t0, SBI_EXT_LEGACY_PUTCHAR
    beq     t1, t0, shim_sbi_return
    li      t0, SBI_EXT_LEGACY_GETCHAR
    beq     t1, t0, shim_sbi_return
    li      t0, SBI_EXT_DBCN
    beq     t1, t0, shim_sbi_return
    li      t0, SBI_EXT_TIME
    beq     t1, t0, shim_sbi_return
    li      t0, SBI_EXT_SRST
    beq     t1, t0, shim_sbi_return
    li      a1, 0                       # probe answers 0 for an absent extension
    j       shim_sbi_return
5:  csrr    a1, mvendorid
    j       shim_sbi_return
6:  csrr    a1, marchid
    j       shim_sbi_return
7:  csrr    a1, mimpid
    j       shim_sbi_return

# --- legacy console (EIDs 0x01, 0x02): result in a0 only, a1 is left as it was ---
shim_legacy_putchar:
    call    shim_uart_putc              # a0 = the byte
    li      a0, 0
    j       shim_sbi_return
shim_legacy_getchar:
    call    shim_uart_getc              # a0 = byte or -1
    j       shim_sbi_return

# --- DBCN: the buffer is a physical address; M-mode runs with paging off, so we read it directly ---
shim_dbcn:
    li      t0, SBI_DBCN_CONSOLE_WRITE
    beq     a6, t0, shim_dbcn_write
    li      t0, SBI_DBCN_CONSOLE_READ
    beq     a6, t0, shim_dbcn_read
    li      t0, SBI_DBCN_CONSOLE_WRITE_BYTE
    beq     a6, t0, shim_dbcn_write_byte
    j       shim_not_supported

# console_write(a0 = bytes, a1 = address low, a2 = address high) -> a1 = bytes written
shim_dbcn_write:
    bnez    a2, shim_invalid_param      # a 32-bit hart cannot reach above 4 GiB
    mv      s0, a1                      # s0 = next byte
    add     s1, a1, a0                  # s1 = end
    bltu    s1, s0, shim_invalid_param  # the range wraps around
    mv      s2, a0                      # s2 = count
1:  beq     s0, s1, 2f
    lbu     a0, 0(s0)
    call    shim_uart_putc
    addi    s0, s0, 1
    j       1b
2:  li      a0, SBI_SUCCESS
    mv      a1, s2
    j       shim_sbi_return

# console_read(a0 = bytes, a1 = address low, a2 = address high) -> a1 = bytes read (may be 0)
shim_dbcn_read:
    bnez    a2, shim_invalid_param
    mv      s0, a1                      # s0 = next byte
    add     s1, a1, a0                  # s1 = end
    bltu    s1, s0, shim_invalid_param
1:  beq     s0, s1, 2f
    call    shim_uart_getc
    bltz    a0, 2f                      # nothing more waiting
    sb      a0, 0(s0)
    addi    s0, s0, 1
    j       1b
2:  li      a0, SBI_SUCCESS
    lw      t0, 11*4(sp)                # the caller's address low
    sub     a1, s0, t0
    j       shim_sbi_return

# console_write_byte(a0 = byte)
shim_dbcn_write_byte:
    call    shim_uart_putc
    li      a0, SBI_SUCCESS
    li      a1, 0
    j       shim_sbi_return

shim_invalid_param:
    li      a0, SBI_ERR_INVALID_PARAM
    li      a1, 0
    j       shim_sbi_return

# --- TIME: set_timer(a0 = stime_value low, a1 = high) ---
shim_time:
    bnez    a6, shim_not_supported
    li      t0, CLINT_MTIMECMP
    li      t1, -1
    sw      t1, 4(t0)                   # high word first at the maximum, so no interrupt fires
    sw      a0, 0(t0)                   #   while mtimecmp holds half old, half new
    sw      a1, 4(t0)
    li      t0, MIP_STIP
    csrc    mip, t0                     # the kernel's previous timer interrupt is answered
    li      t0, MIE_MTIE
    csrs    mie, t0                     # fire (in M) when mtime >= mtimecmp
    li      a0, SBI_SUCCESS
    li      a1, 0
    j       shim_sbi_return

# --- SRST: system_reset(a0 = type, a1 = reason); does not return on success ---
shim_srst:
    bnez    a6, shim_not_supported
    li      t0, SBI_SRST_TYPE_WARM_REBOOT
    bgtu    a0, t0, shim_invalid_param
    li      t0, FINISHER_RESET
    bnez    a0, 2f                      # cold or warm reboot
    li      t0, FINISHER_PASS
    beqz    a1, 2f                      # shutdown, no reason: the run passed
    li      t1, 0xFFFF
    and     t1, a1, t1                  # exit code = the reason's low 16 bits
    bnez    t1, 1f                      #   (SYSTEM_FAILURE gives 1),
    li      t1, 1                       #   never 0, which would read as a pass
1:  slli    t1, t1, 16
    li      t0, FINISHER_FAIL
    or      t0, t0, t1
2:  li      t1, FINISHER_BASE
    sw      t0, 0(t1)                   # the machine stops here
    j       shim_park

# A trap the shim cannot serve (for example an ecall from M-mode, or an exception the
# kernel did not get by delegation): report it on the UART and fail the run.
shim_fatal_trap:
    la      a0, shim_msg_fatal
    call    shim_uart_puts
    csrr    a0, mcause
    call    shim_uart_puthex
    la      a0, shim_msg_mepc
    call    shim_uart_puts
    csrr    a0, mepc
    call    shim_uart_puthex
    la      a0, shim_msg_mtval
    call    shim_uart_puts
    csrr    a0, mtval
    call    shim_uart_puthex
    li      a0, 10                      # '\n'
    call    shim_uart_putc
    li      t0, (SHIM_FATAL_CODE << 16) | FINISHER_FAIL
    li      t1, FINISHER_BASE
    sw      t0, 0(t1)
    j       shim_park

# --- UART helpers (leaf routines unless noted; they use t0..t3 and a0) ---

# shim_uart_putc(a0 = byte): wait until the transmitter has room, then send.
shim_uart_putc:
    li      t0, UART_BASE
1:  lbu     t1, UART_LSR(t0)
    andi    t1, t1, UART_LSR_THRE
    beqz    t1, 1b
    sb      a0, UART_THR(t0)
    ret

# shim_uart_getc() -> a0 = received byte, or -1 if none is waiting
shim_uart_getc:
    li      t0, UART_BASE
    lbu     t1, UART_LSR(t0)
    andi    t1, t1, UART_LSR_DR
    li      a0, -1
    beqz    t1, 1f
    lbu     a0, UART_RBR(t0)
1:  ret

# shim_uart_puts(a0 = NUL-terminated string); calls shim_uart_putc, keeps ra in t3
shim_uart_puts:
    mv      t3, ra
    mv      t2, a0
1:  lbu     a0, 0(t2)
    beqz    a0, 2f
    call    shim_uart_putc
    addi    t2, t2, 1
    j       1b
2:  mv      ra, t3
    ret

# shim_uart_puthex(a0 = value): "0x" and 8 hex digits; keeps ra in t3
shim_uart_puthex:
    mv      t3, ra
    mv      t2, a0
    li      a0, 48                      # '0'
    call    shim_uart_putc
    li      a0, 120                     # 'x'
    call    shim_uart_putc
    li      a2, 8                       # a2 = digits left
1:  srli    a0, t2, 28                  # top nibble
    slli    t2, t2, 4
    addi    a0, a0, 48                  # '0'..'9'
    li      t0, 58
    bltu    a0, t0, 2f
    addi    a0, a0, 39                  # 'a'..'f' (58 + 39 = 97 = 'a')
2:  call    shim_uart_putc
    addi    a2, a2, -1
    bnez    a2, 1b
    mv      ra, t3
    ret

# The shim's strings and stack stay in .text too: everything the firmware owns lies
# before kernel_entry, and everything from kernel_entry on is the kernel's. (Writing a
# stack in .text is fine here: M-mode runs untranslated, and RAM takes writes anywhere.)
shim_msg_fatal: .asciz "sbi: fatal trap, mcause "
shim_msg_mepc:  .asciz " mepc "
shim_msg_mtval: .asciz " mtval "
    .balign 16
shim_stack:
    .space  SHIM_STACK_SIZE
shim_stack_top:
