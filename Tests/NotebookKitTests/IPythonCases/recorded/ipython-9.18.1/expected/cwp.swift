... a
b
