# vcpu.s - the world switch: into the guest with sret, back to us with a trap.
#
# Hardware rules (H extension):
#   - sret in HS-mode with hstatus.SPV = 1 sets V = 1 and goes to sepc in the mode held in
#     sstatus.SPP: VS-mode (1) or VU-mode (0). The guest then runs on the real hart.
#   - A trap the guest does not handle itself (not in hedeleg/hideleg) comes to HS-mode:
#     V = 0, stvec, sepc = the guest's pc, scause, stval; hstatus.SPV = 1 and sstatus.SPP
#     = the guest's mode, so a plain sret resumes the guest exactly where it was. For a
#     guest-page fault htval holds the guest-physical address (shifted right by 2).
#   - Our interrupts (HS-level) are always enabled while V = 1, whatever sstatus.SIE says.
#
# Convention (the kernel's, trap.s): while the guest runs, sscratch holds the vCPU's frame;
# while we run, sscratch is 0, and a trap that finds 0 there is a bug of ours.

    .section .text

# vcpu_run: load the guest's registers from the frame and resume it. Does not return.
vcpu_run:
    la      sp, vcpu
    lw      t0, VCPU_PC(sp)
    csrw    sepc, t0
    csrw    sscratch, sp                # for the next exit
    .irp    n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    lw      x\n, \n*4(sp)
    .endr
    lw      sp, VCPU_SP(sp)             # the guest's sp last: it was our pointer
    sret

# hyper_trap: stvec points here; every exit enters here.
    .balign 4
hyper_trap:
    csrrw   sp, sscratch, sp            # sp = the vCPU's frame, sscratch = the guest's sp
    beqz    sp, hyper_fault
    .irp    n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sw      x\n, \n*4(sp)
    .endr
    csrr    t0, sscratch
    sw      t0, VCPU_SP(sp)             # the guest's sp
    csrr    t0, sepc
    sw      t0, VCPU_PC(sp)
    csrw    sscratch, zero              # from here on a trap is a bug of ours
    la      sp, hyper_stack_top
    call    handle_exit
    j       vcpu_run

# handle_exit(): why did the guest stop? Call the handler of that exit; they all return
# here with the vCPU's frame ready to resume (its pc moved on where the exit was served).
handle_exit:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    csrr    a0, scause
    li      t0, SCAUSE_INTERRUPT | IRQ_S_TIMER
    beq     a0, t0, 1f
    li      t0, CAUSE_VS_ECALL
    beq     a0, t0, 2f
    li      t0, CAUSE_FETCH_GUEST_PAGE_FAULT
    beq     a0, t0, 3f
    li      t0, CAUSE_LOAD_GUEST_PAGE_FAULT
    beq     a0, t0, 3f
    li      t0, CAUSE_STORE_GUEST_PAGE_FAULT
    beq     a0, t0, 3f
    li      t0, CAUSE_VIRTUAL_INSTRUCTION
    beq     a0, t0, 4f
    j       hyper_unexpected_exit
1:  call    vtimer_interrupt
    j       5f
2:  call    vsbi_call
    j       5f
3:  call    guest_page_fault
    j       5f
4:  call    virtual_instruction
5:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# A trap in the hypervisor itself (sscratch was 0): report it and stop the machine.
hyper_fault:
    csrrw   sp, sscratch, sp            # back to our own sp; sscratch = 0 again
    la      a0, msg_hyper_fault
    j       hyper_die

# An exit we have no handler for (hedeleg/hideleg should have kept it in the guest).
hyper_unexpected_exit:
    la      a0, msg_unexpected_exit

# hyper_die(a0 = message): "hyper: <message> scause .. sepc .. stval ..", power off failing.
hyper_die:
    call    kput_str
    la      a0, msg_scause
    call    kput_str
    csrr    a0, scause
    call    kput_hex
    la      a0, msg_sepc
    call    kput_str
    csrr    a0, sepc
    call    kput_hex
    la      a0, msg_stval
    call    kput_str
    csrr    a0, stval
    call    kput_hex
    call    kput_newline
    li      a0, SBI_SRST_REASON_SYSTEM_FAILURE
    call    sbi_shutdown                # does not return

    .section .rodata
msg_hyper_fault:     .asciz "hyper: fatal trap in the hypervisor:"
msg_unexpected_exit: .asciz "hyper: unexpected exit:"
msg_scause:          .asciz " scause "
msg_sepc:            .asciz " sepc "
msg_stval:           .asciz " stval "

    .section .bss
    .balign 4
vcpu:                                   # the guest's registers while we run
    .space  VCPU_SIZE
