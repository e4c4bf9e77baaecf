# pgfault.s - Adams and Agesen's "pgfault": a user process touches a page its kernel has
# not mapped yet, and the kernel maps it.
#
# The process stores into micro_iterations pages of its demand region, one after the
# other; each store faults, the kernel takes a page, writes the PTE, fences the page and
# returns, and the store goes through. A shadow-paging VMM sees the guest's fault, the
# guest kernel's PTE write (a traced page table) and fence, and then a hidden fault to
# fill its shadow; nested paging sees none of it, only the first touch of each new page
# in the G-stage.
#
# expect-exit: 0
# expect-output:
# | pgfault: 1000 page faults

.include "micro.s"

    .section .text
# micro_main(a0 = iterations) -> a0 = pages mapped on demand
micro_main:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0
    call    vm_init
    la      a0, pgfault_user
    la      a1, pgfault_user_end
    mv      a2, s0
    call    process_run                 # -> pages it touched
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# The process: a0 = pages to touch, from PROC_DEMAND up.
pgfault_user:
    li      t0, PROC_DEMAND
    li      t1, PAGE_SIZE
    li      t2, 0                       # t2 = pages touched
1:  beq     t2, a0, 2f
    sw      t2, 0(t0)                   # faults: the kernel maps the page
    lw      t3, 0(t0)
    bne     t3, t2, 3f
    add     t0, t0, t1
    addi    t2, t2, 1
    j       1b
2:  mv      a0, t2
    li      a7, PSYS_EXIT
    ecall
3:  li      a0, -1                      # a page did not keep what was stored
    li      a7, PSYS_EXIT
    ecall
pgfault_user_end:

    .section .rodata
micro_name: .asciz "pgfault"
micro_unit: .asciz "page faults"

.include "micro_end.s"
