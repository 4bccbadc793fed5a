
p()
q
