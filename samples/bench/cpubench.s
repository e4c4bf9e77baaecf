	.file	"cpubench.c"
	.option nopic
	.text
	.align	2
	.type	puts_uart, @function
puts_uart:
	lbu	a3,0(a0)
	beq	a3,zero,.L1
	li	a4,268435456
.L4:
	addi	a0,a0,1
.L3:
	lbu	a5,5(a4)
	andi	a5,a5,32
	beq	a5,zero,.L3
	sb	a3,0(a4)
	lbu	a3,0(a0)
	bne	a3,zero,.L4
.L1:
	ret
	.size	puts_uart, .-puts_uart
	.align	2
	.type	fold, @function
fold:
	srli	a4,a1,8
	andi	a4,a4,0xff
	slli	a4,a4,8
	andi	a5,a1,0xff
	li	a3,-16711680
	or	a5,a5,a4
	addi	a3,a3,-1
	li	a4,16711680
	and	a4,a1,a4
	and	a5,a5,a3
	or	a5,a5,a4
	slli	a5,a5,8
	srli	a4,a1,24
	slli	a4,a4,24
	srli	a5,a5,8
	addi	sp,sp,-16
	or	a5,a5,a4
	li	a3,-306675712
	sw	a5,12(sp)
	not	a0,a0
	addi	a2,sp,12
	addi	a1,sp,16
	addi	a3,a3,800
.L14:
	lbu	a5,0(a2)
	li	a4,8
	xor	a0,a0,a5
.L13:
	andi	a5,a0,1
	neg	a5,a5
	srli	a0,a0,1
	and	a5,a5,a3
	addi	a4,a4,-1
	xor	a0,a0,a5
	bne	a4,zero,.L13
	addi	a2,a2,1
	bne	a1,a2,.L14
	not	a0,a0
	addi	sp,sp,16
	jr	ra
	.size	fold, .-fold
	.align	2
	.type	quicksort, @function
quicksort:
	addi	sp,sp,-32
	sw	s2,16(sp)
	sw	s3,12(sp)
	sw	ra,28(sp)
	sw	s0,24(sp)
	sw	s1,20(sp)
	li	a5,8
	mv	s3,a1
	mv	s2,a0
	ble	a1,a5,.L19
	li	s1,8
.L24:
	srai	a5,s3,1
	slli	a5,a5,2
	add	a5,s2,a5
	lw	a6,0(a5)
	mv	t1,s2
	mv	a3,s3
	li	t3,-1
.L20:
	lw	t4,0(t1)
	addi	t3,t3,1
	blt	t4,a6,.L21
	addi	a4,a3,-1
	slli	a5,a4,2
	add	a5,s2,a5
	j	.L22
.L38:
	addi	a4,a4,-1
.L22:
	lw	a2,0(a5)
	mv	a7,a5
	mv	s0,a3
	addi	a5,a5,-4
	mv	a3,a4
	bgt	a2,a6,.L38
	bge	t3,a4,.L23
	sw	a2,0(t1)
	sw	t4,0(a7)
.L21:
	addi	t1,t1,4
	j	.L20
.L23:
	mv	a0,s2
	mv	a1,s0
	sub	s3,s3,s0
	slli	s0,s0,2
	call	quicksort
	add	s2,s2,s0
	bgt	s3,s1,.L24
.L19:
	li	a5,1
	addi	a0,s2,4
	addi	a1,s3,-1
	li	a6,0
	ble	s3,a5,.L18
.L29:
	lw	a2,0(a0)
	mv	a5,a0
	j	.L26
.L28:
	sw	a4,0(a5)
	addi	a5,a3,-4
	beq	s2,a5,.L31
.L26:
	lw	a4,-4(a5)
	mv	a3,a5
	blt	a2,a4,.L28
	sw	a2,0(a3)
	addi	a6,a6,1
	addi	a0,a0,4
	bne	a1,a6,.L29
.L18:
	lw	ra,28(sp)
	lw	s0,24(sp)
	lw	s1,20(sp)
	lw	s2,16(sp)
	lw	s3,12(sp)
	addi	sp,sp,32
	jr	ra
.L31:
	mv	a3,s2
	sw	a2,0(a3)
	addi	a6,a6,1
	addi	a0,a0,4
	bne	a1,a6,.L29
	j	.L18
	.size	quicksort, .-quicksort
	.section	.rodata.str1.4,"aMS",@progbits,1
	.align	2
.LC0:
	.string	"cpubench: iterations="
	.align	2
.LC1:
	.string	" checksum="
	.align	2
.LC2:
	.string	"0x"
	.align	2
.LC4:
	.string	"\n"
	.align	2
.LC3:
	.string	"0123456789abcdef"
	.text
	.align	2
	.globl	main
	.type	main, @function
main:
	lui	a5,%hi(.LANCHOR1)
	addi	sp,sp,-128
	addi	a5,a5,%lo(.LANCHOR1)
	sw	s11,76(sp)
	sw	a5,20(sp)
	lw	s11,0(a5)
	lui	a5,%hi(.LANCHOR0)
	sw	s10,80(sp)
	sw	ra,124(sp)
	addi	s10,a5,%lo(.LANCHOR0)
	sw	s0,120(sp)
	sw	s1,116(sp)
	sw	s2,112(sp)
	sw	s3,108(sp)
	sw	s4,104(sp)
	sw	s5,100(sp)
	sw	s6,96(sp)
	sw	s7,92(sp)
	sw	s8,88(sp)
	sw	s9,84(sp)
	li	a5,2024
	sw	a5,512(s10)
	beq	s11,zero,.L41
	lui	a5,%hi(.LANCHOR2)
	addi	a4,a5,%lo(.LANCHOR2)
	lui	a5,%hi(.LANCHOR2-1852)
	addi	a5,a5,%lo(.LANCHOR2-1852)
	sw	a5,16(sp)
	lui	a5,%hi(.LANCHOR0+516)
	addi	a5,a5,%lo(.LANCHOR0+516)
	sw	a5,32(sp)
	lui	a5,%hi(.LANCHOR0+1668)
	addi	a5,a5,%lo(.LANCHOR0+1668)
	sw	a5,36(sp)
	lui	a5,%hi(.LANCHOR0+1140)
	addi	a5,a5,%lo(.LANCHOR0+1140)
	sw	a5,40(sp)
	lui	a5,%hi(.LANCHOR0+2292)
	addi	a5,a5,%lo(.LANCHOR0+2292)
	sw	a5,8(sp)
	li	a5,12247040
	lui	s4,%hi(.LANCHOR2-828)
	li	s11,0
	lui	s9,%hi(.LANCHOR0+1092)
	lui	s7,%hi(.LANCHOR0+511)
	lui	s6,%hi(.LANCHOR3)
	li	s3,1662976
	li	s2,1013903360
	li	s8,-306675712
	addi	a5,a5,-1107
	sw	a4,28(sp)
	li	s0,2024
	sw	zero,12(sp)
	addi	s9,s9,%lo(.LANCHOR0+1092)
	addi	s7,s7,%lo(.LANCHOR0+511)
	addi	s6,s6,%lo(.LANCHOR3)
	addi	s5,a4,196
	addi	s3,s3,1549
	addi	s2,s2,863
	addi	s8,s8,800
	addi	s4,s4,%lo(.LANCHOR2-828)
	sw	a5,44(sp)
	mv	a0,s11
.L40:
	lui	a5,%hi(.LANCHOR2-828)
	addi	a3,a5,%lo(.LANCHOR2-828)
	addi	a5,a5,%lo(.LANCHOR2-828)
.L42:
	mul	s0,s0,s3
	addi	a5,a5,1
	add	s0,s0,s2
	srli	a4,s0,24
	sb	a4,-1(a5)
	bne	s5,a5,.L42
	li	a1,-1
.L44:
	lbu	a5,0(a3)
	li	s1,8
	xor	a1,a1,a5
.L43:
	andi	a5,a1,1
	neg	a5,a5
	srli	a1,a1,1
	and	a5,a5,s8
	addi	s1,s1,-1
	xor	a1,a1,a5
	bne	s1,zero,.L43
	addi	a3,a3,1
	bne	s5,a3,.L44
	not	a1,a1
	call	fold
	lw	a5,32(sp)
	addi	a1,s10,1092
	mv	a4,s9
	mv	a3,a5
.L45:
	mv	a7,a4
	addi	a2,a5,48
.L46:
	mul	a6,s0,s3
	addi	a5,a5,4
	addi	a7,a7,4
	add	a6,a6,s2
	mul	t1,a6,s3
	srli	a6,a6,20
	addi	a6,a6,-2048
	sw	a6,-4(a5)
	add	s0,t1,s2
	srli	a6,s0,20
	addi	a6,a6,-2048
	sw	a6,-4(a7)
	bne	a2,a5,.L46
	addi	a4,a4,48
	beq	a2,a1,.L133
	mv	a5,a2
	j	.L45
.L133:
	lw	a5,36(sp)
	mv	a4,a5
.L47:
	mv	a2,s9
	mv	a6,a5
.L51:
	mv	a7,a2
	mv	t3,a3
	li	t4,0
	addi	t6,a2,576
.L48:
	lw	t1,0(t3)
	lw	t5,0(a7)
	addi	a7,a7,48
	addi	t3,t3,4
	mul	t1,t1,t5
	add	t4,t4,t1
	bne	t6,a7,.L48
	lw	a7,40(sp)
	sw	t4,0(a6)
	addi	a2,a2,4
	addi	a6,a6,4
	bne	a7,a2,.L51
	addi	a3,a3,48
	addi	a5,a5,48
	bne	a1,a3,.L47
	addi	a2,s10,1712
	li	a1,0
.L52:
	lw	a5,0(a4)
	lw	a3,0(a2)
	slli	a6,a1,5
	sub	a1,a6,a1
	add	a5,a5,a3
	add	a1,a5,a1
	lw	a5,8(sp)
	addi	a4,a4,52
	addi	a2,a2,44
	bne	a5,a4,.L52
	call	fold
	lw	a5,16(sp)
	sw	a0,24(sp)
	mv	s11,a5
.L53:
	mul	s0,s0,s3
	addi	a5,a5,4
	add	s0,s0,s2
	srai	a4,s0,8
	sw	a4,-4(a5)
	bne	s4,a5,.L53
	lw	a0,16(sp)
	li	a1,256
	call	quicksort
	lw	a5,28(sp)
	lw	a4,-1852(a5)
	addi	a5,a5,-1848
	j	.L55
.L135:
	beq	s4,a5,.L134
.L55:
	mv	a3,a4
	lw	a4,0(a5)
	addi	a5,a5,4
	bge	a4,a3,.L135
	lw	a1,44(sp)
.L54:
	lw	a0,24(sp)
	call	fold
	mv	a5,s10
	li	a3,49
.L57:
	mul	s0,s0,s3
	addi	a5,a5,1
	add	s0,s0,s2
	remu	a4,s0,a3
	add	a4,s6,a4
	lbu	a4,0(a4)
	sb	a4,-1(a5)
	bne	a5,s7,.L57
	lui	a4,%hi(.LANCHOR0)
	lbu	a5,0(s10)
	sb	zero,511(s10)
	li	t3,0
	li	a6,0
	li	a2,0
	li	t1,0
	li	t4,0
	addi	s10,a4,%lo(.LANCHOR0)
	addi	a3,a4,%lo(.LANCHOR0)
	li	a7,9
	li	t6,25
	li	ra,120
	li	t0,5
	li	t2,32
.L58:
	beq	a5,zero,.L74
.L138:
	addi	a4,a5,-48
	andi	a1,a4,0xff
	bgtu	a1,a7,.L75
	lbu	a5,1(a3)
	addi	a3,a3,1
.L64:
	addi	a1,a5,-48
	andi	a1,a1,0xff
	bleu	a1,a7,.L136
	beq	a5,ra,.L137
	addi	a2,a2,1
	add	a6,a6,a4
.L62:
	beq	a5,zero,.L74
.L75:
	addi	a4,a5,-97
	andi	a4,a4,0xff
	bleu	a4,t6,.L59
	addi	a3,a3,1
	beq	a5,t2,.L76
	lbu	a5,0(a3)
	addi	t4,t4,1
	bne	a5,zero,.L138
.L74:
	xor	t1,t1,a6
	slli	a5,a2,8
	xor	a5,a5,t1
	slli	t3,t3,16
	xor	a5,a5,t3
	slli	a1,t4,24
	xor	a1,a5,a1
	call	fold
	li	a1,0
	li	a6,10
	li	a7,9
	li	t1,64
.L85:
	mul	s0,s0,s3
	andi	a2,a1,15
	add	a4,s0,s2
	mul	a5,a4,s3
	mv	t4,a4
	add	a5,a5,s2
	mul	a3,a5,s3
	srl	a5,a5,a2
	ori	a5,a5,1
	add	a3,a3,s2
	mul	s0,a3,s3
	add	s0,s0,s2
	srli	t3,s0,24
	addi	t3,t3,-128
	j	.L81
.L94:
	mv	a5,a2
.L81:
	remu	a2,t4,a5
	mv	t4,a5
	bne	a2,zero,.L94
	bne	a4,zero,.L83
	j	.L82
.L96:
	mv	a4,t5
.L83:
	remu	t4,a4,a6
	divu	t5,a4,a6
	add	a2,a2,t4
	bgtu	a4,a7,.L96
.L82:
	add	a5,a5,s1
	add	s1,a2,a5
	beq	t3,zero,.L84
	srai	a3,a3,1
	div	a5,a3,t3
	rem	a3,a3,t3
	add	a5,a5,a3
	xor	s1,s1,a5
.L84:
	addi	a1,a1,1
	bne	a1,t1,.L85
	mv	a1,s1
	sw	s0,512(s10)
	call	fold
	lw	a5,20(sp)
	lw	a4,12(sp)
	lw	a5,0(a5)
	addi	a4,a4,1
	sw	a4,12(sp)
	bgtu	a5,a4,.L40
	mv	s11,a0
.L41:
	lui	a0,%hi(.LC0)
	addi	a0,a0,%lo(.LC0)
	call	puts_uart
	lw	a5,20(sp)
	li	a3,0
	addi	a1,sp,52
	lw	a5,0(a5)
	li	a0,10
	li	a6,9
.L86:
	remu	a2,a5,a0
	addi	a3,a3,1
	add	a4,a1,a3
	mv	a7,a5
	addi	a2,a2,48
	sb	a2,-1(a4)
	divu	a5,a5,a0
	bgtu	a7,a6,.L86
	li	a3,268435456
.L88:
	lbu	a2,-1(a4)
.L87:
	lbu	a5,5(a3)
	andi	a5,a5,32
	beq	a5,zero,.L87
	sb	a2,0(a3)
	addi	a4,a4,-1
	bne	a1,a4,.L88
	lui	a0,%hi(.LC1)
	addi	a0,a0,%lo(.LC1)
	call	puts_uart
	lui	a0,%hi(.LC2)
	addi	a0,a0,%lo(.LC2)
	call	puts_uart
	lui	a2,%hi(.LC3)
	li	a3,28
	addi	a2,a2,%lo(.LC3)
	li	a4,268435456
	li	a1,-4
.L90:
	srl	a5,s11,a3
	andi	a5,a5,15
	add	a5,a2,a5
	lbu	a0,0(a5)
.L89:
	lbu	a5,5(a4)
	andi	a5,a5,32
	beq	a5,zero,.L89
	sb	a0,0(a4)
	addi	a3,a3,-4
	bne	a3,a1,.L90
	lui	a0,%hi(.LC4)
	addi	a0,a0,%lo(.LC4)
	call	puts_uart
	lw	ra,124(sp)
	lw	s0,120(sp)
	lw	s1,116(sp)
	lw	s2,112(sp)
	lw	s3,108(sp)
	lw	s4,104(sp)
	lw	s5,100(sp)
	lw	s6,96(sp)
	lw	s7,92(sp)
	lw	s8,88(sp)
	lw	s9,84(sp)
	lw	s10,80(sp)
	lw	s11,76(sp)
	li	a0,0
	addi	sp,sp,128
	jr	ra
.L137:
	beq	a4,zero,.L66
	addi	a2,a2,1
	add	a6,a6,a4
.L59:
	lbu	a5,1(a3)
	addi	a3,a3,1
	addi	a1,a5,-97
	addi	a4,a5,-48
	andi	a1,a1,0xff
	andi	a4,a4,0xff
	bleu	a1,t6,.L59
	bleu	a4,a7,.L59
	addi	t1,t1,1
	j	.L62
.L136:
	slli	a1,a4,2
	add	a4,a1,a4
	slli	a4,a4,1
	addi	a4,a4,-48
	addi	a3,a3,1
	add	a4,a5,a4
	lbu	a5,0(a3)
	j	.L64
.L76:
	lbu	a5,0(a3)
	j	.L58
.L66:
	lbu	a5,1(a3)
	addi	a1,a3,1
	addi	a4,a5,-48
	andi	t5,a4,0xff
	bgtu	t5,a7,.L139
	lbu	a5,2(a3)
	addi	a3,a3,2
.L73:
	addi	a1,a5,-48
	addi	t5,a5,-97
	andi	s11,a1,0xff
	andi	t5,t5,0xff
	bleu	s11,a7,.L70
	bleu	t5,t0,.L140
	addi	t3,t3,1
	add	a6,a6,a4
	j	.L62
.L139:
	addi	a4,a5,-97
	andi	a4,a4,0xff
	bleu	a4,t0,.L68
	addi	a2,a2,1
	mv	a3,a1
	j	.L62
.L70:
	slli	a4,a4,4
	mv	a5,a1
.L72:
	addi	a3,a3,1
	add	a4,a5,a4
	lbu	a5,0(a3)
	j	.L73
.L140:
	slli	a4,a4,4
	addi	a5,a5,-87
	j	.L72
.L68:
	addi	a3,a3,2
	addi	a4,a5,-87
	lbu	a5,0(a3)
	j	.L73
.L134:
	li	a1,0
.L56:
	lw	a5,0(s11)
	slli	a4,a1,5
	add	a1,a4,a1
	add	a1,a1,a5
	lui	a5,%hi(.LANCHOR2-764)
	addi	s11,s11,68
	addi	a5,a5,%lo(.LANCHOR2-764)
	bne	a5,s11,.L56
	j	.L54
	.size	main, .-main
	.globl	bench_iterations
	.section	.rodata
	.align	2
	.set	.LANCHOR3,. + 0
	.type	alphabet, @object
	.size	alphabet, 50
alphabet:
	.string	"abcdefghij klmnop qrstuvwxyz 0123456789 0x1f. -,;"
	.data
	.align	2
	.set	.LANCHOR1,. + 0
	.type	bench_iterations, @object
	.size	bench_iterations, 4
bench_iterations:
	.word	12000
	.bss
	.align	2
	.set	.LANCHOR0,. + 0
	.set	.LANCHOR2,. + 4096
	.type	text, @object
	.size	text, 512
text:
	.zero	512
	.type	random_state, @object
	.size	random_state, 4
random_state:
	.zero	4
	.type	matrix_a, @object
	.size	matrix_a, 576
matrix_a:
	.zero	576
	.type	matrix_b, @object
	.size	matrix_b, 576
matrix_b:
	.zero	576
	.type	matrix_c, @object
	.size	matrix_c, 576
matrix_c:
	.zero	576
	.type	numbers, @object
	.size	numbers, 1024
numbers:
	.zero	1024
	.type	buffer, @object
	.size	buffer, 1024
buffer:
	.zero	1024
