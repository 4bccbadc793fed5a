a
b

 c
