# Differential corpus: every instruction of the table, every pseudo-instruction and the
# directives, assembled by vmsh and by GNU as + ld; the loaded bytes must be identical.
        .option nopic
        .attribute stack_align, 16       # bookkeeping GNU as records and vmsh ignores (the arch comes from -march)
        .file   "corpus.s"
        .section .text.init,"ax",@progbits
        .globl  _start
        .type   _start, @function
_start:
        la      sp, stack_top
        call    main
        tail    done
        .size   _start, .-_start

        .text
        .equ    UART, 0x10000000
        .set    COUNT, 3
        LIMIT = COUNT * 4 + 1
        .equ    MASK, (1 << 12) - 1
        .globl  main
main:
        # ---- RV32I, every instruction ----
        lui     a0, 0x12345
        lui     a1, %hi(table)
        auipc   t0, 0x1
        jal     ra, leaf
        jal     leaf
        jalr    ra, 8(a0)
        jalr    a0
        jalr    zero, a1, -4
        jalr    t1, 0(t2)
        beq     a0, a1, 1f
        bne     a0, a1, 1f
        blt     a0, a1, 1f
        bge     a0, a1, 1f
        bltu    a0, a1, 1f
        bgeu    a0, a1, 1f
1:      lb      a0, -4(sp)
        lh      a0, 2(a1)
        lw      a0, 8(sp)
        lbu     a0, 0(a1)
        lhu     a0, 6(a1)
        lw      a2, (a3)
        sb      a0, 1(a1)
        sh      a0, -2(a1)
        sw      ra, 12(sp)
        sw      s0, %lo(table)(a1)
        addi    a0, a1, -42
        addi    a0, a0, 0x7ff
        addi    a0, a0, -2048
        slti    a0, a1, 10
        sltiu   a0, a1, 10
        xori    a0, a1, 255
        ori     a0, a1, 16
        andi    a0, a1, 15
        slli    a0, a1, 3
        srli    a0, a1, 31
        srai    a0, a1, 3
        add     a0, a1, a2
        sub     a0, a1, a2
        sll     a0, a1, a2
        slt     a0, a1, a2
        sltu    a0, a1, a2
        xor     a0, a1, a2
        srl     a0, a1, a2
        sra     a0, a1, a2
        or      a0, a1, a2
        and     a0, a1, a2
        add     a0, a1, 5
        and     t0, t1, -1
        fence   rw, rw
        fence   iorw, iorw
        fence   r, w
        fence   i, o
        fence
        fence.tso
        ecall
        ebreak
        # ---- Zifencei, Zicsr ----
        fence.i
        csrrw   t0, mscratch, t1
        csrrs   t0, mstatus, t1
        csrrc   t0, mie, t1
        csrrwi  t0, mscratch, 5
        csrrsi  t0, mstatus, 8
        csrrci  t0, mstatus, 31
        csrrw   a0, 0x7c0, a1
        csrrs   a0, satp, zero
        csrrw   a0, mscratch, 7
        # ---- M ----
        mul     a0, a1, a2
        mulh    a0, a1, a2
        mulhsu  a0, a1, a2
        mulhu   a0, a1, a2
        div     a0, a1, a2
        divu    a0, a1, a2
        rem     a0, a1, a2
        remu    a0, a1, a2
        # ---- A, with every ordering ----
        lr.w    a0, (a1)
        lr.w.aq a0, (a1)
        lr.w.rl a0, 0(a1)
        lr.w.aqrl a0, (a1)
        sc.w    a0, a2, (a1)
        sc.w.rl a0, a2, (a1)
        amoswap.w a0, a2, (a1)
        amoswap.w.aq a0, a2, (a1)
        amoadd.w a0, a2, (a1)
        amoadd.w.aqrl a0, a2, (a1)
        amoxor.w a0, a2, (a1)
        amoand.w a0, a2, (a1)
        amoor.w a0, a2, (a1)
        amomin.w a0, a2, (a1)
        amomax.w a0, a2, (a1)
        amominu.w a0, a2, (a1)
        amomaxu.w a0, a2, (a1)
        amomaxu.w.rl a0, a2, (a1)
        # ---- privileged ----
        sret
        mret
        wfi
        sfence.vma
        sfence.vma a0
        sfence.vma a0, a1
        # ---- hypervisor ----
        hfence.vvma
        hfence.vvma a0
        hfence.vvma a0, a1
        hfence.gvma
        hfence.gvma a0, a1
        hlv.b   a0, (a1)
        hlv.bu  a0, (a1)
        hlv.h   a0, (a1)
        hlv.hu  a0, (a1)
        hlvx.hu a0, (a1)
        hlv.w   a0, (a1)
        hlvx.wu a0, (a1)
        hsv.b   a0, (a1)
        hsv.h   a0, (a1)
        hsv.w   a0, (a1)
        # ---- Zba ----
        sh1add  a0, a1, a2
        sh2add  t0, t1, t2
        sh3add  s0, s1, a5
        # ---- Zbb ----
        andn    a0, a1, a2
        orn     a0, a1, a2
        xnor    a0, a1, a2
        min     a0, a1, a2
        max     a0, a1, a2
        minu    a0, a1, a2
        maxu    a0, a1, a2
        clz     a0, a1
        ctz     t0, t1
        cpop    s1, s2
        sext.b  a0, a1
        sext.h  a0, a1
        zext.h  a0, a1
        rev8    a0, a1
        orc.b   a0, a1
        rol     a0, a1, a2
        ror     a0, a1, a2
        rori    a0, a1, 0
        rori    a0, a1, 31
        ror     a0, a1, 7
        # ---- register names ----
        add     x0, x1, x2
        add     x31, x30, x29
        add     zero, ra, sp
        add     gp, tp, fp
        add     s0, s1, s11
        add     t3, t4, t6
        add     a6, a7, s10
        # ---- pseudo-instructions ----
        nop
        li      a0, 0
        li      a0, 2047
        li      a0, -2048
        li      a0, 2048
        li      a0, 0x800
        li      a0, 0x12345678
        li      a0, 0x12345000
        li      a0, 0x7ffff800
        li      a0, 0x80000000
        li      a0, 0xffffffff
        li      a0, 0xfffff800
        li      a0, -0x80000000
        li      a0, -1
        li      a0, 'A'
        li      a1, UART
        li      a2, LIMIT
        li      a3, MASK
        li      a4, ~0x0f & 0xff
        li      a5, -7 / 2
        li      a5, 1 << 3 + 1
        li      t0, COUNT
        la      a0, message
        lla     a1, table
        la      a2, UART
        lw      a3, word_value
        lh      a3, word_value
        lhu     a3, word_value
        lb      a3, message
        lbu     a3, message + 1
        sw      a3, counter, t0
        sh      a3, counter, t1
        sb      a3, counter + 2, t2
        mv      a0, a1
        not     a0, a1
        neg     a0, a1
        seqz    a0, a1
        snez    a0, a1
        sltz    a0, a1
        sgtz    a0, a1
        sgt     a0, a1, a2
        sgtu    a0, a1, a2
        zext.b  a0, a1
        .option push
        .option arch, -zbb
        sext.b  a0, a1
        sext.h  a0, a1
        zext.h  a0, a1
        .option pop
2:      beqz    a0, 2b
        bnez    a0, 2b
        blez    a0, 2f
        bgez    a0, 2f
        bltz    a0, 2f
        bgtz    a0, 2f
        bgt     a0, a1, 2b
        ble     a0, a1, 2f
        bgtu    a0, a1, 2b
        bleu    a0, a1, 2f
2:      j       3f
        jal     3f
        jr      t0
        jr      4(t0)
        jalr    t1
        jalr    8(t1)
3:      call    leaf
        call    a0, leaf
        tail    leaf
        jump    leaf, t3
        ret
        unimp
        scall
        sbreak
        rdcycle a0
        rdcycleh a0
        rdtime  a1
        rdtimeh a1
        rdinstret a2
        rdinstreth a2
        csrr    a0, mstatus
        csrr    a0, 0xf14
        csrw    mtvec, t0
        csrw    mscratch, 3
        csrs    mstatus, t0
        csrs    mie, 8
        csrc    mstatus, t0
        csrc    mip, 2
        csrwi   mscratch, 5
        csrsi   mstatus, 8
        csrci   mstatus, 8
        csrr    t0, hgatp
        csrw    vsatp, t0
        csrr    t1, cycle
        # ---- %hi / %lo / %pcrel ----
        lui     a0, %hi(message)
        addi    a0, a0, %lo(message)
        lui     a1, %hi(table + 8)
        lw      a1, %lo(table + 8)(a1)
.Lpcrel0:
        auipc   a0, %pcrel_hi(message)
        addi    a0, a0, %pcrel_lo(.Lpcrel0)
4:      auipc   a1, %pcrel_hi(word_value)
        lw      a1, %pcrel_lo(4b)(a1)
        sw      a1, %pcrel_lo(4b)(a1)
        # ---- a macro ----
        .macro  push reg, slot=0
        sw      \reg, (\slot * 4)(sp)
        .endm
        push    ra
        push    s0, 1
        .rept   3
        addi    a0, a0, 1
        .endr
        .irp    r, t0, t1, t2
        mv      \r, zero
        .endr
        # ---- conditional assembly (symbols defined before the test) ----
        .equ    BUILD_FLAVOUR, 2
        .ifndef BUILD_FLAVOUR
        .error  "never: the symbol is defined"
        .endif
        .if     BUILD_FLAVOUR == 1
        addi    a0, a0, 101
        .elseif BUILD_FLAVOUR == 2
        addi    a0, a0, 102
        .else
        addi    a0, a0, 103
        .endif
        .if     0
        .if     undefined_here          # not evaluated inside a branch not taken
        .endif
        addi    a0, a0, 104
        .else
        .ifdef  corpus_later_label      # defined after this point: false
        addi    a0, a0, 105
        .else
        addi    a0, a0, 106
        .endif
        .endif
        .ifeq   BUILD_FLAVOUR - 2 ; addi a1, a1, 1 ; .endif
        .ifne   BUILD_FLAVOUR - 2
        addi    a1, a1, 2
        .endif
        .ifgt   BUILD_FLAVOUR - 1
        addi    a1, a1, 3
        .endif
        .ifge   BUILD_FLAVOUR - 3
        addi    a1, a1, 4
        .endif
        .iflt   -BUILD_FLAVOUR
        addi    a1, a1, 5
        .endif
        .ifle   BUILD_FLAVOUR
        addi    a1, a1, 6
        .endif
        .ifnotdef no_such_symbol
        addi    a1, a1, 7
        .endif
        .ifeqs  "pv", "pv"
        addi    a1, a1, 8
        .endif
        .ifnes  "pv", "native"
        addi    a1, a1, 9
        .endif
        .macro  pick reg, value, scratch
        .ifb    \scratch
        addi    \reg, \reg, \value
        .else
        li      \scratch, \value
        add     \reg, \reg, \scratch
        .endif
        .ifc    \reg, a2
        addi    a2, a2, 1
        .exitm
        .endif
        addi    \reg, \reg, 2
        .endm
        pick    a2, 10
        pick    a3, 20, t0
        .ifnc   "a2", a2
        addi    a4, a4, 1
        .endif
        .macro  gone
        nop
        .endm
        .purgem gone
        .ifdef  main
        addi    a4, a4, 2                # a label defined earlier
        .endif
        .warning "kept going"
corpus_later_label:
        ; addi a0, a0, 1 ; addi a0, a0, 2
        /* a block comment
           over lines */ addi a0, a0, 3 # a line comment
        j       main

        # ---- alignment in code: zero byte, c.nop, then nops, as GNU as pads ----
        .byte   1
        .p2align 3
        .half   7
        .p2align 4
        .byte   1, 2, 3
        .balign 8
        .p2align 5,,8
        .balign 8, 0x99
        .align  2
leaf:   addi    a0, a0, 1 ; ret
done:   j       done

        .include "corpus_inc.s"

        # ---- data and its directives ----
        .section .rodata
        .p2align 2
message:
        .string "hello\tworld\n"
        .asciz  "q\"uote\\", "\x41\101"
        .ascii  "no nul"
        .balign 4
word_value:
        .word   0xdeadbeef, -1, message, LIMIT, 'z', . - word_value
        .4byte  1
        .long   2
        .int    3
        .half   0x1234, -2
        .2byte  5
        .short  6
        .byte   1, 2, 3, 255, -128
        .align  3
        .dword  0x0123456789abcdef
        .8byte  -1
        .quad   message
        .zero   3
        .space  2, 0x55
        .skip   1
        .fill   3, 2, 0x1234
        .balign 16, 0xaa
        .p2align 3,,4
        .byte   9
        .p2align 4, 0x11, 2
        .byte   10
        .section .rodata.str1.4,"aMS",@progbits,1
        .align  2
.LC0:   .string "merged"

        .data
        .align  2
table:  .word   1, 2, 3, 4, 5
        .org    table + 32, 0xee
        .word   table, table + 4, end_of_text - _start
        .section .sdata,"aw"
        .align  2
pointer: .word  .LC0

        .bss
        .align  4
counter: .zero  16
        .section .sbss,"aw",@nobits
        .align  2
small:  .zero   4
        .bss
        .align  4
stack:  .space  1024
stack_top:

        .text
end_of_text:
        nop
        .lcomm  scratch, 64
