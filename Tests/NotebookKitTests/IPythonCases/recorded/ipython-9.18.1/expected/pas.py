s = '''
inside
more
'''
outside
