: a
b
