a
b


c
