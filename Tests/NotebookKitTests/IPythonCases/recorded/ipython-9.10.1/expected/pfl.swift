a
b
c
    d
