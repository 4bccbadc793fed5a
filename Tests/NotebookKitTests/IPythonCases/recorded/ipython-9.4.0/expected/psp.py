x = 1
s = """
>>> kept?
"""
y
