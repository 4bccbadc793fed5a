a
b
>>> c
    d
