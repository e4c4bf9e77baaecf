# micro_end.s - the end of a microbenchmark's image: included last, after its own code.

    .section .bss
    .balign 4
kernel_end:                             # the page allocator takes the pages after this
