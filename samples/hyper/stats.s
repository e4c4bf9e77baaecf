# stats.s - exits by kind, and the summary printed when the guest powers off.
#
# "hyper: guest powered off: 28 sbi, 21 guest-page fault, 0 virtual instruction exits"
# The summary leaves out the timer's exits (EXIT_SBI_TIMER, EXIT_TIMER): their number
# follows the guest's time slices, which depend on how fast the machine is, so the console
# stays the same on every machine. They stay in hyper_exits for a debugger or a script.

    .section .text

# count_exit(a0 = EXIT_* kind). Leaf; changes t0 and t1 only.
count_exit:
    la      t0, hyper_exits
    slli    a0, a0, 2
    add     t0, t0, a0
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    ret

# print_exit_summary(): the line above.
print_exit_summary:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, msg_powered_off
    call    kput_str
    li      a0, EXIT_SBI
    la      a1, msg_sbi
    call    put_count
    li      a0, EXIT_GUEST_PAGE_FAULT
    la      a1, msg_guest_page_fault
    call    put_count
    li      a0, EXIT_VIRTUAL_INSTRUCTION
    la      a1, msg_virtual_instruction
    call    put_count
    call    kput_newline
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# put_count(a0 = kind, a1 = its name): "<count><name>" on the line
put_count:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a1
    la      t0, hyper_exits
    slli    a0, a0, 2
    add     t0, t0, a0
    lw      a0, 0(t0)
    call    kput_dec
    mv      a0, s0
    call    kput_str
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

    .section .rodata
msg_powered_off:         .asciz "hyper: guest powered off: "
msg_sbi:                 .asciz " sbi, "
msg_guest_page_fault:    .asciz " guest-page fault, "
msg_virtual_instruction: .asciz " virtual instruction exits"

    .section .data
    .balign 4
hyper_exits:                            # one count per EXIT_* kind
    .space  EXIT_KINDS * 4
