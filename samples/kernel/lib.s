# lib.s - printing helpers and memory copy for the kernel.
#
# Kernel messages are built piece by piece in a line buffer (kput_str, kput_hex, kput_dec)
# and leave with kput_newline, as one SBI console write: one line, one call, never torn.
#
# Calling convention: arguments in a0.., t* and a* registers may change, s* are kept.

    .section .text

# kput_char(a0 = byte): append to the line; a full line drops further bytes. Leaf.
kput_char:
    la      t0, line_length
    lw      t1, 0(t0)
    li      t2, LINE_MAX - 1            # keep room for the newline
    bgeu    t1, t2, 1f
    la      t2, line_buffer
    add     t2, t2, t1
    sb      a0, 0(t2)
    addi    t1, t1, 1
    sw      t1, 0(t0)
1:  ret

# kput_str(a0 = NUL-terminated string)
kput_str:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0                      # s0 = next character
1:  lbu     a0, 0(s0)
    beqz    a0, 2f
    call    kput_char
    addi    s0, s0, 1
    j       1b
2:  lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# kput_hex(a0 = value): "0x" and 8 hex digits
kput_hex:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    mv      s0, a0                      # s0 = value, consumed from the top nibble
    li      s1, 8                       # s1 = digits left
    li      a0, 48                      # '0'
    call    kput_char
    li      a0, 120                     # 'x'
    call    kput_char
1:  srli    a0, s0, 28
    slli    s0, s0, 4
    la      t0, hex_digits
    add     t0, t0, a0
    lbu     a0, 0(t0)
    call    kput_char
    addi    s1, s1, -1
    bnez    s1, 1b
    lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# kput_dec(a0 = value): unsigned decimal
kput_dec:
    addi    sp, sp, -32
    sw      ra, 28(sp)
    sw      s1, 24(sp)
    mv      s1, sp                      # s1 = end of the digits stored from 0(sp) up
    li      t1, 10
1:  remu    t0, a0, t1                  # digits come out lowest first:
    divu    a0, a0, t1                  #   store them upward, print them downward
    addi    t0, t0, 48                  # '0'
    sb      t0, 0(s1)
    addi    s1, s1, 1
    bnez    a0, 1b
2:  addi    s1, s1, -1
    lbu     a0, 0(s1)
    call    kput_char
    bne     s1, sp, 2b
    lw      s1, 24(sp)
    lw      ra, 28(sp)
    addi    sp, sp, 32
    ret

# kput_newline(): end the line and print it with one SBI call
kput_newline:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      t0, line_length
    lw      t1, 0(t0)
    la      a0, line_buffer
    add     t2, a0, t1
    li      t3, 10                      # '\n'
    sb      t3, 0(t2)
    addi    a1, t1, 1
    sw      zero, 0(t0)                 # the buffer is empty again
    call    sbi_console_write
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# kput_task(a0 = task): start a line with "kernel: task <pid>"
kput_task:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0
    la      a0, msg_kernel_task
    call    kput_str
    lw      a0, TASK_PID(s0)
    call    kput_dec
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# panic(a0 = message): print "kernel: panic: <message>" and power off with a failure.
panic:
    mv      s0, a0
    la      a0, msg_panic
    call    kput_str
    mv      a0, s0
    call    kput_str
    call    kput_newline
    li      a0, SBI_SRST_REASON_SYSTEM_FAILURE
    call    sbi_shutdown                # does not return

# memcpy(a0 = destination, a1 = source, a2 = bytes). Leaf.
memcpy:
    add     t0, a1, a2                  # t0 = source end
1:  beq     a1, t0, 2f
    lbu     t1, 0(a1)
    sb      t1, 0(a0)
    addi    a0, a0, 1
    addi    a1, a1, 1
    j       1b
2:  ret

    .section .rodata
hex_digits:      .asciz "0123456789abcdef"
msg_panic:       .asciz "kernel: panic: "
msg_kernel_task: .asciz "kernel: task "

    .section .data
    .balign 4
line_length: .word 0

    .section .bss
line_buffer: .space LINE_MAX
