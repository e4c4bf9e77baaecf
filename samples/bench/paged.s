# paged.s: the CPU benchmark as a U-mode task under Sv32 paging, with 4 KiB pages.
#
# The same program as crt0.s (it includes the same cpubench.s), but main runs in U-mode
# with translation on, so every fetch, load and store goes through the TLB. The M-mode
# start-up builds a two-level Sv32 page table after the end of the image:
#
#   root (1 page)       entry 0x200 -> image table, entry 0x040 -> UART table
#   image table         0x8000_0000 .. image end: 4 KiB pages, identity, V R W X U A D
#   UART table          0x1000_0000: one 4 KiB page, identity, V R W U A D
#
# then sets satp (Sv32, ASID 0), mstatus.MPP = U and mret's to user_start. The task
# clears its .bss, calls main and hands main's return value back with ecall; the M-mode
# trap handler reports it through the test finisher (0x5555 pass, (code<<16)|0x3333 fail;
# any other trap fails with code 0x100 + mcause). A and D are preset, so the walks write
# nothing and the figures are the same with or without hardware A/D updates.
#
#   ./vmsh boot samples/bench/paged.s

        .equ    UART_BASE, 0x10000000
        .equ    STACK_SIZE, 16384
        .equ    PAGE_SIZE, 4096
        .equ    PTE_V, 0x01
        .equ    PTE_USER_RWX, 0xdf          # V R W X U A D
        .equ    PTE_USER_RW, 0xd7           # V R W U A D
        .equ    SATP_SV32, 0x80000000
        .equ    MSTATUS_MPP, 0x1800
        .equ    CAUSE_USER_ECALL, 8

        .text
        .globl  _start
_start:
        la      t0, machine_trap
        csrw    mtvec, t0

        la      s0, image_end               # s0 = root table: the first page after the image
        li      t0, PAGE_SIZE - 1
        add     s0, s0, t0
        li      t0, -PAGE_SIZE
        and     s0, s0, t0
        li      t0, PAGE_SIZE
        add     s1, s0, t0                  # s1 = image table
        add     s2, s1, t0                  # s2 = UART table

        mv      t0, s0                      # zero the three tables
        li      t1, 3 * PAGE_SIZE
        add     t1, s0, t1
1:      sw      zero, 0(t0)
        addi    t0, t0, 4
        bltu    t0, t1, 1b

        li      t0, 0x80000000              # root entries: VPN[1] = va >> 22, a pointer PTE
        srli    t0, t0, 22
        slli    t0, t0, 2
        add     t0, s0, t0
        srli    t1, s1, 12
        slli    t1, t1, 10
        ori     t1, t1, PTE_V
        sw      t1, 0(t0)
        li      t0, UART_BASE
        srli    t0, t0, 22
        slli    t0, t0, 2
        add     t0, s0, t0
        srli    t1, s2, 12
        slli    t1, t1, 10
        ori     t1, t1, PTE_V
        sw      t1, 0(t0)

        li      t0, 0x80000000              # image pages: 0x8000_0000 up to the root table
2:      srli    t1, t0, 12                  # leaf PTE: PPN = va >> 12 (identity)
        slli    t2, t1, 10
        ori     t2, t2, PTE_USER_RWX
        andi    t1, t1, 0x3ff               # VPN[0]
        slli    t1, t1, 2
        add     t1, s1, t1
        sw      t2, 0(t1)
        li      t1, PAGE_SIZE
        add     t0, t0, t1
        bltu    t0, s0, 2b

        li      t0, UART_BASE               # the UART page, so puts_uart works in U-mode
        srli    t1, t0, 12
        slli    t1, t1, 10
        ori     t1, t1, PTE_USER_RW
        sw      t1, 0(s2)

        li      t0, -1                      # PMP: U-mode may reach all of memory (a hart
        csrw    pmpaddr0, t0                #   with PMP, as QEMU's, denies it by default);
        li      t0, 0x1f                    #   entry 0 = NAPOT over everything, R W X
        csrw    pmpcfg0, t0

        srli    t0, s0, 12                  # satp: Sv32, ASID 0, root PPN
        li      t1, SATP_SV32
        or      t0, t0, t1
        csrw    satp, t0
        sfence.vma
        li      t0, MSTATUS_MPP             # mret to U-mode
        csrc    mstatus, t0
        la      t0, user_start
        csrw    mepc, t0
        mret

user_start:                                 # U-mode, paging on
        la      sp, stack_top
        la      t0, bss_start               # zero .bss, a word at a time
        la      t1, bss_end
3:      bgeu    t0, t1, 4f
        sw      zero, 0(t0)
        addi    t0, t0, 4
        j       3b
4:      call    main
        ecall                               # a0 = main's return value

        .balign 4
machine_trap:                               # M-mode: the task's ecall ends the run
        csrr    t0, mcause
        li      t1, CAUSE_USER_ECALL
        beq     t0, t1, 5f
        addi    a0, t0, 0x100               # any other trap: fail with 0x100 + mcause
5:      j       finish                      # a0: the exit code

        .include "../lib/finisher.s"

        .bss
        .balign 16
bss_start:
        .space  STACK_SIZE                  # the stack grows down from stack_top
stack_top:

        .include "cpubench.s"

        .bss                                # after everything the compiler put in .bss
        .balign 4
bss_end:
image_end:
