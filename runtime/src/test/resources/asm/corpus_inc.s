# Included by corpus.s
        .text
included_function:
        li      a0, 42
        ret
